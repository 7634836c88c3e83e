package demo

import (
	"context"
	"fmt"
	"time"

	"napx/internal/model"
	"napx/internal/service"
)

// worldEvents adds Events events from 2012 to 2027 organised by the
// regional centres, UNODA, the Committee and international organisations,
// each inviting a group or a handful of States, and Delegates nominations
// spread over them (some find the seats taken and wait).
func worldEvents(ctx context.Context, w *world) error {
	cat := w.svc.Directory.Catalog()
	organisers := []string{"UNODA", "UNREC", "UNLIREC", "UNRCPD", "RACVIAC", "SEESAC", "OSCE", "IAEA", "OPCW", "UNICRI", "AU", "OAS", "EU", "UNSC1540", "WCO"}
	groups := []string{"UN-AFRICA", "UN-APG", "UN-EEG", "UN-GRULAC", "UN-WEOG", "OSCE", "RACVIAC", "SEE", "C-WMD"}
	kinds := model.EventKinds
	topics := []string{"national implementation action plans", "export and transshipment controls", "biosecurity and biosafety",
		"nuclear security detection", "proliferation financing", "points of contact", "the 1540 matrix", "chemical security",
		"border management", "legislative drafting", "industry outreach", "peer review"}
	places := []struct{ venue, zone string }{{"Lomé (illustrative venue)", "Africa/Lome"}, {"Lima (illustrative venue)", "America/Lima"},
		{"Kathmandu (illustrative venue)", "Asia/Kathmandu"}, {"Vienna (illustrative venue)", "Europe/Vienna"}, {"New York (illustrative venue)", "America/New_York"},
		{"Rakitje (illustrative venue)", "Europe/Zagreb"}, {"Addis Ababa (illustrative venue)", "Africa/Addis_Ababa"}, {"Bangkok (illustrative venue)", "Asia/Bangkok"},
		{"Panama City (illustrative venue)", "America/Panama"}, {"Geneva (illustrative venue)", "Europe/Zurich"}}
	per := w.size.Delegates / max(w.size.Events, 1)
	extra := w.size.Delegates - per*w.size.Events
	nominated := 0
	for i := range w.size.Events {
		kind := pick(w.rng, kinds)
		topic := pick(w.rng, topics)
		place := pick(w.rng, places)
		start := time.Date(2012+w.rng.IntN(16), time.Month(1+w.rng.IntN(12)), 1+w.rng.IntN(26), 0, 0, 0, 0, time.UTC)
		end := start.AddDate(0, 0, w.rng.IntN(3))
		vis := model.VisPublic
		if w.rng.IntN(10) == 0 {
			vis = model.VisCommittee
		}
		org := pick(w.rng, organisers)
		in := model.EventInput{Kind: string(kind), Title: fmt.Sprintf("%s on %s, %d (illustrative)", kindTitle(kind), topic, start.Year()),
			Organizer: org, Venue: model.Venue{Name: place.venue}, Start: start.Format(time.DateOnly), End: end.Format(time.DateOnly),
			TimeZone: place.zone, Languages: []string{"English"}, Purpose: "Illustrative world event: " + topic + ".",
			Target: per + 5, Visibility: string(vis), Illustrative: true}
		if org != "UNODA" {
			in.Partners = []model.PartnerInput{{Org: "UNODA", Roles: []string{"support"}}}
		}
		ev, err := w.svc.Events.Create(ctx, system, in)
		if err != nil {
			return fmt.Errorf("event %d: %w", i, err)
		}
		var invited []string
		var quotas []model.QuotaInput
		if w.rng.IntN(3) > 0 {
			g := pick(w.rng, groups)
			quotas = []model.QuotaInput{{Group: g, Seats: seats(1 + w.rng.IntN(2))}}
			for _, m := range cat.Members(g) {
				if cat.State(m) != nil {
					invited = append(invited, m)
				}
			}
		} else {
			for range 4 + w.rng.IntN(8) {
				s := pick(w.rng, cat.States).Code
				if !contains(invited, s) {
					invited = append(invited, s)
					quotas = append(quotas, model.QuotaInput{Org: s, Seats: seats(2 + w.rng.IntN(3))})
				}
			}
		}
		if _, err := w.svc.Events.SetQuotas(ctx, system, ev.ID, service.Given(quotas)); err != nil {
			return fmt.Errorf("quotas of event %d: %w", i, err)
		}
		k := per
		if i < extra {
			k++
		}
		for j := range k {
			org := invited[(j*7+i)%len(invited)]
			name := fmt.Sprintf("%s %s %d-%d (illustrative)", pick(w.rng, worldFirstNames), cat.OrgName(org), i+1, j+1)
			pv, err := w.svc.Events.Nominate(ctx, system, ev.ID, service.Given(model.NominationInput{Org: org, Name: name, Function: "1540 national expert (illustrative)", Illustrative: true}))
			if err != nil {
				return fmt.Errorf("nomination %s: %w", name, err)
			}
			// The organiser confirms most seated delegates; at a past event
			// most of those attended.
			if pv.Status == model.StatusNominated && w.rng.IntN(10) < 8 {
				steps := []model.ParticipantStatus{model.StatusConfirmed}
				if start.Before(worldToday) && w.rng.IntN(10) < 9 {
					steps = append(steps, model.StatusAttended)
				}
				for _, to := range steps {
					if pv, err = w.svc.Events.ChangeParticipant(ctx, system, ev.ID, pv.ID, service.Given(model.ParticipantPatch{Status: string(to), Note: "illustrative world data", Version: pv.Version})); err != nil {
						return fmt.Errorf("%s %s: %w", to, name, err)
					}
				}
			}
			nominated++
			w.bar.add("events", 3)
		}
		w.bar.add("events", 4)
	}
	w.note.Lines = append(w.note.Lines, fmt.Sprintf("World: %d events with %d nominations.", w.size.Events, nominated))
	return nil
}

// worldToday is the day the world's events are seen from: those before it
// took place.
var worldToday = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func kindTitle(k model.EventKind) string {
	switch k {
	case model.KindWorkshop:
		return "Regional workshop"
	case model.KindPoCTraining:
		return "Points of contact training"
	case model.KindPeerReview:
		return "Peer review"
	case model.KindNAPConsultation:
		return "NAP consultation"
	case model.KindCountryVisit:
		return "Country visit"
	}
	return "Meeting"
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
