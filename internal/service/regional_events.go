package service

import (
	"context"

	"napx/internal/model"
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
