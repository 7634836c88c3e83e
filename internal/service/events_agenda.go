package service

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// AddSession puts a session on an event's agenda (the organiser). Chairs
// and speakers given by account are looked up by e-mail address. The
// input is read once the event is found and the viewer may organise it.
func (s *Events) AddSession(ctx context.Context, v model.Viewer, eventID int64, input Input[model.SessionInput]) (model.Session, error) {
	var se model.Session
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		e, rec, err := s.locked(ctx, tx, v, eventID)
		if err != nil {
			return err
		}
		if err := policy.Organise(v, rec); err != nil {
			return err
		}
		in, err := input.read(model.SessionInput{})
		if err != nil {
			return err
		}
		ill, err := illustrative(v, in.Illustrative)
		if err != nil {
			return err
		}
		var probs model.Problems
		se, probs = in.Validate(e, s.codes())
		for i := range se.People {
			p := &se.People[i]
			if p.AccountID != -1 {
				continue
			}
			if !model.EmailAddress(strings.ToLower(strings.TrimSpace(p.Name))) {
				// Never looked up: PostgreSQL refuses some bytes a request can carry.
				probs.Add(p.Role+"s", "%q is not an e-mail address; give the person's name and organisation instead", model.CleanLine(p.Name, 60))
				continue
			}
			acc, _, err := tx.AccountByEmail(ctx, p.Name)
			if errors.Is(err, model.ErrNotFound) || (err == nil && acc.Disabled) {
				probs.Add(p.Role+"s", "there is no account with the e-mail address %s; give the person's name and organisation instead", p.Name)
				continue
			}
			if err != nil {
				return err
			}
			p.AccountID, p.Name, p.Org = acc.ID, acc.Label(), acc.Org
		}
		if len(probs) > 0 {
			return probs
		}
		se.Illustrative = ill
		if err := tx.CreateEventSession(ctx, &se); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "event.session.create", Kind: "event-session", RecordID: se.ID,
			Summary: fmt.Sprintf("session %q on %s added to %q", se.Title, se.Day, e.Title), After: se})
	})
	return se, err
}

// DeleteSession removes a session (and its materials) from the agenda.
func (s *Events) DeleteSession(ctx context.Context, v model.Viewer, eventID, sessionID int64) error {
	return s.DeleteSessionIn(ctx, v, eventID, sessionID, nil)
}

// DeleteSessionIn is DeleteSession for a request that may carry a body,
// which must be empty (read once the session is found).
func (s *Events) DeleteSessionIn(ctx context.Context, v model.Viewer, eventID, sessionID int64, none Input[struct{}]) error {
	return s.db.Write(ctx, func(tx *store.Tx) error {
		e, rec, err := s.locked(ctx, tx, v, eventID)
		if err != nil {
			return err
		}
		se, err := tx.EventSession(ctx, sessionID)
		if err != nil {
			return err
		}
		if se.EventID != e.ID {
			return model.ErrNotFound
		}
		if err := policy.Organise(v, rec); err != nil {
			return err
		}
		if _, err := none.read(struct{}{}); err != nil {
			return err
		}
		if err := tx.DeleteEventSession(ctx, sessionID); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "event.session.delete", Kind: "event-session", RecordID: sessionID,
			Summary: fmt.Sprintf("session %q removed from %q", se.Title, e.Title), Before: se})
	})
}

// AddMaterial keeps a material of an event or one of its sessions (the
// organiser): a file, stored in the database, or a link. The input is
// read once the event is found and the viewer may organise it.
func (s *Events) AddMaterial(ctx context.Context, v model.Viewer, eventID int64, input Input[model.MaterialInput]) (model.Material, error) {
	var m model.Material
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		e, rec, err := s.locked(ctx, tx, v, eventID)
		if err != nil {
			return err
		}
		if err := policy.Organise(v, rec); err != nil {
			return err
		}
		in, err := input.read(model.MaterialInput{})
		if err != nil {
			return err
		}
		ill, err := illustrative(v, in.Illustrative)
		if err != nil {
			return err
		}
		var probs model.Problems
		m, probs = in.Validate(e)
		if m.SessionID != 0 {
			se, err := tx.EventSession(ctx, m.SessionID)
			if errors.Is(err, model.ErrNotFound) || (err == nil && se.EventID != e.ID) {
				probs.Add("session", "choose one of the event's sessions, or none")
			} else if err != nil {
				return err
			}
		}
		if len(probs) > 0 {
			return probs
		}
		m.Illustrative = ill
		if err := tx.CreateMaterial(ctx, &m); err != nil {
			return err
		}
		if err := s.announceMaterial(ctx, tx, e, m); err != nil {
			return err
		}
		audit := m
		audit.Content = nil
		return tx.Audit(ctx, v, store.AuditRecord{Action: "event.material.create", Kind: "event-material", RecordID: m.ID,
			Summary: fmt.Sprintf("%s %q (%s) added to %q for %s", m.Kind.Label(), m.Title, sizeOrLink(m), e.Title, m.Audience.Label()), After: audit})
	})
	m.Content = nil
	return m, err
}

func sizeOrLink(m model.Material) string {
	if m.IsFile() {
		return fmt.Sprintf("%s, %d bytes", m.Filename, m.Size)
	}
	return m.URL
}

// Material returns a material with its content, for v to fetch: the
// material's audience and release time decide, besides the event's own
// visibility. A material v may not see does not exist for v.
func (s *Events) Material(ctx context.Context, v model.Viewer, eventID, materialID int64) (model.Material, error) {
	c := &s.db.Conn
	e, rec, err := s.readable(ctx, c, v, eventID)
	if err != nil {
		return model.Material{}, err
	}
	m, err := c.Material(ctx, materialID)
	if err != nil {
		return model.Material{}, err
	}
	if m.EventID != e.ID {
		return model.Material{}, model.ErrNotFound
	}
	st, err := s.standing(ctx, c, e, v.Org(), v.ID())
	if err != nil {
		return model.Material{}, err
	}
	if !policy.MaterialVisible(v, rec, m.Audience, m.Released(s.now()), st) {
		return model.Material{}, model.ErrNotFound
	}
	return m, nil
}

// DeleteMaterial removes a material (the organiser).
func (s *Events) DeleteMaterial(ctx context.Context, v model.Viewer, eventID, materialID int64) error {
	return s.DeleteMaterialIn(ctx, v, eventID, materialID, nil)
}

// DeleteMaterialIn is DeleteMaterial for a request that may carry a body,
// which must be empty (read once the material is found).
func (s *Events) DeleteMaterialIn(ctx context.Context, v model.Viewer, eventID, materialID int64, none Input[struct{}]) error {
	return s.db.Write(ctx, func(tx *store.Tx) error {
		e, rec, err := s.locked(ctx, tx, v, eventID)
		if err != nil {
			return err
		}
		m, err := tx.Material(ctx, materialID)
		if err != nil {
			return err
		}
		st, err := s.standing(ctx, &tx.Conn, e, v.Org(), v.ID())
		if err != nil {
			return err
		}
		if m.EventID != e.ID || !policy.MaterialVisible(v, rec, m.Audience, m.Released(s.now()), st) {
			return model.ErrNotFound
		}
		if err := policy.Organise(v, rec); err != nil {
			return err
		}
		if _, err := none.read(struct{}{}); err != nil {
			return err
		}
		if err := tx.DeleteMaterial(ctx, materialID); err != nil {
			return err
		}
		m.Content = nil
		return tx.Audit(ctx, v, store.AuditRecord{Action: "event.material.delete", Kind: "event-material", RecordID: materialID,
			Summary: fmt.Sprintf("material %q removed from %q", m.Title, e.Title), Before: m})
	})
}

// AddLesson notes a lesson learned at an event for the practices library
// (the organiser). The input is read once the event is found and the
// viewer may organise it.
func (s *Events) AddLesson(ctx context.Context, v model.Viewer, eventID int64, input Input[model.LessonInput]) (model.Lesson, error) {
	var l model.Lesson
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		e, rec, err := s.locked(ctx, tx, v, eventID)
		if err != nil {
			return err
		}
		if err := policy.Organise(v, rec); err != nil {
			return err
		}
		in, err := input.read(model.LessonInput{})
		if err != nil {
			return err
		}
		ill, err := illustrative(v, in.Illustrative)
		if err != nil {
			return err
		}
		var probs model.Problems
		if l, probs = in.Validate(s.codes()); len(probs) > 0 {
			return probs
		}
		l.EventID, l.Illustrative = e.ID, ill
		if err := tx.CreateLesson(ctx, &l); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "event.lesson.create", Kind: "event-lesson", RecordID: l.ID,
			Summary: fmt.Sprintf("lesson learned at %q noted for the practices library: %s", e.Title, l.Title), After: l})
	})
	return l, err
}

// FollowUps lists an event's follow-up actions.
func (s *Events) FollowUps(ctx context.Context, v model.Viewer, eventID int64) ([]model.FollowUp, error) {
	ev, err := s.Get(ctx, v, eventID)
	if err != nil {
		return nil, err
	}
	return ev.FollowUps, nil
}

// AddFollowUp records an action agreed at an event (the organiser).
func (s *Events) AddFollowUp(ctx context.Context, v model.Viewer, eventID int64, input Input[model.FollowUpInput]) (model.FollowUp, error) {
	var f model.FollowUp
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		e, rec, err := s.locked(ctx, tx, v, eventID)
		if err != nil {
			return err
		}
		if err := policy.Organise(v, rec); err != nil {
			return err
		}
		in, err := input.read(model.FollowUpInput{})
		if err != nil {
			return err
		}
		illustrative, err := illustrative(v, in.Illustrative)
		if err != nil {
			return err
		}
		var probs model.Problems
		f, probs = in.Validate(s.codes())
		if err := s.checkNAPAction(ctx, v, f); err != nil {
			if p, ok := model.AsProblems(err); ok {
				for k, m := range p {
					probs.Add(k, "%s", m)
				}
			} else {
				return err
			}
		}
		if len(probs) > 0 {
			return probs
		}
		f.EventID, f.Illustrative, f.Version = e.ID, illustrative, 0
		if err := tx.CreateFollowUp(ctx, &f); err != nil {
			return err
		}
		h := model.FollowUpChange{By: v.Label(), To: f.Status, Note: strings.TrimSpace(in.Note)}
		if err := tx.AddFollowUpHistory(ctx, f.ID, h); err != nil {
			return err
		}
		f.History = []model.FollowUpChange{h}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "event.followup.create", Kind: "event-followup", RecordID: f.ID,
			Summary: fmt.Sprintf("follow-up of %q for %s: %s", e.Title, f.Owner, f.Title), After: f})
	})
	if err != nil {
		return f, err
	}
	return f, s.napLink(ctx, v, &f)
}

// checkNAPAction checks a follow-up's link to a NAP action: only a
// follow-up owned by a State links, only to an action of that State's
// plan, and only to one v may read.
func (s *Events) checkNAPAction(ctx context.Context, v model.Viewer, f model.FollowUp) error {
	if f.NAPActionID == 0 {
		return nil
	}
	if s.cat.State(f.Owner) == nil {
		return model.Problems{"nap_action_id": "only a follow-up owned by a State links to an action of that State's NAP"}
	}
	if s.naps == nil {
		return model.Problems{"nap_action_id": "NAP actions are not available"}
	}
	_, n, err := s.naps.Action(ctx, v, f.NAPActionID)
	if errors.Is(err, model.ErrNotFound) {
		return model.Problems{"nap_action_id": fmt.Sprintf("there is no NAP action number %d that you may see", f.NAPActionID)}
	}
	if err != nil {
		return err
	}
	if n.State != f.Owner {
		return model.Problems{"nap_action_id": fmt.Sprintf("action %d belongs to %s's plan; a follow-up owned by %s links only to %s's plan",
			f.NAPActionID, s.cat.OrgName(n.State), s.cat.OrgName(f.Owner), s.cat.OrgName(f.Owner))}
	}
	return nil
}

// napLink fills in the NAP action a follow-up links to when v may read
// it, and hides the link (the number too) when v may not.
// napLinks is napLink for a list of follow-ups: one query for all.
func (s *Events) napLinks(ctx context.Context, c *store.Conn, v model.Viewer, fs []model.FollowUp) error {
	var ids []int64
	for _, f := range fs {
		if f.NAPActionID != 0 {
			ids = append(ids, f.NAPActionID)
		}
	}
	links, err := c.ActionLinks(ctx, v, ids)
	if err != nil {
		return err
	}
	for i := range fs {
		f := &fs[i]
		l, ok := links[f.NAPActionID]
		if f.NAPActionID == 0 || s.naps == nil || !ok {
			f.NAPActionID, f.NAPAction = 0, nil
			continue
		}
		f.NAPAction = &model.NAPActionLink{ActionID: l.ActionID, NAPID: l.NAPID, Title: l.Title, Plan: l.Plan, State: l.State}
	}
	return nil
}

func (s *Events) napLink(ctx context.Context, v model.Viewer, f *model.FollowUp) error {
	if f.NAPActionID == 0 || s.naps == nil {
		f.NAPActionID = 0
		return nil
	}
	a, n, err := s.naps.Action(ctx, v, f.NAPActionID)
	if errors.Is(err, model.ErrNotFound) {
		f.NAPActionID, f.NAPAction = 0, nil
		return nil
	}
	if err != nil {
		return err
	}
	f.NAPAction = &model.NAPActionLink{ActionID: a.ID, NAPID: n.ID, Title: a.Title, Plan: n.Title, State: n.State}
	return nil
}

// UpdateFollowUp changes a follow-up action: the organiser, or the owner
// organisation's editors and coordinators reporting progress. Every
// change of status lands in its history.
func (s *Events) UpdateFollowUp(ctx context.Context, v model.Viewer, eventID, followUpID int64, input Input[model.FollowUpInput]) (model.FollowUp, error) {
	var f model.FollowUp
	var in model.FollowUpInput
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		e, rec, err := s.locked(ctx, tx, v, eventID)
		if err != nil {
			return err
		}
		cur, err := tx.FollowUp(ctx, followUpID)
		if err != nil {
			return err
		}
		if cur.EventID != e.ID {
			return model.ErrNotFound
		}
		if err := policy.UpdateFollowUp(v, rec, cur.Owner); err != nil {
			return err
		}
		// Fields left out keep their value (a link the viewer cannot see
		// reads as none); the version must be sent.
		seen := cur
		if err := s.napLink(ctx, v, &seen); err != nil {
			return err
		}
		if in, err = input.read(followUpInput(seen)); err != nil {
			return err
		}
		if err := model.CheckVersion(in.Version, cur.Version); err != nil && !errors.Is(err, model.ErrConflict) {
			return err // a stale version is found by the update itself, with the current record
		}
		var probs model.Problems
		f, probs = in.Validate(s.codes())
		if f.Owner != cur.Owner && !policy.CanOrganise(v, rec) {
			probs.Add("owner", "only the organiser hands a follow-up to another organisation")
		}
		if f.NAPActionID == 0 && cur.NAPActionID != 0 {
			// A link the viewer cannot see is not theirs to remove.
			seen := cur
			if err := s.napLink(ctx, v, &seen); err != nil {
				return err
			}
			if seen.NAPActionID == 0 {
				f.NAPActionID = cur.NAPActionID
			}
		}
		if f.NAPActionID != 0 && (f.NAPActionID != cur.NAPActionID || f.Owner != cur.Owner) {
			if err := s.checkNAPAction(ctx, v, f); err != nil {
				if p, ok := model.AsProblems(err); ok {
					for k, m := range p {
						probs.Add(k, "%s", m)
					}
				} else {
					return err
				}
			}
		}
		if len(probs) > 0 {
			return probs
		}
		f.ID, f.EventID, f.Illustrative, f.CreatedAt = cur.ID, cur.EventID, cur.Illustrative, cur.CreatedAt
		if err := tx.UpdateFollowUp(ctx, &f); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return conflict(cur, "conflicts.followup", model.ArgNum(int(in.Version)), model.ArgNum(int(cur.Version)))
			}
			return err
		}
		if f.Status != cur.Status || strings.TrimSpace(in.Note) != "" {
			if err := tx.AddFollowUpHistory(ctx, f.ID, model.FollowUpChange{By: v.Label(), From: cur.Status, To: f.Status, Note: strings.TrimSpace(in.Note)}); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "event.followup.update", Kind: "event-followup", RecordID: f.ID,
			Summary: fmt.Sprintf("follow-up %q of %q: %s → %s", f.Title, e.Title, cur.Status, f.Status), Before: cur, After: f})
	})
	if err != nil {
		return model.FollowUp{}, err
	}
	fs, err := s.FollowUps(ctx, v, eventID)
	if err != nil {
		return model.FollowUp{}, err
	}
	for _, x := range fs {
		if x.ID == f.ID {
			return x, nil
		}
	}
	return f, nil
}

// followUpInput is a follow-up as an input: what a change leaves as it is
// (the version aside, which the change must send).
func followUpInput(f model.FollowUp) model.FollowUpInput {
	return model.FollowUpInput{Title: f.Title, Description: f.Description, Owner: f.Owner, Due: f.Due.String(),
		Status: string(f.Status), NAPAction: f.NAPActionID}
}
