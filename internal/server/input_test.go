package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// auditHead is the number of the newest audit entry: every change is
// audited, so an unmoved head means nothing was changed.
func auditHead(t *testing.T, db *store.DB) int64 {
	t.Helper()
	es, err := db.AuditEntries(context.Background(), model.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 {
		return 0
	}
	return es[0].Seq
}

// TestInvalidUTF8AtTheBoundary: bytes that are not UTF-8 in a form field,
// a query string, a multipart field or file name, or the path are refused
// with 422 naming the field, on both engines (PostgreSQL used to answer
// 500 for a plan's title; SQLite stored the bytes), and nothing changes.
func TestInvalidUTF8AtTheBoundary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		c := app.Account("HRV", model.RoleCoordinator)
		c.Get("/account") // sign in before the control

		// Control: the same form with a proper title makes a plan.
		good := url.Values{"title": {"Plan é"}, "type": {"1540-nap"}, "period_start": {"2024"}, "period_end": {"2027"}}
		if rec := c.Post("/naps", good); rec.Code != http.StatusSeeOther {
			t.Fatalf("control: %d %.300s", rec.Code, rec.Body.String())
		}
		head := auditHead(t, db)

		bad := url.Values{"title": {"\xff\xfe"}, "type": {"1540-nap"}, "period_start": {"2024"}, "period_end": {"2027"}}
		rec := c.Post("/naps", bad)
		webtest.Expect(t, rec, http.StatusUnprocessableEntity, "title", "not valid text")
		rec = c.Get("/naps?state=%FF")
		webtest.Expect(t, rec, http.StatusUnprocessableEntity, "state")
		rec = app.Get("/api/v1/states?q=%FF%FE")
		webtest.Expect(t, rec, http.StatusUnprocessableEntity, `"q"`)
		rec = app.Get("/api/v1/states/%FF")
		webtest.Expect(t, rec, http.StatusUnprocessableEntity, `"path"`)
		// A JSON body with bytes that are not UTF-8 (Go's decoder would
		// have made them U+FFFD and stored them).
		rec = c.Do(webtest.Request{Method: "POST", Path: "/api/v1/naps", Body: strings.NewReader("{\"state\":\"HRV\",\"title\":\"Plan \xff\xfe\",\"period_start\":\"2024\",\"period_end\":\"2027\"}"),
			Header: http.Header{"Content-Type": {"application/json"}}})
		webtest.Expect(t, rec, http.StatusUnprocessableEntity, `"body"`, "UTF-8")

		// Multipart: a value, then a file name.
		for _, tc := range []struct{ field, filename, value string }{
			{"remove_missing", "plan.xlsx", "\xff"},
			{"file", "plan\xff.xlsx", ""},
		} {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			_ = mw.WriteField("csrf", httpx.CSRFToken(sessionOf(t, c)))
			if tc.value != "" {
				_ = mw.WriteField(tc.field, tc.value)
			}
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", `form-data; name="file"; filename="`+tc.filename+`"`)
			fw, _ := mw.CreatePart(h)
			_, _ = fw.Write([]byte("PK"))
			_ = mw.Close()
			rec := app.Do(webtest.Request{Method: "POST", Path: "/naps/1/import", Body: &body,
				Header:  http.Header{"Content-Type": {mw.FormDataContentType()}},
				Cookies: []*http.Cookie{{Name: httpx.SessionCookie, Value: sessionOf(t, c)}}})
			webtest.Expect(t, rec, http.StatusUnprocessableEntity, tc.field, "not valid text")
		}
		if got := auditHead(t, db); got != head {
			t.Errorf("the audit head moved from %d to %d: something was changed", head, got)
		}
		plans, err := app.Services.NAPs.List(t.Context(), c.Viewer, model.NAPFilter{States: []string{"HRV"}})
		if err != nil || len(plans) != 1 {
			t.Errorf("plans of HRV: %d (%v), want only the control", len(plans), err)
		}
		// The server still answers.
		webtest.Expect(t, app.Get("/healthz"), http.StatusOK)
	})
}

// sessionOf returns the client's session token (signing in once).
func sessionOf(t *testing.T, c *webtest.Client) string {
	t.Helper()
	rec := c.Get("/account")
	if rec.Code != http.StatusOK {
		t.Fatalf("account page: %d", rec.Code)
	}
	return c.Session()
}

// TestTooLargeFormWithoutLength: a form over the route's limit is 413
// whether or not the client declared its size, and is not taken for a
// forged form (no 403, no CSRF entry in the audit log).
func TestTooLargeFormWithoutLength(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		c := app.Account("HRV", model.RoleCoordinator)
		token := sessionOf(t, c)
		head := auditHead(t, db)
		big := "csrf=" + httpx.CSRFToken(token) + "&title=" + strings.Repeat("a", int(httpx.DefaultBodyLimit))
		for _, declared := range []bool{true, false} {
			req := webtest.Request{Method: "POST", Path: "/naps", Body: io.MultiReader(strings.NewReader(big)),
				Header:  http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
				Cookies: []*http.Cookie{{Name: httpx.SessionCookie, Value: token}}}
			if declared {
				req.Header.Set("Content-Length", "20000000")
			}
			rec := app.Do(req)
			webtest.Expect(t, rec, http.StatusRequestEntityTooLarge, "!expired")
		}
		// The API answers in JSON.
		rec := c.Do(webtest.Request{Method: "POST", Path: "/api/v1/naps", Body: io.MultiReader(strings.NewReader(big)),
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}})
		webtest.Expect(t, rec, http.StatusRequestEntityTooLarge)
		var e struct{ Error string }
		if json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Error == "" {
			t.Errorf("API 413 body: %.200s", rec.Body.String())
		}
		if got := auditHead(t, db); got != head {
			es, _ := db.AuditEntries(t.Context(), model.AuditFilter{Limit: 3})
			t.Errorf("the audit head moved from %d to %d (%+v)", head, got, es)
		}
	})
}
