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
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestRecordedHistoryFlow: Serbia's coordinator records its first
// national report on the form and finds it on the State's page; the
// Committee's expert records a copy of the matrix that gives another
// date: the date shows as disputed on the report, the State's page and
// the list of disputes; the Committee's coordinator decides with a
// reason. Every page passes axe-core.
func TestRecordedHistoryFlow(t *testing.T) {
	at := time.Date(2027, 3, 3, 9, 0, 0, 0, time.UTC)
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, at), webtest.Demo(), webtest.Clock(func() time.Time { return at }))
	if _, err := demo.Seed(context.Background(), app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, app.Handler)

	demoSignIn(b, "coordinator@srb.demo.napx")
	b.Open("/states/SRB")
	b.Click(`a[href="/states/SRB/reports/new"]`)
	b.Fill("#date", "10282004") // the date input takes the digits in the locale's order
	b.Fill("#symbol", "S/AC.44/2004/(02)/45")
	b.Fill("#pages", "24")
	b.Fill("#source", "Approved matrix of Serbia, copy A")
	b.Submit("#symbol")
	if flash := b.Text(".alert.success"); !strings.Contains(flash, "national report was saved") {
		t.Fatalf("saved: %q (at %s)", flash, b.Location())
	}
	report := b.Location()
	if got := b.Text("dl.facts"); !strings.Contains(got, "28 October 2004") || !strings.Contains(got, "copy A") {
		t.Errorf("the report: %q", got)
	}
	demoSignOut(b)

	demoSignIn(b, "expert@unsc1540.demo.napx")
	b.Open(strings.SplitN(report, "?", 2)[0])
	b.Click(`dl.facts a[href^="/facts/"]`)
	b.Fill("#claim-date", "11022004")
	b.Fill("#claim-source", "Approved matrix of Serbia, copy B")
	b.Submit("#claim-source")
	if got := b.Text("dl.facts"); !strings.Contains(got, "disputed") {
		t.Errorf("the date after a second source: %q", got)
	}
	fact := strings.SplitN(b.Location(), "?", 2)[0]
	b.Open("/states/SRB")
	if got := b.Text("#reports ~ .table-wrap"); !strings.Contains(got, "disputed") {
		t.Errorf("the State's page: %q", got)
	}
	demoSignOut(b)

	demoSignIn(b, "coordinator@unsc1540.demo.napx")
	b.Open("/disputes")
	b.Click(`a[href="` + fact + `"]`)
	b.Do(chromedp.Click(chromedp.CSS(`input[name="date"][value="2004-11-02"]`), chromedp.NodeVisible)) // a choice: no navigation
	b.Fill("#reason", "the note verbale transmitting the report is dated 2 November 2004")
	b.Submit("#reason")
	if got := b.Text("dl.facts"); !strings.Contains(got, "2 November 2004") || !strings.Contains(got, "decided by the 1540 Committee") {
		t.Errorf("after the decision: %q", got)
	}
	b.Open("/disputes")
	if got := b.Text("main"); !strings.Contains(got, "No disputed date") {
		t.Errorf("the disputes after the decision: %q", got)
	}
}
