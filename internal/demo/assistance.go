package demo

import (
	"context"
	"fmt"
	"strings"

	"napx/internal/model"
	"napx/internal/service"
)

// Illustrative assistance (issue 11): programmes of the organisations the
// demo has, and requests of SEE States in each state of the procedure —
// a draft, one submitted, one inside its consent window, one objected to,
// one circulated with ranked matches and an offer, and one delivered with
// feedback from both sides. Dates are counted back from the day the demo
// is made, so the window is open whenever the demo is new; the requests
// that came earlier carry the date of their note verbale, and the
// Committee's acknowledgement is recorded on its past day, as for a
// request that came on paper.

// demoProgrammes are illustrative programmes; every title says so.
var demoProgrammes = []struct {
	provider string
	in       model.ProgrammeInput
}{
	{"WCO", model.ProgrammeInput{Title: model.Ptr("Strategic trade control enforcement training (illustrative)"),
		Description: model.Ptr("Illustrative demo programme: training for customs officers on detecting dual-use and CBRN items at the border, with detection equipment for the trainees' posts."),
		Areas:       &[]string{"AS-BORDER", "AS-EXPORT"}, Modalities: &[]string{"training", "equipment"}, Groups: &[]string{"OSCE"}, Languages: &[]string{"en", "fr", "ru"},
		Eligibility: model.Ptr("Customs administrations of WCO members (illustrative)."), ContactName: model.Ptr("Capacity building desk (illustrative)"),
		ContactEmail: model.Ptr("capacity@wco.demo.napx")}},
	{"EU", model.ProgrammeInput{Title: model.Ptr("Export control outreach and legislative support (illustrative)"),
		Description: model.Ptr("Illustrative demo programme: advice on export control laws and control lists, translation of control lists, study visits to licensing authorities."),
		Areas:       &[]string{"AS-EXPORT", "AS-LEG"}, Modalities: &[]string{"legal-advice", "translation", "study-visit"}, Languages: &[]string{"en"},
		ContactEmail: model.Ptr("outreach@eu.demo.napx")}},
	{"IAEA", model.ProgrammeInput{Title: model.Ptr("Nuclear security support (illustrative)"),
		Description: model.Ptr("Illustrative demo programme: physical protection advisory missions, radiation detection equipment and training."),
		Areas:       &[]string{"AS-NUC", "AS-BORDER"}, Modalities: &[]string{"legal-advice", "equipment", "training", "peer-review"}, Languages: &[]string{"en", "fr", "ru", "es", "ar", "zh"},
		ContactEmail: model.Ptr("nuclear.security@iaea.demo.napx")}},
	{"OPCW", model.ProgrammeInput{Title: model.Ptr("Chemical laboratory capacity (illustrative)"),
		Description: model.Ptr("Illustrative demo programme: training for chemical laboratory staff, equipment exchange, proficiency testing towards accreditation."),
		Areas:       &[]string{"AS-CHEM", "AS-LAB"}, Modalities: &[]string{"training", "equipment"}, Languages: &[]string{"en"},
		ContactEmail: model.Ptr("icb@opcw.demo.napx")}},
	{"OSCE", model.ProgrammeInput{Title: model.Ptr("Support to 1540 national action plans (illustrative)"),
		Description: model.Ptr("Illustrative demo programme: workshops with national working groups drafting or reviewing a 1540 NAP, with the Committee's experts."),
		Areas:       &[]string{"AS-NAP", "AS-OUTREACH"}, Modalities: &[]string{"legal-advice", "training"}, Groups: &[]string{"OSCE"}, Languages: &[]string{"en", "ru"}}},
	{"UNODC", model.ProgrammeInput{Title: model.Ptr("Legislative assistance against CBRN terrorism (illustrative)"),
		Description: model.Ptr("Illustrative demo programme: legislative drafting and training of prosecutors on the criminalisation of CBRN offences."),
		Areas:       &[]string{"AS-LEG", "AS-ENF"}, Modalities: &[]string{"legal-advice", "training"}, Languages: &[]string{"en", "fr", "es", "ru"}}},
}

func seedAssistance(ctx context.Context, svc *service.Services, note *Note) error {
	a := svc.Assistance
	today := a.Today()
	programmes := map[string]int64{}
	for _, p := range demoProgrammes {
		in := p.in
		in.Status, in.Illustrative = model.Ptr("open"), true
		g, err := a.CreateProgramme(ctx, system, p.provider, in)
		if err != nil {
			return fmt.Errorf("programme of %s: %w", p.provider, err)
		}
		programmes[p.provider] = g.ID
	}
	type request struct {
		state, title, summary, situation string
		needs                            []model.NeedInput
		paper                            int      // the note verbale, days before today (0: filed in napx)
		steps                            []string // submit, acknowledge, object
	}
	requests := []request{
		{"ALB", "Drafting implementing regulations for the strategic goods law (illustrative)", "Advice on regulations under the new strategic goods law.",
			"Illustrative demo request: the law was adopted; its implementing regulations are still to be drafted.",
			[]model.NeedInput{{Area: "AS-LEG", Modalities: []string{"legal-advice"}, Description: "Review of draft regulations (illustrative)"}}, 0, nil},
		{"MKD", "Awareness programme for industry (illustrative)", "Outreach to companies handling dual-use goods.",
			"Illustrative demo request: few companies know their obligations under export control law.",
			[]model.NeedInput{{Area: "AS-OUTREACH", Modalities: []string{"training"}, Description: "Seminars for industry associations (illustrative)"}}, 0, []string{"submit"}},
		{"MNE", "Legal review of the CBRN criminal provisions (illustrative)", "A review of the criminal code's CBRN provisions against resolution 1540.",
			"Illustrative demo request: the criminal code predates resolution 1540; the working group asks for a legal review.",
			[]model.NeedInput{{Area: "AS-LEG", Modalities: []string{"legal-advice", "peer-review"}, Description: "Gap analysis of the criminal code (illustrative)"}},
			0, []string{"submit", "acknowledge"}},
		{"BIH", "Radiation detection at border crossings (illustrative)", "Detection equipment for main border crossings.",
			"Illustrative demo request: the main crossings lack portal monitors.",
			[]model.NeedInput{{Area: "AS-BORDER", Modalities: []string{"equipment", "training"}, Description: "Portal monitors and training (illustrative)"}},
			0, []string{"submit", "acknowledge", "object"}},
		{"SRB", "Strengthening export licensing and border enforcement (illustrative)", "Training for licensing officers and customs, and control lists in Serbian.",
			"Illustrative demo request: the licensing office has four officers; customs lack training on dual-use items; the EU control list is not translated.",
			[]model.NeedInput{{Area: "AS-EXPORT", Modalities: []string{"training", "translation"}, Description: "Training of licensing officers; translation of the control list (illustrative)"},
				{Area: "AS-BORDER", Modalities: []string{"training", "equipment"}, Description: "Customs training with detection kits (illustrative)"}},
			150, []string{"submit", "acknowledge"}},
		{"HRV", "Chemical laboratory accreditation (illustrative)", "Support towards the accreditation of the national chemical laboratory.",
			"Illustrative demo request: the laboratory works to ISO/IEC 17025 without accreditation.",
			[]model.NeedInput{{Area: "AS-CHEM", Modalities: []string{"training", "equipment"}, Description: "Staff training and equipment for accreditation (illustrative)"}},
			420, []string{"submit", "acknowledge"}},
	}
	ids := map[string]service.RequestView{}
	for _, rq := range requests {
		in := model.RequestInput{Title: model.Ptr(rq.title), Summary: model.Ptr(rq.summary), Description: model.Ptr(rq.situation), Language: model.Ptr("en"),
			Contact: &model.RequestContact{Name: "National 1540 contact (illustrative)", Email: "poc.1540@" + strings.ToLower(rq.state) + ".demo.napx"},
			Needs:   &rq.needs, Illustrative: true}
		if rq.paper > 0 {
			in.NoteVerbaleDate = model.Ptr(today.AddDays(-rq.paper).String())
			in.NoteVerbaleRef = model.Ptr(rq.state + "/1540/ILLUSTRATIVE")
		}
		r, err := a.Create(ctx, system, rq.state, in)
		if err != nil {
			return fmt.Errorf("request of %s: %w", rq.state, err)
		}
		for _, step := range rq.steps {
			switch step {
			case "submit":
				r, err = a.Submit(ctx, system, r.ID, nil)
			case "acknowledge":
				day := ""
				if rq.paper > 0 {
					day = today.AddDays(-rq.paper + 5).String()
				}
				r, err = a.Acknowledge(ctx, system, r.ID, service.Given(model.Acknowledgement{Date: day}))
			case "object":
				r, err = a.Object(ctx, system, r.ID, nil)
			}
			if err != nil {
				return fmt.Errorf("request of %s, %s: %w", rq.state, step, err)
			}
		}
		ids[rq.state] = r
	}
	// The windows of the requests that came on paper closed long ago.
	if _, err := a.RunTimers(ctx); err != nil {
		return err
	}
	srb, hrv := ids["SRB"], ids["HRV"]
	// WCO offers for Serbia's border need; the experts have not matched yet.
	if _, err := a.Offer(ctx, system, srb.Needs[1].ID, service.Given(model.OfferInput{Programme: programmes["WCO"], Note: "A course in the coming quarter (illustrative)"})); err != nil {
		return fmt.Errorf("offer: %w", err)
	}
	// Croatia's need was matched with the OPCW, delivered, and both sides gave feedback.
	need := hrv.Needs[0].ID
	if _, err := a.Match(ctx, system, need, service.Given(model.MatchInput{Programme: programmes["OPCW"]})); err != nil {
		return fmt.Errorf("match: %w", err)
	}
	start := today.AddDays(-300)
	if _, err := a.AddDelivery(ctx, system, need, service.Given(model.DeliveryInput{Start: start.String(), End: start.AddDays(4).String(),
		What: "Five days of training for eight laboratory staff, and a gas chromatograph (illustrative)"})); err != nil {
		return fmt.Errorf("delivery: %w", err)
	}
	if _, err := a.AddFeedback(ctx, system, need, service.Given(model.FeedbackInput{Side: "provider", Activities: "Training course and equipment (illustrative)",
		Achievements: "Staff passed the proficiency test (illustrative)", Opportunities: "A second course on sample handling (illustrative)"})); err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	if _, err := a.AddFeedback(ctx, system, need, service.Given(model.FeedbackInput{Side: "requester", Activities: "Eight staff trained (illustrative)",
		Achievements: "The laboratory applied for accreditation (illustrative)", Opportunities: "Accreditation audit support (illustrative)",
		Outcome: "fulfilled", OutcomeNote: "Accreditation applied for (illustrative)"})); err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	note.Lines = append(note.Lines, "Assistance: /assistance (illustrative requests of SEE States in each step, programmes, matches).")
	return nil
}
