package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/server"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

func TestSignInPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		c := app.Account("HRV", model.RoleCoordinator)
		// A wrong password: a clear message, no cookie.
		rec := app.Do(webtest.Request{Method: "POST", Path: "/signin", Body: strings.NewReader(url.Values{"email": {c.Account.Email}, "password": {"wrong password!!"}}.Encode()),
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}})
		webtest.Expect(t, rec, http.StatusUnauthorized, "The e-mail address or the password is not right")
		if len(rec.Result().Cookies()) > 0 {
			t.Error("a failed sign-in set a cookie")
		}
		// The same page for an unknown address.
		rec2 := app.Do(webtest.Request{Method: "POST", Path: "/signin", Body: strings.NewReader(url.Values{"email": {"nobody@hrv.example.org"}, "password": {"wrong password!!"}}.Encode()),
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}})
		if rec2.Code != rec.Code || strings.Replace(rec2.Body.String(), "nobody@hrv.example.org", c.Account.Email, 1) != rec.Body.String() {
			t.Error("the page for an unknown e-mail differs from the page for a wrong password")
		}
		// The right one: a session cookie with the right flags, and a redirect.
		rec = app.Do(webtest.Request{Method: "POST", Path: "/signin", Body: strings.NewReader(url.Values{"email": {c.Account.Email}, "password": {webtest.Password}, "next": {"/account"}}.Encode()),
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/account?done=signed-in" {
			t.Fatalf("sign in: %d → %q", rec.Code, rec.Header().Get("Location"))
		}
		var session *http.Cookie
		for _, ck := range rec.Result().Cookies() {
			if ck.Name == httpx.SessionCookie {
				session = ck
			}
		}
		if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" {
			t.Fatalf("session cookie: %+v", session)
		}
		// An off-site "next" is ignored: the account lands on its tasks.
		rec = app.Do(webtest.Request{Method: "POST", Path: "/signin", Body: strings.NewReader(url.Values{"email": {c.Account.Email}, "password": {webtest.Password}, "next": {"//evil.example.org/"}}.Encode()),
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}})
		if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, "/tasks?") {
			t.Errorf("next=//evil…: redirected to %q", loc)
		}
		// Pages that need an account send anonymous visitors to sign in.
		rec = app.Get("/account")
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/signin?next=%2Faccount") {
			t.Errorf("/account anonymous: %d → %q", rec.Code, rec.Header().Get("Location"))
		}
		webtest.Expect(t, c.Get("/account"), 200, c.Account.Email, "Where you are signed in", "this browser")
	})
}

func TestFormsNeedTheirToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		c := app.Account("HRV", model.RoleCoordinator)
		c.Get("/account") // sign in
		// A form post without the form token: refused, nothing changed, logged.
		rec := c.Page("POST", "/account/tokens", url.Values{"csrf": {"forged"}, "name": {"sneaky"}})
		webtest.Expect(t, rec, http.StatusForbidden, "did not come from napx")
		if toks, _ := app.Services.Accounts.Tokens(t.Context(), c.Viewer); len(toks) != 1 {
			t.Errorf("tokens after a forged post: %d, want 1 (the test's own)", len(toks))
		}
		// A cross-site post: refused before anything else, logged.
		rec = app.Do(webtest.Request{Method: "POST", Path: "/accounts/disable", Body: strings.NewReader("email=" + url.QueryEscape(c.Account.Email)),
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example.org"}}})
		if rec.Code != http.StatusForbidden {
			t.Errorf("cross-site post: %d, want 403", rec.Code)
		}
		entries, _ := app.DB.AuditEntries(t.Context(), model.AuditFilter{Action: "security."})
		kinds := map[string]bool{}
		for _, e := range entries {
			kinds[e.Action] = true
		}
		if !kinds["security.csrf"] || !kinds["security.cross-origin"] {
			t.Errorf("refusals not audited: %v", kinds)
		}
		// With the token it works.
		webtest.Expect(t, c.Post("/account/tokens", url.Values{"name": {"laptop"}}), 200, "Your new API token")
	})
}

func TestAccountPageActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		c := app.Account("HRV", model.RoleCoordinator)
		c.Get("/account") // signs in: one session
		sessions, err := app.Services.Accounts.Sessions(t.Context(), c.Viewer, "")
		if err != nil || len(sessions) != 1 {
			t.Fatalf("sessions: %v %v", sessions, err)
		}
		rec := c.Post("/account/sessions/"+sessions[0].ID+"/revoke", nil)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("revoke: %d %s", rec.Code, rec.Body.String())
		}
		// The session just ended was this client's own: it is signed out now.
		if rec := c.Get("/account"); rec.Code != http.StatusSeeOther {
			t.Errorf("after ending its own session: %d", rec.Code)
		}
		// Coordinators manage their organisation's accounts.
		d := app.Account("HRV", model.RoleCoordinator, webtest.Email("chief@hrv.example.org"))
		webtest.Expect(t, d.Post("/accounts", url.Values{"email": {"new@hrv.example.org"}, "role": {"viewer"}, "password": {"short"}}), 422, "use at least 12 characters")
		if rec := d.Post("/accounts", url.Values{"email": {"new@hrv.example.org"}, "role": {"viewer"}, "password": {webtest.Password}, "org": {"SRB"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
		}
		accs, _ := app.Services.Accounts.List(t.Context(), d.Viewer, "")
		for _, a := range accs {
			if a.Org != "HRV" {
				t.Errorf("a coordinator created an account in %s", a.Org)
			}
		}
		webtest.Expect(t, d.Get("/accounts"), 200, "new@hrv.example.org")
		// A viewer may not.
		v := app.Account("HRV", model.RoleViewer)
		webtest.Expect(t, v.Get("/accounts"), 403)
	})
}

func TestAuditPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		admin := app.Account("UNODA", model.RoleViewer, webtest.Admin)
		other := app.Account("UNSC1540", model.RoleCoordinator)
		webtest.Expect(t, admin.Get("/admin/audit"), 200, "account.create", "token.create")
		webtest.Expect(t, admin.Get("/admin/audit?action=token."), 200, "token.create", "!account.create")
		webtest.Expect(t, admin.Get("/admin/audit?from=yesterday"), 422, "enter a date")
		// In another language the summaries stay the chained record's
		// English, marked so (a screen reader reads them in English), and
		// the page says why; the English page has no such note.
		webtest.Expect(t, admin.Get("/admin/audit?lang=fr"), 200, `<bdi lang="en">`, "Les résumés restent tels qu’ils ont été rédigés", "!Summaries stay as they were written")
		webtest.Expect(t, admin.Get("/admin/audit?lang=en"), 200, `<bdi lang="en">`, "!Summaries stay as they were written")
		webtest.Expect(t, other.Get("/admin/audit"), 404)
		webtest.Expect(t, app.Anonymous().Get("/admin/audit"), 303)
	})
}

func TestRequireTOTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db, func(o *server.Options) { o.Auth.RequireTOTP = true })
		coord := app.Account("HRV", model.RoleCoordinator)
		viewer := app.Account("HRV", model.RoleViewer)
		rec := coord.Get("/states")
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/account/totp" {
			t.Errorf("coordinator without a second factor: %d → %q", rec.Code, rec.Header().Get("Location"))
		}
		webtest.Expect(t, coord.Get("/account/totp"), 200, "Set up a second factor")
		webtest.Expect(t, coord.Do(webtest.Request{Path: "/api/v1/states"}), 403, "second factor")
		webtest.Expect(t, viewer.Get("/states"), 200)
	})
}
