package i18n

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
	"golang.org/x/text/number"

	"napx/internal/model"
)

// The catalogues: one JSON file per language under catalog/ (its status
// and the chrome's messages), and one file per part of the product in the
// language's directory (catalog/fr/events.json), the English ones the
// source. A translator edits them as text (see catalog/README.md). Parts
// keep the product's areas apart so that work on one area never edits the
// file of another.
//
//go:embed catalog/*.json catalog/*/*.json
var files embed.FS

// Part is one file of a language's directory: messages of one area.
type Part struct {
	Notes    map[string]string          `json:"notes,omitempty"`
	Messages map[string]json.RawMessage `json:"messages"`
}

// File is one catalogue file.
type File struct {
	Language string `json:"language"`
	// Status is "source" for English, "draft" for a translation no native
	// speaker has reviewed yet, "reviewed" once one has (ReviewedBy says who).
	Status     string                     `json:"status"`
	ReviewedBy string                     `json:"reviewed_by,omitempty"`
	Note       string                     `json:"note,omitempty"`
	Notes      map[string]string          `json:"notes,omitempty"` // for translators, by key (English file)
	Messages   map[string]json.RawMessage `json:"messages"`
}

// Statuses of a catalogue file.
const (
	StatusSource   = "source"
	StatusDraft    = "draft"
	StatusReviewed = "reviewed"
)

// entry is one message: a plain text, or texts by plural category of the
// count (always the first argument, %[1]d or the first %d).
type entry struct {
	text   string
	plural map[string]string
}

// forms are the texts of an entry with their names ("" for a plain text).
func (e entry) forms() map[string]string {
	if e.plural == nil {
		return map[string]string{"": e.text}
	}
	return e.plural
}

// Catalog is the loaded, checked catalogues.
type Catalog struct {
	files    map[string]*File
	entries  map[string]map[string]entry // language → key → entry
	printers map[string]*Printer

	problemKeys    map[string]bool  // the services' English formats (part "problems")
	problemFormats []*problemFormat // those with placeholders, most fixed text first
}

var (
	defaultOnce sync.Once
	defaultCat  *Catalog
	defaultErr  error
)

// Default is the embedded catalogues, loaded and checked once. A catalogue
// that fails a check stops napx at start (and the package's tests fail).
func Default() (*Catalog, error) {
	defaultOnce.Do(func() {
		sub, err := fs.Sub(files, "catalog")
		if err != nil {
			defaultErr = err
			return
		}
		defaultCat, defaultErr = Load(sub)
	})
	return defaultCat, defaultErr
}

// MustDefault is Default for callers that cannot go on without it.
func MustDefault() *Catalog {
	c, err := Default()
	if err != nil {
		panic(err)
	}
	return c
}

// Load reads <lang>.json and <lang>/*.json for each of the six languages from fsys and
// checks them: every key of the English source present in every language
// and no other, plural categories the language has (and "other"), and the
// placeholders of each text those of the English one. Every problem found
// is reported, not only the first.
func Load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{files: map[string]*File{}, entries: map[string]map[string]entry{}, printers: map[string]*Printer{}}
	var errs []error
	for _, lang := range model.Languages {
		f, entries, err := readFile(fsys, lang)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c.files[lang], c.entries[lang] = f, entries
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	errs = append(errs, c.check()...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if err := c.loadProblems(fsys); err != nil {
		return nil, err
	}
	b := catalog.NewBuilder(catalog.Fallback(Get(English).Tag))
	for _, lang := range model.Languages {
		tag := Get(lang).Tag
		for key, e := range c.entries[lang] {
			var err error
			if e.plural == nil {
				err = b.SetString(tag, key, e.text)
			} else {
				err = b.Set(tag, key, plural.Selectf(1, "%d", pluralCases(e.plural)...))
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("%s.json: %s: %w", lang, key, err))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, lang := range model.Languages {
		p := &Printer{lang: Get(lang), p: message.NewPrinter(printTag(lang), message.Catalog(b)), cat: c, static: map[string]string{}}
		// A message without placeholders is the same text every time:
		// written once here, a map lookup on a page.
		for key, e := range c.entries[lang] {
			if vs, _ := verbs(e.text); e.plural == nil && len(vs) == 0 {
				p.static[key] = p.p.Sprintf(key)
			}
		}
		p.prepareDates()
		c.printers[lang] = p
	}
	return c, nil
}

// printTag is the tag numbers are written with. Arabic uses CLDR's latn
// numbering system (ar-u-nu-latn: 1,540 rather than CLDR's default ١٬٥٤٠):
// the UN's Arabic documents write resolution numbers, years and symbols in
// these digits, and pages quote them, so one page keeps one kind of digit.
// A reviewer who prefers the Arabic-Indic digits changes this one line.
func printTag(lang string) language.Tag {
	if lang == "ar" {
		return language.MustParse("ar-u-nu-latn")
	}
	return Get(lang).Tag
}

func readFile(fsys fs.FS, lang string) (*File, map[string]entry, error) {
	name := lang + ".json"
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	var f File
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	var errs []error
	if f.Language != lang {
		errs = append(errs, fmt.Errorf("%s: language is %q, want %q", name, f.Language, lang))
	}
	switch {
	case lang == English && f.Status != StatusSource:
		errs = append(errs, fmt.Errorf("%s: status must be %q", name, StatusSource))
	case lang != English && f.Status != StatusDraft && f.Status != StatusReviewed:
		errs = append(errs, fmt.Errorf("%s: status must be %q or %q, not %q", name, StatusDraft, StatusReviewed, f.Status))
	case f.Status == StatusReviewed && strings.TrimSpace(f.ReviewedBy) == "":
		errs = append(errs, fmt.Errorf("%s: a reviewed catalogue names its reviewer (reviewed_by)", name))
	}
	if f.Messages == nil {
		f.Messages = map[string]json.RawMessage{}
	}
	// The language's parts (catalog/<lang>/*.json), merged into the file; a
	// key in two files is an error (which one would win is not for a
	// translator to guess).
	parts, _ := fs.Glob(fsys, lang+"/*.json")
	sort.Strings(parts)
	from := make(map[string]string, len(f.Messages))
	for key := range f.Messages {
		from[key] = name
	}
	for _, pn := range parts {
		pb, err := fs.ReadFile(fsys, pn)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", pn, err))
			continue
		}
		var p Part
		pdec := json.NewDecoder(strings.NewReader(string(pb)))
		pdec.DisallowUnknownFields()
		if err := pdec.Decode(&p); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", pn, err))
			continue
		}
		for key, raw := range p.Messages {
			if was, ok := from[key]; ok {
				errs = append(errs, fmt.Errorf("%s: %s: also in %s (a key lives in one file)", pn, key, was))
				continue
			}
			from[key] = pn
			f.Messages[key] = raw
		}
		for key, note := range p.Notes {
			if f.Notes == nil {
				f.Notes = map[string]string{}
			}
			f.Notes[key] = note
		}
	}
	entries := make(map[string]entry, len(f.Messages))
	for key, raw := range f.Messages {
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			entries[key] = entry{text: s}
			continue
		}
		var m map[string]string
		if err := json.Unmarshal(raw, &m); err != nil || len(m) == 0 {
			errs = append(errs, fmt.Errorf("%s: %s: a message is a text or an object of texts by plural category", name, key))
			continue
		}
		entries[key] = entry{plural: m}
	}
	return &f, entries, errors.Join(errs...)
}

// check is every cross-file rule.
func (c *Catalog) check() []error {
	var errs []error
	src := c.entries[English]
	for _, lang := range model.Languages {
		cats := categories(lang)
		for _, key := range sortedKeys(c.entries[lang]) {
			e := c.entries[lang][key]
			se, ok := src[key]
			if !ok {
				errs = append(errs, fmt.Errorf("%s.json: %s: not in the English catalogue", lang, key))
				continue
			}
			if e.plural != nil {
				if _, ok := e.plural["other"]; !ok {
					errs = append(errs, fmt.Errorf("%s.json: %s: a plural message needs the category \"other\"", lang, key))
				}
				for form := range e.plural {
					if !cats[form] && !exactCase(form) {
						errs = append(errs, fmt.Errorf("%s.json: %s: %q is not a plural category of %s (it has %s)", lang, key, form, lang, strings.Join(sortedKeys(cats), ", ")))
					}
				}
				if se.plural == nil {
					errs = append(errs, fmt.Errorf("%s.json: %s: the English message is not a plural one", lang, key))
				}
			}
			want, err := placeholders(se)
			if err != nil {
				errs = append(errs, fmt.Errorf("en.json: %s: %w", key, err))
				continue
			}
			for form, text := range e.forms() {
				got, err := verbs(text)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s.json: %s%s: %w", lang, key, formName(form), err))
					continue
				}
				for arg, v := range got {
					if want[arg] != v {
						errs = append(errs, fmt.Errorf("%s.json: %s%s: placeholder %%[%d]%c is not in the English message (it has %s)", lang, key, formName(form), arg, v, describe(want)))
					}
				}
				// The full text (a plain one, or "other") says everything
				// the English does; a form for one or two may leave the
				// number out ("one State").
				if form == "" || form == "other" {
					for arg, v := range want {
						if got[arg] != v {
							errs = append(errs, fmt.Errorf("%s.json: %s%s: placeholder %%[%d]%c of the English message is missing", lang, key, formName(form), arg, v))
						}
					}
				}
			}
		}
		for _, key := range sortedKeys(src) {
			if _, ok := c.entries[lang][key]; !ok {
				errs = append(errs, fmt.Errorf("%s.json: %s: missing (the English catalogue has it)", lang, key))
			}
		}
	}
	return errs
}

func formName(form string) string {
	if form == "" {
		return ""
	}
	return " (" + form + ")"
}

func exactCase(form string) bool {
	if !strings.HasPrefix(form, "=") {
		return false
	}
	_, err := strconv.Atoi(form[1:])
	return err == nil
}

// categories are the plural categories of lang's whole numbers (CLDR rules
// as x/text ships them), plus "other", which every language has.
func categories(lang string) map[string]bool {
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many", plural.Other: "other"}
	out := map[string]bool{"other": true}
	tag := Get(lang).Tag
	for i := 0; i <= 1000; i++ {
		out[names[plural.Cardinal.MatchPlural(tag, i, 0, 0, 0, 0)]] = true
	}
	return out
}

// pluralCases orders a plural message for plural.Selectf: exact values,
// then categories, "other" last.
func pluralCases(m map[string]string) []any {
	order := []string{"zero", "one", "two", "few", "many"}
	var out []any
	for _, k := range sortedKeys(m) {
		if exactCase(k) {
			out = append(out, k, m[k])
		}
	}
	for _, k := range order {
		if t, ok := m[k]; ok {
			out = append(out, k, t)
		}
	}
	return append(out, "other", m["other"])
}

// verb is one printf placeholder: %[n]v, %d, %s, %%.
var verbRE = regexp.MustCompile(`^%(\[(\d+)\])?[+\-# 0]*\d*(\.\d+)?([vdsqxf])`)

// verbs are the placeholders of text by argument number. A "%" that starts
// no placeholder napx uses (%[1]s, %d, %s, %v, %q, %x, %f; %% for the sign)
// is an error: a broken placeholder fails here, not on a page.
func verbs(text string) (map[int]byte, error) {
	out := map[int]byte{}
	next := 1
	for i := 0; i < len(text); i++ {
		if text[i] != '%' {
			continue
		}
		if i+1 < len(text) && text[i+1] == '%' {
			i++
			continue
		}
		m := verbRE.FindStringSubmatch(text[i:])
		if m == nil {
			end := min(i+6, len(text))
			return nil, fmt.Errorf("broken placeholder at %q", text[i:end])
		}
		arg := next
		if m[2] != "" {
			arg, _ = strconv.Atoi(m[2])
		}
		if arg < 1 || arg > 9 {
			return nil, fmt.Errorf("placeholder %q: arguments are numbered 1 to 9", m[0])
		}
		v := m[4][0]
		if v == 'v' || v == 's' || v == 'q' {
			v = 's' // the same argument shown as text
		}
		if prev, ok := out[arg]; ok && prev != v {
			return nil, fmt.Errorf("argument %d is used as %%%c and %%%c", arg, prev, v)
		}
		out[arg] = v
		next = arg + 1
		i += len(m[0]) - 1
	}
	return out, nil
}

// placeholders are the union of an English entry's forms' placeholders.
func placeholders(e entry) (map[int]byte, error) {
	out := map[int]byte{}
	for _, text := range e.forms() {
		vs, err := verbs(text)
		if err != nil {
			return nil, err
		}
		for a, v := range vs {
			out[a] = v
		}
	}
	return out, nil
}

func describe(m map[int]byte) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for a, v := range m {
		parts = append(parts, fmt.Sprintf("%%[%d]%c", a, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Keys are the English catalogue's keys, sorted.
func (c *Catalog) Keys() []string { return sortedKeys(c.entries[English]) }

// Has reports whether key is in the catalogue.
func (c *Catalog) Has(key string) bool { _, ok := c.entries[English][key]; return ok }

// File is a language's catalogue file as loaded (its status, reviewer).
func (c *Catalog) File(lang string) *File { return c.files[Get(lang).Code] }

// Printer is lang's printer (English for anything else).
func (c *Catalog) Printer(lang string) *Printer { return c.printers[Get(lang).Code] }

// Printer writes messages, numbers and dates in one language. It is safe
// for concurrent use.
type Printer struct {
	lang   Lang
	p      *message.Printer
	cat    *Catalog
	static map[string]string // messages without placeholders, written once
	dates  *dates            // what dates need, computed once (dates.go)
}

// Lang is the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// Missing is what T shows for a key no catalogue has: visible on the page,
// and what the tests look for.
const Missing = "⟦missing: "

// T is the message key in the printer's language with args (numbers are
// written in the language's conventions; the first argument chooses the
// plural form).
func (p *Printer) T(key string, args ...any) string {
	if len(args) == 0 {
		if s, ok := p.static[key]; ok {
			return s
		}
	}
	if !p.cat.Has(key) {
		return Missing + key + "⟧"
	}
	return p.p.Sprintf(key, args...)
}

// Number is n written in the language's conventions (CLDR: grouping
// separator, digits).
func (p *Printer) Number(n any) string { return p.p.Sprint(number.Decimal(n)) }

// digits is n without grouping (a day, a year) in the language's digits:
// from the printer's table of digits (dates.go) for n ≥ 0.
func (p *Printer) digits(n int) string {
	if n >= 0 && p.dates != nil {
		return p.dates.fastDigits(n)
	}
	return p.slowDigits(n)
}

// slowDigits is digits through x/text (what the table is made of).
func (p *Printer) slowDigits(n int) string {
	return p.p.Sprint(number.Decimal(n, number.NoSeparator()))
}

// Date is a calendar day in the language's long form ("2 January 2026",
// "2 janvier 2026", "2026年1月2日", "٢ يناير ٢٠٢٦"). x/text has no date
// formatter: the pattern (date.long) and the month names (date.month.N)
// are catalogue messages, written from CLDR's, and the digits are CLDR's
// through x/text/number — cut and tabled once per printer (dates.go).
func (p *Printer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if d := p.dates; d != nil && d.long != nil && t.Year() >= 0 {
		return d.long.format(d.fastDigits(t.Day()), d.months[t.Month()], d.fastDigits(t.Year()))
	}
	return p.slowDate(t)
}

// slowDate is Date through x/text's message printer (the reference the
// fast path is tested against, and its fallback).
func (p *Printer) slowDate(t time.Time) string {
	m := int(t.Month())
	return p.T("date.long", p.slowDigits(t.Day()), p.T("date.month."+strconv.Itoa(m)), p.slowDigits(t.Year()))
}

// DateTime is a moment in UTC: the date and the time ("… 14:05 UTC").
func (p *Printer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	if d := p.dates; d != nil && d.time != nil {
		return d.time.format(p.Date(t), t.Format("15:04"))
	}
	return p.slowDateTime(t)
}

// slowDateTime is DateTime through x/text (the reference and fallback).
func (p *Printer) slowDateTime(t time.Time) string {
	t = t.UTC()
	hm := fmt.Sprintf("%02d:%02d", t.Hour(), t.Minute())
	return p.T("date.time", p.slowDate(t), hm)
}

// keyRef matches a literal message key in a template: {{t "key" ...}},
// (t "key"), {{tr $.Lang "key"}} is not used.
var keyRef = regexp.MustCompile(`[({]\s*-?\s*t\s+"([^"]+)"`)

// TemplateKeys are the keys a template's source names literally; a key no
// catalogue has is found by CheckTemplates at start, not on a page.
func TemplateKeys(src string) []string {
	var out []string
	for _, m := range keyRef.FindAllStringSubmatch(src, -1) {
		out = append(out, m[1])
	}
	return out
}

// CheckTemplates reports every key named by the sources (name → source)
// that the catalogue does not have.
func (c *Catalog) CheckTemplates(srcs map[string]string) error {
	var errs []error
	for _, name := range sortedKeys(srcs) {
		for _, k := range TemplateKeys(srcs[name]) {
			if !c.Has(k) {
				errs = append(errs, fmt.Errorf("%s: message %q is in no catalogue", path.Base(name), k))
			}
		}
	}
	return errors.Join(errs...)
}
