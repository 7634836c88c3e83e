package model

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Resolution1540Adopted is the day the Security Council adopted
// resolution 1540 (2004) [V] (domain notes §0): nothing done under it —
// a national report, a 1540 plan's submission, a matrix — is dated
// earlier.
var Resolution1540Adopted = NewDate(2004, time.April, 28)

// Source names what says a recorded fact is so: a document (its title,
// symbol or description) and, when there is one, a link to it.
type Source struct {
	Title string `json:"source"`
	URL   string `json:"source_url"`
}

// IsZero reports whether no source is named.
func (s Source) IsZero() bool { return s.Title == "" && s.URL == "" }

// Label is the source in words: its title, else its address.
func (s Source) Label() string {
	if s.Title != "" {
		return s.Title
	}
	return s.URL
}

// ValidSource checks a source as typed: a one-line title of at most 500
// characters and an absolute http(s) link, either may be empty.
// fieldTitle and fieldURL name the fields in problems.
func ValidSource(p Problems, fieldTitle, fieldURL, title, link string) Source {
	return Source{Title: Line(p, fieldTitle, title, 500), URL: ValidURL(p, fieldURL, link)}
}

// ValidURL checks an optional link: an absolute http(s) address without
// user information, at most 2000 characters.
func ValidURL(p Problems, field, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	if msg := LineProblem(link, 2000); msg != "" {
		p.Add(field, "%s", msg)
	} else if u, err := url.Parse(link); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		strings.ContainsAny(link, " <>\"") {
		p.Add(field, "enter the address as https://…")
	}
	return link
}

// Floor is the earliest day a recorded date may take, with why.
type Floor struct {
	Day    Date
	Reason string // "before resolution 1540 was adopted (28 April 2004)"
}

// Floor1540 is the floor of every 1540 record: the resolution's adoption.
var Floor1540 = Floor{Resolution1540Adopted, "before resolution 1540 (2004) was adopted on 28 April 2004"}

// StepDate is the date of a dated step as a person gives it (a plan's
// submission, publication, a matrix edition's approval): optional — no
// date means today, stamped by napx — and, when it is earlier than
// today, recorded history that needs its source.
type StepDate struct {
	Date   string // YYYY-MM-DD; "" for today
	Source Source
}

// IsZero reports whether the step carries neither a date nor a source
// (napx dates it today, as it is taken).
func (s StepDate) IsZero() bool { return strings.TrimSpace(s.Date) == "" && s.Source.IsZero() }

// Dated is a step's date as checked: the day, its source, and whether it
// is recorded history (given by a person, not stamped as it happened).
type Dated struct {
	On       Date
	Source   Source
	Recorded bool
}

// CheckStepDate validates the date of a step: not in the future, not
// before any of floors, and — when it is earlier than today — with a
// source (sourceRequired: a back-dated submission, publication or
// approval, which napx would otherwise date itself). A step without a
// date is dated today. what names the step in messages ("the
// submission").
func CheckStepDate(p Problems, in StepDate, today Date, what string, sourceRequired bool, floors ...Floor) Dated {
	src := ValidSource(p, "source", "source_url", in.Source.Title, in.Source.URL)
	raw := strings.TrimSpace(in.Date)
	if raw == "" {
		return Dated{On: today, Source: src, Recorded: !src.IsZero()}
	}
	d, err := ParseDate(raw)
	if err != nil || d.IsZero() {
		p.Add("date", "enter the date of %s as YYYY-MM-DD", what)
		return Dated{Source: src}
	}
	if d.After(today) {
		p.Add("date", "%s cannot be dated in the future (%s is after today, %s)", what, d, today)
	}
	for _, f := range floors {
		if !f.Day.IsZero() && d.Before(f.Day) {
			p.Add("date", "%s cannot be dated %s: that is %s", what, d.Long(), f.Reason)
			break
		}
	}
	out := Dated{On: d, Source: src, Recorded: d.Before(today) || !src.IsZero()}
	if sourceRequired && d.Before(today) && src.Title == "" {
		p.Add("source", "a date in the past is recorded history: name the document that says %s was on %s (and link to it if you can)", what, d.Long())
	}
	return out
}

// MembershipFloor is the floor of a State's UN membership (admitted on
// since, YYYY-MM-DD; "" for none known, as for observer States).
func MembershipFloor(stateName, since string) Floor {
	d, err := ParseDate(since)
	if err != nil || d.IsZero() {
		return Floor{}
	}
	return Floor{d, fmt.Sprintf("before %s became a member of the United Nations (%s)", stateName, d.Long())}
}

// The kinds of record a dated fact belongs to, and the facts.
const (
	FactKindReport     = "report"
	FactKindNAP        = "nap"
	FactKindSubmission = "nap_submission"
	FactKindEdition    = "matrix_edition"

	FactDated     = "dated"     // a national report's date
	FactAdopted   = "adopted"   // a plan's adoption
	FactSubmitted = "submitted" // a submission of a plan to the Committee
	FactPublished = "published" // a plan's publication
	FactApproved  = "approved"  // a matrix edition's approval by the Committee
)

// FactKinds and FactNames list them (for the schema and the API).
var (
	FactKinds = []string{FactKindReport, FactKindNAP, FactKindSubmission, FactKindEdition}
	FactNames = []string{FactDated, FactAdopted, FactSubmitted, FactPublished, FactApproved}
)

// FactLabel is a fact in words ("submitted").
func FactLabel(fact string) string {
	switch fact {
	case FactDated:
		return "dated"
	case FactAdopted:
		return "adopted"
	case FactSubmitted:
		return "submitted to the 1540 Committee"
	case FactPublished:
		return "published"
	case FactApproved:
		return "approved by the 1540 Committee"
	}
	return fact
}

// Claim entries: a claim of a date with its source, or the Committee's
// resolution of a dispute.
const (
	EntryClaim      = "claim"
	EntryResolution = "resolution"
)

// Claim is one entry of a fact's history: a date with the source that
// says so (or the Committee's decision between disputed claims, with its
// reason), who recorded it and when it was typed in.
type Claim struct {
	ID            int64
	FactID        int64
	Entry         string // claim or resolution
	Value         Date
	Recorded      bool // given by a person after the fact, not stamped as it happened
	Source        Source
	Reason        string // a resolution's reason
	RecordedAt    time.Time
	RecordedBy    string
	RecordedByOrg string
}

// Fact is a dated fact of a record with every claim made about it.
type Fact struct {
	ID       int64
	Owner    string // the State whose record it is
	Kind     string // report, nap, nap_submission, matrix_edition
	RecordID int64
	Fact     string // dated, adopted, submitted, published, approved
	Value    Date   // the date in force
	Disputed bool   // two claims disagree and the Committee has not decided
	Resolved bool   // the Committee decided between disputed claims
	Version  int64
	Claims   []Claim // oldest first
}

// InForce is the claim the fact's date comes from: the last resolution,
// else the first claim (zero Claim when none is stored).
func (f Fact) InForce() Claim {
	for i := len(f.Claims) - 1; i >= 0; i-- {
		if f.Claims[i].Entry == EntryResolution {
			return f.Claims[i]
		}
	}
	if len(f.Claims) > 0 {
		return f.Claims[0]
	}
	return Claim{}
}

// Values lists the distinct dates the claims give, in the order claimed.
func (f Fact) Values() []Date {
	var out []Date
	for _, c := range f.Claims {
		if c.Entry == EntryClaim && !slices.Contains(out, c.Value) {
			out = append(out, c.Value)
		}
	}
	return out
}

// ClaimInput is one more source for a fact: the date it gives.
type ClaimInput struct {
	Date      string
	Source    string
	SourceURL string
}

// Validate checks a claim: a date that is not in the future nor before
// floors, and a source (a claim is nothing without one).
func (in ClaimInput) Validate(today Date, what string, floors ...Floor) (Dated, Problems) {
	p := Problems{}
	if strings.TrimSpace(in.Date) == "" {
		p.Add("date", "enter the date the source gives, as YYYY-MM-DD")
	}
	d := CheckStepDate(p, StepDate{Date: in.Date, Source: Source{Title: in.Source, URL: in.SourceURL}}, today, what, true, floors...)
	if d.Source.Title == "" {
		p.Add("source", "name the document that gives this date")
	}
	d.Recorded = true
	return d, p
}

// ResolutionInput is the Committee's decision on a disputed fact: the
// date in force and why.
type ResolutionInput struct {
	Date    string
	Reason  string
	Version int64
}

// Validate checks the decision against the dates claimed: the decided
// date must be one of them (a third date needs its own claim and source
// first), and the reason is required.
func (in ResolutionInput) Validate(f Fact) (Date, string, Problems) {
	p := Problems{}
	reason := Text(p, "reason", in.Reason, 2000)
	if reason == "" {
		p.Add("reason", "say why this date is the right one (the Committee's reason is kept with the decision)")
	}
	d, err := ParseDate(strings.TrimSpace(in.Date))
	switch {
	case err != nil || d.IsZero():
		p.Add("date", "choose the date in force, as YYYY-MM-DD")
	case !slices.Contains(f.Values(), d):
		var vs []string
		for _, v := range f.Values() {
			vs = append(vs, v.String())
		}
		p.Add("date", "choose one of the dates the sources give (%s); record another source first for another date", strings.Join(vs, ", "))
	}
	return d, reason, p
}
