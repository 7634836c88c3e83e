package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// lastButton is the last submit button of the confirmation form.
var confirmForm = regexp.MustCompile(`(?s)<form method="post" action="[^"]*" class="confirm-form".*?</form>`)
var buttonTag = regexp.MustCompile(`<button[^>]*>`)

func lastButton(t *testing.T, body string) string {
	t.Helper()
	f := confirmForm.FindString(body)
	bs := buttonTag.FindAllString(f, -1)
	if len(bs) == 0 {
		t.Fatalf("no confirmation form with a button in %s", body)
	}
	return bs[len(bs)-1]
}

// TestPlanActsAreConfirmed: submitting, publishing, withdrawing and
// deleting a plan happen only on their confirmation page's POST; a form
// post without the confirmation changes nothing (the control: the same
// post with it does); the danger button is last; the API keeps its
// one-step calls.
func TestPlanActsAreConfirmed(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		hrv := app.Account("HRV", model.RoleCoordinator)
		status := func(id int64) model.NAPStatus {
			t.Helper()
			n, err := app.Services.NAPs.Get(ctx, sys, id)
			if err != nil {
				t.Fatal(err)
			}
			return n.Status
		}
		n, _ := hiddenPlan(t, app, "HRV", "CONFIRM-1a", model.NAPAdopted)
		p := fmt.Sprintf("/naps/%d", n.ID)
		// The key-element check before submitting, in the reader's language
		// (element, level and reason); the control is the English.
		webtest.Expect(t, hrv.Get(p+"/submit?lang=en"), http.StatusOK, "Identification and adoption", ">missing<")
		webtest.Expect(t, hrv.Get(p+"/submit?lang=ar"), http.StatusOK, "التحديد والاعتماد", ">غائب<", "!Identification and adoption", "!>missing<", "!⟦missing")

		for _, tc := range []struct {
			act, path string
			want      model.NAPStatus
			says      []string
			danger    bool
		}{
			{"nap.submit", "/submit", model.NAPSubmitted, []string{"Check the key elements first", "frozen as submission 1", "Croatia, the 1540 Committee and UNODA", "cannot be taken back"}, false},
			{"nap.publish", "/publish", model.NAPPublished, []string{"Anyone, including the public, will be able to read this plan", "Can it be undone?"}, false},
			{"nap.withdraw", "/withdraw", model.NAPWithdrawn, []string{"stays with the Committee and UNODA", "cannot be undone"}, true},
		} {
			before := status(n.ID)
			page := hrv.Get(p + tc.path)
			webtest.Expect(t, page, http.StatusOK, append([]string{"What will happen", "Who is affected", `name="confirm" value="` + tc.act + `"`}, tc.says...)...)
			if b := lastButton(t, page.Body.String()); strings.Contains(b, "danger") != tc.danger {
				t.Errorf("%s: the last button %s (danger wanted: %v)", tc.act, b, tc.danger)
			}
			webtest.Expect(t, hrv.Post(p+tc.path, nil), http.StatusOK, "What will happen")
			webtest.Expect(t, hrv.Post(p+tc.path, url.Values{"confirm": {"nap.other"}}), http.StatusUnprocessableEntity, "confirms another act")
			if got := status(n.ID); got != before {
				t.Fatalf("%s without its confirmation moved the plan from %s to %s", tc.act, before, got)
			}
			webtest.Expect(t, hrv.Post(p+tc.path, url.Values{"confirm": {tc.act}}), http.StatusSeeOther)
			if got := status(n.ID); got != tc.want {
				t.Fatalf("%s confirmed: the plan is %s, want %s", tc.act, got, tc.want)
			}
		}
		// The API keeps its one-step calls.
		m, _ := hiddenPlan(t, app, "HRV", "CONFIRM-2b", model.NAPAdopted)
		if code := hrv.JSON("POST", fmt.Sprintf("/api/v1/naps/%d/submit", m.ID), nil, nil); code != http.StatusOK {
			t.Errorf("API submit: %d", code)
		}
		if got := status(m.ID); got != model.NAPSubmitted {
			t.Errorf("API submit: the plan is %s", got)
		}
	})
}

// TestDeleteNeverAdoptedDraft: a draft never adopted is deleted on its
// confirmation page (audited, gone from the lists); an adopted plan's page
// says it cannot be, and the API refuses it naming the status; another
// State's coordinator finds no such page.
func TestDeleteNeverAdoptedDraft(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		hrv := app.Account("HRV", model.RoleCoordinator)
		srb := app.Account("SRB", model.RoleCoordinator)
		d, _ := hiddenPlan(t, app, "HRV", "DELETE-3c", model.NAPDraft)
		a, _ := hiddenPlan(t, app, "HRV", "DELETE-4d", model.NAPAdopted)
		dp, ap := fmt.Sprintf("/naps/%d", d.ID), fmt.Sprintf("/naps/%d", a.ID)

		webtest.Expect(t, hrv.Get(dp), http.StatusOK, `href="`+dp+`/delete"`)
		webtest.Expect(t, hrv.Get(ap), http.StatusOK, "!"+ap+"/delete")
		webtest.Expect(t, srb.Get(dp+"/delete"), http.StatusNotFound)
		webtest.Expect(t, srb.Post(dp+"/delete", url.Values{"confirm": {"nap.delete"}}), http.StatusNotFound)
		page := hrv.Get(dp + "/delete")
		webtest.Expect(t, page, http.StatusOK, "Delete the draft", "The audit log keeps a record of the deletion")
		if b := lastButton(t, page.Body.String()); !strings.Contains(b, "danger") {
			t.Errorf("the delete button is not the danger one: %s", b)
		}
		webtest.Expect(t, hrv.Post(dp+"/delete", nil), http.StatusOK, "Delete the draft")
		webtest.Expect(t, hrv.Get(dp), http.StatusOK) // still there
		rec := hrv.Post(dp+"/delete", url.Values{"confirm": {"nap.delete"}})
		if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || !strings.Contains(loc, "done=nap-deleted") {
			t.Fatalf("delete: %d %q", rec.Code, loc)
		}
		webtest.Expect(t, hrv.Get(dp), http.StatusNotFound)
		webtest.Expect(t, hrv.Get("/naps?state=HRV"), http.StatusOK, "!DELETE-3c", "DELETE-4d")
		es, err := app.DB.AuditEntries(ctx, model.AuditFilter{Action: "nap.delete"})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || !strings.Contains(es[0].Summary, "DELETE-3c") {
			t.Errorf("the deletion's audit entries: %+v", es)
		}

		webtest.Expect(t, hrv.Get(ap+"/delete"), http.StatusOK, "This cannot be done now", "Only a draft that was never adopted")
		var out struct{ Fields map[string]string }
		if code := hrv.JSON("DELETE", fmt.Sprintf("/api/v1/naps/%d", a.ID), nil, &out); code != http.StatusUnprocessableEntity || out.Fields["status"] == "" {
			t.Errorf("API delete of an adopted plan: %d %v", code, out.Fields)
		}
		webtest.Expect(t, hrv.Get(ap), http.StatusOK, "DELETE-4d")
	})
}

// TestWithdrawDelegateIsConfirmed: the participants page's "Withdraw" leads
// to a page saying what happens to the seat; the old one-click form post
// leads there and changes nothing; the confirming POST withdraws.
func TestWithdrawDelegateIsConfirmed(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		hrv := app.Account("HRV", model.RoleCoordinator)
		srb := app.Account("SRB", model.RoleCoordinator)
		racviac := app.Account("RACVIAC", model.RoleCoordinator)
		start := model.DateOf(time.Now().UTC()).AddDays(40)
		ev, err := app.Services.Events.Create(ctx, racviac.Viewer, model.EventInput{Kind: "workshop", Title: "CONFIRM-EVENT-5e", Start: start.String(), End: start.AddDays(1).String(),
			TimeZone: "Europe/Zagreb", Visibility: "participants"})
		if err != nil {
			t.Fatal(err)
		}
		seats := 2
		if _, err := app.Services.Events.SetQuotas(ctx, racviac.Viewer, ev.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &seats}})); err != nil {
			t.Fatal(err)
		}
		if rec := hrv.Post(fmt.Sprintf("/events/%d/participants", ev.ID), url.Values{"name": {"Ana Delegate"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("nominate: %d", rec.Code)
		}
		ps, err := app.Services.Events.Participants(ctx, hrv.Viewer, ev.ID)
		if err != nil || len(ps) != 1 {
			t.Fatalf("participants: %v %d", err, len(ps))
		}
		pp := fmt.Sprintf("/events/%d/participants/%d", ev.ID, ps[0].ID)
		statusOf := func() model.ParticipantStatus {
			ps, err := app.Services.Events.Participants(ctx, hrv.Viewer, ev.ID)
			if err != nil {
				t.Fatal(err)
			}
			return ps[0].Status
		}
		before := statusOf()
		webtest.Expect(t, hrv.Get(fmt.Sprintf("/events/%d/participants", ev.ID)), http.StatusOK, `href="`+pp+`/withdraw"`)
		page := hrv.Get(pp + "/withdraw")
		webtest.Expect(t, page, http.StatusOK, "Withdraw a delegate", "Ana Delegate", "The seat goes to", "Can it be undone?")
		if b := lastButton(t, page.Body.String()); !strings.Contains(b, "danger") {
			t.Errorf("the withdraw button is not the danger one: %s", b)
		}
		rec := hrv.Post(pp, url.Values{"status": {"withdrawn"}, "version": {"1"}})
		if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != pp+"/withdraw" {
			t.Errorf("the one-click withdrawal: %d %q, want the confirmation page", rec.Code, loc)
		}
		webtest.Expect(t, hrv.Post(pp+"/withdraw", nil), http.StatusOK, "Withdraw a delegate")
		if got := statusOf(); got != before {
			t.Fatalf("without confirmation the delegate went from %s to %s", before, got)
		}
		webtest.Expect(t, srb.Get(pp+"/withdraw"), http.StatusNotFound)
		webtest.Expect(t, hrv.Post(pp+"/withdraw", url.Values{"confirm": {"participant.withdraw"}, "version": {fmt.Sprint(ps[0].Version)}}), http.StatusSeeOther)
		if got := statusOf(); got != model.StatusWithdrawn {
			t.Errorf("confirmed: the delegate is %s", got)
		}
	})
}

// TestSubmissionAsReceived: each submission has its read-only page, print
// view and workbook as the Committee received it; the plan says when it
// changed since (the control: not before it changed); after a withdrawal
// the Committee still reads what was submitted, not the plan, and another
// State reads neither.
func TestSubmissionAsReceived(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		hrv := app.Account("HRV", model.RoleCoordinator)
		srb := app.Account("SRB", model.RoleCoordinator)
		expert := app.Account("UNSC1540", model.RoleEditor)
		n, _ := hiddenPlan(t, app, "HRV", "SUBMITTED-7g", model.NAPSubmitted)
		p := fmt.Sprintf("/naps/%d", n.ID)
		sub := p + "/submissions/1"

		webtest.Expect(t, hrv.Get(p), http.StatusOK, `href="`+sub+`"`, "Croatia, the 1540 Committee and UNODA", "!changed-since")
		webtest.Expect(t, expert.Get(sub), http.StatusOK, "Submission 1 of 1", "read-only, as received", "Plan SUBMITTED-7g", "Coordination by SUBMITTED-7g")
		webtest.Expect(t, expert.Get(sub+"/print"), http.StatusOK, "as the 1540 Committee received it")
		if rec := expert.Get(sub + "/plan.xlsx"); rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Disposition"), "submission-1") {
			t.Errorf("the submission's workbook: %d %q", rec.Code, rec.Header().Get("Content-Disposition"))
		}
		webtest.Expect(t, hrv.Get(p+"/submissions/2"), http.StatusNotFound)

		// The plan changes: it says so; the submission does not change.
		if _, err := app.Services.NAPs.Update(ctx, sys, n.ID, service.Given(model.NAPInput{Sections: map[string]string{"NAP-02": "Changed coordination"}, Version: n.Version})); err != nil {
			t.Fatal(err)
		}
		webtest.Expect(t, hrv.Get(p), http.StatusOK, `id="changed-since"`, "Changed since submission 1", "1 section")
		webtest.Expect(t, expert.Get(sub), http.StatusOK, "Coordination by SUBMITTED-7g", "!Changed coordination")

		// Withdrawn: the Committee keeps what was submitted to it.
		webtest.Expect(t, hrv.Post(p+"/withdraw", url.Values{"confirm": {"nap.withdraw"}}), http.StatusSeeOther)
		webtest.Expect(t, expert.Get(p), http.StatusNotFound)
		webtest.Expect(t, expert.Get(sub), http.StatusOK, "has withdrawn the plan since", "Coordination by SUBMITTED-7g")
		webtest.Expect(t, srb.Get(sub), http.StatusNotFound)
		webtest.Expect(t, app.Anonymous().Get(sub), http.StatusNotFound)
	})
}

// TestPlanInForce: the state of play shows the latest adopted, submitted or
// published plan, a new draft apart (never in its place); the public reads
// "No published plan".
func TestPlanInForce(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		hrv := app.Account("HRV", model.RoleCoordinator)
		n, _ := hiddenPlan(t, app, "HRV", "INFORCE-8h", model.NAPSubmitted)
		if _, err := app.Services.NAPs.Revise(ctx, sys, n.ID, nil); err != nil {
			t.Fatal(err)
		}
		var sp struct {
			Items []struct {
				State string
				Plan  *struct{ ID int64 }
				Draft *struct {
					ID    int64
					Title string
				}
			}
		}
		if code := hrv.JSON("GET", "/api/v1/state-of-play?group=SEE", nil, &sp); code != http.StatusOK {
			t.Fatal(code)
		}
		found := false
		for _, row := range sp.Items {
			if row.State == "HRV" {
				found = true
				if row.Plan == nil || row.Plan.ID != n.ID || row.Draft == nil || row.Draft.ID == n.ID {
					t.Errorf("Croatia's row: plan %+v, draft %+v; want the submitted plan %d in force and the revision apart", row.Plan, row.Draft, n.ID)
				}
			}
		}
		if !found {
			t.Fatal("no row for Croatia")
		}
		webtest.Expect(t, hrv.Get("/state-of-play?group=SEE"), http.StatusOK, "Plan INFORCE-8h", "In preparation:")
		webtest.Expect(t, app.Anonymous().Get("/state-of-play?group=SEE"), http.StatusOK, "No published plan", "!INFORCE-8h", "!No plan in force that you may see")
	})
}
