package web_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestFormVersionRule: one optimistic-locking rule on pages — a form whose
// version is missing or damaged is 422 naming the field (never taken for
// a stale version, 409), a stale one is 409, the version read saves.
func TestFormVersionRule(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		coord := app.Account("HRV", model.RoleCoordinator)
		title, typ, from, to := "Version rule plan", "1540-nap", "2026", "2028"
		n, err := app.Services.NAPs.Create(context.Background(), coord.Viewer, "HRV",
			model.NAPInput{Title: &title, Type: &typ, PeriodStart: &from, PeriodEnd: &to})
		if err != nil {
			t.Fatal(err)
		}
		form := func(version string) url.Values {
			v := url.Values{"title": {"Renamed plan"}, "type": {typ}, "period_start": {from}, "period_end": {to}}
			if version != "<none>" {
				v.Set("version", version)
			}
			return v
		}
		path := fmt.Sprintf("/naps/%d", n.ID)
		for _, bad := range []string{"<none>", "", "abc", "0", "-3", "1.5"} {
			webtest.Expect(t, coord.Post(path, form(bad)), 422, `href="#version"`)
		}
		webtest.Expect(t, coord.Post(path, form("7")), 409)
		if rec := coord.Post(path, form("1")); rec.Code != 303 {
			t.Errorf("the version read: %d, want 303", rec.Code)
		}
	})
}
