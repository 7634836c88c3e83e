package browsertest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"napx/internal/browsertest"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestConfirmJourney: Croatia's coordinator signs in and lands on its
// tasks, follows the task to submit its adopted plan, reads the
// confirmation page (key elements, what will happen) and confirms; then
// withdraws the plan through its confirmation page, the danger button
// last. Every page passes axe-core, at 1280 px and at 390 px; at 390 px no
// step's page scrolls sideways.
func TestConfirmJourney(t *testing.T) {
	for _, width := range []int64{1280, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			app := webtest.New(t, storetest.Open(t, storetest.SQLite))
			ctx := context.Background()
			sys := model.SystemViewer("test")
			coord := app.Account("HRV", model.RoleCoordinator)
			n, err := app.Services.NAPs.Create(ctx, sys, "HRV", model.NAPInput{Title: model.Ptr("Croatian plan 2027–2030"), PeriodStart: model.Ptr("2027"), PeriodEnd: model.Ptr("2030")})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := app.Services.NAPs.Adopt(ctx, sys, n.ID, service.Given(model.NAPAdoption{Authority: "Government of Croatia", Date: "2026-01-15"})); err != nil {
				t.Fatal(err)
			}
			plan := fmt.Sprintf("/naps/%d", n.ID)
			b := browsertest.New(t, app.Handler)
			if width != 1280 {
				b.Do(chromedp.EmulateViewport(width, 844))
			}
			sideways := func() {
				t.Helper()
				if w := browsertest.Eval[int64](b, `document.documentElement.scrollWidth`); w > width {
					wide := browsertest.Eval[string](b, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 8).map(e => e.tagName + "." + e.className + "#" + e.id + ":" + Math.round(e.getBoundingClientRect().right)).join(" ")`)
					t.Errorf("%s scrolls sideways at %d px: scrollWidth %d (%s)", b.Location(), width, w, wide)
				}
			}

			signIn(b, coord.Account.Email)
			if loc := b.Location(); !strings.HasPrefix(loc, "/tasks") {
				t.Fatalf("signed in to %s, want the tasks", loc)
			}
			sideways()
			b.Click(`a[href="` + plan + `/submit"]`)
			if got := b.Text("h1"); got != "Submit the plan to the 1540 Committee" {
				t.Fatalf("h1 %q at %s", got, b.Location())
			}
			if got := b.Text("main"); !strings.Contains(got, "Check the key elements first") || !strings.Contains(got, "What will happen") {
				t.Errorf("the confirmation page: %.300s", got)
			}
			sideways()
			b.Click("#confirm")
			if got := b.Text(".alert.success"); !strings.Contains(got, "submitted to the 1540 Committee") {
				t.Fatalf("after confirming: %q at %s", got, b.Location())
			}
			sideways()
			b.Click(`a[href="` + plan + `/withdraw"]`)
			if cls := browsertest.Eval[string](b, `[...document.querySelectorAll("form.confirm-form button, form.confirm-form a")].pop().className`); !strings.Contains(cls, "danger") {
				t.Errorf("the last control of the withdrawal is %q, want the danger button", cls)
			}
			sideways()
			b.Click("#confirm")
			if got := b.Text(".alert.success"); !strings.Contains(got, "withdrawn") {
				t.Fatalf("after withdrawing: %q", got)
			}
			sideways()
		})
	}
}
