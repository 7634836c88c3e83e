package service

import (
	"context"
	"fmt"

	"napx/internal/model"
	"napx/internal/policy"
)

// The matrix's formal acts (issue 18, item 2): the State's agreement and
// the Committee's approval, each confirmed on its own page.

// confirmAgree is the State coordinator's page before agreeing to the
// edition with the State: what it changes, then the agreement.
func (m *Matrix) confirmAgree(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	s, err := m.state(ref.State)
	if err != nil {
		return Confirmation{}, err
	}
	t, err := findTarget(ctx, &m.db.Conn, s.Code)
	if err != nil {
		return Confirmation{}, err
	}
	if err := policy.AnswerMatrix(v, t.record(s.Code)); err != nil {
		return Confirmation{}, err
	}
	base := "/states/" + s.Code + "/matrix"
	state := model.OrgArg(s.Code)
	c := Confirmation{Heading: model.Say("svcconfirm.matrix.agree.h"), Subject: model.Say("svcconfirm.matrix.subject", state), Back: base, Action: base + "/agree",
		Button: model.Say("svcconfirm.matrix.agree.button", state)}
	if t.open == nil || t.open.Status != model.EditionWithState {
		c.Blocked = model.Say("svcconfirm.matrix.agree.none", state)
		return c, nil
	}
	c.Version = int64(t.open.Number)
	if t.open.Agreed {
		c.Blocked = ended(editionSay(*t.open))
		return c, nil
	}
	g, err := m.Review(ctx, v, s.Code)
	if err != nil {
		return c, err
	}
	c.Review = &g
	agrees := model.Say("svcconfirm.matrix.agree.happens", state, model.NumArg(t.open.Number))
	if t.open.BasedOn > 0 {
		agrees = model.Say("svcconfirm.matrix.agree.changed", model.NumArg(len(g.Changes)), state, model.NumArg(t.open.Number), model.NumArg(t.open.BasedOn))
		c.Extra = fmt.Sprintf("%s/diff?from=%d&to=%d", base, t.open.BasedOn, t.open.Number)
	}
	c.Happens = []model.Sentence{agrees, model.Say("svcconfirm.matrix.agree.then")}
	c.Affected = model.Say("svcconfirm.matrix.agree.affected", state)
	c.Undo = model.Say("svcconfirm.matrix.agree.undo", state)
	return c, nil
}

// editionSay is where an edition stands (service.EditionStatus's wording)
// as a phrase of the catalogue.
func editionSay(e model.MatrixEdition) model.Sentence {
	switch {
	case e.Status == model.EditionDraft:
		return model.Say("svcconfirm.edition.draft")
	case e.Status == model.EditionWithState && e.Agreed:
		return model.Say("svcconfirm.edition.agreed", model.OrgArg(e.State), model.DayOf(e.AgreedAt))
	case e.Status == model.EditionWithState:
		return model.Say("svcconfirm.edition.with", model.OrgArg(e.State), model.DayOf(e.SentAt))
	case e.Status == model.EditionApproved:
		return model.Say("svcconfirm.edition.approved", model.DayOf(e.ApprovedAt))
	}
	return model.Say("svcconfirm.edition.superseded")
}

// confirmApprove is the Committee coordinator's page before approving.
func (m *Matrix) confirmApprove(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	s, err := m.state(ref.State)
	if err != nil {
		return Confirmation{}, err
	}
	t, err := findTarget(ctx, &m.db.Conn, s.Code)
	if err != nil {
		return Confirmation{}, err
	}
	if err := policy.ApproveMatrix(v, t.record(s.Code)); err != nil {
		return Confirmation{}, err
	}
	base := "/states/" + s.Code + "/matrix"
	state := model.OrgArg(s.Code)
	c := Confirmation{Heading: model.Say("svcconfirm.matrix.approve.h"), Subject: model.Say("svcconfirm.matrix.subject", state), Back: base, Action: base + "/approve",
		Button: model.Say("svcconfirm.matrix.approve.button")}
	if t.open == nil || t.open.Status != model.EditionWithState || !t.open.Agreed {
		c.Blocked = model.Say("svcconfirm.matrix.approve.none", state)
		if t.open != nil {
			c.Blocked = model.Say("svcconfirm.matrix.approve.none.status", state, model.SentenceArg(editionSay(*t.open)))
		}
		return c, nil
	}
	c.StepDate = true
	c.Version = int64(t.open.Number)
	c.Happens = []model.Sentence{
		model.Say("svcconfirm.matrix.approve.happens", model.NumArg(t.open.Number), state, model.DayOf(t.open.AgreedAt)),
		model.Say("svcconfirm.matrix.approve.published"),
	}
	if t.approved != nil {
		c.Happens = append(c.Happens, model.Say("svcconfirm.matrix.approve.supersedes", model.NumArg(t.approved.Number), model.DayArg(t.approved.ApprovedOn)))
	}
	c.Affected = model.Say("svcconfirm.matrix.approve.affected", state)
	c.Undo = model.Say("svcconfirm.matrix.approve.undo")
	return c, nil
}
