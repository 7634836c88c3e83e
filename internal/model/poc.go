package model

import (
	"strings"
	"time"
)

// PointOfContact is a person a State designates as its 1540 point of
// contact, in the capital or at its mission to the UN, for a period.
type PointOfContact struct {
	ID           int64
	State        string // alpha-3; the owner organisation
	Visibility   Visibility
	Kind         string // "capital" or "mission"
	Name         string
	Title        string // function, e.g. "Head of Non-Proliferation Section"
	Agency       string // ministry or office
	Email        string // contact details: signed-in accounts only
	Phone        string
	Address      string
	ValidFrom    Date
	ValidTo      Date   // zero: still designated
	Source       Source // what says so, when the designation is recorded from a document
	Illustrative bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int64
}

// ContactVisibility is the level of a point of contact's contact details
// (DESIGN.md §3: a PoC's phone number is for participants).
const ContactVisibility = VisParticipants

// Current reports whether the designation holds on day d.
func (p PointOfContact) Current(d Date) bool {
	return !p.ValidFrom.After(d) && (p.ValidTo.IsZero() || !p.ValidTo.Before(d))
}

// PointOfContactInput is a new or changed point of contact.
type PointOfContactInput struct {
	Kind, Name, Title, Agency, Email, Phone, Address string
	ValidFrom, ValidTo                               string // YYYY-MM-DD
	Source, SourceURL                                string // the document that records the designation (optional)
	Visibility                                       string // default public
	Version                                          int64  // for changes: the version read
	// Illustrative marks demo content; only napx itself sets it (the demo
	// seeder), never a client.
	Illustrative bool `json:"-"`
}

// Validate checks the input and returns it parsed.
func (in PointOfContactInput) Validate() (PointOfContact, Problems) {
	p := Problems{}
	out := PointOfContact{Kind: strings.TrimSpace(in.Kind), Name: Line(p, "name", in.Name, 200), Title: Line(p, "title", in.Title, 500),
		Agency: Line(p, "agency", in.Agency, 500), Email: strings.TrimSpace(in.Email), Phone: Line(p, "phone", in.Phone, 500),
		Address: Text(p, "address", in.Address, 500), Visibility: Visibility(strings.TrimSpace(in.Visibility)), Version: in.Version,
		Source: ValidSource(p, "source", "source_url", in.Source, in.SourceURL)}
	if out.Kind != "capital" && out.Kind != "mission" {
		p.Add("kind", "choose capital or mission")
	}
	if out.Name == "" {
		p.Add("name", "enter the person's name")
	}
	if out.Email != "" && !EmailAddress(out.Email) {
		p.Add("email", "enter an e-mail address such as name@example.org")
	}
	var err error
	if out.ValidFrom, err = ParseDate(strings.TrimSpace(in.ValidFrom)); err != nil || out.ValidFrom.IsZero() {
		p.Add("valid_from", "enter the first day of the designation as YYYY-MM-DD")
	}
	if out.ValidTo, err = ParseDate(strings.TrimSpace(in.ValidTo)); err != nil {
		p.Add("valid_to", "enter the last day as YYYY-MM-DD, or leave it empty")
	} else if !out.ValidTo.IsZero() && !out.ValidFrom.IsZero() && out.ValidTo.Before(out.ValidFrom) {
		p.Add("valid_to", "the last day is before the first day")
	}
	if !out.ValidFrom.IsZero() && out.ValidFrom.Before(Resolution1540Adopted) {
		p.Add("valid_from", "a 1540 point of contact cannot be designated %s: that is %s", out.ValidFrom.Long(), Floor1540.Reason)
	}
	if out.Visibility == "" {
		out.Visibility = VisPublic
	} else if !out.Visibility.Valid() {
		p.Add("visibility", "choose private, committee, shared, participants or public")
	}
	return out, p
}
