package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/webtest"
)

type requestWire struct {
	ID                int64   `json:"id"`
	State             string  `json:"state"`
	Title             string  `json:"title"`
	Status            string  `json:"status"`
	Acknowledged      *string `json:"acknowledged"`
	ObjectionDeadline *string `json:"objection_deadline"`
	Circulated        *string `json:"circulated"`
	Description       *string `json:"description"`
	CommitteeNotes    *string `json:"committee_notes"`
	Details           bool    `json:"details"`
	Version           int64   `json:"version"`
	Needs             []struct {
		ID         int64    `json:"id"`
		Area       string   `json:"area"`
		Modalities []string `json:"modalities"`
		Outcome    *string  `json:"outcome"`
		Match      *struct {
			Programme struct {
				ID int64 `json:"id"`
			} `json:"programme"`
			Score int `json:"score"`
		} `json:"match"`
	} `json:"needs"`
	History []struct{ Step string } `json:"history"`
}

type errorWire struct {
	Error   string            `json:"error"`
	Fields  map[string]string `json:"fields"`
	Current *requestWire      `json:"current"`
}

// TestAssistanceAPI is the API: a request with its needs, the
// steps with their statuses, the window (acknowledged on Thursday 1
// October 2026, the last day is Thursday 8 October), circulation by the
// timers, ranked matches with reasons, an offer, a confirmed match,
// deliveries, feedback and the code lists; each answer is checked against
// the OpenAPI document by webtest.
func TestAssistanceAPI(t *testing.T) {
	at := time.Date(2026, 10, 1, 14, 0, 0, 0, time.UTC) // 10:00 in New York
	now := func() time.Time { return at }
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		at = time.Date(2026, 10, 1, 14, 0, 0, 0, time.UTC)
		ctx := context.Background()
		coord := app.Account("HRV", model.RoleCoordinator)
		expert := app.Account("UNSC1540-GOE", model.RoleEditor)
		var r requestWire
		body := map[string]any{"title": "Customs training", "description": "Secret description", "summary": "Public summary", "language": "en",
			"needs": []map[string]any{{"area": "AS-EXPORT", "modalities": []string{"training", "equipment"}, "description": "d", "elements": []string{"OP3d-NW-09.LF"}}}}
		if code := coord.JSON("POST", "/api/v1/assistance/requests", body, &r); code != http.StatusCreated || r.Status != "draft" || r.State != "HRV" || len(r.Needs) != 1 || r.Needs[0].ID == 0 {
			t.Fatalf("create: %d %+v", code, r)
		}
		base := fmt.Sprintf("/api/v1/assistance/requests/%d", r.ID)
		// Bad input: 422 naming the field, nothing changed.
		var e errorWire
		for _, tc := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"title": "x", "needs": []map[string]any{{"area": "AS-NOPE", "modalities": []string{"training"}}}}, "needs[0].area"},
			{map[string]any{"title": "x", "needs": []map[string]any{{"modalities": []string{"training"}}}}, "needs[0].area"},
			{map[string]any{"title": "x", "needs": []map[string]any{{"area": "AS-LEG", "modalities": []string{"flying"}}}}, "needs[0].modalities"},
			{map[string]any{"title": "x", "needs": []map[string]any{}}, "needs"},
		} {
			if code := coord.JSON("POST", "/api/v1/assistance/requests", tc.body, &e); code != 422 || e.Fields[tc.field] == "" {
				t.Errorf("%v: %d %+v", tc.body, code, e)
			}
		}
		// A stale change: 409 with the request as it is.
		if code := coord.JSON("PATCH", base, map[string]any{"title": "Renamed", "version": r.Version}, &r); code != 200 || r.Title != "Renamed" {
			t.Fatalf("patch: %d", code)
		}
		if code := coord.JSON("PATCH", base, map[string]any{"title": "Stale", "version": r.Version - 1}, &e); code != 409 || e.Current == nil || e.Current.Title != "Renamed" {
			t.Errorf("stale patch: %d %+v", code, e)
		}
		if code := coord.JSON("POST", base+"/submit", nil, &r); code != 200 || r.Status != "submitted" {
			t.Fatalf("submit: %d %s", code, r.Status)
		}
		if code := expert.JSON("POST", base+"/acknowledge", map[string]any{"date": "2026-09-29"}, &e); code != 422 || e.Fields["date"] == "" {
			t.Errorf("acknowledged before the submission: %d %+v", code, e)
		}
		if code := expert.JSON("POST", base+"/acknowledge", nil, &r); code != 200 || r.Status != "acknowledged" {
			t.Fatalf("acknowledge: %d", code)
		}
		if r.Acknowledged == nil || *r.Acknowledged != "2026-10-01" || r.ObjectionDeadline == nil || *r.ObjectionDeadline != "2026-10-08" {
			t.Errorf("acknowledged %v, objection deadline %v", r.Acknowledged, r.ObjectionDeadline)
		}
		// Before circulation the public and a provider find nothing.
		webtest.Expect(t, app.Anonymous().Get(base), 404)
		webtest.Expect(t, app.Account("IAEA", model.RoleEditor).Do(webtest.Request{Path: base}), 404)
		// The window closes; the timers circulate it.
		at = time.Date(2026, 10, 9, 4, 0, 0, 0, time.UTC)
		if code := coord.JSON("POST", base+"/object", nil, &e); code != 422 || e.Fields["objection_deadline"] == "" {
			t.Errorf("an objection after the window: %d %+v", code, e)
		}
		if _, err := app.Services.Assistance.RunTimers(ctx); err != nil {
			t.Fatal(err)
		}
		var pub requestWire
		if code := app.JSON("GET", base, nil, &pub); code != 200 || pub.Status != "circulated" || pub.Details || pub.Description != nil ||
			pub.ObjectionDeadline != nil || pub.CommitteeNotes != nil || pub.Title != "Renamed" || len(pub.Needs) != 1 || len(pub.Needs[0].Modalities) != 2 {
			t.Errorf("the public summary: %d %+v", code, pub)
		}
		webtest.Expect(t, app.Get(base), 200, `"summary":"Public summary"`, "!Secret description", "!history")
		// A provider's programmes, ranked with the reasons.
		wco := app.Account("WCO", model.RoleEditor)
		var g struct {
			ID      int64 `json:"id"`
			Version int64 `json:"version"`
		}
		if code := wco.JSON("POST", "/api/v1/assistance/programmes", map[string]any{"title": "Customs school", "areas": []string{"AS-EXPORT"},
			"modalities": []string{"training", "equipment"}, "groups": []string{"SEE"}, "languages": []string{"en"}, "status": "open"}, &g); code != 201 {
			t.Fatalf("programme: %d", code)
		}
		var weak struct{ ID int64 }
		wco.JSON("POST", "/api/v1/assistance/programmes", map[string]any{"title": "Weak fit", "areas": []string{"AS-EXPORT"}, "modalities": []string{"funding"}, "status": "open"}, &weak)
		wco.JSON("POST", "/api/v1/assistance/programmes", map[string]any{"title": "Other area", "areas": []string{"AS-BIO"}, "modalities": []string{"training"}, "status": "open"}, nil)
		needID := pub.Needs[0].ID
		var m struct {
			Items []struct {
				Programme struct {
					ID       int64  `json:"id"`
					Title    string `json:"title"`
					Provider string `json:"provider"`
				} `json:"programme"`
				Score   int      `json:"score"`
				Reasons []string `json:"reasons"`
			} `json:"items"`
		}
		if code := expert.JSON("GET", fmt.Sprintf("/api/v1/assistance/needs/%d/matches", needID), nil, &m); code != 200 || len(m.Items) != 1 ||
			m.Items[0].Programme.ID != g.ID || m.Items[0].Score != 80 || m.Items[0].Programme.Provider != "WCO" {
			t.Fatalf("matches: %d %+v", code, m)
		}
		if got := strings.Join(m.Items[0].Reasons, " | "); !strings.Contains(got, "same area") || !strings.Contains(got, "serves the requester's region: South-East Europe") {
			t.Errorf("reasons: %s", got)
		}
		// The offer counts for the Committee.
		if code := wco.JSON("POST", fmt.Sprintf("/api/v1/assistance/needs/%d/offers", needID), map[string]any{"programme": g.ID}, nil); code != 201 {
			t.Errorf("offer: %d", code)
		}
		expert.JSON("GET", fmt.Sprintf("/api/v1/assistance/needs/%d/matches", needID), nil, &m)
		if len(m.Items) != 1 || m.Items[0].Score != 95 {
			t.Errorf("with the offer: %+v", m)
		}
		// Two experts confirm different programmes at once: one wins.
		other := app.Account("UNSC1540", model.RoleEditor)
		codes := make([]int, 2)
		var wg sync.WaitGroup
		for i, c := range []*webtest.Client{expert, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = c.JSON("POST", fmt.Sprintf("/api/v1/assistance/needs/%d/match", needID), map[string]any{"programme": []int64{g.ID, weak.ID}[i]}, nil)
			}()
		}
		wg.Wait()
		if !(codes[0] == 200 && codes[1] == 409 || codes[0] == 409 && codes[1] == 200) {
			t.Errorf("two confirmations at once: %v", codes)
		}
		var withdrawn struct{ ID, Version int64 }
		wco.JSON("POST", "/api/v1/assistance/programmes", map[string]any{"title": "Withdrawn", "areas": []string{"AS-EXPORT"}, "modalities": []string{"training"}, "status": "open"}, &withdrawn)
		if code := wco.JSON("PATCH", fmt.Sprintf("/api/v1/assistance/programmes/%d", withdrawn.ID), map[string]any{"status": "withdrawn", "version": withdrawn.Version}, nil); code != 200 {
			t.Errorf("withdraw a programme: %d", code)
		}
		// Deliveries, feedback, outcome.
		at = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
		var d struct {
			ID    int64  `json:"id"`
			Start string `json:"start"`
		}
		code := wco.JSON("POST", fmt.Sprintf("/api/v1/assistance/needs/%d/deliveries", needID), map[string]any{"start": "2026-11-10", "end": "2026-11-12", "what": "Course"}, &d)
		matched := code == 201
		if !matched && code != 403 { // the weak programme won: still WCO's
			t.Errorf("delivery: %d", code)
		}
		var ds struct{ Items []struct{ What string } }
		if code := coord.JSON("GET", fmt.Sprintf("/api/v1/assistance/needs/%d/deliveries", needID), nil, &ds); code != 200 || (matched && len(ds.Items) != 1) {
			t.Errorf("deliveries: %d %+v", code, ds)
		}
		var f struct {
			Outcome *string `json:"outcome"`
		}
		if code := coord.JSON("POST", fmt.Sprintf("/api/v1/assistance/needs/%d/feedback", needID), map[string]any{"achievements": "Trained", "outcome": "fulfilled"}, &f); code != 201 ||
			f.Outcome == nil || *f.Outcome != "fulfilled" {
			t.Errorf("feedback: %d %+v", code, f)
		}
		if code := coord.JSON("GET", base, nil, &r); code != 200 || r.Status != "closed" || r.Needs[0].Outcome == nil || r.Needs[0].Match == nil || len(r.History) < 6 {
			t.Errorf("closed: %d %+v", code, r)
		}
		var codesList struct {
			Items      []struct{ ID string } `json:"items"`
			Modalities []struct{ ID string } `json:"modalities"`
		}
		if code := app.JSON("GET", "/api/v1/assistance/areas", nil, &codesList); code != 200 || len(codesList.Items) != 12 || len(codesList.Modalities) != 7 {
			t.Errorf("areas: %d %+v", code, codesList)
		}
		var list struct {
			Items []requestWire `json:"items"`
			Next  string        `json:"next"`
		}
		if code := app.JSON("GET", "/api/v1/assistance/requests?limit=1", nil, &list); code != 200 || len(list.Items) != 1 {
			t.Errorf("list: %d %+v", code, list)
		}
		webtest.Expect(t, app.Get("/api/v1/assistance/requests?status=nonsense"), 422, `"status"`)
		webtest.Expect(t, app.Get("/api/v1/assistance/programmes?area=AS-NOPE"), 422, `"area"`)
	}, webtest.Clock(now))
}
