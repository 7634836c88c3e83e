package service

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// IllustrativePlan is a demo plan written in one go, with its back-dated
// history, marked illustrative.
type IllustrativePlan struct {
	NAP         model.NAP
	Actions     []IllustrativeAction
	Submissions []time.Time // when it was submitted (numbered in order)
	CreatedAt   time.Time
}

// IllustrativeAction is a demo action with its history.
type IllustrativeAction struct {
	Action  model.NAPAction
	History []model.ActionChange // oldest first; the last one is the action's state
}

// Plan writes a demo plan (napx itself acting), audited and marked
// illustrative: the demo's own writer, outside the plans' service. The
// plan's status, sharing and visibility are taken as given. Each
// submission freezes the plan as it stood on its date: the actions that
// existed then, with the status and progress their history gives for that
// day. It returns the plan and its actions (in the order given).
func (d *Demo) Plan(ctx context.Context, v model.Viewer, p IllustrativePlan) (model.NAP, []model.NAPAction, error) {
	s := d.naps
	n := p.NAP
	n.Illustrative = true
	n.Visibility = policy.NAPVisibility(n.Status, len(n.SharedWith) > 0)
	n.CreatedAt = p.CreatedAt
	n.UpdatedAt = p.CreatedAt
	for _, ia := range p.Actions {
		if k := len(ia.History); k > 0 && ia.History[k-1].At.After(n.UpdatedAt) {
			n.UpdatedAt = ia.History[k-1].At
		}
	}
	if n.Sections == nil {
		n.Sections = map[string]string{}
	}
	var actions []model.NAPAction
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateNAP(ctx, &n); err != nil {
			return err
		}
		for _, ia := range p.Actions {
			a := ia.Action
			a.NAPID = n.ID
			if k := len(ia.History); k > 0 {
				a.CreatedAt, a.UpdatedAt = ia.History[0].At, ia.History[k-1].At
				a.Status, a.Progress = ia.History[k-1].Status, ia.History[k-1].Progress
			}
			if a.Elements == nil {
				a.Elements = []string{}
			}
			if a.Supporting == nil {
				a.Supporting = []string{}
			}
			for _, e := range a.Elements {
				if !s.tax.Has(e) {
					return fmt.Errorf("demo action %q: unknown matrix field %s", a.Title, e)
				}
			}
			if err := tx.CreateNAPAction(ctx, &a); err != nil {
				return err
			}
			for _, h := range ia.History {
				h.ActionID = a.ID
				if err := tx.AddActionChange(ctx, &h); err != nil {
					return err
				}
			}
			actions = append(actions, a)
		}
		for _, at := range p.Submissions {
			var asOf []model.NAPAction
			for i, ia := range p.Actions {
				a, ok := stateOn(actions[i], ia.History, at)
				if ok {
					asOf = append(asOf, a)
				}
			}
			plan := n
			plan.Status = model.NAPSubmitted
			snap := model.Snapshot(plan, asOf)
			b, err := json.Marshal(snap)
			if err != nil {
				return err
			}
			sub := model.NAPSubmission{NAPID: n.ID, SubmittedAt: at, SubmittedBy: "illustrative point of contact", PlanVersion: n.Version, Snapshot: snap}
			if err := tx.CreateNAPSubmission(ctx, &sub, string(b)); err != nil {
				return err
			}
			if _, err := s.history.record(ctx, tx, v, n.State, model.FactKindSubmission, sub.ID, model.FactSubmitted,
				model.Dated{On: sub.SubmittedOn, Source: demoSource, Recorded: true}); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "nap.create", Kind: "nap", RecordID: n.ID,
			Summary: fmt.Sprintf("illustrative plan %q for %s (%d actions, %d submissions)", n.Title, n.State, len(actions), len(p.Submissions)), After: n})
	})
	return n, actions, err
}

// stateOn is an action as its history says it stood at t; false when it
// did not exist yet.
func stateOn(a model.NAPAction, hist []model.ActionChange, t time.Time) (model.NAPAction, bool) {
	if len(hist) == 0 {
		return a, true
	}
	found := false
	for _, h := range hist {
		if h.At.After(t) {
			break
		}
		a.Status, a.Progress, found = h.Status, h.Progress, true
	}
	return a, found
}
