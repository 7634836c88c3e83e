package service

import (
	"context"

	"napx/internal/model"
	"napx/internal/policy"
)

// MaxDashboardEvents is how many events past and how many coming a
// dashboard lists (the nearest to today first).
const MaxDashboardEvents = 10

// groupEvents fills d's events that invited the group's members, as v may
// read them: those that have not ended, soonest first, and those that
// ended, most recent first; at most MaxDashboardEvents each, with totals.
func (r *Regional) groupEvents(ctx context.Context, v model.Viewer, d *GroupDashboard) error {
	evs, err := r.events.List(ctx, v, EventQuery{Region: d.Group.Code})
	if err != nil {
		return err
	}
	today := r.naps.Today()
	for _, e := range evs { // by start day
		end := e.End
		if end.IsZero() {
			end = e.Start
		}
		if end.Before(today) {
			d.EventsPast = append(d.EventsPast, e)
		} else {
			d.EventsComing = append(d.EventsComing, e)
		}
	}
	d.EventsPastTotal, d.EventsComingTotal = len(d.EventsPast), len(d.EventsComing)
	past := make([]model.Event, 0, min(len(d.EventsPast), MaxDashboardEvents))
	for i := len(d.EventsPast) - 1; i >= 0 && len(past) < MaxDashboardEvents; i-- {
		past = append(past, d.EventsPast[i])
	}
	d.EventsPast = past
	if len(d.EventsComing) > MaxDashboardEvents {
		d.EventsComing = d.EventsComing[:MaxDashboardEvents]
	}
	return nil
}

// DelegatesOf returns, for each of events (events v may read that invited
// state, as ForState answers them), the State's delegates v may see under
// the one policy (policy.ParticipantVisible: the organiser's staff, the
// State's own accounts, and confirmed delegates for those the event shows
// them to), keyed by event. One query reads the State's delegates to every
// event; the events without one cost nothing more.
func (s *Events) DelegatesOf(ctx context.Context, v model.Viewer, state string, events []model.Event) (map[int64][]model.Participant, error) {
	st := s.cat.State(state)
	if st == nil {
		return nil, model.ErrNotFound
	}
	out := map[int64][]model.Participant{}
	if len(events) == 0 {
		return out, nil
	}
	c := &s.db.Conn
	ps, err := c.ParticipantsOfOrg(ctx, st.Code)
	if err != nil {
		return nil, err
	}
	byEvent := map[int64][]model.Participant{}
	for _, p := range ps {
		byEvent[p.EventID] = append(byEvent[p.EventID], p)
	}
	for _, e := range events {
		mine := byEvent[e.ID]
		if len(mine) == 0 {
			continue
		}
		rec, err := s.record(ctx, c, e)
		if err != nil {
			return nil, err
		}
		if !policy.CanRead(v, rec) {
			continue
		}
		standing, err := s.standing(ctx, c, e, v.Org(), v.ID())
		if err != nil {
			return nil, err
		}
		for _, p := range mine {
			if p.Status.Active() && policy.ParticipantVisible(v, rec, p.Org, p.Status, standing) {
				out[e.ID] = append(out[e.ID], p)
			}
		}
	}
	return out, nil
}
