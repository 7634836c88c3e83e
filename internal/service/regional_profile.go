package service

import (
	"context"
	"sort"

	"napx/internal/model"
	"napx/internal/refdata"
)

// StateProfile is everything napx holds about one State as one viewer may
// see it (issue 14, item 1). Each list holds only what the viewer may
// read: its length is what a section says is visible ("2 items visible to
// you"), and nothing counts what is hidden.
type StateProfile struct {
	State       *refdata.State
	Memberships []refdata.Membership
	Contacts    []ContactView
	Plans       []NAPView // every plan of the State the viewer may read
	InForce     PlayRow   // the latest readable plan, withdrawn ones aside (Plan nil: none)
	Coverage    StateCoverage
	Compared    *CoverageMedian // the coverage of the State's group beside it (nil: no matrix visible)
	OpenGaps    int             // fields without a measure in the newest readable edition
	Reports     []ReportView
	Events      []model.Event // events the viewer may read that invited the State
	// Delegates are the State's delegates to those events that the viewer
	// may see (Events.DelegatesOf), by event.
	Delegates  map[int64][]model.Participant
	Assistance StateAssistance
	Practices  []PracticeView  // practices the State submitted that the viewer may read
	FollowUps  []OwnedFollowUp // follow-up actions the State owns, of events the viewer may read
}

// OwnedFollowUp is a follow-up action agreed at an event, with the
// event's title; its NAP action only when the viewer may read it.
type OwnedFollowUp struct {
	model.FollowUp
	EventTitle string
}

// CoverageMedian is, for each section of the matrix, the median share of
// fields with a measure among a group's members whose matrix the viewer
// may read.
type CoverageMedian struct {
	Group    *refdata.Group
	Matrices int // members with a matrix visible to the viewer
	Sections []SectionMedian
}

// SectionMedian is one section's share for the State and the group's median.
type SectionMedian struct {
	Key, Title    string
	State, Median float64 // percent of the section's fields with X
}

// Profile returns state's profile (a code in any case) as v may see it;
// ErrNotFound for a code napx does not know.
func (r *Regional) Profile(ctx context.Context, v model.Viewer, state string) (StateProfile, error) {
	s := r.cat.State(state)
	if s == nil {
		return StateProfile{}, model.ErrNotFound
	}
	p := StateProfile{State: s, Memberships: r.cat.GroupsOf(s.Code)}
	var err error
	if p.Contacts, err = r.contacts.ForState(ctx, v, s.Code); err != nil {
		return p, err
	}
	if p.Plans, err = r.naps.List(ctx, v, model.NAPFilter{States: []string{s.Code}}); err != nil {
		return p, err
	}
	plays, err := r.naps.latestPlans(ctx, v, []string{s.Code})
	if err != nil {
		return p, err
	}
	p.InForce = plays[0]
	cov, err := r.matrix.Coverage(ctx, v, []string{s.Code})
	if err != nil {
		return p, err
	}
	p.Coverage = cov[0]
	if p.Coverage.Has() {
		p.OpenGaps = p.Coverage.Total.None + p.Coverage.Total.Q
		if g := r.comparisonGroup(p.Memberships); g != nil {
			if p.Compared, err = r.median(ctx, v, g, p.Coverage); err != nil {
				return p, err
			}
		}
	}
	if p.Reports, err = r.reports.List(ctx, v, s.Code); err != nil {
		return p, err
	}
	if p.Events, err = r.events.ForState(ctx, v, s.Code); err != nil {
		return p, err
	}
	if p.Delegates, err = r.events.DelegatesOf(ctx, v, s.Code, p.Events); err != nil {
		return p, err
	}
	if p.Assistance, err = r.assistance.ForState(ctx, v, s.Code); err != nil {
		return p, err
	}
	if p.Practices, err = r.practices.List(ctx, v, model.PracticeFilter{Submitter: s.Code}); err != nil {
		return p, err
	}
	owned, err := r.db.FollowUpsOwnedBy(ctx, v, s.Code)
	if err != nil {
		return p, err
	}
	fs := make([]model.FollowUp, len(owned))
	for i, o := range owned {
		fs[i] = o.FollowUp
	}
	if err := r.events.napLinks(ctx, &r.db.Conn, v, fs); err != nil {
		return p, err
	}
	p.FollowUps = make([]OwnedFollowUp, len(owned))
	for i, o := range owned {
		p.FollowUps[i] = OwnedFollowUp{FollowUp: fs[i], EventTitle: o.EventTitle}
	}
	return p, nil
}

// comparisonGroup is the group a State's coverage is compared with: its
// region, else its UN regional group, else all UN members.
func (r *Regional) comparisonGroup(ms []refdata.Membership) *refdata.Group {
	for _, kind := range []string{"region", "un-regional-group"} {
		for _, m := range ms {
			if m.Group.Kind == kind {
				return m.Group
			}
		}
	}
	return r.cat.Group("UN")
}

// median computes the group's median share per section over the members
// whose matrix v may read.
func (r *Regional) median(ctx context.Context, v model.Viewer, g *refdata.Group, own StateCoverage) (*CoverageMedian, error) {
	var states []string
	for _, mb := range g.Members {
		if r.cat.State(mb.Code) != nil {
			states = append(states, mb.Code)
		}
	}
	cov, err := r.matrix.Coverage(ctx, v, states)
	if err != nil {
		return nil, err
	}
	out := &CoverageMedian{Group: g}
	var with []StateCoverage
	for _, c := range cov {
		if c.Has() {
			with = append(with, c)
		}
	}
	out.Matrices = len(with)
	for _, sec := range own.Sections {
		shares := make([]float64, 0, len(with))
		for _, c := range with {
			shares = append(shares, c.Section(sec.Key).Share(model.CellX))
		}
		out.Sections = append(out.Sections, SectionMedian{Key: sec.Key, Title: sec.Title, State: sec.Share(model.CellX), Median: Median(shares)})
	}
	return out, nil
}

// Median is the median of xs (0 for none).
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}
