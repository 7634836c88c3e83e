package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/webtest"
)

// panelOff reports whether the page's panel of tab is hidden on screens.
func panelOff(body, tab string) (found, off bool) {
	m := regexp.MustCompile(`<div class="tabpanel( tab-off)?" id="tab-` + regexp.QuoteMeta(tab) + `">`).FindStringSubmatch(body)
	if m == nil {
		return false, false
	}
	return true, m[1] != ""
}

// TestSubTabs (issue 18, item 4), on the demo and both engines: the long
// pages have sub-tabs that are links; the current one is marked, its panel
// shown and every other panel still written (hidden on screens only, so the
// print view is whole); each tab's content is reached by its link without
// JavaScript. A form's problems and a finished action open their tab. The
// control: an unknown ?tab= shows the first tab.
func TestSubTabs(t *testing.T) {
	webtest.EachDemo(t, time.Now(), func(t *testing.T, app *webtest.App) {
		ctx, sys := context.Background(), model.SystemViewer("test")
		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("tabs@hrv.example.org"))
		org := app.Account("RACVIAC", model.RoleCoordinator, webtest.Email("tabs@racviac.example.org"))
		ev, err := app.Services.Events.Create(ctx, org.Viewer, model.EventInput{Kind: "workshop", Title: "Tabs workshop", Start: "2031-05-06", End: "2031-05-08",
			Visibility: "public", TimeZone: "Europe/Zagreb"})
		if err != nil {
			t.Fatal(err)
		}
		plan := demoPlan(t, app, "HRV")
		acts, err := app.Services.NAPs.Actions(ctx, sys, plan.ID)
		if err != nil || len(acts) == 0 {
			t.Fatalf("the plan's actions: %v", err)
		}
		pages := []struct {
			c       *webtest.Client
			path    string
			tabs    []string
			content map[string]string // a tab → what only its panel holds
		}{
			{org, fmt.Sprintf("/events/%d/manage", ev.ID), []string{"programme", "participants", "materials", "followup"},
				map[string]string{"programme": `id="session-day"`, "participants": `id="quota-org-0"`, "materials": `id="material-file"`, "followup": `id="followup-title"`}},
			{app.Anonymous(), fmt.Sprintf("/events/%d", ev.ID), []string{"about", "programme", "materials", "followup"},
				map[string]string{"about": `id="delegations"`, "programme": `id="agenda"`, "materials": `id="materials"`, "followup": `id="followups"`}},
			{app.Anonymous(), "/states/HRV/matrix", []string{"coverage", "fields", "editions"},
				map[string]string{"coverage": `<table class="coverage">`, "fields": `href="/states/HRV/matrix/cells/OP1-01`, "editions": `id="edition"`}},
			{hrv, fmt.Sprintf("/naps/%d", plan.ID), []string{"overview", "sections", "actions", "submissions"},
				map[string]string{"overview": `id="completeness"`, "sections": `id="sections"`, "actions": fmt.Sprintf(`href="/naps/%d/actions/%d"`, plan.ID, acts[0].ID), "submissions": `id="submissions"`}},
		}
		for _, pg := range pages {
			for i, tab := range append([]string{""}, pg.tabs...) {
				path := pg.path
				if tab != "" {
					path += "?tab=" + tab
				}
				current := tab
				if i == 0 {
					current = pg.tabs[0]
				}
				rec := pg.c.Get(path)
				body := rec.Body.String()
				webtest.Expect(t, rec, 200, `<nav class="tabs subtabs no-print"`, fmt.Sprintf(`href="%s?tab=%s" aria-current="true"`, pg.path, current))
				nav := regexp.MustCompile(`(?s)<nav class="tabs subtabs.*?</nav>`).FindString(body)
				if n := strings.Count(nav, `aria-current="true"`); n != 1 {
					t.Errorf("%s: %d tabs marked current", path, n)
				}
				for _, other := range pg.tabs {
					found, off := panelOff(body, other)
					if !found || off != (other != current) {
						t.Errorf("%s: panel %s found %v, hidden %v (current %s)", path, other, found, off, current)
					}
					// Each panel holds its content, whichever tab is current.
					if panel := body[strings.Index(body, `id="tab-`+other+`"`):]; !strings.Contains(panel, pg.content[other]) {
						t.Errorf("%s: the %s panel lacks %s", path, other, pg.content[other])
					}
				}
			}
			// The control: an unknown tab is the first.
			webtest.Expect(t, pg.c.Get(pg.path+"?tab=nope"), 200, fmt.Sprintf(`href="%s?tab=%s" aria-current="true"`, pg.path, pg.tabs[0]))
		}
		// A refused form opens its tab; so does what was just done.
		page := fmt.Sprintf("/events/%d", ev.ID)
		rec := org.Post(page+"/lessons", nil)
		webtest.Expect(t, rec, 422, `href="`+page+`/manage?tab=followup" aria-current="true"`, `href="#lesson-title"`)
		webtest.Expect(t, org.Get(page+"/manage?done=quotas-saved"), 200, `href="`+page+`/manage?tab=participants" aria-current="true"`)
		// A filtered matrix is the fields' tab.
		webtest.Expect(t, app.Anonymous().Get("/states/HRV/matrix?section=OP1"), 200, `href="/states/HRV/matrix?section=OP1&amp;tab=fields" aria-current="true"`)
	})
}
