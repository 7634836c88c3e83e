package refdata

// The types below mirror the JSON files in data/. Every file carries its
// sources beside the data (a "sources" array at the top level and, where a
// single fact has its own source, a "source" field on that fact).

// StateFile is the shape of data/states.json.
type StateFile struct {
	Description string   `json:"description"`
	Sources     []Source `json:"sources"`
	States      []State  `json:"states"`
}

// Source names where a table or a fact comes from.
type Source struct {
	ID    string `json:"id"`             // short key used by facts, e.g. "iso-codes"
	Title string `json:"title"`          // what it is
	URL   string `json:"url,omitempty"`  // where to find it
	Note  string `json:"note,omitempty"` // how it was used, its limits
}

// State is a UN member State or a non-member observer State.
type State struct {
	Code          string `json:"code"`                      // ISO 3166-1 alpha-3, upper case
	Alpha2        string `json:"alpha2"`                    // ISO 3166-1 alpha-2
	Name          string `json:"name"`                      // UN short name today, e.g. "North Macedonia"
	FormalName    string `json:"formal_name"`               // UN formal name today, e.g. "the Republic of North Macedonia"
	Status        string `json:"status"`                    // "member" or "observer"
	UNMemberSince string `json:"un_member_since,omitempty"` // YYYY-MM-DD admission to the UN (members only)
	// CommonNames are other names people search for (ISO common name, names
	// without the article, usual English forms): "Bolivia", "Czech Republic".
	CommonNames []string `json:"common_names,omitempty"`
	// NameSource and NameNote say where today's names come from when it is
	// not the file's default (UNTERM, written from knowledge of its usage).
	NameSource string `json:"name_source,omitempty"`
	NameNote   string `json:"name_note,omitempty"`
	// FormerNames are names the State used at the UN before, with the dates
	// they were in use. Until is the first day of the next name.
	FormerNames []FormerName `json:"former_names,omitempty"`
	// Names are today's short names in the six languages (issue 17), and
	// NameSources where each comes from (NameFromUN, NameFromCLDR,
	// NameFromKnowledge); filled by Load (names.go), not in states.json.
	Names       map[string]string `json:"-"`
	NameSources map[string]string `json:"-"`
}

// FormerName is a name no longer in use, with the period it was used.
type FormerName struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`           // "short" or "formal"
	From     string `json:"from,omitempty"` // YYYY-MM-DD or YYYY when known
	Until    string `json:"until"`          // YYYY-MM-DD (or YYYY-MM / YYYY when only that is known): the day the next name took effect
	Note     string `json:"note,omitempty"` // e.g. the footnote a document of the day carried
	Source   string `json:"source"`         // a Source.ID or a URL
	Verified bool   `json:"verified"`       // true only when the date was read in the cited source
	// Names is the former name in the six languages where known (issue 17;
	// data/other-names.json, drafts), English always.
	Names map[string]string `json:"-"`
}

// GroupFile is the shape of data/groups.json.
type GroupFile struct {
	Description string   `json:"description"`
	Sources     []Source `json:"sources"`
	Groups      []Group  `json:"groups"`
}

// Group is a named set of States (and sometimes organisations).
type Group struct {
	Code        string   `json:"code"` // e.g. "SEE", "OSCE", "UN-WEOG"
	Name        string   `json:"name"`
	Kind        string   `json:"kind"` // "region", "un-regional-group", "organization-membership", "network"
	Description string   `json:"description,omitempty"`
	Source      string   `json:"source"` // a Source.ID or URL
	Members     []Member `json:"members"`
	// Names and NameSources: the group's name in the six languages (issue
	// 17; other_names.go), filled by Load.
	Names       map[string]string `json:"-"`
	NameSources map[string]string `json:"-"`
}

// Member is one member of a group, with its role in the group.
type Member struct {
	Code   string `json:"code"`            // alpha-3 State code or organisation code
	Role   string `json:"role"`            // "member", "participating", "associate", "observer", "mentor", "partner"
	Since  string `json:"since,omitempty"` // YYYY-MM-DD or YYYY
	Note   string `json:"note,omitempty"`
	Source string `json:"source,omitempty"` // when it differs from the group's
}

// OrganizationFile is the shape of data/organizations.json.
type OrganizationFile struct {
	Description   string         `json:"description"`
	Sources       []Source       `json:"sources"`
	Organizations []Organization `json:"organizations"`
}

// Organization is any body that is not a State: the Committee, UNODA,
// international organisations, regional centres, States' programmes.
type Organization struct {
	Code    string   `json:"code"`             // e.g. "UNSC1540", "IAEA", "RACVIAC"
	Name    string   `json:"name"`             // full English name
	Short   string   `json:"short,omitempty"`  // acronym or short form when it differs from Code
	Kind    string   `json:"kind"`             // "committee", "secretariat", "international", "regional-centre", "programme"
	Parent  string   `json:"parent,omitempty"` // for programmes: alpha-3 of the State; for sub-bodies: parent organisation code
	Website string   `json:"website,omitempty"`
	Aliases []string `json:"aliases,omitempty"` // other names it is known by
	Address string   `json:"address,omitempty"` // postal address when it matters (regional centres hosting events)
	Note    string   `json:"note,omitempty"`
	Source  string   `json:"source"` // a Source.ID or URL
	// Names and NameSources: the organisation's name in the six languages
	// (issue 17; other_names.go), filled by Load.
	Names       map[string]string `json:"-"`
	NameSources map[string]string `json:"-"`
}

// The enumerations of the reference data, for the API's schemas.
var (
	StateStatuses = []string{"member", "observer"}                                                    // State.Status
	NameKinds     = []string{"short", "formal"}                                                       // FormerName.Kind
	MemberRoles   = []string{"member", "participating", "associate", "observer", "mentor", "partner"} // Member.Role
)
