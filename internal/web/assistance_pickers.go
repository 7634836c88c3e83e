package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

// The assistance forms' pickers (issue 18, item 3). The request form: the
// group as a list, the co-requesting States as rows of a State picker
// ("Add another State" re-renders with one more row, no JavaScript), each
// need's matrix fields from the matrix-field picker and its NAP actions
// ticked by title among the actions of the requesters' plans the reader
// may read (NAPs.List and NAPs.Actions: the one policy; the service refuses
// any other number a client sends, as it refuses one that never existed).
// The programme form: groups served and languages as checkboxes (the six
// UN languages, the others by name). The code syntaxes stay as imports.

// choice is a checkbox or an option: its value, its words and whether it
// is chosen.
type choice struct {
	Value, Label string
	English      bool // the label is English data (lang="en")
	Checked      bool
}

// actionChoice is a NAP action offered by its title.
type actionChoice struct {
	ID          int64
	Title, Plan string
}

// requestPickers are the request form's choices.
type requestPickers struct {
	Groups []choice
	States []pick   // the co-requesters' datalist
	CoRows []string // the co-requesters as the picker writes them
	Needs  []needPicker
}

// needPicker is one need's pickers.
type needPicker struct {
	Fields        matrixPicker
	Actions       []choice
	ActionsImport string // numbers typed that are none of the choices
}

// coRequestersOf reads the co-requesters: the picker's rows (each a State
// as "Name (CODE)", a code or a name) and the codes typed in the import box.
func coRequestersOf(r *http.Request, cat *refdata.Catalog) string {
	var out []string
	add := func(c string) {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, s := range r.PostForm["co_requester"] {
		if strings.TrimSpace(s) != "" {
			add(pickedCode(cat, s))
		}
	}
	for _, c := range model.SplitIDs(r.PostFormValue("co_requesters")) {
		add(strings.ToUpper(c))
	}
	return strings.Join(out, " ")
}

// pickedActions reads a need's NAP actions: the ticked ones and the
// numbers typed in its import box, each once.
func pickedActions(r *http.Request, key func(string) string) string {
	var out []string
	for _, s := range append(slices.Clone(r.PostForm[key("action")]), model.SplitIDs(r.PostFormValue(key("actions")))...) {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// requestActionChoices are the actions of the requesters' plans that v may
// read, by title.
func (h *Handler) requestActionChoices(r *http.Request, states []string) ([]actionChoice, error) {
	var out []actionChoice
	var known []string
	cat := h.svc.Directory.Catalog()
	for _, s := range states {
		if cat.State(s) != nil && !slices.Contains(known, s) {
			known = append(known, s)
		}
	}
	if len(known) == 0 {
		return nil, nil
	}
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	plans, err := h.svc.NAPs.List(ctx, v, model.NAPFilter{States: known, ExcludeWithdrawn: true})
	if err != nil {
		return nil, err
	}
	for _, n := range plans {
		acts, err := h.svc.NAPs.Actions(ctx, v, n.ID)
		if err != nil {
			return nil, err
		}
		for _, a := range acts {
			if len(out) >= maxEventChoices {
				return out, nil
			}
			out = append(out, actionChoice{ID: a.ID, Title: a.Title, Plan: n.StateName + ": " + n.Title})
		}
	}
	return out, nil
}

// fillRequestPickers gives the request form its choices; moreCo adds a
// blank co-requester row.
func (h *Handler) fillRequestPickers(r *http.Request, p *requestFormPage, moreCo bool) error {
	cat, lang := h.svc.Directory.Catalog(), h.printer(r).Lang().Code
	pk := &p.Pickers
	known := p.Input.Group == ""
	for _, g := range cat.Groups {
		pk.Groups = append(pk.Groups, choice{Value: g.Code, Label: g.NameIn(lang), Checked: g.Code == p.Input.Group})
		known = known || g.Code == p.Input.Group
	}
	if !known { // a code that is no group: kept, so the problem shows what was sent
		pk.Groups = append(pk.Groups, choice{Value: p.Input.Group, Label: p.Input.Group, English: true, Checked: true})
	}
	for i := range cat.States {
		st := &cat.States[i]
		pk.States = append(pk.States, pick{Value: st.NameIn(lang) + " (" + st.Code + ")", Label: st.Code})
	}
	co := model.SplitIDs(p.Input.CoRequesters)
	for _, c := range co {
		pk.CoRows = append(pk.CoRows, delegationLabel(cat, lang, c))
	}
	pk.CoRows = append(pk.CoRows, "")
	if moreCo {
		pk.CoRows = append(pk.CoRows, "")
	}
	acts, err := h.requestActionChoices(r, append([]string{p.Owner}, co...))
	if err != nil {
		return err
	}
	tax := h.svc.NAPs.Taxonomy()
	for i, n := range p.Input.Needs {
		f := fmt.Sprintf("needs[%d]", i)
		np := needPicker{Fields: newMatrixPicker(r, tax, f+".element", f+".elements", model.SplitIDs(n.Elements), p.Problems)}
		chosen := model.SplitIDs(n.Actions)
		var offered []string
		for _, a := range acts {
			id := strconv.FormatInt(a.ID, 10)
			offered = append(offered, id)
			np.Actions = append(np.Actions, choice{Value: id, Label: a.Title + " — " + a.Plan, Checked: slices.Contains(chosen, id)})
		}
		var rest []string
		for _, c := range chosen {
			if !slices.Contains(offered, c) {
				rest = append(rest, c)
			}
		}
		np.ActionsImport = strings.Join(rest, " ")
		pk.Needs = append(pk.Needs, np)
	}
	return nil
}

// programmeChoices are the programme form's checkboxes: groups served and
// languages (the six of the UN translated, the others in English, checked
// ones first so nothing chosen hides among 180 names).
type programmeChoices struct {
	Groups, UNLanguages, Languages []choice
	Others                         []pick // the other languages' datalist
	LanguagesImport, GroupsImport  string
}

func (h *Handler) programmeChoicesOf(r *http.Request, f programmeForm) programmeChoices {
	cat, lang := h.svc.Directory.Catalog(), h.printer(r).Lang().Code
	var c programmeChoices
	groups := model.SplitIDs(f.Groups)
	var rest []string
	for _, g := range cat.Groups {
		c.Groups = append(c.Groups, choice{Value: g.Code, Label: g.NameIn(lang), Checked: slices.Contains(groups, g.Code)})
	}
	for _, g := range groups {
		if cat.Group(g) == nil {
			rest = append(rest, g)
		}
	}
	c.GroupsImport = strings.Join(rest, " ")
	rest = nil
	for _, l := range assistanceCodes.Languages {
		ch := choice{Value: l.Code, Label: l.Name, English: true, Checked: slices.Contains(f.Languages, l.Code)}
		switch {
		case l.UN:
			c.UNLanguages = append(c.UNLanguages, ch)
		case ch.Checked:
			c.Languages = append(c.Languages, ch)
		default:
			c.Others = append(c.Others, pick{Value: l.Name + " (" + l.Code + ")"})
		}
	}
	for _, l := range f.Languages {
		if assistanceCodes.Language(l) == nil {
			rest = append(rest, l)
		}
	}
	c.LanguagesImport = strings.Join(rest, " ")
	return c
}

// languageCode is the code of a language as the picker writes it
// ("Croatian (hr)"), or named in English, or its code; else s as typed
// (the service refuses it, naming the field).
func languageCode(s string) string {
	if m := codeInBrackets.FindStringSubmatch(s); m != nil {
		return strings.ToLower(m[1])
	}
	for _, l := range assistanceCodes.Languages {
		if strings.EqualFold(l.Name, s) {
			return l.Code
		}
	}
	return strings.ToLower(s)
}

// programmeListsOf reads the programme form's groups and languages: the
// ticked boxes and the codes typed in the import boxes.
func programmeListsOf(r *http.Request) (groups string, langs []string) {
	var gs []string
	for _, s := range append(slices.Clone(r.PostForm["group"]), model.SplitIDs(r.PostFormValue("groups"))...) {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(gs, s) {
			gs = append(gs, s)
		}
	}
	picked := slices.Clone(r.PostForm["language"])
	for _, s := range r.PostForm["language_other"] {
		if s = strings.TrimSpace(s); s != "" {
			picked = append(picked, languageCode(s))
		}
	}
	for _, s := range append(picked, model.SplitIDs(r.PostFormValue("languages"))...) {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(langs, s) {
			langs = append(langs, s)
		}
	}
	return strings.Join(gs, " "), langs
}
