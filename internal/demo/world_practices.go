package demo

import (
	"context"
	"fmt"

	"napx/internal/model"
	"napx/internal/service"
)

// worldPractices (issue 12 at world scale) gives the world's States and
// organisations Practices illustrative practices, lessons, guidance, model
// laws and peer-review reports, tagged with matrix areas and assistance
// areas, in every state of the review: most published, some verified or
// submitted, some drafts. Everything goes through the Practices service,
// one audited transaction per step, each keeping the search index.
func worldPractices(ctx context.Context, w *world) error {
	p := w.svc.Practices
	cat := w.svc.Directory.Catalog()
	today := w.svc.Assistance.Today()
	var areas []string
	for _, ar := range w.svc.Assistance.Codes().Areas {
		areas = append(areas, ar.ID)
	}
	sections := []string{"OP1", "OP2", "OP3a"}
	langs := []string{"English", "French", "Spanish", "Russian", "Arabic", "Chinese"}
	var submitters []string
	for _, s := range cat.States {
		submitters = append(submitters, s.Code)
	}
	for _, o := range cat.Organizations {
		submitters = append(submitters, o.Code)
	}
	published := 0
	for i := range w.size.Practices {
		sub := pick(w.rng, submitters)
		kind := model.PracticeKinds[w.rng.IntN(len(model.PracticeKinds))]
		tags := append(distinct(w.rng, sections, 1), distinct(w.rng, areas, 1+w.rng.IntN(2))...)
		in := model.PracticeInput{Kind: string(kind), Submitter: sub, Date: today.AddDays(-30 - w.rng.IntN(3000)).String(),
			Title: fmt.Sprintf("%s of %s, %d (illustrative)", kind, cat.OrgName(sub), i+1),
			Body:  fmt.Sprintf("## What was done\n\nIllustrative world %s of %s.\n\n- A first step.\n- A second step.\n\n_Illustrative demo text._", kind, cat.OrgName(sub)),
			Tags:  tags, Languages: distinct(w.rng, langs, 1+w.rng.IntN(2)), Audience: "public", Illustrative: true}
		pv, err := p.Create(ctx, system, service.Given(in))
		if err != nil {
			return fmt.Errorf("practice %d of %s: %w", i, sub, err)
		}
		// fate: 0 draft, 1 submitted, 2 verified, 3-9 published.
		var steps []model.PracticeStep
		switch fate := w.rng.IntN(10); {
		case fate == 1:
			steps = []model.PracticeStep{model.PracticeStepSubmit}
		case fate == 2:
			steps = []model.PracticeStep{model.PracticeStepSubmit, model.PracticeStepVerify}
		case fate >= 3:
			steps = []model.PracticeStep{model.PracticeStepSubmit, model.PracticeStepVerify, model.PracticeStepPublish}
			published++
		}
		for _, st := range steps {
			if _, err := p.Step(ctx, system, pv.ID, st, service.Given(model.PracticeReturn{})); err != nil {
				return fmt.Errorf("practice %d: %s: %w", pv.ID, st, err)
			}
		}
		w.bar.add("practices", 1+len(steps))
	}
	w.note.Lines = append(w.note.Lines, fmt.Sprintf("World: %d practices (%d published).", w.size.Practices, published))
	return nil
}
