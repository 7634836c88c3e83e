package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestReturnAddressesStayOnSite: every place that takes a return address
// ("next" on the sign-in pages, as a query and as a form field) keeps only
// a path a browser reads as this site's; the others send to the home page.
func TestReturnAddressesStayOnSite(t *testing.T) {
	hostile := []string{"//evil.example/", "/\t/evil.example/", "/\n/evil.example/", "/\\evil.example/", "/%09/evil.example/",
		"https://evil.example/", " //evil.example/", "/\x0b/evil.example/"}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		c := app.Account("HRV", model.RoleCoordinator)
		form := func(next string) webtest.Request {
			return webtest.Request{Method: "POST", Path: "/signin",
				Body:   strings.NewReader(url.Values{"email": {c.Account.Email}, "password": {webtest.Password}, "next": {next}}.Encode()),
				Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}}
		}
		// Control: a local address is kept.
		if loc := app.Do(form("/naps?state=HRV")).Header().Get("Location"); loc != "/naps?state=HRV&done=signed-in" {
			t.Fatalf("next=/naps?state=HRV: Location %q", loc)
		}
		for _, next := range hostile {
			if loc := app.Do(form(next)).Header().Get("Location"); loc != "/tasks?done=signed-in" {
				t.Errorf("sign-in form, next=%q: Location %q, want /tasks?done=signed-in", next, loc)
			}
			// Signed in already, GET /signin?next=… redirects at once.
			rec := c.Get("/signin?next=" + url.QueryEscape(next))
			if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != "/tasks" {
				t.Errorf("GET /signin?next=%q signed in: %d → %q, want 303 → /tasks", next, rec.Code, loc)
			}
			// The address the form carries on is the safe one too.
			body := app.Get("/signin?next=" + url.QueryEscape(next)).Body.String()
			if strings.Contains(body, "evil.example") {
				t.Errorf("GET /signin?next=%q: the page carries the address on", next)
			}
		}
		// The example, exactly as sent.
		rec := c.Get("/signin?next=/%09/evil.example/")
		if loc := rec.Header().Get("Location"); loc != "/tasks" {
			t.Errorf("/signin?next=/%%09/evil.example/: Location %q", loc)
		}
	})
}
