package service

import (
	"context"
	"errors"
	"fmt"

	"napx/internal/model"
	"napx/internal/policy"
)

// confirmWithdraw is the page before a delegate is withdrawn (the
// delegation's coordinator until the deadline, or the organiser): who is
// withdrawn, where the seat goes, how to undo it.
func (s *Events) confirmWithdraw(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	e, err := s.db.Event(ctx, ref.ID)
	if err != nil {
		return Confirmation{}, err
	}
	rec, err := s.record(ctx, &s.db.Conn, e)
	if err != nil {
		return Confirmation{}, err
	}
	if err := policy.Read(v, rec); err != nil {
		return Confirmation{}, err
	}
	p, err := s.db.Participant(ctx, ref.Sub)
	if err != nil {
		return Confirmation{}, err
	}
	st, err := s.standing(ctx, &s.db.Conn, e, v.Org(), v.ID())
	if err != nil {
		return Confirmation{}, err
	}
	if p.EventID != e.ID || !policy.ParticipantVisible(v, rec, p.Org, p.Status, st) {
		return Confirmation{}, model.ErrNotFound
	}
	page := fmt.Sprintf("/events/%d/participants", e.ID)
	// The delegation by the name it had on the event's day: a State's name
	// in the reader's language, or its former name as recorded.
	delegation := model.ArgOrg(p.Org)
	if name := s.DelegationOn(p.Org, e.Start).Name; name != s.cat.OrgName(p.Org) {
		delegation = model.ArgText(name)
	}
	person := model.ArgText(p.Name)
	c := Confirmation{Heading: model.Msg("svcconfirm.delegate.h"), Subject: titled(e.Title), Person: p.Name, Version: p.Version, Back: page + fmt.Sprintf("#p%d", p.ID),
		Action: fmt.Sprintf("%s/%d/withdraw", page, p.ID), Button: model.Msg("svcconfirm.delegate.button", person), Danger: true}
	if err := policy.ChangeNomination(v, rec, p.Org, policy.StepWithdraw, s.open(e)); err != nil {
		if errors.Is(err, policy.ErrNominationsClosed) {
			c.Blocked = model.Msg("svcconfirm.delegate.closed", model.ArgDate(e.Deadline()))
			return c, nil
		}
		return c, err
	}
	if !p.Status.CanMoveTo(model.StatusWithdrawn) {
		c.Blocked = model.Msg("svcconfirm.delegate.status", person)
		return c, nil
	}
	c.Happens = []model.Message{model.Msg("svcconfirm.delegate.happens", person, delegation)}
	if p.Status.HoldsSeat() {
		c.Happens = append(c.Happens, model.Msg("svcconfirm.delegate.seat", delegation))
	}
	c.Affected = model.Msg("svcconfirm.delegate.affected", person, delegation, model.ArgOrg(e.Organizer))
	c.Undo = model.Msg("svcconfirm.delegate.undo")
	return c, nil
}
