package server_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// MaxPageBytes is the most a page may weigh, gzip-compressed, as sent to a
// browser that accepts gzip (issue 18, item 7: slow links).
const MaxPageBytes = 60 << 10

// TestPageWeights requests every page route of the demo (GET routes that
// answer HTML) as an anonymous visitor, Croatia's coordinator, a Committee
// expert and RACVIAC's organiser, with Accept-Encoding: gzip, and fails
// when a page is over MaxPageBytes compressed or is not compressed. With
// NAPX_PAGE_WEIGHTS=FILE it writes the table docs/PERFORMANCE.md quotes.
func TestPageWeights(t *testing.T) {
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, time.Now()), webtest.Demo())
	if _, err := demo.Seed(context.Background(), app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	rows := pageWeights(t, app, nil)
	if len(rows) < 40 {
		t.Fatalf("only %d pages measured: the route walk is broken", len(rows))
	}
	writeWeights(t, os.Getenv("NAPX_PAGE_WEIGHTS"), "demo", rows)
}

// TestWorldPageWeights is TestPageWeights on the world dataset (issue 13's
// 193 States, their plans, matrices and events): the same routes, readers
// and limit, on a copy of the database NAPX_WORLD_DB names (made by `napx
// demo --scale world --no-serve`; make bench-load caches one). It is
// skipped without it — the world is never built by make test:
//
//	NAPX_WORLD_DB=~/.cache/napx/bench-load/world-*/napx.db NAPX_PAGE_WEIGHTS=FILE \
//	  go test -count=1 ./internal/server/ -run TestWorldPageWeights
//
// Besides the route walk's records it weighs the world's heaviest lists:
// a regional group's state of play and matrix, the groups' pages, and the
// heaviest in Arabic and Russian (longer in UTF-8 than English).
func TestWorldPageWeights(t *testing.T) {
	src := os.Getenv("NAPX_WORLD_DB")
	if src == "" {
		t.Skip("NAPX_WORLD_DB is not set (see the comment)")
	}
	data, err := os.ReadFile(src) // #nosec G304 -- the test's input
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "napx.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background(), nil); err != nil { // a world cached by an older napx
		t.Fatal(err)
	}
	app := webtest.New(t, db)
	rows := pageWeights(t, app, worldExtraPages)
	if len(rows) < 40 {
		t.Fatalf("only %d pages measured: the route walk is broken", len(rows))
	}
	writeWeights(t, os.Getenv("NAPX_PAGE_WEIGHTS"), "world", rows)
}

// worldExtraPages are the world's long lists, weighed beside the routes.
var worldExtraPages = []string{"/state-of-play?group=UN-AFRICA", "/matrix?group=UN-AFRICA", "/groups/UN", "/groups/UN-AFRICA",
	"/groups/UN?lang=ar", "/groups/UN?lang=ru", "/assistance/requests?lang=ar", "/tasks?lang=ar", "/maps?lang=ar", "/events?lang=ar"}

// weightRow is one page as one reader received it.
type weightRow struct {
	path      string
	plain, gz int
	who       string
}

// pageWeights requests every page route (and extra paths) as the four
// readers and fails any page over MaxPageBytes compressed or not compressed.
func pageWeights(t *testing.T, app *webtest.App, extra []string) []weightRow {
	t.Helper()
	viewers := []*webtest.Client{
		app.Anonymous(),
		app.Account("HRV", model.RoleCoordinator, webtest.Email("weight-coordinator@hrv.example.org")),
		app.Account("UNSC1540", model.RoleEditor, webtest.Email("weight-expert@unsc1540.example.org")),
		app.Account("RACVIAC", model.RoleCoordinator, webtest.Email("weight-organiser@racviac.example.org")),
	}
	var rows []weightRow
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{DisableCompression: true}}
	paths := app.PagePaths(t, nil)
	for _, path := range append(paths, extra...) {
		for _, c := range viewers {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			if c.Account.ID != 0 {
				req.AddCookie(&http.Cookie{Name: "napx_session", Value: c.Session()})
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				continue
			}
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("%s as %s: not compressed", path, c.Name())
				continue
			}
			zr, err := gzip.NewReader(strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			plain, _ := io.ReadAll(zr)
			r := weightRow{path: path, plain: len(plain), gz: len(body), who: c.Name()}
			rows = append(rows, r)
			if r.gz > MaxPageBytes {
				t.Errorf("%s as %s: %d bytes compressed, over %d", path, c.Name(), r.gz, MaxPageBytes)
			}
		}
	}
	return rows
}

// writeWeights writes, when out names a file, the table docs/PERFORMANCE.md
// quotes: each page's heaviest answer, heaviest first.
func writeWeights(t *testing.T, out, dataset string, rows []weightRow) {
	t.Helper()
	if out == "" {
		return
	}
	worst := map[string]weightRow{}
	for _, r := range rows {
		if r.gz > worst[r.path].gz {
			worst[r.path] = r
		}
	}
	var paths []string
	for p := range worst {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool { return worst[paths[i]].gz > worst[paths[j]].gz })
	var b strings.Builder
	fmt.Fprintf(&b, "| page (%s) | heaviest for | HTML | gzip |\n|---|---|---|---|\n", dataset)
	for _, p := range paths {
		r := worst[p]
		fmt.Fprintf(&b, "| `%s` | %s | %.1f kB | %.1f kB |\n", p, strings.SplitN(r.who, "@", 2)[0], float64(r.plain)/1024, float64(r.gz)/1024)
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}
