package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// The sentences the services say on a page (issue 17, item 1): a task's
// title, and a confirmation's heading, what happens, who is affected,
// whether it can be undone and its button.
var (
	taskTitleRE = regexp.MustCompile(`<th scope="row"><a href="[^"]*">(.*?)</a></th>`)
	saidRE      = regexp.MustCompile(`(?s)<h1>(.*?)</h1>|<ul class="happens">(.*?)</ul>|<dd>(.*?)</dd>|<button type="submit" id="confirm"[^>]*>(.*?)</button>`)
	mainRE      = regexp.MustCompile(`(?s)<main.*</main>`)
)

// sentences are the service's sentences of an English page (of at least
// three words: a count alone reads the same in every language).
func sentences(body string, re *regexp.Regexp) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(mainRE.FindString(body), -1) {
		for _, group := range m[1:] {
			for _, s := range strings.Split(strings.ReplaceAll(group, "</li>", ""), "<li>") {
				if strings.Count(s, " ") >= 2 {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// TestTasksAndConfirmationsInSixLanguages: Croatia's tasks page and four
// confirmation pages (submitting a plan, agreeing to a matrix edition,
// withdrawing a delegate, circulating a withheld request) in French and
// Arabic carry none of the English sentences the services say — the
// control: the same page in English carries each of them — and a sentence
// of their own language; no English mark is left on the tasks; the API's
// title follows ?lang= and carries the key and arguments.
func TestTasksAndConfirmationsInSixLanguages(t *testing.T) {
	eachAssistance(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		hrv := app.Account("HRV", model.RoleCoordinator)
		racviac := app.Account("RACVIAC", model.RoleCoordinator)
		n, _ := hiddenPlan(t, app, "HRV", "LANG-7f", model.NAPAdopted)
		if err := app.Services.Demo.MatrixEditions(ctx, sys, "HRV", []service.IllustrativeEdition{{Status: model.EditionWithState,
			Sent: time.Now().Add(-100 * 24 * time.Hour), Cells: []model.MatrixCell{{FieldID: "OP1-01", Status: model.CellX}}}}); err != nil {
			t.Fatal(err)
		}
		start := model.DateOf(time.Now().UTC()).AddDays(40)
		ev, err := app.Services.Events.Create(ctx, racviac.Viewer, model.EventInput{Kind: "workshop", Title: "LANG-EVENT-7f", Start: start.String(), End: start.AddDays(1).String(),
			TimeZone: "Europe/Zagreb", Visibility: "participants"})
		if err != nil {
			t.Fatal(err)
		}
		seats := 2
		if _, err := app.Services.Events.SetQuotas(ctx, racviac.Viewer, ev.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &seats}})); err != nil {
			t.Fatal(err)
		}
		if rec := hrv.Post(fmt.Sprintf("/events/%d/participants", ev.ID), url.Values{"name": {"Ana Delegate"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("nominate: %d", rec.Code)
		}
		ps, err := app.Services.Events.Participants(ctx, hrv.Viewer, ev.ID)
		if err != nil || len(ps) != 1 {
			t.Fatalf("participants: %v %d", err, len(ps))
		}
		req := makeHiddenRequest(t, app, model.RequestWithheld)

		pages := []struct {
			path   string
			re     *regexp.Regexp
			fr, ar string // a sentence of the page in French, in Arabic
		}{
			{"/tasks", taskTitleRE, "n’est pas encore soumis au Comité 1540", "لم تُقدَّم بعد إلى لجنة القرار 1540"},
			{fmt.Sprintf("/naps/%d/submit", n.ID), saidRE, "est figé comme soumission 1", "بوصفها التقديم رقم 1"},
			{"/states/HRV/matrix/agree", saidRE, "donne son accord à l’édition", "توافق الدولة"},
			{fmt.Sprintf("/events/%d/participants/%d/withdraw", ev.ID, ps[0].ID), saidRE, "La place revient au premier délégué", "يذهب المقعد إلى أول مندوب"},
			{fmt.Sprintf("/assistance/requests/%d/consent", req.id), saidRE, "lève son objection à la diffusion", "اعتراضه على التعميم"},
		}
		for _, p := range pages {
			en := hrv.Get(p.path + "?lang=en")
			webtest.Expect(t, en, http.StatusOK)
			said := sentences(en.Body.String(), p.re)
			if len(said) < 3 {
				t.Fatalf("%s in English: %d sentences of the service found (%q): the pattern no longer sees them", p.path, len(said), said)
			}
			for lang, own := range map[string]string{"fr": p.fr, "ar": p.ar} {
				rec := hrv.Get(p.path + "?lang=" + lang)
				want := []string{own, "!⟦missing"}
				for _, s := range said {
					want = append(want, "!"+s)
				}
				webtest.Expect(t, rec, http.StatusOK, want...)
				if p.path == "/tasks" && strings.Contains(mainRE.FindString(rec.Body.String()), `lang="en"`) {
					t.Errorf("the tasks in %s still mark English text", lang)
				}
			}
		}

		// The API: the title in the request's language, with its key and arguments.
		var got struct {
			Items []struct {
				Kind, Title, Key string
				Args             []model.MsgArg
			}
		}
		for lang, want := range map[string]string{"en": "is not yet submitted to the 1540 Committee", "fr": "n’est pas encore soumis au Comité 1540"} {
			if code := hrv.JSON("GET", "/api/v1/me/tasks?lang="+lang, nil, &got); code != http.StatusOK {
				t.Fatalf("tasks in %s: %d", lang, code)
			}
			found := false
			for _, it := range got.Items {
				if it.Kind == "nap.submit" {
					found = true
					if !strings.Contains(it.Title, want) || !strings.Contains(it.Title, "Plan LANG-7f") || it.Key != "svctasks.nap.submit" ||
						len(it.Args) != 2 || it.Args[0].Text != "Plan LANG-7f" || it.Args[1].Date != "2020-01-15" {
						t.Errorf("the plan to submit in %s: %+v", lang, it)
					}
				}
			}
			if !found {
				t.Errorf("no plan to submit in %s: %+v", lang, got.Items)
			}
		}
	})
}
