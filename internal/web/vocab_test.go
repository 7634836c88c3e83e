package web_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// isolate is how a flash writes a name it takes from a record (U+2068 …
// U+2069, so that no title reorders the sentence).
func isolate(s string) string { return "\u2068" + html.EscapeString(s) + "\u2069" }

// TestOneVocabulary (issue 18, item 6), on the demo, both engines:
//
//   - a plan's status has one wording — the same on the list, the State's
//     page, the state of play and the plan's own page, and the English of
//     service.PlanStatus; plans of another status read otherwise (control);
//   - an audience is said in the third person: no page that shows a record
//     to someone else says "my organisation" (control: the owner's own
//     event form still does, so the check can see it);
//   - a confirmation names the record and the person: a nomination, a new
//     account, a plan; and names nothing it cannot vouch for (controls: a
//     delegate or an account the reader's page does not list, a page that
//     does not know the person).
func TestOneVocabulary(t *testing.T) {
	eachDemo(t, "2017-09-01T10:00:00Z", func(t *testing.T, app *webtest.App, workshop int64) {
		ctx := context.Background()
		cat := app.Services.Directory.Catalog()
		coord := app.Account("HRV", model.RoleCoordinator)
		expert := app.Account("UNSC1540", model.RoleEditor)

		t.Run("plan status", func(t *testing.T) {
			plans, err := app.Services.NAPs.List(ctx, coord.Viewer, model.NAPFilter{States: []string{"HRV"}})
			if err != nil {
				t.Fatal(err)
			}
			wording := map[model.NAPStatus]string{}
			for _, n := range plans {
				wording[n.Status] = html.EscapeString(service.PlanStatus(cat, n.NAP))
			}
			if len(wording) < 2 {
				t.Fatalf("the demo's Croatia has plans of %d statuses; the control needs two", len(wording))
			}
			list, state, play := coord.Get("/naps?state=HRV"), coord.Get("/states/HRV"), coord.Get("/state-of-play")
			for _, n := range plans {
				want := wording[n.Status]
				for st, other := range wording {
					if st != n.Status && other == want {
						t.Errorf("%s and %s read the same: %q", st, n.Status, want)
					}
				}
				var others []string
				for st, other := range wording {
					if st != n.Status {
						others = append(others, "!"+other)
					}
				}
				webtest.Expect(t, coord.Get(fmt.Sprintf("/naps/%d", n.ID)), 200, append([]string{want}, others...)...)
				webtest.Expect(t, list, 200, want)
				webtest.Expect(t, state, 200, want)
				if n.Status != model.NAPDraft { // the state of play shows the plan in force; the draft apart
					webtest.Expect(t, play, 200, want)
				}
				if n.Status == model.NAPSubmitted && !n.SubmittedOn.IsZero() {
					// In French, the State's French name and the step's day.
					webtest.Expect(t, coord.Get(fmt.Sprintf("/naps/%d?lang=fr", n.ID)), 200, "Présenté par Croatie au Comité 1540 le ")
				}
			}
		})

		t.Run("audiences", func(t *testing.T) {
			shown := 0
			for _, c := range []*webtest.Client{expert, coord} {
				for _, path := range []string{"/naps", "/naps/1", fmt.Sprintf("/events/%d", workshop), "/practices/1", "/reports/1",
					"/assistance/requests/1", "/states/HRV/reports/new", "/states/HRV/contacts/new"} {
					rec := c.Get(path)
					if rec.Code != 200 {
						continue
					}
					shown++
					if body := strings.ToLower(rec.Body.String()); strings.Contains(body, "my organisation") {
						t.Errorf("%s as %s says “my organisation”", path, c.Name())
					}
				}
			}
			if shown < 8 {
				t.Fatalf("only %d pages answered: the walk is broken", shown)
			}
			webtest.Expect(t, expert.Get("/naps?state=HRV"), 200, "Croatia, the 1540 Committee and UNODA")
			webtest.Expect(t, expert.Get("/states/HRV/reports/new"), 200, ">Croatia only</option>", ">Croatia, the 1540 Committee and UNODA</option>")
			// Control: the organiser's own form speaks of its own organisation.
			webtest.Expect(t, app.Account("RACVIAC", model.RoleCoordinator).Get("/events/new"), 200, "my organisation")
		})

		t.Run("flash names the record and the person", func(t *testing.T) {
			page := fmt.Sprintf("/events/%d/participants", workshop)
			rec := coord.Post(page, url.Values{"name": {"Ana Horvat"}, "function": {"Ministry of Foreign and European Affairs"}})
			loc, _, _ := strings.Cut(rec.Header().Get("Location"), "#") // a browser keeps the fragment to itself
			if rec.Code != 303 || !strings.Contains(loc, "&p=") {
				t.Fatalf("nominate: %d %q", rec.Code, loc)
			}
			named := isolate("Ana Horvat") + " was nominated to “" + isolate(demo.SeedWorkshopTitle) + "”."
			webtest.Expect(t, coord.Get(loc), 200, named)
			webtest.Expect(t, coord.Get(loc+"&lang=ar"), 200, "رُشّح "+isolate("Ana Horvat")+" للمشاركة في «")
			// Controls: a delegate this page does not list is not named; without
			// one, the plain confirmation.
			webtest.Expect(t, coord.Get(page+"?done=nominated&p=999999"), 200, "The delegate was nominated.", "!"+named)
			webtest.Expect(t, coord.Get(page+"?done=nominated"), 200, "The delegate was nominated.")

			rec = coord.Post("/accounts", url.Values{"email": {"new.viewer@hrv.example.org"}, "name": {"New Viewer"}, "role": {"viewer"}, "password": {webtest.Password}})
			if loc = rec.Header().Get("Location"); rec.Code != 303 || !strings.Contains(loc, "who=") {
				t.Fatalf("create account: %d %q %.300s", rec.Code, loc, rec.Body.String())
			}
			webtest.Expect(t, coord.Get(loc), 200, "The account "+isolate("new.viewer@hrv.example.org")+" was created.")
			// Control: an address the reader's list does not hold is not echoed.
			webtest.Expect(t, coord.Get("/accounts?done=account-created&who=someone%40elsewhere.example.org"), 200,
				"The account was created.", "!someone@elsewhere")

			// A plan's page names the plan and its State.
			n, err := app.Services.NAPs.Get(ctx, coord.Viewer, 1)
			if err != nil {
				t.Fatal(err)
			}
			webtest.Expect(t, coord.Get("/naps/1?done=nap-submitted"), 200,
				"The plan “"+isolate(n.Title)+"” of "+isolate("Croatia")+" was submitted to the 1540 Committee")
		})
	})
}
