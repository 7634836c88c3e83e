package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
)

// A submission as the Committee received it (issue 18, item 5): its own
// read-only page, print view and workbook, from the frozen copy. The
// Committee level reads it even after the plan was withdrawn
// (policy.CanReadSubmission).

// SubmissionView is one submission with the plan and actions as frozen.
type SubmissionView struct {
	model.NAPSubmission
	Plan      NAPView // the plan as submitted (no capabilities: read-only)
	Actions   []model.NAPAction
	Rollup    PlanRollup
	Checks    []ElementCheck
	Of        int  // how many submissions the plan has
	PlanShown bool // the viewer may read the plan as it is now
	Audience  string
	// Who may read it, as words are chosen in web (Audience's parts).
	AudienceVis    model.Visibility `json:"-"`
	AudienceShared []string         `json:"-"`
}

// Submission returns submission number of plan napID for v: whoever may
// read the plan, and the Committee level always.
func (s *NAPs) Submission(ctx context.Context, v model.Viewer, napID int64, number int) (SubmissionView, error) {
	n, err := s.db.NAP(ctx, napID)
	if err != nil {
		return SubmissionView{}, err
	}
	rec := policy.NAPRecord(n)
	if err := policy.ReadSubmission(v, rec); err != nil {
		return SubmissionView{}, err
	}
	row, err := s.db.NAPSubmission(ctx, napID, number)
	if err != nil {
		return SubmissionView{}, err
	}
	all, err := s.db.NAPSubmissions(ctx, napID, false)
	if err != nil {
		return SubmissionView{}, err
	}
	snap, err := decodeSnapshot(row.SnapshotJSON)
	if err != nil {
		return SubmissionView{}, err
	}
	plan, actions := planOf(snap)
	plan.Illustrative = n.Illustrative
	out := SubmissionView{NAPSubmission: row.NAPSubmission, Actions: actions, Of: len(all), PlanShown: policy.CanRead(v, rec),
		Plan: NAPView{NAP: plan, StateName: s.cat.OrgName(plan.State)}}
	out.Snapshot = snap
	out.Rollup = s.RollupOf(plan, actions)
	out.Checks = s.Completeness(plan, actions, number)
	vis := n.Visibility
	if vis.Rank() < model.VisCommittee.Rank() {
		vis = model.VisCommittee
	}
	out.Audience = Audience(s.cat, vis, n.State, n.SharedWith)
	out.AudienceVis, out.AudienceShared = vis, n.SharedWith
	return out, nil
}

// SubmissionXLSX is the workbook of a submission, as submitted.
func (s *NAPs) SubmissionXLSX(ctx context.Context, v model.Viewer, napID int64, number int) ([]byte, string, error) {
	sv, err := s.Submission(ctx, v, napID, number)
	if err != nil {
		return nil, "", err
	}
	b, _, err := s.planWorkbook(sv.Plan.NAP, sv.Actions, sv.SubmittedAt.UTC().Format(time.RFC3339)+" (submission "+fmt.Sprint(number)+")")
	return b, fmt.Sprintf("nap-%d-%s-submission-%d.xlsx", napID, strings.ToLower(sv.Plan.State), number), err
}

// planOf turns a frozen copy back into a plan and its actions, for pages
// and files that show it as submitted.
func planOf(snap model.NAPSnapshot) (model.NAP, []model.NAPAction) {
	p := snap.Plan
	adopted, _ := model.ParseDate(p.AdoptedOn)
	n := model.NAP{ID: p.ID, State: p.State, Type: p.Type, Title: p.Title, PeriodStart: p.PeriodStart, PeriodEnd: p.PeriodEnd,
		Status: model.NAPStatus(p.Status), Authority: p.Authority, AdoptedOn: adopted, Replaces: p.Replaces, Sections: p.Sections, Version: p.Version}
	actions := make([]model.NAPAction, 0, len(snap.Actions))
	for _, a := range snap.Actions {
		start, _ := model.ParseDate(a.Start)
		due, _ := model.ParseDate(a.Due)
		actions = append(actions, model.NAPAction{ID: a.ID, NAPID: p.ID, OriginID: a.OriginID, Title: a.Title, Description: a.Description,
			Section: a.Section, Priority: a.Priority, Status: model.ActionStatus(a.Status), Progress: a.Progress, Start: start, Due: due,
			Elements: a.Elements, Lead: a.Lead, Supporting: a.Supporting, IndicatorBaseline: a.IndicatorBaseline, IndicatorTarget: a.IndicatorTarget,
			IndicatorActual: a.IndicatorActual, AssistanceNeeded: a.AssistanceNeeded, AssistanceWhat: a.AssistanceWhat})
	}
	return n, actions
}

// ChangedSince is how a plan differs from its last submission (nil when it
// was never submitted or is the same): "changed since its last submission".
type ChangedSince struct {
	Number                  int
	At                      time.Time
	Added, Removed, Changed int
	Plan, Sections          int // plan fields and sections changed
}

// ChangedSinceLast compares plan n (read for v) with its last submission.
func (s *NAPs) ChangedSinceLast(ctx context.Context, v model.Viewer, n NAPView, subs []model.NAPSubmission) (*ChangedSince, error) {
	if len(subs) == 0 {
		return nil, nil
	}
	last := subs[len(subs)-1]
	d, err := s.Diff(ctx, v, n.ID, fmt.Sprint(last.Number), "current")
	if err != nil {
		return nil, err
	}
	// A status moved by the workflow (published since) is no change of
	// content: what counts is what the Committee would read differently.
	kept := d.Plan[:0]
	for _, f := range d.Plan {
		if f.Field != "status" {
			kept = append(kept, f)
		}
	}
	d.Plan = kept
	if d.Empty() {
		return nil, nil
	}
	c := &ChangedSince{Number: last.Number, At: last.SubmittedAt, Plan: len(d.Plan), Sections: len(d.Sections)}
	c.Added, c.Removed, c.Changed = d.Count()
	return c, nil
}

// InForce picks, among a State's plans read for v, the plan in force (the
// latest adopted, submitted or published 1540 plan) and the draft in
// preparation, by the state of play's rule (inForce).
func (s *NAPs) InForce(plans []NAPView) (current, draft *NAPView) {
	var ns []model.NAP
	for _, p := range plans {
		if p.Counts1540() {
			ns = append(ns, p.NAP)
		}
	}
	latest, drafts := inForce(ns)
	for i := range plans {
		p := &plans[i]
		if n, ok := latest[p.State]; ok && n.ID == p.ID {
			current = p
		}
		if n, ok := drafts[p.State]; ok && n.ID == p.ID {
			draft = p
		}
	}
	return current, draft
}
