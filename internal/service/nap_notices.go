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
	again := ""
	if sub.Number > 1 {
		again = fmt.Sprintf(" (submission %d)", sub.Number)
	}
	return model.Notice{Kind: model.NoticeNAPSubmitted, Record: napRef(n),
		Title: noticeTitle("%s submitted its plan %s to the 1540 Committee%s", s.cat.OrgName(n.State), quoted(n.Title), again),
		URL:   fmt.Sprintf("/naps/%d", n.ID),
		To:    model.Recipients{Committee: model.RoleViewer, Except: []int64{by.ID()}}}
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
			Title: noticeTitle("Action %s of %s's plan %s is overdue (due %s)", quoted(a.Title), s.cat.OrgName(p.State), quoted(p.Title), a.Due.Long()),
			URL:   fmt.Sprintf("/naps/%d/actions/%d", p.ID, a.ID),
			To:    model.Recipients{Orgs: []model.OrgRecipients{{Org: p.State, Role: model.RoleEditor}}}}
		if err := s.notify.SendOnce(ctx, n, fmt.Sprintf("nap.action-overdue:%d:%s", a.ID, a.Due)); err != nil {
			return err
		}
	}
	return nil
}
