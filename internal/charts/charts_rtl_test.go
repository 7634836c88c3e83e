package charts_test

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"

	"napx/internal/charts"
)

// labelX is the x of the text element whose content is label.
func labelX(t *testing.T, svg, label string) float64 {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var cur *xml.StartElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if v.Name.Local == "text" {
				el := v.Copy()
				cur = &el
			}
		case xml.CharData:
			if cur != nil && string(v) == label {
				x, err := strconv.ParseFloat(attr(*cur, "x"), 64)
				if err != nil {
					t.Fatal(err)
				}
				return x
			}
		case xml.EndElement:
			cur = nil
		}
	}
	t.Fatalf("no label %q in the chart", label)
	return 0
}

// TestChartsMirrorRightToLeft: in a right-to-left chart (Arabic) the time
// axis runs from the right — the first month stands right of the last,
// the bars and the points follow — while the text stays upright (no
// transform) and the numbers are as in English. The control: the same
// chart left to right has its first month at the left.
func TestChartsMirrorRightToLeft(t *testing.T) {
	base := charts.Chart{ID: "c", Title: "T", Desc: "D", Labels: []string{"2026-01", "2026-02", "2026-03"},
		Series: []charts.Series{{Name: "A", Values: []float64{10, 20, 30}}, {Name: "B", Values: []float64{5, 5, 5}}}, Unit: "%", YMax: 100}
	for _, kind := range []string{"line", "bar"} {
		t.Run(kind, func(t *testing.T) {
			draw := func(rtl bool) string {
				c := base
				c.RTL = rtl
				if kind == "line" {
					return (&charts.Line{Chart: c}).SVG()
				}
				return (&charts.Bar{Chart: c}).SVG()
			}
			ltr, rtl := draw(false), draw(true)
			parse(t, rtl)
			if first, last := labelX(t, ltr, "2026-01"), labelX(t, ltr, "2026-03"); first >= last {
				t.Errorf("control: left to right, the first month (x=%v) is not left of the last (x=%v)", first, last)
			}
			first, last := labelX(t, rtl, "2026-01"), labelX(t, rtl, "2026-03")
			if first <= last || first < 360 {
				t.Errorf("right to left, the first month (x=%v) is not at the right of the last (x=%v)", first, last)
			}
			if l, r := labelX(t, ltr, "2026-01"), labelX(t, rtl, "2026-01"); l+r != 720 {
				t.Errorf("the first month is not mirrored about the middle: %v and %v", l, r)
			}
			// The y axis stands at the right, with the same numbers.
			if y := labelX(t, rtl, "100%"); y < 600 {
				t.Errorf("right to left, the y axis's 100%% is at x=%v, not at the right", y)
			}
			if !strings.Contains(rtl, `direction="rtl"`) || strings.Contains(rtl, "transform") || strings.Contains(ltr, `direction="rtl"`) {
				t.Error("the right-to-left chart does not say its direction, or mirrors its text by a transform")
			}
		})
	}
}
