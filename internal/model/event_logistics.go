package model

import (
	"slices"
	"strconv"
	"strings"
)

// NominationField is a question an event's nomination form may ask
// beside the delegate's name and function (issue 18, item 9).
type NominationField string

// The fields an organiser may ask for.
const (
	FieldTitle     NominationField = "title"     // form of address: Dr, Ms, H.E.
	FieldEmail     NominationField = "email"     // the delegate's own e-mail address
	FieldGender    NominationField = "gender"    // for the UN's gender-balance figures; never required
	FieldFunding   NominationField = "funding"   // the delegate needs their travel funded
	FieldVisa      NominationField = "visa"      // the delegate needs a visa (an invitation letter)
	FieldArrival   NominationField = "arrival"   // day of arrival
	FieldDeparture NominationField = "departure" // day of departure
)

// NominationFieldList lists the fields in the form's order.
var NominationFieldList = []NominationField{FieldTitle, FieldEmail, FieldGender, FieldFunding, FieldVisa, FieldArrival, FieldDeparture}

// Valid reports whether f is a known field.
func (f NominationField) Valid() bool { return slices.Contains(NominationFieldList, f) }

// Gender is what a nomination records for the gender-balance figures.
type Gender string

// The genders a delegation may record (the field is optional).
const (
	GenderWoman    Gender = "woman"
	GenderMan      Gender = "man"
	GenderAnother  Gender = "another"
	GenderNotSaid  Gender = "prefer-not-to-say"
	maxNomFieldLen        = 200
)

// Genders lists the answers in the form's order.
var Genders = []Gender{GenderWoman, GenderMan, GenderAnother, GenderNotSaid}

// Valid reports whether g is a known answer.
func (g Gender) Valid() bool { return slices.Contains(Genders, g) }

// NominationFieldSetting is one field an event asks for, optional or
// required (gender is always optional).
type NominationFieldSetting struct {
	Field    NominationField `json:"field"`
	Required bool            `json:"required"`
}

// NominationFieldsInput is the whole set of fields an event's nomination
// form asks for (PUT replaces it).
type NominationFieldsInput struct {
	Fields []NominationFieldSetting `json:"fields"`
}

// Validate checks the set: known fields, each once, gender never required.
func (in NominationFieldsInput) Validate() ([]NominationFieldSetting, Problems) {
	p := Problems{}
	seen := map[NominationField]bool{}
	out := []NominationFieldSetting{}
	for i, f := range in.Fields {
		name := "fields[" + itoa(i) + "]"
		switch {
		case !f.Field.Valid():
			p.Add(name+".field", "choose one of title, email, gender, funding, visa, arrival, departure")
		case seen[f.Field]:
			p.Add(name+".field", "%s is listed twice", f.Field)
		case f.Field == FieldGender && f.Required:
			p.Add(name+".required", "gender is always optional: a delegation may prefer not to say")
		default:
			seen[f.Field] = true
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b NominationFieldSetting) int {
		return slices.Index(NominationFieldList, a.Field) - slices.Index(NominationFieldList, b.Field)
	})
	return out, p
}

func itoa(i int) string { return strconv.Itoa(i) }

// NominationFieldsText writes the settings as stored ("title:required,gender").
func NominationFieldsText(fs []NominationFieldSetting) string {
	parts := make([]string, 0, len(fs))
	for _, f := range fs {
		s := string(f.Field)
		if f.Required {
			s += ":required"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

// ParseNominationFields reads the stored text back; unknown names are
// skipped (a field retired from the form).
func ParseNominationFields(s string) []NominationFieldSetting {
	out := []NominationFieldSetting{}
	for _, part := range strings.Split(s, ",") {
		name, mode, _ := strings.Cut(strings.TrimSpace(part), ":")
		if f := NominationField(name); f.Valid() {
			out = append(out, NominationFieldSetting{Field: f, Required: mode == "required" && f != FieldGender})
		}
	}
	return out
}

// NominationDetails are the answers to an event's own nomination
// questions. They are shown only to the organiser's staff and to the
// nominating delegation (policy.NominationDetailsVisible).
type NominationDetails struct {
	Title        string `json:"title,omitempty"`
	Email        string `json:"email,omitempty"`
	Gender       Gender `json:"gender,omitempty"`
	NeedsFunding *bool  `json:"needs_funding,omitempty"`
	NeedsVisa    *bool  `json:"needs_visa,omitempty"`
	Arrival      string `json:"arrival,omitempty"`   // YYYY-MM-DD
	Departure    string `json:"departure,omitempty"` // YYYY-MM-DD
}

// Empty reports whether no answer is given.
func (d NominationDetails) Empty() bool { return d == NominationDetails{} }

// given reports whether field f has an answer.
func (d NominationDetails) given(f NominationField) bool {
	switch f {
	case FieldTitle:
		return strings.TrimSpace(d.Title) != ""
	case FieldEmail:
		return strings.TrimSpace(d.Email) != ""
	case FieldGender:
		return d.Gender != ""
	case FieldFunding:
		return d.NeedsFunding != nil
	case FieldVisa:
		return d.NeedsVisa != nil
	case FieldArrival:
		return strings.TrimSpace(d.Arrival) != ""
	case FieldDeparture:
		return strings.TrimSpace(d.Departure) != ""
	}
	return false
}

// CheckNominationDetails validates the answers against the fields the
// event asks for (a field it does not ask for is refused, naming it) and
// the event's days (arrival not after the last day, departure not before
// the first, arrival not after departure). It returns the answers tidied.
func CheckNominationDetails(d NominationDetails, asked []NominationFieldSetting, start, end Date) (NominationDetails, Problems) {
	p := Problems{}
	ask := map[NominationField]NominationFieldSetting{}
	for _, a := range asked {
		ask[a.Field] = a
	}
	for _, f := range NominationFieldList {
		a, isAsked := ask[f]
		switch {
		case d.given(f) && !isAsked:
			p.Add(string(f), "this event's nomination form does not ask for %s", f)
		case isAsked && a.Required && !d.given(f):
			p.Add(string(f), "this event asks for the delegate's %s", f)
		}
	}
	out := NominationDetails{Title: Line(p, "title", d.Title, 40), Email: strings.TrimSpace(d.Email), Gender: d.Gender,
		NeedsFunding: d.NeedsFunding, NeedsVisa: d.NeedsVisa}
	if out.Email != "" && (len(out.Email) > maxNomFieldLen || !EmailAddress(out.Email)) {
		p.Add("email", "enter an e-mail address, like name@example.org")
	}
	if out.Gender != "" && !out.Gender.Valid() {
		p.Add("gender", "choose woman, man, another or prefer-not-to-say")
	}
	var arr, dep Date
	if s := strings.TrimSpace(d.Arrival); s != "" {
		var err error
		if arr, err = ParseDate(s); err != nil {
			p.Add("arrival", "enter the day of arrival as YYYY-MM-DD")
		} else if arr.After(end) || arr.Before(start.AddDays(-14)) {
			p.Add("arrival", "arrive within the two weeks before the event and no later than its last day (%s)", end.Long())
		}
		out.Arrival = arr.String()
	}
	if s := strings.TrimSpace(d.Departure); s != "" {
		var err error
		if dep, err = ParseDate(s); err != nil {
			p.Add("departure", "enter the day of departure as YYYY-MM-DD")
		} else if dep.Before(start) || dep.After(end.AddDays(14)) {
			p.Add("departure", "leave no earlier than the event's first day (%s) and within two weeks of its end", start.Long())
		}
		out.Departure = dep.String()
	}
	if !arr.IsZero() && !dep.IsZero() && dep.Before(arr) {
		p.Add("departure", "the day of departure comes before the day of arrival")
	}
	if len(p) > 0 {
		return NominationDetails{}, p
	}
	if arr.IsZero() {
		out.Arrival = ""
	}
	if dep.IsZero() {
		out.Departure = ""
	}
	return out, nil
}

// BulkConfirmItem names one delegate to confirm and the version read.
type BulkConfirmItem struct {
	ID      int64 `json:"id"`
	Version int64 `json:"version"`
}

// BulkConfirmInput confirms several delegates at once: all or none.
type BulkConfirmInput struct {
	Items []BulkConfirmItem `json:"items"`
}

// MaxBulkConfirm bounds one bulk confirmation.
const MaxBulkConfirm = 500

// Validate checks the list's form.
func (in BulkConfirmInput) Validate() Problems {
	p := Problems{}
	switch {
	case len(in.Items) == 0:
		p.Add("items", "choose at least one delegate to confirm")
	case len(in.Items) > MaxBulkConfirm:
		p.Add("items", "at most %d delegates at once", MaxBulkConfirm)
	}
	seen := map[int64]bool{}
	for i, it := range in.Items {
		if it.ID <= 0 || seen[it.ID] {
			p.Add("items["+itoa(i)+"].id", "name each delegate once, by number")
		}
		seen[it.ID] = true
	}
	return p
}
