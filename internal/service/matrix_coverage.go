package service

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"napx/internal/model"
	"napx/internal/refdata"
)

// Counts are the cells of a part of the matrix by status.
type Counts struct {
	X, Q, NA, None, Total int
}

// Of returns the count of one status.
func (c Counts) Of(s model.CellStatus) int {
	switch s {
	case model.CellX:
		return c.X
	case model.CellQ:
		return c.Q
	case model.CellNA:
		return c.NA
	}
	return c.None
}

// Share returns the share of status s in percent (0 when Total is 0).
func (c Counts) Share(s model.CellStatus) float64 {
	if c.Total == 0 {
		return 0
	}
	return float64(c.Of(s)) * 100 / float64(c.Total)
}

func (c *Counts) add(d Counts) {
	c.X, c.Q, c.NA, c.None, c.Total = c.X+d.X, c.Q+d.Q, c.NA+d.NA, c.None+d.None, c.Total+d.Total
}

// WeaponCoverage is a section's counts for one weapon type.
type WeaponCoverage struct {
	Weapon string
	Counts
}

// SectionCoverage is one section's counts, in all and per weapon type.
type SectionCoverage struct {
	Key, Title string
	Counts
	Weapons []WeaponCoverage // empty for OP 1
}

// StateCoverage is the coverage of one State's matrix: of the newest
// edition the viewer may read (Edition 0 when there is none).
type StateCoverage struct {
	State        string
	Name         string
	Edition      int
	Status       model.EditionStatus
	Illustrative bool
	Sections     []SectionCoverage
	Total        Counts
}

// Has reports whether the viewer may read an edition of the State's matrix.
func (c StateCoverage) Has() bool { return c.Edition > 0 }

// Section returns the coverage of the section with key.
func (c StateCoverage) Section(key string) SectionCoverage {
	for _, s := range c.Sections {
		if s.Key == key {
			return s
		}
	}
	return SectionCoverage{Key: key}
}

// coverage builds the structure from counts by (area, weapon, status).
func (m *Matrix) coverage(counts map[[2]string]map[model.CellStatus]int) ([]SectionCoverage, Counts) {
	var total Counts
	out := make([]SectionCoverage, 0, len(m.sections))
	for _, s := range m.sections {
		sc := SectionCoverage{Key: s.Key, Title: s.Title}
		weapons := s.Weapons
		if !s.HasWeapons() {
			weapons = []string{"-"}
		}
		for _, w := range weapons {
			var wc Counts
			for _, a := range s.Areas {
				k := [2]string{a, w}
				n := m.totals[k]
				wc.Total += n
				byStatus := counts[k]
				wc.X += byStatus[model.CellX]
				wc.Q += byStatus[model.CellQ]
				wc.NA += byStatus[model.CellNA]
			}
			wc.None = wc.Total - wc.X - wc.Q - wc.NA
			sc.add(wc)
			if s.HasWeapons() {
				sc.Weapons = append(sc.Weapons, WeaponCoverage{Weapon: w, Counts: wc})
			}
		}
		total.add(sc.Counts)
		out = append(out, sc)
	}
	return out, total
}

func (m *Matrix) coverageOf(s *refdata.State, e model.MatrixEdition, cells map[string]model.MatrixCell) StateCoverage {
	counts := map[[2]string]map[model.CellStatus]int{}
	for id, c := range cells {
		if c.Status == model.CellNone {
			continue
		}
		f, ok := m.tax.Field(id)
		if !ok {
			continue
		}
		k := [2]string{f.Area, f.Weapon}
		if counts[k] == nil {
			counts[k] = map[model.CellStatus]int{}
		}
		counts[k][c.Status]++
	}
	sc := StateCoverage{State: s.Code, Name: s.Name, Edition: e.Number, Status: e.Status, Illustrative: e.Illustrative}
	sc.Sections, sc.Total = m.coverage(counts)
	return sc
}

// Coverage returns the coverage of each of states (alpha-3 codes, in that
// order) from the newest edition of each that v may read. A State without
// such an edition is listed with Edition 0 and no counts: for a viewer who
// may not read a draft, a State with only a draft looks exactly like a
// State without a matrix. The counts of published editions, whose cells
// never change, are kept in memory once counted; those of drafts under the
// data version (issue 13), so they are counted again after any change.
// The sections of the result are shared: callers must not change them.
func (m *Matrix) Coverage(ctx context.Context, v model.Viewer, states []string) ([]StateCoverage, error) {
	codes := make([]string, 0, len(states))
	for _, c := range states {
		if s := m.cat.State(c); s != nil {
			codes = append(codes, s.Code)
		}
	}
	query := codes
	if len(codes) >= len(m.cat.States) {
		query = nil // every State: no list to match
	}
	eds, err := m.db.LatestReadableEditions(ctx, v, query)
	if err != nil {
		return nil, err
	}
	byState := make(map[string]model.MatrixEdition, len(eds))
	var missing []int64
	counted := map[int64]coverageParts{}
	m.mu.Lock()
	for _, e := range eds {
		byState[e.State] = e
		if _, ok := m.published[e.ID]; ok && e.Status.Published() {
			continue
		}
		if p, ok := m.drafts.get(ctx, "", e.ID); ok && !e.Status.Published() {
			counted[e.ID] = p
			continue
		}
		missing = append(missing, e.ID)
	}
	m.mu.Unlock()
	if len(missing) > 0 {
		rows, err := m.db.MatrixCoverageCounts(ctx, missing)
		if err != nil {
			return nil, err
		}
		raw := make(map[int64]map[[2]string]map[model.CellStatus]int, len(missing))
		for _, id := range missing {
			raw[id] = map[[2]string]map[model.CellStatus]int{}
		}
		for _, r := range rows {
			raw[r.Edition][[2]string{r.Area, r.Weapon}] = map[model.CellStatus]int{model.CellX: r.X, model.CellQ: r.Q, model.CellNA: r.NA}
		}
		for id, counts := range raw {
			var p coverageParts
			p.sections, p.total = m.coverage(counts)
			counted[id] = p
			m.drafts.put(ctx, "", id, p) // served only while nothing changes (a published one is kept below for good)
		}
	}
	out := make([]StateCoverage, 0, len(codes))
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range codes {
		s := m.cat.State(c)
		sc := StateCoverage{State: s.Code, Name: s.Name}
		if e, ok := byState[c]; ok {
			p, fresh := counted[e.ID]
			if !fresh {
				p = m.published[e.ID]
			} else if e.Status.Published() && len(m.published) < maxCachedCoverage {
				m.published[e.ID] = p
			}
			sc.Edition, sc.Status, sc.Illustrative = e.Number, e.Status, e.Illustrative
			sc.Sections, sc.Total = p.sections, p.total
		}
		out = append(out, sc)
	}
	return out, nil
}

// coverageParts are the counted coverage of one edition.
type coverageParts struct {
	sections []SectionCoverage
	total    Counts
}

// maxCachedCoverage bounds the published editions whose counts are kept.
const maxCachedCoverage = 20000

// AllStates is the pseudo-group of every State, for coverage.
const AllStates = "ALL"

// GroupCoverage is Coverage for the States of a group (by its code), in
// the group's order; AllStates gives every State in code order.
func (m *Matrix) GroupCoverage(ctx context.Context, v model.Viewer, group string) (*refdata.Group, []StateCoverage, error) {
	group = strings.TrimSpace(group)
	if strings.EqualFold(group, AllStates) {
		g := &refdata.Group{Code: AllStates, Name: "Every State", Kind: "all"}
		states := make([]string, len(m.cat.States))
		for i, s := range m.cat.States {
			states[i] = s.Code
		}
		cov, err := m.Coverage(ctx, v, states)
		return g, cov, err
	}
	g := m.cat.Group(group)
	if g == nil {
		return nil, nil, model.Problems{"group": fmt.Sprintf("%q is not a group napx knows (see /groups)", model.Truncate(group, 40))}
	}
	var states []string
	for _, mb := range g.Members {
		if m.cat.State(mb.Code) != nil {
			states = append(states, mb.Code)
		}
	}
	cov, err := m.Coverage(ctx, v, states)
	return g, cov, err
}

// SortCoverage orders coverage lines by the share of fields with a
// measure ("X"), highest first, then by name.
func SortCoverage(cs []StateCoverage) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i].Total.Share(model.CellX), cs[j].Total.Share(model.CellX)
		if a != b {
			return a > b
		}
		return cs[i].Name < cs[j].Name
	})
}

// HeatMap is the regional coverage as the heat map shows it (issue 18,
// item 8: States are sensitive to league tables): the approved editions
// by default — what anyone, including the public, reads, so every State
// is compared on what its Committee approved — and, only when drafts is
// asked for, the newest edition v may read (a draft, an edition with the
// State). The rows are sorted by the States' names, never by score.
func (m *Matrix) HeatMap(ctx context.Context, v model.Viewer, group string, drafts bool) (*refdata.Group, []StateCoverage, error) {
	reader := model.Viewer{} // the public: the approved editions only
	if drafts {
		reader = v
	}
	g, cov, err := m.GroupCoverage(ctx, reader, group)
	if err != nil {
		return g, cov, err
	}
	col := collate.New(language.English, collate.Loose)
	sort.SliceStable(cov, func(i, j int) bool { return col.CompareString(cov[i].Name, cov[j].Name) < 0 })
	return g, cov, nil
}
