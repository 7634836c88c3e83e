package service

import (
	"context"
	"sort"

	"napx/internal/model"
)

// MaxJointActions is how many joint actions a dashboard lists.
const MaxJointActions = 50

// JointAction is an action declared joint with other States' actions, on
// a group's dashboard: the declaring action (which the viewer may read)
// and every partner, each with its progress or as not visible.
type JointAction struct {
	State    string // the declaring action's State
	Action   model.NAPAction
	Partners []JointPartner
}

// jointActions lists the joint actions that concern the group's members
// (states) as v may see them: an action v may read, of a member or joint
// with a member's action v may read (an action of an outsider is never
// listed because of a partner v may not see). Members' actions first in
// the group's order, then by title; at most MaxJointActions, with the
// total.
func (r *Regional) jointActions(ctx context.Context, v model.Viewer, states []string) ([]JointAction, int, error) {
	links, err := r.db.JointLinksOfStates(ctx, states)
	if err != nil || len(links) == 0 {
		return nil, 0, err
	}
	ids := make([]int64, 0, len(links))
	for _, l := range links {
		ids = append(ids, l.ActionID, l.PartnerID)
	}
	readable, err := r.db.ReadableActionsByID(ctx, v, ids)
	if err != nil {
		return nil, 0, err
	}
	order := make(map[string]int, len(states))
	for i, s := range states {
		order[s] = i + 1
	}
	listed := map[int64]bool{}
	var decl []int64
	for _, l := range links {
		a, ok := readable[l.ActionID]
		if !ok || listed[l.ActionID] {
			continue
		}
		p, pok := readable[l.PartnerID]
		if order[a.State] > 0 || (pok && order[p.State] > 0) {
			listed[l.ActionID] = true
			decl = append(decl, l.ActionID)
		}
	}
	rank := func(s string) int {
		if o := order[s]; o > 0 {
			return o
		}
		return len(states) + 1
	}
	sort.SliceStable(decl, func(i, j int) bool {
		a, b := readable[decl[i]], readable[decl[j]]
		if ra, rb := rank(a.State), rank(b.State); ra != rb {
			return ra < rb
		}
		if a.Action.Title != b.Action.Title {
			return a.Action.Title < b.Action.Title
		}
		return a.Action.ID < b.Action.ID
	})
	total := len(decl)
	if len(decl) > MaxJointActions {
		decl = decl[:MaxJointActions]
	}
	partners, err := r.naps.Joints(ctx, v, decl)
	if err != nil {
		return nil, 0, err
	}
	out := make([]JointAction, len(decl))
	for i, id := range decl {
		sa := readable[id]
		out[i] = JointAction{State: sa.State, Action: sa.Action, Partners: partners[id]}
	}
	return out, total, nil
}
