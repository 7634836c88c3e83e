package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Audit reads and checks the audit log. Writes reach it through every
// other service, inside their transactions.
type Audit struct {
	db     *store.DB
	cat    *refdata.Catalog
	events *Events
	notify *Notifications // the record a notice's entry is about
	// assistance reads a request's record for its entries.
	assistance *Assistance
}

// AuditView is an audit entry as one administrator may see it: always its
// time, actor, action, kind and record ID; its summary and before/after
// only when policy.AuditDetails allows, else Withheld says why.
type AuditView struct {
	model.AuditEntry
	Withheld string // e.g. "details withheld: private to Croatia"
	// WithheldMsg is Withheld as a message, for the reader's language.
	WithheldMsg model.Message `json:"-"`
}

// Entries lists audit entries for an administrator (or napx itself), with
// the details of records the administrator may not read withheld
// (policy.AuditDetails).
func (a *Audit) Entries(ctx context.Context, v model.Viewer, f model.AuditFilter) ([]AuditView, error) {
	if !v.IsAdmin() && !v.IsSystem() {
		if !v.SignedIn() {
			return nil, model.ErrUnauthenticated
		}
		return nil, model.ErrNotFound
	}
	p := model.Problems{}
	for field, v := range map[string]string{"actor": f.Actor, "kind": f.Kind, "action": f.Action, "record": f.RecordID} {
		if msg := model.LineProblem(v, 254); msg != "" {
			p.Add(field, "%s", msg)
		}
	}
	if len(p) > 0 {
		return nil, p
	}
	es, err := a.db.AuditEntries(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]AuditView, len(es))
	records := map[string]*policy.Record{} // kind/id -> record (nil: not protected)
	for i, e := range es {
		out[i].AuditEntry = e
		key := e.Kind + "/" + e.RecordID
		rec, seen := records[key]
		if !seen {
			if rec, err = a.recordOf(ctx, e); err != nil {
				return nil, err
			}
			records[key] = rec
		}
		if !policy.AuditDetails(v, rec) {
			out[i].Summary, out[i].Before, out[i].After = "", "", ""
			out[i].Withheld = "details withheld: " + a.whose(rec)
			out[i].WithheldMsg = a.withheldMsg(rec)
		}
	}
	return out, nil
}

// gone is the record of an entry whose record no longer exists (or was
// never found): nobody but napx itself reads its details.
var gone = &policy.Record{Visibility: model.VisPrivate}

// whose says, in words, who the withheld record belongs to.
func (a *Audit) whose(rec *policy.Record) string {
	if rec == gone || rec.Owner == "" {
		return "the record is no longer there to decide who may read it"
	}
	name := rec.Owner
	if a.cat != nil {
		name = a.cat.OrgName(rec.Owner)
	}
	switch rec.Visibility {
	case model.VisCommittee:
		return "at the 1540 Committee's level, " + name + "'s"
	case model.VisShared, model.VisParticipants:
		return "shared by " + name + " with others"
	}
	return "private to " + name
}

// withheldMsg is whose, as a message for the reader's language.
func (a *Audit) withheldMsg(rec *policy.Record) model.Message {
	if rec == gone || rec.Owner == "" {
		return model.Msg("svcchecks.withheld.gone")
	}
	names := model.ArgOrg(rec.Owner)
	switch rec.Visibility {
	case model.VisCommittee:
		return model.Msg("svcchecks.withheld.committee", names)
	case model.VisShared, model.VisParticipants:
		return model.Msg("svcchecks.withheld.shared", names)
	}
	return model.Msg("svcchecks.withheld.private", names)
}

// recordOf returns the protected record an audit entry is about, as it is
// now (nil for kinds the policy does not protect), read with the ordinary
// rules of each feature.
func (a *Audit) recordOf(ctx context.Context, e model.AuditEntry) (*policy.Record, error) {
	id, _ := strconv.ParseInt(e.RecordID, 10, 64)
	found := func(r policy.Record, err error) (*policy.Record, error) {
		if errors.Is(err, model.ErrNotFound) {
			return gone, nil
		}
		if err != nil {
			return nil, err
		}
		return &r, nil
	}
	plan := func(napID int64) (policy.Record, error) {
		n, err := a.db.NAP(ctx, napID)
		return policy.NAPRecord(n), err
	}
	event := func(eventID int64, err error) (policy.Record, error) {
		if err != nil {
			return policy.Record{}, err
		}
		ev, err := a.db.Event(ctx, eventID)
		if err != nil {
			return policy.Record{}, err
		}
		return a.events.record(ctx, &a.db.Conn, ev)
	}
	switch e.Kind {
	case "nap":
		return found(plan(id))
	case "nap-action":
		act, err := a.db.NAPAction(ctx, id)
		if err != nil {
			return found(policy.Record{}, err)
		}
		return found(plan(act.NAPID))
	case "poc":
		p, err := a.db.PointOfContact(ctx, id)
		return found(pocRecord(p), err)
	case "event":
		return found(event(id, nil))
	case "event-participant":
		p, err := a.db.Participant(ctx, id)
		return found(event(p.EventID, err))
	case "event-followup":
		f, err := a.db.FollowUp(ctx, id)
		return found(event(f.EventID, err))
	case "event-material":
		m, err := a.db.Material(ctx, id)
		return found(event(m.EventID, err))
	case "event-session":
		s, err := a.db.EventSession(ctx, id)
		return found(event(s.EventID, err))
	case "event-lesson":
		return gone, nil // a lesson is kept by its event; its entry names no event
	case "assistance":
		return found(a.assistance.auditRecord(ctx, id))
	case "programme":
		g, err := a.db.Programme(ctx, id)
		return found(policy.ProgrammeRecord(g), err)
	case "matrix_edition", "matrix_cell", "matrix_comment":
		return a.matrixRecord(ctx, e)
	case "notification":
		// "told to N accounts": the notice's record ("nap:12"); a notice
		// about no record (an account's own security) is not protected.
		ref := model.ParseRecordRefs(e.RecordID)
		if len(ref) == 0 || ref[0].IsZero() || a.notify == nil {
			return nil, nil
		}
		info, err := a.notify.resolve(ctx, ref[0])
		return found(info.Record, err)
	}
	return nil, nil
}

// matrixRecord: an edition's entries carry "STATE/number[/field]"; who
// changed what in a matrix is Committee-level (policy.MatrixDetailsVisible),
// whatever the edition's status.
func (a *Audit) matrixRecord(ctx context.Context, e model.AuditEntry) (*policy.Record, error) {
	state, rest, _ := strings.Cut(e.RecordID, "/")
	if e.Kind == "matrix_comment" {
		// A comment's entry names the comment, its summary the State.
		if i := strings.Index(e.Summary, "'s matrix"); i > 3 {
			state = e.Summary[i-3 : i]
		}
		rest = ""
	}
	if a.cat == nil || a.cat.State(state) == nil {
		return gone, nil
	}
	rec := policy.Record{Owner: state, Visibility: model.VisCommittee}
	if num, _, _ := strings.Cut(rest, "/"); num != "" {
		n, err := strconv.Atoi(num)
		if err != nil {
			return gone, nil
		}
		ed, err := a.db.MatrixEdition(ctx, state, n)
		if errors.Is(err, model.ErrNotFound) {
			return gone, nil
		}
		if err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		if ed.Status.Visibility() != model.VisPublic {
			rec.Visibility = ed.Status.Visibility()
		}
	}
	return &rec, nil
}

// Verify checks the whole hash chain. It returns how many entries were
// checked and, when the chain is broken, a *store.AuditProblem naming the
// first bad entry.
func (a *Audit) Verify(ctx context.Context) (int64, error) {
	return a.db.VerifyAudit(ctx)
}
