package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"

	"napx/internal/charts"
	"napx/internal/i18n"
	"napx/internal/service"
)

// The charts of the regional view (issue 14, item 4), each drawn as SVG
// with its data as a table beside it (the partial "chart"): a plan's
// progress over time on the plan page, a State's matrix coverage across
// editions on its matrix page, and a group's participation in events on
// the group's page.

// chartView is a chart ready for the partial: the SVG, the caption, and
// the table of its data.
type chartView struct {
	SVG     template.HTML
	Caption string
	Table   charts.Table
}

func chartHTML(svg string) template.HTML {
	return template.HTML(svg) // #nosec G203 -- written by the charts package, which escapes every text it takes
}

// progressChart is a plan's completed share month by month, from its
// actions' histories; nil when the plan has no history yet.
func (h *Handler) progressChart(r *http.Request, napID int64) (*chartView, error) {
	pts, err := h.svc.NAPs.Progress(r.Context(), service.ViewerFrom(r.Context()), napID)
	if err != nil || len(pts) == 0 {
		return nil, err
	}
	pr := h.printer(r)
	c := charts.Line{Step: true, Chart: charts.Chart{ID: "progress-chart", Title: pr.T("figures.chart.progress.title"),
		Desc:  pr.T("figures.chart.progress.desc"),
		XName: pr.T("figures.chart.month"), Unit: "%", YMax: 100, RTL: pr.Lang().Dir == "rtl",
		Series: []charts.Series{{Name: pr.T("figures.chart.progress.series")}}}}
	t := charts.Table{Caption: pr.T("figures.chart.progress.table"), Head: []string{pr.T("figures.chart.month"), pr.T("figures.chart.progress.col.weighted"), pr.T("figures.chart.progress.col.completed"), pr.T("figures.chart.progress.col.counted")}}
	for _, p := range pts {
		c.Labels = append(c.Labels, p.Month)
		c.Series[0].Values = append(c.Series[0].Values, math.Round(p.Percent*10)/10)
		t.Rows = append(t.Rows, []string{p.Month, strconv.FormatFloat(math.Round(p.Percent*10)/10, 'f', -1, 64) + "%", pr.Number(p.Completed), pr.Number(p.Counted)})
	}
	last := pts[len(pts)-1]
	caption := fmt.Sprintf("From %s to %s; now %.0f%% (%d of %d actions completed). Read from the history of each action's status and progress.", pts[0].Month, last.Month, last.Percent, last.Completed, last.Counted)
	if pr.Lang().Code != i18n.English {
		caption = pr.T("figures.chart.progress.caption", last.Counted, pts[0].Month, last.Month, int(math.Round(last.Percent)), last.Completed)
	}
	return &chartView{SVG: chartHTML(c.SVG()), Table: t, Caption: caption}, nil
}

// coverageChart is a State's matrix coverage in each edition the viewer
// may read; nil when there is none.
func (h *Handler) coverageChart(r *http.Request, state string) (*chartView, error) {
	eds, err := h.svc.Matrix.EditionCoverage(r.Context(), service.ViewerFrom(r.Context()), state)
	if err != nil || len(eds) == 0 {
		return nil, err
	}
	pr := h.printer(r)
	c := charts.Bar{Stacked: true, Chart: charts.Chart{ID: "coverage-chart", Title: pr.T("figures.chart.coverage.title"),
		Desc:  pr.T("figures.chart.coverage.desc"),
		XName: pr.T("figures.chart.edition"), Unit: "%", YMax: 100, RTL: pr.Lang().Dir == "rtl",
		Series: []charts.Series{{Name: pr.T("figures.chart.coverage.x"), Fill: "#0072b2"}, {Name: pr.T("figures.chart.coverage.q"), Fill: "#e69f00"}, {Name: pr.T("figures.chart.coverage.na"), Fill: "#bdbdbd"}, {Name: pr.T("figures.chart.coverage.none"), Fill: "#f7f7f7"}}}}
	t := charts.Table{Caption: pr.T("figures.chart.coverage.table"), Head: []string{pr.T("figures.chart.edition"), pr.T("figures.chart.status"), "X", "?", "NA", pr.T("figures.chart.coverage.none"), pr.T("figures.chart.fields")}}
	share := func(n, total int) float64 {
		if total == 0 {
			return 0
		}
		return math.Round(float64(n)*1000/float64(total)) / 10
	}
	for _, e := range eds {
		tot := e.Total
		c.Labels = append(c.Labels, strconv.Itoa(e.Edition))
		for i, n := range []int{tot.X, tot.Q, tot.NA, tot.None} {
			c.Series[i].Values = append(c.Series[i].Values, share(n, tot.Total))
		}
		cell := func(n int) string {
			return fmt.Sprintf("%d (%s%%)", n, strconv.FormatFloat(share(n, tot.Total), 'f', -1, 64))
		}
		status := pr.T("figures.chart.edstatus." + string(e.Status))
		if e.Illustrative {
			status = pr.T("figures.chart.illustrative", status)
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(e.Edition), status, cell(tot.X), cell(tot.Q), cell(tot.NA), cell(tot.None), strconv.Itoa(tot.Total)})
	}
	return &chartView{SVG: chartHTML(c.SVG()), Table: t, Caption: pr.T("figures.chart.coverage.caption", len(eds))}, nil
}

// participationLimit is how many delegations the chart draws; the table
// lists them all.
const participationLimit = 6

// participationChart is a group's delegates at events, year by year; nil
// when none of its members had a delegate at an event the viewer may see.
func (h *Handler) participationChart(r *http.Request, group string) (*chartView, error) {
	p, err := h.svc.Events.Participation(r.Context(), service.ViewerFrom(r.Context()), group)
	if err != nil || len(p.Delegations) == 0 {
		return nil, err
	}
	pr := h.printer(r)
	c := charts.Bar{Chart: charts.Chart{ID: "participation-chart", Title: pr.T("figures.chart.participation.title"),
		Desc:  pr.T("figures.chart.participation.desc"),
		XName: pr.T("figures.chart.year"), RTL: pr.Lang().Dir == "rtl"}}
	for _, y := range p.Years {
		c.Labels = append(c.Labels, strconv.Itoa(y))
	}
	head := []string{pr.T("figures.chart.delegation")}
	head = append(head, c.Labels...)
	t := charts.Table{Caption: pr.T("figures.chart.participation.table"), Head: append(head, pr.T("figures.chart.total"))}
	for i, d := range p.Delegations {
		if i < participationLimit {
			s := charts.Series{Name: d.Name}
			for _, n := range d.Counts {
				s.Values = append(s.Values, float64(n))
			}
			c.Series = append(c.Series, s)
		}
		row := []string{d.Name}
		for _, n := range d.Counts {
			row = append(row, strconv.Itoa(n))
		}
		t.Rows = append(t.Rows, append(row, strconv.Itoa(d.Total)))
	}
	caption := pr.T("figures.chart.participation.caption", p.Members, len(p.Delegations))
	if len(p.Delegations) > participationLimit {
		caption += " " + pr.T("figures.chart.participation.limit", participationLimit)
	}
	return &chartView{SVG: chartHTML(c.SVG()), Table: t, Caption: caption}, nil
}
