package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Events keeps workshops, trainings and meetings: the event's facts,
// seat quotas, nominations with their waiting list, the agenda,
// materials, outcomes and follow-up actions, and calendar feeds.
type Events struct {
	db       *store.DB
	cat      *refdata.Catalog
	now      func() time.Time
	accounts *Accounts
	naps     *NAPs // a State's follow-up links to an action of its NAP
	// notify tells invitations, nominations, seats, materials, deadlines
	// and follow-ups (set by service.New; nil tells no one).
	notify *Notifications
	// forState are the events each State was invited to, by reader, under
	// the data version (issue 13).
	forState versioned[string, []model.Event]
	// participation is a group's delegates per year by reader and group
	// (trends.go), kept likewise.
	participation versioned[string, Participation]
}

// catalogCodes answers model.Codes from the reference data.
type catalogCodes struct{ cat *refdata.Catalog }

func (c catalogCodes) IsOrg(code string) bool {
	_, ok := c.cat.Org(code)
	return ok
}

func (c catalogCodes) IsGroup(code string) bool { return c.cat.Group(code) != nil }

func (s *Events) codes() model.Codes { return catalogCodes{s.cat} }

// Delegation names a State or an organisation as an event's documents
// name it: the name it had on the event's first day, and today's.
type Delegation struct {
	Code  string
	Name  string // the name on the day (a State's UN short name then)
	Today string // the name today, when it differs
	Note  string // about the name of the day (for MKD it carries the seed's footnote)
	State bool
}

// DelegationOn names code as it was on day d.
func (s *Events) DelegationOn(code string, d model.Date) Delegation {
	out := Delegation{Code: code, Name: s.cat.OrgName(code)}
	if st := s.cat.State(code); st != nil {
		out.State = true
		name, former := st.NameOn(d)
		out.Name = name
		if former != nil {
			out.Today, out.Note = st.Name, former.Note
		}
	}
	return out
}

// QuotaView is an invited delegation with its seats and how they are used.
type QuotaView struct {
	model.Quota
	Delegation Delegation
	Held       int // delegates holding one of its seats
	Waiting    int // its delegates on the waiting list
	Confirmed  int // its delegates confirmed or attended
	Nominated  int // its delegates holding a seat, awaiting the organiser's confirmation
}

// ParticipantView is a delegate as one viewer sees them, with what the
// viewer may do.
type ParticipantView struct {
	model.Participant
	Delegation    Delegation
	History       []model.ParticipantChange
	CanSubstitute bool
	CanWithdraw   bool
	CanConfirm    bool
	CanDecline    bool
	CanAttendance bool
}

// MaterialView is a material with its session's title.
type MaterialView struct {
	model.Material
	Session  string
	Released bool
	Zone     string // the event's time zone, for the release time
}

// ContactView is an event contact; DetailsHidden when the e-mail and phone
// were withheld from the viewer.
type EventContactView struct {
	model.EventContact
	DetailsHidden bool
}

// EventRef is a short reference to another event.
type EventRef struct {
	ID    int64
	Code  string
	Title string
	Start model.Date
}

// EventView is an event as one viewer sees it.
type EventView struct {
	model.Event
	Record          policy.Record
	Standing        policy.Standing // the viewer's organisation
	Today           model.Date      // at the event's place
	CanOrganise     bool
	OrganiserStaff  bool
	NominationsOpen bool
	// NominateFor is the delegation the viewer may nominate for (its
	// own, when invited and the viewer is its coordinator); empty if none.
	NominateFor string
	Quotas      []QuotaView
	TotalSeats  int
	OpenHeld    int
	Sessions    []model.Session
	Materials   []MaterialView
	Contacts    []EventContactView
	Lessons     []model.Lesson
	FollowUps   []model.FollowUp
	// CanUpdateFollowUp: the follow-ups (by ID) the viewer may change.
	CanUpdateFollowUp map[int64]bool
	Participants      []ParticipantView // those the viewer may see
	HiddenCount       int               // delegates the viewer may not see by name
	WaitingList       []ParticipantView // visible waitlisted, in order
	LeadsToEvent      *EventRef
	FollowsEvents     []EventRef
	RelatedEvents     map[int64]EventRef
	OpenEligible      bool // the viewer's organisation is an associate member or observer welcome in the open seats
	DeadlinePassed    bool
	// NominationFields are the questions the event's nomination form asks
	// beside name and function (issue 18, item 9).
	NominationFields []model.NominationFieldSetting
	// Invitation tells the viewer's own organisation that it is invited:
	// its seats and who nominates for it; nil when it is not invited.
	Invitation *Invitation
}

// OrganizerName is the organiser's name.
func (e EventView) OrganizerName() string { return e.Organizer }

func (s *Events) record(ctx context.Context, c *store.Conn, e model.Event) (policy.Record, error) {
	shares, err := c.Shares(ctx, "event", e.ID)
	if err != nil {
		return policy.Record{}, err
	}
	return policy.Record{Owner: e.Organizer, Visibility: e.Visibility, SharedWith: shares}, nil
}

// openEligible reports whether org may use the event's open seats: an
// associate member or an observer of the event's open group.
func (s *Events) openEligible(e model.Event, org string) bool {
	if e.OpenGroup == "" || org == "" {
		return false
	}
	for _, m := range s.cat.GroupsOf(org) {
		if m.Group.Code == e.OpenGroup && (m.Role == "associate" || m.Role == "observer") {
			return true
		}
	}
	return false
}

// standing is what org (and account) is to e, with the open seats
// counting as an invitation.
func (s *Events) standing(ctx context.Context, c *store.Conn, e model.Event, org string, accountID int64) (policy.Standing, error) {
	st, err := c.Standing(ctx, e.ID, org, accountID)
	if err != nil {
		return st, err
	}
	if s.openEligible(e, org) {
		st.Invited = true
	}
	return st, nil
}

func (s *Events) open(e model.Event) bool { return !e.Today(s.now()).After(e.Deadline()) }

// readable loads an event v may read, with its policy record.
func (s *Events) readable(ctx context.Context, c *store.Conn, v model.Viewer, id int64) (model.Event, policy.Record, error) {
	e, err := c.Event(ctx, id)
	if err != nil {
		return e, policy.Record{}, err
	}
	rec, err := s.record(ctx, c, e)
	if err != nil {
		return e, rec, err
	}
	if err := policy.Read(v, rec); err != nil {
		return e, rec, err
	}
	return e, rec, nil
}

// locked is readable inside a write transaction, with the event's row
// locked until the transaction ends.
func (s *Events) locked(ctx context.Context, tx *store.Tx, v model.Viewer, id int64) (model.Event, policy.Record, error) {
	e, err := tx.LockEvent(ctx, id)
	if err != nil {
		return e, policy.Record{}, err
	}
	rec, err := s.record(ctx, &tx.Conn, e)
	if err != nil {
		return e, rec, err
	}
	if err := policy.Read(v, rec); err != nil {
		return e, rec, err
	}
	return e, rec, nil
}

// EventQuery filters the events list and calendar.
type EventQuery struct {
	Kind     string
	Region   string // a group code
	From, To model.Date
}

// List returns the events v may read matching q, by start day.
func (s *Events) List(ctx context.Context, v model.Viewer, q EventQuery) ([]model.Event, error) {
	f, probs := s.filter(q)
	if len(probs) > 0 {
		return nil, probs
	}
	return s.db.Events(ctx, v, f)
}

func (s *Events) filter(q EventQuery) (store.EventFilter, model.Problems) {
	p := model.Problems{}
	f := store.EventFilter{Kind: model.EventKind(strings.TrimSpace(q.Kind)), From: q.From, To: q.To}
	if f.Kind != "" && !f.Kind.Valid() {
		p.Add("kind", "choose workshop, poc-training, peer-review, nap-consultation, country-visit or meeting")
	}
	if r := strings.TrimSpace(q.Region); r != "" {
		g := s.cat.Group(r)
		if g == nil {
			p.Add("region", "there is no group with the code %q", r)
		} else {
			f.Orgs = s.cat.Members(g.Code)
		}
	}
	return f, p
}

// ForState lists the events that invited a State, as v may read them
// (kept under the data version for each kind of reader: the callers must
// not change the list).
func (s *Events) ForState(ctx context.Context, v model.Viewer, state string) ([]model.Event, error) {
	st := s.cat.State(state)
	if st == nil {
		return nil, model.ErrNotFound
	}
	key := readerKey(v) + "\x00" + st.Code
	day := s.now().UTC().Format(time.DateOnly)
	if evs, ok := s.forState.get(ctx, day, key); ok {
		return evs, nil
	}
	evs, err := s.db.Events(ctx, v, store.EventFilter{Invited: st.Code})
	if err == nil {
		s.forState.put(ctx, day, key, evs)
	}
	return evs, err
}

// Get returns an event as v may see it, with everything that goes with it.
func (s *Events) Get(ctx context.Context, v model.Viewer, id int64) (EventView, error) {
	c := &s.db.Conn
	e, rec, err := s.readable(ctx, c, v, id)
	if err != nil {
		return EventView{}, err
	}
	return s.view(ctx, c, v, e, rec)
}

func (s *Events) view(ctx context.Context, c *store.Conn, v model.Viewer, e model.Event, rec policy.Record) (EventView, error) {
	st, err := s.standing(ctx, c, e, v.Org(), v.ID())
	if err != nil {
		return EventView{}, err
	}
	now := s.now()
	ev := EventView{Event: e, Record: rec, Standing: st, Today: e.Today(now), CanOrganise: policy.CanOrganise(v, rec),
		OrganiserStaff: policy.OrganiserStaff(v, rec), NominationsOpen: s.open(e), OpenEligible: s.openEligible(e, v.Org())}
	ev.DeadlinePassed = !ev.NominationsOpen
	if v.SignedIn() && policy.Nominate(v, rec, v.Org(), st, true) == nil {
		ev.NominateFor = v.Org()
	}
	quotas, err := c.Quotas(ctx, e.ID)
	if err != nil {
		return ev, err
	}
	ps, err := c.Participants(ctx, e.ID)
	if err != nil {
		return ev, err
	}
	hist, err := c.ParticipantHistory(ctx, e.ID)
	if err != nil {
		return ev, err
	}
	held, waiting, confirmed, nominated := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, p := range ps {
		if p.Status.HoldsSeat() && p.Seat != "" {
			held[p.Seat]++
		}
		if p.Status == model.StatusWaitlisted {
			waiting[p.Org]++
		}
		if p.Status.Confirmed() {
			confirmed[p.Org]++
		}
		if p.Status == model.StatusNominated {
			nominated[p.Org]++
		}
	}
	ev.OpenHeld = held[model.SeatOpen]
	for _, q := range quotas {
		ev.Quotas = append(ev.Quotas, QuotaView{Quota: q, Delegation: s.DelegationOn(q.Org, e.Start), Held: held[q.Org], Waiting: waiting[q.Org], Confirmed: confirmed[q.Org], Nominated: nominated[q.Org]})
		ev.TotalSeats += q.Seats
	}
	slices.SortStableFunc(ev.Quotas, func(a, b QuotaView) int { return quotaOrder(a) - quotaOrder(b) })
	// Places on the waiting list, 1 for the first waiting delegate.
	var waitingOrder []int
	for i, p := range ps {
		if p.Status == model.StatusWaitlisted {
			waitingOrder = append(waitingOrder, i)
		}
	}
	slices.SortStableFunc(waitingOrder, func(a, b int) int { return ps[a].Position - ps[b].Position })
	for place, i := range waitingOrder {
		ps[i].Place = place + 1
	}
	for _, p := range ps {
		if !policy.ParticipantVisible(v, rec, p.Org, p.Status, st) {
			ev.HiddenCount++
			continue
		}
		pv := ParticipantView{Participant: p, Delegation: s.DelegationOn(p.Org, e.Start), History: hist[p.ID]}
		s.permissions(v, rec, e, ev.NominationsOpen, !e.Start.After(ev.Today), &pv)
		ev.Participants = append(ev.Participants, pv)
		if p.Status == model.StatusWaitlisted {
			ev.WaitingList = append(ev.WaitingList, pv)
		}
	}
	slices.SortStableFunc(ev.WaitingList, func(a, b ParticipantView) int { return a.Position - b.Position })
	if err := s.logistics(ctx, c, v, &ev); err != nil {
		return ev, err
	}
	if ev.Sessions, err = c.EventSessions(ctx, e.ID); err != nil {
		return ev, err
	}
	titles := map[int64]string{}
	for _, se := range ev.Sessions {
		titles[se.ID] = se.Title
	}
	ms, err := c.Materials(ctx, e.ID)
	if err != nil {
		return ev, err
	}
	for _, m := range ms {
		released := m.Released(now)
		if policy.MaterialVisible(v, rec, m.Audience, released, st) {
			ev.Materials = append(ev.Materials, MaterialView{Material: m, Session: titles[m.SessionID], Released: released, Zone: e.TimeZone})
		}
	}
	details := policy.FieldVisible(v, rec, model.ContactDetailsVisibility)
	for _, ct := range e.Contacts {
		if !policy.ContactVisible(v, rec, ct.Audience, st) {
			continue
		}
		cv := EventContactView{EventContact: ct}
		if !details {
			cv.Email, cv.Phone, cv.DetailsHidden = "", "", ct.Email != "" || ct.Phone != ""
		}
		ev.Contacts = append(ev.Contacts, cv)
	}
	ev.Event.Contacts = nil // only the views above, filtered, leave the service
	if ev.Lessons, err = c.Lessons(ctx, e.ID); err != nil {
		return ev, err
	}
	if ev.FollowUps, err = c.FollowUps(ctx, e.ID); err != nil {
		return ev, err
	}
	ev.CanUpdateFollowUp = map[int64]bool{}
	if err := s.napLinks(ctx, c, v, ev.FollowUps); err != nil { // one query for all the links
		return ev, err
	}
	for _, f := range ev.FollowUps {
		ev.CanUpdateFollowUp[f.ID] = policy.UpdateFollowUp(v, rec, f.Owner) == nil
	}
	if err := s.links(ctx, c, v, &ev); err != nil {
		return ev, err
	}
	return ev, nil
}

// quotaOrder puts States first (with seats before without), then the
// organisations.
func quotaOrder(q QuotaView) int {
	switch {
	case q.Delegation.State && q.Seats > 0:
		return 0
	case q.Delegation.State:
		return 1
	}
	return 2
}

// links fills the events this one leads to, follows and relates to, as
// far as v may read them.
func (s *Events) links(ctx context.Context, c *store.Conn, v model.Viewer, ev *EventView) error {
	// Every event this one links to, read in one query through the one
	// policy: an event v may not read is simply absent.
	follows, err := c.EventsLeadingTo(ctx, ev.ID)
	if err != nil {
		return err
	}
	ids := append([]int64{}, follows...)
	if ev.LeadsTo != 0 {
		ids = append(ids, ev.LeadsTo)
	}
	for _, r := range ev.Related {
		if r.EventID != 0 {
			ids = append(ids, r.EventID)
		}
	}
	ev.RelatedEvents = map[int64]EventRef{}
	if len(ids) == 0 {
		return nil
	}
	evs, err := c.Events(ctx, v, store.EventFilter{IDs: ids})
	if err != nil {
		return err
	}
	refs := make(map[int64]EventRef, len(evs))
	for _, e := range evs {
		refs[e.ID] = EventRef{ID: e.ID, Code: e.Code, Title: e.Title, Start: e.Start}
	}
	if x, ok := refs[ev.LeadsTo]; ok && ev.LeadsTo != 0 {
		ev.LeadsToEvent = &x
	}
	for _, r := range ev.Related {
		if x, ok := refs[r.EventID]; ok && r.EventID != 0 {
			ev.RelatedEvents[r.EventID] = x
		}
	}
	for _, id := range follows {
		if x, ok := refs[id]; ok {
			ev.FollowsEvents = append(ev.FollowsEvents, x)
		}
	}
	return nil
}

// Create adds an event organised by in.Organizer (the viewer's own
// organisation when empty): its editors and coordinators.
func (s *Events) Create(ctx context.Context, v model.Viewer, in model.EventInput) (EventView, error) {
	if strings.TrimSpace(in.Organizer) == "" {
		in.Organizer = v.Org()
	}
	if err := policy.Create(v, strings.ToUpper(strings.TrimSpace(in.Organizer))); err != nil {
		return EventView{}, err
	}
	ill, err := illustrative(v, in.Illustrative)
	if err != nil {
		return EventView{}, err
	}
	return s.create(ctx, v, in, ill)
}

func (s *Events) create(ctx context.Context, v model.Viewer, in model.EventInput, illustrative bool) (EventView, error) {
	e, probs := in.Validate(s.codes())
	checkTextLanguage(probs, &in.TextLanguage, "language")
	if len(probs) > 0 {
		return EventView{}, probs
	}
	e.Illustrative = illustrative
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		if err := s.checkLink(ctx, tx, v, e); err != nil {
			return err
		}
		if err := tx.CreateEvent(ctx, &e); err != nil {
			return err
		}
		if err := tx.SetEventShares(ctx, e.ID, e.SharedWith); err != nil {
			return err
		}
		if err := setTextLanguage(ctx, tx, v, "event", e.ID, &in.TextLanguage, "language"); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "event.create", Kind: "event", RecordID: e.ID,
			Summary: fmt.Sprintf("%s %q (%s) created by %s", e.Kind, e.Title, e.Code, e.Organizer), After: e})
	})
	if err != nil {
		return EventView{}, err
	}
	return s.Get(ctx, v, e.ID)
}

// checkLink refuses a follow-up event that does not exist for v.
func (s *Events) checkLink(ctx context.Context, tx *store.Tx, v model.Viewer, e model.Event) error {
	if e.LeadsTo == 0 {
		return nil
	}
	if e.LeadsTo == e.ID {
		return model.Problems{"leads_to": "an event cannot lead to itself"}
	}
	if _, _, err := s.readable(ctx, &tx.Conn, v, e.LeadsTo); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return model.Problems{"leads_to": fmt.Sprintf("there is no event number %d", e.LeadsTo)}
		}
		return err
	}
	return nil
}

// Update changes an event's facts (the organiser); in.Version must be the
// version read.
func (s *Events) Update(ctx context.Context, v model.Viewer, id int64, input Input[model.EventInput]) (EventView, error) {
	var after model.Event
	var in model.EventInput
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, rec, err := s.locked(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := policy.Organise(v, rec); err != nil {
			return err
		}
		// Fields left out keep their value; the version must be sent.
		base := cur.Input()
		base.Version = 0
		if in, err = input.read(base); err != nil {
			return err
		}
		if err := model.CheckVersion(in.Version, cur.Version); err != nil && !errors.Is(err, model.ErrConflict) {
			return err // a stale version is found by the update itself, with the current record
		}
		if strings.TrimSpace(in.Organizer) == "" {
			in.Organizer = cur.Organizer
		}
		e, probs := in.Validate(s.codes())
		if e.Organizer != cur.Organizer {
			probs.Add("organizer", "the organiser of an event does not change; create the event anew under the other organiser")
		}
		if len(probs) == 0 {
			sessions, err := tx.EventSessions(ctx, id)
			if err != nil {
				return err
			}
			for _, se := range sessions {
				if !e.HasDay(se.Day) {
					probs.Add("start", "the agenda has a session on %s, outside the new dates; move or remove it first", se.Day.Long())
				}
			}
		}
		checkTextLanguage(probs, &in.TextLanguage, "language")
		if len(probs) > 0 {
			return probs
		}
		e.ID, e.Illustrative, e.CreatedAt = cur.ID, cur.Illustrative, cur.CreatedAt
		if err := s.checkLink(ctx, tx, v, e); err != nil {
			return err
		}
		if err := tx.UpdateEvent(ctx, &e); err != nil {
			return err
		}
		if err := tx.SetEventShares(ctx, e.ID, e.SharedWith); err != nil {
			return err
		}
		after = e
		if err := setTextLanguage(ctx, tx, v, "event", e.ID, &in.TextLanguage, "language"); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "event.update", Kind: "event", RecordID: e.ID,
			Summary: fmt.Sprintf("event %q changed", e.Title), Before: cur, After: e})
	})
	if errors.Is(err, model.ErrConflict) {
		now, gerr := s.Get(ctx, v, id)
		if gerr != nil {
			return EventView{}, gerr
		}
		return EventView{}, conflict(now, "svcmore.conflict.event", model.ArgNum(int(in.Version)), model.ArgNum(int(now.Version)))
	}
	if err != nil {
		return EventView{}, err
	}
	return s.Get(ctx, v, after.ID)
}

// Quotas returns the invited delegations of an event with their seats.
func (s *Events) Quotas(ctx context.Context, v model.Viewer, id int64) ([]QuotaView, error) {
	ev, err := s.Get(ctx, v, id)
	if err != nil {
		return nil, err
	}
	return ev.Quotas, nil
}

// SetQuotas replaces the whole set of quotas (the organiser). Group
// entries give each member the seats; a delegation listed on its own
// keeps its own number. A quota cannot go below the seats its delegates
// hold, nor can a delegation with standing nominations be dropped; a
// raised quota gives the new seats to the delegation's waiting delegates.
func (s *Events) SetQuotas(ctx context.Context, v model.Viewer, id int64, input Input[[]model.QuotaInput]) ([]QuotaView, error) {
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		e, rec, err := s.locked(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := policy.Organise(v, rec); err != nil {
			return err
		}
		in, err := input.read(nil)
		if err != nil {
			return err
		}
		qs, probs := model.ExpandQuotas(in, s.codes(), s.cat.Members)
		if len(probs) > 0 {
			return probs
		}
		before, err := tx.Quotas(ctx, id)
		if err != nil {
			return err
		}
		held, err := tx.SeatsHeld(ctx, id)
		if err != nil {
			return err
		}
		ps, err := tx.Participants(ctx, id)
		if err != nil {
			return err
		}
		active := map[string]int{}
		for _, p := range ps {
			if p.Status.Active() {
				active[p.Org]++
			}
		}
		next := map[string]int{}
		for _, q := range qs {
			next[q.Org] = q.Seats
		}
		p := model.Problems{}
		for _, q := range before {
			n, still := next[q.Org]
			switch {
			case !still && active[q.Org] > 0 && !s.openEligible(e, q.Org):
				p.Add("quotas", "%s has %d standing nominations; withdraw or decline them before leaving it out", q.Org, active[q.Org])
			case still && n < held[q.Org]:
				p.Add("quotas", "%s has %d delegates holding its seats; withdraw or decline some before lowering its quota to %d", q.Org, held[q.Org], n)
			}
		}
		if len(p) > 0 {
			return p
		}
		if err := tx.ReplaceQuotas(ctx, id, qs); err != nil {
			return err
		}
		if err := tx.SetEventShares(ctx, id, e.SharedWith); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v, store.AuditRecord{Action: "event.quotas", Kind: "event", RecordID: id,
			Summary: fmt.Sprintf("seat quotas of %q set: %d delegations invited", e.Title, len(qs)), Before: before, After: qs}); err != nil {
			return err
		}
		invited := map[string]bool{}
		for _, q := range before {
			invited[q.Org] = true
		}
		for _, q := range qs {
			if !invited[q.Org] && s.notify != nil { // a delegation invited now: its coordinators, with the calendar invitation
				if err := s.notify.Send(ctx, tx, s.invitation(e, q.Org, q.Seats)); err != nil {
					return err
				}
			}
		}
		for _, q := range qs {
			for free := q.Seats - held[q.Org]; free > 0; free-- {
				ok, err := s.promote(ctx, tx, v, e, q.Org, q.Org, false)
				if err != nil {
					return err
				}
				if !ok {
					break
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Quotas(ctx, v, id)
}

// InputOf returns an event as an input, complete, for its organiser to
// change some fields (the API's PATCH).
func (s *Events) InputOf(ctx context.Context, v model.Viewer, id int64) (model.EventInput, error) {
	e, rec, err := s.readable(ctx, &s.db.Conn, v, id)
	if err != nil {
		return model.EventInput{}, err
	}
	if err := policy.Organise(v, rec); err != nil {
		return model.EventInput{}, err
	}
	return e.Input(), nil
}
