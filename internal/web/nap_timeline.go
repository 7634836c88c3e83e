package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"napx/internal/i18n"
	"napx/internal/model"
)

// timeline is the geometry of a plan's Gantt-style chart: one row per
// action, grouped under its key-element section, bars from start to due
// on a year axis, a line for today. Overdue actions are drawn with a
// hatched pattern and a warning triangle, not by colour alone. The page
// draws it as SVG with presentation attributes (the CSP forbids inline
// styles) and gives the same data as a table.
type timeline struct {
	Width, Height int
	LabelW        int
	ChartX        int // where the time axis starts
	ChartW        int
	AxisY         int
	Years         []tick
	Rows          []tlRow
	TodayX        int
	ShowToday     bool
	Title         string
	Desc          string
	Empty         bool
	// Right to left (Arabic): time runs from the inline start, the right;
	// the geometry is mirrored (mirror) and the SVG's text runs right to
	// left, each label anchored at its inline start. Years and numbers keep
	// their left-to-right digits (bidi).
	Lang    string // the reader's language: the chart is in it even on a page still in English
	Dir     string
	TodayDX int // the "today" label's offset from its line, towards the inline end
	LabelX  int // where a section heading starts
	ActionX int // where an action's label starts
}

type tick struct {
	X     int
	Label string
	LX    int // label position: the middle of the year
}

type tlRow struct {
	Y         int
	Label     string
	Section   bool // a section heading row
	Bar       bool
	X, W      int
	BarY      int
	Fill      string
	Stroke    string
	Dash      string
	Overdue   bool
	Marker    string // polygon points of the overdue triangle
	Text      string // beside the bar: progress or status
	TextX     int
	Milestone string // polygon points of a diamond, when the action has no start
	Href      string
}

// statusFill is the bar colour of each status (the status is also in the
// text beside the bar and in the table).
var statusFill = map[model.ActionStatus]string{
	model.ActionPlanned:    "#6b7480",
	model.ActionInProgress: "#0a4f8f",
	model.ActionCompleted:  "#1d6b2f",
	model.ActionDelayed:    "#7a4b00",
	model.ActionCancelled:  "#c9d0d9",
}

const (
	tlLabelW = 300
	tlChartW = 640
	tlRowH   = 24
	tlTop    = 40
)

func buildTimeline(n model.NAP, actions []model.NAPAction, today model.Date, p *i18n.Printer) timeline {
	t := timeline{LabelW: tlLabelW, ChartX: tlLabelW + 10, ChartW: tlChartW, Lang: p.Lang().Code, Dir: p.Lang().Dir, TodayDX: 4, LabelX: 4, ActionX: 14}
	t.Width = t.ChartX + t.ChartW + 70
	first, last := n.PeriodStart, n.PeriodEnd
	for _, a := range actions {
		for _, d := range []model.Date{a.Start, a.Due} {
			if d.IsZero() {
				continue
			}
			first, last = min(first, d.Year()), max(last, d.Year())
		}
	}
	// The axis reaches today, so that the today line is always drawn and
	// how late an old plan's open actions are shows at a glance.
	first, last = min(first, today.Year()), max(last, today.Year())
	if last-first > 30 {
		first = last - 30
	}
	from := time.Date(first, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(last+1, 1, 1, 0, 0, 0, 0, time.UTC)
	span := to.Sub(from).Hours()
	x := func(d model.Date) int {
		h := d.Time().Sub(from).Hours()
		h = max(0, min(span, h))
		return t.ChartX + int(h/span*float64(t.ChartW)+0.5)
	}
	for y := first; y <= last+1; y++ {
		d := model.NewDate(y, 1, 1)
		tk := tick{X: x(d), Label: strconv.Itoa(y)}
		if y <= last {
			tk.LX = x(model.NewDate(y, 7, 2))
		} else {
			tk.Label = ""
		}
		t.Years = append(t.Years, tk)
	}
	t.AxisY = tlTop - 8
	y := tlTop
	overdue := 0
	addRows := func(title string, as []model.NAPAction) {
		if len(as) == 0 {
			return
		}
		t.Rows = append(t.Rows, tlRow{Y: y + 16, Label: title, Section: true})
		y += tlRowH
		for _, a := range as {
			r := tlRow{Y: y + 16, Label: clip(a.Title, 44), BarY: y + 5}
			r.Fill, r.Stroke = statusFill[a.Status], "#1b1f24"
			if a.Status == model.ActionCancelled {
				r.Dash = "4 3"
			}
			end := x(a.Due)
			if a.Start.IsZero() {
				r.Milestone = fmt.Sprintf("%d,%d %d,%d %d,%d %d,%d", end, y+3, end+8, y+12, end, y+21, end-8, y+12)
				r.TextX = end + 12
			} else {
				r.Bar = true
				r.X = x(a.Start)
				r.W = max(3, end-r.X)
				r.TextX = r.X + r.W + 6
			}
			status := p.T("plans.action." + string(a.Status))
			r.Text = p.T("plans.tl.bar", status, a.Progress)
			if a.Overdue(today) {
				overdue++
				r.Overdue = true
				r.Fill = "url(#nap-overdue)"
				r.Stroke = "#a3161a"
				tx := r.TextX
				r.Marker = fmt.Sprintf("%d,%d %d,%d %d,%d", tx, y+20, tx+7, y+6, tx+14, y+20)
				r.TextX = tx + 18
				r.Text = p.T("plans.tl.overdue", status, a.Progress)
			}
			t.Rows = append(t.Rows, r)
			y += tlRowH
		}
	}
	bySection := map[string][]model.NAPAction{}
	for _, a := range actions {
		bySection[a.Section] = append(bySection[a.Section], a)
	}
	for _, s := range model.NAPSections {
		addRows(s.Code+" "+p.T("plans.el."+s.Code), bySection[s.Code])
	}
	addRows(p.T("plans.tl.nosection"), bySection[""])
	t.Empty = len(actions) == 0
	t.Height = y + 20
	if !today.Before(model.DateOf(from)) && today.Before(model.DateOf(to)) {
		t.ShowToday, t.TodayX = true, x(today)
	}
	t.Title = p.T("plans.tl.title", len(actions), n.Title, strconv.Itoa(first), strconv.Itoa(last))
	day := today.Long()
	if p.Lang().Code != i18n.English {
		day = p.Date(today.Time())
	}
	t.Desc = p.T("plans.tl.desc", overdue, day)
	if t.Dir == "rtl" {
		t.mirror()
	}
	return t
}

// mirror turns the chart for a right-to-left reader: every x becomes
// Width-x (a bar's start is then its right end), so that time runs from
// the right; text is anchored at its inline start, which the SVG's
// direction="rtl" puts on the right of each label.
func (t *timeline) mirror() {
	m := func(x int) int { return t.Width - x }
	t.ChartX = m(t.ChartX + t.ChartW)
	t.TodayX = m(t.TodayX)
	t.TodayDX = -t.TodayDX
	t.LabelX, t.ActionX = m(t.LabelX), m(t.ActionX)
	for i := range t.Years {
		t.Years[i].X, t.Years[i].LX = m(t.Years[i].X), m(t.Years[i].LX)
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Bar {
			r.X = m(r.X + r.W)
		}
		r.TextX = m(r.TextX)
		r.Marker = mirrorPoints(r.Marker, t.Width)
		r.Milestone = mirrorPoints(r.Milestone, t.Width)
	}
}

// mirrorPoints mirrors an SVG polygon's "x,y x,y" points about the
// chart's width.
func mirrorPoints(points string, width int) string {
	if points == "" {
		return ""
	}
	fields := strings.Fields(points)
	for i, f := range fields {
		x, y, ok := strings.Cut(f, ",")
		if n, err := strconv.Atoi(x); ok && err == nil {
			fields[i] = strconv.Itoa(width-n) + "," + y
		}
	}
	return strings.Join(fields, " ")
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
