package demo_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestPublicHistory: the demo records the public history as real records
// (not illustrative), each with its source and its dates, readable by the
// public; and no record of the demo contradicts a public date — the check
// itself catches a contradiction made on purpose (its control).
func TestPublicHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }})
		ctx := context.Background()
		if _, err := demo.Seed(ctx, svc, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		byState := map[string][]model.Event{}
		for _, h := range demo.PublicHistory() {
			evs, err := svc.Events.ForState(ctx, model.Anonymous, h.State)
			if err != nil {
				t.Fatal(err)
			}
			byState[h.State] = evs
			var found *model.Event
			for i, e := range evs {
				if e.Title == h.Input.Title {
					found = &evs[i]
				}
			}
			switch {
			case found == nil:
				t.Errorf("%s: %q is not among %s's events for the public", h.Key, h.Input.Title, h.State)
			case found.Illustrative || strings.Contains(found.Title, "illustrative"):
				t.Errorf("%s: recorded as illustrative", h.Key)
			case found.Source.Title != h.Input.Source || found.Source.Title == "" || found.Source.URL != h.Input.SourceURL:
				t.Errorf("%s: source %+v", h.Key, found.Source)
			case found.Start.String() != h.Input.Start || found.End.String() != h.Input.End:
				t.Errorf("%s: %s–%s, want %s–%s", h.Key, found.Start, found.End, h.Input.Start, h.Input.End)
			}
		}
		sys := model.SystemViewer("test")
		views, err := svc.NAPs.List(ctx, sys, model.NAPFilter{})
		if err != nil {
			t.Fatal(err)
		}
		plans := make([]model.NAP, len(views))
		checked := 0
		for i, v := range views {
			plans[i] = v.NAP
			for _, f := range demo.PublicPlanFacts {
				if v.State == f.State && v.PeriodStart == f.PeriodStart && v.PeriodEnd == f.PeriodEnd {
					checked++
				}
			}
		}
		if checked == 0 {
			t.Error("the demo has no plan a public plan date concerns: the check checks nothing")
		}
		for state := range byState {
			evs, err := svc.Events.ForState(ctx, sys, state)
			if err != nil {
				t.Fatal(err)
			}
			byState[state] = evs
		}
		if got := demo.Contradictions(plans, byState); len(got) > 0 {
			t.Errorf("the demo contradicts the public history: %v", got)
		}
		// The control: a plan dated otherwise and an illustrative visit beside the public one.
		bad := append([]model.NAP(nil), plans...)
		for i := range bad {
			if bad[i].State == "SRB" && bad[i].PeriodStart == 2012 {
				bad[i].AdoptedOn = model.MustDate("2013-01-10")
			}
		}
		pub := demo.PublicHistory()[0]
		visit := model.Event{Title: "An illustrative visit", Kind: model.EventKind(pub.Input.Kind), Organizer: pub.Input.Organizer,
			Start: model.MustDate("2015-06-01"), End: model.MustDate("2015-06-02"), Illustrative: true}
		badEvents := map[string][]model.Event{pub.State: append(append([]model.Event(nil), byState[pub.State]...), visit)}
		if got := demo.Contradictions(bad, badEvents); len(got) != 2 {
			t.Errorf("the control: %d contradictions found, want 2: %v", len(got), got)
		}
	})
}
