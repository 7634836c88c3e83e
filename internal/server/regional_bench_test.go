package server_test

import (
	"context"
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

// BenchmarkRegionalWorld measures the regional view (issue 14) on the
// world dataset through the whole handler over loopback: the world map,
// the UN group's page (its dashboard and map) and the UN dashboard's API,
// for the public and a Committee expert, beside /healthz (the constant
// handler of issue 13's targets) in the same run. NAPX_WORLD_DB names a
// world made by `napx demo --scale world --no-serve`; it is copied first:
//
//	NAPX_WORLD_DB=~/.cache/napx/bench-load/world-*/napx.db \
//	  go test -run '^$' -bench RegionalWorld ./internal/server/
func BenchmarkRegionalWorld(b *testing.B) {
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
	defer db.Close()
	app := webtest.New(b, db)
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	token, _, err := app.Services.Accounts.CreateToken(context.Background(), model.SystemViewer("bench"), "expert@unsc1540.demo.napx", "bench")
	if err != nil {
		b.Fatal(err)
	}
	for _, reader := range []string{"anonymous", "expert"} {
		for _, route := range []string{"/healthz", "/maps", "/groups/UN", "/api/v1/groups/UN/dashboard"} {
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
						body, _ := io.ReadAll(resp.Body)
						resp.Body.Close()
						if resp.StatusCode != http.StatusOK {
							b.Errorf("%s: %d %.300s", route, resp.StatusCode, body)
							return
						}
					}
				})
			})
		}
	}
}
