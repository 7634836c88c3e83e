package demo

import (
	"context"
	"fmt"

	"napx/internal/model"
	"napx/internal/service"
)

// seedPractices fills the practices library (issue 12): the lessons noted
// at the seed workshop made into practices, and illustrative practices of
// the SEE States and of organisations in every state of the review.
// Everything here is invented and marked illustrative.
func seedPractices(ctx context.Context, svc *service.Services, _ *Note) error {
	system := model.SystemViewer("demo")
	evs, err := svc.Events.List(ctx, system, service.EventQuery{})
	if err != nil {
		return err
	}
	step := func(id int64, steps ...model.PracticeStep) error {
		for _, s := range steps {
			in := model.PracticeReturn{}
			if s == model.PracticeStepReturn {
				in.Reason = "Illustrative demo review: please name the law the practice rests on and the agency that applies it."
			}
			if _, err := svc.Practices.Step(ctx, system, id, s, service.Given(in)); err != nil {
				return fmt.Errorf("practice %d %s: %w", id, s, err)
			}
		}
		return nil
	}
	for _, e := range evs {
		if e.Code != SeedWorkshopCode {
			continue
		}
		ev, err := svc.Events.Get(ctx, system, e.ID)
		if err != nil {
			return err
		}
		for i, l := range ev.Lessons {
			p, _, err := svc.Practices.FromLesson(ctx, system, e.ID, l.ID)
			if err != nil {
				return fmt.Errorf("lesson %q: %w", l.Title, err)
			}
			steps := []model.PracticeStep{model.PracticeStepSubmit, model.PracticeStepVerify, model.PracticeStepPublish}
			if i > 0 {
				steps = steps[:1] // the second stays under review
			}
			if err := step(p.ID, steps...); err != nil {
				return err
			}
		}
	}
	practices := []struct {
		in    model.PracticeInput
		steps []model.PracticeStep
	}{
		{model.PracticeInput{Kind: "practice", Submitter: "HRV", Date: "2016-11-10", Title: "Licensing brokers of dual-use goods (illustrative)",
			Tags: []string{"OP3d-NW-11.LF", "OP3d-CW-11.LF", "AS-EXPORT"}, Phase: "implementation", Languages: []string{"English", "Croatian"},
			Body: "## What was done\n\nBrokering of dual-use goods needs a **licence** from the export control authority, and brokers are registered.\n\n" +
				"## Lessons\n\n- Register brokers before licensing them.\n- Train customs officers on brokering cases.\n\n" +
				"| Step | Who |\n|---|---|\n| Registration | Ministry |\n| Licence | Export control authority |\n\n_Illustrative demo text._"},
			[]model.PracticeStep{model.PracticeStepSubmit, model.PracticeStepVerify, model.PracticeStepPublish}},
		{model.PracticeInput{Kind: "guidance", Submitter: "OSCE", Date: "2017-03-01", Title: "Guide to drafting a national action plan (illustrative)",
			Tags: []string{"AS-NAP", "OP1"}, Phase: "drafting", Languages: []string{"English", "French", "Russian"},
			Body: "Steps a State can follow to draft its plan: a working group, a gap analysis against the matrix, priorities, then adoption. _Illustrative demo text._"},
			[]model.PracticeStep{model.PracticeStepSubmit, model.PracticeStepVerify, model.PracticeStepPublish}},
		{model.PracticeInput{Kind: "lesson", Submitter: "ALB", Date: "2017-05-20", Title: "Contrôles à l'exportation : une seule autorité (illustrative)",
			Tags: []string{"OP3d-NW-01.LF", "AS-EXPORT"}, Languages: []string{"French"},
			Body: "Une autorité unique pour les licences d'exportation a réduit les délais. _Texte de démonstration._"},
			[]model.PracticeStep{model.PracticeStepSubmit, model.PracticeStepVerify}},
		{model.PracticeInput{Kind: "model-law", Submitter: "BIH", Date: "2017-06-01", Title: "Model provisions on penalties for trafficking (illustrative)",
			Tags: []string{"OP2", "AS-LEG"}, Body: "Draft model provisions for criminal penalties. _Illustrative demo text._"},
			[]model.PracticeStep{model.PracticeStepSubmit, model.PracticeStepReturn}},
		{model.PracticeInput{Kind: "peer-review-report", Submitter: "MKD", Date: "2017-08-30", Title: "Peer review of border detection equipment (illustrative)",
			Tags: []string{"AS-BORDER"}, Body: "A first draft, not yet submitted. _Illustrative demo text._"}, nil},
		{model.PracticeInput{Kind: "practice", Submitter: "MNE", Date: "2017-07-01", Title: "Physical protection inspections with IAEA support (illustrative)",
			Tags: []string{"AS-NUC", "OP3a"}, Body: "Inspections planned with the IAEA's advisory service. _Illustrative demo text._"},
			[]model.PracticeStep{model.PracticeStepSubmit}},
	}
	for _, p := range practices {
		p.in.Illustrative, p.in.Audience = true, "public"
		pv, err := svc.Practices.Create(ctx, system, service.Given(p.in))
		if err != nil {
			return fmt.Errorf("practice %q: %w", p.in.Title, err)
		}
		if err := step(pv.ID, p.steps...); err != nil {
			return err
		}
	}
	return nil
}
