package browsertest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"napx/internal/browsertest"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestOIDCSignInFlow: a Croatian coordinator types their work address on
// the sign-in page, is offered "Sign in with Croatia" (htmx), signs in at
// the real provider (zitadel's example, in-process), comes back, links the
// identity once with their napx password, is signed in, sees how on the
// account page, signs out and is offered the provider's end-session
// address; the second time the provider alone signs them in. Every napx
// page passes axe-core (the provider's own pages are not napx's).
func TestOIDCSignInFlow(t *testing.T) {
	var handler http.Handler
	b := browsertest.New(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	app := webtest.New(t, storetest.Open(t, storetest.SQLite), webtest.BaseURL(b.URL))
	handler = app.Handler
	op := webtest.StartOIDCProvider(t, b.URL+"/signin/oidc/callback", webtest.OIDCUser{ID: "u-ana", Email: "ana@mvep.hr", Verified: true})
	ctx := context.Background()
	if _, err := app.Services.OIDC.AddProvider(ctx, model.SystemViewer("test"), service.OIDCProviderInput{Issuer: op.Issuer, ClientID: op.ClientID,
		ClientSecret: op.Secret, Orgs: []string{"HRV"}, Domains: []string{"mvep.hr"}}); err != nil {
		t.Fatal(err)
	}
	app.Account("HRV", model.RoleCoordinator, webtest.Email("ana@mvep.hr"))

	atProvider := func() {
		t.Helper()
		wctx, cancel := context.WithTimeout(b.Ctx(), 15*time.Second)
		_, err := chromedp.Run(wctx, chromedp.WaitVisible(chromedp.CSS("#username")))
		cancel()
		if err != nil {
			html, _ := chromedp.Run(b.Ctx(), chromedp.OuterHTML(chromedp.CSS("html")))
			t.Fatalf("no login page at the provider: %v; at %s: %.2000s", err, b.Location(), html)
		}
		b.Do(chromedp.WaitVisible(chromedp.CSS("#username")),
			chromedp.SendKeys(chromedp.CSS("#username"), "ana@mvep.hr"),
			chromedp.SendKeys(chromedp.CSS("#password"), webtest.OIDCPassword))
		if _, err := chromedp.RunResponse(b.Ctx(), chromedp.Submit(chromedp.CSS("#password"))); err != nil {
			t.Fatalf("provider login: %v (at %s)", err, b.Location())
		}
		b.Do(chromedp.WaitReady(chromedp.CSS("body")))
		b.Check()
	}

	b.Open("/signin")
	b.Fill("#oidc-email", "ana@mvep.hr")
	b.Do(chromedp.WaitVisible(chromedp.CSS(`#oidc-choices a.button`)))
	if got := b.Text(`#oidc-choices a.button`); got != "Sign in with Croatia" {
		t.Fatalf("offered: %q", got)
	}
	b.Check()
	b.Do(chromedp.Click(chromedp.CSS(`#oidc-choices a.button`), chromedp.NodeVisible))
	atProvider()
	if loc := b.Location(); loc != "/signin/oidc/link" {
		t.Fatalf("after the provider, first time: %s", loc)
	}
	b.Fill("#password", "not my password at all")
	b.Submit("#password")
	if msg := b.Text(".alert.error"); !strings.Contains(msg, "Nothing was linked") {
		t.Fatalf("wrong password: %q", msg)
	}
	b.Fill("#password", webtest.Password)
	b.Submit("#password")
	if loc := b.Location(); loc != "/tasks?done=signed-in" {
		t.Fatalf("after linking: %s", loc)
	}
	b.Open("/account")
	if got := b.Text("#sessions + .table-wrap"); !strings.Contains(got, "through "+op.Issuer) {
		t.Fatalf("sessions: %q", got)
	}
	b.Navigate(chromedp.Click(chromedp.CSS(`.site-header .account button`), chromedp.NodeVisible))
	if got := b.Text("main"); !strings.Contains(got, "You are signed out of napx") {
		t.Fatalf("signed out: %q", got)
	}
	href := browsertest.Eval[string](b, `document.querySelector("main a.button").href`)
	if !strings.HasPrefix(href, op.Issuer+"/") || !strings.Contains(href, "client_id="+op.ClientID) {
		t.Fatalf("end-session address: %q", href)
	}

	// The second time: the provider alone.
	b.Open("/signin/oidc?email=ana%40mvep.hr&next=%2Fnotifications")
	b.Do(chromedp.Click(chromedp.CSS(`#oidc-choices a.button`), chromedp.NodeVisible))
	atProvider()
	if loc := b.Location(); loc != "/notifications?done=signed-in" {
		t.Fatalf("after the provider, second time: %s", loc)
	}
}
