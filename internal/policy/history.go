package policy

import "napx/internal/model"

// Recorded history (issue 16). A national report and the dated facts of a
// State's records belong to the State; reading follows the record. Who
// records them bends "the owner writes" in one way: the Committee level
// (the Committee, its experts and the secretariat) records what the
// Committee received — a State's reports, and a further source for a
// dated fact — beside the State's own editors. Deciding between
// conflicting sources is the Committee's alone.

// ReportRecord is what the policy knows of a national report; its
// document is read under the same record.
func ReportRecord(r model.NationalReport) Record {
	return Record{Owner: r.State, Visibility: r.Visibility}
}

// ReceivesForCommittee reports whether v records what the Committee
// received: an editor or coordinator of the Committee, its experts or the
// secretariat.
func ReceivesForCommittee(v model.Viewer) bool {
	if v.IsSystem() {
		return true
	}
	return v.CommitteeLevel() && v.Role().AtLeast(model.RoleEditor)
}

// CanRecordFor reports whether v may record history of state's records:
// a national report, a further source for a dated fact. The State's own
// editors and coordinators, and the Committee level for what it received.
func CanRecordFor(v model.Viewer, state string) bool {
	return CanCreate(v, state) || ReceivesForCommittee(v)
}

// RecordFor is CanRecordFor for a new record of state, as an error
// (unauthenticated or forbidden).
func RecordFor(v model.Viewer, state string) error {
	switch {
	case CanRecordFor(v, state):
		return nil
	case !v.SignedIn():
		return model.ErrUnauthenticated
	}
	return model.ErrForbidden
}

// RecordOn decides recording history on the existing record r (changing
// a report, adding a source to one of its facts): not found for whoever
// may not read it.
func RecordOn(v model.Viewer, r Record) error { return decide(v, r, CanRecordFor(v, r.Owner)) }

// CanResolve reports whether v decides between conflicting sources: an
// editor or coordinator of the 1540 Committee itself.
func CanResolve(v model.Viewer) bool {
	if v.IsSystem() {
		return true
	}
	return v.SignedIn() && v.OrgKind == model.OrgCommittee && v.Org() == Committee && v.Role().AtLeast(model.RoleEditor)
}

// Resolve decides resolving a disputed fact of the record r.
func Resolve(v model.Viewer, r Record) error { return decide(v, r, CanResolve(v)) }
