package service

import (
	"fmt"
	"strings"

	"napx/internal/model"
	"napx/internal/refdata"
)

// One vocabulary (issue 18, item 6): who may read a record and where a
// record stands, said the same way on every page, in the third person —
// "Croatia, the 1540 Committee and UNODA", never "my organisation" shown
// to someone else.

// Audience says who may read a record of owner at level vis, shared with
// the principals named.
func Audience(cat *refdata.Catalog, vis model.Visibility, owner string, shared []string) string {
	name := cat.OrgName(owner)
	switch vis {
	case model.VisPrivate:
		return name + " only"
	case model.VisCommittee:
		return name + ", the 1540 Committee and UNODA"
	case model.VisShared:
		names := make([]string, 0, len(shared))
		for _, p := range shared {
			if g := cat.Group(p); g != nil {
				names = append(names, g.Name)
				continue
			}
			names = append(names, cat.OrgName(p))
		}
		if len(names) == 0 {
			return name + ", the 1540 Committee and UNODA"
		}
		return name + ", the 1540 Committee, UNODA and " + joinAnd(names)
	case model.VisParticipants:
		return "every signed-in account"
	case model.VisPublic:
		return "everyone, including the public"
	}
	return string(vis)
}

// joinAnd is "A", "A and B", "A, B and C".
func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// PlanStatus is where a plan stands, in one wording everywhere: the
// English of the catalogue's status.plan.* that every page shows (web's
// planStatus), for the services' messages.
func PlanStatus(cat *refdata.Catalog, n model.NAP) string {
	name := cat.OrgName(n.State)
	on := func(d model.Date) string {
		if d.IsZero() {
			return ""
		}
		return " on " + d.Long()
	}
	switch n.Status {
	case model.NAPDraft:
		return "Draft in preparation by " + name + " — not yet adopted"
	case model.NAPAdopted:
		if n.Related() {
			return "Adopted by " + name + on(n.AdoptedOn) + " — not yet published"
		}
		return "Adopted by " + name + on(n.AdoptedOn) + " — not yet submitted to the 1540 Committee"
	case model.NAPSubmitted:
		return "Submitted by " + name + " to the 1540 Committee" + on(n.SubmittedOn)
	case model.NAPPublished:
		return "Published by " + name + on(n.PublishedOn)
	case model.NAPWithdrawn:
		return "Withdrawn by " + name
	}
	return n.Status.Label()
}

// EditionStatus is where an edition of a State's matrix stands, in one
// wording everywhere ("Agreed by Croatia — awaiting the Committee's
// approval").
func EditionStatus(cat *refdata.Catalog, e model.MatrixEdition) string {
	name := cat.OrgName(e.State)
	switch e.Status {
	case model.EditionDraft:
		return "Draft — the Committee's experts are preparing it"
	case model.EditionWithState:
		if e.Agreed {
			return fmt.Sprintf("Agreed by %s on %s — awaiting the Committee's approval", name, e.AgreedAt.Format("2 January 2006"))
		}
		return fmt.Sprintf("With %s since %s — awaiting %s's agreement", name, e.SentAt.Format("2 January 2006"), name)
	case model.EditionApproved:
		return "Approved by the 1540 Committee on " + e.ApprovedAt.Format("2 January 2006")
	case model.EditionSuperseded:
		return "Superseded by a later approved edition"
	}
	return e.Status.Label()
}
