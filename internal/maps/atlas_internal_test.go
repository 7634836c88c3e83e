package maps

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"napx/internal/refdata"
)

// equalEarth repeats the generator's projection (gen/main.go) for the
// test: a place by longitude and latitude, in world units.
func equalEarth(lon, lat float64) orb.Point {
	const a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
	m := math.Sqrt(3) / 2
	proj := func(lon, lat float64) (float64, float64) {
		lam, phi := lon*math.Pi/180, lat*math.Pi/180
		th := math.Asin(m * math.Sin(phi))
		t2 := th * th
		t6 := t2 * t2 * t2
		return lam * math.Cos(th) / (m * (a1 + 3*a2*t2 + t6*(7*a3+9*a4*t2))), th * (a1 + a2*t2 + t6*(a3+a4*t2))
	}
	maxX, _ := proj(180, 0)
	_, maxY := proj(0, 90)
	x, y := proj(lon, lat)
	k := 1000 / (2 * maxX)
	return orb.Point{(x + maxX) * k, (maxY - y) * k}
}

// holder returns the code of the feature whose polygons hold p ("-" for
// none).
func (s *scale) holder(p orb.Point) string {
	for _, f := range s.features {
		if !f.bound.Contains(p) {
			continue
		}
		for _, poly := range f.polygons {
			pg := make(orb.Polygon, len(poly))
			for i, r := range poly {
				pg[i] = s.ring(r, s.arcs)
			}
			if planar.PolygonContains(pg, p) {
				return f.code
			}
		}
	}
	return "-"
}

// TestAreasAsTheUNTreatsThem: the shipped geometry draws Crimea with
// Ukraine, the north of Cyprus with Cyprus, Somaliland with Somalia,
// Kosovo within Serbia and Taiwan with China (see gen/main.go and
// SOURCES.md), at both scales; Western Sahara is an area of its own. The
// controls: Moscow is Russia's, Nicosia's south Cyprus's.
func TestAreasAsTheUNTreatsThem(t *testing.T) {
	a, err := Load(refdata.MustLoad())
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []string{worldScale, detailScale} {
		for _, tc := range []struct {
			place    string
			lon, lat float64
			want     string
		}{
			{"Simferopol (Crimea)", 34.1, 45.0, "UKR"}, {"Moscow", 37.6, 55.75, "RUS"},
			{"North Nicosia", 33.36, 35.25, "CYP"}, {"Limassol", 33.04, 34.7, "CYP"},
			{"Hargeisa", 44.06, 9.56, "SOM"}, {"Pristina", 21.17, 42.67, "SRB"},
			{"Taichung", 120.7, 24.1, "CHN"}, {"Western Sahara", -13.0, 24.5, ""},
		} {
			if got := a.scales[sc].holder(equalEarth(tc.lon, tc.lat)); got != tc.want {
				t.Errorf("%s: %s is drawn as %q, want %q", sc, tc.place, got, tc.want)
			}
		}
	}
}
