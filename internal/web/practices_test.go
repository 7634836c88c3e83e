package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

const practiceMarker = "Numbatmarker"

// TestPracticesCheckHidden: Croatia's draft practice (with a file) does
// not exist for anyone else on any route of the feature — pages, files,
// API, the review steps, the list and the one search, whose count is the
// public's — and the owner reaches it on each.
func TestPracticesCheckHidden(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("maker@hrv.example.org"))
		p, err := app.Services.Practices.Create(ctx, hrv.Viewer, service.Given(model.PracticeInput{Title: "Practice " + practiceMarker,
			Body: "How we licensed brokers. " + practiceMarker, Tags: []string{"OP3d-NW-09.LF", "AS-EXPORT"}}))
		if err != nil {
			t.Fatal(err)
		}
		f, err := app.Services.Practices.Attach(ctx, hrv.Viewer, p.ID, service.Given(model.PracticeAttachmentInput{Filename: "notes.txt", Content: []byte("notes")}))
		if err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprint(p.ID)
		pp, api := "/practices/"+id, "/api/v1/practices/"+id
		body := func(method, path, s string) webtest.Request {
			r := jsonBody(s)
			r.Method, r.Path = method, path
			return r
		}
		v := func(kv ...string) url.Values {
			out := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				out.Set(kv[i], kv[i+1])
			}
			return out
		}
		app.CheckHidden(t, webtest.Hidden{
			Owner: "HRV", Level: model.VisPrivate, Marker: practiceMarker, ID: id,
			Reads: []string{pp, api},
			Quiet: []string{pp + "/edit", fmt.Sprintf("%s/files/%d", pp, f.ID)},
			Lists: []string{"/practices", "/api/v1/practices", "/search?q=licensed+brokers", "/api/v1/search?q=licensed+brokers",
				"/search?q=" + strings.ToLower(practiceMarker[:5]), "/practices?tag=AS-EXPORT"},
			Counts: []string{"/api/v1/search?q=licensed", "/api/v1/search?q=brok&kind=practice"},
			Writes: []webtest.Request{
				body("PATCH", api, `{"title": "changed", "version": 1}`),
				body("POST", api+"/verify", `{}`),
				body("POST", api+"/return", `{"reason": "no"}`),
				body("POST", api+"/publish", `{}`),
				body("POST", api+"/submit", `{}`),
				body("POST", api+"/files", `{"filename":"more.txt","content_base64":"bW9yZQ=="}`),
				{Method: "DELETE", Path: fmt.Sprintf("%s/files/%d", api, f.ID)},
			},
			Forms: []webtest.Form{
				{Path: pp, Values: v("title", "changed", "kind", "practice", "version", "1")},
				{Path: pp + "/files", Values: v()},
				{Path: pp + "/verify", Values: v()},
				{Path: pp + "/return", Values: v("reason", "no")},
				{Path: pp + "/publish", Values: v()},
				{Method: "GET", Path: pp + "/publish"}, // the confirmation page (issue 18, item 2)
				{Path: pp + "/publish", Values: v("confirm", "practice.publish")},
				{Path: pp + "/submit", Values: v()},
				{Path: fmt.Sprintf("%s/files/%d/delete", pp, f.ID)},
			},
		})
	})
}

// TestLessonToPracticeHidden: the one-click form of a private event's
// lesson answers outsiders as for a lesson that never existed.
func TestLessonToPracticeHidden(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("organiser@hrv.example.org"))
		ev, err := app.Services.Events.Create(ctx, hrv.Viewer, model.EventInput{Kind: "meeting", Title: "Meeting " + practiceMarker, Start: "2030-05-06",
			End: "2030-05-06", Visibility: "private"})
		if err != nil {
			t.Fatal(err)
		}
		l, err := app.Services.Events.AddLesson(ctx, hrv.Viewer, ev.ID, service.Given(model.LessonInput{Title: "Lesson " + practiceMarker}))
		if err != nil {
			t.Fatal(err)
		}
		app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: practiceMarker, ID: fmt.Sprint(ev.ID),
			Reads:  []string{fmt.Sprintf("/events/%d", ev.ID)},
			Writes: []webtest.Request{{Method: "POST", Path: fmt.Sprintf("/api/v1/events/%d/lessons/%d/practice", ev.ID, l.ID)}},
			Forms:  []webtest.Form{{Path: fmt.Sprintf("/events/%d/lessons/%d/practice", ev.ID, l.ID)}}})
	})
}

// TestPracticeFilesAPI: a file attached through the API is listed with the
// practice and served by its page; the API removes it; a file that is not
// base64 is 422 naming the field and changes nothing; a lesson becomes a
// draft practice through the API, once.
func TestPracticeFilesAPI(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("files@hrv.example.org"))
		p, err := app.Services.Practices.Create(ctx, hrv.Viewer, service.Given(model.PracticeInput{Title: "A practice with files", Body: "b"}))
		if err != nil {
			t.Fatal(err)
		}
		api := fmt.Sprintf("/api/v1/practices/%d", p.ID)
		send := func(method, path, s string) *httptest.ResponseRecorder {
			r := jsonBody(s)
			r.Method, r.Path = method, path
			return hrv.Do(r)
		}
		webtest.Expect(t, send("POST", api+"/files", `{"filename":"a.txt","content_base64":"not base64!"}`), http.StatusUnprocessableEntity, "content_base64")
		rec := send("POST", api+"/files", `{"filename":"../../notes.txt","content_base64":"bm90ZXM="}`)
		webtest.Expect(t, rec, http.StatusCreated, `"filename":"notes.txt"`)
		var a struct {
			ID  int64  `json:"id"`
			URL string `json:"url"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil || a.ID == 0 {
			t.Fatalf("the file's answer: %s", rec.Body.String())
		}
		webtest.Expect(t, hrv.Get(api), http.StatusOK, `"filename":"notes.txt"`)
		webtest.Expect(t, hrv.Get(a.URL), http.StatusOK, "notes")
		webtest.Expect(t, hrv.Do(webtest.Request{Method: "DELETE", Path: fmt.Sprintf("%s/files/%d", api, a.ID)}), http.StatusNoContent)
		if rec := hrv.Get(api); strings.Contains(rec.Body.String(), "notes.txt") {
			t.Errorf("the removed file is still listed: %s", rec.Body.String())
		}
		ev, err := app.Services.Events.Create(ctx, hrv.Viewer, model.EventInput{Kind: "meeting", Title: "A meeting", Start: "2030-05-06", End: "2030-05-06", Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		l, err := app.Services.Events.AddLesson(ctx, hrv.Viewer, ev.ID, service.Given(model.LessonInput{Title: "Invite customs early"}))
		if err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/events/%d/lessons/%d/practice", ev.ID, l.ID)
		first := hrv.Do(webtest.Request{Method: "POST", Path: path})
		webtest.Expect(t, first, http.StatusCreated, "Invite customs early", `"status":"draft"`)
		again := hrv.Do(webtest.Request{Method: "POST", Path: path})
		webtest.Expect(t, again, http.StatusOK)
		var p1, p2 struct {
			ID int64 `json:"id"`
		}
		if json.Unmarshal(first.Body.Bytes(), &p1) != nil || json.Unmarshal(again.Body.Bytes(), &p2) != nil || p1.ID == 0 || p1.ID != p2.ID {
			t.Errorf("a lesson became two practices: %s then %s", first.Body.String(), again.Body.String())
		}
	})
}

// TestPracticeWorkflowPages: a lesson becomes a practice, the owner
// submits it, an expert returns it with reasons, the owner submits it
// again, the expert verifies it, the owner's coordinator publishes it; each
// step by the wrong account is refused and changes nothing; the published
// practice is found by another State's viewer through the header search.
func TestPracticeWorkflowPages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		rac := app.Account("RACVIAC", model.RoleCoordinator)
		ev, err := app.Services.Events.Create(ctx, rac.Viewer, model.EventInput{Kind: "workshop", Title: "Workshop", Start: "2017-09-14", End: "2017-09-15",
			Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		l, err := app.Services.Events.AddLesson(ctx, rac.Viewer, ev.ID, service.Given(model.LessonInput{Title: "Peer reviews speed up plans",
			Body: "A **peer review** between neighbours found gaps in brokering controls. <script>alert(1)</script>", Org: "HRV"}))
		if err != nil {
			t.Fatal(err)
		}
		hrv, hrvEd, expert, srb := app.Account("HRV", model.RoleCoordinator), app.Account("HRV", model.RoleEditor),
			app.Account("UNSC1540", model.RoleEditor), app.Account("SRB", model.RoleViewer)
		rec := hrvEd.Post(fmt.Sprintf("/events/%d/lessons/%d/practice", ev.ID, l.ID), nil)
		webtest.Expect(t, rec, http.StatusSeeOther)
		loc := rec.Header().Get("Location")
		if !strings.HasPrefix(loc, "/practices/") {
			t.Fatalf("the lesson did not become a practice: %q", loc)
		}
		pp := strings.SplitN(loc, "?", 2)[0]
		page := hrvEd.Get(pp)
		webtest.Expect(t, page, http.StatusOK, "Peer reviews speed up plans", "<strong>peer review</strong>", "!<script>alert", "Submit for review")
		// The event keeps the link.
		webtest.Expect(t, hrvEd.Get(fmt.Sprintf("/events/%d", ev.ID)), http.StatusOK, pp)
		steps := []struct {
			who    *webtest.Client
			path   string
			form   url.Values
			status int
		}{
			{expert, "/verify", nil, http.StatusNotFound}, // a draft is Croatia's alone
			{srb, "/submit", nil, http.StatusNotFound},
			{hrvEd, "/submit", nil, http.StatusSeeOther},
			{hrvEd, "/verify", nil, http.StatusForbidden}, // the owner never reviews
			{expert, "/return", nil, http.StatusUnprocessableEntity},
			{expert, "/return", url.Values{"reason": {"Name the law."}}, http.StatusSeeOther},
			{hrvEd, "/submit", nil, http.StatusSeeOther},
			{expert, "/verify", nil, http.StatusSeeOther},
			{hrvEd, "/publish", nil, http.StatusForbidden},                                      // the coordinator decides
			{hrv, "/publish", url.Values{"confirm": {"practice.publish"}}, http.StatusSeeOther}, // confirmed on its page (issue 18, item 2)
			{hrv, "/publish", url.Values{"confirm": {"practice.publish"}}, http.StatusConflict},
		}
		for i, s := range steps {
			if got := s.who.Post(pp+s.path, s.form); got.Code != s.status {
				t.Errorf("step %d %s by %s: %d, want %d; %.300s", i, s.path, s.who.Account.Email, got.Code, s.status, got.Body.String())
			}
		}
		found := srb.Get("/search?q=brokeri")
		webtest.Expect(t, found, http.StatusOK, "Peer reviews speed up plans", "<mark>brokering</mark>", "!<script>")
		var res struct {
			Items []struct{ Kind, Title, Snippet string }
			Total int
		}
		if code := srb.JSON("GET", "/api/v1/search?q=brokering+controls&kind=practice", nil, &res); code != 200 || res.Total != 1 {
			t.Errorf("API search: %d, total %d", code, res.Total)
		}
	})
}
