package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

type tasksAnswer struct {
	Items []struct {
		Kind, Title, URL string
		Since            time.Time
		Due              *string
	}
}

func kinds(t *testing.T, c *webtest.Client) map[string]string {
	t.Helper()
	var got tasksAnswer
	if code := c.JSON("GET", "/api/v1/me/tasks", nil, &got); code != http.StatusOK {
		t.Fatalf("%s: /api/v1/me/tasks %d", c.Name(), code)
	}
	out := map[string]string{}
	for _, it := range got.Items {
		if it.Since.IsZero() || !strings.HasPrefix(it.URL, "/") {
			t.Errorf("%s: task %+v lacks its time or place", c.Name(), it)
		}
		out[it.Kind] += it.Title + "\n"
	}
	return out
}

// TestTasksPerRole: each role finds what waits for it, with the place to
// act, through the one policy: Croatia's coordinator its overdue actions,
// its adopted plan to submit, the edition awaiting its agreement and the
// event to nominate for; the Committee the new submission and the edition
// to approve; RACVIAC the nominations to confirm. Serbia's coordinator, the
// control, finds none of Croatia's.
func TestTasksPerRole(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		hrv := app.Account("HRV", model.RoleCoordinator)
		srb := app.Account("SRB", model.RoleCoordinator)
		expert := app.Account("UNSC1540", model.RoleEditor)
		chair := app.Account("UNSC1540", model.RoleCoordinator)
		racviac := app.Account("RACVIAC", model.RoleCoordinator)
		n, _ := hiddenPlan(t, app, "HRV", "TASK-PLAN-3b", model.NAPAdopted)

		got := kinds(t, hrv)
		if !strings.Contains(got["nap.overdue"], "TASK-PLAN-3b") || !strings.Contains(got["nap.submit"], "TASK-PLAN-3b") {
			t.Errorf("Croatia's coordinator lacks the overdue action or the plan to submit: %v", got)
		}
		for _, c := range []*webtest.Client{srb, expert} {
			for k, titles := range kinds(t, c) {
				if strings.Contains(titles, "TASK-PLAN-3b") {
					t.Errorf("%s sees Croatia's adopted plan in a task %s", c.Name(), k)
				}
			}
		}
		if _, _, err := app.Services.NAPs.Submit(ctx, sys, n.ID, nil); err != nil {
			t.Fatal(err)
		}
		if got := kinds(t, expert); !strings.Contains(got["nap.submission"], "TASK-PLAN-3b") {
			t.Errorf("the Committee's expert lacks the new submission: %v", got)
		}
		if got := kinds(t, srb); strings.Contains(fmt.Sprint(got), "TASK-PLAN-3b") {
			t.Errorf("Serbia sees Croatia's submission: %v", got)
		}

		// The matrix: an edition with Croatia, then agreed.
		if err := app.Services.Demo.MatrixEditions(ctx, sys, "HRV", []service.IllustrativeEdition{{Status: model.EditionWithState,
			Sent: time.Now().Add(-100 * 24 * time.Hour), Cells: []model.MatrixCell{{FieldID: "OP1-01", Status: model.CellX}}}}); err != nil {
			t.Fatal(err)
		}
		if got := kinds(t, hrv); !strings.Contains(got["matrix.agree"], "awaits Croatia's agreement") {
			t.Errorf("Croatia's coordinator lacks the edition to agree to: %v", got)
		}
		if got := kinds(t, expert); !strings.Contains(got["matrix.with-state"], "has been with Croatia for 100 days") {
			t.Errorf("the expert is not reminded of the edition with Croatia for 100 days: %v", got)
		}
		if got := kinds(t, srb); got["matrix.agree"] != "" {
			t.Errorf("Serbia is asked to agree to an edition: %v", got)
		}
		if _, err := app.Services.Matrix.Agree(ctx, hrv.Viewer, "HRV", service.Given(model.ReviewInput{})); err != nil {
			t.Fatal(err)
		}
		if got := kinds(t, chair); !strings.Contains(got["matrix.approve"], "Agreed by Croatia") {
			t.Errorf("the Committee's coordinator lacks the edition to approve: %v", got)
		}
		if got := kinds(t, expert); !strings.Contains(got["matrix.agreed"], "awaits the Committee's approval") || got["matrix.approve"] != "" {
			t.Errorf("the expert's tasks on the agreed edition: %v", got)
		}

		// An event: Croatia invited, then nominating.
		start := model.DateOf(time.Now().UTC()).AddDays(40)
		ev, err := app.Services.Events.Create(ctx, racviac.Viewer, model.EventInput{Kind: "workshop", Title: "TASK-EVENT-9d", Start: start.String(), End: start.AddDays(1).String(),
			TimeZone: "Europe/Zagreb", Visibility: "participants"})
		if err != nil {
			t.Fatal(err)
		}
		seats := 2
		if _, err := app.Services.Events.SetQuotas(ctx, racviac.Viewer, ev.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &seats}})); err != nil {
			t.Fatal(err)
		}
		if got := kinds(t, hrv); !strings.Contains(got["event.nominate"], "TASK-EVENT-9d") {
			t.Errorf("Croatia's coordinator is not asked to nominate: %v", got)
		}
		if got := kinds(t, srb); got["event.nominate"] != "" {
			t.Errorf("Serbia, not invited, is asked to nominate: %v", got)
		}
		if rec := hrv.Post(fmt.Sprintf("/events/%d/participants", ev.ID), url.Values{"name": {"Ana Delegate"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("nominate: %d %s", rec.Code, rec.Body.String())
		}
		if got := kinds(t, racviac); !strings.Contains(got["event.confirm"], "1 nomination to confirm") {
			t.Errorf("the organiser lacks the nomination to confirm: %v", got)
		}

		// The page and the header say the same; anonymous visitors have none.
		rec := hrv.Get("/tasks")
		webtest.Expect(t, rec, http.StatusOK, "Your tasks", "TASK-PLAN-3b", `id="tasks-link"`, "TASK-EVENT-9d")
		webtest.Expect(t, app.Anonymous().Get("/tasks"), http.StatusSeeOther)
		if code := app.Anonymous().JSON("GET", "/api/v1/me/tasks", nil, nil); code != http.StatusUnauthorized {
			t.Errorf("anonymous /api/v1/me/tasks: %d", code)
		}
		webtest.Expect(t, srb.Get("/tasks"), http.StatusOK, "!TASK-PLAN-3b", "!Croatia")
	})
}

// TestSignInLandsOnTasks: without a "next" address, signing in leads to
// the account's tasks.
func TestSignInLandsOnTasks(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		c := app.Account("HRV", model.RoleCoordinator)
		rec := app.Anonymous().Post("/signin", url.Values{"email": {c.Account.Email}, "password": {webtest.Password}})
		if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/tasks") {
			t.Errorf("sign-in: %d to %q, want /tasks", rec.Code, loc)
		}
		rec = app.Anonymous().Post("/signin", url.Values{"email": {c.Account.Email}, "password": {webtest.Password}, "next": {"/naps"}})
		if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, "/naps") {
			t.Errorf("sign-in with next: to %q", loc)
		}
	})
}
