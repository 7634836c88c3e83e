package api_test

import (
	"net/http"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// FuzzCreateContactBody sends arbitrary bodies to a JSON write route: the
// answer is always a deliberate status (201, 422, 413), never a 500, and
// a 422 always names a field.
func FuzzCreateContactBody(f *testing.F) {
	for _, s := range []string{
		`{"kind":"capital","name":"A","valid_from":"2020-01-01"}`, `{}`, ``, `[]`, `null`, `{"kind":1}`,
		`{"kind":"capital","name":"A","valid_from":"2020-01-01"} {}`, `{"valid_to":"x"}`, `{"nme":"typo"}`, "\xff\xfe",
	} {
		f.Add(s)
	}
	db := storetest.Open(f, storetest.SQLite)
	app := webtest.New(f, db)
	c := app.Account("HRV", model.RoleEditor)
	f.Fuzz(func(t *testing.T, body string) {
		rec := c.For(t).Do(webtest.Request{Method: "POST", Path: "/api/v1/states/HRV/points-of-contact", Body: strings.NewReader(body),
			Header: http.Header{"Content-Type": {"application/json"}}})
		switch rec.Code {
		case http.StatusCreated, http.StatusRequestEntityTooLarge:
		case http.StatusUnprocessableEntity:
			if !strings.Contains(rec.Body.String(), `"fields":{"`) {
				t.Fatalf("422 without a field: %s", rec.Body.String())
			}
		default:
			t.Fatalf("body %q: status %d: %s", body, rec.Code, rec.Body.String())
		}
	})
}
