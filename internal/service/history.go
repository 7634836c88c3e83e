package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// History keeps recorded history with its provenance (issue 16, items 2
// and 3): each dated step of a record — a national report's date, a
// plan's adoption, each submission, its publication, a matrix edition's
// approval — is a fact with its claims: the date, the source that says so
// and who recorded it when, kept apart from the moment it was typed in.
// When two sources disagree the fact is disputed, shown so everywhere,
// until the Committee decides with a reason; the decision is one more
// entry, and every claim stays.
//
// Facts are read and written under their record: whoever may not read the
// record finds no fact of it.
type History struct {
	db  *store.DB
	cat *refdata.Catalog
	now func() time.Time
}

// Today is the calendar day the services see (UTC).
func (h *History) Today() model.Date { return model.DateOf(h.now().UTC()) }

// FactView is a fact as one viewer sees it, with what it is about and
// what the viewer may do.
type FactView struct {
	model.Fact
	StateName string
	Subject   string // what the fact is about, in words: "Submission 1 of “…”"
	// SubjectMsg is Subject as a message, for the reader's language.
	SubjectMsg model.Message `json:"-"`
	PlanID     int64         // the plan (facts of a plan and of its submissions)
	Edition    int           // the edition's number (matrix approvals)
	// CanClaim: the viewer may record another source; CanResolve: the
	// viewer decides between the sources (the Committee), while disputed.
	CanClaim, CanResolve bool
}

// subject is what the policy and the pages need of a fact's record.
type subject struct {
	rec     policy.Record
	state   string
	text    string
	msg     model.Message // text as a message
	planID  int64
	edition int
	floors  []model.Floor
}

// floorsOf are the bounds every date of state's records keeps: the
// State's UN membership, and the resolution for a 1540 record.
func (h *History) floorsOf(state string, is1540 bool) []model.Floor {
	var out []model.Floor
	if is1540 {
		out = append(out, model.Floor1540)
	}
	if st := h.cat.State(state); st != nil {
		out = append(out, model.MembershipFloor(st.Name, st.UNMemberSince))
	}
	return out
}

// subjectOf reads the record a fact belongs to (as it is now).
func (h *History) subjectOf(ctx context.Context, c *store.Conn, f model.Fact) (subject, error) {
	switch f.Kind {
	case model.FactKindReport:
		r, err := c.NationalReport(ctx, f.RecordID)
		if err != nil {
			return subject{}, err
		}
		return subject{rec: policy.ReportRecord(r), state: r.State, text: r.Name(), msg: reportSubject(r), floors: h.floorsOf(r.State, true)}, nil
	case model.FactKindNAP:
		n, err := c.NAP(ctx, f.RecordID)
		if err != nil {
			return subject{}, err
		}
		return subject{rec: policy.NAPRecord(n), state: n.State, text: fmt.Sprintf("“%s” (%s)", n.Title, n.Period()), planID: n.ID,
			msg:    model.Msg("svcchecks.subj.plan", model.ArgText(n.Title), model.ArgText(n.Period())),
			floors: h.floorsOf(n.State, n.Type == model.NAPType1540)}, nil
	case model.FactKindSubmission:
		s, err := c.NAPSubmissionByID(ctx, f.RecordID)
		if err != nil {
			return subject{}, err
		}
		n, err := c.NAP(ctx, s.NAPID)
		if err != nil {
			return subject{}, err
		}
		return subject{rec: policy.NAPRecord(n), state: n.State, text: fmt.Sprintf("submission %d of “%s” (%s)", s.Number, n.Title, n.Period()),
			msg:    model.Msg("svcchecks.subj.submission", model.ArgNum(s.Number), model.ArgText(n.Title), model.ArgText(n.Period())),
			planID: n.ID, floors: h.floorsOf(n.State, true)}, nil
	case model.FactKindEdition:
		e, err := c.MatrixEditionByID(ctx, f.RecordID)
		if err != nil {
			return subject{}, err
		}
		return subject{rec: policy.MatrixRecord(e.State, e.Status), state: e.State, edition: e.Number,
			text: fmt.Sprintf("edition %d of the 1540 matrix of %s", e.Number, h.cat.OrgName(e.State)),
			msg:  model.Msg("svcchecks.subj.edition", model.ArgNum(e.Number), model.ArgOrg(e.State)), floors: h.floorsOf(e.State, true)}, nil
	}
	return subject{}, fmt.Errorf("history: unknown kind %q", f.Kind)
}

func (h *History) view(v model.Viewer, f model.Fact, s subject) FactView {
	return FactView{Fact: f, StateName: h.cat.OrgName(s.state), Subject: s.text, SubjectMsg: s.msg, PlanID: s.planID, Edition: s.edition,
		CanClaim: policy.RecordOn(v, s.rec) == nil, CanResolve: f.Disputed && policy.Resolve(v, s.rec) == nil}
}

// Fact returns one fact with its claims, if v may read its record.
func (h *History) Fact(ctx context.Context, v model.Viewer, id int64) (FactView, error) {
	f, err := h.db.Fact(ctx, id)
	if err != nil {
		return FactView{}, err
	}
	s, err := h.subjectOf(ctx, &h.db.Conn, f)
	if err != nil {
		return FactView{}, err
	}
	if err := policy.Read(v, s.rec); err != nil {
		return FactView{}, err
	}
	return h.view(v, f, s), nil
}

// Disputed lists the disputed facts v may read, of state (every State
// when state is ""): what awaits the Committee's decision.
func (h *History) Disputed(ctx context.Context, v model.Viewer, state string) ([]FactView, error) {
	if state != "" && h.cat.State(state) == nil {
		return nil, model.Problems{"state": "there is no State with this code"}
	}
	fs, err := h.db.DisputedFacts(ctx, state)
	if err != nil {
		return nil, err
	}
	out := []FactView{}
	for _, f := range fs {
		s, err := h.subjectOf(ctx, &h.db.Conn, f)
		if errors.Is(err, model.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if policy.CanRead(v, s.rec) {
			full, err := h.db.Fact(ctx, f.ID)
			if err != nil {
				return nil, err
			}
			out = append(out, h.view(v, full, s))
		}
	}
	return out, nil
}

// record writes the first claim of a fact as its step is taken, inside
// the step's transaction (the record was found and decided on already).
func (h *History) record(ctx context.Context, tx *store.Tx, v model.Viewer, owner, kind string, recordID int64, fact string, d model.Dated) (model.Fact, error) {
	who, org := actor(v)
	f := model.Fact{Owner: owner, Kind: kind, RecordID: recordID, Fact: fact, Value: d.On}
	c := model.Claim{Entry: model.EntryClaim, Value: d.On, Recorded: d.Recorded, Source: d.Source, RecordedBy: who, RecordedByOrg: org}
	if err := tx.CreateFact(ctx, &f, &c); err != nil {
		return f, err
	}
	return f, nil
}

// lockedFact reads a fact for a write, locked, with its record, and
// decides visibility: ErrNotFound whatever the input for whoever may not
// read the record.
func (h *History) lockedFact(ctx context.Context, tx *store.Tx, v model.Viewer, id int64) (model.Fact, subject, error) {
	f, err := tx.Fact(ctx, id)
	if err != nil {
		return f, subject{}, err
	}
	s, err := h.subjectOf(ctx, &tx.Conn, f)
	if err != nil {
		return f, s, err
	}
	if err := policy.Read(v, s.rec); err != nil {
		return f, s, err
	}
	return f, s, nil
}

// AddClaim records one more source for a fact: the date it gives. When it
// gives another date than the one in force, the fact becomes disputed
// (shown so everywhere) until the Committee decides. The State's editors
// record sources of its records, the Committee level what it received.
func (h *History) AddClaim(ctx context.Context, v model.Viewer, id int64, input Input[model.ClaimInput]) (FactView, error) {
	var out FactView
	err := h.db.Write(ctx, func(tx *store.Tx) error {
		f, s, err := h.lockedFact(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := policy.RecordOn(v, s.rec); err != nil {
			return err
		}
		in, err := input.read(model.ClaimInput{})
		if err != nil {
			return err
		}
		d, probs := in.Validate(h.Today(), "the "+strings.TrimSuffix(model.FactLabel(f.Fact), " to the 1540 Committee"), s.floors...)
		if len(probs) > 0 {
			return probs
		}
		who, org := actor(v)
		c := model.Claim{FactID: f.ID, Entry: model.EntryClaim, Value: d.On, Recorded: true, Source: d.Source, RecordedBy: who, RecordedByOrg: org}
		if err := tx.AddClaim(ctx, &c); err != nil {
			return err
		}
		before := f
		f.Claims = append(f.Claims, c)
		if c.Value != f.Value {
			f.Disputed = true
		}
		if err := tx.UpdateFact(ctx, &f); err != nil {
			return err
		}
		summary := fmt.Sprintf("source recorded for %s (%s): %s %s — source: %s", s.text, s.state, model.FactLabel(f.Fact), d.On, d.Source.Label())
		if f.Disputed && !before.Disputed {
			summary += fmt.Sprintf("; disputed: the date in force is %s", f.Value)
		}
		out = h.view(v, f, s)
		return tx.Audit(ctx, v, store.AuditRecord{Action: "history.claim", Kind: "history_fact", RecordID: f.ID, Summary: summary, Before: before, After: f})
	})
	return out, err
}

// Resolve is the Committee's decision on a disputed fact: the date in
// force, one of those the sources give, and why. The record's date
// becomes the decided one; the claims stay, and the decision is kept
// beside them.
func (h *History) Resolve(ctx context.Context, v model.Viewer, id int64, input Input[model.ResolutionInput]) (FactView, error) {
	var out FactView
	err := h.db.Write(ctx, func(tx *store.Tx) error {
		f, s, err := h.lockedFact(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := policy.Resolve(v, s.rec); err != nil {
			return err
		}
		in, err := input.read(model.ResolutionInput{})
		if err != nil {
			return err
		}
		if err := model.CheckVersion(in.Version, f.Version); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return conflict(h.view(v, f, s), "svcchecks.conflict.fact", model.ArgNum(int(in.Version)), model.ArgNum(int(f.Version)))
			}
			return err
		}
		if !f.Disputed {
			return conflict(h.view(v, f, s), "svcchecks.conflict.nodispute")
		}
		d, reason, probs := in.Validate(f)
		if len(probs) > 0 {
			return probs
		}
		who, org := actor(v)
		c := model.Claim{FactID: f.ID, Entry: model.EntryResolution, Value: d, Recorded: true, Reason: reason, RecordedBy: who, RecordedByOrg: org}
		if err := tx.AddClaim(ctx, &c); err != nil {
			return err
		}
		before := f
		f.Claims = append(f.Claims, c)
		f.Value, f.Disputed, f.Resolved = d, false, true
		if err := tx.UpdateFact(ctx, &f); err != nil {
			return err
		}
		if err := tx.SetRecordDate(ctx, f.Kind, f.RecordID, f.Fact, d); err != nil {
			return err
		}
		out = h.view(v, f, s)
		return tx.Audit(ctx, v, store.AuditRecord{Action: "history.resolve", Kind: "history_fact", RecordID: f.ID,
			Summary: fmt.Sprintf("dispute resolved for %s (%s): %s %s — reason: %s", s.text, s.state, model.FactLabel(f.Fact), d, reason), Before: before, After: f})
	})
	return out, err
}

// Dating is a fact as it goes with its record on a page or in the API:
// the date in force, its provenance and whether it is disputed. A step
// taken before recorded history was kept has no fact (ID 0): its date is
// napx's own record of it.
type Dating struct {
	model.Fact
	InForce model.Claim
}

// Recorded reports whether the date in force was given by a person after
// the fact (with its source), not stamped as it happened.
func (d Dating) Recorded() bool { return d.InForce.Recorded }

// datings returns the facts of refs (records the caller has read for the
// viewer already), keyed by record and fact.
func (h *History) datings(ctx context.Context, c *store.Conn, refs []store.FactRef) (map[store.FactRef]map[string]Dating, error) {
	facts, err := c.FactsOf(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := map[store.FactRef]map[string]Dating{}
	for ref, fs := range facts {
		m := map[string]Dating{}
		for _, f := range fs {
			m[f.Fact] = Dating{Fact: f, InForce: f.InForce()}
		}
		out[ref] = m
	}
	return out, nil
}

// reportSubject is what a fact of national report r is about, as a
// message: its title as written, else its type and date.
func reportSubject(r model.NationalReport) model.Message {
	if r.Title != "" {
		return model.Msg("svcchecks.subj.titled", model.ArgText(r.Title))
	}
	return model.Msg("svcchecks.subj.report", model.ArgKey("history.rtype."+string(r.Type)), model.ArgDate(r.Date))
}
