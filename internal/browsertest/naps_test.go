package browsertest_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"napx/internal/browsertest"
	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

func signIn(b *browsertest.Browser, email string) {
	b.Open("/signin")
	b.Fill("#email", email)
	b.Fill("#password", webtest.Password)
	b.Submit("#password")
}

// setValue sets a field's value directly: typing into a date field
// follows the browser's locale.
func setValue(b *browsertest.Browser, css, value string) {
	if !browsertest.Eval[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q; return e.value === %q; })()`, css, value, value)) {
		b.Location()
	}
}

func signOut(b *browsertest.Browser) {
	b.Click(`form[action="/signout"] button`)
}

// TestNAPFlow: Croatia's coordinator drafts a plan, adds an action, adopts
// and submits it; the Committee's expert sees it on the state of play;
// Serbia's viewer does not. Every page visited passes axe-core.
func TestNAPFlow(t *testing.T) {
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, time.Now()), webtest.Demo())
	coord := app.Account("HRV", model.RoleCoordinator)
	expert := app.Account("UNSC1540", model.RoleEditor)
	other := app.Account("SRB", model.RoleViewer)
	b := browsertest.New(t, app.Handler)

	signIn(b, coord.Account.Email)
	b.Open("/naps")
	b.Click(`a[href="/naps/new"]`)
	b.Fill("#title", "Croatian action plan 2026–2030")
	b.Fill("#period_start", "2026")
	b.Fill("#period_end", "2030")
	b.Submit("#title")
	plan := b.Location()
	plan = strings.SplitN(plan, "?", 2)[0]
	if !strings.HasPrefix(plan, "/naps/") {
		t.Fatalf("after creating the plan: %s", plan)
	}
	if got := b.Text("h1"); got != "Croatian action plan 2026–2030" {
		t.Fatalf("h1 %q", got)
	}

	b.Click(`a[href="` + plan + `/actions/new"]`)
	b.Fill("#title", "Amend the export control law")
	setValue(b, "#start", "2026-01-15")
	setValue(b, "#due", "2027-06-30")
	for _, f := range []string{"OP3d-NW-01.LF", "OP3d-CW-01.LF"} { // the matrix-field picker (issue 18, item 3)
		b.Do(chromedp.Click(chromedp.CSS(`input[name="element"][value="`+f+`"]`), chromedp.NodeVisible))
	}
	b.Fill("#lead", "Ministry of Economy")
	b.Submit("#title")
	if got := b.Text("h1"); got != "Amend the export control law" {
		t.Fatalf("action page h1 %q at %s", got, b.Location())
	}
	b.Click(`.breadcrumbs a[href="` + plan + `"]`)
	b.Fill("#authority", "Government of Croatia")
	setValue(b, "#date", "2026-01-10")
	b.Submit("#authority")
	if got := b.Text(".alert.success"); !strings.Contains(got, "adoption was recorded") {
		t.Fatalf("after adopting: %q", got)
	}
	// Submitting is confirmed on its own page (issue 18, item 2).
	b.Click(`a[href="` + plan + `/submit"]`)
	if got := b.Text("h1"); got != "Submit the plan to the 1540 Committee" {
		t.Fatalf("the confirmation page's h1 %q at %s", got, b.Location())
	}
	b.Click("#confirm")
	if got := b.Text("#submissions + ol"); !strings.Contains(got, "Submission 1") {
		t.Fatalf("after submitting: %q", got)
	}
	b.Open(plan + "/print")
	b.Open("/naps/key-elements")
	signOut(b)

	signIn(b, expert.Account.Email)
	b.Open("/state-of-play")
	if got := b.Text("table"); !strings.Contains(got, "Croatian action plan 2026–2030") {
		t.Errorf("the Committee's state of play lacks the submitted plan: %q", got)
	}
	b.Open(plan)
	if got := b.Text("h1"); got != "Croatian action plan 2026–2030" {
		t.Errorf("the expert reads %q", got)
	}
	signOut(b)

	signIn(b, other.Account.Email)
	b.Open("/state-of-play")
	if got := b.Text("table"); strings.Contains(got, "Croatian action plan") {
		t.Errorf("Serbia's viewer sees Croatia's submitted plan on the state of play")
	}
	b.Open(plan)
	if got := b.Text("h1"); got != "Page not found" {
		t.Errorf("Serbia's viewer opens the plan: %q", got)
	}
}

// TestNAPDemoPages: the demo's plans, as a newcomer would look at them —
// each page passes axe-core.
func TestNAPDemoPages(t *testing.T) {
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, time.Now()), webtest.Demo())
	if _, err := demo.Seed(context.Background(), app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	coord := app.Account("HRV", model.RoleCoordinator, webtest.Email("flow-coordinator@hrv.example.org"))
	b := browsertest.New(t, app.Handler)
	signIn(b, coord.Account.Email)
	b.Open("/naps")
	plan := "/naps/1" // Croatia's 2015–2019 plan, the demo's first
	b.Open(plan)
	b.Open(plan + "/diff?from=1&to=3")
	b.Open(plan + "/import")
	b.Open(plan + "/edit")
	b.Open(plan + "/sections/NAP-02/edit")
	b.Open("/state-of-play?sort=progress&dir=desc")
	b.Open("/states/HRV")
	b.Open("/naps/2/diff?from=replaced")
}
