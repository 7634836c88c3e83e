package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"napx/internal/httpx"
	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

// The assistance pages (issue 11): /assistance (open needs by region and
// area), the requests with their whole procedure, the programme directory
// and "needs that fit my programmes".

func (h *Handler) registerAssistance(rt *httpx.Router) {
	rt.Handle("GET", "/assistance", h.wrap(h.assistanceHome))
	rt.Handle("GET", "/assistance/fits", h.wrap(h.assistanceFits))
	rt.Handle("GET", "/assistance/requests", h.wrap(h.listRequests))
	rt.Handle("POST", "/assistance/requests", h.wrap(h.createRequest))
	rt.Handle("GET", "/assistance/requests/new", h.wrap(h.newRequest))
	rt.Handle("GET", "/assistance/requests/{id}", h.wrap(h.showRequest))
	rt.Handle("POST", "/assistance/requests/{id}", h.wrap(h.updateRequest))
	rt.Handle("GET", "/assistance/requests/{id}/edit", h.wrap(h.editRequest))
	for _, step := range []string{"acknowledge", "object", "close"} { // submit, consent, withdraw: confirm_acts.go
		rt.Handle("POST", "/assistance/requests/{id}/"+step, h.wrap(h.requestStep(step)))
	}
	rt.Handle("POST", "/assistance/needs/{id}/offers", h.wrap(h.offerOnNeed))
	rt.Handle("POST", "/assistance/needs/{id}/match", h.wrap(h.matchNeed))
	rt.Handle("POST", "/assistance/needs/{id}/deliveries", h.wrap(h.addDelivery))
	rt.Handle("POST", "/assistance/needs/{id}/feedback", h.wrap(h.addFeedback))
	h.registerProgrammes(rt)
}

var assistanceCodes = refdata.MustLoadAssistance()

// assistanceFlash holds the confirmations of the assistance pages.
var assistanceFlash = map[string]string{
	"request-created":     "The draft request was saved.",
	"request-saved":       "The request was saved.",
	"request-submit":      "The request was submitted to the 1540 Committee.",
	"request-acknowledge": "The request was acknowledged: the consent window is open.",
	"request-object":      "Your objection was recorded: the request stays with the Committee and the secretariat.",
	"request-consent":     "The request was circulated to providers; its summary is public.",
	"request-withdraw":    "The request was withdrawn.",
	"request-close":       "The request was closed.",
	"offer-made":          "Your offer was recorded; the requester and the Committee are told.",
	"match-confirmed":     "The match was confirmed; both sides are told.",
	"delivery-added":      "The delivery was recorded.",
	"feedback-added":      "The feedback was recorded.",
	"programme-created":   "The programme was saved.",
	"programme-saved":     "The programme was saved.",
}

// assistanceFuncs are the template functions of the assistance pages.
var assistanceFuncs = template.FuncMap{
	"requestBadge": func(s model.RequestStatus) string {
		switch s {
		case model.RequestCirculated, model.RequestClosed:
			return "ok"
		case model.RequestSubmitted, model.RequestAcknowledged:
			return "info"
		case model.RequestWithheld, model.RequestWithdrawn:
			return "bad"
		}
		return "plain"
	},
	"outcomeBadge": func(o model.NeedOutcome) string {
		switch o {
		case model.OutcomeFulfilled:
			return "ok"
		case model.OutcomePartially:
			return "info"
		case model.OutcomeUnmet, model.OutcomeWithdrawn:
			return "bad"
		}
		return "plain"
	},
	// fid is the id of a need form's field: the bare field name on the
	// need whose form was refused (so the problems link to it), else
	// field-need.
	"fid": func(refused, need int64, field string) string {
		if refused == need {
			return field
		}
		return field + "-" + strconv.FormatInt(need, 10)
	},
	"threshold": func() int { return model.MatchThreshold },
	"has": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
}

func requestPath(id int64) string { return "/assistance/requests/" + strconv.FormatInt(id, 10) }

// --- /assistance ---

type assistanceHomePage struct {
	Base
	Table      service.NeedTable
	Group      string
	Groups     []*refdata.Group
	Areas      []refdata.AssistanceArea
	Modalities []refdata.Modality
	CanRequest bool
	CanProvide bool
	// The UN Headquarters holidays of this year and the next, with their
	// sources: what the consent window is counted in.
	Holidays []*refdata.HolidayYear
	Sources  []refdata.Source
}

func (h *Handler) assistanceHome(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	p := &assistanceHomePage{Group: strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("group"))), Groups: h.svc.Directory.Groups(),
		Areas: assistanceCodes.Areas, Modalities: assistanceCodes.Modalities}
	p.Title, p.Section = h.printer(r).T("assistance.title"), "assistance"
	t, err := h.svc.Assistance.OpenNeeds(ctx, v, p.Group)
	status := http.StatusOK
	if probs, ok := model.AsProblems(err); ok {
		p.Problems, status = probs, http.StatusUnprocessableEntity
		t, err = h.svc.Assistance.OpenNeeds(ctx, v, "")
	}
	if err != nil {
		return err
	}
	p.Table = h.needTableNames(r, t)
	cal := h.svc.Assistance.Calendar()
	year := cal.DayAt(h.svc.Now()).Year()
	for _, y := range []int{year, year + 1} {
		if hy := cal.Year(y); hy != nil {
			p.Holidays = append(p.Holidays, hy)
		}
	}
	p.Sources = cal.File.Sources
	if v.SignedIn() {
		p.CanRequest, p.CanProvide = h.svc.Assistance.CanRequest(v, v.Org()), h.svc.Assistance.CanProvide(v, v.Org())
	}
	return h.render(w, r, status, "assistance", p)
}

// --- the requests ---

type requestListPage struct {
	Base
	Requests   []service.RequestView
	State      string
	Status     string
	Area       string
	Group      string
	Query      string
	Statuses   []model.RequestStatus
	Areas      []refdata.AssistanceArea
	Groups     []*refdata.Group
	CanRequest bool
}

func (h *Handler) listRequests(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	q := r.URL.Query()
	p := &requestListPage{State: strings.ToUpper(strings.TrimSpace(q.Get("state"))), Status: q.Get("status"), Area: strings.ToUpper(strings.TrimSpace(q.Get("area"))),
		Group: strings.ToUpper(strings.TrimSpace(q.Get("group"))), Query: q.Get("q"), Statuses: model.RequestStatuses, Areas: assistanceCodes.Areas,
		Groups: h.svc.Directory.Groups()}
	p.Title, p.Section = h.printer(r).T("assistance.requests.title"), "assistance"
	f := model.RequestFilter{Status: model.RequestStatus(p.Status), Area: p.Area, Group: p.Group, Query: p.Query}
	if p.State != "" {
		f.States = []string{p.State}
	}
	rs, err := h.svc.Assistance.Requests(ctx, v, f)
	status := http.StatusOK
	if probs, ok := model.AsProblems(err); ok {
		p.Problems, status, err = probs, http.StatusUnprocessableEntity, nil
	}
	if err != nil {
		return err
	}
	p.Requests = h.requestNames(r, rs)
	p.CanRequest = v.SignedIn() && h.svc.Assistance.CanRequest(v, v.Org())
	return h.render(w, r, status, "assistance_requests", p)
}

type requestPage struct {
	Base
	Readers string // who reads it, in the third person (audience)
	service.RequestPage
	// The forms' values after a refusal.
	AckDate string
	Form    refusedForm // the need form that was refused, by need
}

// refusedForm holds the values of a refused need form, to show them again.
type refusedForm struct {
	Need   int64
	Values map[string]string
}

// Value is a refused form's value of field for need id.
func (u refusedForm) Value(id int64, field string) string {
	if u.Need != id {
		return ""
	}
	return u.Values[field]
}

func (h *Handler) requestID(r *http.Request) (int64, error) { return httpx.PathID(r, "id") }

func (h *Handler) showRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := h.requestID(r)
	if err != nil {
		return err
	}
	return h.renderRequest(w, r, http.StatusOK, id, &requestPage{})
}

func (h *Handler) renderRequest(w http.ResponseWriter, r *http.Request, status int, id int64, p *requestPage) error {
	page, err := h.svc.Assistance.Page(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	p.RequestPage = page
	p.Request.OwnerName = h.orgName(r, p.Request.Owner)
	p.Title, p.Section = page.Request.Title, "assistance"
	if err := h.recordTexts(r, &p.Base, "assistance", id, textPtrs{"title": &p.Request.Title, "summary": &p.Request.Summary}); err != nil {
		return err
	}
	p.FlashOn = FlashOn{Record: p.Request.Title, Of: h.orgName(r, p.Request.Owner)}
	p.Readers = h.audience(r, p.Request.Visibility, p.Request.Owner, nil)
	return h.render(w, r, status, "assistance_request", p)
}

// requestStep runs a step of the procedure from the request's page.
func (h *Handler) requestStep(step string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := h.requestID(r)
		if err != nil {
			return err
		}
		ctx, v, a := r.Context(), service.ViewerFrom(r.Context()), h.svc.Assistance
		switch step {
		case "submit":
			_, err = a.Submit(ctx, v, id, nil)
		case "acknowledge":
			_, err = a.Acknowledge(ctx, v, id, service.Given(model.Acknowledgement{Date: r.PostFormValue("date")}))
		case "object":
			_, err = a.Object(ctx, v, id, nil)
		case "consent":
			_, err = a.Consent(ctx, v, id, nil)
		case "withdraw":
			_, err = a.Withdraw(ctx, v, id, nil)
		case "close":
			_, err = a.Close(ctx, v, id, nil)
		}
		if probs, ok := model.AsProblems(err); ok {
			p := &requestPage{AckDate: r.PostFormValue("date")}
			p.Problems = probs
			return h.renderRequest(w, r, http.StatusUnprocessableEntity, id, p)
		}
		if err != nil {
			return err
		}
		redirect(w, r, requestPath(id)+"?done=request-"+step, http.StatusSeeOther)
		return nil
	}
}

// needForm handles a form about one need: the service call, then back to
// the request's page (its need), or the page again with the problems.
func (h *Handler) needForm(w http.ResponseWriter, r *http.Request, done string, call func(id int64) error) error {
	id, err := h.requestID(r)
	if err != nil {
		return err
	}
	err = call(id)
	rid, rerr := h.svc.Assistance.NeedRequest(r.Context(), service.ViewerFrom(r.Context()), id)
	if rerr != nil {
		return rerr
	}
	if probs, ok := model.AsProblems(err); ok {
		p := &requestPage{Form: refusedForm{Need: id, Values: map[string]string{}}}
		for k, vs := range r.PostForm {
			if len(vs) > 0 {
				p.Form.Values[k] = vs[0]
			}
		}
		p.Problems = probs
		return h.renderRequest(w, r, http.StatusUnprocessableEntity, rid, p)
	}
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("%s?done=%s#need-%d", requestPath(rid), done, id), http.StatusSeeOther)
	return nil
}

func formID(r *http.Request, field string) int64 {
	s := strings.TrimSpace(r.PostFormValue(field))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return -1
	}
	return n
}

func (h *Handler) offerOnNeed(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	return h.needForm(w, r, "offer-made", func(id int64) error {
		_, err := h.svc.Assistance.Offer(ctx, v, id, service.Given(model.OfferInput{Programme: formID(r, "programme"), Note: r.PostFormValue("note")}))
		return err
	})
}

func (h *Handler) matchNeed(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	return h.needForm(w, r, "match-confirmed", func(id int64) error {
		_, err := h.svc.Assistance.Match(ctx, v, id, service.Given(model.MatchInput{Programme: formID(r, "programme")}))
		var ce *model.ConflictError
		if errors.As(err, &ce) {
			return model.Problems{"programme": fmt.Sprintf("%s: nothing was changed", conflictText(h.printer(r), ce))}
		}
		return err
	})
}

func (h *Handler) addDelivery(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	return h.needForm(w, r, "delivery-added", func(id int64) error {
		ev := formID(r, "event")
		_, err := h.svc.Assistance.AddDelivery(ctx, v, id, service.Given(model.DeliveryInput{Start: r.PostFormValue("start"), End: r.PostFormValue("end"),
			What: r.PostFormValue("what"), Event: ev}))
		return err
	})
}

func (h *Handler) addFeedback(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	return h.needForm(w, r, "feedback-added", func(id int64) error {
		_, err := h.svc.Assistance.AddFeedback(ctx, v, id, service.Given(model.FeedbackInput{Side: r.PostFormValue("side"),
			Activities: r.PostFormValue("activities"), Achievements: r.PostFormValue("achievements"), Opportunities: r.PostFormValue("opportunities"),
			Outcome: r.PostFormValue("outcome"), OutcomeNote: r.PostFormValue("outcome_note")}))
		return err
	})
}

// --- needs that fit my programmes ---

type fitsPage struct {
	Base
	Fits       []service.FitRow
	Programmes []service.ProgrammeView
	CanProvide bool
}

func (h *Handler) assistanceFits(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	p := &fitsPage{}
	p.Title, p.Section = h.printer(r).T("assistance.fits"), "assistance"
	if p.Fits, err = h.svc.Assistance.FitsMine(r.Context(), v); err != nil {
		return err
	}
	if p.Programmes, err = h.svc.Assistance.Programmes(r.Context(), v, model.ProgrammeFilter{Provider: v.Org(), Status: model.ProgrammeOpen}); err != nil {
		return err
	}
	if lang := i18n.FromContext(r.Context()); lang != i18n.English { // the requesters in the reader's language
		fits := make([]service.FitRow, len(p.Fits))
		for i, f := range p.Fits {
			f.Request.OwnerName = h.svc.Directory.Catalog().OrgNameIn(f.Request.Owner, lang)
			fits[i] = f
		}
		p.Fits = fits
	}
	p.Programmes = h.programmeNames(r, p.Programmes)
	p.CanProvide = h.svc.Assistance.CanProvide(v, v.Org())
	return h.render(w, r, http.StatusOK, "assistance_fits", p)
}
