package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestSearchTexts: the organisation search has the States search's length
// limit (in characters); "%" and "_" in a search match nothing rather
// than everything (pages, API and the audit log's action filter).
func TestSearchTexts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		count := func(path string) int {
			t.Helper()
			var out struct{ Items []json.RawMessage }
			if code := app.JSON("GET", path, nil, &out); code != http.StatusOK {
				t.Fatalf("%s: %d", path, code)
			}
			return len(out.Items)
		}
		// Controls: a real search finds something.
		if count("/api/v1/organizations?q=iaea") == 0 || count("/api/v1/states?q=croatia") != 1 {
			t.Fatal("controls found nothing")
		}
		for _, q := range []string{"%", "_", "%%", "%_%"} {
			for _, path := range []string{"/api/v1/organizations?q=", "/api/v1/states?q="} {
				if n := count(path + url.QueryEscape(q)); n != 0 {
					t.Errorf("%s%s found %d", path, q, n)
				}
			}
		}
		long := strings.Repeat("é", 201)
		webtest.Expect(t, app.Get("/api/v1/organizations?q="+url.QueryEscape(long)), http.StatusUnprocessableEntity, `"q"`, "200 characters")
		webtest.Expect(t, app.Get("/organizations?q="+url.QueryEscape(long)), http.StatusUnprocessableEntity, "200 characters")
		if n := count("/api/v1/organizations?q=" + url.QueryEscape(strings.Repeat("é", 200))); n != 0 {
			t.Errorf("200 characters: %d found", n)
		}
		// The audit log's action filter: "%" is a character, not a wildcard.
		admin := app.Account("UNSC1540", model.RoleViewer, webtest.Admin)
		all, _ := db.AuditEntries(t.Context(), model.AuditFilter{Action: ""})
		pct, _ := db.AuditEntries(t.Context(), model.AuditFilter{Action: "%"})
		under, _ := db.AuditEntries(t.Context(), model.AuditFilter{Action: "account_create"})
		dot, _ := db.AuditEntries(t.Context(), model.AuditFilter{Action: "account."})
		if len(all) == 0 || len(pct) != 0 || len(under) != 0 || len(dot) == 0 {
			t.Errorf("action filter: all %d, %%: %d, account_create: %d, account.: %d", len(all), len(pct), len(under), len(dot))
		}
		webtest.Expect(t, admin.Get("/admin/audit?action=%25"), http.StatusOK, "!account.create")
	})
}
