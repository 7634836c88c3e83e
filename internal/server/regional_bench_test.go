package server_test

import (
	"io"
	"net/http"
	"testing"
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
	_, srv, client, token := worldServer(b)
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
