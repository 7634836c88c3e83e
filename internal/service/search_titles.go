package service

import (
	"context"
	"strings"

	"napx/internal/model"
)

// MaxTitleMatches is how many records a picker's "Find" offers.
const MaxTitleMatches = 20

// Titles finds the records of one kind that v may read whose title has
// the words of q (issue 18, item 3: the pickers' "Find"). It is the one
// search (the policy inside the store's query, so a record v may not read
// is never matched), narrowed to its title hits: those come first in the
// search's order, and a match found only in a record's text is left out,
// since a picker names records by their titles. At most MaxTitleMatches;
// an empty q finds nothing.
func (s *Search) Titles(ctx context.Context, v model.Viewer, kind model.SearchKind, q string) ([]model.SearchHit, error) {
	if strings.TrimSpace(q) == "" {
		return nil, nil
	}
	res, err := s.Find(ctx, v, model.SearchQuery{Q: q, Kind: kind, Limit: MaxTitleMatches})
	if err != nil {
		return nil, err
	}
	var out []model.SearchHit
	for _, h := range res.Hits {
		if h.TitleHit && h.Kind == kind {
			out = append(out, h)
		}
	}
	return out, nil
}
