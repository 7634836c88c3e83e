package service

import (
	"context"
	"sort"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/refdata"
)

// The series behind the regional view's charts (issue 14, item 4): a
// plan's progress over time, a State's matrix coverage across editions and
// a group's participation in events over the years. Each reads through the
// policy: the plan, the editions and the events are those the viewer may
// read.

// ProgressPoint is a plan's state at the end of one month.
type ProgressPoint struct {
	Month     string  // YYYY-MM
	Actions   int     // actions that existed by the end of the month
	Counted   int     // of them, not cancelled
	Completed int     // of them, completed
	Percent   float64 // completed, weighted by progress, over the counted actions (as the roll-ups count)
}

// maxProgressMonths bounds a progress series (a plan's history rarely
// spans more than a decade).
const maxProgressMonths = 240

// Progress returns, month by month from the first recorded change to the
// current month, the share of a plan's actions completed as the action
// histories tell it: each action counts as it stood at the end of the
// month (its last change up to then), from the month it was created. A
// plan without history gives an empty series.
func (s *NAPs) Progress(ctx context.Context, v model.Viewer, napID int64) ([]ProgressPoint, error) {
	if _, err := s.Get(ctx, v, napID); err != nil {
		return nil, err
	}
	// The series is the same for every reader of the plan: kept under the
	// data version (issue 13); the callers must not change it.
	now := s.now().UTC()
	day := now.Format(time.DateOnly)
	if pts, ok := s.progress.get(ctx, day, napID); ok {
		return pts, nil
	}
	hist, err := s.db.PlanHistory(ctx, napID)
	if err != nil {
		return nil, err
	}
	pts := progressSeries(hist, now)
	s.progress.put(ctx, day, napID, pts)
	return pts, nil
}

// progressSeries computes the series from the histories (ordered by
// action, then time) up to now.
func progressSeries(hist []model.ActionChange, now time.Time) []ProgressPoint {
	if len(hist) == 0 {
		return []ProgressPoint{}
	}
	type change struct {
		at       time.Time
		status   model.ActionStatus
		progress int
	}
	byAction := map[int64][]change{}
	var order []int64
	first := hist[0].At
	for _, h := range hist {
		if _, ok := byAction[h.ActionID]; !ok {
			order = append(order, h.ActionID)
		}
		byAction[h.ActionID] = append(byAction[h.ActionID], change{h.At, h.Status, h.Progress})
		if h.At.Before(first) {
			first = h.At
		}
	}
	month := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	if last.Before(month) {
		last = month
	}
	if months := (last.Year()-month.Year())*12 + int(last.Month()-month.Month()); months >= maxProgressMonths {
		month = last.AddDate(0, -(maxProgressMonths - 1), 0)
	}
	out := []ProgressPoint{}
	next := make(map[int64]int, len(order)) // index of each action's next change
	for ; !month.After(last); month = month.AddDate(0, 1, 0) {
		end := month.AddDate(0, 1, 0)
		p := ProgressPoint{Month: month.Format("2006-01")}
		var done float64
		for _, id := range order {
			cs := byAction[id]
			i := next[id]
			for i < len(cs) && cs[i].at.Before(end) {
				i++
			}
			next[id] = i
			if i == 0 {
				continue // not created yet
			}
			c := cs[i-1]
			p.Actions++
			if c.status == model.ActionCancelled {
				continue
			}
			p.Counted++
			a := model.NAPAction{Status: c.status, Progress: c.progress}
			done += a.Done()
			if c.status == model.ActionCompleted {
				p.Completed++
			}
		}
		if p.Counted > 0 {
			p.Percent = done * 100 / float64(p.Counted)
		}
		out = append(out, p)
	}
	return out
}

// EditionCoverage returns the coverage of every edition of state's matrix
// that v may read, oldest first (for the chart of coverage across
// editions).
func (m *Matrix) EditionCoverage(ctx context.Context, v model.Viewer, state string) ([]StateCoverage, error) {
	s, err := m.state(state)
	if err != nil {
		return nil, err
	}
	eds, err := m.Editions(ctx, v, s.Code)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(eds))
	for i, e := range eds {
		ids[i] = e.ID
	}
	rows, err := m.db.MatrixCoverageCounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	raw := make(map[int64]map[[2]string]map[model.CellStatus]int, len(eds))
	for _, r := range rows {
		if raw[r.Edition] == nil {
			raw[r.Edition] = map[[2]string]map[model.CellStatus]int{}
		}
		raw[r.Edition][[2]string{r.Area, r.Weapon}] = map[model.CellStatus]int{model.CellX: r.X, model.CellQ: r.Q, model.CellNA: r.NA}
	}
	out := make([]StateCoverage, 0, len(eds))
	for _, e := range eds {
		c := StateCoverage{State: s.Code, Name: s.Name, Edition: e.Number, Status: e.Status, Illustrative: e.Illustrative}
		c.Sections, c.Total = m.coverage(raw[e.ID])
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Edition < out[j].Edition })
	return out, nil
}

// Participation is a group's delegates at events over the years.
type Participation struct {
	Years       []int
	Delegations []DelegationSeries // members with any delegate, most delegates first
	Members     int                // States and organisations of the group
}

// DelegationSeries is one delegation's delegates per year (aligned with
// Participation.Years).
type DelegationSeries struct {
	Code   string
	Name   string
	Counts []int
	Total  int
}

// Participation counts, per year, the delegates of each member of group
// (a code in any case) confirmed or who attended at the events v may read.
func (s *Events) Participation(ctx context.Context, v model.Viewer, group string) (Participation, error) {
	g := s.cat.Group(strings.TrimSpace(group))
	if g == nil {
		return Participation{}, model.ErrNotFound
	}
	day := s.now().UTC().Format(time.DateOnly)
	key := readerKey(v) + "\x00" + g.Code
	if p, ok := s.participation.get(ctx, day, key); ok {
		return p, nil
	}
	p, err := s.participationOf(ctx, v, g)
	if err == nil {
		s.participation.put(ctx, day, key, p)
	}
	return p, err
}

// participationOf computes the participation of g's members as v may see it.
func (s *Events) participationOf(ctx context.Context, v model.Viewer, g *refdata.Group) (Participation, error) {
	members := s.cat.Members(g.Code)
	rows, err := s.db.Participation(ctx, v, members)
	if err != nil {
		return Participation{}, err
	}
	p := Participation{Members: len(members)}
	yearIndex := map[int]int{}
	for _, r := range rows {
		if _, ok := yearIndex[r.Year]; !ok {
			yearIndex[r.Year] = 0
			p.Years = append(p.Years, r.Year)
		}
	}
	sort.Ints(p.Years)
	// Every year from the first to the last, so gaps show as zero.
	if n := len(p.Years); n > 1 {
		full := []int{}
		for y := p.Years[0]; y <= p.Years[n-1]; y++ {
			full = append(full, y)
		}
		p.Years = full
	}
	for i, y := range p.Years {
		yearIndex[y] = i
	}
	byOrg := map[string]*DelegationSeries{}
	for _, r := range rows {
		d := byOrg[r.Org]
		if d == nil {
			d = &DelegationSeries{Code: r.Org, Name: s.cat.OrgName(r.Org), Counts: make([]int, len(p.Years))}
			byOrg[r.Org] = d
		}
		d.Counts[yearIndex[r.Year]] += r.Delegates
		d.Total += r.Delegates
	}
	for _, d := range byOrg {
		p.Delegations = append(p.Delegations, *d)
	}
	sort.SliceStable(p.Delegations, func(i, j int) bool {
		a, b := p.Delegations[i], p.Delegations[j]
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		return refdata.Normalize(a.Name) < refdata.Normalize(b.Name)
	})
	return p, nil
}
