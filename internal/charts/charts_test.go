package charts_test

import (
	"encoding/xml"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"napx/internal/charts"
)

// parse checks that svg is well-formed XML with an <svg> root, a title and
// a description, and no inline style or script; it returns the elements
// by name.
func parse(t *testing.T, svg string) map[string][]xml.StartElement {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	out := map[string][]xml.StartElement{}
	first := true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		if el, ok := tok.(xml.StartElement); ok {
			if first && el.Name.Local != "svg" {
				t.Fatalf("root is <%s>", el.Name.Local)
			}
			first = false
			for _, a := range el.Attr {
				if a.Name.Local == "style" || strings.HasPrefix(a.Name.Local, "on") {
					t.Errorf("<%s %s=...>: the CSP forbids it", el.Name.Local, a.Name.Local)
				}
			}
			out[el.Name.Local] = append(out[el.Name.Local], el)
		}
	}
	if len(out["title"]) == 0 || len(out["desc"]) != 1 {
		t.Errorf("%d titles, %d descriptions", len(out["title"]), len(out["desc"]))
	}
	return out
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func TestLineChart(t *testing.T) {
	l := charts.Line{Step: true, Chart: charts.Chart{ID: "p", Title: "Progress <of> the plan", Desc: "Completed share per month.", Unit: "%", XName: "Month", YMax: 100,
		Labels: []string{"2024-01", "2024-02", "2024-03", "2024-04"},
		Series: []charts.Series{{Name: "Completed", Values: []float64{0, 12.5, math.NaN(), 50}}, {Name: "Other", Values: []float64{10, 20, 30, 40}}}}}
	els := parse(t, l.SVG())
	paths := els["path"]
	var lines []string
	for _, p := range paths {
		if attr(p, "fill") == "none" {
			lines = append(lines, attr(p, "d"))
		}
	}
	if len(lines) != 2 {
		t.Fatalf("%d series lines: %v", len(lines), lines)
	}
	// A step chart holds each value (H then V), and a gap lifts the pen.
	if !strings.Contains(lines[0], "H") || strings.Count(lines[0], "M") != 2 {
		t.Errorf("step line with a gap drawn as %q", lines[0])
	}
	if strings.Contains(lines[1], "M") && strings.Count(lines[1], "M") != 1 {
		t.Errorf("a line without gaps drawn in pieces: %q", lines[1])
	}
	tb := l.Table()
	if tb.Caption != l.Title || strings.Join(tb.Head, "|") != "Month|Completed|Other" || len(tb.Rows) != 4 ||
		tb.Rows[1][1] != "12.5%" || tb.Rows[2][1] != "—" || tb.Rows[3][2] != "40%" {
		t.Errorf("table = %+v", tb)
	}
	if !strings.Contains(l.SVG(), "Progress &lt;of&gt; the plan") {
		t.Error("the title is not escaped")
	}
}

func TestBarCharts(t *testing.T) {
	c := charts.Chart{ID: "c", Title: "Coverage", Desc: "By edition.", Unit: "%", XName: "Edition", YMax: 100,
		Labels: []string{"1", "2"},
		Series: []charts.Series{{Name: "X", Values: []float64{40, 60}}, {Name: "None", Values: []float64{60, 40}}}}
	stacked := charts.Bar{Chart: c, Stacked: true}
	rects := 0
	var heights []float64
	for _, r := range parse(t, stacked.SVG())["rect"] {
		if attr(r, "stroke") == charts.Edge && attr(r, "width") != "22" {
			rects++
			h, _ := strconv.ParseFloat(attr(r, "height"), 64)
			heights = append(heights, h)
		}
	}
	// Two editions, two statuses: four segments; each edition's two add up
	// to the full plot height (100%).
	if rects != 4 || math.Abs(heights[0]+heights[1]-220) > 0.2 || math.Abs(heights[2]+heights[3]-220) > 0.2 {
		t.Errorf("stacked bars: %d segments, heights %v", rects, heights)
	}
	grouped := charts.Bar{Chart: c}
	xs := map[string]bool{}
	for _, r := range parse(t, grouped.SVG())["rect"] {
		if attr(r, "stroke") == charts.Edge && attr(r, "width") != "22" {
			xs[attr(r, "x")] = true
		}
	}
	if len(xs) != 4 {
		t.Errorf("grouped bars share positions: %v", xs)
	}
}

// TestAutomaticScale: without YMax the axis ends on a round number above
// the data.
func TestAutomaticScale(t *testing.T) {
	l := charts.Line{Chart: charts.Chart{ID: "a", Title: "t", Desc: "d", Labels: []string{"2016", "2017"}, Series: []charts.Series{{Name: "HRV", Values: []float64{3, 17}}}}}
	if svg := l.SVG(); !strings.Contains(svg, ">20</text>") || strings.Contains(svg, ">25</text>") {
		t.Error("the y axis does not end at 20 for a maximum of 17")
	}
}

func luminance(hex string) float64 {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	ch := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(v>>16&0xff) + 0.7152*ch(v>>8&0xff) + 0.0722*ch(v&0xff)
}

// TestChartContrast: series colours keep 3:1 against the paper (WCAG
// 1.4.11), text 4.5:1.
func TestChartContrast(t *testing.T) {
	ratio := func(a, b string) float64 {
		la, lb := luminance(a), luminance(b)
		return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
	}
	for _, c := range charts.Palette {
		if r := ratio(c, charts.Paper); r < 3 {
			t.Errorf("series colour %s: %.2f against the paper", c, r)
		}
	}
	for _, c := range []string{charts.Ink, charts.Muted} {
		if r := ratio(c, charts.Paper); r < 4.5 {
			t.Errorf("text colour %s: %.2f", c, r)
		}
	}
	if r := ratio(charts.Edge, charts.Paper); r < 3 {
		t.Errorf("edges: %.2f", r)
	}
	if ratio("#e69f00", charts.Paper) >= 3 {
		t.Error("the control colour passes: the check cannot fail")
	}
}
