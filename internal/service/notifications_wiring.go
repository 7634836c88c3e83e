package service

import (
	"context"
	"strconv"

	"github.com/riverqueue/river"

	"napx/internal/model"
	"napx/internal/policy"
)

// CheckMailOptions checks the mail settings before napx starts (a
// malformed NAPX_SMTP_URL refuses to start, naming the setting).
func CheckMailOptions(o MailOptions) error {
	_, err := newMailer(Deps{Mail: o})
	return err
}

// wireNotifications builds the job engine, the mailer and the
// notifications, registers the record kinds notices can be about and the
// workers, then the River client (which needs every worker first).
func (s *Services) wireNotifications(d Deps) {
	s.Jobs = newJobs(d)
	m, err := newMailer(d)
	if err != nil {
		// server.New checks the options first (CheckMailOptions); a
		// service built without that check falls back to the outbox.
		d.Log.Error("mail settings refused; mail goes to the outbox", "err", err)
		d.Mail.SMTPURL, d.Mail.From = "", ""
		m, _ = newMailer(d)
	}
	s.Mail = m
	s.Notifications = newNotifications(d, s.Jobs, s.Mail, s.Accounts)
	s.Accounts.notify, s.Accounts.jobs = s.Notifications, s.Jobs
	river.AddWorker(s.Jobs.workers, &accountMailWorker{a: s.Accounts, mail: s.Mail})

	// The records notices can be about: each resolves to its policy record
	// now, so every step of a notice asks the one policy again.
	s.Notifications.RegisterRecord("nap", func(ctx context.Context, id string) (RecordInfo, error) {
		n, err := d.DB.NAP(ctx, parseRecordID(id))
		if err != nil {
			return RecordInfo{}, err
		}
		return RecordInfo{Record: policy.NAPRecord(n), Title: n.Title + " (" + d.Catalog.OrgName(n.State) + ")", URL: "/naps/" + id}, nil
	})
	s.Notifications.RegisterRecord("event", func(ctx context.Context, id string) (RecordInfo, error) {
		e, err := d.DB.Event(ctx, parseRecordID(id))
		if err != nil {
			return RecordInfo{}, err
		}
		rec, err := s.Events.record(ctx, &d.DB.Conn, e)
		if err != nil {
			return RecordInfo{}, err
		}
		return RecordInfo{Record: rec, Title: e.Title, URL: "/events/" + id}, nil
	})
	s.NAPs.notify = s.Notifications
	s.Mail.readable = s.Notifications.readableAll
	s.Audit.notify = s.Notifications
	s.wireNotices()
	s.Jobs.build()
}

// parseRecordID reads a numeric record ID (0, which matches nothing, when
// it is not one).
func parseRecordID(id string) int64 {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// napPublished tells the followers of a plan, its State and the State's
// groups that the plan was published (the example of the notification
// contract, called inside the publish transaction).
func (s *Notifications) napPublished(n model.NAP, _ string, by model.Viewer) model.Notice {
	id := strconv.FormatInt(n.ID, 10)
	followers := append([]model.FollowTarget{{Kind: model.FollowNAP, Target: id}}, s.StateFollowers(n.State)...)
	return model.Notice{Kind: model.NoticeNAPPublished, Record: model.RecordRef{Kind: "nap", ID: id},
		Msg: model.Msg("svcnotices.nap.published", model.ArgOrg(n.State), titleArg(n.Title)), URL: "/naps/" + id,
		To: model.Recipients{Followers: followers, Except: []int64{by.ID()}}}
}

// wireNotices connects what notifies whom (issue 10, item 3): each
// feature's record kinds, its workers and its daily scans.
func (s *Services) wireNotices() {
	n := s.Notifications
	s.Events.notify, s.Matrix.notify = n, n
	s.Events.registerEventRecords(n)
	s.Matrix.registerMatrixRecords(n)
	n.invitation = s.Events.invitationFor(s.Mail)
	river.AddWorker(s.Jobs.workers, &materialReleaseWorker{s: s.Events})
	s.Jobs.RegisterScan("event.deadline", s.Events.scanNominationDeadlines)
	s.Jobs.RegisterScan("followup.due", s.Events.scanFollowUps)
	s.Jobs.RegisterScan("nap.action-overdue", s.NAPs.scanOverdueActions)
}
