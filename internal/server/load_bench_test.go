package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"napx/internal/storetest"
	"napx/internal/webtest"
)

// BenchmarkServerLoad is the project's load benchmark: real HTTP over
// loopback, many clients at once (b.RunParallel), through the whole
// middleware stack and the real router, on SQLite. Compare routes with
// the /healthz baseline measured in the same run (the machines are
// shared and noisy; only ratios mean something):
//
//	go test -run '^$' -bench ServerLoad -benchtime 3s ./internal/server/
//
// Features add their hot routes to the table.
func BenchmarkServerLoad(b *testing.B) {
	app := webtest.New(b, storetest.Open(b, storetest.SQLite))
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	for _, route := range []string{
		"/healthz",                // baseline: middleware only
		"/api/v1/states",          // 195 States as JSON
		"/api/v1/states?q=turkey", // search over current and former names
		"/states",                 // the directory page
		"/states/MKD",             // a State page (names over time, contacts)
		"/",                       // the home page
	} {
		b.Run(route, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					resp, err := client.Get(srv.URL + route)
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
