package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// seedMatrices gives Serbia an approved edition and Montenegro only a
// draft whose remarks carry marker.
func seedMatrices(t *testing.T, app *webtest.App, marker string) {
	t.Helper()
	ctx := context.Background()
	sys := model.SystemViewer("test")
	err := app.Services.Demo.MatrixEditions(ctx, sys, "SRB", []service.IllustrativeEdition{{Status: model.EditionApproved,
		Cells: []model.MatrixCell{{FieldID: "OP1-01", Status: model.CellX, Reference: "acceded 2001"}, {FieldID: "OP2-NW-01.LF", Status: model.CellQ}}}})
	if err != nil {
		t.Fatal(err)
	}
	err = app.Services.Demo.MatrixEditions(ctx, sys, "MNE", []service.IllustrativeEdition{{Status: model.EditionWithState,
		Cells: []model.MatrixCell{{FieldID: "OP1-07", Status: model.CellX, Remarks: marker}, {FieldID: "OP3d-NW-09.LF", Status: model.CellX, Reference: marker}}}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMatrixPages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		seedMatrices(t, app, "DRAFT-ONLY-MARKER")
		anon := app.Anonymous()
		expert := app.Account("UNSC1540", model.RoleEditor)
		mne := app.Account("MNE", model.RoleCoordinator)
		tests := []struct {
			who    *webtest.Client
			path   string
			status int
			want   []string
		}{
			{anon, "/matrix", 200, []string{"Coverage by region", "South-East Europe", `href="/states/SRB/matrix"`, "1 of 17", "none approved", "!DRAFT-ONLY-MARKER", `aria-current="page">Matrix`}},
			{anon, "/matrix?group=ALL", 200, []string{"Every State", "Zimbabwe"}},
			{anon, "/matrix?group=NOPE", 422, []string{"not a group"}},
			{anon, "/matrix/elements", 200, []string{"323 fields", "OP3d-NW-09.LF", "reconstructed wording, not verified", "verified wording"}},
			{anon, "/matrix/elements?section=OP1", 200, []string{"17 fields", "!OP2-NW-01.LF"}},
			{anon, "/matrix/elements?section=OP9", 422, []string{"choose one of the matrix"}},
			{anon, "/states/SRB/matrix", 200, []string{"Matrix of Serbia", "acceded 2001", "Nuclear Non-Proliferation Treaty", "illustrative demo data",
				"OP 2 — Nuclear weapons (NW)", "National legal framework (LF)", "Coverage", "Download XLSX", "!Send edition", "!Import a workbook"}},
			{anon, "/states/SRB/matrix?status=x", 200, []string{"1 row shown (filtered)", "acceded 2001", "!Manufacture"}},
			{anon, "/states/SRB/matrix?weapon=CW&section=OP2", 200, []string{"OP 2 — Chemical weapons", "!OP 2 — Nuclear weapons", "!Nuclear Non-Proliferation"}},
			{anon, "/states/SRB/matrix?wording=verified", 200, []string{"10 rows shown"}},
			{anon, "/states/SRB/matrix?status=maybe", 422, []string{"choose X, ?, NA"}},
			{anon, "/states/SRB/matrix?edition=x", 422, []string{}},
			{anon, "/states/MNE/matrix", 200, []string{"No matrix of Montenegro is published yet", "!DRAFT-ONLY-MARKER"}},
			{mne, "/states/MNE/matrix", 200, []string{"DRAFT-ONLY-MARKER", "with the State", "Agree to edition 1", "Ask for changes"}},
			{expert, "/states/MNE/matrix", 200, []string{"DRAFT-ONLY-MARKER", "is with Montenegro", "!Agree to edition 1"}},
			{expert, "/states/HRV/matrix", 200, []string{"has no matrix edition yet", "Import a workbook"}},
			{expert, "/states/HRV/matrix/cells/OP1-07", 200, []string{"Saving opens edition 1", "Save in the draft"}},
			{anon, "/states/HRV/matrix/cells/OP1-07", 404, nil},
			{anon, "/states/SRB/matrix/cells/OP1-01", 200, []string{"acceded 2001", "verified wording", "!Save in the draft", "value of this field in each published edition"}},
			{expert, "/states/SRB/matrix/cells/OP1-01", 200, []string{"Saving opens edition 2", "Save in the draft"}},
			{anon, "/states/SRB/matrix/cells/OP9-01", 404, nil},
			{anon, "/states/SRB/matrix/gaps", 200, []string{"322 fields without a measure", "OP2-NW-01.LF", "incomplete or not directly relevant"}},
			{anon, "/states/SRB/matrix/diff", 200, []string{"0 fields differ"}},
			{anon, "/states/SRB/matrix/print", 200, []string{"1540 matrix of Serbia — edition 1, approved", "not a document of the 1540 Committee", "acceded 2001"}},
			{anon, "/states/MNE/matrix/print", 404, nil},
			{anon, "/states/SRB/matrix.csv", 200, []string{"field_id,section", "OP1-01"}},
			{anon, "/states/MNE/matrix.csv", 404, nil},
			{anon, "/states/SRB/matrix/import", 303, nil},
			{mne, "/states/SRB/matrix/import", 403, nil},
			{expert, "/states/SRB/matrix/import", 200, []string{"Preview the changes"}},
			{anon, "/states/SRB", 200, []string{"1540 matrix", `href="/states/SRB/matrix"`}},
			{anon, "/states/srb/matrix", 301, nil},
		}
		for _, tt := range tests {
			t.Run(tt.who.Name()+tt.path, func(t *testing.T) {
				webtest.Expect(t, tt.who.Get(tt.path), tt.status, tt.want...)
			})
		}
		rec := anon.Get("/states/SRB/matrix.xlsx")
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), `attachment; filename=napx-matrix-SRB-edition-1-approved.xlsx`) ||
			!bytes.HasPrefix(rec.Body.Bytes(), []byte("PK")) {
			t.Errorf("xlsx: %d %v", rec.Code, rec.Header())
		}
	}, webtest.Demo())
}

// TestMatrixHidden: a State's draft (Montenegro's edition with the State)
// is invisible to other States, international organisations, regional
// centres, programmes and the public on every matrix route — pages, API,
// exports, heat map and counts — and changes nothing when they write.
func TestMatrixHidden(t *testing.T) {
	const marker = "MNE-DRAFT-7c1f"
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		seedMatrices(t, app, marker)
		app.CheckHidden(t, webtest.Hidden{
			Owner: "MNE", Level: model.VisCommittee, Marker: marker,
			Reads: []string{
				"/states/{owner}/matrix?edition=1",
				"/states/{owner}/matrix/cells/OP1-07?edition=1",
				"/states/{owner}/matrix/print?edition=1",
				"/states/{owner}/matrix.csv?edition=1",
				"/states/{owner}/matrix.csv",
				"/api/v1/states/{owner}/matrix",
				"/api/v1/states/{owner}/matrix?edition=1",
				"/api/v1/states/{owner}/matrix/cells/OP1-07/history",
				"/api/v1/states/{owner}/matrix/cells/OP3d-NW-09.LF/history",
				"/states/{owner}/matrix/cells/OP1-07",
			},
			Quiet: []string{"/states/{owner}/matrix/gaps", "/states/{owner}/matrix/diff?from=1&to=1", "/states/{owner}/matrix.xlsx",
				"/api/v1/states/{owner}/matrix/gaps", "/api/v1/states/{owner}/matrix/diff?from=1&to=1",
				"/api/v1/states/{owner}/matrix/cells/OP1-07/comments", "/states/{owner}/matrix/import", "/states/{owner}/matrix/agree"},
			Lists: []string{"/states/{owner}/matrix"},
			Elsewhere: []string{
				"/matrix", "/matrix?group=SEE", "/matrix?group=ALL", "/states/{owner}",
				"/api/v1/matrix/coverage", "/api/v1/matrix/coverage?group=ALL", "/api/v1/states/{owner}/matrix/editions",
			},
			Counts: []string{"/api/v1/matrix/coverage", "/api/v1/matrix/coverage?group=ALL", "/api/v1/states/{owner}/matrix/editions"},
			Writes: []webtest.Request{
				jsonReq("PUT", "/api/v1/states/{owner}/matrix/cells/OP1-07", `{"status":"?","version":1}`),
				jsonReq("POST", "/api/v1/states/{owner}/matrix/send", `{}`),
				jsonReq("POST", "/api/v1/states/{owner}/matrix/agree", `{}`),
				jsonReq("POST", "/api/v1/states/{owner}/matrix/request-changes", `{"note":"x"}`),
				jsonReq("POST", "/api/v1/states/{owner}/matrix/approve", `{}`),
				jsonReq("POST", "/api/v1/states/{owner}/matrix/cells/OP1-07/comments", `{"body":"x"}`),
				jsonReq("POST", "/api/v1/states/{owner}/matrix/gaps/OP1-01/nap-action", `{}`),
				jsonReq("POST", "/api/v1/states/{owner}/matrix/import/apply", `{"token":"a-token-that-names-no-preview"}`),
				{Method: "POST", Path: "/api/v1/states/{owner}/matrix/import", Body: strings.NewReader("PK not a workbook"),
					Header: http.Header{"Content-Type": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}}},
			},
			Forms: []webtest.Form{
				{Path: "/states/{owner}/matrix/cells/OP1-07", Values: url.Values{"status": {"?"}, "version": {"1"}}},
				{Path: "/states/{owner}/matrix/cells/OP1-07/comments", Values: url.Values{"body": {"x"}}},
				{Path: "/states/{owner}/matrix/send", Values: url.Values{}},
				{Path: "/states/{owner}/matrix/agree", Values: url.Values{"confirm": {"matrix.agree"}}},
				{Path: "/states/{owner}/matrix/request-changes", Values: url.Values{"note": {"x"}}},
				{Path: "/states/{owner}/matrix/approve", Values: url.Values{"confirm": {"matrix.approve"}}},
				{Method: "GET", Path: "/states/{owner}/matrix/approve"}, // the Committee coordinator's confirmation page
				{Path: "/states/{owner}/matrix/import/apply", Values: url.Values{"preview": {"a-token-that-names-no-preview"}}},
				{Path: "/states/{owner}/matrix/gaps/OP1-01/propose", Values: url.Values{}},
			},
		})
		// Routes that show the edition without its text (gaps, differences):
		// 404 for every outsider, 200 for the State.
		for _, p := range []string{"/states/MNE/matrix/gaps", "/states/MNE/matrix/gaps?edition=1", "/states/MNE/matrix/diff?from=1&to=1",
			"/api/v1/states/MNE/matrix/gaps", "/api/v1/states/MNE/matrix/diff?from=1&to=1", "/api/v1/states/MNE/matrix/cells/OP1-01/history",
			"/api/v1/states/MNE/matrix/cells/OP1-07/comments"} {
			for _, c := range []*webtest.Client{app.Account("SRB", model.RoleCoordinator, webtest.Email("gaps-"+strings.NewReplacer("/", "", "?", "", "=", "", "&", "").Replace(p)+"@srb.example.org")), app.Anonymous()} {
				if rec := c.Get(p); rec.Code != 404 && !(c.Account.ID == 0 && rec.Code == 401) {
					t.Errorf("%s reads %s: %d", c.Name(), p, rec.Code)
				}
			}
			if rec := app.Account("MNE", model.RoleViewer, webtest.Email("gaps-"+strings.NewReplacer("/", "", "?", "", "=", "", "&", "").Replace(p)+"@mne.example.org")).Get(p); rec.Code != 200 {
				t.Errorf("Montenegro reads %s: %d", p, rec.Code)
			}
		}
		// That the outsiders changed nothing is CheckHidden's (the audit head,
		// the reads); its positive controls then moved the edition on.
		// Counts: an outsider's coverage of SEE lists Montenegro without any
		// number, exactly like Albania, which has no matrix at all.
		var cov struct {
			Items []struct {
				State    string
				Edition  *int
				Sections map[string]any
			}
		}
		other := app.Account("SRB", model.RoleViewer, webtest.Email("counts@srb.example.org"))
		if code := other.JSON("GET", "/api/v1/matrix/coverage?group=SEE", nil, &cov); code != 200 {
			t.Fatal(code)
		}
		for _, it := range cov.Items {
			if (it.State == "MNE" || it.State == "ALB") && (it.Edition != nil || len(it.Sections) != 0) {
				t.Errorf("%s counted for another State: %+v", it.State, it)
			}
		}
		mneRow := func(c *webtest.Client, path string) string {
			heat := c.Get(path).Body.String()
			row := heat[strings.Index(heat, `href="/states/MNE/matrix"`):]
			return row[:strings.Index(row, "</tr>")]
		}
		if row := mneRow(other, "/matrix?group=SEE"); !strings.Contains(row, "none approved") || strings.Contains(row, " of 17") {
			t.Errorf("the heat map shows Montenegro's draft to another State: %s", row)
		}
		if row := mneRow(other, "/matrix?group=SEE&drafts=1"); !strings.Contains(row, "none you may read") || strings.Contains(row, " of 17") {
			t.Errorf("the toggle shows Montenegro's draft to another State: %s", row)
		}
		// Approved editions by default (issue 18, item 8); its own edition
		// with the State only on the labelled toggle.
		insider := app.Account("MNE", model.RoleViewer, webtest.Email("counts@mne.example.org"))
		if row := mneRow(insider, "/matrix?group=SEE"); strings.Contains(row, " of 17") || !strings.Contains(row, "none approved") {
			t.Errorf("the heat map compares an edition in preparation by default: %s", row)
		}
		if row := mneRow(insider, "/matrix?group=SEE&drafts=1"); !strings.Contains(row, " of 17") || !strings.Contains(row, "draft") {
			t.Errorf("Montenegro does not see its own edition in the heat map with the toggle: %s", row)
		}
	})
}

func jsonReq(method, path, body string) webtest.Request {
	return webtest.Request{Method: method, Path: path, Body: strings.NewReader(body), Header: http.Header{"Content-Type": {"application/json"}}}
}

// TestMatrixForms: the page forms of the review, with the conflict page
// that shows both versions side by side, and the import's preview and
// all-or-nothing apply.
func TestMatrixForms(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		expert := app.Account("UNSC1540", model.RoleEditor)
		other := app.Account("UNSC1540", model.RoleEditor, webtest.Email("second-expert@unsc1540.example.org"))
		chief := app.Account("UNSC1540", model.RoleCoordinator)
		poc := app.Account("HRV", model.RoleCoordinator)
		cell := "/states/HRV/matrix/cells/OP1-07"

		rec := expert.Post(cell, url.Values{"status": {"X"}, "reference": {"ratified 1995"}, "version": {"0"}})
		if rec.Code != 303 || !strings.Contains(rec.Header().Get("Location"), "done=matrix-saved") {
			t.Fatalf("save: %d %s", rec.Code, rec.Body.String())
		}
		webtest.Expect(t, expert.Get(cell+"?done=matrix-saved"), 200, "The cell was saved", "ratified 1995", "version 1")
		webtest.Expect(t, expert.Post(cell, url.Values{"status": {"Y"}, "version": {"1"}}), 422, "not a cell status", "There is a problem", `href="#status"`)
		// The second expert saves from the old version: both versions side by side.
		webtest.Expect(t, other.Post(cell, url.Values{"status": {"?"}, "reference": {"my reading"}, "version": {"0"}}), 409,
			"Someone changed this field", "Your version", "my reading", "ratified 1995", `name="version" value="1"`)
		webtest.Expect(t, poc.Post(cell, url.Values{"status": {"?"}, "version": {"1"}}), 403)

		webtest.Expect(t, chief.Post("/states/HRV/matrix/approve", url.Values{"confirm": {"matrix.approve"}}), 409, "This cannot be done now")
		if rec := expert.Post("/states/HRV/matrix/send", url.Values{"edition": {"1"}}); rec.Code != 303 {
			t.Fatalf("send: %d", rec.Code)
		}
		webtest.Expect(t, chief.Post("/states/HRV/matrix/approve", url.Values{"confirm": {"matrix.approve"}}), 409, "agreed by Croatia to approve")
		webtest.Expect(t, poc.Post(cell+"/comments", url.Values{"body": {""}}), 422, "write the comment")
		if rec := poc.Post(cell+"/comments", url.Values{"body": {"Please cite the amendment."}, "edition": {"1"}}); rec.Code != 303 {
			t.Fatalf("comment: %d", rec.Code)
		}
		webtest.Expect(t, expert.Get(cell), 200, "Please cite the amendment.")
		webtest.Expect(t, poc.Post("/states/HRV/matrix/request-changes", url.Values{"note": {""}}), 422, "say what should change")
		// Agreeing and approving are confirmed on their page; without the
		// confirmation nothing happens.
		webtest.Expect(t, poc.Get("/states/HRV/matrix/agree"), 200, "Agree to the edition", "What will happen", "Agree on behalf of Croatia", `name="version" value="1"`)
		webtest.Expect(t, poc.Post("/states/HRV/matrix/agree", url.Values{"edition": {"1"}}), 200, "What will happen")
		webtest.Expect(t, chief.Post("/states/HRV/matrix/approve", url.Values{"confirm": {"matrix.approve"}}), 409, "agreed by Croatia to approve")
		webtest.Expect(t, poc.Post("/states/HRV/matrix/agree", url.Values{"confirm": {"matrix.agree"}, "version": {"2"}}), 409, "It changed since you opened this page")
		if rec := poc.Post("/states/HRV/matrix/agree", url.Values{"confirm": {"matrix.agree"}, "version": {"1"}}); rec.Code != 303 {
			t.Fatalf("agree: %d", rec.Code)
		}
		webtest.Expect(t, chief.Get("/states/HRV/matrix/approve"), 200, "Approve and publish", "anyone, including the public")
		if rec := chief.Post("/states/HRV/matrix/approve", url.Values{"confirm": {"matrix.approve"}, "version": {"1"}}); rec.Code != 303 {
			t.Fatalf("approve: %d", rec.Code)
		}
		webtest.Expect(t, app.Anonymous().Get("/states/HRV/matrix?done=matrix-approved"), 200, "ratified 1995", "approved")

		// Import: export, change a cell, preview, apply.
		xlsx := app.Anonymous().Get("/states/HRV/matrix.xlsx").Body.Bytes()
		upload := func(c *webtest.Client, data []byte) *httpResponse {
			rec := c.Upload("/states/HRV/matrix/import", "file", "matrix.xlsx", data, url.Values{})
			return &httpResponse{rec.Code, rec.Body.String()}
		}
		res := upload(expert, xlsx)
		if res.code != 200 || !strings.Contains(res.body, "0 fields would change; 323 are the same") {
			t.Errorf("unchanged upload: %d %.300s", res.code, res.body)
		}
		res = upload(expert, []byte("not a workbook"))
		if res.code != 422 || !strings.Contains(res.body, "not an XLSX workbook") {
			t.Errorf("garbage upload: %d", res.code)
		}
		if res := upload(poc, xlsx); res.code != 403 {
			t.Errorf("the State uploads: %d", res.code)
		}
		changed := setXLSXCell(t, xlsx, "OP 1", "E8", "NA") // OP1-02
		res = upload(expert, changed)
		if res.code != 200 || !strings.Contains(res.body, "1 field would change") || !strings.Contains(res.body, "OP 1!E8") {
			t.Fatalf("changed upload: %d %.500s", res.code, res.body)
		}
		token := html.UnescapeString(between(res.body, `name="preview" value="`, `"`))
		if token == "" || strings.Contains(res.body, `"field_id"`) {
			t.Fatalf("the preview form carries the changes, not a token: %.500s", res.body)
		}
		if rec := expert.Post("/states/HRV/matrix/import/apply", url.Values{"preview": {token}}); rec.Code != 303 {
			t.Fatalf("apply: %d %.300s", rec.Code, rec.Body.String())
		}
		webtest.Expect(t, expert.Get("/states/HRV/matrix?done=matrix-imported"), 200, "saved in the draft", "edition 2")
		// The same preview again: applied once only.
		webtest.Expect(t, expert.Post("/states/HRV/matrix/import/apply", url.Values{"preview": {token}}), 422, "no longer available")
		// The same workbook again: stale, nothing can be applied.
		res = upload(expert, setXLSXCell(t, changed, "OP 1", "E8", "?"))
		if res.code != 200 || !strings.Contains(res.body, "Nothing can be applied") || strings.Contains(res.body, `name="preview"`) {
			t.Errorf("a stale workbook: %d %.300s", res.code, res.body)
		}
		// A preview whose cell changes before the apply: nothing saved.
		draft := expert.Get("/states/HRV/matrix.xlsx?edition=2").Body.Bytes()
		res = upload(expert, setXLSXCell(t, draft, "OP 1", "E8", "X"))
		token = html.UnescapeString(between(res.body, `name="preview" value="`, `"`))
		if token == "" {
			t.Fatalf("preview of the draft: %d %.500s", res.code, res.body)
		}
		mv, err := app.Services.Matrix.Latest(context.Background(), expert.Viewer, "HRV")
		if err != nil {
			t.Fatal(err)
		}
		if rec := expert.Post("/states/HRV/matrix/cells/OP1-02", url.Values{"status": {"?"}, "version": {fmt.Sprint(mv.Cells["OP1-02"].Version)}}); rec.Code != 303 {
			t.Fatalf("a change meanwhile: %d %.300s", rec.Code, rec.Body.String())
		}
		webtest.Expect(t, expert.Post("/states/HRV/matrix/import/apply", url.Values{"preview": {token}}), 409, "Nothing was saved")
		// An upload over the route's limit is refused before anything else.
		big := webtest.Request{Method: "POST", Path: "/states/HRV/matrix/import", Body: strings.NewReader("x"),
			Header: http.Header{"Content-Length": {"99999999"}, "Content-Type": {"multipart/form-data; boundary=x"}}}
		if rec := expert.Do(big); rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized upload: %d", rec.Code)
		}
	})
}

type httpResponse struct {
	code int
	body string
}

func setXLSXCell(t *testing.T, data []byte, sheet, cell, value string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetCellStr(sheet, cell, value); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestMatrixProposeNAPAction: from a gap of its approved matrix, Serbia's
// editor proposes a NAP action: refused while Serbia has no draft plan,
// then added to the draft plan, linked to the field; a field with a
// measure is not a gap; the Committee's expert and another State may not.
func TestMatrixProposeNAPAction(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		seedMatrices(t, app, "unused")
		ed := app.Account("SRB", model.RoleEditor)
		expert := app.Account("UNSC1540", model.RoleEditor)
		other := app.Account("HRV", model.RoleCoordinator)
		gaps := "/states/SRB/matrix/gaps"
		webtest.Expect(t, ed.Get(gaps), 200, "Propose a NAP action", `action="/states/SRB/matrix/gaps/OP2-NW-01.LF/propose"`)
		webtest.Expect(t, expert.Get(gaps), 200, "!Propose a NAP action")
		webtest.Expect(t, app.Anonymous().Get(gaps), 200, "!Propose a NAP action")
		webtest.Expect(t, ed.Post(gaps+"/OP2-NW-01.LF/propose", nil), 422, "no draft plan", "Go to the plans")
		title := "National plan 2018-2022"
		plan, err := app.Services.NAPs.Create(context.Background(), ed.Viewer, "SRB", model.NAPInput{Title: &title, PeriodStart: model.Ptr("2018"), PeriodEnd: model.Ptr("2022")})
		if err != nil {
			t.Fatal(err)
		}
		rec := ed.Post(gaps+"/OP2-NW-01.LF/propose", nil)
		if rec.Code != 303 || !strings.HasPrefix(rec.Header().Get("Location"), fmt.Sprintf("/naps/%d/actions/", plan.ID)) {
			t.Fatalf("propose: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		webtest.Expect(t, ed.Get(rec.Header().Get("Location")), 200, "OP2-NW-01.LF")
		webtest.Expect(t, ed.Post(gaps+"/OP1-01/propose", nil), 422, "it is not a gap")
		webtest.Expect(t, expert.Post(gaps+"/OP2-NW-01.LF/propose", nil), 403)
		webtest.Expect(t, other.Post(gaps+"/OP2-NW-01.LF/propose", nil), 403)
		webtest.Expect(t, ed.Post(gaps+"/OP9-99/propose", nil), 404)

		// The same through the API.
		var a struct {
			ID       int64
			NAPID    int64 `json:"nap_id"`
			Title    string
			Status   string
			Elements []string
		}
		if code := ed.JSON("POST", "/api/v1/states/SRB/matrix/gaps/OP2-CW-05.EN/nap-action", map[string]any{"title": "Penalties for developing CW"}, &a); code != 201 ||
			a.NAPID != plan.ID || a.Title != "Penalties for developing CW" || strings.Join(a.Elements, ",") != "OP2-CW-05.EN" {
			t.Errorf("API propose: %d %+v", code, a)
		}
		if code := ed.JSON("POST", "/api/v1/states/SRB/matrix/gaps/OP2-CW-05.EN/nap-action", nil, &a); code != 201 {
			t.Errorf("API propose without a body: %d", code)
		}
		var e struct{ Fields map[string]string }
		if code := ed.JSON("POST", "/api/v1/states/SRB/matrix/gaps/OP1-01/nap-action", nil, &e); code != 422 || e.Fields["field_id"] == "" {
			t.Errorf("API propose for a measure: %d %+v", code, e)
		}
		for _, c := range []*webtest.Client{expert, other} {
			if code := c.JSON("POST", "/api/v1/states/SRB/matrix/gaps/OP2-CW-05.EN/nap-action", nil, nil); code != 403 {
				t.Errorf("%s proposes through the API: %d", c.Name(), code)
			}
		}
		if code := app.Anonymous().JSON("POST", "/api/v1/states/SRB/matrix/gaps/OP2-CW-05.EN/nap-action", nil, nil); code != 401 {
			t.Errorf("anonymous proposes: %d", code)
		}
		actions, err := app.Services.NAPs.Actions(context.Background(), ed.Viewer, plan.ID)
		if err != nil || len(actions) != 3 {
			t.Errorf("the plan has %d actions (%v), want the 3 proposed", len(actions), err)
		}
	})
}

// TestHeatMapFairness: the heat map lists States by name (not by score),
// in one neutral hue, with the caveat in its caption; the toggle is there
// for signed-in readers only.
func TestHeatMapFairness(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		body := app.Get("/matrix?group=SEE").Body.String()
		var names []string
		for _, m := range regexp.MustCompile(`<th scope="row"><a href="/states/[A-Z]{3}/matrix">([^<]+)</a>`).FindAllStringSubmatch(body, -1) {
			names = append(names, m[1])
		}
		if len(names) < 5 || !slices.IsSorted(names) {
			t.Errorf("the heat map's States are not sorted by name: %v", names)
		}
		webtest.Expect(t, app.Get("/matrix?group=SEE"), 200, "not a measure of compliance", "approved editions", `!id="drafts"`)
		webtest.Expect(t, app.Account("HRV", model.RoleViewer).Get("/matrix?group=SEE"), 200, `id="drafts"`, "Include editions in preparation")
	})
}
