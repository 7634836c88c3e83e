package server_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// The hostile-input cases of recorded history and of the API's
// counterparts of page actions (issue 16).

// historyWorld is what these cases act on: a report of Croatia with a
// disputed date, and an API token of the editor's.
type historyWorld struct {
	report, fact int64
	// an account of its own whose session the API's revoke case ends (the
	// others' sessions serve later cases)
	sessions  *webtest.Client
	sessionID string
}

func (w *hostileWorld) addHistory(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	svc := w.app.Services
	r, err := svc.Reports.Create(ctx, w.hrvCoord.Viewer, "HRV", model.NationalReportInput{Type: model.Ptr("first"), Date: model.Ptr("2004-10-28"),
		Symbol: model.Ptr("S/AC.44/2004/(02)/1"), Language: model.Ptr("en")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.History.AddClaim(ctx, w.hrvCoord.Viewer, r.Dated.ID, service.Given(model.ClaimInput{Date: "2004-11-02", Source: "copy B"})); err != nil {
		t.Fatal(err)
	}
	w.history = historyWorld{report: r.ID, fact: r.Dated.ID}
	w.history.sessions = w.app.Account("HRV", model.RoleViewer, webtest.Email("sessions@hrv.example.org"))
	w.history.sessions.Get("/account")
	ss, err := svc.Accounts.Sessions(ctx, w.history.sessions.Viewer, "")
	if err != nil || len(ss) == 0 {
		t.Fatalf("a session to revoke: %v %v", ss, err)
	}
	w.history.sessionID = ss[0].ID
}

func (w *hostileWorld) historyCases() []hostileCase {
	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	report := fmt.Sprintf("/reports/%d", w.history.report)
	fact := fmt.Sprintf("/facts/%d", w.history.fact)
	plan := fmt.Sprintf("/api/v1/naps/%d", w.plan)
	ev := fmt.Sprintf("/api/v1/events/%d", w.event)
	doc := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 report"))
	return []hostileCase{
		// National reports, pages and API.
		{route: "POST /states/{code}/reports", path: "/states/HRV/reports", as: w.hrvCoord, kind: multipartBody,
			form: form("type", "addendum", "title", "Addendum", "date", "2005-03-01", "language", "fr", "symbol", "S/AC.44/2004/(02)/1/Add.1",
				"url", "https://www.example.org/add1.pdf", "pages", "4", "visibility", "public", "source", "the Committee's site", "source_url", "https://www.un.org/"),
			file: "add1.pdf", fileBody: []byte("%PDF-1.4 addendum"), skip: []string{"filename"}, control: true}, // the file's name is kept cleaned (model.cleanFilename)
		{route: "POST /reports/{id}", path: report, as: w.hrvCoord, kind: formBody,
			form: form("type", "first", "title", "First report", "date", "2004-10-28", "language", "en", "symbol", "S/AC.44/2004/(02)/1", "url", "",
				"pages", "12", "visibility", "public", "source", "s", "source_url", "", "version", "1"), skip: []string{"version"}, control: true},
		{route: "POST /api/v1/states/{code}/reports", path: "/api/v1/states/HRV/reports", as: w.hrvCoord, kind: jsonBody,
			json: `{"type":"additional-information","title":"More","date":"2006-01-10","language":"es","symbol":"S/AC.44/2004/(02)/1/Add.2","url":"https://www.example.org/a",` +
				`"pages":"3","visibility":"public","source":"s","source_url":"https://www.un.org/","document":{"filename":"more.pdf","content_base64":"` + doc + `"}}`, control: true},
		{route: "PATCH /api/v1/reports/{id}", path: "/api/v1" + report, as: w.hrvCoord, kind: jsonBody,
			json: `{"title":"First report of Croatia","pages":"13","source":"s","version":2}`},
		// The sources of a date and the Committee's decision.
		{route: "POST /facts/{id}/claims", path: fact + "/claims", as: w.hrvCoord, kind: formBody,
			form: form("date", "2004-11-03", "source", "copy C", "source_url", "https://www.example.org/c.pdf"), control: true},
		{route: "POST /facts/{id}/resolve", path: fact + "/resolve", as: w.chief, kind: formBody,
			form: form("date", "2004-11-02", "reason", "the cover letter", "version", "2"), multiline: []string{"reason"}, skip: []string{"version"}},
		{route: "POST /api/v1/facts/{id}/claims", path: "/api/v1" + fact + "/claims", as: w.hrvCoord, kind: jsonBody,
			json: `{"date":"2004-11-04","source":"copy D","source_url":"https://www.example.org/d.pdf"}`, control: true},
		{route: "POST /api/v1/facts/{id}/resolve", path: "/api/v1" + fact + "/resolve", as: w.chief, kind: jsonBody,
			json: `{"date":"2004-11-02","reason":"the cover letter","version":2}`, multiline: []string{"reason"}},
		// Plans.
		{route: "POST /api/v1/naps/{id}/withdraw", path: plan + "/withdraw", as: w.hrvCoord, kind: noBody},
		{route: "POST /api/v1/naps/{id}/share", path: plan + "/share", as: w.hrvCoord, kind: jsonBody, json: `{"shared_with":["SRB","OSCE"]}`},
		{route: "POST /api/v1/naps/{id}/revise", path: plan + "/revise", as: w.hrvCoord, kind: noBody},
		{route: "POST /api/v1/naps/{id}/import", path: plan + "/import", as: w.hrvCoord, kind: noBody},
		{route: "POST /api/v1/naps/{id}/import/apply", path: plan + "/import/apply", as: w.hrvCoord, kind: jsonBody, json: `{"token":"a-token"}`},
		// The matrix's workbook import.
		{route: "POST /api/v1/states/{code}/matrix/import", path: "/api/v1/states/MNE/matrix/import", as: w.expert, kind: noBody},
		{route: "POST /api/v1/states/{code}/matrix/import/apply", path: "/api/v1/states/MNE/matrix/import/apply", as: w.expert, kind: jsonBody, json: `{"token":"a-token"}`},
		// Events: the agenda, materials, lessons.
		{route: "POST /api/v1/events/{id}/sessions", path: ev + "/sessions", as: w.racviac, kind: jsonBody,
			json: `{"day":"2017-09-14","starts":"09:00","ends":"10:00","title":"Opening","description":"d","location":"Room","chairs":[{"name":"Ana","org":"HRV"}],"speakers":[{"account":"` +
				w.hrvCoord.Account.Email + `"}]}`, multiline: []string{"description"}, control: true},
		{route: "DELETE /api/v1/events/{id}/sessions/{sid}", path: fmt.Sprintf("%s/sessions/%d", ev, w.session), as: w.racviac, kind: noBody},
		{route: "POST /api/v1/events/{id}/materials", path: ev + "/materials", as: w.racviac, kind: jsonBody,
			json: `{"title":"Slides","kind":"presentation","audience":"public","release_at":"","file":{"filename":"s.pdf","content_base64":"` + doc + `"}}`, control: true},
		{route: "DELETE /api/v1/events/{id}/materials/{mid}", path: fmt.Sprintf("%s/materials/%d", ev, w.material), as: w.racviac, kind: noBody},
		{route: "POST /api/v1/events/{id}/lessons", path: ev + "/lessons", as: w.racviac, kind: jsonBody, json: `{"title":"A lesson","body":"b","org":"HRV"}`,
			multiline: []string{"body"}, control: true},
		{route: "POST /api/v1/me/calendar-feed", path: "/api/v1/me/calendar-feed", as: w.hrvEditor, kind: noBody},
		{route: "DELETE /api/v1/me/calendar-feed", path: "/api/v1/me/calendar-feed", as: w.hrvEditor, kind: noBody},
		// Accounts.
		{route: "POST /api/v1/accounts", path: "/api/v1/accounts", as: w.hrvCoord, kind: jsonBody,
			json: `{"email":"api.person@hrv.example.org","name":"API Person","org":"HRV","role":"viewer","password":"a brand new passphrase 1540"}`, control: true},
		{route: "POST /api/v1/accounts/disable", path: "/api/v1/accounts/disable", as: w.hrvCoord, kind: jsonBody, json: `{"email":"` + w.leaver.Account.Email + `"}`,
			allow: []int{404}},
		{route: "DELETE /api/v1/me/sessions/{id}", path: "/api/v1/me/sessions/" + w.history.sessionID, as: w.history.sessions, kind: noBody},
		{route: "POST /api/v1/accounts/invite", path: "/api/v1/accounts/invite", as: w.hrvCoord, kind: jsonBody,
			json: `{"email":"invited.api@hrv.example.org","name":"Invited by the API","org":"HRV","role":"viewer"}`, control: true},
		{route: "POST /api/v1/accounts/invite/resend", path: "/api/v1/accounts/invite/resend", as: w.hrvCoord, kind: jsonBody,
			json: `{"email":"invited@hrv.example.org"}`, allow: []int{404}},
		{route: "POST /api/v1/admin/jobs/{id}/retry", path: fmt.Sprintf("/api/v1/admin/jobs/%d/retry", w.job), as: w.admin, kind: noBody},
		{route: "DELETE /api/v1/me/tokens/{id}", path: fmt.Sprintf("/api/v1/me/tokens/%d", w.token), as: w.hrvEditor, kind: noBody},
	}
}
