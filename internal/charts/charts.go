// Package charts draws napx's charts as SVG: a line (or step) chart over
// categories such as months or years, and a bar chart (grouped or
// stacked). Every chart comes with its data as a table (Table), which the
// pages print beside it: the table is the accessible alternative and what
// a reader copies.
//
// SVG only with presentation attributes (the CSP forbids inline style), a
// <title> and <desc>, colours that keep 3:1 against the paper, and each
// series told apart by more than its colour: a marker shape and a dash
// pattern for lines, an outline and the legend's order for bars.
//
// It imports nothing of napx: callers give it labels and numbers.
package charts

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Series is one named row of values, aligned with the chart's labels. A
// NaN value is a gap (no data that month).
type Series struct {
	Name   string
	Values []float64
	Fill   string // optional colour; the palette's otherwise
}

// Chart is what both kinds of chart share.
type Chart struct {
	ID     string   // prefix for element IDs, unique within the page
	Title  string   // the chart's title (also the table's caption)
	Desc   string   // one or two sentences saying what it shows
	Labels []string // the categories along the x axis, in order
	Series []Series
	YMax   float64 // 0: a round number above the largest value
	Unit   string  // appended to values in the table and tooltips ("%")
	XName  string  // the table's first column heading ("Month")
	// RTL mirrors the chart for a page that reads right to left (issue
	// 17): the categories run from the right (the first month at the
	// right), the y axis stands at the right, the legend starts at the
	// right; the text stays upright and numbers read left to right.
	RTL bool
}

// mx is x on the page: mirrored about the middle in a right-to-left chart.
func (c *Chart) mx(x float64) float64 {
	if c.RTL {
		return width - x
	}
	return x
}

// rx is the left edge of a box drawn from x with width w: mirrored, the
// box's other edge.
func (c *Chart) rx(x, w float64) float64 {
	if c.RTL {
		return width - x - w
	}
	return x
}

// Line is a line chart; Step draws each value as holding until the next.
type Line struct {
	Chart
	Step bool
}

// Bar is a bar chart, grouped or stacked.
type Bar struct {
	Chart
	Stacked bool
}

// Palette are the series colours: the Okabe-Ito colours that keep at
// least 3:1 against white, then black and a dark ochre.
var Palette = []string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#000000", "#8c6d00"}

// The chart's neutral colours.
const (
	Paper = "#ffffff"
	Ink   = "#1b1f24"
	Muted = "#4a5360"
	Grid  = "#d0d5dc"
	Edge  = "#595959"
)

var dashes = []string{"", "7 4", "2 3", "9 3 2 3", "4 2", "1 4"}

// Geometry of every chart, in SVG units.
const (
	width       = 720.0
	plotLeft    = 56.0
	plotRight   = 16.0
	plotTop     = 16.0
	plotHeight  = 220.0
	xAxisHeight = 40.0
	legendRow   = 22.0
)

func (c *Chart) color(i int) string {
	if c.Series[i].Fill != "" {
		return c.Series[i].Fill
	}
	return Palette[i%len(Palette)]
}

// yMax is the top of the y axis: YMax, or a round number above the data.
func (c *Chart) yMax(stacked bool) float64 {
	if c.YMax > 0 {
		return c.YMax
	}
	top := 0.0
	for k := range c.Labels {
		sum := 0.0
		for _, s := range c.Series {
			v := value(s, k)
			if stacked {
				sum += v
			} else {
				top = math.Max(top, v)
			}
		}
		top = math.Max(top, sum)
	}
	return niceCeil(top)
}

func value(s Series, k int) float64 {
	if k >= len(s.Values) || math.IsNaN(s.Values[k]) {
		return 0
	}
	return s.Values[k]
}

// niceCeil rounds v up to 1, 2, 2.5 or 5 times a power of ten (at least 1).
func niceCeil(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// frame opens the SVG, draws the axes, grid and x labels, and returns the
// plot's geometry.
func (c *Chart) frame(b *bytes.Buffer, ymax float64) (plotW, height float64) {
	plotW = width - plotLeft - plotRight
	rows := math.Ceil(float64(len(c.Series)) / 3)
	height = plotTop + plotHeight + xAxisHeight + rows*legendRow + 8
	id := html.EscapeString(c.ID)
	dir := ""
	if c.RTL {
		// Text anchors then read from the right: "end" is a label's left
		// end, so the y values sit right of their axis.
		dir = ` direction="rtl"`
	}
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc" class="chart-svg" font-family="system-ui, sans-serif" font-size="12"%s>`,
		f1(width), f1(height), f1(width), f1(height), id, id, dir)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, html.EscapeString(c.Title), id, html.EscapeString(c.Desc))
	fmt.Fprintf(b, `<rect width="%s" height="%s" fill="%s"/>`, f1(width), f1(height), Paper)
	// The y grid: five steps.
	for i := 0; i <= 5; i++ {
		v := ymax * float64(i) / 5
		y := plotTop + plotHeight - plotHeight*float64(i)/5
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, f1(c.mx(plotLeft)), f1(y), f1(c.mx(plotLeft+plotW)), f1(y), Grid)
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" fill="%s">%s</text>`, f1(c.mx(plotLeft-6)), f1(y+4), Muted, html.EscapeString(trim(v)+c.Unit))
	}
	fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, f1(c.mx(plotLeft)), f1(plotTop+plotHeight), f1(c.mx(plotLeft+plotW)), f1(plotTop+plotHeight), Edge)
	// The x labels: at most about twelve, evenly spaced.
	n := len(c.Labels)
	every := 1
	if n > 12 {
		every = int(math.Ceil(float64(n) / 12))
	}
	band := plotW / math.Max(float64(n), 1)
	for k, l := range c.Labels {
		if k%every != 0 {
			continue
		}
		x := plotLeft + band*(float64(k)+0.5)
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, f1(c.mx(x)), f1(plotTop+plotHeight+18), Muted, html.EscapeString(l))
	}
	return plotW, height
}

// legend writes the series' names, three to a row, each with its swatch
// (and, for lines, its marker and dash).
func (c *Chart) legend(b *bytes.Buffer, line bool) {
	y0 := plotTop + plotHeight + xAxisHeight
	for i, s := range c.Series {
		x := plotLeft + float64(i%3)*210
		y := y0 + float64(i/3)*legendRow
		col := c.color(i)
		if line {
			fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"%s/>`, f1(c.mx(x)), f1(y+6), f1(c.mx(x+28)), f1(y+6), col, dashAttr(i))
			marker(b, i, c.mx(x+14), y+6, col)
		} else {
			fmt.Fprintf(b, `<rect x="%s" y="%s" width="22" height="12" fill="%s" stroke="%s"/>`, f1(c.rx(x, 22)), f1(y), col, Edge)
		}
		fmt.Fprintf(b, `<text x="%s" y="%s" fill="%s">%s</text>`, f1(c.mx(x+36)), f1(y+10), Ink, html.EscapeString(s.Name))
	}
}

func dashAttr(i int) string {
	if d := dashes[i%len(dashes)]; d != "" {
		return ` stroke-dasharray="` + d + `"`
	}
	return ""
}

// marker draws series i's marker shape at (x, y).
func marker(b *bytes.Buffer, i int, x, y float64, col string) {
	const r = 3.5
	switch i % 6 {
	case 0:
		fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="%s" fill="%s"/>`, f1(x), f1(y), f1(r), col)
	case 1:
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, f1(x-r), f1(y-r), f1(2*r), f1(2*r), col)
	case 2:
		fmt.Fprintf(b, `<path d="M%s %sl%s %sh%sz" fill="%s"/>`, f1(x), f1(y-r-0.5), f1(r+0.5), f1(2*r+0.5), f1(-2*r-1), col)
	case 3:
		fmt.Fprintf(b, `<path d="M%s %sl%s %sl%s %sl%s %sz" fill="%s"/>`, f1(x), f1(y-r-1), f1(r+1), f1(r+1), f1(-r-1), f1(r+1), f1(-r-1), f1(-r-1), col)
	case 4:
		fmt.Fprintf(b, `<path d="M%s %sl%s %sM%s %sl%s %s" stroke="%s" stroke-width="2"/>`, f1(x-r), f1(y-r), f1(2*r), f1(2*r), f1(x-r), f1(y+r), f1(2*r), f1(-2*r), col)
	default:
		fmt.Fprintf(b, `<path d="M%s %sl%s %sh%sz" fill="%s"/>`, f1(x), f1(y+r+0.5), f1(r+0.5), f1(-2*r-0.5), f1(-2*r-1), col)
	}
}

// SVG draws the line chart.
func (l *Line) SVG() string {
	var b bytes.Buffer
	ymax := l.yMax(false)
	plotW, _ := l.frame(&b, ymax)
	band := plotW / math.Max(float64(len(l.Labels)), 1)
	xOf := func(k int) float64 { return l.mx(plotLeft + band*(float64(k)+0.5)) }
	yOf := func(v float64) float64 { return plotTop + plotHeight - plotHeight*math.Min(v, ymax)/ymax }
	showMarkers := len(l.Labels) <= 40
	for i, s := range l.Series {
		col := l.color(i)
		var d strings.Builder
		pen := false
		for k := range l.Labels {
			if k >= len(s.Values) || math.IsNaN(s.Values[k]) {
				pen = false
				continue
			}
			x, y := xOf(k), yOf(s.Values[k])
			switch {
			case !pen:
				fmt.Fprintf(&d, "M%s %s", f1(x), f1(y))
			case l.Step:
				fmt.Fprintf(&d, "H%sV%s", f1(x), f1(y))
			default:
				fmt.Fprintf(&d, "L%s %s", f1(x), f1(y))
			}
			pen = true
		}
		if d.Len() > 0 {
			fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round"%s/>`, d.String(), col, dashAttr(i))
		}
		for k := range l.Labels {
			if k >= len(s.Values) || math.IsNaN(s.Values[k]) {
				continue
			}
			if showMarkers || k == len(l.Labels)-1 {
				fmt.Fprintf(&b, `<g><title>%s</title>`, html.EscapeString(s.Name+", "+l.Labels[k]+": "+trim(s.Values[k])+l.Unit))
				marker(&b, i, xOf(k), yOf(s.Values[k]), col)
				b.WriteString(`</g>`)
			}
		}
	}
	l.legend(&b, true)
	b.WriteString(`</svg>`)
	return b.String()
}

// SVG draws the bar chart.
func (c *Bar) SVG() string {
	var b bytes.Buffer
	ymax := c.yMax(c.Stacked)
	plotW, _ := c.frame(&b, ymax)
	band := plotW / math.Max(float64(len(c.Labels)), 1)
	inner := band * 0.76
	yOf := func(v float64) float64 { return plotHeight * math.Min(v, ymax) / ymax }
	for k := range c.Labels {
		x0 := plotLeft + band*float64(k) + (band-inner)/2
		base := 0.0
		for i, s := range c.Series {
			v := value(s, k)
			if v <= 0 {
				continue
			}
			h := yOf(v)
			x, w := x0, inner
			if !c.Stacked {
				w = inner / float64(len(c.Series))
				x = x0 + w*float64(i)
			}
			y := plotTop + plotHeight - h
			if c.Stacked {
				y -= yOf(base)
				base += v
			}
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="0.75"><title>%s</title></rect>`,
				f1(c.rx(x, math.Max(w, 1))), f1(y), f1(math.Max(w, 1)), f1(h), c.color(i), Edge, html.EscapeString(s.Name+", "+c.Labels[k]+": "+trim(v)+c.Unit))
		}
	}
	c.legend(&b, false)
	b.WriteString(`</svg>`)
	return b.String()
}

// Table is a chart's data: the caption, the headings (the x name, then
// one column per series) and a row per label.
type Table struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// Table returns the chart's data as a table, values with the unit.
func (c *Chart) Table() Table {
	t := Table{Caption: c.Title, Head: append([]string{c.XName}, names(c.Series)...)}
	for k, l := range c.Labels {
		row := []string{l}
		for _, s := range c.Series {
			if k >= len(s.Values) || math.IsNaN(s.Values[k]) {
				row = append(row, "—")
				continue
			}
			row = append(row, trim(s.Values[k])+c.Unit)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func names(ss []Series) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Name
	}
	return out
}

// f1 writes a coordinate with at most one decimal.
func f1(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// trim writes a value with at most one decimal, without a trailing ".0".
func trim(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
