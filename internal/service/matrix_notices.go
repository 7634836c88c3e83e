package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
)

// What the matrix review notifies, and whom (issue 10, item 3): each step
// tells the other side — sent → the State; agreed and changes requested →
// the Committee's experts; approved → the State.

func matrixRef(e model.MatrixEdition) model.RecordRef {
	return model.RecordRef{Kind: "matrix-edition", ID: editionRef(e)}
}

// experts are the recipients on the Committee's side of a review: the
// editors and coordinators of the Committee and its Group of Experts.
func (m *Matrix) experts() []model.OrgRecipients {
	var out []model.OrgRecipients
	for _, o := range m.cat.Organizations {
		if model.OrgKind(o.Kind) == model.OrgCommittee {
			out = append(out, model.OrgRecipients{Org: o.Code, Role: model.RoleEditor})
		}
	}
	return out
}

// reviewNotice is the notice of a review step, to the other side.
func (m *Matrix) reviewNotice(e model.MatrixEdition, action, note string, by model.Viewer) (model.Notice, bool) {
	state := model.ArgOrg(e.State)
	n := model.Notice{Record: matrixRef(e), URL: "/states/" + e.State + "/matrix", Body: note}
	theState := model.Recipients{Orgs: []model.OrgRecipients{{Org: e.State, Role: model.RoleEditor}}, Except: []int64{by.ID()}}
	theExperts := model.Recipients{Orgs: m.experts(), Except: []int64{by.ID()}}
	switch action {
	case "sent":
		n.Kind, n.To = model.NoticeMatrixSent, theState
		n.Msg = model.Msg("svcnotices.matrix.sent", model.ArgNum(e.Number), state)
	case "agreed":
		n.Kind, n.To = model.NoticeMatrixAgreed, theExperts
		n.Msg = model.Msg("svcnotices.matrix.agreed", model.ArgNum(e.Number), state)
	case "changes-requested":
		n.Kind, n.To = model.NoticeMatrixChanges, theExperts
		n.Msg = model.Msg("svcnotices.matrix.changes", model.ArgNum(e.Number), state)
	case "approved":
		n.Kind, n.To = model.NoticeMatrixApproved, theState
		n.Msg = model.Msg("svcnotices.matrix.approved", model.ArgNum(e.Number), state)
	default:
		return n, false
	}
	return n, true
}

// registerMatrixRecords tells notifications how to find an edition
// ("HRV/3"): the policy decides on it as on the edition's page.
func (m *Matrix) registerMatrixRecords(n *Notifications) {
	n.RegisterRecord("matrix-edition", func(ctx context.Context, id string) (RecordInfo, error) {
		state, num, ok := strings.Cut(id, "/")
		number, err := strconv.Atoi(num)
		if !ok || err != nil || number <= 0 || m.cat.State(state) == nil {
			return RecordInfo{}, model.ErrNotFound
		}
		e, err := m.db.MatrixEdition(ctx, strings.ToUpper(state), number)
		if err != nil {
			return RecordInfo{}, err
		}
		return RecordInfo{Record: policy.MatrixRecord(e.State, e.Status),
			Title: fmt.Sprintf("edition %d of %s's 1540 matrix", e.Number, m.cat.OrgName(e.State)), URL: "/states/" + e.State + "/matrix"}, nil
	})
}
