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
	delegation := s.DelegationOn(p.Org, e.Start).Name
	c := Confirmation{Heading: "Withdraw a delegate", Subject: e.Title, Person: p.Name, Version: p.Version, Back: page + fmt.Sprintf("#p%d", p.ID),
		Action: fmt.Sprintf("%s/%d/withdraw", page, p.ID), Button: "Withdraw " + p.Name, Danger: true}
	if err := policy.ChangeNomination(v, rec, p.Org, policy.StepWithdraw, s.open(e)); err != nil {
		if errors.Is(err, policy.ErrNominationsClosed) {
			c.Blocked = fmt.Sprintf("changes closed on %s (the nomination deadline); ask the organiser", e.Deadline().Long())
			return c, nil
		}
		return c, err
	}
	if !p.Status.CanMoveTo(model.StatusWithdrawn) {
		c.Blocked = fmt.Sprintf("%s is %s: a delegate in that status cannot be withdrawn", p.Name, p.Status.Label())
		return c, nil
	}
	c.Happens = []string{fmt.Sprintf("%s is withdrawn from %s's delegation to this event.", p.Name, delegation)}
	if p.Status.HoldsSeat() {
		c.Happens = append(c.Happens, fmt.Sprintf("The seat goes to the first delegate waiting from %s, else to the first on the event's waiting list.", delegation))
	}
	c.Affected = fmt.Sprintf("%s, %s's delegation and the organiser (%s).", p.Name, delegation, s.cat.OrgName(e.Organizer))
	c.Undo = "A withdrawal cannot be undone as such: nominate the delegate again while nominations are open (if the seats are taken by then, the new nomination waits for one)."
	return c, nil
}
