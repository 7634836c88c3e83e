package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The providers' side of assistance (issue 11): programmes, offers,
// matches, deliveries and feedback, and the lists' filters.

// ProgrammeInput is a new programme or a change to one; nil fields are
// left as they are.
type ProgrammeInput struct {
	Title        *string
	Description  *string
	Areas        *[]string
	Modalities   *[]string
	Groups       *[]string
	Languages    *[]string
	Eligibility  *string
	ContactName  *string
	ContactEmail *string
	Website      *string
	Start        *string
	End          *string
	Status       *string
	Version      int64
	Illustrative bool
}

// Apply validates in against programme g (zero for a new one). A new
// programme needs a title and an area.
func (in ProgrammeInput) Apply(g Programme, isNew bool, codes AssistanceCodes) (Programme, Problems) {
	p := Problems{}
	out := g
	if isNew {
		out.Status = ProgrammeDraft
	}
	if in.Title != nil {
		out.Title = Line(p, "title", *in.Title, 300)
	}
	if (in.Title != nil || isNew) && out.Title == "" {
		p.Add("title", "enter the programme's name")
	}
	if in.Description != nil {
		out.Description = Text(p, "description", *in.Description, maxRequestText)
	}
	if in.Eligibility != nil {
		out.Eligibility = Text(p, "eligibility", *in.Eligibility, 5000)
	}
	if in.ContactName != nil {
		out.ContactName = Line(p, "contact_name", *in.ContactName, 300)
	}
	if in.ContactEmail != nil {
		out.ContactEmail = Line(p, "contact_email", *in.ContactEmail, 254)
		if out.ContactEmail != "" && !EmailAddress(out.ContactEmail) {
			p.Add("contact_email", "enter an e-mail address such as name@example.org")
		}
	}
	if in.Website != nil {
		out.Website = Line(p, "website", *in.Website, 300)
		if out.Website != "" && !WebAddress(out.Website) {
			p.Add("website", "enter a web address such as www.example.org")
		}
	}
	codeList := func(field string, src *[]string, dst *[]string, norm func(string) string, ok func(string) bool, what string) {
		if src == nil {
			return
		}
		*dst = []string{}
		for _, c := range *src {
			c = norm(strings.TrimSpace(c))
			switch {
			case c == "":
			case LineProblem(c, 40) != "" || !ok(c):
				p.Add(field, "%q is not %s", CleanLine(c, 20), what)
			case !slices.Contains(*dst, c):
				*dst = append(*dst, c)
			}
		}
		if len(*dst) > 60 {
			p.Add(field, "at most 60 entries")
		}
	}
	codeList("areas", in.Areas, &out.Areas, strings.ToUpper, codes.IsArea, "an assistance area (AS-LEG, AS-EXPORT, ...)")
	codeList("modalities", in.Modalities, &out.Modalities, strings.ToLower, codes.IsModality, "a modality (legal-advice, training, equipment, ...)")
	codeList("groups", in.Groups, &out.Groups, strings.ToUpper, codes.IsGroup, "a group napx knows (e.g. SEE, OSCE, UN-EEG)")
	codeList("languages", in.Languages, &out.Languages, strings.ToLower, codes.IsLanguage, "an ISO 639-1 language code")
	if (isNew || in.Areas != nil) && len(out.Areas) == 0 {
		p.Add("areas", "a programme works in at least one area")
	}
	date := func(field string, src *string, dst *Date) {
		if src == nil {
			return
		}
		d, err := ParseDate(strings.TrimSpace(*src))
		if err != nil || LineProblem(*src, 20) != "" {
			p.Add(field, "enter a date as YYYY-MM-DD, or leave it empty")
		}
		*dst = d
	}
	date("start", in.Start, &out.Start)
	date("end", in.End, &out.End)
	if _, bad := p["end"]; !bad && !out.Start.IsZero() && !out.End.IsZero() && out.End.Before(out.Start) {
		p.Add("end", "the programme ends before it starts")
	}
	if in.Status != nil {
		s := ProgrammeStatus(strings.TrimSpace(*in.Status))
		switch {
		case s == out.Status:
		case !s.Valid():
			p.Add("status", "choose draft, open, closed or withdrawn")
		case out.Status == ProgrammeWithdrawn:
			p.Add("status", "a withdrawn programme stays withdrawn; describe it again as a new programme")
		case s == ProgrammeDraft && !isNew:
			p.Add("status", "a programme in the directory does not go back to draft; close it instead")
		default:
			out.Status = s
		}
	}
	for _, l := range []*[]string{&out.Areas, &out.Modalities, &out.Groups, &out.Languages} {
		if *l == nil {
			*l = []string{}
		}
	}
	out.Version = in.Version
	return out, p
}

// OfferInput is a provider's offer: the programme, and a note.
type OfferInput struct {
	Programme int64  `json:"programme"`
	Note      string `json:"note,omitempty"`
}

// Validate checks the offer.
func (in OfferInput) Validate() Problems {
	p := Problems{}
	if in.Programme <= 0 {
		p.Add("programme", "name the programme you offer by its number")
	}
	Text(p, "note", in.Note, 2000)
	return p
}

// MatchInput is the Committee's confirmation of a match.
type MatchInput struct {
	Programme int64 `json:"programme"`
}

// DeliveryInput is a delivery as sent.
type DeliveryInput struct {
	Start string `json:"start"`
	End   string `json:"end,omitempty"`
	What  string `json:"what"`
	Event int64  `json:"event,omitempty"`
}

// Validate returns the delivery it describes.
func (in DeliveryInput) Validate() (AssistanceDelivery, Problems) {
	p := Problems{}
	d := AssistanceDelivery{What: Text(p, "what", in.What, 10000), EventID: in.Event}
	var err error
	if msg := LineProblem(in.Start, 20); msg != "" {
		p.Add("start", "%s", msg)
	} else if d.Start, err = ParseDate(strings.TrimSpace(in.Start)); err != nil || d.Start.IsZero() {
		p.Add("start", "enter the first day of the delivery as YYYY-MM-DD")
	}
	if msg := LineProblem(in.End, 20); msg != "" {
		p.Add("end", "%s", msg)
	} else if d.End, err = ParseDate(strings.TrimSpace(in.End)); err != nil {
		p.Add("end", "enter the last day as YYYY-MM-DD, or leave it empty for one day")
	}
	if d.End.IsZero() {
		d.End = d.Start
	}
	if !d.Start.IsZero() && d.End.Before(d.Start) {
		p.Add("end", "the last day is before the first")
	}
	if d.What == "" {
		p.Add("what", "say what was done")
	}
	if in.Event < 0 {
		p.Add("event", "name the event by its number")
	}
	return d, p
}

// FeedbackInput is one side's feedback, with the need's outcome when the
// requester (or the Committee) gives it.
type FeedbackInput struct {
	Side          string `json:"side,omitempty"`
	Activities    string `json:"activities"`
	Achievements  string `json:"achievements"`
	Opportunities string `json:"opportunities"`
	Outcome       string `json:"outcome,omitempty"`
	OutcomeNote   string `json:"outcome_note,omitempty"`
}

// Validate returns the feedback it describes and the outcome note.
func (in FeedbackInput) Validate() (Feedback, string, Problems) {
	p := Problems{}
	f := Feedback{Side: FeedbackSide(Line(p, "side", in.Side, 20)), Activities: Text(p, "activities", in.Activities, 10000),
		Achievements: Text(p, "achievements", in.Achievements, 10000), Opportunities: Text(p, "opportunities", in.Opportunities, 10000),
		Outcome: NeedOutcome(Line(p, "outcome", in.Outcome, 20))}
	note := Text(p, "outcome_note", in.OutcomeNote, 2000)
	if f.Side != "" && !slices.Contains(FeedbackSides, f.Side) {
		p.Add("side", "choose requester or provider")
	}
	if f.Outcome != OutcomeNone && !f.Outcome.Valid() {
		p.Add("outcome", "choose fulfilled, partially, unmet or withdrawn")
	}
	if f.Activities == "" && f.Achievements == "" && f.Opportunities == "" && f.Outcome == OutcomeNone {
		p.Add("activities", "say what was done, what it achieved or what could be better (or give the outcome)")
	}
	return f, note, p
}

// RequestFilter selects requests for lists.
type RequestFilter struct {
	States []string // requesters (owner or co-requester); empty for all
	Status RequestStatus
	Area   string
	Group  string // requesters in this group
	Query  string // words in the title or summary (and, for those who read them, the details)
	IDs    []int64
}

// ProgrammeFilter selects programmes for the directory.
type ProgrammeFilter struct {
	Area, Modality, Group, Provider string
	Status                          ProgrammeStatus // "" for all but drafts and withdrawn ones
	Query                           string
}

// ParseIDList reads NAP action numbers typed into a form.
func ParseIDList(s string) ([]int64, error) {
	var out []int64
	for _, f := range SplitIDs(s) {
		f = strings.TrimPrefix(f, "#")
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a number", CleanLine(f, 20))
		}
		out = append(out, n)
	}
	return out, nil
}
