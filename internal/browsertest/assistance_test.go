package browsertest_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
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

// TestAssistanceFlow: Croatia's coordinator drafts a request from a NAP
// action that needs assistance and submits it; the Committee's expert
// acknowledges it; the consent window closes and the timers circulate it;
// the IAEA finds the need among those that fit its programme and offers
// it; the expert confirms the match; Croatia and the IAEA are both told,
// in their inboxes. Every page visited passes axe-core.
func TestAssistanceFlow(t *testing.T) {
	var now atomic.Pointer[time.Time]
	set := func(s string) {
		at, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		now.Store(&at)
	}
	set("2026-10-01T14:00:00Z") // Thursday 1 October 2026, 10:00 in New York
	jobs := webtest.FastJobs
	jobs.ScanEvery = 100 * time.Millisecond // the deadline scans, with the test's clock
	app := webtest.New(t, storetest.Open(t, storetest.SQLite), webtest.Clock(func() time.Time { return *now.Load() }), webtest.Jobs(jobs))
	app.RunJobs()
	ctx := context.Background()
	coord := app.Account("HRV", model.RoleCoordinator)
	expert := app.Account("UNSC1540-GOE", model.RoleEditor)
	iaea := app.Account("IAEA", model.RoleEditor)
	title := "Croatian plan 2026–2030"
	n, err := app.Services.NAPs.Create(ctx, coord.Viewer, "HRV", model.NAPInput{Title: &title, PeriodStart: model.Ptr("2026"), PeriodEnd: model.Ptr("2030")})
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	act, err := app.Services.NAPs.CreateAction(ctx, coord.Viewer, n.ID, service.Given(model.NAPActionInput{Title: model.Ptr("Physical protection upgrade"),
		Due: model.Ptr("2027-12-31"), Elements: &[]string{"OP3b-NW-01.EN"}, AssistanceNeeded: &yes, AssistanceWhat: model.Ptr("Advice and equipment for physical protection")}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Services.Assistance.CreateProgramme(ctx, iaea.Viewer, "IAEA", model.ProgrammeInput{Title: model.Ptr("Nuclear security support"),
		Areas: &[]string{"AS-NUC"}, Modalities: &[]string{"legal-advice", "equipment"}, Groups: &[]string{"SEE"}, Languages: &[]string{"en"}, Status: model.Ptr("open")}); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, app.Handler)

	// Croatia drafts the request from the action and submits it.
	signIn(b, coord.Account.Email)
	b.Open(fmt.Sprintf("/naps/%d/actions/%d", n.ID, act.ID))
	b.Click(fmt.Sprintf(`a[href="/assistance/requests/new?action=%d"]`, act.ID))
	if got := browsertest.Eval[string](b, `document.querySelector('select[name="needs[0].area"]').value`); got != "AS-NUC" {
		t.Fatalf("the need's area proposed from the action: %q", got)
	}
	b.Do(chromedpCheck(`input[name="needs[0].modalities"][value="equipment"]`))
	b.Fill("#summary", "Physical protection of a research reactor")
	b.Fill("#description", "The reactor's perimeter lacks intrusion detection.")
	b.Submit("#title")
	req := strings.SplitN(b.Location(), "?", 2)[0]
	if !strings.HasPrefix(req, "/assistance/requests/") {
		t.Fatalf("after saving the draft: %s", req)
	}
	if got := b.Text("h1"); got != "Assistance for: Physical protection upgrade" {
		t.Fatalf("h1 %q", got)
	}
	b.Click(`a[href="` + req + `/submit"]`) // the confirmation page (issue 18, item 2)
	b.Click("#confirm")
	if got := b.Text("#status"); !strings.Contains(got, "Submitted") {
		t.Fatalf("after submitting: %q", got)
	}
	signOut(b)

	// The Committee acknowledges it today: the window runs to 8 October.
	signIn(b, expert.Account.Email)
	b.Open(req)
	b.Submit(`form[action="` + req + `/acknowledge"] button`)
	if got := b.Text("#objection_deadline"); !strings.Contains(got, "8 October 2026") {
		t.Fatalf("the window: %q", got)
	}
	signOut(b)

	// The window closes at midnight in New York; the job engine's scan
	// circulates the request (no page view does).
	set("2026-10-09T04:00:00Z")
	var id int64
	fmt.Sscan(strings.TrimPrefix(req, "/assistance/requests/"), &id)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		r, err := app.Services.Assistance.Request(ctx, model.SystemViewer("test"), id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status == model.RequestCirculated {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the scan never circulated the request")
		}
	}
	b.Open(req)
	if got := b.Text("#status"); !strings.Contains(got, "Circulated") {
		t.Fatalf("the public reads %q", got)
	}

	// The IAEA finds the need among those that fit, and offers.
	signIn(b, iaea.Account.Email)
	b.Open("/assistance/fits")
	b.Click(`table a[href^="` + req + `#need-"]`)
	b.Submit(`form[action$="/offers"] select`)
	if got := b.Text(".alert.success"); !strings.Contains(got, "offer was recorded") {
		t.Fatalf("after the offer: %q", got)
	}
	signOut(b)

	// The expert confirms the match.
	signIn(b, expert.Account.Email)
	b.Open(req)
	b.Click(`form[action$="/match"] button`)
	if got := b.Text(".alert.success"); !strings.Contains(got, "match was confirmed") {
		t.Fatalf("after the match: %q", got)
	}
	if got := b.Text("#needs + section"); !strings.Contains(got, "Nuclear security support") {
		t.Errorf("the need after the match: %q", got)
	}
	signOut(b)

	// Both sides are told.
	app.WaitJobs()
	for _, who := range []*webtest.Client{coord, iaea} {
		signIn(b, who.Account.Email)
		if got := strings.Join(strings.Fields(b.Text("#inbox-link")), " "); !strings.Contains(got, "unread") {
			t.Errorf("%s: no unread count in the header: %q", who.Name(), got)
		}
		b.Open("/notifications")
		if got := b.Text("main"); !strings.Contains(got, "Match confirmed: “Nuclear security support”") {
			t.Errorf("%s is not told of the match: %q", who.Name(), got)
		}
		signOut(b)
	}
}

// TestAssistanceDemoPages: the demo's assistance pages, as a newcomer
// would look at them — each passes axe-core.
func TestAssistanceDemoPages(t *testing.T) {
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, time.Now()), webtest.Demo())
	if _, err := demo.Seed(context.Background(), app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, app.Handler)
	b.Open("/assistance")
	b.Open("/assistance?group=SEE")
	b.Open("/assistance/requests")
	b.Open("/assistance/programmes")
	rs, err := app.Services.Assistance.Requests(context.Background(), model.SystemViewer("test"), model.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	expert := app.Account("UNSC1540", model.RoleEditor, webtest.Email("flow-expert@unsc1540.example.org"))
	signIn(b, expert.Account.Email)
	for _, r := range rs {
		b.Open(fmt.Sprintf("/assistance/requests/%d", r.ID))
	}
	b.Open(fmt.Sprintf("/assistance/requests/%d/edit", rs[0].ID))
	b.Open("/maps?layer=needs&group=SEE")
	signOut(b)
	coord := app.Account("HRV", model.RoleCoordinator, webtest.Email("flow-coordinator@hrv.example.org"))
	signIn(b, coord.Account.Email)
	b.Open("/assistance/requests/new")
	b.Open("/assistance/programmes/new")
	b.Open("/states/HRV")
	signOut(b)
	iaea := app.Account("IAEA", model.RoleEditor, webtest.Email("flow@iaea.example.org"))
	signIn(b, iaea.Account.Email)
	b.Open("/assistance/fits")
}

// chromedpCheck ticks a check box.
func chromedpCheck(css string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).checked = true`, css))
}
