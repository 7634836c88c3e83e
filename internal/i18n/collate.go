package i18n

import (
	"bytes"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"

	"napx/internal/model"
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
// (then compared as bytes), not at every comparison — and once per
// process: the names a page sorts are the same on every request (States,
// organisations, groups), so their keys are kept (collationKeys). Making
// a key is what costs: in Arabic, Russian or French several times the
// English (x/text's contractions and expansions), and issue 17 wants an
// Arabic page within 10 % of an English one.
func SortByName[T any](lang string, s []T, name func(T) string) {
	type item struct {
		key  []byte
		name string
	}
	items := make([]item, len(s))
	for i, v := range s {
		items[i] = item{name: name(v)}
	}
	kc := collationKeys[Get(lang).Code]
	missing := 0
	kc.mu.RLock()
	for i := range items {
		k, ok := kc.keys[items[i].name]
		if !ok {
			missing++
		}
		items[i].key = k
	}
	kc.mu.RUnlock()
	if missing > 0 {
		c := collate.New(Get(lang).Tag, collate.Loose) // a collator is not safe for concurrent use: one per call
		var buf collate.Buffer
		made := make(map[string][]byte, missing)
		for i := range items {
			if items[i].key != nil {
				continue
			}
			k, ok := made[items[i].name]
			if !ok {
				k = bytes.Clone(c.KeyFromString(&buf, items[i].name))
				buf.Reset()
				made[items[i].name] = k
			}
			items[i].key = k
		}
		kc.keep(made)
	}
	// The places are sorted (small, no pointers to move), in a total
	// order — key, name, place — so the quick sort's result is the stable
	// sort's (equal names keep their order) with a fraction of its
	// comparisons.
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		if d := bytes.Compare(items[i].key, items[j].key); d != 0 {
			return d
		}
		if d := strings.Compare(items[i].name, items[j].name); d != 0 {
			return d
		}
		return i - j
	})
	sorted := make([]T, len(s))
	for i, at := range order {
		sorted[i] = s[at]
	}
	copy(s, sorted)
}

// maxCollationKeys bounds each language's kept keys: the reference data's
// names are a few hundred; a process sorting endless new names (user
// text) keeps the first ones and makes the others' keys on each sort.
const maxCollationKeys = 1 << 13

// keyCache is one language's collation keys by name (keys are read-only
// once kept).
type keyCache struct {
	mu   sync.RWMutex
	keys map[string][]byte
}

// keep adds made to the cache while it has room.
func (kc *keyCache) keep(made map[string][]byte) {
	kc.mu.Lock()
	defer kc.mu.Unlock()
	for n, k := range made {
		if len(kc.keys) >= maxCollationKeys {
			return
		}
		kc.keys[n] = k
	}
}

// collationKeys are the kept keys of each language (made at start: the
// map itself is never written).
var collationKeys = func() map[string]*keyCache {
	out := make(map[string]*keyCache, len(model.Languages))
	for _, l := range model.Languages {
		out[l] = &keyCache{keys: map[string][]byte{}}
	}
	return out
}()
