package web_test

import (
	"regexp"
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestOnThisPage: every long page's "on this page" list links to headings
// the page has, for each kind of reader; the control is a page whose list
// names an anchor it lacks, which the same check finds.
func TestOnThisPage(t *testing.T) {
	contents := regexp.MustCompile(`(?s)<nav class="contents[^"]*"[^>]*>.*?</nav>`)
	href := regexp.MustCompile(`href="#([^"]+)"`)
	missing := func(body string) (links int, lacking []string) {
		nav := contents.FindString(body)
		for _, m := range href.FindAllStringSubmatch(nav, -1) {
			links++
			if !regexp.MustCompile(`id="` + regexp.QuoteMeta(m[1]) + `"`).MatchString(body) {
				lacking = append(lacking, m[1])
			}
		}
		return links, lacking
	}
	if _, lacking := missing(`<nav class="contents"><a href="#here">x</a><a href="#gone">y</a></nav><h2 id="here">`); len(lacking) != 1 || lacking[0] != "gone" {
		t.Fatalf("the control: a missing anchor is not found (%v)", lacking)
	}
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		seedReview(t, app, "x")
		for _, c := range []*webtest.Client{app.Anonymous(), app.Account("HRV", model.RoleCoordinator), app.Account("UNSC1540", model.RoleEditor)} {
			for _, p := range []string{"/states/HRV/matrix"} {
				rec := c.Get(p)
				if rec.Code != 200 {
					t.Fatalf("%s %s: %d", c.Name(), p, rec.Code)
				}
				links, lacking := missing(rec.Body.String())
				if links < 3 || len(lacking) > 0 {
					t.Errorf("%s %s: %d links, lacking %v", c.Name(), p, links, lacking)
				}
			}
		}
	}, webtest.Demo())
}
