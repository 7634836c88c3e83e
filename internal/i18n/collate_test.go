package i18n_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"napx/internal/i18n"
)

// TestSortByName: French puts "Égypte" among the E (byte order puts it
// after every unaccented name: the control), Russian sorts by its
// alphabet, and equal names keep their order.
func TestSortByName(t *testing.T) {
	fr := []string{"Équateur", "Zambie", "Égypte", "Espagne", "Afghanistan"}
	i18n.SortByName("fr", fr, func(s string) string { return s })
	if got := strings.Join(fr, ","); got != "Afghanistan,Égypte,Équateur,Espagne,Zambie" {
		t.Errorf("French order: %s", got)
	}
	bytes := slices.Clone(fr)
	slices.Sort(bytes)
	if bytes[len(bytes)-1] == "Zambie" {
		t.Errorf("control: byte order should put the accented names last: %v", bytes)
	}
	ru := []string{"Япония", "Афганистан", "Австрия", "Ямайка", "Австралия"}
	i18n.SortByName("ru", ru, func(s string) string { return s })
	if got := strings.Join(ru, ","); got != "Австралия,Австрия,Афганистан,Ямайка,Япония" {
		t.Errorf("Russian order: %s", got)
	}
	type row struct{ name, id string }
	same := []row{{"b", "1"}, {"a", "2"}, {"b", "3"}}
	i18n.SortByName("en", same, func(r row) string { return r.name })
	if same[1].id != "1" || same[2].id != "3" {
		t.Errorf("equal names changed order: %v", same)
	}
}

// BenchmarkSortByName sorts the 193 States' names of a language by its
// collation, against the byte order of the same names (the ratio is what
// the reader's order costs a directory).
func BenchmarkSortByName(b *testing.B) {
	names := make([]string, 0, 200)
	for i := 0; i < 193; i++ {
		names = append(names, string(rune('А'+i%32))+strings.Repeat(string(rune('а'+(i*7)%32)), 1+i%9))
	}
	b.Run("collate", func(b *testing.B) {
		for b.Loop() {
			s := slices.Clone(names)
			i18n.SortByName("ru", s, func(x string) string { return x })
		}
	})
	b.Run("bytes", func(b *testing.B) {
		for b.Loop() {
			s := slices.Clone(names)
			slices.Sort(s)
		}
	})
}

// sortFresh is SortByName as it was before keys were kept: a collator and
// every key made for the one sort (the reference the kept keys must give).
func sortFresh(lang string, s []string) {
	c := collate.New(i18n.Get(lang).Tag, collate.Loose)
	var buf collate.Buffer
	keys := make(map[string][]byte, len(s))
	for _, n := range s {
		keys[n] = c.KeyFromString(&buf, n)
	}
	slices.SortStableFunc(s, func(a, b string) int {
		if d := bytes.Compare(keys[a], keys[b]); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
}

// countryNames are CLDR's names of the world's countries in lang (what
// the pages sort: States by their names in the reader's language).
func countryNames(lang string) []string {
	namer := display.Regions(language.MustParse(lang))
	var out []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() {
				continue
			}
			if n := namer.Name(r); n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}

// TestSortByNameKeptKeys: with its keys kept across calls, SortByName
// gives the order of keys made for each sort, in the six languages, on
// the countries' names in all six (scripts mixed, each list twice with
// lower-case copies and duplicates), the first time and again (from the
// kept keys) — and from goroutines at once (run with -race). The control:
// that order is not the bytes' (the comparison would prove nothing if
// collation and byte order agreed).
func TestSortByNameKeptKeys(t *testing.T) {
	var names []string
	for _, l := range i18n.Languages() {
		names = append(names, countryNames(l.Code)...)
	}
	names = append(names, strings.ToLower(names[0]), names[1], names[len(names)-1], "", "1540")
	for _, l := range i18n.Languages() {
		want := slices.Clone(names)
		sortFresh(l.Code, want)
		if byBytes := slices.Sorted(slices.Values(names)); slices.Equal(byBytes, want) {
			t.Fatalf("control: %s's collation sorts the names as bytes do", l.Code)
		}
		for round := range 2 {
			got := slices.Clone(names)
			i18n.SortByName(l.Code, got, func(s string) string { return s })
			if !slices.Equal(got, want) {
				t.Fatalf("%s, round %d: the kept keys' order differs from fresh keys'", l.Code, round)
			}
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			l := i18n.Languages()[g%len(i18n.Languages())].Code
			fresh := []string{fmt.Sprintf("Ωmega %d", g), fmt.Sprintf("alpha %d", g), "Ägypten", names[g]}
			want := slices.Clone(fresh)
			sortFresh(l, want)
			got := slices.Clone(fresh)
			i18n.SortByName(l, got, func(s string) string { return s })
			if !slices.Equal(got, want) {
				t.Errorf("goroutine %d (%s): %v, want %v", g, l, got, want)
			}
		})
	}
	wg.Wait()
}

// BenchmarkSortByNameKept sorts the countries' names in English and in
// Arabic with the kept keys against keys made for each sort (as before)
// in one run — the fix of collate.go, measured:
//
//	go test -run '^$' -bench BenchmarkSortByNameKept -count=3 -cpu 1 ./internal/i18n/
func BenchmarkSortByNameKept(b *testing.B) {
	for _, lang := range []string{"en", "ar"} {
		names := countryNames(lang)
		b.Run("kept/lang="+lang, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s := slices.Clone(names)
				i18n.SortByName(lang, s, func(x string) string { return x })
			}
		})
		b.Run("fresh/lang="+lang, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sortFresh(lang, slices.Clone(names))
			}
		})
	}
}
