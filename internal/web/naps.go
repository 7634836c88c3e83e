package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/service"
)

func (h *Handler) registerNAPs(rt *httpx.Router) {
	rt.Handle("GET", "/naps", h.wrap(h.listNAPs))
	rt.Handle("GET", "/naps/new", h.wrap(h.newNAP))
	rt.Handle("POST", "/naps", h.wrap(h.createNAP))
	rt.Handle("GET", "/naps/key-elements", h.wrap(h.keyElements))
	rt.Handle("GET", "/naps/{id}", h.wrap(h.showNAP))
	rt.Handle("GET", "/naps/{id}/edit", h.wrap(h.editNAP))
	rt.Handle("POST", "/naps/{id}", h.wrap(h.updateNAP))
	rt.Handle("GET", "/naps/{id}/sections/{code}/edit", h.wrap(h.editSection))
	rt.Handle("POST", "/naps/{id}/sections/{code}", h.wrap(h.updateSection))
	rt.Handle("POST", "/naps/{id}/adopt", h.wrap(h.adoptNAP))
	rt.Handle("POST", "/naps/{id}/submit", h.wrap(h.submitNAP))
	rt.Handle("POST", "/naps/{id}/publish", h.wrap(h.publishNAP))
	rt.Handle("POST", "/naps/{id}/withdraw", h.wrap(h.withdrawNAP))
	rt.Handle("POST", "/naps/{id}/share", h.wrap(h.shareNAP))
	rt.Handle("POST", "/naps/{id}/revise", h.wrap(h.reviseNAP))
	rt.Handle("GET", "/naps/{id}/actions/new", h.wrap(h.newAction))
	rt.Handle("POST", "/naps/{id}/actions", h.wrap(h.createAction))
	rt.Handle("GET", "/naps/{id}/actions/{actionID}", h.wrap(h.showAction))
	rt.Handle("GET", "/naps/{id}/actions/{actionID}/edit", h.wrap(h.editAction))
	rt.Handle("POST", "/naps/{id}/actions/{actionID}", h.wrap(h.updateAction))
	rt.Handle("POST", "/naps/{id}/actions/{actionID}/delete", h.wrap(h.deleteAction))
	rt.Handle("GET", "/naps/{id}/diff", h.wrap(h.diffNAP))
	rt.Handle("GET", "/naps/{id}/print", h.wrap(h.printNAP))
	rt.Handle("GET", "/naps/{id}/plan.xlsx", h.wrap(h.exportNAP))
	rt.Handle("GET", "/naps/{id}/actions.csv", h.wrap(h.exportActionsCSV))
	rt.Handle("GET", "/naps/{id}/import", h.wrap(h.showImport))
	rt.Handle("POST", "/naps/{id}/import", h.wrap(h.previewImport), httpx.BodyLimit(service.ImportMaxBytes+64<<10))
	rt.Handle("POST", "/naps/{id}/import/apply", h.wrap(h.applyImport))
	rt.Handle("GET", "/state-of-play", h.wrap(h.stateOfPlay))
	rt.Handle("GET", "/state-of-play.csv", h.wrap(h.stateOfPlayCSV))
	rt.Handle("GET", "/state-of-play.xlsx", h.wrap(h.stateOfPlayXLSX))
}

func init() {
	flashMessages["nap-created"] = "The draft plan was started."
	flashMessages["nap-saved"] = "The plan was saved."
	flashMessages["nap-adopted"] = "The adoption was recorded."
	flashMessages["nap-submitted"] = "The plan was submitted to the 1540 Committee; a numbered submission was frozen."
	flashMessages["nap-published"] = "The plan was published."
	flashMessages["nap-withdrawn"] = "The plan was withdrawn."
	flashMessages["nap-shared"] = "The sharing of the plan was saved."
	flashMessages["nap-revised"] = "A draft revision was started; the open actions were carried over."
	flashMessages["nap-imported"] = "The workbook was imported."
	flashMessages["action-saved"] = "The action was saved."
	flashMessages["action-removed"] = "The action was removed."
	funcs["napBadge"] = func(s model.NAPStatus) string {
		switch s {
		case model.NAPPublished:
			return "ok"
		case model.NAPSubmitted, model.NAPAdopted:
			return "info"
		case model.NAPWithdrawn:
			return "bad"
		}
		return "plain"
	}
	funcs["actionBadge"] = func(s model.ActionStatus) string {
		switch s {
		case model.ActionCompleted:
			return "ok"
		case model.ActionInProgress:
			return "info"
		case model.ActionDelayed:
			return "warn"
		}
		return "plain"
	}
	funcs["levelBadge"] = func(l string) string {
		switch l {
		case service.ElementPresent:
			return "ok"
		case service.ElementThin:
			return "warn"
		}
		return "bad"
	}
	funcs["diffBadge"] = func(k string) string {
		switch k {
		case model.Added:
			return "ok"
		case model.Removed:
			return "bad"
		}
		return "info"
	}
	funcs["diffLine"] = func(op string) string {
		switch op {
		case "+":
			return "ins"
		case "-":
			return "del"
		}
		return "same"
	}
	funcs["diffLineWord"] = func(op string) string {
		switch op {
		case "+":
			return "added"
		case "-":
			return "removed"
		}
		return "kept"
	}
	funcs["typeLabel"] = model.NAPTypeLabel
	funcs["paragraphs"] = func(s string) []string {
		var out []string
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	funcs["thin"] = func() int { return service.ThinText }
}

func napPath(id int64) string { return "/naps/" + strconv.FormatInt(id, 10) }

func (h *Handler) napID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.ErrNotFound
	}
	return id, nil
}

func actionID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("actionID"), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.ErrNotFound
	}
	return id, nil
}

// --- list ---

type napListPage struct {
	Base
	Plans     []service.NAPView
	State     string
	Status    string
	States    []*refdata.State
	Statuses  []model.NAPStatus
	CanCreate bool
}

func (h *Handler) listNAPs(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	q := r.URL.Query()
	p := &napListPage{State: strings.ToUpper(strings.TrimSpace(q.Get("state"))), Status: q.Get("status"), Statuses: model.NAPStatuses}
	p.Title, p.Section = "National Implementation Action Plans", "naps"
	cat := h.svc.Directory.Catalog()
	for _, code := range cat.Members("SEE") {
		if s := cat.State(code); s != nil {
			p.States = append(p.States, s)
		}
	}
	f := model.NAPFilter{}
	probs := model.Problems{}
	if p.State != "" {
		if cat.State(p.State) == nil {
			probs.Add("state", "choose a State")
		} else {
			f.States = []string{p.State}
			if !containsState(p.States, p.State) {
				p.States = append(p.States, cat.State(p.State))
			}
		}
	}
	if p.Status != "" {
		if !model.NAPStatus(p.Status).Valid() {
			probs.Add("status", "choose a status")
		}
		f.Status = model.NAPStatus(p.Status)
	}
	if o, ok := cat.Org(v.Org()); ok && o.Kind == model.OrgState {
		p.CanCreate = policy.CanCreate(v, v.Org())
	}
	if len(probs) > 0 {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "nap_list", p)
	}
	plans, err := h.svc.NAPs.List(r.Context(), v, f)
	if err != nil {
		return err
	}
	p.Plans = plans
	return h.render(w, r, http.StatusOK, "nap_list", p)
}

func containsState(ss []*refdata.State, code string) bool {
	for _, s := range ss {
		if s.Code == code {
			return true
		}
	}
	return false
}

// --- create and edit a plan ---

type napForm struct {
	Title, Type, PeriodStart, PeriodEnd, Replaces string
	Version                                       int64
}

type napFormPage struct {
	Base
	Plan       *service.NAPView // nil for a new plan
	StateName  string
	Input      napForm
	Types      []string
	Candidates []service.NAPView // plans it may replace
	Conflict   string
	Current    *service.NAPView // on a conflict: the version now saved
}

func napFormOf(r *http.Request) napForm {
	v, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	return napForm{Title: r.PostFormValue("title"), Type: r.PostFormValue("type"), PeriodStart: r.PostFormValue("period_start"),
		PeriodEnd: r.PostFormValue("period_end"), Replaces: r.PostFormValue("replaces"), Version: v}
}

func (f napForm) input() model.NAPInput {
	return model.NAPInput{Title: &f.Title, Type: &f.Type, PeriodStart: &f.PeriodStart, PeriodEnd: &f.PeriodEnd, Replaces: &f.Replaces, Version: f.Version}
}

func (h *Handler) napForm(w http.ResponseWriter, r *http.Request, status int, p *napFormPage, state string) error {
	v := service.ViewerFrom(r.Context())
	p.Types = model.NAPTypes
	p.StateName = h.svc.Directory.Catalog().OrgName(state)
	plans, err := h.svc.NAPs.List(r.Context(), v, model.NAPFilter{States: []string{state}})
	if err != nil {
		return err
	}
	for _, n := range plans {
		if p.Plan == nil || n.ID != p.Plan.ID {
			p.Candidates = append(p.Candidates, n)
		}
	}
	if p.Plan == nil {
		p.Title = "Start a plan for " + p.StateName
	} else {
		p.Title = "Change the plan " + p.Plan.Title
	}
	p.Section = "naps"
	return h.render(w, r, status, "nap_form", p)
}

func (h *Handler) newNAP(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if o, ok := h.svc.Directory.Catalog().Org(v.Org()); !ok || o.Kind != model.OrgState {
		return model.ErrForbidden
	}
	if err := policy.Create(v, v.Org()); err != nil {
		return err
	}
	y := time.Now().Year()
	return h.napForm(w, r, http.StatusOK, &napFormPage{Input: napForm{Type: model.NAPType1540, PeriodStart: strconv.Itoa(y), PeriodEnd: strconv.Itoa(y + 4)}}, v.Org())
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
	v := service.ViewerFrom(r.Context())
	n, err := h.svc.NAPs.Get(r.Context(), v, id)
	if err != nil {
		return n, err
	}
	if err := policy.Write(v, policy.NAPRecord(n.NAP)); err != nil {
		return n, err
	}
	return n, nil
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
	return h.napForm(w, r, http.StatusOK, &napFormPage{Plan: &n, Input: napForm{Title: n.Title, Type: n.Type,
		PeriodStart: strconv.Itoa(n.PeriodStart), PeriodEnd: strconv.Itoa(n.PeriodEnd), Replaces: rep, Version: n.Version}}, n.State)
}

func (h *Handler) updateNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	in := napFormOf(r)
	n, err := h.svc.NAPs.Update(r.Context(), v, id, in.input())
	var ce *model.ConflictError
	probs, isProbs := model.AsProblems(err)
	switch {
	case errors.As(err, &ce):
		cur := ce.Current.(service.NAPView)
		p := &napFormPage{Plan: &cur, Input: in, Conflict: ce.Message, Current: &cur}
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

// --- sections ---

type sectionFormPage struct {
	Base
	Plan     service.NAPView
	Sec      model.NAPSection
	Text     string
	Version  int64
	Conflict string
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
	p.Title, p.Section = sec.Code+" "+sec.Title+" — "+n.Title, "naps"
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
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	text := r.PostFormValue("text")
	_, err = h.svc.NAPs.Update(r.Context(), v, id, model.NAPInput{Sections: map[string]string{sec.Code: text}, Version: version})
	var ce *model.ConflictError
	probs, isProbs := model.AsProblems(err)
	switch {
	case errors.As(err, &ce):
		cur := ce.Current.(service.NAPView)
		p := &sectionFormPage{Plan: cur, Sec: *sec, Text: text, Version: cur.Version, Conflict: ce.Message, Saved: cur.Sections[sec.Code]}
		p.Title, p.Section = sec.Code+" "+sec.Title+" — "+cur.Title, "naps"
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
		p.Title, p.Section = sec.Code+" "+sec.Title+" — "+cur.Title, "naps"
		return h.render(w, r, http.StatusUnprocessableEntity, "nap_section_form", p)
	case err != nil:
		return err
	}
	redirect(w, r, napPath(id)+"?done=nap-saved#"+sec.Code, http.StatusSeeOther)
	return nil
}

// --- the plan page ---

type napPage struct {
	Base
	Plan         service.NAPView
	Actions      []model.NAPAction
	Rollup       service.PlanRollup
	Checks       []service.ElementCheck
	Submissions  []model.NAPSubmission
	Prev         *service.NAPView
	Next         []service.NAPView
	Timeline     timeline
	Today        model.Date
	Sections     []model.NAPSection
	Shared       string
	AdoptDate    string
	AdoptBy      string
	Print        bool
	CanRevise    bool
	ActionLabels map[string]string
	Progress     *chartView // the completed share month by month (charts.go)
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
	actions, err := h.svc.NAPs.Actions(ctx, v, id)
	if err != nil {
		return nil, err
	}
	subs, err := h.svc.NAPs.Submissions(ctx, v, id)
	if err != nil {
		return nil, err
	}
	prev, next, err := h.svc.NAPs.Revisions(ctx, v, n.NAP)
	if err != nil {
		return nil, err
	}
	today := h.svc.NAPs.Today()
	p := &napPage{Plan: n, Actions: actions, Rollup: h.svc.NAPs.RollupOf(n.NAP, actions), Checks: h.svc.NAPs.Completeness(n.NAP, actions, len(subs)),
		Submissions: subs, Prev: prev, Next: next, Today: today, Sections: model.NAPSections, Shared: strings.Join(n.SharedWith, ", "),
		AdoptDate: today.String(), AdoptBy: n.Authority, CanRevise: policy.CanCreate(v, n.State) && n.Status != model.NAPDraft}
	p.Timeline = buildTimeline(n.NAP, actions, today)
	if p.Progress, err = h.progressChart(r, id); err != nil {
		return nil, err
	}
	p.Title, p.Section = n.Title, "naps"
	return p, nil
}

func (h *Handler) showNAP(w http.ResponseWriter, r *http.Request) error {
	p, err := h.napPage(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "nap_show", p)
}

func (h *Handler) printNAP(w http.ResponseWriter, r *http.Request) error {
	p, err := h.napPage(r)
	if err != nil {
		return err
	}
	p.Print = true
	p.Title = p.Plan.Title + " (printable)"
	return h.render(w, r, http.StatusOK, "nap_print", p)
}

// --- workflow steps ---

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

func (h *Handler) adoptNAP(w http.ResponseWriter, r *http.Request) error {
	return h.napStep(w, r, "nap-adopted", func(v model.Viewer, id int64) error {
		_, err := h.svc.NAPs.Adopt(r.Context(), v, id, r.PostFormValue("authority"), r.PostFormValue("date"))
		return err
	})
}

func (h *Handler) submitNAP(w http.ResponseWriter, r *http.Request) error {
	return h.napStep(w, r, "nap-submitted", func(v model.Viewer, id int64) error {
		_, _, err := h.svc.NAPs.Submit(r.Context(), v, id)
		return err
	})
}

func (h *Handler) publishNAP(w http.ResponseWriter, r *http.Request) error {
	return h.napStep(w, r, "nap-published", func(v model.Viewer, id int64) error {
		_, err := h.svc.NAPs.Publish(r.Context(), v, id)
		return err
	})
}

func (h *Handler) withdrawNAP(w http.ResponseWriter, r *http.Request) error {
	return h.napStep(w, r, "nap-withdrawn", func(v model.Viewer, id int64) error {
		_, err := h.svc.NAPs.Withdraw(r.Context(), v, id)
		return err
	})
}

func (h *Handler) shareNAP(w http.ResponseWriter, r *http.Request) error {
	return h.napStep(w, r, "nap-shared", func(v model.Viewer, id int64) error {
		_, err := h.svc.NAPs.Share(r.Context(), v, id, model.SplitIDs(r.PostFormValue("shared_with")))
		return err
	})
}

func (h *Handler) reviseNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	n, err := h.svc.NAPs.Revise(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	redirect(w, r, napPath(n.ID)+"?done=nap-revised", http.StatusSeeOther)
	return nil
}

// --- actions ---

type actionForm struct {
	Title, Description, Section, Priority, Status, Progress, Start, Due string
	Elements, Lead, Supporting                                          string
	IndicatorBaseline, IndicatorTarget, IndicatorActual                 string
	AssistanceNeeded                                                    bool
	AssistanceWhat, Comment                                             string
	Version                                                             int64
}

func actionFormOf(r *http.Request) actionForm {
	v, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	return actionForm{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Section: r.PostFormValue("section"),
		Priority: r.PostFormValue("priority"), Status: r.PostFormValue("status"), Progress: r.PostFormValue("progress"),
		Start: r.PostFormValue("start"), Due: r.PostFormValue("due"), Elements: r.PostFormValue("elements"), Lead: r.PostFormValue("lead"),
		Supporting: r.PostFormValue("supporting"), IndicatorBaseline: r.PostFormValue("indicator_baseline"),
		IndicatorTarget: r.PostFormValue("indicator_target"), IndicatorActual: r.PostFormValue("indicator_actual"),
		AssistanceNeeded: r.PostFormValue("assistance_needed") == "yes", AssistanceWhat: r.PostFormValue("assistance_what"),
		Comment: r.PostFormValue("comment"), Version: v}
}

func actionFormFrom(a model.NAPAction) actionForm {
	return actionForm{Title: a.Title, Description: a.Description, Section: a.Section, Priority: a.Priority, Status: string(a.Status),
		Progress: strconv.Itoa(a.Progress), Start: a.Start.String(), Due: a.Due.String(), Elements: strings.Join(a.Elements, " "),
		Lead: a.Lead, Supporting: strings.Join(a.Supporting, "\n"), IndicatorBaseline: a.IndicatorBaseline, IndicatorTarget: a.IndicatorTarget,
		IndicatorActual: a.IndicatorActual, AssistanceNeeded: a.AssistanceNeeded, AssistanceWhat: a.AssistanceWhat, Version: a.Version}
}

func (f actionForm) input() model.NAPActionInput {
	elements, supporting := model.SplitIDs(f.Elements), model.SplitList(f.Supporting)
	need := f.AssistanceNeeded
	return model.NAPActionInput{Title: &f.Title, Description: &f.Description, Section: &f.Section, Priority: &f.Priority, Status: &f.Status,
		Progress: &f.Progress, Start: &f.Start, Due: &f.Due, Elements: &elements, Lead: &f.Lead, Supporting: &supporting,
		IndicatorBaseline: &f.IndicatorBaseline, IndicatorTarget: &f.IndicatorTarget, IndicatorActual: &f.IndicatorActual,
		AssistanceNeeded: &need, AssistanceWhat: &f.AssistanceWhat, Comment: f.Comment, Version: f.Version}
}

type actionFormPage struct {
	Base
	Plan       service.NAPView
	Action     *model.NAPAction // nil for a new action
	Input      actionForm
	Sections   []model.NAPSection
	Statuses   []model.ActionStatus
	Priorities []string
	Conflict   string
	Current    *actionForm // on a conflict: the version now saved
	Compare    []compareRow
}

// compareRow is one field of a conflict: what the person sent and what is
// saved now, side by side.
type compareRow struct {
	Field, Mine, Saved string
	Differs            bool
}

func compareActions(mine, saved actionForm) []compareRow {
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	rows := []compareRow{
		{"Title", mine.Title, saved.Title, false}, {"Status", mine.Status, saved.Status, false}, {"Progress (%)", mine.Progress, saved.Progress, false},
		{"Start", mine.Start, saved.Start, false}, {"Due", mine.Due, saved.Due, false}, {"Section", mine.Section, saved.Section, false},
		{"Priority", mine.Priority, saved.Priority, false}, {"Matrix fields", strings.Join(model.SplitIDs(mine.Elements), " "), saved.Elements, false},
		{"Lead agency", mine.Lead, saved.Lead, false}, {"Supporting agencies", strings.Join(model.SplitList(mine.Supporting), "; "), strings.Join(model.SplitList(saved.Supporting), "; "), false},
		{"Indicator baseline", mine.IndicatorBaseline, saved.IndicatorBaseline, false}, {"Indicator target", mine.IndicatorTarget, saved.IndicatorTarget, false},
		{"Indicator actual", mine.IndicatorActual, saved.IndicatorActual, false}, {"Needs assistance", yes(mine.AssistanceNeeded), yes(saved.AssistanceNeeded), false},
		{"Assistance needed", mine.AssistanceWhat, saved.AssistanceWhat, false}, {"Description", mine.Description, saved.Description, false},
	}
	for i := range rows {
		rows[i].Differs = strings.TrimSpace(rows[i].Mine) != strings.TrimSpace(rows[i].Saved)
	}
	return rows
}

func (h *Handler) actionForm(w http.ResponseWriter, r *http.Request, status int, p *actionFormPage) error {
	p.Sections, p.Statuses, p.Priorities = model.NAPSections, model.ActionStatuses, model.ActionPriorities
	if p.Action == nil {
		p.Title = "New action — " + p.Plan.Title
	} else {
		p.Title = "Change the action " + p.Action.Title
	}
	p.Section = "naps"
	return h.render(w, r, status, "nap_action_form", p)
}

func (h *Handler) newAction(w http.ResponseWriter, r *http.Request) error {
	n, err := h.editablePlan(r)
	if err != nil {
		return err
	}
	return h.actionForm(w, r, http.StatusOK, &actionFormPage{Plan: n, Input: actionForm{Status: string(model.ActionPlanned), Progress: "0", Section: "NAP-05"}})
}

func (h *Handler) createAction(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	in := actionFormOf(r)
	a, err := h.svc.NAPs.CreateAction(r.Context(), v, id, in.input())
	if probs, ok := model.AsProblems(err); ok {
		n, gerr := h.svc.NAPs.Get(r.Context(), v, id)
		if gerr != nil {
			return gerr
		}
		p := &actionFormPage{Plan: n, Input: in}
		p.Problems = probs
		return h.actionForm(w, r, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("%s/actions/%d?done=action-saved", napPath(id), a.ID), http.StatusSeeOther)
	return nil
}

type actionPage struct {
	Base
	Plan    service.NAPView
	Action  model.NAPAction
	History []model.ActionChange
	Fields  []refdata.Field
	Unknown []string
	Overdue bool
	SecName string
}

func (h *Handler) showAction(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	aid, err := actionID(r)
	if err != nil {
		return err
	}
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	a, n, err := h.svc.NAPs.ActionOf(ctx, v, id, aid)
	if err != nil {
		return err
	}
	hist, err := h.svc.NAPs.History(ctx, v, id, aid)
	if err != nil {
		return err
	}
	nv, err := h.svc.NAPs.Get(ctx, v, n.ID)
	if err != nil {
		return err
	}
	p := &actionPage{Plan: nv, Action: a, History: hist, Overdue: a.Overdue(h.svc.NAPs.Today())}
	if s := model.NAPSectionByCode(a.Section); s != nil {
		p.SecName = s.Code + " " + s.Title
	}
	tax := h.svc.NAPs.Taxonomy()
	for _, e := range a.Elements {
		if f, ok := tax.Field(e); ok {
			p.Fields = append(p.Fields, f)
		} else {
			p.Unknown = append(p.Unknown, e)
		}
	}
	p.Title, p.Section = a.Title, "naps"
	return h.render(w, r, http.StatusOK, "nap_action", p)
}

func (h *Handler) editAction(w http.ResponseWriter, r *http.Request) error {
	n, err := h.editablePlan(r)
	if err != nil {
		return err
	}
	aid, err := actionID(r)
	if err != nil {
		return err
	}
	a, _, err := h.svc.NAPs.ActionOf(r.Context(), service.ViewerFrom(r.Context()), n.ID, aid)
	if err != nil {
		return err
	}
	return h.actionForm(w, r, http.StatusOK, &actionFormPage{Plan: n, Action: &a, Input: actionFormFrom(a)})
}

func (h *Handler) updateAction(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	aid, err := actionID(r)
	if err != nil {
		return err
	}
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	in := actionFormOf(r)
	_, err = h.svc.NAPs.UpdateAction(ctx, v, id, aid, in.input())
	var ce *model.ConflictError
	probs, isProbs := model.AsProblems(err)
	switch {
	case errors.As(err, &ce):
		cur := ce.Current.(model.NAPAction)
		n, gerr := h.svc.NAPs.Get(ctx, v, id)
		if gerr != nil {
			return gerr
		}
		saved := actionFormFrom(cur)
		p := &actionFormPage{Plan: n, Action: &cur, Input: in, Conflict: ce.Message, Current: &saved, Compare: compareActions(in, saved)}
		p.Input.Version = cur.Version
		return h.actionForm(w, r, http.StatusConflict, p)
	case isProbs:
		a, n, gerr := h.svc.NAPs.ActionOf(ctx, v, id, aid)
		if gerr != nil {
			return gerr
		}
		nv, gerr := h.svc.NAPs.Get(ctx, v, n.ID)
		if gerr != nil {
			return gerr
		}
		p := &actionFormPage{Plan: nv, Action: &a, Input: in}
		p.Problems = probs
		return h.actionForm(w, r, http.StatusUnprocessableEntity, p)
	case err != nil:
		return err
	}
	redirect(w, r, fmt.Sprintf("%s/actions/%d?done=action-saved", napPath(id), aid), http.StatusSeeOther)
	return nil
}

func (h *Handler) deleteAction(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	aid, err := actionID(r)
	if err != nil {
		return err
	}
	if err := h.svc.NAPs.DeleteAction(r.Context(), service.ViewerFrom(r.Context()), id, aid); err != nil {
		return err
	}
	redirect(w, r, napPath(id)+"?done=action-removed#actions", http.StatusSeeOther)
	return nil
}

// --- diffs ---

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
	p.Title, p.Section = "What changed — "+n.Title, "naps"
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

// --- files ---

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
	Conflict      string
}

func (h *Handler) showImport(w http.ResponseWriter, r *http.Request) error {
	n, err := h.editablePlan(r)
	if err != nil {
		return err
	}
	p := &importPage{Plan: n}
	p.Title, p.Section = "Import a workbook — "+n.Title, "naps"
	return h.render(w, r, http.StatusOK, "nap_import", p)
}

func (h *Handler) previewImport(w http.ResponseWriter, r *http.Request) error {
	n, err := h.editablePlan(r)
	if err != nil {
		return err
	}
	p := &importPage{Plan: n, RemoveMissing: r.PostFormValue("remove_missing") == "yes"}
	p.Title, p.Section = "Import a workbook — "+n.Title, "naps"
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
	_, err = h.svc.NAPs.ApplyImport(r.Context(), service.ViewerFrom(r.Context()), n.ID, r.PostFormValue("payload"))
	var ce *model.ConflictError
	probs, isProbs := model.AsProblems(err)
	switch {
	case errors.As(err, &ce):
		p := &importPage{Plan: n, Conflict: ce.Message}
		p.Title, p.Section = "Import a workbook — "+n.Title, "naps"
		return h.render(w, r, http.StatusConflict, "nap_import", p)
	case isProbs:
		p := &importPage{Plan: n}
		p.Problems = probs
		p.Title, p.Section = "Import a workbook — "+n.Title, "naps"
		return h.render(w, r, http.StatusUnprocessableEntity, "nap_import", p)
	case err != nil:
		return err
	}
	redirect(w, r, napPath(n.ID)+"?done=nap-imported", http.StatusSeeOther)
	return nil
}

// --- key elements ---

type keyElementsPage struct {
	Base
	Sections []model.NAPSection
}

func (h *Handler) keyElements(w http.ResponseWriter, r *http.Request) error {
	p := &keyElementsPage{Sections: model.NAPSections}
	p.Title, p.Section = "The key elements of an effective NAP", "naps"
	return h.render(w, r, http.StatusOK, "nap_elements", p)
}

// --- the state of play ---

type playPage struct {
	Base
	Play    service.StateOfPlay
	Groups  []*refdata.Group
	Sort    string
	Dir     string
	Columns []playColumn
	Query   string
}

type playColumn struct {
	Key, Label, Href, Sort string // Sort: ascending, descending or ""
	Num                    bool
}

func (h *Handler) playData(r *http.Request) (service.StateOfPlay, string, string, error) {
	q := r.URL.Query()
	sortBy, dir := q.Get("sort"), q.Get("dir")
	if dir != "" && dir != "asc" && dir != "desc" {
		return service.StateOfPlay{}, sortBy, dir, model.Problems{"dir": "choose asc or desc"}
	}
	sp, err := h.svc.NAPs.StateOfPlay(r.Context(), service.ViewerFrom(r.Context()), q.Get("group"), sortBy, dir == "desc")
	return sp, sortBy, dir, err
}

func (h *Handler) stateOfPlay(w http.ResponseWriter, r *http.Request) error {
	sp, sortBy, dir, err := h.playData(r)
	p := &playPage{Play: sp, Groups: h.svc.Directory.Groups(), Sort: sortBy, Dir: dir}
	p.Title, p.Section = "State of play of the plans", "play"
	if probs, ok := model.AsProblems(err); ok {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "state_of_play", p)
	}
	if err != nil {
		return err
	}
	if p.Sort == "" {
		p.Sort = "state"
	}
	group := url.QueryEscape(sp.Group)
	for _, c := range []playColumn{{"state", "State", "", "", false}, {"status", "Plan and status", "", "", false}, {"period", "Period", "", "", false},
		{"progress", "Completed", "", "", true}, {"overdue", "Overdue actions", "", "", true}, {"updated", "Last update", "", "", false},
		{"assistance", "Actions needing assistance", "", "", true}} {
		d := "asc"
		if c.Key == p.Sort {
			if p.Dir == "desc" {
				c.Sort = "descending"
			} else {
				c.Sort = "ascending"
				d = "desc"
			}
		}
		c.Href = "/state-of-play?group=" + group + "&sort=" + c.Key + "&dir=" + d
		p.Columns = append(p.Columns, c)
	}
	p.Query = "group=" + group + "&sort=" + url.QueryEscape(p.Sort) + "&dir=" + url.QueryEscape(p.Dir)
	return h.render(w, r, http.StatusOK, "state_of_play", p)
}

func (h *Handler) stateOfPlayCSV(w http.ResponseWriter, r *http.Request) error {
	sp, _, _, err := h.playData(r)
	if err != nil {
		return err
	}
	b, err := service.CSV(service.PlayTable(sp))
	if err != nil {
		return err
	}
	sendFile(w, csvType, "state-of-play-"+strings.ToLower(sp.Group)+".csv", b)
	return nil
}

func (h *Handler) stateOfPlayXLSX(w http.ResponseWriter, r *http.Request) error {
	sp, _, _, err := h.playData(r)
	if err != nil {
		return err
	}
	b, err := service.PlayXLSX(sp)
	if err != nil {
		return err
	}
	sendFile(w, xlsxType, "state-of-play-"+strings.ToLower(sp.Group)+".xlsx", b)
	return nil
}

// --- the State page ---

// StatePlans are a State's plans v may read, newest first, for the State
// page.
func (h *Handler) statePlans(r *http.Request, state string) ([]service.NAPView, bool, error) {
	v := service.ViewerFrom(r.Context())
	plans, err := h.svc.NAPs.List(r.Context(), v, model.NAPFilter{States: []string{state}})
	return plans, policy.CanCreate(v, state), err
}
