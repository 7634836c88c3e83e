package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/webtest"
)

// worldServer serves a migrated copy of the world database NAPX_WORLD_DB names
// through the whole handler over loopback (skipping without it), with a
// Committee expert's API token.
func worldServer(b *testing.B) (*webtest.App, *httptest.Server, *http.Client, string) {
	src := os.Getenv("NAPX_WORLD_DB")
	if src == "" {
		b.Skip("NAPX_WORLD_DB is not set (see the comment)")
	}
	data, err := os.ReadFile(src) // #nosec G304 -- the benchmark's input
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "napx.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	// A world cached by an older napx is brought to this schema (the copy).
	if err := db.Migrate(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	app := webtest.New(b, db)
	srv := httptest.NewServer(app.Handler)
	b.Cleanup(srv.Close)
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	token, _, err := app.Services.Accounts.CreateToken(context.Background(), model.SystemViewer("bench"), "expert@unsc1540.demo.napx", "bench")
	if err != nil {
		b.Fatal(err)
	}
	return app, srv, client, token
}

// BenchmarkWorldPages measures the pages of issue 13 on the world dataset
// through the whole handler over loopback, for the profile (pprof) behind
// docs/PERFORMANCE.md. NAPX_WORLD_DB names a world made by
// `napx demo --scale world --no-serve` (make bench-load caches one); it is
// copied first, so the run never changes it. /healthz, measured in the
// same run, is the baseline:
//
//	NAPX_WORLD_DB=~/.cache/napx/bench-load/world-*/napx.db \
//	  go test -run '^$' -bench WorldPages -cpuprofile cpu.out ./internal/server/
func BenchmarkWorldPages(b *testing.B) {
	_, srv, client, token := worldServer(b)
	plan := publicPlanOf45(b, client, srv.URL)
	routes := []string{"/healthz", "/", "/state-of-play?group=UN-AFRICA", "/matrix?group=UN-AFRICA", "/states/HRV",
		fmt.Sprintf("/naps/%d", plan), "/events/2", "/groups/UN", "/api/v1/states", "/api/v1/state-of-play?group=UN-APG", fmt.Sprintf("/api/v1/naps/%d/actions", plan)}
	for _, reader := range []string{"anonymous", "expert"} {
		for _, route := range routes {
			b.Run(reader+route, func(b *testing.B) {
				b.ReportAllocs()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						req, _ := http.NewRequest("GET", srv.URL+route, nil)
						if reader == "expert" {
							req.Header.Set("Authorization", "Bearer "+token)
						}
						resp, err := client.Do(req)
						if err != nil {
							b.Error(err)
							return
						}
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != http.StatusOK {
							b.Errorf("%s: %d", route, resp.StatusCode)
							return
						}
					}
				})
			})
		}
	}
}

// publicPlanOf45 finds the world's public plan of 45 actions.
func publicPlanOf45(b *testing.B, c *http.Client, base string) int64 {
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	get := func(path string, v any) {
		resp, err := c.Get(base + path)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			b.Fatal(err)
		}
	}
	get("/api/v1/naps?status=published", &list)
	for _, p := range list.Items {
		var acts struct {
			Items []json.RawMessage `json:"items"`
			Next  string            `json:"next"`
		}
		get(fmt.Sprintf("/api/v1/naps/%d/actions", p.ID), &acts)
		if len(acts.Items) == 45 && acts.Next == "" {
			return p.ID
		}
	}
	b.Fatal("no public plan of 45 actions")
	return 0
}
