package service

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"napx/internal/model"
	"napx/internal/store"
)

// MaxJointPartners is how many other States' actions one action may be
// declared joint with.
const MaxJointPartners = 20

// JointPartner is one end of a joint action as a viewer sees it: the
// action and its State when the viewer may read its plan; otherwise only
// that there is one ("not visible to you"), with neither its ID nor its
// title nor its State.
type JointPartner struct {
	Visible bool
	Action  model.NAPAction // zero unless Visible
	State   string          // alpha-3, "" unless Visible
}

// checkJoints validates ids as the partners of action self (0: an action
// being created) of a plan of state, for v, and returns the set to store:
// the IDs v named, and the links self already has to actions v may no
// longer read (v cannot name them, so a change never drops them
// silently). A problem names the field joint_with.
func (s *NAPs) checkJoints(ctx context.Context, tx *store.Tx, v model.Viewer, self int64, state string, ids []int64) ([]int64, string, error) {
	seen := map[int64]bool{}
	var named []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			named = append(named, id)
		}
	}
	if len(named) > MaxJointPartners {
		return nil, fmt.Sprintf("an action may be joint with at most %d other actions (you sent %d)", MaxJointPartners, len(named)), nil
	}
	readable, err := tx.ReadableActionsByID(ctx, v, named)
	if err != nil {
		return nil, "", err
	}
	for _, id := range named {
		p, ok := readable[id]
		switch {
		case id == self && self != 0:
			return nil, "an action cannot be joint with itself", nil
		case !ok:
			return nil, fmt.Sprintf("there is no action %d that you may read", id), nil
		case p.State == state:
			return nil, fmt.Sprintf("action %d is %s's own: a joint action is another State's", id, s.cat.OrgName(state)), nil
		}
	}
	if self == 0 {
		return named, "", nil
	}
	cur, err := tx.ActionJoints(ctx, []int64{self})
	if err != nil {
		return nil, "", err
	}
	var old []int64
	for _, l := range cur {
		old = append(old, l.PartnerID)
	}
	still, err := tx.ReadableActionsByID(ctx, v, old)
	if err != nil {
		return nil, "", err
	}
	for _, id := range old {
		if _, ok := still[id]; !ok && !seen[id] {
			named = append(named, id)
		}
	}
	return named, "", nil
}

// setJoints stores partners as action a's joint actions when they changed,
// audited.
func (s *NAPs) setJoints(ctx context.Context, tx *store.Tx, v model.Viewer, a model.NAPAction, partners []int64) error {
	cur, err := tx.ActionJoints(ctx, []int64{a.ID})
	if err != nil {
		return err
	}
	before := make([]int64, 0, len(cur))
	for _, l := range cur {
		before = append(before, l.PartnerID)
	}
	after := slices.Clone(partners)
	slices.Sort(after)
	if slices.Equal(before, after) {
		return nil
	}
	if err := tx.SetActionJoints(ctx, a.ID, after); err != nil {
		return err
	}
	return tx.Audit(ctx, v, store.AuditRecord{Action: "nap.action.joint", Kind: "nap-action", RecordID: a.ID,
		Summary: fmt.Sprintf("action %q of plan %d declared joint with %d other actions", a.Title, a.NAPID, len(after)),
		Before:  map[string][]int64{"joint_with": before}, After: map[string][]int64{"joint_with": after}})
}

// Joints returns, for each of the actions ids (read by the caller under
// the policy), the partners it declares: those v may read by State and
// title, then one entry per partner v may not read.
func (s *NAPs) Joints(ctx context.Context, v model.Viewer, ids []int64) (map[int64][]JointPartner, error) {
	links, err := s.db.ActionJoints(ctx, ids)
	if err != nil {
		return nil, err
	}
	return s.partners(ctx, v, links, func(l store.JointLink) (int64, int64) { return l.ActionID, l.PartnerID })
}

// JointBy returns the actions v may read that declare action id as their
// partner (those v may not read are absent, not counted).
func (s *NAPs) JointBy(ctx context.Context, v model.Viewer, id int64) ([]JointPartner, error) {
	links, err := s.db.ActionJointsTo(ctx, id)
	if err != nil {
		return nil, err
	}
	m, err := s.partners(ctx, v, links, func(l store.JointLink) (int64, int64) { return l.PartnerID, l.ActionID })
	if err != nil {
		return nil, err
	}
	var out []JointPartner
	for _, p := range m[id] {
		if p.Visible {
			out = append(out, p)
		}
	}
	return out, nil
}

// partners groups links by the key end and reads the other end under the
// policy.
func (s *NAPs) partners(ctx context.Context, v model.Viewer, links []store.JointLink, ends func(store.JointLink) (int64, int64)) (map[int64][]JointPartner, error) {
	others := make([]int64, 0, len(links))
	for _, l := range links {
		_, o := ends(l)
		others = append(others, o)
	}
	readable, err := s.db.ReadableActionsByID(ctx, v, others)
	if err != nil {
		return nil, err
	}
	out := map[int64][]JointPartner{}
	for _, l := range links {
		k, o := ends(l)
		p := JointPartner{}
		if sa, ok := readable[o]; ok {
			p = JointPartner{Visible: true, Action: sa.Action, State: sa.State}
		}
		out[k] = append(out[k], p)
	}
	for k := range out {
		sortPartners(out[k])
	}
	return out, nil
}

// sortPartners puts the visible partners first, by State and title.
func sortPartners(ps []JointPartner) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Visible != b.Visible {
			return a.Visible
		}
		if a.State != b.State {
			return a.State < b.State
		}
		if a.Action.Title != b.Action.Title {
			return a.Action.Title < b.Action.Title
		}
		return a.Action.ID < b.Action.ID
	})
}

// MaxJointCandidates is how many actions a search for joint partners lists.
const MaxJointCandidates = 50

// JointCandidates lists the actions v may read of other States' plans
// (withdrawn plans aside) whose title holds q, for the picker of action
// actionID's joint actions: nothing for an empty q.
func (s *NAPs) JointCandidates(ctx context.Context, v model.Viewer, napID, actionID int64, q string) ([]JointPartner, error) {
	_, n, err := s.ActionOf(ctx, v, napID, actionID)
	if err != nil {
		return nil, err
	}
	p := model.Problems{}
	if q = model.Line(p, "q", q, model.MaxSearchText); len(p) > 0 {
		return nil, p
	}
	if q == "" {
		return nil, nil
	}
	found, err := s.db.ReadableActionsMatching(ctx, v, n.State, q, MaxJointCandidates)
	if err != nil {
		return nil, err
	}
	out := make([]JointPartner, len(found))
	for i, sa := range found {
		out[i] = JointPartner{Visible: true, Action: sa.Action, State: sa.State}
	}
	return out, nil
}
