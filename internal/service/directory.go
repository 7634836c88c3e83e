package service

import (
	"sort"
	"strings"
	"unicode/utf8"

	"napx/internal/model"
	"napx/internal/refdata"
)

// Directory answers questions about the reference data: States, groups
// and organisations. Everything it returns is public.
type Directory struct {
	cat *refdata.Catalog
}

// Catalog exposes the reference data for read-only use.
func (d *Directory) Catalog() *refdata.Catalog { return d.cat }

// StateQuery filters the States directory.
type StateQuery struct {
	Q     string // any current, formal, common or former name, or a code
	Group string // a group code; empty for all
}

// Validate checks the query's group.
func (d *Directory) Validate(q StateQuery) model.Problems {
	p := model.Problems{}
	if q.Group != "" && d.cat.Group(q.Group) == nil {
		p.Add("group", "there is no group with the code %q", q.Group)
	}
	searchText(p, q.Q)
	return p
}

// MaxSearch is the longest search text, in characters.
const MaxSearch = 200

// searchText checks a search text: one line of at most MaxSearch
// characters.
func searchText(p model.Problems, q string) {
	if utf8.RuneCountInString(q) > MaxSearch {
		p.Add("q", "the search text is longer than %d characters", MaxSearch)
	} else if msg := model.LineProblem(q, MaxSearch); msg != "" {
		p.Add("q", "the search text %s", msg)
	}
}

// matchesNothing reports whether a search text holds nothing that can
// match a name (only punctuation such as "%" or "_", which searching
// ignores): such a search finds nothing, rather than everything.
func matchesNothing(q string) bool {
	return strings.TrimSpace(q) != "" && refdata.Normalize(q) == ""
}

// StateHit is a State found by a query, with the name that matched when
// it is not the current one.
type StateHit struct {
	*refdata.State
	Matched string
}

// States returns the States matching q, in code order.
func (d *Directory) States(q StateQuery) ([]StateHit, error) {
	if p := d.Validate(q); len(p) > 0 {
		return nil, p
	}
	out := []StateHit{}
	if matchesNothing(q.Q) {
		return out, nil
	}
	for _, s := range d.cat.SearchStates(q.Q) {
		if q.Group != "" && !d.cat.InGroup(s.Code, q.Group) {
			continue
		}
		out = append(out, StateHit{State: s, Matched: s.MatchedName(q.Q)})
	}
	return out, nil
}

// State returns one State by code (any case), or ErrNotFound.
func (d *Directory) State(code string) (*refdata.State, error) {
	if s := d.cat.State(code); s != nil {
		return s, nil
	}
	return nil, model.ErrNotFound
}

// Groups returns every group, by kind then code.
func (d *Directory) Groups() []*refdata.Group {
	out := make([]*refdata.Group, len(d.cat.Groups))
	for i := range d.cat.Groups {
		out[i] = &d.cat.Groups[i]
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return groupKindOrder(out[i].Kind) < groupKindOrder(out[j].Kind)
		}
		return out[i].Code < out[j].Code
	})
	return out
}

func groupKindOrder(k string) int {
	switch k {
	case "region":
		return 0
	case "organization-membership":
		return 1
	}
	return 2
}

// Group returns one group by code, or ErrNotFound.
func (d *Directory) Group(code string) (*refdata.Group, error) {
	if g := d.cat.Group(code); g != nil {
		return g, nil
	}
	return nil, model.ErrNotFound
}

// OrgQuery filters the organisations directory.
type OrgQuery struct {
	Q    string
	Kind string
}

// Organizations returns the non-State organisations matching q.
func (d *Directory) Organizations(q OrgQuery) ([]*refdata.Organization, error) {
	p := model.Problems{}
	if q.Kind != "" && (!model.OrgKind(q.Kind).Valid() || q.Kind == string(model.OrgState)) {
		p.Add("kind", "choose committee, secretariat, international, regional-centre or programme")
	}
	if searchText(p, q.Q); len(p) > 0 {
		return nil, p
	}
	nq := refdata.Normalize(q.Q)
	out := []*refdata.Organization{}
	if matchesNothing(q.Q) {
		return out, nil
	}
	for i := range d.cat.Organizations {
		o := &d.cat.Organizations[i]
		if q.Kind != "" && o.Kind != q.Kind {
			continue
		}
		if nq != "" && !orgMatches(o, nq) {
			continue
		}
		out = append(out, o)
	}
	return out, nil
}

func orgMatches(o *refdata.Organization, nq string) bool {
	names := append([]string{o.Code, o.Name, o.Short}, o.Aliases...)
	for _, l := range model.Languages { // its names in the six languages (issue 17)
		names = append(names, o.Names[l])
	}
	for _, n := range names {
		if strings.Contains(refdata.Normalize(n), nq) {
			return true
		}
	}
	return false
}

// Organization returns one non-State organisation by code, or ErrNotFound.
func (d *Directory) Organization(code string) (*refdata.Organization, error) {
	if o := d.cat.Organization(code); o != nil {
		return o, nil
	}
	return nil, model.ErrNotFound
}
