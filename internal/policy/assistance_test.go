package policy_test

import (
	"testing"

	"napx/internal/model"
	"napx/internal/policy"
)

// Croatia's request in each state of visibility; MNE files it with HRV.
var (
	reqDraft      = policy.Record{Owner: "HRV", Visibility: model.VisPrivate}
	reqSubmitted  = policy.Record{Owner: "HRV", Visibility: model.VisCommittee}
	reqRegional   = policy.Record{Owner: "HRV", Visibility: model.VisShared, SharedWith: []string{"MNE"}}
	reqCirculated = policy.Record{Owner: "HRV", Visibility: model.VisPublic, SharedWith: []string{"MNE"}}
	provider      = policy.AssistanceStanding{Provider: true}
	none          = policy.AssistanceStanding{}
)

func TestAssistanceVisibility(t *testing.T) {
	for _, tc := range []struct {
		status             model.RequestStatus
		circulated, shared bool
		want               model.Visibility
	}{
		{model.RequestDraft, false, true, model.VisPrivate},
		{model.RequestSubmitted, false, false, model.VisCommittee},
		{model.RequestSubmitted, false, true, model.VisShared},
		{model.RequestAcknowledged, false, false, model.VisCommittee},
		{model.RequestWithheld, false, false, model.VisCommittee},
		{model.RequestCirculated, true, false, model.VisPublic},
		{model.RequestClosed, true, false, model.VisPublic},
		{model.RequestClosed, false, false, model.VisCommittee}, // withheld, then closed: never public
		{model.RequestWithdrawn, true, false, model.VisCommittee},
	} {
		if got := policy.AssistanceVisibility(tc.status, tc.circulated, tc.shared); got != tc.want {
			t.Errorf("%s (circulated %v, shared %v): %s, want %s", tc.status, tc.circulated, tc.shared, got, tc.want)
		}
	}
}

// TestRequestDetailsTable: who reads the template beyond the summary, and
// the Committee's notes.
func TestRequestDetailsTable(t *testing.T) {
	vs := viewers(t)
	vs["MNE editor"] = mkViewer(t, "MNE", model.RoleEditor)
	admin := mkViewer(t, "SRB", model.RoleViewer)
	admin.Account.Admin = true
	vs["SRB admin"] = admin
	for _, tc := range []struct {
		who            string
		rec            policy.Record
		st             policy.AssistanceStanding
		details, notes bool
	}{
		{"owner viewer", reqDraft, none, true, false},
		{"committee expert", reqDraft, none, false, false},
		{"committee expert", reqSubmitted, none, true, true},
		{"UNODA viewer", reqSubmitted, none, true, true},
		{"IAEA editor", reqSubmitted, provider, false, false},
		{"MNE editor", reqRegional, none, true, false},
		{"SEE State coordinator", reqRegional, none, false, false},
		{"anonymous", reqCirculated, none, false, false},
		{"SEE State coordinator", reqCirculated, none, false, false},
		{"IAEA editor", reqCirculated, provider, true, false},
		{"OPCW editor", reqCirculated, policy.AssistanceStanding{Matched: true}, true, false},
		{"MNE editor", reqCirculated, none, true, false},
		{"owner viewer", reqCirculated, none, true, false},
		{"committee coordinator", reqCirculated, none, true, true},
		{"SRB admin", reqCirculated, none, false, false}, // the admin flag reads nothing more
		{"system", reqCirculated, none, true, true},
	} {
		v := vs[tc.who]
		if got := policy.RequestDetails(v, tc.rec, tc.st); got != tc.details {
			t.Errorf("%s on a %s request: details %v, want %v", tc.who, tc.rec.Visibility, got, tc.details)
		}
		if got := policy.CommitteeNotes(v, tc.rec); got != tc.notes {
			t.Errorf("%s on a %s request: notes %v, want %v", tc.who, tc.rec.Visibility, got, tc.notes)
		}
	}
}

// TestAssistanceStepsTable: who takes which step.
func TestAssistanceStepsTable(t *testing.T) {
	vs := viewers(t)
	vs["GOE expert"] = mkViewer(t, "UNSC1540-GOE", model.RoleEditor)
	vs["IAEA viewer"] = mkViewer(t, "IAEA", model.RoleViewer)
	for _, tc := range []struct {
		name string
		got  error
		want error
	}{
		{"the coordinator submits", policy.MoveRequest(vs["owner coordinator"], reqDraft), nil},
		{"an editor does not submit", policy.MoveRequest(vs["owner editor"], reqDraft), model.ErrForbidden},
		{"the Committee finds no draft", policy.AcknowledgeRequest(vs["committee expert"], reqDraft), model.ErrNotFound},
		{"the Committee acknowledges", policy.AcknowledgeRequest(vs["committee expert"], reqSubmitted), nil},
		{"UNODA's viewer does not", policy.AcknowledgeRequest(vs["UNODA viewer"], reqSubmitted), model.ErrForbidden},
		{"the State does not acknowledge", policy.AcknowledgeRequest(vs["owner coordinator"], reqSubmitted), model.ErrForbidden},
		{"a provider finds no submitted request", policy.AcknowledgeRequest(vs["IAEA editor"], reqSubmitted), model.ErrNotFound},
		{"the experts confirm a match", policy.ConfirmMatch(vs["GOE expert"], reqCirculated), nil},
		{"the secretariat does not", policy.ConfirmMatch(mkViewer(t, "UNODA", model.RoleEditor), reqCirculated), model.ErrForbidden},
		{"the State does not", policy.ConfirmMatch(vs["owner coordinator"], reqCirculated), model.ErrForbidden},
		{"anonymous is asked to sign in", policy.ConfirmMatch(vs["anonymous"], reqCirculated), model.ErrUnauthenticated},
		{"a provider offers its programme", policy.OfferOnRequest(vs["IAEA editor"], reqCirculated, provider, "IAEA"), nil},
		{"a provider offers another's programme", policy.OfferOnRequest(vs["IAEA editor"], reqCirculated, provider, "OPCW"), model.ErrForbidden},
		{"a provider's viewer does not offer", policy.OfferOnRequest(vs["IAEA viewer"], reqCirculated, provider, "IAEA"), model.ErrForbidden},
		{"a provider finds no request before circulation", policy.OfferOnRequest(vs["IAEA editor"], reqSubmitted, provider, "IAEA"), model.ErrNotFound},
		{"the matched provider delivers", policy.RecordDelivery(vs["OPCW editor"], reqCirculated, "OPCW"), nil},
		{"another provider does not", policy.RecordDelivery(vs["IAEA editor"], reqCirculated, "OPCW"), model.ErrForbidden},
		{"the Committee records a delivery", policy.RecordDelivery(vs["committee expert"], reqCirculated, "OPCW"), nil},
		{"the requester gives feedback and the outcome", policy.GiveFeedback(vs["owner editor"], reqCirculated, model.SideRequester, "OPCW", true), nil},
		{"the requester's viewer does not", policy.GiveFeedback(vs["owner viewer"], reqCirculated, model.SideRequester, "OPCW", false), model.ErrForbidden},
		{"the provider gives its side", policy.GiveFeedback(vs["OPCW editor"], reqCirculated, model.SideProvider, "OPCW", false), nil},
		{"the provider gives no outcome", policy.GiveFeedback(vs["OPCW editor"], reqCirculated, model.SideProvider, "OPCW", true), model.ErrForbidden},
		{"the provider does not speak for the requester", policy.GiveFeedback(vs["OPCW editor"], reqCirculated, model.SideRequester, "OPCW", false), model.ErrForbidden},
		{"a co-requester gives feedback", policy.GiveFeedback(mkViewer(t, "MNE", model.RoleEditor), reqCirculated, model.SideRequester, "OPCW", true), nil},
	} {
		if !sameErr(tc.got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if policy.CanProvide(model.OrgCommittee) || !policy.CanProvide(model.OrgSecretariat) || !policy.CanProvide(model.OrgProgramme) {
		t.Error("CanProvide")
	}
	if policy.CanRequest(model.OrgProgramme) || !policy.CanRequest(model.OrgState) {
		t.Error("CanRequest")
	}
}
