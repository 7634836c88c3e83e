package refdata

import (
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"napx/internal/model"
)

// Where a State's name in each language comes from (issue 17).
const (
	NameFromUN        = "un"                // English: the file's UN short name (states.json)
	NameFromCLDR      = "cldr"              // CLDR through golang.org/x/text/language/display
	NameFromKnowledge = "general-knowledge" // data/state-names.json, unverified
)

// stateNameFile is data/state-names.json.
type stateNameFile struct {
	Description string                       `json:"description"`
	Source      string                       `json:"source"`
	Verified    bool                         `json:"verified"`
	Names       map[string]map[string]string `json:"names"`
}

// fillNames gives every State its short name in the six languages:
// English is the UN short name of states.json; the others come from CLDR
// (x/text's display tables, by the alpha-2 code), except where
// state-names.json corrects a name CLDR's data has out of date.
func (c *Catalog) fillNames() error {
	b, err := files.ReadFile("data/state-names.json")
	if err != nil {
		return fmt.Errorf("refdata: %w", err)
	}
	var f stateNameFile
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return fmt.Errorf("refdata: state-names.json: %w", err)
	}
	if f.Source != NameFromKnowledge || f.Verified {
		return fmt.Errorf("refdata: state-names.json: written from general knowledge, and must say so (unverified)")
	}
	namers := map[string]display.Namer{}
	for _, l := range model.Languages {
		namers[l] = display.Regions(language.MustParse(l))
	}
	for code, names := range f.Names {
		if c.stateByCode[code] == nil {
			return fmt.Errorf("refdata: state-names.json: unknown State %s", code)
		}
		for l, n := range names {
			if !model.IsLanguage(l) || l == "en" || strings.TrimSpace(n) == "" {
				return fmt.Errorf("refdata: state-names.json: %s: a name in %q (one of the five languages other than English, not empty)", code, l)
			}
		}
	}
	for i := range c.States {
		s := &c.States[i]
		s.Names = map[string]string{"en": s.Name}
		s.NameSources = map[string]string{"en": NameFromUN}
		region, err := language.ParseRegion(s.Alpha2)
		if err != nil {
			return fmt.Errorf("refdata: state %s: alpha-2 %q: %w", s.Code, s.Alpha2, err)
		}
		for _, l := range model.Languages {
			if l == "en" {
				continue
			}
			if n := f.Names[s.Code][l]; n != "" {
				s.Names[l], s.NameSources[l] = n, NameFromKnowledge
				continue
			}
			n := namers[l].Name(region)
			if n == "" {
				n = s.Name // CLDR has none: the English
			}
			s.Names[l], s.NameSources[l] = n, NameFromCLDR
		}
	}
	return nil
}

// NameIn is the State's short name in lang (one of the six; English for
// anything else).
func (s *State) NameIn(lang string) string {
	if n, ok := s.Names[lang]; ok {
		return n
	}
	return s.Name
}
