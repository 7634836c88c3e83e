package browsertest_test

import (
	"context"
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

// signInAs signs the browser in through the sign-in page with a password.
func signInAs(b *browsertest.Browser, email, password string) {
	b.Open("/signin")
	b.Fill("#email", email)
	b.Fill("#password", password)
	b.Submit("#password")
}

// TestMatrixReviewFlow: a Committee expert edits a cell of Croatia's
// matrix and sends the draft; Croatia's coordinator comments on the cell
// and agrees; a Committee coordinator approves; an anonymous visitor sees
// the approved matrix and the heat map. Every page passes axe-core.
func TestMatrixReviewFlow(t *testing.T) {
	app := webtest.New(t, storetest.Open(t, storetest.SQLite))
	expert := app.Account("UNSC1540", model.RoleEditor)
	chief := app.Account("UNSC1540", model.RoleCoordinator)
	poc := app.Account("HRV", model.RoleCoordinator)
	b := browsertest.New(t, app.Handler)

	// The expert opens Croatia's (blank) matrix and edits OP1-07.
	signIn(b, expert.Account.Email)
	b.Open("/states/HRV/matrix")
	if got := b.Text("main"); !strings.Contains(got, "has no matrix edition yet") {
		t.Fatalf("blank matrix: %.300s", got)
	}
	b.Click(`a[href="/states/HRV/matrix/cells/OP1-07"]`)
	b.Do(chromedp.Click(chromedp.CSS(`input[name="status"][value="X"]`), chromedp.NodeVisible))
	b.Fill("#reference", "Ratified 1995 (test)")
	b.Fill("#source", "National report 2004, p. 3")
	b.Click("#save")
	if got := b.Text("main"); !strings.Contains(got, "The cell was saved") || !strings.Contains(got, "Ratified 1995 (test)") {
		t.Fatalf("after saving: %.400s", got)
	}
	b.Open("/states/HRV/matrix")
	b.Click("#send")
	if got := b.Text("main"); !strings.Contains(got, "sent to the State") {
		t.Fatalf("after sending: %.400s", got)
	}
	signOut(b)

	// Croatia's coordinator comments on the cell and agrees.
	signIn(b, poc.Account.Email)
	b.Open("/states/HRV/matrix/cells/OP1-07")
	b.Fill("#body", "Confirmed; the instrument of ratification was deposited in 1995.")
	b.Click("#comment")
	if got := b.Text("#comments + ol"); !strings.Contains(got, "deposited in 1995") {
		t.Errorf("the comment is not shown: %q", got)
	}
	b.Open("/states/HRV/matrix")
	b.Click("#agree")
	b.Click("#confirm") // the confirmation page (issue 18, item 2)
	if got := b.Text("main"); !strings.Contains(got, "agreement was recorded") {
		t.Fatalf("after agreeing: %.400s", got)
	}
	signOut(b)

	// A Committee coordinator approves.
	signIn(b, chief.Account.Email)
	b.Open("/states/HRV/matrix")
	b.Click("#approve")
	b.Click("#confirm")
	if got := b.Text("main"); !strings.Contains(got, "approved and is now public") {
		t.Fatalf("after approving: %.400s", got)
	}
	signOut(b)

	// Anyone sees the approved matrix, its cell, the heat map and the files.
	b.Open("/states/HRV/matrix?tab=fields")
	got := b.Text("main")
	for _, want := range []string{"Ratified 1995 (test)", "approved", "verified wording", "reconstructed wording, not verified"} {
		if !strings.Contains(got, want) {
			t.Errorf("the public matrix lacks %q", want)
		}
	}
	if strings.Contains(got, "deposited in 1995") {
		t.Error("the public sees the review comments")
	}
	b.Open("/states/HRV/matrix/cells/OP1-07")
	b.Open("/matrix")
	if got := b.Text("table.heatmap"); !strings.Contains(got, "1 of 17") {
		t.Errorf("heat map: %.300s", got)
	}
	b.Open("/matrix/elements?section=OP1")
	b.Open("/states/HRV/matrix/gaps")
	b.Open("/states/HRV/matrix/print")
	b.Open("/states/HRV")
	if !b.FocusIsVisible(`a[href="/states/HRV/matrix"]`, 40) {
		t.Error("the link to the matrix has no visible focus")
	}
}

// TestMatrixDemoPages: the demo's matrices — several editions, an edition
// with the State with comments, a draft sent back, the differences, the
// heat maps — pass axe-core as each kind of user sees them.
func TestMatrixDemoPages(t *testing.T) {
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, time.Now()), webtest.Demo())
	if _, err := demo.Seed(context.Background(), app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, app.Handler)
	for _, p := range []string{"/matrix", "/matrix?group=RACVIAC", "/states/ALB/matrix", "/states/ALB/matrix/diff?from=1&to=2",
		"/states/HRV/matrix/cells/OP3d-NW-17.LF", "/states/SRB/matrix/gaps", "/states/GRC/matrix/print"} {
		b.Open(p)
	}
	signInAs(b, "coordinator@hrv.demo.napx", demo.Password)
	b.Open("/states/HRV/matrix")
	if got := b.Text("main"); !strings.Contains(got, "Agree to edition 3") {
		t.Errorf("Croatia's coordinator cannot answer edition 3: %.300s", got)
	}
	b.Open("/states/HRV/matrix/cells/OP3d-NW-17.LF")
	if got := b.Text("#comments + ol"); !strings.Contains(got, "brokering provisions") {
		t.Errorf("the demo comments: %q", got)
	}
	b.Open("/states/HRV/matrix/diff")
	b.Open("/states/HRV/matrix/gaps")
	if got := b.Text("main"); !strings.Contains(got, "Propose a NAP action") {
		t.Errorf("Croatia's coordinator has no way to propose an action from a gap: %.300s", got)
	}
	b.Click(`form[action="/states/HRV/matrix/gaps/OP1-13/propose"] button`)
	if loc := b.Location(); !strings.HasPrefix(loc, "/naps/") {
		t.Errorf("proposing an action landed on %s", loc)
	} else if got := b.Text("main"); !strings.Contains(got, "OP1-13") {
		t.Errorf("the proposed action does not name its field: %.300s", got)
	}
	signOut(b)
	signInAs(b, "expert@unsc1540.demo.napx", demo.Password)
	b.Open("/states/MKD/matrix")
	if got := b.Text("main"); !strings.Contains(got, "The State asked for changes") {
		t.Errorf("North Macedonia's returned draft: %.300s", got)
	}
	b.Open("/states/MNE/matrix/cells/OP2-CW-04.EN")
	b.Open("/states/MNE/matrix/import")
	b.Open("/matrix?group=SEE")
}
