package browsertest_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"napx/internal/browsertest"
	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestEveryPageAxeInArabicAndEnglish (issue 17, item 5): every page route
// of the demo that answers HTML, in Arabic and in English, passes axe
// (WCAG 2.2 A and AA): as Croatia's coordinator every page it gets, as an
// anonymous visitor those only a visitor gets. The pages are those the
// router records (one per route, so about one per template), found by a
// request first so files and redirects are left out. Control: the walk
// finds at least 30 public pages and 60 of the coordinator's.
func TestEveryPageAxeInArabicAndEnglish(t *testing.T) {
	at := time.Date(2017, 9, 1, 9, 0, 0, 0, time.UTC)
	app := webtest.New(t, storetest.Open(t, storetest.SQLite), webtest.Demo(), webtest.Clock(func() time.Time { return at }))
	if _, err := demo.Seed(context.Background(), app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	coord := app.Account("HRV", model.RoleCoordinator, webtest.Email("axe-coordinator@hrv.example.org"))
	// Operations and the hand-over to an identity provider are no pages.
	paths := app.PagePaths(t, func(p string) bool {
		return p == "/healthz" || p == "/readyz" || strings.HasPrefix(p, "/signin/oidc")
	})
	// Which addresses answer a page to a reader (the rest are files,
	// redirects or refusals, which the error page covers once).
	pagesOf := func(c *webtest.Client) map[string]bool {
		out := map[string]bool{}
		for _, p := range paths {
			rec := c.Get(p)
			if rec.Code == http.StatusOK && strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				out[p] = true
			}
		}
		return out
	}
	anon, mine := pagesOf(app.Anonymous()), pagesOf(coord)
	if len(anon) < 30 || len(mine) < 60 {
		t.Fatalf("only %d public pages and %d of the coordinator's: the route walk is broken", len(anon), len(mine))
	}
	// Every page in both languages as the coordinator (who sees the public
	// pages too, with more on them); the visitor on the pages only a visitor
	// gets (signing in, ...) and the home page. Walking the public pages a
	// second time as the visitor doubled the time (4.5 minutes on the shared
	// 2-core machine) for the same templates.
	var visitor []string
	for _, p := range paths {
		if anon[p] && (!mine[p] || p == "/") {
			visitor = append(visitor, p)
		}
	}
	var coordinator []string
	for _, p := range paths {
		if mine[p] {
			coordinator = append(coordinator, p)
		}
	}
	for _, who := range []struct {
		name  string
		as    *webtest.Client
		pages []string
	}{{"anonymous", app.Anonymous(), visitor}, {"coordinator", coord, coordinator}} {
		b := browsertest.New(t, app.Handler)
		if who.as.Account.ID != 0 {
			signInAs(b, who.as.Account.Email, webtest.Password)
		}
		for _, lang := range []string{"ar", "en"} {
			b.Open("/?lang=" + lang) // the switcher's cookie keeps the language from page to page
			for _, p := range who.pages {
				b.Open(p) // axe runs on every page opened
			}
			if got := browsertest.Eval[string](b, `document.documentElement.lang`); got != lang {
				t.Errorf("%s: the walk ended in %q, not %s", who.name, got, lang)
			}
		}
		t.Logf("%s: %d pages, each in Arabic and English", who.name, len(who.pages))
	}
}
