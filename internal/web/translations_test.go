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

const translationMarker = "Zeltranslatoq"

// TestTranslationsCheckHidden: the translations of Croatia's draft plan
// (and the plan's language) do not exist for anyone else on any route —
// pages, API, writes — and the owner reaches each.
func TestTranslationsCheckHidden(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		n, _ := hiddenPlan(t, app, "HRV", translationMarker, model.NAPDraft)
		sys := model.SystemViewer("test")
		if _, err := app.Services.Translations.Save(context.Background(), sys, "nap", n.ID, "ar",
			service.Given(model.TranslationInput{Fields: map[string]string{"title": "خطة " + translationMarker}})); err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprint(n.ID)
		page, api := "/translations/nap/"+id, "/api/v1/naps/"+id
		body := func(method, path, s string) webtest.Request {
			r := jsonBody(s)
			r.Method, r.Path = method, path
			return r
		}
		app.CheckHidden(t, webtest.Hidden{
			Owner: "HRV", Level: model.VisPrivate, Marker: translationMarker, ID: id,
			Reads: []string{page, page + "/ar", api + "/translations"},
			Writes: []webtest.Request{
				body("PUT", api+"/translations/fr", `{"fields": {"title": "Plan"}}`),
				body("PUT", api+"/language", `{"language": "en"}`),
				{Method: "DELETE", Path: api + "/translations/fr?version=1"},
			},
			Forms: []webtest.Form{
				{Path: page + "/es", Values: url.Values{"title": {"Plan"}}},
				{Path: page, Values: url.Values{"text_language": {"en"}}},
				{Path: page + "/es/remove", Values: url.Values{"version": {"1"}}},
			},
		})
	})
}

// TestRecordTranslations: a writer adds a translation through the page;
// a reader in that language sees it, marked, and the original on request;
// a reader of another language sees the original with a notice; the API
// lists, corrects (409 on a stale version), refuses a language outside the
// six (422 naming language) and a field the kind has not; another State
// may not write; removal and the original's language are audited.
func TestRecordTranslations(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		n, _ := publicPlan(t, app, "HRV", "Kestrelplan")
		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("translator@hrv.example.org"))
		srb := app.Account("SRB", model.RoleCoordinator, webtest.Email("other@srb.example.org"))
		anon := app.Anonymous()
		id := fmt.Sprint(n.ID)
		page, api := "/translations/nap/"+id, "/api/v1/naps/"+id

		// The form, then a translation into French by a person.
		webtest.Expect(t, hrv.Get(page+"/fr"), http.StatusOK, `name="title"`, "Plan Kestrelplan")
		webtest.Expect(t, hrv.Post(page+"/fr", url.Values{"title": {"Plan Kestrelplan en français"}}), http.StatusSeeOther)
		// Control: the other State reads the plan but may not translate it.
		webtest.Expect(t, hrv.Post(page+"/de", url.Values{"title": {"x"}}), http.StatusUnprocessableEntity)
		if rec := srb.Post(page+"/es", url.Values{"title": {"x"}}); rec.Code != http.StatusForbidden {
			t.Fatalf("another State translating: %d", rec.Code)
		}
		// A French reader sees the translation, marked; the original on request.
		webtest.Expect(t, anon.Get("/naps/"+id+"?lang=fr"), http.StatusOK, "<h1><bdi>Plan Kestrelplan en français</bdi></h1>", "Traduction en français.", "Original : anglais.", "?original=1")
		// The plan's own answer says its language and translations.
		webtest.Expect(t, anon.Get("/api/v1/naps/"+id), http.StatusOK, `"language":"en"`, `"translations":[{"language":"fr"`)
		orig := anon.Get("/naps/" + id + "?lang=fr&original=1")
		webtest.Expect(t, orig, http.StatusOK, "<h1><bdi>Plan Kestrelplan</bdi></h1>", "Vous lisez l’original.")
		// A Spanish reader sees the original, with a notice.
		webtest.Expect(t, anon.Get("/naps/"+id+"?lang=es"), http.StatusOK, "<h1><bdi>Plan Kestrelplan</bdi></h1>", "Todavía no hay traducción al español.")
		// An English reader reads the original without a notice of absence.
		en := anon.Get("/naps/" + id + "?lang=en")
		webtest.Expect(t, en, http.StatusOK, "Original: English.", `hreflang="fr"`)
		if strings.Contains(en.Body.String(), "No translation into") {
			t.Error("the original's own language shows a notice of absence")
		}

		// The API.
		var got struct {
			Language     string `json:"language"`
			Translations []struct {
				Language string            `json:"language"`
				Fields   map[string]string `json:"fields"`
				Machine  bool              `json:"machine"`
				Version  int64             `json:"version"`
			} `json:"translations"`
		}
		if st := anon.JSON("GET", api+"/translations", nil, &got); st != http.StatusOK || got.Language != "en" || len(got.Translations) != 1 ||
			got.Translations[0].Fields["title"] != "Plan Kestrelplan en français" {
			t.Fatalf("GET translations: %d %+v", st, got)
		}
		webtest.Expect(t, hrv.Do(jsonReq("PUT", api+"/translations/xx", `{"fields": {"title": "t"}}`)), http.StatusUnprocessableEntity, `"language"`)
		webtest.Expect(t, hrv.Do(jsonReq("PUT", api+"/translations/en", `{"fields": {"title": "t"}}`)), http.StatusUnprocessableEntity, `"language"`)
		webtest.Expect(t, hrv.Do(jsonReq("PUT", api+"/translations/ar", `{"fields": {"title": "t", "body": "b"}}`)), http.StatusUnprocessableEntity, `fields.body`)
		webtest.Expect(t, hrv.Do(jsonReq("PUT", api+"/translations/fr", `{"fields": {"title": "t"}, "version": 7}`)), http.StatusConflict, "Plan Kestrelplan en français")
		webtest.Expect(t, hrv.Do(jsonReq("PUT", api+"/translations/fr", `{"fields": {"title": "Plan corrigé"}, "machine": true, "version": 1}`)), http.StatusOK, `"version":2`, `"machine":true`)
		webtest.Expect(t, anon.Get("/naps/"+id+"?lang=fr"), http.StatusOK, "Plan corrigé", "Traduction automatique.")
		// The original cannot take a language it is translated into.
		webtest.Expect(t, hrv.Do(jsonReq("PUT", api+"/language", `{"language": "fr"}`)), http.StatusUnprocessableEntity, `"language"`)
		webtest.Expect(t, hrv.Do(jsonReq("PUT", api+"/language", `{"language": "ru"}`)), http.StatusOK, `"language":"ru"`)
		webtest.Expect(t, anon.Get("/naps/"+id+"?lang=es"), http.StatusOK, "Original: ruso.")
		webtest.Expect(t, hrv.Do(webtest.Request{Method: "DELETE", Path: api + "/translations/fr?version=1"}), http.StatusConflict)
		webtest.Expect(t, hrv.Do(webtest.Request{Method: "DELETE", Path: api + "/translations/fr?version=2"}), http.StatusNoContent)
		webtest.Expect(t, anon.Get("/naps/"+id+"?lang=fr"), http.StatusOK, "<h1><bdi>Plan Kestrelplan</bdi></h1>", "Pas encore de traduction en français.")

		audit, err := app.Services.Audit.Entries(context.Background(), model.SystemViewer("test"), model.AuditFilter{Action: "translation.", Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range audit {
			seen[e.Action] = true
		}
		for _, a := range []string{"translation.add", "translation.update", "translation.remove", "translation.language"} {
			if !seen[a] {
				t.Errorf("no audit entry %s", a)
			}
		}
	})
}

// TestTranslationsOfEveryKindHidden: the API routes of a practice's, an
// event's and an assistance request's translations answer outsiders as
// for a record that never existed (Croatia's draft practice, private
// event and draft request), and reach the owner.
func TestTranslationsOfEveryKindHidden(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("kinds@hrv.example.org"))
		p, err := app.Services.Practices.Create(ctx, hrv.Viewer, service.Given(model.PracticeInput{Title: "Practice " + translationMarker, Body: "b"}))
		if err != nil {
			t.Fatal(err)
		}
		ev, err := app.Services.Events.Create(ctx, hrv.Viewer, model.EventInput{Kind: "meeting", Title: "Meeting " + translationMarker, Start: "2030-05-06",
			End: "2030-05-06", Visibility: "private"})
		if err != nil {
			t.Fatal(err)
		}
		title := "Request " + translationMarker
		rq, err := app.Services.Assistance.Create(ctx, hrv.Viewer, "HRV", model.RequestInput{Title: &title, Needs: &[]model.NeedInput{
			{Area: "AS-NUC", Modalities: []string{"equipment"}}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []struct {
			kind, api string
			id        int64
		}{{"practice", "/api/v1/practices/", p.ID}, {"event", "/api/v1/events/", ev.ID}, {"assistance", "/api/v1/assistance/requests/", rq.ID}} {
			if _, err := app.Services.Translations.Save(ctx, hrv.Viewer, k.kind, k.id, "fr",
				service.Given(model.TranslationInput{Fields: map[string]string{"title": "Titre " + translationMarker}})); err != nil {
				t.Fatal(err)
			}
			id := fmt.Sprint(k.id)
			api := k.api + id
			app.CheckHidden(t, webtest.Hidden{
				Owner: "HRV", Level: model.VisPrivate, Marker: translationMarker, ID: id,
				Reads: []string{api + "/translations", fmt.Sprintf("/translations/%s/%s", k.kind, id)},
				Writes: []webtest.Request{
					jsonReq("PUT", api+"/translations/ar", `{"fields": {"title": "عنوان"}}`),
					jsonReq("PUT", api+"/language", `{"language": "en"}`),
					{Method: "DELETE", Path: api + "/translations/fr?version=1"},
				},
			})
		}
	})
}
