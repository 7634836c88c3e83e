package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// englishNotes are history notes of an assistance request as the service
// writes them in English (part svcmore).
var englishNotes = []string{"circulated to providers, summary public", "request started", "submitted to the 1540 Committee", "acknowledged on", "the State may object until"}

// TestRequestHistoryInTheReadersLanguage (issue 17, part svcmore): a
// circulated request's history, read by a provider in Arabic on the page
// and in the API, carries no English note and no note marked English; the
// API gives each note's key and arguments. The control is the same
// history in English, which says "circulated to providers".
func TestRequestHistoryInTheReadersLanguage(t *testing.T) {
	webtest.EachDemo(t, time.Now(), func(t *testing.T, app *webtest.App) {
		var provider *webtest.Client
		var path string
		for _, org := range []string{"WCO", "EU", "UNODC", "IAEA", "OSCE", "OPCW"} {
			c := app.Account(org, model.RoleEditor)
			if m := requestLink.FindStringSubmatch(c.Get("/assistance/fits").Body.String()); m != nil {
				provider, path = c, m[1]
				break
			}
		}
		if provider == nil {
			t.Fatal("no demo provider has a fitting request")
		}
		webtest.Expect(t, provider.Get(path+"?lang=en"), 200, "circulated to providers, summary public")
		rec := provider.Get(path + "?lang=ar")
		webtest.Expect(t, rec, 200, `dir="rtl"`, "عُمّم الطلب على مقدّمي المساعدة", `!<bdi lang="en">`)
		for _, en := range englishNotes {
			if strings.Contains(rec.Body.String(), en) {
				t.Errorf("%s in Arabic has the note %q", path, en)
			}
		}
		var out struct {
			History []struct {
				Note     string         `json:"note"`
				NoteLang string         `json:"note_lang"`
				NoteKey  string         `json:"note_key"`
				NoteArgs []model.MsgArg `json:"note_args"`
			} `json:"history"`
		}
		api := "/api/v1" + path
		for lang, want := range map[string]string{"en": "circulated to providers, summary public", "ar": "عُمّم الطلب على مقدّمي المساعدة"} {
			if code := provider.JSON("GET", api+"?lang="+lang, nil, &out); code != 200 || len(out.History) == 0 {
				t.Fatalf("GET %s?lang=%s: %d, %d steps", api, lang, code, len(out.History))
			}
			found := false
			for _, h := range out.History {
				if h.NoteKey == "" || h.NoteLang != lang {
					t.Errorf("%s?lang=%s: a step without its key in %s: %+v", api, lang, lang, h)
				}
				found = found || strings.Contains(h.Note, want)
				for _, en := range englishNotes {
					if lang != "en" && strings.Contains(h.Note, en) {
						t.Errorf("%s?lang=%s: the note %q is English", api, lang, h.Note)
					}
				}
			}
			if !found {
				t.Errorf("%s?lang=%s: no note says %q", api, lang, want)
			}
		}
	})
}

// TestActionTitlesInTheReadersLanguage (issue 17, part svcmore): a plan's
// actions table and Gantt in French show a translated action's French
// title — also when the French page was cached before the translation was
// written — and ?original=1 shows the original (the control), which is not
// left in the cache for the French page after it; the action's API answers
// its language and translations.
func TestActionTitlesInTheReadersLanguage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		n, err := app.Services.NAPs.Create(ctx, sys, "HRV", model.NAPInput{Title: model.Ptr("Titles plan"), PeriodStart: model.Ptr("2024"), PeriodEnd: model.Ptr("2027")})
		if err != nil {
			t.Fatal(err)
		}
		a, err := app.Services.NAPs.CreateAction(ctx, sys, n.ID, service.Given(model.NAPActionInput{Title: model.Ptr("Quillon export rules"), Section: model.Ptr("NAP-05"),
			Start: model.Ptr("2025-01-01"), Due: model.Ptr("2026-06-30")}))
		if err != nil {
			t.Fatal(err)
		}
		coord := app.Account("HRV", model.RoleCoordinator)
		page := fmt.Sprintf("/naps/%d", n.ID)
		const fr = "Règles d&#39;exportation Quillon"
		webtest.Expect(t, coord.Get(page+"?lang=fr"), 200, "Quillon export rules", "!"+fr) // cached before the translation
		if _, err := app.Services.Translations.Save(ctx, sys, model.TranslationKindAction, a.ID, "fr",
			service.Given(model.TranslationInput{Fields: map[string]string{"title": "Règles d'exportation Quillon"}})); err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			query   string
			has, no string
		}{{"?lang=fr", fr, "Quillon export rules"}, {"?lang=fr&original=1", "Quillon export rules", fr}, {"?lang=fr", fr, "Quillon export rules"}, {"?lang=en", "Quillon export rules", fr}} {
			rec := coord.Get(page + step.query)
			webtest.Expect(t, rec, 200, step.has, "!"+step.no)
			if got := strings.Count(rec.Body.String(), step.has); got < 2 {
				t.Errorf("%s%s: %q %d times, want the table and the Gantt", page, step.query, step.has, got)
			}
		}
		var out struct {
			Language     string `json:"language"`
			Translations []struct {
				Language string            `json:"language"`
				Fields   map[string]string `json:"fields"`
			} `json:"translations"`
		}
		api := fmt.Sprintf("/api/v1/naps/%d/actions/%d", n.ID, a.ID)
		if code := coord.JSON("GET", api, nil, &out); code != 200 || out.Language != "en" || len(out.Translations) != 1 ||
			out.Translations[0].Language != "fr" || out.Translations[0].Fields["title"] != "Règles d'exportation Quillon" {
			t.Errorf("GET %s: %d %+v", api, code, out)
		}
	})
}
