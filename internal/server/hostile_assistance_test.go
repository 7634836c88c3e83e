package server_test

import (
	"context"
	"fmt"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// The assistance routes of the hostile-input suite (issue 11): a request
// in each state a route acts on, a programme of WCO's and one of
// Croatia's, a matched need.
type assistanceWorld struct {
	wco, goe                                             *webtest.Client
	draft, submitted, acknowledged, withheld, circulated int64
	openNeed, matchedNeed, wcoProgramme, hrvProgramme    int64
}

func newAssistanceWorld(t *testing.T, w *hostileWorld) *assistanceWorld {
	t.Helper()
	ctx := context.Background()
	a := w.app.Services.Assistance
	aw := &assistanceWorld{wco: w.app.Account("WCO", model.RoleEditor), goe: w.app.Account("UNSC1540-GOE", model.RoleEditor)}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	mk := func(title string, steps ...string) (int64, []int64) {
		r, err := a.Create(ctx, w.hrvCoord.Viewer, "HRV", model.RequestInput{Title: &title, NoteVerbaleDate: model.Ptr("2017-08-01"),
			Needs: &[]model.NeedInput{{Area: "AS-EXPORT", Modalities: []string{"training"}}, {Area: "AS-EXPORT", Modalities: []string{"training"}}}})
		must(err)
		for _, s := range steps {
			switch s {
			case "submit":
				_, err = a.Submit(ctx, w.hrvCoord.Viewer, r.ID, nil)
			case "acknowledge":
				_, err = a.Acknowledge(ctx, w.expert.Viewer, r.ID, nil)
			case "acknowledge-past":
				_, err = a.Acknowledge(ctx, w.expert.Viewer, r.ID, service.Given(model.Acknowledgement{Date: "2017-08-01"}))
			case "object":
				_, err = a.Object(ctx, w.hrvCoord.Viewer, r.ID, nil)
			}
			must(err)
		}
		return r.ID, []int64{r.Needs[0].ID, r.Needs[1].ID}
	}
	aw.draft, _ = mk("Draft request")
	aw.submitted, _ = mk("Submitted request", "submit")
	aw.acknowledged, _ = mk("Acknowledged request", "submit", "acknowledge")
	aw.withheld, _ = mk("Withheld request", "submit", "acknowledge", "object")
	var needs []int64
	aw.circulated, needs = mk("Circulated request", "submit", "acknowledge-past")
	_, err := a.RunTimers(ctx)
	must(err)
	aw.openNeed, aw.matchedNeed = needs[0], needs[1]
	g, err := a.CreateProgramme(ctx, aw.wco.Viewer, "WCO", model.ProgrammeInput{Title: model.Ptr("Customs training"), Areas: &[]string{"AS-EXPORT"},
		Modalities: &[]string{"training"}, Status: model.Ptr("open")})
	must(err)
	aw.wcoProgramme = g.ID
	h, err := a.CreateProgramme(ctx, w.hrvCoord.Viewer, "HRV", model.ProgrammeInput{Title: model.Ptr("Croatian programme"), Areas: &[]string{"AS-LEG"},
		Modalities: &[]string{"legal-advice"}})
	must(err)
	aw.hrvProgramme = h.ID
	_, err = a.Match(ctx, aw.goe.Viewer, aw.matchedNeed, service.Given(model.MatchInput{Programme: g.ID}))
	must(err)
	return aw
}

func (w *hostileWorld) assistanceCases() []hostileCase {
	aw := w.assist
	form := func(kv ...string) map[string][]string {
		v := map[string][]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			v[kv[i]] = []string{kv[i+1]}
		}
		return v
	}
	req := func(id int64) string { return fmt.Sprintf("/assistance/requests/%d", id) }
	api := func(id int64) string { return fmt.Sprintf("/api/v1/assistance/requests/%d", id) }
	need := func(id int64) string { return fmt.Sprintf("/assistance/needs/%d", id) }
	apiNeed := func(id int64) string { return fmt.Sprintf("/api/v1/assistance/needs/%d", id) }
	requestForm := form("title", "Export control help", "summary", "s", "description", "d", "expected_outcome", "o", "timeframe", "2018",
		"language", "en", "received", "r", "contacted", "c", "beneficiaries", "Customs", "note_verbale_date", "2017-08-01", "note_verbale_ref", "NV/1",
		"contact.name", "Ana", "contact.function", "Head", "contact.email", "ana@example.org", "contact.phone", "+385", "group", "", "co_requesters", "",
		"needs[0].area", "AS-EXPORT", "needs[0].modalities", "training", "needs[0].description", "n", "needs[0].elements", "OP1-01", "needs[0].actions", "")
	multiRequest := []string{"summary", "description", "expected_outcome", "received", "contacted", "beneficiaries", "needs[0].description"}
	requestJSON := `{"title":"Export control help","summary":"s","description":"d","expected_outcome":"o","timeframe":"2018","language":"en","received":"r",` +
		`"contacted":"c","beneficiaries":["Customs"],"note_verbale_date":"2017-08-01","note_verbale_ref":"NV/1",` +
		`"contact":{"name":"Ana","function":"Head","email":"ana@example.org","phone":"+385"},` +
		`"needs":[{"area":"AS-EXPORT","modalities":["training"],"description":"n","elements":["OP1-01"]}]}`
	programmeForm := form("title", "A programme", "description", "d", "areas", "AS-LEG", "modalities", "training", "groups", "SEE", "languages", "en",
		"eligibility", "e", "contact_name", "Desk", "contact_email", "desk@example.org", "website", "www.example.org", "start", "2017-01-01", "end", "2019-01-01",
		"status", "open")
	programmeJSON := `{"title":"A programme","description":"d","areas":["AS-LEG"],"modalities":["training"],"groups":["SEE"],"languages":["en"],` +
		`"eligibility":"e","contact_name":"Desk","contact_email":"desk@example.org","website":"www.example.org","start":"2017-01-01","end":"2019-01-01","status":"open"}`
	return []hostileCase{
		// Requests, pages.
		{route: "POST /assistance/requests", path: "/assistance/requests", as: w.hrvCoord, kind: formBody, form: requestForm, multiline: multiRequest, control: true},
		{route: "POST /assistance/requests/{id}", path: req(aw.draft), as: w.hrvCoord, kind: formBody, form: withVersion(requestForm, "1"), multiline: multiRequest},
		{route: "POST /assistance/requests/{id}/submit", path: req(aw.draft) + "/submit", as: w.hrvCoord, kind: formBody, // confirmed on its page (issue 18, item 2)
			form: form("confirm", "assistance.submit", "version", "999"), allow: []int{409}},
		{route: "POST /assistance/requests/{id}/withdraw", path: req(aw.draft) + "/withdraw", as: w.hrvCoord, kind: formBody, // confirmed on its page (issue 18, item 2)
			form: form("confirm", "assistance.withdraw", "version", "999"), allow: []int{409}},
		{route: "POST /assistance/requests/{id}/acknowledge", path: req(aw.submitted) + "/acknowledge", as: w.expert, kind: formBody, form: form("date", "2017-09-01")},
		{route: "POST /assistance/requests/{id}/object", path: req(aw.acknowledged) + "/object", as: w.hrvCoord, kind: noBody},
		{route: "POST /assistance/requests/{id}/consent", path: req(aw.withheld) + "/consent", as: w.hrvCoord, kind: formBody, // confirmed on its page (issue 18, item 2)
			form: form("confirm", "assistance.consent", "version", "999"), allow: []int{409}},
		{route: "POST /assistance/requests/{id}/close", path: req(aw.circulated) + "/close", as: w.chief, kind: noBody},
		// Needs, pages.
		{route: "POST /assistance/needs/{id}/offers", path: need(aw.openNeed) + "/offers", as: aw.wco, kind: formBody,
			form: form("programme", fmt.Sprint(aw.wcoProgramme), "note", "n"), multiline: []string{"note"}},
		{route: "POST /assistance/needs/{id}/match", path: need(aw.openNeed) + "/match", as: aw.goe, kind: formBody, form: form("programme", fmt.Sprint(aw.wcoProgramme))},
		{route: "POST /assistance/needs/{id}/deliveries", path: need(aw.matchedNeed) + "/deliveries", as: aw.wco, kind: formBody,
			form: form("start", "2017-08-20", "end", "2017-08-21", "what", "Training", "event", ""), multiline: []string{"what"}},
		// The coordinator: the editor's sessions end when the suite sets
		// the editor's password through a mailed link (POST
		// /account/password/set runs before this case).
		{route: "POST /assistance/needs/{id}/feedback", path: need(aw.matchedNeed) + "/feedback", as: w.hrvCoord, kind: formBody,
			form:      form("side", "requester", "activities", "a", "achievements", "b", "opportunities", "c", "outcome", "", "outcome_note", ""),
			multiline: []string{"activities", "achievements", "opportunities", "outcome_note"}},
		// Programmes, pages.
		{route: "POST /assistance/programmes", path: "/assistance/programmes", as: aw.wco, kind: formBody, form: programmeForm,
			multiline: []string{"description", "eligibility"}, control: true},
		{route: "POST /assistance/programmes/{id}", path: fmt.Sprintf("/assistance/programmes/%d", aw.hrvProgramme), as: w.hrvCoord, kind: formBody,
			form:      withVersion(form("title", "Renamed", "areas", "AS-LEG", "modalities", "legal-advice", "status", "draft", "description", "d"), "1"),
			multiline: []string{"description"}},
		// Requests, API.
		{route: "POST /api/v1/assistance/requests", path: "/api/v1/assistance/requests", as: w.hrvCoord, kind: jsonBody, json: requestJSON,
			multiline: []string{"summary", "description", "expected_outcome", "received", "contacted", "needs.0.description"}, control: true},
		{route: "PATCH /api/v1/assistance/requests/{id}", path: api(aw.draft), as: w.hrvCoord, kind: jsonBody, json: `{"title":"Renamed","summary":"s","version":1}`,
			multiline: []string{"summary"}},
		{route: "POST /api/v1/assistance/requests/{id}/submit", path: api(aw.draft) + "/submit", as: w.hrvCoord, kind: noBody},
		{route: "POST /api/v1/assistance/requests/{id}/withdraw", path: api(aw.draft) + "/withdraw", as: w.hrvCoord, kind: noBody},
		{route: "POST /api/v1/assistance/requests/{id}/acknowledge", path: api(aw.submitted) + "/acknowledge", as: w.expert, kind: jsonBody, json: `{"date":"2017-09-01"}`},
		{route: "POST /api/v1/assistance/requests/{id}/object", path: api(aw.acknowledged) + "/object", as: w.hrvCoord, kind: noBody},
		{route: "POST /api/v1/assistance/requests/{id}/consent", path: api(aw.withheld) + "/consent", as: w.hrvCoord, kind: noBody},
		{route: "POST /api/v1/assistance/requests/{id}/close", path: api(aw.circulated) + "/close", as: w.chief, kind: noBody},
		// Needs, API.
		{route: "POST /api/v1/assistance/needs/{id}/offers", path: apiNeed(aw.openNeed) + "/offers", as: aw.wco, kind: jsonBody,
			json: fmt.Sprintf(`{"programme":%d,"note":"n"}`, aw.wcoProgramme), multiline: []string{"note"}},
		{route: "POST /api/v1/assistance/needs/{id}/match", path: apiNeed(aw.openNeed) + "/match", as: aw.goe, kind: jsonBody, json: fmt.Sprintf(`{"programme":%d}`, aw.wcoProgramme)},
		{route: "POST /api/v1/assistance/needs/{id}/deliveries", path: apiNeed(aw.matchedNeed) + "/deliveries", as: aw.wco, kind: jsonBody,
			json: `{"start":"2017-08-20","end":"2017-08-21","what":"Training"}`, multiline: []string{"what"}},
		{route: "POST /api/v1/assistance/needs/{id}/feedback", path: apiNeed(aw.matchedNeed) + "/feedback", as: w.hrvEditor, kind: jsonBody,
			json: `{"side":"requester","activities":"a","achievements":"b","opportunities":"c"}`, multiline: []string{"activities", "achievements", "opportunities"}},
		// Programmes, API.
		{route: "POST /api/v1/assistance/programmes", path: "/api/v1/assistance/programmes", as: aw.wco, kind: jsonBody, json: programmeJSON,
			multiline: []string{"description", "eligibility"}, control: true},
		{route: "PATCH /api/v1/assistance/programmes/{id}", path: fmt.Sprintf("/api/v1/assistance/programmes/%d", aw.hrvProgramme), as: w.hrvCoord, kind: jsonBody,
			json: `{"title":"Renamed","description":"d","version":1}`, multiline: []string{"description"}},
	}
}

func withVersion(f map[string][]string, v string) map[string][]string {
	out := map[string][]string{"version": {v}}
	for k, vs := range f {
		out[k] = vs
	}
	return out
}
