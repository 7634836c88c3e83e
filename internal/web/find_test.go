package web_test

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// TestEnterInAFindBoxFinds (issue 18, follow-up "find"), on the demo and
// both engines: the practice form's main act (what Enter posts) with words
// in a Find box other than its "last searched" twin shows the form again
// with the search done and the line that says so by the box, and saves
// nothing (the practices counted, the audit unchanged), on a new practice
// and on an edit; the same post with the words equal to the twin saves
// (303: the control). An absent twin (the API, a form rendered before) is
// no pending search; an empty box neither; a forged twin costs one
// re-render, never a save; words the search refuses are the box's problem.
// The API is unchanged: it saves and knows no twin.
func TestEnterInAFindBoxFinds(t *testing.T) {
	webtest.EachDemo(t, time.Now(), func(t *testing.T, app *webtest.App) {
		ctx, sys := context.Background(), model.SystemViewer("test")
		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("find@hrv.example.org"))
		srb := app.Account("SRB", model.RoleCoordinator, webtest.Email("find@srb.example.org"))
		action, err := app.Services.NAPs.CreateAction(ctx, sys, demoPlan(t, app, "HRV").ID,
			service.Given(model.NAPActionInput{Title: model.Ptr("Quillwort border inspection drills"), Due: model.Ptr("2028-06-30")}))
		if err != nil {
			t.Fatal(err)
		}
		box := fmt.Sprintf(`name="nap_action" value="%d"`, action.ID)
		count := func() int {
			t.Helper()
			ps, err := app.Services.Practices.List(ctx, sys, model.PracticeFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return len(ps)
		}
		// The form as rendered: each box with its empty twin.
		webtest.Expect(t, hrv.Get("/practices/new"), 200, `name="action_q_searched" value=""`, `name="related_q_searched" value=""`, "!-instead", "!autofocus")
		form := func(q, twin string) url.Values {
			v := url.Values{"title": {"Find follow-up practice"}, "kind": {"practice"}, "body": {"Searched, then saved."},
				"submitter": {"Croatia (HRV)"}, "audience": {"public"}, "action_q": {q}, "related_q": {""}, "related_q_searched": {""}}
			if twin != "-" {
				v.Set("action_q_searched", twin)
			}
			return v
		}
		n, before := count(), auditHead(t, app)

		// Enter in "Find actions": found, nothing saved, said by the box.
		rec := hrv.Post("/practices", form("Quillwort", ""))
		webtest.Expect(t, rec, 200, box+">", "Quillwort border inspection drills", `id="action_q-instead"`, "Showing results for “<bdi>Quillwort</bdi>”",
			"Press “Save the draft” to save.", `name="action_q_searched" value="Quillwort"`, `value="Find follow-up practice"`, "!related_q-instead",
			`aria-describedby="action_q-instead" autofocus`)
		// The Find button itself: the same results, and no line (the reader
		// asked to find); the focus back in its box, above the results.
		withFind := form("Quillwort", "")
		withFind.Set("find_actions", "1")
		webtest.Expect(t, hrv.Post("/practices", withFind), 200, box+">", "!-instead", `name="action_q" value="Quillwort" maxlength="200" autocomplete="off" aria-invalid="false" autofocus>`)
		// A forged twin (long, other words): one re-render, and the twin served is the words searched.
		webtest.Expect(t, hrv.Post("/practices", form("quillwort  drills", strings.Repeat("x", 5000))), 200, box+">", `name="action_q_searched" value="quillwort drills"`)
		// Words the search refuses: the box's problem, no "showing results".
		webtest.Expect(t, hrv.Post("/practices", form(strings.Repeat("z", 201), "")), 422, `href="#action_q"`, "!action_q-instead")
		if got, after := count(), auditHead(t, app); got != n || after != before {
			t.Fatalf("a pending Find saved: %d practices (were %d), audit %d (was %d)", got, n, after, before)
		}

		// The controls: the same words as the twin (spaces aside), no twin, an empty box: each saves.
		for i, f := range []url.Values{form("Quillwort", "Quillwort"), form(" Quillwort ", "Quillwort"), form("Quillwort", "-"), form("", "Quillwort"),
			form(strings.Repeat("z", 250), strings.Repeat("z", 200))} {
			f.Set("title", fmt.Sprintf("Find follow-up practice %d", i))
			if rec := hrv.Post("/practices", f); rec.Code != 303 {
				t.Fatalf("control %d: %d, want 303 %.600s", i, rec.Code, rec.Body.String())
			}
		}
		if got := count(); got != n+5 {
			t.Fatalf("the controls saved %d practices, want 5", got-n)
		}

		// An edit: Enter in "Find practices" finds and leaves the practice as it was.
		pv, err := app.Services.Practices.Create(ctx, hrv.Viewer, service.Given(model.PracticeInput{Kind: "practice", Title: "Find edit practice", Body: "Body."}))
		if err != nil {
			t.Fatal(err)
		}
		loc := fmt.Sprintf("/practices/%d", pv.ID)
		edit := url.Values{"title": {"Find edit practice, renamed"}, "kind": {"practice"}, "body": {"Body."}, "audience": {"public"},
			"version": {strconv.FormatInt(pv.Version, 10)}, "related_q": {"Find follow-up practice"}, "related_q_searched": {""}}
		webtest.Expect(t, hrv.Post(loc, edit), 200, `id="related_q-instead"`, "Find follow-up practice 0", "!action_q-instead", `aria-describedby="related_q-instead" autofocus`)
		// Another State: as a practice that never was, no search done for it.
		theirs := maps.Clone(edit)
		theirs.Del("csrf")
		webtest.Expect(t, srb.Post(loc, theirs), 404, "!Find follow-up practice 0")
		if cur, err := app.Services.Practices.Get(ctx, sys, pv.ID); err != nil || cur.Version != pv.Version || cur.Title != "Find edit practice" {
			t.Fatalf("a pending Find changed the practice: %+v %v", cur, err)
		}
		edit.Set("related_q_searched", "Find follow-up practice")
		if rec := hrv.Post(loc, edit); rec.Code != 303 {
			t.Fatalf("control, edit: %d %.600s", rec.Code, rec.Body.String())
		}
		if cur, err := app.Services.Practices.Get(ctx, sys, pv.ID); err != nil || cur.Title != "Find edit practice, renamed" {
			t.Fatalf("the edit was not saved: %+v %v", cur, err)
		}

		// The API: unchanged, it saves, and knows no twin.
		webtest.Expect(t, hrv.Do(jsonReq("POST", "/api/v1/practices", `{"kind": "practice", "title": "Find API practice", "body": "T"}`)), 201)
		webtest.Expect(t, hrv.Do(jsonReq("POST", "/api/v1/practices", `{"kind": "practice", "title": "Find API practice 2", "body": "T", "action_q_searched": ""}`)), 422, "is not a field")
		if got := count(); got != n+7 {
			t.Errorf("the API saved %d practices, want 1", got-n-6)
		}
	})
}
