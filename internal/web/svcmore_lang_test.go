package web_test

import (
	"strings"
	"testing"
	"time"

	"napx/internal/model"
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
