package model

// OrgKinds lists the kinds of organisation.
var OrgKinds = []OrgKind{OrgState, OrgCommittee, OrgSecretariat, OrgInternational, OrgRegionalCentre, OrgProgramme}

// OrgKind is the kind of an organisation (DESIGN.md §2).
type OrgKind string

// The organisation kinds.
const (
	OrgState          OrgKind = "state"           // a UN member or observer State
	OrgCommittee      OrgKind = "committee"       // the 1540 Committee and its Group of Experts
	OrgSecretariat    OrgKind = "secretariat"     // UNODA
	OrgInternational  OrgKind = "international"   // IAEA, OPCW, WCO, OSCE, ...
	OrgRegionalCentre OrgKind = "regional-centre" // RACVIAC, SEESAC, ...
	OrgProgramme      OrgKind = "programme"       // a State's assistance programme
)

// Valid reports whether k is one of the kinds above.
func (k OrgKind) Valid() bool {
	switch k {
	case OrgState, OrgCommittee, OrgSecretariat, OrgInternational, OrgRegionalCentre, OrgProgramme:
		return true
	}
	return false
}

// Label is the kind in words, for pages.
func (k OrgKind) Label() string {
	switch k {
	case OrgState:
		return "State"
	case OrgCommittee:
		return "1540 Committee"
	case OrgSecretariat:
		return "Secretariat"
	case OrgInternational:
		return "International organisation"
	case OrgRegionalCentre:
		return "Regional centre"
	case OrgProgramme:
		return "Assistance programme"
	}
	return string(k)
}
