package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// assistanceNow is the tests' clock: Monday 2 November 2026, 10:00 in New
// York; a request acknowledged on 1 October 2026 had its window close at
// the end of 8 October.
var assistanceNow = time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC)

func eachAssistance(t *testing.T, fn func(t *testing.T, app *webtest.App)) {
	webtest.Each(t, fn, webtest.Clock(func() time.Time { return assistanceNow }))
}

func values(kv ...string) url.Values {
	out := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Add(kv[i], kv[i+1])
	}
	return out
}

var locationID = regexp.MustCompile(`/assistance/requests/(\d+)`)

// idFrom reads the record number from a redirect.
func idFrom(t *testing.T, rec interface{ Header() http.Header }, pattern *regexp.Regexp) int64 {
	t.Helper()
	m := pattern.FindStringSubmatch(rec.Header().Get("Location"))
	if m == nil {
		t.Fatalf("no record in the redirect %q", rec.Header().Get("Location"))
	}
	var id int64
	fmt.Sscan(m[1], &id)
	return id
}

// TestAssistanceThroughThePages: a State drafts a request on the template
// (a second need added without JavaScript), submits it; the Committee
// acknowledges it on a past day (it came by note verbale); the timers
// circulate it; the public reads the summary only; a provider describes a
// programme, finds the need among those that fit, offers; the expert
// confirms the match; the provider records a delivery at an event; the
// State gives feedback and the outcomes, which close the request; the
// event's page and the States' pages list it.
func TestAssistanceThroughThePages(t *testing.T) {
	eachAssistance(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		editor := app.Account("HRV", model.RoleEditor)
		coord := app.Account("HRV", model.RoleCoordinator)
		expert := app.Account("UNSC1540-GOE", model.RoleEditor)
		iaea := app.Account("IAEA", model.RoleEditor)
		webtest.Expect(t, editor.Get("/assistance/requests/new"), 200, "Ask for assistance for Croatia", "AS-EXPORT")
		form := values("title", "Export control training", "summary", "Training for licensing officers", "description", "Secret situation: no trained officers",
			"language", "en", "contact.name", "Ana Horvat", "contact.email", "ana@mvep.example.org", "note_verbale_date", "2026-09-30", "note_verbale_ref", "HRV/1540/7",
			"needs[0].area", "AS-EXPORT", "needs[0].modalities", "training", "needs[0].description", "Train 20 officers")
		// Add a need without JavaScript: the form again, one more row, nothing saved.
		more := values()
		for k, v := range form {
			more[k] = v
		}
		more.Set("more", "1")
		webtest.Expect(t, editor.Post("/assistance/requests", more), 200, `name="needs[1].area"`, "Train 20 officers")
		if rs, _ := app.Services.Assistance.Requests(ctx, editor.Viewer, model.RequestFilter{}); len(rs) != 0 {
			t.Fatal("adding a row saved the request")
		}
		// A need without an area is refused, naming the field.
		bad := values()
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("needs[1].area", "")
		bad.Set("needs[1].modalities", "equipment")
		webtest.Expect(t, editor.Post("/assistance/requests", bad), 422, `href="#needs%5b1%5d.area"`, `id="needs[1].area"`, "every need has an area")
		form.Set("needs[1].area", "AS-BORDER")
		form.Add("needs[1].modalities", "equipment")
		rec := editor.Post("/assistance/requests", form)
		webtest.Expect(t, rec, 303)
		id := idFrom(t, rec, locationID)
		page := fmt.Sprintf("/assistance/requests/%d", id)
		webtest.Expect(t, editor.Get(page), 200, "Export control training", "Secret situation", "Draft")
		webtest.Expect(t, editor.Post(page+"/submit", nil), 403) // an editor does not submit
		webtest.Expect(t, coord.Post(page+"/submit", values("confirm", "assistance.submit")), 303)
		// The Committee acknowledges on a day after today: refused, named.
		webtest.Expect(t, expert.Post(page+"/acknowledge", values("date", "2026-11-03")), 422, `href="#date"`)
		webtest.Expect(t, expert.Post(page+"/acknowledge", values("date", "2026-10-01")), 303)
		webtest.Expect(t, coord.Get(page), 200, "last day 8 October 2026", "closed at the end of Thursday 8 October 2026")
		// Before a timer ran, the public finds nothing.
		webtest.Expect(t, app.Anonymous().Get(page), 404)
		if run, err := app.Services.Assistance.RunTimers(ctx); err != nil || len(run.Circulated) != 1 {
			t.Fatalf("timers: %+v %v", run, err)
		}
		webtest.Expect(t, app.Anonymous().Get(page), 200, "Export control training", "Training for licensing officers", "AS-EXPORT", "Training or workshop",
			"Circulated to providers", "!Secret situation", "!Ana Horvat", "!ana@mvep.example.org", "!HRV/1540/7", "!Train 20 officers")
		webtest.Expect(t, app.Anonymous().Get("/assistance/requests"), 200, "Export control training", "!Secret situation")
		// A provider describes a programme and finds the need.
		rec = iaea.Post("/assistance/programmes", values("title", "Export licensing course", "description", "A course", "areas", "AS-EXPORT", "modalities", "training",
			"groups", "SEE", "languages", "en", "status", "open", "contact_name", "Desk", "contact_email", "desk@iaea.example.org"))
		webtest.Expect(t, rec, 303)
		var gid int64
		fmt.Sscan(strings.TrimPrefix(strings.SplitN(rec.Header().Get("Location"), "?", 2)[0], "/assistance/programmes/"), &gid)
		webtest.Expect(t, iaea.Get("/assistance/fits"), 200, "Export control training", "Export licensing course", "serves the requester&#39;s region")
		webtest.Expect(t, iaea.Get(page), 200, "Secret situation", "Offer your programme") // a provider reads the details
		r, _ := app.Services.Assistance.Request(ctx, model.SystemViewer("test"), id)
		needID := r.Needs[0].ID
		webtest.Expect(t, iaea.Post(fmt.Sprintf("/assistance/needs/%d/offers", needID), values("programme", fmt.Sprint(gid), "note", "Next spring")), 303)
		webtest.Expect(t, expert.Get(page), 200, "Confirm this match", "open offer")
		webtest.Expect(t, expert.Post(fmt.Sprintf("/assistance/needs/%d/match", needID), values("programme", fmt.Sprint(gid))), 303)
		webtest.Expect(t, coord.Get(page), 200, "Matched", "Export licensing course")
		// A second confirmation is refused with what happened.
		webtest.Expect(t, expert.Post(fmt.Sprintf("/assistance/needs/%d/match", needID), values("programme", fmt.Sprint(gid))), 422, "matched meanwhile")
		// The delivery, at an event the provider organised.
		ev, err := app.Services.Events.Create(ctx, iaea.Viewer, model.EventInput{Kind: "workshop", Title: "Licensing course, Zagreb", Start: "2026-10-20",
			End: "2026-10-22", Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		webtest.Expect(t, iaea.Post(fmt.Sprintf("/assistance/needs/%d/deliveries", needID), values("start", "2026-10-20", "end", "2026-10-22",
			"what", "Three days for 20 officers", "event", "999999")), 422, `href="#event"`)
		webtest.Expect(t, iaea.Post(fmt.Sprintf("/assistance/needs/%d/deliveries", needID), values("start", "2026-10-20", "end", "2026-10-22",
			"what", "Three days for 20 officers", "event", fmt.Sprint(ev.ID))), 303)
		webtest.Expect(t, app.Anonymous().Get(fmt.Sprintf("/events/%d", ev.ID)), 200, "Assistance this event delivered", "Export control training", "!Three days for 20 officers")
		webtest.Expect(t, iaea.Get(fmt.Sprintf("/events/%d", ev.ID)), 200, "Three days for 20 officers")
		// Feedback from both sides; the outcomes close the request.
		webtest.Expect(t, iaea.Post(fmt.Sprintf("/assistance/needs/%d/feedback", needID), values("activities", "Course given", "outcome", "fulfilled")), 403)
		webtest.Expect(t, iaea.Post(fmt.Sprintf("/assistance/needs/%d/feedback", needID), values("activities", "Course given", "achievements", "20 trained")), 303)
		webtest.Expect(t, editor.Post(fmt.Sprintf("/assistance/needs/%d/feedback", needID), values("achievements", "Licences issued faster", "outcome", "fulfilled")), 303)
		webtest.Expect(t, editor.Post(fmt.Sprintf("/assistance/needs/%d/feedback", r.Needs[1].ID), values("opportunities", "Equipment still needed", "outcome", "unmet")), 303)
		webtest.Expect(t, coord.Get(page), 200, "Closed", "Licences issued faster", "Course given", "every need has its outcome")
		webtest.Expect(t, app.Anonymous().Get("/states/HRV"), 200, "Export control training", "!Three days")
		webtest.Expect(t, coord.Get("/states/HRV"), 200, "Export control training", "Three days for 20 officers")
		webtest.Expect(t, app.Anonymous().Get("/organizations/IAEA"), 200)
		webtest.Expect(t, app.Anonymous().Get("/assistance/programmes?area=AS-EXPORT"), 200, "Export licensing course")
		webtest.Expect(t, app.Anonymous().Get(fmt.Sprintf("/assistance/programmes/%d", gid)), 200, "Export licensing course", "!desk@iaea.example.org")
		webtest.Expect(t, coord.Get(fmt.Sprintf("/assistance/programmes/%d", gid)), 200, "desk@iaea.example.org")
	})
}

// TestRequestAssistanceFromAction: "Request assistance" on a NAP action
// that needs it fills the first need from the action.
func TestRequestAssistanceFromAction(t *testing.T) {
	eachAssistance(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		coord := app.Account("HRV", model.RoleCoordinator)
		title := "Plan with needs"
		n, err := app.Services.NAPs.Create(ctx, coord.Viewer, "HRV", model.NAPInput{Title: &title, PeriodStart: model.Ptr("2026"), PeriodEnd: model.Ptr("2029")})
		if err != nil {
			t.Fatal(err)
		}
		yes := true
		a, err := app.Services.NAPs.CreateAction(ctx, coord.Viewer, n.ID, service.Given(model.NAPActionInput{Title: model.Ptr("Control list translation"),
			Due: model.Ptr("2027-06-30"), Elements: &[]string{"OP3d-NW-09.LF"}, AssistanceNeeded: &yes, AssistanceWhat: model.Ptr("Translate the EU dual-use list")}))
		if err != nil {
			t.Fatal(err)
		}
		action := fmt.Sprintf("/naps/%d/actions/%d", n.ID, a.ID)
		webtest.Expect(t, coord.Get(action), 200, fmt.Sprintf(`href="/assistance/requests/new?action=%d"`, a.ID))
		webtest.Expect(t, coord.Get(fmt.Sprintf("/assistance/requests/new?action=%d", a.ID)), 200, "Assistance for: Control list translation",
			`<option value="AS-EXPORT" selected>`, "Translate the EU dual-use list", "OP3d-NW-09.LF", fmt.Sprintf(`name="needs[0].action" value="%d" checked`, a.ID))
		// Another State finds no such action.
		webtest.Expect(t, app.Account("SRB", model.RoleCoordinator).Get(fmt.Sprintf("/assistance/requests/new?action=%d", a.ID)), 404)
		// The link is not offered where nobody needs it, nor to a viewer.
		webtest.Expect(t, app.Account("HRV", model.RoleViewer).Get(action), 200, "!/assistance/requests/new")
	})
}

// TestOpenNeedsCountHonoursVisibility: the open-needs table counts what
// the viewer may read — a submitted request for the Committee and the
// requester, not for another State or the public — and its link rows.
func TestOpenNeedsCountHonoursVisibility(t *testing.T) {
	eachAssistance(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		coord := app.Account("SRB", model.RoleCoordinator)
		title := "Counted request"
		r, err := app.Services.Assistance.Create(ctx, coord.Viewer, "SRB", model.RequestInput{Title: &title, Needs: &[]model.NeedInput{
			{Area: "AS-NUC", Modalities: []string{"equipment"}}, {Area: "AS-BIO", Modalities: []string{"training"}}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Services.Assistance.Submit(ctx, coord.Viewer, r.ID, nil); err != nil {
			t.Fatal(err)
		}
		count := func(c *webtest.Client, path string) int {
			var out struct {
				Total struct{ Total int } `json:"total"`
			}
			if code := c.JSON("GET", path, nil, &out); code != 200 {
				t.Fatalf("%s: %d", path, code)
			}
			return out.Total.Total
		}
		for _, tc := range []struct {
			who  *webtest.Client
			want int
		}{
			{app.Anonymous(), 0}, {app.Account("HRV", model.RoleCoordinator), 0}, {app.Account("IAEA", model.RoleEditor), 0},
			{coord, 2}, {app.Account("UNSC1540", model.RoleViewer), 2}, {app.Account("UNODA", model.RoleViewer), 2},
		} {
			if got := count(tc.who, "/api/v1/assistance/open-needs"); got != tc.want {
				t.Errorf("%s counts %d open needs, want %d", tc.who.Name(), got, tc.want)
			}
			if got := count(tc.who, "/api/v1/assistance/open-needs?group=SEE"); got != tc.want {
				t.Errorf("%s counts %d open needs of SEE, want %d", tc.who.Name(), got, tc.want)
			}
		}
		webtest.Expect(t, coord.Get("/assistance"), 200, "Eastern European", `href="/assistance/requests?area=AS-NUC&amp;group=UN-EEG"`)
		webtest.Expect(t, coord.Get("/assistance?group=SEE"), 200, `href="/assistance/requests?area=AS-BIO&amp;state=SRB"`)
		webtest.Expect(t, app.Anonymous().Get("/assistance"), 200, "No open need that you may read")
		webtest.Expect(t, app.Anonymous().Get("/assistance?group=NOPE"), 422, "there is no group")
	})
}

// TestCommitteeNotesOnPages: after acknowledging, the requester's
// template no longer changes; the Committee's staff change the summary
// and keep notes the requester never reads; a stale form shows both
// versions.
func TestCommitteeNotesOnPages(t *testing.T) {
	eachAssistance(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		coord := app.Account("SRB", model.RoleCoordinator)
		expert := app.Account("UNSC1540", model.RoleEditor)
		title := "Notes request"
		r, err := app.Services.Assistance.Create(ctx, coord.Viewer, "SRB", model.RequestInput{Title: &title, Summary: model.Ptr("First summary"),
			Needs: &[]model.NeedInput{{Area: "AS-LEG", Modalities: []string{"legal-advice"}}}})
		if err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/assistance/requests/%d", r.ID)
		webtest.Expect(t, coord.Post(page+"/submit", values("confirm", "assistance.submit")), 303)
		webtest.Expect(t, expert.Post(page+"/acknowledge", values()), 303)
		webtest.Expect(t, coord.Get(page+"/edit"), 403)
		webtest.Expect(t, coord.Post(page, values("title", "Changed", "needs[0].area", "AS-LEG", "needs[0].modalities", "legal-advice", "version", "3")), 422, "no longer changes")
		webtest.Expect(t, expert.Get(page+"/edit"), 200, "The Committee&#39;s notes", `name="part" value="committee"`, "!needs[0].area")
		webtest.Expect(t, expert.Post(page, values("part", "committee", "summary", "Second summary", "committee_notes", "Internal: check with the WCO", "version", "3")), 303)
		webtest.Expect(t, expert.Get(page), 200, "Internal: check with the WCO", "Second summary")
		webtest.Expect(t, coord.Get(page), 200, "Second summary", "!Internal: check with the WCO")
		webtest.Expect(t, coord.Do(webtest.Request{Path: "/api/v1" + page}), 200, "!committee_notes")
		// A stale form: both versions, nothing saved.
		webtest.Expect(t, expert.Post(page, values("part", "committee", "summary", "Third summary", "committee_notes", "x", "version", "3")), 409,
			"Someone else changed this request", "Second summary", "Third summary")
	})
}
