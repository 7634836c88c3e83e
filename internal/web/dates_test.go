package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestDatesAsPeopleReadThem: pages say "30 June 2021" (issue 18, item 6)
// where files keep ISO days: the plan's actions on the page and in the
// CSV; a refused event says its days in words.
func TestDatesAsPeopleReadThem(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		hrv := app.Account("HRV", model.RoleCoordinator)
		n, _ := hiddenPlan(t, app, "HRV", "DATES-9i", model.NAPAdopted)
		p := fmt.Sprintf("/naps/%d", n.ID)
		page := hrv.Get(p)
		webtest.Expect(t, page, http.StatusOK, "30 June 2021")
		if i := strings.Index(page.Body.String(), `id="actions"`); i >= 0 && strings.Contains(page.Body.String()[i:], ">2021-06-30<") {
			t.Error("the plan page shows an action's due day as 2021-06-30")
		}
		webtest.Expect(t, hrv.Get(p+"/actions.csv"), http.StatusOK, "2021-06-30")
		racviac := app.Account("RACVIAC", model.RoleCoordinator)
		_, err := app.Services.Events.Create(context.Background(), racviac.Viewer, model.EventInput{Kind: "workshop", Title: "Backwards", Start: "2030-05-06", End: "2030-05-01",
			TimeZone: "Europe/Zagreb", Visibility: "public"})
		if p, ok := model.AsProblems(err); !ok || !strings.Contains(p["end"], "1 May 2030") || !strings.Contains(p["end"], "6 May 2030") {
			t.Errorf("an event ending before it starts: %v", err)
		}
	})
}
