package demo

import (
	"context"
	_ "embed"
	"fmt"
	"time"

	"napx/internal/model"
	"napx/internal/service"
)

// The seed's workshop, RACVIAC activity CSE-C1-S-17 (14–15 September
// 2017), with every fact its announcement states; and around it,
// illustrative nominations, an agenda, materials, lessons, follow-up
// actions and two illustrative events (the follow-up meeting it leads to,
// and an upcoming training open for nominations).

// SeedWorkshopCode is the activity code of the seed's workshop.
const SeedWorkshopCode = "CSE-C1-S-17"

// SeedWorkshopTitle is its title.
const SeedWorkshopTitle = "Effective Practices of the Implementation of UNSCR 1540: Information Exchange and Lessons Learned"

// SeedObjectives are the seven objectives, verbatim from the seed.
var SeedObjectives = []string{
	"Discuss implementation mechanisms and state of play of existing NAPs in the region and the related next steps;",
	"Discuss the key elements of an effective NAP;",
	"Invite Member States to share experience and lessons learned in the development and adoption of NAPs;",
	"Exploit regionally coordinated approaches in the implementation of goals set in existing NAPs;",
	"Raise awareness of available regional activities related to developing NAPs;",
	"Identify possible assistance needs (both national and regional);",
	"Discuss the way ahead (i.e. follow-up meetings, workshops...).",
}

const seedBackground = `Resolution 1540 (2004) stipulates that all States shall refrain from providing any form of support to non-State actors that attempt to develop, acquire, manufacture, possess, transport, transfer or use nuclear, chemical or biological weapons and their means of delivery. Its central aim is to promote non-proliferation of WMD attitudes from all parties involved, both nationally and transnationally. Resolutions 1977 (2011) and 2325 (2016) encourage States to prepare on a voluntary basis National Implementation Action Plans (1540 NAPs), with the assistance of the 1540 Committee as appropriate, mapping out their priorities and plans for implementing the key provisions of Resolution 1540 (2004), and to submit these plans to the Committee.
The 1540 Committee through its Group of Experts has been working to support many countries in the South-Eastern European region in their implementation of key provisions of Resolution 1540 (2004) and in the development of 1540 NAPs, including in Bosnia and Herzegovina, Republic of Croatia, the former Yugoslav Republic of Macedonia*, Montenegro and Republic of Serbia. In October 2015 the 1540 Experts also visited Moldova to carry out a mission together with the OSCE with a view of developing a NAP.
In identifying effective national practices, future priorities, and assistance requirements in the implementation of Resolution 1540 (2004), the NAPs promote cooperative national attitudes towards the adoption of the Resolution's practices and relevant tasks. The goal is to convey the benefits of a united stance on non-proliferation for all nations.`

const seedPurpose = `The Workshop will be organized and held in RACVIAC - Centre for Security Cooperation, with the support and expertise of the United Nations Office for Disarmament Affairs (UNODA) and the Organization for Security and Co-operation in Europe (OSCE). 1540 Committee Experts will be invited as key speakers on the topic of 1540 NAPs. The Workshop's aims are to discuss the state of play of the existing NAPs in the region and share national experiences and lessons learned in the implementation of these NAPs as well as ways to realize the goals set in NAPs. The Workshop will also discuss, in general, the key elements of a voluntary 1540 NAP, provide a forum to inform about the main obligations of Resolution 1540 (2004) and the key elements of the Resolution 2325 (2016) as well as assistance mechanisms related to Resolution 1540 (2004 and NAPs).
The Workshop will aim to bring together technical experts and officials from Member States, directly engaged in the implementation of the Resolution 1540 (2004), national 1540 NAPs, as well as the representatives of relevant international and regional organisations that could assist in the implementation of certain 1540 obligations.`

const seedParticipation = `Around 30 participants are anticipated to attend the Workshop. On the part of RACVIAC three participants will be invited from each of the following countries, all dealing with 1540 implementation issues in their respective countries or national technical experts involved in the implementation of goals set in NAPs: Republic of Albania, Bosnia and Herzegovina, Republic of Croatia, the former Yugoslav Republic of Macedonia*, Montenegro and Republic of Serbia, and one from the Hellenic Republic, Romania and Republic of Turkey (each). In addition, attendees from invited Associate Members, Observers and participants may participate in the activity.
The Workshop will be organised immediately after the C-WMD Network's eighth meeting, so some participants may be expected to attend both events. Representatives from USEUCOM, International Counter proliferation Program (ICP) and the Defence Threat Reduction Agency (DTRA), who are organising the C-WMD Network's eighth meeting, will also be invited.
UN Member States (apart from the countries mentioned above): Moldova and Ukraine.
International and Regional Organizations and entities: 1540 Committee Experts, International Atomic Energy Agency (IAEA), Organization for the Prohibition of Chemical Weapons (OPCW), World Customs Organization (WCO), Organization for Security and Co-operation in Europe (OSCE).
* Turkey recognizes the Republic of Macedonia with its constitutional name.`

const seedMethodology = `The event will take place in the form of a Workshop. It will last two working days. The Workshop will provide an opportunity for national officials and representatives of intergovernmental organizations to discuss and share practices in the Resolution 1540 implementation. A link containing all necessary materials and updates on the Workshop will be provided to all participants during the event. The Workshop language will be English.`

// SeedWorkshop is the seed's workshop as an event input: every fact the
// announcement states.
func SeedWorkshop() model.EventInput {
	return model.EventInput{
		Kind: string(model.KindWorkshop), Code: SeedWorkshopCode, Title: SeedWorkshopTitle, Organizer: "RACVIAC",
		Partners: []model.PartnerInput{
			{Org: "UNODA", Roles: []string{"support", "expertise"}},
			{Org: "OSCE", Roles: []string{"support", "expertise"}},
			{Org: "UNSC1540", Roles: []string{"key-speakers"}},
		},
		Venue: model.Venue{Name: "RACVIAC - Centre for Security Cooperation", Address: "Rakitje, Stari hrast 53, HR-10437 Bestovje, CROATIA",
			Phone: "00 385 1 333 0 861", Fax: "00 385 1 333 0 809", Web: "www.racviac.org"},
		Start: "2017-09-14", End: "2017-09-15", ArrivalDays: []string{"2017-09-13"}, DepartureDays: []string{"2017-09-15", "2017-09-16"},
		TimeZone: "Europe/Zagreb", Languages: []string{"English"},
		Background: seedBackground, Purpose: seedPurpose, Objectives: SeedObjectives, Methodology: seedMethodology, Participation: seedParticipation,
		MaterialsNote: "A link containing all necessary materials and updates on the Workshop will be provided to all participants during the event.",
		Target:        30, OpenGroup: "RACVIAC", OpenSeats: 0,
		Related: []model.RelatedInput{{Relation: string(model.RelRightAfter), Title: "The C-WMD Network's eighth meeting",
			Organizers: []string{"USEUCOM", "ICP", "DTRA"},
			Note:       "Some participants may be expected to attend both events. Its organisers (USEUCOM, the International Counterproliferation Program and the Defence Threat Reduction Agency) are invited."}},
		Contacts: []model.ContactInput{
			{Org: "RACVIAC", Name: "Ms Vedrana DJUKARIĆ", Role: "Activity Coordinator", Phone: "+ 385 1 333 0 870", Email: "vdjukaric@racviac.org", Audience: "public"},
			{Org: "RACVIAC", Name: "Pillar contact details", Email: "cse@racviac.org", Audience: "public"},
			{Org: "UNODA", Name: "Mr. Franz Kolar", Role: "Political Affairs Officer", Email: "kolar@un.org", Audience: "public"},
		},
		Visibility: string(model.VisPublic),
	}
}

func seats(n int) *int { return &n }

// SeedQuotas are the seed's invitations: three seats for each SEE State,
// one each for Greece, Romania and Turkey; Moldova and Ukraine, the
// international organisations, the Committee's experts and the C-WMD
// Network's organisers invited without a number of seats.
func SeedQuotas() []model.QuotaInput {
	qs := []model.QuotaInput{{Group: "SEE", Seats: seats(3)}, {Org: "GRC", Seats: seats(1)}, {Org: "ROU", Seats: seats(1)}, {Org: "TUR", Seats: seats(1)}}
	for _, o := range []string{"MDA", "UKR", "UNSC1540", "IAEA", "OPCW", "WCO", "OSCE", "USEUCOM", "ICP", "DTRA"} {
		qs = append(qs, model.QuotaInput{Org: o, Seats: seats(0)})
	}
	return qs
}

// seedAnnouncement is the seed document itself, the workshop's
// announcement, kept verbatim as its concept note.
//
//go:embed data/CSE-C1-S-17-announcement.txt
var seedAnnouncement []byte

func seedEvents(ctx context.Context, svc *service.Services, note *Note) error {
	ev := svc.Events
	// The follow-up meeting the workshop leads to (illustrative).
	follow, err := ev.Create(ctx, system, model.EventInput{
		Kind: string(model.KindMeeting), Code: "", Title: "Regional follow-up meeting on 1540 NAPs (illustrative)", Organizer: "RACVIAC",
		Partners: []model.PartnerInput{{Org: "UNODA", Roles: []string{"support"}}},
		Venue:    model.Venue{Name: "RACVIAC - Centre for Security Cooperation", Address: "Rakitje, Stari hrast 53, HR-10437 Bestovje, CROATIA", Web: "www.racviac.org"},
		Start:    "2018-03-20", End: "2018-03-21", TimeZone: "Europe/Zagreb", Languages: []string{"English"},
		Purpose:    "Illustrative demo event: the follow-up meeting the 2017 workshop's way ahead called for, to review progress on the NAPs of the region.",
		Target:     20,
		Related:    []model.RelatedInput{{Relation: string(model.RelFollowsUp), Title: SeedWorkshopTitle, Organizers: []string{"RACVIAC"}}},
		Visibility: string(model.VisPublic), Illustrative: true,
	})
	if err != nil {
		return fmt.Errorf("follow-up meeting: %w", err)
	}
	if _, err := ev.SetQuotas(ctx, system, follow.ID, service.Given([]model.QuotaInput{{Group: "SEE", Seats: seats(2)}})); err != nil {
		return err
	}
	in := SeedWorkshop()
	in.LeadsTo = follow.ID
	w, err := ev.Create(ctx, system, in)
	if err != nil {
		return fmt.Errorf("the seed's workshop: %w", err)
	}
	// The follow-up meeting names the workshop as the event it follows up.
	fin, err := ev.InputOf(ctx, system, follow.ID)
	if err != nil {
		return err
	}
	fin.Related[0].EventID = w.ID
	if _, err := ev.Update(ctx, system, follow.ID, service.Given(fin)); err != nil {
		return err
	}
	if _, err := ev.SetQuotas(ctx, system, w.ID, service.Given(SeedQuotas())); err != nil {
		return fmt.Errorf("quotas: %w", err)
	}
	if err := seedWorkshopExtras(ctx, svc, w.ID); err != nil {
		return err
	}
	if err := seedUpcoming(ctx, svc); err != nil {
		return err
	}
	note.Lines = append(note.Lines, fmt.Sprintf("The seed's workshop %s: /events/%d", SeedWorkshopCode, w.ID))
	return nil
}

func seedWorkshopExtras(ctx context.Context, svc *service.Services, id int64) error {
	ev := svc.Events
	// Illustrative nominations. Croatia's seats are left free for the
	// reader to try (its coordinator is a demo account).
	nominations := []struct {
		org, name, function, status string
	}{
		{"SRB", "Petar Primerović (illustrative)", "Ministry of Foreign Affairs", "confirmed"},
		{"SRB", "Jelena Uzorković (illustrative)", "Customs Administration", "confirmed"},
		{"SRB", "Marko Ogledić (illustrative)", "Ministry of Defence", "confirmed"},
		{"MNE", "Mila Oglednović (illustrative)", "Ministry of Foreign Affairs", "confirmed"},
		{"MNE", "Nikola Primjerović (illustrative)", "Police Directorate", "nominated"},
		{"ALB", "Arben Shembulli (illustrative)", "Ministry for Europe and Foreign Affairs", "confirmed"},
		{"BIH", "Amra Primjerić (illustrative)", "Ministry of Security", "confirmed"},
		{"BIH", "Dario Uzorčić (illustrative)", "Indirect Taxation Authority", "confirmed"},
		{"MKD", "Elena Primerovska (illustrative)", "Ministry of Foreign Affairs", "confirmed"},
		{"GRC", "Nikos Paradeigmatos (illustrative)", "Ministry of Foreign Affairs", "confirmed"},
		{"ROU", "Ioana Exemplu (illustrative)", "National Agency for Export Controls", "confirmed"},
		{"TUR", "Deniz Örnekoğlu (illustrative)", "Ministry of Foreign Affairs", "confirmed"},
		{"MDA", "Ion Exemplu (illustrative)", "Ministry of Foreign Affairs and European Integration", "confirmed"},
		{"UKR", "Olena Zrazok (illustrative)", "Ministry of Foreign Affairs", "waitlisted"},
		{"OSCE", "OSCE expert (illustrative)", "Conflict Prevention Centre", "confirmed"},
		{"IAEA", "IAEA officer (illustrative)", "Division of Nuclear Security", "confirmed"},
	}
	for _, n := range nominations {
		p, err := ev.Nominate(ctx, system, id, service.Given(model.NominationInput{Org: n.org, Name: n.name, Function: n.function, Illustrative: true}))
		if err != nil {
			return fmt.Errorf("nomination %s: %w", n.name, err)
		}
		if n.status != string(p.Status) && n.status != "waitlisted" {
			if _, err := ev.ChangeParticipant(ctx, system, id, p.ID, service.Given(model.ParticipantPatch{Status: n.status, Note: "illustrative demo data", Version: p.Version})); err != nil {
				return fmt.Errorf("nomination %s: %w", n.name, err)
			}
		}
	}
	// An illustrative agenda on the two working days.
	expert := model.PersonInput{Account: "expert@unsc1540.demo.napx"}
	sessions := []model.SessionInput{
		{Day: "2017-09-14", Starts: "09:00", Ends: "09:30", Title: "Opening and introductions (illustrative)",
			Chairs: []model.PersonInput{{Name: "RACVIAC activity coordinator", Org: "RACVIAC"}}},
		{Day: "2017-09-14", Starts: "09:30", Ends: "11:00", Title: "Resolution 1540 (2004) and resolution 2325 (2016): obligations and key elements of a NAP (illustrative)",
			Speakers: []model.PersonInput{expert}, Chairs: []model.PersonInput{{Name: "UNODA political affairs officer", Org: "UNODA"}}},
		{Day: "2017-09-14", Starts: "11:30", Ends: "13:00", Title: "State of play of the NAPs in the region: national presentations (illustrative)",
			Description: "Each delegation presents its plan, its implementation mechanisms and its next steps."},
		{Day: "2017-09-14", Starts: "14:30", Ends: "16:30", Title: "Lessons learned in developing and adopting NAPs (illustrative)"},
		{Day: "2017-09-15", Starts: "09:00", Ends: "10:30", Title: "Assistance mechanisms and regional activities (illustrative)",
			Speakers: []model.PersonInput{{Name: "OSCE expert", Org: "OSCE"}, {Name: "UNODA political affairs officer", Org: "UNODA"}}},
		{Day: "2017-09-15", Starts: "11:00", Ends: "12:30", Title: "Assistance needs, national and regional; the way ahead (illustrative)",
			Speakers: []model.PersonInput{expert}},
		{Day: "2017-09-15", Starts: "12:30", Ends: "13:00", Title: "Closing (illustrative)"},
	}
	var firstSession int64
	for _, s := range sessions {
		s.Illustrative = true
		se, err := ev.AddSession(ctx, system, id, service.Given(s))
		if err != nil {
			return fmt.Errorf("session %s: %w", s.Title, err)
		}
		if firstSession == 0 && len(s.Speakers) > 0 {
			firstSession = se.ID
		}
	}
	// Materials: the announcement itself (the seed, public), and
	// illustrative ones for the participants.
	materials := []struct {
		in           model.MaterialInput
		illustrative bool
	}{
		// The announcement names people with their e-mail addresses and
		// telephone numbers: signed-in accounts only, as contact details are.
		{model.MaterialInput{Title: "Activity announcement CSE-C1-S-17", Kind: string(model.MaterialConceptNote), Audience: string(model.AudienceSignedIn),
			Filename: "CSE-C1-S-17-announcement.txt", Content: seedAnnouncement}, false},
		{model.MaterialInput{Title: "Presentation: key elements of a NAP (illustrative)", Kind: string(model.MaterialPresentation), SessionID: firstSession,
			Audience: string(model.AudienceConfirmed), ReleaseAt: "2017-09-14T09:00", Filename: "key-elements-of-a-NAP-illustrative.txt",
			Content: []byte("Illustrative demo material: a presentation given to the workshop's participants.\n")}, true},
		{model.MaterialInput{Title: "Chair's summary (illustrative)", Kind: string(model.MaterialOutcome), Audience: string(model.AudienceSignedIn),
			ReleaseAt: "2017-09-29T12:00", Filename: "chairs-summary-illustrative.txt",
			Content: []byte("Illustrative demo material: the chair's summary of the workshop, with the way ahead agreed.\n")}, true},
	}
	for _, m := range materials {
		m.in.Illustrative = m.illustrative
		if _, err := ev.AddMaterial(ctx, system, id, service.Given(m.in)); err != nil {
			return fmt.Errorf("material %s: %w", m.in.Title, err)
		}
	}
	for _, l := range []model.LessonInput{
		{Title: "A national working group that meets regularly keeps a NAP alive (illustrative)", Org: "SRB",
			Body: "Illustrative demo lesson: monitoring the plan in a standing inter-agency group made updates routine."},
		{Title: "Ask for assistance early, in the Committee's template (illustrative)", Org: "MNE",
			Body: "Illustrative demo lesson: needs written down while drafting the plan were matched faster."},
	} {
		l.Illustrative = true
		if _, err := ev.AddLesson(ctx, system, id, service.Given(l)); err != nil {
			return err
		}
	}
	followUps := []struct {
		in    model.FollowUpInput
		steps []string
	}{
		{model.FollowUpInput{Title: "Organise a regional follow-up meeting on NAP implementation (illustrative)", Owner: "RACVIAC", Due: "2018-03-31"}, []string{"in-progress", "done"}},
		{model.FollowUpInput{Title: "Compile the assistance needs identified at the workshop (illustrative)", Owner: "UNODA", Due: "2017-12-15"}, []string{"done"}},
		{model.FollowUpInput{Title: "Update the national NAP and send it to the 1540 Committee (illustrative)", Owner: "HRV", Due: "2018-06-30"}, []string{"in-progress"}},
		{model.FollowUpInput{Title: "Share the regional coordination approach with OSCE participating States (illustrative)", Owner: "OSCE", Due: "2018-09-30"}, nil},
	}
	// Croatia's follow-up is linked to the yearly review of its plan
	// (an action of the illustrative 2015–2019 NAP, when the NAP demo made it).
	if id, err := napActionByTitle(ctx, svc, "HRV", "Annual review of nuclear measures by the working group (illustrative)"); err != nil {
		return err
	} else if id != 0 {
		for i := range followUps {
			if followUps[i].in.Owner == "HRV" {
				followUps[i].in.NAPAction = id
			}
		}
	}
	for _, f := range followUps {
		f.in.Note = "illustrative demo data"
		f.in.Illustrative = true
		fu, err := ev.AddFollowUp(ctx, system, id, service.Given(f.in))
		if err != nil {
			return fmt.Errorf("follow-up %s: %w", f.in.Title, err)
		}
		for _, st := range f.steps {
			in := f.in
			in.Status, in.Version, in.Note = st, fu.Version, "illustrative demo data"
			if fu, err = ev.UpdateFollowUp(ctx, system, id, fu.ID, service.Given(in)); err != nil {
				return err
			}
		}
	}
	return nil
}

// napActionByTitle finds an action by its title in a State's plan in
// force in 2017 (0 when there is none).
func napActionByTitle(ctx context.Context, svc *service.Services, state, title string) (int64, error) {
	plans, err := svc.NAPs.List(ctx, system, model.NAPFilter{States: []string{state}})
	if err != nil {
		return 0, err
	}
	for _, p := range plans {
		if p.PeriodStart > 2017 || p.PeriodEnd < 2017 {
			continue
		}
		actions, err := svc.NAPs.Actions(ctx, system, p.ID)
		if err != nil {
			return 0, err
		}
		for _, a := range actions {
			if a.Title == title {
				return a.ID, nil
			}
		}
	}
	return 0, nil
}

// seedUpcoming adds an illustrative training some weeks ahead, open for
// nominations, so that the demo's coordinators can nominate.
func seedUpcoming(ctx context.Context, svc *service.Services) error {
	start := model.DateOf(svc.Now().UTC().Add(60 * 24 * time.Hour))
	e, err := svc.Events.Create(ctx, system, model.EventInput{
		Kind: string(model.KindPoCTraining), Title: "Training for 1540 points of contact of South-East Europe (illustrative)", Organizer: "UNODA",
		Partners: []model.PartnerInput{{Org: "OSCE", Roles: []string{"support"}}, {Org: "UNSC1540", Roles: []string{"expertise"}}},
		Venue:    model.Venue{Name: "Illustrative venue, Vienna"}, Start: start.String(), End: start.AddDays(1).String(),
		TimeZone: "Europe/Vienna", Languages: []string{"English"}, Target: 15,
		Purpose:    "Illustrative demo event, open for nominations: the invited delegations' points of contact nominate their delegates here.",
		Visibility: string(model.VisParticipants), Illustrative: true,
	})
	if err != nil {
		return fmt.Errorf("upcoming training: %w", err)
	}
	_, err = svc.Events.SetQuotas(ctx, system, e.ID, service.Given([]model.QuotaInput{{Group: "SEE", Seats: seats(2)}, {Org: "MDA", Seats: seats(1)}}))
	return err
}
