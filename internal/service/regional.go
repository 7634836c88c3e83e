package service

import (
	"context"
	"sort"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Regional gives the regional views of issue 14, phase 2: a group's
// dashboard (its members' plans and coverage, the matrix fields most of
// them lack, ranked) and, later, a State's profile. Every figure comes
// from the features' own reads, which carry the one policy: a record the
// viewer may not read is neither shown nor counted.
type Regional struct {
	cat       *refdata.Catalog
	db        *store.DB
	naps      *NAPs
	matrix    *Matrix
	practices *Practices
	// for the profile
	contacts   *Contacts
	reports    *Reports
	events     *Events
	assistance *Assistance
	// dashboards are the groups' dashboards by reader (readerKey: every
	// part of a dashboard is read through the one read filter) and group,
	// under the data version and the day: the UN's takes every member's
	// matrix and plan, and is asked for by every signed-in reader alike.
	dashboards versioned[string, GroupDashboard]
}

// MaxCommonGaps is how many common gaps a dashboard lists (the most
// widely missing first); CommonGapsTotal says how many there are.
const MaxCommonGaps = 25

// DashboardMember is one member State on a group's dashboard.
type DashboardMember struct {
	State, Name string
	Plan        *model.NAP // the latest plan the viewer may read (withdrawn aside); nil: none visible
	Actions     int
	Percent     int           // share of the plan's actions completed
	Coverage    StateCoverage // of the newest matrix edition the viewer may read (Has false: none)
}

// CommonGap is a matrix field that most of the members whose matrix the
// viewer may read lack: no measure (X) and not "not applicable".
type CommonGap struct {
	Field     refdata.Field
	Missing   int            // members lacking it
	States    []string       // those members (alpha-3), in the group's order
	Practices []PracticeView // practices the viewer may read tagged with the field or its element
}

// GroupDashboard is one group as one viewer may see it.
type GroupDashboard struct {
	Group             *refdata.Group
	Members           []DashboardMember // the member States, in the group's order
	Plans             int               // members with a plan visible to the viewer
	Matrices          int               // members with a matrix visible to the viewer: the base of the common gaps
	CommonGaps        []CommonGap       // ranked, at most MaxCommonGaps
	CommonGapsTotal   int
	JointActions      []JointAction // at most MaxJointActions
	JointActionsTotal int
	// The events that invited members (as the events list's group filter):
	// coming soonest first, past most recent first, each at most
	// MaxDashboardEvents, with their totals.
	EventsComing, EventsPast           []model.Event
	EventsComingTotal, EventsPastTotal int
	// OpenNeeds is the assistance feature's table of open needs for the
	// group (Assistance.OpenNeeds): its Total row is by area.
	OpenNeeds NeedTable
}

// Dashboard returns group's dashboard (a code in any case) as v may see
// it; ErrNotFound (a MapNotFoundError) for a group napx does not know.
func (r *Regional) Dashboard(ctx context.Context, v model.Viewer, group string) (GroupDashboard, error) {
	g := r.cat.Group(strings.TrimSpace(group))
	if g == nil {
		return GroupDashboard{}, &MapNotFoundError{What: "group", Value: model.Truncate(group, 40)}
	}
	day := r.events.now().UTC().Format(time.DateOnly)
	key := readerKey(v) + "\x00" + g.Code
	if d, ok := r.dashboards.get(ctx, day, key); ok {
		return d, nil
	}
	d, err := r.dashboard(ctx, v, g)
	if err == nil {
		r.dashboards.put(ctx, day, key, d)
	}
	return d, err
}

// dashboard computes g's dashboard as v may see it.
func (r *Regional) dashboard(ctx context.Context, v model.Viewer, g *refdata.Group) (GroupDashboard, error) {
	d := GroupDashboard{Group: g}
	var states []string
	for _, mb := range g.Members {
		if r.cat.State(mb.Code) != nil {
			states = append(states, mb.Code)
		}
	}
	plays, err := r.naps.latestPlans(ctx, v, states)
	if err != nil {
		return d, err
	}
	cov, err := r.matrix.Coverage(ctx, v, states)
	if err != nil {
		return d, err
	}
	for i, code := range states {
		m := DashboardMember{State: code, Name: r.cat.OrgName(code), Coverage: cov[i]}
		if p := plays[i]; p.Plan != nil {
			m.Plan, m.Actions, m.Percent = p.Plan, p.Actions, p.Percent
			d.Plans++
		}
		if m.Coverage.Has() {
			d.Matrices++
		}
		d.Members = append(d.Members, m)
	}
	gaps, err := r.commonGaps(ctx, v, states)
	if err != nil {
		return d, err
	}
	d.CommonGapsTotal = len(gaps)
	if len(gaps) > MaxCommonGaps {
		gaps = gaps[:MaxCommonGaps]
	}
	fields := make([]string, len(gaps))
	for i, cg := range gaps {
		fields[i] = cg.Field.ID
	}
	byField, err := r.practices.ForFields(ctx, v, "", fields)
	if err != nil {
		return d, err
	}
	for i := range gaps {
		gaps[i].Practices = byField[gaps[i].Field.ID]
	}
	d.CommonGaps = gaps
	if d.JointActions, d.JointActionsTotal, err = r.jointActions(ctx, v, states); err != nil {
		return d, err
	}
	if err := r.groupEvents(ctx, v, &d); err != nil {
		return d, err
	}
	if d.OpenNeeds, err = r.assistance.OpenNeeds(ctx, v, g.Code); err != nil {
		return d, err
	}
	return d, nil
}

// commonGaps reads the measured fields of the newest edition of each of
// states' matrices that v may read and ranks the common gaps.
func (r *Regional) commonGaps(ctx context.Context, v model.Viewer, states []string) ([]CommonGap, error) {
	eds, err := r.db.LatestReadableEditions(ctx, v, states)
	if err != nil {
		return nil, err
	}
	stateOf := make(map[int64]string, len(eds))
	ids := make([]int64, 0, len(eds))
	for _, e := range eds {
		stateOf[e.ID] = e.State
		ids = append(ids, e.ID)
	}
	rows, err := r.db.MatrixMeasuredFields(ctx, ids)
	if err != nil {
		return nil, err
	}
	measured := make(map[string]map[string]bool, len(eds))
	for _, e := range eds {
		measured[e.State] = map[string]bool{}
	}
	for _, row := range rows {
		measured[stateOf[row.Edition]][row.Field] = true
	}
	var with []string // the members with a readable matrix, in the group's order
	for _, s := range states {
		if measured[s] != nil {
			with = append(with, s)
		}
	}
	return RankCommonGaps(r.matrix.tax.Fields, with, measured), nil
}

// RankCommonGaps is the rule of the common gaps: given the members with a
// matrix (in the group's order) and, for each, the fields that hold a
// measure or are not applicable, a field is a common gap when more than
// half of those members lack it; at least two matrices are needed (one
// State's gaps are its own, not common). The most widely missing come
// first, ties in the matrix's order.
func RankCommonGaps(fields []refdata.Field, states []string, measured map[string]map[string]bool) []CommonGap {
	if len(states) < 2 {
		return nil
	}
	var out []CommonGap
	for _, f := range fields {
		var lacking []string
		for _, s := range states {
			if !measured[s][f.ID] {
				lacking = append(lacking, s)
			}
		}
		if 2*len(lacking) > len(states) {
			out = append(out, CommonGap{Field: f, Missing: len(lacking), States: lacking})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Missing > out[j].Missing })
	return out
}
