package service

import (
	"context"
	"strconv"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// The assistance procedure on the job engine (issue 10's contract): its
// notices go through Notifications.Send inside the step's transaction,
// its record kind is registered so that every step of a notice asks the
// one policy again, and its timers run as a deadline scan.

// assistanceNotifier sends the procedure's notices through the
// notifications of the job engine.
type assistanceNotifier struct {
	n *Notifications
}

// noticeKinds are the kinds of the procedure's steps.
var assistanceKinds = map[string]model.NoticeKind{
	"submit": model.NoticeAssistanceSubmitted, "acknowledge": model.NoticeAssistanceAcknowledged, "object": model.NoticeAssistanceObjected,
	"circulate": model.NoticeAssistanceCirculated, "consent": model.NoticeAssistanceCirculated, "withdraw": model.NoticeAssistanceClosed,
	"close": model.NoticeAssistanceClosed, "follow-up": model.NoticeAssistanceFollowUp, "offer": model.NoticeAssistanceOffer,
	"match": model.NoticeAssistanceMatch,
}

func (a assistanceNotifier) send(ctx context.Context, tx *store.Tx, n assistanceNotice) error {
	kind, ok := assistanceKinds[n.Step]
	if !ok {
		return nil
	}
	to := model.Recipients{Except: []int64{n.By.ID()}}
	if n.Requesters {
		for _, org := range n.Request.Requesters() {
			to.Orgs = append(to.Orgs, model.OrgRecipients{Org: org, Role: model.RoleEditor})
		}
	}
	if n.Committee {
		to.Committee = model.RoleEditor
	}
	if n.Provider1 && n.Provider != "" {
		to.Orgs = append(to.Orgs, model.OrgRecipients{Org: n.Provider, Role: model.RoleEditor})
	}
	if len(n.AreaProviders) > 0 {
		orgs, err := tx.ProviderOrgs(ctx, n.AreaProviders)
		if err != nil {
			return err
		}
		for _, org := range orgs {
			to.Orgs = append(to.Orgs, model.OrgRecipients{Org: org, Role: model.RoleEditor})
		}
	}
	if to.Empty() {
		return nil
	}
	return a.n.Send(ctx, tx, model.Notice{Kind: kind, Record: model.RecordRef{Kind: "assistance", ID: strconv.FormatInt(n.Request.ID, 10)},
		Msg: n.Msg, URL: n.URL, To: to})
}

// wireAssistance registers the record kind, the notifier and the timers.
func (s *Services) wireAssistance() {
	s.Assistance.notify = assistanceNotifier{n: s.Notifications}
	s.Notifications.RegisterRecord("assistance", func(ctx context.Context, id string) (RecordInfo, error) {
		r, err := s.deps.DB.AssistanceRequest(ctx, parseRecordID(id))
		if err != nil {
			return RecordInfo{}, err
		}
		return RecordInfo{Record: policy.AssistanceRecord(r), Title: r.Title + " (" + s.deps.Catalog.OrgName(r.Owner) + ")", URL: "/assistance/requests/" + id}, nil
	})
	s.Jobs.RegisterScan("assistance.timers", func(ctx context.Context, _ model.Date) error {
		_, err := s.Assistance.RunTimers(ctx)
		return err
	})
}
