package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
)

// ShareKind is the record_shares kind of events.
const eventShareKind = "event"

const eventColumns = `e.id, e.owner_org, e.visibility, e.kind, e.code, e.title, e.venue_name, e.venue_address, e.venue_phone, e.venue_fax, e.venue_web,
	e.start_day, e.end_day, e.arrival_days, e.departure_days, e.time_zone, e.languages, e.background, e.purpose, e.objectives, e.methodology,
	e.participation, e.materials_note, e.target_participants, e.open_seats, e.open_group, e.nomination_deadline, e.related_events, e.contacts,
	e.shared_with, e.leads_to, e.illustrative, e.created_at, e.updated_at, e.version, e.source, e.source_url`

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "[]"
	}
	return string(b)
}

func fromJSON(s string, dst any) error {
	if s == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(s), dst); err != nil {
		return fmt.Errorf("store: stored JSON: %w", err)
	}
	return nil
}

func scanEvent(row interface{ Scan(...any) error }) (model.Event, error) {
	var e model.Event
	var arrival, departure, languages, objectives, related, contacts, shared string
	var leadsTo sql.NullInt64
	err := row.Scan(&e.ID, &e.Organizer, &e.Visibility, &e.Kind, &e.Code, &e.Title, &e.Venue.Name, &e.Venue.Address, &e.Venue.Phone, &e.Venue.Fax, &e.Venue.Web,
		&e.Start, &e.End, &arrival, &departure, &e.TimeZone, &languages, &e.Background, &e.Purpose, &objectives, &e.Methodology,
		&e.Participation, &e.MaterialsNote, &e.Target, &e.OpenSeats, &e.OpenGroup, &e.NominationDeadline, &related, &contacts,
		&shared, &leadsTo, &e.Illustrative, &e.CreatedAt, &e.UpdatedAt, &e.Version, &e.Source.Title, &e.Source.URL)
	if err != nil {
		return e, translate(err)
	}
	for _, f := range []struct {
		s   string
		dst any
	}{{arrival, &e.ArrivalDays}, {departure, &e.DepartureDays}, {languages, &e.Languages}, {objectives, &e.Objectives},
		{related, &e.Related}, {contacts, &e.Contacts}, {shared, &e.SharedWith}} {
		if err := fromJSON(f.s, f.dst); err != nil {
			return e, err
		}
	}
	e.LeadsTo = leadsTo.Int64
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, nil
}

// EventFilter selects events for a list, a calendar or a feed. The
// viewer's read filter always applies.
type EventFilter struct {
	Kind      model.EventKind
	Orgs      []string   // a region: events whose organiser or an invited delegation is one of these
	From, To  model.Date // events overlapping [From, To]; zero for open ends
	Public    bool       // only public events (the public feed)
	Invited   string     // only events that invited this delegation
	TakesPart *model.Account
	IDs       []int64 // only these events (an event's links, read at once)
	Limit     int
}

// Events lists the events v may read that match f, by start day.
func (c *Conn) Events(ctx context.Context, v model.Viewer, f EventFilter) ([]model.Event, error) {
	rf := policy.ReadFilter(v, "e", eventShareKind, 1)
	where := []string{rf.SQL}
	args := append([]any(nil), rf.Args...)
	arg := func(x any) string {
		args = append(args, x)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.Kind != "" {
		where = append(where, "e.kind = "+arg(string(f.Kind)))
	}
	if f.Orgs != nil {
		if len(f.Orgs) == 0 {
			where = append(where, "1 = 0")
		} else {
			holders := make([]string, len(f.Orgs))
			for i, o := range f.Orgs {
				holders[i] = arg(o)
			}
			in := strings.Join(holders, ", ")
			where = append(where, "(e.owner_org IN ("+in+") OR EXISTS (SELECT 1 FROM event_quotas q WHERE q.event_id = e.id AND q.org IN ("+in+")))")
		}
	}
	if !f.From.IsZero() {
		where = append(where, "e.end_day >= "+arg(f.From.String()))
	}
	if !f.To.IsZero() {
		where = append(where, "e.start_day <= "+arg(f.To.String()))
	}
	if f.Public {
		where = append(where, "e.visibility = 'public'")
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			where = append(where, "1 = 0")
		} else {
			holders := make([]string, len(f.IDs))
			for i, id := range f.IDs {
				holders[i] = arg(id)
			}
			where = append(where, "e.id IN ("+strings.Join(holders, ", ")+")")
		}
	}
	if f.Invited != "" {
		where = append(where, "EXISTS (SELECT 1 FROM event_quotas q WHERE q.event_id = e.id AND q.org = "+arg(f.Invited)+")")
	}
	if a := f.TakesPart; a != nil {
		org, id := arg(a.Org), arg(a.ID)
		where = append(where, "(e.owner_org = "+org+
			" OR EXISTS (SELECT 1 FROM event_partners p WHERE p.event_id = e.id AND p.org = "+org+")"+
			" OR EXISTS (SELECT 1 FROM event_participants x WHERE x.event_id = e.id AND x.org = "+org+" AND x.status NOT IN ('declined', 'withdrawn'))"+
			" OR EXISTS (SELECT 1 FROM event_sessions s JOIN event_session_people sp ON sp.session_id = s.id WHERE s.event_id = e.id AND sp.account_id = "+id+"))")
	}
	q := `SELECT ` + eventColumns + ` FROM events e WHERE ` + strings.Join(where, " AND ") + ` ORDER BY e.start_day, e.end_day, e.id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.Event{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, c.fillPartners(ctx, out)
}

func (c *Conn) fillPartners(ctx context.Context, evs []model.Event) error {
	if len(evs) == 0 {
		return nil
	}
	idx := map[int64]int{}
	holders := make([]string, len(evs))
	args := make([]any, len(evs))
	for i, e := range evs {
		idx[e.ID] = i
		holders[i] = fmt.Sprintf("$%d", i+1)
		args[i] = e.ID
	}
	rows, err := c.query(ctx, `SELECT event_id, org, roles FROM event_partners WHERE event_id IN (`+strings.Join(holders, ", ")+`) ORDER BY event_id, position`, args...)
	if err != nil {
		return fmt.Errorf("store: event partners: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var id int64
		var p model.Partner
		var roles string
		if err := rows.Scan(&id, &p.Org, &roles); err != nil {
			return err
		}
		if err := fromJSON(roles, &p.Roles); err != nil {
			return err
		}
		evs[idx[id]].Partners = append(evs[idx[id]].Partners, p)
	}
	return rows.Err()
}

// Event returns one event regardless of who asks; the service decides.
func (c *Conn) Event(ctx context.Context, id int64) (model.Event, error) {
	return c.event(ctx, id, "")
}

func (c *Conn) event(ctx context.Context, id int64, suffix string) (model.Event, error) {
	e, err := scanEvent(c.queryRow(ctx, `SELECT `+eventColumns+` FROM events e WHERE e.id = $1`+suffix, id))
	if err != nil {
		return e, fmt.Errorf("store: event %d: %w", id, err)
	}
	evs := []model.Event{e}
	if err := c.fillPartners(ctx, evs); err != nil {
		return e, err
	}
	return evs[0], nil
}

// LockEvent reads an event and locks its row until the transaction ends:
// nominations, quota changes and seat releases of one event queue here,
// so that two of them never count the same free seat.
func (tx *Tx) LockEvent(ctx context.Context, id int64) (model.Event, error) {
	return tx.event(ctx, id, tx.forUpdate())
}

// CreateEvent inserts e with its partners and shares.
func (tx *Tx) CreateEvent(ctx context.Context, e *model.Event) error {
	now := tx.Now()
	id, err := tx.insertID(ctx, `INSERT INTO events (owner_org, visibility, kind, code, title, venue_name, venue_address, venue_phone, venue_fax, venue_web,
		start_day, end_day, arrival_days, departure_days, time_zone, languages, background, purpose, objectives, methodology, participation, materials_note,
		target_participants, open_seats, open_group, nomination_deadline, related_events, contacts, shared_with, leads_to, illustrative, created_at, updated_at, version,
		source, source_url)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $32, 1,
		$33, $34) RETURNING id`,
		e.Organizer, string(e.Visibility), string(e.Kind), e.Code, e.Title, e.Venue.Name, e.Venue.Address, e.Venue.Phone, e.Venue.Fax, e.Venue.Web,
		e.Start, e.End, jsonText(e.ArrivalDays), jsonText(e.DepartureDays), e.TimeZone, jsonText(e.Languages), e.Background, e.Purpose, jsonText(e.Objectives),
		e.Methodology, e.Participation, e.MaterialsNote, e.Target, e.OpenSeats, e.OpenGroup, e.NominationDeadline, jsonText(e.Related), jsonText(e.Contacts),
		jsonText(e.SharedWith), nullID(e.LeadsTo), e.Illustrative, now, e.Source.Title, e.Source.URL)
	if err != nil {
		return fmt.Errorf("store: create event: %w", err)
	}
	e.ID, e.CreatedAt, e.UpdatedAt, e.Version = id, now, now, 1
	if err := tx.setPartners(ctx, e); err != nil {
		return err
	}
	return tx.indexEvent(ctx, *e)
}

// UpdateEvent saves e if its version is still e.Version and bumps it; a
// stale version is ErrConflict. The organiser does not change here.
func (tx *Tx) UpdateEvent(ctx context.Context, e *model.Event) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE events SET visibility = $3, kind = $4, code = $5, title = $6, venue_name = $7, venue_address = $8, venue_phone = $9,
		venue_fax = $10, venue_web = $11, start_day = $12, end_day = $13, arrival_days = $14, departure_days = $15, time_zone = $16, languages = $17,
		background = $18, purpose = $19, objectives = $20, methodology = $21, participation = $22, materials_note = $23, target_participants = $24,
		open_seats = $25, open_group = $26, nomination_deadline = $27, related_events = $28, contacts = $29, shared_with = $30, leads_to = $31,
		updated_at = $32, source = $33, source_url = $34, version = version + 1 WHERE id = $1 AND version = $2`,
		e.ID, e.Version, string(e.Visibility), string(e.Kind), e.Code, e.Title, e.Venue.Name, e.Venue.Address, e.Venue.Phone, e.Venue.Fax, e.Venue.Web,
		e.Start, e.End, jsonText(e.ArrivalDays), jsonText(e.DepartureDays), e.TimeZone, jsonText(e.Languages), e.Background, e.Purpose, jsonText(e.Objectives),
		e.Methodology, e.Participation, e.MaterialsNote, e.Target, e.OpenSeats, e.OpenGroup, e.NominationDeadline, jsonText(e.Related), jsonText(e.Contacts),
		jsonText(e.SharedWith), nullID(e.LeadsTo), now, e.Source.Title, e.Source.URL)
	if err != nil {
		return fmt.Errorf("store: update event: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	e.UpdatedAt = now
	e.Version++
	if err := tx.setPartners(ctx, e); err != nil {
		return err
	}
	return tx.indexEvent(ctx, *e)
}

func (tx *Tx) setPartners(ctx context.Context, e *model.Event) error {
	if _, err := tx.exec(ctx, `DELETE FROM event_partners WHERE event_id = $1`, e.ID); err != nil {
		return fmt.Errorf("store: event partners: %w", err)
	}
	for i, p := range e.Partners {
		if _, err := tx.exec(ctx, `INSERT INTO event_partners (event_id, position, org, roles) VALUES ($1, $2, $3, $4)`, e.ID, i, p.Org, jsonText(p.Roles)); err != nil {
			return fmt.Errorf("store: event partners: %w", err)
		}
	}
	return nil
}

// SetEventShares records who a "shared" event is shared with: the
// organisations and groups named on it, and every invited delegation.
func (tx *Tx) SetEventShares(ctx context.Context, eventID int64, named []string) error {
	qs, err := tx.Quotas(ctx, eventID)
	if err != nil {
		return err
	}
	ps := append([]string(nil), named...)
	for _, q := range qs {
		ps = append(ps, q.Org)
	}
	return tx.SetShares(ctx, eventShareKind, eventID, ps)
}

// Quotas returns the invited delegations of an event with their seats.
func (c *Conn) Quotas(ctx context.Context, eventID int64) ([]model.Quota, error) {
	rows, err := c.query(ctx, `SELECT org, seats, via_group FROM event_quotas WHERE event_id = $1 ORDER BY org`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store: quotas: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.Quota{}
	for rows.Next() {
		var q model.Quota
		if err := rows.Scan(&q.Org, &q.Seats, &q.ViaGroup); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// ReplaceQuotas sets the whole set of quotas of an event.
func (tx *Tx) ReplaceQuotas(ctx context.Context, eventID int64, qs []model.Quota) error {
	if _, err := tx.exec(ctx, `DELETE FROM event_quotas WHERE event_id = $1`, eventID); err != nil {
		return fmt.Errorf("store: quotas: %w", err)
	}
	for _, q := range qs {
		if _, err := tx.exec(ctx, `INSERT INTO event_quotas (event_id, org, seats, via_group) VALUES ($1, $2, $3, $4)`, eventID, q.Org, q.Seats, q.ViaGroup); err != nil {
			return fmt.Errorf("store: quotas: %w", err)
		}
	}
	return nil
}

const participantColumns = `x.id, x.event_id, x.org, x.name, x.delegate_function, x.status, x.seat, x.position, x.nominated_by, x.nominated_at, x.updated_at, x.version, x.illustrative`

func scanParticipant(row interface{ Scan(...any) error }) (model.Participant, error) {
	var p model.Participant
	var seat sql.NullString
	var pos sql.NullInt64
	err := row.Scan(&p.ID, &p.EventID, &p.Org, &p.Name, &p.Function, &p.Status, &seat, &pos, &p.NominatedBy, &p.NominatedAt, &p.UpdatedAt, &p.Version, &p.Illustrative)
	if err != nil {
		return p, translate(err)
	}
	p.Seat, p.Position = seat.String, int(pos.Int64)
	p.NominatedAt, p.UpdatedAt = p.NominatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

func (c *Conn) participants(ctx context.Context, where string, args ...any) ([]model.Participant, error) {
	out, err := queryAll(ctx, c, scanParticipant, `SELECT `+participantColumns+` FROM event_participants x WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: participants: %w", err)
	}
	return out, nil
}

// Participants returns every delegate of an event, by delegation, then
// in the order they were nominated.
func (c *Conn) Participants(ctx context.Context, eventID int64) ([]model.Participant, error) {
	return c.participants(ctx, `x.event_id = $1 ORDER BY x.org, x.id`, eventID)
}

// ParticipantsOfOrg returns every delegate org nominated, to any event,
// by event and nomination (a State's profile: issue 14).
func (c *Conn) ParticipantsOfOrg(ctx context.Context, org string) ([]model.Participant, error) {
	return c.participants(ctx, `x.org = $1 ORDER BY x.event_id, x.id`, org)
}

// Participant returns one delegate.
func (c *Conn) Participant(ctx context.Context, id int64) (model.Participant, error) {
	p, err := scanParticipant(c.queryRow(ctx, `SELECT `+participantColumns+` FROM event_participants x WHERE x.id = $1`, id))
	if err != nil {
		return p, fmt.Errorf("store: participant %d: %w", id, err)
	}
	return p, nil
}

// ParticipantHistory returns the history of an event's delegates, by
// delegate, oldest first.
func (c *Conn) ParticipantHistory(ctx context.Context, eventID int64) (map[int64][]model.ParticipantChange, error) {
	rows, err := c.query(ctx, `SELECT h.participant_id, h.at, h.actor, h.from_status, h.to_status, h.note FROM event_participant_history h
		JOIN event_participants x ON x.id = h.participant_id WHERE x.event_id = $1 ORDER BY h.id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store: participant history: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := map[int64][]model.ParticipantChange{}
	for rows.Next() {
		var id int64
		var h model.ParticipantChange
		if err := rows.Scan(&id, &h.At, &h.By, &h.From, &h.To, &h.Note); err != nil {
			return nil, err
		}
		h.At = h.At.UTC()
		out[id] = append(out[id], h)
	}
	return out, rows.Err()
}

// SeatsHeld counts the delegates holding a seat, by whose seat it is.
func (c *Conn) SeatsHeld(ctx context.Context, eventID int64) (map[string]int, error) {
	rows, err := c.query(ctx, `SELECT seat, COUNT(*) FROM event_participants WHERE event_id = $1 AND seat IS NOT NULL
		AND status IN ('nominated', 'confirmed', 'attended', 'no-show') GROUP BY seat`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store: seats: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := map[string]int{}
	for rows.Next() {
		var seat string
		var n int
		if err := rows.Scan(&seat, &n); err != nil {
			return nil, err
		}
		out[seat] = n
	}
	return out, rows.Err()
}

// ActiveNameTaken reports whether a person with this name key is already
// nominated (and not declined or withdrawn) at the event, other than id.
func (c *Conn) ActiveNameTaken(ctx context.Context, eventID int64, nameKey string, except int64) (bool, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM event_participants WHERE event_id = $1 AND name_key = $2 AND id <> $3
		AND status NOT IN ('declined', 'withdrawn')`, eventID, nameKey, except).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: participant name: %w", translate(err))
	}
	return n > 0, nil
}

// FirstWaitlisted returns the first delegate on the event's waiting list,
// of delegation org when org is not empty; ok is false when there is none.
func (c *Conn) FirstWaitlisted(ctx context.Context, eventID int64, org string) (model.Participant, bool, error) {
	where := `x.event_id = $1 AND x.status = 'waitlisted'`
	args := []any{eventID}
	if org != "" {
		where += ` AND x.org = $2`
		args = append(args, org)
	}
	ps, err := c.participants(ctx, where+` ORDER BY x.position, x.id LIMIT 1`, args...)
	if err != nil || len(ps) == 0 {
		return model.Participant{}, false, err
	}
	return ps[0], true, nil
}

// NextWaitlistPosition is the place the next delegate to wait will take.
func (c *Conn) NextWaitlistPosition(ctx context.Context, eventID int64) (int, error) {
	var n sql.NullInt64
	if err := c.queryRow(ctx, `SELECT MAX(position) FROM event_participants WHERE event_id = $1`, eventID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: waiting list: %w", translate(err))
	}
	return int(n.Int64) + 1, nil
}

// CreateParticipant inserts p and sets its ID and times.
func (tx *Tx) CreateParticipant(ctx context.Context, p *model.Participant) error {
	now := tx.Now()
	id, err := tx.insertID(ctx, `INSERT INTO event_participants (event_id, org, name, name_key, delegate_function, status, seat, position, nominated_by,
		nominated_at, updated_at, version, illustrative) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, 1, $11) RETURNING id`,
		p.EventID, p.Org, p.Name, model.NameKey(p.Name), p.Function, string(p.Status), nullText(p.Seat), nullInt(p.Position), p.NominatedBy, now, p.Illustrative)
	if err != nil {
		return fmt.Errorf("store: create participant: %w", err)
	}
	p.ID, p.NominatedAt, p.UpdatedAt, p.Version = id, now, now, 1
	return nil
}

// UpdateParticipant saves p's name, function, status, seat and place if
// its version is still p.Version, and bumps the version.
func (tx *Tx) UpdateParticipant(ctx context.Context, p *model.Participant) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE event_participants SET name = $3, name_key = $4, delegate_function = $5, status = $6, seat = $7, position = $8,
		updated_at = $9, version = version + 1 WHERE id = $1 AND version = $2`,
		p.ID, p.Version, p.Name, model.NameKey(p.Name), p.Function, string(p.Status), nullText(p.Seat), nullInt(p.Position), now)
	if err != nil {
		return fmt.Errorf("store: update participant: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	p.UpdatedAt = now
	p.Version++
	return nil
}

// AddParticipantHistory appends a line to a delegate's history.
func (tx *Tx) AddParticipantHistory(ctx context.Context, participantID int64, h model.ParticipantChange) error {
	_, err := tx.exec(ctx, `INSERT INTO event_participant_history (participant_id, at, actor, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5, $6)`,
		participantID, tx.Now(), h.By, string(h.From), string(h.To), h.Note)
	if err != nil {
		return fmt.Errorf("store: participant history: %w", err)
	}
	return nil
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// Standing tells what an organisation (and one of its accounts) is to an
// event: invited, partner, with a confirmed delegate, presenter.
func (c *Conn) Standing(ctx context.Context, eventID int64, org string, accountID int64) (policy.Standing, error) {
	var s policy.Standing
	if org == "" {
		return s, nil
	}
	var invited, partner, delegate, presenter int
	err := c.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM event_quotas WHERE event_id = $1 AND org = $2),
		(SELECT COUNT(*) FROM event_partners WHERE event_id = $1 AND org = $2),
		(SELECT COUNT(*) FROM event_participants WHERE event_id = $1 AND org = $2 AND status IN ('confirmed', 'attended')),
		(SELECT COUNT(*) FROM event_sessions s JOIN event_session_people sp ON sp.session_id = s.id WHERE s.event_id = $1 AND sp.account_id = $3)`,
		eventID, org, accountID).Scan(&invited, &partner, &delegate, &presenter)
	if err != nil {
		return s, fmt.Errorf("store: standing: %w", translate(err))
	}
	return policy.Standing{Invited: invited > 0, Partner: partner > 0, Delegate: delegate > 0, Presenter: presenter > 0}, nil
}

// EventSessions returns an event's agenda with its chairs and speakers (names
// and organisations of accounts filled in), by day and time.
func (c *Conn) EventSessions(ctx context.Context, eventID int64) ([]model.Session, error) {
	rows, err := c.query(ctx, `SELECT id, event_id, day, starts, ends, title, description, location, illustrative FROM event_sessions
		WHERE event_id = $1 ORDER BY day, starts, ends, id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store: sessions: %w", err)
	}
	out := []model.Session{}
	idx := map[int64]int{}
	for rows.Next() {
		var s model.Session
		if err := rows.Scan(&s.ID, &s.EventID, &s.Day, &s.Starts, &s.Ends, &s.Title, &s.Description, &s.Location, &s.Illustrative); err != nil {
			_ = rows.Close()
			return nil, err
		}
		idx[s.ID] = len(out)
		out = append(out, s)
	}
	_ = rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	prows, err := c.query(ctx, `SELECT sp.session_id, sp.role, sp.account_id, COALESCE(NULLIF(a.name, ''), sp.name), COALESCE(a.org_code, sp.org)
		FROM event_session_people sp JOIN event_sessions s ON s.id = sp.session_id LEFT JOIN accounts a ON a.id = sp.account_id
		WHERE s.event_id = $1 ORDER BY sp.session_id, sp.position`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store: session people: %w", err)
	}
	defer func() { _ = prows.Close() }()
	for prows.Next() {
		var sid int64
		var p model.SessionPerson
		var acc sql.NullInt64
		if err := prows.Scan(&sid, &p.Role, &acc, &p.Name, &p.Org); err != nil {
			return nil, err
		}
		p.AccountID = acc.Int64
		out[idx[sid]].People = append(out[idx[sid]].People, p)
	}
	return out, prows.Err()
}

// CreateEventSession inserts s with its people.
func (tx *Tx) CreateEventSession(ctx context.Context, s *model.Session) error {
	id, err := tx.insertID(ctx, `INSERT INTO event_sessions (event_id, day, starts, ends, title, description, location, illustrative)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, s.EventID, s.Day, s.Starts, s.Ends, s.Title, s.Description, s.Location, s.Illustrative)
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	s.ID = id
	for i, p := range s.People {
		if _, err := tx.exec(ctx, `INSERT INTO event_session_people (session_id, position, role, account_id, name, org) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, i, p.Role, nullID(p.AccountID), p.Name, p.Org); err != nil {
			return fmt.Errorf("store: session people: %w", err)
		}
	}
	return nil
}

// EventSession returns one session (without its people).
func (c *Conn) EventSession(ctx context.Context, id int64) (model.Session, error) {
	var s model.Session
	err := c.queryRow(ctx, `SELECT id, event_id, day, starts, ends, title, description, location, illustrative FROM event_sessions WHERE id = $1`, id).
		Scan(&s.ID, &s.EventID, &s.Day, &s.Starts, &s.Ends, &s.Title, &s.Description, &s.Location, &s.Illustrative)
	if err != nil {
		return s, fmt.Errorf("store: session %d: %w", id, translate(err))
	}
	return s, nil
}

// DeleteEventSession removes a session, its people and its materials.
func (tx *Tx) DeleteEventSession(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `DELETE FROM event_sessions WHERE id = $1`, id)
	return err
}

const materialColumns = `m.id, m.event_id, m.session_id, m.title, m.kind, m.url, m.filename, m.content_type, m.size, m.audience, m.release_at, m.illustrative, m.created_at`

func scanMaterial(row interface{ Scan(...any) error }, extra ...any) (model.Material, error) {
	var m model.Material
	var session sql.NullInt64
	var release sql.NullTime
	dst := append([]any{&m.ID, &m.EventID, &session, &m.Title, &m.Kind, &m.URL, &m.Filename, &m.ContentType, &m.Size, &m.Audience, &release, &m.Illustrative, &m.CreatedAt}, extra...)
	if err := row.Scan(dst...); err != nil {
		return m, translate(err)
	}
	m.SessionID = session.Int64
	if release.Valid {
		m.ReleaseAt = release.Time.UTC()
	}
	m.CreatedAt = m.CreatedAt.UTC()
	return m, nil
}

// Materials lists an event's materials, without their content.
func (c *Conn) Materials(ctx context.Context, eventID int64) ([]model.Material, error) {
	out, err := queryAll(ctx, c, func(r scanner) (model.Material, error) { return scanMaterial(r) }, `SELECT `+materialColumns+` FROM event_materials m WHERE m.event_id = $1 ORDER BY m.session_id IS NOT NULL, m.session_id, m.id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store: materials: %w", err)
	}
	return out, nil
}

// Material returns one material with its content.
func (c *Conn) Material(ctx context.Context, id int64) (model.Material, error) {
	var content []byte
	m, err := scanMaterial(c.queryRow(ctx, `SELECT `+materialColumns+`, m.content FROM event_materials m WHERE m.id = $1`, id), &content)
	if err != nil {
		return m, fmt.Errorf("store: material %d: %w", id, err)
	}
	m.Content = content
	return m, nil
}

// CreateMaterial inserts m (with its content).
func (tx *Tx) CreateMaterial(ctx context.Context, m *model.Material) error {
	now := tx.Now()
	var release any
	if !m.ReleaseAt.IsZero() {
		release = m.ReleaseAt.UTC()
	}
	var content any
	if m.IsFile() {
		content = m.Content
	}
	id, err := tx.insertID(ctx, `INSERT INTO event_materials (event_id, session_id, title, kind, url, filename, content_type, size, content, audience, release_at, illustrative, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		m.EventID, nullID(m.SessionID), m.Title, string(m.Kind), m.URL, m.Filename, m.ContentType, m.Size, content, string(m.Audience), release, m.Illustrative, now)
	if err != nil {
		return fmt.Errorf("store: create material: %w", err)
	}
	m.ID, m.CreatedAt = id, now
	e, err := tx.Event(ctx, m.EventID)
	if err != nil {
		return err
	}
	state, err := tx.stateOf(ctx, e.Organizer)
	if err != nil {
		return err
	}
	return tx.indexMaterial(ctx, *m, e, state)
}

// DeleteMaterial removes one.
func (tx *Tx) DeleteMaterial(ctx context.Context, id int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM event_materials WHERE id = $1`, id); err != nil {
		return err
	}
	return tx.Unindex(ctx, model.SearchMaterial, id, "")
}

// Lessons lists an event's lessons learned.
func (c *Conn) Lessons(ctx context.Context, eventID int64) ([]model.Lesson, error) {
	rows, err := c.query(ctx, `SELECT id, event_id, title, body, org, illustrative, created_at FROM event_lessons WHERE event_id = $1 ORDER BY id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store: lessons: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.Lesson{}
	for rows.Next() {
		var l model.Lesson
		if err := rows.Scan(&l.ID, &l.EventID, &l.Title, &l.Body, &l.Org, &l.Illustrative, &l.CreatedAt); err != nil {
			return nil, err
		}
		l.CreatedAt = l.CreatedAt.UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}

// CreateLesson inserts l.
func (tx *Tx) CreateLesson(ctx context.Context, l *model.Lesson) error {
	now := tx.Now()
	id, err := tx.insertID(ctx, `INSERT INTO event_lessons (event_id, title, body, org, illustrative, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		l.EventID, l.Title, l.Body, l.Org, l.Illustrative, now)
	if err != nil {
		return fmt.Errorf("store: create lesson: %w", err)
	}
	l.ID, l.CreatedAt = id, now
	return nil
}

const followUpColumns = `f.id, f.event_id, f.title, f.description, f.owner_org, f.due, f.status, f.nap_action_id, f.illustrative, f.created_at, f.updated_at, f.version`

func scanFollowUp(row interface{ Scan(...any) error }) (model.FollowUp, error) {
	var f model.FollowUp
	var nap sql.NullInt64
	if err := row.Scan(&f.ID, &f.EventID, &f.Title, &f.Description, &f.Owner, &f.Due, &f.Status, &nap, &f.Illustrative, &f.CreatedAt, &f.UpdatedAt, &f.Version); err != nil {
		return f, translate(err)
	}
	f.NAPActionID = nap.Int64
	f.CreatedAt, f.UpdatedAt = f.CreatedAt.UTC(), f.UpdatedAt.UTC()
	return f, nil
}

// FollowUps lists an event's follow-up actions with their history.
func (c *Conn) FollowUps(ctx context.Context, eventID int64) ([]model.FollowUp, error) {
	rows, err := c.query(ctx, `SELECT `+followUpColumns+` FROM event_followups f WHERE f.event_id = $1 ORDER BY f.due IS NULL, f.due, f.id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store: follow-ups: %w", err)
	}
	out := []model.FollowUp{}
	idx := map[int64]int{}
	for rows.Next() {
		f, err := scanFollowUp(rows)
		if err != nil {
			_ = rows.Close()
			return nil, err
		}
		idx[f.ID] = len(out)
		out = append(out, f)
	}
	_ = rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	hrows, err := c.query(ctx, `SELECT h.followup_id, h.at, h.actor, h.from_status, h.to_status, h.note FROM event_followup_history h
		JOIN event_followups f ON f.id = h.followup_id WHERE f.event_id = $1 ORDER BY h.id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store: follow-up history: %w", err)
	}
	defer func() { _ = hrows.Close() }()
	for hrows.Next() {
		var id int64
		var h model.FollowUpChange
		if err := hrows.Scan(&id, &h.At, &h.By, &h.From, &h.To, &h.Note); err != nil {
			return nil, err
		}
		h.At = h.At.UTC()
		out[idx[id]].History = append(out[idx[id]].History, h)
	}
	return out, hrows.Err()
}

// FollowUp returns one follow-up action (without its history).
func (c *Conn) FollowUp(ctx context.Context, id int64) (model.FollowUp, error) {
	f, err := scanFollowUp(c.queryRow(ctx, `SELECT `+followUpColumns+` FROM event_followups f WHERE f.id = $1`, id))
	if err != nil {
		return f, fmt.Errorf("store: follow-up %d: %w", id, err)
	}
	return f, nil
}

// CreateFollowUp inserts f.
func (tx *Tx) CreateFollowUp(ctx context.Context, f *model.FollowUp) error {
	now := tx.Now()
	id, err := tx.insertID(ctx, `INSERT INTO event_followups (event_id, title, description, owner_org, due, status, nap_action_id, illustrative, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1) RETURNING id`,
		f.EventID, f.Title, f.Description, f.Owner, f.Due, string(f.Status), nullID(f.NAPActionID), f.Illustrative, now)
	if err != nil {
		return fmt.Errorf("store: create follow-up: %w", err)
	}
	f.ID, f.CreatedAt, f.UpdatedAt, f.Version = id, now, now, 1
	return nil
}

// UpdateFollowUp saves f if its version is still f.Version.
func (tx *Tx) UpdateFollowUp(ctx context.Context, f *model.FollowUp) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE event_followups SET title = $3, description = $4, owner_org = $5, due = $6, status = $7, nap_action_id = $8,
		updated_at = $9, version = version + 1 WHERE id = $1 AND version = $2`,
		f.ID, f.Version, f.Title, f.Description, f.Owner, f.Due, string(f.Status), nullID(f.NAPActionID), now)
	if err != nil {
		return fmt.Errorf("store: update follow-up: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	f.UpdatedAt = now
	f.Version++
	return nil
}

// AddFollowUpHistory appends a line to a follow-up's history.
func (tx *Tx) AddFollowUpHistory(ctx context.Context, followUpID int64, h model.FollowUpChange) error {
	_, err := tx.exec(ctx, `INSERT INTO event_followup_history (followup_id, at, actor, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5, $6)`,
		followUpID, tx.Now(), h.By, string(h.From), string(h.To), h.Note)
	if err != nil {
		return fmt.Errorf("store: follow-up history: %w", err)
	}
	return nil
}

// CalendarFeed is an account's personal calendar feed.
type CalendarFeed struct {
	ID        int64
	AccountID int64
	CreatedAt time.Time
}

// CalendarFeedByHash returns the live feed whose token hashes to hash.
func (c *Conn) CalendarFeedByHash(ctx context.Context, hash string) (CalendarFeed, error) {
	var f CalendarFeed
	err := c.queryRow(ctx, `SELECT id, account_id, created_at FROM calendar_feeds WHERE token_hash = $1 AND revoked_at IS NULL`, hash).Scan(&f.ID, &f.AccountID, &f.CreatedAt)
	if err != nil {
		return f, fmt.Errorf("store: calendar feed: %w", translate(err))
	}
	f.CreatedAt = f.CreatedAt.UTC()
	return f, nil
}

// CalendarFeedOf returns an account's live feed, if it has one.
func (c *Conn) CalendarFeedOf(ctx context.Context, accountID int64) (CalendarFeed, bool, error) {
	var f CalendarFeed
	err := c.queryRow(ctx, `SELECT id, account_id, created_at FROM calendar_feeds WHERE account_id = $1 AND revoked_at IS NULL ORDER BY id DESC LIMIT 1`, accountID).
		Scan(&f.ID, &f.AccountID, &f.CreatedAt)
	if err == sql.ErrNoRows {
		return f, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("store: calendar feed: %w", translate(err))
	}
	f.CreatedAt = f.CreatedAt.UTC()
	return f, true, nil
}

// RevokeCalendarFeeds ends every live feed of an account.
func (tx *Tx) RevokeCalendarFeeds(ctx context.Context, accountID int64) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE calendar_feeds SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`, accountID, tx.Now())
	if err != nil {
		return 0, fmt.Errorf("store: revoke calendar feeds: %w", err)
	}
	return res.RowsAffected()
}

// CreateCalendarFeed records a new feed token (its hash).
func (tx *Tx) CreateCalendarFeed(ctx context.Context, accountID int64, hash string) (CalendarFeed, error) {
	now := tx.Now()
	id, err := tx.insertID(ctx, `INSERT INTO calendar_feeds (account_id, token_hash, created_at) VALUES ($1, $2, $3) RETURNING id`, accountID, hash, now)
	if err != nil {
		return CalendarFeed{}, fmt.Errorf("store: create calendar feed: %w", err)
	}
	return CalendarFeed{ID: id, AccountID: accountID, CreatedAt: now}, nil
}

// EventsLeadingTo returns the IDs of the events that lead to event id.
func (c *Conn) EventsLeadingTo(ctx context.Context, id int64) ([]int64, error) {
	rows, err := c.query(ctx, `SELECT id FROM events WHERE leads_to = $1 ORDER BY start_day, id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: events leading to %d: %w", id, err)
	}
	defer func() { _ = rows.Close() }()
	var out []int64
	for rows.Next() {
		var x int64
		if err := rows.Scan(&x); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// ParticipantHistoryOf returns one delegate's history, oldest first.
func (c *Conn) ParticipantHistoryOf(ctx context.Context, participantID int64) ([]model.ParticipantChange, error) {
	rows, err := c.query(ctx, `SELECT at, actor, from_status, to_status, note FROM event_participant_history WHERE participant_id = $1 ORDER BY id`, participantID)
	if err != nil {
		return nil, fmt.Errorf("store: participant history: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.ParticipantChange{}
	for rows.Next() {
		var h model.ParticipantChange
		if err := rows.Scan(&h.At, &h.By, &h.From, &h.To, &h.Note); err != nil {
			return nil, err
		}
		h.At = h.At.UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}

// WaitlistPlace is a waiting delegate's place: 1 + those waiting before it.
func (c *Conn) WaitlistPlace(ctx context.Context, eventID int64, position int) (int, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM event_participants WHERE event_id = $1 AND status = 'waitlisted' AND position < $2`, eventID, position).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: waiting list: %w", translate(err))
	}
	return n + 1, nil
}
