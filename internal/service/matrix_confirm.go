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
	state := model.ArgOrg(s.Code)
	c := Confirmation{Heading: model.Msg("svcconfirm.matrix.agree.h"), Subject: model.Msg("svcconfirm.matrix.subject", state), Back: base, Action: base + "/agree",
		Button: model.Msg("svcconfirm.matrix.agree.button", state)}
	if t.open == nil || t.open.Status != model.EditionWithState {
		c.Blocked = model.Msg("svcconfirm.matrix.agree.none", state)
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
	agrees := model.Msg("svcconfirm.matrix.agree.happens", state, model.ArgNum(t.open.Number))
	if t.open.BasedOn > 0 {
		agrees = model.Msg("svcconfirm.matrix.agree.changed", model.ArgNum(len(g.Changes)), state, model.ArgNum(t.open.Number), model.ArgNum(t.open.BasedOn))
		c.Extra = fmt.Sprintf("%s/diff?from=%d&to=%d", base, t.open.BasedOn, t.open.Number)
	}
	c.Happens = []model.Message{agrees, model.Msg("svcconfirm.matrix.agree.then")}
	c.Affected = model.Msg("svcconfirm.matrix.agree.affected", state)
	c.Undo = model.Msg("svcconfirm.matrix.agree.undo", state)
	return c, nil
}

// editionSay is where an edition stands (service.EditionStatus's wording)
// as a phrase of the catalogue.
func editionSay(e model.MatrixEdition) model.Message {
	switch {
	case e.Status == model.EditionDraft:
		return model.Msg("svcconfirm.edition.draft")
	case e.Status == model.EditionWithState && e.Agreed:
		return model.Msg("svcconfirm.edition.agreed", model.ArgOrg(e.State), model.ArgDayOf(e.AgreedAt))
	case e.Status == model.EditionWithState:
		return model.Msg("svcconfirm.edition.with", model.ArgOrg(e.State), model.ArgDayOf(e.SentAt))
	case e.Status == model.EditionApproved:
		return model.Msg("svcconfirm.edition.approved", model.ArgDayOf(e.ApprovedAt))
	}
	return model.Msg("svcconfirm.edition.superseded")
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
	state := model.ArgOrg(s.Code)
	c := Confirmation{Heading: model.Msg("svcconfirm.matrix.approve.h"), Subject: model.Msg("svcconfirm.matrix.subject", state), Back: base, Action: base + "/approve",
		Button: model.Msg("svcconfirm.matrix.approve.button")}
	if t.open == nil || t.open.Status != model.EditionWithState || !t.open.Agreed {
		c.Blocked = model.Msg("svcconfirm.matrix.approve.none", state)
		if t.open != nil {
			c.Blocked = model.Msg("svcconfirm.matrix.approve.none.status", state, model.ArgMsg(editionSay(*t.open)))
		}
		return c, nil
	}
	c.StepDate = true
	c.Version = int64(t.open.Number)
	c.Happens = []model.Message{
		model.Msg("svcconfirm.matrix.approve.happens", model.ArgNum(t.open.Number), state, model.ArgDayOf(t.open.AgreedAt)),
		model.Msg("svcconfirm.matrix.approve.published"),
	}
	if t.approved != nil {
		c.Happens = append(c.Happens, model.Msg("svcconfirm.matrix.approve.supersedes", model.ArgNum(t.approved.Number), model.ArgDate(t.approved.ApprovedOn)))
	}
	c.Affected = model.Msg("svcconfirm.matrix.approve.affected", state)
	c.Undo = model.Msg("svcconfirm.matrix.approve.undo")
	return c, nil
}
