package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Assistance (issue 11): a State asks the 1540 Committee for assistance on
// the Committee's template, with one or more needs; the Committee
// acknowledges it; a consent window of five UN working days lets the State
// object; without an objection the request is circulated to providers and
// its summary made public; providers offer programmes against needs; the
// Committee's experts confirm a match; deliveries, feedback and an outcome
// per need follow, and a one-year follow-up.

// RequestStatus is where an assistance request stands.
type RequestStatus string

// The request statuses.
const (
	RequestDraft        RequestStatus = "draft"        // the State's own
	RequestSubmitted    RequestStatus = "submitted"    // sent to the Committee
	RequestAcknowledged RequestStatus = "acknowledged" // received by the Committee; the consent window runs
	RequestCirculated   RequestStatus = "circulated"   // sent to providers, summary public
	RequestWithheld     RequestStatus = "withheld"     // the State objected: it stays with the Committee
	RequestClosed       RequestStatus = "closed"       // every need has its outcome
	RequestWithdrawn    RequestStatus = "withdrawn"    // the State withdrew it
)

// RequestStatuses lists the statuses in the procedure's order.
var RequestStatuses = []RequestStatus{RequestDraft, RequestSubmitted, RequestAcknowledged, RequestCirculated, RequestWithheld, RequestClosed, RequestWithdrawn}

// Valid reports whether s is a known status.
func (s RequestStatus) Valid() bool { return slices.Contains(RequestStatuses, s) }

// Label is the status in words.
func (s RequestStatus) Label() string {
	switch s {
	case RequestDraft:
		return "Draft"
	case RequestSubmitted:
		return "Submitted to the Committee"
	case RequestAcknowledged:
		return "Acknowledged; consent window open"
	case RequestCirculated:
		return "Circulated to providers"
	case RequestWithheld:
		return "Withheld at the State's request"
	case RequestClosed:
		return "Closed"
	case RequestWithdrawn:
		return "Withdrawn"
	}
	return string(s)
}

// Open reports whether a request in status s is still being worked on
// (its needs count as open needs).
func (s RequestStatus) Open() bool {
	return s == RequestSubmitted || s == RequestAcknowledged || s == RequestCirculated || s == RequestWithheld
}

// RequestStep is one step of the procedure.
type RequestStep string

// The steps, with who takes them.
const (
	StepSubmit      RequestStep = "submit"      // the State's coordinator
	StepAcknowledge RequestStep = "acknowledge" // the Committee
	StepObject      RequestStep = "object"      // the State's coordinator, inside the window
	StepCirculate   RequestStep = "circulate"   // napx, when the window closes without an objection
	StepConsent     RequestStep = "consent"     // the State's coordinator lifts its objection
	StepClose       RequestStep = "close"       // napx, once every need has an outcome (or the Committee)
	StepWithdraw    RequestStep = "withdraw"    // the State's coordinator
)

// RequestSteps lists the steps.
var RequestSteps = []RequestStep{StepSubmit, StepAcknowledge, StepObject, StepCirculate, StepConsent, StepClose, StepWithdraw}

// requestMoves is the procedure as a table: from each status, the status
// each step leads to. A step missing from a status's row is not possible
// there.
var requestMoves = map[RequestStatus]map[RequestStep]RequestStatus{
	RequestDraft:        {StepSubmit: RequestSubmitted, StepWithdraw: RequestWithdrawn},
	RequestSubmitted:    {StepAcknowledge: RequestAcknowledged, StepWithdraw: RequestWithdrawn},
	RequestAcknowledged: {StepObject: RequestWithheld, StepCirculate: RequestCirculated, StepWithdraw: RequestWithdrawn},
	RequestWithheld:     {StepConsent: RequestCirculated, StepClose: RequestClosed, StepWithdraw: RequestWithdrawn},
	RequestCirculated:   {StepClose: RequestClosed, StepWithdraw: RequestWithdrawn},
	RequestClosed:       {},
	RequestWithdrawn:    {},
}

// Take returns the status step leads to from s, and whether the procedure
// allows it.
func (s RequestStatus) Take(step RequestStep) (RequestStatus, bool) {
	to, ok := requestMoves[s][step]
	return to, ok
}

// StepProblem explains why step cannot be taken from s ("" when it can).
func (s RequestStatus) StepProblem(step RequestStep) string {
	if _, ok := s.Take(step); ok {
		return ""
	}
	switch {
	case s == RequestWithdrawn:
		return "the request was withdrawn; a withdrawn request does not move on"
	case s == RequestClosed:
		return "the request is closed"
	case step == StepSubmit:
		return "only a draft is submitted; this request is " + strings.ToLower(s.Label())
	case step == StepAcknowledge && s == RequestDraft:
		return "the State has not submitted the request yet"
	case step == StepAcknowledge:
		return "the request was acknowledged already"
	case step == StepObject && (s == RequestDraft || s == RequestSubmitted):
		return "the consent window opens when the Committee acknowledges the request"
	case step == StepObject && s == RequestWithheld:
		return "the State objected already"
	case step == StepObject:
		return "the consent window has closed: the request was circulated"
	case step == StepConsent:
		return "only a request withheld after an objection can be circulated at the State's word"
	case step == StepCirculate:
		return "only an acknowledged request is circulated when its window closes"
	case step == StepClose:
		return "only a circulated or withheld request is closed"
	}
	return fmt.Sprintf("a %s request cannot %s", s, step)
}

// Editable reports whether the State may still change the template of a
// request in status s: until the Committee acknowledges it.
func (s RequestStatus) Editable() bool { return s == RequestDraft || s == RequestSubmitted }

// NeedOutcome is how a need ended.
type NeedOutcome string

// The outcomes ("" while the need is open).
const (
	OutcomeNone      NeedOutcome = ""
	OutcomeFulfilled NeedOutcome = "fulfilled"
	OutcomePartially NeedOutcome = "partially"
	OutcomeUnmet     NeedOutcome = "unmet"
	OutcomeWithdrawn NeedOutcome = "withdrawn"
)

// NeedOutcomes lists the outcomes a need can be given.
var NeedOutcomes = []NeedOutcome{OutcomeFulfilled, OutcomePartially, OutcomeUnmet, OutcomeWithdrawn}

// Valid reports whether o is an outcome a need can be given.
func (o NeedOutcome) Valid() bool { return slices.Contains(NeedOutcomes, o) }

// Label is the outcome in words.
func (o NeedOutcome) Label() string {
	switch o {
	case OutcomeNone:
		return "Open"
	case OutcomeFulfilled:
		return "Fulfilled"
	case OutcomePartially:
		return "Partially fulfilled"
	case OutcomeUnmet:
		return "Unmet"
	case OutcomeWithdrawn:
		return "Withdrawn"
	}
	return string(o)
}

// RequestContact is the national contact for a request.
type RequestContact struct {
	Name     string `json:"name"`
	Function string `json:"function"`
	Email    string `json:"email"`
	Phone    string `json:"phone"`
}

// AssistanceRequest is a request on the Committee's template. The owner is
// the requesting State — or, for a regional request, the organisation that
// files it for a group — and CoRequesters are the other States that file
// it together.
type AssistanceRequest struct {
	ID              int64
	Owner           string   // the requester's organisation code
	Group           string   // a regional request: the group it is for ("" for a national one)
	CoRequesters    []string // other States filing together
	Title           string
	NoteVerbaleDate Date   // when the request came on paper
	NoteVerbaleRef  string // its reference
	Contact         RequestContact
	Beneficiaries   []string // agencies that benefit
	Description     string   // the current situation
	ExpectedOutcome string
	Timeframe       string
	Language        string // ISO 639-1
	Received        string // assistance already received
	Contacted       string // providers already contacted
	Summary         string // the text the public summary shows
	CommitteeNotes  string // the Committee's own notes: never shown outside it
	Status          RequestStatus
	Visibility      Visibility
	SubmittedAt     time.Time
	Acknowledged    Date      // the day the Committee acknowledged it (may be in the past: a note verbale)
	Deadline        Date      // the last UN working day of the consent window
	WindowCloses    time.Time // the end of Deadline at Headquarters
	DeadlineKnown   bool      // false when a day of the window fell in a year whose holidays napx does not ship
	ObjectedAt      time.Time
	CirculatedAt    time.Time
	FollowUpDue     time.Time // one year after circulation
	FollowUpAt      time.Time // when the follow-up asked
	ClosedAt        time.Time
	Needs           []AssistanceNeed
	Illustrative    bool
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int64
}

// Regional reports whether the request is filed for a group or by several
// States.
func (r AssistanceRequest) Regional() bool { return r.Group != "" || len(r.CoRequesters) > 0 }

// Requesters are the owner and the co-requesters.
func (r AssistanceRequest) Requesters() []string { return append([]string{r.Owner}, r.CoRequesters...) }

// Areas are the areas of the request's needs, once each, in the needs'
// order.
func (r AssistanceRequest) Areas() []string {
	var out []string
	for _, n := range r.Needs {
		if !slices.Contains(out, n.Area) {
			out = append(out, n.Area)
		}
	}
	return out
}

// Modalities are the modalities of the request's needs, once each.
func (r AssistanceRequest) Modalities() []string {
	var out []string
	for _, n := range r.Needs {
		for _, m := range n.Modalities {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// WindowOpen reports whether the consent window is open at instant now.
func (r AssistanceRequest) WindowOpen(now time.Time) bool {
	return r.Status == RequestAcknowledged && !r.WindowCloses.IsZero() && now.Before(r.WindowCloses)
}

// AssistanceNeed is one need of a request: one area, the modalities
// wanted, the matrix fields and NAP actions it serves, and its outcome.
type AssistanceNeed struct {
	ID          int64
	RequestID   int64
	Position    int
	Area        string
	Modalities  []string
	Description string
	Elements    []string // matrix data field IDs
	Actions     []int64  // NAP action IDs of the requester's plans
	Outcome     NeedOutcome
	OutcomeNote string
	Match       *AssistanceMatch // the confirmed match, if any
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int64
}

// Open reports whether the need still waits for its outcome.
func (n AssistanceNeed) Open() bool { return n.Outcome == OutcomeNone }

// ProgrammeStatus is where a programme stands in the directory.
type ProgrammeStatus string

// The programme statuses.
const (
	ProgrammeDraft     ProgrammeStatus = "draft"     // the provider's own
	ProgrammeOpen      ProgrammeStatus = "open"      // in the directory, taking needs
	ProgrammeClosed    ProgrammeStatus = "closed"    // in the directory, no longer taking needs
	ProgrammeWithdrawn ProgrammeStatus = "withdrawn" // taken back by the provider
)

// ProgrammeStatuses lists them.
var ProgrammeStatuses = []ProgrammeStatus{ProgrammeDraft, ProgrammeOpen, ProgrammeClosed, ProgrammeWithdrawn}

// Valid reports whether s is a known status.
func (s ProgrammeStatus) Valid() bool { return slices.Contains(ProgrammeStatuses, s) }

// Label is the status in words.
func (s ProgrammeStatus) Label() string {
	switch s {
	case ProgrammeDraft:
		return "Draft"
	case ProgrammeOpen:
		return "Open"
	case ProgrammeClosed:
		return "Closed"
	case ProgrammeWithdrawn:
		return "Withdrawn"
	}
	return string(s)
}

// Programme is a provider's assistance programme: a State's, an
// organisation's, or a State's programme organisation's.
type Programme struct {
	ID           int64
	Provider     string // the owner organisation
	Title        string
	Description  string
	Areas        []string
	Modalities   []string
	Groups       []string // groups served (empty: every State)
	Languages    []string // ISO 639-1
	Eligibility  string
	ContactName  string
	ContactEmail string
	Website      string
	Start, End   Date // the period (zero: open-ended)
	Status       ProgrammeStatus
	Visibility   Visibility
	Illustrative bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int64
}

// Running reports whether the programme's period includes day (an
// open-ended period always does, a future start does too: it can be
// offered now).
func (p Programme) Running(day Date) bool { return p.End.IsZero() || !p.End.Before(day) }

// Offer is a provider's offer of a programme against a need.
type Offer struct {
	ID          int64
	NeedID      int64
	ProgrammeID int64
	Provider    string
	Note        string
	By          string
	CreatedAt   time.Time
}

// AssistanceMatch is a match the Committee's experts confirmed: a need
// and a programme, with the score and reasons at the time.
type AssistanceMatch struct {
	ID          int64
	NeedID      int64
	ProgrammeID int64
	Programme   string // its title
	Provider    string
	Score       int
	Reasons     []string
	// Why is Reasons as messages (issue 17), kept with the match so that
	// each reader gets them in their language; ReasonsLang is "en" when
	// Reasons are the stored English of a match confirmed before.
	Why         []Message
	ReasonsLang string
	By          string
	ConfirmedAt time.Time
}

// AssistanceDelivery is what a provider delivered against a matched need.
type AssistanceDelivery struct {
	ID        int64
	NeedID    int64
	MatchID   int64
	Provider  string
	Recipient string // the requesting organisation
	Start     Date
	End       Date
	What      string
	EventID   int64 // the event that delivered it (0: none)
	By        string
	CreatedAt time.Time
}

// FeedbackSide is who gives feedback on a need (resolution 2663, OP 20).
type FeedbackSide string

// The sides.
const (
	SideRequester FeedbackSide = "requester"
	SideProvider  FeedbackSide = "provider"
)

// FeedbackSides lists them.
var FeedbackSides = []FeedbackSide{SideRequester, SideProvider}

// Feedback is one side's account of a need's assistance: the activities,
// the achievements and the areas of opportunity.
type Feedback struct {
	ID            int64
	NeedID        int64
	Side          FeedbackSide
	Org           string
	Activities    string
	Achievements  string
	Opportunities string
	Outcome       NeedOutcome // the outcome given with it ("" for none)
	By            string
	CreatedAt     time.Time
}

// HistoryEntry is one dated step of a request's history.
type HistoryEntry struct {
	ID        int64
	RequestID int64
	NeedID    int64
	At        time.Time
	Actor     string
	ActorOrg  string
	Step      string  // submit, acknowledge, object, circulate, offer, match, delivery, feedback, outcome, follow-up, ...
	Note      string  // what happened, in English (the API's note, the audit)
	Msg       Message // the same as a message, for each reader's language; zero on a step written before issue 17 (its Note is English)
	// Insiders marks an entry only the requesters and the Committee read
	// (an objection, an offer of another provider); the others are read by
	// everyone who reads the request's details.
	Insiders bool
}

// --- inputs ---

// AssistanceCodes answers whether the codes an assistance input names
// exist; the service passes the reference data's answers.
type AssistanceCodes interface {
	IsArea(id string) bool
	IsModality(id string) bool
	IsLanguage(code string) bool
	IsElement(id string) bool
	IsState(code string) bool
	IsGroup(code string) bool
}

// NeedInput is a need as sent. ID names an existing need of the request
// to keep (0 for a new one).
type NeedInput struct {
	ID          int64    `json:"id,omitempty"`
	Area        string   `json:"area"`
	Modalities  []string `json:"modalities"`
	Description string   `json:"description"`
	Elements    []string `json:"elements"`
	Actions     []int64  `json:"actions"`
}

// RequestInput is a new request or a change to one. Nil fields are left
// as they are (PATCH); Needs, when given, replace the needs (a need sent
// with its id keeps it).
type RequestInput struct {
	Group           *string
	CoRequesters    *[]string
	Title           *string
	NoteVerbaleDate *string
	NoteVerbaleRef  *string
	Contact         *RequestContact
	Beneficiaries   *[]string
	Description     *string
	ExpectedOutcome *string
	Timeframe       *string
	Language        *string
	Received        *string
	Contacted       *string
	Summary         *string
	CommitteeNotes  *string
	Needs           *[]NeedInput
	Version         int64
	// TextLanguage is the language its texts are written in (issue 17:
	// one of the six; nil or "" leaves it as it is, English for a new
	// request). Language above is the template's own field.
	TextLanguage *string
	// Illustrative marks demo content; only napx itself sets it.
	Illustrative bool
}

// Limits of a request.
const (
	MaxNeeds       = 20
	maxLines       = 30
	maxRequestText = 20000
)

// Apply validates in against the request r (zero for a new one) and
// returns the changed request. A new request needs a title and at least
// one need.
func (in RequestInput) Apply(r AssistanceRequest, isNew bool, codes AssistanceCodes) (AssistanceRequest, Problems) {
	p := Problems{}
	out := r
	line := func(field string, src *string, dst *string, max int) {
		if src != nil {
			*dst = Line(p, field, *src, max)
		}
	}
	text := func(field string, src *string, dst *string) {
		if src != nil {
			*dst = Text(p, field, *src, maxRequestText)
		}
	}
	line("title", in.Title, &out.Title, 300)
	if (in.Title != nil || isNew) && out.Title == "" {
		p.Add("title", "say in a few words what the assistance is for")
	}
	if in.Group != nil {
		g := tidyCode(*in.Group)
		if msg := LineProblem(g, 40); msg != "" {
			p.Add("group", "%s", msg)
		} else if g != "" && !codes.IsGroup(g) {
			p.Add("group", "%q is not a group napx knows (e.g. SEE)", CleanLine(g, 20))
		}
		out.Group = g
	}
	if in.CoRequesters != nil {
		out.CoRequesters = []string{}
		for _, c := range *in.CoRequesters {
			c = tidyCode(c)
			switch {
			case c == "":
			case LineProblem(c, 3) != "" || !codes.IsState(c):
				p.Add("co_requesters", "%q is not a State's alpha-3 code", CleanLine(c, 20))
			case c == out.Owner:
				p.Add("co_requesters", "the requester is not its own co-requester")
			case !slices.Contains(out.CoRequesters, c):
				out.CoRequesters = append(out.CoRequesters, c)
			}
		}
		if len(out.CoRequesters) > 60 {
			p.Add("co_requesters", "at most 60 States file one request together")
		}
	}
	if in.NoteVerbaleDate != nil {
		d, err := ParseDate(strings.TrimSpace(*in.NoteVerbaleDate))
		if err != nil || LineProblem(*in.NoteVerbaleDate, 20) != "" {
			p.Add("note_verbale_date", "enter the date of the note verbale as YYYY-MM-DD, or leave it empty")
		}
		out.NoteVerbaleDate = d
	}
	line("note_verbale_ref", in.NoteVerbaleRef, &out.NoteVerbaleRef, 200)
	if in.Contact != nil {
		out.Contact = RequestContact{Name: Line(p, "contact.name", in.Contact.Name, 300), Function: Line(p, "contact.function", in.Contact.Function, 300),
			Email: Line(p, "contact.email", in.Contact.Email, 254), Phone: Line(p, "contact.phone", in.Contact.Phone, 100)}
		if out.Contact.Email != "" && !EmailAddress(out.Contact.Email) {
			p.Add("contact.email", "enter an e-mail address such as name@example.org")
		}
	}
	if in.Beneficiaries != nil {
		out.Beneficiaries = lines(p, "beneficiaries", *in.Beneficiaries, 300)
	}
	text("description", in.Description, &out.Description)
	text("expected_outcome", in.ExpectedOutcome, &out.ExpectedOutcome)
	line("timeframe", in.Timeframe, &out.Timeframe, 300)
	if in.Language != nil {
		l := strings.ToLower(strings.TrimSpace(*in.Language))
		if l != "" && (LineProblem(l, 3) != "" || !codes.IsLanguage(l)) {
			p.Add("language", "give the language as an ISO 639-1 code such as en, fr or ru")
		}
		out.Language = l
	}
	text("received", in.Received, &out.Received)
	text("contacted", in.Contacted, &out.Contacted)
	if in.Summary != nil {
		out.Summary = Text(p, "summary", *in.Summary, 2000)
	}
	text("committee_notes", in.CommitteeNotes, &out.CommitteeNotes)
	if in.Needs != nil {
		out.Needs = applyNeeds(p, r.Needs, *in.Needs, codes)
	}
	if (isNew || in.Needs != nil) && len(out.Needs) == 0 {
		p.Add("needs", "a request states at least one need, each with its area")
	}
	if out.CoRequesters == nil {
		out.CoRequesters = []string{}
	}
	if out.Beneficiaries == nil {
		out.Beneficiaries = []string{}
	}
	out.Version = in.Version
	return out, p
}

// applyNeeds validates the needs sent: each keeps its ID when it names an
// existing need of the request.
func applyNeeds(p Problems, have []AssistanceNeed, in []NeedInput, codes AssistanceCodes) []AssistanceNeed {
	if len(in) > MaxNeeds {
		p.Add("needs", "at most %d needs per request (the template asks for one request per subject area)", MaxNeeds)
		return nil
	}
	out := []AssistanceNeed{}
	seen := map[int64]bool{}
	for i, ni := range in {
		f := fmt.Sprintf("needs[%d]", i)
		n := AssistanceNeed{Position: i + 1}
		if ni.ID != 0 {
			idx := slices.IndexFunc(have, func(h AssistanceNeed) bool { return h.ID == ni.ID })
			switch {
			case idx < 0:
				p.Add(f+".id", "the request has no need %d", ni.ID)
			case seen[ni.ID]:
				p.Add(f+".id", "need %d is listed twice", ni.ID)
			default:
				n = have[idx]
				n.Position = i + 1
			}
			seen[ni.ID] = true
		}
		area := strings.ToUpper(strings.TrimSpace(ni.Area))
		switch {
		case LineProblem(ni.Area, 40) != "":
			p.Add(f+".area", "%s", LineProblem(ni.Area, 40))
		case area == "":
			p.Add(f+".area", "every need has an area, such as AS-EXPORT")
		case !codes.IsArea(area):
			p.Add(f+".area", "%q is not an assistance area (AS-LEG, AS-NAP, AS-NUC, AS-CHEM, AS-BIO, AS-LAB, AS-BORDER, AS-EXPORT, AS-ENF, AS-FIN, AS-OUTREACH, AS-OTHER)", CleanLine(area, 20))
		}
		n.Area = area
		n.Modalities = []string{}
		for _, m := range ni.Modalities {
			m = strings.ToLower(strings.TrimSpace(m))
			switch {
			case m == "":
			case LineProblem(m, 40) != "" || !codes.IsModality(m):
				p.Add(f+".modalities", "%q is not a modality (legal-advice, training, equipment, study-visit, peer-review, translation, funding)", CleanLine(m, 20))
			case !slices.Contains(n.Modalities, m):
				n.Modalities = append(n.Modalities, m)
			}
		}
		if len(n.Modalities) == 0 {
			p.Add(f+".modalities", "choose at least one modality: legal-advice, training, equipment, study-visit, peer-review, translation or funding")
		}
		n.Description = Text(p, f+".description", ni.Description, 10000)
		n.Elements = []string{}
		for _, e := range ni.Elements {
			e = strings.TrimSpace(e)
			switch {
			case e == "":
			case LineProblem(e, 40) != "" || !codes.IsElement(e):
				p.Add(f+".elements", "%q is not a matrix data field (use IDs such as OP3d-NW-09.LF)", CleanLine(e, 40))
			case !slices.Contains(n.Elements, e):
				n.Elements = append(n.Elements, e)
			}
		}
		if len(n.Elements) > 100 {
			p.Add(f+".elements", "at most 100 matrix fields per need")
		}
		n.Actions = []int64{}
		for _, a := range ni.Actions {
			switch {
			case a <= 0:
				p.Add(f+".actions", "a NAP action is named by its number")
			case !slices.Contains(n.Actions, a):
				n.Actions = append(n.Actions, a)
			}
		}
		if len(n.Actions) > 50 {
			p.Add(f+".actions", "at most 50 NAP actions per need")
		}
		out = append(out, n)
	}
	return out
}

// lines checks a list of one-line entries, dropping empty ones.
func lines(p Problems, field string, in []string, max int) []string {
	out := []string{}
	if len(in) > maxLines {
		p.Add(field, "at most %d entries", maxLines)
		return out
	}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if msg := LineProblem(s, max); msg != "" {
			p.Add(field, "an entry %s", msg)
			continue
		}
		out = append(out, s)
	}
	return out
}

// Acknowledgement is the Committee's acknowledgement: the day it was
// given, which may be a past day (a request that came by note verbale).
// Empty: today.
type Acknowledgement struct {
	Date string `json:"date" doc:"YYYY-MM-DD; default today (a past day for a request that came by note verbale)"`
}

// Validate returns the day (zero for today).
func (in Acknowledgement) Validate() (Date, Problems) {
	p := Problems{}
	s := strings.TrimSpace(in.Date)
	if msg := LineProblem(s, 20); msg != "" {
		p.Add("date", "%s", msg)
		return Date{}, p
	}
	d, err := ParseDate(s)
	if err != nil {
		p.Add("date", "enter the day of the acknowledgement as YYYY-MM-DD, or leave it out for today")
	}
	return d, p
}
