package browsertest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"napx/internal/browsertest"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestPhoneJourneys walks, on a 390-px phone, the formal acts no other
// flow walks at that width (issue 18, items 2 and 7; the plan's submission
// and withdrawal are TestConfirmJourney's, the matrix agreement
// TestGuidedReviewJourney's): Croatia's coordinator withdraws a delegate
// from the workshop its task leads to, lifts its objection and circulates
// its request for assistance, and publishes its submitted plan; the 1540
// Committee's coordinator follows its task to approve the edition Croatia
// agreed. Each goes tasks → the record → the confirmation page (the danger
// button last where the act is dangerous) → done, the confirmation naming
// the record. axe-core runs on every page (Browser.Navigate) and no page
// scrolls sideways. One browser and one server for all of them.
func TestPhoneJourneys(t *testing.T) {
	app := webtest.New(t, storetest.Open(t, storetest.SQLite))
	ctx := context.Background()
	sys := model.SystemViewer("test")
	coord := app.Account("HRV", model.RoleCoordinator)
	expert := app.Account("UNSC1540", model.RoleEditor)
	chair := app.Account("UNSC1540", model.RoleCoordinator)
	org := app.Account("RACVIAC", model.RoleCoordinator)

	// The workshop Croatia is invited to, with a delegate nominated.
	ev, err := app.Services.Events.Create(ctx, org.Viewer, model.EventInput{Kind: "workshop", Title: "Border controls workshop",
		Start: "2030-05-06", End: "2030-05-08", Visibility: "public", TimeZone: "Europe/Zagreb"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Services.Events.SetQuotas(ctx, org.Viewer, ev.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: model.Ptr(2)}})); err != nil {
		t.Fatal(err)
	}
	delegate, err := app.Services.Events.Nominate(ctx, coord.Viewer, ev.ID, service.Given(model.NominationInput{Name: "Ana Anić"}))
	if err != nil {
		t.Fatal(err)
	}
	// A request Croatia objected to circulating.
	a := app.Services.Assistance
	req, err := a.Create(ctx, coord.Viewer, "HRV", model.RequestInput{Title: model.Ptr("Export control training"), Summary: model.Ptr("Training for licensing officers"),
		Description: model.Ptr("Licensing officers need training."), Needs: &[]model.NeedInput{{Area: "AS-EXPORT", Modalities: []string{"training"}, Description: "A course"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err = a.Submit(ctx, coord.Viewer, req.ID, nil); err == nil {
		if _, err = a.Acknowledge(ctx, expert.Viewer, req.ID, nil); err == nil {
			_, err = a.Object(ctx, coord.Viewer, req.ID, nil)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	// A plan submitted to the Committee, not yet published.
	n, err := app.Services.NAPs.Create(ctx, sys, "HRV", model.NAPInput{Title: model.Ptr("Croatian plan 2027–2030"), PeriodStart: model.Ptr("2027"), PeriodEnd: model.Ptr("2030")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Services.NAPs.Adopt(ctx, sys, n.ID, service.Given(model.NAPAdoption{Authority: "Government of Croatia", Date: "2026-01-15"})); err != nil {
		t.Fatal(err)
	}
	if _, _, err := app.Services.NAPs.Submit(ctx, sys, n.ID, nil); err != nil {
		t.Fatal(err)
	}
	// An edition of Croatia's matrix Croatia agreed, awaiting approval.
	sent := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	if err := app.Services.Demo.MatrixEditions(ctx, sys, "HRV", []service.IllustrativeEdition{
		{Status: model.EditionWithState, Agreed: true, Sent: sent, Cells: []model.MatrixCell{{FieldID: "OP1-02", Status: model.CellX, Reference: "ratified 1995"}}},
	}); err != nil {
		t.Fatal(err)
	}

	b := browsertest.New(t, app.Handler)
	b.Do(chromedp.EmulateViewport(390, 844))
	sideways := func() {
		t.Helper()
		if wide := browsertest.Eval[string](b, sidewaysJS); wide != "" {
			t.Errorf("%s scrolls sideways at 390 px by %s", b.Location(), wide)
		}
	}
	done := func(want ...string) {
		t.Helper()
		got := b.Text(".alert.success")
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("the confirmation at %s: %q, want %q", b.Location(), got, w)
			}
		}
		sideways()
	}
	dangerLast := func() {
		t.Helper()
		if cls := browsertest.Eval[string](b, `[...document.querySelectorAll("form.confirm-form button, form.confirm-form a")].pop().className`); !strings.Contains(cls, "danger") {
			t.Errorf("the last control at %s is %q, want the danger button", b.Location(), cls)
		}
	}

	signIn(b, coord.Account.Email)
	if loc := b.Location(); !strings.HasPrefix(loc, "/tasks") {
		t.Fatalf("signed in to %s, want the tasks", loc)
	}
	sideways()

	// The delegate's withdrawal: the task leads to the participants.
	participants := fmt.Sprintf("/events/%d/participants", ev.ID)
	b.Click(`a[href="` + participants + `#nominate"]`)
	sideways()
	b.Click(fmt.Sprintf(`a[href="%s/%d/withdraw"]`, participants, delegate.ID))
	sideways()
	dangerLast()
	b.Click("#confirm")
	done("Ana Anić", "was withdrawn from", "Border controls workshop")

	// The request: the objection lifted, the request circulated.
	request := fmt.Sprintf("/assistance/requests/%d", req.ID)
	b.Open("/tasks")
	b.Open(request)
	sideways()
	b.Click(`a[href="` + request + `/consent"]`)
	sideways()
	b.Click("#confirm")
	done("Export control training", "was circulated to providers")

	// The plan: published.
	plan := fmt.Sprintf("/naps/%d", n.ID)
	b.Open("/tasks")
	b.Open(plan)
	sideways()
	b.Click(`a[href="` + plan + `/publish"]`)
	sideways()
	b.Click("#confirm")
	done("Croatian plan 2027–2030", "Croatia", "was published")
	if got := b.Text("main dl"); !strings.Contains(got, "Published by Croatia") {
		t.Errorf("the plan's status after publishing: %.300s", got)
	}
	signOut(b)

	// The Committee's approval: the task leads to the confirmation page.
	signIn(b, chair.Account.Email)
	if loc := b.Location(); !strings.HasPrefix(loc, "/tasks") {
		t.Fatalf("signed in to %s, want the tasks", loc)
	}
	sideways()
	b.Click(`a[href="/states/HRV/matrix/approve"]`)
	sideways()
	b.Click("#confirm")
	done("Croatia", "was approved and is now public")
}
