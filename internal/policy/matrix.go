package policy

import "napx/internal/model"

// The matrix is the one exception to "the owner writes" (DESIGN.md §3): a
// State's matrix belongs to that State, but the Committee's experts write
// it, the State comments on it and agrees to it, and the Committee
// approves it. Reading follows the ordinary rule on the edition's record
// (MatrixRecord): drafts and editions with the State are readable by the
// State and the Committee level, approved editions by everyone. The
// functions below say who may take each step; whether the edition is in a
// status that allows the step is the workflow's business
// (model.EditionStatus.CanMoveTo, checked by the service).

// MatrixRecord is the record the policy decides on for an edition of
// state's matrix in status.
func MatrixRecord(state string, status model.EditionStatus) Record {
	return Record{Owner: state, Visibility: status.Visibility()}
}

// IsMatrixExpert reports whether v writes matrices: an editor or
// coordinator of the 1540 Committee or of its Group of Experts. The
// secretariat reads at the Committee level but does not write matrices.
func IsMatrixExpert(v model.Viewer) bool {
	if v.IsSystem() {
		return true
	}
	return v.SignedIn() && v.OrgKind == model.OrgCommittee && v.Role().AtLeast(model.RoleEditor)
}

// CanEditMatrix reports whether v may edit the cells of state's draft
// (and open a draft by a first edit): the Committee's experts, never the
// State itself.
func CanEditMatrix(v model.Viewer, state string) bool { return IsMatrixExpert(v) }

// CanSendMatrix reports whether v may send state's draft to the State:
// a Committee editor or coordinator.
func CanSendMatrix(v model.Viewer, state string) bool { return IsMatrixExpert(v) }

// CanAnswerMatrix reports whether v may agree to an edition sent to
// state, or ask for changes: the State's coordinator (its point of
// contact).
func CanAnswerMatrix(v model.Viewer, state string) bool {
	if v.IsSystem() {
		return true
	}
	return v.SignedIn() && v.OrgKind == model.OrgState && v.Org() == state && v.Role() == model.RoleCoordinator
}

// CanCommentMatrix reports whether v may comment on the cells of an
// edition with state: the State's coordinator, and the Committee's
// experts answering.
func CanCommentMatrix(v model.Viewer, state string) bool {
	return CanAnswerMatrix(v, state) || IsMatrixExpert(v)
}

// Committee is the organisation code of the 1540 Committee itself. Its
// Group of Experts (UNSC1540-GOE) is a committee-level organisation too,
// but approving a matrix is the Committee's own step.
const Committee = "UNSC1540"

// CanApproveMatrix reports whether v may approve an edition: a
// coordinator of the 1540 Committee itself (not of its Group of Experts,
// who draft the matrices).
func CanApproveMatrix(v model.Viewer) bool {
	if v.IsSystem() {
		return true
	}
	return v.SignedIn() && v.OrgKind == model.OrgCommittee && v.Org() == Committee && v.Role() == model.RoleCoordinator
}

// MatrixDetailsVisible reports whether v sees what the review keeps at the
// Committee level even on a published edition: who changed a cell, the
// comments, and every intermediate change (the public sees the values of
// each published edition).
func MatrixDetailsVisible(v model.Viewer, state string) bool {
	return FieldVisible(v, Record{Owner: state, Visibility: model.VisPublic}, model.VisCommittee)
}

// EditMatrix decides an edit of a cell of the edition whose record is r
// (the open edition, or the one a first edit would copy): nil,
// ErrNotFound (v may not read it), ErrUnauthenticated or ErrForbidden.
func EditMatrix(v model.Viewer, r Record) error { return decide(v, r, CanEditMatrix(v, r.Owner)) }

// SendMatrix decides sending the edition whose record is r to the State.
func SendMatrix(v model.Viewer, r Record) error { return decide(v, r, CanSendMatrix(v, r.Owner)) }

// AnswerMatrix decides agreeing to, or asking for changes in, the edition
// whose record is r.
func AnswerMatrix(v model.Viewer, r Record) error { return decide(v, r, CanAnswerMatrix(v, r.Owner)) }

// CommentMatrix decides a comment on a cell of the edition whose record is r.
func CommentMatrix(v model.Viewer, r Record) error {
	return decide(v, r, CanCommentMatrix(v, r.Owner))
}

// ApproveMatrix decides approving the edition whose record is r.
func ApproveMatrix(v model.Viewer, r Record) error { return decide(v, r, CanApproveMatrix(v)) }
