package service

import (
	"context"
	"fmt"
	"strconv"

	"napx/internal/model"
)

// What plans notify, and whom (issue 10, item 3): a plan submitted →
// the Committee; published → followers (napPublished); an action
// overdue → the owning State's editors and coordinators (a daily scan).

func napRef(n model.NAP) model.RecordRef {
	return model.RecordRef{Kind: "nap", ID: strconv.FormatInt(n.ID, 10)}
}

// napSubmitted tells the 1540 Committee and its secretariat that a plan
// was submitted to the Committee (again, for a later submission).
func (s *NAPs) napSubmitted(n model.NAP, sub model.NAPSubmission, by model.Viewer) model.Notice {
	msg := model.Msg("svcnotices.nap.submitted", model.ArgOrg(n.State), titleArg(n.Title))
	if sub.Number > 1 {
		msg = model.Msg("svcnotices.nap.resubmitted", model.ArgNum(sub.Number), model.ArgOrg(n.State), titleArg(n.Title))
	}
	return model.Notice{Kind: model.NoticeNAPSubmitted, Record: napRef(n), Msg: msg,
		URL: fmt.Sprintf("/naps/%d", n.ID),
		To:  model.Recipients{Committee: model.RoleViewer, Except: []int64{by.ID()}}}
}

// scanOverdueActions tells a State's editors and coordinators of each
// action of its plans that is past its due day and neither completed nor
// cancelled: once per action and due day.
func (s *NAPs) scanOverdueActions(ctx context.Context, day model.Date) error {
	overdue, err := s.db.OverdueNAPActions(ctx, day)
	if err != nil {
		return err
	}
	for _, o := range overdue {
		a, p := o.Action, o.Plan
		n := model.Notice{Kind: model.NoticeNAPActionOverdue, Record: napRef(p),
			Msg: model.Msg("svcnotices.nap.overdue", titleArg(a.Title), model.ArgOrg(p.State), titleArg(p.Title), model.ArgDate(a.Due)),
			URL: fmt.Sprintf("/naps/%d/actions/%d", p.ID, a.ID),
			To:  model.Recipients{Orgs: []model.OrgRecipients{{Org: p.State, Role: model.RoleEditor}}}}
		if err := s.notify.SendOnce(ctx, n, fmt.Sprintf("nap.action-overdue:%d:%s", a.ID, a.Due)); err != nil {
			return err
		}
	}
	return nil
}
