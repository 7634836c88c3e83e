package policy_test

import (
	"errors"
	"testing"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
)

// The event of these tables is RACVIAC's; HRV is an invited delegation.
var (
	evParticipants = policy.Record{Owner: "RACVIAC", Visibility: model.VisParticipants}
	evPublic       = policy.Record{Owner: "RACVIAC", Visibility: model.VisPublic}
	evPrivate      = policy.Record{Owner: "RACVIAC", Visibility: model.VisPrivate}
	invited        = policy.Standing{Invited: true}
)

func sameErr(got, want error) bool {
	if want == nil {
		return got == nil
	}
	return errors.Is(got, want)
}

func TestNominateTable(t *testing.T) {
	vs := viewers(t)
	vs["HRV editor"] = vs["owner editor"]
	vs["RACVIAC editor"] = mkViewer(t, "RACVIAC", model.RoleEditor)
	tests := []struct {
		name       string
		who        string
		ev         policy.Record
		delegation string
		standing   policy.Standing
		open       bool
		want       error
	}{
		{"the invited delegation's coordinator, before the deadline", "owner coordinator", evParticipants, "HRV", invited, true, nil},
		{"the invited delegation's coordinator, after the deadline", "owner coordinator", evParticipants, "HRV", invited, false, policy.ErrNominationsClosed},
		{"a coordinator whose delegation was not invited", "owner coordinator", evParticipants, "HRV", policy.Standing{}, true, model.ErrForbidden},
		{"the delegation's editor", "HRV editor", evParticipants, "HRV", invited, true, model.ErrForbidden},
		{"the delegation's viewer", "owner viewer", evParticipants, "HRV", invited, true, model.ErrForbidden},
		{"another delegation's coordinator nominating for HRV", "SEE State coordinator", evParticipants, "HRV", invited, true, model.ErrForbidden},
		{"the organiser nominating for HRV", "RACVIAC coordinator", evParticipants, "HRV", invited, true, model.ErrForbidden},
		{"the organiser's editor nominating for HRV", "RACVIAC editor", evParticipants, "HRV", invited, true, model.ErrForbidden},
		{"anonymous, on a participants event (cannot read it)", "anonymous", evParticipants, "HRV", invited, true, model.ErrNotFound},
		{"anonymous, on a public event", "anonymous", evPublic, "HRV", invited, true, model.ErrUnauthenticated},
		{"an invited coordinator on a private event it cannot read", "owner coordinator", evPrivate, "HRV", invited, true, model.ErrNotFound},
		{"napx itself (the demo)", "system", evPrivate, "HRV", invited, false, nil},
		{"the Committee's coordinator, invited, for itself", "committee coordinator", evParticipants, "UNSC1540", invited, true, nil},
		{"the Committee's coordinator for HRV", "committee coordinator", evParticipants, "HRV", invited, true, model.ErrForbidden},
	}
	for _, tt := range tests {
		got := policy.Nominate(vs[tt.who], tt.ev, tt.delegation, tt.standing, tt.open)
		if !sameErr(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestChangeNominationTable(t *testing.T) {
	vs := viewers(t)
	vs["RACVIAC editor"] = mkViewer(t, "RACVIAC", model.RoleEditor)
	vs["RACVIAC viewer"] = mkViewer(t, "RACVIAC", model.RoleViewer)
	type row struct {
		who  string
		step policy.NominationStep
		open bool
		want error
	}
	var tests []row
	// The organiser (editors and coordinators) may take every step, at any time.
	for _, who := range []string{"RACVIAC coordinator", "RACVIAC editor", "system"} {
		for _, step := range []policy.NominationStep{policy.StepSubstitute, policy.StepWithdraw, policy.StepConfirm, policy.StepDecline, policy.StepAttendance} {
			for _, open := range []bool{true, false} {
				tests = append(tests, row{who, step, open, nil})
			}
		}
	}
	// The organiser's viewer reads but does not act.
	tests = append(tests, row{"RACVIAC viewer", policy.StepConfirm, true, model.ErrForbidden})
	// The delegation's coordinator substitutes and withdraws until the deadline; it never confirms.
	tests = append(tests,
		row{"owner coordinator", policy.StepSubstitute, true, nil},
		row{"owner coordinator", policy.StepWithdraw, true, nil},
		row{"owner coordinator", policy.StepSubstitute, false, policy.ErrNominationsClosed},
		row{"owner coordinator", policy.StepWithdraw, false, policy.ErrNominationsClosed},
		row{"owner coordinator", policy.StepConfirm, true, model.ErrForbidden},
		row{"owner coordinator", policy.StepDecline, true, model.ErrForbidden},
		row{"owner coordinator", policy.StepAttendance, true, model.ErrForbidden},
		row{"owner editor", policy.StepWithdraw, true, model.ErrForbidden},
		row{"owner viewer", policy.StepSubstitute, true, model.ErrForbidden},
		row{"SEE State coordinator", policy.StepWithdraw, true, model.ErrForbidden},
		row{"committee coordinator", policy.StepWithdraw, true, model.ErrForbidden},
		row{"anonymous", policy.StepWithdraw, true, model.ErrNotFound},
	)
	for _, tt := range tests {
		got := policy.ChangeNomination(vs[tt.who], evParticipants, "HRV", tt.step, tt.open)
		if !sameErr(got, tt.want) {
			t.Errorf("%s, step %d, open %v: %v, want %v", tt.who, tt.step, tt.open, got, tt.want)
		}
	}
	if err := policy.ChangeNomination(vs["owner coordinator"], evPrivate, "HRV", policy.StepWithdraw, true); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a delegation on an event it cannot read: %v", err)
	}
	if err := policy.ChangeNomination(vs["anonymous"], evPublic, "HRV", policy.StepWithdraw, true); !errors.Is(err, model.ErrUnauthenticated) {
		t.Errorf("anonymous on a public event: %v", err)
	}
}

func TestParticipantVisibleTable(t *testing.T) {
	vs := viewers(t)
	vs["RACVIAC viewer"] = mkViewer(t, "RACVIAC", model.RoleViewer)
	delegate := policy.Standing{Invited: true, Delegate: true}
	tests := []struct {
		who      string
		ev       policy.Record
		st       model.ParticipantStatus
		standing policy.Standing
		want     bool
	}{
		{"RACVIAC coordinator", evParticipants, model.StatusWaitlisted, policy.Standing{}, true},
		{"RACVIAC viewer", evParticipants, model.StatusNominated, policy.Standing{}, true},
		{"owner viewer", evParticipants, model.StatusWaitlisted, invited, true}, // HRV's own delegate
		{"SEE State coordinator", evParticipants, model.StatusWaitlisted, delegate, false},
		{"SEE State coordinator", evParticipants, model.StatusNominated, delegate, false},
		{"SEE State coordinator", evParticipants, model.StatusConfirmed, delegate, true},
		{"SEE State coordinator", evParticipants, model.StatusAttended, delegate, true},
		{"SEE State coordinator", evParticipants, model.StatusConfirmed, invited, false}, // invited, none confirmed yet
		{"committee expert", evParticipants, model.StatusConfirmed, policy.Standing{Partner: true}, true},
		{"IAEA editor", evParticipants, model.StatusConfirmed, policy.Standing{}, false},
		{"anonymous", evPublic, model.StatusConfirmed, policy.Standing{}, false},
		{"system", evPrivate, model.StatusWaitlisted, policy.Standing{}, true},
		{"owner viewer", evPrivate, model.StatusConfirmed, delegate, false},
	}
	for _, tt := range tests {
		if got := policy.ParticipantVisible(vs[tt.who], tt.ev, "HRV", tt.st, tt.standing); got != tt.want {
			t.Errorf("%s sees an HRV delegate %s (%+v): %v, want %v", tt.who, tt.st, tt.standing, got, tt.want)
		}
	}
}

func TestMaterialAndContactVisibleTable(t *testing.T) {
	vs := viewers(t)
	vs["RACVIAC viewer"] = mkViewer(t, "RACVIAC", model.RoleViewer)
	delegate := policy.Standing{Invited: true, Delegate: true}
	tests := []struct {
		who      string
		ev       policy.Record
		audience model.Audience
		released bool
		standing policy.Standing
		want     bool
	}{
		{"anonymous", evPublic, model.AudiencePublic, true, policy.Standing{}, true},
		{"anonymous", evPublic, model.AudiencePublic, false, policy.Standing{}, false},
		{"anonymous", evPublic, model.AudienceSignedIn, true, policy.Standing{}, false},
		{"anonymous", evPublic, model.AudienceConfirmed, true, policy.Standing{}, false},
		{"anonymous", evParticipants, model.AudiencePublic, true, policy.Standing{}, false}, // the event itself is not for them
		{"IAEA editor", evPublic, model.AudienceSignedIn, true, policy.Standing{}, true},
		{"IAEA editor", evPublic, model.AudienceConfirmed, true, policy.Standing{}, false},
		{"IAEA editor", evPublic, model.AudienceConfirmed, true, invited, false}, // invited is not confirmed
		{"SEE State coordinator", evPublic, model.AudienceConfirmed, true, delegate, true},
		{"SEE State coordinator", evPublic, model.AudienceConfirmed, false, delegate, false}, // not yet released
		{"committee expert", evPublic, model.AudienceConfirmed, true, policy.Standing{Partner: true}, true},
		{"non-SEE State editor", evPublic, model.AudienceConfirmed, true, policy.Standing{Presenter: true}, true},
		{"RACVIAC viewer", evPublic, model.AudienceConfirmed, false, policy.Standing{}, true}, // the organiser's staff, before release
		{"RACVIAC coordinator", evPrivate, model.AudienceConfirmed, false, policy.Standing{}, true},
		{"owner coordinator", evPrivate, model.AudiencePublic, true, delegate, false},
	}
	for _, tt := range tests {
		if got := policy.MaterialVisible(vs[tt.who], tt.ev, tt.audience, tt.released, tt.standing); got != tt.want {
			t.Errorf("material for %s (released %v) to %s %+v on a %s event: %v, want %v", tt.audience, tt.released, tt.who, tt.standing, tt.ev.Visibility, got, tt.want)
		}
		if !tt.released {
			continue
		}
		if got := policy.ContactVisible(vs[tt.who], tt.ev, tt.audience, tt.standing); got != tt.want {
			t.Errorf("contact for %s to %s %+v on a %s event: %v, want %v", tt.audience, tt.who, tt.standing, tt.ev.Visibility, got, tt.want)
		}
	}
}

func TestUpdateFollowUpTable(t *testing.T) {
	vs := viewers(t)
	tests := []struct {
		who   string
		ev    policy.Record
		owner string
		want  error
	}{
		{"RACVIAC coordinator", evParticipants, "HRV", nil}, // the organiser
		{"owner editor", evParticipants, "HRV", nil},        // the owner reports progress
		{"owner coordinator", evParticipants, "HRV", nil},   //
		{"owner viewer", evParticipants, "HRV", model.ErrForbidden},
		{"SEE State coordinator", evParticipants, "HRV", model.ErrForbidden},
		{"committee expert", evParticipants, "HRV", model.ErrForbidden},
		{"anonymous", evPublic, "HRV", model.ErrUnauthenticated},
		{"anonymous", evParticipants, "HRV", model.ErrNotFound},
		{"owner editor", evPrivate, "HRV", model.ErrNotFound}, // cannot read the event
		{"system", evPrivate, "HRV", nil},
	}
	for _, tt := range tests {
		if got := policy.UpdateFollowUp(vs[tt.who], tt.ev, tt.owner); !sameErr(got, tt.want) {
			t.Errorf("%s updates an %s follow-up of a %s event: %v, want %v", tt.who, tt.owner, tt.ev.Visibility, got, tt.want)
		}
	}
}

func TestStepOf(t *testing.T) {
	for st, want := range map[model.ParticipantStatus]policy.NominationStep{
		model.StatusWithdrawn: policy.StepWithdraw, model.StatusConfirmed: policy.StepConfirm, model.StatusDeclined: policy.StepDecline,
		model.StatusAttended: policy.StepAttendance, model.StatusNoShow: policy.StepAttendance, model.StatusNominated: 0, model.StatusWaitlisted: 0,
	} {
		if got := policy.StepOf(st); got != want {
			t.Errorf("StepOf(%s) = %d, want %d", st, got, want)
		}
	}
}

func mkViewer(t *testing.T, org string, role model.Role) model.Viewer {
	t.Helper()
	cat := refdata.MustLoad()
	o, ok := cat.Org(org)
	if !ok {
		t.Fatalf("unknown org %s", org)
	}
	v := model.Viewer{Account: &model.Account{ID: 2, Email: string(role) + "@" + org, Org: org, Role: role}, OrgKind: o.Kind}
	for _, m := range cat.GroupsOf(org) {
		v.Groups = append(v.Groups, m.Group.Code)
	}
	return v
}
