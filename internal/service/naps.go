package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// NAPs keeps the States' National Implementation Action Plans: the plans
// with their key-element sections, their actions and the actions' history,
// the workflow (draft → adopted → submitted → published, or withdrawn), the
// numbered submissions and their diffs, roll-ups and the regional state of
// play (issue 4).
//
// Two methods are contracts other features call: ProposeAction (the
// matrix's gap analysis) and Action (events' follow-up actions).
type NAPs struct {
	db  *store.DB
	cat *refdata.Catalog
	tax *refdata.Taxonomy
	now func() time.Time
	// notify tells followers of published plans (set by service.New).
	notify *Notifications
}

func newNAPs(d Deps) *NAPs {
	tax, err := refdata.LoadTaxonomy()
	if err != nil {
		// The taxonomy is compiled into the binary and checked by its tests.
		panic(err)
	}
	return &NAPs{db: d.DB, cat: d.Catalog, tax: tax, now: d.Now}
}

// Taxonomy is the matrix taxonomy the actions' elements refer to.
func (s *NAPs) Taxonomy() *refdata.Taxonomy { return s.tax }

// Today is the calendar day the services see (UTC).
func (s *NAPs) Today() model.Date { return model.DateOf(s.now().UTC()) }

// NAPView is a plan as one viewer sees it, with what they may do to it.
type NAPView struct {
	model.NAP
	StateName     string
	CanEdit       bool // editors and coordinators of the State, while the plan is not withdrawn
	CanCoordinate bool // the State's coordinator: adopt, submit, publish, withdraw, share
}

func (s *NAPs) view(v model.Viewer, n model.NAP) NAPView {
	rec := policy.NAPRecord(n)
	return NAPView{NAP: n, StateName: s.cat.OrgName(n.State),
		CanEdit:       policy.CanWrite(v, rec) && n.Status.Editable(),
		CanCoordinate: policy.CanCoordinate(v, rec) && n.Status.Editable()}
}

// List returns the plans v may read that match f.
func (s *NAPs) List(ctx context.Context, v model.Viewer, f model.NAPFilter) ([]NAPView, error) {
	ns, err := s.db.NAPs(ctx, v, f)
	if err != nil {
		return nil, err
	}
	out := make([]NAPView, len(ns))
	for i, n := range ns {
		out[i] = s.view(v, n)
	}
	return out, nil
}

// Get returns one plan v may read, with its sections; ErrNotFound
// otherwise.
func (s *NAPs) Get(ctx context.Context, v model.Viewer, id int64) (NAPView, error) {
	n, err := s.db.NAP(ctx, id)
	if err != nil {
		return NAPView{}, err
	}
	if err := policy.Read(v, policy.NAPRecord(n)); err != nil {
		return NAPView{}, err
	}
	return s.view(v, n), nil
}

// Revisions returns the plan v may read that n replaces (nil when none or
// hidden) and the plans that replace n.
func (s *NAPs) Revisions(ctx context.Context, v model.Viewer, n model.NAP) (*NAPView, []NAPView, error) {
	var prev *NAPView
	if n.Replaces != 0 {
		p, err := s.Get(ctx, v, n.Replaces)
		switch {
		case err == nil:
			prev = &p
		case !errors.Is(err, model.ErrNotFound):
			return nil, nil, err
		}
	}
	next, err := s.db.NAPReplacedBy(ctx, v, n.ID)
	if err != nil {
		return nil, nil, err
	}
	out := make([]NAPView, len(next))
	for i, x := range next {
		out[i] = s.view(v, x)
	}
	return prev, out, nil
}

// checkReplaces validates the plan a plan says it revises: another plan of
// the same State that v may read, not the plan itself nor one of its own
// revisions.
func (s *NAPs) checkReplaces(ctx context.Context, v model.Viewer, n model.NAP, p model.Problems) {
	if n.Replaces == 0 {
		return
	}
	prev, err := s.db.NAP(ctx, n.Replaces)
	if err != nil || !policy.CanRead(v, policy.NAPRecord(prev)) || prev.State != n.State {
		p.Add("replaces", "there is no plan %d of %s that this plan could replace", n.Replaces, s.cat.OrgName(n.State))
		return
	}
	for seen, id := 0, prev.Replaces; id != 0 && seen < 100; seen++ {
		if id == n.ID {
			p.Add("replaces", "plan %d is itself a revision of this plan", prev.ID)
			return
		}
		x, err := s.db.NAP(ctx, id)
		if err != nil {
			return
		}
		id = x.Replaces
	}
}

// checkShares validates the organisations and groups a plan is shared with.
func (s *NAPs) checkShares(codes []string, p model.Problems) []string {
	out := []string{}
	var bad []string
	for _, c := range codes {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c == "" || slices.Contains(out, c) {
			continue
		}
		if _, ok := s.cat.Org(c); !ok && s.cat.Group(c) == nil {
			bad = append(bad, c)
			continue
		}
		out = append(out, c)
	}
	if len(bad) > 0 {
		p.Add("shared_with", "not an organisation or group code: %s", strings.Join(bad, ", "))
	}
	sort.Strings(out)
	return out
}

// Create starts a draft plan for state (its editors and coordinators).
func (s *NAPs) Create(ctx context.Context, v model.Viewer, state string, in model.NAPInput) (NAPView, error) {
	st := s.cat.State(state)
	if st == nil {
		return NAPView{}, model.Problems{"state": "there is no State with the code " + strconv.Quote(state)}
	}
	if err := policy.Create(v, st.Code); err != nil {
		return NAPView{}, err
	}
	if in.SharedWith != nil || in.Status != nil {
		return NAPView{}, model.Problems{"status": "a new plan starts as a draft of the State; share it once it exists"}
	}
	n, probs := in.Apply(model.NAP{State: st.Code, Status: model.NAPDraft}, true)
	s.checkReplaces(ctx, v, n, probs)
	if len(probs) > 0 {
		return NAPView{}, probs
	}
	n.Visibility = policy.NAPVisibility(n.Status, false)
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateNAP(ctx, &n); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "nap.create", Kind: "nap", RecordID: n.ID,
			Summary: fmt.Sprintf("draft plan %q (%s) started for %s", n.Title, n.Period(), n.State), After: n})
	})
	if err != nil {
		return NAPView{}, err
	}
	return s.view(v, n), nil
}

// conflict is the error for a stale version of a plan.
func (s *NAPs) conflict(ctx context.Context, v model.Viewer, id, sent int64) error {
	cur, err := s.Get(ctx, v, id)
	if err != nil {
		return err
	}
	return &model.ConflictError{Message: fmt.Sprintf("this plan was changed by someone else since you read it (you sent version %d, it is now version %d)", sent, cur.Version),
		Current: cur}
}

// Update changes a plan: its fields and sections (editors), and its
// sharing or a withdrawal (the coordinator). in.Version must be the
// version read.
func (s *NAPs) Update(ctx context.Context, v model.Viewer, id int64, in model.NAPInput) (NAPView, error) {
	var out model.NAP
	stale := false
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.NAPForUpdate(ctx, id)
		if err != nil {
			return err
		}
		rec := policy.NAPRecord(cur)
		if err := policy.Write(v, rec); err != nil {
			return err
		}
		if in.SharedWith != nil || in.Status != nil {
			if err := policy.MoveNAP(v, cur); err != nil {
				return err
			}
		}
		if !cur.Status.Editable() {
			return model.Problems{"status": "the plan was withdrawn and can no longer be changed"}
		}
		if in.Version != cur.Version {
			stale = true
			return model.ErrConflict
		}
		n, probs := in.Apply(cur, false)
		if in.SharedWith != nil {
			n.SharedWith = s.checkShares(*in.SharedWith, probs)
		}
		s.checkReplaces(ctx, v, n, probs)
		if len(probs) > 0 {
			return probs
		}
		n.Visibility = policy.NAPVisibility(n.Status, len(n.SharedWith) > 0)
		if err := tx.UpdateNAP(ctx, &n); err != nil {
			if errors.Is(err, model.ErrConflict) {
				stale = true
			}
			return err
		}
		out = n
		action, summary := "nap.update", fmt.Sprintf("plan %q changed", n.Title)
		if n.Status != cur.Status {
			action, summary = "nap.withdraw", fmt.Sprintf("plan %q withdrawn", n.Title)
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: action, Kind: "nap", RecordID: n.ID, Summary: summary, Before: cur, After: n})
	})
	if stale {
		return NAPView{}, s.conflict(ctx, v, id, in.Version)
	}
	if err != nil {
		return NAPView{}, err
	}
	return s.view(v, out), nil
}

// step runs a workflow step on a plan under its row lock: the coordinator
// only; change returns the problems that stop the step.
func (s *NAPs) step(ctx context.Context, v model.Viewer, id int64, action string, change func(tx *store.Tx, n *model.NAP) (string, error)) (NAPView, error) {
	var out model.NAP
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.NAPForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if err := policy.MoveNAP(v, cur); err != nil {
			return err
		}
		n := cur
		n.Sections = cur.Sections
		summary, err := change(tx, &n)
		if err != nil {
			return err
		}
		n.Visibility = policy.NAPVisibility(n.Status, len(n.SharedWith) > 0)
		if err := tx.UpdateNAP(ctx, &n); err != nil {
			return err
		}
		out = n
		return tx.Audit(ctx, v, store.AuditRecord{Action: action, Kind: "nap", RecordID: n.ID, Summary: summary, Before: cur, After: n})
	})
	if err != nil {
		return NAPView{}, err
	}
	return s.view(v, out), nil
}

// Adopt records the plan's adoption by authority on date (YYYY-MM-DD).
func (s *NAPs) Adopt(ctx context.Context, v model.Viewer, id int64, authority, date string) (NAPView, error) {
	return s.step(ctx, v, id, "nap.adopt", func(tx *store.Tx, n *model.NAP) (string, error) {
		p := model.Problems{}
		if msg := n.Status.MoveProblem(model.NAPAdopted); msg != "" {
			p.Add("status", "%s", msg)
		}
		authority = strings.TrimSpace(authority)
		switch {
		case authority == "":
			p.Add("authority", "name the authority that adopted the plan, e.g. the Government")
		case len(authority) > 300:
			p.Add("authority", "is longer than 300 characters")
		}
		d, err := model.ParseDate(strings.TrimSpace(date))
		switch {
		case err != nil || d.IsZero():
			p.Add("date", "enter the adoption date as YYYY-MM-DD")
		case d.After(s.Today()):
			p.Add("date", "the adoption date is in the future")
		}
		if len(p) > 0 {
			return "", p
		}
		n.Status, n.Authority, n.AdoptedOn = model.NAPAdopted, authority, d
		return fmt.Sprintf("plan %q adopted by %s on %s", n.Title, authority, d), nil
	})
}

// Submit sends the plan to the Committee and freezes a numbered
// submission of it.
func (s *NAPs) Submit(ctx context.Context, v model.Viewer, id int64) (NAPView, model.NAPSubmission, error) {
	var sub model.NAPSubmission
	view, err := s.step(ctx, v, id, "nap.submit", func(tx *store.Tx, n *model.NAP) (string, error) {
		to, ok := n.Status.SubmitTo()
		if !ok {
			return "", model.Problems{"status": n.Status.MoveProblem(model.NAPSubmitted)}
		}
		actions, err := tx.NAPActions(ctx, n.ID)
		if err != nil {
			return "", err
		}
		n.Status = to
		n.Visibility = policy.NAPVisibility(n.Status, len(n.SharedWith) > 0)
		snap := model.Snapshot(*n, actions)
		snap.Plan.Version = n.Version + 1 // the version the plan has once this step is saved
		b, err := json.Marshal(snap)
		if err != nil {
			return "", err
		}
		sub = model.NAPSubmission{NAPID: n.ID, SubmittedBy: v.Label(), PlanVersion: n.Version + 1, Snapshot: snap}
		if err := tx.CreateNAPSubmission(ctx, &sub, string(b)); err != nil {
			return "", err
		}
		return fmt.Sprintf("plan %q submitted to the 1540 Committee (submission %d, %d actions)", n.Title, sub.Number, len(actions)), nil
	})
	return view, sub, err
}

// Publish makes a submitted plan public.
func (s *NAPs) Publish(ctx context.Context, v model.Viewer, id int64) (NAPView, error) {
	return s.step(ctx, v, id, "nap.publish", func(tx *store.Tx, n *model.NAP) (string, error) {
		if msg := n.Status.MoveProblem(model.NAPPublished); msg != "" {
			return "", model.Problems{"status": msg}
		}
		n.Status = model.NAPPublished
		if s.notify != nil { // followers of the plan, its State and the State's groups
			if err := s.notify.Send(ctx, tx, s.notify.napPublished(*n, s.cat.OrgName(n.State), v)); err != nil {
				return "", err
			}
		}
		return fmt.Sprintf("plan %q published", n.Title), nil
	})
}

// Withdraw withdraws a plan: it is the State's alone again and closed.
func (s *NAPs) Withdraw(ctx context.Context, v model.Viewer, id int64) (NAPView, error) {
	return s.step(ctx, v, id, "nap.withdraw", func(tx *store.Tx, n *model.NAP) (string, error) {
		if msg := n.Status.MoveProblem(model.NAPWithdrawn); msg != "" {
			return "", model.Problems{"status": msg}
		}
		n.Status = model.NAPWithdrawn
		return fmt.Sprintf("plan %q withdrawn", n.Title), nil
	})
}

// Share sets the organisations and groups the coordinator shares the plan
// with ahead of its status (none: the status alone decides).
func (s *NAPs) Share(ctx context.Context, v model.Viewer, id int64, principals []string) (NAPView, error) {
	return s.step(ctx, v, id, "nap.share", func(tx *store.Tx, n *model.NAP) (string, error) {
		if !n.Status.Editable() {
			return "", model.Problems{"status": "the plan was withdrawn and can no longer be shared"}
		}
		p := model.Problems{}
		n.SharedWith = s.checkShares(principals, p)
		if len(p) > 0 {
			return "", p
		}
		if len(n.SharedWith) == 0 {
			return fmt.Sprintf("plan %q no longer shared ahead of its status", n.Title), nil
		}
		return fmt.Sprintf("plan %q shared with %s", n.Title, strings.Join(n.SharedWith, ", ")), nil
	})
}

// Revise starts a draft that replaces plan id: the sections and the open
// actions are carried over (each new action remembers the one it
// continues), for the next period.
func (s *NAPs) Revise(ctx context.Context, v model.Viewer, id int64) (NAPView, error) {
	prev, err := s.Get(ctx, v, id)
	if err != nil {
		return NAPView{}, err
	}
	if err := policy.Create(v, prev.State); err != nil {
		return NAPView{}, err
	}
	actions, err := s.db.NAPActions(ctx, id)
	if err != nil {
		return NAPView{}, err
	}
	span := prev.PeriodEnd - prev.PeriodStart
	n := model.NAP{State: prev.State, Type: prev.Type, Title: "Revision of: " + prev.Title, PeriodStart: prev.PeriodEnd + 1,
		PeriodEnd: prev.PeriodEnd + 1 + span, Status: model.NAPDraft, Replaces: prev.ID, Sections: map[string]string{}}
	if len(n.Title) > 300 {
		n.Title = n.Title[:300]
	}
	for k, t := range prev.Sections {
		if k != "NAP-01" && k != "NAP-12" {
			n.Sections[k] = t
		}
	}
	n.Visibility = policy.NAPVisibility(n.Status, false)
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateNAP(ctx, &n); err != nil {
			return err
		}
		carried := 0
		for _, a := range actions {
			if !a.Status.Open() {
				continue
			}
			c := a
			c.ID, c.NAPID, c.OriginID, c.CreatedAt, c.UpdatedAt = 0, n.ID, a.ID, time.Time{}, time.Time{}
			if err := tx.CreateNAPAction(ctx, &c); err != nil {
				return err
			}
			if err := tx.AddActionChange(ctx, &model.ActionChange{ActionID: c.ID, ActorID: v.ID(), Actor: v.Label(), Status: c.Status,
				Progress: c.Progress, Comment: fmt.Sprintf("carried over from plan %d", prev.ID)}); err != nil {
				return err
			}
			carried++
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "nap.revise", Kind: "nap", RecordID: n.ID,
			Summary: fmt.Sprintf("draft revision of plan %d started, %d open actions carried over", prev.ID, carried), After: n})
	})
	if err != nil {
		return NAPView{}, err
	}
	return s.view(v, n), nil
}

// --- actions ---

// Actions lists the actions of a plan v may read.
func (s *NAPs) Actions(ctx context.Context, v model.Viewer, napID int64) ([]model.NAPAction, error) {
	if _, err := s.Get(ctx, v, napID); err != nil {
		return nil, err
	}
	return s.db.NAPActions(ctx, napID)
}

// Action returns an action and its plan when v may read them; ErrNotFound
// otherwise. (Contract: events' follow-up actions link to NAP actions.)
func (s *NAPs) Action(ctx context.Context, v model.Viewer, actionID int64) (model.NAPAction, model.NAP, error) {
	a, err := s.db.NAPAction(ctx, actionID)
	if err != nil {
		return model.NAPAction{}, model.NAP{}, err
	}
	n, err := s.db.NAP(ctx, a.NAPID)
	if err != nil {
		return model.NAPAction{}, model.NAP{}, err
	}
	if err := policy.Read(v, policy.NAPRecord(n)); err != nil {
		return model.NAPAction{}, model.NAP{}, err
	}
	return a, n, nil
}

// ActionOf is Action for an action addressed under its plan: an action of
// another plan does not exist at that address.
func (s *NAPs) ActionOf(ctx context.Context, v model.Viewer, napID, actionID int64) (model.NAPAction, model.NAP, error) {
	a, n, err := s.Action(ctx, v, actionID)
	if err != nil {
		return a, n, err
	}
	if a.NAPID != napID {
		return model.NAPAction{}, model.NAP{}, model.ErrNotFound
	}
	return a, n, nil
}

// History is the status and progress history of an action, oldest first.
func (s *NAPs) History(ctx context.Context, v model.Viewer, napID, actionID int64) ([]model.ActionChange, error) {
	if _, _, err := s.ActionOf(ctx, v, napID, actionID); err != nil {
		return nil, err
	}
	return s.db.ActionHistory(ctx, actionID)
}

// CreateAction adds an action to a plan (the State's editors and
// coordinators, while the plan is not withdrawn).
func (s *NAPs) CreateAction(ctx context.Context, v model.Viewer, napID int64, in model.NAPActionInput) (model.NAPAction, error) {
	var out model.NAPAction
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		n, err := tx.NAP(ctx, napID)
		if err != nil {
			return err
		}
		a, err := s.createAction(ctx, tx, v, n, in, "")
		out = a
		return err
	})
	return out, err
}

func (s *NAPs) createAction(ctx context.Context, tx *store.Tx, v model.Viewer, n model.NAP, in model.NAPActionInput, why string) (model.NAPAction, error) {
	if err := policy.Write(v, policy.NAPRecord(n)); err != nil {
		return model.NAPAction{}, err
	}
	if !n.Status.Editable() {
		return model.NAPAction{}, model.Problems{"plan": "the plan was withdrawn and can no longer be changed"}
	}
	a, probs := in.Apply(model.NAPAction{NAPID: n.ID}, true, s.tax.Has)
	if len(probs) > 0 {
		return model.NAPAction{}, probs
	}
	if err := tx.CreateNAPAction(ctx, &a); err != nil {
		return model.NAPAction{}, err
	}
	comment := strings.TrimSpace(in.Comment)
	if comment == "" {
		comment = "action added"
	}
	if err := tx.AddActionChange(ctx, &model.ActionChange{ActionID: a.ID, ActorID: v.ID(), Actor: v.Label(), Status: a.Status,
		Progress: a.Progress, Comment: comment}); err != nil {
		return model.NAPAction{}, err
	}
	summary := fmt.Sprintf("action %q added to plan %d", a.Title, n.ID)
	if why != "" {
		summary += " (" + why + ")"
	}
	return a, tx.Audit(ctx, v, store.AuditRecord{Action: "nap.action.create", Kind: "nap-action", RecordID: a.ID, Summary: summary, After: a})
}

// UpdateAction changes an action; in.Version must be the version read. A
// change of status or progress is kept in the action's history with
// in.Comment.
func (s *NAPs) UpdateAction(ctx context.Context, v model.Viewer, napID, actionID int64, in model.NAPActionInput) (model.NAPAction, error) {
	var out model.NAPAction
	stale := false
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.NAPActionForUpdate(ctx, actionID)
		if err != nil {
			return err
		}
		n, err := tx.NAP(ctx, cur.NAPID)
		if err != nil {
			return err
		}
		if cur.NAPID != napID {
			return model.ErrNotFound
		}
		if err := policy.Write(v, policy.NAPRecord(n)); err != nil {
			return err
		}
		if !n.Status.Editable() {
			return model.Problems{"plan": "the plan was withdrawn and can no longer be changed"}
		}
		if in.Version != cur.Version {
			stale = true
			return model.ErrConflict
		}
		a, probs := in.Apply(cur, false, s.tax.Has)
		if len(probs) > 0 {
			return probs
		}
		if err := tx.UpdateNAPAction(ctx, &a); err != nil {
			if errors.Is(err, model.ErrConflict) {
				stale = true
			}
			return err
		}
		if a.Status != cur.Status || a.Progress != cur.Progress || strings.TrimSpace(in.Comment) != "" {
			if err := tx.AddActionChange(ctx, &model.ActionChange{ActionID: a.ID, ActorID: v.ID(), Actor: v.Label(), Status: a.Status,
				Progress: a.Progress, PrevStatus: cur.Status, PrevProgress: cur.Progress, Comment: strings.TrimSpace(in.Comment)}); err != nil {
				return err
			}
		}
		out = a
		return tx.Audit(ctx, v, store.AuditRecord{Action: "nap.action.update", Kind: "nap-action", RecordID: a.ID,
			Summary: fmt.Sprintf("action %q of plan %d changed (%s, %d%%)", a.Title, napID, a.Status, a.Progress), Before: cur, After: a})
	})
	if stale {
		cur, _, gerr := s.ActionOf(ctx, v, napID, actionID)
		if gerr != nil {
			return model.NAPAction{}, gerr
		}
		return model.NAPAction{}, &model.ConflictError{Message: fmt.Sprintf("this action was changed by someone else since you read it (you sent version %d, it is now version %d)",
			in.Version, cur.Version), Current: cur}
	}
	return out, err
}

// DeleteAction removes an action entered in error (its history goes with
// it; the audit log keeps both).
func (s *NAPs) DeleteAction(ctx context.Context, v model.Viewer, napID, actionID int64) error {
	return s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.NAPActionForUpdate(ctx, actionID)
		if err != nil {
			return err
		}
		n, err := tx.NAP(ctx, cur.NAPID)
		if err != nil {
			return err
		}
		if cur.NAPID != napID {
			return model.ErrNotFound
		}
		if err := policy.Write(v, policy.NAPRecord(n)); err != nil {
			return err
		}
		if !n.Status.Editable() {
			return model.Problems{"plan": "the plan was withdrawn and can no longer be changed"}
		}
		if err := tx.DeleteNAPAction(ctx, actionID); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "nap.action.delete", Kind: "nap-action", RecordID: actionID,
			Summary: fmt.Sprintf("action %q removed from plan %d", cur.Title, napID), Before: cur})
	})
}

// ProposeAction adds a draft action for one matrix field to the State's
// current draft plan (the newest plan in status draft), under the normal
// policy (the State's editors and coordinators), audited: status planned,
// elements [fieldID], due at the end of the plan period. It answers
// model.Problems{"plan": ...} when the State has no draft plan the viewer
// may change. (Contract: the matrix's gap analysis calls it.)
func (s *NAPs) ProposeAction(ctx context.Context, v model.Viewer, state, fieldID, title string) (model.NAPAction, error) {
	st := s.cat.State(state)
	if st == nil {
		return model.NAPAction{}, model.Problems{"state": "there is no State with the code " + strconv.Quote(state)}
	}
	f, ok := s.tax.Field(strings.TrimSpace(fieldID))
	if !ok {
		return model.NAPAction{}, model.Problems{"elements": fmt.Sprintf("%q is not a matrix data field", fieldID)}
	}
	drafts, err := s.db.NAPs(ctx, v, model.NAPFilter{States: []string{st.Code}, Status: model.NAPDraft})
	if err != nil {
		return model.NAPAction{}, err
	}
	var plan *model.NAP
	for i := range drafts {
		if plan == nil || drafts[i].ID > plan.ID {
			plan = &drafts[i]
		}
	}
	if plan == nil || !policy.CanWrite(v, policy.NAPRecord(*plan)) {
		return model.NAPAction{}, model.Problems{"plan": fmt.Sprintf("%s has no draft plan that you may change; start a draft plan first", st.Name)}
	}
	title = strings.TrimSpace(title)
	if title == "" {
		title = "Address matrix field " + f.ID + ": " + f.Label
		if len(title) > 300 {
			title = title[:300]
		}
	}
	due := fmt.Sprintf("%d-12-31", plan.PeriodEnd)
	in := model.NAPActionInput{Title: &title, Due: &due, Section: model.Ptr("NAP-05"), Elements: &[]string{f.ID},
		Comment: "proposed from the matrix gap analysis (" + f.ID + ")"}
	var out model.NAPAction
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		n, err := tx.NAPForUpdate(ctx, plan.ID)
		if err != nil {
			return err
		}
		if n.Status != model.NAPDraft {
			return model.Problems{"plan": "the draft plan changed status meanwhile; try again"}
		}
		a, err := s.createAction(ctx, tx, v, n, in, "proposed for matrix field "+f.ID)
		out = a
		return err
	})
	return out, err
}

// --- submissions and diffs ---

// Submissions lists a plan's numbered submissions (without their frozen
// copies).
func (s *NAPs) Submissions(ctx context.Context, v model.Viewer, napID int64) ([]model.NAPSubmission, error) {
	if _, err := s.Get(ctx, v, napID); err != nil {
		return nil, err
	}
	rows, err := s.db.NAPSubmissions(ctx, napID, false)
	if err != nil {
		return nil, err
	}
	out := make([]model.NAPSubmission, len(rows))
	for i, r := range rows {
		out[i] = r.NAPSubmission
	}
	return out, nil
}

func decodeSnapshot(js string) (model.NAPSnapshot, error) {
	var snap model.NAPSnapshot
	if err := json.Unmarshal([]byte(js), &snap); err != nil {
		return snap, fmt.Errorf("service: submission snapshot: %w", err)
	}
	if snap.Plan.Sections == nil {
		snap.Plan.Sections = map[string]string{}
	}
	return snap, nil
}

// snapshotOf resolves a diff reference on plan n: "N" (submission N),
// "current" (the plan as it is now), "replaced" (the plan n replaces: its
// latest submission, or the plan as it is now when it has none) or
// "replaced:N" (submission N of the replaced plan). field names the
// parameter for problems.
func (s *NAPs) snapshotOf(ctx context.Context, v model.Viewer, n model.NAP, ref, field string) (string, model.NAPSnapshot, error) {
	ref = strings.TrimSpace(ref)
	bad := model.Problems{field: "give a submission number, current, replaced or replaced:N"}
	plan := n
	label := ""
	if r, ok := strings.CutPrefix(ref, "replaced"); ok {
		if n.Replaces == 0 {
			return "", model.NAPSnapshot{}, model.Problems{field: "this plan does not replace another plan"}
		}
		prev, err := s.Get(ctx, v, n.Replaces)
		if err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return "", model.NAPSnapshot{}, model.Problems{field: "the plan this one replaces is not available to you"}
			}
			return "", model.NAPSnapshot{}, err
		}
		plan = prev.NAP
		label = fmt.Sprintf("replaced plan %d, ", plan.ID)
		switch {
		case r == "":
			subs, err := s.db.NAPSubmissions(ctx, plan.ID, true)
			if err != nil {
				return "", model.NAPSnapshot{}, err
			}
			if len(subs) == 0 {
				ref = "current"
			} else {
				ref = strconv.Itoa(subs[len(subs)-1].Number)
			}
		case strings.HasPrefix(r, ":"):
			ref = r[1:]
		default:
			return "", model.NAPSnapshot{}, bad
		}
	}
	if ref == "current" || ref == "" {
		actions, err := s.db.NAPActions(ctx, plan.ID)
		if err != nil {
			return "", model.NAPSnapshot{}, err
		}
		return label + "as it is now", model.Snapshot(plan, actions), nil
	}
	num, err := strconv.Atoi(ref)
	if err != nil || num <= 0 {
		return "", model.NAPSnapshot{}, bad
	}
	row, err := s.db.NAPSubmission(ctx, plan.ID, num)
	if err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return "", model.NAPSnapshot{}, model.Problems{field: fmt.Sprintf("plan %d has no submission %d", plan.ID, num)}
		}
		return "", model.NAPSnapshot{}, err
	}
	snap, err := decodeSnapshot(row.SnapshotJSON)
	if err != nil {
		return "", model.NAPSnapshot{}, err
	}
	return fmt.Sprintf("%ssubmission %d (%s)", label, num, row.SubmittedAt.Format("2 January 2006")), snap, nil
}

// Diff compares two states of a plan: from and to are submission numbers,
// "current", "replaced" or "replaced:N". Empty from means the latest
// submission (or the replaced plan when there is none); empty to means
// current.
func (s *NAPs) Diff(ctx context.Context, v model.Viewer, napID int64, from, to string) (model.NAPDiff, error) {
	n, err := s.Get(ctx, v, napID)
	if err != nil {
		return model.NAPDiff{}, err
	}
	if from == "" {
		subs, err := s.db.NAPSubmissions(ctx, napID, false)
		if err != nil {
			return model.NAPDiff{}, err
		}
		switch {
		case len(subs) > 0:
			from = strconv.Itoa(subs[len(subs)-1].Number)
		case n.Replaces != 0:
			from = "replaced"
		default:
			return model.NAPDiff{}, model.Problems{"from": "this plan has no submission yet and replaces no plan: there is nothing to compare with"}
		}
	}
	if to == "" {
		to = "current"
	}
	fl, fs, err := s.snapshotOf(ctx, v, n.NAP, from, "from")
	if err != nil {
		return model.NAPDiff{}, err
	}
	tl, ts, err := s.snapshotOf(ctx, v, n.NAP, to, "to")
	if err != nil {
		return model.NAPDiff{}, err
	}
	return model.DiffSnapshots(fl, fs, tl, ts), nil
}

// --- demo content ---

// IllustrativePlan is a demo plan written in one go, with its back-dated
// history, marked illustrative.
type IllustrativePlan struct {
	NAP         model.NAP
	Actions     []IllustrativeAction
	Submissions []time.Time // when it was submitted (numbered in order)
	CreatedAt   time.Time
}

// IllustrativeAction is a demo action with its history.
type IllustrativeAction struct {
	Action  model.NAPAction
	History []model.ActionChange // oldest first; the last one is the action's state
}

// CreateIllustrative writes a demo plan (napx itself acting), audited and
// marked illustrative. The plan's status, sharing and visibility are taken
// as given. Each submission freezes the plan as it stood on its date: the
// actions that existed then, with the status and progress their history
// gives for that day. It returns the plan and its actions (in the order
// given).
func (s *NAPs) CreateIllustrative(ctx context.Context, v model.Viewer, p IllustrativePlan) (model.NAP, []model.NAPAction, error) {
	n := p.NAP
	n.Illustrative = true
	n.Visibility = policy.NAPVisibility(n.Status, len(n.SharedWith) > 0)
	n.CreatedAt = p.CreatedAt
	n.UpdatedAt = p.CreatedAt
	for _, ia := range p.Actions {
		if k := len(ia.History); k > 0 && ia.History[k-1].At.After(n.UpdatedAt) {
			n.UpdatedAt = ia.History[k-1].At
		}
	}
	if n.Sections == nil {
		n.Sections = map[string]string{}
	}
	var actions []model.NAPAction
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateNAP(ctx, &n); err != nil {
			return err
		}
		for _, ia := range p.Actions {
			a := ia.Action
			a.NAPID = n.ID
			if k := len(ia.History); k > 0 {
				a.CreatedAt, a.UpdatedAt = ia.History[0].At, ia.History[k-1].At
				a.Status, a.Progress = ia.History[k-1].Status, ia.History[k-1].Progress
			}
			if a.Elements == nil {
				a.Elements = []string{}
			}
			if a.Supporting == nil {
				a.Supporting = []string{}
			}
			for _, e := range a.Elements {
				if !s.tax.Has(e) {
					return fmt.Errorf("demo action %q: unknown matrix field %s", a.Title, e)
				}
			}
			if err := tx.CreateNAPAction(ctx, &a); err != nil {
				return err
			}
			for _, h := range ia.History {
				h.ActionID = a.ID
				if err := tx.AddActionChange(ctx, &h); err != nil {
					return err
				}
			}
			actions = append(actions, a)
		}
		for _, at := range p.Submissions {
			var asOf []model.NAPAction
			for i, ia := range p.Actions {
				a, ok := stateOn(actions[i], ia.History, at)
				if ok {
					asOf = append(asOf, a)
				}
			}
			plan := n
			plan.Status = model.NAPSubmitted
			snap := model.Snapshot(plan, asOf)
			b, err := json.Marshal(snap)
			if err != nil {
				return err
			}
			sub := model.NAPSubmission{NAPID: n.ID, SubmittedAt: at, SubmittedBy: "illustrative point of contact", PlanVersion: n.Version, Snapshot: snap}
			if err := tx.CreateNAPSubmission(ctx, &sub, string(b)); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "nap.create", Kind: "nap", RecordID: n.ID,
			Summary: fmt.Sprintf("illustrative plan %q for %s (%d actions, %d submissions)", n.Title, n.State, len(actions), len(p.Submissions)), After: n})
	})
	return n, actions, err
}

// stateOn is an action as its history says it stood at t; false when it
// did not exist yet.
func stateOn(a model.NAPAction, hist []model.ActionChange, t time.Time) (model.NAPAction, bool) {
	if len(hist) == 0 {
		return a, true
	}
	found := false
	for _, h := range hist {
		if h.At.After(t) {
			break
		}
		a.Status, a.Progress, found = h.Status, h.Progress, true
	}
	return a, found
}
