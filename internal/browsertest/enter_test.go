package browsertest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"napx/internal/browsertest"
	"napx/internal/model"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestEnterSavesThePractice (issue 18, follow-up "enter"), at 1280 px:
// Croatia's coordinator types a practice's title and presses Enter in that
// field; the practice is saved (its page, "created"), not shown again with
// another tag row. The form's first submit button is the hidden default
// button (partial default-submit): out of sight, out of the tab order. The
// control, shown in the same browser: the same form with the default button
// taken out answers Enter with "Add another tag" (the form again, a tag row
// more, nothing saved) — the defect this fixes. axe passes on every page.
func TestEnterSavesThePractice(t *testing.T) {
	app := webtest.New(t, storetest.Open(t, storetest.SQLite))
	hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("enter@hrv.example.org"))
	b := browsertest.New(t, app.Handler)
	signIn(b, hrv.Account.Email)
	saved := func(title string) bool {
		t.Helper()
		ps, err := app.Services.Practices.List(context.Background(), hrv.Viewer, model.PracticeFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Title == title {
				return true
			}
		}
		return false
	}
	tagRows := `document.querySelectorAll('input[name="tag_new"]').length`
	enter := func(css string) { b.Navigate(chromedp.SendKeys(chromedp.CSS(css), kb.Enter)) }

	// The control: without the default button, Enter adds a tag row.
	b.Open("/practices/new")
	rows := browsertest.Eval[int](b, tagRows)
	if !browsertest.Eval[bool](b, `(() => { const d = document.querySelector("form[action='/practices'] .default-submit"); if (!d) return false; d.remove(); return true; })()`) {
		t.Fatal("the practice form has no default button")
	}
	b.Fill("#title", "Practice not saved by Enter")
	enter("#title")
	if got := browsertest.Eval[int](b, tagRows); got != rows+1 || saved("Practice not saved by Enter") || strings.Contains(b.Location(), "done=") {
		t.Fatalf("control: without the default button Enter should add a tag row and save nothing: %d rows (was %d), at %s", got, rows, b.Location())
	}

	// With it: the default button is the form's first, unseen and not
	// reachable by Tab; Enter in the title saves.
	b.Open("/practices/new")
	if !browsertest.Eval[bool](b, `(() => {
		const f = document.querySelector("form[action='/practices']"), d = f.querySelector("button[type=submit]"), r = d.getBoundingClientRect();
		return d.classList.contains("default-submit") && d.tabIndex === -1 && d.getAttribute("aria-hidden") === "true" && r.width <= 1 && r.height <= 1;
	})()`) {
		t.Error("the practice form's first submit button is not a hidden default button")
	}
	b.Fill("#title", "Practice saved by Enter")
	enter("#title")
	if loc := b.Location(); !strings.Contains(loc, "done=practice-created") || b.Text("h1") != "Practice saved by Enter" || !saved("Practice saved by Enter") {
		t.Errorf("Enter in the title did not save the practice: at %s, h1 %q", loc, b.Text("h1"))
	}
}
