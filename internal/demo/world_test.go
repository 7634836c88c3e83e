package demo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
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

// small is a world small enough for a test, with every part in it.
var small = demo.WorldSize{MatrixStates: 6, PlanStates: 4, ActionsPerPlan: 30, Events: 5, Delegates: 40, AccountsPerOrg: 1, OrgAccounts: 3,
	AssistanceNeeds: 40, AssistanceProgrammes: 12, Practices: 30}

// worldDigest generates a small world with seed on db and returns a digest
// of what the services read back (napx itself reading, so every record
// counts), and the counts the test checks.
func worldDigest(t *testing.T, db *store.DB, seed uint64) (string, map[string]int) {
	t.Helper()
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }
	svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: now})
	var bar strings.Builder
	if _, err := demo.SeedWorld(ctx, svc, slog.New(slog.DiscardHandler), demo.WorldOptions{Seed: seed, Size: small, Progress: &bar}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(bar.String(), "100%") {
		t.Errorf("the progress bar never reached 100%%: %q", bar.String())
	}
	sys := model.SystemViewer("test")
	h := sha256.New()
	n := map[string]int{}
	accs, err := svc.Accounts.List(ctx, sys, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accs {
		put(h, a.Email, a.Name, a.Org, a.Role)
		n["accounts"]++
	}
	plans, err := svc.NAPs.List(ctx, sys, model.NAPFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plans {
		if !p.Illustrative {
			t.Errorf("plan %d is not marked illustrative", p.ID)
		}
		put(h, p.State, p.Title, p.Status, p.AdoptedOn, p.Visibility)
		acts, err := svc.NAPs.Actions(ctx, sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			put(h, a.Title, a.Status, a.Progress, a.Start, a.Due, a.Elements)
			n["actions"]++
			if len(acts) == 45 && p.Visibility == model.VisPublic {
				n["public45"] = 1
			}
		}
		if len(acts) > 0 {
			hist, err := svc.NAPs.History(ctx, sys, p.ID, acts[len(acts)-1].ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range hist {
				put(h, c.At.UTC(), c.Status, c.Progress, c.Comment, c.Actor)
			}
		}
	}
	for _, s := range svc.Directory.Catalog().States[:8] {
		eds, err := svc.Matrix.Editions(ctx, sys, s.Code)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range eds {
			put(h, e.State, e.Number, e.Status, e.CreatedAt.UTC(), e.ApprovedAt.UTC())
			n["editions"]++
		}
	}
	evs, err := svc.Events.List(ctx, sys, service.EventQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		put(h, e.Title, e.Start, e.Organizer, e.Visibility)
		ps, err := svc.Events.Participants(ctx, sys, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			put(h, p.Name, p.Org, p.Status)
			n["delegates"]++
		}
	}
	reqs, err := svc.Assistance.Requests(ctx, sys, model.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reqs {
		if !r.Illustrative {
			t.Errorf("assistance request %d is not marked illustrative", r.ID)
		}
		put(h, r.Owner, r.Title, r.Status, r.Deadline)
		n["requests."+string(r.Status)]++
		for _, nd := range r.Needs {
			put(h, nd.Area, nd.Modalities, nd.Description)
			n["needs"]++
			if nd.Match != nil {
				put(h, nd.Match.Programme, nd.Match.Provider, nd.Match.Score)
				n["matches"]++
			}
		}
	}
	progs, err := svc.Assistance.Programmes(ctx, sys, model.ProgrammeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range progs {
		put(h, g.Provider, g.Title, g.Areas, g.Modalities, g.Languages)
		n["programmes"]++
	}
	prs, err := svc.Practices.List(ctx, sys, model.PracticeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range prs {
		if !p.Illustrative {
			t.Errorf("practice %d is not marked illustrative", p.ID)
		}
		put(h, p.Owner, p.Submitter, p.Title, p.Kind, p.Status, p.Tags, p.Languages, p.Date)
		n["practices"]++
		n["practices."+string(p.Status)]++
	}
	jobs, err := svc.Jobs.List(ctx, sys, "available")
	if err != nil {
		t.Fatal(err)
	}
	n["queued jobs"] = jobs.Counts["available"] + jobs.Queued // notices wait in the outbox until a relay runs
	if _, err := svc.Audit.Verify(ctx); err != nil {
		t.Errorf("the audit chain does not verify: %v", err)
	}
	return hex.EncodeToString(h.Sum(nil)), n
}

func put(h hash.Hash, vs ...any) {
	for _, v := range vs {
		fmt.Fprintf(h, "%v\x1f", v)
	}
	h.Write([]byte{'\n'})
}

// TestWorldDeterministic: the same seed gives the same world, on either
// engine; another seed gives another (the control). The world is written
// on top of the plain demo, at the size asked, and verifies in the audit log.
func TestWorldDeterministic(t *testing.T) {
	digests := map[string]string{}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		d, n := worldDigest(t, db, 7)
		wantAccounts := len(storetest.Catalog(t).States)*small.AccountsPerOrg + small.OrgAccounts + len(demo.Accounts)
		if n["accounts"] != wantAccounts {
			t.Errorf("%d accounts, want %d", n["accounts"], wantAccounts)
		}
		// The demo's own plans plus the world's actions, exactly.
		if got := n["actions"]; got < small.PlanStates*small.ActionsPerPlan {
			t.Errorf("%d actions, want at least %d", got, small.PlanStates*small.ActionsPerPlan)
		}
		if n["public45"] != 1 {
			t.Error("no public plan of 45 actions (the load benchmark reads one)")
		}
		if n["editions"] < 2*6 {
			t.Errorf("%d editions for the first eight States, want two or more each for six", n["editions"])
		}
		if n["delegates"] < small.Delegates {
			t.Errorf("%d delegates, want at least %d", n["delegates"], small.Delegates)
		}
		if n["needs"] < small.AssistanceNeeds || n["programmes"] < small.AssistanceProgrammes {
			t.Errorf("%d assistance needs and %d programmes, want at least %d and %d", n["needs"], n["programmes"], small.AssistanceNeeds, small.AssistanceProgrammes)
		}
		if n["practices"] < small.Practices || n["practices.published"] == 0 || n["practices.draft"] == 0 {
			t.Errorf("%d practices (%d published, %d drafts), want at least %d in both states", n["practices"], n["practices.published"], n["practices.draft"], small.Practices)
		}
		if n["requests.circulated"] == 0 || n["matches"] == 0 || n["requests.draft"] == 0 {
			t.Errorf("the world's assistance misses a state of the procedure: %v", n)
		}
		// The world is history: it queues no notice; what is queued is the
		// plain demo's (its assistance requests' notices — the control that
		// queued notices are counted).
		if plain := plainDemoJobs(t, db); n["queued jobs"] != plain || plain == 0 {
			t.Errorf("%d jobs queued after the world, %d after the plain demo alone: the world must queue none of its own", n["queued jobs"], plain)
		}
		digests[t.Name()] = d
	})
	// The control, once: another seed gives another world.
	if other, _ := worldDigest(t, storetest.Open(t, storetest.SQLite), 8); other == digests["TestWorldDeterministic/sqlite"] {
		t.Error("seed 8 gave the same world as seed 7")
	}
	var first string
	for name, d := range digests {
		if first == "" {
			first = d
		} else if d != first {
			t.Errorf("%s: the same seed gave another world on another engine", name)
		}
	}
}

// TestParseScale: the scales are named; an unknown one names the choices.
func TestParseScale(t *testing.T) {
	for _, s := range []string{"world", "WORLD", " demo "} {
		if _, err := demo.ParseScale(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	_, err := demo.ParseScale("planet")
	if err == nil || !strings.Contains(err.Error(), "demo or world") {
		t.Errorf("an unknown scale: %v", err)
	}
}

// plainDemoJobs is how many jobs the plain demo alone leaves queued, on a
// new database of db's engine.
func plainDemoJobs(t *testing.T, db *store.DB) int {
	t.Helper()
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }
	svc := service.New(service.Deps{DB: storetest.Open(t, storetest.Engine(db.Dialect())), Catalog: storetest.Catalog(t), Now: now})
	if _, err := demo.Seed(ctx, svc, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	jobs, err := svc.Jobs.List(ctx, model.SystemViewer("test"), "available")
	if err != nil {
		t.Fatal(err)
	}
	return jobs.Counts["available"] + jobs.Queued
}
