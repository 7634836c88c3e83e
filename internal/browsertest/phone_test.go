package browsertest_test

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"napx/internal/browsertest"
	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// sidewaysJS is how much wider than the viewport the page is (0: it does
// not scroll sideways), with the elements that stick out.
const sidewaysJS = `(() => {
	const over = document.documentElement.scrollWidth - innerWidth;
	if (over <= 0) return "";
	const clipped = e => { if (["absolute", "fixed"].includes(getComputedStyle(e).position)) return false; for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) { if (getComputedStyle(a).overflowX !== "visible") return true; } return false; };
	return over + " px: " + [...document.querySelectorAll("body *")].filter(e => (e.getBoundingClientRect().right > innerWidth + 1 || e.getBoundingClientRect().left < -1) && !clipped(e))
		.slice(0, 6).map(e => e.tagName + "." + e.className + "#" + e.id + ":" + Math.round(e.getBoundingClientRect().right)).join(" ");
})()`

// TestPhonesNoSidewaysScroll walks the demo's main pages at 390 px as an
// anonymous visitor and as Croatia's coordinator: no page scrolls sideways,
// axe passes on each, the navigation is folded into a menu (and is not at
// 1280 px), and each long page's "on this page" list links to headings it
// has. The control: a deliberately wide element makes the same check fail.
func TestPhonesNoSidewaysScroll(t *testing.T) {
	app := webtest.New(t, storetest.Open(t, storetest.SQLite), webtest.Demo())
	if _, err := demo.Seed(context.Background(), app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	coord := app.Account("HRV", model.RoleCoordinator, webtest.Email("phone-coordinator@hrv.example.org"))
	pages := []string{"/", "/states", "/groups", "/organizations", "/matrix", "/naps", "/state-of-play", "/events", "/maps", "/assistance", "/practices", "/figures",
		"/states/HRV", "/states/HRV/matrix", "/search?q=Croatia", "/about"}
	// A plan and an event, found on their lists: the long pages with an
	// "on this page" list.
	details := map[string]string{"/naps": `^/naps/[0-9]+$`, "/events": `^/events/[0-9]+$`}
	href := regexp.MustCompile(`^#`)
	for _, who := range []string{"anonymous", "coordinator"} {
		t.Run(who, func(t *testing.T) {
			b := browsertest.New(t, app.Handler)
			b.Do(chromedp.EmulateViewport(390, 844))
			visit := append([]string{}, pages...)
			if who == "coordinator" {
				signIn(b, coord.Account.Email)
				visit = append(visit, "/tasks", "/states/HRV/matrix/review", "/account", "/notifications")
			}
			for i := 0; i < len(visit); i++ {
				p := visit[i]
				b.Open(p)
				if css, ok := details[p]; ok {
					if d := browsertest.Eval[string](b, fmt.Sprintf(`([...document.querySelectorAll("main a")].map(a => a.getAttribute("href")).find(h => new RegExp(%q).test(h)) || "")`, css)); d != "" {
						visit = append(visit, d)
					} else {
						t.Errorf("%s: no record to open", p)
					}
				}
				if i == 0 {
					if !browsertest.Eval[bool](b, `getComputedStyle(document.querySelector(".site-nav")).display === "none" && document.querySelector("details.nav-menu").checkVisibility()`) {
						t.Errorf("%s: the navigation is not folded into a menu at 390 px", p)
					}
					b.Do(chromedp.Click(chromedp.CSS("details.nav-menu > summary")))
					if !browsertest.Eval[bool](b, `document.querySelector("details.nav-menu").open && document.querySelector("details.nav-menu nav a").checkVisibility()`) {
						t.Errorf("%s: the menu does not open", p)
					}
				}
				if wide := browsertest.Eval[string](b, sidewaysJS); wide != "" {
					t.Errorf("%s (%s) scrolls sideways at 390 px by %s", p, who, wide)
				}
				for _, id := range browsertest.Eval[[]string](b, `[...document.querySelectorAll("nav.contents a")].map(a => a.getAttribute("href"))`) {
					if !href.MatchString(id) || !browsertest.Eval[bool](b, fmt.Sprintf(`document.getElementById(%q) !== null`, strings.TrimPrefix(id, "#"))) {
						t.Errorf("%s: on this page links to %s, which it lacks", p, id)
					}
				}
			}
			// The control: a deliberately wide element is found.
			b.Do(chromedp.Evaluate[chromedp.Void](`(() => { const d = document.createElement("div"); d.id = "too-wide"; d.style.width = "900px"; d.style.height = "4px"; document.querySelector("main").append(d); })()`))
			if wide := browsertest.Eval[string](b, sidewaysJS); !strings.Contains(wide, "too-wide") {
				t.Errorf("the control: a 900-px element is not found (%q)", wide)
			}
		})
	}
	t.Run("wide", func(t *testing.T) {
		b := browsertest.New(t, app.Handler)
		b.Open("/")
		if !browsertest.Eval[bool](b, `getComputedStyle(document.querySelector("details.nav-menu")).display === "none" && document.querySelector(".site-nav a").checkVisibility()`) {
			t.Errorf("at 1280 px the navigation is folded")
		}
	})
}

// TestGuidedReviewJourney: Croatia's coordinator signs in, follows the task
// of the matrix edition awaiting Croatia to its review, goes through the
// changes with next and previous, marks each read, reaches the
// check-your-answers page, agrees and is done. axe on every page, at 1280
// and at 390 px; at 390 px no step scrolls sideways.
func TestGuidedReviewJourney(t *testing.T) {
	for _, width := range []int64{1280, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			app := webtest.New(t, storetest.Open(t, storetest.SQLite))
			sent := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
			err := app.Services.Demo.MatrixEditions(context.Background(), model.SystemViewer("test"), "HRV", []service.IllustrativeEdition{
				{Status: model.EditionApproved, Approved: sent.AddDate(-1, 0, 0), Cells: []model.MatrixCell{
					{FieldID: "OP1-02", Status: model.CellX, Reference: "ratified 1995"}, {FieldID: "OP2-NW-01.LF", Status: model.CellQ}}},
				{Status: model.EditionWithState, Sent: sent, Cells: []model.MatrixCell{
					{FieldID: "OP1-02", Status: model.CellX, Reference: "ratified 1995, amended 2020"},
					{FieldID: "OP2-NW-01.LF", Status: model.CellX, Reference: "Criminal Code, art. 88"}}},
			})
			if err != nil {
				t.Fatal(err)
			}
			coord := app.Account("HRV", model.RoleCoordinator)
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
			signIn(b, coord.Account.Email)
			if loc := b.Location(); !strings.HasPrefix(loc, "/tasks") {
				t.Fatalf("signed in to %s, want the tasks", loc)
			}
			b.Click(`a[href="/states/HRV/matrix/review"]`)
			if got := b.Text("main"); !strings.Contains(got, "2 fields changed since approved edition 1") {
				t.Fatalf("the review: %.300s", got)
			}
			sideways()
			b.Click("#start")
			if got := b.Text("main"); !strings.Contains(got, "Change 1 of 2") || !strings.Contains(got, "ratified 1995, amended 2020") {
				t.Fatalf("the first change: %.300s", got)
			}
			sideways()
			b.Click("#next")
			if got := b.Text(".caption"); got != "Change 2 of 2" {
				t.Fatalf("next: %q", got)
			}
			b.Click("#prev")
			if got := b.Text(".caption"); got != "Change 1 of 2" {
				t.Fatalf("previous: %q", got)
			}
			b.Fill("#body", "The amendment of 2020 is in force.")
			b.Click("#add-comment")
			if got := b.Text("main"); !strings.Contains(got, "The amendment of 2020 is in force.") {
				t.Fatalf("the comment inline: %.300s", got)
			}
			b.Click("#seen")
			if got := b.Text(".caption"); got != "Change 2 of 2" {
				t.Fatalf("after marking the first read: %q at %s", got, b.Location())
			}
			sideways()
			b.Click("#seen")
			if loc := b.Location(); loc != "/states/HRV/matrix/agree" {
				t.Fatalf("after the last change: %s, want check your answers", loc)
			}
			if got := b.Text("main"); !strings.Contains(got, "Check your answers") || !strings.Contains(got, "The amendment") && !strings.Contains(got, "2 of 2 changes") {
				t.Errorf("check your answers: %.400s", got)
			}
			sideways()
			b.Click("#confirm")
			if got := b.Text(".alert.success"); !strings.Contains(got, "agreement") {
				t.Fatalf("after agreeing: %q at %s", got, b.Location())
			}
			sideways()
		})
	}
}
