package i18n

import (
	"bytes"
	"slices"
	"strings"

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
// equal names keep their order. Each name's collation key is made once
// (then compared as bytes), not at every comparison.
func SortByName[T any](lang string, s []T, name func(T) string) {
	c := collate.New(Get(lang).Tag, collate.Loose)
	var buf collate.Buffer // the keys live in buf until the sort is done
	type item struct {
		key  []byte
		name string
		v    T
	}
	items := make([]item, len(s))
	for i, v := range s {
		n := name(v)
		items[i] = item{key: c.KeyFromString(&buf, n), name: n, v: v}
	}
	slices.SortStableFunc(items, func(a, b item) int {
		if d := bytes.Compare(a.key, b.key); d != 0 {
			return d
		}
		return strings.Compare(a.name, b.name)
	})
	for i := range items {
		s[i] = items[i].v
	}
}
