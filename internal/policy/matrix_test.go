package policy_test

import (
	"errors"
	"testing"

	"napx/internal/model"
	"napx/internal/policy"
)

// TestMatrixPolicyTable is the matrix exception written out by hand: for
// Croatia's matrix, who may edit, send, answer (agree or ask for
// changes), comment and approve, on a draft (Committee-level record) and
// on an approved edition (public record), and what everyone else gets.
func TestMatrixPolicyTable(t *testing.T) {
	vs := viewers(t)
	draft := policy.MatrixRecord("HRV", model.EditionDraft)
	withState := policy.MatrixRecord("HRV", model.EditionWithState)
	approved := policy.MatrixRecord("HRV", model.EditionApproved)
	if draft.Visibility != model.VisCommittee || withState.Visibility != model.VisCommittee || approved.Visibility != model.VisPublic ||
		policy.MatrixRecord("HRV", model.EditionSuperseded).Visibility != model.VisPublic {
		t.Fatalf("edition records: %+v %+v %+v", draft, withState, approved)
	}
	const (
		ok     = "allowed"
		nf     = "not found"
		forbid = "forbidden"
		signin = "sign in"
	)
	outcome := func(err error) string {
		switch {
		case err == nil:
			return ok
		case errors.Is(err, model.ErrNotFound):
			return nf
		case errors.Is(err, model.ErrForbidden):
			return forbid
		case errors.Is(err, model.ErrUnauthenticated):
			return signin
		}
		return err.Error()
	}
	type action struct {
		name string
		rec  policy.Record
		fn   func(model.Viewer, policy.Record) error
		want map[string]string // by viewer; everyone unnamed gets the default
		def  string
	}
	// On a Committee-level record, the outsiders (other States, IAEA,
	// OPCW, RACVIAC, programmes, the anonymous) may not even read it.
	insidersForbidden := func(allowed ...string) map[string]string {
		m := map[string]string{
			"owner viewer": forbid, "owner editor": forbid, "owner coordinator": forbid,
			"committee expert": forbid, "committee coordinator": forbid, "UNODA viewer": forbid, "admin of another org": forbid,
			"system": ok,
		}
		for _, a := range allowed {
			m[a] = ok
		}
		return m
	}
	publicForbidden := func(allowed ...string) map[string]string {
		m := map[string]string{"anonymous": signin, "system": ok}
		for _, a := range allowed {
			m[a] = ok
		}
		return m
	}
	actions := []action{
		{"edit a draft", draft, policy.EditMatrix, insidersForbidden("committee expert", "committee coordinator"), nf},
		{"edit (open a draft from) an approved edition", approved, policy.EditMatrix, publicForbidden("committee expert", "committee coordinator"), forbid},
		{"send a draft", draft, policy.SendMatrix, insidersForbidden("committee expert", "committee coordinator"), nf},
		{"agree or ask for changes", withState, policy.AnswerMatrix, insidersForbidden("owner coordinator"), nf},
		{"comment", withState, policy.CommentMatrix, insidersForbidden("owner coordinator", "committee expert", "committee coordinator"), nf},
		{"approve", withState, policy.ApproveMatrix, insidersForbidden("committee coordinator"), nf},
		{"read a draft", draft, func(v model.Viewer, r policy.Record) error { return policy.Read(v, r) }, map[string]string{
			"owner viewer": ok, "owner editor": ok, "owner coordinator": ok, "system": ok,
			"committee expert": ok, "committee coordinator": ok, "UNODA viewer": ok, "admin of another org": ok}, nf},
		{"read an approved edition", approved, func(v model.Viewer, r policy.Record) error { return policy.Read(v, r) }, nil, ok},
	}
	n := 0
	for _, a := range actions {
		for name, v := range vs {
			want, found := a.want[name]
			if !found {
				want = a.def
			}
			if got := outcome(a.fn(v, a.rec)); got != want {
				t.Errorf("%s by %s: %s, want %s", a.name, name, got, want)
			}
			n++
		}
	}
	// Who sees the Committee-level details of a published matrix.
	details := map[string]bool{"owner viewer": true, "owner editor": true, "owner coordinator": true, "system": true,
		"committee expert": true, "committee coordinator": true, "UNODA viewer": true, "admin of another org": true}
	for name, v := range vs {
		if got := policy.MatrixDetailsVisible(v, "HRV"); got != details[name] {
			t.Errorf("details of HRV's matrix visible to %s: %v", name, got)
		}
		n++
	}
	t.Logf("%d matrix policy cases", n)
}

// TestMatrixRolesOutsideTheirOrganisation: a State's coordinator answers
// only for its own State, and roles of other kinds of organisations never
// make anyone an expert.
func TestMatrixRolesOutsideTheirOrganisation(t *testing.T) {
	vs := viewers(t)
	if policy.CanAnswerMatrix(vs["SEE State coordinator"], "HRV") || !policy.CanAnswerMatrix(vs["SEE State coordinator"], "SRB") {
		t.Error("a State's coordinator answers for its own State only")
	}
	for _, name := range []string{"UNODA viewer", "RACVIAC coordinator", "IAEA editor", "owner coordinator", "admin of another org"} {
		if policy.IsMatrixExpert(vs[name]) {
			t.Errorf("%s counted as a matrix expert", name)
		}
	}
	if policy.CanApproveMatrix(vs["committee expert"]) || !policy.CanApproveMatrix(vs["committee coordinator"]) {
		t.Error("only the Committee's coordinator approves")
	}
	// The Group of Experts is its own organisation of kind committee: its
	// people read at the Committee level and write matrices, but its
	// coordinator does not approve them (the Committee does).
	goe := func(role model.Role) model.Viewer {
		return model.Viewer{Account: &model.Account{ID: 2, Email: string(role) + "@goe", Org: "UNSC1540-GOE", Role: role}, OrgKind: model.OrgCommittee}
	}
	if !policy.IsMatrixExpert(goe(model.RoleEditor)) || !policy.IsMatrixExpert(goe(model.RoleCoordinator)) || policy.IsMatrixExpert(goe(model.RoleViewer)) {
		t.Error("the Group of Experts' editors and coordinators write matrices, its viewers do not")
	}
	if policy.CanApproveMatrix(goe(model.RoleCoordinator)) {
		t.Error("the Group of Experts' coordinator approves a matrix: only the Committee's does")
	}
	if !goe(model.RoleViewer).CommitteeLevel() || !policy.CanRead(goe(model.RoleViewer), policy.MatrixRecord("HRV", model.EditionWithState)) {
		t.Error("the Group of Experts does not read at the Committee level")
	}
	if err := policy.ApproveMatrix(goe(model.RoleCoordinator), policy.MatrixRecord("HRV", model.EditionWithState)); !errors.Is(err, model.ErrForbidden) {
		t.Errorf("the Group of Experts' coordinator approving: %v, want forbidden", err)
	}
	// A State coordinator of a State that is not the owner is refused
	// even on an approved (public) edition: forbidden, not not-found.
	if err := policy.AnswerMatrix(vs["SEE State coordinator"], policy.MatrixRecord("HRV", model.EditionApproved)); !errors.Is(err, model.ErrForbidden) {
		t.Errorf("another State answering on a public edition: %v", err)
	}
}
