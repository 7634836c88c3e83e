package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

var previewField = regexp.MustCompile(`name="preview" value="([^"]*)"`)

// previewToken returns the preview token a preview page's apply form carries.
func previewToken(t *testing.T, body string) string {
	t.Helper()
	m := previewField.FindStringSubmatch(body)
	if m == nil || m[1] == "" {
		t.Fatalf("no preview token in the page: %.400s", body)
	}
	return html.UnescapeString(m[1])
}

// TestImportApplyIsThePreview: the apply of a plan import applies the
// change kept on the server at the preview, for the account, the plan
// and an hour, once — never what the browser sends back. A crafted
// payload (the old form field) with rows never previewed, past the
// 2,000-row limit, applies nothing; so does the token of another
// account, of another plan, or an expired one.
func TestImportApplyIsThePreview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)
		app := webtest.New(t, db, webtest.Clock(func() time.Time { return now }))
		editor := app.Account("HRV", model.RoleEditor)
		coord := app.Account("HRV", model.RoleCoordinator)
		ctx := t.Context()
		mk := func(title string) service.NAPView {
			n, err := app.Services.NAPs.Create(ctx, editor.Viewer, "HRV", model.NAPInput{Title: &title, PeriodStart: model.Ptr("2030"), PeriodEnd: model.Ptr("2033")})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		plan, other := mk("Plan"), mk("Another plan")
		xlsx, _, err := app.Services.NAPs.ExportXLSX(ctx, editor.Viewer, plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		xlsx = setXLSXCell(t, xlsx, "plan", "B4", "Plan, renamed by the import")
		path := fmt.Sprintf("/naps/%d/import", plan.ID)
		preview := func(c *webtest.Client) string {
			rec := c.Upload(path, "file", "plan.xlsx", xlsx, url.Values{})
			if rec.Code != http.StatusOK {
				t.Fatalf("preview: %d %.300s", rec.Code, rec.Body.String())
			}
			return previewToken(t, rec.Body.String())
		}
		editor.Get("/account") // sign both in before the audit head is read
		coord.Get("/account")
		head := auditSeq(t, db)
		actions := func() int {
			as, err := app.Services.NAPs.Actions(ctx, editor.Viewer, plan.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(as)
		}

		// The old attack: a payload the browser makes up.
		rows := make([]service.WorkbookAction, 2500)
		for i := range rows {
			rows[i] = service.WorkbookAction{Row: i + 2, Fields: map[string]string{"title": fmt.Sprint("never previewed ", i), "due": "2031-01-01"}}
		}
		crafted, _ := json.Marshal(service.ImportPlan{NAPID: plan.ID, PlanVersion: plan.Version, Workbook: service.Workbook{Actions: rows}})
		webtest.Expect(t, editor.Post(path+"/apply", url.Values{"payload": {string(crafted)}}), http.StatusUnprocessableEntity, "no longer available")
		token := preview(editor)
		webtest.Expect(t, editor.Post(path+"/apply", url.Values{"payload": {string(crafted)}, "preview": {"made-up"}}), http.StatusUnprocessableEntity, "no longer available")
		// Another account of the same State, with the editor's token.
		webtest.Expect(t, coord.Post(path+"/apply", url.Values{"preview": {token}}), http.StatusUnprocessableEntity, "no longer available")
		// The token at another plan's address.
		webtest.Expect(t, editor.Post(fmt.Sprintf("/naps/%d/import/apply", other.ID), url.Values{"preview": {token}}), http.StatusUnprocessableEntity, "no longer available")
		// Too late.
		now = now.Add(service.ImportPreviewTTL)
		webtest.Expect(t, editor.Post(path+"/apply", url.Values{"preview": {token}}), http.StatusUnprocessableEntity, "no longer available")
		if got := auditSeq(t, db); got != head || actions() != 0 {
			t.Fatalf("refused applies changed something: audit %d → %d, %d actions", head, got, actions())
		}
		// Control: the editor's own fresh preview applies, exactly it.
		token = preview(editor)
		webtest.Expect(t, editor.Post(path+"/apply", url.Values{"preview": {token}, "payload": {string(crafted)}}), http.StatusSeeOther)
		n, err := app.Services.NAPs.Get(ctx, editor.Viewer, plan.ID)
		if err != nil || n.Title != "Plan, renamed by the import" || actions() != 0 {
			t.Errorf("after the apply: %q, %d actions, %v", n.Title, actions(), err)
		}
		webtest.Expect(t, app.Get("/healthz"), http.StatusOK)
	})
}

// TestMatrixImportApplyIsThePreview: the same for the matrix: the apply
// form carries a token only, and a made-up list of cells applies nothing.
func TestMatrixImportApplyIsThePreview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		expert := app.Account("UNSC1540", model.RoleEditor)
		if _, err := app.Services.Matrix.SetCell(t.Context(), expert.Viewer, "HRV", service.Given(model.MatrixCellInput{FieldID: "OP1-01", Status: "X"})); err != nil {
			t.Fatal(err) // opens draft edition 1
		}
		expert.Get("/account")
		head := auditSeq(t, db)
		for _, form := range []url.Values{
			{"changes": {`[{"field_id":"OP1-07","status":"X","version":0}]`}},
			{"changes": {`[{"field_id":"OP1-07","status":"X","version":0}]`}, "preview": {"made-up"}},
		} {
			webtest.Expect(t, expert.Post("/states/HRV/matrix/import/apply", form), http.StatusUnprocessableEntity, "no longer available")
		}
		if got := auditSeq(t, db); got != head {
			t.Errorf("a made-up apply changed something: audit %d → %d", head, got)
		}
		xlsx := expert.Get("/states/HRV/matrix.xlsx?edition=1").Body.Bytes()
		rec := expert.Upload("/states/HRV/matrix/import", "file", "matrix.xlsx", setXLSXCell(t, xlsx, "OP 1", "E8", "X"), url.Values{})
		token := previewToken(t, rec.Body.String())
		if strings.Contains(rec.Body.String(), `name="changes"`) {
			t.Error("the preview page still carries the changes")
		}
		webtest.Expect(t, expert.Post("/states/HRV/matrix/import/apply", url.Values{"preview": {token}}), http.StatusSeeOther)
	})
}

func auditSeq(t *testing.T, db *store.DB) int64 {
	t.Helper()
	es, err := db.AuditEntries(t.Context(), model.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 {
		return 0
	}
	return es[0].Seq
}
