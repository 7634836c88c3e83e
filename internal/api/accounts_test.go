package api_test

import (
	"net/http"
	"testing"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

func TestMe(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		webtest.Expect(t, app.Get("/api/v1/me"), http.StatusUnauthorized, `"error"`)
		webtest.Expect(t, app.Do(webtest.Request{Path: "/api/v1/me", Header: http.Header{"Authorization": {"Bearer napx_nonsense"}}}), http.StatusUnauthorized)
		webtest.Expect(t, app.Do(webtest.Request{Path: "/api/v1/me", Header: http.Header{"Authorization": {"Basic abc"}}}), http.StatusUnauthorized)
		c := app.Account("HRV", model.RoleCoordinator)
		var me struct {
			Email, Org, OrgKind, Role string
			Groups                    []string
		}
		if code := c.JSON("GET", "/api/v1/me", nil, &me); code != 200 || me.Org != "HRV" || me.Role != "coordinator" {
			t.Fatalf("me: %d %+v", code, me)
		}
		// A page session works for the API too.
		webtest.Expect(t, c.Get("/api/v1/me"), 200, `"org":"HRV"`)
		// Revoked and disabled: 401 at once.
		toks, _ := app.Services.Accounts.Tokens(t.Context(), c.Viewer)
		if err := app.Services.Accounts.RevokeToken(t.Context(), c.Viewer, toks[0].ID); err != nil {
			t.Fatal(err)
		}
		webtest.Expect(t, c.Do(webtest.Request{Path: "/api/v1/me"}), http.StatusUnauthorized)
		d := app.Account("SRB", model.RoleEditor)
		webtest.Expect(t, d.Do(webtest.Request{Path: "/api/v1/me"}), 200)
		if _, err := app.Services.Accounts.Disable(t.Context(), model.SystemViewer("test"), d.Account.Email); err != nil {
			t.Fatal(err)
		}
		webtest.Expect(t, d.Do(webtest.Request{Path: "/api/v1/me"}), http.StatusUnauthorized)
	})
}

type contactOut struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Email         string `json:"email"`
	DetailsHidden bool   `json:"details_hidden"`
	Version       int64  `json:"version"`
}

func TestPointsOfContactAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		editor := app.Account("HRV", model.RoleEditor)
		viewer := app.Account("HRV", model.RoleViewer)
		srb := app.Account("SRB", model.RoleCoordinator)
		in := map[string]any{"kind": "capital", "name": "Ana Test", "email": "ana@hrv.example.org", "phone": "+385 1", "valid_from": "2020-01-01"}
		var made contactOut
		if code := editor.JSON("POST", "/api/v1/states/hrv/points-of-contact", in, &made); code != 201 || made.ID == 0 || made.Version != 1 {
			t.Fatalf("create: %d %+v", code, made)
		}
		// Bad input names the field; nothing is saved.
		var bad struct{ Fields map[string]string }
		if code := editor.JSON("POST", "/api/v1/states/HRV/points-of-contact", map[string]any{"kind": "embassy", "name": "", "valid_from": "2020-13-01"}, &bad); code != 422 ||
			bad.Fields["kind"] == "" || bad.Fields["name"] == "" || bad.Fields["valid_from"] == "" {
			t.Fatalf("bad input: %d %+v", code, bad)
		}
		if code := editor.JSON("POST", "/api/v1/states/HRV/points-of-contact", map[string]any{"kind": "capital", "nme": "typo"}, &bad); code != 422 || bad.Fields["nme"] == "" {
			t.Errorf("unknown field: %d %+v", code, bad)
		}
		// Read-only readers get 403; another State's coordinator too (the record is public).
		if code := viewer.JSON("PATCH", "/api/v1/points-of-contact/1", map[string]any{"kind": "capital", "name": "X", "valid_from": "2020-01-01", "version": 1}, nil); code != 403 {
			t.Errorf("viewer PATCH: %d, want 403", code)
		}
		if code := srb.JSON("POST", "/api/v1/states/HRV/points-of-contact", in, nil); code != 403 {
			t.Errorf("another State creates: %d, want 403", code)
		}
		// Contact details: signed-in accounts only.
		var pub struct{ Items []contactOut }
		app.Anonymous().JSON("GET", "/api/v1/states/HRV/points-of-contact", nil, &pub)
		if len(pub.Items) != 1 || pub.Items[0].Email != "" || !pub.Items[0].DetailsHidden {
			t.Errorf("anonymous sees %+v", pub.Items)
		}
		srb.JSON("GET", "/api/v1/states/HRV/points-of-contact", nil, &pub)
		if len(pub.Items) != 1 || pub.Items[0].Email != "ana@hrv.example.org" {
			t.Errorf("signed in sees %+v", pub.Items)
		}
		webtest.Expect(t, app.Get("/states/HRV"), 200, "Ana Test", "Sign in</a> to see contact details", "!ana@hrv.example.org")
		webtest.Expect(t, srb.Get("/states/HRV"), 200, "ana@hrv.example.org")
		// Two edits from the same version: the second conflicts and gets the current record.
		patch := func(name string) (int, map[string]any) {
			var out map[string]any
			code := editor.JSON("PATCH", "/api/v1/points-of-contact/1", map[string]any{"kind": "capital", "name": name, "valid_from": "2020-01-01", "version": 1}, &out)
			return code, out
		}
		if code, _ := patch("First"); code != 200 {
			t.Fatalf("first PATCH: %d", code)
		}
		code, out := patch("Second")
		if code != 409 || out["current"].(map[string]any)["name"] != "First" {
			t.Fatalf("second PATCH: %d %v", code, out)
		}
		if n, err := db.VerifyAudit(t.Context()); err != nil || n == 0 {
			t.Errorf("audit: %d %v", n, err)
		}
	})
}

// TestCheckHiddenTwice: the helper can be called more than once per app
// (each call makes its own accounts).
func TestCheckHiddenTwice(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		editor := app.Account("HRV", model.RoleEditor)
		for _, name := range []string{"First Hidden Contact", "Second Hidden Contact"} {
			var made contactOut
			if code := editor.JSON("POST", "/api/v1/states/HRV/points-of-contact", map[string]any{"kind": "mission", "name": name,
				"valid_from": "2020-01-01", "visibility": "private"}, &made); code != 201 {
				t.Fatalf("create: %d", code)
			}
			app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: name,
				Reads: []string{"/api/v1/points-of-contact/" + itoa(made.ID)}, Lists: []string{"/api/v1/states/{owner}/points-of-contact"}})
		}
	})
}
