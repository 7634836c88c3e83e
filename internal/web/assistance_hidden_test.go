package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

const requestMarker = "Zeta assistance marker"

// hiddenRequest is a request of Croatia's in a status, with one need, and
// an open programme of WCO's (which no outsider of CheckHidden owns).
type hiddenRequest struct {
	id, need, programme int64
}

func makeHiddenRequest(t *testing.T, app *webtest.App, status model.RequestStatus) hiddenRequest {
	t.Helper()
	ctx := context.Background()
	a := app.Services.Assistance
	coord := app.Account("HRV", model.RoleCoordinator, webtest.Email(fmt.Sprintf("maker-%s@hrv.example.org", status)))
	expert := app.Account("UNSC1540", model.RoleEditor, webtest.Email(fmt.Sprintf("maker-%s@unsc1540.example.org", status)))
	title := requestMarker + " " + string(status)
	r, err := a.Create(ctx, coord.Viewer, "HRV", model.RequestInput{Title: &title, Summary: model.Ptr("Summary " + title),
		Description: model.Ptr("Situation " + title), Needs: &[]model.NeedInput{{Area: "AS-EXPORT", Modalities: []string{"training"}, Description: "Need " + title}}})
	if err != nil {
		t.Fatal(err)
	}
	steps := map[model.RequestStatus][]string{
		model.RequestDraft: nil, model.RequestSubmitted: {"submit"}, model.RequestAcknowledged: {"submit", "acknowledge"},
		model.RequestWithheld: {"submit", "acknowledge", "object"}, model.RequestWithdrawn: {"submit", "withdraw"},
	}[status]
	for _, s := range steps {
		switch s {
		case "submit":
			_, err = a.Submit(ctx, coord.Viewer, r.ID, nil)
		case "acknowledge":
			_, err = a.Acknowledge(ctx, expert.Viewer, r.ID, nil)
		case "object":
			_, err = a.Object(ctx, coord.Viewer, r.ID, nil)
		case "withdraw":
			_, err = a.Withdraw(ctx, coord.Viewer, r.ID, nil)
		}
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	g, err := a.CreateProgramme(ctx, app.Account("WCO", model.RoleEditor, webtest.Email(fmt.Sprintf("maker-%s@wco.example.org", status))).Viewer, "WCO",
		model.ProgrammeInput{Title: model.Ptr("Customs training"), Areas: &[]string{"AS-EXPORT"}, Modalities: &[]string{"training"}, Status: model.Ptr("open")})
	if err != nil {
		t.Fatal(err)
	}
	return hiddenRequest{id: r.ID, need: r.Needs[0].ID, programme: g.ID}
}

func apiWrite(method, path, body string) webtest.Request {
	r := webtest.Request{Method: method, Path: path}
	if body != "" {
		r = jsonBody(body)
		r.Method, r.Path = method, path
	}
	return r
}

func requestWrites(h hiddenRequest) []webtest.Request {
	req := fmt.Sprintf("/api/v1/assistance/requests/%d", h.id)
	return []webtest.Request{
		apiWrite("PATCH", req, `{"title": "changed", "version": 1}`),
		apiWrite("POST", req+"/acknowledge", `{"date": "2026-11-02"}`),
		apiWrite("POST", req+"/object", ""),
		apiWrite("POST", req+"/consent", ""),
		apiWrite("POST", req+"/close", ""),
		apiWrite("POST", req+"/submit", ""),
		apiWrite("POST", req+"/withdraw", ""),
	}
}

func needWrites(h hiddenRequest) []webtest.Request {
	need := fmt.Sprintf("/api/v1/assistance/needs/%d", h.need)
	return []webtest.Request{
		apiWrite("POST", need+"/offers", fmt.Sprintf(`{"programme": %d}`, h.programme)),
		apiWrite("POST", need+"/match", fmt.Sprintf(`{"programme": %d}`, h.programme)),
		apiWrite("POST", need+"/deliveries", `{"start": "2026-10-20", "what": "x"}`),
		apiWrite("POST", need+"/feedback", `{"activities": "x"}`),
	}
}

func requestForms(h hiddenRequest) []webtest.Form {
	page := fmt.Sprintf("/assistance/requests/%d", h.id)
	forms := []webtest.Form{{Path: page, Values: url.Values{"title": {"changed"}, "needs[0].area": {"AS-LEG"}, "needs[0].modalities": {"training"}, "version": {"1"}}},
		{Path: page + "/acknowledge", Values: url.Values{"date": {"2026-11-02"}}}}
	for _, s := range []string{"object", "consent", "close", "submit", "withdraw"} {
		forms = append(forms, webtest.Form{Path: page + "/" + s})
		if s == "consent" || s == "submit" || s == "withdraw" { // confirmed on their page (issue 18, item 2)
			forms = append(forms, webtest.Form{Method: "GET", Path: page + "/" + s}, webtest.Form{Path: page + "/" + s, Values: url.Values{"confirm": {"assistance." + s}}})
		}
	}
	return forms
}

func needForms(h hiddenRequest) []webtest.Form {
	need := fmt.Sprintf("/assistance/needs/%d", h.need)
	pid := fmt.Sprint(h.programme)
	return []webtest.Form{
		{Path: need + "/offers", Values: url.Values{"programme": {pid}}},
		{Path: need + "/match", Values: url.Values{"programme": {pid}}},
		{Path: need + "/deliveries", Values: url.Values{"start": {"2026-10-20"}, "what": {"x"}}},
		{Path: need + "/feedback", Values: url.Values{"activities": {"x"}}},
	}
}

// TestAssistanceCheckHidden: a request of Croatia's before circulation —
// a draft (Croatia's own), submitted, acknowledged (its window open),
// withheld after an objection, withdrawn — does not exist for another
// State, a provider, a regional centre, an administrator or the public
// (nor, as a draft, for the Committee), on every route of the feature:
// pages, API, forms, needs, lists, counts, the State pages, the overview.
func TestAssistanceCheckHidden(t *testing.T) {
	eachAssistance(t, func(t *testing.T, base *webtest.App) {
		for _, status := range []model.RequestStatus{model.RequestDraft, model.RequestSubmitted, model.RequestAcknowledged, model.RequestWithheld, model.RequestWithdrawn} {
			t.Run(string(status), func(t *testing.T) {
				level := model.VisCommittee
				if status == model.RequestDraft {
					level = model.VisPrivate
				}
				marker := requestMarker + " " + string(status)
				app := base.Fresh(t)
				h := makeHiddenRequest(t, app, status)
				page, api := fmt.Sprintf("/assistance/requests/%d", h.id), fmt.Sprintf("/api/v1/assistance/requests/%d", h.id)
				hd := webtest.Hidden{Owner: "HRV", Level: level, Marker: marker, ID: fmt.Sprint(h.id),
					Reads: []string{page, api},
					Quiet: []string{page + "/edit"},
					Lists: []string{"/assistance/requests", "/api/v1/assistance/requests", "/api/v1/assistance/requests?state={owner}",
						"/assistance/requests?q=zeta", "/states/{owner}"},
					Elsewhere: []string{"/assistance", "/assistance?group=SEE", "/assistance/fits", "/states/SRB", "/api/v1/assistance/open-needs",
						"/assistance/programmes"},
					Writes: requestWrites(h), Forms: requestForms(h),
					Counts: []string{"/api/v1/assistance/requests", "/api/v1/assistance/requests?q=zeta"}}
				if status != model.RequestDraft && status != model.RequestWithdrawn {
					// Open needs count for their readers.
					hd.Counts = append(hd.Counts, "/api/v1/assistance/open-needs", "/api/v1/assistance/open-needs?group=SEE")
				}
				app.CheckHidden(t, hd)

				// The need's own routes, compared with a need that never existed.
				app = base.Fresh(t)
				h = makeHiddenRequest(t, app, status)
				need := fmt.Sprintf("/api/v1/assistance/needs/%d", h.need)
				app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: level, Marker: marker, ID: fmt.Sprint(h.need),
					Quiet:  []string{need + "/matches", need + "/deliveries"},
					Lists:  []string{"/api/v1/assistance/requests"},
					Writes: needWrites(h), Forms: needForms(h)})
			})
		}
	})
}

// TestAssistanceDetailsHidden: once circulated the summary is public, but
// the details — the description, the need's description, what a delivery
// did — never reach another State, a regional centre, an administrator or
// the public, not in a read, a list, a search, the event's page or the
// State's page; a search for a word of the details finds nothing for them.
func TestAssistanceDetailsHidden(t *testing.T) {
	eachAssistance(t, func(t *testing.T, base *webtest.App) {
		const marker = "Zeta details marker"
		app := base.Fresh(t)
		ctx := context.Background()
		a := app.Services.Assistance
		coord := app.Account("HRV", model.RoleCoordinator, webtest.Email("maker@hrv.example.org"))
		title := "Public request"
		r, err := a.Create(ctx, coord.Viewer, "HRV", model.RequestInput{Title: &title, Summary: model.Ptr("The summary everyone reads"),
			Description: model.Ptr(marker + ": the situation"), NoteVerbaleDate: model.Ptr("2026-09-30"),
			Needs: &[]model.NeedInput{{Area: "AS-EXPORT", Modalities: []string{"training"}, Description: marker + " need"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Submit(ctx, coord.Viewer, r.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Acknowledge(ctx, model.SystemViewer("test"), r.ID, service.Given(model.Acknowledgement{Date: "2026-10-01"})); err != nil {
			t.Fatal(err)
		}
		if _, err := a.RunTimers(ctx); err != nil {
			t.Fatal(err)
		}
		wco := app.Account("WCO", model.RoleEditor, webtest.Email("maker@wco.example.org"))
		g, err := a.CreateProgramme(ctx, wco.Viewer, "WCO", model.ProgrammeInput{Title: model.Ptr("Customs training"), Areas: &[]string{"AS-EXPORT"},
			Modalities: &[]string{"training"}, Status: model.Ptr("open")})
		if err != nil {
			t.Fatal(err)
		}
		needID := r.Needs[0].ID
		if _, err := a.Match(ctx, model.SystemViewer("test"), needID, service.Given(model.MatchInput{Programme: g.ID})); err != nil {
			t.Fatal(err)
		}
		ev, err := app.Services.Events.Create(ctx, wco.Viewer, model.EventInput{Kind: "workshop", Title: "Customs course", Start: "2026-10-20", End: "2026-10-21", Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.AddDelivery(ctx, wco.Viewer, needID, service.Given(model.DeliveryInput{Start: "2026-10-20", What: marker + " delivered", Event: ev.ID})); err != nil {
			t.Fatal(err)
		}
		page, api := fmt.Sprintf("/assistance/requests/%d", r.ID), fmt.Sprintf("/api/v1/assistance/requests/%d", r.ID)
		app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisCommittee, Marker: marker,
			Lists:     []string{page, api, "/api/v1/assistance/requests", "/api/v1/assistance/requests?q=zeta+details", fmt.Sprintf("/events/%d", ev.ID), "/states/{owner}"},
			Elsewhere: []string{"/assistance/requests", "/assistance", "/states/SRB", "/api/v1/assistance/requests?status=circulated"},
			Counts:    []string{"/api/v1/assistance/requests?q=zeta+details"}})
		// The summary itself is everyone's; the need's matches and
		// deliveries are for those who read the details: sign in (401) or
		// not allowed (403), never the details.
		webtest.Expect(t, app.Anonymous().Get(api), 200, "The summary everyone reads", `"details":false`, "!"+marker)
		for _, c := range []*webtest.Client{app.Anonymous(), app.Account("SRB", model.RoleCoordinator, webtest.Email("srb@srb.example.org"))} {
			for _, p := range []string{"/matches", "/deliveries"} {
				rec := c.Do(webtest.Request{Path: fmt.Sprintf("/api/v1/assistance/needs/%d%s", needID, p)})
				if want := map[bool]int{true: http.StatusUnauthorized, false: http.StatusForbidden}[c.Account.ID == 0]; rec.Code != want || strings.Contains(rec.Body.String(), marker) {
					t.Errorf("%s reads the need's %s: %d, want %d", c.Name(), p, rec.Code, want)
				}
			}
		}
		// A provider and the matched provider read them.
		webtest.Expect(t, wco.Do(webtest.Request{Path: fmt.Sprintf("/api/v1/assistance/needs/%d/deliveries", needID)}), 200, marker)
		webtest.Expect(t, wco.Get(page), 200, marker)
	})
}

// TestProgrammeDraftHidden: a programme a State is still drafting is its
// own.
func TestProgrammeDraftHidden(t *testing.T) {
	eachAssistance(t, func(t *testing.T, base *webtest.App) {
		const marker = "Zeta draft programme"
		app := base.Fresh(t)
		g, err := app.Services.Assistance.CreateProgramme(context.Background(), app.Account("HRV", model.RoleEditor, webtest.Email("maker@hrv.example.org")).Viewer,
			"HRV", model.ProgrammeInput{Title: model.Ptr(marker), Areas: &[]string{"AS-LEG"}, Modalities: &[]string{"legal-advice"}})
		if err != nil {
			t.Fatal(err)
		}
		page, api := fmt.Sprintf("/assistance/programmes/%d", g.ID), fmt.Sprintf("/api/v1/assistance/programmes/%d", g.ID)
		app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: marker, ID: fmt.Sprint(g.ID),
			Reads: []string{page, api}, Quiet: []string{page + "/edit"},
			Lists:     []string{"/api/v1/assistance/programmes?status=draft", "/assistance/programmes?status=draft"},
			Elsewhere: []string{"/assistance/programmes", "/api/v1/assistance/programmes", "/states/{owner}"},
			Counts:    []string{"/api/v1/assistance/programmes?status=draft"},
			Writes:    []webtest.Request{apiWrite("PATCH", api, `{"title": "changed", "version": 1}`)},
			Forms:     []webtest.Form{{Path: page, Values: url.Values{"title": {"changed"}, "areas": {"AS-LEG"}, "status": {"draft"}, "version": {"1"}}}}})
	})
}

// TestRequestFromActionHidden: "Request assistance" on another State's
// private NAP action finds no action.
func TestRequestFromActionHidden(t *testing.T) {
	eachAssistance(t, func(t *testing.T, base *webtest.App) {
		const marker = "Zeta private action"
		app := base.Fresh(t)
		ctx := context.Background()
		coord := app.Account("HRV", model.RoleCoordinator, webtest.Email("maker@hrv.example.org"))
		title := "Private plan"
		n, err := app.Services.NAPs.Create(ctx, coord.Viewer, "HRV", model.NAPInput{Title: &title, PeriodStart: model.Ptr("2026"), PeriodEnd: model.Ptr("2029")})
		if err != nil {
			t.Fatal(err)
		}
		yes := true
		act, err := app.Services.NAPs.CreateAction(ctx, coord.Viewer, n.ID, service.Given(model.NAPActionInput{Title: model.Ptr(marker), Due: model.Ptr("2027-06-30"),
			AssistanceNeeded: &yes}))
		if err != nil {
			t.Fatal(err)
		}
		app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: marker, ID: fmt.Sprint(act.ID),
			Quiet: []string{fmt.Sprintf("/assistance/requests/new?action=%d", act.ID)},
			Reads: []string{fmt.Sprintf("/naps/%d/actions/%d", n.ID, act.ID)}})
	})
}
