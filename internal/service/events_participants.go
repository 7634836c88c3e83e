package service

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// promote gives seat to the first waiting delegate of delegation org, or
// (when anyone) of the whole event; it reports whether someone got it.
func (s *Events) promote(ctx context.Context, tx *store.Tx, v model.Viewer, e model.Event, seat, org string, anyone bool) (bool, error) {
	p, ok, err := tx.FirstWaitlisted(ctx, e.ID, org)
	if err != nil {
		return false, err
	}
	if !ok && anyone {
		p, ok, err = tx.FirstWaitlisted(ctx, e.ID, "")
		if err != nil {
			return false, err
		}
	}
	if !ok {
		return false, nil
	}
	before := p
	p.Status, p.Seat = model.StatusNominated, seat
	if err := tx.UpdateParticipant(ctx, &p); err != nil {
		return false, err
	}
	note := "a seat of " + seatLabel(seat) + " was released"
	if err := tx.AddParticipantHistory(ctx, p.ID, model.ParticipantChange{By: "napx (waiting list)", From: model.StatusWaitlisted, To: model.StatusNominated, Note: note}); err != nil {
		return false, err
	}
	if s.notify != nil {
		if err := s.notify.Send(ctx, tx, s.promoted(e, p)); err != nil {
			return false, err
		}
	}
	return true, tx.Audit(ctx, v, store.AuditRecord{Action: "event.participant.promote", Kind: "event-participant", RecordID: p.ID,
		Summary: fmt.Sprintf("%s (%s) moved from the waiting list to a seat at %q: %s", p.Name, p.Org, e.Title, note), Before: before, After: p})
}

func seatLabel(seat string) string {
	switch seat {
	case model.SeatOpen:
		return "the open seats"
	case model.SeatOrganiser:
		return "the organiser"
	}
	return seat
}

// Nominate records a delegate named by an invited delegation's
// coordinator: within the delegation's quota (or the open seats, for
// associate members and observers) the delegate is nominated; beyond it,
// waitlisted in order. The delegation is the coordinator's own: a
// nomination for another delegation, or by an uninvited one, is
// forbidden. The event's row is locked for the count, so concurrent
// nominations never share a seat.
func (s *Events) Nominate(ctx context.Context, v model.Viewer, eventID int64, input Input[model.NominationInput]) (ParticipantView, error) {
	var e model.Event
	var p model.Participant
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		var rec policy.Record
		var err error
		e, rec, err = s.locked(ctx, tx, v, eventID)
		if err != nil {
			return err
		}
		in, err := input.read(model.NominationInput{})
		if err != nil {
			return err
		}
		illustrative, err := illustrative(v, in.Illustrative)
		if err != nil {
			return err
		}
		if strings.TrimSpace(in.Org) == "" {
			in.Org = v.Org()
		}
		var probs model.Problems
		p, probs = in.Validate()
		st, err := s.standing(ctx, &tx.Conn, e, p.Org, v.ID())
		if err != nil {
			return err
		}
		if err := policy.Nominate(v, rec, p.Org, st, s.open(e)); err != nil {
			if errors.Is(err, policy.ErrNominationsClosed) {
				return model.Problems{"nomination_deadline": fmt.Sprintf("nominations closed on %s (the nomination deadline); ask the organiser", e.Deadline().Long())}
			}
			return err
		}
		det, dp, err := s.detailsFor(ctx, tx, e, in.Details)
		if err != nil {
			return err
		}
		maps.Copy(probs, dp)
		if len(probs) > 0 {
			return probs
		}
		if _, ok := s.cat.Org(p.Org); !ok {
			return model.Problems{"org": fmt.Sprintf("%q is not a known organisation code", p.Org)}
		}
		taken, err := tx.ActiveNameTaken(ctx, e.ID, model.NameKey(p.Name), 0)
		if err != nil {
			return err
		}
		if taken {
			return model.Problems{"name": p.Name + " is already nominated for this event"}
		}
		quotas, err := tx.Quotas(ctx, e.ID)
		if err != nil {
			return err
		}
		held, err := tx.SeatsHeld(ctx, e.ID)
		if err != nil {
			return err
		}
		seats, invited := 0, false
		for _, q := range quotas {
			if q.Org == p.Org {
				seats, invited = q.Seats, true
			}
		}
		p.EventID, p.NominatedBy, p.Illustrative = e.ID, v.Label(), illustrative
		switch {
		case invited && held[p.Org] < seats:
			p.Status, p.Seat = model.StatusNominated, p.Org
		case s.openEligible(e, p.Org) && held[model.SeatOpen] < e.OpenSeats:
			p.Status, p.Seat = model.StatusNominated, model.SeatOpen
		default:
			pos, err := tx.NextWaitlistPosition(ctx, e.ID)
			if err != nil {
				return err
			}
			p.Status, p.Position = model.StatusWaitlisted, pos
		}
		if err := tx.CreateParticipant(ctx, &p); err != nil {
			if store.IsUniqueViolation(err) {
				return model.Problems{"name": p.Name + " is already nominated for this event"}
			}
			return err
		}
		note := "nominated by " + v.Label()
		if p.Status == model.StatusWaitlisted {
			note += "; the delegation's seats are taken: on the waiting list"
		}
		if err := tx.AddParticipantHistory(ctx, p.ID, model.ParticipantChange{By: v.Label(), To: p.Status, Note: note}); err != nil {
			return err
		}
		if !det.Empty() {
			if err := tx.SetParticipantDetails(ctx, p.ID, det); err != nil {
				return err
			}
		}
		if s.notify != nil {
			for _, n := range s.nominated(e, p, v) {
				if err := s.notify.Send(ctx, tx, n); err != nil {
					return err
				}
			}
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "event.participant.nominate", Kind: "event-participant", RecordID: p.ID,
			Summary: fmt.Sprintf("%s nominated by %s for %q: %s", p.Name, p.Org, e.Title, p.Status), After: p})
	})
	if err != nil {
		return ParticipantView{}, err
	}
	return s.participantView(ctx, v, eventID, p.ID)
}

// participantView reads one delegate back as v sees it, with what v may
// do to it (the answer to a nomination or a change).
func (s *Events) participantView(ctx context.Context, v model.Viewer, eventID, pid int64) (ParticipantView, error) {
	c := &s.db.Conn
	e, rec, err := s.readable(ctx, c, v, eventID)
	if err != nil {
		return ParticipantView{}, err
	}
	p, err := c.Participant(ctx, pid)
	if err != nil {
		return ParticipantView{}, err
	}
	st, err := s.standing(ctx, c, e, v.Org(), v.ID())
	if err != nil {
		return ParticipantView{}, err
	}
	if p.EventID != e.ID || !policy.ParticipantVisible(v, rec, p.Org, p.Status, st) {
		return ParticipantView{}, model.ErrNotFound
	}
	if p.Status == model.StatusWaitlisted {
		if p.Place, err = c.WaitlistPlace(ctx, e.ID, p.Position); err != nil {
			return ParticipantView{}, err
		}
	}
	pv := ParticipantView{Participant: p, Delegation: s.DelegationOn(p.Org, e.Start)}
	if policy.NominationDetailsVisible(v, rec, p.Org) {
		det, err := c.ParticipantDetails(ctx, e.ID)
		if err != nil {
			return ParticipantView{}, err
		}
		if d, ok := det[p.ID]; ok {
			pv.Details = &d
		}
	}
	if pv.History, err = c.ParticipantHistoryOf(ctx, p.ID); err != nil {
		return ParticipantView{}, err
	}
	s.permissions(v, rec, e, s.open(e), !e.Start.After(e.Today(s.now())), &pv)
	return pv, nil
}

// permissions fills in what v may do to a delegate.
func (s *Events) permissions(v model.Viewer, rec policy.Record, e model.Event, open, started bool, pv *ParticipantView) {
	can := func(step policy.NominationStep) bool {
		return policy.ChangeNomination(v, rec, pv.Org, step, open) == nil
	}
	if pv.Status.Active() {
		pv.CanSubstitute = can(policy.StepSubstitute)
	}
	pv.CanWithdraw = pv.Status.CanMoveTo(model.StatusWithdrawn) && can(policy.StepWithdraw)
	pv.CanConfirm = pv.Status.CanMoveTo(model.StatusConfirmed) && can(policy.StepConfirm)
	pv.CanDecline = pv.Status.CanMoveTo(model.StatusDeclined) && can(policy.StepDecline)
	pv.CanAttendance = (pv.Status.CanMoveTo(model.StatusAttended) || pv.Status.CanMoveTo(model.StatusNoShow)) && can(policy.StepAttendance) && started
}

// Participants lists the delegates of an event that v may see.
func (s *Events) Participants(ctx context.Context, v model.Viewer, id int64) ([]ParticipantView, error) {
	ev, err := s.Get(ctx, v, id)
	if err != nil {
		return nil, err
	}
	return ev.Participants, nil
}

// ChangeParticipant confirms, declines, withdraws or substitutes a
// delegate, or records attendance. A seat released by a withdrawal or a
// refusal goes to the first waiting delegate of the seat's delegation,
// then to the first of the event.
func (s *Events) ChangeParticipant(ctx context.Context, v model.Viewer, eventID, pid int64, input Input[model.ParticipantPatch]) (ParticipantView, error) {
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		e, rec, err := s.locked(ctx, tx, v, eventID)
		if err != nil {
			return err
		}
		st, err := s.standing(ctx, &tx.Conn, e, v.Org(), v.ID())
		if err != nil {
			return err
		}
		if err := s.visibleParticipant(ctx, tx, v, e, rec, st, pid); err != nil {
			return err
		}
		in, err := input.read(model.ParticipantPatch{})
		if err != nil {
			return err
		}
		return s.changeOne(ctx, tx, v, e, rec, st, pid, in)
	})
	if err != nil {
		return ParticipantView{}, err
	}
	return s.participantView(ctx, v, eventID, pid)
}

// visibleParticipant checks that delegate pid is of event e and that v
// may see them (else 404, whatever the request says).
func (s *Events) visibleParticipant(ctx context.Context, tx *store.Tx, v model.Viewer, e model.Event, rec policy.Record, st policy.Standing, pid int64) error {
	p, err := tx.Participant(ctx, pid)
	if err != nil {
		return err
	}
	if p.EventID != e.ID || !policy.ParticipantVisible(v, rec, p.Org, p.Status, st) {
		return model.ErrNotFound
	}
	return nil
}

// changeOne applies one change to delegate pid of the locked event e:
// the workflow, the version, the history, the audit, notices and the
// promotion of a waiting delegate to a released seat.
func (s *Events) changeOne(ctx context.Context, tx *store.Tx, v model.Viewer, e model.Event, rec policy.Record, st policy.Standing, pid int64, in model.ParticipantPatch) error {
	{
		p, err := tx.Participant(ctx, pid)
		if err != nil {
			return err
		}
		if p.EventID != e.ID || !policy.ParticipantVisible(v, rec, p.Org, p.Status, st) {
			return model.ErrNotFound
		}
		to, name, probs := in.Validate()
		if in.Details != nil && !in.Details.Empty() && name == "" {
			probs.Add("details", "answers are given with a substitute's name only")
		}
		if len(probs) > 0 {
			return probs
		}
		step := policy.StepSubstitute
		if name == "" {
			step = policy.StepOf(to)
		}
		if step == 0 {
			if !policy.CanRead(v, rec) || !v.SignedIn() {
				return policy.Decide(v, rec, false)
			}
			return model.Problems{"status": "a delegate is nominated or put on the waiting list by a nomination, not by a change; choose confirmed, declined, withdrawn, attended or no-show"}
		}
		if err := policy.ChangeNomination(v, rec, p.Org, step, s.open(e)); err != nil {
			if errors.Is(err, policy.ErrNominationsClosed) {
				return model.Problems{"nomination_deadline": fmt.Sprintf("changes closed on %s (the nomination deadline); ask the organiser", e.Deadline().Long())}
			}
			return err
		}
		if err := model.CheckVersion(in.Version, p.Version); err != nil {
			if !errors.Is(err, model.ErrConflict) {
				return err
			}
			cur := ParticipantView{Participant: p, Delegation: s.DelegationOn(p.Org, e.Start)}
			return conflict(cur, "conflicts.delegate", model.ArgNum(int(in.Version)), model.ArgNum(int(p.Version)))
		}
		before := p
		change := model.ParticipantChange{By: v.Label(), From: p.Status, Note: strings.TrimSpace(in.Note)}
		var released string
		switch step {
		case policy.StepSubstitute:
			if !p.Status.Active() {
				return model.Problems{"name": "a " + string(p.Status) + " delegate cannot be substituted; nominate someone new"}
			}
			taken, err := tx.ActiveNameTaken(ctx, e.ID, model.NameKey(name), p.ID)
			if err != nil {
				return err
			}
			if taken || model.NameKey(name) == model.NameKey(p.Name) {
				return model.Problems{"name": name + " is already nominated for this event"}
			}
			det, dp, err := s.detailsFor(ctx, tx, e, in.Details)
			if err != nil {
				return err
			}
			if len(dp) > 0 {
				return dp
			}
			if err := tx.SetParticipantDetails(ctx, p.ID, det); err != nil { // the former delegate's answers go with them
				return err
			}
			change.Note = strings.TrimSpace("substitute for " + p.Name + ". " + change.Note)
			p.Name, p.Function = name, strings.TrimSpace(in.Function)
			if p.Status == model.StatusConfirmed && !policy.CanOrganise(v, rec) {
				p.Status = model.StatusNominated // the organiser confirms the new person
			}
		default:
			if !p.Status.CanMoveTo(to) {
				return model.Problems{"status": fmt.Sprintf("a delegate who is %s cannot become %s", p.Status.Label(), to.Label())}
			}
			if step == policy.StepAttendance && e.Start.After(e.Today(s.now())) {
				return model.Problems{"status": "attendance is recorded from the event's first day (" + e.Start.Long() + ")"}
			}
			if to == model.StatusConfirmed && p.Status == model.StatusWaitlisted {
				seat, err := s.freeSeat(ctx, tx, e, p.Org)
				if err != nil {
					return err
				}
				p.Seat = seat
			}
			if to == model.StatusWithdrawn || to == model.StatusDeclined {
				if p.Status.HoldsSeat() {
					released = p.Seat
				}
				p.Seat = ""
			}
			p.Status = to
		}
		change.To = p.Status
		if err := tx.UpdateParticipant(ctx, &p); err != nil {
			return err
		}
		if err := tx.AddParticipantHistory(ctx, p.ID, change); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v, store.AuditRecord{Action: "event.participant.change", Kind: "event-participant", RecordID: p.ID,
			Summary: fmt.Sprintf("%s (%s) at %q: %s → %s", p.Name, p.Org, e.Title, before.Status, p.Status), Before: before, After: p}); err != nil {
			return err
		}
		if n, ok := s.participantChanged(e, p, before.Status, step, v); ok && s.notify != nil {
			if err := s.notify.Send(ctx, tx, n); err != nil {
				return err
			}
		}
		if released != "" && released != model.SeatOrganiser {
			org := released
			if released == model.SeatOpen {
				org = p.Org
			}
			if _, err := s.promote(ctx, tx, v, e, released, org, true); err != nil {
				return err
			}
		}
		return nil
	}
}

// freeSeat finds the seat a waiting delegate of org takes when the
// organiser confirms them: a free seat of the delegation's quota, else a
// free open seat, else a seat granted by the organiser.
func (s *Events) freeSeat(ctx context.Context, tx *store.Tx, e model.Event, org string) (string, error) {
	quotas, err := tx.Quotas(ctx, e.ID)
	if err != nil {
		return "", err
	}
	held, err := tx.SeatsHeld(ctx, e.ID)
	if err != nil {
		return "", err
	}
	for _, q := range quotas {
		if q.Org == org && held[org] < q.Seats {
			return org, nil
		}
	}
	if s.openEligible(e, org) && held[model.SeatOpen] < e.OpenSeats {
		return model.SeatOpen, nil
	}
	return model.SeatOrganiser, nil
}
