package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// Actions lists the actions of a plan v may read.
func (s *NAPs) Actions(ctx context.Context, v model.Viewer, napID int64) ([]model.NAPAction, error) {
	if _, err := s.Get(ctx, v, napID); err != nil {
		return nil, err
	}
	return s.db.NAPActions(ctx, napID)
}

// Action returns an action and its plan when v may read them; ErrNotFound
// otherwise. (Contract: events' follow-up actions link to NAP actions.)
func (s *NAPs) Action(ctx context.Context, v model.Viewer, actionID int64) (model.NAPAction, model.NAP, error) {
	a, err := s.db.NAPAction(ctx, actionID)
	if err != nil {
		return model.NAPAction{}, model.NAP{}, err
	}
	n, err := s.db.NAP(ctx, a.NAPID)
	if err != nil {
		return model.NAPAction{}, model.NAP{}, err
	}
	if err := policy.Read(v, policy.NAPRecord(n)); err != nil {
		return model.NAPAction{}, model.NAP{}, err
	}
	return a, n, nil
}

// ActionOf is Action for an action addressed under its plan: an action of
// another plan does not exist at that address.
func (s *NAPs) ActionOf(ctx context.Context, v model.Viewer, napID, actionID int64) (model.NAPAction, model.NAP, error) {
	a, n, err := s.Action(ctx, v, actionID)
	if err != nil {
		return a, n, err
	}
	if a.NAPID != napID {
		return model.NAPAction{}, model.NAP{}, model.ErrNotFound
	}
	return a, n, nil
}

// ActionWithHistory is an action addressed under its plan with its status
// and progress history, oldest first: the action and its plan read once.
func (s *NAPs) ActionWithHistory(ctx context.Context, v model.Viewer, napID, actionID int64) (model.NAPAction, []model.ActionChange, error) {
	a, _, err := s.ActionOf(ctx, v, napID, actionID)
	if err != nil {
		return model.NAPAction{}, nil, err
	}
	hist, err := s.db.ActionHistory(ctx, actionID)
	return a, hist, err
}

// History is the status and progress history of an action, oldest first.
func (s *NAPs) History(ctx context.Context, v model.Viewer, napID, actionID int64) ([]model.ActionChange, error) {
	if _, _, err := s.ActionOf(ctx, v, napID, actionID); err != nil {
		return nil, err
	}
	return s.db.ActionHistory(ctx, actionID)
}

// CreateAction adds an action to a plan (the State's editors and
// coordinators, while the plan is not withdrawn).
func (s *NAPs) CreateAction(ctx context.Context, v model.Viewer, napID int64, in Input[model.NAPActionInput]) (model.NAPAction, error) {
	var out model.NAPAction
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		n, err := s.lockedPlan(ctx, tx, v, napID)
		if err != nil {
			return err
		}
		a, err := s.createAction(ctx, tx, v, n, in, "")
		out = a
		return err
	})
	return out, err
}

// createAction adds an action to plan n, read locked by the caller.
func (s *NAPs) createAction(ctx context.Context, tx *store.Tx, v model.Viewer, n model.NAP, input Input[model.NAPActionInput], why string) (model.NAPAction, error) {
	if err := planWritable(v, n); err != nil {
		return model.NAPAction{}, err
	}
	in, err := input.read(model.NAPActionInput{})
	if err != nil {
		return model.NAPAction{}, err
	}
	a, probs := in.Apply(model.NAPAction{NAPID: n.ID}, true, s.tax.Has)
	var joints []int64
	if in.JointWith != nil {
		js, problem, err := s.checkJoints(ctx, tx, v, 0, n.State, *in.JointWith)
		if err != nil {
			return model.NAPAction{}, err
		}
		if problem != "" {
			probs["joint_with"] = problem
		}
		joints = js
	}
	if len(probs) > 0 {
		return model.NAPAction{}, probs
	}
	if err := tx.CreateNAPAction(ctx, &a); err != nil {
		return model.NAPAction{}, err
	}
	if len(joints) > 0 {
		if err := s.setJoints(ctx, tx, v, a, joints); err != nil {
			return model.NAPAction{}, err
		}
	}
	comment := strings.TrimSpace(in.Comment)
	if comment == "" {
		comment = "action added"
	}
	if err := tx.AddActionChange(ctx, &model.ActionChange{ActionID: a.ID, ActorID: v.ID(), Actor: v.Label(), Status: a.Status,
		Progress: a.Progress, Comment: comment}); err != nil {
		return model.NAPAction{}, err
	}
	summary := fmt.Sprintf("action %q added to plan %d", a.Title, n.ID)
	if why != "" {
		summary += " (" + why + ")"
	}
	return a, tx.Audit(ctx, v, store.AuditRecord{Action: "nap.action.create", Kind: "nap-action", RecordID: a.ID, Summary: summary, After: a})
}

// UpdateAction changes an action; in.Version must be the version read. A
// change of status or progress is kept in the action's history with
// in.Comment.
func (s *NAPs) UpdateAction(ctx context.Context, v model.Viewer, napID, actionID int64, input Input[model.NAPActionInput]) (model.NAPAction, error) {
	var out model.NAPAction
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		n, cur, err := s.lockedAction(ctx, tx, v, napID, actionID)
		if err != nil {
			return err
		}
		if err := planWritable(v, n); err != nil {
			return err
		}
		in, err := input.read(model.NAPActionInput{})
		if err != nil {
			return err
		}
		stale := func() error {
			return conflict(cur, "svcmore.conflict.action", model.ArgNum(int(in.Version)), model.ArgNum(int(cur.Version)))
		}
		if err := model.CheckVersion(in.Version, cur.Version); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return stale()
			}
			return err
		}
		a, probs := in.Apply(cur, false, s.tax.Has)
		var joints []int64
		if in.JointWith != nil {
			js, problem, err := s.checkJoints(ctx, tx, v, cur.ID, n.State, *in.JointWith)
			if err != nil {
				return err
			}
			if problem != "" {
				probs["joint_with"] = problem
			}
			joints = js
		}
		if len(probs) > 0 {
			return probs
		}
		if err := tx.UpdateNAPAction(ctx, &a); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return stale()
			}
			return err
		}
		if in.JointWith != nil {
			if err := s.setJoints(ctx, tx, v, a, joints); err != nil {
				return err
			}
		}
		if a.Status != cur.Status || a.Progress != cur.Progress || strings.TrimSpace(in.Comment) != "" {
			if err := tx.AddActionChange(ctx, &model.ActionChange{ActionID: a.ID, ActorID: v.ID(), Actor: v.Label(), Status: a.Status,
				Progress: a.Progress, PrevStatus: cur.Status, PrevProgress: cur.Progress, Comment: strings.TrimSpace(in.Comment)}); err != nil {
				return err
			}
		}
		out = a
		return tx.Audit(ctx, v, store.AuditRecord{Action: "nap.action.update", Kind: "nap-action", RecordID: a.ID,
			Summary: fmt.Sprintf("action %q of plan %d changed (%s, %d%%)", a.Title, napID, a.Status, a.Progress), Before: cur, After: a})
	})
	return out, err
}

// DeleteAction removes an action entered in error (its history goes with
// it; the audit log keeps both).
func (s *NAPs) DeleteAction(ctx context.Context, v model.Viewer, napID, actionID int64) error {
	return s.db.Write(ctx, func(tx *store.Tx) error {
		n, cur, err := s.lockedAction(ctx, tx, v, napID, actionID)
		if err != nil {
			return err
		}
		if err := planWritable(v, n); err != nil {
			return err
		}
		if err := tx.DeleteNAPAction(ctx, actionID); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "nap.action.delete", Kind: "nap-action", RecordID: actionID,
			Summary: fmt.Sprintf("action %q removed from plan %d", cur.Title, napID), Before: cur})
	})
}

// ProposeAction adds a draft action for one matrix field to the State's
// current draft plan (the newest plan in status draft), under the normal
// policy (the State's editors and coordinators), audited: status planned,
// elements [fieldID], due at the end of the plan period. It answers
// model.Problems{"plan": ...} when the State has no draft plan the viewer
// may change. (Contract: the matrix's gap analysis calls it.)
func (s *NAPs) ProposeAction(ctx context.Context, v model.Viewer, state, fieldID, title string) (model.NAPAction, error) {
	st := s.cat.State(state)
	if st == nil {
		return model.NAPAction{}, model.Problems{"state": "there is no State with the code " + strconv.Quote(state)}
	}
	f, ok := s.tax.Field(strings.TrimSpace(fieldID))
	if !ok {
		return model.NAPAction{}, model.Problems{"elements": fmt.Sprintf("%q is not a matrix data field", fieldID)}
	}
	drafts, err := s.db.NAPs(ctx, v, model.NAPFilter{States: []string{st.Code}, Status: model.NAPDraft})
	if err != nil {
		return model.NAPAction{}, err
	}
	var plan *model.NAP
	for i := range drafts {
		if plan == nil || drafts[i].ID > plan.ID {
			plan = &drafts[i]
		}
	}
	if plan == nil || !policy.CanWrite(v, policy.NAPRecord(*plan)) {
		return model.NAPAction{}, model.Problems{"plan": fmt.Sprintf("%s has no draft plan that you may change; start a draft plan first", st.Name)}
	}
	title = strings.TrimSpace(title)
	if title == "" {
		title = model.Truncate("Address matrix field "+f.ID+": "+f.Label, 300)
	}
	due := fmt.Sprintf("%d-12-31", plan.PeriodEnd)
	in := model.NAPActionInput{Title: &title, Due: &due, Section: model.Ptr("NAP-05"), Elements: &[]string{f.ID},
		Comment: "proposed from the matrix gap analysis (" + f.ID + ")"}
	var out model.NAPAction
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		n, err := tx.NAPForUpdate(ctx, plan.ID)
		if err != nil {
			return err
		}
		if n.Status != model.NAPDraft {
			return model.Problems{"plan": "the draft plan changed status meanwhile; try again"}
		}
		a, err := s.createAction(ctx, tx, v, n, Given(in), "proposed for matrix field "+f.ID)
		out = a
		return err
	})
	return out, err
}

// planWritable decides whether v may change plan n's actions: the State's
// editors and coordinators, while the plan is not withdrawn.
func planWritable(v model.Viewer, n model.NAP) error {
	if err := policy.Write(v, policy.NAPRecord(n)); err != nil {
		return err
	}
	if !n.Status.Editable() {
		return model.Problems{"plan": "the plan was withdrawn and can no longer be changed"}
	}
	return nil
}
