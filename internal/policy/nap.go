package policy

import "napx/internal/model"

// NAPVisibility is the reading level a National Implementation Action Plan
// has in a status (issue 4): a draft, an adopted plan and a withdrawn one
// are the State's own; a submitted plan is read at the Committee level; a
// published plan is public. When the State's coordinator has shared the
// plan earlier with named organisations or groups (shared), a level below
// "shared" is raised to "shared", so those principals read it too; a
// withdrawn plan goes back to the State alone whatever was shared.
func NAPVisibility(status model.NAPStatus, shared bool) model.Visibility {
	var v model.Visibility
	switch status {
	case model.NAPSubmitted:
		v = model.VisCommittee
	case model.NAPPublished:
		v = model.VisPublic
	case model.NAPWithdrawn:
		return model.VisPrivate
	default:
		v = model.VisPrivate
	}
	if shared && v.Rank() < model.VisShared.Rank() {
		v = model.VisShared
	}
	return v
}

// NAPRecord is what the policy knows of a plan; its actions, sections,
// submissions and files are read and written under the same record.
func NAPRecord(n model.NAP) Record {
	return Record{Owner: n.State, Visibility: n.Visibility, SharedWith: n.SharedWith}
}

// MoveNAP decides a workflow step (adopt, submit, publish, withdraw) and
// a change of sharing: only the State's coordinator takes them. It answers
// like Coordinate: not found for whoever may not read the plan.
func MoveNAP(v model.Viewer, n model.NAP) error { return Coordinate(v, NAPRecord(n)) }

// CanReadSubmission reports whether v may read what a plan's State
// submitted to the Committee (a numbered submission, frozen): whoever may
// read the plan now, and the Committee level always — a withdrawal makes
// the plan the State's alone again, but what was submitted to the
// Committee stays with the Committee (issue 18, item 2).
func CanReadSubmission(v model.Viewer, plan Record) bool {
	return CanRead(v, plan) || v.CommitteeLevel()
}

// ReadSubmission is CanReadSubmission as the error a refused read gets.
func ReadSubmission(v model.Viewer, plan Record) error {
	if CanReadSubmission(v, plan) {
		return nil
	}
	return model.ErrNotFound
}

// SubmissionFilter is CanReadSubmission as an SQL condition on the plans
// (aliased alias) of the submissions listed; placeholders from next.
func SubmissionFilter(v model.Viewer, alias, kind string, next int) Filter {
	if v.CommitteeLevel() {
		return Filter{SQL: "1 = 1"}
	}
	return ReadFilter(v, alias, kind, next)
}
