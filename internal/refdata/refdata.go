package refdata

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"napx/internal/model"
)

//go:embed data/*.json data/*.csv
var files embed.FS

// Catalog is the loaded reference data with its indexes.
type Catalog struct {
	States        []State
	Groups        []Group
	Organizations []Organization
	StateSources  []Source
	GroupSources  []Source
	OrgSources    []Source

	stateByCode map[string]*State
	groupByCode map[string]*Group
	orgByCode   map[string]*Organization
	groupsOf    map[string][]Membership // member code -> groups it is in
	searchKeys  map[string][]string     // state code -> normalised names
}

// Membership is a group a State or organisation belongs to, with its role.
type Membership struct {
	Group *Group
	Role  string
	Since string
	Note  string
}

// Shared is the catalogue loaded once per process (Load), for code that
// writes a message where no catalogue was handed to it (a template
// function, the English of a conflict). A catalogue is read-only once
// loaded.
var Shared = sync.OnceValues(Load)

// Load parses the embedded files and checks them. It fails on any
// inconsistency, so a broken data file stops the program at start-up and
// fails the tests.
func Load() (*Catalog, error) {
	var sf StateFile
	var gf GroupFile
	var of OrganizationFile
	for name, dst := range map[string]any{
		"data/states.json":        &sf,
		"data/groups.json":        &gf,
		"data/organizations.json": &of,
	} {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("refdata: %w", err)
		}
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(dst); err != nil {
			return nil, fmt.Errorf("refdata: %s: %w", name, err)
		}
	}
	c := &Catalog{
		States: sf.States, Groups: gf.Groups, Organizations: of.Organizations,
		StateSources: sf.Sources, GroupSources: gf.Sources, OrgSources: of.Sources,
		stateByCode: map[string]*State{},
		groupByCode: map[string]*Group{},
		orgByCode:   map[string]*Organization{},
		groupsOf:    map[string][]Membership{},
		searchKeys:  map[string][]string{},
	}
	sort.Slice(c.States, func(i, j int) bool { return c.States[i].Code < c.States[j].Code })
	for i := range c.States {
		s := &c.States[i]
		if len(s.Code) != 3 || strings.ToUpper(s.Code) != s.Code {
			return nil, fmt.Errorf("refdata: state code %q is not upper-case alpha-3", s.Code)
		}
		if _, dup := c.stateByCode[s.Code]; dup {
			return nil, fmt.Errorf("refdata: state %s listed twice", s.Code)
		}
		if s.Name == "" || s.FormalName == "" {
			return nil, fmt.Errorf("refdata: state %s lacks a short or formal name", s.Code)
		}
		if s.Status != "member" && s.Status != "observer" {
			return nil, fmt.Errorf("refdata: state %s has status %q", s.Code, s.Status)
		}
		for _, f := range s.FormerNames {
			if f.Name == "" || f.Until == "" {
				return nil, fmt.Errorf("refdata: state %s has a former name without a name or an end date", s.Code)
			}
			if err := checkFact(sf.Sources, f); err != nil {
				return nil, fmt.Errorf("refdata: state %s, former name %q: %w", s.Code, f.Name, err)
			}
		}
		if s.NameSource != "" && !knownSource(sf.Sources, s.NameSource) {
			return nil, fmt.Errorf("refdata: state %s: unknown name source %q", s.Code, s.NameSource)
		}
		c.stateByCode[s.Code] = s
	}
	if err := c.fillNames(); err != nil {
		return nil, err
	}
	for i := range c.States {
		c.searchKeys[c.States[i].Code] = c.States[i].searchNames()
	}
	for i := range c.Organizations {
		o := &c.Organizations[i]
		if o.Code == "" || o.Name == "" {
			return nil, fmt.Errorf("refdata: organisation without code or name")
		}
		if _, clash := c.stateByCode[o.Code]; clash {
			return nil, fmt.Errorf("refdata: organisation code %s is a State's code", o.Code)
		}
		if _, dup := c.orgByCode[o.Code]; dup {
			return nil, fmt.Errorf("refdata: organisation %s listed twice", o.Code)
		}
		if !model.OrgKind(o.Kind).Valid() || o.Kind == string(model.OrgState) {
			return nil, fmt.Errorf("refdata: organisation %s has kind %q", o.Code, o.Kind)
		}
		if !knownSource(of.Sources, o.Source) {
			return nil, fmt.Errorf("refdata: organisation %s: unknown source %q", o.Code, o.Source)
		}
		c.orgByCode[o.Code] = o
	}
	for i := range c.Organizations {
		o := &c.Organizations[i]
		if o.Parent != "" && c.stateByCode[o.Parent] == nil && c.orgByCode[o.Parent] == nil {
			return nil, fmt.Errorf("refdata: organisation %s has unknown parent %s", o.Code, o.Parent)
		}
	}
	for i := range c.Groups {
		g := &c.Groups[i]
		if g.Code == "" || g.Name == "" {
			return nil, fmt.Errorf("refdata: group without code or name")
		}
		if _, dup := c.groupByCode[g.Code]; dup {
			return nil, fmt.Errorf("refdata: group %s listed twice", g.Code)
		}
		if c.stateByCode[g.Code] != nil {
			return nil, fmt.Errorf("refdata: group code %s is a State's code", g.Code)
		}
		c.groupByCode[g.Code] = g
		if !knownSource(gf.Sources, g.Source) {
			return nil, fmt.Errorf("refdata: group %s: unknown source %q", g.Code, g.Source)
		}
		seen := map[string]bool{}
		for _, m := range g.Members {
			if m.Source != "" && !knownSource(gf.Sources, m.Source) {
				return nil, fmt.Errorf("refdata: group %s, member %s: unknown source %q", g.Code, m.Code, m.Source)
			}
			if c.stateByCode[m.Code] == nil && c.orgByCode[m.Code] == nil {
				return nil, fmt.Errorf("refdata: group %s has unknown member %s", g.Code, m.Code)
			}
			if seen[m.Code] {
				return nil, fmt.Errorf("refdata: group %s lists %s twice", g.Code, m.Code)
			}
			seen[m.Code] = true
			c.groupsOf[m.Code] = append(c.groupsOf[m.Code], Membership{Group: g, Role: m.Role, Since: m.Since, Note: m.Note})
		}
	}
	if err := c.fillOtherNames(); err != nil { // issue 17: organisations, groups, former names in six languages
		return nil, err
	}
	for i := range c.States { // the former names' translations join the search keys
		c.searchKeys[c.States[i].Code] = c.States[i].searchNames()
	}
	return c, nil
}

// knownSource reports whether id names one of sources, or is an address.
func knownSource(sources []Source, id string) bool {
	if strings.HasPrefix(id, "https://") || strings.HasPrefix(id, "http://") {
		return true
	}
	for _, s := range sources {
		if s.ID == id {
			return true
		}
	}
	return false
}

// factDate matches the dates a fact may carry: YYYY, YYYY-MM or YYYY-MM-DD.
func factDate(d string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if len(d) == len(layout) {
			if _, err := time.Parse(layout, d); err == nil {
				return true
			}
		}
	}
	return false
}

// checkFact checks a former name: a known source, dates that parse and are
// in order, a kind, and no "verified" on what was compiled from general
// knowledge.
func checkFact(sources []Source, f FormerName) error {
	switch {
	case f.Kind != "short" && f.Kind != "formal":
		return fmt.Errorf("kind %q is neither short nor formal", f.Kind)
	case !knownSource(sources, f.Source):
		return fmt.Errorf("unknown source %q", f.Source)
	case !factDate(f.Until) || (f.From != "" && !factDate(f.From)):
		return fmt.Errorf("dates %q to %q are not YYYY, YYYY-MM or YYYY-MM-DD", f.From, f.Until)
	case f.From != "" && f.From >= f.Until:
		return fmt.Errorf("starts (%s) after it ends (%s)", f.From, f.Until)
	case f.Verified && f.Source == GeneralKnowledge:
		return fmt.Errorf("verified, yet compiled from general knowledge")
	}
	return nil
}

// GeneralKnowledge is the source ID of facts compiled without reading a
// source: never verified.
const GeneralKnowledge = "general-knowledge"

// MustLoad is Load for programs and tests that cannot go on without the data.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// State returns the State with code (any case), or nil.
func (c *Catalog) State(code string) *State { return c.stateByCode[strings.ToUpper(code)] }

// Group returns the group with code (any case), or nil.
func (c *Catalog) Group(code string) *Group { return c.groupByCode[strings.ToUpper(code)] }

// Organization returns the non-State organisation with code (any case), or nil.
func (c *Catalog) Organization(code string) *Organization {
	return c.orgByCode[strings.ToUpper(code)]
}

// Org describes any organisation an account or a record can belong to: a
// State (by its alpha-3 code) or another organisation.
type Org struct {
	Code   string
	Name   string
	Kind   model.OrgKind
	Parent string
}

// Org returns the State or organisation with code (any case).
func (c *Catalog) Org(code string) (Org, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if s := c.stateByCode[code]; s != nil {
		return Org{Code: s.Code, Name: s.Name, Kind: model.OrgState}, true
	}
	if o := c.orgByCode[code]; o != nil {
		return Org{Code: o.Code, Name: o.Name, Kind: model.OrgKind(o.Kind), Parent: o.Parent}, true
	}
	return Org{}, false
}

// OrgName returns the current name of a State or organisation, or the code
// itself when it is unknown.
func (c *Catalog) OrgName(code string) string {
	if o, ok := c.Org(code); ok {
		return o.Name
	}
	return code
}

// GroupsOf returns the groups a State or organisation is in, by group code.
func (c *Catalog) GroupsOf(code string) []Membership {
	return c.groupsOf[strings.ToUpper(code)]
}

// InGroup reports whether member is in the group with code group.
func (c *Catalog) InGroup(member, group string) bool {
	for _, m := range c.groupsOf[strings.ToUpper(member)] {
		if m.Group.Code == strings.ToUpper(group) {
			return true
		}
	}
	return false
}

// Members returns the State and organisation codes of a group, in the
// group's order; nil for an unknown group.
func (c *Catalog) Members(group string) []string {
	g := c.Group(group)
	if g == nil {
		return nil
	}
	out := make([]string, len(g.Members))
	for i, m := range g.Members {
		out[i] = m.Code
	}
	return out
}

// SearchStates returns the States whose code, current, formal, common or
// former name contains q, ignoring case, accents and punctuation, in code
// order. An empty q returns every State.
func (c *Catalog) SearchStates(q string) []*State {
	nq := Normalize(q)
	out := []*State{}
	for i := range c.States {
		s := &c.States[i]
		if nq == "" || matches(c.searchKeys[s.Code], nq) {
			out = append(out, s)
		}
	}
	return out
}

func matches(keys []string, nq string) bool {
	for _, k := range keys {
		if strings.Contains(k, nq) {
			return true
		}
	}
	return false
}

// MatchedName returns the name of s that q matched, when it is not the
// current name: a directory shows "formerly: Swaziland" beside Eswatini.
func (s *State) MatchedName(q string) string {
	nq := Normalize(q)
	if nq == "" || strings.Contains(Normalize(s.Name), nq) {
		return ""
	}
	for _, f := range s.FormerNames {
		if strings.Contains(Normalize(f.Name), nq) {
			return f.Name
		}
	}
	for _, n := range append([]string{s.FormalName}, s.CommonNames...) {
		if strings.Contains(Normalize(n), nq) {
			return n
		}
	}
	for _, l := range model.Languages {
		if n := s.Names[l]; strings.Contains(Normalize(n), nq) {
			return n
		}
	}
	return ""
}

func (s *State) searchNames() []string {
	names := []string{s.Code, s.Alpha2, s.Name, s.FormalName}
	names = append(names, s.CommonNames...)
	for _, l := range model.Languages { // the names in the six languages (issue 17)
		names = append(names, s.Names[l])
	}
	for _, f := range s.FormerNames {
		names = append(names, f.Name)
		for _, l := range model.Languages {
			if n := f.Names[l]; n != "" && n != f.Name {
				names = append(names, n)
			}
		}
	}
	keys := make([]string, 0, len(names))
	for _, n := range names {
		if k := Normalize(n); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

// foldAccents hands out accent-folding transformers. A chained
// transformer keeps state, so each call needs its own; the pool saves
// building one per call.
var foldAccents = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// Normalize lower-cases s, strips accents, turns punctuation into spaces and
// collapses runs of spaces, so "Türkiye" and "turkiye", "Côte d'Ivoire" and
// "cote d ivoire" compare equal.
func Normalize(s string) string {
	t := foldAccents.Get().(transform.Transformer)
	t.Reset()
	folded, _, err := transform.String(t, s)
	foldAccents.Put(t)
	if err != nil {
		folded = s
	}
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(folded) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// NameOn returns the short name the State used at the UN on day d: its
// current name, or the former name in use then. Documents keep the name of
// their date.
func (s *State) NameOn(d model.Date) (name string, former *FormerName) {
	return s.nameOn(d, "short", s.Name)
}

// FormalNameOn returns the formal name the State used at the UN on day d,
// as NameOn does for the short name.
func (s *State) FormalNameOn(d model.Date) (name string, former *FormerName) {
	return s.nameOn(d, "formal", s.FormalName)
}

func (s *State) nameOn(d model.Date, kind, today string) (string, *FormerName) {
	if d.IsZero() {
		return today, nil
	}
	day := d.String()
	var best *FormerName
	for i := range s.FormerNames {
		f := &s.FormerNames[i]
		if f.Kind != kind {
			continue
		}
		if day < f.Until && (f.From == "" || day >= f.From) {
			if best == nil || moreSpecific(f, best) {
				best = f
			}
		}
	}
	if best != nil {
		return best.Name, best
	}
	return today, nil
}

// moreSpecific reports whether former name a describes a day better than
// b: a name with a known start beats one without (MKD's constitutional
// name, never a UN name, has none); then the one that ended first.
func moreSpecific(a, b *FormerName) bool {
	if (a.From != "") != (b.From != "") {
		return a.From != ""
	}
	return a.Until < b.Until
}

// TaxonomyCSV returns the matrix taxonomy as shipped (data/matrix-taxonomy.csv):
// one line per data field with its stable ID, section, row, label, weapon
// type, column, verified/inferred flag and source. The matrix and the NAP
// actions both read it: one copy for both.
func TaxonomyCSV() ([]byte, error) { return files.ReadFile("data/matrix-taxonomy.csv") }
