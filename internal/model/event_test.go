package model_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
)

type codes struct{}

var groups = map[string][]string{
	"SEE":   {"ALB", "BIH", "HRV", "MKD", "MNE", "SRB"},
	"NEIGH": {"GRC", "ROU", "TUR", "HRV"},
}

func (codes) IsOrg(c string) bool {
	return len(c) == 3 || slices.Contains([]string{"RACVIAC", "UNODA", "OSCE", "IAEA", "UNSC1540", "USEUCOM", "DTRA", "ICP"}, c)
}
func (codes) IsGroup(c string) bool { _, ok := groups[c]; return ok }

func members(g string) []string { return groups[g] }

func seats(n int) *int { return &n }

// TestExpandQuotasTable: the whole set a client sends becomes one quota
// per delegation; group entries expand per member; bad sets are refused
// with the entry named.
func TestExpandQuotasTable(t *testing.T) {
	tests := []struct {
		name    string
		in      []model.QuotaInput
		want    string // "ORG:N[/GROUP] ..." in order
		problem string // the field of the problem, when refused
	}{
		{"one State", []model.QuotaInput{{Org: "hrv", Seats: seats(3)}}, "HRV:3", ""},
		{"an organisation without seats", []model.QuotaInput{{Org: "IAEA", Seats: seats(0)}}, "IAEA:0", ""},
		{"a group: N seats for each member", []model.QuotaInput{{Group: "see", Seats: seats(3)}}, "ALB:3/SEE BIH:3/SEE HRV:3/SEE MKD:3/SEE MNE:3/SEE SRB:3/SEE", ""},
		{"a member listed on its own keeps its own number", []model.QuotaInput{{Group: "SEE", Seats: seats(3)}, {Org: "HRV", Seats: seats(5)}}, "ALB:3/SEE BIH:3/SEE HRV:5 MKD:3/SEE MNE:3/SEE SRB:3/SEE", ""},
		{"the order of entries does not matter for the override", []model.QuotaInput{{Org: "HRV", Seats: seats(5)}, {Group: "SEE", Seats: seats(3)}}, "HRV:5 ALB:3/SEE BIH:3/SEE MKD:3/SEE MNE:3/SEE SRB:3/SEE", ""},
		{"two groups agreeing on a shared member", []model.QuotaInput{{Group: "SEE", Seats: seats(1)}, {Group: "NEIGH", Seats: seats(1)}}, "ALB:1/SEE BIH:1/SEE HRV:1/SEE MKD:1/SEE MNE:1/SEE SRB:1/SEE GRC:1/NEIGH ROU:1/NEIGH TUR:1/NEIGH", ""},
		{"two groups disagreeing on a shared member", []model.QuotaInput{{Group: "SEE", Seats: seats(3)}, {Group: "NEIGH", Seats: seats(1)}}, "", "[1].group"},
		{"...settled by listing it on its own", []model.QuotaInput{{Group: "SEE", Seats: seats(3)}, {Group: "NEIGH", Seats: seats(1)}, {Org: "HRV", Seats: seats(2)}}, "ALB:3/SEE BIH:3/SEE HRV:2 MKD:3/SEE MNE:3/SEE SRB:3/SEE GRC:1/NEIGH ROU:1/NEIGH TUR:1/NEIGH", ""},
		{"the empty set un-invites everyone", []model.QuotaInput{}, "", ""},
		{"an organisation twice", []model.QuotaInput{{Org: "HRV", Seats: seats(3)}, {Org: "hrv", Seats: seats(2)}}, "", "[1].org"},
		{"seats missing", []model.QuotaInput{{Org: "HRV"}}, "", "[0].seats"},
		{"negative seats", []model.QuotaInput{{Org: "HRV", Seats: seats(-1)}}, "", "[0].seats"},
		{"too many seats", []model.QuotaInput{{Org: "HRV", Seats: seats(model.MaxSeats + 1)}}, "", "[0].seats"},
		{"both org and group", []model.QuotaInput{{Org: "HRV", Group: "SEE", Seats: seats(1)}}, "", "[0]"},
		{"neither", []model.QuotaInput{{Seats: seats(1)}}, "", "[0]"},
		{"an unknown organisation", []model.QuotaInput{{Org: "NOWHERE", Seats: seats(1)}}, "", "[0].org"},
		{"an unknown group", []model.QuotaInput{{Group: "ZZ", Seats: seats(1)}}, "", "[0].group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, p := model.ExpandQuotas(tt.in, codes{}, members)
			if tt.problem != "" {
				if _, ok := p[tt.problem]; !ok || got != nil {
					t.Fatalf("problems %v (quotas %v), want one for %q and nothing expanded", p, got, tt.problem)
				}
				return
			}
			if len(p) > 0 {
				t.Fatalf("problems: %v", p)
			}
			var parts []string
			for _, q := range got {
				s := fmt.Sprintf("%s:%d", q.Org, q.Seats)
				if q.ViaGroup != "" {
					s += "/" + q.ViaGroup
				}
				parts = append(parts, s)
			}
			if g := strings.Join(parts, " "); g != tt.want {
				t.Errorf("got  %s\nwant %s", g, tt.want)
			}
		})
	}
}

// TestParticipantWorkflowTable: every pair of statuses, allowed or not.
func TestParticipantWorkflowTable(t *testing.T) {
	allowed := map[string]bool{
		"nominated>confirmed": true, "nominated>declined": true, "nominated>withdrawn": true,
		"waitlisted>nominated": true, "waitlisted>confirmed": true, "waitlisted>declined": true, "waitlisted>withdrawn": true,
		"confirmed>declined": true, "confirmed>withdrawn": true, "confirmed>attended": true, "confirmed>no-show": true,
		"attended>no-show": true, "no-show>attended": true,
	}
	n := 0
	for _, from := range model.ParticipantStatuses {
		for _, to := range model.ParticipantStatuses {
			want := allowed[string(from)+">"+string(to)]
			if got := from.CanMoveTo(to); got != want {
				t.Errorf("%s → %s: %v, want %v", from, to, got, want)
			}
			n++
		}
	}
	if n != 49 {
		t.Fatalf("%d pairs", n)
	}
	seat := map[model.ParticipantStatus]bool{model.StatusNominated: true, model.StatusConfirmed: true, model.StatusAttended: true, model.StatusNoShow: true}
	for _, s := range model.ParticipantStatuses {
		if s.HoldsSeat() != seat[s] {
			t.Errorf("%s holds a seat: %v", s, s.HoldsSeat())
		}
		if s.Active() != (s != model.StatusDeclined && s != model.StatusWithdrawn) {
			t.Errorf("%s active: %v", s, s.Active())
		}
	}
}

func validEvent() model.EventInput {
	return model.EventInput{Kind: "workshop", Code: "CSE-C1-S-17", Title: "Effective Practices", Organizer: "RACVIAC",
		Start: "2017-09-14", End: "2017-09-15", ArrivalDays: []string{"2017-09-13"}, DepartureDays: []string{"2017-09-16", "2017-09-15"},
		TimeZone: "Europe/Zagreb", Partners: []model.PartnerInput{{Org: "UNODA", Roles: []string{"support", "expertise"}}},
		Contacts: []model.ContactInput{{Org: "RACVIAC", Name: "A Person", Role: "Activity Coordinator", Email: "a@example.org"}}}
}

// TestEventValidationTable: each bad field is named; nothing else is.
func TestEventValidationTable(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*model.EventInput)
		field string
	}{
		{"valid", func(*model.EventInput) {}, ""},
		{"an end before the start", func(in *model.EventInput) { in.End = "2017-09-13" }, "end"},
		{"a start that is no date", func(in *model.EventInput) { in.Start = "14 September" }, "start"},
		{"a day that does not exist", func(in *model.EventInput) { in.End = "2017-02-30" }, "end"},
		{"an unknown kind", func(in *model.EventInput) { in.Kind = "party" }, "kind"},
		{"no title", func(in *model.EventInput) { in.Title = " " }, "title"},
		{"an unknown organiser", func(in *model.EventInput) { in.Organizer = "NOBODYHERE" }, "organizer"},
		{"an arrival after the start", func(in *model.EventInput) { in.ArrivalDays = []string{"2017-09-15"} }, "arrival_days"},
		{"a departure before the event", func(in *model.EventInput) { in.DepartureDays = []string{"2017-09-12"} }, "departure_days"},
		{"an unknown time zone", func(in *model.EventInput) { in.TimeZone = "Mars/Olympus" }, "time_zone"},
		{"a partner without a role", func(in *model.EventInput) { in.Partners[0].Roles = nil }, "partners[0].roles"},
		{"a partner role unknown", func(in *model.EventInput) { in.Partners[0].Roles = []string{"catering"} }, "partners[0].roles"},
		{"the organiser as its own partner", func(in *model.EventInput) { in.Partners[0].Org = "RACVIAC" }, "partners[0].org"},
		{"a contact without a name", func(in *model.EventInput) { in.Contacts[0].Name = "" }, "contacts[0].name"},
		{"a contact's e-mail", func(in *model.EventInput) { in.Contacts[0].Email = "not an address" }, "contacts[0].email"},
		{"a contact's audience", func(in *model.EventInput) { in.Contacts[0].Audience = "friends" }, "contacts[0].audience"},
		{"a deadline after the event", func(in *model.EventInput) { in.NominationDeadline = "2017-09-20" }, "nomination_deadline"},
		{"a bad visibility", func(in *model.EventInput) { in.Visibility = "secret" }, "visibility"},
		{"a bad web address", func(in *model.EventInput) { in.Venue.Web = "not a site" }, "venue.web"},
		{"negative open seats", func(in *model.EventInput) { in.OpenSeats = -1 }, "open_seats"},
		{"an unknown open group", func(in *model.EventInput) { in.OpenGroup = "NOPE" }, "open_group"},
	}
	for _, tt := range tests {
		in := validEvent()
		tt.edit(&in)
		e, p := in.Validate(codes{})
		if tt.field == "" {
			if len(p) > 0 {
				t.Errorf("%s: problems %v", tt.name, p)
			}
			if e.Visibility != model.VisParticipants {
				t.Errorf("%s: default visibility %q, want participants", tt.name, e.Visibility)
			}
			if got := e.Deadline(); got != model.MustDate("2017-09-13") {
				t.Errorf("default deadline %s, want the day before the start", got)
			}
			if e.WorkingDays() != 2 || len(e.DepartureDays) != 2 || e.DepartureDays[0] != model.MustDate("2017-09-15") {
				t.Errorf("working days %d, departures %v", e.WorkingDays(), e.DepartureDays)
			}
			continue
		}
		if _, ok := p[tt.field]; !ok || len(p) != 1 {
			t.Errorf("%s: problems %v, want exactly one for %q", tt.name, p, tt.field)
		}
	}
}

func TestSessionValidation(t *testing.T) {
	e, _ := validEvent().Validate(codes{})
	for _, tt := range []struct {
		in    model.SessionInput
		field string
	}{
		{model.SessionInput{Day: "2017-09-14", Starts: "09:00", Ends: "10:30", Title: "Opening", Chairs: []model.PersonInput{{Name: "A Chair", Org: "RACVIAC"}}}, ""},
		{model.SessionInput{Day: "2017-09-13", Starts: "09:00", Ends: "10:30", Title: "Arrival day talk"}, "day"},
		{model.SessionInput{Day: "2017-09-16", Starts: "09:00", Ends: "10:30", Title: "After"}, "day"},
		{model.SessionInput{Day: "2017-09-14", Starts: "11:00", Ends: "10:30", Title: "Backwards"}, "ends"},
		{model.SessionInput{Day: "2017-09-14", Starts: "9h", Ends: "10:30", Title: "Bad time"}, "starts"},
		{model.SessionInput{Day: "2017-09-14", Starts: "09:00", Ends: "10:30", Title: "Nameless", Speakers: []model.PersonInput{{Org: "OSCE"}}}, "speakers[0].name"},
	} {
		_, p := tt.in.Validate(e, codes{})
		if tt.field == "" && len(p) > 0 || tt.field != "" && p[tt.field] == "" {
			t.Errorf("%s: problems %v, want %q", tt.in.Title, p, tt.field)
		}
	}
	s := model.Session{Day: model.MustDate("2017-09-14"), Starts: "09:00", Ends: "10:30"}
	a, b := s.Times(e.Location())
	if a.UTC().Format(time.RFC3339) != "2017-09-14T07:00:00Z" || b.Sub(a) != 90*time.Minute {
		t.Errorf("times in Europe/Zagreb: %v %v", a.UTC(), b.UTC())
	}
}

func TestNameKey(t *testing.T) {
	for _, pair := range [][2]string{{"Ana  Horvat", "ana horvat"}, {" ANA HORVAT ", "ana horvat"}, {"Ana-Horvat", "ana horvat"}, {"Đurđa Kovač", "đurđa kovač"}} {
		if got := model.NameKey(pair[0]); got != pair[1] {
			t.Errorf("NameKey(%q) = %q, want %q", pair[0], got, pair[1])
		}
	}
}

func TestMaterialValidation(t *testing.T) {
	e, _ := validEvent().Validate(codes{})
	m, p := model.MaterialInput{Title: "Slides", Kind: "presentation", Filename: `C:\x\slides<1>.html`, Content: []byte("<script>"), ReleaseAt: "2017-09-14T09:00"}.Validate(e)
	if len(p) > 0 {
		t.Fatal(p)
	}
	if m.ContentType != "application/octet-stream" || m.Audience != model.AudienceConfirmed {
		t.Errorf("an HTML upload is served as %q for %q", m.ContentType, m.Audience)
	}
	if !m.ReleaseAt.Equal(time.Date(2017, 9, 14, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("release at %v: the event's time zone was not applied", m.ReleaseAt)
	}
	for _, in := range []model.MaterialInput{
		{Title: "", Content: []byte("x")},
		{Title: "Both", URL: "https://example.org", Content: []byte("x")},
		{Title: "Script link", URL: "javascript:alert(1)"},
		{Title: "Late", Content: []byte("x"), ReleaseAt: "tomorrow"},
		{Title: "Nothing"},
	} {
		if _, p := in.Validate(e); len(p) == 0 {
			t.Errorf("%+v accepted", in)
		}
	}
}
