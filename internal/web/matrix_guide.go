package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// The guided review of a matrix edition with the State (issue 18, item 4):
// an overview of the changed fields, one page per field with the value it
// replaces, its comments and a "seen" mark, previous and next, and the
// check-your-answers page before the State agrees (confirm.go).

func (h *Handler) registerMatrixGuide(rt *httpx.Router) {
	rt.Handle("GET", "/states/{code}/matrix/review", h.wrap(h.matrixGuide))
	rt.Handle("GET", "/states/{code}/matrix/review/{fieldID}", h.wrap(h.matrixGuideField))
	rt.Handle("POST", "/states/{code}/matrix/review/{fieldID}/seen", h.wrap(h.matrixGuideSeen))
}

// matrixAct is a confirmed review step (agree, approve): the matrix page
// with the confirmation afterwards.
func (h *Handler) matrixAct(done string, step func(context.Context, model.Viewer, string, service.Input[model.ReviewInput]) (model.MatrixEdition, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := signedIn(r)
		if err != nil {
			return err
		}
		ed, _ := strconv.Atoi(r.PostFormValue("version"))
		e, err := step(r.Context(), v, r.PathValue("code"), service.Given(model.ReviewInput{Edition: ed, Note: r.PostFormValue("note")}))
		if err != nil {
			return err
		}
		redirect(w, r, "/states/"+e.State+"/matrix?done="+done, http.StatusSeeOther)
		return nil
	}
}

type guidePage struct {
	Base
	G          service.GuidedReview
	F          *service.ReviewField
	Pos        int // 1-based position of F
	Prev, Next string
	CanAgree   bool
	Comment    string
	Status     string
}

func (h *Handler) guide(r *http.Request) (*guidePage, error) {
	g, err := h.svc.Matrix.Guide(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	p := &guidePage{G: g, CanAgree: g.CanAnswer, Status: service.EditionStatus(h.svc.Directory.Catalog(), g.Edition)}
	p.Section = "matrix"
	return p, nil
}

func (h *Handler) matrixGuide(w http.ResponseWriter, r *http.Request) error {
	p, err := h.guide(r)
	if err != nil {
		return err
	}
	p.Title = fmt.Sprintf("Review edition %d — matrix of %s", p.G.Edition.Number, p.G.State.Name)
	return h.render(w, r, http.StatusOK, "matrix_review", p)
}

func (h *Handler) guideField(r *http.Request) (*guidePage, error) {
	p, err := h.guide(r)
	if err != nil {
		return nil, err
	}
	i := p.G.Index(r.PathValue("fieldID"))
	if i < 0 {
		return nil, model.ErrNotFound
	}
	p.F, p.Pos = &p.G.Fields[i], i+1
	base := "/states/" + p.G.State.Code + "/matrix/review/"
	if i > 0 {
		p.Prev = base + p.G.Fields[i-1].Field.ID
	}
	if i+1 < len(p.G.Fields) {
		p.Next = base + p.G.Fields[i+1].Field.ID
	}
	p.Title = fmt.Sprintf("%s — review of edition %d, matrix of %s", p.F.Field.ID, p.G.Edition.Number, p.G.State.Name)
	return p, nil
}

func (h *Handler) matrixGuideField(w http.ResponseWriter, r *http.Request) error {
	p, err := h.guideField(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "matrix_review_field", p)
}

// matrixGuideSeen marks the field seen and goes on to the next changed
// field, or to the check-your-answers page after the last.
func (h *Handler) matrixGuideSeen(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	code, id := r.PathValue("code"), r.PathValue("fieldID")
	ed, _ := strconv.Atoi(r.PostFormValue("edition"))
	if err := h.svc.Matrix.MarkSeen(r.Context(), v, code, id, ed); err != nil {
		return err
	}
	p, err := h.guideField(r)
	if err != nil {
		return err
	}
	next := p.Next
	if next == "" {
		next = "/states/" + p.G.State.Code + "/matrix/review"
		if p.CanAgree {
			next = "/states/" + p.G.State.Code + "/matrix/agree"
		}
	}
	redirect(w, r, next, http.StatusSeeOther)
	return nil
}
