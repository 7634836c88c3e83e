package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// TestTitlePickers (issue 18, item 3), on the demo and both engines: the
// title search finds an action the reader may read and never a hidden one
// (control: its owner finds it), in the service and the API; the practice
// form's "Find" lists the actions and practices by title, saves nothing,
// and keeps the ones ticked; a save keeps what was ticked; a hidden action
// forged as a checkbox is refused like a number that never existed.
func TestTitlePickers(t *testing.T) {
	webtest.EachDemo(t, time.Now(), func(t *testing.T, app *webtest.App) {
		ctx, sys := context.Background(), model.SystemViewer("test")
		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("pickers2@hrv.example.org"))
		srb := app.Account("SRB", model.RoleCoordinator, webtest.Email("pickers2@srb.example.org"))
		mine, err := app.Services.NAPs.CreateAction(ctx, sys, demoPlan(t, app, "HRV").ID,
			service.Given(model.NAPActionInput{Title: model.Ptr("Zephyrine Croatian export licensing"), Due: model.Ptr("2028-06-30")}))
		if err != nil {
			t.Fatal(err)
		}
		srbPlan, err := app.Services.NAPs.Create(ctx, sys, "SRB", model.NAPInput{Title: model.Ptr("Pickers2 Serbian plan"), PeriodStart: model.Ptr("2026"), PeriodEnd: model.Ptr("2029")})
		if err != nil {
			t.Fatal(err)
		}
		hidden, err := app.Services.NAPs.CreateAction(ctx, sys, srbPlan.ID,
			service.Given(model.NAPActionInput{Title: model.Ptr("Zephyrine Serbian draft action"), Due: model.Ptr("2027-06-30")}))
		if err != nil {
			t.Fatal(err)
		}

		t.Run("search", func(t *testing.T) {
			ids := func(c *webtest.Client) []int64 {
				hits, err := app.Services.Search.Titles(ctx, c.Viewer, model.SearchAction, "zephyrine")
				if err != nil {
					t.Fatal(err)
				}
				var out []int64
				for _, h := range hits {
					out = append(out, h.ID)
				}
				return out
			}
			if got := ids(hrv); len(got) != 1 || got[0] != mine.ID {
				t.Errorf("Croatia finds %v, want only its action %d", got, mine.ID)
			}
			if got := ids(srb); !slices.Contains(got, hidden.ID) { // control: the owner finds it
				t.Errorf("Serbia finds %v, want its own draft action %d", got, hidden.ID)
			}
			// A word of the text only is no title match.
			if hits, err := app.Services.Search.Titles(ctx, hrv.Viewer, model.SearchAction, "licensing zephyrine"); err != nil || len(hits) != 1 {
				t.Errorf("two words of the title: %v %v", hits, err)
			}
			var res struct {
				Items []struct {
					ID    string `json:"id"`
					Title string `json:"title"`
				} `json:"items"`
			}
			if code := hrv.JSON("GET", "/api/v1/search?kind=action&q=zephyrine", nil, &res); code != 200 || len(res.Items) != 1 || res.Items[0].ID != strconv.FormatInt(mine.ID, 10) {
				t.Errorf("API, Croatia: %d %+v", code, res.Items)
			}
			if code := srb.JSON("GET", "/api/v1/search?kind=action&q=zephyrine", nil, &res); code != 200 || len(res.Items) == 0 {
				t.Errorf("API, Serbia (control): %d %+v", code, res.Items)
			}
		})

		t.Run("practice form", func(t *testing.T) {
			ps, err := app.Services.Practices.List(ctx, hrv.Viewer, model.PracticeFilter{})
			if err != nil || len(ps) == 0 {
				t.Fatalf("no practice Croatia may read in the demo: %v", err)
			}
			other := ps[0]
			form := url.Values{"title": {"Pickers2 practice"}, "kind": {"practice"}, "body": {"How we link."}, "submitter": {"Croatia (HRV)"},
				"audience": {"public"}, "action_q": {"Zephyrine"}, "find_actions": {"1"}}
			webtest.Expect(t, hrv.Get("/practices/new"), 200, `name="action_q"`, `name="find_actions"`, `name="related_q"`) // signed in first: that is audited
			before := auditHead(t, app)
			mineBox := fmt.Sprintf(`name="nap_action" value="%d"`, mine.ID)
			hiddenBox := fmt.Sprintf(`name="nap_action" value="%d"`, hidden.ID)
			webtest.Expect(t, hrv.Post("/practices", form), 200, mineBox+">", "Zephyrine Croatian export licensing", `value="Pickers2 practice"`,
				"!"+hiddenBox, "!Zephyrine Serbian")
			// Ticked, then a search for practices: the action stays ticked.
			form.Del("find_actions")
			form.Set("nap_action", strconv.FormatInt(mine.ID, 10))
			form.Set("related_q", other.Title)
			form.Set("find_related", "1")
			webtest.Expect(t, hrv.Post("/practices", form), 200, mineBox+" checked", fmt.Sprintf(`name="related_practice" value="%d">`, other.ID))
			// Words the search refuses (over its 200 characters): a problem of the box, nothing saved.
			long := url.Values{"title": {"Pickers2 practice"}, "action_q": {strings.Repeat("z", 201)}, "find_actions": {"1"}}
			webtest.Expect(t, hrv.Post("/practices", long), 422, `href="#action_q"`)
			if after := auditHead(t, app); after != before {
				t.Errorf("finding wrote %d audit entries", after-before)
			}
			// The hidden action forged as a checkbox: refused as a number that never was.
			form.Del("find_related")
			form.Del("related_q")
			form.Del("action_q")
			form["nap_action"] = []string{strconv.FormatInt(mine.ID, 10), strconv.FormatInt(hidden.ID, 10)}
			forged := hrv.Post("/practices", form)
			webtest.Expect(t, forged, 422, `href="#nap_actions"`, "!Zephyrine Serbian")
			form["nap_action"] = []string{strconv.FormatInt(mine.ID, 10), "99999999"}
			never := hrv.Post("/practices", form)
			webtest.Expect(t, never, 422, `href="#nap_actions"`)
			if a, b := problemOf(forged.Body.String(), hidden.ID), problemOf(never.Body.String(), 99999999); a == "" || a != b {
				t.Errorf("a hidden action is refused as %q, one that never was as %q", a, b)
			}
			// Control: the readable action and the practice ticked are saved.
			form["nap_action"] = []string{strconv.FormatInt(mine.ID, 10)}
			form.Set("related_practice", strconv.FormatInt(other.ID, 10))
			rec := hrv.Post("/practices", form)
			if rec.Code != 303 {
				t.Fatalf("save: %d %.800s", rec.Code, rec.Body.String())
			}
			loc, _, _ := strings.Cut(rec.Header().Get("Location"), "?")
			// Another State's "Find" on this practice's form: as for a practice that never was.
			webtest.Expect(t, srb.Post(loc, url.Values{"action_q": {"Zephyrine"}, "find_actions": {"1"}}), 404, "!Zephyrine Croatian")
			webtest.Expect(t, hrv.Post(loc, url.Values{"action_q": {"Zephyrine"}, "find_actions": {"1"}}), 200, "Zephyrine Croatian") // control
			webtest.Expect(t, hrv.Get(loc+"/edit"), 200, mineBox+" checked", fmt.Sprintf(`name="related_practice" value="%d" checked`, other.ID),
				`id="nap_actions" name="nap_actions" value=""`)
		})

		t.Run("follow-up on the event page", func(t *testing.T) {
			own, err := app.Services.Events.Create(ctx, hrv.Viewer, model.EventInput{Kind: "meeting", Title: "Pickers2 meeting", Start: "2030-05-01", End: "2030-05-01", Visibility: "private"})
			if err != nil {
				t.Fatal(err)
			}
			one := 1
			if _, err := app.Services.Events.SetQuotas(ctx, hrv.Viewer, own.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &one}, {Org: "SRB", Seats: &one}})); err != nil {
				t.Fatal(err)
			}
			fu, err := app.Services.Events.AddFollowUp(ctx, hrv.Viewer, own.ID, service.Given(model.FollowUpInput{Title: "Pickers2 follow-up", Owner: "HRV", Status: "open"}))
			if err != nil {
				t.Fatal(err)
			}
			page := fmt.Sprintf("/events/%d", own.ID)
			rec := hrv.Get(page)
			webtest.Expect(t, rec, 200, `list="fu-action-choices"`, `name="nap_action_id"`, "!Zephyrine Serbian")
			body := rec.Body.String()
			m := regexp.MustCompile(`<option value="(Zephyrine Croatian export licensing — [^"]+)">`).FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("the picker does not offer Croatia's action")
			}
			label := html.UnescapeString(m[1])
			post := func(text string) *httptest.ResponseRecorder {
				return hrv.Post(fmt.Sprintf("%s/followups/%d", page, fu.ID), url.Values{"status": {"open"}, "note": {""}, "version": {strconv.FormatInt(fu.Version, 10)},
					"nap_action": {text}, "nap_action_id": {""}})
			}
			// An action the reader may not read, typed as the list would write it: refused, nothing changed.
			webtest.Expect(t, post("Zephyrine Serbian draft action — Serbia: Pickers2 Serbian plan"), 422, fmt.Sprintf(`href="#f%d"`, fu.ID), "!Zephyrine Serbian draft")
			// Control: Croatia's action by its title is linked, and shown again as the picker writes it.
			if rec := post(label); rec.Code != 303 {
				t.Fatalf("link by title: %d %.600s", rec.Code, rec.Body.String())
			}
			webtest.Expect(t, hrv.Get(page), 200, fmt.Sprintf(`/actions/%d"`, mine.ID), `name="nap_action" value="`+m[1]+`"`)
		})
	})
}

// problemOf is the summary's message about the action n, the number
// written as X, so two refusals of different numbers compare.
func problemOf(body string, n int64) string {
	i := strings.Index(body, `href="#nap_actions"`)
	if i < 0 {
		return ""
	}
	s := body[i:]
	if j := strings.Index(s, "</a>"); j > 0 {
		s = s[:j]
	}
	return strings.ReplaceAll(s, strconv.FormatInt(n, 10), "X")
}
