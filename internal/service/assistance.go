package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Assistance keeps the assistance mechanism (issue 11): the requests on
// the Committee's template and their procedure with its timers (the
// consent window of five UN working days, the one-year follow-up), the
// providers' programmes, offers, explained matching, confirmed matches,
// deliveries, feedback and outcomes.
//
// The field-level rule of the public summary lives in one place,
// (*Assistance).view: whoever does not read a request's details gets the
// request with every other field empty, on pages, in the API and in
// lists alike; lists, counts and searches read only what the policy lets
// the viewer read (store.AssistanceRequests, store.OpenNeedCounts).
type Assistance struct {
	db     *store.DB
	cat    *refdata.Catalog
	codes  *refdata.Assistance
	cal    *refdata.UNCalendar
	tax    *refdata.Taxonomy
	now    func() time.Time
	log    *slog.Logger
	naps   *NAPs
	events *Events
	// sent is told of every notice the procedure gives; it is where the
	// job engine's notifications plug in (nil: none).
	notify noticeSender
}

// noticeSender sends a notice inside the write transaction that causes
// it.
type noticeSender interface {
	send(ctx context.Context, tx *store.Tx, n assistanceNotice) error
}

// WindowDays is the length of the consent window in UN working days.
const WindowDays = 5

func newAssistance(d Deps, naps *NAPs, events *Events) *Assistance {
	return &Assistance{db: d.DB, cat: d.Catalog, codes: refdata.MustLoadAssistance(), cal: refdata.MustLoadUNCalendar(), tax: naps.tax,
		now: d.Now, log: d.Log, naps: naps, events: events}
}

// Codes are the code lists (areas, modalities, languages).
func (s *Assistance) Codes() *refdata.Assistance { return s.codes }

// Calendar is the UN Headquarters calendar the window is counted in.
func (s *Assistance) Calendar() *refdata.UNCalendar { return s.cal }

// Today is the calendar day at Headquarters.
func (s *Assistance) Today() model.Date { return s.cal.DayAt(s.now()) }

// codeSet answers model.AssistanceCodes and model.Labels from the
// reference data.
type codeSet struct{ s *Assistance }

func (c codeSet) IsArea(id string) bool     { return c.s.codes.Area(id) != nil }
func (c codeSet) IsModality(id string) bool { return c.s.codes.Modality(id) != nil }
func (c codeSet) IsLanguage(l string) bool  { return c.s.codes.Language(l) != nil }
func (c codeSet) IsElement(id string) bool  { _, ok := c.s.tax.Field(id); return ok }
func (c codeSet) IsState(code string) bool  { return c.s.cat.State(code) != nil }
func (c codeSet) IsGroup(code string) bool  { return c.s.cat.Group(code) != nil }
func (c codeSet) AreaLabel(id string) string {
	return id + " " + c.s.codes.AreaLabel(id)
}
func (c codeSet) ModalityLabel(id string) string  { return c.s.codes.ModalityLabel(id) }
func (c codeSet) LanguageName(code string) string { return c.s.codes.LanguageName(code) }
func (c codeSet) OrgName(code string) string      { return c.s.cat.OrgName(code) }
func (c codeSet) GroupName(code string) string {
	if g := c.s.cat.Group(code); g != nil {
		return g.Name
	}
	return code
}

// Labels turns the codes of assistance into words.
func (s *Assistance) Labels() model.Labels { return codeSet{s} }

// RequestView is a request as one viewer sees it: the fields the viewer
// may read (the others empty), and what the viewer may do.
type RequestView struct {
	model.AssistanceRequest
	OwnerName string
	// Details: the viewer reads the template beyond the public summary.
	Details bool
	// Notes: the viewer reads the Committee's notes.
	Notes bool
	// Insider: a requester, the Committee or the secretariat.
	Insider bool
	// WindowOpen: the consent window is open now.
	WindowOpen bool
	// What the viewer may do.
	CanEdit, CanEditSummary, CanEditNotes                         bool
	CanSubmit, CanAcknowledge, CanObject, CanConsent, CanWithdraw bool
	CanClose, CanMatch, CanOffer, CanDeliver, CanGiveFeedback     bool
	CanSetOutcome                                                 bool
	record                                                        policy.Record
	standing                                                      policy.AssistanceStanding
	readBy                                                        *model.Account
}

// standing finds out what v's organisation is to the request r: a
// provider, and whether one of its programmes is matched to a need of r.
func (s *Assistance) standing(ctx context.Context, c *store.Conn, v model.Viewer, r model.AssistanceRequest) (policy.AssistanceStanding, error) {
	var st policy.AssistanceStanding
	if !v.SignedIn() {
		return st, nil
	}
	var err error
	if st.Provider, err = c.IsProvider(ctx, v.Org()); err != nil {
		return st, err
	}
	for _, n := range r.Needs {
		if n.Match != nil && n.Match.Provider == v.Org() {
			st.Matched = true
		}
	}
	return st, nil
}

// view applies the field-level rule and the capability flags.
func (s *Assistance) view(v model.Viewer, r model.AssistanceRequest, st policy.AssistanceStanding) RequestView {
	rec := policy.AssistanceRecord(r)
	now := s.now()
	out := RequestView{AssistanceRequest: r, OwnerName: s.cat.OrgName(r.Owner), record: rec, standing: st, readBy: readerOf(v),
		Details: policy.RequestDetails(v, rec, st), Notes: policy.CommitteeNotes(v, rec), Insider: policy.RequestInsider(v, rec),
		WindowOpen: r.WindowOpen(now)}
	if !out.Notes {
		out.CommitteeNotes = ""
	}
	if !out.Details {
		out.AssistanceRequest = summaryOnly(r)
	}
	ok := func(err error) bool { return err == nil }
	_, submit := r.Status.Take(model.StepSubmit)
	_, withdraw := r.Status.Take(model.StepWithdraw)
	_, consent := r.Status.Take(model.StepConsent)
	_, ack := r.Status.Take(model.StepAcknowledge)
	_, closeStep := r.Status.Take(model.StepClose)
	out.CanEdit = r.Status.Editable() && ok(policy.EditRequest(v, rec, false))
	out.CanEditNotes = r.Status != model.RequestWithdrawn && ok(policy.EditRequest(v, rec, true))
	out.CanEditSummary = out.CanEdit || (out.CanEditNotes && r.Status != model.RequestClosed)
	mover := ok(policy.MoveRequest(v, rec))
	out.CanSubmit, out.CanWithdraw, out.CanConsent = mover && submit, mover && withdraw, mover && consent
	out.CanObject = mover && out.WindowOpen
	committee := ok(policy.AcknowledgeRequest(v, rec))
	out.CanAcknowledge, out.CanClose = committee && ack, committee && closeStep
	afterAck := r.Status == model.RequestCirculated || r.Status == model.RequestWithheld
	out.CanMatch = afterAck && ok(policy.ConfirmMatch(v, rec))
	out.CanOffer = r.Status == model.RequestCirculated && st.Provider && ok(policy.OfferOnRequest(v, rec, st, v.Org()))
	out.CanDeliver = afterAck && (committee || st.Matched)
	out.CanGiveFeedback = (afterAck || r.Status == model.RequestClosed) && (ok(policy.GiveFeedback(v, rec, model.SideRequester, "", false)) || st.Matched)
	out.CanSetOutcome = afterAck && ok(policy.GiveFeedback(v, rec, model.SideRequester, "", true))
	return out
}

// summaryOnly is the public summary of a request: the requesters, the
// title, the needs' areas, modalities and outcomes, the status and the
// summary text — and nothing else.
func summaryOnly(r model.AssistanceRequest) model.AssistanceRequest {
	out := model.AssistanceRequest{ID: r.ID, Owner: r.Owner, Group: r.Group, CoRequesters: r.CoRequesters, Title: r.Title, Summary: r.Summary,
		Status: r.Status, Visibility: r.Visibility, Illustrative: r.Illustrative, Version: r.Version, Beneficiaries: []string{}}
	out.Needs = make([]model.AssistanceNeed, len(r.Needs))
	for i, n := range r.Needs {
		out.Needs[i] = model.AssistanceNeed{ID: n.ID, RequestID: n.RequestID, Position: n.Position, Area: n.Area, Modalities: n.Modalities,
			Outcome: n.Outcome, Elements: []string{}, Actions: []int64{}}
	}
	return out
}

// readRequest reads request id for v: ErrNotFound when v may not read it.
func (s *Assistance) readRequest(ctx context.Context, c *store.Conn, v model.Viewer, id int64) (model.AssistanceRequest, policy.AssistanceStanding, error) {
	r, err := c.AssistanceRequest(ctx, id)
	if err != nil {
		return r, policy.AssistanceStanding{}, err
	}
	if err := policy.Read(v, policy.AssistanceRecord(r)); err != nil {
		return model.AssistanceRequest{}, policy.AssistanceStanding{}, err
	}
	st, err := s.standing(ctx, c, v, r)
	return r, st, err
}

// lockedRequest reads request id for a write: locked inside tx and read
// once, ErrNotFound when v may not read it — whatever the write's input,
// which is read only after this.
func (s *Assistance) lockedRequest(ctx context.Context, tx *store.Tx, v model.Viewer, id int64) (model.AssistanceRequest, policy.AssistanceStanding, error) {
	r, err := tx.AssistanceRequestForUpdate(ctx, id)
	if err != nil {
		return r, policy.AssistanceStanding{}, err
	}
	if err := policy.Read(v, policy.AssistanceRecord(r)); err != nil {
		return model.AssistanceRequest{}, policy.AssistanceStanding{}, err
	}
	st, err := s.standing(ctx, &tx.Conn, v, r)
	return r, st, err
}

// Request returns one request as v may see it; ErrNotFound otherwise.
func (s *Assistance) Request(ctx context.Context, v model.Viewer, id int64) (RequestView, error) {
	r, st, err := s.readRequest(ctx, &s.db.Conn, v, id)
	if err != nil {
		return RequestView{}, err
	}
	out := s.view(v, r, st)
	for _, n := range out.Needs {
		if n.Match != nil {
			s.localMatch(ctx, n.Match)
		}
	}
	return out, nil
}

// Requests lists the requests v may read that match f, newest first, each
// under the field-level rule (and its search with it).
func (s *Assistance) Requests(ctx context.Context, v model.Viewer, f model.RequestFilter) ([]RequestView, error) {
	p := model.Problems{}
	f.Query = model.Line(p, "q", f.Query, 200)
	if f.Status != "" && !f.Status.Valid() {
		p.Add("status", "choose one of draft, submitted, acknowledged, circulated, withheld, closed, withdrawn")
	}
	if f.Area != "" && s.codes.Area(f.Area) == nil {
		p.Add("area", "%q is not an assistance area", model.CleanLine(f.Area, 20))
	}
	if f.Group != "" && s.cat.Group(f.Group) == nil {
		p.Add("group", "%q is not a group napx knows", model.CleanLine(f.Group, 20))
	}
	for _, st := range f.States {
		if _, ok := s.cat.Org(st); !ok {
			p.Add("state", "%q is not a State or organisation napx knows", model.CleanLine(st, 20))
		}
	}
	if len(p) > 0 {
		return nil, p
	}
	if strings.Trim(f.Query, "%_") == "" && f.Query != "" {
		return []RequestView{}, nil // only wildcards: nothing
	}
	provider := false
	if v.SignedIn() {
		var err error
		if provider, err = s.db.IsProvider(ctx, v.Org()); err != nil {
			return nil, err
		}
	}
	rs, err := s.db.AssistanceRequests(ctx, v, store.RequestQuery{RequestFilter: f, Provider: provider})
	if err != nil {
		return nil, err
	}
	out := make([]RequestView, len(rs))
	for i, r := range rs {
		st := policy.AssistanceStanding{Provider: provider}
		for _, n := range r.Needs {
			if n.Match != nil && v.SignedIn() && n.Match.Provider == v.Org() {
				st.Matched = true
			}
		}
		out[i] = s.view(v, r, st)
	}
	return out, nil
}

// CanRequest reports whether v may ask for assistance for owner (its
// editors and coordinators; a State, or an organisation for a group).
func (s *Assistance) CanRequest(v model.Viewer, owner string) bool {
	return s.checkRequester(v, owner) == nil
}

func (s *Assistance) checkRequester(v model.Viewer, owner string) error {
	o, ok := s.cat.Org(owner)
	if !ok || !policy.CanRequest(o.Kind) {
		if v.SignedIn() {
			return model.ErrForbidden
		}
		return model.ErrUnauthenticated
	}
	return policy.Create(v, o.Code)
}

// Create starts a draft request for owner.
func (s *Assistance) Create(ctx context.Context, v model.Viewer, owner string, in model.RequestInput) (RequestView, error) {
	owner = strings.ToUpper(strings.TrimSpace(owner))
	if msg := model.LineProblem(owner, 20); msg != "" {
		return RequestView{}, model.Problems{"state": msg}
	}
	if _, ok := s.cat.Org(owner); !ok {
		return RequestView{}, model.Problems{"state": fmt.Sprintf("%q is not a State or organisation napx knows", owner)}
	}
	if err := s.checkRequester(v, owner); err != nil {
		return RequestView{}, err
	}
	mark, err := illustrative(v, in.Illustrative)
	if err != nil {
		return RequestView{}, err
	}
	if in.CommitteeNotes != nil && !v.IsSystem() {
		return RequestView{}, model.Problems{"committee_notes": "only the Committee writes its notes on a request"}
	}
	r, probs := in.Apply(model.AssistanceRequest{Owner: owner, Status: model.RequestDraft}, true, codeSet{s})
	s.checkRequest(ctx, v, &r, probs)
	checkTextLanguage(probs, in.TextLanguage, "text_language")
	if len(probs) > 0 {
		return RequestView{}, probs
	}
	r.Illustrative = mark
	r.Visibility = policy.AssistanceVisibility(r.Status, false, false)
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateAssistanceRequest(ctx, &r, s.groupsOf(r)); err != nil {
			return err
		}
		if err := s.history(ctx, tx, v, r.ID, 0, "draft", model.Msg("svcmore.h.started"), true); err != nil {
			return err
		}
		if err := setTextLanguage(ctx, tx, v, "assistance", r.ID, in.TextLanguage, "text_language"); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "assistance.create", Kind: "assistance", RecordID: r.ID,
			Summary: fmt.Sprintf("assistance request %q started for %s (%d needs)", r.Title, r.Owner, len(r.Needs)), After: r})
	})
	if err != nil {
		return RequestView{}, err
	}
	return s.view(v, r, policy.AssistanceStanding{}), nil
}

// checkRequest checks what the model cannot: a regional request filed by
// an organisation names its group, and each NAP action linked to a need is
// one v may read of a requester State's plan.
func (s *Assistance) checkRequest(ctx context.Context, v model.Viewer, r *model.AssistanceRequest, p model.Problems) {
	if o, ok := s.cat.Org(r.Owner); ok && o.Kind != model.OrgState && r.Group == "" {
		p.Add("group", "an organisation asks for assistance for a group of States: name the group")
	}
	for i, n := range r.Needs {
		for _, id := range n.Actions {
			a, plan, err := s.naps.Action(ctx, v, id)
			_ = a
			if err != nil || !slices.Contains(r.Requesters(), plan.State) {
				p.Add(fmt.Sprintf("needs[%d].actions", i), "there is no NAP action %d of a requesting State's plan that you may read", id)
			}
		}
	}
}

// groupsOf are the groups a request comes from: the requesters' groups and
// the group it is for ("serves the requester's region").
func (s *Assistance) groupsOf(r model.AssistanceRequest) []string {
	out := []string{}
	add := func(g string) {
		if g != "" && !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	add(r.Group)
	for _, org := range r.Requesters() {
		for _, m := range s.cat.GroupsOf(org) {
			add(m.Group.Code)
		}
	}
	sort.Strings(out)
	return out
}

// history appends a step to a request's history: its note a message
// (each reader's language), kept with its English.
func (s *Assistance) history(ctx context.Context, tx *store.Tx, v model.Viewer, requestID, needID int64, step string, note model.Message, insiders bool) error {
	return tx.AddAssistanceHistory(ctx, &model.HistoryEntry{RequestID: requestID, NeedID: needID, Actor: actorLabel(v), ActorOrg: v.Org(),
		Step: step, Note: model.CleanText(english(note), 2000), Msg: note, Insiders: insiders})
}

// actorLabel is how a step's author is shown: the account's name, else its
// organisation, else napx itself.
func actorLabel(v model.Viewer) string {
	switch {
	case v.Account != nil && v.Account.Name != "":
		return v.Account.Name
	case v.Account != nil:
		return v.Account.Email
	case v.System != "":
		return "napx (" + v.System + ")"
	}
	return "anonymous"
}

// conflict is the error for a stale version of a request, with the request
// as it is now.
func (s *Assistance) conflict(v model.Viewer, cur model.AssistanceRequest, st policy.AssistanceStanding, sent int64) error {
	return conflict(s.view(v, cur, st), "conflicts.request", model.ArgNum(int(sent)), model.ArgNum(int(cur.Version)))
}

// stateFields reports whether a change touches the requester's template
// (anything but the summary and the Committee's notes).
func stateFields(in model.RequestInput) bool {
	return in.Group != nil || in.CoRequesters != nil || in.Title != nil || in.NoteVerbaleDate != nil || in.NoteVerbaleRef != nil ||
		in.Contact != nil || in.Beneficiaries != nil || in.Description != nil || in.ExpectedOutcome != nil || in.Timeframe != nil ||
		in.Language != nil || in.Received != nil || in.Contacted != nil || in.Needs != nil
}

// Update changes a request: the requester's editors change the template
// until the Committee acknowledges it; the Committee's staff change the
// summary and their notes. in.Version must be the version read.
func (s *Assistance) Update(ctx context.Context, v model.Viewer, id int64, input Input[model.RequestInput]) (RequestView, error) {
	var out RequestView
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, st, err := s.lockedRequest(ctx, tx, v, id)
		if err != nil {
			return err
		}
		rec := policy.AssistanceRecord(cur)
		// Whoever may change nothing of it is refused before the body is read.
		if policy.EditRequest(v, rec, false) != nil {
			if err := policy.EditRequest(v, rec, true); err != nil {
				return err
			}
		}
		in, err := input.read(model.RequestInput{})
		if err != nil {
			return err
		}
		committee := v.IsSystem() || policy.EditRequest(v, rec, true) == nil
		switch {
		case stateFields(in) || (in.Summary != nil && !committee):
			if err := policy.EditRequest(v, rec, false); err != nil {
				return err
			}
			if !cur.Status.Editable() {
				return model.Problems{"status": "the Committee has acknowledged the request: its template no longer changes (write to the Committee, or withdraw it and file a new one)"}
			}
		case cur.Status == model.RequestWithdrawn || (cur.Status == model.RequestClosed && in.Summary != nil):
			return model.Problems{"status": "the request is " + strings.ToLower(cur.Status.Label()) + "; it no longer changes"}
		}
		if in.CommitteeNotes != nil {
			if err := policy.EditRequest(v, rec, true); err != nil {
				return err
			}
		}
		if err := model.CheckVersion(in.Version, cur.Version); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return s.conflict(v, cur, st, in.Version)
			}
			return err
		}
		if in.Needs != nil {
			for _, n := range cur.Needs {
				if n.Match != nil {
					return model.Problems{"needs": "a need is matched already: the needs no longer change"}
				}
			}
		}
		r, probs := in.Apply(cur, false, codeSet{s})
		if in.Needs != nil || in.CoRequesters != nil || in.Group != nil {
			s.checkRequest(ctx, v, &r, probs)
		}
		checkTextLanguage(probs, in.TextLanguage, "text_language")
		if len(probs) > 0 {
			return probs
		}
		r.Visibility = policy.AssistanceVisibility(r.Status, !r.CirculatedAt.IsZero(), r.Regional())
		var groups []string
		if in.CoRequesters != nil || in.Group != nil {
			groups = s.groupsOf(r)
		}
		if err := tx.UpdateAssistanceRequest(ctx, &r, groups); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return s.conflict(v, cur, st, in.Version)
			}
			return err
		}
		if err := s.history(ctx, tx, v, r.ID, 0, "edit", model.Msg("svcmore.h.changed"), true); err != nil {
			return err
		}
		if err := setTextLanguage(ctx, tx, v, "assistance", r.ID, in.TextLanguage, "text_language"); err != nil {
			return err
		}
		out = s.view(v, r, st)
		return tx.Audit(ctx, v, store.AuditRecord{Action: "assistance.update", Kind: "assistance", RecordID: r.ID,
			Summary: fmt.Sprintf("assistance request %q changed", r.Title), Before: cur, After: r})
	})
	return out, err
}

// auditRecord is the record the audit log's entries about request id are
// decided on: its details are the insiders', so an entry (whose before and
// after carry the whole template) is read at the Committee's level at most,
// whatever the public reads of the request.
func (s *Assistance) auditRecord(ctx context.Context, id int64) (policy.Record, error) {
	r, err := s.db.AssistanceRequest(ctx, id)
	if err != nil {
		return policy.Record{}, err
	}
	rec := policy.AssistanceRecord(r)
	if rec.Visibility.Rank() > model.VisShared.Rank() {
		rec.Visibility = model.VisCommittee
		if len(rec.SharedWith) > 0 {
			rec.Visibility = model.VisShared
		}
	}
	return rec, nil
}
