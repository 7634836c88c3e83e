package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/webtest"
)

// parseICS decodes body with a real iCalendar library, checks the
// RFC 5545 line rules it does not (CRLF, 75 octets) and that it encodes
// back (one UID and DTSTAMP per event, and so on).
func parseICS(t *testing.T, body []byte) *ical.Calendar {
	t.Helper()
	for i, l := range bytes.Split(bytes.TrimSuffix(body, []byte("\r\n")), []byte("\r\n")) {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets long: %q", i+1, len(l), l)
		}
		if bytes.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
	}
	if !bytes.HasSuffix(body, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("the calendar does not end with END:VCALENDAR CRLF")
	}
	cal, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot parse the output: %v\n%s", err, body)
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		t.Errorf("go-ical refuses to encode what it parsed: %v", err)
	}
	return cal
}

func text(t *testing.T, e ical.Event, name string) string {
	t.Helper()
	p := e.Props.Get(name)
	if p == nil {
		return ""
	}
	s, err := p.Text()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// TestEventICS: the seed's workshop as iCalendar, parsed by go-ical: one
// all-day span with DTSTART;VALUE=DATE and an exclusive DTEND;VALUE=DATE,
// and the timed sessions in Europe/Zagreb with their VTIMEZONE.
func TestEventICS(t *testing.T) {
	eachDemo(t, "2026-11-27T10:00:00Z", func(t *testing.T, app *webtest.App, id int64) {
		rec := app.Get(fmt.Sprintf("/events/%d/event.ics", id))
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/calendar") {
			t.Fatalf("status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
		}
		cal := parseICS(t, rec.Body.Bytes())
		evs := cal.Events()
		if len(evs) != 8 {
			t.Fatalf("%d VEVENTs, want the workshop and its 7 sessions", len(evs))
		}
		var span *ical.Event
		for i := range evs {
			if uid := text(t, evs[i], ical.PropUID); uid == fmt.Sprintf("event-%d@napx", id) {
				span = &evs[i]
			}
		}
		if span == nil {
			t.Fatal("no VEVENT for the workshop itself")
		}
		start, end := span.Props.Get(ical.PropDateTimeStart), span.Props.Get(ical.PropDateTimeEnd)
		if start.Params.Get(ical.ParamValue) != "DATE" || end.Params.Get(ical.ParamValue) != "DATE" {
			t.Errorf("DTSTART/DTEND are not VALUE=DATE: %v %v", start.Params, end.Params)
		}
		if start.Value != "20170914" || end.Value != "20170916" {
			t.Errorf("all-day span %s–%s, want 20170914 and the exclusive 20170916", start.Value, end.Value)
		}
		a, err := span.DateTimeStart(nil)
		if err != nil {
			t.Fatal(err)
		}
		b, err := span.DateTimeEnd(nil)
		if err != nil {
			t.Fatal(err)
		}
		if b.Sub(a) != 48*time.Hour {
			t.Errorf("the span lasts %v, want two days", b.Sub(a))
		}
		if got := text(t, *span, ical.PropSummary); got != demo.SeedWorkshopTitle+" (CSE-C1-S-17)" {
			t.Errorf("SUMMARY %q", got)
		}
		if got := text(t, *span, ical.PropLocation); got != "RACVIAC - Centre for Security Cooperation, Rakitje, Stari hrast 53, HR-10437 Bestovje, CROATIA" {
			t.Errorf("LOCATION (commas escaped and restored) %q", got)
		}
		desc := text(t, *span, ical.PropDescription)
		for _, o := range demo.SeedObjectives {
			if !strings.Contains(desc, o) {
				t.Errorf("DESCRIPTION lacks the objective %q", o)
			}
		}
		if !strings.Contains(desc, "\nArrival: 13 September 2017\nDeparture: 15 September 2017 and 16 September 2017") {
			t.Errorf("DESCRIPTION: newlines not kept: %q", desc)
		}
		// The timed sessions: TZID with its VTIMEZONE; 09:00 in Zagreb is 07:00 UTC in September.
		zagreb, _ := time.LoadLocation("Europe/Zagreb")
		opening := false
		for _, e := range evs {
			if !strings.HasPrefix(text(t, e, ical.PropSummary), "Opening and introductions") {
				continue
			}
			opening = true
			p := e.Props.Get(ical.PropDateTimeStart)
			if p.Params.Get(ical.PropTimezoneID) != "Europe/Zagreb" {
				t.Errorf("session DTSTART params %v", p.Params)
			}
			s, err := e.DateTimeStart(nil)
			if err != nil {
				t.Fatal(err)
			}
			if !s.Equal(time.Date(2017, 9, 14, 7, 0, 0, 0, time.UTC)) {
				t.Errorf("session starts %v, want 07:00 UTC", s.UTC())
			}
			if text(t, e, ical.PropRelatedTo) != fmt.Sprintf("event-%d@napx", id) {
				t.Errorf("the session is not related to its event")
			}
		}
		if !opening {
			t.Error("the opening session is missing")
		}
		var tz *ical.Component
		for _, c := range cal.Children {
			if c.Name == ical.CompTimezone {
				tz = c
			}
		}
		if tz == nil || tz.Props.Get(ical.PropTimezoneID).Value != "Europe/Zagreb" {
			t.Fatalf("no VTIMEZONE for Europe/Zagreb")
		}
		// The component in force on 14 September 2017: summer time, +0200.
		var inForce *ical.Component
		for _, c := range tz.Children {
			on, err := c.Props.DateTime(ical.PropDateTimeStart, time.FixedZone("", 3600))
			if err != nil {
				t.Fatal(err)
			}
			if on.Before(time.Date(2017, 9, 14, 0, 0, 0, 0, zagreb)) && (inForce == nil || on.After(mustStart(t, inForce))) {
				inForce = c
			}
		}
		if inForce == nil || inForce.Name != "DAYLIGHT" || inForce.Props.Get(ical.PropTimezoneOffsetTo).Value != "+0200" {
			t.Errorf("the VTIMEZONE does not say +0200 (summer time) for the event: %+v", inForce)
		}
	})
}

func mustStart(t *testing.T, c *ical.Component) time.Time {
	on, err := c.Props.DateTime(ical.PropDateTimeStart, time.FixedZone("", 3600))
	if err != nil {
		t.Fatal(err)
	}
	return on
}

var feedURL = regexp.MustCompile(`<code id="feed-url">([^<]+)</code>`)

// TestCalendarFeeds: the public feed holds the public events only; a
// personal feed (a secret address, shown once) holds the events the
// account takes part in and the sessions it speaks in, and stops working
// when revoked or when the account is disabled.
func TestCalendarFeeds(t *testing.T) {
	eachDemo(t, "2017-09-01T10:00:00Z", func(t *testing.T, app *webtest.App, id int64) {
		cal := parseICS(t, app.Get("/calendar/public.ics").Body.Bytes())
		titles := func(c *ical.Calendar) string {
			var out []string
			for _, e := range c.Events() {
				out = append(out, text(t, e, ical.PropSummary))
			}
			return strings.Join(out, " | ")
		}
		pub := titles(cal)
		if !strings.Contains(pub, demo.SeedWorkshopTitle) || !strings.Contains(pub, "Regional follow-up meeting") || strings.Contains(pub, "Training for 1540") {
			t.Errorf("public feed: %s", pub)
		}
		for _, e := range cal.Events() {
			if e.Props.Get(ical.PropDateTimeStart).Params.Get(ical.ParamValue) != "DATE" {
				t.Errorf("a public feed entry is not an all-day span")
			}
		}

		// Serbia's coordinator (Serbia has delegates at the workshop) makes a feed.
		srb := app.Account("SRB", model.RoleCoordinator)
		rec := srb.Post("/calendar/feed", url.Values{})
		m := feedURL.FindStringSubmatch(rec.Body.String())
		if rec.Code != 200 || m == nil {
			t.Fatalf("making a feed: %d %.300s", rec.Code, rec.Body.String())
		}
		u, err := url.Parse(m[1])
		if err != nil {
			t.Fatal(err)
		}
		feed := app.Get(u.Path) // no cookie, no token: the address is the key
		if feed.Code != 200 {
			t.Fatalf("personal feed: %d", feed.Code)
		}
		mine := titles(parseICS(t, feed.Body.Bytes()))
		if !strings.Contains(mine, demo.SeedWorkshopTitle) || strings.Contains(mine, "Regional follow-up meeting") {
			t.Errorf("Serbia's feed: %s", mine)
		}
		if strings.Contains(app.Get("/events").Body.String(), m[1]) || strings.Contains(srb.Get("/events").Body.String(), m[1]) {
			t.Error("the feed's address is shown again")
		}
		if !strings.Contains(srb.Get("/events").Body.String(), "a personal feed is live") {
			t.Error("the events page does not say the feed is live")
		}
		// A new address revokes the old one; revoking ends it.
		rec = srb.Post("/calendar/feed", url.Values{})
		m2 := feedURL.FindStringSubmatch(rec.Body.String())
		if m2 == nil || m2[1] == m[1] {
			t.Fatal("a second feed did not give a new address")
		}
		if app.Get(u.Path).Code != 404 {
			t.Error("the old address still works after a new one was made")
		}
		u2, _ := url.Parse(m2[1])
		srb.Post("/calendar/feed/revoke", url.Values{})
		if app.Get(u2.Path).Code != 404 {
			t.Error("a revoked feed still works")
		}
		for _, bad := range []string{"/calendar/feed/napxcal_guess/events.ics", "/calendar/feed/" + strings.Repeat("x", 300) + "/events.ics"} {
			if app.Get(bad).Code != 404 {
				t.Errorf("%s does not answer 404", bad)
			}
		}

		// The Committee's expert speaks in two sessions: those are in the feed.
		ctx := context.Background()
		accs, err := app.Services.Accounts.List(ctx, model.SystemViewer("test"), "UNSC1540")
		if err != nil {
			t.Fatal(err)
		}
		var expert model.Account
		for _, a := range accs {
			if a.Email == "expert@unsc1540.demo.napx" {
				expert = a
			}
		}
		token, err := app.Services.Events.NewFeed(ctx, app.Services.Accounts.ViewerOf(expert))
		if err != nil {
			t.Fatal(err)
		}
		ics, err := app.Services.Events.PersonalICS(ctx, token, "")
		if err != nil {
			t.Fatal(err)
		}
		sessions := 0
		for _, e := range parseICS(t, ics).Events() {
			if e.Props.Get(ical.PropRelatedTo) != nil {
				sessions++
			}
		}
		if sessions != 2 {
			t.Errorf("the expert's feed has %d sessions, want the 2 they speak in", sessions)
		}
		if _, err := app.Services.Accounts.Disable(ctx, model.SystemViewer("test"), expert.Email); err != nil {
			t.Fatal(err)
		}
		if _, err := app.Services.Events.PersonalICS(ctx, token, ""); err != model.ErrNotFound {
			t.Errorf("a disabled account's feed: %v", err)
		}
		_ = id
	})
}
