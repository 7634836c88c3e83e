package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// BenchmarkArabicEveryPage is issue 17's figure ("rendering a page in
// Arabic costs within 10 % of English") on every page of the demo: each
// page route of the walk (webtest.PagePaths, the addresses of
// TestEveryPageInSixLanguages) as two readers who see much — Croatia's
// coordinator and a Committee expert — in English and in Arabic.
//
// The machine is shared, so a sum over many requests measures the
// neighbours as much as the page. Each round renders the page for both
// readers in both languages, English first in even rounds and Arabic
// first in odd ones (whatever warms or cools between the two falls on
// each language alike), and records the round's own ratio ar/en; the
// figure is the median of the rounds' ratios, which a burst of load in a
// few rounds does not move. Many short rounds beat a few long ones:
//
//	go test -run '^$' -bench BenchmarkArabicEveryPage -benchtime=30x -count=3 -cpu 1 ./internal/web/
//
// A page's benchmark is named by its path with "_" for "/" (a slash
// would make levels of the name, and a pattern for /naps/1/print would
// also run /naps and /naps/1 once): one page is
// -bench 'BenchmarkArabicEveryPage/naps_1_print$'.
//
// Each page reports "ar/en" (the median of its rounds) and "en-µs" (the
// median English round, both readers); after the walk the benchmark prints
// the table — each page's median over all its rounds of every -count —,
// the median of the pages' medians and the worst page. With
// NAPX_LANG_BENCH=FILE it appends the table to FILE as Markdown rows.
func BenchmarkArabicEveryPage(b *testing.B) {
	if testing.Short() {
		b.Skip("seeds the demo and walks every page")
	}
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	app := webtest.New(b, webtest.DemoDB(b, storetest.SQLite, at), webtest.Demo(), webtest.Clock(func() time.Time { return at }))
	readers := []*webtest.Client{
		app.Account("HRV", model.RoleCoordinator, webtest.Email("arfig-coordinator@hrv.example.org")),
		app.Account("UNSC1540", model.RoleEditor, webtest.Email("arfig-expert@unsc1540.example.org")),
	}
	sessions := make([]string, len(readers))
	for i, c := range readers {
		sessions[i] = c.Session()
	}
	// get renders path in lang for the reader whose session is given,
	// straight through the handler (no test bookkeeping in the timing);
	// compressed as for a browser with NAPX_LANG_BENCH_GZIP=1 (Arabic's
	// letters take two bytes in UTF-8: more bytes to compress).
	gz := os.Getenv("NAPX_LANG_BENCH_GZIP") != ""
	get := func(path, lang, session string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path+"?lang="+lang, nil)
		req.RemoteAddr = "192.0.2.1:1234"
		req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: session})
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		rec := httptest.NewRecorder()
		app.Handler.ServeHTTP(rec, req)
		return rec
	}
	isPage := func(rec *httptest.ResponseRecorder, lang string) bool {
		return rec.Code == http.StatusOK && strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") &&
			rec.Header().Get("Content-Language") == lang
	}
	// No demo, no figure: Croatia's plan (the walk's /naps/1) must be there.
	if !isPage(get("/naps/1", "en", sessions[0]), "en") {
		b.Skip("no demo: Croatia's coordinator cannot read /naps/1")
	}
	// The pages: each path with the readers to whom it is a page in both
	// languages (a reader who gets 403, 404 or a redirect is left out; a
	// path no reader gets is no page).
	type page struct {
		path     string
		sessions []string
	}
	var pages []page
	for _, path := range app.PagePaths(b, nil) {
		p := page{path: path}
		for _, s := range sessions {
			if isPage(get(path, "en", s), "en") && isPage(get(path, "ar", s), "ar") {
				p.sessions = append(p.sessions, s)
			}
		}
		if len(p.sessions) > 0 {
			pages = append(pages, p)
		}
	}
	if len(pages) < 40 {
		b.Fatalf("only %d pages: the route walk is broken", len(pages))
	}
	// The rounds of each page, pooled over -count's runs of it (the walk
	// runs once; each page's sub-benchmark runs -count times).
	type rounds struct {
		ratios  []float64       // ar/en of each round
		english []time.Duration // the English half of each round
	}
	pooled := map[string]*rounds{}
	for _, p := range pages {
		b.Run(benchName(p.path), func(b *testing.B) {
			round := func(lang string) time.Duration {
				start := time.Now()
				for _, s := range p.sessions {
					if rec := get(p.path, lang, s); rec.Code != http.StatusOK {
						b.Fatalf("%s in %s: %d", p.path, lang, rec.Code)
					}
				}
				return time.Since(start)
			}
			round("en") // warm: the first request of a page fills caches both languages share
			round("ar")
			var ratios []float64
			var english []time.Duration
			for i := 0; b.Loop(); i++ {
				var en, ar time.Duration
				if i%2 == 0 {
					en, ar = round("en"), round("ar")
				} else {
					ar, en = round("ar"), round("en")
				}
				ratios = append(ratios, float64(ar)/float64(en))
				english = append(english, en)
			}
			b.ReportMetric(median(slices.Clone(ratios)), "ar/en")
			b.ReportMetric(float64(medianDuration(english).Nanoseconds())/1e3, "en-µs")
			if pooled[p.path] == nil {
				pooled[p.path] = &rounds{}
			}
			pooled[p.path].ratios = append(pooled[p.path].ratios, ratios...)
			pooled[p.path].english = append(pooled[p.path].english, english...)
		})
	}
	if len(pooled) == 0 { // -bench named no page
		return
	}
	type result struct {
		path   string
		ratio  float64 // median of the rounds' ar/en
		enUS   float64 // median English round, µs
		rounds int
	}
	var results []result
	for path, r := range pooled {
		results = append(results, result{path: path, ratio: median(r.ratios), enUS: float64(medianDuration(r.english).Nanoseconds()) / 1e3, rounds: len(r.ratios)})
	}
	slices.SortFunc(results, func(a, c result) int {
		switch {
		case a.ratio > c.ratio:
			return -1
		case a.ratio < c.ratio:
			return 1
		}
		return strings.Compare(a.path, c.path)
	})
	var all []float64
	var table strings.Builder
	for _, r := range results {
		all = append(all, r.ratio)
		fmt.Fprintf(&table, "| `%s` | %.2f | %.0f | %d |\n", r.path, r.ratio, r.enUS, r.rounds)
	}
	// The summary goes to the benchmark's output (a parent benchmark's
	// Logf shows only with -v).
	fmt.Printf("ar/en on %d pages, median of paired rounds (worst first):\n%s\nmedian of pages %.3f, worst %.3f (%s), over 1.10: %d\n",
		len(results), table.String(), median(all), results[0].ratio, results[0].path, countOver(all, 1.10))
	if file := os.Getenv("NAPX_LANG_BENCH"); file != "" {
		f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600) // #nosec G304 -- the benchmark's output, named by its runner
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(table.String()); err != nil {
			b.Fatal(err)
		}
	}
}

// benchName is a page's path as a benchmark's name: "/" → "home",
// "/naps/1/print" → "naps_1_print".
func benchName(path string) string {
	if name := strings.ReplaceAll(strings.Trim(path, "/"), "/", "_"); name != "" {
		return name
	}
	return "home"
}

// median of xs (which it sorts); 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// medianDuration is median for durations.
func medianDuration(ds []time.Duration) time.Duration {
	xs := make([]float64, len(ds))
	for i, d := range ds {
		xs[i] = float64(d)
	}
	return time.Duration(median(xs))
}

// countOver counts the xs over limit.
func countOver(xs []float64, limit float64) int {
	n := 0
	for _, x := range xs {
		if x > limit {
			n++
		}
	}
	return n
}
