package service_test

import (
	"context"
	"fmt"
	"strings"
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
		_, acts, err := svc.Demo.Plan(ctx, sys, service.IllustrativePlan{CreatedAt: now(),
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
		completed := func(ctx context.Context) int {
			n, err := svc.NAPs.Get(ctx, model.Anonymous, acts[0].NAPID)
			if err != nil {
				t.Fatal(err)
			}
			d, err := svc.NAPs.Details(ctx, model.Anonymous, n)
			if err != nil {
				t.Fatal(err)
			}
			k := 0
			for _, a := range d.Actions {
				if a.Status == model.ActionCompleted {
					k++
				}
			}
			return k
		}
		if k := completed(v1); k != 0 {
			t.Fatalf("%d actions completed before any change", k)
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
		if k := completed(v1); k != 0 {
			t.Errorf("the plan's details under the same version were read again (%d completed)", k)
		}
		if k := completed(ctx); k != 1 {
			t.Errorf("the plan's details without a version: %d completed, want 1", k)
		}
		// An audited change: a new version, new figures.
		a, _, err := svc.NAPs.Action(ctx, sys, acts[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		st := "completed"
		pr := "100"
		if _, err := svc.NAPs.UpdateAction(ctx, sys, a.NAPID, a.ID, service.Given(model.NAPActionInput{Status: &st, Progress: &pr, Version: a.Version})); err != nil {
			t.Fatal(err)
		}
		if p := percent(version()); p != 100 {
			t.Errorf("after an audited change: %d%%, want 100%%", p)
		}
		if k := completed(version()); k != 2 {
			t.Errorf("the plan's details after an audited change: %d completed, want 2", k)
		}
	})
}

// TestEventListsByReader: the events a State was invited to are kept per
// kind of reader: under one data version, the Committee reads a
// committee-level event in the list and another State's official, asking
// right after under the same version, does not (nor an anonymous reader).
func TestEventListsByReader(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t)})
		sys := model.SystemViewer("test")
		ev, err := svc.Events.Create(ctx, sys, model.EventInput{Kind: "meeting", Title: "Marker committee meeting (illustrative)",
			Organizer: "UNODA", Start: "2026-03-02", End: "2026-03-02", Visibility: string(model.VisCommittee), Illustrative: true})
		if err != nil {
			t.Fatal(err)
		}
		seats := 1
		if _, err := svc.Events.SetQuotas(ctx, sys, ev.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &seats}})); err != nil {
			t.Fatal(err)
		}
		viewer := func(org string, role model.Role) model.Viewer {
			acc, err := svc.Accounts.Create(ctx, sys, service.AccountInput{Email: strings.ToLower(org) + "@example.org", Name: org, Org: org,
				Role: string(role), Password: "a long enough test password 1540"})
			if err != nil {
				t.Fatal(err)
			}
			return svc.Accounts.ViewerOf(acc)
		}
		committee, other := viewer("UNSC1540", model.RoleEditor), viewer("SRB", model.RoleViewer)
		v, err := svc.Audit.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		vctx := service.WithDataVersion(ctx, v)
		for _, c := range []struct {
			who  model.Viewer
			sees bool
		}{{committee, true}, {other, false}, {model.Anonymous, false}, {committee, true}} {
			evs, err := svc.Events.ForState(vctx, c.who, "HRV")
			if err != nil {
				t.Fatal(err)
			}
			if got := len(evs) == 1; got != c.sees {
				t.Errorf("%s: sees the committee meeting %v, want %v", c.who.Label(), got, c.sees)
			}
		}
	})
}

// TestEventPageQueriesDoNotGrowWithLinks: the event page reads the events
// it links to in one query, whatever their number (the issue counted one
// query per link).
func TestEventPageQueriesDoNotGrowWithLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t)})
		sys := model.SystemViewer("test")
		event := func(title string, leadsTo int64) int64 {
			ev, err := svc.Events.Create(ctx, sys, model.EventInput{Kind: "meeting", Title: title, Organizer: "UNODA",
				Start: "2026-03-02", End: "2026-03-02", Visibility: string(model.VisPublic), LeadsTo: leadsTo, Illustrative: true})
			if err != nil {
				t.Fatal(err)
			}
			return ev.ID
		}
		statements := func(id int64) int64 {
			qctx, n := store.WithQueryCounter(ctx)
			if _, err := svc.Events.Get(qctx, model.Anonymous, id); err != nil {
				t.Fatal(err)
			}
			return n.Count()
		}
		target := event("The meeting (illustrative)", 0)
		event("Before it, 1 (illustrative)", target)
		one := statements(target)
		for i := 2; i <= 5; i++ {
			event(fmt.Sprintf("Before it, %d (illustrative)", i), target)
		}
		if five := statements(target); five != one || one == 0 {
			t.Errorf("the event page ran %d statements with one linked event and %d with five; want the same (and some)", one, five)
		}
		ev, err := svc.Events.Get(ctx, model.Anonymous, target)
		if err != nil || len(ev.FollowsEvents) != 5 {
			t.Errorf("%d linked events shown, want 5 (%v)", len(ev.FollowsEvents), err)
		}
	})
}
