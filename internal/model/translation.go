package model

import (
	"slices"
	"strings"
	"time"
)

// Records in several languages (issue 17, item 4). A plan, a practice, an
// event and an assistance request carry the language they were written in
// (one of Languages; "en" for every record written before the languages
// came) and may have translations of their texts into others. The original
// is authoritative; a translation is marked as such and, when a machine
// made it, as a machine translation.

// TranslationKind is a record kind that may be translated: its texts, as
// the record has them.
type TranslationKind struct {
	Kind   string   // the record kind ("nap", "nap-action", "practice", "event", "assistance")
	Table  string   // the record's table
	Fields []string // the texts a translation carries, in the order forms show them
	Long   []string // the fields written over several lines (a textarea)
	// Columns are the fields that are columns of Table (nil: every field).
	// A plan's other fields are its key-element sections (nap_sections),
	// which have no identity of their own: they are rewritten with the plan
	// and versioned by it, so their translations are the plan's.
	Columns []string
	// Parent and ParentKey name the record whose language a record is
	// written in, and the column that points to it: an action is written
	// in its plan's language ("nap", "nap_id") and has none of its own.
	Parent, ParentKey string
}

// TranslationKindAction is a plan's action.
const TranslationKindAction = "nap-action"

// napTranslationFields are a plan's translated texts: its title and the
// text of each key-element section (by its code, NAP-01 ... NAP-12).
func napTranslationFields() (fields, long []string) {
	fields = []string{"title"}
	for _, s := range NAPSections {
		fields = append(fields, s.Code)
		long = append(long, s.Code)
	}
	return fields, long
}

var napFields, napLong = napTranslationFields()

// TranslationKinds are the kinds of records with translations. A plan's
// translation carries its title and its sections' texts; its actions are
// records of their own, written in the plan's language. An assistance
// request's translation is of its public summary only — the title and the
// summary everyone who reads the request reads — never of the details
// policy.RequestDetails narrows to the insiders.
var TranslationKinds = []TranslationKind{
	{Kind: "nap", Table: "naps", Fields: napFields, Long: napLong, Columns: []string{"title"}},
	{Kind: TranslationKindAction, Table: "nap_actions", Fields: []string{"title", "description"}, Long: []string{"description"},
		Parent: "nap", ParentKey: "nap_id"},
	{Kind: "practice", Table: "practices", Fields: []string{"title", "body"}, Long: []string{"body"}},
	{Kind: "event", Table: "events", Fields: []string{"title", "background", "purpose", "methodology", "participation"},
		Long: []string{"background", "purpose", "methodology", "participation"}},
	{Kind: "assistance", Table: "assistance_requests", Fields: []string{"title", "summary"}, Long: []string{"summary"}},
}

// TranslationKindOf returns the kind named k.
func TranslationKindOf(k string) (TranslationKind, bool) {
	for _, tk := range TranslationKinds {
		if tk.Kind == k {
			return tk, true
		}
	}
	return TranslationKind{}, false
}

// ColumnFields are the fields that are columns of the kind's table.
func (k TranslationKind) ColumnFields() []string {
	if k.Columns != nil {
		return k.Columns
	}
	return k.Fields
}

// IsSection reports whether field is a plan's key-element section.
func (k TranslationKind) IsSection(field string) bool {
	return k.Kind == "nap" && NAPSectionByCode(field) != nil
}

// IsLong reports whether field is written over several lines.
func (k TranslationKind) IsLong(field string) bool { return slices.Contains(k.Long, field) }

// Translation is one record's texts in one language other than its own.
type Translation struct {
	Kind      string
	RecordID  int64
	Language  string
	Fields    map[string]string // field -> text; "title" always
	Machine   bool              // made by a machine (marked so wherever shown)
	UpdatedBy string            // who wrote it last (the audit's label)
	UpdatedAt time.Time
	Version   int64
}

// TranslationInput is a translation written or corrected. Version 0 (or
// none) writes a new one; an existing one needs the version read.
type TranslationInput struct {
	Fields  map[string]string `json:"fields"`
	Machine bool              `json:"machine"`
	Version int64             `json:"version"`
}

// Validate checks a translation of a record of kind k into lang, the
// record's own language being orig: lang one of the six and not the
// original's, only the kind's fields, a title, each text within bounds.
func (in TranslationInput) Validate(k TranslationKind, lang, orig string) (map[string]string, error) {
	p := Problems{}
	switch {
	case !IsLanguage(lang):
		p.Add("language", "must be one of the six official languages of the United Nations: %s", strings.Join(Languages, ", "))
	case lang == orig:
		p.Add("language", "is the record's own language: the original is not a translation")
	}
	out := map[string]string{}
	for f, text := range in.Fields {
		if !slices.Contains(k.Fields, f) {
			p.Add("fields."+f, "is not a text of this record; its texts are %s", strings.Join(k.Fields, ", "))
			continue
		}
		text = strings.TrimSpace(text)
		if k.IsLong(f) {
			if msg := TextProblem(text, 20000); msg != "" {
				p.Add("fields."+f, "%s", msg)
			}
		} else if msg := LineProblem(text, 300); msg != "" {
			p.Add("fields."+f, "%s", msg)
		}
		if text != "" {
			out[f] = text
		}
	}
	if out["title"] == "" && p["fields.title"] == "" {
		p.Add("fields.title", "give the title in the translation's language")
	}
	if len(p) > 0 {
		return nil, p
	}
	return out, nil
}
