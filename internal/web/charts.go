package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"

	"napx/internal/charts"
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
	c := charts.Line{Step: true, Chart: charts.Chart{ID: "progress-chart", Title: "Share of the plan's actions completed, month by month",
		Desc:  "At the end of each month, the actions completed (weighted by their progress, as in the roll-up), over the actions then in the plan that were not cancelled.",
		XName: "Month", Unit: "%", YMax: 100,
		Series: []charts.Series{{Name: "Completed (weighted by progress)"}}}}
	t := charts.Table{Caption: "Progress of the plan by month", Head: []string{"Month", "Completed (weighted)", "Actions completed", "Actions counted (not cancelled)"}}
	for _, p := range pts {
		c.Labels = append(c.Labels, p.Month)
		c.Series[0].Values = append(c.Series[0].Values, math.Round(p.Percent*10)/10)
		t.Rows = append(t.Rows, []string{p.Month, strconv.FormatFloat(math.Round(p.Percent*10)/10, 'f', -1, 64) + "%", strconv.Itoa(p.Completed), strconv.Itoa(p.Counted)})
	}
	last := pts[len(pts)-1]
	return &chartView{SVG: chartHTML(c.SVG()), Table: t,
		Caption: fmt.Sprintf("From %s to %s; now %.0f%% (%d of %d actions completed). Read from the history of each action's status and progress.", pts[0].Month, last.Month, last.Percent, last.Completed, last.Counted)}, nil
}

// coverageChart is a State's matrix coverage in each edition the viewer
// may read; nil when there is none.
func (h *Handler) coverageChart(r *http.Request, state string) (*chartView, error) {
	eds, err := h.svc.Matrix.EditionCoverage(r.Context(), service.ViewerFrom(r.Context()), state)
	if err != nil || len(eds) == 0 {
		return nil, err
	}
	c := charts.Bar{Stacked: true, Chart: charts.Chart{ID: "coverage-chart", Title: "Coverage across the editions of the matrix",
		Desc:  "For each edition you may see, the share of the matrix's fields with a measure (X), with a question (?), not applicable (NA) and without information.",
		XName: "Edition", Unit: "%", YMax: 100,
		Series: []charts.Series{{Name: "X (a measure)", Fill: "#0072b2"}, {Name: "? (to clarify)", Fill: "#e69f00"}, {Name: "NA (not applicable)", Fill: "#bdbdbd"}, {Name: "No information", Fill: "#f7f7f7"}}}}
	t := charts.Table{Caption: "Coverage by edition", Head: []string{"Edition", "Status", "X", "?", "NA", "No information", "Fields"}}
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
		status := e.Status.Label()
		if e.Illustrative {
			status += " (illustrative)"
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(e.Edition), status, cell(tot.X), cell(tot.Q), cell(tot.NA), cell(tot.None), strconv.Itoa(tot.Total)})
	}
	return &chartView{SVG: chartHTML(c.SVG()), Table: t,
		Caption: fmt.Sprintf("%d %s you may see.", len(eds), map[bool]string{true: "edition", false: "editions"}[len(eds) == 1])}, nil
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
	c := charts.Bar{Chart: charts.Chart{ID: "participation-chart", Title: "Delegates at events, year by year",
		Desc:  "Delegates confirmed or who attended, by year of the event's first day, for the members of the group with the most delegates.",
		XName: "Year"}}
	for _, y := range p.Years {
		c.Labels = append(c.Labels, strconv.Itoa(y))
	}
	head := []string{"Delegation"}
	head = append(head, c.Labels...)
	t := charts.Table{Caption: "Delegates by delegation and year", Head: append(head, "Total")}
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
	caption := fmt.Sprintf("%d of the group's %d members had delegates at events you may see.", len(p.Delegations), p.Members)
	if len(p.Delegations) > participationLimit {
		caption += fmt.Sprintf(" The chart shows the %d with the most; the table lists all.", participationLimit)
	}
	return &chartView{SVG: chartHTML(c.SVG()), Table: t, Caption: caption}, nil
}
