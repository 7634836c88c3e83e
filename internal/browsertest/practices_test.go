package browsertest_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"napx/internal/browsertest"
	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestPracticeFlow: a lesson noted at the seed's workshop becomes a draft
// practice with one click of the organiser, who submits it; the
// Committee's expert verifies it; the organiser's coordinator publishes
// it; Serbia's coordinator finds it through the search box in the header
// by a word of its body, the word marked in the snippet, and narrows by
// kind. Every page passes axe-core.
func TestPracticeFlow(t *testing.T) {
	at := time.Date(2017, 10, 1, 9, 0, 0, 0, time.UTC)
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, at), webtest.Demo(), webtest.Clock(func() time.Time { return at }))
	ctx := context.Background()
	if _, err := demo.Seed(ctx, app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	evs, err := app.Services.Events.List(ctx, model.SystemViewer("test"), service.EventQuery{Kind: "workshop"})
	if err != nil || len(evs) != 1 {
		t.Fatalf("workshops: %v %v", evs, err)
	}
	id := evs[0].ID
	l, err := app.Services.Events.AddLesson(ctx, model.SystemViewer("test"), id, service.Given(model.LessonInput{Title: "Regional exchanges speed up national plans",
		Body: "Neighbours comparing drafts shortened the drafting of plans by months.", Org: "RACVIAC"}))
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/events/%d", id)
	b := browsertest.New(t, app.Handler)

	demoSignIn(b, "organiser@racviac.demo.napx")
	b.Open(page + "#outcomes")
	b.Click(fmt.Sprintf(`form[action="%s/lessons/%d/practice"] button`, page, l.ID))
	if h1 := b.Text("h1"); h1 != "Regional exchanges speed up national plans" {
		t.Fatalf("the lesson did not become a practice: h1 %q", h1)
	}
	practice := strings.SplitN(b.Location(), "?", 2)[0]
	b.Click(`form[action$="/submit"] button`)
	if got := b.Text(".alert.success"); !strings.Contains(got, "submitted") {
		t.Errorf("submit: %q", got)
	}
	demoSignOut(b)

	demoSignIn(b, "expert@unsc1540.demo.napx")
	b.Open(practice[strings.Index(practice, "/practices/"):])
	b.Click(`form[action$="/verify"] button`)
	if got := b.Text(".alert.success"); !strings.Contains(got, "verified") {
		t.Errorf("verify: %q", got)
	}
	demoSignOut(b)

	demoSignIn(b, "organiser@racviac.demo.napx")
	b.Open(practice[strings.Index(practice, "/practices/"):])
	b.Click(`a[href$="/publish"]`) // the confirmation page (issue 18, item 2)
	b.Click("#confirm")
	if got := b.Text(".alert.success"); !strings.Contains(got, "published") {
		t.Errorf("publish: %q", got)
	}
	// The event keeps the link (on its Outcomes and follow-up tab).
	b.Open(page + "?tab=followup")
	if got := b.Text("#practices + ul"); !strings.Contains(got, "Regional exchanges speed up national plans") {
		t.Errorf("the event does not list the practice: %q", got)
	}
	demoSignOut(b)

	demoSignIn(b, "coordinator@srb.demo.napx")
	b.Open("/states")
	b.Fill("#site-q", "shortened")
	b.Submit("#site-q")
	hits := b.Text(".hits")
	if !strings.Contains(hits, "Regional exchanges speed up national plans") || !strings.Contains(b.Text(".hits mark"), "shortened") {
		t.Errorf("Serbia does not find the practice by a word of its body: %q", hits)
	}
	b.Click(`.facets a[href*="kind=practice"]`)
	if got := b.Text("#search-results .lede"); !strings.HasPrefix(got, "1 record") {
		t.Errorf("narrowed to practices: %q", got)
	}
	b.Open("/practices")
	b.Open("/practices/new")
	t.Logf("pages checked with axe-core: %d", len(b.Checked()))
}
