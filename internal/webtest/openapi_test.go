package webtest_test

import (
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"napx/internal/storetest"
	"napx/internal/webtest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// TestOpenAPICheckFails is the control of the check every API answer in
// the tests passes: a body changed against the document, an undocumented
// status and a wrong media type are each refused; the true answer passes.
func TestOpenAPICheckFails(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		req := httptest.NewRequest("GET", "/api/v1/states/HRV", nil)
		good := app.Get("/api/v1/states/HRV")
		if err := app.CheckAPIAnswer(req, good); err != nil {
			t.Fatalf("the true answer: %v", err)
		}
		tamper := func(status int, body, contentType string) *httptest.ResponseRecorder {
			rec := httptest.NewRecorder()
			rec.Header().Set("Content-Type", contentType)
			rec.WriteHeader(status)
			_, _ = rec.WriteString(body)
			return rec
		}
		for name, rec := range map[string]*httptest.ResponseRecorder{
			"a number for a string":  tamper(200, strings.Replace(good.Body.String(), `"code":"HRV"`, `"code":7`, 1), "application/json"),
			"a required field gone":  tamper(200, strings.Replace(good.Body.String(), `"code":"HRV",`, ``, 1), "application/json"),
			"a field not documented": tamper(200, strings.Replace(good.Body.String(), `{`, `{"leak":"x",`, 1), "application/json"),
			"an undocumented status": tamper(418, `{"error":"teapot"}`, "application/json"),
			"not JSON":               tamper(200, good.Body.String(), "text/html"),
			"an error without error": tamper(404, `{"message":"not found"}`, "application/json"),
		} {
			if err := app.CheckAPIAnswer(req, rec); err == nil {
				t.Errorf("%s: the check passed a wrong answer", name)
			}
		}
	})
}
