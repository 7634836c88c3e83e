package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"napx/internal/webtest"
)

// TestQueriesPerWrite measures the SQL statements of API writes (the
// world-scale metric "queries per request") and logs them; it fails when
// a write reads its record twice again (the visibility pre-check the one
// write pipeline removed). The figure includes authenticating the token.
func TestQueriesPerWrite(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		_, editor, plan, action := napFixture(t, app, "HRV", "Counted plan")
		// The figures after the one write pipeline (before it: 13, 21, 11
		// and 14): a lower figure is welcome — lower the bound with it.
		measure := func(what, method, path string, body any, status int, most int64) {
			t.Helper()
			if code := editor.JSON(method, path, body, nil); code != status {
				t.Fatalf("%s: %d, want %d", what, code, status)
			}
			n := app.Queries()
			t.Logf("%s: %d statements", what, n)
			if n > most {
				t.Errorf("%s ran %d statements, at most %d expected: is the record read twice again?", what, n, most)
			}
		}
		actionPath := fmt.Sprintf("/api/v1/naps/%d/actions/%d", plan.ID, action.ID)
		measure("PATCH action", "PATCH", actionPath, map[string]any{"progress": 10, "version": action.Version}, http.StatusOK, 9)
		measure("PATCH plan", "PATCH", fmt.Sprintf("/api/v1/naps/%d", plan.ID), map[string]any{"title": "Counted plan, renamed", "version": plan.Version}, http.StatusOK, 12)
		measure("POST action", "POST", fmt.Sprintf("/api/v1/naps/%d/actions", plan.ID), map[string]any{"title": "Another", "due": "2018-01-01"}, http.StatusCreated, 8)
		measure("PATCH action, stale", "PATCH", actionPath, map[string]any{"progress": 20, "version": action.Version}, http.StatusConflict, 6)
		measure("PATCH hidden action", "PATCH", fmt.Sprintf("/api/v1/naps/%d/actions/%d", plan.ID, action.ID+1000), map[string]any{"progress": 20, "version": 1}, http.StatusNotFound, 6)
	})
}
