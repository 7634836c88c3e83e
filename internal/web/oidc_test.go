package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// Sign-in through an organisation's OpenID provider (issue 19), against a
// real provider started by the test (webtest.StartOIDCProvider), on both
// engines.

const napxBase = "http://napx.test"

// movingClock is the services' clock, moved by the test (a flow's expiry).
type movingClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *movingClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.at }
func (c *movingClock) Add(d time.Duration) {
	c.mu.Lock()
	c.at = c.at.Add(d)
	c.mu.Unlock()
}

// browser keeps cookies between requests, from its own client address
// (refusals are audited per client).
type browser struct {
	t      *testing.T
	app    *webtest.App
	remote string
	jar    map[string]string
}

var browsers atomic.Int64 // the engine subtests run side by side

func newBrowser(t *testing.T, app *webtest.App) *browser {
	n := browsers.Add(1)
	return &browser{t: t, app: app, remote: "192.0.2." + strconv.FormatInt(10+n%200, 10) + ":1234", jar: map[string]string{}}
}

func (b *browser) do(method, target string, form url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	r := webtest.Request{Method: method, Path: target, Header: http.Header{}, Remote: b.remote}
	for n, v := range b.jar {
		r.Cookies = append(r.Cookies, &http.Cookie{Name: n, Value: v})
	}
	if form != nil {
		if s := b.jar[httpx.SessionCookie]; s != "" {
			form.Set("csrf", httpx.CSRFToken(s))
		}
		r.Body = strings.NewReader(form.Encode())
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rec := b.app.Do(r)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.jar, c.Name)
		} else {
			b.jar[c.Name] = c.Value
		}
	}
	return rec
}

// begin asks napx to sign in with provider id and returns where it sends
// the browser.
func (b *browser) begin(id int64, extra url.Values) string {
	b.t.Helper()
	q := url.Values{"provider": {strconv.FormatInt(id, 10)}, "next": {"/account"}}
	for k, v := range extra {
		q[k] = v
	}
	rec := b.do("GET", "/signin/oidc/start?"+q.Encode(), nil)
	if rec.Code != http.StatusSeeOther {
		b.t.Fatalf("start: %d %s", rec.Code, rec.Body.String())
	}
	return rec.Header().Get("Location")
}

// signIn runs the whole flow for email and returns napx's answer to the
// provider's redirect.
func (b *browser) signIn(op *webtest.OIDCProvider, id int64, email string) *httptest.ResponseRecorder {
	b.t.Helper()
	loc := op.Login(b.t, b.begin(id, nil), email)
	return b.do("GET", loc.RequestURI(), nil)
}

func oidcRefusal(t *testing.T, rec *httptest.ResponseRecorder, status int, want string) {
	t.Helper()
	webtest.Expect(t, rec, status, "Sign-in refused", want)
	if rec.Header().Get("Set-Cookie") != "" && strings.Contains(rec.Header().Get("Set-Cookie"), httpx.SessionCookie+"=") &&
		!strings.Contains(rec.Header().Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("a refusal set a session cookie: %s", rec.Header().Get("Set-Cookie"))
	}
}

func (b *browser) me() map[string]any {
	b.t.Helper()
	rec := b.do("GET", "/api/v1/me", nil)
	if rec.Code != http.StatusOK {
		b.t.Fatalf("me: %d %s", rec.Code, rec.Body.String())
	}
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		b.t.Fatal(err)
	}
	return out
}

func linkedIdentities(t *testing.T, app *webtest.App) int {
	t.Helper()
	n := 0
	entries, err := app.Services.Audit.Entries(context.Background(), system, model.AuditFilter{Action: "oidc.link", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == "oidc.link" {
			n++
		}
	}
	return n
}

func audited(t *testing.T, app *webtest.App, action string) bool {
	t.Helper()
	entries, err := app.Services.Audit.Entries(context.Background(), system, model.AuditFilter{Action: action, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return len(entries) > 0
}

func TestOIDCSignIn(t *testing.T) {
	// One clock, moved by each engine's flow: the engines take turns.
	storetest.SerialEngines(t)
	clock := &movingClock{at: time.Now().UTC()}
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		app.RunJobs()
		op := webtest.StartOIDCProvider(t, napxBase+"/signin/oidc/callback",
			webtest.OIDCUser{ID: "u-ana", Email: "ana@mvep.hr", Verified: true},
			webtest.OIDCUser{ID: "u-tom", Email: "tom@mvep.hr", Verified: true},
			webtest.OIDCUser{ID: "u-bob", Email: "bob@mvep.hr", Verified: true},
			webtest.OIDCUser{ID: "u-dis", Email: "dis@mvep.hr", Verified: true},
			webtest.OIDCUser{ID: "u-ivo", Email: "ivo@mvep.hr", Verified: false},
			webtest.OIDCUser{ID: "u-eve", Email: "eve@evil.example", Verified: true},
			webtest.OIDCUser{ID: "u-kim", Email: "kim@mvep.hr", Verified: true},
		)
		admin := app.Account("UNSC1540", model.RoleCoordinator, webtest.Admin)

		// The admin page: bad input named, nothing added; then added.
		form := url.Values{"issuer": {op.Issuer}, "client_id": {op.ClientID}, "client_secret": {op.Secret}, "orgs": {"HRV"}, "domains": {""}}
		webtest.Expect(t, admin.Post("/admin/oidc", form), http.StatusUnprocessableEntity, "name the e-mail domains")
		form.Set("domains", "mvep.hr")
		form.Set("issuer", "http://127.0.0.1:1/nothing")
		webtest.Expect(t, admin.Post("/admin/oidc", form), http.StatusUnprocessableEntity, "could not read this provider")
		form.Set("issuer", op.Issuer)
		webtest.Expect(t, admin.Post("/admin/oidc", form), http.StatusSeeOther)
		page := admin.Get("/admin/oidc")
		webtest.Expect(t, page, 200, op.Issuer, "mvep.hr", napxBase+"/signin/oidc/callback")
		if strings.Contains(page.Body.String(), op.Secret) {
			t.Fatal("the admin page shows the client secret")
		}
		// Nobody else reaches the admin page.
		coord := app.Account("HRV", model.RoleCoordinator, webtest.Email("ana@mvep.hr"))
		webtest.Expect(t, coord.Get("/admin/oidc"), http.StatusForbidden)
		webtest.Expect(t, coord.Post("/admin/oidc", form), http.StatusForbidden)
		ps, err := app.Services.OIDC.Providers(context.Background(), system)
		if err != nil || len(ps) != 1 {
			t.Fatalf("providers: %v %v", ps, err)
		}
		id := ps[0].ID
		entries, _ := app.Services.Audit.Entries(context.Background(), system, model.AuditFilter{Action: "oidc.provider.add", Limit: 10})
		if len(entries) != 1 || strings.Contains(entries[0].Summary+entries[0].After, op.Secret) {
			t.Fatalf("provider audit: %+v", entries)
		}

		// The sign-in page offers the organisation for the typed address.
		webtest.Expect(t, app.Get("/signin/oidc?email=someone%40mvep.hr"), 200, "Sign in with Croatia")
		webtest.Expect(t, app.Get("/signin/oidc?email=someone%40elsewhere.example"), 200, "No organisation signs in people with this address")

		// First sign-in: not linked; the account's password links it once.
		b := newBrowser(t, app)
		rec := b.signIn(op, id, "ana@mvep.hr")
		webtest.Expect(t, rec, http.StatusSeeOther)
		if rec.Header().Get("Location") != "/signin/oidc/link" || b.jar[httpx.SessionCookie] != "" {
			t.Fatalf("unlinked identity: %s, cookies %v", rec.Header().Get("Location"), b.jar)
		}
		webtest.Expect(t, b.do("GET", "/signin/oidc/link", nil), 200, "ana@mvep.hr", "Croatia")
		webtest.Expect(t, b.do("POST", "/signin/oidc/link", url.Values{"email": {"ana@mvep.hr"}, "password": {"not the password at all"}}),
			http.StatusUnauthorized, "Nothing was linked")
		if n := linkedIdentities(t, app); n != 0 {
			t.Fatalf("a wrong password linked %d identities", n)
		}
		rec = b.do("POST", "/signin/oidc/link", url.Values{"email": {"ana@mvep.hr"}, "password": {webtest.Password}})
		webtest.Expect(t, rec, http.StatusSeeOther)
		if rec.Header().Get("Location") != "/account?done=signed-in" {
			t.Fatalf("after link: %s", rec.Header().Get("Location"))
		}
		me := b.me()
		if me["auth"] != "oidc" || me["issuer"] != op.Issuer || me["email"] != "ana@mvep.hr" || me["role"] != "coordinator" {
			t.Fatalf("me: %v", me)
		}
		webtest.Expect(t, b.do("GET", "/account", nil), 200, "through <code>"+op.Issuer+"</code>")
		if !audited(t, app, "oidc.link") {
			t.Fatal("the link is not audited")
		}
		// The link form is used: once only.
		oidcRefusal(t, b.do("POST", "/signin/oidc/link", url.Values{"email": {"ana@mvep.hr"}, "password": {webtest.Password}}), http.StatusBadRequest, "expired or was already used")
		// A password session says so.
		pw := newBrowser(t, app)
		webtest.Expect(t, pw.do("POST", "/signin", url.Values{"email": {"ana@mvep.hr"}, "password": {webtest.Password}}), http.StatusSeeOther)
		if m := pw.me(); m["auth"] != "password" {
			t.Fatalf("password session: %v", m)
		}

		// Signing out ends napx's session and offers the provider's.
		rec = b.do("POST", "/signout", url.Values{})
		webtest.Expect(t, rec, 200, "You are signed out of napx", op.Issuer)
		if b.jar[httpx.SessionCookie] != "" {
			t.Fatal("the session cookie stayed")
		}

		// Second sign-in: linked by issuer and subject, straight in.
		b = newBrowser(t, app)
		loc := op.Login(t, b.begin(id, nil), "ana@mvep.hr")
		rec = b.do("GET", loc.RequestURI(), nil)
		webtest.Expect(t, rec, http.StatusSeeOther)
		if rec.Header().Get("Location") != "/account?done=signed-in" {
			t.Fatalf("linked sign-in: %s", rec.Header().Get("Location"))
		}
		// The same answer again: the state is single use.
		oidcRefusal(t, b.do("GET", loc.RequestURI(), nil), http.StatusBadRequest, "expired or was already used")

		// The answer in another browser (no flow cookie): refused.
		b = newBrowser(t, app)
		loc = op.Login(t, b.begin(id, nil), "ana@mvep.hr")
		other := newBrowser(t, app)
		oidcRefusal(t, other.do("GET", loc.RequestURI(), nil), http.StatusBadRequest, "began in another browser")
		// A changed state: refused, and the flow is not consumed by it.
		q := loc.Query()
		q.Set("state", "forged-"+q.Get("state"))
		oidcRefusal(t, b.do("GET", "/signin/oidc/callback?"+q.Encode(), nil), http.StatusBadRequest, "does not belong to the sign-in")
		webtest.Expect(t, b.do("GET", loc.RequestURI(), nil), http.StatusSeeOther)

		// An expired state.
		b = newBrowser(t, app)
		loc = op.Login(t, b.begin(id, nil), "ana@mvep.hr")
		clock.Add(service.OIDCFlowValidity + time.Second)
		oidcRefusal(t, b.do("GET", loc.RequestURI(), nil), http.StatusBadRequest, "expired")
		if !audited(t, app, "auth.oidc.refused.state") {
			t.Fatal("a refused state is not audited")
		}

		// Tokens that must not pass, each from a provider (or a man in the
		// middle) that rewrites the ID token.
		kid, key := op.Key(t)
		resign := func(change func(c map[string]any)) func(map[string]any) string {
			return func(c map[string]any) string { change(c); return webtest.SignRS256(t, kid, key, c) }
		}
		for _, tc := range []struct {
			name  string
			forge func(map[string]any) string
		}{
			{"control: re-signed unchanged", resign(func(map[string]any) {})},
			{"wrong audience", resign(func(c map[string]any) { c["aud"] = []string{"another-client"}; c["azp"] = "another-client" })},
			{"changed nonce", resign(func(c map[string]any) { c["nonce"] = "changed" })},
			{"expired", resign(func(c map[string]any) {
				c["exp"] = time.Now().Add(-time.Hour).Unix()
				c["iat"] = time.Now().Add(-2 * time.Hour).Unix()
			})},
			{"other issuer", resign(func(c map[string]any) { c["iss"] = "https://evil.example" })},
			{"alg none", webtest.SignNone},
			{"HS256 with the public key", func(c map[string]any) string { return webtest.SignHS256(kid, key, c) }},
			{"garbage", func(map[string]any) string { return "not.a.token" }},
		} {
			op.Forge = tc.forge
			before := linkedIdentities(t, app)
			b := newBrowser(t, app)
			rec := b.signIn(op, id, "ana@mvep.hr")
			if strings.HasPrefix(tc.name, "control") {
				webtest.Expect(t, rec, http.StatusSeeOther)
				continue
			}
			oidcRefusal(t, rec, http.StatusBadRequest, "could not be trusted")
			if linkedIdentities(t, app) != before || b.jar[httpx.SessionCookie] != "" {
				t.Fatalf("%s: something was linked or signed in", tc.name)
			}
		}
		op.Forge = nil
		if !audited(t, app, "auth.oidc.refused.token") {
			t.Fatal("refused tokens are not audited")
		}

		// The token endpoint answers garbage: refused, clearly.
		op.Garbage = true
		oidcRefusal(t, newBrowser(t, app).signIn(op, id, "ana@mvep.hr"), http.StatusBadGateway, "did not complete the sign-in")
		op.Garbage = false

		// Keys rotated between two sign-ins: the new key is fetched and
		// accepted; a token under the retired key is refused.
		op.Rotate()
		webtest.Expect(t, newBrowser(t, app).signIn(op, id, "ana@mvep.hr"), http.StatusSeeOther)
		op.Forge = resign(func(map[string]any) {})
		oidcRefusal(t, newBrowser(t, app).signIn(op, id, "ana@mvep.hr"), http.StatusBadRequest, "could not be trusted")
		op.Forge = nil

		// E-mail not verified; a domain the provider may not vouch for.
		oidcRefusal(t, newBrowser(t, app).signIn(op, id, "ivo@mvep.hr"), http.StatusForbidden, "did not confirm your e-mail address")
		oidcRefusal(t, newBrowser(t, app).signIn(op, id, "eve@evil.example"), http.StatusForbidden, "may not vouch for addresses like eve@evil.example")

		// Linking needs an account of the provider's organisations.
		app.Account("FRA", model.RoleViewer, webtest.Email("dis@mvep.hr"))
		b = newBrowser(t, app)
		webtest.Expect(t, b.signIn(op, id, "dis@mvep.hr"), http.StatusSeeOther)
		oidcRefusal(t, b.do("POST", "/signin/oidc/link", url.Values{"email": {"dis@mvep.hr"}, "password": {webtest.Password}}), http.StatusForbidden, "does not sign in people of France")

		// A disabled account stays disabled whatever the provider says.
		if _, err := app.Services.Accounts.Disable(context.Background(), system, "ana@mvep.hr"); err != nil {
			t.Fatal(err)
		}
		oidcRefusal(t, newBrowser(t, app).signIn(op, id, "ana@mvep.hr"), http.StatusForbidden, "disabled")

		// Second factor: a TOTP account is asked for its code after a
		// provider that asserts one factor, not after one that asserts two.
		tom := app.Account("HRV", model.RoleEditor, webtest.Email("tom@mvep.hr"))
		e, err := app.Services.Accounts.BeginTOTP(context.Background(), tom.Viewer)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Services.Accounts.ConfirmTOTP(context.Background(), tom.Viewer, service.TOTPCode(e.Secret, clock.Now())); err != nil {
			t.Fatal(err)
		}
		b = newBrowser(t, app)
		webtest.Expect(t, b.signIn(op, id, "tom@mvep.hr"), http.StatusSeeOther)
		rec = b.do("POST", "/signin/oidc/link", url.Values{"email": {"tom@mvep.hr"}, "password": {webtest.Password}})
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/signin/code") {
			t.Fatalf("one factor at the provider: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		op.AMR = []string{"pwd", "otp"}
		b = newBrowser(t, app)
		rec = b.signIn(op, id, "tom@mvep.hr")
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/account?done=signed-in" {
			t.Fatalf("multi-factor at the provider: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		if m := b.me(); m["provider_mfa"] != true {
			t.Fatalf("me after MFA: %v", m)
		}
		webtest.Expect(t, b.do("GET", "/account", nil), 200, "multi-factor at the provider")
		op.AMR = nil

		// An invitation links the first sign-in (to the invited address only).
		if _, err := app.Services.Accounts.Invite(context.Background(), system, service.InviteInput{Email: "bob@mvep.hr", Org: "HRV", Role: "viewer"}); err != nil {
			t.Fatal(err)
		}
		app.WaitJobs()
		link := latestLink(t, app, "bob@mvep.hr")
		webtest.Expect(t, app.Get(link), 200, "Sign in with Croatia")
		token, _ := url.QueryUnescape(strings.TrimPrefix(link, "/account/password?token="))
		b = newBrowser(t, app)
		oidcRefusal(t, b.do("GET", op.Login(t, b.begin(id, url.Values{"invite": {token}}), "kim@mvep.hr").RequestURI(), nil), http.StatusForbidden, "The invitation was sent to bob@mvep.hr")
		b = newBrowser(t, app)
		rec = b.do("GET", op.Login(t, b.begin(id, url.Values{"invite": {token}}), "bob@mvep.hr").RequestURI(), nil)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/account?done=signed-in" {
			t.Fatalf("invited sign-in: %d %s %s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
		}
		if m := b.me(); m["email"] != "bob@mvep.hr" || m["role"] != "viewer" {
			t.Fatalf("invited: %v", m)
		}
		webtest.Expect(t, app.Get(link), http.StatusGone, "already used")

		// The provider is down.
		op.Stop()
		app.Services.OIDC.Forget()
		oidcRefusal(t, newBrowser(t, app).do("GET", "/signin/oidc/start?provider="+strconv.FormatInt(id, 10), nil), http.StatusBadGateway, "could not reach")
	}, webtest.BaseURL(napxBase), webtest.Clock(clock.Now), webtest.Jobs(webtest.FastJobs))
}

// TestOIDCAdmin: only administrators add and remove providers; removing
// one takes its button off the sign-in page.
func TestOIDCAdmin(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		op := webtest.StartOIDCProvider(t, napxBase+"/signin/oidc/callback")
		p, err := app.Services.OIDC.AddProvider(context.Background(), system, service.OIDCProviderInput{Issuer: op.Issuer, ClientID: op.ClientID,
			ClientSecret: op.Secret, Orgs: []string{"HRV", "SRB"}, Domains: []string{"mvep.hr, mfa.gov.rs"}})
		if err != nil {
			t.Fatal(err)
		}
		webtest.Expect(t, app.Get("/signin/oidc?email=a%40mfa.gov.rs"), 200, "Sign in with Croatia")
		remove := "/admin/oidc/" + strconv.FormatInt(p.ID, 10) + "/remove"
		for _, c := range []*webtest.Client{app.Account("HRV", model.RoleCoordinator), app.Account("UNSC1540", model.RoleEditor)} {
			webtest.Expect(t, c.Get("/admin/oidc"), http.StatusForbidden)
			webtest.Expect(t, c.Post(remove, url.Values{}), http.StatusForbidden)
		}
		rec := app.Get("/admin/oidc")
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/signin") {
			t.Fatalf("anonymous: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		admin := app.Account("UNSC1540", model.RoleCoordinator, webtest.Admin)
		webtest.Expect(t, admin.Post("/admin/oidc/999999/remove", url.Values{}), http.StatusNotFound)
		webtest.Expect(t, admin.Post(remove, url.Values{}), http.StatusSeeOther)
		webtest.Expect(t, admin.Get("/admin/oidc?done=oidc-removed"), 200, "The sign-in provider was removed", "No provider yet")
		webtest.Expect(t, app.Get("/signin/oidc?email=a%40mfa.gov.rs"), 200, "No organisation signs in people with this address")
		if !audited(t, app, "oidc.provider.remove") {
			t.Fatal("removal not audited")
		}
	})
}
