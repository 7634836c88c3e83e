package model

import "slices"

// Visibility is a record's reading level (DESIGN.md §3).
type Visibility string

// The five levels, narrowest first.
const (
	VisPrivate      Visibility = "private"      // the owner organisation
	VisCommittee    Visibility = "committee"    // the owner, the Committee and the secretariat
	VisShared       Visibility = "shared"       // as committee, plus the organisations and groups named on the record
	VisParticipants Visibility = "participants" // every signed-in account
	VisPublic       Visibility = "public"       // everyone
)

// Visibilities lists the levels, narrowest first.
var Visibilities = []Visibility{VisPrivate, VisCommittee, VisShared, VisParticipants, VisPublic}

// Valid reports whether v is a known level.
func (v Visibility) Valid() bool { return slices.Contains(Visibilities, v) }

// Rank orders the levels: 0 for private up to 4 for public.
func (v Visibility) Rank() int { return slices.Index(Visibilities, v) }

// Label is the level in words, for pages.
func (v Visibility) Label() string {
	switch v {
	case VisPrivate:
		return "Only my organisation"
	case VisCommittee:
		return "My organisation, the 1540 Committee and UNODA"
	case VisShared:
		return "As above, plus the organisations and groups named"
	case VisParticipants:
		return "Every signed-in account"
	case VisPublic:
		return "Public"
	}
	return string(v)
}
