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

// TestLogisticsFlow (issue 18, items 3 and 9): RACVIAC's organiser
// invites Croatia and Serbia with the quota picker (delegations chosen
// by name, seats beside them), then confirms two nominations at once from
// "awaiting my confirmation". Every page passes axe-core, at 1280 px and
// at 390 px; at 390 px no page scrolls sideways.
func TestLogisticsFlow(t *testing.T) {
	for _, width := range []int64{1280, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			app := webtest.New(t, storetest.Open(t, storetest.SQLite))
			ctx := context.Background()
			org := app.Account("RACVIAC", model.RoleCoordinator)
			hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("poc@hrv.example.org"))
			srb := app.Account("SRB", model.RoleCoordinator, webtest.Email("poc@srb.example.org"))
			ev, err := app.Services.Events.Create(ctx, org.Viewer, model.EventInput{Kind: "workshop", Title: "Border controls workshop",
				Start: "2030-05-06", End: "2030-05-08", Visibility: "public", TimeZone: "Europe/Zagreb"})
			if err != nil {
				t.Fatal(err)
			}
			page := fmt.Sprintf("/events/%d", ev.ID)
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

			signIn(b, org.Account.Email)
			b.Open(page + "/manage?tab=participants") // the quotas are on the manage page's Participants tab
			sideways()
			b.Fill("#quota-org-0", "Croatia (HRV)")
			b.Fill("#quota-seats-0", "2")
			b.Fill("#quota-org-1", "Serbia (SRB)")
			b.Fill("#quota-seats-1", "1")
			b.Click(`#quota-quotas ~ .actions button[type="submit"]:not([name])`)
			if got := b.Text(".alert.success"); !strings.Contains(got, "quotas were saved") {
				t.Fatalf("after saving the quotas: %q at %s", got, b.Location())
			}
			if got := b.Text("#seats-HRV"); !strings.Contains(got, "Croatia") {
				t.Errorf("the seat summary lacks Croatia: %q", got)
			}
			sideways()

			for _, n := range []struct {
				c    *webtest.Client
				name string
			}{{hrv, "Ana Anić"}, {hrv, "Boris Babić"}, {srb, "Dragan Dragić"}} {
				if _, err := app.Services.Events.Nominate(ctx, n.c.Viewer, ev.ID, service.Given(model.NominationInput{Name: n.name})); err != nil {
					t.Fatal(err)
				}
			}
			b.Click(`a[href="` + page + `/participants?awaiting=me"]`)
			sideways()
			ps, err := app.Services.Events.Participants(ctx, org.Viewer, ev.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				if p.Name != "Boris Babić" {
					b.Do(chromedp.Click(chromedp.CSS(fmt.Sprintf("#pick-%d", p.ID)), chromedp.NodeVisible))
				}
			}
			b.Click(`button[form="bulk-confirm"]`)
			if got := b.Text(".alert.success"); !strings.Contains(got, "confirmed") {
				t.Fatalf("after the bulk confirmation: %q at %s", got, b.Location())
			}
			sideways()
			ps, _ = app.Services.Events.Participants(ctx, org.Viewer, ev.ID)
			confirmed := 0
			for _, p := range ps {
				if p.Status == model.StatusConfirmed {
					confirmed++
					if p.Name == "Boris Babić" {
						t.Errorf("a delegate not ticked was confirmed")
					}
				}
			}
			if confirmed != 2 {
				t.Errorf("%d confirmed, want 2", confirmed)
			}
		})
	}
}
