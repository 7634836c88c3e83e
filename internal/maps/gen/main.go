// Command gen converts Natural Earth's country boundaries, as redistributed
// in TopoJSON by the npm package world-atlas 2.0.2, into the compact
// geometry file napx ships in its binary (internal/maps/data/atlas.json).
// It runs once, by hand, and its output is committed:
//
//	npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//	go run ./internal/maps/gen -src package -iso /usr/share/iso-codes/json/iso_3166-1.json
//
// What it does, in order:
//
//  1. decodes the topology of countries-110m.json (the world map) and
//     countries-50m.json (group maps), keeping the shared arcs;
//  2. gives every feature the alpha-3 code of its ISO 3166-1 numeric id
//     (Debian iso-codes) when that code is a State napx knows (refdata);
//     every other feature becomes an unnamed "other area";
//  3. draws a few areas as the United Nations treats them (see reassign),
//     dissolving the borders that then run inside one State;
//  4. projects every arc with the Equal Earth projection (orb has only
//     Mercator, which misleads a thematic world map), simplifies each arc
//     once with orb's Douglas-Peucker (arcs, not polygons, so neighbours
//     keep one common border), and quantises to 1/100 of a unit of a world
//     1000 units wide;
//  5. records a label point for every State (the centroid of its largest
//     polygon in the 50m data), where small States are drawn as dots.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/project"
	"github.com/paulmach/orb/simplify"

	"napx/internal/refdata"
)

func main() {
	src := flag.String("src", "package", "folder with world-atlas's countries-110m.json and countries-50m.json")
	iso := flag.String("iso", "/usr/share/iso-codes/json/iso_3166-1.json", "Debian iso-codes ISO 3166-1 file (numeric to alpha-3)")
	out := flag.String("out", "internal/maps/data/atlas.json", "output file")
	flag.Parse()
	numeric, err := isoNumeric(*iso)
	if err != nil {
		log.Fatal(err)
	}
	cat := refdata.MustLoad()
	a := atlasFile{
		Source:     "Natural Earth 4.1.0 Admin 0 countries, 1:110m and 1:50m, as TopoJSON in the npm package world-atlas 2.0.2",
		License:    "Natural Earth: public domain. world-atlas: ISC licence, Copyright 2013-2019 Michael Bostock.",
		Projection: "Equal Earth (Šavrič, Patterson and Jenny 2018), central meridian 0°",
		Width:      worldWidth,
		Points:     map[string][2]int{},
	}
	var height float64
	for _, sc := range []struct {
		name, file string
		tolerance  float64 // in world units (the world is 1000 wide)
	}{{"110m", "countries-110m.json", 0.12}, {"50m", "countries-50m.json", 0.02}} {
		topo, err := readTopology(filepath.Join(*src, sc.file))
		if err != nil {
			log.Fatal(err)
		}
		feats := features(topo, numeric, cat)
		feats = reassign(topo, feats)
		s, h := encode(sc.name, topo, feats, sc.tolerance)
		height = math.Max(height, h)
		a.Scales = append(a.Scales, s)
		if sc.name == "50m" {
			labelPoints(topo, feats, a.Points)
		}
	}
	// Tuvalu is not in the 50m data: its label point is Funafuti (general
	// knowledge: 8.52° S, 179.20° E).
	if _, ok := a.Points["TUV"]; !ok {
		p := toWorld(orb.Point{179.20, -8.52})
		a.Points["TUV"] = [2]int{q(p[0]), q(p[1])}
	}
	for _, s := range cat.States {
		if _, ok := a.Points[s.Code]; !ok {
			log.Fatalf("no label point for %s", s.Code)
		}
	}
	a.Height = math.Ceil(height)
	b, err := json.Marshal(a)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o600); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s: %d bytes\n", *out, len(b))
}

// --- the output (read by internal/maps) ---

type atlasFile struct {
	Source     string            `json:"source"`
	License    string            `json:"license"`
	Projection string            `json:"projection"`
	Width      float64           `json:"width"`
	Height     float64           `json:"height"`
	Scales     []scaleFile       `json:"scales"`
	Points     map[string][2]int `json:"points"` // label points, 1/100 units
}

type scaleFile struct {
	Name     string        `json:"name"`
	Arcs     [][]int       `json:"arcs"` // x0, y0, dx1, dy1, ... in 1/100 units
	Features []featureFile `json:"features"`
}

type featureFile struct {
	Code     string    `json:"code,omitempty"` // alpha-3; empty for other areas
	Name     string    `json:"ne,omitempty"`   // Natural Earth's name, for reviewers only (never shown)
	Polygons [][][]int `json:"polygons"`       // rings of arc references (~i: arc i reversed)
}

// --- the topology ---

type topology struct {
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Objects struct {
		Countries struct {
			Geometries []struct {
				Type       string                `json:"type"`
				ID         string                `json:"id"`
				Properties struct{ Name string } `json:"properties"`
				Arcs       json.RawMessage       `json:"arcs"`
			} `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
	Arcs  [][][2]int       `json:"arcs"`
	arcs  []orb.LineString // decoded, longitude and latitude
	extra map[int]int      // arc split at the antimeridian -> the arc of its other side
	polar map[int]bool     // arcs that cross it once (around a pole)
}

func readTopology(path string) (*topology, error) {
	b, err := os.ReadFile(path) // #nosec G304 -- a path the developer gives on the command line
	if err != nil {
		return nil, err
	}
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, a := range t.Arcs {
		var x, y int
		ls := make(orb.LineString, len(a))
		for i, d := range a {
			x, y = x+d[0], y+d[1]
			ls[i] = orb.Point{float64(x)*t.Transform.Scale[0] + t.Transform.Translate[0], float64(y)*t.Transform.Scale[1] + t.Transform.Translate[1]}
		}
		t.arcs = append(t.arcs, ls)
	}
	t.splitAntimeridian()
	return &t, nil
}

// splitAntimeridian cuts the arcs that cross the antimeridian (Russia's
// Chukotka, Fiji): Natural Earth's rings jump from 180° to -180° and
// back, which a flat map would draw as a line across the world. Such an
// arc A, jump, B, jump, C becomes A, the 180° meridian, C (the same
// start and end, so the rings that use it stay valid), and B closed along
// the other side's meridian becomes an arc of its own, which features
// adds as a polygon of the same feature.
func (t *topology) splitAntimeridian() {
	t.extra, t.polar = map[int]int{}, map[int]bool{}
	n := len(t.arcs)
	for i := 0; i < n; i++ {
		a := t.arcs[i]
		var jumps []int
		for k := 1; k < len(a); k++ {
			if math.Abs(a[k][0]-a[k-1][0]) > 180 {
				jumps = append(jumps, k)
			}
		}
		if len(jumps) == 0 {
			continue
		}
		if len(jumps) != 2 {
			t.polar[i] = true // Antarctica's coast, around the pole: features refuses to use it
			continue
		}
		cross := func(p, q orb.Point) (side, lat float64) {
			side = math.Copysign(180, p[0])
			qx := q[0] + 2*side
			f := (side - p[0]) / (qx - p[0])
			return side, p[1] + f*(q[1]-p[1])
		}
		j1, j2 := jumps[0], jumps[1]
		side, lat1 := cross(a[j1-1], a[j1])
		_, lat2 := cross(a[j2], a[j2-1])
		main := append(orb.LineString{}, a[:j1]...)
		main = append(main, orb.Point{side, lat1}, orb.Point{side, lat2})
		main = append(main, a[j2:]...)
		other := orb.LineString{{-side, lat1}}
		other = append(other, a[j1:j2]...)
		other = append(other, orb.Point{-side, lat2}, orb.Point{-side, lat1})
		t.arcs[i] = main
		t.extra[i] = len(t.arcs)
		t.arcs = append(t.arcs, other)
	}
}

type polygon [][]int // rings of arc references

type feature struct {
	code, name string
	polygons   []polygon
}

func isoNumeric(path string) (map[string]string, error) {
	b, err := os.ReadFile(path) // #nosec G304 -- a path the developer gives on the command line
	if err != nil {
		return nil, err
	}
	var f struct {
		Countries []struct {
			Alpha3  string `json:"alpha_3"`
			Numeric string `json:"numeric"`
		} `json:"3166-1"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, c := range f.Countries {
		m[c.Numeric] = c.Alpha3
	}
	return m, nil
}

func features(t *topology, numeric map[string]string, cat *refdata.Catalog) []*feature {
	var out []*feature
	for _, g := range t.Objects.Countries.Geometries {
		if g.ID == "010" { // Antarctica: no State, and no room for it
			continue
		}
		f := &feature{name: g.Properties.Name}
		if a3 := numeric[g.ID]; a3 != "" && cat.State(a3) != nil {
			f.code = a3
		}
		switch g.Type {
		case "Polygon":
			var p polygon
			must(json.Unmarshal(g.Arcs, &p))
			f.polygons = []polygon{p}
		case "MultiPolygon":
			must(json.Unmarshal(g.Arcs, &f.polygons))
		default:
			continue
		}
		for _, p := range f.polygons {
			for _, r := range p {
				for _, ref := range r {
					if t.polar[arcIndex(ref)] {
						log.Fatalf("%s uses an arc around a pole", f.name)
					}
					if x, ok := t.extra[arcIndex(ref)]; ok {
						if ref < 0 {
							x = ^x
						}
						f.polygons = append(f.polygons, polygon{{x}})
					}
				}
			}
		}
		out = append(out, f)
	}
	return out
}

// reassign draws areas as the United Nations treats them, where Natural
// Earth's de facto boundaries differ:
//   - "N. Cyprus" is part of Cyprus (Security Council resolution 541 (1983));
//   - "Somaliland" is part of Somalia;
//   - Crimea, which Natural Earth 4.1.0 draws inside Russia, is part of
//     Ukraine (General Assembly resolution 68/262 (2014));
//   - Taiwan is drawn with China, as UN documents refer to it as a province
//     of China (General Assembly resolution 2758 (XXVI));
//   - Hong Kong and Macao (special administrative regions of China) and
//     the Åland Islands (Finland) are parts of those States;
//   - Kosovo is drawn within Serbia with its line kept, as UN maps show it
//     (Security Council resolution 1244 (1999));
//   - Western Sahara is the whole territory south of 27°40' N (Natural
//     Earth gives Morocco the part west of the berm).
//
// Disputed areas that Natural Earth does not separate (e.g. the Golan,
// Jammu and Kashmir, Abyei) stay as drawn; the map's disclaimer says that
// no line on it is a position on any border.
func reassign(t *topology, feats []*feature) []*feature {
	byName := map[string]*feature{}
	byCode := map[string]*feature{}
	for _, f := range feats {
		byName[f.name] = f
		if f.code != "" {
			byCode[f.code] = f
		}
	}
	move := func(from *feature, polys []polygon, to string) {
		if from == nil || byCode[to] == nil {
			return
		}
		target := byCode[to]
		target.polygons = dissolve(t, append(target.polygons, polys...))
	}
	var keep []*feature
	drop := map[*feature]bool{}
	for _, m := range [][2]string{{"N. Cyprus", "CYP"}, {"Somaliland", "SOM"}, {"Taiwan", "CHN"}, {"Hong Kong", "CHN"}, {"Macao", "CHN"}, {"Åland", "FIN"}} {
		if f := byName[m[0]]; f != nil {
			move(f, f.polygons, m[1])
			drop[f] = true
		}
	}
	// Kosovo: within Serbia, its line kept (not dissolved), as UN maps draw
	// it in the context of Security Council resolution 1244 (1999).
	if f, srb := byName["Kosovo"], byCode["SRB"]; f != nil && srb != nil {
		srb.polygons = append(srb.polygons, f.polygons...)
		drop[f] = true
	}
	// Crimea: the polygon of Russia that holds Simferopol (34.1° E, 45.0° N).
	if rus := byCode["RUS"]; rus != nil {
		for i, p := range rus.polygons {
			if planar.PolygonContains(t.polygon(p), orb.Point{34.1, 45.0}) {
				rus.polygons = append(rus.polygons[:i:i], rus.polygons[i+1:]...)
				move(rus, []polygon{p}, "UKR")
				break
			}
		}
	}
	// Western Sahara: Natural Earth 4.1.0 gives Morocco the part west of
	// the berm. The UN lists the whole territory as non-self-governing:
	// Morocco ends at 27°40' N, the parallel that separates it from the
	// territory from the coast to Algeria.
	if mar, esh := byCode["MAR"], byName["W. Sahara"]; mar != nil && esh != nil {
		both := dissolve(t, append(append([]polygon{}, mar.polygons...), esh.polygons...))
		mar.polygons, esh.polygons = nil, nil
		const border = 27 + 40.0/60
		for _, p := range both {
			for _, part := range []struct {
				f *feature
				b orb.Bound
			}{{mar, orb.Bound{Min: orb.Point{-180, border}, Max: orb.Point{180, 90}}}, {esh, orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, border}}}} {
				c := clip.Polygon(part.b, t.polygon(p))
				if len(c) == 0 || len(c[0]) < 4 {
					continue
				}
				var np polygon
				for _, r := range c {
					t.arcs = append(t.arcs, orb.LineString(r))
					np = append(np, []int{len(t.arcs) - 1})
				}
				part.f.polygons = append(part.f.polygons, np)
			}
		}
	}
	for _, f := range feats {
		if !drop[f] {
			keep = append(keep, f)
		}
	}
	return keep
}

func (t *topology) ring(r []int) orb.Ring {
	var out orb.Ring
	for _, ref := range r {
		a := t.arc(ref)
		if len(out) > 0 {
			a = a[1:]
		}
		out = append(out, a...)
	}
	return out
}

func (t *topology) polygon(p polygon) orb.Polygon {
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		out[i] = t.ring(r)
	}
	return out
}

// arc returns arc ref, reversed for a negative (~i) reference.
func (t *topology) arc(ref int) orb.LineString {
	if ref >= 0 {
		return t.arcs[ref]
	}
	a := append(orb.LineString(nil), t.arcs[^ref]...)
	a.Reverse()
	return a
}

// dissolve merges the polygons that share an arc: the shared arcs are
// dropped and the rest stitched into rings. Polygons that share nothing
// are kept as they are.
func dissolve(t *topology, polys []polygon) []polygon {
	uses := map[int]int{}
	for _, p := range polys {
		for _, r := range p {
			for _, ref := range r {
				uses[arcIndex(ref)]++
			}
		}
	}
	var out, merged []polygon
	for _, p := range polys {
		shared := false
		for _, r := range p {
			for _, ref := range r {
				if uses[arcIndex(ref)] > 1 {
					shared = true
				}
			}
		}
		if shared {
			merged = append(merged, p)
		} else {
			out = append(out, p)
		}
	}
	if len(merged) == 0 {
		return polys
	}
	// Stitch the arcs used once into rings, following end to start.
	var free [][]int
	for _, p := range merged {
		for _, r := range p {
			var run []int
			for _, ref := range r {
				if uses[arcIndex(ref)] == 1 {
					run = append(run, ref)
				}
			}
			for _, ref := range run {
				free = append(free, []int{ref})
			}
		}
	}
	start := func(ref int) orb.Point { return t.arc(ref)[0] }
	end := func(ref int) orb.Point { a := t.arc(ref); return a[len(a)-1] }
	var rings [][]int
	used := make([]bool, len(free))
	for i := range free {
		if used[i] {
			continue
		}
		used[i] = true
		ring := []int{free[i][0]}
		for end(ring[len(ring)-1]) != start(ring[0]) {
			next := -1
			for j := range free {
				if !used[j] && start(free[j][0]) == end(ring[len(ring)-1]) {
					next = j
					break
				}
			}
			if next < 0 {
				log.Fatalf("dissolve: a ring does not close")
			}
			used[next] = true
			ring = append(ring, free[next][0])
		}
		rings = append(rings, ring)
	}
	// Outer rings turn the way the originals' outer rings do; the others
	// are holes of the outer ring that holds them.
	outerSign := math.Copysign(1, planar.Area(t.ring(merged[0][0])))
	var outers []polygon
	var holes [][]int
	for _, r := range rings {
		if math.Copysign(1, planar.Area(t.ring(r))) == outerSign {
			outers = append(outers, polygon{r})
		} else {
			holes = append(holes, r)
		}
	}
	for _, h := range holes {
		pt := t.ring(h)[0]
		for i := range outers {
			if planar.RingContains(t.ring(outers[i][0]), pt) {
				outers[i] = append(outers[i], h)
				break
			}
		}
	}
	return append(out, outers...)
}

func arcIndex(ref int) int {
	if ref < 0 {
		return ^ref
	}
	return ref
}

// --- projection and encoding ---

const worldWidth = 1000.0

// Equal Earth constants (Šavrič, Patterson and Jenny, 2018).
const (
	eeA1 = 1.340264
	eeA2 = -0.081106
	eeA3 = 0.000893
	eeA4 = 0.003796
)

var eeM = math.Sqrt(3) / 2

// equalEarth projects longitude and latitude (degrees) to the Equal Earth
// plane (unit sphere), as an orb.Projection.
func equalEarth(p orb.Point) orb.Point {
	lam, phi := p[0]*math.Pi/180, p[1]*math.Pi/180
	th := math.Asin(eeM * math.Sin(phi))
	t2 := th * th
	t6 := t2 * t2 * t2
	x := lam * math.Cos(th) / (eeM * (eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2)))
	y := th * (eeA1 + eeA2*t2 + t6*(eeA3+eeA4*t2))
	return orb.Point{x, y}
}

// eeMaxX is the projected x of longitude 180° on the equator, eeMaxY the
// projected y of the pole.
var eeMaxX, eeMaxY = equalEarth(orb.Point{180, 0})[0], equalEarth(orb.Point{0, 90})[1]

// toWorld projects to world units: x from 0 to 1000 west to east, y from 0
// at the North Pole downwards (as SVG draws).
func toWorld(p orb.Point) orb.Point {
	e := equalEarth(p)
	k := worldWidth / (2 * eeMaxX)
	return orb.Point{(e[0] + eeMaxX) * k, (eeMaxY - e[1]) * k}
}

func q(v float64) int { return int(math.Round(v * 100)) }

func encode(name string, t *topology, feats []*feature, tolerance float64) (scaleFile, float64) {
	// Only the arcs some feature uses, renumbered.
	index := map[int]int{}
	var order []int
	for _, f := range feats {
		for _, p := range f.polygons {
			for _, r := range p {
				for _, ref := range r {
					i := arcIndex(ref)
					if _, ok := index[i]; !ok {
						index[i] = len(order)
						order = append(order, i)
					}
				}
			}
		}
	}
	s := scaleFile{Name: name}
	height := 0.0
	dp := simplify.DouglasPeucker(tolerance)
	for _, i := range order {
		ls := project.LineString(t.arcs[i].Clone(), toWorld)
		ls = dp.LineString(ls)
		enc := make([]int, 0, 2*len(ls))
		px, py := 0, 0
		for k, p := range ls {
			x, y := q(p[0]), q(p[1])
			if k > 0 && x == px && y == py {
				continue
			}
			enc = append(enc, x-px, y-py)
			px, py = x, y
			height = math.Max(height, p[1])
		}
		s.Arcs = append(s.Arcs, enc)
	}
	sort.SliceStable(feats, func(i, j int) bool { return feats[i].code < feats[j].code })
	for _, f := range feats {
		ff := featureFile{Code: f.code}
		if f.code == "" {
			ff.Name = f.name
		}
		for _, p := range f.polygons {
			pp := make([][]int, len(p))
			for k, r := range p {
				rr := make([]int, len(r))
				for m, ref := range r {
					if ref < 0 {
						rr[m] = ^index[^ref]
					} else {
						rr[m] = index[ref]
					}
				}
				pp[k] = rr
			}
			ff.Polygons = append(ff.Polygons, pp)
		}
		s.Features = append(s.Features, ff)
	}
	return s, height
}

// labelPoints puts each State's label point at the centroid of its largest
// polygon (projected), where a dot marks a State too small to see.
func labelPoints(t *topology, feats []*feature, out map[string][2]int) {
	for _, f := range feats {
		if f.code == "" {
			continue
		}
		best, bestArea := orb.Point{}, -1.0
		for _, p := range f.polygons {
			poly := project.Polygon(t.polygon(p), toWorld)
			c, a := planar.CentroidArea(poly)
			if math.Abs(a) > bestArea {
				best, bestArea = c, math.Abs(a)
			}
		}
		out[f.code] = [2]int{q(best[0]), q(best[1])}
	}
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
