package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// hiddenEvent is a private NAP consultation of Croatia's with something
// of everything: a quota, a delegate, a session, a material, a lesson, a
// follow-up. Each carries its own marker text.
type hiddenEvent struct {
	id, pid, sid, mid, fid int64
}

const (
	titleMarker    = "Zeta consultation marker"
	delegateMarker = "Zeta Delegate Marker"
	followMarker   = "Zeta follow-up marker"
	materialMarker = "Zeta material marker"
)

func makeHiddenEvent(t *testing.T, app *webtest.App, visibility model.Visibility) hiddenEvent {
	t.Helper()
	ctx := context.Background()
	hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email(fmt.Sprintf("maker-%s@hrv.example.org", visibility)))
	// Serbia is named a partner: that gives it no right to read the event.
	ev, err := app.Services.Events.Create(ctx, hrv.Viewer, model.EventInput{Kind: "nap-consultation", Title: titleMarker, Start: "2030-05-06", End: "2030-05-07",
		TimeZone: "Europe/Zagreb", Visibility: string(visibility), Partners: []model.PartnerInput{{Org: "SRB", Roles: []string{"expertise"}}}})
	if err != nil {
		t.Fatal(err)
	}
	n := 2
	if _, err := app.Services.Events.SetQuotas(ctx, hrv.Viewer, ev.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &n}})); err != nil {
		t.Fatal(err)
	}
	p, err := app.Services.Events.Nominate(ctx, hrv.Viewer, ev.ID, service.Given(model.NominationInput{Org: "HRV", Name: delegateMarker}))
	if err != nil {
		t.Fatal(err)
	}
	se, err := app.Services.Events.AddSession(ctx, hrv.Viewer, ev.ID, service.Given(model.SessionInput{Day: "2030-05-06", Starts: "10:00", Ends: "11:00", Title: "Session " + titleMarker}))
	if err != nil {
		t.Fatal(err)
	}
	m, err := app.Services.Events.AddMaterial(ctx, hrv.Viewer, ev.ID, service.Given(model.MaterialInput{Title: "Notes", Audience: "public", Filename: "notes.txt",
		Content: []byte(materialMarker)}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Services.Events.AddLesson(ctx, hrv.Viewer, ev.ID, service.Given(model.LessonInput{Title: "Lesson " + titleMarker})); err != nil {
		t.Fatal(err)
	}
	f, err := app.Services.Events.AddFollowUp(ctx, hrv.Viewer, ev.ID, service.Given(model.FollowUpInput{Title: followMarker, Owner: "HRV"}))
	if err != nil {
		t.Fatal(err)
	}
	return hiddenEvent{id: ev.ID, pid: p.ID, sid: se.ID, mid: m.ID, fid: f.ID}
}

// replay is a body that can be sent again and again: CheckHidden sends
// each write once per outsider.
type replay struct {
	s   string
	pos int
}

func (r *replay) Read(b []byte) (int, error) {
	if r.pos >= len(r.s) {
		r.pos = 0
		return 0, io.EOF
	}
	n := copy(b, r.s[r.pos:])
	r.pos += n
	return n, nil
}

func jsonBody(s string) webtest.Request {
	return webtest.Request{Body: &replay{s: s}, Header: http.Header{"Content-Type": {"application/json"}}}
}

func writes(h hiddenEvent) []webtest.Request {
	w := func(method, path, body string) webtest.Request {
		r := jsonBody(body)
		r.Method, r.Path = method, path
		return r
	}
	ev := fmt.Sprintf("/api/v1/events/%d", h.id)
	return []webtest.Request{
		w("PATCH", ev, `{"title": "changed", "version": 1}`),
		w("PUT", ev+"/quotas", `[{"org": "SRB", "seats": 3}]`),
		w("POST", ev+"/participants", `{"org": "SRB", "name": "Intruder"}`),
		w("POST", ev+"/participants", `{"org": "HRV", "name": "Intruder"}`),
		w("PATCH", fmt.Sprintf("%s/participants/%d", ev, h.pid), `{"status": "withdrawn"}`),
		w("POST", ev+"/followups", `{"title": "x", "owner": "SRB"}`),
		w("PATCH", fmt.Sprintf("%s/followups/%d", ev, h.fid), `{"status": "done", "version": 1}`),
		w("POST", ev+"/sessions", `{"day": "2030-05-06", "starts": "09:00", "ends": "10:00", "title": "x"}`),
		w("POST", ev+"/materials", `{"title": "x", "url": "https://example.org"}`),
		w("POST", ev+"/lessons", `{"title": "x"}`),
		w("DELETE", fmt.Sprintf("%s/sessions/%d", ev, h.sid), ``),
		w("DELETE", fmt.Sprintf("%s/materials/%d", ev, h.mid), ``),
		w("PUT", ev+"/nomination-fields", `{"fields": [{"field": "email"}]}`),
		w("POST", ev+"/participants/confirm", fmt.Sprintf(`{"items": [{"id": %d, "version": 1}]}`, h.pid)),
	}
}

func forms(h hiddenEvent) []webtest.Form {
	ev := fmt.Sprintf("/events/%d", h.id)
	v := func(kv ...string) url.Values {
		out := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	return []webtest.Form{
		{Path: ev + "/edit", Values: v("title", "changed", "kind", "meeting", "start", "2030-05-06", "end", "2030-05-07", "version", "1")},
		{Path: ev + "/quotas", Values: v("quotas", "SRB 3")},
		{Path: ev + "/participants", Values: v("name", "Intruder")},
		{Path: fmt.Sprintf("%s/participants/%d", ev, h.pid), Values: v("status", "withdrawn")},
		{Path: fmt.Sprintf("%s/participants/%d/withdraw", ev, h.pid), Values: v("confirm", "participant.withdraw")},
		{Path: ev + "/sessions", Values: v("day", "2030-05-06", "starts", "09:00", "ends", "10:00", "title", "x")},
		{Path: fmt.Sprintf("%s/sessions/%d/delete", ev, h.sid)},
		{Path: ev + "/materials", Values: v("title", "x", "url", "https://example.org")},
		{Path: fmt.Sprintf("%s/materials/%d/delete", ev, h.mid)},
		{Path: ev + "/lessons", Values: v("title", "x")},
		{Path: ev + "/followups", Values: v("title", "x", "owner", "SRB")},
		{Path: fmt.Sprintf("%s/followups/%d", ev, h.fid), Values: v("status", "done", "version", "1")},
		{Path: ev + "/nomination-fields", Values: v("field_email", "optional")},
		{Path: ev + "/participants/confirm", Values: v("pick", fmt.Sprintf("%d:1", h.pid))},
	}
}

// TestEventsCheckHidden: a private event of Croatia's does not exist for
// anyone else, on every route of the feature: pages, files, calendar,
// API, forms, lists, feeds and the State's page.
func TestEventsCheckHidden(t *testing.T) {
	eachBefore2030(t, func(t *testing.T, base *webtest.App) { eventsCheckHidden(t, base) })
}

// eachBefore2030 runs fn on each engine with the clock fixed in January
// 2030, before the events these tests make (6–7 May 2030): the tests say
// "a future event" without depending on the real date.
func eachBefore2030(t *testing.T, fn func(t *testing.T, base *webtest.App)) {
	webtest.Each(t, fn, webtest.Clock(func() time.Time { return time.Date(2030, 1, 15, 9, 0, 0, 0, time.UTC) }))
}

func eventsCheckHidden(t *testing.T, base *webtest.App) {
	for _, level := range []model.Visibility{model.VisPrivate, model.VisCommittee} {
		t.Run(string(level), func(t *testing.T) {
			// CheckHidden makes its outsiders afresh: one app per marker.
			check := func(marker string, reads []string, withWrites bool) {
				app := base.Fresh(t)
				h := makeHiddenEvent(t, app, level)
				ev := fmt.Sprintf("/events/%d", h.id)
				api := "/api/v1" + ev
				lists := []string{"/events", "/events?view=month&month=2030-05", "/events?region=SEE", "/api/v1/events",
					"/api/v1/events?kind=nap-consultation", "/states/{owner}"}
				hd := webtest.Hidden{Owner: "HRV", Level: level, Marker: marker, ID: fmt.Sprint(h.id),
					Elsewhere: []string{"/calendar/public.ics", "/states/SRB"}, Counts: []string{"/api/v1/events"}}
				if marker == titleMarker {
					hd.Lists = lists // the lists show the event's title
				} else if marker == followMarker {
					// The owner's profile lists the follow-ups it owns (issue 14).
					hd.Lists = []string{"/states/{owner}", "/api/v1/states/{owner}/profile"}
					hd.Elsewhere = append(hd.Elsewhere, lists[:len(lists)-1]...)
				} else {
					hd.Elsewhere = append(hd.Elsewhere, lists...)
				}
				for _, r := range reads {
					hd.Reads = append(hd.Reads, strings.NewReplacer("{ev}", ev, "{api}", api, "{mid}", fmt.Sprint(h.mid)).Replace(r))
				}
				if withWrites {
					hd.Writes, hd.Forms = writes(h), forms(h)
					hd.Quiet = []string{ev + "/participants.xlsx", ev + "/edit", ev + "/manage", api + "/quotas", fmt.Sprintf("%s/participants/%d/withdraw", ev, h.pid), api + "/nomination-fields"}
				}
				app.CheckHidden(t, hd)
			}
			// The event's title, with every write and form.
			check(titleMarker, []string{"{ev}", "{ev}/agenda", "{ev}/participants", "{ev}/event.ics", "{api}"}, true)
			// The delegate's name, the follow-up, the material.
			check(delegateMarker, []string{"{ev}/participants", "{ev}/participants.csv", "{api}/participants"}, false)
			check(followMarker, []string{"{ev}", "{api}/followups"}, false)
			check(materialMarker, []string{"{ev}/materials/{mid}"}, false)

			app := base.Fresh(t)
			h := makeHiddenEvent(t, app, level)
			ev := fmt.Sprintf("/events/%d", h.id)
			api := "/api/v1" + ev
			srb := app.Account("SRB", model.RoleCoordinator)
			// Nor does it come into Serbia's personal calendar feed.
			token, err := app.Services.Events.NewFeed(context.Background(), srb.Viewer)
			if err != nil {
				t.Fatal(err)
			}
			if rec := app.Get("/calendar/feed/" + token + "/events.ics"); rec.Code != 200 || strings.Contains(rec.Body.String(), "Zeta") {
				t.Errorf("Serbia's feed: %d, leaks the event: %v", rec.Code, strings.Contains(rec.Body.String(), "Zeta"))
			}
			for _, w := range writes(h) {
				for _, c := range []*webtest.Client{srb, app.Anonymous()} {
					w.Body = &replay{s: w.Body.(*replay).s}
					c.Do(w)
				}
			}
			// Addresses without a marker of their own: 404 for an outsider too.
			outsiders := []*webtest.Client{app.Account("SRB", model.RoleCoordinator, webtest.Email("x@srb.example.org")),
				app.Account("RACVIAC", model.RoleCoordinator, webtest.Email("x@racviac.example.org"))}
			if level == model.VisPrivate {
				outsiders = append(outsiders, app.Account("UNSC1540", model.RoleCoordinator, webtest.Email("x@unsc1540.example.org")))
			}
			for _, c := range outsiders {
				for _, p := range []string{ev + "/participants.xlsx", ev + "/edit", ev + "/manage", api + "/quotas", api + "/nomination-fields"} {
					if rec := c.Get(p); rec.Code != http.StatusNotFound {
						t.Errorf("%s reads %s: %d, want 404", c.Name(), p, rec.Code)
					}
					if rec := c.Do(webtest.Request{Path: p}); rec.Code != http.StatusNotFound {
						t.Errorf("%s reads %s through the API: %d, want 404", c.Name(), p, rec.Code)
					}
				}
			}
			// And nothing was changed by all those attempts.
			e, err := app.Services.Events.Get(context.Background(), model.SystemViewer("test"), h.id)
			if err != nil {
				t.Fatal(err)
			}
			if e.Title != titleMarker || len(e.Participants) != 1 || e.Participants[0].Status != model.StatusNominated || len(e.Sessions) != 1 ||
				len(e.Materials) != 1 || len(e.FollowUps) != 1 || e.FollowUps[0].Status != model.FollowUpOpen || len(e.Quotas) != 1 || len(e.Lessons) != 1 {
				t.Errorf("an outsider changed the event: %+v", e)
			}
			if len(e.NominationFields) != 0 {
				t.Errorf("an outsider set the nomination form's questions: %+v", e.NominationFields)
			}
		})
	}
}

const (
	confidential = "Confidential briefing marker"
	unreleased   = "Unreleased summary marker"
)

// openEvent is a public peer review of Croatia's with a material and a
// contact for confirmed participants, a material not yet released, and
// a delegate of Croatia's.
func openEvent(t *testing.T, base *webtest.App) (app *webtest.App, hrv *webtest.Client, id, m1, m2 int64) {
	t.Helper()
	app = base.Fresh(t)
	ctx := context.Background()
	hrv = app.Account("HRV", model.RoleCoordinator, webtest.Email("organiser@hrv.example.org"))
	ev, err := app.Services.Events.Create(ctx, hrv.Viewer, model.EventInput{Kind: "peer-review", Title: "Open peer review", Start: "2030-05-06", End: "2030-05-07",
		Visibility: "public", Contacts: []model.ContactInput{
			{Name: confidential, Role: "Logistics", Email: "logistics@hrv.example.org", Audience: "confirmed"},
			{Name: "Public desk", Role: "Information", Email: "desk@hrv.example.org", Phone: "+385 1 000", Audience: "public"},
		}})
	if err != nil {
		t.Fatal(err)
	}
	n := 1
	if _, err := app.Services.Events.SetQuotas(ctx, hrv.Viewer, ev.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &n}, {Org: "SRB", Seats: &n}})); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Services.Events.Nominate(ctx, hrv.Viewer, ev.ID, service.Given(model.NominationInput{Org: "HRV", Name: "Hrvoje Delegate Marker"})); err != nil {
		t.Fatal(err)
	}
	a, err := app.Services.Events.AddMaterial(ctx, hrv.Viewer, ev.ID, service.Given(model.MaterialInput{Title: confidential, Audience: "confirmed", Filename: "b.txt", Content: []byte(confidential)}))
	if err != nil {
		t.Fatal(err)
	}
	b, err := app.Services.Events.AddMaterial(ctx, hrv.Viewer, ev.ID, service.Given(model.MaterialInput{Title: unreleased, Audience: "public", ReleaseAt: "2030-05-07T17:00",
		Filename: "s.txt", Content: []byte(unreleased)}))
	if err != nil {
		t.Fatal(err)
	}
	return app, hrv, ev.ID, a.ID, b.ID
}

// TestMaterialsAndContactsForWhomTheyAre: on a public event, a material
// and a contact meant for confirmed participants, and a material not yet
// released, exist only for those they are for; a delegate is seen by the
// organiser, the delegation and confirmed participants only.
func TestMaterialsAndContactsForWhomTheyAre(t *testing.T) {
	eachBefore2030(t, materialsForWhomTheyAre)
}

func materialsForWhomTheyAre(t *testing.T, base *webtest.App) {
	elsewhere := func(page string) []string {
		return []string{page + "/agenda", "/api/v1" + page, page + "/event.ics", "/events", "/api/v1/events"}
	}
	app, _, id, m1, _ := openEvent(t, base)
	page := fmt.Sprintf("/events/%d", id)
	app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: confidential,
		Reads: []string{fmt.Sprintf("%s/materials/%d", page, m1)}, Lists: []string{page}, Elsewhere: elsewhere(page)})
	app, _, id, _, m2 := openEvent(t, base)
	page = fmt.Sprintf("/events/%d", id)
	app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: unreleased,
		Reads: []string{fmt.Sprintf("%s/materials/%d", page, m2)}, Lists: []string{page}, Elsewhere: elsewhere(page)})
	app, _, id, _, _ = openEvent(t, base)
	page = fmt.Sprintf("/events/%d", id)
	patch := jsonBody(`{"status": "withdrawn"}`)
	patch.Method, patch.Path = "PATCH", "/api/v1"+page+"/participants/1"
	app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: "Hrvoje Delegate Marker",
		Lists:  []string{page + "/participants", "/api/v1" + page + "/participants", page + "/participants.csv"},
		Writes: []webtest.Request{patch}})

	// Serbia with a confirmed delegate is a confirmed participant: it sees
	// the confidential material and contact, and the confirmed delegates.
	ctx := context.Background()
	app, hrv, id, m1, _ := openEvent(t, base)
	page = fmt.Sprintf("/events/%d", id)
	if !strings.Contains(hrv.Get(page+"/participants").Body.String(), "Hrvoje Delegate Marker") {
		t.Error("the organiser does not see its delegate")
	}
	srb := app.Account("SRB", model.RoleCoordinator, webtest.Email("confirmed@srb.example.org"))
	p, err := app.Services.Events.Nominate(ctx, srb.Viewer, id, service.Given(model.NominationInput{Name: "Srdjan Delegate"}))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(srb.Get(page).Body.String(), confidential) {
		t.Error("a merely nominated delegation sees what is for confirmed participants")
	}
	if _, err := app.Services.Events.ChangeParticipant(ctx, hrv.Viewer, id, p.ID, service.Given(model.ParticipantPatch{Status: "confirmed", Version: p.Version})); err != nil {
		t.Fatal(err)
	}
	webtest.Expect(t, srb.Get(page), 200, confidential, "logistics@hrv.example.org", "!"+unreleased)
	webtest.Expect(t, srb.Get(fmt.Sprintf("%s/materials/%d", page, m1)), 200, confidential)
	webtest.Expect(t, srb.Get(page+"/participants"), 200, "Srdjan Delegate", "!Hrvoje Delegate Marker")
	// The public contact: its name for everyone, its details for signed-in accounts.
	webtest.Expect(t, app.Anonymous().Get(page), 200, "Public desk", "!desk@hrv.example.org", "!385 1 000", "Contact details are shown to signed-in accounts.")
	webtest.Expect(t, app.Account("IAEA", model.RoleViewer).Get(page), 200, "desk@hrv.example.org", "385 1 000", "!"+confidential)
}

// TestNAPLinkOnlyForReadersOfTheAction: the demo links Croatia's
// follow-up of the workshop to an action of Croatia's submitted plan. The
// link (and the action's title) shows only to those who may read the
// plan: Croatia, the Committee and UNODA.
func TestNAPLinkOnlyForReadersOfTheAction(t *testing.T) {
	eachDemo(t, "2026-11-27T10:00:00Z", func(t *testing.T, app *webtest.App, id int64) {
		const title = "Annual review of nuclear measures by the working group (illustrative)"
		fs, err := app.Services.Events.FollowUps(context.Background(), model.SystemViewer("test"), id)
		if err != nil {
			t.Fatal(err)
		}
		var link *model.NAPActionLink
		for _, f := range fs {
			if f.Owner == "HRV" {
				link = f.NAPAction
			}
		}
		if link == nil || link.Title != title {
			t.Fatalf("the demo's Croatian follow-up is not linked to its NAP action: %+v", link)
		}
		page := fmt.Sprintf("/events/%d", id)
		action := fmt.Sprintf("/naps/%d/actions/%d", link.NAPID, link.ActionID)
		app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisCommittee, Marker: title, Reads: []string{action},
			Lists: []string{page}, Elsewhere: []string{"/api/v1" + page, "/api/v1" + page + "/followups"}})
		for _, c := range []*webtest.Client{app.Account("HRV", model.RoleViewer), app.Account("UNSC1540", model.RoleEditor)} {
			webtest.Expect(t, c.Get(page), 200, `href="`+action+`"`, title)
			webtest.Expect(t, c.Get("/api/v1"+page+"/followups"), 200, fmt.Sprintf(`"nap_action_id":%d`, link.ActionID))
		}
		webtest.Expect(t, app.Account("SRB", model.RoleCoordinator).Get("/api/v1"+page+"/followups"), 200, "!nap_action")
	})
}
