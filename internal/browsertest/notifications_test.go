package browsertest_test

import (
	"context"
	"strings"
	"testing"

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
	app := webtest.New(t, storetest.Open(t, storetest.SQLite), webtest.Demo(), webtest.Jobs(webtest.FastJobs))
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
