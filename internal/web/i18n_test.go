package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// convertedPages are the pages whose every string comes from the
// catalogues (issue 17; ARCHITECTURE.md "Six languages" lists them).
var convertedPages = []string{"/", "/about", "/signin", "/states", "/states?q=mac", "/states?group=SEE", "/states?q=mac&group=SEE", "/states?q=zzzz", "/no-such-page"}

var htmlLang = regexp.MustCompile(`<html lang="([a-z]+)" dir="(ltr|rtl)">`)

// englishOnly are sentences of the converted pages that must not appear in
// another language (the control that the page really changed language).
var englishOnly = []string{"Skip to main content", ">Sign in<", "Search napx", "About napx and its sources"}

// TestPagesInSixLanguages: every converted page renders in each language
// with no missing message, <html lang dir> right and Content-Language
// said; English strings of the chrome are gone in the other five.
func TestPagesInSixLanguages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		coord := app.Account("HRV", model.RoleCoordinator)
		for _, l := range i18n.Languages() {
			for _, path := range append(convertedPages, "/account") {
				sep := "?"
				if strings.Contains(path, "?") {
					sep = "&"
				}
				client := app.Anonymous()
				if path == "/account" {
					client = coord
				}
				rec := client.Get(path + sep + "lang=" + l.Code)
				if rec.Code != http.StatusOK && !(path == "/no-such-page" && rec.Code == http.StatusNotFound) {
					t.Fatalf("%s in %s: %d", path, l.Code, rec.Code)
				}
				body := rec.Body.String()
				if strings.Contains(body, i18n.Missing) {
					t.Errorf("%s in %s: a message is missing: %s", path, l.Code, body[strings.Index(body, i18n.Missing):][:60])
				}
				m := htmlLang.FindStringSubmatch(body)
				if m == nil || m[1] != l.Code || m[2] != l.Dir {
					t.Errorf("%s in %s: <html> says %v, want lang=%s dir=%s", path, l.Code, m, l.Code, l.Dir)
				}
				if got := rec.Header().Get("Content-Language"); got != l.Code {
					t.Errorf("%s in %s: Content-Language %q", path, l.Code, got)
				}
				// Every page here is in the catalogues: none says its content is English.
				if english := strings.Contains(body, `<main id="main" tabindex="-1" lang="en" dir="ltr">`); english {
					t.Errorf("%s in %s: main marked English: %v", path, l.Code, english)
				}
				for _, en := range englishOnly {
					if has := strings.Contains(body, en); has != (l.Code == "en") && !(path == "/account" && en == ">Sign in<") {
						t.Errorf("%s in %s: %q present: %v", path, l.Code, en, has)
					}
				}
			}
		}
	})
}

// TestLanguageNegotiation: ?lang= of any string is English, never an
// error; Accept-Language is followed; the switcher's cookie holds the
// visitor's choice; the account's setting wins over all of them.
func TestLanguageNegotiation(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		lang := func(rec interface{ Header() http.Header }) string { return rec.Header().Get("Content-Language") }
		for _, q := range []string{"xx", "", "<script>alert(1)</script>", strings.Repeat("z", 300), "fr-", "%00", "en-US"} {
			rec := app.Get("/states?lang=" + url.QueryEscape(q))
			webtest.Expect(t, rec, http.StatusOK, `<html lang="en" dir="ltr">`)
			if lang(rec) != "en" {
				t.Errorf("?lang=%q: %s", q, lang(rec))
			}
		}
		webtest.Expect(t, app.Get("/states", "Accept-Language", "de-DE, ru;q=0.7, en;q=0.5"), http.StatusOK, `<html lang="ru" dir="ltr">`)
		webtest.Expect(t, app.Get("/", "Accept-Language", "ar-EG"), http.StatusOK, `<html lang="ar" dir="rtl">`)
		webtest.Expect(t, app.Get("/", "Accept-Language", "de-DE"), http.StatusOK, `<html lang="en" dir="ltr">`)

		// The switcher: a link sets the cookie; the cookie holds on the next page.
		rec := app.Get("/states?lang=es")
		var cookie *http.Cookie
		for _, c := range rec.Result().Cookies() {
			if c.Name == i18n.CookieName {
				cookie = c
			}
		}
		if cookie == nil || cookie.Value != "es" || !cookie.HttpOnly {
			t.Fatalf("?lang=es set %v", cookie)
		}
		webtest.Expect(t, app.Do(webtest.Request{Path: "/", Cookies: []*http.Cookie{cookie}}), http.StatusOK, `<html lang="es" dir="ltr">`)
		webtest.Expect(t, app.Do(webtest.Request{Path: "/", Cookies: []*http.Cookie{{Name: i18n.CookieName, Value: "klingon"}}}), http.StatusOK, `<html lang="en"`)
		// The switcher is on every page, and works without JavaScript: links for a visitor.
		webtest.Expect(t, app.Get("/states?q=mac"), http.StatusOK, `href="/states?q=mac&amp;lang=ar" hreflang="ar" lang="ar" dir="rtl"`)

		// The account's setting, from the page and from the API.
		coord := app.Account("HRV", model.RoleCoordinator)
		webtest.Expect(t, coord.Get("/account"), http.StatusOK, `<select id="language" name="language"`, `action="/account/language"`)
		bad := coord.Post("/account/language", url.Values{"language": {"xx"}, "next": {"/states"}})
		webtest.Expect(t, bad, http.StatusUnprocessableEntity, `href="#language"`)
		var me map[string]any
		if coord.JSON("GET", "/api/v1/me", nil, &me); me["language"] != "" {
			t.Fatalf("a refused language was stored: %v", me["language"])
		}
		ok := coord.Post("/account/language", url.Values{"language": {"ar"}, "next": {"/states?q=mac&lang=fr&done=x"}})
		if ok.Code != http.StatusSeeOther || ok.Header().Get("Location") != "/states?q=mac&done=language-saved" {
			t.Fatalf("switch: %d %q", ok.Code, ok.Header().Get("Location"))
		}
		page := coord.Do(webtest.Request{Path: "/states?lang=fr", Header: http.Header{"Accept-Language": {"es"}},
			Cookies: []*http.Cookie{{Name: "napx_session", Value: coord.Session()}, {Name: i18n.CookieName, Value: "ru"}}})
		webtest.Expect(t, page, http.StatusOK, `<html lang="ar" dir="rtl">`, `<button type="submit" name="language" value="fr" lang="fr" dir="ltr" class="link">Français</button>`)
		webtest.Expect(t, coord.Get("/account?done=language-saved"), http.StatusOK, `<div class="alert success" role="status">حُفظت لغتك.</div>`)
		// Every flash is in the catalogues now: the password's in Arabic too.
		webtest.Expect(t, coord.Get("/account?done=password"), http.StatusOK, `<div class="alert success" role="status">`, "!Your password was changed.")

		// API: the setting, 422 for a language outside the six, messages in the language.
		if code := coord.JSON("PUT", "/api/v1/me/language", map[string]string{"language": "tlh"}, nil); code != http.StatusUnprocessableEntity {
			t.Fatalf("tlh: %d", code)
		}
		if code := coord.JSON("PUT", "/api/v1/me/language", map[string]string{"language": "ru"}, &me); code != 200 || me["language"] != "ru" {
			t.Fatalf("ru: %d %v", code, me)
		}
		webtest.Expect(t, coord.Do(webtest.Request{Path: "/api/v1/states/XXX"}), http.StatusNotFound, `"error":"не найдено"`)
		if code := coord.JSON("PUT", "/api/v1/me/language", map[string]string{"language": ""}, &me); code != 200 || me["language"] != "" {
			t.Fatalf("back to the browser's: %d %v", code, me)
		}
		webtest.Expect(t, app.Get("/api/v1/states/XXX", "Accept-Language", "fr"), http.StatusNotFound, `"error":"introuvable"`)
		webtest.Expect(t, app.Get("/api/v1/states/XXX?lang=zz"), http.StatusNotFound, `"error":"not found"`)
	})
}

// TestStateNamesInSixLanguages: the API answers names in the six, with
// their sources; the directory shows the reader's; a search finds a State
// by its name in any of them.
func TestStateNamesInSixLanguages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		var s struct {
			Names, NameSources map[string]string
		}
		rec := app.Get("/api/v1/states/MKD")
		webtest.Expect(t, rec, http.StatusOK)
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		_ = json.Unmarshal(raw["names"], &s.Names)
		_ = json.Unmarshal(raw["name_sources"], &s.NameSources)
		want := map[string]string{"ar": "مقدونيا الشمالية", "zh": "北马其顿", "en": "North Macedonia", "fr": "Macédoine du Nord", "ru": "Северная Македония", "es": "Macedonia del Norte"}
		for l, n := range want {
			if s.Names[l] != n {
				t.Errorf("MKD in %s: %q, want %q", l, s.Names[l], n)
			}
		}
		if s.NameSources["en"] != "un" || s.NameSources["fr"] != "general-knowledge" {
			t.Errorf("sources: %v", s.NameSources)
		}
		rec = app.Get("/api/v1/states/FRA")
		webtest.Expect(t, rec, http.StatusOK, `"ru":"Франция"`, `"zh":"法国"`, `"ar":"فرنسا"`, `"fr":"cldr"`)

		for _, q := range []string{"Франция", "法国", "فرنسا", "Francia"} {
			webtest.Expect(t, app.Get("/states?q="+url.QueryEscape(q)), http.StatusOK, `href="/states/FRA"`)
		}
		webtest.Expect(t, app.Get("/states?q="+url.QueryEscape("Франция")), http.StatusOK, "matched: “Франция”")
		// Control: a name of no State finds none.
		if strings.Contains(app.Get("/states?q="+url.QueryEscape("Атлантида")).Body.String(), `href="/states/`) {
			t.Error("a name of no State found one")
		}
		// The directory in the reader's language, codes kept left to right.
		webtest.Expect(t, app.Get("/states?q=FRA&lang=ru"), http.StatusOK, `<a href="/states/FRA">Франция</a>`, `<bdi dir="ltr">FRA</bdi>`, `<td lang="en" dir="ltr">the French Republic</td>`)
		webtest.Expect(t, app.Get("/states?q=FRA&lang=ar"), http.StatusOK, `<a href="/states/FRA">فرنسا</a>`, `<html lang="ar" dir="rtl">`)
		webtest.Expect(t, app.Get("/states?q=FRA"), http.StatusOK, `<a href="/states/FRA">France</a>`)
	})
}

// BenchmarkPageLanguage: the home and States pages in Arabic against
// English in one run: each iteration renders the page in both, alternately
// (so the machine's load falls on both alike), and the benchmark reports
// each language's mean and the ratio ar/en. A signed-in viewer asks (an
// anonymous page would come from the public cache).
func BenchmarkPageLanguage(b *testing.B) {
	db := storetest.Open(b, storetest.SQLite)
	app := webtest.New(b, db)
	viewer := app.Account("HRV", model.RoleViewer)
	for _, page := range []string{"/", "/states", "/states/HRV", "/naps/key-elements"} {
		b.Run("page="+page, func(b *testing.B) {
			var spent [2]time.Duration
			langs := [2]string{"en", "ar"}
			b.ReportAllocs()
			for b.Loop() {
				for i, l := range langs {
					start := time.Now()
					rec := viewer.Get(page + "?lang=" + l)
					spent[i] += time.Since(start)
					if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `<html lang="`+l+`"`) {
						b.Fatalf("%s in %s: %d", page, l, rec.Code)
					}
				}
			}
			b.ReportMetric(float64(spent[0].Nanoseconds())/float64(b.N), "en-ns/page")
			b.ReportMetric(float64(spent[1].Nanoseconds())/float64(b.N), "ar-ns/page")
			b.ReportMetric(float64(spent[1])/float64(spent[0]), "ar/en")
		})
	}
}

// physicalCSS finds left/right properties the stylesheet must not use: in
// Arabic the page runs right to left, so sides are logical (issue 17).
var physicalCSS = regexp.MustCompile(`(?m)(^|[\s;{])((margin|padding|border)-(left|right)|left|right|float)\s*:|text-align:\s*(left|right)|float:\s*(left|right)`)

func TestStylesheetIsLogical(t *testing.T) {
	// Control: the pattern finds what it must.
	for _, bad := range []string{".a { margin-left: 1rem; }", ".b {padding-right:0}", ".c { left: 0; }", "th { text-align: right; }", ".d { border-left: 1px solid; }"} {
		if !physicalCSS.MatchString(bad) {
			t.Fatalf("control: %q not found", bad)
		}
	}
	for _, ok := range []string{".a { margin-inline-start: 1rem; }", "button:hover { filter: brightness(1.1); }", ".c { inset-inline-start: 0; }"} {
		if physicalCSS.MatchString(ok) {
			t.Fatalf("control: %q found", ok)
		}
	}
	app := webtest.New(t, storetest.Open(t, storetest.SQLite))
	rec := app.Get("/static/app.css")
	webtest.Expect(t, rec, http.StatusOK)
	for i, line := range strings.Split(rec.Body.String(), "\n") {
		if physicalCSS.MatchString(line) {
			t.Errorf("app.css:%d: a physical side, use a logical property: %s", i+1, line)
		}
	}
}
