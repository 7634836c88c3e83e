package web

import (
	"errors"
	"io"
	"net/http"

	"napx/internal/model"
	"napx/internal/service"
)

func (h *Handler) exportNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	b, name, err := h.svc.NAPs.ExportXLSX(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	sendFile(w, xlsxType, name, b)
	return nil
}

func (h *Handler) exportActionsCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	b, name, err := h.svc.NAPs.ActionsCSV(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	sendFile(w, csvType, name, b)
	return nil
}

type importPage struct {
	Base
	Plan          service.NAPView
	Preview       *service.ImportPreview
	Refused       string
	RemoveMissing bool
	Added         int
	Removed       int
	Changed       int
	Conflict      *model.ConflictError
}

func (h *Handler) showImport(w http.ResponseWriter, r *http.Request) error {
	n, err := h.editablePlan(r)
	if err != nil {
		return err
	}
	p := &importPage{Plan: n}
	p.Title, p.Section = h.printer(r).T("plans.imp.title", n.Title), "naps"
	return h.render(w, r, http.StatusOK, "nap_import", p)
}

func (h *Handler) previewImport(w http.ResponseWriter, r *http.Request) error {
	n, err := h.editablePlan(r)
	if err != nil {
		return err
	}
	p := &importPage{Plan: n, RemoveMissing: r.PostFormValue("remove_missing") == "yes"}
	p.Title, p.Section = h.printer(r).T("plans.imp.title", n.Title), "naps"
	file, _, err := r.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		p.Problems = model.Problems{"file": "choose an XLSX file exported from a plan"}
		return h.render(w, r, http.StatusUnprocessableEntity, "nap_import", p)
	}
	defer func() { _ = file.Close() }()
	data, err := io.ReadAll(io.LimitReader(file, service.ImportMaxBytes+1))
	if err != nil {
		return err
	}
	wb, err := service.ParseWorkbook(data)
	var bad *service.ErrBadWorkbook
	if errors.As(err, &bad) {
		p.Problems = model.Problems{"file": bad.Reason}
		return h.render(w, r, http.StatusUnprocessableEntity, "nap_import", p)
	}
	if err != nil {
		return err
	}
	pv, err := h.svc.NAPs.PreviewImport(r.Context(), service.ViewerFrom(r.Context()), n.ID, wb, p.RemoveMissing)
	if probs, ok := model.AsProblems(err); ok {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "nap_import", p)
	}
	if err != nil {
		return err
	}
	p.Preview = &pv
	p.Added, p.Removed, p.Changed = pv.Diff.Count()
	return h.render(w, r, http.StatusOK, "nap_import", p)
}

func (h *Handler) applyImport(w http.ResponseWriter, r *http.Request) error {
	n, err := h.editablePlan(r)
	if err != nil {
		return err
	}
	_, err = h.svc.NAPs.ApplyImport(r.Context(), service.ViewerFrom(r.Context()), n.ID, r.PostFormValue("preview"))
	var ce *model.ConflictError
	probs, isProbs := model.AsProblems(err)
	switch {
	case errors.As(err, &ce):
		p := &importPage{Plan: n, Conflict: ce}
		p.Title, p.Section = h.printer(r).T("plans.imp.title", n.Title), "naps"
		return h.render(w, r, http.StatusConflict, "nap_import", p)
	case isProbs:
		p := &importPage{Plan: n}
		p.Problems = probs
		p.Title, p.Section = h.printer(r).T("plans.imp.title", n.Title), "naps"
		return h.render(w, r, http.StatusUnprocessableEntity, "nap_import", p)
	case err != nil:
		return err
	}
	redirect(w, r, napPath(n.ID)+"?done=nap-imported", http.StatusSeeOther)
	return nil
}
