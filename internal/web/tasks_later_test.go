package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// noneMention fails when any of cs has a task naming marker.
func noneMention(t *testing.T, marker string, cs ...*webtest.Client) {
	t.Helper()
	for _, c := range cs {
		for k, titles := range kinds(t, c) {
			if strings.Contains(titles, marker) {
				t.Errorf("%s has a task %s naming %q: %s", c.Name(), k, marker, titles)
			}
		}
	}
}

// TestAssistanceTasks: a request for assistance asks each side for its
// step and nobody else: Serbia's coordinator submits its draft and may
// object inside the consent window; the Committee's staff acknowledge it;
// the Committee's experts consider the offers on its needs. Croatia's
// coordinator, Serbia's editor and the offering provider are the controls.
func TestAssistanceTasks(t *testing.T) {
	eachAssistance(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		a := app.Services.Assistance
		srb := app.Account("SRB", model.RoleCoordinator)
		srbEditor := app.Account("SRB", model.RoleEditor)
		hrv := app.Account("HRV", model.RoleCoordinator)
		expert := app.Account("UNSC1540", model.RoleEditor)
		unoda := app.Account("UNODA", model.RoleEditor)
		wco := app.Account("WCO", model.RoleEditor)

		r, err := a.Create(ctx, srb.Viewer, "SRB", model.RequestInput{Title: model.Ptr("TASK-REQ-7a"),
			Needs: &[]model.NeedInput{{Area: "AS-EXPORT", Modalities: []string{"training"}}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := kinds(t, srb); !strings.Contains(got["assistance.submit"], "TASK-REQ-7a") {
			t.Errorf("Serbia's coordinator is not asked to submit its draft: %v", got)
		}
		noneMention(t, "TASK-REQ-7a", srbEditor, hrv, expert)

		if _, err := a.Submit(ctx, srb.Viewer, r.ID, nil); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*webtest.Client{expert, unoda} {
			if got := kinds(t, c); !strings.Contains(got["assistance.acknowledge"], "TASK-REQ-7a") {
				t.Errorf("%s is not asked to acknowledge: %v", c.Name(), got)
			}
		}
		noneMention(t, "TASK-REQ-7a", srb, hrv, wco)

		if _, err := a.Acknowledge(ctx, expert.Viewer, r.ID, service.Given(model.Acknowledgement{})); err != nil {
			t.Fatal(err)
		}
		if got := kinds(t, srb); !strings.Contains(got["assistance.consent"], "unless Serbia objects") {
			t.Errorf("Serbia's coordinator is not told of the consent window: %v", got)
		}
		noneMention(t, "TASK-REQ-7a", hrv, expert, srbEditor)

		// A second request, acknowledged a month ago: circulated, then offered on.
		r2, err := a.Create(ctx, srb.Viewer, "SRB", model.RequestInput{Title: model.Ptr("TASK-REQ-8b"), NoteVerbaleDate: model.Ptr("2026-09-30"),
			Needs: &[]model.NeedInput{{Area: "AS-EXPORT", Modalities: []string{"training"}}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Submit(ctx, srb.Viewer, r2.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Acknowledge(ctx, expert.Viewer, r2.ID, service.Given(model.Acknowledgement{Date: "2026-10-01"})); err != nil {
			t.Fatal(err)
		}
		if _, err := a.RunTimers(ctx); err != nil {
			t.Fatal(err)
		}
		noneMention(t, "TASK-REQ-8b", expert) // circulated, no offer yet
		g, err := a.CreateProgramme(ctx, wco.Viewer, "WCO", model.ProgrammeInput{Title: model.Ptr("Customs training"), Areas: &[]string{"AS-EXPORT"},
			Modalities: &[]string{"training"}, Status: model.Ptr("open")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Offer(ctx, wco.Viewer, r2.Needs[0].ID, service.Given(model.OfferInput{Programme: g.ID})); err != nil {
			t.Fatal(err)
		}
		if got := kinds(t, expert); !strings.Contains(got["assistance.offers"], "1 offer to consider on Serbia's request “TASK-REQ-8b”") {
			t.Errorf("the Committee's expert is not asked to consider the offer: %v", got)
		}
		noneMention(t, "TASK-REQ-8b", srb, hrv, wco)
	})
}

// TestPracticeAndDisputeTasks: a practice submitted for review is the
// Committee level's reviewers' task, not its owner's; once verified, its
// owner's coordinator publishes it; a disputed date the Committee may read
// is its editors' task to decide, a private report's dispute nobody's
// outside Croatia (the policy), and never the secretariat's (CanResolve).
func TestPracticeAndDisputeTasks(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		hrvEditor := app.Account("HRV", model.RoleEditor)
		hrv := app.Account("HRV", model.RoleCoordinator)
		srb := app.Account("SRB", model.RoleCoordinator)
		expert := app.Account("UNSC1540", model.RoleEditor)
		unoda := app.Account("UNODA", model.RoleEditor)

		p, err := app.Services.Practices.Create(ctx, hrvEditor.Viewer, service.Given(model.PracticeInput{Title: "TASK-PRACTICE-4c", Body: "b"}))
		if err != nil {
			t.Fatal(err)
		}
		noneMention(t, "TASK-PRACTICE-4c", hrv, expert)
		if _, err := app.Services.Practices.Step(ctx, hrvEditor.Viewer, p.ID, model.PracticeStepSubmit, nil); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*webtest.Client{expert, unoda} {
			if got := kinds(t, c); !strings.Contains(got["practice.review"], "TASK-PRACTICE-4c") {
				t.Errorf("%s is not asked to review the practice: %v", c.Name(), got)
			}
		}
		noneMention(t, "TASK-PRACTICE-4c", hrv, hrvEditor, srb)
		if _, err := app.Services.Practices.Step(ctx, expert.Viewer, p.ID, model.PracticeStepVerify, nil); err != nil {
			t.Fatal(err)
		}
		if got := kinds(t, hrv); !strings.Contains(got["practice.publish"], "TASK-PRACTICE-4c") {
			t.Errorf("Croatia's coordinator is not asked to publish: %v", got)
		}
		noneMention(t, "TASK-PRACTICE-4c", expert, hrvEditor, srb)

		// Disputes: one the Committee reads, one private to Croatia.
		r, err := app.Services.Reports.Create(ctx, sys, "HRV", model.NationalReportInput{Type: model.Ptr("other"), Title: model.Ptr("TASK-REPORT-5d"),
			Date: model.Ptr("2010-05-04"), Symbol: model.Ptr("SYM-5d"), Visibility: model.Ptr("committee")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Services.History.AddClaim(ctx, sys, r.Dated.ID, service.Given(model.ClaimInput{Date: "2010-05-06", Source: "a copy"})); err != nil {
			t.Fatal(err)
		}
		privateReport(t, app, "TASK-HIDDEN-6e")
		got := kinds(t, expert)
		if !strings.Contains(got["history.dispute"], "TASK-REPORT-5d") {
			t.Errorf("the Committee's editor is not asked to decide the dispute: %v", got)
		}
		if strings.Contains(fmt.Sprint(got), "TASK-HIDDEN-6e") {
			t.Errorf("a private report's dispute reaches the Committee: %v", got)
		}
		noneMention(t, "TASK-REPORT-5d", unoda, hrv, srb)
	})
}
