package browsertest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"napx/internal/browsertest"
	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestNotificationsFlow: a Montenegrin viewer follows Croatia, chooses to
// hear of published plans at once, sees the unread count in the header
// when Croatia publishes, opens the inbox, follows the link and marks all
// read; then asks for a password reset; the administrator reads the mail
// in the outbox and looks at the jobs. Every page passes axe-core.
func TestNotificationsFlow(t *testing.T) {
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, time.Now()), webtest.Demo(), webtest.Jobs(webtest.FastJobs))
	ctx := context.Background()
	if _, err := demo.Seed(ctx, app.Services, app.Services.Log()); err != nil {
		t.Fatal(err)
	}
	app.RunJobs()
	b := browsertest.New(t, app.Handler)
	signIn := func(email string) {
		b.Open("/signin")
		b.Fill("#email", email)
		b.Fill("#password", demo.Password)
		b.Submit("#password")
	}
	signIn("viewer@mne.demo.napx")
	app.WaitJobs() // the sign-in's security notice
	b.Open("/states/HRV")
	if got := strings.Join(strings.Fields(b.Text("#inbox-link")), " "); !strings.Contains(got, "1 unread") {
		t.Errorf("header count after sign-in: %q", got)
	}
	b.Click(`form.follow button`)
	if !strings.HasPrefix(b.Location(), "/states/HRV?done=followed") {
		t.Fatalf("after follow: %s", b.Location())
	}
	b.Click(`a[href="/notifications/settings#follows"]`)
	b.Do(chromedp.Click(chromedp.CSS(`input[name="kind:nap.published"][value="immediate"]`), chromedp.NodeVisible))
	b.Submit(`input[name="kind:nap.published"][value="immediate"]`)
	if !strings.Contains(b.Location(), "done=settings-saved") {
		t.Fatalf("after saving settings: %s", b.Location())
	}

	sys := model.SystemViewer("test")
	n, err := app.Services.NAPs.Create(ctx, sys, "HRV", model.NAPInput{Title: model.Ptr("Plan Larkspur"), PeriodStart: model.Ptr("2026"), PeriodEnd: model.Ptr("2030")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Services.NAPs.Adopt(ctx, sys, n.ID, service.Given(model.NAPAdoption{Authority: "Government", Date: "2026-01-15"})); err != nil {
		t.Fatal(err)
	}
	if _, _, err := app.Services.NAPs.Submit(ctx, sys, n.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Services.NAPs.Publish(ctx, sys, n.ID, nil); err != nil {
		t.Fatal(err)
	}
	app.WaitJobs()
	b.Open("/")
	if got := strings.Join(strings.Fields(b.Text("#inbox-link")), " "); !strings.Contains(got, "2 unread") {
		t.Errorf("header count after the plan was published: %q", got)
	}
	b.Click("#inbox-link")
	if got := b.Text("ul.notifications"); !strings.Contains(got, "Plan Larkspur") {
		t.Fatalf("inbox: %q", got)
	}
	b.Click(`li.notification a[href^="/naps/"]`)
	if got := b.Text("h1"); got != "Plan Larkspur" {
		t.Errorf("the link led to %q", got)
	}
	b.Open("/notifications")
	b.Submit(`form[action="/notifications/read-all"] button`)
	if got := b.Text("#inbox-link"); strings.Contains(got, "unread") {
		t.Errorf("header after mark all read: %q", got)
	}

	// Forgot password, as a visitor.
	b.Submit(`form[action="/signout"] button`)
	b.Open("/signin")
	b.Click(`a[href="/signin/forgot"]`)
	b.Fill("#email", "viewer@mne.demo.napx")
	b.Submit("#email")
	if got := b.Text(".alert.success"); !strings.Contains(got, "If an account uses this address") {
		t.Errorf("reset answer: %q", got)
	}
	app.WaitJobs()

	// The administrator reads the mail in the outbox and looks at the jobs.
	signIn("admin@demo.napx")
	b.Click(`a[href="/admin/outbox"]`)
	b.Click(`a[href^="/admin/outbox/"]`)
	b.Open("/admin/outbox")
	if got := b.Text("main"); !strings.Contains(got, "Reset your napx password") || !strings.Contains(got, "published its plan") {
		t.Errorf("outbox: %q", got)
	}
	b.Click(`a[href="/admin/jobs"]`)
	b.Open("/admin/jobs?state=completed")
	if got := b.Text("main table"); !strings.Contains(got, "notify.fanout") {
		t.Errorf("jobs page: %q", got)
	}
}

// TestInvitationFlow (issue 10, item 3): the organiser sets a quota on the
// event's page; the invited delegation's coordinator sees the unread count
// in the header, opens the inbox, follows the link to the event and
// nominates a delegate. Every page passes axe-core.
func TestInvitationFlow(t *testing.T) {
	at := time.Date(2017, 9, 1, 9, 0, 0, 0, time.UTC)
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, at), webtest.Demo(), webtest.Jobs(webtest.FastJobs), webtest.Clock(func() time.Time { return at }))
	ctx := context.Background()
	if _, err := demo.Seed(ctx, app.Services, app.Services.Log()); err != nil {
		t.Fatal(err)
	}
	app.RunJobs()
	accs, err := app.Services.Accounts.List(ctx, model.SystemViewer("test"), "RACVIAC")
	if err != nil {
		t.Fatal(err)
	}
	var organiser model.Viewer
	for _, a := range accs {
		if a.Email == "organiser@racviac.demo.napx" {
			organiser = app.Services.Accounts.ViewerOf(a)
		}
	}
	ev, err := app.Services.Events.Create(ctx, organiser, model.EventInput{Kind: "workshop", Title: "Workshop on export control",
		Organizer: "RACVIAC", Start: "2017-10-16", End: "2017-10-18", TimeZone: "Europe/Zagreb", NominationDeadline: "2017-10-02", Visibility: "shared"})
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/events/%d", ev.ID)
	b := browsertest.New(t, app.Handler)

	// The organiser invites Croatia with two seats.
	demoSignIn(b, "organiser@racviac.demo.napx")
	b.Open(page + "/manage?tab=participants")
	b.Fill("#quota-org-0", "Croatia (HRV)")
	b.Fill("#quota-seats-0", "2")
	b.Click(`#quota-quotas ~ .actions button[type="submit"]:not([name])`)
	if flash := b.Text(".alert.success"); !strings.Contains(flash, "quota") {
		t.Errorf("after saving the quotas: %q", flash)
	}
	demoSignOut(b)
	app.WaitJobs()

	// Croatia's coordinator: the count in the header, the inbox, the link.
	demoSignIn(b, "coordinator@hrv.demo.napx")
	app.WaitJobs() // the sign-in's own security notice
	b.Open("/")
	count := strings.Join(strings.Fields(b.Text("#inbox-link")), " ")
	if !strings.Contains(count, "unread") {
		t.Fatalf("no unread count in the header: %q", count)
	}
	b.Click("#inbox-link")
	if got := b.Text("ul.notifications"); !strings.Contains(got, "Croatia is invited to “Workshop on export control”") {
		t.Fatalf("inbox: %q", got)
	}
	b.Click(`li.notification a[href="` + page + `"]`)
	if h1 := b.Text("h1"); h1 != "Workshop on export control" {
		t.Fatalf("the link led to %q", h1)
	}
	b.Click(`a[href="` + page + `/participants#nominate"]`)
	b.Fill("#name", "Ana Horvat")
	b.Fill("#function", "Ministry of Foreign and European Affairs")
	b.Submit("#name")
	if flash := b.Text(".alert.success"); !strings.Contains(flash, "was nominated") {
		t.Errorf("nomination: %q", flash)
	}
	// The organiser is told of the nomination.
	app.WaitJobs()
	demoSignOut(b)
	demoSignIn(b, "organiser@racviac.demo.napx")
	b.Click("#inbox-link")
	if got := b.Text("ul.notifications"); !strings.Contains(got, "Ana Horvat nominated for “Workshop on export control”") {
		t.Errorf("the organiser's inbox: %q", got)
	}
	t.Logf("pages checked with axe-core: %d", len(b.Checked()))
}
