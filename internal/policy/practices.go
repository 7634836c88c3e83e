package policy

import "napx/internal/model"

// The rules of the practices library (issue 12), beside the one policy
// they bend. A practice is owned by the organisation that wrote it; its
// reading level follows its review status; the Committee's experts and
// the secretariat review it, though they do not own it.

// PracticeVisibility is the reading level of a practice in a status: a
// draft is its owner's; while under review (submitted, verified) it is
// read at the Committee level; once published it has the audience its
// owner chose (public by default).
func PracticeVisibility(status model.PracticeStatus, audience model.Visibility) model.Visibility {
	switch status {
	case model.PracticeSubmitted, model.PracticeVerified:
		return model.VisCommittee
	case model.PracticePublished:
		if audience.Valid() {
			return audience
		}
		return model.VisPublic
	}
	return model.VisPrivate
}

// PracticeRecord is what the policy knows of a practice.
func PracticeRecord(p model.Practice) Record {
	return Record{Owner: p.Owner, Visibility: p.Visibility, SharedWith: p.SharedWith}
}

// CanReviewPractice reports whether v verifies or returns practices: the
// editors and coordinators of the Committee (its experts) and of the
// secretariat. Reviewing is the Committee's exception to "the owner
// writes"; an owner never reviews its own practice.
func CanReviewPractice(v model.Viewer, p Record) bool {
	if v.IsSystem() {
		return true
	}
	return v.SignedIn() && v.CommitteeLevel() && v.Role().AtLeast(model.RoleEditor) && v.Org() != p.Owner
}

// ReviewPractice is Write for the review steps (verify, return).
func ReviewPractice(v model.Viewer, p Record) error { return Decide(v, p, CanReviewPractice(v, p)) }

// SubmitPractice decides the owner's step of sending a draft for review:
// the owner's editors and coordinators.
func SubmitPractice(v model.Viewer, p Record) error { return Write(v, p) }

// PublishPractice decides publication, which the owner decides: its
// coordinator.
func PublishPractice(v model.Viewer, p Record) error { return Coordinate(v, p) }
