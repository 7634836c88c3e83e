package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/service"
)

type napForm struct {
	Title, Type, PeriodStart, PeriodEnd, Replaces string
	Version                                       int64
	Language                                      string // the language of its texts (issue 17)
}

type napFormPage struct {
	Base
	Plan       *service.NAPView // nil for a new plan
	StateName  string
	Input      napForm
	Types      []string
	Candidates []service.NAPView // plans it may replace
	Conflict   *model.ConflictError
	Current    *service.NAPView // on a conflict: the version now saved
}

func napFormOf(r *http.Request) napForm {
	v := formVersion(r)
	return napForm{Title: r.PostFormValue("title"), Type: r.PostFormValue("type"), PeriodStart: r.PostFormValue("period_start"),
		PeriodEnd: r.PostFormValue("period_end"), Replaces: r.PostFormValue("replaces"), Version: v, Language: *formLanguage(r)}
}

func (f napForm) input() model.NAPInput {
	return model.NAPInput{Title: &f.Title, Type: &f.Type, PeriodStart: &f.PeriodStart, PeriodEnd: &f.PeriodEnd, Replaces: &f.Replaces, Version: f.Version,
		Language: &f.Language}
}

func (h *Handler) napForm(w http.ResponseWriter, r *http.Request, status int, p *napFormPage, state string) error {
	v := service.ViewerFrom(r.Context())
	p.Types = model.NAPTypes
	p.StateName = h.orgName(r, state)
	plans, err := h.svc.NAPs.List(r.Context(), v, model.NAPFilter{States: []string{state}})
	if err != nil {
		return err
	}
	for _, n := range plans {
		if p.Plan == nil || n.ID != p.Plan.ID {
			p.Candidates = append(p.Candidates, n)
		}
	}
	if pr := h.printer(r); p.Plan == nil {
		p.Title = pr.T("forms2.nap.start.h", p.StateName)
	} else {
		p.Title = pr.T("forms2.nap.title.change", p.Plan.Title)
	}
	p.Section, p.Problems = "naps", languageField(p.Problems)
	return h.render(w, r, status, "nap_form", p)
}

func (h *Handler) newNAP(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if err := h.svc.NAPs.CheckStart(v, v.Org()); err != nil {
		return err
	}
	y := h.svc.Now().Year()
	return h.napForm(w, r, http.StatusOK, &napFormPage{Input: napForm{Type: model.NAPType1540, PeriodStart: strconv.Itoa(y), PeriodEnd: strconv.Itoa(y + 4),
		Language: newTextLanguage(r)}}, v.Org())
}

func (h *Handler) createNAP(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	in := napFormOf(r)
	n, err := h.svc.NAPs.Create(r.Context(), v, v.Org(), in.input())
	if probs, ok := model.AsProblems(err); ok {
		p := &napFormPage{Input: in}
		p.Problems = probs
		return h.napForm(w, r, http.StatusUnprocessableEntity, p, v.Org())
	}
	if err != nil {
		return err
	}
	redirect(w, r, napPath(n.ID)+"?done=nap-created", http.StatusSeeOther)
	return nil
}

func (h *Handler) editablePlan(r *http.Request) (service.NAPView, error) {
	id, err := h.napID(r)
	if err != nil {
		return service.NAPView{}, err
	}
	return h.svc.NAPs.GetForEdit(r.Context(), service.ViewerFrom(r.Context()), id)
}

func (h *Handler) editNAP(w http.ResponseWriter, r *http.Request) error {
	n, err := h.editablePlan(r)
	if err != nil {
		return err
	}
	rep := ""
	if n.Replaces != 0 {
		rep = strconv.FormatInt(n.Replaces, 10)
	}
	lang, err := h.recordLanguage(r, "nap", n.ID)
	if err != nil {
		return err
	}
	return h.napForm(w, r, http.StatusOK, &napFormPage{Plan: &n, Input: napForm{Title: n.Title, Type: n.Type,
		PeriodStart: strconv.Itoa(n.PeriodStart), PeriodEnd: strconv.Itoa(n.PeriodEnd), Replaces: rep, Version: n.Version, Language: lang}}, n.State)
}

func (h *Handler) updateNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	in := napFormOf(r)
	n, err := h.svc.NAPs.Update(r.Context(), v, id, service.Given(in.input()))
	var ce *model.ConflictError
	probs, isProbs := model.AsProblems(err)
	switch {
	case errors.As(err, &ce):
		cur := ce.Current.(service.NAPView)
		p := &napFormPage{Plan: &cur, Input: in, Conflict: ce, Current: &cur}
		p.Input.Version = cur.Version
		return h.napForm(w, r, http.StatusConflict, p, cur.State)
	case isProbs:
		cur, gerr := h.svc.NAPs.Get(r.Context(), v, id)
		if gerr != nil {
			return gerr
		}
		p := &napFormPage{Plan: &cur, Input: in}
		p.Problems = probs
		return h.napForm(w, r, http.StatusUnprocessableEntity, p, cur.State)
	case err != nil:
		return err
	}
	redirect(w, r, napPath(n.ID)+"?done=nap-saved", http.StatusSeeOther)
	return nil
}

type sectionFormPage struct {
	Base
	Plan     service.NAPView
	Sec      model.NAPSection
	Text     string
	Version  int64
	Conflict *model.ConflictError
	Saved    string // on a conflict: the text now saved
}

func (h *Handler) editSection(w http.ResponseWriter, r *http.Request) error {
	n, err := h.editablePlan(r)
	if err != nil {
		return err
	}
	sec := model.NAPSectionByCode(r.PathValue("code"))
	if sec == nil {
		return model.ErrNotFound
	}
	p := &sectionFormPage{Plan: n, Sec: *sec, Text: n.Sections[sec.Code], Version: n.Version}
	p.Title, p.Section = sec.Code+" "+h.printer(r).T("plans.el."+sec.Code)+" — "+n.Title, "naps"
	return h.render(w, r, http.StatusOK, "nap_section_form", p)
}

func (h *Handler) updateSection(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	sec := model.NAPSectionByCode(r.PathValue("code"))
	if sec == nil {
		return model.ErrNotFound
	}
	v := service.ViewerFrom(r.Context())
	version := formVersion(r)
	text := r.PostFormValue("text")
	_, err = h.svc.NAPs.Update(r.Context(), v, id, service.Given(model.NAPInput{Sections: map[string]string{sec.Code: text}, Version: version}))
	var ce *model.ConflictError
	probs, isProbs := model.AsProblems(err)
	switch {
	case errors.As(err, &ce):
		cur := ce.Current.(service.NAPView)
		p := &sectionFormPage{Plan: cur, Sec: *sec, Text: text, Version: cur.Version, Conflict: ce, Saved: cur.Sections[sec.Code]}
		p.Title, p.Section = sec.Code+" "+h.printer(r).T("plans.el."+sec.Code)+" — "+cur.Title, "naps"
		return h.render(w, r, http.StatusConflict, "nap_section_form", p)
	case isProbs:
		cur, gerr := h.svc.NAPs.Get(r.Context(), v, id)
		if gerr != nil {
			return gerr
		}
		p := &sectionFormPage{Plan: cur, Sec: *sec, Text: text, Version: version}
		p.Problems = model.Problems{}
		for k, m := range probs {
			if strings.HasPrefix(k, "sections") {
				k = "text"
			}
			p.Problems[k] = m
		}
		p.Title, p.Section = sec.Code+" "+h.printer(r).T("plans.el."+sec.Code)+" — "+cur.Title, "naps"
		return h.render(w, r, http.StatusUnprocessableEntity, "nap_section_form", p)
	case err != nil:
		return err
	}
	redirect(w, r, napPath(id)+"?done=nap-saved#"+sec.Code, http.StatusSeeOther)
	return nil
}

type napPage struct {
	Base
	Plan         service.NAPView
	Actions      []model.NAPAction
	Rollup       service.PlanRollup
	Checks       []service.ElementCheck
	Submissions  []model.NAPSubmission
	Prev         *service.NAPView
	Next         []service.NAPView
	Related      []service.NAPView // the State's plans of the other kind: related plans beside a NAP, or the NAPs beside a related plan
	Timeline     timeline
	Today        model.Date
	Sections     []model.NAPSection
	Shared       string
	AdoptDate    string
	AdoptBy      string
	Print        bool
	CanRevise    bool
	ActionLabels map[string]string
	Progress     *chartView            // the completed share month by month (charts.go)
	Audience     string                // who may read it, in the third person (service.Audience)
	Changed      *service.ChangedSince // how it differs from its last submission (nil: the same, or never submitted)
	// The dated steps with their provenance, and the step forms' date and
	// source as typed (Step names the form that failed: adopt, submit,
	// publish).
	Adopted, Published service.Dating
	Submitted          map[int]service.Dating
	Step               string
	StepIn             model.StepDate
	// The actions' table and the timeline: the same for every reader of the
	// plan (its actions are read under the plan), kept under the data version.
	ActionsHTML, TimelineHTML template.HTML
}

func (h *Handler) napPage(r *http.Request) (*napPage, error) {
	id, err := h.napID(r)
	if err != nil {
		return nil, err
	}
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	n, err := h.svc.NAPs.Get(ctx, v, id)
	if err != nil {
		return nil, err
	}
	d, err := h.svc.NAPs.Details(ctx, v, n)
	if err != nil {
		return nil, err
	}
	prev, next, err := h.svc.NAPs.Revisions(ctx, v, n.NAP)
	if err != nil {
		return nil, err
	}
	related, err := h.svc.NAPs.Related(ctx, v, n)
	if err != nil {
		return nil, err
	}
	today := h.svc.NAPs.Today()
	actions := d.Actions
	p := &napPage{Plan: n, Actions: actions, Rollup: d.Rollup, Checks: d.Completeness, Related: related,
		Submissions: d.Submissions, Prev: prev, Next: next, Today: today, Sections: model.NAPSections, Shared: strings.Join(n.SharedWith, ", "),
		AdoptDate: today.String(), AdoptBy: n.Authority, CanRevise: n.CanRevise, Adopted: d.Adopted, Published: d.Published, Submitted: d.Submitted}
	p.Audience = h.audience(r, n.Visibility, n.State, n.SharedWith)
	p.Plan.StateName = h.orgName(r, n.State)
	if p.Changed, err = h.svc.NAPs.ChangedSinceLast(r.Context(), service.ViewerFrom(r.Context()), n, d.Submissions); err != nil {
		return nil, err
	}
	if p.Progress, err = h.progressChart(r, id); err != nil {
		return nil, err
	}
	p.Title, p.Section = n.Title, "naps"
	if err := h.recordTexts(r, &p.Base, "nap", n.ID, textPtrs{"title": &p.Plan.Title}); err != nil {
		return nil, err
	}
	p.Plan.Sections = translatedSections(&p.Base, p.Plan.Sections)
	// The actions' titles in the reader's language where translated (the
	// table and the Gantt); the fragments' key carries which translations
	// (or the original) they show, beside the plan's version and language.
	var shown string
	if p.Actions, shown, err = h.translatedActions(r, &p.Base, actions); err != nil {
		return nil, err
	}
	p.Timeline = buildTimeline(n.NAP, p.Actions, today, h.printer(r))
	key := fmt.Sprintf("%d/%d/%s", n.ID, n.Version, shown)
	if p.ActionsHTML, err = h.fragment(r, "nap_show", "nap_actions", key, func() (any, error) { return p, nil }); err != nil {
		return nil, err
	}
	if p.TimelineHTML, err = h.fragment(r, "nap_show", "nap_timeline_section", key, func() (any, error) { return p, nil }); err != nil {
		return nil, err
	}
	return p, nil
}

func (h *Handler) showNAP(w http.ResponseWriter, r *http.Request) error {
	p, err := h.napPage(r)
	if err != nil {
		return err
	}
	p.FlashOn = FlashOn{Record: p.Plan.Title, Of: p.Plan.StateName}
	return h.render(w, r, http.StatusOK, "nap_show", p)
}

func (h *Handler) printNAP(w http.ResponseWriter, r *http.Request) error {
	p, err := h.napPage(r)
	if err != nil {
		return err
	}
	p.Print = true
	p.Title = h.printer(r).T("plans.print.title", p.Plan.Title)
	return h.render(w, r, http.StatusOK, "nap_print", p)
}

func (h *Handler) napStep(w http.ResponseWriter, r *http.Request, done string, step func(v model.Viewer, id int64) error) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	err = step(v, id)
	if probs, ok := model.AsProblems(err); ok {
		p, perr := h.napPage(r)
		if perr != nil {
			return perr
		}
		p.Problems = probs
		p.AdoptBy, p.AdoptDate = r.PostFormValue("authority"), r.PostFormValue("date")
		p.Step, p.StepIn = map[string]string{"nap-adopted": "adopt", "nap-submitted": "submit", "nap-published": "publish"}[done], stepDate(r)
		if r.PostForm.Has("shared_with") {
			p.Shared = r.PostFormValue("shared_with")
		}
		return h.render(w, r, http.StatusUnprocessableEntity, "nap_show", p)
	}
	if err != nil {
		return err
	}
	redirect(w, r, napPath(id)+"?done="+done, http.StatusSeeOther)
	return nil
}

// stepDate is the date and source a step's form carries: empty for a
// step taken today.
func stepDate(r *http.Request) model.StepDate {
	return model.StepDate{Date: r.PostFormValue("date"), Source: model.Source{Title: r.PostFormValue("source"), URL: r.PostFormValue("source_url")}}
}

func (h *Handler) adoptNAP(w http.ResponseWriter, r *http.Request) error {
	return h.napStep(w, r, "nap-adopted", func(v model.Viewer, id int64) error {
		_, err := h.svc.NAPs.Adopt(r.Context(), v, id, service.Given(model.NAPAdoption{Authority: r.PostFormValue("authority"), Date: r.PostFormValue("date"),
			Source: r.PostFormValue("source"), SourceURL: r.PostFormValue("source_url")}))
		return err
	})
}

// napAct is a confirmed workflow step on a plan: act, then the plan's page
// with the confirmation done names.
func (h *Handler) napAct(done string, act func(r *http.Request, v model.Viewer, id int64) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := h.napID(r)
		if err != nil {
			return err
		}
		if err := act(r, service.ViewerFrom(r.Context()), id); err != nil {
			return err
		}
		redirect(w, r, napPath(id)+"?done="+done, http.StatusSeeOther)
		return nil
	}
}

// deleteNAP deletes a draft never adopted, once confirmed.
func (h *Handler) deleteNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	if err := h.svc.NAPs.Delete(r.Context(), service.ViewerFrom(r.Context()), id); err != nil {
		return err
	}
	redirect(w, r, "/naps?done=nap-deleted", http.StatusSeeOther)
	return nil
}

func (h *Handler) shareNAP(w http.ResponseWriter, r *http.Request) error {
	return h.napStep(w, r, "nap-shared", func(v model.Viewer, id int64) error {
		_, err := h.svc.NAPs.Share(r.Context(), v, id, service.Given(model.SplitIDs(r.PostFormValue("shared_with"))))
		return err
	})
}

func (h *Handler) reviseNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	n, err := h.svc.NAPs.Revise(r.Context(), service.ViewerFrom(r.Context()), id, nil)
	if err != nil {
		return err
	}
	redirect(w, r, napPath(n.ID)+"?done=nap-revised", http.StatusSeeOther)
	return nil
}

type diffPage struct {
	Base
	Plan        service.NAPView
	Diff        model.NAPDiff
	From, To    string
	Submissions []model.NAPSubmission
	Added       int
	Removed     int
	Changed     int
}

func (h *Handler) diffNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	n, err := h.svc.NAPs.Get(ctx, v, id)
	if err != nil {
		return err
	}
	subs, err := h.svc.NAPs.Submissions(ctx, v, id)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := &diffPage{Plan: n, From: q.Get("from"), To: q.Get("to"), Submissions: subs}
	p.Title, p.Section = h.printer(r).T("plans.diff.title", n.Title), "naps"
	d, err := h.svc.NAPs.Diff(ctx, v, id, p.From, p.To)
	if probs, ok := model.AsProblems(err); ok {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "nap_diff", p)
	}
	if err != nil {
		return err
	}
	p.Diff = d
	p.Added, p.Removed, p.Changed = d.Count()
	return h.render(w, r, http.StatusOK, "nap_diff", p)
}
