package policy

import (
	"errors"

	"napx/internal/model"
)

// The rules of events (issue 6), beside the one policy they bend. An
// event is owned by its organiser: reading it follows CanRead. The
// organiser's rights (set quotas, confirm, decline, agenda, materials,
// follow-ups) belong to the organiser organisation's editors and
// coordinators, that is CanWrite. Nominations belong to each invited
// delegation's coordinator and are tied to the coordinator's own
// organisation: nothing in a request (a link, a parameter) can make an
// account act for another delegation.

// Standing is what the service found out about a viewer's organisation
// and one event.
type Standing struct {
	Invited   bool // the organisation has a quota at the event (it was invited)
	Partner   bool // the organisation is one of the event's partners
	Delegate  bool // the organisation has a confirmed (or attended) delegate
	Presenter bool // the account chairs or speaks in a session
}

// ErrNominationsClosed is returned when a delegation's coordinator would
// nominate, substitute or withdraw after the nomination deadline.
var ErrNominationsClosed = errors.New("the nomination deadline has passed")

// CanOrganise reports whether v exercises the organiser's rights over ev.
func CanOrganise(v model.Viewer, ev Record) bool { return CanWrite(v, ev) }

// Organise is Write for the organiser's steps.
func Organise(v model.Viewer, ev Record) error { return Write(v, ev) }

// OrganiserStaff reports whether v belongs to the organiser organisation
// (any role: its viewers read the whole participant list and materials
// before release, but do not act).
func OrganiserStaff(v model.Viewer, ev Record) bool {
	return v.IsSystem() || (v.SignedIn() && v.Org() == ev.Owner)
}

// ConfirmedParticipant reports whether v counts among an event's
// confirmed participants, for what is meant for them (materials,
// contacts, the participant list): the organiser's staff, the partners,
// a delegation with a confirmed delegate, and the chairs and speakers.
func ConfirmedParticipant(v model.Viewer, ev Record, s Standing) bool {
	if !CanRead(v, ev) {
		return false
	}
	return OrganiserStaff(v, ev) || (v.SignedIn() && (s.Partner || s.Delegate || s.Presenter))
}

// Nominate decides whether v may nominate a delegate for delegation:
// only the coordinator of that very delegation, and only when it was
// invited. open says whether the nomination deadline has not passed.
func Nominate(v model.Viewer, ev Record, delegation string, s Standing, open bool) error {
	switch {
	case !CanRead(v, ev):
		return model.ErrNotFound
	case v.IsSystem():
		return nil
	case !v.SignedIn():
		return model.ErrUnauthenticated
	case v.Org() != delegation, v.Role() != model.RoleCoordinator, !s.Invited:
		return model.ErrForbidden
	case !open:
		return ErrNominationsClosed
	}
	return nil
}

// NominationStep is a change to a delegate.
type NominationStep int

// The steps.
const (
	StepSubstitute NominationStep = iota + 1 // another person in the same place
	StepWithdraw                             // the delegation withdraws its delegate
	StepConfirm                              // the organiser confirms
	StepDecline                              // the organiser declines
	StepAttendance                           // the organiser records attended or no-show
)

// StepOf names the step that moves a delegate to status to.
func StepOf(to model.ParticipantStatus) NominationStep {
	switch to {
	case model.StatusWithdrawn:
		return StepWithdraw
	case model.StatusConfirmed:
		return StepConfirm
	case model.StatusDeclined:
		return StepDecline
	case model.StatusAttended, model.StatusNoShow:
		return StepAttendance
	}
	return 0
}

// ChangeNomination decides whether v may take step for a delegate of
// delegation. The organiser confirms, declines and records attendance at
// any time, and may also withdraw or substitute (on the delegation's
// word). The delegation's coordinator substitutes and withdraws its own
// delegates until the nomination deadline (open).
func ChangeNomination(v model.Viewer, ev Record, delegation string, step NominationStep, open bool) error {
	switch {
	case !CanRead(v, ev):
		return model.ErrNotFound
	case CanOrganise(v, ev):
		if step == 0 {
			return model.ErrForbidden
		}
		return nil
	case !v.SignedIn():
		return model.ErrUnauthenticated
	case step != StepSubstitute && step != StepWithdraw:
		return model.ErrForbidden
	case v.Org() != delegation || v.Role() != model.RoleCoordinator:
		return model.ErrForbidden
	case !open:
		return ErrNominationsClosed
	}
	return nil
}

// ParticipantVisible reports whether v may see a delegate of delegation
// with status st: the organiser's staff see everyone; a delegation sees
// its own delegates; confirmed participants see who else is confirmed.
// Everyone else sees the numbers only.
func ParticipantVisible(v model.Viewer, ev Record, delegation string, st model.ParticipantStatus, s Standing) bool {
	switch {
	case !CanRead(v, ev):
		return false
	case OrganiserStaff(v, ev):
		return true
	case v.SignedIn() && v.Org() == delegation:
		return true
	}
	return st.Confirmed() && ConfirmedParticipant(v, ev, s)
}

// MaterialVisible reports whether v may see (and fetch) a material meant
// for audience, released or not yet: the organiser's staff always; others
// once it is released and when they are in its audience.
func MaterialVisible(v model.Viewer, ev Record, audience model.Audience, released bool, s Standing) bool {
	switch {
	case !CanRead(v, ev):
		return false
	case OrganiserStaff(v, ev):
		return true
	case !released:
		return false
	}
	return inAudience(v, ev, audience, s)
}

// ContactVisible reports whether v sees an event contact meant for
// audience. (Its e-mail and phone are narrower still: FieldVisible at
// model.ContactDetailsVisibility.)
func ContactVisible(v model.Viewer, ev Record, audience model.Audience, s Standing) bool {
	return CanRead(v, ev) && (OrganiserStaff(v, ev) || inAudience(v, ev, audience, s))
}

func inAudience(v model.Viewer, ev Record, audience model.Audience, s Standing) bool {
	switch audience {
	case model.AudiencePublic:
		return true
	case model.AudienceSignedIn:
		return v.SignedIn() || v.IsSystem()
	case model.AudienceConfirmed:
		return ConfirmedParticipant(v, ev, s)
	}
	return false
}

// UpdateFollowUp decides whether v may change a follow-up action owned by
// owner: the organiser, and the owner organisation's editors and
// coordinators (who report progress on what they took on).
func UpdateFollowUp(v model.Viewer, ev Record, owner string) error {
	allowed := CanOrganise(v, ev) || (v.SignedIn() && v.Org() == owner && v.Role().AtLeast(model.RoleEditor))
	return Decide(v, ev, allowed)
}
