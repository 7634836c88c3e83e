package refdata

import (
	"encoding/json"
	"fmt"
	"strings"

	"napx/internal/model"
)

// Names of organisations and groups, and States' former names, in the six
// languages (issue 17, item 3): data/other-names.json. English is the
// reference data's own name; the other five are the developers' drafts,
// marked by basis — NameFromUNUsage (what the UN is believed to use in its
// documents) or NameDraft (a translation written where no UN usage was
// known) — and unverified until checked against UNTERM.
const (
	NameFromFile    = "reference-data" // English: the name in organizations.json or groups.json
	NameFromUNUsage = "un-usage"       // believed to be the UN's own usage; not checked against UNTERM
	NameDraft       = "draft"          // a draft translation by the developers
)

type otherName struct {
	Basis    string            `json:"basis"`
	Verified bool              `json:"verified"`
	Names    map[string]string `json:"names"`
}

type otherNameFile struct {
	Description   string                          `json:"description"`
	Source        string                          `json:"source"`
	Organizations map[string]otherName            `json:"organizations"`
	Groups        map[string]otherName            `json:"groups"`
	FormerNames   map[string]map[string]otherName `json:"former_names"`
}

func (n otherName) check(what string) error {
	if n.Basis != NameFromUNUsage && n.Basis != NameDraft {
		return fmt.Errorf("refdata: other-names.json: %s: basis %q (un-usage or draft)", what, n.Basis)
	}
	if n.Verified {
		return fmt.Errorf("refdata: other-names.json: %s: written from general knowledge, and must say so (verified: false)", what)
	}
	for l, s := range n.Names {
		if !model.IsLanguage(l) || l == "en" || strings.TrimSpace(s) == "" {
			return fmt.Errorf("refdata: other-names.json: %s: a name in %q (one of the five languages other than English, not empty)", what, l)
		}
	}
	return nil
}

// fillOtherNames gives every organisation and group its name in the six
// languages (English where no other is known) and States' former names
// theirs where known.
func (c *Catalog) fillOtherNames() error {
	b, err := files.ReadFile("data/other-names.json")
	if err != nil {
		return fmt.Errorf("refdata: %w", err)
	}
	var f otherNameFile
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return fmt.Errorf("refdata: other-names.json: %w", err)
	}
	if f.Source != NameFromKnowledge {
		return fmt.Errorf("refdata: other-names.json: written from general knowledge, and must say so")
	}
	fill := func(en string, n otherName) (map[string]string, map[string]string) {
		names, src := map[string]string{"en": en}, map[string]string{"en": NameFromFile}
		for _, l := range model.Languages {
			if l == "en" {
				continue
			}
			if s := n.Names[l]; s != "" {
				names[l], src[l] = s, n.Basis
			} else {
				names[l], src[l] = en, NameFromFile
			}
		}
		return names, src
	}
	for code, n := range f.Organizations {
		if err := n.check(code); err != nil {
			return err
		}
		if c.orgByCode[code] == nil {
			return fmt.Errorf("refdata: other-names.json: unknown organisation %s", code)
		}
	}
	for i := range c.Organizations {
		o := &c.Organizations[i]
		o.Names, o.NameSources = fill(o.Name, f.Organizations[o.Code])
	}
	for code, n := range f.Groups {
		if err := n.check("group " + code); err != nil {
			return err
		}
		if c.Group(code) == nil {
			return fmt.Errorf("refdata: other-names.json: unknown group %s", code)
		}
	}
	for i := range c.Groups {
		g := &c.Groups[i]
		g.Names, g.NameSources = fill(g.Name, f.Groups[g.Code])
	}
	for code, m := range f.FormerNames {
		s := c.stateByCode[code]
		if s == nil {
			return fmt.Errorf("refdata: other-names.json: unknown State %s", code)
		}
		for en, n := range m {
			if err := n.check(code + " " + en); err != nil {
				return err
			}
			found := false
			for j := range s.FormerNames {
				if s.FormerNames[j].Name == en {
					s.FormerNames[j].Names, _ = fill(en, n)
					found = true
				}
			}
			if !found {
				return fmt.Errorf("refdata: other-names.json: %s has no former name %q", code, en)
			}
		}
	}
	return nil
}

// NameIn is the organisation's name in lang (English for anything else).
func (o *Organization) NameIn(lang string) string {
	if n, ok := o.Names[lang]; ok {
		return n
	}
	return o.Name
}

// NameIn is the group's name in lang (English for anything else).
func (g *Group) NameIn(lang string) string {
	if n, ok := g.Names[lang]; ok {
		return n
	}
	return g.Name
}

// NameIn is the former name in lang, where known (else the English).
func (f FormerName) NameIn(lang string) string {
	if n, ok := f.Names[lang]; ok {
		return n
	}
	return f.Name
}

// OrgNameIn is OrgName in the reader's language: a State's short name, an
// organisation's name, or the code when it is unknown (issue 17).
func (c *Catalog) OrgNameIn(code, lang string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if s := c.stateByCode[code]; s != nil {
		return s.NameIn(lang)
	}
	if o := c.orgByCode[code]; o != nil {
		return o.NameIn(lang)
	}
	return code
}

// GroupNameIn is a group's name in lang (the code when it is unknown).
func (c *Catalog) GroupNameIn(code, lang string) string {
	if g := c.Group(code); g != nil {
		return g.NameIn(lang)
	}
	return code
}
