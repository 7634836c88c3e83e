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
	c := Confirmation{Subject: titled(n.Title), Version: n.Version, Back: napURL(n.ID)}
	return n, subs, c, nil
}

// planAudience says who reads plan n at level vis.
func (s *NAPs) planAudience(vis model.Visibility, n NAPView) model.Message {
	return audienceSay(vis, n.State, n.SharedWith, func(p string) bool { return s.cat.Group(p) != nil })
}

// moveBlocked says why plan n cannot move to status to (model.NAP.MoveProblem's
// reasons, as sentences of the catalogue).
func moveBlocked(n model.NAP, to model.NAPStatus) model.Message {
	switch {
	case !model.NAPGoesToCommittee(n.Type) && to == model.NAPSubmitted:
		return model.Msg("svcconfirm.nap.related", model.ArgOrg(n.State))
	case !model.NAPGoesToCommittee(n.Type) && to == model.NAPPublished && n.Status == model.NAPDraft:
		return model.Msg("svcconfirm.move.adopt-publish")
	case n.Status == model.NAPWithdrawn:
		return model.Msg("svcconfirm.move.withdrawn")
	case to == model.NAPSubmitted && n.Status == model.NAPDraft:
		return model.Msg("svcconfirm.move.adopt-submit")
	case to == model.NAPPublished && (n.Status == model.NAPDraft || n.Status == model.NAPAdopted):
		return model.Msg("svcconfirm.move.submit-first")
	case to == model.NAPPublished && n.Status == model.NAPPublished:
		return model.Msg("svcconfirm.move.published")
	}
	return model.Msg("svcconfirm.move.other", model.ArgMsg(statusSay(n.Status)))
}

// statusSay is a plan's status as a word inside a sentence.
func statusSay(st model.NAPStatus) model.Message {
	switch st {
	case model.NAPDraft:
		return model.Msg("svcconfirm.status.draft")
	case model.NAPAdopted:
		return model.Msg("svcconfirm.status.adopted")
	case model.NAPSubmitted:
		return model.Msg("svcconfirm.status.submitted")
	case model.NAPPublished:
		return model.Msg("svcconfirm.status.published")
	}
	return model.Msg("svcconfirm.status.withdrawn")
}

func (s *NAPs) confirmSubmit(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	n, subs, c, err := s.planForAct(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	c.StepDate = true
	c.Action = napURL(n.ID) + "/submit"
	c.Heading, c.Button = model.Msg("svcconfirm.nap.submit.h"), model.Msg("svcconfirm.nap.submit.button")
	if _, ok := n.SubmitTo(); !ok || n.Related() {
		c.Blocked = moveBlocked(n.NAP, model.NAPSubmitted)
		if n.Related() {
			c.Blocked = model.Msg("svcconfirm.nap.related", model.ArgOrg(n.State))
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
	c.Happens = []model.Message{
		model.Msg("svcconfirm.nap.submit.frozen", model.ArgMsg(model.Msg("svcconfirm.sections", model.ArgNum(len(n.Sections)))),
			model.ArgMsg(model.Msg("svcconfirm.actions", model.ArgNum(len(actions)))), model.ArgNum(number)),
		model.Msg("svcconfirm.nap.submit.readers", model.ArgMsg(s.planAudience(after, n))),
	}
	if len(subs) > 0 {
		c.Heading, c.Button = model.Msg("svcconfirm.nap.resubmit.h"), model.Msg("svcconfirm.nap.resubmit.button", model.ArgNum(number))
		c.Happens = append(c.Happens, model.Msg("svcconfirm.nap.resubmit.earlier", model.ArgNum(len(subs))))
	}
	c.Affected = ended(s.planAudience(model.VisCommittee, n))
	c.Undo = model.Msg("svcconfirm.nap.submit.undo")
	return c, nil
}

func (s *NAPs) confirmPublish(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	n, _, c, err := s.planForAct(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	c.StepDate = true
	c.Action = napURL(n.ID) + "/publish"
	c.Heading, c.Button = model.Msg("svcconfirm.nap.publish.h"), model.Msg("svcconfirm.nap.publish.h")
	if msg := n.MoveProblem(model.NAPPublished); msg != "" {
		c.Blocked = moveBlocked(n.NAP, model.NAPPublished)
		return c, nil
	}
	state := model.ArgOrg(n.State)
	c.Happens = []model.Message{model.Msg("svcconfirm.nap.publish.anyone"), model.Msg("svcconfirm.nap.publish.appears", state)}
	c.Affected = model.Msg("svcconfirm.nap.publish.affected", state)
	c.Undo = model.Msg("svcconfirm.nap.publish.undo", state)
	return c, nil
}

func (s *NAPs) confirmWithdraw(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	n, subs, c, err := s.planForAct(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	c.Action = napURL(n.ID) + "/withdraw"
	c.Heading, c.Button, c.Danger = model.Msg("svcconfirm.nap.withdraw.h"), model.Msg("svcconfirm.nap.withdraw.h"), true
	if msg := n.MoveProblem(model.NAPWithdrawn); msg != "" {
		c.Blocked = moveBlocked(n.NAP, model.NAPWithdrawn)
		return c, nil
	}
	c.Happens = []model.Message{
		model.Msg("svcconfirm.nap.withdraw.alone", model.ArgOrg(n.State), model.ArgMsg(s.planAudience(n.Visibility, n))),
		model.Msg("svcconfirm.nap.withdraw.closed"),
	}
	if n.Visibility == model.VisPrivate { // nobody else read it: nobody stops reading it
		c.Happens[0] = model.Msg("svcconfirm.nap.withdraw.private", model.ArgOrg(n.State))
	}
	if len(subs) > 0 {
		c.Happens = append(c.Happens, model.Msg("svcconfirm.nap.withdraw.kept", model.ArgNum(len(subs))))
	}
	c.Affected = ended(s.planAudience(n.Visibility, n))
	c.Undo = model.Msg("svcconfirm.nap.withdraw.undo")
	return c, nil
}

func (s *NAPs) confirmDelete(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	n, subs, c, err := s.planForAct(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	c.Action = napURL(n.ID) + "/delete"
	c.Heading, c.Button, c.Danger = model.Msg("svcconfirm.nap.delete.h"), model.Msg("svcconfirm.nap.delete.h"), true
	if msg, why := s.deleteProblem(ctx, n.NAP, len(subs)); msg != "" {
		c.Blocked = why
		return c, nil
	}
	actions, err := s.db.NAPActions(ctx, n.ID)
	if err != nil {
		return c, err
	}
	c.Happens = []model.Message{model.Msg("svcconfirm.nap.delete.gone", model.ArgNum(len(actions))), model.Msg("svcconfirm.nap.delete.audit")}
	c.Affected = model.Msg("svcconfirm.nap.delete.affected", model.ArgOrg(n.State))
	c.Undo = model.Msg("svcconfirm.nap.delete.undo")
	return c, nil
}

// deleteProblem says why plan n cannot be deleted ("" when it can): only a
// draft never adopted nor submitted, that no other plan revises — in
// English for the API's 422 and as a sentence for the confirmation page.
func (s *NAPs) deleteProblem(ctx context.Context, n model.NAP, submissions int) (string, model.Message) {
	switch {
	case n.Status != model.NAPDraft || !n.AdoptedOn.IsZero():
		return "only a draft that was never adopted can be deleted; this plan is " + PlanStatus(s.cat, n) + " (withdraw it instead)",
			model.Msg("svcconfirm.nap.delete.adopted", model.ArgMsg(statusSay(n.Status)))
	case submissions > 0:
		return "the plan was submitted to the 1540 Committee: it can be withdrawn, not deleted", model.Msg("svcconfirm.nap.delete.submitted")
	}
	if next, err := s.db.NAPReplacedBy(ctx, model.SystemViewer("napx"), n.ID); err == nil && len(next) > 0 {
		return fmt.Sprintf("plan %q says it revises this draft: change that plan first", next[0].Title),
			model.Msg("svcconfirm.nap.delete.revised", model.ArgText(next[0].Title))
	}
	return "", model.Message{}
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
		if msg, _ := s.deleteProblem(ctx, n, len(subs)); msg != "" {
			return model.Problems{"status": msg}
		}
		actions, err := tx.NAPActions(ctx, id)
		if err != nil {
			return err
		}
		acts := fmt.Sprintf("%d actions", len(actions)) // the audit log's English
		if len(actions) == 1 {
			acts = "1 action"
		}
		if err := tx.DeleteNAP(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "nap.delete", Kind: "nap", RecordID: id,
			Summary: fmt.Sprintf("draft plan %q of %s deleted with %s", n.Title, n.State, acts), Before: model.Snapshot(n, actions)})
	})
}
