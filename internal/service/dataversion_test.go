package service_test

import (
	"context"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestFiguresUnderDataVersion: the state of play's figures are kept under
// the data version: a request under the version they were computed at is
// served them (the control: a change made behind the cache's back is not
// seen under the old version), and any audited change gives a new version
// and new figures. Matrix coverage of an open edition likewise.
func TestFiguresUnderDataVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }
		svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: now})
		sys := model.SystemViewer("test")
		_, acts, err := svc.NAPs.CreateIllustrative(ctx, sys, service.IllustrativePlan{CreatedAt: now(),
			NAP: model.NAP{State: "HRV", Type: model.NAPType1540, Title: "Plan (illustrative)", PeriodStart: 2025, PeriodEnd: 2028, Status: model.NAPPublished},
			Actions: []service.IllustrativeAction{
				{Action: model.NAPAction{Title: "One", Status: model.ActionPlanned, Due: model.NewDate(2027, 1, 1)}},
				{Action: model.NAPAction{Title: "Two", Status: model.ActionPlanned, Due: model.NewDate(2027, 1, 1)}},
			}})
		if err != nil {
			t.Fatal(err)
		}
		version := func() context.Context {
			v, err := svc.Audit.DataVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return service.WithDataVersion(ctx, v)
		}
		percent := func(ctx context.Context) int {
			sp, err := svc.NAPs.StateOfPlay(ctx, model.Anonymous, "SEE", "", false)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range sp.Rows {
				if r.State == "HRV" {
					return r.Percent
				}
			}
			t.Fatal("no HRV row")
			return 0
		}
		v1 := version()
		if p := percent(v1); p != 0 {
			t.Fatalf("%d%% done before any change", p)
		}
		// A change behind the cache's back (no audit entry, so no new
		// version): under the old version the kept figures are served.
		first, _, err := svc.NAPs.Action(ctx, sys, acts[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		first.Status, first.Progress = model.ActionCompleted, 100
		if err := db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.UpdateNAPAction(ctx, &first) }); err != nil {
			t.Fatal(err)
		}
		if p := percent(v1); p != 0 {
			t.Errorf("under the same version the figures were computed again (%d%%): nothing is kept", p)
		}
		if p := percent(ctx); p != 50 {
			t.Errorf("without a version: %d%%, want 50%% (computed every time)", p)
		}
		// An audited change: a new version, new figures.
		a, _, err := svc.NAPs.Action(ctx, sys, acts[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		st := "completed"
		pr := "100"
		if _, err := svc.NAPs.UpdateAction(ctx, sys, a.NAPID, a.ID, model.NAPActionInput{Status: &st, Progress: &pr, Version: a.Version}); err != nil {
			t.Fatal(err)
		}
		if p := percent(version()); p != 100 {
			t.Errorf("after an audited change: %d%%, want 100%%", p)
		}
	})
}
