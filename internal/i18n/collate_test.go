package i18n_test

import (
	"slices"
	"strings"
	"testing"

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
