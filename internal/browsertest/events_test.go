package browsertest_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"napx/internal/browsertest"
	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

func demoSignIn(b *browsertest.Browser, email string) {
	b.Open("/signin")
	b.Fill("#email", email)
	b.Fill("#password", demo.Password)
	b.Submit("#password")
}

func demoSignOut(b *browsertest.Browser) {
	b.Submit(".account form button")
}

// TestNominationFlow: the RACVIAC organiser opens the seed's workshop;
// Croatia's coordinator nominates three delegates and a fourth goes to
// the waiting list; the organiser confirms one. Every page passes
// axe-core. The clock stands before the nomination deadline.
func TestNominationFlow(t *testing.T) {
	at := time.Date(2017, 9, 1, 9, 0, 0, 0, time.UTC)
	app := webtest.New(t, webtest.DemoDB(t, storetest.SQLite, at), webtest.Demo(), webtest.Clock(func() time.Time { return at }))
	if _, err := demo.Seed(context.Background(), app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	evs, err := app.Services.Events.List(context.Background(), model.SystemViewer("test"), service.EventQuery{Kind: "workshop"})
	if err != nil || len(evs) != 1 {
		t.Fatalf("workshops: %v %v", evs, err)
	}
	id := evs[0].ID
	page := fmt.Sprintf("/events/%d", id)
	b := browsertest.New(t, app.Handler)

	// The organiser opens the seed's workshop from the events list.
	demoSignIn(b, "organiser@racviac.demo.napx")
	b.Open("/events")
	b.Click(fmt.Sprintf(`a[href="%s"]`, page))
	if h1 := b.Text("h1"); h1 != demo.SeedWorkshopTitle {
		t.Fatalf("h1 = %q", h1)
	}
	if got := b.Text("#delegations + p"); !strings.Contains(got, "21 seats") {
		t.Errorf("seats: %q", got)
	}
	b.Click(`nav.tabs a[href="` + page + `/manage"]`)
	b.Click(`nav.tabs a[href="` + page + `/agenda"]`)
	demoSignOut(b)

	// Croatia's coordinator nominates four delegates for three seats.
	demoSignIn(b, "coordinator@hrv.demo.napx")
	b.Open(page)
	b.Click(`a[href="` + page + `/participants#nominate"]`)
	for i, name := range []string{"Ana Horvat", "Ivan Kovacevic", "Maja Babic", "Tomislav Novak"} { // chromedp types ASCII here; the forms test sends č and ć
		b.Fill("#name", name)
		b.Fill("#function", "Ministry of Foreign and European Affairs")
		b.Submit("#name")
		flash := b.Text(".alert.success")
		if i < 3 && !strings.Contains(flash, "was nominated") || i == 3 && !strings.Contains(flash, "waiting list") {
			t.Errorf("nomination %d (%s): %q", i+1, name, flash)
		}
	}
	list := b.Text("#delegation-HRV + .table-wrap")
	if n := strings.Count(list, "Nominated"); n != 3 {
		t.Errorf("%d nominated in %q, want 3", n, list)
	}
	if !strings.Contains(list, "On the waiting list") || !strings.Contains(b.Text("#waiting + ol"), "Tomislav Novak") {
		t.Errorf("the fourth delegate is not on the waiting list: %q", list)
	}
	demoSignOut(b)

	// The organiser confirms Ana Horvat.
	demoSignIn(b, "organiser@racviac.demo.napx")
	b.Open(page + "/participants")
	row := b.Text("#delegation-HRV + .table-wrap")
	if !strings.Contains(row, "Ana Horvat") {
		t.Fatalf("the organiser does not see Croatia's delegates: %q", row)
	}
	b.Click(`#delegation-HRV + .table-wrap tbody tr:first-child form.inline-form:first-of-type button`)
	if flash := b.Text(".alert.success"); !strings.Contains(flash, "changed") {
		t.Errorf("confirm: %q", flash)
	}
	if got := b.Text("#delegation-HRV + .table-wrap tbody tr:first-child"); !strings.Contains(got, "Confirmed") {
		t.Errorf("after confirming: %q", got)
	}
	// The month calendar and the State's page.
	b.Open("/events?view=month&month=2017-09")
	b.Open("/states/MKD")
	b.Open("/events/new")
	t.Logf("pages checked with axe-core: %d", len(b.Checked()))
}
