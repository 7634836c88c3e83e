// Package maps draws napx's maps: a world map and a map per group of
// States, as server-rendered SVG that needs no script and no tile server.
//
// The boundaries are Natural Earth's (public domain), converted once by
// the generator in gen/ into data/atlas.json: projected (Equal Earth),
// simplified and quantised, with the shared borders kept as shared arcs.
// A Frame is the geometry of one map (the world, or the States of a group
// with their neighbours for context), built once and kept; a Layer is
// what one request colours it with. The package knows nothing of plans or
// matrices: the service decides each State's class, this package draws it.
//
// It imports only model and refdata.
package maps

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"

	"napx/internal/refdata"
)

// The geometry is rebuilt (rarely: a new Natural Earth release) with
//
//	npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//	WORLD_ATLAS=$PWD/package go generate ./internal/maps
//
//go:generate go run ./gen -src ${WORLD_ATLAS} -out data/atlas.json

//go:embed data/atlas.json
var atlasJSON []byte

// Atlas is the shipped geometry with the frames built from it.
type Atlas struct {
	Source, License, Projection string
	width, height               float64
	scales                      map[string]*scale
	points                      map[string]orb.Point
	cat                         *refdata.Catalog

	mu     sync.Mutex
	frames map[string]*Frame // by key: "world" or the sorted member codes
}

type scale struct {
	name     string
	arcs     []orb.LineString
	features []feature
}

type feature struct {
	code     string
	polygons [][][]int
	bound    orb.Bound
}

// Load parses the embedded geometry. It fails on a file that does not
// hold a label point for every State of cat.
func Load(cat *refdata.Catalog) (*Atlas, error) {
	var f struct {
		Source, License, Projection string
		Width, Height               float64
		Scales                      []struct {
			Name     string
			Arcs     [][]int
			Features []struct {
				Code     string
				Polygons [][][]int
			}
		}
		Points map[string][2]int
	}
	if err := json.Unmarshal(atlasJSON, &f); err != nil {
		return nil, fmt.Errorf("maps: atlas: %w", err)
	}
	a := &Atlas{Source: f.Source, License: f.License, Projection: f.Projection, width: f.Width, height: f.Height,
		scales: map[string]*scale{}, points: map[string]orb.Point{}, cat: cat, frames: map[string]*Frame{}}
	for _, s := range f.Scales {
		sc := &scale{name: s.Name, arcs: make([]orb.LineString, len(s.Arcs))}
		for i, enc := range s.Arcs {
			ls := make(orb.LineString, 0, len(enc)/2)
			x, y := 0, 0
			for k := 0; k+1 < len(enc); k += 2 {
				x, y = x+enc[k], y+enc[k+1]
				ls = append(ls, orb.Point{float64(x) / 100, float64(y) / 100})
			}
			sc.arcs[i] = ls
		}
		for _, ft := range s.Features {
			fe := feature{code: ft.Code, polygons: ft.Polygons}
			fe.bound = orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
			for _, p := range ft.Polygons {
				for _, ref := range p[0] {
					i := ref
					if i < 0 {
						i = ^i
					}
					if i >= len(sc.arcs) {
						return nil, fmt.Errorf("maps: atlas: feature %s refers to arc %d of %d", ft.Code, i, len(sc.arcs))
					}
					fe.bound = fe.bound.Union(sc.arcs[i].Bound())
				}
			}
			sc.features = append(sc.features, fe)
		}
		a.scales[s.Name] = sc
	}
	if a.scales[worldScale] == nil || a.scales[detailScale] == nil {
		return nil, fmt.Errorf("maps: atlas lacks the %s or %s scale", worldScale, detailScale)
	}
	for code, p := range f.Points {
		a.points[code] = orb.Point{float64(p[0]) / 100, float64(p[1]) / 100}
	}
	for _, s := range cat.States {
		if _, ok := a.points[s.Code]; !ok {
			return nil, fmt.Errorf("maps: atlas has no label point for %s", s.Code)
		}
	}
	return a, nil
}

const (
	worldScale  = "110m"
	detailScale = "50m"
	// FrameWidth is the width of every map in SVG units.
	FrameWidth = 1000.0
)

// ring builds a ring of a feature from its arc references.
func (s *scale) ring(refs []int, arcs []orb.LineString) orb.Ring {
	var out orb.Ring
	for _, ref := range refs {
		var a orb.LineString
		if ref >= 0 {
			a = arcs[ref]
		} else {
			a = arcs[^ref]
			r := make(orb.LineString, len(a))
			for i := range a {
				r[i] = a[len(a)-1-i]
			}
			a = r
		}
		if len(out) > 0 && len(a) > 0 {
			a = a[1:]
		}
		out = append(out, a...)
	}
	return out
}

// World returns the world map's frame.
func (a *Atlas) World() *Frame {
	return a.frame("world", func() *Frame {
		// The land's extent (Natural Earth's world without Antarctica
		// ends near 56° S), with a small margin.
		sc := a.scales[worldScale]
		b := sc.features[0].bound
		for _, f := range sc.features[1:] {
			b = b.Union(f.bound)
		}
		return a.build(sc, b.Pad(2), nil)
	})
}

// Group returns the frame of a map of the States codes (alpha-3; others
// are ignored): their extent with a margin, and every State and other
// area inside it for context.
func (a *Atlas) Group(codes []string) *Frame {
	var states []string
	for _, c := range codes {
		if s := a.cat.State(c); s != nil {
			states = append(states, s.Code)
		}
	}
	sort.Strings(states)
	key := strings.Join(states, ",")
	return a.frame(key, func() *Frame {
		b := a.extent(states)
		sc := a.scales[detailScale]
		if b.Max[0]-b.Min[0] > 0.45*a.width {
			sc = a.scales[worldScale] // a group spread over half the world: the world's detail is enough
		}
		members := map[string]bool{}
		for _, c := range states {
			members[c] = true
		}
		return a.build(sc, b, members)
	})
}

func (a *Atlas) frame(key string, build func() *Frame) *Frame {
	a.mu.Lock()
	f := a.frames[key]
	a.mu.Unlock()
	if f != nil {
		return f
	}
	f = build() // built outside the lock: two first requests may both build; either result is right
	a.mu.Lock()
	defer a.mu.Unlock()
	if old := a.frames[key]; old != nil {
		return old
	}
	if len(a.frames) < maxFrames {
		a.frames[key] = f
	}
	return f
}

// maxFrames bounds the frames kept (one per group napx knows, and the world).
const maxFrames = 256

// extent is the bound of the main parts of states in world units, with a
// margin: a State's parts of at least a fifth of its largest part count
// (France's overseas departments do not stretch a European map), and its
// label point counts too.
func (a *Atlas) extent(states []string) orb.Bound {
	sc := a.scales[detailScale]
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	in := map[string]bool{}
	for _, c := range states {
		in[c] = true
		if p, ok := a.points[c]; ok {
			b = b.Extend(p)
		}
	}
	for _, f := range sc.features {
		if !in[f.code] {
			continue
		}
		type part struct {
			b    orb.Bound
			area float64
		}
		var parts []part
		largest := 0.0
		for _, p := range f.polygons {
			r := sc.ring(p[0], sc.arcs)
			ar := math.Abs(planar.Area(r))
			parts = append(parts, part{r.Bound(), ar})
			largest = math.Max(largest, ar)
		}
		for _, p := range parts {
			if p.area >= largest/5 {
				b = b.Union(p.b)
			}
		}
	}
	if len(states) == 0 || math.IsInf(b.Min[0], 0) {
		return orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{a.width, a.height}}
	}
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	pad := math.Max(math.Max(w, h)*0.08, 4)
	b = b.Pad(pad)
	// Keep the map between 0.35 and 0.75 as high as it is wide.
	w, h = b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	if h > 0.75*w {
		grow := (h/0.75 - w) / 2
		b.Min[0], b.Max[0] = b.Min[0]-grow, b.Max[0]+grow
	} else if h < 0.35*w {
		grow := (0.35*w - h) / 2
		b.Min[1], b.Max[1] = b.Min[1]-grow, b.Max[1]+grow
	}
	return b
}

// Shape is one State or other area as a frame draws it.
type Shape struct {
	Code string // alpha-3; "" for an area that is not a State napx covers
	D    string // SVG path data in frame units ("" when nothing of it is inside the frame)
	Area float64
}

// Dot marks a State too small to see at the frame's scale.
type Dot struct {
	Code string
	X, Y float64
}

// Frame is the geometry of one map, built once: shapes in frame units
// (FrameWidth wide), States in the frame, and dots for the small ones.
type Frame struct {
	Width, Height float64
	Members       map[string]bool // the group's States (nil: the world, every State)
	shapes        []Shape
	byCode        map[string]int
	dots          map[string]Dot
	codes         []string // States with a shape or a dot in the frame
}

// dotArea is the visible area (in square frame units) under which a State
// also gets a dot: about 5 by 5 units on a map 1000 wide.
const dotArea = 25

func (a *Atlas) build(sc *scale, b orb.Bound, members map[string]bool) *Frame {
	k := FrameWidth / (b.Max[0] - b.Min[0])
	f := &Frame{Width: FrameWidth, Height: math.Round((b.Max[1]-b.Min[1])*k*10) / 10, Members: members,
		byCode: map[string]int{}, dots: map[string]Dot{}}
	// Simplify every arc once for this scale (0.35 frame units), so that
	// neighbours keep their common border.
	dp := simplify.DouglasPeucker(0.35 / k)
	arcs := make([]orb.LineString, len(sc.arcs))
	for i, arc := range sc.arcs {
		arcs[i] = dp.LineString(arc.Clone())
	}
	clipBound := b.Pad(2 / k)
	toFrame := func(p orb.Point) (float64, float64) { return (p[0] - b.Min[0]) * k, (p[1] - b.Min[1]) * k }
	for _, fe := range sc.features {
		if !fe.bound.Intersects(b) {
			continue
		}
		var mp orb.MultiPolygon
		for _, p := range fe.polygons {
			poly := make(orb.Polygon, 0, len(p))
			for _, r := range p {
				poly = append(poly, sc.ring(r, arcs))
			}
			if c := clip.Polygon(clipBound, poly); len(c) > 0 && len(c[0]) > 3 {
				mp = append(mp, c)
			}
		}
		if len(mp) == 0 {
			continue
		}
		sh := Shape{Code: fe.code, D: pathData(mp, toFrame), Area: planar.Area(mp) * k * k}
		if sh.D == "" {
			continue
		}
		if fe.code != "" {
			f.byCode[fe.code] = len(f.shapes)
		}
		f.shapes = append(f.shapes, sh)
	}
	// States in the frame: members (or, for the world, every State), with
	// a dot where the shape is too small or missing.
	for _, s := range a.cat.States {
		if members != nil && !members[s.Code] {
			continue
		}
		i, has := f.byCode[s.Code]
		p := a.points[s.Code]
		if !has || f.shapes[i].Area < dotArea {
			if !b.Contains(p) && has {
				continue
			}
			x, y := toFrame(p)
			f.dots[s.Code] = Dot{Code: s.Code, X: math.Round(x*10) / 10, Y: math.Round(y*10) / 10}
		}
		f.codes = append(f.codes, s.Code)
	}
	return f
}

// Codes returns the States the frame draws (each once), in code order.
func (f *Frame) Codes() []string { return f.codes }

// pathData writes a multipolygon as SVG path data with relative moves,
// rounded to a tenth of a unit, dropping points that round onto the
// previous one.
func pathData(mp orb.MultiPolygon, toFrame func(orb.Point) (float64, float64)) string {
	var sb strings.Builder
	var buf []byte
	for _, poly := range mp {
		for _, r := range poly {
			if len(r) < 4 {
				continue
			}
			var px, py int // tenths
			n := 0
			start := sb.Len()
			for i, p := range r {
				if i == len(r)-1 {
					break // closed by "z"
				}
				fx, fy := toFrame(p)
				x, y := int(math.Round(fx*10)), int(math.Round(fy*10))
				if i == 0 {
					sb.WriteByte('M')
					buf = appendTenths(buf[:0], x)
					sb.Write(buf)
					sb.WriteByte(' ')
					buf = appendTenths(buf[:0], y)
					sb.Write(buf)
					px, py, n = x, y, 1
					continue
				}
				dx, dy := x-px, y-py
				if dx == 0 && dy == 0 {
					continue
				}
				if n == 1 {
					sb.WriteByte('l')
				} else if dx >= 0 {
					sb.WriteByte(' ')
				}
				buf = appendTenths(buf[:0], dx)
				sb.Write(buf)
				if dy >= 0 {
					sb.WriteByte(' ')
				}
				buf = appendTenths(buf[:0], dy)
				sb.Write(buf)
				px, py = x, y
				n++
			}
			if n < 3 { // a ring that rounds to a point or a line: nothing to draw
				s := sb.String()[:start]
				sb.Reset()
				sb.WriteString(s)
				continue
			}
			sb.WriteByte('z')
		}
	}
	return sb.String()
}

// appendTenths writes v/10 with at most one decimal: 125 → "12.5",
// -120 → "-12", 5 → ".5".
func appendTenths(b []byte, v int) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	whole, tenth := v/10, v%10
	if whole > 0 || tenth == 0 {
		b = appendInt(b, whole)
	}
	if tenth > 0 {
		b = append(b, '.', byte('0'+tenth))
	}
	return b
}

func appendInt(b []byte, v int) []byte {
	if v == 0 {
		return append(b, '0')
	}
	var tmp [20]byte
	i := len(tmp)
	for v > 0 {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, tmp[i:]...)
}
