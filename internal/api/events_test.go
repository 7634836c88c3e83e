package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

type eventOut struct {
	ID                 int64    `json:"id"`
	Title              string   `json:"title"`
	Start              string   `json:"start"`
	End                string   `json:"end"`
	Visibility         string   `json:"visibility"`
	Version            int64    `json:"version"`
	NominationDeadline string   `json:"nomination_deadline"`
	Objectives         []string `json:"objectives"`
	Contacts           []struct {
		Name, Email   string
		DetailsHidden bool `json:"details_hidden"`
	} `json:"contacts"`
}

type eventErr struct {
	Error   string            `json:"error"`
	Fields  map[string]string `json:"fields"`
	Current *eventOut         `json:"current"`
}

type participantOut struct {
	ID      int64  `json:"id"`
	Org     string `json:"org"`
	Name    string `json:"name"`
	Status  string `json:"status"`
	Place   int    `json:"waitlist_position"`
	Version int64  `json:"version"`
}

// TestEventsAPI walks the API of item 8: events, quotas, participants and
// follow-ups, with the answers for bad input, refusals and conflicts.
func TestEventsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2017, 9, 1, 9, 0, 0, 0, time.UTC)
		app := webtest.New(t, db, webtest.Clock(func() time.Time { return now }))
		org := app.Account("RACVIAC", model.RoleCoordinator)
		orgViewer := app.Account("RACVIAC", model.RoleViewer)
		hrv := app.Account("HRV", model.RoleCoordinator)
		hrvEditor := app.Account("HRV", model.RoleEditor)
		srb := app.Account("SRB", model.RoleCoordinator)
		fra := app.Account("FRA", model.RoleCoordinator)
		anon := app.Anonymous()

		// Create.
		in := map[string]any{"kind": "workshop", "code": "T-API", "title": "API workshop", "start": "2017-09-14", "end": "2017-09-15",
			"time_zone": "Europe/Zagreb", "visibility": "public", "objectives": []string{"One;", "Two."},
			"contacts": []map[string]string{{"name": "Desk", "email": "desk@example.org", "role": "Information"}}}
		var e eventOut
		if code := org.JSON("POST", "/api/v1/events", in, &e); code != 201 || e.ID == 0 || e.Version != 1 || e.NominationDeadline != "2017-09-13" {
			t.Fatalf("create: %d %+v", code, e)
		}
		ev := fmt.Sprintf("/api/v1/events/%d", e.ID)
		var bad eventErr
		for _, c := range []struct {
			who   *webtest.Client
			body  map[string]any
			code  int
			field string
		}{
			{anon, in, 401, ""},
			{orgViewer, in, 403, ""},
			{org, map[string]any{"kind": "workshop", "title": "x", "start": "2017-09-14", "end": "2017-09-13"}, 422, "end"},
			{org, map[string]any{"kind": "workshop", "title": "x", "start": "2017-09-14", "end": "2017-09-14", "colour": "red"}, 422, "colour"},
			{org, map[string]any{"kind": "workshop", "title": "x", "start": "14/09/2017", "end": "2017-09-14"}, 422, "start"},
			{org, map[string]any{"kind": "workshop", "title": "x", "start": "2017-09-14", "end": "2017-09-14", "organizer": "SRB"}, 403, ""},
		} {
			bad = eventErr{}
			if code := c.who.JSON("POST", "/api/v1/events", c.body, &bad); code != c.code || (c.field != "" && bad.Fields[c.field] == "") {
				t.Errorf("create by %s: %d %+v, want %d naming %q", c.who.Name(), code, bad, c.code, c.field)
			}
		}
		// Read: the list and the event; contact details for signed-in accounts only.
		var list struct{ Items []eventOut }
		if code := anon.JSON("GET", "/api/v1/events", nil, &list); code != 200 || len(list.Items) != 1 {
			t.Fatalf("list: %d %+v", code, list)
		}
		var got eventOut
		anon.JSON("GET", ev, nil, &got)
		if len(got.Contacts) != 1 || got.Contacts[0].Email != "" || !got.Contacts[0].DetailsHidden || len(got.Objectives) != 2 {
			t.Errorf("anonymous reads %+v", got)
		}
		srb.JSON("GET", ev, nil, &got)
		if got.Contacts[0].Email != "desk@example.org" {
			t.Errorf("a signed-in account does not get the contact's e-mail: %+v", got.Contacts)
		}
		// Change some fields; a stale version is a conflict with the current record.
		var changed eventOut
		if code := org.JSON("PATCH", ev, map[string]any{"title": "API workshop, renamed", "version": 1}, &changed); code != 200 || changed.Title != "API workshop, renamed" || changed.Version != 2 || changed.Start != "2017-09-14" || len(changed.Objectives) != 2 {
			t.Errorf("patch: %d %+v", code, changed)
		}
		bad = eventErr{}
		if code := org.JSON("PATCH", ev, map[string]any{"title": "stale", "version": 1}, &bad); code != 409 || bad.Current == nil || bad.Current.Title != "API workshop, renamed" {
			t.Errorf("stale patch: %d %+v", code, bad)
		}
		for _, c := range []struct {
			who  *webtest.Client
			body map[string]any
			code int
		}{
			{org, map[string]any{"title": "no version"}, 422},
			{org, map[string]any{"end": "2017-09-01", "version": 2}, 422},
			{hrv, map[string]any{"title": "not mine", "version": 2}, 403},
			{anon, map[string]any{"title": "anonymous", "version": 2}, 401},
		} {
			if code := c.who.JSON("PATCH", ev, c.body, nil); code != c.code {
				t.Errorf("patch by %s with %v: %d, want %d", c.who.Name(), c.body, code, c.code)
			}
		}

		// Quotas: the whole set; groups expanded; one {org, seats} per delegation.
		type quotas struct {
			Items []struct {
				Org      string
				Seats    int
				ViaGroup string `json:"via_group"`
				Name     string
			}
			Target int `json:"target"`
		}
		var q quotas
		set := []map[string]any{{"group": "SEE", "seats": 3}, {"org": "GRC", "seats": 1}, {"org": "MDA", "seats": 0}}
		if code := org.JSON("PUT", ev+"/quotas", set, &q); code != 200 || len(q.Items) != 8 {
			t.Fatalf("put quotas: %d %+v", code, q)
		}
		q = quotas{}
		anon.JSON("GET", ev+"/quotas", nil, &q)
		seats := map[string]int{}
		for _, it := range q.Items {
			seats[it.Org] = it.Seats
		}
		if fmt.Sprint(seats) != "map[ALB:3 BIH:3 GRC:1 HRV:3 MDA:0 MKD:3 MNE:3 SRB:3]" {
			t.Errorf("quotas read back: %v", seats)
		}
		for _, c := range []struct {
			who   *webtest.Client
			body  any
			code  int
			field string
		}{
			{srb, set, 403, ""},
			{anon, set, 401, ""},
			{org, []map[string]any{{"org": "HRV", "seats": -1}}, 422, "[0].seats"},
			{org, []map[string]any{{"org": "HRV"}}, 422, "[0].seats"},
			{org, map[string]any{"org": "HRV", "seats": 1}, 422, "body"},
		} {
			bad = eventErr{}
			if code := c.who.JSON("PUT", ev+"/quotas", c.body, &bad); code != c.code || (c.field != "" && bad.Fields[c.field] == "") {
				t.Errorf("put quotas by %s: %d %+v, want %d naming %q", c.who.Name(), code, bad, c.code, c.field)
			}
		}

		// Nominations: three seats, then the waiting list.
		var ps []participantOut
		for i, name := range []string{"Ana Horvat", "Ivan Kovačević", "Maja Babić", "Tomislav Novak"} {
			var p participantOut
			if code := hrv.JSON("POST", ev+"/participants", map[string]string{"org": "HRV", "name": name}, &p); code != 201 || p.ID == 0 || p.Org != "HRV" || p.Name != name {
				t.Fatalf("nominate %s: %d %+v", name, code, p)
			}
			want := "nominated"
			if i == 3 {
				want = "waitlisted"
			}
			if p.Status != want {
				t.Errorf("%s is %s, want %s", name, p.Status, want)
			}
			ps = append(ps, p)
		}
		if ps[3].Place != 1 {
			t.Errorf("the fourth delegate's place on the waiting list: %d", ps[3].Place)
		}
		for _, c := range []struct {
			who   *webtest.Client
			body  map[string]string
			code  int
			field string
		}{
			{fra, map[string]string{"org": "FRA", "name": "Not invited"}, 403, ""},
			{srb, map[string]string{"org": "HRV", "name": "Forwarded link"}, 403, ""},
			{org, map[string]string{"org": "HRV", "name": "Organiser's pick"}, 403, ""},
			{hrvEditor, map[string]string{"org": "HRV", "name": "Editor's pick"}, 403, ""},
			{anon, map[string]string{"org": "HRV", "name": "Anonymous"}, 401, ""},
			{hrv, map[string]string{"org": "HRV", "name": "ana horvat"}, 422, "name"},
			{hrv, map[string]string{"org": "HRV"}, 422, "name"},
		} {
			bad = eventErr{}
			if code := c.who.JSON("POST", ev+"/participants", c.body, &bad); code != c.code || (c.field != "" && bad.Fields[c.field] == "") {
				t.Errorf("nominate %v by %s: %d %+v, want %d naming %q", c.body, c.who.Name(), code, bad, c.code, c.field)
			}
		}
		// Who sees whom.
		var seen struct{ Items []participantOut }
		srb.JSON("GET", ev+"/participants", nil, &seen)
		if len(seen.Items) != 0 {
			t.Errorf("Serbia sees Croatia's delegates: %+v", seen.Items)
		}
		anon.JSON("GET", ev+"/participants", nil, &seen)
		if len(seen.Items) != 0 {
			t.Errorf("an anonymous visitor sees delegates: %+v", seen.Items)
		}
		orgViewer.JSON("GET", ev+"/participants", nil, &seen)
		if len(seen.Items) != 4 {
			t.Errorf("the organiser's viewer sees %d delegates, want 4", len(seen.Items))
		}
		// Confirm, withdraw: the released seat goes to the waiting delegate.
		var p participantOut
		if code := org.JSON("PATCH", fmt.Sprintf("%s/participants/%d", ev, ps[0].ID), map[string]any{"status": "confirmed", "version": ps[0].Version}, &p); code != 200 || p.Status != "confirmed" {
			t.Errorf("confirm: %d %+v", code, p)
		}
		if code := hrv.JSON("PATCH", fmt.Sprintf("%s/participants/%d", ev, ps[1].ID), map[string]any{"status": "confirmed"}, nil); code != 403 {
			t.Errorf("the delegation confirms its own delegate: %d", code)
		}
		if code := srb.JSON("PATCH", fmt.Sprintf("%s/participants/%d", ev, ps[1].ID), map[string]any{"status": "withdrawn"}, nil); code != 404 {
			t.Errorf("another delegation withdraws Croatia's delegate: %d, want 404 (it does not see it)", code)
		}
		// One optimistic-locking rule: a change without the version read is 422 naming it.
		bad = eventErr{}
		if code := hrv.JSON("PATCH", fmt.Sprintf("%s/participants/%d", ev, ps[1].ID), map[string]any{"status": "withdrawn"}, &bad); code != 422 || bad.Fields["version"] == "" {
			t.Errorf("withdraw without a version: %d %+v, want 422 naming version", code, bad)
		}
		if code := hrv.JSON("PATCH", fmt.Sprintf("%s/participants/%d", ev, ps[1].ID), map[string]any{"status": "withdrawn", "version": ps[1].Version}, &p); code != 200 || p.Status != "withdrawn" {
			t.Errorf("withdraw: %d %+v", code, p)
		}
		hrv.JSON("GET", ev+"/participants", nil, &seen)
		for _, x := range seen.Items {
			if x.Name == "Tomislav Novak" && x.Status != "nominated" {
				t.Errorf("the released seat did not go to the waiting delegate: %+v", x)
			}
		}
		if code := hrv.JSON("PATCH", fmt.Sprintf("%s/participants/%d", ev, ps[2].ID), map[string]any{"name": "Petra Perić", "version": ps[2].Version}, &p); code != 200 || p.Name != "Petra Perić" || p.Status != "nominated" {
			t.Errorf("substitute: %d %+v", code, p)
		}
		bad = eventErr{}
		if code := hrv.JSON("PATCH", fmt.Sprintf("%s/participants/%d", ev, ps[2].ID), map[string]any{"status": "confirmed", "name": "Both"}, &bad); code != 422 {
			t.Errorf("status and substitute at once: %d %+v", code, bad)
		}

		// Follow-ups: the organiser records; the owner reports progress; history kept.
		type followUp struct {
			ID      int64
			Status  string
			Version int64
			History []struct{ From, To, By, Note string }
		}
		var f followUp
		if code := org.JSON("POST", ev+"/followups", map[string]any{"title": "Update the NAP", "owner": "HRV", "due": "2018-06-30"}, &f); code != 201 || f.ID == 0 || f.Status != "open" || len(f.History) != 1 {
			t.Fatalf("create follow-up: %d %+v", code, f)
		}
		for _, c := range []struct {
			who  *webtest.Client
			body map[string]any
			code int
		}{
			{org, map[string]any{"title": "x", "owner": "NOWHERE"}, 422},
			{org, map[string]any{"title": "x", "owner": "HRV", "due": "soon"}, 422},
			{org, map[string]any{"title": "x", "owner": "HRV", "nap_action_id": 5}, 422},
			{hrv, map[string]any{"title": "x", "owner": "HRV"}, 403},
		} {
			if code := c.who.JSON("POST", ev+"/followups", c.body, nil); code != c.code {
				t.Errorf("follow-up %v by %s: %d, want %d", c.body, c.who.Name(), code, c.code)
			}
		}
		fp := fmt.Sprintf("%s/followups/%d", ev, f.ID)
		if code := hrvEditor.JSON("PATCH", fp, map[string]any{"status": "in-progress", "note": "drafting", "version": f.Version}, &f); code != 200 || f.Status != "in-progress" || len(f.History) != 2 || f.History[1].Note != "drafting" {
			t.Errorf("the owner reports progress: %d %+v", code, f)
		}
		if code := hrvEditor.JSON("PATCH", fp, map[string]any{"status": "done", "version": 1}, nil); code != 409 {
			t.Errorf("a stale follow-up: %d, want 409", code)
		}
		if code := srb.JSON("PATCH", fp, map[string]any{"status": "done", "version": f.Version}, nil); code != 403 {
			t.Errorf("another State changes Croatia's follow-up: %d, want 403", code)
		}
		if code := hrvEditor.JSON("PATCH", fp, map[string]any{"owner": "SRB", "version": f.Version}, nil); code != 422 {
			t.Errorf("the owner hands its follow-up on: %d, want 422", code)
		}
		var fs struct{ Items []followUp }
		if code := anon.JSON("GET", ev+"/followups", nil, &fs); code != 200 || len(fs.Items) != 1 {
			t.Errorf("follow-ups read: %d %+v", code, fs)
		}

		// After the deadline, the delegation can no longer nominate or withdraw.
		now = time.Date(2017, 9, 14, 6, 0, 0, 0, time.UTC)
		bad = eventErr{}
		if code := hrv.JSON("POST", ev+"/participants", map[string]string{"org": "HRV", "name": "Too Late"}, &bad); code != 422 || bad.Fields["nomination_deadline"] == "" {
			t.Errorf("a nomination after the deadline: %d %+v", code, bad)
		}
		// The organiser records attendance from the first day.
		if code := org.JSON("PATCH", fmt.Sprintf("%s/participants/%d", ev, ps[0].ID), map[string]any{"status": "attended", "version": ps[0].Version + 1}, &p); code != 200 || p.Status != "attended" {
			t.Errorf("attended: %d %+v", code, p)
		}
		if code := app.JSON("GET", "/api/v1/events/999999", nil, nil); code != 404 {
			t.Errorf("no such event: %d", code)
		}
		if !strings.Contains(app.Get("/api/v1/openapi.json").Body.String(), `"/events/{id}/participants/{pid}"`) {
			t.Error("the OpenAPI document lacks the participants route")
		}
	})
}
