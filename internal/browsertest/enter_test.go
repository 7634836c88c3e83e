package browsertest_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"napx/internal/browsertest"
	"napx/internal/model"
	"napx/internal/service"
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

// TestEnterInAFindBoxFinds (issue 18, follow-up "find"), at 1280 px:
// Croatia's coordinator types a title, then words in "Find actions", and
// presses Enter there: the form comes back with the actions found, the line
// that says nothing was saved, the focus back in the box, the title kept —
// and no practice saved. Ticking the action and pressing Enter in the title
// saves the practice with it. The control, in the same browser: the form as
// served before this change (the box's "last searched" twin taken out)
// answers Enter in the Find box with a save, the words dropped. axe passes
// on every page.
func TestEnterInAFindBoxFinds(t *testing.T) {
	app := webtest.New(t, storetest.Open(t, storetest.SQLite))
	ctx, sys := context.Background(), model.SystemViewer("test")
	hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("find@hrv.example.org"))
	plan, err := app.Services.NAPs.Create(ctx, sys, "HRV", model.NAPInput{Title: model.Ptr("Find plan"), PeriodStart: model.Ptr("2026"), PeriodEnd: model.Ptr("2029")})
	if err != nil {
		t.Fatal(err)
	}
	action, err := app.Services.NAPs.CreateAction(ctx, sys, plan.ID,
		service.Given(model.NAPActionInput{Title: model.Ptr("Quillwort border inspection drills"), Due: model.Ptr("2028-06-30")}))
	if err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, app.Handler)
	signIn(b, hrv.Account.Email)
	saved := func(title string) bool {
		t.Helper()
		ps, err := app.Services.Practices.List(ctx, hrv.Viewer, model.PracticeFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(ps, func(p service.PracticeView) bool { return p.Title == title })
	}
	enter := func(css string) { b.Navigate(chromedp.SendKeys(chromedp.CSS(css), kb.Enter)) }
	found := fmt.Sprintf(`#nap_actions-found input[value="%d"]`, action.ID)

	// The control: without the twin, Enter in the Find box saves.
	b.Open("/practices/new")
	if !browsertest.Eval[bool](b, `(() => { const d = document.querySelector('input[name="action_q_searched"]'); if (!d) return false; d.remove(); return true; })()`) {
		t.Fatal("the practice form's Find box has no twin")
	}
	b.Fill("#title", "Practice saved, its search dropped")
	b.Fill("#action_q", "Quillwort")
	enter("#action_q")
	if loc := b.Location(); !strings.Contains(loc, "done=practice-created") || !saved("Practice saved, its search dropped") {
		t.Fatalf("control: without the twin Enter in the Find box should save: at %s", loc)
	}

	// With it: Enter in "Find actions" finds, and saves nothing.
	b.Open("/practices/new")
	b.Fill("#title", "Practice found first")
	b.Fill("#action_q", "Quillwort")
	enter("#action_q")
	if loc := b.Location(); strings.Contains(loc, "done=") || saved("Practice found first") {
		t.Fatalf("Enter in the Find box saved the practice: at %s", loc)
	}
	if !browsertest.Eval[bool](b, fmt.Sprintf(`document.querySelector(%q) !== null`, found)) {
		t.Error("Enter in the Find box did not list the action found")
	}
	if got := b.Text("#action_q-instead"); !strings.Contains(got, "Quillwort") || !strings.Contains(got, "Save the draft") {
		t.Errorf("the line by the box says %q", got)
	}
	if !browsertest.Eval[bool](b, `document.activeElement && document.activeElement.id === "action_q" && document.querySelector("#title").value === "Practice found first"`) {
		t.Error("the focus is not back in the Find box, or the title was not kept")
	}
	// Tick it; Enter in the title saves, with the action.
	b.Do(chromedp.Click(chromedp.CSS(found), chromedp.NodeVisible))
	enter("#title")
	if loc := b.Location(); !strings.Contains(loc, "done=practice-created") || !saved("Practice found first") ||
		!browsertest.Eval[bool](b, `document.querySelector("main").innerText.includes("Quillwort border inspection drills")`) {
		t.Errorf("Enter in the title did not save the practice with its action: at %s", loc)
	}
}
