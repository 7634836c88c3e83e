package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/webtest"
)

var system = model.SystemViewer("test")

// notificationsOf returns an account's notifications through the service.
func notificationsOf(t *testing.T, app *webtest.App, c *webtest.Client) []model.Notification {
	t.Helper()
	l, err := app.Services.Notifications.List(context.Background(), c.Viewer, 0, service.MaxNotificationPage)
	if err != nil {
		t.Fatal(err)
	}
	return l.Items
}

// TestInboxAndFollowPages: following a State from its page, the published
// plan in the inbox with the count in the header, mark read and mark all
// read, the settings form and its bad input.
func TestInboxAndFollowPages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		app.RunJobs()
		ctx := context.Background()
		reader := app.Account("SRB", model.RoleViewer)
		webtest.Expect(t, reader.Get("/states/HRV"), 200, `action="/notifications/follows"`, "Follow Croatia")
		rec := reader.Post("/notifications/follows", url.Values{"kind": {"state"}, "target": {"HRV"}, "back": {"/states/HRV"}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/states/HRV?done=followed" {
			t.Fatalf("follow: %d → %q", rec.Code, rec.Header().Get("Location"))
		}
		webtest.Expect(t, reader.Get("/notifications/settings"), 200, "Croatia", `href="/states/HRV"`)
		rec = reader.Post("/notifications/settings", url.Values{"kind:nap.published": {"immediate"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("save settings: %d %s", rec.Code, rec.Body.String())
		}
		webtest.Expect(t, reader.Post("/notifications/settings", url.Values{"kind:account.security": {"off"}}), http.StatusUnprocessableEntity,
			"security notices cannot be turned off", `href="#kind-account.security"`)
		webtest.Expect(t, reader.Post("/notifications/follows", url.Values{"kind": {"state"}, "target": {"XYZ"}}), http.StatusUnprocessableEntity,
			"there is no State with the code", `aria-invalid="true"`)

		n, _ := hiddenPlan(t, app, "HRV", "Bluebell", model.NAPSubmitted)
		if _, err := app.Services.NAPs.Publish(ctx, system, n.ID, nil); err != nil {
			t.Fatal(err)
		}
		app.WaitJobs()
		ns := notificationsOf(t, app, reader)
		var published *model.Notification
		for i := range ns {
			if ns[i].Kind == model.NoticeNAPPublished {
				published = &ns[i]
			}
		}
		if published == nil {
			t.Fatalf("no nap.published notification in %+v", ns)
		}
		unread := len(ns)
		for _, x := range ns {
			if x.Read() {
				unread--
			}
		}
		webtest.Expect(t, reader.Get("/"), 200, fmt.Sprintf(`%d<span class="visually-hidden"> unread</span>`, unread))
		webtest.Expect(t, reader.Get("/notifications"), 200, "Plan Bluebell", fmt.Sprintf(`href="/naps/%d"`, n.ID), "Mark read")
		rec = reader.Post(fmt.Sprintf("/notifications/%d/read", published.ID), nil)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("mark read: %d", rec.Code)
		}
		webtest.Expect(t, reader.Get("/"), 200, fmt.Sprintf(`%d<span class="visually-hidden"> unread</span>`, unread-1))
		rec = reader.Post("/notifications/read-all", nil)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("read all: %d", rec.Code)
		}
		webtest.Expect(t, reader.Get("/"), 200, `id="inbox-link">Notifications</a>`, "!visually-hidden\"> unread")
		// Someone else's notification does not exist for the reader.
		other := app.Account("SRB", model.RoleEditor, webtest.Email("other@srb.example.org"))
		app.WaitJobs()
		theirs := notificationsOf(t, app, other)
		if len(theirs) == 0 {
			t.Fatal("the other account has no notification to try")
		}
		webtest.Expect(t, reader.Post(fmt.Sprintf("/notifications/%d/read", theirs[0].ID), nil), http.StatusNotFound)
		// Stop following.
		rec = reader.Post("/notifications/follows/delete", url.Values{"kind": {"state"}, "target": {"hrv"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("unfollow: %d %s", rec.Code, rec.Body.String())
		}
		webtest.Expect(t, reader.Get("/notifications/settings"), 200, "You follow nothing yet.")
		// Anonymous visitors are sent to sign in.
		if rec := app.Get("/notifications"); rec.Code != http.StatusSeeOther {
			t.Errorf("anonymous inbox: %d", rec.Code)
		}
	}, webtest.Jobs(webtest.FastJobs))
}

// TestNotificationRoutesHidden: following a private plan, and marking
// another account's notification read, are 404 for everyone outside; the
// inboxes, follows and settings of outsiders never show the plan.
func TestNotificationRoutesHidden(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		db := app.DB
		app.RunJobs()
		ctx := context.Background()
		n, _ := hiddenPlan(t, app, "HRV", "Wolfsbane", model.NAPDraft)
		id := strconv.FormatInt(n.ID, 10)
		owner := app.Account("HRV", model.RoleEditor, webtest.Email("owner@hrv.example.org"))
		webtest.Expect(t, owner.Post("/notifications/follows", url.Values{"kind": {"nap"}, "target": {id}, "back": {"/naps/" + id}}), http.StatusSeeOther)
		err := db.Write(ctx, func(tx *store.Tx) error {
			if err := app.Services.Notifications.Send(ctx, tx, model.Notice{Kind: model.NoticeNAPSubmitted, Record: model.RecordRef{Kind: "nap", ID: id},
				Title: "Plan Wolfsbane changed", URL: "/naps/" + id, To: model.Recipients{Followers: []model.FollowTarget{{Kind: model.FollowNAP, Target: id}},
					Orgs: []model.OrgRecipients{{Org: "SRB", Role: model.RoleViewer}}, Committee: model.RoleViewer}}); err != nil {
				return err
			}
			return tx.Audit(ctx, system, store.AuditRecord{Action: "test.notice", Kind: "test", Summary: "notice"})
		})
		if err != nil {
			t.Fatal(err)
		}
		app.WaitJobs()
		var nid int64
		for _, x := range notificationsOf(t, app, owner) {
			if strings.Contains(x.Title, "Wolfsbane") {
				nid = x.ID
			}
		}
		if nid == 0 {
			t.Fatal("the owner was not told: the check would prove nothing")
		}
		webtest.Expect(t, owner.Get("/notifications"), 200, "Plan Wolfsbane changed")
		webtest.Expect(t, owner.Get("/notifications/settings"), 200, "Plan Wolfsbane")
		// Following the plan, and stopping, are writes on the plan: 404 for
		// everyone who may not read it, as for a plan that never existed.
		// The inbox and the follows are each account's own: the plan must
		// never show there to an outsider.
		// The workers stop first: the sign-ins CheckHidden makes send security
		// notices, whose fan-out would change the audit log and the header's
		// count while it compares.
		app.StopJobs()
		app.CheckHidden(t, webtest.Hidden{
			Owner: "HRV", Level: model.VisPrivate, Marker: "Wolfsbane", ID: id,
			Reads: []string{"/naps/" + id, "/api/v1/naps/" + id},
			Writes: []webtest.Request{
				{Method: "POST", Path: "/api/v1/me/follows", Body: strings.NewReader(`{"kind":"nap","target":"` + id + `"}`), Header: http.Header{"Content-Type": {"application/json"}}},
				{Method: "DELETE", Path: "/api/v1/me/follows?kind=nap&target=" + id},
			},
			Forms: []webtest.Form{
				{Path: "/notifications/follows", Values: url.Values{"kind": {"nap"}, "target": {id}, "back": {"/naps/" + id}}},
				{Path: "/notifications/follows/delete", Values: url.Values{"kind": {"nap"}, "target": {id}}},
			},
			Elsewhere: []string{"/notifications", "/notifications/settings", "/api/v1/notifications", "/api/v1/me/follows", "/api/v1/me/notification-settings", "/"},
		})
		// The plan's ID in a body or a query: the answers equal those for a
		// plan that never existed (CheckHidden compares IDs in paths only).
		// The workers are still stopped: the outsider's sign-in sends a
		// security notice whose fan-out, between two compared pages, changed
		// the header's unread count (a flake under load).
		outsider := app.Account("SRB", model.RoleCoordinator, webtest.Email("prober@srb.example.org"))
		follow := func(target string) *httptest.ResponseRecorder {
			return outsider.Do(webtest.Request{Method: "POST", Path: "/api/v1/me/follows", Body: strings.NewReader(`{"kind":"nap","target":"` + target + `"}`),
				Header: http.Header{"Content-Type": {"application/json"}}})
		}
		sameAnswer(t, "API follow", follow(id), follow("987654321"))
		unfollow := func(target string) *httptest.ResponseRecorder {
			return outsider.Do(webtest.Request{Method: "DELETE", Path: "/api/v1/me/follows?kind=nap&target=" + target})
		}
		sameAnswer(t, "API unfollow", unfollow(id), unfollow("987654321"))
		page := func(path, target string) *httptest.ResponseRecorder {
			return outsider.Post(path, url.Values{"kind": {"nap"}, "target": {target}, "back": {"/naps/" + target}})
		}
		for _, path := range []string{"/notifications/follows", "/notifications/follows/delete"} {
			a, b := page(path, id), page(path, "987654321")
			if a.Code != http.StatusNotFound {
				t.Errorf("%s of a hidden plan: %d, want 404", path, a.Code)
			}
			sameAnswer(t, path, a, b)
		}
		// The accounts the notice named but the policy kept out were never told.
		app.RunJobs()
		srb := app.Account("SRB", model.RoleViewer, webtest.Email("late@srb.example.org"))
		app.WaitJobs()
		for _, x := range notificationsOf(t, app, srb) {
			if strings.Contains(x.Title, "Wolfsbane") {
				t.Errorf("SRB was told about HRV's private plan: %+v", x)
			}
		}
	}, webtest.Jobs(webtest.FastJobs))
}

// TestAdminPagesOnlyForAdministrators: the jobs and e-mail pages exist for
// administrators only; an administrator retries a failed job.
func TestAdminPagesOnlyForAdministrators(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		app.RunJobs()
		admin := app.Account("UNODA", model.RoleCoordinator, webtest.Admin, webtest.Email("admin@unoda.example.org"))
		coord := app.Account("HRV", model.RoleCoordinator)
		app.WaitJobs()
		for _, p := range []string{"/admin/jobs", "/admin/jobs?state=completed", "/admin/outbox"} {
			webtest.Expect(t, coord.Get(p), http.StatusNotFound)
			if rec := app.Get(p); rec.Code != http.StatusSeeOther {
				t.Errorf("anonymous %s: %d", p, rec.Code)
			}
		}
		webtest.Expect(t, coord.Post("/admin/jobs/1/retry", nil), http.StatusNotFound)
		webtest.Expect(t, admin.Get("/admin/jobs?state=completed"), 200, "notify.fanout", "notify.mail")
		webtest.Expect(t, admin.Get("/admin/jobs?state=nonsense"), http.StatusUnprocessableEntity)
		// The outbox holds the security notices (no relay in this test).
		rec := admin.Get("/admin/outbox")
		webtest.Expect(t, rec, 200, "API token", "admin@unoda.example.org")
		name := regexp.MustCompile(`href="/admin/outbox/([^"]+\.eml)"`).FindStringSubmatch(rec.Body.String())
		if name == nil {
			t.Fatalf("no message link in %s", rec.Body.String())
		}
		webtest.Expect(t, admin.Get("/admin/outbox/"+name[1]), 200, "text/plain", "text/html", "http://localhost:8080/account")
		webtest.Expect(t, coord.Get("/admin/outbox/"+name[1]), http.StatusNotFound)
		webtest.Expect(t, admin.Get("/admin/outbox/..%2f..%2fetc%2fpasswd"), http.StatusNotFound)
		// A completed job can be run again by an administrator; the retry is audited.
		jobs, err := app.Services.Jobs.List(context.Background(), admin.Viewer, "completed")
		if err != nil || len(jobs.Jobs) == 0 {
			t.Fatalf("completed jobs: %v %v", jobs, err)
		}
		var mailJob service.JobView
		for _, j := range jobs.Jobs {
			if j.Kind == "notify.mail" {
				mailJob = j
			}
		}
		app.WaitJobs() // the sign-in notices of the page visits above
		before := len(mustOutbox(t, app, admin))
		rec = admin.Post(fmt.Sprintf("/admin/jobs/%d/retry", mailJob.ID), nil)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("retry: %d %s", rec.Code, rec.Body.String())
		}
		app.WaitJobs()
		// The notification was mailed already: running its job again sends nothing twice.
		if after := len(mustOutbox(t, app, admin)); after != before {
			t.Errorf("retrying a finished mail job sent it again (%d → %d messages)", before, after)
		}
		entries, err := app.Services.Audit.Entries(context.Background(), admin.Viewer, model.AuditFilter{Action: "job.retry"})
		if err != nil || len(entries) != 1 {
			t.Errorf("retry audit: %v %v", entries, err)
		}
		webtest.Expect(t, admin.Post("/admin/jobs/999999/retry", nil), http.StatusNotFound)
	}, webtest.Jobs(webtest.FastJobs))
}

func mustOutbox(t *testing.T, app *webtest.App, admin *webtest.Client) []service.OutboxMail {
	t.Helper()
	m, err := app.Services.Mail.Outbox(context.Background(), admin.Viewer)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var outboxLink = regexp.MustCompile(`/account/password\?token=([A-Za-z0-9_%-]+)`)

// latestLink finds the newest outbox message to address and returns the
// path of its link.
func latestLink(t *testing.T, app *webtest.App, to string) string {
	t.Helper()
	ctx := context.Background()
	ms, err := app.Services.Mail.Outbox(ctx, system)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if !strings.Contains(m.To, to) {
			continue
		}
		full, err := app.Services.Mail.OutboxMessage(ctx, system, m.Name)
		if err != nil {
			t.Fatal(err)
		}
		if match := outboxLink.FindStringSubmatch(full.Text); match != nil {
			return match[0]
		}
	}
	t.Fatalf("no link mailed to %s", to)
	return ""
}

func formPost(app *webtest.App, path string, v url.Values) *httptest.ResponseRecorder {
	return app.Do(webtest.Request{Method: "POST", Path: path, Body: strings.NewReader(v.Encode()),
		Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}})
}

// TestPasswordByMailPages: forgot password gives one answer; the link sets
// a password once; an invitation from the accounts page does the same.
func TestPasswordByMailPages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		app.RunJobs()
		c := app.Account("HRV", model.RoleCoordinator)
		known := formPost(app, "/signin/forgot", url.Values{"email": {c.Account.Email}})
		unknown := formPost(app, "/signin/forgot", url.Values{"email": {"nobody@hrv.example.org"}})
		if known.Code != http.StatusSeeOther || known.Header().Get("Location") != unknown.Header().Get("Location") || known.Code != unknown.Code {
			t.Fatalf("forgot: known %d %q, unknown %d %q", known.Code, known.Header().Get("Location"), unknown.Code, unknown.Header().Get("Location"))
		}
		webtest.Expect(t, formPost(app, "/signin/forgot", url.Values{"email": {"not an address"}}), http.StatusUnprocessableEntity, "enter an e-mail address")
		webtest.Expect(t, app.Get("/signin?done=reset-asked"), 200, "If an account uses this address")
		app.WaitJobs()
		link := latestLink(t, app, c.Account.Email)
		webtest.Expect(t, app.Get(link), 200, c.Account.Email, "Choose a new password")
		token, _ := url.QueryUnescape(strings.TrimPrefix(link, "/account/password?token="))
		webtest.Expect(t, formPost(app, "/account/password/set", url.Values{"token": {token}, "password": {"a new passphrase 1540"}, "password2": {"different"}}),
			http.StatusUnprocessableEntity, "the two passwords differ")
		webtest.Expect(t, formPost(app, "/account/password/set", url.Values{"token": {token}, "password": {"password1234"}, "password2": {"password1234"}}),
			http.StatusUnprocessableEntity)
		rec := formPost(app, "/account/password/set", url.Values{"token": {token}, "password": {"a new passphrase 1540"}, "password2": {"a new passphrase 1540"}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/signin?done=password-set" {
			t.Fatalf("set password: %d %q %s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
		}
		if _, err := app.Services.Accounts.SignIn(context.Background(), c.Account.Email, "a new passphrase 1540", "192.0.2.1", "test"); err != nil {
			t.Fatalf("the new password does not work: %v", err)
		}
		webtest.Expect(t, formPost(app, "/account/password/set", url.Values{"token": {token}, "password": {"another passphrase 1540"}, "password2": {"another passphrase 1540"}}),
			http.StatusGone, "already used", "Nothing was changed")
		webtest.Expect(t, app.Get(link), http.StatusGone, "already used")
		webtest.Expect(t, app.Get("/account/password?token=made-up"), http.StatusGone, "not valid")

		// An invitation from the accounts page.
		coord := app.Account("SRB", model.RoleCoordinator)
		webtest.Expect(t, coord.Post("/accounts/invite", url.Values{"email": {"bad"}, "role": {"viewer"}}), http.StatusUnprocessableEntity, `href="#invite-email"`)
		rec = coord.Post("/accounts/invite", url.Values{"email": {"new.colleague@srb.example.org"}, "name": {"Nova Koleginica"}, "role": {"editor"}, "org": {"HRV"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("invite: %d %s", rec.Code, rec.Body.String())
		}
		webtest.Expect(t, coord.Get("/accounts"), 200, "new.colleague@srb.example.org", "invited", "Send again")
		app.WaitJobs()
		link = latestLink(t, app, "new.colleague@srb.example.org")
		webtest.Expect(t, app.Get(link), 200, "Welcome to napx", "Serbia")
		token, _ = url.QueryUnescape(strings.TrimPrefix(link, "/account/password?token="))
		rec = formPost(app, "/account/password/set", url.Values{"token": {token}, "password": {"a fine passphrase 1540"}, "password2": {"a fine passphrase 1540"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("accept the invitation: %d %s", rec.Code, rec.Body.String())
		}
		webtest.Expect(t, coord.Get("/accounts"), 200, "!Send again")
		acc, err := app.Services.Accounts.SignIn(context.Background(), "new.colleague@srb.example.org", "a fine passphrase 1540", "192.0.2.1", "test")
		if err != nil || acc.Account.Org != "SRB" {
			t.Fatalf("the invited colleague signs in: %+v %v (the coordinator invites into their own State only)", acc.Account, err)
		}
	}, webtest.Jobs(webtest.FastJobs), webtest.BaseURL("https://napx.example.org"))
}

// sameAnswer checks that two answers have the same status and body (the
// request IDs aside).
func sameAnswer(t *testing.T, what string, a, b *httptest.ResponseRecorder) {
	t.Helper()
	norm := func(rec *httptest.ResponseRecorder) string {
		return strings.ReplaceAll(rec.Body.String(), rec.Header().Get("X-Request-Id"), "ID")
	}
	if a.Code != b.Code || norm(a) != norm(b) {
		t.Errorf("%s: the hidden record answers %d %.200q, one that never existed %d %.200q", what, a.Code, norm(a), b.Code, norm(b))
	}
}

// TestMarkReadOnlyOwn: marking read is for one's own notifications: another
// account's answers exactly as a notification that never existed, on the
// page and in the API, and leaves it unread; the owner's succeeds (the
// control).
func TestMarkReadOnlyOwn(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		app.RunJobs()
		owner := app.Account("HRV", model.RoleEditor)
		app.WaitJobs() // the security notice of the owner's API token
		mine := notificationsOf(t, app, owner)
		if len(mine) == 0 {
			t.Fatal("the owner has no notification: the check would prove nothing")
		}
		app.StopJobs()
		id := strconv.FormatInt(mine[0].ID, 10)
		other := app.Account("HRV", model.RoleCoordinator, webtest.Email("colleague@hrv.example.org"))
		other.Get("/") // signed in before the comparison
		for _, path := range []string{"/notifications/%s/read", "/api/v1/notifications/%s/read"} {
			send := func(id string) *httptest.ResponseRecorder {
				p := fmt.Sprintf(path, id)
				if strings.HasPrefix(p, "/api/") {
					return other.Do(webtest.Request{Method: "POST", Path: p})
				}
				return other.Post(p, nil)
			}
			a, b := send(id), send("987654321")
			if a.Code != http.StatusNotFound {
				t.Errorf("%s of another account's notification: %d, want 404", path, a.Code)
			}
			sameAnswer(t, path, a, b)
		}
		if got := notificationsOf(t, app, owner); got[0].Read() {
			t.Error("another account marked the owner's notification read")
		}
		webtest.Expect(t, owner.Post("/notifications/"+id+"/read", nil), http.StatusSeeOther)
		if got := notificationsOf(t, app, owner); !got[0].Read() {
			t.Error("the owner could not mark their notification read")
		}
	}, webtest.Jobs(webtest.FastJobs))
}

// TestOutboxRedacted: the outbox and the mail log show an administrator the
// subject and text of a mail about a record only when the administrator may
// read the record, as the audit log does; an administrator of the owning
// State reads them (the control). The jobs page never shows what a notice
// says.
func TestOutboxRedacted(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		app.RunJobs()
		ctx := context.Background()
		n, _ := hiddenPlan(t, app, "HRV", "Foxglove", model.NAPDraft)
		id := strconv.FormatInt(n.ID, 10)
		owner := app.Account("HRV", model.RoleEditor, webtest.Email("reader@hrv.example.org"))
		webtest.Expect(t, owner.Post("/notifications/follows", url.Values{"kind": {"nap"}, "target": {id}}), http.StatusSeeOther)
		err := app.DB.Write(ctx, func(tx *store.Tx) error {
			if err := app.Services.Notifications.Send(ctx, tx, model.Notice{Kind: model.NoticeNAPSubmitted, Record: model.RecordRef{Kind: "nap", ID: id},
				Title: "Plan Foxglove changed", URL: "/naps/" + id, To: model.Recipients{Followers: []model.FollowTarget{{Kind: model.FollowNAP, Target: id}}}}); err != nil {
				return err
			}
			return tx.Audit(ctx, system, store.AuditRecord{Action: "test.notice", Kind: "test", Summary: "notice"})
		})
		if err != nil {
			t.Fatal(err)
		}
		app.WaitJobs()
		var name string
		for _, m := range mustOutbox(t, app, app.Account("HRV", model.RoleViewer, webtest.Admin, webtest.Email("admin@hrv.example.org"))) {
			if strings.Contains(m.To, owner.Account.Email) && strings.Contains(m.Subject, "Foxglove") {
				name = m.Name
			}
		}
		if name == "" {
			t.Fatal("no mail about the plan was written: the check would prove nothing")
		}
		insider := app.Account("HRV", model.RoleViewer, webtest.Admin, webtest.Email("admin2@hrv.example.org"))
		outsider := app.Account("SRB", model.RoleViewer, webtest.Admin, webtest.Email("admin@srb.example.org"))
		webtest.Expect(t, insider.Get("/admin/outbox"), http.StatusOK, "Plan Foxglove changed")
		webtest.Expect(t, insider.Get("/admin/outbox/"+name), http.StatusOK, "Plan Foxglove changed", "/naps/"+id)
		webtest.Expect(t, outsider.Get("/admin/outbox"), http.StatusOK, "!Foxglove", "withheld", owner.Account.Email)
		webtest.Expect(t, outsider.Get("/admin/outbox/"+name), http.StatusOK, "!Foxglove", "withheld")
		webtest.Expect(t, outsider.Get("/admin/jobs?state=completed"), http.StatusOK, "notify.fanout", "record=nap:"+id, "!Foxglove")
		webtest.Expect(t, insider.Get("/admin/jobs?state=completed"), http.StatusOK, "notify.fanout", "!Foxglove")
		// The audit log's entry of the notice ("told to 1 account") is
		// redacted the same way; following names no title.
		webtest.Expect(t, outsider.Get("/admin/audit?action=notify."), http.StatusOK, "notify.nap.submitted", "!Foxglove")
		webtest.Expect(t, insider.Get("/admin/audit?action=notify."), http.StatusOK, "notify.nap.submitted", "Foxglove")
		webtest.Expect(t, outsider.Get("/admin/audit?action=follow."), http.StatusOK, "follows nap "+id, "!Foxglove")
	}, webtest.Jobs(webtest.FastJobs))
}

// TestAccountMailAPI: the API's counterparts of the accounts page's
// invitations and the jobs page's retry (issue 16, item 5): a coordinator
// invites into its own organisation only, the invitation is mailed and can
// be mailed again with a new link; a retry is an administrator's.
func TestAccountMailAPI(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		app.RunJobs()
		coord := app.Account("HRV", model.RoleCoordinator)
		admin := app.Account("UNODA", model.RoleCoordinator, webtest.Admin, webtest.Email("admin@unoda.example.org"))
		webtest.Expect(t, coord.Do(jsonReq("POST", "/api/v1/accounts/invite", `{"email":"new@hrv.example.org","name":"New","role":"editor"}`)),
			http.StatusCreated, `"org":"HRV"`, `"role":"editor"`)
		// Into another organisation: refused, nothing made.
		rec := coord.Do(jsonReq("POST", "/api/v1/accounts/invite", `{"email":"new@srb.example.org","name":"New","org":"SRB","role":"editor"}`))
		if rec.Code == http.StatusCreated {
			t.Fatalf("a coordinator invited into another organisation: %s", rec.Body.String())
		}
		webtest.Expect(t, coord.Do(jsonReq("POST", "/api/v1/accounts/invite", `{"email":"not an address","role":"editor"}`)), http.StatusUnprocessableEntity, "email")
		app.WaitJobs()
		first := latestLink(t, app, "new@hrv.example.org")
		webtest.Expect(t, coord.Do(jsonReq("POST", "/api/v1/accounts/invite/resend", `{"email":"new@hrv.example.org"}`)), http.StatusNoContent)
		app.WaitJobs()
		if again := latestLink(t, app, "new@hrv.example.org"); again == first {
			t.Error("the invitation was not mailed again with a new link")
		}
		webtest.Expect(t, app.Account("SRB", model.RoleCoordinator).Do(jsonReq("POST", "/api/v1/accounts/invite/resend", `{"email":"new@hrv.example.org"}`)),
			http.StatusNotFound)
		// A retry: not for a coordinator; an administrator's, audited.
		jobs, err := app.Services.Jobs.List(context.Background(), admin.Viewer, "completed")
		if err != nil || len(jobs.Jobs) == 0 {
			t.Fatalf("completed jobs: %v %v", jobs, err)
		}
		path := fmt.Sprintf("/api/v1/admin/jobs/%d/retry", jobs.Jobs[0].ID)
		webtest.Expect(t, coord.Do(jsonReq("POST", path, ``)), http.StatusNotFound)
		webtest.Expect(t, admin.Do(jsonReq("POST", path, ``)), http.StatusNoContent)
		webtest.Expect(t, admin.Do(jsonReq("POST", "/api/v1/admin/jobs/999999/retry", ``)), http.StatusNotFound)
		entries, err := app.Services.Audit.Entries(context.Background(), admin.Viewer, model.AuditFilter{Action: "job.retry"})
		if err != nil || len(entries) != 1 {
			t.Errorf("retry audit: %v %v", entries, err)
		}
		app.WaitJobs()
	}, webtest.Jobs(webtest.FastJobs))
}
