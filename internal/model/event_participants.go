package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Quota is the number of seats an invited delegation (a State or an
// organisation) has at an event. Setting a quota invites the delegation;
// zero seats invite it without a seat of its own (every nomination waits
// for the organiser).
type Quota struct {
	Org      string `json:"org"`
	Seats    int    `json:"seats"`
	ViaGroup string `json:"via_group,omitempty"` // the group whose quota it came from
}

// QuotaInput is one entry of the whole set a client sends: either an
// organisation ({"org": "HRV", "seats": 3}) or a group ({"group": "SEE",
// "seats": 3}, N seats for each member).
type QuotaInput struct {
	Org   string `json:"org,omitempty"`
	Group string `json:"group,omitempty"`
	Seats *int   `json:"seats"`
}

// MaxSeats bounds one delegation's quota.
const MaxSeats = 1000

// ExpandQuotas validates the whole set and expands group entries into one
// quota per member. An organisation listed on its own overrides the number
// its group gives it; an organisation listed twice, or in two groups with
// different numbers, is a problem. members returns a group's member codes
// (nil for an unknown group).
func ExpandQuotas(in []QuotaInput, codes Codes, members func(group string) []string) ([]Quota, Problems) {
	p := Problems{}
	if len(in) > 500 {
		p.Add("quotas", "at most 500 entries")
		return nil, p
	}
	direct := map[string]int{}
	byGroup := map[string]Quota{}
	clash := map[string]string{} // member -> problem, unless listed on its own
	var order []string
	for i, q := range in {
		f := fmt.Sprintf("[%d]", i)
		org, group := tidyCode(q.Org), tidyCode(q.Group)
		switch {
		case q.Seats == nil:
			p.Add(f+".seats", "give the number of seats (0 invites without a seat)")
			continue
		case *q.Seats < 0 || *q.Seats > MaxSeats:
			p.Add(f+".seats", "enter a number of seats from 0 to %d", MaxSeats)
			continue
		case (org == "") == (group == ""):
			p.Add(f, "give either org or group")
			continue
		}
		if org != "" {
			if !codes.IsOrg(org) {
				p.Add(f+".org", "%q is not a known State or organisation code", org)
				continue
			}
			if _, dup := direct[org]; dup {
				p.Add(f+".org", "%s is listed twice", org)
				continue
			}
			direct[org] = *q.Seats
			order = append(order, org)
			continue
		}
		ms := members(group)
		if ms == nil {
			p.Add(f+".group", "%q is not a known group code", group)
			continue
		}
		for _, m := range ms {
			if prev, ok := byGroup[m]; ok {
				if prev.Seats != *q.Seats {
					clash[m] = fmt.Sprintf("%s: %s is in %s and %s with different numbers of seats; list it on its own", f+".group", m, prev.ViaGroup, group)
				}
				continue
			}
			byGroup[m] = Quota{Org: m, Seats: *q.Seats, ViaGroup: group}
			order = append(order, m)
		}
	}
	for m, msg := range clash {
		if _, settled := direct[m]; !settled {
			field, text, _ := strings.Cut(msg, ": ")
			p.Add(field, "%s", text)
		}
	}
	if len(p) > 0 {
		return nil, p
	}
	var out []Quota
	done := map[string]bool{}
	for _, org := range order {
		if done[org] {
			continue
		}
		done[org] = true
		if n, ok := direct[org]; ok {
			out = append(out, Quota{Org: org, Seats: n})
			continue
		}
		out = append(out, byGroup[org])
	}
	return out, nil
}

// ParticipantStatus is where a delegate's nomination stands.
type ParticipantStatus string

// The statuses.
const (
	StatusNominated  ParticipantStatus = "nominated"  // holds a seat, awaits the organiser
	StatusWaitlisted ParticipantStatus = "waitlisted" // waits for a seat, in order
	StatusConfirmed  ParticipantStatus = "confirmed"  // the organiser confirmed
	StatusDeclined   ParticipantStatus = "declined"   // the organiser declined
	StatusWithdrawn  ParticipantStatus = "withdrawn"  // the delegation withdrew
	StatusAttended   ParticipantStatus = "attended"
	StatusNoShow     ParticipantStatus = "no-show"
)

// ParticipantStatuses lists the statuses in workflow order.
var ParticipantStatuses = []ParticipantStatus{StatusNominated, StatusWaitlisted, StatusConfirmed, StatusDeclined, StatusWithdrawn, StatusAttended, StatusNoShow}

// Valid reports whether s is a known status.
func (s ParticipantStatus) Valid() bool { return slices.Contains(ParticipantStatuses, s) }

// HoldsSeat reports whether a delegate with status s occupies a seat.
func (s ParticipantStatus) HoldsSeat() bool {
	return s == StatusNominated || s == StatusConfirmed || s == StatusAttended || s == StatusNoShow
}

// Active reports whether the nomination still counts (not declined or
// withdrawn): an active delegate's name cannot be nominated again.
func (s ParticipantStatus) Active() bool {
	return s.Valid() && s != StatusDeclined && s != StatusWithdrawn
}

// Confirmed reports whether the delegate is confirmed (or attended).
func (s ParticipantStatus) Confirmed() bool { return s == StatusConfirmed || s == StatusAttended }

// Label is the status in words.
func (s ParticipantStatus) Label() string {
	switch s {
	case StatusNominated:
		return "Nominated"
	case StatusWaitlisted:
		return "On the waiting list"
	case StatusConfirmed:
		return "Confirmed"
	case StatusDeclined:
		return "Declined"
	case StatusWithdrawn:
		return "Withdrawn"
	case StatusAttended:
		return "Attended"
	case StatusNoShow:
		return "Did not attend"
	}
	return string(s)
}

// Badge is the CSS class of the status badge (the text says it too).
func (s ParticipantStatus) Badge() string {
	switch s {
	case StatusConfirmed, StatusAttended:
		return "ok"
	case StatusNominated:
		return "info"
	case StatusWaitlisted:
		return "warn"
	case StatusDeclined, StatusNoShow:
		return "bad"
	}
	return "plain"
}

// participantMoves is the workflow: from a status, where it may go.
// Promotion from the waiting list (waitlisted → nominated) is napx's own
// move when a seat is released.
var participantMoves = map[ParticipantStatus][]ParticipantStatus{
	StatusNominated:  {StatusConfirmed, StatusDeclined, StatusWithdrawn},
	StatusWaitlisted: {StatusNominated, StatusConfirmed, StatusDeclined, StatusWithdrawn},
	StatusConfirmed:  {StatusDeclined, StatusWithdrawn, StatusAttended, StatusNoShow},
	StatusAttended:   {StatusNoShow},
	StatusNoShow:     {StatusAttended},
}

// CanMoveTo reports whether a delegate may go from s to t.
func (s ParticipantStatus) CanMoveTo(t ParticipantStatus) bool {
	return slices.Contains(participantMoves[s], t)
}

// Seats that belong to no delegation.
const (
	SeatOpen      = "@open"      // one of the event's open seats for associate members and observers
	SeatOrganiser = "@organiser" // granted by the organiser beyond the quotas
)

// Participant is a named delegate nominated by an invited delegation.
type Participant struct {
	ID           int64             `json:"id"`
	EventID      int64             `json:"event_id"`
	Org          string            `json:"org"` // the delegation
	Name         string            `json:"name"`
	Function     string            `json:"function,omitempty"` // job title, agency
	Status       ParticipantStatus `json:"status"`
	Seat         string            `json:"seat,omitempty"`              // whose seat it holds: a delegation code, @open or @organiser; empty without a seat
	Position     int               `json:"-"`                           // order of joining the waiting list (kept after leaving it)
	Place        int               `json:"waitlist_position,omitempty"` // current place on the event's waiting list (waitlisted only)
	NominatedBy  string            `json:"nominated_by,omitempty"`
	NominatedAt  time.Time         `json:"nominated_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
	Version      int64             `json:"version"`
	Illustrative bool              `json:"illustrative"`
	// Details answer the event's own nomination questions; nil when the
	// viewer may not see them (policy.NominationDetailsVisible) or none.
	Details *NominationDetails `json:"details,omitempty"`
}

// ParticipantChange is one line of a delegate's history.
type ParticipantChange struct {
	At   time.Time         `json:"at"`
	By   string            `json:"by"`
	From ParticipantStatus `json:"from,omitempty"`
	To   ParticipantStatus `json:"to"`
	Note string            `json:"note,omitempty"`
}

// NominationInput is a delegate as the delegation's coordinator names them.
type NominationInput struct {
	Org      string `json:"org"`
	Name     string `json:"name"`
	Function string `json:"function"`
	// Details answer the fields the event asks for (nil or empty when it
	// asks for none; a field it does not ask for is refused).
	Details *NominationDetails `json:"details,omitempty"`
	// Illustrative marks demo content; only napx itself sets it (the demo
	// seeder), never a client.
	Illustrative bool `json:"-"`
}

// NameKey folds a person's name for comparison: case, spaces and
// punctuation do not make two people.
func NameKey(name string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
			continue
		}
		space = true
	}
	return b.String()
}

// Validate checks a nomination.
func (in NominationInput) Validate() (Participant, Problems) {
	p := Problems{}
	out := Participant{Org: tidyCode(in.Org), Name: Line(p, "name", strings.Join(strings.Fields(in.Name), " "), 200), Function: Line(p, "function", in.Function, maxShort)}
	if out.Org == "" || LineProblem(strings.TrimSpace(in.Org), 20) != "" {
		p.Add("org", "give the delegation's code (your organisation)")
	}
	if NameKey(out.Name) == "" {
		p.Add("name", "enter the delegate's name")
	}
	return out, p
}

// ParticipantPatch changes a delegate: a new status (confirm, decline,
// withdraw, attended, no-show) or a substitute (a new name in the same
// place).
type ParticipantPatch struct {
	Status   string `json:"status,omitempty"`
	Name     string `json:"name,omitempty"`     // a substitute
	Function string `json:"function,omitempty"` // the substitute's function
	Note     string `json:"note,omitempty"`
	Version  int64  `json:"version"` // the version read (required)
	// Details of a substitute (with Name only): the answers to the
	// event's own questions, replacing the former delegate's.
	Details *NominationDetails `json:"details,omitempty"`
}

// Validate checks the patch's form; the workflow is checked by the service.
func (in ParticipantPatch) Validate() (ParticipantStatus, string, Problems) {
	p := Problems{}
	st := ParticipantStatus(strings.TrimSpace(in.Status))
	name := Line(p, "name", strings.Join(strings.Fields(in.Name), " "), 200)
	switch {
	case st == "" && name == "":
		p.Add("status", "send a new status, or a substitute's name")
	case st != "" && name != "":
		p.Add("name", "substitute a delegate, or change their status, not both at once")
	case st != "" && !st.Valid():
		p.Add("status", "choose confirmed, declined, withdrawn, attended or no-show")
	}
	Text(p, "note", in.Note, 2000)
	Line(p, "function", in.Function, maxShort)
	return st, name, p
}
