package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// BenchmarkSearchWorld: the one search on a world-size corpus — 5,000
// practices and 20,000 plan actions over every UN member State (and their
// 193 plans, the States and the demo-free rest) — through the real router
// for another State's coordinator (the policy filter in full: own records,
// shares, public), against the plain practice list page of the same
// database, on each engine. It reports each page's p99 and the ratio of
// the searches' p99 to the list's (target: at most 2), measured in the
// same run.
func BenchmarkSearchWorld(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(string(e), func(b *testing.B) {
			db := storetest.Open(b, e)
			cat := storetest.Catalog(b)
			var states []string
			for _, s := range cat.States {
				if s.Status == "member" {
					states = append(states, s.Code)
				}
			}
			storetest.BulkNAPs(b, db, states, 20000/len(states)+1)
			storetest.BulkPractices(b, db, states, 5000)
			app := webtest.New(b, db)
			viewer := app.Account("SRB", model.RoleCoordinator)
			list := "/practices"
			searches := []string{"/search?q=export+licensing", "/search?q=brokering", "/search?q=licen", "/search?q=customs+training&kind=practice",
				"/search?q=Action+17", "/search?q=nuclear&group=SEE", "/api/v1/search?q=border+detection"}
			p99 := func(path string, n int) time.Duration {
				var ds []time.Duration
				for range n {
					t0 := time.Now()
					if rec := viewer.Get(path); rec.Code != http.StatusOK {
						b.Fatalf("%s: %d", path, rec.Code)
					}
					ds = append(ds, time.Since(t0))
				}
				slices.Sort(ds)
				return ds[(len(ds)*99)/100]
			}
			for b.Loop() {
				base := p99(list, 50)
				worst := time.Duration(0)
				for _, s := range searches {
					d := p99(s, 50)
					worst = max(worst, d)
					b.ReportMetric(float64(d)/float64(base), fmt.Sprintf("ratio:%s", shortName(s)))
				}
				b.ReportMetric(float64(base.Microseconds()), "list-p99-µs")
				b.ReportMetric(float64(worst.Microseconds()), "search-worst-p99-µs")
				b.ReportMetric(float64(worst)/float64(base), "worst-ratio")
			}
		})
	}
}

func shortName(path string) string {
	out := []rune{}
	for _, r := range path {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			out = append(out, r)
		case len(out) > 0 && out[len(out)-1] != '-':
			out = append(out, '-')
		}
	}
	return string(out)
}
