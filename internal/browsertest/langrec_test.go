package browsertest_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
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

// shot saves a full-page screenshot of the current page in the test's
// artifact directory (go test -artifacts keeps it under the output
// directory; otherwise a temporary one).
func shot(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	png, err := chromedp.Run(b.Ctx(), chromedp.FullScreenshot(90))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+".png"), png, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestArabicFlow (issue 17, item 5): Croatia's coordinator, reading napx
// in Arabic (the account's setting, chosen with the header's switcher),
// opens the plan of 2015–2019 and sees its Arabic translation marked as
// one with the original a click away, then nominates a delegate to the
// RACVIAC workshop. Every page runs right to left (the browser says so)
// and passes axe; a screenshot of each step is kept.
func TestArabicFlow(t *testing.T) {
	at := time.Date(2017, 9, 1, 9, 0, 0, 0, time.UTC)
	app := webtest.New(t, storetest.Open(t, storetest.SQLite), webtest.Demo(), webtest.Clock(func() time.Time { return at }))
	ctx, sys := context.Background(), model.SystemViewer("test")
	if _, err := demo.Seed(ctx, app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	plans, err := app.Services.NAPs.List(ctx, sys, model.NAPFilter{States: []string{"HRV"}})
	if err != nil {
		t.Fatal(err)
	}
	var plan service.NAPView
	for _, p := range plans {
		if strings.HasPrefix(p.Title, "National Implementation Action Plan 2015–2019") {
			plan = p
		}
	}
	evs, err := app.Services.Events.List(ctx, sys, service.EventQuery{Kind: "workshop"})
	if err != nil || len(evs) != 1 || plan.ID == 0 {
		t.Fatalf("the demo's plan and workshop: %v %v %d", evs, err, plan.ID)
	}
	b := browsertest.New(t, app.Handler)
	rtl := func(step string) {
		t.Helper()
		if got := browsertest.Eval[string](b, `document.documentElement.lang + " " + document.documentElement.getAttribute("dir") + " " + getComputedStyle(document.body).direction`); got != "ar rtl rtl" {
			t.Errorf("%s: lang, dir, direction = %q", step, got)
		}
		shot(t, b, step)
	}

	demoSignIn(b, "coordinator@hrv.demo.napx")
	b.Click(`.lang-switch button[value="ar"]`)
	rtl("01-signed-in")

	// The plan: its Arabic translation, marked, the original on request.
	page := fmt.Sprintf("/naps/%d", plan.ID)
	b.Open(page)
	rtl("02-plan-in-arabic")
	if h1 := b.Text("h1"); h1 != "خطة العمل الوطنية للتنفيذ 2015–2019 (توضيحية)" {
		t.Errorf("the plan's title in Arabic: %q", h1)
	}
	notice := b.Text(".record-language")
	for _, want := range []string{"ترجمة إلى العربية.", "الأصل: الإنكليزية.", "عرض الأصل", "الفرنسية"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the record-language notice lacks %q: %q", want, notice)
		}
	}
	b.Click(`.record-language a[href="` + page + `?original=1"]`)
	rtl("03-plan-original")
	if h1 := b.Text("h1"); h1 != plan.Title {
		t.Errorf("the original's title: %q", h1)
	}
	if got := b.Text(".record-language"); !strings.Contains(got, "أنت تقرأ الأصل.") {
		t.Errorf("the notice on the original: %q", got)
	}
	// Control: the languages page lists both translations.
	b.Click(`.record-language a[href="/translations/nap/` + fmt.Sprint(plan.ID) + `"]`)
	rtl("04-plan-languages")
	if got := b.Text("main table"); !strings.Contains(got, "العربية") || !strings.Contains(got, "الفرنسية") {
		t.Errorf("the translations listed: %q", got)
	}

	// The RACVIAC workshop: nominate a delegate.
	ev := fmt.Sprintf("/events/%d", evs[0].ID)
	b.Open(ev)
	rtl("05-workshop")
	b.Click(`a[href="` + ev + `/participants#nominate"]`)
	rtl("06-nominate")
	b.Fill("#name", "Ana Horvat")
	b.Fill("#function", "Ministry of Foreign and European Affairs")
	b.Submit("#name")
	rtl("07-nominated")
	if list := b.Text("#delegation-HRV + .table-wrap"); !strings.Contains(list, "Ana Horvat") {
		t.Errorf("the delegate is not listed: %q", list)
	}
	if n := len(b.Checked()); n < 7 {
		t.Errorf("axe ran on %d pages", n)
	}
}
