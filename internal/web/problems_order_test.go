package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

var summaryLink = regexp.MustCompile(`<li><a href="#([^"]+)">`)

// TestErrorSummaryInFormOrder: an empty plan form answers 422 with an
// error summary whose links come in the order of their fields in the form
// (each field found after the summary).
func TestErrorSummaryInFormOrder(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		coord := app.Account("HRV", model.RoleCoordinator)
		rec := coord.Post("/naps", url.Values{"state": {"HRV"}, "title": {""}, "type": {"nonsense"}, "period_start": {"not a date"}, "period_end": {"nor this"}})
		webtest.Expect(t, rec, http.StatusUnprocessableEntity, `id="problems"`)
		body := rec.Body.String()
		sum := body[strings.Index(body, `id="problems"`):]
		sum = sum[:strings.Index(sum, "</ul>")]
		links := summaryLink.FindAllStringSubmatch(sum, -1)
		if len(links) < 2 {
			t.Fatalf("the form needs two problems for the proof, got %d: %s", len(links), sum)
		}
		after := body[strings.Index(body, `id="problems"`)+len(sum):]
		last := -1
		for _, l := range links {
			p := strings.Index(after, `id="`+l[1]+`"`)
			if p < 0 {
				t.Fatalf("field %q of the summary is not in the form", l[1])
			}
			if p < last {
				t.Errorf("the summary is not in form order: %v", links)
			}
			last = p
		}
	})
}
