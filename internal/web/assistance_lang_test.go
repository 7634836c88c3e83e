package web_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/webtest"
)

// englishReasons are the words of the match reasons, the consent window's
// sentence and the history's steps as the service wrote them in English.
var englishReasons = []string{"same area", "modalities asked for", "serves the requester", "serves every State", "the request&#39;s language",
	"open offer", "open until the end of", "closed at the end of", `<ul lang="en">`, `<td lang="en">`}

var requestLink = regexp.MustCompile(`href="(/assistance/requests/\d+)#need-\d+"`)

// TestAssistanceReasonsInTheReadersLanguage (issue 17): the fits page and a
// fitting request's page in Arabic carry no English reason, window sentence
// or step, and no lang="en" on them; the control is the same provider's
// English page, which has the English reasons.
func TestAssistanceReasonsInTheReadersLanguage(t *testing.T) {
	webtest.EachDemo(t, time.Now(), func(t *testing.T, app *webtest.App) {
		var provider *webtest.Client
		for _, org := range []string{"WCO", "EU", "UNODC", "IAEA", "OSCE", "OPCW"} {
			c := app.Account(org, model.RoleEditor)
			if rec := c.Get("/assistance/fits"); rec.Code == 200 && strings.Contains(rec.Body.String(), "same area") {
				provider = c
				break
			}
		}
		if provider == nil {
			t.Fatal("no demo provider has a fitting need (the English control found no reason)")
		}
		rec := provider.Get("/assistance/fits?lang=ar")
		webtest.Expect(t, rec, 200, `dir="rtl"`, "المجال نفسه")
		body := rec.Body.String()
		for _, en := range englishReasons {
			if strings.Contains(body, en) {
				t.Errorf("the fits page in Arabic has %q", en)
			}
		}
		m := requestLink.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("the fits page links no request")
		}
		webtest.Expect(t, provider.Get(m[1]+"?lang=en"), 200, "same area")
		rec = provider.Get(m[1] + "?lang=ar")
		webtest.Expect(t, rec, 200, "المجال نفسه")
		for _, en := range englishReasons {
			if strings.Contains(rec.Body.String(), en) {
				t.Errorf("%s in Arabic has %q", m[1], en)
			}
		}
	})
}
