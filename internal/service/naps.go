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
	db      *store.DB
	cat     *refdata.Catalog
	tax     *refdata.Taxonomy
	now     func() time.Time
	history *History // the dates of adoption, submissions and publication, with their sources
	// stats are the plans' figures under the data version (issue 13).
	stats *versioned[int64, store.NAPStats]
	// progress are the plans' progress series (the chart), likewise.
	progress versioned[int64, []ProgressPoint]
	details  versioned[int64, keptDetails]
	// notify tells followers of published plans (set by service.New).
	notify *Notifications
}

func newNAPs(d Deps) *NAPs {
	tax, err := refdata.LoadTaxonomy()
	if err != nil {
		// The taxonomy is compiled into the binary and checked by its tests.
		panic(err)
	}
	return &NAPs{db: d.DB, cat: d.Catalog, tax: tax, now: d.Now, stats: newVersioned[int64, store.NAPStats](20000)}
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
	CanRevise     bool // editors and coordinators of the State, once the plan is no longer a draft
	// The coordinator's next steps, by the workflow of the plan's type.
	CanAdopt, CanSubmit, CanPublish bool
	// readBy is the viewer the service read the plan for: a NAPView made
	// anywhere else carries none, so Details refuses it.
	readBy *model.Account
}

func (s *NAPs) view(v model.Viewer, n model.NAP) NAPView {
	rec := policy.NAPRecord(n)
	view := NAPView{NAP: n, StateName: s.cat.OrgName(n.State),
		CanEdit:       policy.CanWrite(v, rec) && n.Status.Editable(),
		CanCoordinate: policy.CanCoordinate(v, rec) && n.Status.Editable(),
		CanRevise:     policy.CanCreate(v, n.State) && n.Status != model.NAPDraft,
		readBy:        readerOf(v)}
	if view.CanCoordinate {
		_, submit := n.SubmitTo()
		view.CanAdopt, view.CanSubmit, view.CanPublish = n.CanMoveTo(model.NAPAdopted), submit, n.CanMoveTo(model.NAPPublished)
	}
	return view
}

// readerOf is who a view was read for (a non-nil marker for anonymous
// visitors too).
func readerOf(v model.Viewer) *model.Account {
	if v.Account != nil {
		return v.Account
	}
	return anonymous
}

var anonymous = &model.Account{}

// PlanDetails is what goes with a plan on its own: its actions, their
// roll-up, the key-element check and its submissions.
type PlanDetails struct {
	Actions      []model.NAPAction
	Rollup       PlanRollup
	Completeness []ElementCheck
	Submissions  []model.NAPSubmission
	// Dated are the plan's dated steps with their provenance: "adopted"
	// and "published" of the plan, and each submission's "submitted" by
	// its number.
	Adopted, Published Dating
	Submitted          map[int]Dating
}

// Details returns what goes with a plan the service has just read for v
// (Get, or the answer of a write): the plan is not read again. A view the
// service did not make for v is ErrNotFound.
func (s *NAPs) Details(ctx context.Context, v model.Viewer, n NAPView) (PlanDetails, error) {
	if n.readBy == nil || n.readBy != readerOf(v) {
		return PlanDetails{}, model.ErrNotFound
	}
	// The same for every reader of the plan: kept under the data version
	// (issue 13); the callers must not change it.
	day := s.Today().String()
	if d, ok := s.details.get(ctx, day, n.ID); ok && d.version == n.Version {
		return d.PlanDetails, nil
	}
	d, err := s.details1(ctx, n)
	if err == nil {
		s.details.put(ctx, day, n.ID, keptDetails{d, n.Version})
	}
	return d, err
}

// keptDetails are a plan's details with the plan's version they go with.
type keptDetails struct {
	PlanDetails
	version int64
}

func (s *NAPs) details1(ctx context.Context, n NAPView) (PlanDetails, error) {
	actions, err := s.db.NAPActions(ctx, n.ID)
	if err != nil {
		return PlanDetails{}, err
	}
	rows, err := s.db.NAPSubmissions(ctx, n.ID, false)
	if err != nil {
		return PlanDetails{}, err
	}
	subs := make([]model.NAPSubmission, len(rows))
	refs := []store.FactRef{{Kind: model.FactKindNAP, RecordID: n.ID}}
	for i, r := range rows {
		subs[i] = r.NAPSubmission
		refs = append(refs, store.FactRef{Kind: model.FactKindSubmission, RecordID: r.ID})
	}
	dated, err := s.history.datings(ctx, &s.db.Conn, refs)
	if err != nil {
		return PlanDetails{}, err
	}
	d := PlanDetails{Actions: actions, Rollup: s.RollupOf(n.NAP, actions), Completeness: s.Completeness(n.NAP, actions, len(subs)), Submissions: subs,
		Adopted: dated[refs[0]][model.FactAdopted], Published: dated[refs[0]][model.FactPublished], Submitted: map[int]Dating{}}
	for i, sub := range subs {
		if x, ok := dated[refs[i+1]][model.FactSubmitted]; ok {
			d.Submitted[sub.Number] = x
		}
	}
	return d, nil
}

// CanStart reports whether v may start a plan for state (its editors and
// coordinators).
func (s *NAPs) CanStart(v model.Viewer, state string) bool {
	o, ok := s.cat.Org(state)
	return ok && o.Kind == model.OrgState && policy.CanCreate(v, state)
}

// CheckStart is CanStart as the error a refused start gets.
func (s *NAPs) CheckStart(v model.Viewer, state string) error {
	if o, ok := s.cat.Org(state); !ok || o.Kind != model.OrgState {
		return model.ErrForbidden
	}
	return policy.Create(v, state)
}

// GetForEdit is Get for a change: the plan as v may read it, and
// ErrForbidden (or ErrNotFound) when v may not change it.
func (s *NAPs) GetForEdit(ctx context.Context, v model.Viewer, id int64) (NAPView, error) {
	n, err := s.Get(ctx, v, id)
	if err != nil {
		return n, err
	}
	if err := policy.Write(v, policy.NAPRecord(n.NAP)); err != nil {
		return n, err
	}
	return n, nil
}

// Related returns the plans of n's State that v may read, withdrawn ones
// aside, of the other kind (issue 9, item 8): beside a 1540 or CBRN plan,
// the State's own plans of other types; beside such a plan, the State's
// other plans.
func (s *NAPs) Related(ctx context.Context, v model.Viewer, n NAPView) ([]NAPView, error) {
	plans, err := s.db.NAPs(ctx, v, model.NAPFilter{States: []string{n.State}, ExcludeWithdrawn: true})
	if err != nil {
		return nil, err
	}
	var out []NAPView
	for _, x := range plans {
		if x.ID != n.ID && (n.Related() || x.Related()) {
			out = append(out, s.view(v, x))
		}
	}
	return out, nil
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
			bad = append(bad, strconv.Quote(model.CleanLine(c, 20)))
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
	checkTextLanguage(probs, in.Language, "language")
	if len(probs) > 0 {
		return NAPView{}, probs
	}
	n.Visibility = policy.NAPVisibility(n.Status, false)
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateNAP(ctx, &n); err != nil {
			return err
		}
		if err := setTextLanguage(ctx, tx, v, "nap", n.ID, in.Language, "language"); err != nil {
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

// lockedPlan reads plan id for a write: locked (FOR UPDATE) inside tx and
// read once, ErrNotFound when v may not read it — whatever the write's
// input, which is read only after this.
func (s *NAPs) lockedPlan(ctx context.Context, tx *store.Tx, v model.Viewer, id int64) (model.NAP, error) {
	n, err := tx.NAPForUpdate(ctx, id)
	if err != nil {
		return model.NAP{}, err
	}
	if err := policy.Read(v, policy.NAPRecord(n)); err != nil {
		return model.NAP{}, err
	}
	return n, nil
}

// lockedAction reads an action addressed under its plan for a write: the
// plan first, then the action, both locked — the order every plan step
// takes, so an action write and a withdrawal of its plan never overlap
// (the later one waits, then sees the other's result). An action of
// another plan does not exist at that address.
func (s *NAPs) lockedAction(ctx context.Context, tx *store.Tx, v model.Viewer, napID, actionID int64) (model.NAP, model.NAPAction, error) {
	n, err := s.lockedPlan(ctx, tx, v, napID)
	if err != nil {
		return model.NAP{}, model.NAPAction{}, err
	}
	a, err := tx.NAPActionForUpdate(ctx, actionID)
	if err != nil {
		return model.NAP{}, model.NAPAction{}, err
	}
	if a.NAPID != napID {
		return model.NAP{}, model.NAPAction{}, model.ErrNotFound
	}
	return n, a, nil
}

// planConflict is the error for a stale version of a plan, with the plan
// as it is now (read under the write's lock).
func (s *NAPs) planConflict(v model.Viewer, cur model.NAP, sent int64) error {
	return conflict(s.view(v, cur), "svcmore.conflict.plan", model.ArgNum(int(sent)), model.ArgNum(int(cur.Version)))
}

// Update changes a plan: its fields and sections (editors), and its
// sharing or a withdrawal (the coordinator). in.Version must be the
// version read.
func (s *NAPs) Update(ctx context.Context, v model.Viewer, id int64, input Input[model.NAPInput]) (NAPView, error) {
	var out model.NAP
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := s.lockedPlan(ctx, tx, v, id)
		if err != nil {
			return err
		}
		rec := policy.NAPRecord(cur)
		if err := policy.Write(v, rec); err != nil {
			return err
		}
		in, err := input.read(model.NAPInput{})
		if err != nil {
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
		if err := model.CheckVersion(in.Version, cur.Version); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return s.planConflict(v, cur, in.Version)
			}
			return err
		}
		n, probs := in.Apply(cur, false)
		if in.SharedWith != nil {
			n.SharedWith = s.checkShares(*in.SharedWith, probs)
		}
		s.checkReplaces(ctx, v, n, probs)
		checkTextLanguage(probs, in.Language, "language")
		if len(probs) > 0 {
			return probs
		}
		n.Visibility = policy.NAPVisibility(n.Status, len(n.SharedWith) > 0)
		if err := tx.UpdateNAP(ctx, &n); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return s.planConflict(v, cur, in.Version)
			}
			return err
		}
		if err := setTextLanguage(ctx, tx, v, "nap", n.ID, in.Language, "language"); err != nil {
			return err
		}
		out = n
		action, summary := "nap.update", fmt.Sprintf("plan %q changed", n.Title)
		if n.Status != cur.Status {
			action, summary = "nap.withdraw", fmt.Sprintf("plan %q withdrawn", n.Title)
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: action, Kind: "nap", RecordID: n.ID, Summary: summary, Before: cur, After: n})
	})
	if err != nil {
		return NAPView{}, err
	}
	return s.view(v, out), nil
}

// step runs a workflow step on a plan under its row lock: the coordinator
// only; change reads the step's input (after the plan was found and
// decided on) and returns what the audit entry says, or the problems that
// stop the step. A step whose date was recorded from the past is audited
// as recorded history (the action ends in ".recorded").
func (s *NAPs) step(ctx context.Context, v model.Viewer, id int64, action string, change func(tx *store.Tx, n *model.NAP) (stepNote, error)) (NAPView, error) {
	var out model.NAP
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := s.lockedPlan(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := policy.MoveNAP(v, cur); err != nil {
			return err
		}
		n := cur
		n.Sections = cur.Sections
		note, err := change(tx, &n)
		if err != nil {
			return err
		}
		n.Visibility = policy.NAPVisibility(n.Status, len(n.SharedWith) > 0)
		if err := tx.UpdateNAP(ctx, &n); err != nil {
			return err
		}
		for _, f := range note.facts {
			if _, err := s.history.record(ctx, tx, v, n.State, f.kind, f.id, f.fact, f.dated); err != nil {
				return err
			}
		}
		out = n
		if note.recorded {
			action += ".recorded"
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: action, Kind: "nap", RecordID: n.ID, Summary: note.summary, Before: cur, After: n})
	})
	if err != nil {
		return NAPView{}, err
	}
	return s.view(v, out), nil
}

// stepNote is what a step tells the audit log, and the dated facts it
// records.
type stepNote struct {
	summary  string
	recorded bool // the step's date was recorded from the past
	facts    []stepFact
}

type stepFact struct {
	kind, fact string
	id         int64
	dated      model.Dated
}

// provenance is how a dated step reads in the audit log: "on 2018-06-11
// (recorded — source: …)".
func provenance(d model.Dated) string {
	if !d.Recorded {
		return "on " + d.On.String()
	}
	s := "on " + d.On.String() + " (recorded history"
	if !d.Source.IsZero() {
		s += " — source: " + d.Source.Label()
	}
	return s + ")"
}

// floorsOf are the bounds of a plan's dates: the State's UN membership,
// and the resolution for a plan that goes to the Committee.
func (s *NAPs) floorsOf(n model.NAP) []model.Floor {
	return s.history.floorsOf(n.State, model.NAPGoesToCommittee(n.Type))
}

// Adopt records the plan's adoption by authority on a date (YYYY-MM-DD):
// the State's own statement, with the source that says so when it is
// taken from a document.
func (s *NAPs) Adopt(ctx context.Context, v model.Viewer, id int64, input Input[model.NAPAdoption]) (NAPView, error) {
	return s.step(ctx, v, id, "nap.adopt", func(tx *store.Tx, n *model.NAP) (stepNote, error) {
		in, err := input.read(model.NAPAdoption{})
		if err != nil {
			return stepNote{}, err
		}
		p := model.Problems{}
		if msg := n.MoveProblem(model.NAPAdopted); msg != "" {
			p.Add("status", "%s", msg)
		}
		authority := model.Line(p, "authority", in.Authority, 300)
		if authority == "" {
			p.Add("authority", "name the authority that adopted the plan, e.g. the Government")
		}
		if strings.TrimSpace(in.Date) == "" {
			p.Add("date", "enter the adoption date as YYYY-MM-DD")
		}
		d := model.CheckStepDate(p, model.StepDate{Date: in.Date, Source: model.Source{Title: in.Source, URL: in.SourceURL}}, s.Today(),
			"the adoption", false, s.floorsOf(*n)...)
		if len(p) > 0 {
			return stepNote{}, p
		}
		n.Status, n.Authority, n.AdoptedOn = model.NAPAdopted, authority, d.On
		return stepNote{summary: fmt.Sprintf("plan %q adopted by %s %s", n.Title, authority, provenance(d)), recorded: d.Recorded,
			facts: []stepFact{{model.FactKindNAP, model.FactAdopted, n.ID, d}}}, nil
	})
}

// Submit sends the plan to the Committee and freezes a numbered
// submission of it. The submission is dated today, or — recorded from the
// past — on the date given with its source; either way not before the
// plan's adoption or its previous submission.
func (s *NAPs) Submit(ctx context.Context, v model.Viewer, id int64, input Input[model.StepDate]) (NAPView, model.NAPSubmission, error) {
	var sub model.NAPSubmission
	view, err := s.step(ctx, v, id, "nap.submit", func(tx *store.Tx, n *model.NAP) (stepNote, error) {
		in, err := input.read(model.StepDate{})
		if err != nil {
			return stepNote{}, err
		}
		to, ok := n.SubmitTo()
		if !ok {
			return stepNote{}, model.Problems{"status": n.MoveProblem(model.NAPSubmitted)}
		}
		prev, err := tx.NAPSubmissions(ctx, n.ID, false)
		if err != nil {
			return stepNote{}, err
		}
		floors := s.floorsOf(*n)
		if !n.AdoptedOn.IsZero() {
			floors = append(floors, model.Floor{Day: n.AdoptedOn, Reason: "before the plan was adopted (" + n.AdoptedOn.Long() + ")"})
		}
		if len(prev) > 0 {
			last := prev[len(prev)-1].SubmittedOn
			floors = append(floors, model.Floor{Day: last, Reason: "before the plan's previous submission (" + last.Long() + ")"})
		}
		p := model.Problems{}
		d := model.CheckStepDate(p, in, s.Today(), "the submission", true, floors...)
		if len(p) > 0 {
			return stepNote{}, p
		}
		actions, err := tx.NAPActions(ctx, n.ID)
		if err != nil {
			return stepNote{}, err
		}
		n.Status = to
		n.Visibility = policy.NAPVisibility(n.Status, len(n.SharedWith) > 0)
		snap := model.Snapshot(*n, actions)
		snap.Plan.Version = n.Version + 1 // the version the plan has once this step is saved
		b, err := json.Marshal(snap)
		if err != nil {
			return stepNote{}, err
		}
		sub = model.NAPSubmission{NAPID: n.ID, SubmittedOn: d.On, SubmittedBy: v.Label(), PlanVersion: n.Version + 1, Snapshot: snap}
		if err := tx.CreateNAPSubmission(ctx, &sub, string(b)); err != nil {
			return stepNote{}, err
		}
		if sub.Number == 1 {
			n.SubmittedOn = d.On
		}
		if s.notify != nil { // the Committee and its secretariat
			if err := s.notify.Send(ctx, tx, s.napSubmitted(*n, sub, v)); err != nil {
				return stepNote{}, err
			}
		}
		return stepNote{summary: fmt.Sprintf("plan %q submitted to the 1540 Committee %s (submission %d, %d actions)", n.Title, provenance(d), sub.Number, len(actions)),
			recorded: d.Recorded, facts: []stepFact{{model.FactKindSubmission, model.FactSubmitted, sub.ID, d}}}, nil
	})
	return view, sub, err
}

// Publish makes a submitted plan public (or, for a State's own document,
// an adopted one), dated today or — recorded from the past — on the date
// given with its source, not before its first submission (adoption).
func (s *NAPs) Publish(ctx context.Context, v model.Viewer, id int64, input Input[model.StepDate]) (NAPView, error) {
	return s.step(ctx, v, id, "nap.publish", func(tx *store.Tx, n *model.NAP) (stepNote, error) {
		in, err := input.read(model.StepDate{})
		if err != nil {
			return stepNote{}, err
		}
		if msg := n.MoveProblem(model.NAPPublished); msg != "" {
			return stepNote{}, model.Problems{"status": msg}
		}
		floors := s.floorsOf(*n)
		switch {
		case !n.SubmittedOn.IsZero():
			floors = append(floors, model.Floor{Day: n.SubmittedOn, Reason: "before the plan was submitted to the Committee (" + n.SubmittedOn.Long() + ")"})
		case !n.AdoptedOn.IsZero():
			floors = append(floors, model.Floor{Day: n.AdoptedOn, Reason: "before the plan was adopted (" + n.AdoptedOn.Long() + ")"})
		}
		p := model.Problems{}
		d := model.CheckStepDate(p, in, s.Today(), "the publication", true, floors...)
		if len(p) > 0 {
			return stepNote{}, p
		}
		n.Status, n.PublishedOn = model.NAPPublished, d.On
		if s.notify != nil { // followers of the plan, its State and the State's groups
			if err := s.notify.Send(ctx, tx, s.notify.napPublished(*n, s.cat.OrgName(n.State), v)); err != nil {
				return stepNote{}, err
			}
		}
		return stepNote{summary: fmt.Sprintf("plan %q published %s", n.Title, provenance(d)), recorded: d.Recorded,
			facts: []stepFact{{model.FactKindNAP, model.FactPublished, n.ID, d}}}, nil
	})
}

// Withdraw withdraws a plan: it is the State's alone again and closed.
// none is the step's body, which must be empty (nil: none).
func (s *NAPs) Withdraw(ctx context.Context, v model.Viewer, id int64, none Input[struct{}]) (NAPView, error) {
	return s.step(ctx, v, id, "nap.withdraw", func(tx *store.Tx, n *model.NAP) (stepNote, error) {
		if _, err := none.read(struct{}{}); err != nil {
			return stepNote{}, err
		}
		if msg := n.MoveProblem(model.NAPWithdrawn); msg != "" {
			return stepNote{}, model.Problems{"status": msg}
		}
		n.Status = model.NAPWithdrawn
		return stepNote{summary: fmt.Sprintf("plan %q withdrawn", n.Title)}, nil
	})
}

// Share sets the organisations and groups the coordinator shares the plan
// with ahead of its status (none: the status alone decides).
func (s *NAPs) Share(ctx context.Context, v model.Viewer, id int64, input Input[[]string]) (NAPView, error) {
	return s.step(ctx, v, id, "nap.share", func(tx *store.Tx, n *model.NAP) (stepNote, error) {
		principals, err := input.read(nil)
		if err != nil {
			return stepNote{}, err
		}
		if !n.Status.Editable() {
			return stepNote{}, model.Problems{"status": "the plan was withdrawn and can no longer be shared"}
		}
		p := model.Problems{}
		n.SharedWith = s.checkShares(principals, p)
		if len(p) > 0 {
			return stepNote{}, p
		}
		if len(n.SharedWith) == 0 {
			return stepNote{summary: fmt.Sprintf("plan %q no longer shared ahead of its status", n.Title)}, nil
		}
		return stepNote{summary: fmt.Sprintf("plan %q shared with %s", n.Title, strings.Join(n.SharedWith, ", "))}, nil
	})
}

// Revise starts a draft that replaces plan id: the sections and the open
// actions are carried over (each new action remembers the one it
// continues), for the next period.
// none is the step's body, which must be empty (nil: none).
func (s *NAPs) Revise(ctx context.Context, v model.Viewer, id int64, none Input[struct{}]) (NAPView, error) {
	prev, err := s.Get(ctx, v, id)
	if err != nil {
		return NAPView{}, err
	}
	if err := policy.Create(v, prev.State); err != nil {
		return NAPView{}, err
	}
	if _, err := none.read(struct{}{}); err != nil {
		return NAPView{}, err
	}
	actions, err := s.db.NAPActions(ctx, id)
	if err != nil {
		return NAPView{}, err
	}
	span := prev.PeriodEnd - prev.PeriodStart
	n := model.NAP{State: prev.State, Type: prev.Type, Title: model.Truncate("Revision of: "+prev.Title, 300), PeriodStart: prev.PeriodEnd + 1,
		PeriodEnd: prev.PeriodEnd + 1 + span, Status: model.NAPDraft, Replaces: prev.ID, Sections: map[string]string{}}
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

// --- submissions and diffs ---

// --- demo content ---
