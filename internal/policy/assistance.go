package policy

import (
	"slices"

	"napx/internal/model"
)

// The rules of assistance (issue 11), beside the one policy they bend.
//
// A request is its requester's (the owner: a State, or the organisation
// filing for a group); the States filing with it and the group it is for
// are named in record_shares. Its visibility follows the procedure
// (AssistanceVisibility): the requester's alone as a draft; the
// requesters', the Committee's and the secretariat's once submitted; public
// once circulated. What the public reads then is a summary, a field-level
// rule: the requester, the title, the areas, the modalities, the status
// and the summary text. The template's details (the description, the
// contact, the beneficiaries, the needs' descriptions ...) are for the
// insiders and for the providers (RequestDetails); the Committee's notes
// for the Committee and the secretariat alone (CommitteeNotes).

// AssistanceVisibility is the reading level of a request in a status,
// shared with the co-requesters and the group when it names any.
func AssistanceVisibility(status model.RequestStatus, circulated, shared bool) model.Visibility {
	switch {
	case status == model.RequestDraft:
		return model.VisPrivate
	case status == model.RequestCirculated, status == model.RequestClosed && circulated:
		return model.VisPublic
	case shared:
		return model.VisShared
	}
	return model.VisCommittee
}

// AssistanceRecord is what the policy knows of a request: its needs,
// offers, matches, deliveries, feedback and history are read under it.
func AssistanceRecord(r model.AssistanceRequest) Record {
	shared := append([]string{}, r.CoRequesters...)
	if r.Group != "" {
		shared = append(shared, r.Group)
	}
	return Record{Owner: r.Owner, Visibility: r.Visibility, SharedWith: shared}
}

// AssistanceStanding is what the service found out about a viewer and a
// request.
type AssistanceStanding struct {
	// Provider: the viewer's organisation keeps a programme in the
	// directory (open or closed).
	Provider bool
	// Matched: a need of the request is matched to a programme of the
	// viewer's organisation.
	Matched bool
}

// coRequester reports whether v files the request with its owner, or is
// a member of the group it is for: a principal of v's is among those the
// record is shared with (for a request: its co-requesters and its group).
func coRequester(v model.Viewer, r Record) bool {
	for _, p := range v.Principals() {
		if slices.Contains(r.SharedWith, p) {
			return true
		}
	}
	return false
}

// RequestInsider reports whether v is one of a request's insiders: its
// requesters, the Committee and the secretariat (and napx itself).
func RequestInsider(v model.Viewer, r Record) bool {
	if !CanRead(v, r) {
		return false
	}
	return v.IsSystem() || (v.SignedIn() && (v.Org() == r.Owner || coRequester(v, r) || v.CommitteeLevel()))
}

// RequestDetails reports whether v reads a request's details (the
// template beyond the public summary): its insiders, and — once it is
// circulated — the providers and the organisation a need was matched to.
func RequestDetails(v model.Viewer, r Record, s AssistanceStanding) bool {
	if RequestInsider(v, r) {
		return true
	}
	return CanRead(v, r) && r.Visibility == model.VisPublic && v.SignedIn() && (s.Provider || s.Matched)
}

// CommitteeNotes reports whether v reads the Committee's notes on a
// request: the Committee and the secretariat, never the requester.
func CommitteeNotes(v model.Viewer, r Record) bool {
	return CanRead(v, r) && (v.IsSystem() || v.CommitteeLevel())
}

// committeeStaff reports whether v acts for the Committee: an editor or
// coordinator of the Committee, its Group of Experts or the secretariat.
func committeeStaff(v model.Viewer) bool {
	return v.IsSystem() || (v.CommitteeLevel() && v.Role().AtLeast(model.RoleEditor))
}

// EditRequest decides a change of a request's template: the requester's
// editors and coordinators (the owner's), the Committee's staff for the
// summary and its notes (committee says the change touches only those).
func EditRequest(v model.Viewer, r Record, committee bool) error {
	if committee {
		return Decide(v, r, committeeStaff(v))
	}
	return Write(v, r)
}

// MoveRequest decides the requester's steps: submit, object, consent to
// circulation, withdraw — the owner's coordinator.
func MoveRequest(v model.Viewer, r Record) error { return Coordinate(v, r) }

// AcknowledgeRequest decides the Committee's steps on a request
// (acknowledge, close): its staff.
func AcknowledgeRequest(v model.Viewer, r Record) error { return Decide(v, r, committeeStaff(v)) }

// ConfirmMatch decides a match: the Committee's experts (the Committee and
// its Group of Experts, not the secretariat).
func ConfirmMatch(v model.Viewer, r Record) error {
	return Decide(v, r, v.IsSystem() || (v.SignedIn() && v.OrgKind == model.OrgCommittee && v.Role().AtLeast(model.RoleEditor)))
}

// OfferOnRequest decides an offer of a programme owned by provider on a
// need of the request: the provider's editors and coordinators, on a
// request whose details they read.
func OfferOnRequest(v model.Viewer, r Record, s AssistanceStanding, provider string) error {
	editor := v.SignedIn() && v.Org() == provider && v.Role().AtLeast(model.RoleEditor)
	return Decide(v, r, v.IsSystem() || (editor && RequestDetails(v, r, s)))
}

// RecordDelivery decides a delivery on a matched need: the matched
// provider's editors and coordinators, and the Committee's staff.
func RecordDelivery(v model.Viewer, r Record, provider string) error {
	return Decide(v, r, committeeStaff(v) || (v.SignedIn() && v.Org() == provider && v.Role().AtLeast(model.RoleEditor)))
}

// GiveFeedback decides feedback on a need from side: the requester's
// editors and coordinators (the owner's, and the co-requesters'), the
// matched provider's, and the Committee's staff on either side. Only the
// requesters and the Committee give a need its outcome.
func GiveFeedback(v model.Viewer, r Record, side model.FeedbackSide, provider string, outcome bool) error {
	editor := v.SignedIn() && v.Role().AtLeast(model.RoleEditor)
	requester := editor && (v.Org() == r.Owner || coRequester(v, r))
	var allowed bool
	switch side {
	case model.SideRequester:
		allowed = committeeStaff(v) || requester
	case model.SideProvider:
		allowed = !outcome && (committeeStaff(v) || (editor && provider != "" && v.Org() == provider))
	}
	return Decide(v, r, allowed)
}

// ProgrammeVisibility is a programme's reading level: a draft is the
// provider's own, the rest is in the public directory.
func ProgrammeVisibility(s model.ProgrammeStatus) model.Visibility {
	if s == model.ProgrammeDraft {
		return model.VisPrivate
	}
	return model.VisPublic
}

// ProgrammeRecord is what the policy knows of a programme.
func ProgrammeRecord(g model.Programme) Record {
	return Record{Owner: g.Provider, Visibility: g.Visibility}
}

// ProgrammeContactVisible reports whether v reads a programme's contact
// e-mail: signed-in accounts, as for a point of contact.
func ProgrammeContactVisible(v model.Viewer, g model.Programme) bool {
	return FieldVisible(v, ProgrammeRecord(g), model.VisParticipants)
}

// CanProvide reports whether an organisation of kind k may keep
// programmes: every kind but the Committee, which matches rather than
// provides (the Committee does not deliver assistance; UNODA and its
// regional centres do).
func CanProvide(k model.OrgKind) bool {
	return slices.Contains([]model.OrgKind{model.OrgState, model.OrgSecretariat, model.OrgInternational, model.OrgRegionalCentre, model.OrgProgramme}, k)
}

// CanRequest reports whether an organisation of kind k may ask for
// assistance: a State, or an international or regional organisation
// filing for a group.
func CanRequest(k model.OrgKind) bool {
	return k == model.OrgState || k == model.OrgInternational || k == model.OrgRegionalCentre
}
