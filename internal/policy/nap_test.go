package policy

import (
	"testing"

	"napx/internal/model"
)

func TestNAPVisibility(t *testing.T) {
	for _, tt := range []struct {
		status model.NAPStatus
		shared bool
		want   model.Visibility
	}{
		{model.NAPDraft, false, model.VisPrivate},
		{model.NAPAdopted, false, model.VisPrivate},
		{model.NAPSubmitted, false, model.VisCommittee},
		{model.NAPPublished, false, model.VisPublic},
		{model.NAPWithdrawn, false, model.VisPrivate},
		{model.NAPDraft, true, model.VisShared},
		{model.NAPAdopted, true, model.VisShared},
		{model.NAPSubmitted, true, model.VisShared},
		{model.NAPPublished, true, model.VisPublic},
		{model.NAPWithdrawn, true, model.VisPrivate},
	} {
		if got := NAPVisibility(tt.status, tt.shared); got != tt.want {
			t.Errorf("%s shared=%v: %s, want %s", tt.status, tt.shared, got, tt.want)
		}
	}
}

// TestMoveNAP: only the State's coordinator takes the workflow steps; an
// editor is forbidden; whoever may not read the plan gets not found.
func TestMoveNAP(t *testing.T) {
	acc := func(org string, role model.Role, kind model.OrgKind) model.Viewer {
		return model.Viewer{Account: &model.Account{ID: 1, Org: org, Role: role}, OrgKind: kind}
	}
	draft := model.NAP{State: "HRV", Status: model.NAPDraft, Visibility: model.VisPrivate}
	submitted := model.NAP{State: "HRV", Status: model.NAPSubmitted, Visibility: model.VisCommittee}
	for _, tt := range []struct {
		who  model.Viewer
		plan model.NAP
		want error
	}{
		{acc("HRV", model.RoleCoordinator, model.OrgState), draft, nil},
		{acc("HRV", model.RoleEditor, model.OrgState), draft, model.ErrForbidden},
		{acc("HRV", model.RoleViewer, model.OrgState), draft, model.ErrForbidden},
		{acc("SRB", model.RoleCoordinator, model.OrgState), draft, model.ErrNotFound},
		{acc("UNSC1540", model.RoleCoordinator, model.OrgCommittee), draft, model.ErrNotFound},
		{acc("UNSC1540", model.RoleCoordinator, model.OrgCommittee), submitted, model.ErrForbidden},
		{model.Anonymous, draft, model.ErrNotFound},
		{model.SystemViewer("demo"), draft, nil},
	} {
		if got := MoveNAP(tt.who, tt.plan); got != tt.want {
			t.Errorf("%s on a %s plan: %v, want %v", tt.who.Label(), tt.plan.Status, got, tt.want)
		}
	}
}
