package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

type actionForm struct {
	Title, Description, Section, Priority, Status, Progress, Start, Due string
	Elements, Lead, Supporting                                          string
	IndicatorBaseline, IndicatorTarget, IndicatorActual                 string
	AssistanceNeeded                                                    bool
	AssistanceWhat, Comment                                             string
	Version                                                             int64
}

func actionFormOf(r *http.Request) actionForm {
	v := formVersion(r)
	return actionForm{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Section: r.PostFormValue("section"),
		Priority: r.PostFormValue("priority"), Status: r.PostFormValue("status"), Progress: r.PostFormValue("progress"),
		Start: r.PostFormValue("start"), Due: r.PostFormValue("due"), Elements: strings.Join(pickedElements(r, "element", "elements"), " "), Lead: r.PostFormValue("lead"),
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
	Conflict   *model.ConflictError
	Current    *actionForm // on a conflict: the version now saved
	Compare    []compareRow
	Fields     matrixPicker // the matrix fields, filtered by area and weapon
}

// compareRow is one field of a conflict: what the person sent and what is
// saved now, side by side.
type compareRow struct {
	Field, Mine, Saved string
	Differs            bool
}

func compareActions(pr *i18n.Printer, mine, saved actionForm) []compareRow {
	yes := func(b bool) string {
		if b {
			return pr.T("forms2.c.yes")
		}
		return pr.T("forms2.c.no")
	}
	f := func(name string) string { return pr.T("forms2.act.f." + name) }
	rows := []compareRow{
		{f("title"), mine.Title, saved.Title, false}, {f("status"), mine.Status, saved.Status, false}, {f("progress"), mine.Progress, saved.Progress, false},
		{f("start"), mine.Start, saved.Start, false}, {f("due"), mine.Due, saved.Due, false}, {f("section"), mine.Section, saved.Section, false},
		{f("priority"), mine.Priority, saved.Priority, false}, {f("elements"), strings.Join(model.SplitIDs(mine.Elements), " "), saved.Elements, false},
		{f("lead"), mine.Lead, saved.Lead, false}, {f("supporting"), strings.Join(model.SplitList(mine.Supporting), "; "), strings.Join(model.SplitList(saved.Supporting), "; "), false},
		{f("baseline"), mine.IndicatorBaseline, saved.IndicatorBaseline, false}, {f("target"), mine.IndicatorTarget, saved.IndicatorTarget, false},
		{f("actual"), mine.IndicatorActual, saved.IndicatorActual, false}, {f("needs"), yes(mine.AssistanceNeeded), yes(saved.AssistanceNeeded), false},
		{f("what"), mine.AssistanceWhat, saved.AssistanceWhat, false}, {f("description"), mine.Description, saved.Description, false},
	}
	for i := range rows {
		rows[i].Differs = strings.TrimSpace(rows[i].Mine) != strings.TrimSpace(rows[i].Saved)
	}
	return rows
}

func (h *Handler) actionForm(w http.ResponseWriter, r *http.Request, status int, p *actionFormPage) error {
	p.Sections, p.Statuses, p.Priorities = model.NAPSections, model.ActionStatuses, model.ActionPriorities
	p.Fields = newMatrixPicker(r, h.svc.NAPs.Taxonomy(), "element", "elements", model.SplitIDs(p.Input.Elements), p.Problems)
	if pr := h.printer(r); p.Action == nil {
		p.Title = pr.T("forms2.act.title.new", p.Plan.Title)
	} else {
		p.Title = pr.T("forms2.act.title.change", p.Action.Title)
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
	if r.PostFormValue(showFieldsKey) != "" {
		// "Show fields": the form again with the picker's filter; nothing saved.
		n, err := h.editablePlan(r)
		if err != nil {
			return err
		}
		return h.actionForm(w, r, http.StatusOK, &actionFormPage{Plan: n, Input: in})
	}
	a, err := h.svc.NAPs.CreateAction(r.Context(), v, id, service.Given(in.input()))
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
	// Practices naming the action, and practices from elsewhere for its
	// matrix fields (issue 12).
	Practices, Matching []service.PracticeView
	// CanRequest: the viewer may ask for assistance for the plan's State
	// ("Request assistance" on an action that needs it, issue 11).
	CanRequest bool
	// Joint actions (issue 14): the partners it declares (each visible or
	// not) and the actions visible to the reader that name it.
	Joints, JointBy []service.JointPartner
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
	p := &actionPage{Plan: nv, Action: a, History: hist, Overdue: a.Overdue(h.svc.NAPs.Today()), CanRequest: h.svc.Assistance.CanRequest(v, n.State)}
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
	if p.Practices, p.Matching, err = h.svc.Practices.ForAction(ctx, v, a, n.State); err != nil {
		return err
	}
	js, err := h.svc.NAPs.Joints(ctx, v, []int64{a.ID})
	if err != nil {
		return err
	}
	p.Joints = js[a.ID]
	if p.JointBy, err = h.svc.NAPs.JointBy(ctx, v, a.ID); err != nil {
		return err
	}
	p.Title, p.Section = a.Title, "naps"
	p.FlashOn = FlashOn{Record: a.Title, Of: nv.Title}
	if err := h.recordTexts(r, &p.Base, model.TranslationKindAction, a.ID, textPtrs{"title": &p.Action.Title, "description": &p.Action.Description}); err != nil {
		return err
	}
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
	if r.PostFormValue(showFieldsKey) != "" {
		n, err := h.editablePlan(r)
		if err != nil {
			return err
		}
		a, _, err := h.svc.NAPs.ActionOf(ctx, v, n.ID, aid)
		if err != nil {
			return err
		}
		return h.actionForm(w, r, http.StatusOK, &actionFormPage{Plan: n, Action: &a, Input: in})
	}
	_, err = h.svc.NAPs.UpdateAction(ctx, v, id, aid, service.Given(in.input()))
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
		p := &actionFormPage{Plan: n, Action: &cur, Input: in, Conflict: ce, Current: &saved, Compare: compareActions(h.printer(r), in, saved)}
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
