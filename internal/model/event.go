package model

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // events name IANA time zones; the binary carries the database
)

// EventKind is what sort of gathering an event is.
type EventKind string

// The kinds of event (DESIGN.md §4).
const (
	KindWorkshop        EventKind = "workshop"
	KindPoCTraining     EventKind = "poc-training"
	KindPeerReview      EventKind = "peer-review"
	KindNAPConsultation EventKind = "nap-consultation"
	KindCountryVisit    EventKind = "country-visit"
	KindMeeting         EventKind = "meeting"
)

// EventKinds lists the kinds in the order pages offer them.
var EventKinds = []EventKind{KindWorkshop, KindPoCTraining, KindPeerReview, KindNAPConsultation, KindCountryVisit, KindMeeting}

// Valid reports whether k is a known kind.
func (k EventKind) Valid() bool { return slices.Contains(EventKinds, k) }

// Label is the kind in words.
func (k EventKind) Label() string {
	switch k {
	case KindWorkshop:
		return "Workshop"
	case KindPoCTraining:
		return "Points of contact training"
	case KindPeerReview:
		return "Peer review"
	case KindNAPConsultation:
		return "NAP consultation"
	case KindCountryVisit:
		return "Country visit"
	case KindMeeting:
		return "Meeting"
	}
	return string(k)
}

// PartnerRole is what a partner organisation brings to an event.
type PartnerRole string

// The partner roles.
const (
	RoleSupport     PartnerRole = "support"
	RoleExpertise   PartnerRole = "expertise"
	RoleKeySpeakers PartnerRole = "key-speakers"
)

// PartnerRoles lists the roles.
var PartnerRoles = []PartnerRole{RoleSupport, RoleExpertise, RoleKeySpeakers}

// Label is the role in words.
func (r PartnerRole) Label() string {
	switch r {
	case RoleSupport:
		return "support"
	case RoleExpertise:
		return "expertise"
	case RoleKeySpeakers:
		return "key speakers"
	}
	return string(r)
}

// Partner is an organisation that helps the organiser, with its roles.
type Partner struct {
	Org   string        `json:"org"`
	Roles []PartnerRole `json:"roles"`
}

// Venue is where an event takes place.
type Venue struct {
	Name    string `json:"name"`
	Address string `json:"address"` // postal address, lines separated by commas or newlines
	Phone   string `json:"phone"`
	Fax     string `json:"fax"`
	Web     string `json:"web"`
}

// Relation is how an event stands to a related event.
type Relation string

// The relations.
const (
	RelRightAfter  Relation = "right-after"  // this event is held right after the related one
	RelRightBefore Relation = "right-before" // this event is held right before the related one
	RelFollowsUp   Relation = "follows-up"   // this event follows up the related one
	RelRelated     Relation = "related"
)

// Relations lists the relations.
var Relations = []Relation{RelRightAfter, RelRightBefore, RelFollowsUp, RelRelated}

// Label is the relation in words, as it reads before the related event.
func (r Relation) Label() string {
	switch r {
	case RelRightAfter:
		return "Held right after"
	case RelRightBefore:
		return "Held right before"
	case RelFollowsUp:
		return "Follows up"
	case RelRelated:
		return "Related to"
	}
	return string(r)
}

// RelatedEvent is another meeting an event stands beside, which may or may
// not be an event in napx (the C-WMD Network's eighth meeting is not).
type RelatedEvent struct {
	Relation   Relation `json:"relation"`
	Title      string   `json:"title"`
	Organizers []string `json:"organizers"` // organisation codes
	EventID    int64    `json:"event_id,omitempty"`
	Note       string   `json:"note,omitempty"`
}

// Audience is who a material or a contact of an event is for.
type Audience string

// The audiences, narrowest first.
const (
	AudienceConfirmed Audience = "confirmed" // the organiser, partners and delegations with a confirmed delegate
	AudienceSignedIn  Audience = "signed-in" // every signed-in account that may read the event
	AudiencePublic    Audience = "public"    // everyone who may read the event
)

// Audiences lists the audiences, narrowest first.
var Audiences = []Audience{AudienceConfirmed, AudienceSignedIn, AudiencePublic}

// Valid reports whether a is a known audience.
func (a Audience) Valid() bool { return slices.Contains(Audiences, a) }

// Label is the audience in words.
func (a Audience) Label() string {
	switch a {
	case AudienceConfirmed:
		return "Confirmed participants"
	case AudienceSignedIn:
		return "Signed-in accounts"
	case AudiencePublic:
		return "Public"
	}
	return string(a)
}

// EventContact is a person to ask about an event, with their role.
type EventContact struct {
	Org      string   `json:"org"`
	Name     string   `json:"name"`
	Role     string   `json:"role"` // e.g. "Activity Coordinator"
	Email    string   `json:"email,omitempty"`
	Phone    string   `json:"phone,omitempty"`
	Audience Audience `json:"audience"` // who sees the contact at all
}

// ContactDetailsVisibility is the level of an event contact's e-mail and
// phone: signed-in accounts, as for a State's point of contact.
const ContactDetailsVisibility = VisParticipants

// Event is a workshop, training, peer review, consultation, visit or
// meeting. Its organiser owns it.
type Event struct {
	ID                 int64
	Kind               EventKind
	Code               string // the organiser's activity code, e.g. CSE-C1-S-17
	Title              string
	Organizer          string // organisation code; the owner
	Partners           []Partner
	Venue              Venue
	Start, End         Date
	ArrivalDays        []Date
	DepartureDays      []Date
	TimeZone           string // IANA name, e.g. Europe/Zagreb
	Languages          []string
	Background         string
	Purpose            string
	Objectives         []string
	Methodology        string
	Participation      string
	MaterialsNote      string
	Target             int    // participants expected in all
	OpenSeats          int    // seats for associate members and observers of OpenGroup
	OpenGroup          string // the group whose associate members and observers are welcome
	NominationDeadline Date   // zero: the day before Start
	Related            []RelatedEvent
	Contacts           []EventContact
	LeadsTo            int64 // the follow-up event this one leads to
	Visibility         Visibility
	SharedWith         []string // for visibility "shared": organisations and groups named
	Source             Source   // what records the event, when it is recorded from the past (a report, an announcement)
	Illustrative       bool
	CreatedAt          time.Time
	UpdatedAt          time.Time
	Version            int64
}

// Deadline is the last day nominations may be made or changed by the
// delegations: the deadline set, or the day before the event.
func (e Event) Deadline() Date {
	if !e.NominationDeadline.IsZero() {
		return e.NominationDeadline
	}
	return e.Start.AddDays(-1)
}

// Days are the event's days, first to last.
func (e Event) Days() []Date {
	var out []Date
	for d := e.Start; !d.After(e.End) && len(out) < MaxEventDays; d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}

// HasDay reports whether d is one of the event's days.
func (e Event) HasDay(d Date) bool { return !d.Before(e.Start) && !d.After(e.End) }

// WorkingDays counts the event's days from Monday to Friday.
func (e Event) WorkingDays() int {
	n := 0
	for _, d := range e.Days() {
		if wd := d.Time().Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

// Location is the event's time zone (UTC when none is set or it is unknown).
func (e Event) Location() *time.Location {
	if e.TimeZone == "" {
		return time.UTC
	}
	if loc, ok := zones.Load(e.TimeZone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(e.TimeZone)
	if err != nil {
		return time.UTC
	}
	zones.Store(e.TimeZone, loc)
	return loc
}

// zones caches loaded time zones by name (loading one reads the zone
// database each time).
var zones sync.Map

// Today is the calendar day at the event's place at instant now.
func (e Event) Today(now time.Time) Date { return DateOf(now.In(e.Location())) }

// MaxEventDays bounds an event's length (a year).
const MaxEventDays = 366

// EventInput is a new or changed event, as a client sends it: dates and
// enums are strings so that a bad one is reported against its field.
type EventInput struct {
	Kind               string         `json:"kind"`
	Code               string         `json:"code"`
	Title              string         `json:"title"`
	Organizer          string         `json:"organizer"`
	Partners           []PartnerInput `json:"partners"`
	Venue              Venue          `json:"venue"`
	Start              string         `json:"start"`
	End                string         `json:"end"`
	ArrivalDays        []string       `json:"arrival_days"`
	DepartureDays      []string       `json:"departure_days"`
	TimeZone           string         `json:"time_zone"`
	Languages          []string       `json:"languages"`
	Background         string         `json:"background"`
	Purpose            string         `json:"purpose"`
	Objectives         []string       `json:"objectives"`
	Methodology        string         `json:"methodology"`
	Participation      string         `json:"participation"`
	MaterialsNote      string         `json:"materials_note"`
	Target             int            `json:"target"`
	OpenSeats          int            `json:"open_seats"`
	OpenGroup          string         `json:"open_group"`
	NominationDeadline string         `json:"nomination_deadline"`
	Related            []RelatedInput `json:"related_events"`
	Contacts           []ContactInput `json:"contacts"`
	LeadsTo            int64          `json:"leads_to"`
	Visibility         string         `json:"visibility"`
	SharedWith         []string       `json:"shared_with"`
	Source             string         `json:"source" doc:"the document that records the event, when it is recorded from the past (optional)"`
	SourceURL          string         `json:"source_url" doc:"a link to it"`
	Version            int64          `json:"version"`
	// TextLanguage is the language its texts are written in (issue 17).
	TextLanguage string `json:"language" doc:"the language its texts are written in, one of ar, zh, en, fr, ru, es (a new event: default en; a change: unchanged when left out)"`
	// Illustrative marks demo content; only napx itself sets it (the demo
	// seeder), never a client.
	Illustrative bool `json:"-"`
}

// PartnerInput is a partner as sent.
type PartnerInput struct {
	Org   string   `json:"org"`
	Roles []string `json:"roles"`
}

// RelatedInput is a related event as sent.
type RelatedInput struct {
	Relation   string   `json:"relation"`
	Title      string   `json:"title"`
	Organizers []string `json:"organizers"`
	EventID    int64    `json:"event_id"`
	Note       string   `json:"note"`
}

// ContactInput is an event contact as sent.
type ContactInput struct {
	Org      string `json:"org"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Email    string `json:"email"`
	Phone    string `json:"phone"`
	Audience string `json:"audience"`
}

// Codes answers whether organisation and group codes exist; the service
// passes the reference data's answers to Validate.
type Codes interface {
	IsOrg(code string) bool
	IsGroup(code string) bool
}

// Input returns the event as an input, for a change of some fields.
func (e Event) Input() EventInput {
	in := EventInput{Kind: string(e.Kind), Code: e.Code, Title: e.Title, Organizer: e.Organizer, Venue: e.Venue,
		Start: e.Start.String(), End: e.End.String(), TimeZone: e.TimeZone, Languages: slices.Clone(e.Languages),
		Background: e.Background, Purpose: e.Purpose, Objectives: slices.Clone(e.Objectives), Methodology: e.Methodology,
		Participation: e.Participation, MaterialsNote: e.MaterialsNote, Target: e.Target, OpenSeats: e.OpenSeats, OpenGroup: e.OpenGroup,
		NominationDeadline: e.NominationDeadline.String(), LeadsTo: e.LeadsTo, Visibility: string(e.Visibility),
		SharedWith: slices.Clone(e.SharedWith), Source: e.Source.Title, SourceURL: e.Source.URL, Version: e.Version}
	for _, p := range e.Partners {
		pi := PartnerInput{Org: p.Org}
		for _, r := range p.Roles {
			pi.Roles = append(pi.Roles, string(r))
		}
		in.Partners = append(in.Partners, pi)
	}
	for _, d := range e.ArrivalDays {
		in.ArrivalDays = append(in.ArrivalDays, d.String())
	}
	for _, d := range e.DepartureDays {
		in.DepartureDays = append(in.DepartureDays, d.String())
	}
	for _, r := range e.Related {
		in.Related = append(in.Related, RelatedInput{Relation: string(r.Relation), Title: r.Title, Organizers: slices.Clone(r.Organizers), EventID: r.EventID, Note: r.Note})
	}
	for _, c := range e.Contacts {
		in.Contacts = append(in.Contacts, ContactInput{Org: c.Org, Name: c.Name, Role: c.Role, Email: c.Email, Phone: c.Phone, Audience: string(c.Audience)})
	}
	return in
}

// Limits on event text.
const (
	maxShort = 300
	maxLong  = 20000
	maxList  = 50
)

func tidyCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// Validate checks the input and returns the event it describes. codes
// knows the organisation and group codes.
func (in EventInput) Validate(codes Codes) (Event, Problems) {
	p := Problems{}
	textLanguage(p, "language", in.TextLanguage)
	e := Event{Kind: EventKind(strings.TrimSpace(in.Kind)), Code: Line(p, "code", in.Code, maxShort), Title: Line(p, "title", in.Title, maxShort),
		Organizer: tidyCode(in.Organizer), TimeZone: strings.TrimSpace(in.TimeZone), Background: Text(p, "background", in.Background, maxLong),
		Purpose: Text(p, "purpose", in.Purpose, maxLong), Methodology: Text(p, "methodology", in.Methodology, maxLong),
		Participation: Text(p, "participation", in.Participation, maxLong), MaterialsNote: Text(p, "materials_note", in.MaterialsNote, maxLong),
		Target: in.Target, OpenSeats: in.OpenSeats, OpenGroup: tidyCode(in.OpenGroup),
		LeadsTo: in.LeadsTo, Visibility: Visibility(strings.TrimSpace(in.Visibility)), Version: in.Version,
		Source: ValidSource(p, "source", "source_url", in.Source, in.SourceURL)}
	if !e.Kind.Valid() {
		p.Add("kind", "choose workshop, poc-training, peer-review, nap-consultation, country-visit or meeting")
	}
	if e.Title == "" {
		p.Add("title", "enter the event's title")
	}
	if e.Organizer == "" || !codes.IsOrg(e.Organizer) {
		p.Add("organizer", "enter the organiser's organisation code (a State's alpha-3 code or an organisation's code)")
	}
	seen := map[string]bool{}
	for i, pi := range in.Partners {
		f := fmt.Sprintf("partners[%d]", i)
		part := Partner{Org: tidyCode(pi.Org)}
		switch {
		case part.Org == "" || !codes.IsOrg(part.Org):
			p.Add(f+".org", "enter a known organisation code")
		case part.Org == e.Organizer:
			p.Add(f+".org", "the organiser is not its own partner")
		case seen[part.Org]:
			p.Add(f+".org", "%s is listed twice", part.Org)
		}
		seen[part.Org] = true
		for _, r := range pi.Roles {
			role := PartnerRole(strings.TrimSpace(r))
			if !slices.Contains(PartnerRoles, role) {
				p.Add(f+".roles", "choose support, expertise or key-speakers")
				continue
			}
			if !slices.Contains(part.Roles, role) {
				part.Roles = append(part.Roles, role)
			}
		}
		if len(part.Roles) == 0 {
			p.Add(f+".roles", "give at least one role: support, expertise or key-speakers")
		}
		e.Partners = append(e.Partners, part)
	}
	e.Venue = Venue{Name: Line(p, "venue.name", in.Venue.Name, maxShort), Address: Text(p, "venue.address", in.Venue.Address, maxShort),
		Phone: Line(p, "venue.phone", in.Venue.Phone, maxShort), Fax: Line(p, "venue.fax", in.Venue.Fax, maxShort), Web: Line(p, "venue.web", in.Venue.Web, maxShort)}
	if e.Venue.Web != "" && !WebAddress(e.Venue.Web) {
		p.Add("venue.web", "enter a web address such as www.example.org or https://www.example.org")
	}
	var err error
	if e.Start, err = ParseDate(strings.TrimSpace(in.Start)); err != nil || e.Start.IsZero() {
		p.Add("start", "enter the first day as YYYY-MM-DD")
	}
	if e.End, err = ParseDate(strings.TrimSpace(in.End)); err != nil || e.End.IsZero() {
		p.Add("end", "enter the last day as YYYY-MM-DD")
	} else if !e.Start.IsZero() && e.End.Before(e.Start) {
		p.Add("end", "the last day (%s) is before the first day (%s)", e.End.Long(), e.Start.Long())
	} else if !e.Start.IsZero() && e.End.After(e.Start.AddDays(MaxEventDays-1)) {
		p.Add("end", "an event lasts at most %d days", MaxEventDays)
	}
	e.ArrivalDays = dates(p, "arrival_days", in.ArrivalDays)
	e.DepartureDays = dates(p, "departure_days", in.DepartureDays)
	if _, bad := p["start"]; !bad {
		for _, d := range e.ArrivalDays {
			if d.After(e.Start) {
				p.Add("arrival_days", "an arrival day (%s) is after the first day", d.Long())
			}
		}
	}
	if _, bad := p["end"]; !bad {
		for _, d := range e.DepartureDays {
			if d.Before(e.End) && !e.HasDay(d) {
				p.Add("departure_days", "a departure day (%s) is before the event", d.Long())
			}
		}
	}
	if e.TimeZone == "" {
		e.TimeZone = "UTC"
	} else if _, err := time.LoadLocation(e.TimeZone); err != nil || strings.EqualFold(e.TimeZone, "local") {
		p.Add("time_zone", "enter an IANA time zone such as Europe/Zagreb or UTC")
	}
	e.Languages = texts(p, "languages", in.Languages, 60)
	e.Objectives = texts(p, "objectives", in.Objectives, 2000)
	if e.Target < 0 || e.Target > 100000 {
		p.Add("target", "enter the number of participants expected (0 when not set)")
	}
	if e.OpenSeats < 0 || e.OpenSeats > 10000 {
		p.Add("open_seats", "enter a number of seats from 0")
	}
	if e.OpenGroup != "" && !codes.IsGroup(e.OpenGroup) {
		p.Add("open_group", "enter a known group code, e.g. RACVIAC")
	}
	if e.NominationDeadline, err = ParseDate(strings.TrimSpace(in.NominationDeadline)); err != nil {
		p.Add("nomination_deadline", "enter the last day for nominations as YYYY-MM-DD, or leave it empty for the day before the event")
	} else if !e.NominationDeadline.IsZero() && !e.End.IsZero() && e.NominationDeadline.After(e.End) {
		p.Add("nomination_deadline", "the nomination deadline is after the event")
	}
	if len(in.Related) > maxList {
		p.Add("related_events", "at most %d related events", maxList)
	}
	for i, ri := range in.Related {
		f := fmt.Sprintf("related_events[%d]", i)
		r := RelatedEvent{Relation: Relation(strings.TrimSpace(ri.Relation)), Title: Line(p, f+".title", ri.Title, maxShort), EventID: ri.EventID,
			Note: Text(p, f+".note", ri.Note, 2000)}
		if r.Relation == "" {
			r.Relation = RelRelated
		}
		if !slices.Contains(Relations, r.Relation) {
			p.Add(f+".relation", "choose right-after, right-before, follows-up or related")
		}
		if r.Title == "" && r.EventID == 0 {
			p.Add(f+".title", "name the related event")
		}
		for _, o := range ri.Organizers {
			o = tidyCode(o)
			if !codes.IsOrg(o) {
				p.Add(f+".organizers", "%q is not a known organisation code", CleanLine(o, 20))
				continue
			}
			if !slices.Contains(r.Organizers, o) {
				r.Organizers = append(r.Organizers, o)
			}
		}
		e.Related = append(e.Related, r)
	}
	if len(in.Contacts) > maxList {
		p.Add("contacts", "at most %d contacts", maxList)
	}
	for i, ci := range in.Contacts {
		f := fmt.Sprintf("contacts[%d]", i)
		c := EventContact{Org: tidyCode(ci.Org), Name: Line(p, f+".name", ci.Name, maxShort), Role: Line(p, f+".role", ci.Role, maxShort),
			Email: strings.TrimSpace(ci.Email), Phone: Line(p, f+".phone", ci.Phone, maxShort), Audience: Audience(strings.TrimSpace(ci.Audience))}
		if c.Org != "" && !codes.IsOrg(c.Org) {
			p.Add(f+".org", "enter a known organisation code")
		}
		if c.Name == "" {
			p.Add(f+".name", "enter the contact's name")
		}
		if c.Email != "" && !EmailAddress(c.Email) {
			p.Add(f+".email", "enter an e-mail address such as name@example.org")
		}
		if c.Audience == "" {
			c.Audience = AudiencePublic
		} else if !c.Audience.Valid() {
			p.Add(f+".audience", "choose confirmed, signed-in or public")
		}
		e.Contacts = append(e.Contacts, c)
	}
	if e.LeadsTo < 0 {
		p.Add("leads_to", "enter the follow-up event's number")
	}
	if e.Visibility == "" {
		e.Visibility = VisParticipants
	} else if !e.Visibility.Valid() {
		p.Add("visibility", "choose private, committee, shared, participants or public")
	}
	for _, s := range in.SharedWith {
		s = tidyCode(s)
		if !codes.IsOrg(s) && !codes.IsGroup(s) {
			p.Add("shared_with", "%q is not a known organisation or group code", CleanLine(s, 20))
			continue
		}
		if !slices.Contains(e.SharedWith, s) {
			e.SharedWith = append(e.SharedWith, s)
		}
	}
	return e, p
}

func dates(p Problems, field string, in []string) []Date {
	var out []Date
	if len(in) > 31 {
		p.Add(field, "at most 31 days")
		return nil
	}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		d, err := ParseDate(s)
		if err != nil {
			p.Add(field, "%q is not a day in the form YYYY-MM-DD", CleanLine(s, 20))
			continue
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b Date) int { return a.Time().Compare(b.Time()) })
	return out
}

func texts(p Problems, field string, in []string, maxLen int) []string {
	var out []string
	if len(in) > maxList {
		p.Add(field, "at most %d entries", maxList)
		return nil
	}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if msg := LineProblem(s, maxLen); msg != "" {
			p.Add(field, "an entry %s", msg)
			continue
		}
		out = append(out, s)
	}
	return out
}

// WebAddress reports whether s looks like a web address: a host name with
// a dot, with or without http(s)://.
func WebAddress(s string) bool {
	if strings.ContainsAny(s, " <>\"") {
		return false
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && strings.Contains(u.Host, ".")
}

// WebURL returns s as an absolute http(s) address ("www.racviac.org" →
// "https://www.racviac.org").
func WebURL(s string) string {
	if s == "" || strings.Contains(s, "://") {
		return s
	}
	return "https://" + s
}
