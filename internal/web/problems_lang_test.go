package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestProblemsInTheReadersLanguage: a form refused with 422 names the
// problem in the reader's language, on a page and through the API
// (Accept-Language), and nothing was created; the control: the same
// request in English reads the service's English sentence.
func TestProblemsInTheReadersLanguage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		coord := app.Account("HRV", model.RoleCoordinator)
		form := func() url.Values { return url.Values{"title": {""}, "period_start": {"2026"}, "period_end": {"2030"}} }
		for _, c := range []struct{ lang, want, not string }{
			{"fr", "saisissez le titre du plan", "enter the plan's title"},
			{"ar", "أدخل عنوان الخطة", "enter the plan's title"},
			{"en", "enter the plan&#39;s title", "saisissez"},
		} {
			rec := coord.Post("/naps?lang="+c.lang, form())
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("page in %s: %d", c.lang, rec.Code)
			}
			body := rec.Body.String()
			if !strings.Contains(body, c.want) || strings.Contains(body, c.not) {
				t.Errorf("page in %s: want %q and not %q in the answer", c.lang, c.want, c.not)
			}
			api := coord.Do(webtest.Request{Method: http.MethodPost, Path: "/api/v1/naps", Body: strings.NewReader(`{"title":"","period_start":2026,"period_end":2030}`),
				Header: http.Header{"Content-Type": {"application/json"}, "Accept-Language": {c.lang}}})
			want := strings.ReplaceAll(c.want, "&#39;", "'")
			if api.Code != http.StatusUnprocessableEntity || !strings.Contains(api.Body.String(), want) {
				t.Errorf("API in %s: %d %s, want %q", c.lang, api.Code, api.Body.String(), want)
			}
		}
		var list struct{ Items []any }
		if coord.JSON(http.MethodGet, "/api/v1/naps?state=HRV", nil, &list); len(list.Items) != 0 {
			t.Errorf("a refused plan was created: %v", list.Items)
		}
	})
}
