// Package policy is napx's one access policy (DESIGN.md §3): who may read
// and who may change a record, decided here and nowhere else, for pages,
// the API, exports, search, feeds and counts alike.
//
// A record the viewer may not read does not exist for that viewer: the
// services answer model.ErrNotFound for it and leave it out of lists and
// counts. A record the viewer may read but not change answers
// model.ErrForbidden to a write.
//
// Reads over many rows are filtered in SQL by ReadFilter, which states the
// same rule as CanRead; a test checks that the two agree for every
// combination of viewer and record on both database engines.
//
// It imports model and refdata only.
package policy

import (
	"fmt"
	"slices"
	"strings"

	"napx/internal/model"
)

// Record is what the policy needs to know about a record: who owns it,
// how widely it may be read, and with whom it is shared.
type Record struct {
	Owner      string           // organisation code
	Visibility model.Visibility // reading level
	SharedWith []string         // organisation and group codes (visibility "shared")
}

// CanRead reports whether v may read r.
func CanRead(v model.Viewer, r Record) bool {
	if v.IsSystem() {
		return true
	}
	switch r.Visibility {
	case model.VisPublic:
		return true
	case model.VisParticipants:
		if v.SignedIn() {
			return true
		}
	}
	if !v.SignedIn() {
		return false
	}
	if v.Org() == r.Owner {
		return true
	}
	switch r.Visibility {
	case model.VisCommittee, model.VisShared:
		if v.CommitteeLevel() {
			return true
		}
	}
	if r.Visibility == model.VisShared {
		for _, p := range v.Principals() {
			if slices.Contains(r.SharedWith, p) {
				return true
			}
		}
	}
	return false
}

// CanWrite reports whether v may change r: an editor or coordinator of
// the owner organisation. (The matrix's exception is in matrix.go.)
func CanWrite(v model.Viewer, r Record) bool {
	if v.IsSystem() {
		return true
	}
	return v.SignedIn() && v.Org() == r.Owner && v.Role().AtLeast(model.RoleEditor)
}

// CanCoordinate reports whether v is the owner organisation's coordinator
// (adopt, submit, publish, nominate, manage accounts).
func CanCoordinate(v model.Viewer, r Record) bool {
	if v.IsSystem() {
		return true
	}
	return v.SignedIn() && v.Org() == r.Owner && v.Role() == model.RoleCoordinator
}

// Read returns nil when v may read r, else model.ErrNotFound.
func Read(v model.Viewer, r Record) error {
	if CanRead(v, r) {
		return nil
	}
	return model.ErrNotFound
}

// Write returns nil when v may change r; model.ErrNotFound when v may not
// even read it; model.ErrForbidden when v may read it but not change it;
// model.ErrUnauthenticated for an anonymous visitor who may read it.
func Write(v model.Viewer, r Record) error {
	return decide(v, r, CanWrite(v, r))
}

// Coordinate is Write for the coordinator-only steps.
func Coordinate(v model.Viewer, r Record) error {
	return decide(v, r, CanCoordinate(v, r))
}

// Decide is Write for a rule of the caller's own (allowed), with the same
// answers: not found when v may not read r, sign-in required or forbidden
// when v may read it but the rule says no.
func Decide(v model.Viewer, r Record, allowed bool) error { return decide(v, r, allowed) }

func decide(v model.Viewer, r Record, allowed bool) error {
	switch {
	case !CanRead(v, r):
		return model.ErrNotFound
	case allowed:
		return nil
	case !v.SignedIn():
		return model.ErrUnauthenticated
	}
	return model.ErrForbidden
}

// CanCreate reports whether v may create a record owned by owner (an
// editor or coordinator of that organisation).
func CanCreate(v model.Viewer, owner string) bool {
	return CanWrite(v, Record{Owner: owner, Visibility: model.VisPrivate})
}

// Create returns nil when v may create a record owned by owner, else
// model.ErrUnauthenticated (anonymous) or model.ErrForbidden.
func Create(v model.Viewer, owner string) error {
	switch {
	case CanCreate(v, owner):
		return nil
	case !v.SignedIn():
		return model.ErrUnauthenticated
	}
	return model.ErrForbidden
}

// FieldVisible reports whether v may read a field that is narrower than
// its record: the field is readable when the record is, and when a record
// of the same owner at the field's level would be (a point of contact's
// phone number is "participants" even on a public record).
func FieldVisible(v model.Viewer, r Record, field model.Visibility) bool {
	if !CanRead(v, r) {
		return false
	}
	if field.Rank() >= r.Visibility.Rank() {
		return true
	}
	return CanRead(v, Record{Owner: r.Owner, Visibility: field, SharedWith: r.SharedWith})
}

// Filter is an SQL condition that keeps exactly the rows a viewer may
// read, with its arguments.
type Filter struct {
	SQL  string
	Args []any
}

// ReadFilter returns the SQL condition of CanRead for rows of a table
// aliased alias, with columns owner_org, visibility and id, whose shares
// are in record_shares under kind. Placeholders are numbered from next
// ($next, $next+1, ...), in the PostgreSQL style the store rebinds.
func ReadFilter(v model.Viewer, alias, kind string, next int) Filter {
	if v.IsSystem() {
		return Filter{SQL: "1 = 1"}
	}
	if !v.SignedIn() {
		return Filter{SQL: fmt.Sprintf("%s.visibility = 'public'", alias)}
	}
	var b strings.Builder
	args := []any{v.Org()}
	fmt.Fprintf(&b, "(%[1]s.visibility IN ('public', 'participants') OR %[1]s.owner_org = $%[2]d", alias, next)
	if v.CommitteeLevel() {
		fmt.Fprintf(&b, " OR %s.visibility IN ('committee', 'shared')", alias)
	} else {
		ps := v.Principals()
		holders := make([]string, len(ps))
		for i, p := range ps {
			args = append(args, p)
			holders[i] = fmt.Sprintf("$%d", next+len(args)-1)
		}
		args = append(args, kind)
		fmt.Fprintf(&b, " OR (%[1]s.visibility = 'shared' AND EXISTS (SELECT 1 FROM record_shares rs WHERE rs.kind = $%[2]d AND rs.record_id = %[1]s.id AND rs.principal IN (%[3]s)))",
			alias, next+len(args)-1, strings.Join(holders, ", "))
	}
	b.WriteString(")")
	return Filter{SQL: b.String(), Args: args}
}
