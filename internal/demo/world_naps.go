package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/service"
)

// worldNAPs gives PlanStates States (not the demo's six) a plan each,
// PlanStates × ActionsPerPlan actions in all, each with its history. Most
// plans are published, some submitted, adopted or still drafts. The first
// plan is a published one of exactly 45 actions, the size of Croatia's, so
// the load benchmark reads a public plan of that size.
func worldNAPs(ctx context.Context, w *world) error {
	demoStates := []string{"ALB", "BIH", "HRV", "MKD", "MNE", "SRB"}
	var codes []string
	for _, s := range w.svc.Directory.Catalog().States {
		if !slices.Contains(demoStates, s.Code) {
			codes = append(codes, s.Code)
		}
	}
	w.rng.Shuffle(len(codes), func(i, j int) { codes[i], codes[j] = codes[j], codes[i] })
	n := min(w.size.PlanStates, len(codes))
	if n == 0 {
		return nil
	}
	counts := planSizes(w.rng, n, w.size.ActionsPerPlan)
	total := 0
	for i, code := range codes[:n] {
		status := model.NAPPublished
		switch r := w.rng.IntN(100); {
		case i == 0:
		case r < 20:
			status = model.NAPSubmitted
		case r < 32:
			status = model.NAPAdopted
		case r < 45:
			status = model.NAPDraft
		}
		p := worldPlan(w.rng, w.svc.Directory.Catalog().OrgName(code), code, status, counts[i])
		if _, _, err := w.svc.Demo.Plan(ctx, system, p); err != nil {
			return fmt.Errorf("plan of %s: %w", code, err)
		}
		total += counts[i]
		w.bar.add("naps", 3*w.size.ActionsPerPlan)
	}
	w.note.Lines = append(w.note.Lines, fmt.Sprintf("World: %d plans with %d actions; %s's plan has 45 actions and is public.", n, total, codes[0]))
	return nil
}

// planSizes are n plan sizes with mean m that add up to exactly n×m: the
// first is 45, the others spread evenly from a fifth of m to twice m less
// that, in a random order.
func planSizes(r *rand.Rand, n, m int) []int {
	out := []int{45}
	if n == 1 {
		return out
	}
	rest := n*m - 45
	lo := max(m/5, 1)
	for i := range n - 1 {
		out = append(out, lo+(2*(rest/(n-1)-lo))*i/max(n-2, 1))
	}
	sum := 0
	for _, c := range out[1:] {
		sum += c
	}
	out[n-1] += rest - sum
	tail := out[1:]
	r.Shuffle(len(tail), func(i, j int) { tail[i], tail[j] = tail[j], tail[i] })
	return out
}

// worldPlan is one State's illustrative plan with k actions.
func worldPlan(r *rand.Rand, name, code string, status model.NAPStatus, k int) service.IllustrativePlan {
	from := 2010 + r.IntN(15)
	to := from + 3 + r.IntN(3)
	created := time.Date(from-1, time.Month(1+r.IntN(12)), 1+r.IntN(27), 10, 0, 0, 0, time.UTC)
	adopted := created.AddDate(0, 2+r.IntN(6), 0)
	lc := strings.ToLower(code)
	who := []string{"coordinator@" + lc + ".world.napx", "editor1@" + lc + ".world.napx", "editor2@" + lc + ".world.napx"}
	p := service.IllustrativePlan{CreatedAt: created, NAP: model.NAP{State: code, Type: model.NAPType1540,
		Title:       fmt.Sprintf("National Implementation Action Plan %d–%d (illustrative)", from, to),
		PeriodStart: from, PeriodEnd: to, Status: status, Sections: map[string]string{
			"NAP-02": "A national working group coordinates the plan; the 1540 point of contact is its secretary. (Illustrative world data.)",
			"NAP-03": "The baseline is the State's matrix as approved by the Committee. (Illustrative world data.)",
			"NAP-11": "The working group reviews the plan each year. (Illustrative world data.)",
		}}}
	if status != model.NAPDraft {
		p.NAP.Authority, p.NAP.AdoptedOn = "Government of "+name+" (illustrative)", model.DateOf(adopted)
	}
	if status == model.NAPSubmitted || status == model.NAPPublished {
		p.Submissions = []time.Time{adopted.AddDate(0, 2, 0)}
		if r.IntN(3) == 0 {
			p.Submissions = append(p.Submissions, adopted.AddDate(2, 0, 0))
		}
	}
	for i := range k {
		th := demoThemes[(i/3)%len(demoThemes)]
		wp := []string{"NW", "CW", "BW"}[i%3]
		title := fmt.Sprintf(th.title, weaponWords[wp])
		if round := i / (3 * len(demoThemes)); round > 0 {
			title += fmt.Sprintf(", phase %d", round+1)
		}
		start := time.Date(from+r.IntN(max(to-from, 1)), time.Month(1+r.IntN(12)), 1, 10, 0, 0, 0, time.UTC)
		due := start.AddDate(1+r.IntN(3), r.IntN(12), 0)
		if due.Year() > to {
			due = time.Date(to, 12, 31, 10, 0, 0, 0, time.UTC)
		}
		hist := []model.ActionChange{{At: adopted, Actor: who[0], Status: model.ActionPlanned, Comment: "action adopted with the plan"}}
		if status != model.NAPDraft {
			hist = worldHistory(r, hist, who, start, due)
		}
		last := hist[len(hist)-1]
		a := model.NAPAction{Title: title + " (illustrative)", Section: th.section, Priority: []string{"high", "medium", "low"}[r.IntN(3)],
			Start: model.DateOf(start), Due: model.DateOf(due), Elements: []string{fmt.Sprintf(th.area, wp) + "." + th.column},
			Lead: th.lead, Supporting: th.support, IndicatorBaseline: "none at the start", IndicatorTarget: th.target,
			AssistanceNeeded: th.help != "" && r.IntN(2) == 0, AssistanceWhat: th.help}
		if last.Status == model.ActionCompleted {
			a.IndicatorActual = th.target
		}
		p.Actions = append(p.Actions, service.IllustrativeAction{Action: a, History: hist})
	}
	return p
}

// worldHistory moves an action on at reviews a few months apart until it
// is completed, delayed, cancelled, or still under way at the due date.
func worldHistory(r *rand.Rand, h []model.ActionChange, who []string, start, due time.Time) []model.ActionChange {
	fate := r.IntN(10) // 0-5 completed, 6 delayed, 7-8 in progress, 9 cancelled
	prev, prevP := model.ActionPlanned, 0
	t := start
	if !t.After(h[0].At) {
		t = h[0].At
	}
	for p := 15 + r.IntN(20); p < 100; p += 15 + r.IntN(25) {
		t = t.AddDate(0, 2+r.IntN(4), r.IntN(20))
		if t.After(due) {
			break
		}
		if fate == 6 && p >= 40 {
			return append(h, model.ActionChange{At: t, Actor: pick(r, who), Status: model.ActionDelayed, Progress: prevP, PrevStatus: prev, PrevProgress: prevP,
				Comment: "awaiting the budget (illustrative)"})
		}
		h = append(h, model.ActionChange{At: t, Actor: pick(r, who), Status: model.ActionInProgress, Progress: p, PrevStatus: prev, PrevProgress: prevP,
			Comment: pick(r, demoComments)})
		prev, prevP = model.ActionInProgress, p
	}
	switch {
	case fate == 7 || fate == 8 || fate == 6:
		return h
	case fate == 9:
		return append(h, model.ActionChange{At: t, Actor: who[0], Status: model.ActionCancelled, Progress: prevP, PrevStatus: prev, PrevProgress: prevP,
			Comment: "merged into another action (illustrative)"})
	}
	done := due.AddDate(0, 0, -r.IntN(60))
	if !done.After(h[len(h)-1].At) {
		done = h[len(h)-1].At.AddDate(0, 1, 0)
	}
	return append(h, model.ActionChange{At: done, Actor: pick(r, who), Status: model.ActionCompleted, Progress: 100, PrevStatus: prev, PrevProgress: prevP,
		Comment: "completed (illustrative)"})
}
