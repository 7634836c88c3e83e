package demo_test

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// TestDemoPlans: the demo has plans for the six SEE States in every
// status, Croatia's with 40+ actions over 2015–2019 and a history, diffs
// between its submissions, all illustrative.
func TestDemoPlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }})
		ctx := context.Background()
		if _, err := demo.Seed(ctx, svc, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		sys := model.SystemViewer("test")
		plans, err := svc.NAPs.List(ctx, sys, model.NAPFilter{})
		if err != nil {
			t.Fatal(err)
		}
		states, statuses := map[string]bool{}, map[model.NAPStatus]int{}
		var big *service.NAPView
		for i, n := range plans {
			states[n.State] = true
			statuses[n.Status]++
			if !n.Illustrative || !strings.Contains(n.Title, "illustrative") {
				t.Errorf("plan %q is not marked illustrative", n.Title)
			}
			if n.State == "HRV" && n.PeriodStart == 2015 {
				big = &plans[i]
			}
		}
		for _, s := range []string{"ALB", "BIH", "HRV", "MKD", "MNE", "SRB"} {
			if !states[s] {
				t.Errorf("no plan for %s", s)
			}
		}
		for _, s := range model.NAPStatuses {
			if statuses[s] == 0 {
				t.Errorf("no plan in status %s", s)
			}
		}
		if statuses[model.NAPPublished] != 1 {
			t.Errorf("%d published plans, want one", statuses[model.NAPPublished])
		}
		if big == nil {
			t.Fatal("no Croatian 2015–2019 plan")
		}
		actions, _ := svc.NAPs.Actions(ctx, sys, big.ID)
		if len(actions) < 40 {
			t.Errorf("%d actions, want 40+", len(actions))
		}
		kinds := map[model.ActionStatus]int{}
		for _, a := range actions {
			kinds[a.Status]++
			if a.Due.Year() < 2015 || a.Due.Year() > 2019 {
				t.Errorf("action %q due %s", a.Title, a.Due)
			}
		}
		if kinds[model.ActionCompleted] == 0 || kinds[model.ActionDelayed] == 0 || kinds[model.ActionInProgress] == 0 {
			t.Errorf("statuses %v", kinds)
		}
		hist, _ := svc.NAPs.History(ctx, sys, big.ID, actions[0].ID)
		if len(hist) < 2 || hist[0].At.Year() != 2015 {
			t.Errorf("history %+v", hist)
		}
		d, err := svc.NAPs.Diff(ctx, sys, big.ID, "1", "3")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, changed := d.Count(); changed == 0 {
			t.Error("no change between the first and third submissions")
		}
		sp, err := svc.NAPs.StateOfPlay(ctx, model.Anonymous, "SEE", "", false)
		if err != nil || sp.WithPlan != 1 {
			t.Errorf("the public state of play shows %d plans, want the published one (%v)", sp.WithPlan, err)
		}
	})
}
