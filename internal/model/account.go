package model

import (
	"slices"
	"time"
)

// Role is what an account may do inside its organisation (DESIGN.md §2).
type Role string

// The roles, weakest first.
const (
	RoleViewer      Role = "viewer"      // reads
	RoleEditor      Role = "editor"      // writes drafts
	RoleCoordinator Role = "coordinator" // the point of contact: submits, publishes, nominates, manages accounts
)

// Roles lists the roles, weakest first.
var Roles = []Role{RoleViewer, RoleEditor, RoleCoordinator}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// AtLeast reports whether r is as strong as min.
func (r Role) AtLeast(min Role) bool {
	return slices.Index(Roles, r) >= slices.Index(Roles, min) && r.Valid()
}

// Account is a person's sign-in. Secrets (the password hash, the TOTP
// secret) are never in this type: the store keeps them apart.
type Account struct {
	ID          int64
	Email       string
	Name        string // how the person is shown; may be empty
	Org         string // organisation code: a State's alpha-3 or an organisation's code
	Role        Role
	Admin       bool // platform operator
	Disabled    bool
	DisabledAt  time.Time
	TOTPEnabled bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int64
}

// Label is the name when there is one, else the e-mail address.
func (a Account) Label() string {
	if a.Name != "" {
		return a.Name
	}
	return a.Email
}

// Viewer is who is asking: an account with its organisation, or nobody
// (an anonymous visitor). Every read and write is decided for a Viewer.
type Viewer struct {
	Account *Account // nil for an anonymous visitor
	OrgKind OrgKind  // the kind of the account's organisation
	// Groups are the codes of the groups the account's organisation
	// belongs to: a record shared with a group is readable by its members.
	Groups []string
	// System marks napx acting on its own (the command line, the demo
	// seed): not an account, trusted like an administrator.
	System string
	// How the request signed in (issue 19): AuthMethod is "password" or
	// "oidc" for a session, "token" for an API token; AuthIssuer the
	// OpenID provider's issuer; AuthMFA whether the provider asserted
	// several factors (napx's second factor then is not asked for).
	AuthMethod string
	AuthIssuer string
	AuthMFA    bool
}

// AuthMethods are the ways a request may have signed in.
var AuthMethods = []string{"password", "oidc", "token"}

// Anonymous is the viewer of a visitor who has not signed in.
var Anonymous = Viewer{}

// SystemViewer is napx acting on its own behalf, labelled (e.g. "napx user add").
func SystemViewer(label string) Viewer { return Viewer{System: label} }

// SignedIn reports whether the viewer is an account.
func (v Viewer) SignedIn() bool { return v.Account != nil }

// IsSystem reports whether napx itself acts.
func (v Viewer) IsSystem() bool { return v.System != "" }

// Org is the viewer's organisation code ("" for anonymous and system).
func (v Viewer) Org() string {
	if v.Account == nil {
		return ""
	}
	return v.Account.Org
}

// Role is the viewer's role ("" for anonymous and system).
func (v Viewer) Role() Role {
	if v.Account == nil {
		return ""
	}
	return v.Account.Role
}

// ID is the account ID (0 for anonymous and system).
func (v Viewer) ID() int64 {
	if v.Account == nil {
		return 0
	}
	return v.Account.ID
}

// IsAdmin reports whether the viewer is a platform administrator.
func (v Viewer) IsAdmin() bool { return v.Account != nil && v.Account.Admin }

// CommitteeLevel reports whether the viewer's organisation reads at the
// Committee level: the 1540 Committee and its experts, and the
// secretariat (UNODA).
func (v Viewer) CommitteeLevel() bool {
	return v.Account != nil && (v.OrgKind == OrgCommittee || v.OrgKind == OrgSecretariat)
}

// Principals are the codes a record can be shared with that include this
// viewer: its organisation and the groups it is in.
func (v Viewer) Principals() []string {
	if v.Account == nil {
		return nil
	}
	return append([]string{v.Account.Org}, v.Groups...)
}

// Label names the viewer in the audit log.
func (v Viewer) Label() string {
	switch {
	case v.Account != nil:
		return v.Account.Email
	case v.System != "":
		return v.System
	}
	return "anonymous"
}
