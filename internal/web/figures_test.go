package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// firstReport records a national report of the type "first" of state,
// dated day, with marker in its title and symbol.
func firstReport(t *testing.T, app *webtest.App, state, marker, day string, vis model.Visibility) int64 {
	t.Helper()
	r, err := app.Services.Reports.Create(context.Background(), model.SystemViewer("test"), state, model.NationalReportInput{Type: model.Ptr("first"),
		Title: model.Ptr("Report " + marker), Date: model.Ptr(day), Symbol: model.Ptr("SYM-" + marker), Language: model.Ptr("en"), Visibility: model.Ptr(string(vis))})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// TestFiguresHidden: another State's private first report is counted by
// no figure and listed by no figure's records, page, API or report for
// any outsider — every answer the anonymous visitor's — while its owner
// finds it in each list and its figures move (the controls of
// CheckHidden).
func TestFiguresHidden(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		const marker = "FIGURE-5e1c"
		id := firstReport(t, app, "HRV", marker, "2019-05-04", model.VisPrivate)
		const period = "from=2019-01-01&to=2019-12-31"
		app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: marker, ID: fmt.Sprint(id),
			Lists: []string{"/figures/reports.first?" + period, "/figures/reports.first?" + period + "&group=SEE",
				"/figures/report?" + period + "&id=reports.first&id=naps.states", "/api/v1/figures/reports.first?" + period},
			Elsewhere: []string{"/figures?" + period, "/figures/report.xlsx?" + period + "&id=reports.first", "/figures/reports.additional?" + period,
				"/open-data/", "/open-data/reports.csv", "/open-data/reports.json", "/open-data/changes.json?since=2004-01-01"},
			Counts: []string{"/api/v1/figures?" + period, "/api/v1/figures?id=reports.first", "/api/v1/figures?group=SEE&id=reports.first,naps.states"},
		})
	})
}

// TestFiguresPagesAndAPI: the API, the page, a figure's records and the
// report builder agree with each other for a reader: the API's value is
// the number of records its list shows, the page links each number to
// it, the report's workbook has a sheet per figure with the same records,
// and the report's address reproduces it.
func TestFiguresPagesAndAPI(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		firstReport(t, app, "HRV", "PUBLIC-A", "2012-03-01", model.VisPublic)
		firstReport(t, app, "SRB", "PUBLIC-B", "2018-07-09", model.VisPublic)
		firstReport(t, app, "USA", "PUBLIC-C", "2018-08-09", model.VisPublic)
		var figs struct {
			From, To string
			Items    []struct {
				ID           string  `json:"id"`
				Value        int     `json:"value"`
				Records      string  `json:"records"`
				CompleteFrom *string `json:"complete_from"`
			} `json:"items"`
		}
		if code := app.JSON("GET", "/api/v1/figures?from=2010-01-01&to=2020-12-31&group=SEE", nil, &figs); code != http.StatusOK {
			t.Fatalf("figures: %d", code)
		}
		if len(figs.Items) != len(service.FigureDefs) {
			t.Fatalf("%d figures, want %d", len(figs.Items), len(service.FigureDefs))
		}
		for _, f := range figs.Items {
			if f.ID != "reports.first" {
				continue
			}
			if f.Value != 2 || f.CompleteFrom == nil || *f.CompleteFrom != "2012-03-01" {
				t.Errorf("reports.first in SEE = %d from %v, want 2 (Croatia and Serbia, not the United States) complete from 2012-03-01", f.Value, f.CompleteFrom)
			}
			if f.Records != "/figures/reports.first?from=2010-01-01&group=SEE&to=2020-12-31" {
				t.Errorf("records address %q", f.Records)
			}
			page := app.Get(f.Records)
			webtest.Expect(t, page, http.StatusOK, "PUBLIC-A", "PUBLIC-B", "!PUBLIC-C", "the 2 records counted")
			var recs struct {
				Records []struct {
					URL string `json:"url"`
				} `json:"records"`
			}
			if code := app.JSON("GET", "/api/v1/figures/reports.first?from=2010-01-01&to=2020-12-31&group=SEE", nil, &recs); code != http.StatusOK || len(recs.Records) != 2 {
				t.Errorf("the API's records: %d, %d", code, len(recs.Records))
			}
		}
		webtest.Expect(t, app.Get("/figures?from=2010-01-01&to=2020-12-31&group=SEE"), http.StatusOK,
			`href="/figures/reports.first?from=2010-01-01&amp;group=SEE&amp;to=2020-12-31"`, "complete from 1 March 2012")
		// The report builder: one link, a page and a workbook.
		link := "/figures/report?from=2010-01-01&to=2020-12-31&group=SEE&id=reports.first&id=events.held"
		webtest.Expect(t, app.Get(link), http.StatusOK, "PUBLIC-A", "PUBLIC-B", "!PUBLIC-C", "Events held: 0",
			`/figures/report.xlsx?from=2010-01-01&amp;group=SEE&amp;id=reports.first&amp;id=events.held&amp;to=2020-12-31`)
		rec := app.Get("/figures/report.xlsx?from=2010-01-01&to=2020-12-31&group=SEE&id=reports.first&id=events.held")
		if rec.Code != http.StatusOK {
			t.Fatalf("workbook: %d %s", rec.Code, rec.Body.String())
		}
		wb, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(wb.GetSheetList(), ","); got != "figures,reports.first,events.held" {
			t.Errorf("sheets %s", got)
		}
		rows, err := wb.GetRows("reports.first")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 || !strings.Contains(strings.Join(rows[1], " ")+strings.Join(rows[2], " "), "PUBLIC-B") {
			t.Errorf("the sheet of reports.first: %q", rows)
		}
		sum, _ := wb.GetRows("figures")
		if !strings.Contains(fmt.Sprint(sum), "/figures/report?from=2010-01-01&group=SEE&id=reports.first&id=events.held&to=2020-12-31") {
			t.Errorf("the summary does not carry the report's link: %q", sum)
		}
		webtest.Expect(t, app.Get("/figures/report"), http.StatusOK, "Choose the figures")
	})
}

// TestFiguresBadInput: a day that is not a date, a period that ends
// before it starts and an unknown group are 422 naming the field, on the
// API and the pages; an unknown figure is 404 (422 naming id in the
// report builder).
func TestFiguresBadInput(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		for _, tc := range []struct{ query, field string }{
			{"from=2020-02-30", "from"}, {"from=yesterday", "from"}, {"to=2020-1-1", "to"},
			{"from=2021-01-01&to=2020-12-31", "from"}, {"group=NOPE", "group"},
		} {
			var body struct {
				Fields map[string]string `json:"fields"`
			}
			for _, path := range []string{"/api/v1/figures?", "/api/v1/figures/naps.states?"} {
				if code := app.JSON("GET", path+tc.query, nil, &body); code != http.StatusUnprocessableEntity || body.Fields[tc.field] == "" {
					t.Errorf("%s%s: %d %v, want 422 naming %s", path, tc.query, code, body.Fields, tc.field)
				}
			}
			for _, path := range []string{"/figures?", "/figures/naps.states?", "/figures/report?id=naps.states&", "/figures/report.xlsx?id=naps.states&"} {
				webtest.Expect(t, app.Get(path+tc.query), http.StatusUnprocessableEntity, `id="`+tc.field+`" name="`+tc.field+`"`, `aria-invalid="true"`)
			}
		}
		webtest.Expect(t, app.Get("/api/v1/figures/naps.nope"), http.StatusNotFound)
		webtest.Expect(t, app.Get("/api/v1/figures?id=naps.nope"), http.StatusUnprocessableEntity, `"id"`)
		webtest.Expect(t, app.Get("/figures/naps.nope"), http.StatusNotFound, "napx has no figure")
		webtest.Expect(t, app.Get("/figures/report?id=naps.nope"), http.StatusUnprocessableEntity, "napx has no figure")
		webtest.Expect(t, app.Get("/figures/report.xlsx"), http.StatusUnprocessableEntity, "choose at least one figure")
		// The control: the same addresses with good input answer 200.
		webtest.Expect(t, app.Get("/figures?from=2020-02-29&to=2021-01-01&group=SEE"), http.StatusOK)
		webtest.Expect(t, app.Get("/api/v1/figures?from=2020-02-29&to=2021-01-01&group=see"), http.StatusOK)
	})
}
