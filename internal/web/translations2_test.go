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

// TestPlanPartsTranslated (issue 17, item 4, a plan's parts): a plan's
// translation carries its sections' texts and a plan's action has its
// own; a reader in that language reads them, marked, the original on
// request; an action is written in its plan's language (422 when set on
// its own, and the plan cannot take a language one of its actions is
// translated into); the API addresses an action under its plan only;
// every change is audited; and the search finds the plan and the action
// by a word of their French translations (none before: the control).
func TestPlanPartsTranslated(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		n, a := publicPlan(t, app, "HRV", "Quillonplan")
		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("parts@hrv.example.org"))
		anon := app.Anonymous()
		plan, act := fmt.Sprint(n.ID), fmt.Sprint(a.ID)
		api := "/api/v1/naps/" + plan + "/actions/" + act + "/translations"
		search := func(q string) int {
			var got struct {
				Total int `json:"total"`
			}
			if st := anon.JSON("GET", "/api/v1/search?q="+url.QueryEscape(q), nil, &got); st != http.StatusOK {
				t.Fatalf("search %q: %d", q, st)
			}
			return got.Total
		}
		if search("Vérifivaux") != 0 || search("Douanixes") != 0 {
			t.Fatal("the French words are found before any translation")
		}

		// The plan's form offers the sections it has text in, no others.
		form := hrv.Get("/translations/nap/" + plan + "/fr")
		webtest.Expect(t, form, http.StatusOK, `name="title"`, `name="NAP-02"`, "Coordination by Quillonplan")
		if strings.Contains(form.Body.String(), `name="NAP-05"`) {
			t.Error("the form offers a section the plan has no text in")
		}
		webtest.Expect(t, hrv.Post("/translations/nap/"+plan+"/fr", url.Values{"title": {"Plan français Quillonplan"},
			"NAP-02": {"Coordination par le comité Vérifivaux"}}), http.StatusSeeOther)
		fr := anon.Get("/naps/" + plan + "?lang=fr")
		webtest.Expect(t, fr, http.StatusOK, "Coordination par le comité Vérifivaux", "Traduction en français.")
		if strings.Contains(fr.Body.String(), "Coordination by Quillonplan") {
			t.Error("the French reader reads the section in English")
		}
		webtest.Expect(t, anon.Get("/naps/"+plan+"?lang=fr&original=1"), http.StatusOK, "Coordination by Quillonplan")
		webtest.Expect(t, anon.Get("/naps/"+plan+"?lang=es"), http.StatusOK, "Coordination by Quillonplan")

		// The action: its form, a translation, the reader's page.
		webtest.Expect(t, hrv.Get("/translations/nap-action/"+act+"/fr"), http.StatusOK, `name="title"`, `name="description"`, "Action Quillonplan")
		webtest.Expect(t, hrv.Post("/translations/nap-action/"+act+"/fr", url.Values{"title": {"Action Quillonplan en français"},
			"description": {"Former les agents des Douanixes"}}), http.StatusSeeOther)
		page := "/naps/" + plan + "/actions/" + act
		webtest.Expect(t, anon.Get(page+"?lang=fr"), http.StatusOK, "<h1><bdi>Action Quillonplan en français</bdi></h1>", "Former les agents des Douanixes",
			"Traduction en français.", "Original : anglais.", "/translations/nap-action/"+act)
		webtest.Expect(t, anon.Get(page+"?lang=fr&original=1"), http.StatusOK, "<h1><bdi>Action Quillonplan</bdi></h1>", "Vous lisez l’original.")
		webtest.Expect(t, anon.Get(page+"?lang=es"), http.StatusOK, "<h1><bdi>Action Quillonplan</bdi></h1>", "Todavía no hay traducción al español.")
		// An action's language is its plan's.
		webtest.Expect(t, hrv.Get("/translations/nap-action/"+act), http.StatusOK, "/translations/nap/"+plan)
		webtest.Expect(t, hrv.Post("/translations/nap-action/"+act, url.Values{"text_language": {"fr"}}), http.StatusUnprocessableEntity, "text_language")

		// The API, under the plan only.
		webtest.Expect(t, anon.Get(api), http.StatusOK, `"language":"en"`, "Douanixes")
		webtest.Expect(t, anon.Get(fmt.Sprintf("/api/v1/naps/%d/actions/%s/translations", n.ID+1000, act)), http.StatusNotFound)
		webtest.Expect(t, hrv.Do(jsonReq("PUT", api+"/es", `{"fields": {"title": "Acción Quillonplan", "description": "Formar"}}`)), http.StatusOK, `"version":1`)
		webtest.Expect(t, hrv.Do(jsonReq("PUT", api+"/xx", `{"fields": {"title": "t"}}`)), http.StatusUnprocessableEntity, `"language"`)
		webtest.Expect(t, hrv.Do(jsonReq("PUT", api+"/en", `{"fields": {"title": "t"}}`)), http.StatusUnprocessableEntity, `"language"`)
		webtest.Expect(t, hrv.Do(jsonReq("PUT", api+"/ar", `{"fields": {"title": "t", "body": "b"}}`)), http.StatusUnprocessableEntity, `fields.body`)
		webtest.Expect(t, hrv.Do(jsonReq("PUT", api+"/es", `{"fields": {"title": "t"}, "version": 7}`)), http.StatusConflict, "Acción Quillonplan")
		// The plan cannot take the language of its action's translation.
		webtest.Expect(t, hrv.Do(jsonReq("PUT", "/api/v1/naps/"+plan+"/language", `{"language": "es"}`)), http.StatusUnprocessableEntity, "action")
		webtest.Expect(t, hrv.Do(webtest.Request{Method: "DELETE", Path: api + "/es?version=1"}), http.StatusNoContent)
		webtest.Expect(t, hrv.Do(jsonReq("PUT", "/api/v1/naps/"+plan+"/language", `{"language": "ru"}`)), http.StatusOK, `"language":"ru"`)
		webtest.Expect(t, anon.Get(page+"?lang=es"), http.StatusOK, "Original: ruso.")

		// The search finds the plan and the action by their French words.
		var got struct {
			Total int `json:"total"`
			Items []struct {
				Kind string `json:"kind"`
				ID   string `json:"id"`
			} `json:"items"`
		}
		for q, want := range map[string]string{"Vérifivaux": "nap", "douanixes": "action"} {
			if st := anon.JSON("GET", "/api/v1/search?q="+url.QueryEscape(q), nil, &got); st != http.StatusOK || got.Total != 1 || got.Items[0].Kind != want {
				t.Errorf("search %q: %d %+v", q, st, got)
			}
		}

		// A hit's title is in the reader's language when the record has it.
		webtest.Expect(t, anon.Get("/api/v1/search?lang=fr&q=v%C3%A9rifivaux"), http.StatusOK, `"title":"Plan français Quillonplan"`)
		webtest.Expect(t, anon.Get("/api/v1/search?lang=es&q=v%C3%A9rifivaux"), http.StatusOK, `"title":"Plan Quillonplan"`)
		webtest.Expect(t, anon.Get("/search?lang=fr&q=douanixes"), http.StatusOK, "Action Quillonplan en français")

		audit, err := app.Services.Audit.Entries(context.Background(), model.SystemViewer("test"), model.AuditFilter{Action: "translation.", Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range audit {
			seen[e.Kind+" "+e.Action] = true
		}
		for _, k := range []string{"nap translation.add", "nap-action translation.add", "nap-action translation.remove", "nap translation.language"} {
			if !seen[k] {
				t.Errorf("no audit entry %s", k)
			}
		}
	})
}

// TestPlanPartsTranslationsHidden: the translations of the action of
// Croatia's draft plan do not exist for anyone else on any route, and the
// words of its translations and of the plan's sections' translations are
// found by no outsider's search (hits, totals, facets) — the owner finds
// them (CheckHidden's controls).
func TestPlanPartsTranslationsHidden(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		const marker = "Zorvintrapex"
		ctx, sys := context.Background(), model.SystemViewer("test")
		n, a := hiddenPlan(t, app, "HRV", "Hiddenparts", model.NAPDraft)
		save := func(kind string, id int64, lang string, fields map[string]string) {
			if _, err := app.Services.Translations.Save(ctx, sys, kind, id, lang, service.Given(model.TranslationInput{Fields: fields})); err != nil {
				t.Fatal(err)
			}
		}
		save(model.TranslationKindAction, a.ID, "ar", map[string]string{"title": "إجراء " + marker, "description": "وصف " + marker})
		save("nap", n.ID, "fr", map[string]string{"title": "Plan", "NAP-02": "Coordination " + marker})
		id := fmt.Sprint(a.ID)
		page, api := "/translations/nap-action/"+id, fmt.Sprintf("/api/v1/naps/%d/actions/%s/translations", n.ID, id)
		// The query is the marker's beginning (the last word matches as a
		// prefix): a page that echoes the query must not show the marker.
		q := strings.ToLower(marker[:9])
		lists := []string{"/search?q=" + q, "/api/v1/search?q=" + q, "/api/v1/search?kind=nap&q=" + q, "/api/v1/search?kind=action&q=" + q}
		app.CheckHidden(t, webtest.Hidden{
			Owner: "HRV", Level: model.VisPrivate, Marker: marker, ID: id,
			Reads: []string{page, page + "/ar", api},
			Lists: lists, Counts: lists[1:],
			Writes: []webtest.Request{
				jsonReq("PUT", api+"/fr", `{"fields": {"title": "Action"}}`),
				{Method: "DELETE", Path: api + "/fr?version=1"},
			},
			Forms: []webtest.Form{
				{Path: page + "/es", Values: url.Values{"title": {"Acción"}}},
				{Path: page + "/es/remove", Values: url.Values{"version": {"1"}}},
			},
		})
	})
}

// TestTextLanguageOnForms (issue 17, item 3): the forms of a plan and a
// practice offer "Language of this text", the author's page language by
// default on a new record and the record's own on an edit; it is saved as
// the record's language (the API's language answers it); a value outside
// the six is 422 naming the field, nothing saved; the API takes language
// (422 naming it). The control: English when none is sent.
func TestTextLanguageOnForms(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("forms-lang@hrv.example.org"))
		webtest.Expect(t, hrv.Get("/naps/new?lang=fr"), http.StatusOK, `<option value="fr" selected>`, "Langue de ce texte")
		webtest.Expect(t, hrv.Get("/practices/new?lang=ar"), http.StatusOK, `<option value="ar" selected>`, "لغة هذا النص")
		plan := url.Values{"title": {"Plan de la Croatie"}, "type": {"1540-nap"}, "period_start": {"2030"}, "period_end": {"2034"}}
		bad := url.Values{"text_language": {"de"}}
		for k, v := range plan {
			bad[k] = v
		}
		webtest.Expect(t, hrv.Post("/naps", bad), http.StatusUnprocessableEntity, `href="#text_language"`, `id="text_language"`)
		plan.Set("text_language", "fr")
		rec := hrv.Post("/naps", plan)
		webtest.Expect(t, rec, http.StatusSeeOther)
		loc := strings.TrimSuffix(rec.Header().Get("Location"), "?done=nap-created")
		webtest.Expect(t, hrv.Get("/api/v1"+loc), http.StatusOK, `"language":"fr"`)
		webtest.Expect(t, hrv.Get(loc+"/edit?lang=en"), http.StatusOK, `<option value="fr" selected>`)
		// The API: language on a plan and a practice.
		webtest.Expect(t, hrv.Do(jsonReq("POST", "/api/v1/naps", `{"title": "Plan", "period_start": 2030, "period_end": 2031, "language": "xx"}`)),
			http.StatusUnprocessableEntity, `"language"`)
		created := func(body map[string]any, want string) {
			t.Helper()
			var got struct {
				ID int64 `json:"id"`
			}
			if st := hrv.JSON("POST", "/api/v1/naps", body, &got); st != http.StatusCreated {
				t.Fatalf("POST %v: %d", body, st)
			}
			webtest.Expect(t, hrv.Get(fmt.Sprintf("/api/v1/naps/%d", got.ID)), http.StatusOK, `"language":"`+want+`"`)
		}
		created(map[string]any{"title": "План", "period_start": 2030, "period_end": 2031, "language": "ru"}, "ru")
		created(map[string]any{"title": "Plan", "period_start": 2030, "period_end": 2031}, "en")
		webtest.Expect(t, hrv.Do(jsonReq("POST", "/api/v1/practices", `{"kind": "practice", "title": "Práctica", "body": "Texto", "language": "es"}`)),
			http.StatusCreated)
		webtest.Expect(t, hrv.Do(jsonReq("POST", "/api/v1/practices", `{"kind": "practice", "title": "P", "body": "T", "language": "de"}`)),
			http.StatusUnprocessableEntity, `"language"`)
		// An event and an assistance request (whose language is the
		// template's own field: its text's is text_language).
		webtest.Expect(t, hrv.Get("/events/new?lang=zh"), http.StatusOK, `<option value="zh" selected>`)
		webtest.Expect(t, hrv.Get("/assistance/requests/new?lang=es"), http.StatusOK, `<option value="es" selected>`, "Idioma de este texto")
		webtest.Expect(t, hrv.Do(jsonReq("POST", "/api/v1/events", `{"kind": "meeting", "title": "Réunion", "start": "2030-05-06", "end": "2030-05-06", "visibility": "private", "language": "xx"}`)),
			http.StatusUnprocessableEntity, `"language"`)
		var ev struct {
			ID int64 `json:"id"`
		}
		if st := hrv.JSON("POST", "/api/v1/events", map[string]any{"kind": "meeting", "title": "Réunion", "start": "2030-05-06", "end": "2030-05-06",
			"visibility": "private", "language": "fr"}, &ev); st != http.StatusCreated {
			t.Fatalf("POST event: %d", st)
		}
		webtest.Expect(t, hrv.Get(fmt.Sprintf("/api/v1/events/%d", ev.ID)), http.StatusOK, `"language":"fr"`)
		webtest.Expect(t, hrv.Get(fmt.Sprintf("/events/%d/edit", ev.ID)), http.StatusOK, `<option value="fr" selected>`)
		req := `{"title": "Solicitud", "needs": [{"area": "AS-NUC", "modalities": ["equipment"]}], "text_language": "%s"}`
		webtest.Expect(t, hrv.Do(jsonReq("POST", "/api/v1/assistance/requests", fmt.Sprintf(req, "xx"))), http.StatusUnprocessableEntity, `"text_language"`)
		var rq struct {
			ID int64 `json:"id"`
		}
		if st := hrv.JSON("POST", "/api/v1/assistance/requests", map[string]any{"title": "Solicitud", "text_language": "es",
			"needs": []map[string]any{{"area": "AS-NUC", "modalities": []string{"equipment"}}}}, &rq); st != http.StatusCreated {
			t.Fatalf("POST request: %d", st)
		}
		webtest.Expect(t, hrv.Get(fmt.Sprintf("/api/v1/assistance/requests/%d/translations", rq.ID)), http.StatusOK, `"language":"es"`)
		webtest.Expect(t, hrv.Get(fmt.Sprintf("/assistance/requests/%d/edit", rq.ID)), http.StatusOK, `<option value="es" selected>`)
	})
}
