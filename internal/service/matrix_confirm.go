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
	c := Confirmation{Heading: "Agree to the edition", Subject: "Matrix of " + s.Name, Back: base, Action: base + "/agree",
		Button: "Agree on behalf of " + s.Name}
	if t.open == nil || t.open.Status != model.EditionWithState {
		c.Blocked = "no edition of " + s.Name + "'s matrix is with " + s.Name + " now"
		return c, nil
	}
	c.Version = int64(t.open.Number)
	if t.open.Agreed {
		c.Blocked = EditionStatus(m.cat, *t.open)
		return c, nil
	}
	g, err := m.Review(ctx, v, s.Code)
	if err != nil {
		return c, err
	}
	c.Review = &g
	changed := ""
	if t.open.BasedOn > 0 {
		changed = fmt.Sprintf(", with %s since approved edition %d", pluralOf(len(g.Changes), "changed field", "changed fields"), t.open.BasedOn)
		c.Extra = fmt.Sprintf("%s/diff?from=%d&to=%d", base, t.open.BasedOn, t.open.Number)
	}
	c.Happens = []string{
		fmt.Sprintf("%s agrees to edition %d of its matrix%s.", s.Name, t.open.Number, changed),
		"The 1540 Committee can then approve the edition: once approved it is published, and anyone, including the public, reads it.",
	}
	c.Affected = s.Name + ", the 1540 Committee and UNODA now; everyone once the Committee approves the edition."
	c.Undo = "Once " + s.Name + " has agreed it can no longer ask for changes to this edition. To change a field later, ask the Committee's experts for a new edition."
	return c, nil
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
	c := Confirmation{Heading: "Approve and publish the edition", Subject: "Matrix of " + s.Name, Back: base, Action: base + "/approve", Button: "Approve and publish"}
	if t.open == nil || t.open.Status != model.EditionWithState || !t.open.Agreed {
		c.Blocked = "there is no edition of " + s.Name + "'s matrix agreed by " + s.Name + " to approve"
		if t.open != nil {
			c.Blocked += " (" + EditionStatus(m.cat, *t.open) + ")"
		}
		return c, nil
	}
	c.StepDate = true
	c.Version = int64(t.open.Number)
	c.Happens = []string{
		fmt.Sprintf("Edition %d of %s's matrix, agreed by %s on %s, is approved.", t.open.Number, s.Name, s.Name, model.DateOf(t.open.AgreedAt.UTC()).Long()),
		"It is published: anyone, including the public, reads it, and the coverage figures and maps use it.",
	}
	if t.approved != nil {
		c.Happens = append(c.Happens, fmt.Sprintf("Edition %d, approved on %s, is superseded (it stays readable as an earlier edition).", t.approved.Number, t.approved.ApprovedOn.Long()))
	}
	c.Affected = "Everyone: " + s.Name + ", the Committee and the public."
	c.Undo = "An approval cannot be undone; a correction is a new edition drafted by the Committee's experts."
	return c, nil
}
