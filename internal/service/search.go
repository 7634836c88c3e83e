package service

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Search is the one search across everything a viewer may read (issue 12,
// item 4): States under any of their names, plans and actions, matrix
// references and remarks, events and their materials' titles, practices,
// and the assistance records once that feature indexes them. The store
// filters inside its queries by the one policy, so hits, totals and facets
// leak nothing.
type Search struct {
	db  *store.DB
	cat *refdata.Catalog
	now func() time.Time
}

// Search limits.
const (
	DefaultSearchPage = 20
	MaxSearchPage     = 100
	maxSearchOffset   = 10000
)

// Validate checks a query: the text is one line of at most
// model.MaxSearchText characters (longer is a problem, 422); kind, State,
// group and year must exist.
func (s *Search) Validate(q *model.SearchQuery) model.Problems {
	p := model.Problems{}
	if utf8.RuneCountInString(q.Q) > model.MaxSearchText {
		p.Add("q", "the search text is longer than %d characters", model.MaxSearchText)
	} else if msg := model.LineProblem(q.Q, model.MaxSearchText); msg != "" {
		p.Add("q", "the search text %s", msg)
	}
	if q.Kind != "" && !q.Kind.Valid() {
		var ks []string
		for _, k := range model.SearchKinds {
			ks = append(ks, string(k))
		}
		p.Add("kind", "choose one of %s", strings.Join(ks, ", "))
	}
	q.State = strings.ToUpper(strings.TrimSpace(q.State))
	if q.State != "" && s.cat.State(q.State) == nil {
		p.Add("state", "there is no State with the code %q", model.CleanLine(q.State, 20))
	}
	q.Group = strings.ToUpper(strings.TrimSpace(q.Group))
	if q.Group != "" && s.cat.Group(q.Group) == nil {
		p.Add("group", "there is no group with the code %q", model.CleanLine(q.Group, 20))
	}
	if q.Year != 0 && (q.Year < 1900 || q.Year > 2200) {
		p.Add("year", "enter a year such as 2017")
	}
	if q.Limit == 0 {
		q.Limit = DefaultSearchPage
	}
	if q.Limit < 1 || q.Limit > MaxSearchPage {
		p.Add("limit", "a whole number from 1 to %d", MaxSearchPage)
	}
	if q.Offset < 0 || q.Offset > maxSearchOffset {
		p.Add("cursor", "is not a cursor of this search; start again without it")
	}
	return p
}

// Find runs a search for v.
func (s *Search) Find(ctx context.Context, v model.Viewer, q model.SearchQuery) (model.SearchResult, error) {
	if p := s.Validate(&q); len(p) > 0 {
		return model.SearchResult{Query: q}, p
	}
	f := store.SearchFilter{Q: q.Q, Kind: q.Kind, Year: q.Year, Limit: q.Limit, Offset: q.Offset, Now: s.now()}
	switch {
	case q.State != "":
		f.States = []string{q.State}
		if q.Group != "" && !s.cat.InGroup(q.State, q.Group) {
			f.States = []string{}
		}
	case q.Group != "":
		f.States = s.groupStates(q.Group)
	}
	page, err := s.db.Search(ctx, v, f)
	if err != nil {
		return model.SearchResult{Query: q}, err
	}
	res := model.SearchResult{Query: q, Hits: page.Hits, More: page.More}
	res.Total, res.Facets = s.facets(q, page.Counts)
	for i := range res.Hits {
		if res.Hits[i].Kind == model.SearchState && res.Hits[i].Title == "" {
			res.Hits[i].Title = s.cat.OrgName(res.Hits[i].Key)
		}
	}
	if err := s.inReadersLanguage(ctx, i18n.FromContext(ctx), res.Hits); err != nil {
		return model.SearchResult{Query: q}, err
	}
	return res, nil
}

// inReadersLanguage gives the hits their titles in the reader's language
// (issue 17): a State's name in that language, a record's title from its
// translation into it when there is one (a hit is a record the reader may
// read, and its translations are read as it is). One query per kind of
// record on the page.
func (s *Search) inReadersLanguage(ctx context.Context, lang string, hits []model.SearchHit) error {
	ids := map[string][]int64{}
	for i, h := range hits {
		if h.Kind == model.SearchState {
			hits[i].Title = s.cat.OrgNameIn(h.Key, lang)
		} else if k := store.SearchTranslationKind(h.Kind); k != "" {
			ids[k] = append(ids[k], h.ID)
		}
	}
	for kind, list := range ids {
		ts, err := s.db.TranslationsIn(ctx, kind, lang, list)
		if err != nil {
			return err
		}
		for i, h := range hits {
			if t, ok := ts[h.ID]; ok && store.SearchTranslationKind(h.Kind) == kind && t.Fields["title"] != "" {
				hits[i].Title = t.Fields["title"]
			}
		}
	}
	return nil
}

func (s *Search) groupStates(group string) []string {
	out := []string{}
	for _, st := range s.cat.States {
		if s.cat.InGroup(st.Code, group) {
			out = append(out, st.Code)
		}
	}
	return out
}

// facets counts the hits by kind, State, group and year from the counts
// of every readable hit: each facet with the other filters applied but its
// own, and the total with all of them.
func (s *Search) facets(q model.SearchQuery, counts []store.SearchCount) (int, model.SearchFacets) {
	inGroup := func(state string) bool { return q.Group == "" || (state != "" && s.cat.InGroup(state, q.Group)) }
	keep := func(c store.SearchCount, kind, state, year bool) bool {
		return (!kind || q.Kind == "" || c.Kind == q.Kind) &&
			(!state || ((q.State == "" || c.State == q.State) && inGroup(c.State))) &&
			(!year || q.Year == 0 || c.Year == q.Year)
	}
	total := 0
	kinds, states, years := map[model.SearchKind]int{}, map[string]int{}, map[int]int{}
	for _, c := range counts {
		if keep(c, true, true, true) {
			total += c.Count
		}
		if keep(c, false, true, true) {
			kinds[c.Kind] += c.Count
		}
		if keep(c, true, false, true) && c.State != "" {
			states[c.State] += c.Count
		}
		if keep(c, true, true, false) && c.Year != 0 {
			years[c.Year] += c.Count
		}
	}
	var f model.SearchFacets
	for _, k := range model.SearchKinds {
		if n := kinds[k]; n > 0 || k == q.Kind {
			f.Kinds = append(f.Kinds, model.FacetCount{Value: string(k), Label: k.Label(), Count: n})
		}
	}
	groups := map[string]int{}
	for st, n := range states {
		for _, m := range s.cat.GroupsOf(st) {
			groups[m.Group.Code] += n
		}
		f.States = append(f.States, model.FacetCount{Value: st, Label: s.cat.OrgName(st), Count: n})
	}
	sortFacet(f.States)
	for g, n := range groups {
		if gr := s.cat.Group(g); gr != nil && g != "UN" {
			f.Groups = append(f.Groups, model.FacetCount{Value: g, Label: gr.Name, Count: n})
		}
	}
	sortFacet(f.Groups)
	for y, n := range years {
		f.Years = append(f.Years, model.FacetCount{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Count: n})
	}
	sort.Slice(f.Years, func(i, j int) bool { return f.Years[i].Value > f.Years[j].Value })
	return total, f
}

// sortFacet orders a facet by count, then label.
func sortFacet(fs []model.FacetCount) {
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].Count != fs[j].Count {
			return fs[i].Count > fs[j].Count
		}
		return fs[i].Label < fs[j].Label
	})
}

// Reindex rebuilds the search index from the records (napx reindex),
// telling progress; it is audited as one entry.
func (s *Search) Reindex(ctx context.Context, v model.Viewer, progress store.ReindexProgress) (int, error) {
	if !v.IsSystem() && !v.IsAdmin() {
		return 0, model.ErrForbidden
	}
	var n int
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		var err error
		if n, err = tx.Reindex(ctx, s.cat, progress); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "search.reindex", Kind: "search", Summary: fmt.Sprintf("search index rebuilt: %d records", n)})
	})
	if err != nil {
		return n, err
	}
	return n, s.db.Analyze(ctx)
}

// ParseSearchQuery reads a search from a query string (pages and the
// API): q, kind, state, group, year, limit and cursor.
func ParseSearchQuery(q url.Values) (model.SearchQuery, model.Problems) {
	p := model.Problems{}
	sq := model.SearchQuery{Q: q.Get("q"), Kind: model.SearchKind(strings.TrimSpace(q.Get("kind"))), State: q.Get("state"), Group: q.Get("group")}
	if y := strings.TrimSpace(q.Get("year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			p.Add("year", "enter a year such as 2017")
		}
		sq.Year = n
	}
	if l := strings.TrimSpace(q.Get("limit")); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			p.Add("limit", "a whole number from 1 to %d", MaxSearchPage)
		}
		sq.Limit = n
	}
	if c := q.Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		n, err2 := strconv.Atoi(string(b))
		if err != nil || err2 != nil || n < 0 {
			p.Add("cursor", "is not a cursor of this search; start again without it")
		}
		sq.Offset = n
	}
	return sq, p
}

// SearchCursor is the opaque cursor of the page that starts at offset.
func SearchCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(offset)))
}
