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

// TestRegionalFlow (issue 14): a Committee expert opens the SEE dashboard,
// follows a common gap to a practice that addresses it, and opens a
// State's profile from the dashboard's map; Croatia's coordinator opens an
// action's joint actions. The dashboard (with a joint action), the
// profiles, the picker and the pages on the way pass axe-core (0
// violations).
func TestRegionalFlow(t *testing.T) {
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, time.Now()), webtest.Demo())
	ctx := context.Background()
	if _, err := demo.Seed(ctx, app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	// A joint action between Serbia's and Croatia's plans (the demo has none).
	sys := model.SystemViewer("test")
	first := func(state string) model.NAPAction {
		plans, err := app.Services.NAPs.List(ctx, sys, model.NAPFilter{States: []string{state}, ExcludeWithdrawn: true})
		if err != nil || len(plans) == 0 {
			t.Fatalf("%s's plans: %v", state, err)
		}
		as, err := app.Services.NAPs.Actions(ctx, sys, plans[0].ID)
		if err != nil || len(as) == 0 {
			t.Fatalf("%s's actions: %v", state, err)
		}
		return as[0]
	}
	srb, hrv := first("SRB"), first("HRV")
	if _, err := app.Services.NAPs.UpdateAction(ctx, sys, srb.NAPID, srb.ID, service.Given(model.NAPActionInput{JointWith: &[]int64{hrv.ID}, Version: srb.Version})); err != nil {
		t.Fatal(err)
	}
	// The demo's practices address none of the SEE dashboard's first common
	// gaps: a published practice tagged with the first one's element.
	expert := app.Services.Accounts.ViewerOf(app.Account("UNSC1540", model.RoleEditor).Account)
	d, err := app.Services.Regional.Dashboard(ctx, expert, "SEE")
	if err != nil || len(d.CommonGaps) == 0 {
		t.Fatalf("the expert's SEE dashboard: %d common gaps, %v", len(d.CommonGaps), err)
	}
	gap := d.CommonGaps[0].Field
	pv, err := app.Services.Practices.Create(ctx, sys, service.Given(model.PracticeInput{Kind: "practice", Submitter: "OSCE", Date: "2017-04-01",
		Title: "Closing a common gap: " + gap.Label + " (illustrative)", Tags: []string{gap.Element}, Audience: "public", Illustrative: true,
		Body: "How States of another region closed this gap together. _Illustrative test text._"}))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []model.PracticeStep{model.PracticeStepSubmit, model.PracticeStepVerify, model.PracticeStepPublish} {
		if _, err := app.Services.Practices.Step(ctx, sys, pv.ID, st, service.Given(model.PracticeReturn{})); err != nil {
			t.Fatal(err)
		}
	}
	b := browsertest.New(t, app.Handler)
	b.Open("/groups/SEE")
	if got := b.Text(`section[aria-labelledby="joint-actions"]`); !strings.Contains(got, srb.Title) {
		t.Errorf("the public's SEE dashboard lacks Serbia's joint action: %.300s", got)
	}
	b.Open("/states/MDA") // the public history: the experts' visit with the OSCE
	if got := b.Text("#events + p + div"); !strings.Contains(got, "Mission of the 1540 Committee's experts to Moldova with the OSCE") {
		t.Errorf("Moldova's profile lacks the experts' mission: %.300s", got)
	}

	signInAs(b, "expert@unsc1540.demo.napx", demo.Password)
	b.Open("/groups/SEE")
	gaps := `section[aria-labelledby="common-gaps"]`
	if got := b.Text(gaps); !strings.Contains(got, "Common gaps") || !strings.Contains(got, "of") {
		t.Fatalf("the expert's SEE dashboard has no common gaps: %.300s", got)
	}
	practice := fmt.Sprintf("/practices/%d", pv.ID)
	if n := browsertest.Eval[int](b, fmt.Sprintf(`document.querySelectorAll('section[aria-labelledby="common-gaps"] a[href="%s"]').length`, practice)); n == 0 {
		t.Fatalf("the common gap %s does not name the practice that addresses it", gap.ID)
	}
	b.Click(fmt.Sprintf(`%s a[href="%s"]`, gaps, practice))
	if loc := b.Location(); loc != practice {
		t.Errorf("the common gap's practice opened %s, want %s", loc, practice)
	}
	b.Open("/groups/SEE")
	b.Click(`svg.map a[href="/states/SRB"]`)
	if loc := b.Location(); loc != "/states/SRB" {
		t.Fatalf("the map's Serbia opened %s", loc)
	}
	for _, h := range []string{"Follow-up actions owned", "Practices shared", "National Implementation Action Plans"} {
		if got := b.Text("main"); !strings.Contains(got, h) {
			t.Errorf("Serbia's profile lacks %q", h)
		}
	}
	b.Open("/states/HRV")
	signOut(b)

	signInAs(b, "coordinator@hrv.demo.napx", demo.Password)
	b.Open(fmt.Sprintf("/naps/%d/actions/%d", hrv.NAPID, hrv.ID))
	b.Open(fmt.Sprintf("/naps/%d/actions/%d/joint?q=a", hrv.NAPID, hrv.ID))
}
