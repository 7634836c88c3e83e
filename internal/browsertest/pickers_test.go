package browsertest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"napx/internal/browsertest"
	"napx/internal/model"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestMatrixFieldPickerFlow (issue 18, items 3 and 4): Croatia's coordinator
// adds a NAP action, narrows the matrix fields to OP 3 (d), nuclear, with
// "Show fields" (no JavaScript needed), ticks one, saves, and finds the
// action on the plan's Actions tab. axe passes on every page, at 1280 and
// 390 px, and no page scrolls sideways.
func TestMatrixFieldPickerFlow(t *testing.T) {
	for _, width := range []int64{1280, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			app := webtest.New(t, storetest.Open(t, storetest.SQLite))
			hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("picker@hrv.example.org"))
			plan, err := app.Services.NAPs.Create(context.Background(), hrv.Viewer, "HRV", model.NAPInput{Title: model.Ptr("Picker plan"),
				PeriodStart: model.Ptr("2026"), PeriodEnd: model.Ptr("2030")})
			if err != nil {
				t.Fatal(err)
			}
			page := fmt.Sprintf("/naps/%d", plan.ID)
			b := browsertest.New(t, app.Handler)
			if width != 1280 {
				b.Do(chromedp.EmulateViewport(width, 844))
			}
			sideways := func() {
				t.Helper()
				if wide := browsertest.Eval[string](b, sidewaysJS); wide != "" {
					t.Errorf("%s scrolls sideways at %d px by %s", b.Location(), width, wide)
				}
			}
			signIn(b, hrv.Account.Email)
			b.Open(page + "/actions/new")
			sideways()
			b.Fill("#title", "Licence nuclear dual-use exports")
			setValue(b, "#due", "2028-06-30")
			setValue(b, "#element_area", "OP3d")
			setValue(b, "#element_weapon", "NW")
			b.Click(`button[name="show_fields"]`)
			sideways()
			if n := browsertest.Eval[int](b, `document.querySelectorAll('.picker-offer input[name="element"]').length`); n == 0 || n > 60 {
				t.Fatalf("OP 3 (d), nuclear: %d fields offered", n)
			}
			if browsertest.Eval[bool](b, `!!document.querySelector('input[name="element"][value="OP3d-CW-09.LF"]')`) {
				t.Error("a chemical-weapons field is offered under the nuclear filter")
			}
			if got := browsertest.Eval[string](b, `document.querySelector("#title").value`); got != "Licence nuclear dual-use exports" {
				t.Errorf("the title typed was lost by the filter: %q", got)
			}
			b.Do(chromedp.Click(chromedp.CSS(`input[name="element"][value="OP3d-NW-09.LF"]`), chromedp.NodeVisible))
			b.Submit("#title")
			if got := b.Text("h1"); got != "Licence nuclear dual-use exports" {
				t.Fatalf("after saving: h1 %q at %s", got, b.Location())
			}
			if got := b.Text("main"); !strings.Contains(got, "OP3d-NW-09.LF") {
				t.Errorf("the action lacks its field: %.300s", got)
			}
			sideways()
			// The plan's sub-tabs: the Actions tab lists it; Overview is first.
			b.Open(page)
			if cur := b.Text(`nav.subtabs a[aria-current="true"]`); cur != "Overview" {
				t.Errorf("the plan opens on %q", cur)
			}
			b.Click(`nav.subtabs a[href="` + page + `?tab=actions"]`)
			if got := b.Text("#tab-actions"); !strings.Contains(got, "Licence nuclear dual-use exports") {
				t.Errorf("the Actions tab: %.300s", got)
			}
			if browsertest.Eval[bool](b, `document.querySelector("#tab-overview").checkVisibility()`) {
				t.Error("the Overview panel is shown on the Actions tab")
			}
			sideways()
		})
	}
}
