package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// eachDemo runs fn on a demo installation at a fixed time, with the
// seed's workshop, on each engine; fn gets the app and the workshop's ID.
func eachDemo(t *testing.T, now string, fn func(t *testing.T, app *webtest.App, id int64)) {
	t.Helper()
	at, err := time.Parse(time.RFC3339, now)
	if err != nil {
		t.Fatal(err)
	}
	webtest.EachDemo(t, at, func(t *testing.T, app *webtest.App) {
		fn(t, app, demoWorkshop(t, app))
	}, webtest.Demo(), webtest.Clock(func() time.Time { return at }))
}

// demoWorkshop seeds the demo into app and returns the workshop's ID.
func demoWorkshop(t *testing.T, app *webtest.App) int64 {
	t.Helper()
	if _, err := demo.Seed(context.Background(), app.Services, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	evs, err := app.Services.Events.List(context.Background(), model.SystemViewer("test"), service.EventQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Code == demo.SeedWorkshopCode {
			return e.ID
		}
	}
	t.Fatal("the seed's workshop is missing from the demo")
	return 0
}

// TestSeedWorkshopPage: the demo models the seed's workshop with every
// fact the seed states, readable by anyone (it is public).
func TestSeedWorkshopPage(t *testing.T) {
	eachDemo(t, "2026-11-27T10:00:00Z", func(t *testing.T, app *webtest.App, id int64) {
		rec := app.Get(fmt.Sprintf("/events/%d", id))
		body := html.UnescapeString(rec.Body.String())
		if rec.Code != 200 {
			t.Fatalf("status %d", rec.Code)
		}
		want := []string{
			demo.SeedWorkshopTitle, "CSE-C1-S-17", "Workshop",
			"14–15 September 2017", "(2 working days)", "Arrival</dt><dd>13 September 2017", "Departure</dt><dd>15 September 2017 and 16 September 2017",
			"RACVIAC - Centre for Security Cooperation", "Rakitje, Stari hrast 53, HR-10437 Bestovje, CROATIA", "Tel.: 00 385 1 333 0 861",
			"Fax: 00 385 1 333 0 809", `href="https://www.racviac.org"`, "www.racviac.org",
			"United Nations Office for Disarmament Affairs <span class=\"muted\">(support and expertise)",
			"Organization for Security and Co-operation in Europe <span class=\"muted\">(support and expertise)",
			"Security Council Committee established pursuant to resolution 1540 (2004) <span class=\"muted\">(key speakers)",
			"Working language</dt><dd>English", "About 30",
			"Held right after: The C-WMD Network's eighth meeting, organised by United States European Command, International Counterproliferation Program, Defense Threat Reduction Agency",
			"Leads to: <a href=\"/events/",
			// The names of the day, linked to today's names.
			`<a href="/states/MKD">the former Yugoslav Republic of Macedonia</a>`, "(today: North Macedonia)",
			`<a href="/states/TUR">Turkey</a>`, "(today: Türkiye)",
			"Turkey recognizes the Republic of Macedonia with its constitutional name.",
			`<a href="/states/ALB">Albania</a>`, `<a href="/states/MDA">Republic of Moldova</a>`, `<a href="/states/UKR">Ukraine</a>`,
			`<a href="/organizations/IAEA">`, `<a href="/organizations/OPCW">`, `<a href="/organizations/WCO">`, `<a href="/organizations/OSCE">`,
			`<a href="/organizations/USEUCOM">`, `<a href="/organizations/ICP">`, `<a href="/organizations/DTRA">`, `<a href="/organizations/UNSC1540">`,
			"Associate members and observers of", "RACVIAC – Centre for Security Cooperation: members, associate members and observers",
			"A link containing all necessary materials and updates on the Workshop will be provided to all participants during the event.",
			"Ms Vedrana DJUKARIĆ</strong>, Activity Coordinator", "Mr. Franz Kolar</strong>, Political Affairs Officer", "Pillar contact details",
			"Contact details are shown to signed-in accounts.",
			"illustrative",
		}
		for _, o := range demo.SeedObjectives {
			want = append(want, "<li>"+o+"</li>")
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("the workshop's page lacks %q", w)
			}
		}
		// Seats: three for each SEE State, one each for Greece, Romania, Turkey.
		for code, seats := range map[string]int{"ALB": 3, "BIH": 3, "HRV": 3, "MKD": 3, "MNE": 3, "SRB": 3, "GRC": 1, "ROU": 1, "TUR": 1} {
			row := rowFrom(body, `<a href="/states/`+code+`">`, "</tr>")
			if !strings.Contains(row, fmt.Sprintf(`<td class="num">%d</td>`, seats)) {
				t.Errorf("%s: row %q lacks %d seats", code, row, seats)
			}
		}
		// Contact details are for signed-in accounts.
		for _, secret := range []string{"vdjukaric@racviac.org", "kolar@un.org", "333 0 870"} {
			if strings.Contains(body, secret) {
				t.Errorf("an anonymous visitor sees %q", secret)
			}
		}
		viewer := app.Account("MNE", model.RoleViewer)
		signed := html.UnescapeString(viewer.Get(fmt.Sprintf("/events/%d", id)).Body.String())
		for _, w := range []string{"vdjukaric@racviac.org", "+ 385 1 333 0 870", "kolar@un.org", "cse@racviac.org"} {
			if !strings.Contains(signed, w) {
				t.Errorf("a signed-in account does not see %q", w)
			}
		}
	})
}

func rowFrom(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// TestEventPagesRender: every page of the events feature answers for the
// people it is for.
func TestEventPagesRender(t *testing.T) {
	eachDemo(t, "2017-09-01T10:00:00Z", func(t *testing.T, app *webtest.App, id int64) {
		org := app.Account("RACVIAC", model.RoleCoordinator)
		hrv := app.Account("HRV", model.RoleCoordinator)
		for _, c := range []struct {
			who  *webtest.Client
			path string
			want []string
		}{
			{app.Anonymous(), "/events", []string{"Coming and under way", demo.SeedWorkshopTitle, "/calendar/public.ics"}},
			{app.Anonymous(), "/events?view=month&month=2017-09", []string{"September 2017", demo.SeedWorkshopTitle, "<caption>"}},
			{app.Anonymous(), "/events?kind=peer-review", []string{"No event matches."}},
			{app.Anonymous(), "/events?region=SEE&kind=workshop", []string{demo.SeedWorkshopTitle}},
			{app.Anonymous(), fmt.Sprintf("/events/%d/agenda", id), []string{"Opening and introductions (illustrative)", "Europe/Zagreb", "Committee expert (illustrative)"}},
			{app.Anonymous(), fmt.Sprintf("/events/%d/participants", id), []string{"not shown to you by name"}},
			{org, fmt.Sprintf("/events/%d/participants", id), []string{"Petar Primerović (illustrative)", "Olena Zrazok (illustrative)", "Waiting list", "Confirm"}},
			{org, fmt.Sprintf("/events/%d/manage", id), []string{"group SEE 3", "GRC 1", "MDA 0", "Add a session", "Add a material"}},
			{org, fmt.Sprintf("/events/%d/edit", id), []string{`value="United Nations Office for Disarmament Affairs (UNODA)"`, `value="The C-WMD Network&#39;s eighth meeting"`, `<option value="right-after" selected>`}},
			{hrv, fmt.Sprintf("/events/%d/participants", id), []string{"Nominate a delegate for Croatia", "3 seats: 0 taken"}},
			{hrv, "/events/new", []string{"New event"}},
			{hrv, "/states/HRV", []string{"Events", demo.SeedWorkshopTitle}},
		} {
			rec := c.who.Get(c.path)
			webtest.Expect(t, rec, 200, c.want...)
		}
		if rec := hrv.Get(fmt.Sprintf("/events/%d/manage", id)); rec.Code != 403 {
			t.Errorf("a delegation opens the organiser's page: %d", rec.Code)
		}
		_ = url.Values{}
	})
}

// TestParticipantFiles: the participant list by delegation as CSV and
// XLSX holds what the viewer may see, names of the day included, and a
// name typed as a formula stays text.
func TestParticipantFiles(t *testing.T) {
	eachDemo(t, "2017-09-01T10:00:00Z", func(t *testing.T, app *webtest.App, id int64) {
		hrv := app.Account("HRV", model.RoleCoordinator)
		if _, err := app.Services.Events.Nominate(context.Background(), hrv.Viewer, id, service.Given(model.NominationInput{Name: "=HYPERLINK(\"http://x\")"})); err != nil {
			t.Fatal(err)
		}
		org := app.Account("RACVIAC", model.RoleViewer)
		rec := org.Get(fmt.Sprintf("/events/%d/participants.csv", id))
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Disposition"), "CSE-C1-S-17-participants.csv") {
			t.Fatalf("CSV: %d %v", rec.Code, rec.Header())
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 18 || rows[0][0] != "Delegation" {
			t.Fatalf("%d rows (want a header and 17 delegates): %v", len(rows), rows[0])
		}
		byName := map[string][]string{}
		for _, r := range rows[1:] {
			byName[r[3]] = r
		}
		if r := byName["Elena Primerovska (illustrative)"]; r == nil || r[0] != "the former Yugoslav Republic of Macedonia" || r[1] != "North Macedonia" || r[9] != "illustrative demo data" {
			t.Errorf("the MKD delegate's row: %v", r)
		}
		if r := byName["'=HYPERLINK(\"http://x\")"]; r == nil || r[2] != "HRV" || r[5] != "Nominated" {
			t.Errorf("a formula-like name is not kept as text: %v", byName)
		}
		if r := byName["Olena Zrazok (illustrative)"]; r == nil || r[5] != "On the waiting list" || r[7] != "1" {
			t.Errorf("the waiting delegate's row: %v", r)
		}
		// Croatia's coordinator gets Croatia's delegate only (no one else is confirmed for HRV).
		rec = hrv.Get(fmt.Sprintf("/events/%d/participants.csv", id))
		if n := strings.Count(rec.Body.String(), "\n"); n != 2 {
			t.Errorf("Croatia's CSV has %d lines, want a header and its delegate: %q", n, rec.Body.String())
		}
		x := org.Get(fmt.Sprintf("/events/%d/participants.xlsx", id))
		f, err := excelize.OpenReader(bytes.NewReader(x.Body.Bytes()))
		if err != nil {
			t.Fatalf("XLSX: %v", err)
		}
		defer func() { _ = f.Close() }()
		if got := f.GetSheetList(); strings.Join(got, ",") != "Participants,Quotas" {
			t.Errorf("sheets: %v", got)
		}
		prow, _ := f.GetRows("Participants")
		if len(prow) != 20 || !strings.Contains(prow[0][0], "CSE-C1-S-17") {
			t.Errorf("participants sheet: %d rows, title %v", len(prow), prow[0])
		}
		qrow, _ := f.GetRows("Quotas")
		found := false
		for _, r := range qrow {
			if len(r) > 3 && r[2] == "TUR" && r[0] == "Turkey" && r[1] == "Türkiye" && r[3] == "1" {
				found = true
			}
		}
		if !found || len(qrow) != 20 {
			t.Errorf("quotas sheet (%d rows) lacks Turkey's single seat: %v", len(qrow), qrow)
		}
	})
}

// TestEventForms: the pages' forms, with bad input (422, the field
// named, nothing saved), a conflict (409, both versions), the quota and
// agenda forms, an upload within and over its limit, and a nomination by
// a coordinator whose delegation was not invited (403, whatever link it
// followed).
func TestEventForms(t *testing.T) {
	eachDemo(t, "2017-09-01T10:00:00Z", func(t *testing.T, app *webtest.App, id int64) {
		ctx := context.Background()
		org := app.Account("RACVIAC", model.RoleCoordinator)
		page := fmt.Sprintf("/events/%d", id)

		// Create: an end before the start is refused, naming the field.
		rec := org.Post("/events", url.Values{"kind": {"meeting"}, "title": {"Bad dates"}, "start": {"2017-10-02"}, "end": {"2017-10-01"}})
		webtest.Expect(t, rec, 422, `href="#end"`, `id="end"`, `aria-invalid="true"`)
		rec = org.Post("/events", url.Values{"kind": {"meeting"}, "title": {"Good dates"}, "start": {"2017-10-02"}, "end": {"2017-10-03"},
			"partners": {"UNODA: support, key speakers"}, "contacts": {"RACVIAC | Desk | Information | desk@example.org | | signed-in"},
			"related_events": {"right-before | Another meeting | OSCE"}, "objectives": {"First\nSecond"}})
		if rec.Code != 303 || !strings.Contains(rec.Header().Get("Location"), "/manage?done=event-created") {
			t.Fatalf("create: %d %s %.400s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
		}
		webtest.Expect(t, org.Get(strings.Split(rec.Header().Get("Location"), "?")[0]), 200, "Good dates")
		webtest.Expect(t, org.Post("/events", url.Values{"kind": {"meeting"}, "title": {"x"}, "start": {"2017-10-02"}, "end": {"2017-10-03"},
			"contacts": {"only one part"}}), 422, `href="#contacts"`)
		webtest.Expect(t, org.Post("/events", url.Values{"kind": {"meeting"}, "title": {"x"}, "start": {"2017-10-02"}, "end": {"2017-10-03"},
			"partners": {"UNODA: catering"}}), 422, `href="#partners"`, "line 1")

		// Edit with a stale version: both versions side by side, nothing saved.
		in, err := app.Services.Events.InputOf(ctx, org.Viewer, id)
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"kind": {in.Kind}, "title": {"My new title"}, "start": {in.Start}, "end": {in.End}, "time_zone": {in.TimeZone},
			"visibility": {in.Visibility}, "version": {fmt.Sprint(in.Version)}}
		in.Title = "Someone else's title"
		if _, err := app.Services.Events.Update(ctx, org.Viewer, id, service.Given(in)); err != nil {
			t.Fatal(err)
		}
		webtest.Expect(t, org.Post(page+"/edit", form), 409, "Someone else changed this event", "My new title", "Someone else&#39;s title")
		if e, _ := app.Services.Events.Get(ctx, org.Viewer, id); e.Title != "Someone else's title" {
			t.Errorf("the stale save overwrote: %q", e.Title)
		}

		// Quotas and the agenda from the manage page.
		webtest.Expect(t, org.Post(page+"/quotas", url.Values{"quotas": {"group SEE 3\nGRC 1\nROU 1\nTUR 1\nMDA zero"}}), 422, "line 5", `href="#quota-quotas"`)
		webtest.Expect(t, org.Post(page+"/quotas", url.Values{"quotas": {"group SEE 1\nGRC 1"}}), 422, "holding its seats")
		webtest.Expect(t, org.Post(page+"/sessions", url.Values{"day": {"2017-09-13"}, "starts": {"09:00"}, "ends": {"10:00"}, "title": {"On the arrival day"}}),
			422, `href="#session-day"`, "not one of the event")
		rec = org.Post(page+"/sessions", url.Values{"day": {"2017-09-15"}, "starts": {"14:00"}, "ends": {"15:00"}, "title": {"Extra session"},
			"speakers": {"expert@unsc1540.demo.napx; Jane Example (OSCE)"}})
		if rec.Code != 303 {
			t.Fatalf("add a session: %d %.500s", rec.Code, rec.Body.String())
		}
		webtest.Expect(t, app.Get(page+"/agenda"), 200, "Extra session", "Committee expert (illustrative)", "Jane Example (Organization for Security and Co-operation in Europe)")

		// Upload a material (multipart), fetch it; an over-limit upload is refused first.
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range map[string]string{"title": "Slides", "kind": "presentation", "audience": "public"} {
			_ = mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("file", "slides.html")
		_, _ = fw.Write([]byte("<script>alert(1)</script>"))
		_ = mw.Close()
		// (With the API token: the same route serves a form and a script.)
		rec = org.Do(webtest.Request{Method: "POST", Path: page + "/materials", Body: bytes.NewReader(body.Bytes()),
			Header: http.Header{"Content-Type": {mw.FormDataContentType()}}})
		if rec.Code != 303 {
			t.Fatalf("upload: %d %.500s", rec.Code, rec.Body.String())
		}
		ev, _ := app.Services.Events.Get(ctx, org.Viewer, id)
		var slides int64
		for _, m := range ev.Materials {
			if m.Title == "Slides" {
				slides = m.ID
			}
		}
		dl := app.Get(fmt.Sprintf("%s/materials/%d", page, slides))
		if dl.Code != 200 || dl.Header().Get("Content-Type") != "application/octet-stream" || !strings.HasPrefix(dl.Header().Get("Content-Disposition"), "attachment") ||
			!strings.Contains(dl.Header().Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("an HTML upload is served as %d %v", dl.Code, dl.Header())
		}
		big := webtest.Request{Method: "POST", Path: page + "/materials", Body: strings.NewReader("x"),
			Header: http.Header{"Content-Type": {"multipart/form-data; boundary=x"}, "Content-Length": {fmt.Sprint(model.MaxMaterialBytes + 2<<20)}}}
		if rec := org.Do(big); rec.Code != 413 {
			t.Errorf("an upload over the limit: %d, want 413", rec.Code)
		}

		// A coordinator of an uninvited delegation (Japan is no member of
		// RACVIAC either), with the invitation link.
		jpn := app.Account("JPN", model.RoleCoordinator)
		webtest.Expect(t, jpn.Get(page+"/participants?org=HRV#nominate"), 200, "is not invited to this event", "!Nominate a delegate")
		webtest.Expect(t, jpn.Post(page+"/participants", url.Values{"name": {"Forwarded"}, "org": {"HRV"}}), 403)
		// France, an associate member of RACVIAC, is welcome without a seat of its own.
		fra := app.Account("FRA", model.RoleCoordinator)
		webtest.Expect(t, fra.Get(page+"/participants"), 200, "Nominate a delegate for France", "associate member or observer")
		rec = fra.Post(page+"/participants", url.Values{"name": {"Jean Exemple"}})
		if !strings.Contains(rec.Header().Get("Location"), "done=waitlisted") {
			t.Errorf("an associate member's nomination: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		// Croatia's coordinator nominates through the page, in any alphabet.
		hrv := app.Account("HRV", model.RoleCoordinator)
		rec = hrv.Post(page+"/participants", url.Values{"name": {"Ivan Kovačević"}, "function": {"Ministarstvo"}})
		if rec.Code != 303 || !strings.Contains(rec.Header().Get("Location"), "done=nominated") {
			t.Fatalf("nominate: %d %.300s", rec.Code, rec.Body.String())
		}
		webtest.Expect(t, hrv.Get(page+"/participants"), 200, "Ivan Kovačević")
		webtest.Expect(t, hrv.Post(page+"/participants", url.Values{"name": {"ivan  kovačević"}}), 422, "already nominated", `href="#name"`)
	})
}
