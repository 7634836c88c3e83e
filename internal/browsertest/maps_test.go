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

// TestMapsFlow: the maps and charts of the regional view pass axe-core
// (0 violations) as the public and as a Committee expert see them; the
// States on a map are reached by keyboard, with a visible focus, and a
// State's link opens its page.
func TestMapsFlow(t *testing.T) {
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, time.Now()), webtest.Demo())
	if _, err := demo.Seed(context.Background(), app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, app.Handler)
	for _, p := range []string{"/maps", "/maps?layer=coverage&group=SEE", "/maps?layer=events&group=C-WMD", "/groups/SEE", "/groups/UN?layer=events",
		"/states/ALB/matrix"} {
		b.Open(p)
	}
	// The keyboard reaches Albania on the SEE map, shows where the focus
	// is, and Enter opens Albania's page.
	b.Open("/maps?group=SEE")
	if !b.FocusIsVisible(`svg.map a[href="/states/ALB"]`, 40) {
		t.Error("the focus on a State of the map is not visible")
	}
	b.Navigate(chromedp.KeyEvent("\r"))
	if loc := b.Location(); loc != "/states/ALB" {
		t.Errorf("Enter on Albania on the map went to %s", loc)
	}
	// A Committee expert sees the plans the public does not: the map says so in its counts.
	signInAs(b, "expert@unsc1540.demo.napx", demo.Password)
	b.Open("/maps?group=SEE")
	if got := browsertest.Eval[string](b, `document.querySelector("svg.map").textContent`); !strings.Contains(got, "No plan visible to you") || strings.Contains(got, "No plan visible to you: 6") {
		t.Errorf("the Committee's expert sees no plan on the SEE map: %q", got)
	}
	b.Open("/groups/SEE")
	b.Open("/maps?layer=coverage")
	// A plan page with its progress chart.
	b.Open("/naps?state=SRB")
	b.Click(`main table a[href^="/naps/"]`)
	if got := b.Text("main"); !strings.Contains(got, "Progress over time") {
		t.Errorf("the plan page has no progress chart: %.300s", got)
	}
}
