package store

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"napx/internal/model"
)

// Text analysis for the one search, done by napx and not by the engines,
// so that SQLite and PostgreSQL index and match exactly the same words
// (SQLite's FTS5 has no French stemmer; PostgreSQL's configurations would
// stem differently from any SQLite tokenizer). A text becomes words (runs
// of letters, digits and marks); each word is folded (lower case, accents
// removed) and indexed with its Snowball stems in English, French and
// Spanish (Latin script) or Russian (Cyrillic). A query is analysed the
// same way; its last word also matches as a prefix (search as you type).
// What reaches either engine's query syntax is only such words, quoted:
// no operator of either engine can be sent through a search.

// maxQueryWords bounds the words of a query that are searched for.
const maxQueryWords = 16

// textWord is a word of a text with its place in it.
type textWord struct {
	start, end int // byte offsets
	folded     string
}

// splitWords returns the words of s with their offsets.
func splitWords(s string) []textWord {
	var out []textWord
	start := -1
	for i, r := range s {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, textWord{start: start, end: i, folded: fold(s[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, textWord{start: start, end: len(s), folded: fold(s[start:])})
	}
	return slices.DeleteFunc(out, func(w textWord) bool { return w.folded == "" })
}

// newFolder makes the accent remover (a transformer keeps state: one per
// use).
func newFolder() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// fold lowers w and removes its accents ("Contrôles" → "controles").
func fold(w string) string {
	w = strings.ToLower(w)
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	out, _, err := transform.String(newFolder(), w)
	if err != nil {
		return w
	}
	return out
}

// stemCache keeps the stems of words already seen (the Snowball stemmers
// were most of the cost of indexing); it is emptied when full.
var stemCache = struct {
	sync.RWMutex
	m map[string][]string
}{m: map[string][]string{}}

const maxStemCache = 200000

// stems returns the folded word w and its stems, without duplicates. The
// result is shared: callers do not change it.
func stems(w string) []string {
	stemCache.RLock()
	out, ok := stemCache.m[w]
	stemCache.RUnlock()
	if ok {
		return out
	}
	out = computeStems(w)
	stemCache.Lock()
	if len(stemCache.m) >= maxStemCache {
		stemCache.m = map[string][]string{}
	}
	stemCache.m[w] = out
	stemCache.Unlock()
	return out
}

func computeStems(w string) []string {
	out := []string{w}
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if utf8.RuneCountInString(w) < 3 || !hasLetter(w) {
		return out
	}
	if isCyrillic(w) {
		add(russian.Stem(w, true))
		return out
	}
	add(english.Stem(w, true))
	add(french.Stem(w, true))
	add(spanish.Stem(w, true))
	return out
}

func hasLetter(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func isCyrillic(w string) bool {
	for _, r := range w {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// maxWordBytes is the longest word indexed: longer runs of letters are
// no words anyone searches for (PostgreSQL refuses lexemes over 2047
// bytes).
const maxWordBytes = 100

// terms is the analysed form of a text: every word with its stems.
func terms(s string) []string {
	var out []string
	for _, w := range splitWords(s) {
		if len(w.folded) > maxWordBytes {
			continue
		}
		out = append(out, stems(w.folded)...)
	}
	return out
}

// stopWords are left out of a query that has other words (they are in
// the index: a query of stop words alone still finds them).
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "the": true, "of": true, "to": true, "in": true, "on": true, "for": true, "by": true, "with": true,
	"or": true, "is": true, "are": true, "at": true, "as": true, "from": true, "its": true, "it": true, "be": true, "this": true, "that": true,
	"le": true, "la": true, "les": true, "de": true, "des": true, "du": true, "et": true, "un": true, "une": true, "en": true, "au": true,
	"aux": true, "pour": true, "par": true, "sur": true, "el": true, "los": true, "las": true, "y": true, "del": true, "и": true, "в": true,
}

// searchTerms is an analysed query: one group of alternatives per word,
// all groups required; the last group's word may also be a prefix.
type searchTerms struct {
	groups [][]string
	prefix string // the last word, matched as a prefix ("" for none)
}

func (q searchTerms) empty() bool { return len(q.groups) == 0 }

// analyseQuery turns a search text into searchTerms. A text that ends in
// a space or punctuation has no prefix word: the last word is complete.
func analyseQuery(s string) searchTerms {
	ws := splitWords(s)
	var kept []textWord
	for _, w := range ws {
		if !stopWords[w.folded] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		kept = ws
	}
	if len(kept) > maxQueryWords {
		kept = kept[:maxQueryWords]
	}
	var q searchTerms
	for i := range kept {
		if len(kept[i].folded) > maxWordBytes {
			kept[i].folded = strings.ToValidUTF8(kept[i].folded[:maxWordBytes], "") // finds nothing, fails nothing
		}
		q.groups = append(q.groups, stems(kept[i].folded))
	}
	if n := len(kept); n > 0 && kept[n-1].end == len(s) {
		q.prefix = kept[n-1].folded
	}
	return q
}

// fts5 writes q as an FTS5 query (column: "" or "title_terms").
func (q searchTerms) fts5(column string) string {
	var b strings.Builder
	if column != "" {
		b.WriteString(column + " : (")
	}
	for i, g := range q.groups {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteString("(")
		for j, t := range g {
			if j > 0 {
				b.WriteString(" OR ")
			}
			b.WriteString(ftsQuote(t))
		}
		if i == len(q.groups)-1 && q.prefix != "" {
			b.WriteString(" OR " + ftsQuote(q.prefix) + " *")
		}
		b.WriteString(")")
	}
	if column != "" {
		b.WriteString(")")
	}
	return b.String()
}

func ftsQuote(t string) string { return `"` + strings.ReplaceAll(t, `"`, `""`) + `"` }

// tsquery writes q as a PostgreSQL tsquery literal; titleOnly restricts
// every lexeme to the title's weight (A).
func (q searchTerms) tsquery(titleOnly bool) string {
	weight := ""
	if titleOnly {
		weight = "A"
	}
	var b strings.Builder
	for i, g := range q.groups {
		if i > 0 {
			b.WriteString(" & ")
		}
		b.WriteString("(")
		for j, t := range g {
			if j > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(tsQuote(t))
			if weight != "" {
				b.WriteString(":" + weight)
			}
		}
		if i == len(q.groups)-1 && q.prefix != "" {
			b.WriteString(" | " + tsQuote(q.prefix) + ":*" + weight)
		}
		b.WriteString(")")
	}
	return b.String()
}

func tsQuote(t string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(t) + "'"
}

// tsvector writes the analysed words of title (weight A) and body (B) as
// a PostgreSQL tsvector literal (positions capped at the engine's 16383).
func tsvector(title, body []string) string {
	var b strings.Builder
	pos := 0
	write := func(ts []string, weight string) {
		for _, t := range ts {
			pos++
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(tsQuote(t))
			b.WriteString(":")
			b.WriteString(itoa(min(pos, 16383)))
			b.WriteString(weight)
		}
	}
	write(title, "A")
	write(body, "B")
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d [20]byte
	i := len(d)
	for n > 0 {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return string(d[i:])
}

// matcher tells whether a word of a text matches an analysed query.
type matcher struct {
	exact  map[string]bool
	prefix string
	seen   map[string]bool // words already decided (a search's snippets repeat words)
}

func (q searchTerms) matcher() matcher {
	m := matcher{exact: map[string]bool{}, prefix: q.prefix, seen: map[string]bool{}}
	for _, g := range q.groups {
		for _, t := range g {
			m.exact[t] = true
		}
	}
	return m
}

func (m matcher) match(folded string) bool {
	if len(m.exact) == 0 && m.prefix == "" {
		return false
	}
	if hit, ok := m.seen[folded]; ok {
		return hit
	}
	hit := m.prefix != "" && strings.HasPrefix(folded, m.prefix)
	for _, s := range stems(folded) {
		hit = hit || m.exact[s]
	}
	if m.seen != nil {
		m.seen[folded] = hit
	}
	return hit
}

// Snippet lengths, in words.
const (
	snippetWords  = 30
	snippetBefore = 8
)

// snippet cuts from text a window of words around the first that matches
// (the start of the text when none does), with the matching words marked.
// It is text, never HTML: pages and the API escape it.
func (m matcher) snippet(text string) []model.Span {
	ws := splitWords(text)
	if len(ws) == 0 {
		return nil
	}
	first := -1
	for i, w := range ws {
		if m.match(w.folded) {
			first = i
			break
		}
	}
	from := 0
	if first > snippetBefore {
		from = first - snippetBefore
	}
	to := min(len(ws), from+snippetWords)
	var out []model.Span
	add := func(s string, hit bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Hit == hit {
			out[n-1].Text += s
			return
		}
		out = append(out, model.Span{Text: s, Hit: hit})
	}
	if from > 0 {
		add("… ", false)
	}
	pos := ws[from].start
	for _, w := range ws[from:to] {
		add(oneLine(text[pos:w.start]), false)
		add(text[w.start:w.end], m.match(w.folded))
		pos = w.end
	}
	if to < len(ws) {
		add(oneLine(text[pos:ws[to].start])+"…", false)
	} else {
		add(oneLine(text[pos:]), false)
	}
	return out
}

// oneLine turns each run of spaces and line breaks between words into
// one space.
func oneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
