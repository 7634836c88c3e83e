package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestPrivateContactHidden: a State's private point of contact does not
// exist for anyone outside the State.
func TestPrivateContactHidden(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		editor := app.Account("HRV", model.RoleEditor)
		var made struct{ ID int64 }
		if code := editor.JSON("POST", "/api/v1/states/HRV/points-of-contact", map[string]any{"kind": "mission", "name": "Secret Contact Zeta",
			"valid_from": "2020-01-01", "visibility": "private"}, &made); code != 201 {
			t.Fatalf("create: %d", code)
		}
		id := "/api/v1/points-of-contact/" + fmt.Sprint(made.ID)
		app.CheckHidden(t, webtest.Hidden{
			Owner: "HRV", Level: model.VisPrivate, Marker: "Secret Contact Zeta", ID: fmt.Sprint(made.ID),
			Reads: []string{id},
			Quiet: []string{"/contacts/" + fmt.Sprint(made.ID) + "/edit"},
			Writes: []webtest.Request{
				{Method: "PATCH", Path: id, Body: strings.NewReader(`{"kind":"capital","name":"x","valid_from":"2020-01-01","version":1}`), Header: http.Header{"Content-Type": {"application/json"}}},
				{Method: "DELETE", Path: id},
			},
			Lists: []string{"/api/v1/states/{owner}/points-of-contact", "/states/{owner}"},
			Forms: []webtest.Form{{Path: "/contacts/" + fmt.Sprint(made.ID), Values: map[string][]string{"kind": {"capital"}, "name": {"x"}, "valid_from": {"2020-01-01"}, "version": {"1"}}},
				{Path: "/contacts/" + fmt.Sprint(made.ID) + "/delete"}},
		})
	})
}
