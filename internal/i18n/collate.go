package i18n

import (
	"slices"

	"golang.org/x/text/collate"
)

// Alphabetical order in the reader's language (issue 17): lists of States
// and organisations sorted by name follow the language's own rules (CLDR's
// collation through golang.org/x/text/collate) — "Égypte" among the E in
// French, Cyrillic names in the Russian alphabet, Chinese by its
// collation — never by English names or by bytes. One helper, used by the
// services and the pages alike.

// Compare compares two names in lang's alphabetical order (loose: case,
// accents and width matter only to break a tie). A collator is not safe
// for concurrent use, so each call of Compare makes its own: keep the
// function for one sort, not across requests.
func Compare(lang string) func(a, b string) int {
	c := collate.New(Get(lang).Tag, collate.Loose)
	return func(a, b string) int {
		if d := c.CompareString(a, b); d != 0 {
			return d
		}
		switch { // equal to the collation: keep a stable, total order
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
}

// SortByName sorts s in place by name(s[i]) in lang's alphabetical order;
// equal names keep their order.
func SortByName[T any](lang string, s []T, name func(T) string) {
	cmp := Compare(lang)
	slices.SortStableFunc(s, func(a, b T) int { return cmp(name(a), name(b)) })
}
