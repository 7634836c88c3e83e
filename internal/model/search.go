package model

import (
	"slices"
	"strings"
)

// The one search (issue 12, item 4): everything a viewer may read, found
// by words, with facets by kind, State, group and year.

// SearchKind is what sort of record a search hit is.
type SearchKind string

// The kinds the index holds. Assistance requests are held by their public
// summary, programmes by their directory entry (store/search_assistance.go);
// offers, matches and deliveries are read on their request, not searched.
const (
	SearchState     SearchKind = "state"
	SearchNAP       SearchKind = "nap"
	SearchAction    SearchKind = "action"
	SearchMatrix    SearchKind = "matrix"
	SearchEvent     SearchKind = "event"
	SearchMaterial  SearchKind = "material"
	SearchPractice  SearchKind = "practice"
	SearchRequest   SearchKind = "assistance-request"
	SearchProgramme SearchKind = "assistance-programme"
)

// SearchKinds lists the kinds in the order facets show them.
var SearchKinds = []SearchKind{SearchState, SearchNAP, SearchAction, SearchMatrix, SearchEvent, SearchMaterial, SearchPractice,
	SearchRequest, SearchProgramme}

// Valid reports whether k is a known kind.
func (k SearchKind) Valid() bool { return slices.Contains(SearchKinds, k) }

// Label is the kind in words (plural, for facets).
func (k SearchKind) Label() string {
	switch k {
	case SearchState:
		return "States"
	case SearchNAP:
		return "Plans"
	case SearchAction:
		return "Plan actions"
	case SearchMatrix:
		return "Matrix references and remarks"
	case SearchEvent:
		return "Events"
	case SearchMaterial:
		return "Event materials"
	case SearchPractice:
		return "Practices and lessons"
	case SearchRequest:
		return "Assistance requests"
	case SearchProgramme:
		return "Assistance programmes"
	}
	return string(k)
}

// MaxSearchText is the longest search text, in characters; longer is 422.
const MaxSearchText = 200

// SearchQuery is a search: words and filters.
type SearchQuery struct {
	Q      string
	Kind   SearchKind
	State  string // alpha-3
	Group  string // a group code: hits about one of its States
	Year   int
	Limit  int // default 20, at most 100
	Offset int
}

// Span is a piece of a snippet; Hit marks words that matched. A snippet is
// text: pages and the API escape it, and only napx adds the marks.
type Span struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

// SnippetHTML writes spans as HTML: every text escaped, hits in <mark>.
func SnippetHTML(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Hit {
			b.WriteString("<mark>")
		}
		b.WriteString(htmlEscaper.Replace(s.Text))
		if s.Hit {
			b.WriteString("</mark>")
		}
	}
	return b.String()
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

// SearchHit is one record found.
type SearchHit struct {
	Kind     SearchKind
	ID       int64  // the record's ID (0 for a State)
	Key      string // the record's key where it has no number (a State's code)
	Title    string
	URL      string
	State    string
	Year     int
	Snippet  []Span
	TitleHit bool // a word of the query is in the title
}

// FacetCount is one value of a facet with how many hits have it.
type FacetCount struct {
	Value string
	Label string
	Count int
}

// SearchFacets count the hits by kind, State, group and year. Each facet
// counts with every other filter applied but its own, so it shows what
// choosing another value would give.
type SearchFacets struct {
	Kinds  []FacetCount
	States []FacetCount
	Groups []FacetCount
	Years  []FacetCount
}

// SearchResult is a page of hits, the total and the facets.
type SearchResult struct {
	Query  SearchQuery
	Hits   []SearchHit
	Total  int
	Facets SearchFacets
	More   bool // there are hits after this page
}
