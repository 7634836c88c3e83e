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

// TestDemoAssistance: illustrative requests of SEE States in each state of
// the procedure — one inside its consent window, one objected to, one
// circulated with ranked matches, one delivered with feedback — and
// programmes of the demo's organisations, all marked illustrative, on
// whatever day the demo is made (the window counts from that day).
func TestDemoAssistance(t *testing.T) {
	for _, day := range []time.Time{time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), time.Date(2017, 9, 1, 10, 0, 0, 0, time.UTC)} {
		t.Run(day.Format("2006-01-02"), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: func() time.Time { return day }})
				ctx := context.Background()
				if _, err := demo.Seed(ctx, svc, slog.New(slog.DiscardHandler)); err != nil {
					t.Fatal(err)
				}
				sys := model.SystemViewer("test")
				rs, err := svc.Assistance.Requests(ctx, sys, model.RequestFilter{})
				if err != nil {
					t.Fatal(err)
				}
				by := map[model.RequestStatus][]service.RequestView{}
				for _, r := range rs {
					by[r.Status] = append(by[r.Status], r)
					if !r.Illustrative || !strings.Contains(r.Title, "illustrative") {
						t.Errorf("request %q is not marked illustrative", r.Title)
					}
					if !svc.Directory.Catalog().InGroup(r.Owner, "SEE") {
						t.Errorf("%s is not a SEE State", r.Owner)
					}
				}
				for _, st := range []model.RequestStatus{model.RequestDraft, model.RequestSubmitted, model.RequestAcknowledged, model.RequestWithheld,
					model.RequestCirculated, model.RequestClosed} {
					if len(by[st]) == 0 {
						t.Errorf("no demo request is %s", st)
					}
				}
				if ack := by[model.RequestAcknowledged]; len(ack) == 1 && !ack[0].WindowOpen {
					t.Error("the acknowledged request's window is not open")
				}
				if c := by[model.RequestCirculated]; len(c) == 1 {
					_, ranked, err := svc.Assistance.Matches(ctx, sys, c[0].Needs[1].ID)
					if err != nil || len(ranked) == 0 {
						t.Errorf("the circulated request has no ranked match: %v", err)
					}
					for _, s := range ranked {
						if len(s.Reasons) < 2 {
							t.Errorf("a match without reasons: %+v", s)
						}
					}
				}
				if c := by[model.RequestClosed]; len(c) == 1 {
					x, err := svc.Assistance.Extras(ctx, sys, c[0])
					if err != nil || len(x.Deliveries) != 1 || len(x.Feedback) != 2 || c[0].Needs[0].Match == nil {
						t.Errorf("the delivered request: %d deliveries, %d feedback, %v", len(x.Deliveries), len(x.Feedback), err)
					}
				}
				gs, err := svc.Assistance.Programmes(ctx, sys, model.ProgrammeFilter{})
				if err != nil || len(gs) < 5 {
					t.Fatalf("programmes: %d %v", len(gs), err)
				}
				for _, g := range gs {
					if !g.Illustrative || !strings.Contains(g.Title, "illustrative") {
						t.Errorf("programme %q is not marked illustrative", g.Title)
					}
				}
			})
		})
	}
}
