package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/service"
)

// The practice form's NAP actions and related practices, chosen by title
// (issue 18, item 3). Without JavaScript: the reader types words of a
// title and presses "Find"; the form comes back (nothing saved) with the
// records whose titles have them as checkboxes — the one search, kind by
// kind, through the one policy (Search.Titles) — and the ones already
// chosen kept ticked. Numbers stay as "Import for power users"; a number
// the reader may not read — typed there, or forged as a checkbox — is not
// shown by its title and is refused by the service exactly as one that
// never existed.

// linkPicker is one "find by title" picker.
type linkPicker struct {
	Chosen []choice // ticked: the records named, by title
	Found  []choice // the last "Find"'s matches not already chosen
	Q      string   // the words looked for
	Looked bool     // a "Find" ran (so "nothing found" can be said)
	Import string   // numbers that are none of the chosen (unknown, hidden or not numbers)
	Find   findBox  // the box's "last searched" twin (find_pending.go)
}

// pickedIDs reads a picker's numbers: the ticked boxes (box) and the
// numbers typed in its import field (text), each once.
func pickedIDs(r *http.Request, box, text string) string {
	var out []string
	for _, s := range append(slices.Clone(r.PostForm[box]), splitList(r.PostFormValue(text))...) {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

// practiceFindBoxes are the practice form's search boxes.
var practiceFindBoxes = []string{"action_q", "related_q"}

// practiceReshown reports whether the POST only shows the form again
// ("Add another tag", "Find", or the main act posted with words in a Find
// box not yet searched — pendingFinds): nothing is saved.
func practiceReshown(r *http.Request) bool {
	return practiceRerender(r) || len(pendingFinds(r, practiceFindBoxes...)) > 0
}

// practiceRerender reports whether one of the form's re-render buttons
// was pressed.
func practiceRerender(r *http.Request) bool {
	return r.PostFormValue("add_tag") != "" || r.PostFormValue("find_actions") != "" || r.PostFormValue("find_related") != ""
}

// fillPracticeLinks gives the practice form its two pickers. The chosen
// records are read one by one through the policy; the matches of a "Find"
// (or of words left in a box when the form is shown again) come from the
// one search. A search text the search refuses is a problem of its box.
func (h *Handler) fillPracticeLinks(r *http.Request, p *practiceFormPage) (model.Problems, error) {
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	reshown := r.Method == http.MethodPost && practiceReshown(r)
	var pending []string // the main act posted with words not yet searched: found instead
	if reshown && !practiceRerender(r) {
		pending = pendingFinds(r, practiceFindBoxes...)
	}
	probs := model.Problems{}
	cat, lang := h.svc.Directory.Catalog(), h.printer(r).Lang().Code
	// Actions.
	pa := &p.Pickers.Actions
	var rest []string
	for _, s := range splitList(p.Input.Actions) {
		id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
		if err != nil || slices.ContainsFunc(pa.Chosen, func(c choice) bool { return c.Value == s }) {
			rest = append(rest, s)
			continue
		}
		a, n, err := h.svc.NAPs.Action(ctx, v, id)
		if errors.Is(err, model.ErrNotFound) {
			rest = append(rest, s)
			continue
		} else if err != nil {
			return nil, err
		}
		pa.Chosen = append(pa.Chosen, choice{Value: strconv.FormatInt(id, 10), Label: a.Title + " — " + cat.OrgNameIn(n.State, lang), Checked: true})
	}
	pa.Import = strings.Join(rest, ", ")
	if reshown {
		pa.Q = strings.TrimSpace(r.PostFormValue("action_q"))
		if err := h.findTitles(r, model.SearchAction, pa, 0, "action_q", probs); err != nil {
			return nil, err
		}
	}
	pa.Find = newFindBox("action_q", pa.Q, pending, probs)
	// The Find button itself brings the focus back to its box too, just
	// above its results (without it the page opens at its top).
	pa.Find.Focus = pa.Find.Focus || r.Method == http.MethodPost && r.PostFormValue("find_actions") != "" && probs["action_q"] == ""
	// Related practices.
	pr := &p.Pickers.Related
	rest = nil
	for _, s := range splitList(p.Input.Related) {
		id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
		if err != nil || id == p.ID || slices.ContainsFunc(pr.Chosen, func(c choice) bool { return c.Value == s }) {
			rest = append(rest, s)
			continue
		}
		pv, err := h.svc.Practices.Get(ctx, v, id)
		if errors.Is(err, model.ErrNotFound) {
			rest = append(rest, s)
			continue
		} else if err != nil {
			return nil, err
		}
		pr.Chosen = append(pr.Chosen, choice{Value: strconv.FormatInt(id, 10), Label: pv.Title, Checked: true})
	}
	pr.Import = strings.Join(rest, ", ")
	if reshown {
		pr.Q = strings.TrimSpace(r.PostFormValue("related_q"))
		if err := h.findTitles(r, model.SearchPractice, pr, p.ID, "related_q", probs); err != nil {
			return nil, err
		}
	}
	pr.Find = newFindBox("related_q", pr.Q, pending, probs)
	pr.Find.Focus = pr.Find.Focus || r.Method == http.MethodPost && r.PostFormValue("find_related") != "" && probs["related_q"] == ""
	return probs, nil
}

// findTitles fills a picker's matches for its words; self (a practice's
// own number) is never offered.
func (h *Handler) findTitles(r *http.Request, kind model.SearchKind, pk *linkPicker, self int64, field string, probs model.Problems) error {
	if pk.Q == "" {
		return nil
	}
	hits, err := h.svc.Search.Titles(r.Context(), service.ViewerFrom(r.Context()), kind, pk.Q)
	if ps, ok := model.AsProblems(err); ok {
		for _, m := range ps {
			probs[field] = m
		}
		return nil
	} else if err != nil {
		return err
	}
	pk.Looked = true
	cat, lang := h.svc.Directory.Catalog(), h.printer(r).Lang().Code
	for _, x := range hits {
		id := strconv.FormatInt(x.ID, 10)
		if x.ID == self || slices.ContainsFunc(pk.Chosen, func(c choice) bool { return c.Value == id }) {
			continue
		}
		label := x.Title
		if x.State != "" {
			label += " — " + cat.OrgNameIn(x.State, lang)
		}
		pk.Found = append(pk.Found, choice{Value: id, Label: label})
	}
	return nil
}

// followUpActionPicker gives the event page's follow-up rows their NAP
// action picker (issue 18, item 3): the actions of the invited States'
// plans the reader may read, by title (actionChoices, as the manage page's
// follow-up form), offered only when the reader may update a row. A row's
// action is written as the picker writes it; one that is not among them
// (another State's plan, linked by number) keeps its number in the row's
// import box, so saving the row again keeps it.
func (h *Handler) followUpActionPicker(r *http.Request, p *eventPage) error {
	if !slices.ContainsFunc(p.FollowUps, func(f followUpRow) bool { return f.CanUpdate }) {
		return nil
	}
	picks, byValue, err := h.actionChoices(r, p.Ev.Quotas)
	if err != nil {
		return err
	}
	p.FollowUpActions = picks
	for i := range p.FollowUps {
		f := &p.FollowUps[i]
		if f.NAPActionID == 0 {
			continue
		}
		for val, id := range byValue {
			if id == f.NAPActionID {
				f.ActionText = val
				break
			}
		}
		if f.ActionText == "" {
			f.ActionImport = strconv.FormatInt(f.NAPActionID, 10)
		}
	}
	return nil
}
