package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// BenchmarkFigures: the figures page (issue 20) on the world dataset of
// issue 13, through the real router for a signed-in reader (no kept
// answer: every request counts anew through the read filter), beside
// /healthz and the SEE group's figures in the same run; report the ratios
// of the ns/op. NAPX_WORLD_DB names a world made by `napx demo --scale
// world --no-serve` (make bench-load caches one; it is copied and
// migrated, never changed); without it the world is generated first
// (about a minute on SQLite):
//
//	go test -run '^$' -bench Figures -benchtime 20x ./internal/server/
func BenchmarkFigures(b *testing.B) {
	ctx := context.Background()
	var db *store.DB
	if src := os.Getenv("NAPX_WORLD_DB"); src != "" {
		data, err := os.ReadFile(src) // #nosec G304 -- the benchmark's input
		if err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(b.TempDir(), "napx.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			b.Fatal(err)
		}
		if db, err = store.Open(ctx, "sqlite:"+path); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = db.Close() })
		if err := db.Migrate(ctx, nil); err != nil {
			b.Fatal(err)
		}
	} else {
		db = storetest.Open(b, storetest.SQLite)
	}
	app := webtest.New(b, db)
	if os.Getenv("NAPX_WORLD_DB") == "" {
		log := slog.New(slog.DiscardHandler)
		if _, err := demo.Seed(ctx, app.Services, log); err != nil {
			b.Fatal(err)
		}
		if _, err := demo.SeedWorld(ctx, app.Services, log, demo.WorldOptions{Seed: 1, Size: demo.Full}); err != nil {
			b.Fatal(err)
		}
	}
	app.StopJobs()
	readers := map[string]*webtest.Client{
		"expert":     app.Account("UNSC1540", model.RoleEditor, webtest.Email("figures-bench@unsc1540.example.org")),
		"SRB-viewer": app.Account("SRB", model.RoleViewer, webtest.Email("figures-bench@srb.example.org")),
	}
	for _, name := range []string{"expert", "SRB-viewer"} {
		c := readers[name]
		for _, route := range []string{"/healthz", "/figures?group=SEE", "/figures", "/api/v1/figures", "/figures/events.held"} {
			if rec := c.Get(route); rec.Code != http.StatusOK {
				b.Fatalf("%s: %d", route, rec.Code)
			}
			b.Run(name+route, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if rec := c.Get(route); rec.Code != http.StatusOK {
						b.Fatalf("%s: %d", route, rec.Code)
					}
				}
			})
		}
	}
}
