package demo

import (
	"context"
	"fmt"

	"napx/internal/model"
	"napx/internal/service"
)

// Public history (issue 14, item 6): events that happened, recorded as
// real records (not illustrative) with the source that says so. Only facts
// marked verified in the napx team's domain notes
// (/work/shared/domain/1540.md) or stated by the seed are used, each with
// its source; nothing is added to them.

// PublicEvent is one sourced public fact recorded as an event.
type PublicEvent struct {
	Key   string // a stable name for tests
	State string // the State it concerns
	Input model.EventInput
}

// Sources of the public history.
const (
	sourceSeed       = "RACVIAC, announcement of the workshop CSE-C1-S-17 “Effective Practices of the Implementation of UNSCR 1540” (14–15 September 2017), Background"
	sourceSerbiaMFA  = "Ministry of Foreign Affairs of the Republic of Serbia, “Meeting between the NAP 1540 Implementation Working Group and the UNSC 1540 Committee” (26 May 2015)"
	sourceSerbiaURL  = "http://arhiviranisajt.msp.gov.rs/en/component/content/article/14297-meeting-between-the-nap-1540-implementation-working-group-and-the-unsc-1540-committee"
	sourceMoldova12  = "UNODC, “Joint OSCE, UNDP and UNODC mission to the Republic of Moldova” (March 2012)"
	sourceMoldovaURL = "https://www.unodc.org/unodc/en/firearms-protocol/news/joint-osce--undp-and-unodc-mission-to-the-republic-of-moldova.html"
)

// PublicHistory is the public history the demo records.
func PublicHistory() []PublicEvent {
	return []PublicEvent{
		{Key: "moldova-2015", State: "MDA", Input: model.EventInput{
			Kind: string(model.KindCountryVisit), Title: "Mission of the 1540 Committee's experts to Moldova with the OSCE",
			Organizer: "UNSC1540-GOE", Partners: []model.PartnerInput{{Org: "OSCE", Roles: []string{"support"}}},
			Venue: model.Venue{Name: "Republic of Moldova"}, Start: "2015-10-01", End: "2015-10-31", TimeZone: "Europe/Chisinau",
			Languages: []string{"English"},
			Background: "In October 2015 the 1540 Committee's experts visited Moldova to carry out a mission together with the OSCE, with a view to developing a National Implementation Action Plan. " +
				"The source gives the month, not the days: napx shows the whole of October 2015.",
			Purpose:    "With a view to developing a National Implementation Action Plan (1540 NAP) of Moldova.",
			Visibility: string(model.VisPublic), Source: sourceSeed,
		}},
		{Key: "serbia-2015", State: "SRB", Input: model.EventInput{
			Kind: string(model.KindMeeting), Title: "Serbia's NAP 1540 Implementation Working Group meets the 1540 Committee and its Group of Experts",
			Organizer: "SRB", Partners: []model.PartnerInput{{Org: "UNSC1540", Roles: []string{"expertise"}}, {Org: "UNSC1540-GOE", Roles: []string{"expertise"}}},
			Venue: model.Venue{Name: "Belgrade"}, Start: "2015-05-26", End: "2015-05-26", TimeZone: "Europe/Belgrade", Languages: []string{"English"},
			Background: "Serbia adopted its National Action Plan for the implementation of resolution 1540 in April 2012, for 2012–2016; a national Working Group monitors it. " +
				"On 26 May 2015 in Belgrade the Working Group met the 1540 Committee and its Group of Experts, the first meeting of its kind to review a NAP, with the OSCE, RACVIAC and SEESAC present; Serbia was encouraged to update its plan.",
			Purpose:    "To review the implementation of Serbia's 1540 NAP.",
			Visibility: string(model.VisPublic), Source: sourceSerbiaMFA, SourceURL: sourceSerbiaURL,
		}},
		{Key: "moldova-2012", State: "MDA", Input: model.EventInput{
			Kind: string(model.KindCountryVisit), Title: "Joint OSCE, UNDP and UNODC mission to the Republic of Moldova",
			Organizer: "OSCE", Partners: []model.PartnerInput{{Org: "UNODC", Roles: []string{"expertise"}}},
			Venue: model.Venue{Name: "Republic of Moldova"}, Start: "2012-03-19", End: "2012-03-21", TimeZone: "Europe/Chisinau", Languages: []string{"English"},
			Background: "Requested by Moldova's Ministry of Foreign Affairs, the mission reviewed export controls, the Firearms Protocol and the implementation of resolution 1540 (2004).",
			Purpose:    "A review of export controls, the Firearms Protocol and the implementation of resolution 1540.",
			Visibility: string(model.VisPublic), Source: sourceMoldova12, SourceURL: sourceMoldovaURL,
		}},
	}
}

// seedPublicHistory records the public history as real records: not
// illustrative, each with its source; the State it concerns invited
// (without seats: the event is past), so it shows among the State's events.
func seedPublicHistory(ctx context.Context, svc *service.Services, _ *Note) error {
	for _, h := range PublicHistory() {
		e, err := svc.Events.Create(ctx, system, h.Input)
		if err != nil {
			return fmt.Errorf("public history %s: %w", h.Key, err)
		}
		if _, err := svc.Events.SetQuotas(ctx, system, e.ID, service.Given([]model.QuotaInput{{Org: h.State, Seats: seats(0)}})); err != nil {
			return fmt.Errorf("public history %s: %w", h.Key, err)
		}
	}
	return nil
}

// PublicPlanFact is a public date of a State's plan, with its source.
type PublicPlanFact struct {
	State                  string
	PeriodStart, PeriodEnd int
	AdoptedMonth           string // YYYY-MM: the source gives the month
	Source                 string
}

// PublicPlanFacts are the plans' public dates no demo record may
// contradict.
var PublicPlanFacts = []PublicPlanFact{
	{State: "SRB", PeriodStart: 2012, PeriodEnd: 2016, AdoptedMonth: "2012-04", Source: sourceSerbiaMFA},
}

// Contradictions lists what in plans and in the events that involve each
// State (byState) contradicts the public history: a plan of a public
// plan's State and period adopted in another month; an illustrative event
// of a public event's kind, organiser and State in the same year on other
// days (the same occasion, dated otherwise).
func Contradictions(plans []model.NAP, byState map[string][]model.Event) []string {
	var out []string
	for _, f := range PublicPlanFacts {
		for _, n := range plans {
			if n.State != f.State || n.PeriodStart != f.PeriodStart || n.PeriodEnd != f.PeriodEnd || n.AdoptedOn.IsZero() {
				continue
			}
			if m := n.AdoptedOn.String()[:7]; m != f.AdoptedMonth {
				out = append(out, fmt.Sprintf("plan %q is adopted in %s; %s says %s", n.Title, m, f.Source, f.AdoptedMonth))
			}
		}
	}
	for _, p := range PublicHistory() {
		start, end := model.MustDate(p.Input.Start), model.MustDate(p.Input.End)
		for _, e := range byState[p.State] {
			if !e.Illustrative || string(e.Kind) != p.Input.Kind || e.Organizer != p.Input.Organizer || e.Start.Year() != start.Year() {
				continue
			}
			if e.Start != start || e.End != end {
				out = append(out, fmt.Sprintf("illustrative event %q (%s) stands beside the public %q (%s–%s)", e.Title, e.Start, p.Input.Title, p.Input.Start, p.Input.End))
			}
		}
	}
	return out
}
