package browsertest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"napx/internal/browsertest"
	"napx/internal/demo"
	"napx/internal/service"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestSignInFlow: the demo coordinator signs in (after a wrong password),
// enrols a second factor, signs in again with a code, and ends another
// session; every page passes axe-core.
func TestSignInFlow(t *testing.T) {
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, time.Now()), webtest.Demo())
	ctx := context.Background()
	if _, err := demo.Seed(ctx, app.Services, app.Services.Log()); err != nil {
		t.Fatal(err)
	}
	coordinator := demo.Accounts[0].Email
	b := browsertest.New(t, app.Handler)

	b.Open("/")
	b.Click(`a[href="/signin"]`)
	b.Fill("#email", coordinator)
	b.Fill("#password", "not the password")
	b.Submit("#password")
	if msg := b.Text(".alert.error"); !strings.Contains(msg, "The e-mail address or the password is not right") {
		t.Fatalf("wrong password message: %q", msg)
	}
	b.Fill("#password", demo.Password)
	b.Submit("#password")
	if loc := b.Location(); !strings.HasPrefix(loc, "/tasks?done=signed-in") { // the tasks page is where an account lands
		t.Fatalf("after sign-in: %s", loc)
	}
	if got := b.Text(".site-header .account"); !strings.Contains(got, "HRV") {
		t.Errorf("header after sign-in: %q", got)
	}

	// Enrol a second factor.
	b.Open("/account")
	b.Click(`a[href="/account/totp"]`)
	b.Navigate(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`), chromedp.NodeVisible))
	secret := b.Text("#totp-secret")
	if len(secret) < 16 {
		t.Fatalf("no TOTP secret on the page: %q", secret)
	}
	b.Fill("#code", service.TOTPCode(secret, time.Now()))
	b.Submit("#code")
	codes := strings.Fields(b.Text(".codes"))
	if len(codes) != 10 {
		t.Fatalf("recovery codes: %q", codes)
	}

	// Sign out and in again: now a code is asked for.
	b.Navigate(chromedp.Click(chromedp.CSS(`.site-header .account button`), chromedp.NodeVisible))
	b.Open("/signin")
	b.Fill("#email", coordinator)
	b.Fill("#password", demo.Password)
	b.Submit("#password")
	if loc := b.Location(); !strings.HasPrefix(loc, "/signin/code") {
		t.Fatalf("with a second factor, sign-in went to %s", loc)
	}
	b.Fill("#code", "123456")
	b.Submit("#code")
	if got := b.Text("#code-error"); !strings.Contains(got, "not right") {
		t.Errorf("wrong code message: %q", got)
	}
	// The next step's code (the current one was used at enrolment).
	b.Fill("#code", service.TOTPCode(secret, time.Now().Add(30*time.Second)))
	b.Submit("#code")
	if loc := b.Location(); !strings.Contains(loc, "done=signed-in") {
		t.Fatalf("after the code: %s", loc)
	}

	// Another device signs in; end that session from the account page.
	acc, _, err := app.DB.AccountByEmail(ctx, coordinator)
	if err != nil {
		t.Fatal(err)
	}
	other, err := app.DB.Sessions(ctx, acc.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	before := len(other)
	res, err := app.Services.Accounts.SignIn(ctx, coordinator, demo.Password, "203.0.113.5", "Other device")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Services.Accounts.VerifyTOTP(ctx, res.Token, codes[0], "203.0.113.5"); err != nil {
		t.Fatal(err)
	}
	b.Open("/account")
	b.Click(`tr:not([data-current]) form[action^="/account/sessions/"] button`)
	if got := b.Text(".alert.success"); !strings.Contains(got, "session was ended") {
		t.Errorf("after ending a session: %q", got)
	}
	if v, _, err := app.Services.Accounts.Authenticate(ctx, res.Token); err == nil && v.SignedIn() {
		t.Error("the ended session still works")
	}
	after, _ := app.DB.Sessions(ctx, acc.ID, time.Now())
	if len(after) != before {
		t.Errorf("sessions: %d before the other device, %d after ending it", before, len(after))
	}
}
