package service

import (
	"context"
	"fmt"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// The plans' formal acts (issue 18, item 2): submitting, publishing,
// withdrawing and deleting a draft, each confirmed on its own page.

// planForAct reads plan id for a confirmation and decides like the act:
// the State's coordinator only.
func (s *NAPs) planForAct(ctx context.Context, v model.Viewer, id int64) (NAPView, []model.NAPSubmission, Confirmation, error) {
	n, err := s.Get(ctx, v, id)
	if err != nil {
		return n, nil, Confirmation{}, err
	}
	if err := policy.MoveNAP(v, n.NAP); err != nil {
		return n, nil, Confirmation{}, err
	}
	rows, err := s.db.NAPSubmissions(ctx, id, false)
	if err != nil {
		return n, nil, Confirmation{}, err
	}
	subs := make([]model.NAPSubmission, len(rows))
	for i, r := range rows {
		subs[i] = r.NAPSubmission
	}
	c := Confirmation{Subject: n.Title, Version: n.Version, Back: napURL(n.ID)}
	return n, subs, c, nil
}

func (s *NAPs) confirmSubmit(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	n, subs, c, err := s.planForAct(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	c.StepDate = true
	c.Action = napURL(n.ID) + "/submit"
	c.Heading, c.Button = "Submit the plan to the 1540 Committee", "Submit to the 1540 Committee"
	if _, ok := n.SubmitTo(); !ok || n.Related() {
		c.Blocked = n.MoveProblem(model.NAPSubmitted)
		if n.Related() {
			c.Blocked = "a " + model.NAPTypeLabel(n.Type) + " is " + n.StateName + "'s own document: it does not go to the 1540 Committee"
		}
		return c, nil
	}
	actions, err := s.db.NAPActions(ctx, n.ID)
	if err != nil {
		return c, err
	}
	c.Checks = s.Completeness(n.NAP, actions, len(subs))
	number := len(subs) + 1
	after := policy.NAPVisibility(model.NAPSubmitted, len(n.SharedWith) > 0)
	if n.Status == model.NAPPublished {
		after = model.VisPublic
	}
	c.Happens = []string{
		fmt.Sprintf("The plan as it is now — its %d sections and %s — is frozen as submission %d and sent to the 1540 Committee.", len(n.Sections), pluralOf(len(actions), "action", "actions"), number),
		fmt.Sprintf("From then on %s may read the plan.", Audience(s.cat, after, n.State, n.SharedWith)),
	}
	if len(subs) > 0 {
		c.Heading, c.Button = "Submit the plan again", fmt.Sprintf("Make submission %d", number)
		c.Happens = append(c.Happens, fmt.Sprintf("The Committee keeps the earlier %s as they were; it can compare them.", pluralOf(len(subs), "submission", "submissions")))
	}
	c.Affected = Audience(s.cat, model.VisCommittee, n.State, nil) + "."
	c.Undo = "A submission cannot be taken back: it stays with the 1540 Committee even if the plan is withdrawn later. You can change the plan and submit it again."
	return c, nil
}

func (s *NAPs) confirmPublish(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	n, _, c, err := s.planForAct(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	c.StepDate = true
	c.Action = napURL(n.ID) + "/publish"
	c.Heading, c.Button = "Publish the plan", "Publish the plan"
	if msg := n.MoveProblem(model.NAPPublished); msg != "" {
		c.Blocked = msg
		return c, nil
	}
	c.Happens = []string{
		"Anyone, including the public, will be able to read this plan, its actions, their progress and its submissions to the 1540 Committee.",
		"The plan appears on " + n.StateName + "'s page, in the state of play and on the maps for every visitor.",
	}
	c.Affected = "Everyone: " + n.StateName + ", the 1540 Committee, every other State and organisation, and the public."
	c.Undo = "Withdrawing the plan later makes it " + n.StateName + "'s alone again, but others may already have read or kept a copy."
	return c, nil
}

func (s *NAPs) confirmWithdraw(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	n, subs, c, err := s.planForAct(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	c.Action = napURL(n.ID) + "/withdraw"
	c.Heading, c.Button, c.Danger = "Withdraw the plan", "Withdraw the plan", true
	if msg := n.MoveProblem(model.NAPWithdrawn); msg != "" {
		c.Blocked = msg
		return c, nil
	}
	c.Happens = []string{
		fmt.Sprintf("The plan becomes %s's alone again: %s will no longer read it.", n.StateName, Audience(s.cat, n.Visibility, n.State, n.SharedWith)),
		"It is closed to every change: no action, section or status can be changed any more.",
	}
	if len(subs) > 0 {
		c.Happens = append(c.Happens, fmt.Sprintf("What was submitted to the 1540 Committee (%s) stays with the Committee and UNODA.", pluralOf(len(subs), "submission", "submissions")))
	}
	if n.Visibility == model.VisPrivate {
		c.Affected = n.StateName + " only."
	} else {
		c.Affected = Audience(s.cat, n.Visibility, n.State, n.SharedWith) + "."
	}
	c.Undo = "A withdrawal cannot be undone. To take the work up again, start a new plan that replaces this one."
	return c, nil
}

func (s *NAPs) confirmDelete(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	n, subs, c, err := s.planForAct(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	c.Action = napURL(n.ID) + "/delete"
	c.Heading, c.Button, c.Danger = "Delete the draft", "Delete the draft", true
	if msg := s.deleteProblem(ctx, v, n.NAP, len(subs)); msg != "" {
		c.Blocked = msg
		return c, nil
	}
	actions, err := s.db.NAPActions(ctx, n.ID)
	if err != nil {
		return c, err
	}
	c.Happens = []string{
		fmt.Sprintf("The draft, its sections and its %s with their history are deleted.", pluralOf(len(actions), "action", "actions")),
		"The audit log keeps a record of the deletion: who deleted which draft, and when.",
	}
	c.Affected = n.StateName + " only: the draft was never adopted nor submitted."
	c.Undo = "A deletion cannot be undone."
	return c, nil
}

// deleteProblem says why plan n cannot be deleted ("" when it can): only a
// draft never adopted nor submitted, that no other plan revises.
func (s *NAPs) deleteProblem(ctx context.Context, v model.Viewer, n model.NAP, submissions int) string {
	switch {
	case n.Status != model.NAPDraft || !n.AdoptedOn.IsZero():
		return "only a draft that was never adopted can be deleted; this plan is " + PlanStatus(s.cat, n) + " (withdraw it instead)"
	case submissions > 0:
		return "the plan was submitted to the 1540 Committee: it can be withdrawn, not deleted"
	}
	if next, err := s.db.NAPReplacedBy(ctx, model.SystemViewer("napx"), n.ID); err == nil && len(next) > 0 {
		return fmt.Sprintf("plan %q says it revises this draft: change that plan first", next[0].Title)
	}
	return ""
}

// Delete deletes a draft that was never adopted nor submitted (the State's
// coordinator), with its actions; the deletion is audited with the plan as
// it was.
func (s *NAPs) Delete(ctx context.Context, v model.Viewer, id int64) error {
	return s.db.Write(ctx, func(tx *store.Tx) error {
		n, err := s.lockedPlan(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := policy.MoveNAP(v, n); err != nil {
			return err
		}
		subs, err := tx.NAPSubmissions(ctx, id, false)
		if err != nil {
			return err
		}
		if msg := s.deleteProblem(ctx, v, n, len(subs)); msg != "" {
			return model.Problems{"status": msg}
		}
		actions, err := tx.NAPActions(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.DeleteNAP(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "nap.delete", Kind: "nap", RecordID: id,
			Summary: fmt.Sprintf("draft plan %q of %s deleted with %s", n.Title, n.State, pluralOf(len(actions), "action", "actions")), Before: model.Snapshot(n, actions)})
	})
}
