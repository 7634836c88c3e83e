package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// privateReport records a private national report of Croatia whose
// title, symbol and document carry marker, and makes its date disputed.
func privateReport(t *testing.T, app *webtest.App, marker string) (service.ReportView, service.FactView) {
	t.Helper()
	ctx := context.Background()
	sys := model.SystemViewer("test")
	r, err := app.Services.Reports.Create(ctx, sys, "HRV", model.NationalReportInput{Type: model.Ptr("other"), Title: model.Ptr("Report " + marker),
		Date: model.Ptr("2010-05-04"), Symbol: model.Ptr("SYM-" + marker), Visibility: model.Ptr("private"), Filename: "r.txt", Content: []byte("text " + marker)})
	if err != nil {
		t.Fatal(err)
	}
	f, err := app.Services.History.AddClaim(ctx, sys, r.Dated.ID, service.Given(model.ClaimInput{Date: "2010-05-06", Source: "a copy of the matrix"}))
	if err != nil {
		t.Fatal(err)
	}
	return r, f
}

// TestReportHidden: a State's private national report, and the dates of
// it with their sources, do not exist for anyone outside the State, on
// every route: pages, API, the document, the State's page, the disputes;
// writes and forms answer 404 and change nothing.
func TestReportHidden(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		const marker = "REPORT-7d3a"
		r, _ := privateReport(t, app, marker)
		id := fmt.Sprint(r.ID)
		app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: marker, ID: id,
			Reads:  []string{"/reports/" + id, "/api/v1/reports/" + id, "/reports/" + id + "/document", "/api/v1/reports/" + id + "/document"},
			Quiet:  []string{"/reports/" + id + "/edit"},
			Lists:  []string{"/states/{owner}", "/api/v1/states/{owner}/reports"},
			Writes: []webtest.Request{jsonReq("PATCH", "/api/v1/reports/"+id, `{"pages":"3","version":1}`)},
			Forms:  []webtest.Form{{Path: "/reports/" + id, Values: url.Values{"type": {"other"}, "language": {"en"}, "symbol": {"x"}, "visibility": {"private"}, "version": {"1"}}}},
		})
		app2 := app.Fresh(t)
		_, f := privateReport(t, app2, marker)
		fid := fmt.Sprint(f.ID)
		app2.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: marker, ID: fid,
			Reads: []string{"/facts/" + fid, "/api/v1/facts/" + fid},
			Lists: []string{"/disputes", "/disputes?state={owner}", "/api/v1/disputes", "/api/v1/disputes?state={owner}"},
			Writes: []webtest.Request{
				jsonReq("POST", "/api/v1/facts/"+fid+"/claims", `{"date":"2010-05-07","source":"another copy"}`),
				jsonReq("POST", "/api/v1/facts/"+fid+"/resolve", `{"date":"2010-05-06","reason":"x","version":2}`),
			},
			Forms: []webtest.Form{
				{Path: "/facts/" + fid + "/claims", Values: url.Values{"date": {"2010-05-07"}, "source": {"another copy"}}},
				{Path: "/facts/" + fid + "/resolve", Values: url.Values{"date": {"2010-05-06"}, "reason": {"x"}, "version": {"2"}}},
			},
		})
	})
}

// TestExportHoldsNothingHidden: an export for an account (napx export
// --as, GET /api/v1/export) holds nothing that account may not read. A
// marker is planted in records of Croatia that another State may not
// read — a private plan, its action and section, a submitted plan, a
// private report and its document, a private point of contact, a private
// event and a confirmed-only material and contact of a public one, a
// draft of the matrix, a disputed date of a private report — and is
// looked for in every outsider's export; the owner's export holds it in
// every table it was planted in (the control).
func TestExportHoldsNothingHidden(t *testing.T) {
	eachBefore2030(t, func(t *testing.T, app *webtest.App) {
		const marker = "PLANTED-31f"
		ctx := context.Background()
		sys := model.SystemViewer("test")
		svc := app.Services
		hiddenPlan(t, app, "HRV", marker+"-draft", model.NAPDraft)
		hiddenPlan(t, app, "HRV", marker+"-submitted", model.NAPSubmitted)
		privateReport(t, app, marker+"-report")
		if _, err := svc.Contacts.Create(ctx, sys, "HRV", model.PointOfContactInput{Kind: "capital", Name: "Contact " + marker, ValidFrom: "2020-01-01",
			Visibility: "private"}); err != nil {
			t.Fatal(err)
		}
		makeHiddenEvent(t, app, model.VisPrivate) // "Zeta …" in its title, delegate, session, material, lesson and follow-up
		pub, err := svc.Events.Create(ctx, sys, model.EventInput{Kind: "workshop", Title: "Open workshop", Organizer: "HRV", Start: "2030-05-06", End: "2030-05-07",
			TimeZone: "Europe/Zagreb", Visibility: "public",
			Contacts: []model.ContactInput{{Org: "HRV", Name: "Contact " + marker + "-confirmed", Role: "lead", Audience: "confirmed"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Events.AddMaterial(ctx, sys, pub.ID, service.Given(model.MaterialInput{Title: "Notes " + marker + "-material", Audience: "confirmed",
			Filename: "n.txt", Content: []byte("notes " + marker)})); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Matrix.SetCell(ctx, sys, "HRV", service.Given(model.MatrixCellInput{FieldID: "OP1-07", Status: "X", Reference: "Law " + marker + "-matrix"})); err != nil {
			t.Fatal(err)
		}
		// Something every reader may read, the control that outsiders'
		// exports are not empty.
		if _, err := svc.Reports.Create(ctx, sys, "HRV", model.NationalReportInput{Type: model.Ptr("first"), Date: model.Ptr("2004-10-28"),
			Symbol: model.Ptr("PUBLIC-REPORT-9"), Language: model.Ptr("en")}); err != nil {
			t.Fatal(err)
		}
		exportAs := func(c *webtest.Client) []byte {
			t.Helper()
			rec := c.Do(webtest.Request{Path: "/api/v1/export"})
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: export %d %s\n%s", c.Name(), rec.Code, rec.Body.String(), app.Logs())
			}
			var buf bytes.Buffer
			if _, err := svc.Export.Write(ctx, c.Viewer, &buf, nil); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), rec.Body.Bytes()) {
				t.Errorf("%s: the API's export differs from napx export --as", c.Name())
			}
			return rec.Body.Bytes()
		}
		for _, c := range []*webtest.Client{app.Account("SRB", model.RoleCoordinator), app.Account("SRB", model.RoleViewer, webtest.Admin, webtest.Email("admin@srb.example.org")),
			app.Account("IAEA", model.RoleEditor), app.Account("RACVIAC", model.RoleCoordinator), app.Account("DTRA", model.RoleEditor),
			app.Account("UNODA", model.RoleEditor)} {
			b := exportAs(c)
			if !bytes.Contains(b, []byte("PUBLIC-REPORT-9")) {
				t.Errorf("%s: the export lacks the public report: the check would prove nothing", c.Name())
			}
			// UNODA reads at the Committee level: the submitted plan and the
			// matrix's draft are for it; nothing else is.
			committee := c.Account.Org == "UNODA"
			for _, line := range bytes.Split(b, []byte("\n")) {
				planted := bytes.Contains(line, []byte(marker)) || bytes.Contains(line, []byte("Zeta"))
				allowed := committee && (bytes.Contains(line, []byte(marker+"-submitted")) || bytes.Contains(line, []byte(marker+"-matrix")))
				if planted && !allowed {
					t.Errorf("%s: the export holds %s", c.Name(), model.Truncate(string(line), 200))
				}
			}
			if bytes.Contains(b, []byte(`"table":"audit_log"`)) || bytes.Contains(b, []byte("password_hash")) {
				t.Errorf("%s: the export holds the audit log or secrets", c.Name())
			}
		}
		// The anonymous visitor gets no export at all.
		if rec := app.Anonymous().Do(webtest.Request{Path: "/api/v1/export"}); rec.Code != http.StatusUnauthorized {
			t.Errorf("an anonymous export: %d", rec.Code)
		}
		// The control: the owner's export holds every planted record.
		owner := exportAs(app.Account("HRV", model.RoleCoordinator))
		var doc struct {
			Tables []struct {
				Table string
				Rows  []json.RawMessage
			}
		}
		if err := json.Unmarshal(owner, &doc); err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		for _, tb := range doc.Tables {
			for _, r := range tb.Rows {
				if bytes.Contains(r, []byte(marker)) || bytes.Contains(r, []byte("Zeta")) {
					found[tb.Table] = true
				}
			}
		}
		for _, want := range []string{"naps", "nap_actions", "nap_sections", "national_reports", "points_of_contact", "events", "event_materials",
			"event_participants", "event_sessions", "event_lessons", "event_followups", "matrix_cells"} {
			if !found[want] {
				t.Errorf("the owner's export lacks the planted %s: the check would prove nothing", want)
			}
		}
		if !strings.Contains(string(owner), `"scope":"account"`) {
			t.Error("the owner's export does not say it is an account's")
		}
	})
}
