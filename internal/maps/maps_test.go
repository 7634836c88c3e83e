package maps_test

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"napx/internal/maps"
	"napx/internal/refdata"
)

var atlas = sync.OnceValues(func() (*maps.Atlas, error) { return maps.Load(refdata.MustLoad()) })

func load(t testing.TB) (*maps.Atlas, *refdata.Catalog) {
	t.Helper()
	a, err := atlas()
	if err != nil {
		t.Fatal(err)
	}
	return a, refdata.MustLoad()
}

// layerFor gives every State of the frame a mark, class by code so that
// all classes occur.
func layerFor(cat *refdata.Catalog, f *maps.Frame) *maps.Layer {
	l := &maps.Layer{ID: "m", Title: "Test layer", Desc: "Each State coloured by a test class.",
		Classes: []maps.Class{{Label: "None visible", Missing: true}, {Label: "Low"}, {Label: "Middle"}, {Label: "High"}},
		Context: "Not in this group"}
	for i, c := range f.Codes() {
		k := i % len(l.Classes)
		l.Classes[k].Count++
		s := cat.State(c)
		l.Marks = append(l.Marks, maps.Mark{Code: c, Name: s.Name, Class: k, Text: s.Name + ": class " + strconv.Itoa(k), Href: "/states/" + c})
	}
	return l
}

func render(t testing.TB, f *maps.Frame, l *maps.Layer) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := maps.Render(&b, f, l, "Boundaries shown are illustrative: no position on any border or status."); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// svgLinks parses an SVG document with encoding/xml and returns the href
// of every <a>, failing on malformed XML.
func svgLinks(t *testing.T, svg []byte) (links []string, titled int) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	depth, inA := 0, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 && (el.Name.Local != "svg" || el.Name.Space != "http://www.w3.org/2000/svg") {
				t.Fatalf("root element %v", el.Name)
			}
			for _, a := range el.Attr {
				if a.Name.Local == "style" || strings.HasPrefix(a.Name.Local, "on") {
					t.Errorf("attribute %s on <%s>: CSP forbids inline style and script", a.Name.Local, el.Name.Local)
				}
			}
			switch el.Name.Local {
			case "script", "style", "foreignObject":
				t.Errorf("<%s> in the map", el.Name.Local)
			case "a":
				inA = true
				for _, a := range el.Attr {
					if a.Name.Local == "href" {
						links = append(links, a.Value)
					}
				}
			case "title":
				if inA {
					titled++
				}
			}
		case xml.EndElement:
			depth--
			if el.Name.Local == "a" {
				inA = false
			}
		}
	}
	return links, titled
}

// TestWorldMapHasEveryStateOnce: the world map is well-formed, and every
// State napx knows is on it exactly once, as a titled link to its page.
func TestWorldMapHasEveryStateOnce(t *testing.T) {
	a, cat := load(t)
	f := a.World()
	svg := render(t, f, layerFor(cat, f))
	links, titled := svgLinks(t, svg)
	seen := map[string]int{}
	for _, l := range links {
		seen[l]++
	}
	for _, s := range cat.States {
		if n := seen["/states/"+s.Code]; n != 1 {
			t.Errorf("%s is linked %d times on the world map", s.Code, n)
		}
	}
	if len(links) != len(cat.States) || titled != len(links) {
		t.Errorf("%d links, %d with a title, for %d States", len(links), titled, len(cat.States))
	}
	// Small States are dots (Tuvalu has no shape in the data at all;
	// Malta, Monaco and the Holy See vanish at world scale).
	for _, code := range []string{"TUV", "MLT", "MCO", "VAT", "NRU", "SMR"} {
		if !bytes.Contains(svg, []byte(`href="/states/`+code+`" aria-label=`)) {
			t.Fatalf("%s missing", code)
		}
		chunk := svg[bytes.Index(svg, []byte(`href="/states/`+code+`"`)):]
		chunk = chunk[:bytes.Index(chunk, []byte("</a>"))]
		if !bytes.Contains(chunk, []byte("<circle")) {
			t.Errorf("%s is not drawn as a dot on the world map", code)
		}
	}
	// A large State is not.
	chunk := svg[bytes.Index(svg, []byte(`href="/states/FRA"`)):]
	if chunk = chunk[:bytes.Index(chunk, []byte("</a>"))]; bytes.Contains(chunk, []byte("<circle")) || !bytes.Contains(chunk, []byte("<path")) {
		t.Error("France is drawn as a dot, or without its shape")
	}
}

// TestGroupMaps: a group's map links its member States only, each once;
// the neighbours are context (no link); the frame is cached.
func TestGroupMaps(t *testing.T) {
	a, cat := load(t)
	for _, g := range []string{"SEE", "OSCE", "UN-APG", "UN-GRULAC", "C-WMD", "RACVIAC", "UN-WEOG", "UN-AFRICA"} {
		members := cat.Members(g)
		f := a.Group(members)
		if a.Group(members) != f {
			t.Errorf("%s: the frame is built again", g)
		}
		links, _ := svgLinks(t, render(t, f, layerFor(cat, f)))
		want := map[string]bool{}
		for _, m := range members {
			if cat.State(m) != nil {
				want["/states/"+m] = true
			}
		}
		got := map[string]int{}
		for _, l := range links {
			got[l]++
			if !want[l] {
				t.Errorf("%s map links %s, not a member", g, l)
			}
		}
		for l := range want {
			if got[l] != 1 {
				t.Errorf("%s map links %s %d times", g, l, got[l])
			}
		}
		if f.Height < 0.3*f.Width || f.Height > 0.8*f.Width {
			t.Errorf("%s frame is %v x %v", g, f.Width, f.Height)
		}
	}
	// The SEE map shows Serbia's neighbours (Hungary, Romania, Bulgaria)
	// as context: more shapes than members, fewer links.
	see := a.Group(cat.Members("SEE"))
	svg := render(t, see, layerFor(cat, see))
	if n := bytes.Count(svg, []byte("<path")); n <= 6+3 {
		t.Errorf("SEE map draws %d paths: no context around the six States", n)
	}
}

// TestRenderEscapesAndRefusesBadClasses: text from the layer is escaped;
// a mark with a class outside the legend is an error, not a silent colour.
func TestRenderEscapesAndRefusesBadClasses(t *testing.T) {
	a, cat := load(t)
	f := a.Group([]string{"HRV"})
	l := &maps.Layer{ID: "x", Title: `<b>"T"</b>`, Classes: []maps.Class{{Label: "<one> & two", Count: 1}},
		Marks: []maps.Mark{{Code: "HRV", Name: "Croatia", Class: 0, Text: `Croatia <script>alert(1)</script>`, Href: `/states/HRV?a=1&b="2"`}}}
	svg := render(t, f, l)
	links, _ := svgLinks(t, svg)
	if len(links) != 1 || links[0] != `/states/HRV?a=1&b="2"` || bytes.Contains(svg, []byte("<script")) {
		t.Errorf("links %v; escaped: %v", links, !bytes.Contains(svg, []byte("<script")))
	}
	l.Marks[0].Class = 1
	if err := maps.Render(io.Discard, f, l, ""); err == nil {
		t.Error("a class outside the legend was drawn")
	}
	_ = cat
}

// luminance and contrast as WCAG 2.2 defines them.
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

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestPaletteContrast: the legend's text is readable (4.5:1), the swatch
// and shape outlines stand out from the paper (3:1, WCAG 1.4.11), and the
// classes of every scale get darker in order, each step visibly (at least
// 1.15:1 in luminance), so the order holds in grey-scale and for readers
// with any colour-vision deficiency.
func TestPaletteContrast(t *testing.T) {
	if c := contrast(maps.Ink, maps.Paper); c < 4.5 {
		t.Errorf("legend text contrast %.2f", c)
	}
	if c := contrast(maps.Outline, maps.Paper); c < 3 {
		t.Errorf("outline contrast %.2f against the paper", c)
	}
	if c := contrast(maps.HatchLine, maps.HatchFill); c < 3 {
		t.Errorf("the hatch of missing values has contrast %.2f", c)
	}
	for n := 1; n <= 7; n++ {
		p := maps.Palette(n)
		if len(p) != n {
			t.Fatalf("palette %d has %d colours", n, len(p))
		}
		for i := 1; i < n; i++ {
			if luminance(p[i]) >= luminance(p[i-1]) || contrast(p[i], p[i-1]) < 1.15 {
				t.Errorf("palette %d: %s after %s is not visibly darker (%.2f)", n, p[i], p[i-1], contrast(p[i], p[i-1]))
			}
		}
	}
	// The control: a palette out of order is caught by the same rule.
	if bad := []string{"#3182bd", "#eff3ff"}; luminance(bad[1]) < luminance(bad[0]) {
		t.Error("the order check cannot fail")
	}
}

// TestMapSizes reports the sizes of the world map and the SEE map (raw and
// gzipped) and keeps them bounded.
func TestMapSizes(t *testing.T) {
	a, cat := load(t)
	for _, tc := range []struct {
		name  string
		f     *maps.Frame
		limit int
	}{{"world", a.World(), 400 << 10}, {"SEE", a.Group(cat.Members("SEE")), 200 << 10}, {"OSCE", a.Group(cat.Members("OSCE")), 400 << 10}} {
		svg := render(t, tc.f, layerFor(cat, tc.f))
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.DefaultCompression)
		_, _ = zw.Write(svg)
		_ = zw.Close()
		t.Logf("%s map: %d bytes, %d gzipped", tc.name, len(svg), z.Len())
		if len(svg) > tc.limit {
			t.Errorf("%s map is %d bytes (limit %d)", tc.name, len(svg), tc.limit)
		}
		if dir := os.Getenv("NAPX_MAP_SAMPLES"); dir != "" {
			_ = os.WriteFile(filepath.Join(dir, tc.name+".svg"), svg, 0o600)
		}
	}
}

// BenchmarkRender measures drawing a coloured map on a built frame: the
// world and the SEE group in one run (go test -bench Render ./internal/maps).
func BenchmarkRender(b *testing.B) {
	a, cat := load(b)
	for _, tc := range []struct {
		name string
		f    *maps.Frame
	}{{"world", a.World()}, {"SEE", a.Group(cat.Members("SEE"))}} {
		l := layerFor(cat, tc.f)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := maps.Render(io.Discard, tc.f, l, "disclaimer"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
