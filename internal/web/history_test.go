package web_test

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/webtest"
)

// historyClock is the day the history tests run on.
func historyClock() webtest.Option {
	return webtest.Clock(func() time.Time { return time.Date(2027, 3, 3, 10, 0, 0, 0, time.UTC) })
}

// TestHistoryPages: a national report recorded on its form (with its
// document), listed on the State's page with its date; another source
// recorded on the date's page makes it disputed on the report, the State's
// page and the list of disputes; the Committee decides on the page.
func TestHistoryPages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		editor := app.Account("SRB", model.RoleEditor)
		committee := app.Account("UNSC1540", model.RoleEditor)
		webtest.Expect(t, editor.Get("/states/SRB/reports/new"), 200, "Record a national report of Serbia", `enctype="multipart/form-data"`)
		webtest.Expect(t, app.Account("HRV", model.RoleEditor).Get("/states/SRB/reports/new"), 403)
		// Bad input: 422 with the field named, nothing saved.
		rec := editor.Upload("/states/SRB/reports", "file", "", nil, url.Values{"type": {"first"}, "date": {"2031-01-01"}, "language": {"en"}, "visibility": {"public"}})
		webtest.Expect(t, rec, 422, "cannot be dated in the future", "attach the report", `aria-invalid="true"`)
		rec = editor.Upload("/states/SRB/reports", "file", "first report.pdf", []byte("%PDF-1.4 Serbia"),
			url.Values{"type": {"first"}, "date": {"2004-10-28"}, "language": {"en"}, "symbol": {"S/AC.44/2004/(02)/45"}, "pages": {"24"},
				"visibility": {"public"}, "source": {"Approved matrix of Serbia, copy A"}})
		webtest.Expect(t, rec, 303)
		loc := rec.Header().Get("Location")
		path := strings.SplitN(loc, "?", 2)[0]
		webtest.Expect(t, app.Anonymous().Get(path), 200, "First report of 28 October 2004", "S/AC.44/2004/(02)/45", "first report.pdf", "24",
			"source: Approved matrix of Serbia, copy A")
		doc := app.Anonymous().Get(path + "/document")
		webtest.Expect(t, doc, 200, "%PDF-1.4 Serbia")
		if ct := doc.Header().Get("Content-Type"); ct != "application/pdf" || !strings.Contains(doc.Header().Get("Content-Disposition"), "attachment") {
			t.Errorf("the document: %s, %s", ct, doc.Header().Get("Content-Disposition"))
		}
		webtest.Expect(t, app.Anonymous().Get("/states/SRB"), 200, "National reports", "First report", "28 October 2004")
		// Another source for its date: the date's page.
		id := strings.TrimPrefix(path, "/reports/")
		var r struct {
			Provenance struct {
				FactID int64 `json:"fact_id"`
			}
		}
		if code := app.Anonymous().JSON("GET", "/api/v1/reports/"+id, nil, &r); code != 200 || r.Provenance.FactID == 0 {
			t.Fatalf("the report's provenance: %d %+v", code, r)
		}
		fact := fmt.Sprintf("/facts/%d", r.Provenance.FactID)
		webtest.Expect(t, editor.Get(fact), 200, "Record another source", "!Decide (the 1540 Committee)")
		webtest.Expect(t, editor.Post(fact+"/claims", url.Values{"date": {"2004-11-02"}}), 422, "name the document")
		webtest.Expect(t, editor.Post(fact+"/claims", url.Values{"date": {"2004-11-02"}, "source": {"Approved matrix of Serbia, copy B"}}), 303)
		for _, p := range []string{path, "/states/SRB", "/disputes", "/disputes?state=SRB"} {
			webtest.Expect(t, app.Anonymous().Get(p), 200, "disputed")
		}
		webtest.Expect(t, editor.Post(fact+"/resolve", url.Values{"date": {"2004-11-02"}, "reason": {"x"}, "version": {"2"}}), 403)
		webtest.Expect(t, committee.Get(fact), 200, "Decide (the 1540 Committee)", "2 November 2004", "28 October 2004")
		webtest.Expect(t, committee.Post(fact+"/resolve", url.Values{"date": {"2004-11-02"}, "version": {"2"}}), 422, "say why")
		webtest.Expect(t, committee.Post(fact+"/resolve", url.Values{"date": {"2004-11-02"}, "reason": {"the cover letter is dated 2 November"}, "version": {"1"}}),
			409, "changed since you read it")
		webtest.Expect(t, committee.Post(fact+"/resolve", url.Values{"date": {"2004-11-02"}, "reason": {"the cover letter is dated 2 November"}, "version": {"2"}}), 303)
		webtest.Expect(t, app.Anonymous().Get(fact), 200, "decided by the 1540 Committee", "the cover letter is dated 2 November",
			"Approved matrix of Serbia, copy A", "Approved matrix of Serbia, copy B")
		webtest.Expect(t, app.Anonymous().Get(path), 200, "2 November 2004", "decided by the 1540 Committee", "!>disputed<")
		webtest.Expect(t, app.Anonymous().Get("/disputes"), 200, "No disputed date")
		// The report's form keeps its date.
		webtest.Expect(t, editor.Get(path+"/edit"), 200, "The date is recorded history")
		webtest.Expect(t, editor.Post(path, url.Values{"type": {"first"}, "date": {"2004-11-02"}, "language": {"en"}, "symbol": {"S/AC.44/2004/(02)/45"},
			"pages": {"25"}, "visibility": {"public"}, "version": {"1"}}), 303)
		webtest.Expect(t, app.Anonymous().Get(path), 200, "25")
	}, historyClock())
}

// TestHistoryAPI: a plan's steps recorded from the past through the API
// (with their bounds, the plan's submitted_on beside submissions, the
// provenance), the state of play's since count, a report with its
// document in JSON, a cell citing it, another source and the decision.
func TestHistoryAPI(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		coord := app.Account("MKD", model.RoleCoordinator)
		var plan struct {
			ID          int64
			Version     int64
			SubmittedOn *string `json:"submitted_on"`
			Submissions *int
			Provenance  []struct {
				Fact     string
				Date     string
				Recorded bool
				Source   string
				Disputed bool
				FactID   int64 `json:"fact_id"`
			}
		}
		if code := coord.JSON("POST", "/api/v1/naps", map[string]any{"title": "NAP of North Macedonia", "period_start": 2016, "period_end": 2020}, &plan); code != 201 {
			t.Fatalf("create: %d", code)
		}
		p := fmt.Sprintf("/api/v1/naps/%d", plan.ID)
		if code := coord.JSON("POST", p+"/adopt", map[string]any{"authority": "the Government", "date": "2016-03-01", "source": "Official Gazette 12/2016"}, &plan); code != 200 {
			t.Fatalf("adopt: %d", code)
		}
		for _, tc := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"date": "2016-04-11"}, "source"},
			{map[string]any{"date": "2030-01-01", "source": "x"}, "date"},
			{map[string]any{"date": "2016-02-01", "source": "x"}, "date"},
			{map[string]any{"date": "2003-12-31", "source": "x"}, "date"},
			{map[string]any{"date": "2016-04-11", "source": "x", "when": "now"}, "when"},
		} {
			var out struct{ Fields map[string]string }
			if code := coord.JSON("POST", p+"/submit", tc.body, &out); code != 422 || out.Fields[tc.field] == "" {
				t.Errorf("submit %v: %d %v, want 422 naming %s", tc.body, code, out.Fields, tc.field)
			}
		}
		if code := coord.JSON("POST", p+"/submit", map[string]any{"date": "2016-04-11", "source": "Note verbale of 11 April 2016",
			"source_url": "https://www.un.org/en/sc/1540/"}, &plan); code != 200 {
			t.Fatalf("submit: %d", code)
		}
		if plan.SubmittedOn == nil || *plan.SubmittedOn != "2016-04-11" || plan.Submissions == nil || *plan.Submissions != 1 {
			t.Errorf("submitted_on %v beside submissions %v", plan.SubmittedOn, plan.Submissions)
		}
		var sawSubmitted bool
		for _, d := range plan.Provenance {
			if d.Fact == "submitted" {
				sawSubmitted = d.Date == "2016-04-11" && d.Recorded && d.Source == "Note verbale of 11 April 2016" && d.FactID > 0
			}
		}
		if !sawSubmitted {
			t.Errorf("the provenance: %+v", plan.Provenance)
		}
		var subs struct {
			Items []struct {
				SubmittedOn string    `json:"submitted_on"`
				SubmittedAt time.Time `json:"submitted_at"`
			}
		}
		coord.JSON("GET", p+"/submissions", nil, &subs)
		if len(subs.Items) != 1 || subs.Items[0].SubmittedOn != "2016-04-11" || subs.Items[0].SubmittedAt.Year() != 2027 {
			t.Errorf("the submission: %+v", subs.Items)
		}
		// Withdraw, share and revise as the pages do.
		var shared struct {
			SharedWith []string `json:"shared_with"`
		}
		if code := coord.JSON("POST", p+"/share", map[string]any{"shared_with": []string{"OSCE"}}, &shared); code != 200 || len(shared.SharedWith) != 1 {
			t.Errorf("share: %d %v", code, shared.SharedWith)
		}
		var rev struct {
			ID       int64
			Replaces *int64
		}
		if code := coord.JSON("POST", p+"/revise", nil, &rev); code != 201 || rev.Replaces == nil || *rev.Replaces != plan.ID {
			t.Errorf("revise: %d %+v", code, rev)
		}
		var wd struct{ Status string }
		if code := coord.JSON("POST", fmt.Sprintf("/api/v1/naps/%d/withdraw", rev.ID), nil, &wd); code != 200 || wd.Status != "withdrawn" {
			t.Errorf("withdraw: %d %+v", code, wd)
		}
		// The committee sees the plan counted by its recorded date.
		committee := app.Account("UNSC1540", model.RoleCoordinator)
		var play struct {
			Submitted struct {
				Plans      int
				PlansSince int `json:"plans_since"`
			}
		}
		committee.JSON("GET", "/api/v1/state-of-play?since=2016", nil, &play)
		if play.Submitted.Plans != 1 || play.Submitted.PlansSince != 1 {
			t.Errorf("since 2016: %+v", play.Submitted)
		}
		committee.JSON("GET", "/api/v1/state-of-play?since=2017", nil, &play)
		if play.Submitted.PlansSince != 0 {
			t.Errorf("since 2017 (typed in 2027): %+v", play.Submitted)
		}
		// A report with its document, cited by a cell; a second source.
		var rep struct {
			ID         int64
			Document   *struct{ SHA256 string }
			Provenance struct {
				FactID int64 `json:"fact_id"`
			}
		}
		doc := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 North Macedonia"))
		if code := app.Account("UNODA", model.RoleEditor).JSON("POST", "/api/v1/states/MKD/reports", map[string]any{"type": "first", "date": "2005-01-10",
			"document": map[string]any{"filename": "mkd.pdf", "content_base64": doc}}, &rep); code != 201 || rep.Document == nil {
			t.Fatalf("a report received by the Committee: %d %+v", code, rep)
		}
		if code := coord.JSON("POST", "/api/v1/states/MKD/reports", map[string]any{"type": "first", "date": "2005-01-10",
			"document": map[string]any{"filename": "x.pdf", "content_base64": "not base64!"}}, nil); code != 422 {
			t.Errorf("bad base64: %d", code)
		}
		webtest.Expect(t, app.Get(fmt.Sprintf("/api/v1/reports/%d/document", rep.ID)), 200, "%PDF-1.4 North Macedonia")
		expert := app.Account("UNSC1540-GOE", model.RoleEditor)
		var cell struct {
			ReportID   *int64 `json:"report_id"`
			ReportPage int    `json:"report_page"`
		}
		if code := expert.JSON("PUT", "/api/v1/states/MKD/matrix/cells/OP1-01", map[string]any{"status": "X", "report_id": rep.ID, "report_page": 3}, &cell); code != 200 ||
			cell.ReportID == nil || *cell.ReportID != rep.ID || cell.ReportPage != 3 {
			t.Errorf("a cell citing the report: %d %+v", code, cell)
		}
		var bad struct{ Fields map[string]string }
		if code := expert.JSON("PUT", "/api/v1/states/SRB/matrix/cells/OP1-01", map[string]any{"status": "X", "report_id": rep.ID}, &bad); code != 422 || bad.Fields["report_id"] == "" {
			t.Errorf("a cell of Serbia citing North Macedonia's report: %d %v", code, bad.Fields)
		}
		claim := fmt.Sprintf("/api/v1/facts/%d", rep.Provenance.FactID)
		var f struct {
			Disputed bool
			Version  int64
			Claims   []struct{ Entry, Date string }
		}
		if code := coord.JSON("POST", claim+"/claims", map[string]any{"date": "2005-01-12", "source": "the note verbale"}, &f); code != 200 || !f.Disputed {
			t.Fatalf("another source: %d %+v", code, f)
		}
		if code := committee.JSON("POST", claim+"/resolve", map[string]any{"date": "2005-01-12", "reason": "the note verbale", "version": f.Version}, &f); code != 200 ||
			f.Disputed || len(f.Claims) != 3 || f.Claims[2].Entry != "resolution" {
			t.Errorf("the decision: %d %+v", code, f)
		}
		webtest.Expect(t, app.Get("/api/v1/disputes"), 200, `"items":[]`)
	}, historyClock())
}
