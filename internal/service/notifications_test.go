package service_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// fastJobs are job options for tests: workers, quick polling and retries.
var fastJobs = service.JobOptions{Workers: 4, PollInterval: 20 * time.Millisecond, RetryBase: 50 * time.Millisecond, RetryMax: 500 * time.Millisecond}

// mailServices returns services whose job engine runs, mailing through
// smtpURL (empty: the outbox in a temporary directory).
func mailServices(t *testing.T, db *store.DB, smtpURL string, now func() time.Time, jobs service.JobOptions) *service.Services {
	t.Helper()
	if now == nil {
		now = time.Now
	}
	s := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: now, BaseURL: "https://napx.example.org",
		Auth: service.AuthOptions{HashParams: webtest.CheapHashing}, Jobs: jobs,
		Mail: service.MailOptions{SMTPURL: smtpURL, OutboxDir: t.TempDir()}})
	ctx := context.Background()
	if err := s.Jobs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := s.Jobs.Stop(stop); err != nil {
			t.Errorf("stop jobs: %v", err)
		}
	})
	return s
}

func waitIdle(t *testing.T, s *service.Services) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := s.Jobs.WaitIdle(ctx); err != nil {
		t.Fatalf("jobs did not finish: %v", err)
	}
}

// eventually polls cond (a guard against hanging, not a timing).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never happened: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func account(t *testing.T, s *service.Services, org string, role model.Role, email string) model.Viewer {
	t.Helper()
	acc, err := s.Accounts.Create(context.Background(), system, service.AccountInput{Email: email, Org: org, Role: string(role), Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	return s.Accounts.ViewerOf(acc)
}

func follow(t *testing.T, s *service.Services, v model.Viewer, kind model.FollowKind, target string) {
	t.Helper()
	if _, err := s.Notifications.Follow(context.Background(), v, service.Given(model.FollowInput{Kind: string(kind), Target: target})); err != nil {
		t.Fatalf("%s follows %s %s: %v", v.Label(), kind, target, err)
	}
}

func setDelivery(t *testing.T, s *service.Services, v model.Viewer, kind model.NoticeKind, d model.Delivery) {
	t.Helper()
	if _, err := s.Notifications.SetSettings(context.Background(), v, service.Given(model.NotificationSettingsInput{Deliveries: map[string]string{string(kind): string(d)}})); err != nil {
		t.Fatal(err)
	}
}

func subjects(ms []webtest.MailSummary) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Subject)
	}
	return out
}

// TestPublishedPlanTellsFollowers is the contract end to end: publishing a
// plan tells the followers of the plan, of its State and of the State's
// groups, each as they chose, through the inbox and a real SMTP server;
// the coordinator who published, an account that turned the kind off and
// a disabled account are not told.
func TestPublishedPlanTellsFollowers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mp := webtest.StartMailpit(t)
		s := mailServices(t, db, mp.SMTPURL(), nil, fastJobs)
		ctx := context.Background()
		coord := account(t, s, "HRV", model.RoleCoordinator, "coordinator@hrv.example.org")
		plan := publishPlanDraft(t, s, coord, "HRV", "Plan of Croatia 2020–2024")
		planFollower := account(t, s, "HRV", model.RoleViewer, "plan-follower@hrv.example.org")
		follow(t, s, planFollower, model.FollowNAP, strconv.FormatInt(plan.ID, 10))
		stateFollower := account(t, s, "SRB", model.RoleViewer, "state-follower@srb.example.org")
		follow(t, s, stateFollower, model.FollowState, "hrv")
		groupFollower := account(t, s, "IAEA", model.RoleEditor, "group-follower@iaea.example.org")
		follow(t, s, groupFollower, model.FollowGroup, s.Notifications.StateFollowers("HRV")[1].Target)
		digest := account(t, s, "ALB", model.RoleViewer, "digest@alb.example.org")
		follow(t, s, digest, model.FollowState, "HRV")
		off := account(t, s, "MNE", model.RoleViewer, "off@mne.example.org")
		follow(t, s, off, model.FollowState, "HRV")
		disabled := account(t, s, "MKD", model.RoleViewer, "disabled@mkd.example.org")
		follow(t, s, disabled, model.FollowState, "HRV")
		follow(t, s, coord, model.FollowState, "HRV")
		for _, v := range []model.Viewer{planFollower, stateFollower, groupFollower} {
			setDelivery(t, s, v, model.NoticeNAPPublished, model.DeliverImmediately)
		}
		setDelivery(t, s, off, model.NoticeNAPPublished, model.DeliverOff)
		if _, err := s.Accounts.Disable(ctx, system, disabled.Account.Email); err != nil {
			t.Fatal(err)
		}
		if _, err := s.NAPs.Publish(ctx, coord, plan.ID, nil); err != nil {
			t.Fatal(err)
		}
		waitIdle(t, s)

		for _, tc := range []struct {
			v           model.Viewer
			inbox, mail int
		}{
			{planFollower, 1, 1}, {stateFollower, 1, 1}, {groupFollower, 1, 1},
			{digest, 1, 0}, {off, 0, 0}, {disabled, 0, 0}, {coord, 0, 0},
		} {
			n, err := s.Notifications.UnreadCount(ctx, tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.inbox {
				t.Errorf("%s: %d unread, want %d", tc.v.Label(), n, tc.inbox)
			}
			got := mp.To(tc.v.Account.Email)
			if len(got) != tc.mail {
				t.Errorf("%s: %d mail %q, want %d", tc.v.Label(), len(got), subjects(got), tc.mail)
			}
			for _, m := range got {
				if !strings.Contains(m.Subject, "Croatia published its plan") {
					t.Errorf("%s: subject %q", tc.v.Label(), m.Subject)
				}
				full := mp.Message(m.ID)
				if !strings.Contains(full.Text, "https://napx.example.org/naps/"+strconv.FormatInt(plan.ID, 10)) || full.HTML == "" {
					t.Errorf("mail lacks the link or the HTML part: %q", full.Text)
				}
				if h := mp.Headers(m.ID)["List-Unsubscribe"]; len(h) != 1 || h[0] != "<https://napx.example.org/notifications/settings>" {
					t.Errorf("List-Unsubscribe = %q", h)
				}
			}
		}
		inbox, err := s.Notifications.Inbox(ctx, planFollower, 0)
		if err != nil || len(inbox.Unread) != 1 || inbox.Unread[0].URL != "/naps/"+strconv.FormatInt(plan.ID, 10) {
			t.Fatalf("inbox %+v, %v", inbox, err)
		}
	})
}

// publishPlanDraft makes a submitted plan (ready to publish).
func publishPlanDraft(t *testing.T, s *service.Services, by model.Viewer, state, title string) model.NAP {
	t.Helper()
	ctx := context.Background()
	n, err := s.NAPs.Create(ctx, by, state, model.NAPInput{Title: &title, PeriodStart: model.Ptr("2020"), PeriodEnd: model.Ptr("2024")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.NAPs.Adopt(ctx, by, n.ID, service.Given(model.NAPAdoption{Authority: "Government", Date: "2020-01-15"})); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.NAPs.Submit(ctx, by, n.ID, nil); err != nil {
		t.Fatal(err)
	}
	return n.NAP
}

// sendNotice calls the contract inside a write transaction of the test's
// own, which fails when fail is set.
func sendNotice(t *testing.T, db *store.DB, s *service.Services, n model.Notice, fail bool) error {
	t.Helper()
	ctx := context.Background()
	return db.Write(ctx, func(tx *store.Tx) error {
		if err := s.Notifications.Send(ctx, tx, n); err != nil {
			return err
		}
		if err := tx.Audit(ctx, system, store.AuditRecord{Action: "test.notice", Kind: "test", Summary: "a notice"}); err != nil {
			return err
		}
		if fail {
			return errors.New("the change failed")
		}
		return nil
	})
}

// TestNoticeNeverReachesWhoMayNotRead: a notice about a State's private
// draft reaches that State's followers and no one else's; a notice in a
// transaction that rolls back reaches nobody.
func TestNoticeNeverReachesWhoMayNotRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mp := webtest.StartMailpit(t)
		s := mailServices(t, db, mp.SMTPURL(), nil, fastJobs)
		ctx := context.Background()
		coord := account(t, s, "HRV", model.RoleCoordinator, "coordinator@hrv.example.org")
		draft, err := s.NAPs.Create(ctx, coord, "HRV", model.NAPInput{Title: model.Ptr("Private draft"), PeriodStart: model.Ptr("2020"), PeriodEnd: model.Ptr("2024")})
		if err != nil {
			t.Fatal(err)
		}
		insider := account(t, s, "HRV", model.RoleViewer, "insider@hrv.example.org")
		outsiders := []model.Viewer{
			account(t, s, "SRB", model.RoleCoordinator, "outsider@srb.example.org"),
			account(t, s, "UNSC1540", model.RoleCoordinator, "outsider@unsc1540.example.org"),
			account(t, s, "IAEA", model.RoleEditor, "outsider@iaea.example.org"),
		}
		for _, v := range append([]model.Viewer{insider}, outsiders...) {
			follow(t, s, v, model.FollowState, "HRV")
		}
		// An outsider cannot follow the private plan itself: it does not exist for them.
		if _, err := s.Notifications.Follow(ctx, outsiders[0], service.Given(model.FollowInput{Kind: "nap", Target: strconv.FormatInt(draft.ID, 10)})); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("outsider follows a private plan: %v, want not found", err)
		}
		id := strconv.FormatInt(draft.ID, 10)
		notice := model.Notice{Kind: model.NoticeNAPSubmitted, Record: model.RecordRef{Kind: "nap", ID: id}, Title: "Draft changed", URL: "/naps/" + id,
			To: model.Recipients{Followers: []model.FollowTarget{{Kind: model.FollowState, Target: "HRV"}}, Orgs: []model.OrgRecipients{{Org: "SRB", Role: model.RoleViewer}}, Committee: model.RoleViewer}}
		if err := sendNotice(t, db, s, notice, true); err == nil {
			t.Fatal("the failing change committed")
		}
		waitIdle(t, s)
		if n, _ := s.Notifications.UnreadCount(ctx, insider); n != 0 {
			t.Fatalf("a rolled-back change told the insider (%d)", n)
		}
		if err := sendNotice(t, db, s, notice, false); err != nil {
			t.Fatal(err)
		}
		waitIdle(t, s)
		if n, _ := s.Notifications.UnreadCount(ctx, insider); n != 1 {
			t.Errorf("insider: %d unread, want 1 (the check would prove nothing)", n)
		}
		if got := mp.To(insider.Account.Email); len(got) != 1 {
			t.Errorf("insider: %d mail, want 1", len(got))
		}
		for _, v := range outsiders {
			if n, _ := s.Notifications.UnreadCount(ctx, v); n != 0 {
				t.Errorf("%s was told about a private plan (%d)", v.Label(), n)
			}
			if got := mp.To(v.Account.Email); len(got) != 0 {
				t.Errorf("%s got mail about a private plan: %q", v.Label(), subjects(got))
			}
		}
		// A notice that is not about a record may only name accounts.
		bad := model.Notice{Kind: model.NoticeNAPSubmitted, Title: "x", URL: "/", To: model.Recipients{Orgs: []model.OrgRecipients{{Org: "HRV", Role: model.RoleViewer}}}}
		if err := sendNotice(t, db, s, bad, false); err == nil {
			t.Error("a notice without a record went to an organisation")
		}
	})
}

// TestRelayDownThenUpAndRecheckAtSend: the relay is unreachable when the
// notices are mailed; the mail jobs retry. Meanwhile the plan is withdrawn
// (private again): once the relay is back, the State's own follower gets
// exactly one mail and the other State's follower none, and the notice
// leaves their inbox.
func TestRelayDownThenUpAndRecheckAtSend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mp := webtest.StartMailpit(t)
		mp.Stop()
		s := mailServices(t, db, mp.SMTPURL(), nil, fastJobs)
		ctx := context.Background()
		coord := account(t, s, "HRV", model.RoleCoordinator, "coordinator@hrv.example.org")
		plan := publishPlanDraft(t, s, coord, "HRV", "Plan that will be withdrawn")
		insider := account(t, s, "HRV", model.RoleViewer, "insider@hrv.example.org")
		outsider := account(t, s, "SRB", model.RoleViewer, "outsider@srb.example.org")
		for _, v := range []model.Viewer{insider, outsider} {
			follow(t, s, v, model.FollowState, "HRV")
			setDelivery(t, s, v, model.NoticeNAPPublished, model.DeliverImmediately)
		}
		if _, err := s.NAPs.Publish(ctx, coord, plan.ID, nil); err != nil {
			t.Fatal(err)
		}
		eventually(t, "both mail jobs failed once", func() bool {
			n := 0
			for _, state := range []string{"retryable", "available", "running"} {
				p, err := s.Jobs.List(ctx, system, state)
				if err != nil {
					t.Fatal(err)
				}
				for _, j := range p.Jobs {
					if j.Kind == "notify.mail" && j.LastError() != "" {
						n++
					}
				}
			}
			return n == 2
		})
		if n, _ := s.Notifications.UnreadCount(ctx, outsider); n != 1 {
			t.Fatalf("outsider told %d times while the plan was public, want 1", n)
		}
		if _, err := s.NAPs.Withdraw(ctx, coord, plan.ID, nil); err != nil {
			t.Fatal(err)
		}
		mp.Start()
		waitIdle(t, s)
		if got := mp.To(insider.Account.Email); len(got) != 1 {
			t.Errorf("insider: %d mail after the relay came back, want exactly 1", len(got))
		}
		if got := mp.To(outsider.Account.Email); len(got) != 0 {
			t.Errorf("outsider was mailed about a plan that is private now: %q", subjects(got))
		}
		if n, _ := s.Notifications.UnreadCount(ctx, outsider); n != 0 {
			t.Errorf("the withdrawn plan's notice stays in the outsider's inbox (%d)", n)
		}
		if got := len(mp.Messages()); got != 1 {
			t.Errorf("%d messages in all, want 1", got)
		}
	})
}

// TestDigestBatches: notifications chosen for the digest go out as one
// e-mail per account when the periodic digest runs.
func TestDigestBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mp := webtest.StartMailpit(t)
		// The notices are made while the digest is daily (not now), then
		// a process whose digest runs every 300 ms collects them: its
		// runs overlap, and still each account gets one mail.
		s := mailServices(t, db, mp.SMTPURL(), nil, fastJobs)
		ctx := context.Background()
		coord := account(t, s, "HRV", model.RoleCoordinator, "coordinator@hrv.example.org")
		reader := account(t, s, "SRB", model.RoleViewer, "reader@srb.example.org")
		follow(t, s, reader, model.FollowState, "HRV")
		// nap.published goes to the digest unless chosen otherwise.
		plans := []model.NAP{publishPlanDraft(t, s, coord, "HRV", "First plan"), publishPlanDraft(t, s, coord, "HRV", "Second plan"), publishPlanDraft(t, s, coord, "HRV", "Third plan")}
		for _, p := range plans {
			if _, err := s.NAPs.Publish(ctx, coord, p.ID, nil); err != nil {
				t.Fatal(err)
			}
		}
		waitIdle(t, s)
		if got := mp.To(reader.Account.Email); len(got) != 0 {
			t.Fatalf("mailed before the digest: %q", subjects(got))
		}
		stop, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := s.Jobs.Stop(stop); err != nil {
			t.Fatal(err)
		}
		jobs := fastJobs
		jobs.DigestEvery = 300 * time.Millisecond
		s = mailServices(t, db, mp.SMTPURL(), nil, jobs)
		eventually(t, "the digest arrived", func() bool { return len(mp.To(reader.Account.Email)) > 0 })
		time.Sleep(time.Second) // three more digest runs: none may mail again (a guard, not a timing: more runs only test more)
		waitIdle(t, s)
		got := mp.To(reader.Account.Email)
		if len(got) != 1 || !strings.Contains(got[0].Subject, "3 notifications") {
			t.Fatalf("digest mails %q, want one with 3 notifications", subjects(got))
		}
		text := mp.Message(got[0].ID).Text
		for _, p := range plans {
			if !strings.Contains(text, p.Title) {
				t.Errorf("digest lacks %q: %s", p.Title, text)
			}
		}
		if n, _ := s.Notifications.UnreadCount(ctx, reader); n != 3 {
			t.Errorf("inbox: %d unread, want 3", n)
		}
	})
}

// TestDeadlineScansRunPeriodically: the periodic machinery calls every
// registered scan; a notice sent with a key reaches its account once
// however often the scan runs.
func TestDeadlineScansRunPeriodically(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		jobs := fastJobs
		jobs.ScanEvery = 100 * time.Millisecond
		s := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), BaseURL: "https://napx.example.org",
			Auth: service.AuthOptions{HashParams: webtest.CheapHashing}, Jobs: jobs, Mail: service.MailOptions{OutboxDir: t.TempDir()}})
		ctx := context.Background()
		coord := account(t, s, "HRV", model.RoleCoordinator, "coordinator@hrv.example.org")
		var runs atomic.Int32
		s.Jobs.RegisterScan("test", func(ctx context.Context, day model.Date) error {
			runs.Add(1)
			if day != model.DateOf(time.Now().UTC()) {
				t.Errorf("scan day %s", day)
			}
			return s.Notifications.SendOnce(ctx, model.Notice{Kind: model.NoticeAccountSecurity, Title: "Reminder of " + day.String(), URL: "/account",
				To: model.Recipients{Accounts: []int64{coord.ID()}}}, "test-reminder:"+day.String())
		})
		if err := s.Jobs.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.Jobs.Stop(ctx) }()
		eventually(t, "the scan ran three times", func() bool { return runs.Load() >= 3 })
		// Not WaitIdle: a scan every 100 ms keeps the queue busy on a
		// loaded machine. The reminder arrives; three more runs of the scan
		// (the third starts once the second's SendOnce has returned) find
		// its key claimed; Stop lets a fan-out under way finish.
		eventually(t, "the reminder arrived", func() bool { n, _ := s.Notifications.UnreadCount(ctx, coord); return n >= 1 })
		r := runs.Load()
		eventually(t, "the scan ran three more times", func() bool { return runs.Load() >= r+3 })
		if err := s.Jobs.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.Notifications.UnreadCount(ctx, coord); n != 1 {
			t.Errorf("the reminder reached the account %d times, want once", n)
		}
	})
}

var linkInMail = regexp.MustCompile(`https://napx\.example\.org/account/password\?token=([A-Za-z0-9_%-]+)`)

func tokenIn(t *testing.T, mp *webtest.Mailpit, m webtest.MailSummary) string {
	t.Helper()
	match := linkInMail.FindStringSubmatch(mp.Message(m.ID).Text)
	if match == nil {
		t.Fatalf("no link in %q", mp.Message(m.ID).Text)
	}
	return match[1]
}

// TestInvitationAndReset: a coordinator invites a colleague by e-mail; the
// link sets a password once; a reset link works once, expires, and is
// refused for a disabled account; asking for a reset says nothing about
// the address and is throttled.
func TestInvitationAndReset(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mp := webtest.StartMailpit(t)
		c := &clock{t: time.Now().UTC()}
		s := mailServices(t, db, mp.SMTPURL(), c.Now, fastJobs)
		ctx := context.Background()
		coord := account(t, s, "HRV", model.RoleCoordinator, "coordinator@hrv.example.org")
		if _, err := s.Accounts.Invite(ctx, account(t, s, "HRV", model.RoleEditor, "editor@hrv.example.org"), service.InviteInput{Email: "x@hrv.example.org", Org: "HRV", Role: "viewer"}); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("an editor invites: %v", err)
		}
		if _, err := s.Accounts.Invite(ctx, coord, service.InviteInput{Email: "x@srb.example.org", Org: "SRB", Role: "viewer"}); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a coordinator invites into another State: %v", err)
		}
		if _, err := s.Accounts.Invite(ctx, coord, service.InviteInput{Email: "not an address", Org: "HRV", Role: "viewer"}); err == nil {
			t.Error("a bad address was invited")
		}
		acc, err := s.Accounts.Invite(ctx, coord, service.InviteInput{Email: "Colleague@HRV.example.org", Name: "Ana Kolegica", Org: "HRV", Role: "editor"})
		if err != nil {
			t.Fatal(err)
		}
		waitIdle(t, s)
		invites := mp.To("colleague@hrv.example.org")
		if len(invites) != 1 || !strings.Contains(invites[0].Subject, "invited") {
			t.Fatalf("invitation mails %q", subjects(invites))
		}
		if _, err := s.Accounts.SignIn(ctx, acc.Email, "", "192.0.2.9", "test"); err == nil {
			t.Fatal("an invited account signs in without a password")
		}
		token := tokenIn(t, mp, invites[0])
		lv, err := s.Accounts.Link(ctx, token)
		if err != nil || lv.Purpose != "invite" || lv.Email != acc.Email {
			t.Fatalf("link %+v %v", lv, err)
		}
		if _, err := s.Accounts.UseLink(ctx, token, "short", "192.0.2.9"); err == nil {
			t.Fatal("a weak password was accepted")
		}
		if _, err := s.Accounts.UseLink(ctx, token, goodPassword, "192.0.2.9"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Accounts.SignIn(ctx, acc.Email, goodPassword, "192.0.2.9", "test"); err != nil {
			t.Fatalf("sign in with the password set through the invitation: %v", err)
		}
		if _, err := s.Accounts.UseLink(ctx, token, "another good passphrase 1540", "192.0.2.9"); !isLinkRefusal(err, "already used") {
			t.Errorf("second use: %v", err)
		}

		// Forgot password: the same answer for a known and an unknown address.
		for _, e := range []string{acc.Email, "nobody@hrv.example.org"} {
			if err := s.Accounts.RequestReset(ctx, e, "192.0.2.10"); err != nil {
				t.Fatalf("reset for %s: %v", e, err)
			}
		}
		waitIdle(t, s)
		resets := mp.To(acc.Email)
		var resetMail []webtest.MailSummary
		for _, m := range resets {
			if strings.Contains(m.Subject, "Reset") {
				resetMail = append(resetMail, m)
			}
		}
		if len(resetMail) != 1 || len(mp.To("nobody@hrv.example.org")) != 0 {
			t.Fatalf("reset mails %q; to the unknown address %d", subjects(resets), len(mp.To("nobody@hrv.example.org")))
		}
		token = tokenIn(t, mp, resetMail[0])
		// Expired after an hour.
		c.Add(service.ResetValidity + time.Minute)
		if _, err := s.Accounts.UseLink(ctx, token, "another good passphrase 1540", "192.0.2.9"); !isLinkRefusal(err, "expired") {
			t.Errorf("expired link: %v", err)
		}
		// A fresh link, then the account is disabled: refused, nothing changed.
		if err := s.Accounts.RequestReset(ctx, acc.Email, "192.0.2.11"); err != nil {
			t.Fatal(err)
		}
		waitIdle(t, s)
		var latest []webtest.MailSummary
		for _, m := range mp.To(acc.Email) { // newest first
			if strings.Contains(m.Subject, "Reset") {
				latest = append(latest, m)
			}
		}
		if len(latest) != 2 {
			t.Fatalf("reset mails %q", subjects(latest))
		}
		token = tokenIn(t, mp, latest[0])
		if _, err := s.Accounts.Disable(ctx, coord, acc.Email); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Accounts.UseLink(ctx, token, "another good passphrase 1540", "192.0.2.9"); !isLinkRefusal(err, "disabled") {
			t.Errorf("disabled account's link: %v", err)
		}
		// Throttled: the fourth request within the hour sends nothing, and says nothing different.
		target := account(t, s, "HRV", model.RoleViewer, "target@hrv.example.org")
		for range service.ResetsPerAccount + 2 {
			if err := s.Accounts.RequestReset(ctx, target.Account.Email, "192.0.2.12"); err != nil {
				t.Fatal(err)
			}
		}
		waitIdle(t, s)
		if got := mp.To(target.Account.Email); len(got) != service.ResetsPerAccount {
			t.Errorf("%d reset mails, want %d (throttled)", len(got), service.ResetsPerAccount)
		}
	})
}

func isLinkRefusal(err error, reason string) bool {
	p, ok := model.AsProblems(err)
	return ok && strings.Contains(p["link"], reason)
}

// TestSecurityNotices: a sign-in, a changed password and a new API token
// each tell the account at once, and security notices cannot be turned
// off or delayed.
func TestSecurityNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mp := webtest.StartMailpit(t)
		s := mailServices(t, db, mp.SMTPURL(), nil, fastJobs)
		ctx := context.Background()
		v := account(t, s, "HRV", model.RoleEditor, "editor@hrv.example.org")
		if _, err := s.Notifications.SetSettings(ctx, v, service.Given(model.NotificationSettingsInput{Deliveries: map[string]string{"account.security": "off"}})); err == nil {
			t.Error("security notices were turned off")
		}
		if _, err := s.Notifications.SetSettings(ctx, v, service.Given(model.NotificationSettingsInput{Deliveries: map[string]string{"account.security": "digest"}})); err == nil {
			t.Error("security notices were delayed")
		}
		if _, err := s.Accounts.SignIn(ctx, v.Account.Email, goodPassword, "192.0.2.20", "test"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Accounts.CreateToken(ctx, v, v.Account.Email, "script"); err != nil {
			t.Fatal(err)
		}
		if err := s.Accounts.ChangeOwnPassword(ctx, v, goodPassword, "another good passphrase 1540"); err != nil {
			t.Fatal(err)
		}
		waitIdle(t, s)
		got := subjects(mp.To(v.Account.Email))
		want := []string{"New sign-in", "API token “script”", "password was changed"}
		if len(got) != len(want) {
			t.Fatalf("security mails %q, want %d", got, len(want))
		}
		for _, w := range want {
			if !strings.Contains(strings.Join(got, "|"), w) {
				t.Errorf("no mail about %q in %q", w, got)
			}
		}
	})
}

// TestStopFinishesOrHandsBack: at shutdown a job that ends within the
// grace period completes; one that does not is cancelled and handed back
// (retryable, so another process runs it), never lost or left running.
func TestStopFinishesOrHandsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, tc := range []struct {
			name  string
			grace time.Duration
			work  time.Duration
			state string
		}{
			{"finishes", 10 * time.Second, 200 * time.Millisecond, "completed"},
			// River puts a job its own shutdown cancelled back to available (or
			// retryable): the next process runs it at once.
			{"handed back", 200 * time.Millisecond, time.Hour, "available|retryable"},
		} {
			t.Run(strings.ReplaceAll(tc.name, " ", "-"), func(t *testing.T) {
				s := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Jobs: fastJobs, Mail: service.MailOptions{OutboxDir: t.TempDir()}})
				started := make(chan struct{}, 1)
				s.Jobs.RegisterScan("slow", func(ctx context.Context, day model.Date) error {
					select {
					case started <- struct{}{}:
					default:
					}
					select {
					case <-time.After(tc.work):
						return nil
					case <-ctx.Done():
						return ctx.Err()
					}
				})
				if err := s.Jobs.Start(ctx); err != nil { // the scan runs on start
					t.Fatal(err)
				}
				<-started
				stop, cancel := context.WithTimeout(ctx, tc.grace)
				defer cancel()
				if err := s.Jobs.Stop(stop); err != nil {
					t.Fatalf("stop: %v", err)
				}
				found := false
				for _, state := range strings.Split(tc.state, "|") {
					p, err := s.Jobs.List(ctx, system, state)
					if err != nil {
						t.Fatal(err)
					}
					for _, j := range p.Jobs {
						found = found || j.Kind == "deadline.scan"
					}
				}
				if !found {
					counts, _ := s.Jobs.List(ctx, system, "completed")
					t.Errorf("the scan job is not %s after the stop (counts %v)", tc.state, counts.Counts)
				}
				// Leave no scan behind for the next case.
				if err := db.UnsafeExecForTests(ctx, `DELETE FROM river_job`); err != nil {
					t.Fatal(err)
				}
			})
		}
	})
}

// TestConcurrentWritesWithJobsRunning: many writers enqueue notices while
// the workers run on the same database: on SQLite River shares napx's one
// write connection, and nothing deadlocks or fails.
func TestConcurrentWritesWithJobsRunning(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := mailServices(t, db, "", nil, fastJobs)
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		v := account(t, s, "HRV", model.RoleEditor, "editor@hrv.example.org")
		const writers, each = 8, 15
		errs := make(chan error, writers)
		for w := range writers {
			go func() {
				for i := range each {
					err := db.Write(ctx, func(tx *store.Tx) error {
						if err := s.Notifications.Send(ctx, tx, model.Notice{Kind: model.NoticeAccountSecurity, Title: fmt.Sprintf("notice %d-%d", w, i),
							URL: "/account", To: model.Recipients{Accounts: []int64{v.ID()}}}); err != nil {
							return err
						}
						return tx.Audit(ctx, system, store.AuditRecord{Action: "test.notice", Kind: "test", Summary: "notice"})
					})
					if err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		for range writers {
			if err := <-errs; err != nil {
				t.Fatalf("a writer failed: %v", err)
			}
		}
		waitIdle(t, s)
		if n, _ := s.Notifications.UnreadCount(ctx, v); n != writers*each {
			t.Errorf("%d notifications, want %d", n, writers*each)
		}
	})
}
