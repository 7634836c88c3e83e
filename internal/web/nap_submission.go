package web

import (
	"net/http"
	"strconv"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// A submission as the Committee received it (issue 18, item 5).

func (h *Handler) registerSubmissions(rt *httpx.Router) {
	rt.Handle("GET", "/naps/{id}/submissions/{n}", h.wrap(h.showSubmission))
	rt.Handle("GET", "/naps/{id}/submissions/{n}/print", h.wrap(h.printSubmission))
	rt.Handle("GET", "/naps/{id}/submissions/{n}/plan.xlsx", h.wrap(h.submissionXLSX))
}

type submissionPage struct {
	Base
	S        service.SubmissionView
	Plan     service.NAPView
	Actions  []model.NAPAction
	Rollup   service.PlanRollup
	Checks   []service.ElementCheck
	Sections []model.NAPSection
	Today    model.Date
	Print    bool
	Progress *chartView // none: a submission shows its figures as submitted
}

func submissionRef(r *http.Request) (int64, int, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return 0, 0, model.ErrNotFound
	}
	return id, n, nil
}

func (h *Handler) submissionPage(r *http.Request) (*submissionPage, error) {
	id, n, err := submissionRef(r)
	if err != nil {
		return nil, err
	}
	s, err := h.svc.NAPs.Submission(r.Context(), service.ViewerFrom(r.Context()), id, n)
	if err != nil {
		return nil, err
	}
	p := &submissionPage{S: s, Plan: s.Plan, Actions: s.Actions, Rollup: s.Rollup, Checks: s.Checks, Sections: model.NAPSections, Today: h.svc.NAPs.Today()}
	p.Title, p.Section = h.printer(r).T("plans.sub.title", s.Number, s.Plan.Title), "naps"
	p.S.Audience = h.audience(r, s.AudienceVis, s.Plan.State, s.AudienceShared)
	p.Plan.StateName = h.orgName(r, s.Plan.State)
	return p, nil
}

func (h *Handler) showSubmission(w http.ResponseWriter, r *http.Request) error {
	p, err := h.submissionPage(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "nap_submission", p)
}

func (h *Handler) printSubmission(w http.ResponseWriter, r *http.Request) error {
	p, err := h.submissionPage(r)
	if err != nil {
		return err
	}
	p.Print = true
	p.Title += " (printable)"
	return h.render(w, r, http.StatusOK, "nap_submission", p)
}

func (h *Handler) submissionXLSX(w http.ResponseWriter, r *http.Request) error {
	id, n, err := submissionRef(r)
	if err != nil {
		return err
	}
	b, name, err := h.svc.NAPs.SubmissionXLSX(r.Context(), service.ViewerFrom(r.Context()), id, n)
	if err != nil {
		return err
	}
	sendFile(w, xlsxType, name, b)
	return nil
}
