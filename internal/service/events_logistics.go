package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// Invitation is what an invited delegation's own readers see: that it is
// invited, its seats and who nominates for it (issue 18, item 9).
type Invitation struct {
	Delegation Delegation
	Seats      int    // its own quota (0: invited without a seat of its own)
	ViaGroup   string // the group whose quota it came from
	Open       bool   // welcome in the open seats as an associate member or observer
	Held       int
	Waiting    int
	Nominators []string // its coordinators: the only accounts that nominate for it
	Deadline   model.Date
}

// logistics fills what the nomination questions add to an event's view:
// the questions asked, each visible delegate's answers (only for the
// organiser's staff and the delegate's own delegation) and the viewer's
// invitation.
func (s *Events) logistics(ctx context.Context, c *store.Conn, v model.Viewer, ev *EventView) error {
	fields, err := c.NominationFields(ctx, ev.ID)
	if err != nil {
		return err
	}
	ev.NominationFields = fields
	if len(ev.Participants) > 0 {
		det, err := c.ParticipantDetails(ctx, ev.ID)
		if err != nil {
			return err
		}
		fill := func(ps []ParticipantView) {
			for i := range ps {
				if d, ok := det[ps[i].ID]; ok && policy.NominationDetailsVisible(v, ev.Record, ps[i].Org) {
					ps[i].Details = &d
				}
			}
		}
		fill(ev.Participants)
		fill(ev.WaitingList)
	}
	if !v.SignedIn() || v.Org() == "" {
		return nil
	}
	inv := Invitation{Delegation: s.DelegationOn(v.Org(), ev.Start), Open: ev.OpenEligible, Deadline: ev.Deadline()}
	invited := ev.OpenEligible
	for _, q := range ev.Quotas {
		if q.Org == v.Org() {
			invited, inv.Seats, inv.ViaGroup, inv.Held, inv.Waiting = true, q.Seats, q.ViaGroup, q.Held, q.Waiting
		}
	}
	if !invited {
		return nil
	}
	accounts, err := c.Accounts(ctx, store.AccountFilter{Org: v.Org()})
	if err != nil {
		return err
	}
	for _, a := range accounts {
		if a.Role == model.RoleCoordinator && !a.Disabled {
			inv.Nominators = append(inv.Nominators, a.Label())
		}
	}
	ev.Invitation = &inv
	return nil
}

// detailsFor checks a nomination's answers against the event's questions.
func (s *Events) detailsFor(ctx context.Context, tx *store.Tx, e model.Event, d *model.NominationDetails) (model.NominationDetails, model.Problems, error) {
	fields, err := tx.NominationFields(ctx, e.ID)
	if err != nil {
		return model.NominationDetails{}, nil, err
	}
	var in model.NominationDetails
	if d != nil {
		in = *d
	}
	out, p := model.CheckNominationDetails(in, fields, e.Start, e.End)
	if len(p) > 0 {
		return out, prefixed("details.", p), nil
	}
	return out, nil, nil
}

func prefixed(prefix string, p model.Problems) model.Problems {
	out := model.Problems{}
	for k, m := range p {
		out[prefix+k] = m
	}
	return out
}

// NominationFields returns the questions an event's nomination form asks.
func (s *Events) NominationFields(ctx context.Context, v model.Viewer, id int64) ([]model.NominationFieldSetting, error) {
	if _, _, err := s.readable(ctx, &s.db.Conn, v, id); err != nil {
		return nil, err
	}
	return s.db.NominationFields(ctx, id)
}

// SetNominationFields replaces the questions an event's nomination form
// asks (the organiser). Answers already given stay; a question removed
// is simply no longer asked.
func (s *Events) SetNominationFields(ctx context.Context, v model.Viewer, id int64, input Input[model.NominationFieldsInput]) ([]model.NominationFieldSetting, error) {
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		e, rec, err := s.locked(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := policy.Organise(v, rec); err != nil {
			return err
		}
		in, err := input.read(model.NominationFieldsInput{})
		if err != nil {
			return err
		}
		fs, probs := in.Validate()
		if len(probs) > 0 {
			return probs
		}
		before, err := tx.NominationFields(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.SetNominationFields(ctx, id, fs); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "event.nomination-fields", Kind: "event", RecordID: id,
			Summary: fmt.Sprintf("nomination form of %q asks for: %s", e.Title, fieldsOrNone(model.NominationFieldsText(fs))), Before: before, After: fs})
	})
	if err != nil {
		return nil, err
	}
	return s.db.NominationFields(ctx, id)
}

func fieldsOrNone(s string) string {
	if s == "" {
		return "name and function only"
	}
	return s
}

// ConfirmNominations confirms several delegates at once (the organiser):
// all or none — one refusal (a delegate not found, changed since it was
// read, or not confirmable) changes nothing and names the item. Each
// confirmation is its own audited change, as if confirmed one by one.
func (s *Events) ConfirmNominations(ctx context.Context, v model.Viewer, eventID int64, input Input[model.BulkConfirmInput]) ([]ParticipantView, error) {
	var ids []int64
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		e, rec, err := s.locked(ctx, tx, v, eventID)
		if err != nil {
			return err
		}
		if err := policy.Organise(v, rec); err != nil {
			return err
		}
		in, err := input.read(model.BulkConfirmInput{})
		if err != nil {
			return err
		}
		if p := in.Validate(); len(p) > 0 {
			return p
		}
		st, err := s.standing(ctx, &tx.Conn, e, v.Org(), v.ID())
		if err != nil {
			return err
		}
		for i, it := range in.Items {
			patch := model.ParticipantPatch{Status: string(model.StatusConfirmed), Version: it.Version}
			if err := s.changeOne(ctx, tx, v, e, rec, st, it.ID, patch); err != nil {
				if p, ok := model.AsProblems(err); ok {
					return prefixed("items["+strconv.Itoa(i)+"].", p)
				}
				if errors.Is(err, model.ErrNotFound) {
					return model.Problems{"items[" + strconv.Itoa(i) + "].id": fmt.Sprintf("no delegate %d at this event", it.ID)}
				}
				return fmt.Errorf("items[%d] (delegate %d): %w", i, it.ID, err)
			}
			ids = append(ids, it.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]ParticipantView, 0, len(ids))
	for _, id := range ids {
		pv, err := s.participantView(ctx, v, eventID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, pv)
	}
	return out, nil
}
