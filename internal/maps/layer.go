package maps

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Class is one entry of a layer's legend: what a colour means and how many
// States of the map have it.
type Class struct {
	Label string
	Count int
	// Missing marks the class of "nothing to show" (no plan visible, no
	// matrix visible): drawn hatched, so it never reads as the lightest
	// value of the scale.
	Missing bool
}

// Mark is one State on a layer: its class and the words a reader gets
// (the link's name and tooltip), and where it leads.
type Mark struct {
	Code  string
	Name  string
	Class int    // index into Layer.Classes
	Text  string // e.g. "Croatia: plan adopted, 40% of actions completed"
	Href  string
}

// Layer is what one map shows: classes in legend order (lightest first)
// and a mark for each State of the frame.
type Layer struct {
	ID    string // prefix for the element IDs (unique within the page)
	Title string
	Desc  string
	// Classes are ordered from the least to the most; they are coloured
	// from light to dark along one hue, so that the order survives
	// colour blindness and grey-scale printing.
	Classes []Class
	Marks   []Mark
	// Context names, in the legend, the grey areas that are not coloured:
	// other areas, and the States around a group that are not in it.
	Context string
	// RTL lays the legend and the disclaimer out from the right, for a
	// page that reads right to left (issue 17). The map itself is never
	// mirrored: it is geography.
	RTL bool
}

// Palette: a sequential single-hue scale (ColorBrewer "Blues", light to
// dark), a hatch for missing values, a neutral grey for context, and a
// dark outline. TestPaletteContrast checks the contrasts.
var (
	blues = [][]string{
		1: {"#6baed6"},
		2: {"#bdd7e7", "#3182bd"},
		3: {"#deebf7", "#9ecae1", "#3182bd"},
		4: {"#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"},
		5: {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"},
		6: {"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"},
		7: {"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"},
	}
	// ContextFill is the grey of areas that are not coloured.
	ContextFill = "#e2e2e2"
	// Outline is the colour of borders and legend swatch edges.
	Outline = "#595959"
	// Ink is the colour of the legend's text.
	Ink = "#1b1f24"
	// Paper is the map's background.
	Paper = "#ffffff"
	// HatchFill and HatchLine draw the "missing" class.
	HatchFill, HatchLine = "#f7f7f7", "#8c8c8c"
)

// Palette returns the n fills of a scale of n non-missing classes, light
// to dark (n from 1 to 7).
func Palette(n int) []string {
	if n < 1 || n >= len(blues) {
		panic(fmt.Sprintf("maps: no palette of %d colours", n))
	}
	return blues[n]
}

// fills gives each class its fill: the hatch for the missing class, the
// scale for the others in order.
func (l *Layer) fills() []string {
	n := 0
	for _, c := range l.Classes {
		if !c.Missing {
			n++
		}
	}
	var pal []string
	if n > 0 {
		pal = Palette(n)
	}
	out := make([]string, len(l.Classes))
	i := 0
	for k, c := range l.Classes {
		if c.Missing {
			out[k] = "url(#" + l.ID + "-hatch)"
			continue
		}
		out[k] = pal[i]
		i++
	}
	return out
}

// Render writes the frame coloured by the layer as one SVG document: the
// map, then the legend with the count beside each colour, then the
// disclaimer. Every State of the frame is one link (a shape, a dot, or
// both, inside one <a>), in the order of its name, so that keyboard focus
// goes through the States alphabetically. Marks for States outside the
// frame are ignored; a State of the frame without a mark is drawn as
// context. Presentation attributes only: no style attribute, no script.
func Render(w io.Writer, f *Frame, l *Layer, disclaimer string) error {
	var b bytes.Buffer
	b.Grow(64 << 10)
	fills := l.fills()
	lines := wrap(disclaimer, 150)
	legendTop := f.Height + 16
	entries := len(l.Classes)
	if l.Context != "" {
		entries++
	}
	rows := (entries + 2) / 3 // three legend entries a row
	height := legendTop + float64(rows)*24 + 8 + float64(len(lines))*15 + 8
	id := html.EscapeString(l.ID)
	dir := ""
	if l.RTL {
		dir = ` direction="rtl"`
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="group" aria-labelledby="%s-title %s-desc" class="map" font-family="system-ui, sans-serif"%s>`,
		num(f.Width), num(height), num(f.Width), num(height), id, id, dir)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, html.EscapeString(l.Title), id, html.EscapeString(l.Desc))
	fmt.Fprintf(&b, `<defs><pattern id="%s-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="%s"/><line x1="0" y1="0" x2="0" y2="6" stroke="%s" stroke-width="2"/></pattern></defs>`,
		id, HatchFill, HatchLine)
	fmt.Fprintf(&b, `<rect width="%s" height="%s" fill="%s"/>`, num(f.Width), num(height), Paper)

	marks := map[string]Mark{}
	for _, m := range l.Marks {
		marks[m.Code] = m
	}
	// Context: other areas, and States of the frame without a mark (the
	// neighbours of a group). Decoration only: hidden from assistive
	// technology, which gets the States and the table.
	fmt.Fprintf(&b, `<g aria-hidden="true" fill="%s" stroke="#ffffff" stroke-width="0.6">`, ContextFill)
	for _, sh := range f.shapes {
		if _, marked := marks[sh.Code]; marked && f.inFrame(sh.Code) {
			continue
		}
		fmt.Fprintf(&b, `<path d="%s"/>`, sh.D)
	}
	b.WriteString(`</g>`)

	var codes []string
	for _, c := range f.codes {
		if _, ok := marks[c]; ok {
			codes = append(codes, c)
		}
	}
	sort.SliceStable(codes, func(i, j int) bool { return marks[codes[i]].Name < marks[codes[j]].Name })
	fmt.Fprintf(&b, `<g stroke="%s" stroke-width="0.5" stroke-linejoin="round">`, Outline)
	for _, c := range codes {
		m := marks[c]
		if m.Class < 0 || m.Class >= len(fills) {
			return fmt.Errorf("maps: %s has class %d of %d", c, m.Class, len(fills))
		}
		text := html.EscapeString(m.Text)
		fmt.Fprintf(&b, `<a href="%s" aria-label="%s" class="state" data-class="%d"><title>%s</title>`, html.EscapeString(m.Href), text, m.Class, text)
		if i, ok := f.byCode[c]; ok {
			fmt.Fprintf(&b, `<path d="%s" fill="%s"/>`, f.shapes[i].D, fills[m.Class])
		}
		if d, ok := f.dots[c]; ok {
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="4" fill="%s" stroke-width="1"/>`, num(d.X), num(d.Y), fills[m.Class])
		}
		b.WriteString(`</a>`)
	}
	b.WriteString(`</g>`)

	// The legend: a swatch, its label and its count, three to a row; the
	// grey of the context last, without a count.
	fmt.Fprintf(&b, `<g font-size="14" fill="%s">`, Ink)
	for i := range entries {
		x := 16 + float64(i%3)*328
		y := legendTop + float64(i/3)*24
		fill, label := ContextFill, html.EscapeString(l.Context)
		if i < len(l.Classes) {
			fill, label = fills[i], html.EscapeString(l.Classes[i].Label)+": "+strconv.Itoa(l.Classes[i].Count)
		}
		if l.RTL {
			// From the right: the swatch, then the label to its left
			// (text-anchor "start" is the right end in right-to-left text).
			x = f.Width - x
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="22" height="14" fill="%s" stroke="%s"/>`, num(x-22), num(y), fill, Outline)
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="start">%s</text>`, num(x-30), num(y+12), label)
			continue
		}
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="22" height="14" fill="%s" stroke="%s"/>`, num(x), num(y), fill, Outline)
		fmt.Fprintf(&b, `<text x="%s" y="%s">%s</text>`, num(x+30), num(y+12), label)
	}
	b.WriteString(`</g>`)
	y := legendTop + float64(rows)*24 + 8
	fmt.Fprintf(&b, `<g font-size="12" fill="%s">`, Ink)
	for i, line := range lines {
		if l.RTL {
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="start">%s</text>`, num(f.Width-16), num(y+float64(i)*15+10), html.EscapeString(line))
			continue
		}
		fmt.Fprintf(&b, `<text x="16" y="%s">%s</text>`, num(y+float64(i)*15+10), html.EscapeString(line))
	}
	b.WriteString(`</g></svg>`)
	_, err := b.WriteTo(w)
	return err
}

func (f *Frame) inFrame(code string) bool {
	if code == "" {
		return false
	}
	if f.Members == nil {
		return true
	}
	return f.Members[code]
}

// num writes a coordinate with at most one decimal.
func num(v float64) string {
	return strconv.FormatFloat(float64(int64(v*10+0.5*sign(v)))/10, 'f', -1, 64)
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// wrap cuts text into lines of at most n characters at spaces.
func wrap(text string, n int) []string {
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(text) {
		if cur.Len() > 0 && cur.Len()+1+len(w) > n {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
