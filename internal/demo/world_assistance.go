package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/service"
)

// worldAssistance (issue 11 at world scale) gives every organisation that
// may keep programmes a few illustrative ones, and the world's States
// requests with AssistanceNeeds needs in all, in every state of the
// procedure: most came by note verbale long ago, were acknowledged then and
// are circulated when the timers run (as the job engine would), some wait
// for the Committee, some are inside their consent window, a few were
// objected to or are still drafts. The experts matched a share of the
// circulated needs. Everything goes through the Assistance service, one
// audited transaction per step.
func worldAssistance(ctx context.Context, w *world) error {
	a := w.svc.Assistance
	cat := w.svc.Directory.Catalog()
	today := a.Today()
	var areas, mods []string
	for _, ar := range a.Codes().Areas {
		areas = append(areas, ar.ID)
	}
	for _, m := range a.Codes().Modalities {
		mods = append(mods, m.ID)
	}
	langs := []string{"en", "fr", "es", "ru", "ar", "zh"}
	// Programmes: the organisations that may provide, then donor States.
	var providers []string
	for _, o := range cat.Organizations {
		if policy.CanProvide(model.OrgKind(o.Kind)) {
			providers = append(providers, o.Code)
		}
	}
	for _, s := range cat.States {
		if len(providers) >= w.size.AssistanceProgrammes {
			break
		}
		if w.rng.IntN(4) == 0 {
			providers = append(providers, s.Code)
		}
	}
	byArea := map[string][]int64{}
	for i := range w.size.AssistanceProgrammes {
		prov := providers[i%len(providers)]
		pa := distinct(w.rng, areas, 1+w.rng.IntN(3))
		in := model.ProgrammeInput{Title: model.Ptr(fmt.Sprintf("%s programme %d (illustrative)", cat.OrgName(prov), i/len(providers)+1)),
			Description: model.Ptr("Illustrative world programme of " + cat.OrgName(prov) + "."),
			Areas:       &pa, Modalities: model.Ptr(distinct(w.rng, mods, 1+w.rng.IntN(3))), Languages: model.Ptr(distinct(w.rng, langs, 1+w.rng.IntN(2))),
			Status: model.Ptr("open"), Illustrative: true}
		g, err := a.CreateProgramme(ctx, system, prov, in)
		if err != nil {
			return fmt.Errorf("programme %d of %s: %w", i, prov, err)
		}
		for _, ar := range pa {
			byArea[ar] = append(byArea[ar], g.ID)
		}
		w.bar.add("assistance", 1)
	}
	made, requests, circulated := 0, 0, []service.RequestView{}
	for made < w.size.AssistanceNeeds {
		st := pick(w.rng, cat.States)
		k := min(1+w.rng.IntN(4), w.size.AssistanceNeeds-made)
		needs := make([]model.NeedInput, k)
		for j := range needs {
			ar := pick(w.rng, areas)
			needs[j] = model.NeedInput{Area: ar, Modalities: distinct(w.rng, mods, 1+w.rng.IntN(2)),
				Description: fmt.Sprintf("Need %d of %s (illustrative)", j+1, strings.ToLower(a.Labels().AreaLabel(ar)))}
		}
		in := model.RequestInput{Title: model.Ptr(fmt.Sprintf("Assistance for %s, request %d (illustrative)", st.Name, requests+1)),
			Summary: model.Ptr("Illustrative world request."), Description: model.Ptr("Illustrative world request of " + st.Name + "."),
			Language: model.Ptr(pick(w.rng, langs)), Needs: &needs, Illustrative: true,
			Contact: &model.RequestContact{Name: "National 1540 contact (illustrative)", Email: "poc.1540@" + strings.ToLower(st.Code) + ".world.napx"}}
		// fate: 0 draft, 1 submitted, 2 inside the window, 3 objected to,
		// 4-9 came on paper long ago and are circulated by the timers.
		fate := w.rng.IntN(10)
		paper := 0
		if fate >= 4 {
			paper = 60 + w.rng.IntN(1500)
			in.NoteVerbaleDate = model.Ptr(today.AddDays(-paper).String())
			in.NoteVerbaleRef = model.Ptr(fmt.Sprintf("%s/1540/%d/ILLUSTRATIVE", st.Code, requests+1))
		}
		r, err := a.Create(ctx, system, st.Code, in)
		if err != nil {
			return fmt.Errorf("request of %s: %w", st.Code, err)
		}
		if fate >= 1 {
			r, err = a.Submit(ctx, system, r.ID, nil)
		}
		if err == nil && fate >= 2 {
			day := ""
			if paper > 0 {
				day = today.AddDays(-paper + 5).String()
			}
			r, err = a.Acknowledge(ctx, system, r.ID, service.Given(model.Acknowledgement{Date: day}))
		}
		if err == nil && fate == 3 {
			r, err = a.Object(ctx, system, r.ID, nil)
		}
		if err != nil {
			return fmt.Errorf("request %d of %s: %w", r.ID, st.Code, err)
		}
		if fate >= 4 {
			circulated = append(circulated, r)
		}
		made += k
		requests++
		w.bar.add("assistance", 3*k)
	}
	// The windows of the requests that came on paper closed long ago.
	if _, err := a.RunTimers(ctx); err != nil {
		return err
	}
	// The experts matched about a third of the circulated needs with a
	// programme in the need's area.
	matched := 0
	for _, r := range circulated {
		for _, n := range r.Needs {
			progs := byArea[n.Area]
			if len(progs) == 0 || w.rng.IntN(3) > 0 {
				continue
			}
			if _, err := a.Match(ctx, system, n.ID, service.Given(model.MatchInput{Programme: pick(w.rng, progs)})); err != nil {
				return fmt.Errorf("match of need %d: %w", n.ID, err)
			}
			matched++
		}
	}
	w.note.Lines = append(w.note.Lines, fmt.Sprintf("World: %d assistance programmes, %d requests with %d needs (%d circulated requests, %d matches).",
		w.size.AssistanceProgrammes, requests, made, len(circulated), matched))
	return nil
}

// distinct picks k different items of xs (k at most len(xs)), in xs's order.
func distinct(r *rand.Rand, xs []string, k int) []string {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	for i := range min(k, len(xs)) {
		j := i + r.IntN(len(xs)-i)
		idx[i], idx[j] = idx[j], idx[i]
	}
	sel := slices.Clone(idx[:min(k, len(xs))])
	slices.Sort(sel)
	out := make([]string, len(sel))
	for i, j := range sel {
		out[i] = xs[j]
	}
	return out
}
