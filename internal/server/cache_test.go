package server_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestPublicCache: anonymous readers share kept answers with an ETag and
// get 304 while their copy is current; any audited change, or the next
// day, makes a new answer; a signed-in reader never gets a kept answer
// (the owner's private plan reaches neither the cache nor an anonymous
// reader); errors are never kept.
func TestPublicCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
		app := webtest.New(t, db, webtest.Clock(func() time.Time { return now }))
		sys := model.SystemViewer("test")
		plan := func(title string, st model.NAPStatus) {
			t.Helper()
			_, _, err := app.Services.Demo.Plan(ctx, sys, service.IllustrativePlan{CreatedAt: now,
				NAP: model.NAP{State: "HRV", Type: model.NAPType1540, Title: title, PeriodStart: 2020, PeriodEnd: 2024, Status: st}})
			if err != nil {
				t.Fatal(err)
			}
		}
		plan("Marker public plan one", model.NAPPublished)
		plan("Marker private plan", model.NAPDraft)
		owner := app.Account("HRV", model.RoleCoordinator)
		webtest.Expect(t, owner.Get("/naps"), 200, "Marker private plan", "Marker public plan one")

		first := app.Get("/naps")
		webtest.Expect(t, first, 200, "Marker public plan one", "!Marker private plan")
		etag := first.Header().Get("ETag")
		if etag == "" || first.Header().Get("Last-Modified") == "" || first.Header().Get("Cache-Control") != "no-cache" {
			t.Fatalf("a public page without ETag, Last-Modified or no-cache: %v", first.Header())
		}
		second := app.Get("/naps")
		webtest.Expect(t, second, 200, "Marker public plan one", "!Marker private plan")
		if second.Header().Get("ETag") != etag || second.Body.String() != first.Body.String() {
			t.Error("nothing changed, yet the answer did (the control)")
		}
		webtest.Expect(t, owner.Get("/naps"), 200, "Marker private plan") // never a kept answer for a signed-in reader
		webtest.Expect(t, app.Get("/naps"), 200, "!Marker private plan")

		nm := app.Do(webtest.Request{Path: "/naps", Header: http.Header{"If-None-Match": {etag}}})
		if nm.Code != http.StatusNotModified || nm.Body.Len() != 0 {
			t.Errorf("If-None-Match with the current ETag: %d, %d bytes; want 304 without a body", nm.Code, nm.Body.Len())
		}
		ims := app.Do(webtest.Request{Path: "/naps", Header: http.Header{"If-Modified-Since": {first.Header().Get("Last-Modified")}}})
		if ims.Code != http.StatusNotModified {
			t.Errorf("If-Modified-Since the answer's Last-Modified: %d, want 304", ims.Code)
		}
		if rec := app.Do(webtest.Request{Method: "HEAD", Path: "/naps"}); rec.Code != 200 || rec.Body.Len() != 0 {
			t.Errorf("HEAD: %d, %d bytes", rec.Code, rec.Body.Len())
		}

		plan("Marker public plan two", model.NAPPublished) // an audited change
		changed := app.Get("/naps")
		webtest.Expect(t, changed, 200, "Marker public plan two")
		if changed.Header().Get("ETag") == etag {
			t.Error("the data changed, the ETag did not")
		}
		if rec := app.Do(webtest.Request{Path: "/naps", Header: http.Header{"If-None-Match": {etag}}}); rec.Code != 200 {
			t.Errorf("an old ETag after a change: %d, want 200", rec.Code)
		}
		misses := cacheCount(t, app, "miss")
		app.Get("/naps")
		if n := cacheCount(t, app, "miss"); n != misses {
			t.Errorf("the same day, unchanged: %v misses, want %v", n, misses)
		}
		now = now.Add(24 * time.Hour)
		app.Get("/naps")
		if n := cacheCount(t, app, "miss"); n != misses+1 {
			t.Errorf("the next day: %v misses, want %v (a new answer)", n, misses+1)
		}

		for range 2 {
			webtest.Expect(t, app.Get("/naps/999999"), 404)
			if rec := app.Get("/naps/999999"); rec.Header().Get("ETag") != "" {
				t.Error("a 404 was kept")
			}
		}
	})
}

// cacheCount reads napx_public_cache_requests_total{result} from /metrics.
func cacheCount(t *testing.T, app *webtest.App, result string) float64 {
	t.Helper()
	f := scrape(t, app)["napx_public_cache_requests_total"]
	if f == nil {
		return 0
	}
	for _, m := range f.GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "result" && l.GetValue() == result {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

// TestPublicCacheAPI: anonymous API reads are kept too (the API's blanket
// no-store is for clients), and a token's reads never are.
func TestPublicCacheAPI(t *testing.T) {
	app := webtest.New(t, storetest.Open(t, storetest.SQLite))
	app.Get("/healthz")
	misses := cacheCount(t, app, "miss")
	for range 3 {
		webtest.Expect(t, app.Get("/api/v1/states", "Accept", "application/json"), 200, `"HRV"`)
	}
	if got := cacheCount(t, app, "miss") - misses; got != 1 {
		t.Errorf("three anonymous reads of /api/v1/states: %v computed, want 1", got)
	}
	if hits := cacheCount(t, app, "hit"); hits < 2 {
		t.Errorf("%v hits, want 2", hits)
	}
	c := app.Account("HRV", model.RoleViewer)
	before := cacheCount(t, app, "hit")
	var out map[string]any
	for range 2 {
		if code := c.JSON("GET", "/api/v1/states", nil, &out); code != 200 {
			t.Fatalf("a token's read: %d", code)
		}
	}
	if cacheCount(t, app, "hit") != before {
		t.Error("a signed-in reader was given a kept answer")
	}
}

// TestFragmentsByReader: the State page's table of events is kept per
// kind of reader: under one data version, the Committee's table (with a
// committee-level event) never reaches another State's official, and the
// anonymous page never shows it either.
func TestFragmentsByReader(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		app := webtest.New(t, db)
		sys := model.SystemViewer("test")
		ev, err := app.Services.Events.Create(ctx, sys, model.EventInput{Kind: "meeting", Title: "Marker committee meeting (illustrative)",
			Organizer: "UNODA", Start: "2026-03-02", End: "2026-03-02", Visibility: string(model.VisCommittee), Illustrative: true})
		if err != nil {
			t.Fatal(err)
		}
		seats := 1
		if _, err := app.Services.Events.SetQuotas(ctx, sys, ev.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &seats}})); err != nil {
			t.Fatal(err)
		}
		if _, _, err := app.Services.Demo.Plan(ctx, sys, service.IllustrativePlan{CreatedAt: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC),
			NAP: model.NAP{State: "HRV", Type: model.NAPType1540, Title: "Marker draft plan (illustrative)", PeriodStart: 2026, PeriodEnd: 2030, Status: model.NAPDraft}}); err != nil {
			t.Fatal(err)
		}
		committee, other, owner := app.Account("UNSC1540", model.RoleEditor), app.Account("SRB", model.RoleViewer), app.Account("HRV", model.RoleViewer)
		committee.Get("/")
		other.Get("/")
		owner.Get("/") // all signed in before the version is read
		before, err := app.Services.Audit.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		webtest.Expect(t, committee.Get("/states/HRV"), 200, "Marker committee meeting")
		webtest.Expect(t, other.Get("/states/HRV"), 200, "!Marker committee meeting")
		webtest.Expect(t, app.Get("/states/HRV"), 200, "!Marker committee meeting")
		webtest.Expect(t, committee.Get("/states/HRV"), 200, "Marker committee meeting")
		webtest.Expect(t, other.Get("/states/HRV"), 200, "!Marker committee meeting")
		// The state of play's table: the owner's draft plan is the owner's alone.
		webtest.Expect(t, owner.Get("/state-of-play?group=SEE"), 200, "Marker draft plan")
		webtest.Expect(t, other.Get("/state-of-play?group=SEE"), 200, "!Marker draft plan")
		webtest.Expect(t, committee.Get("/state-of-play?group=SEE"), 200, "!Marker draft plan")
		webtest.Expect(t, owner.Get("/state-of-play?group=SEE"), 200, "Marker draft plan")
		if after, _ := app.Services.Audit.DataVersion(ctx); after != before {
			t.Errorf("the data changed during the reads (%d → %d): the kept tables were not put to the test", before.Seq, after.Seq)
		}
	})
}
