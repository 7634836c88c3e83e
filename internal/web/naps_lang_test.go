package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// timelineBar is a bar of the plan's Gantt (the actions' rectangles are 14
// high; the legend's are not in the chart).
var timelineBar = regexp.MustCompile(`<rect x="(\d+)" y="\d+" width="(\d+)" height="14"`)

// TestNAPGanttMirrored: in Arabic time runs from the right (issue 17 item
// 2): the earliest action's bar ends at the right of the later one's, the
// chart's text runs right to left, the years keep their digits. The
// control: in English the earliest bar starts at the left.
func TestNAPGanttMirrored(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		n, err := app.Services.NAPs.Create(ctx, sys, "HRV", model.NAPInput{Title: model.Ptr("Gantt plan"), PeriodStart: model.Ptr("2020"), PeriodEnd: model.Ptr("2024")})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []struct{ title, start, due string }{
			{"Earliest action", "2020-02-01", "2021-01-31"},
			{"Later action", "2023-01-01", "2024-06-30"},
		} {
			if _, err := app.Services.NAPs.CreateAction(ctx, sys, n.ID, service.Given(model.NAPActionInput{Title: model.Ptr(a.title), Section: model.Ptr("NAP-05"),
				Start: model.Ptr(a.start), Due: model.Ptr(a.due)})); err != nil {
				t.Fatal(err)
			}
		}
		coord := app.Account("HRV", model.RoleCoordinator)
		bars := func(lang string) (body string, left, right [2]int) {
			rec := coord.Get(fmt.Sprintf("/naps/%d?lang=%s", n.ID, lang))
			webtest.Expect(t, rec, 200)
			body = rec.Body.String()
			m := timelineBar.FindAllStringSubmatch(body, -1)
			if len(m) != 2 {
				t.Fatalf("%s: %d bars in the timeline, want 2", lang, len(m))
			}
			for i, b := range m {
				x, _ := strconv.Atoi(b[1])
				w, _ := strconv.Atoi(b[2])
				left[i], right[i] = x, x+w
			}
			return body, left, right
		}
		en, left, right := bars("en")
		if left[0] >= left[1] || right[0] >= right[1] {
			t.Errorf("control: in English the earliest bar should be at the left: %v–%v", left, right)
		}
		if !strings.Contains(en, `direction="ltr"`) || !strings.Contains(en, ">Today</text>") {
			t.Error("control: the English chart runs left to right and says Today")
		}
		ar, left, right := bars("ar")
		if left[0] <= left[1] || right[0] <= right[1] {
			t.Errorf("in Arabic the earliest bar should be at the right: %v–%v", left, right)
		}
		for _, want := range []string{`direction="rtl"`, ">اليوم</text>", ">2020</text>", "الجدول الزمني"} {
			if !strings.Contains(ar, want) {
				t.Errorf("the Arabic chart lacks %q", want)
			}
		}
		if strings.Contains(ar, ">Today</text>") {
			t.Error("the Arabic chart still says Today")
		}
	})
}

// TestPlanAndProfileInSixLanguages: a plan's page, the key elements'
// explanations and a State's profile are written in the reader's language
// (issue 17): in French and Arabic each carries a translated sentence and
// not its English, and the State by its name in that language; the control
// is the English page, which carries the English sentence.
func TestPlanAndProfileInSixLanguages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		n, err := app.Services.NAPs.Create(ctx, sys, "HRV", model.NAPInput{Title: model.Ptr("Plan in six languages"), PeriodStart: model.Ptr("2025"), PeriodEnd: model.Ptr("2028")})
		if err != nil {
			t.Fatal(err)
		}
		coord := app.Account("HRV", model.RoleCoordinator)
		plan := fmt.Sprintf("/naps/%d", n.ID)
		for _, c := range []struct {
			lang string
			want []string
		}{
			{"en", []string{"Completeness of the key elements", "The plan, element by element", "Work on this plan", ">Croatia</a>"}},
			{"fr", []string{"Exhaustivité des éléments clés", "Le plan, élément par élément", "Travailler sur ce plan", ">Croatie</a>",
				"!Completeness of the key elements", "!The plan, element by element", "!Work on this plan"}},
			{"ar", []string{"اكتمال العناصر الرئيسية", "الخطة، عنصرًا عنصرًا", "العمل على هذه الخطة", ">كرواتيا</a>",
				"!Completeness of the key elements", "!The plan, element by element", "!Work on this plan"}},
		} {
			webtest.Expect(t, coord.Get(plan+"?lang="+c.lang), 200, c.want...)
		}
		webtest.Expect(t, app.Get("/naps/key-elements?lang=en"), 200, "the actions are the plan", "What it covers:")
		webtest.Expect(t, app.Get("/naps/key-elements?lang=fr"), 200, "les actions sont le plan", "!the actions are the plan", "!What it covers:")
		webtest.Expect(t, app.Get("/naps/key-elements?lang=ar"), 200, "الإجراءات هي الخطة", "!the actions are the plan", "!What it covers:")

		webtest.Expect(t, app.Get("/states/HRV?lang=en"), 200, "<h1>Croatia</h1>", "Names over time", "1540 points of contact")
		webtest.Expect(t, app.Get("/states/HRV?lang=fr"), 200, "<h1>Croatie</h1>", "Noms au fil du temps", "Points de contact 1540",
			"!Names over time", "!1540 points of contact")
		webtest.Expect(t, app.Get("/states/HRV?lang=ar"), 200, "<h1>كرواتيا</h1>", "الأسماء عبر الزمن", "جهات الاتصال المعنية بالقرار 1540",
			"!Names over time", "!1540 points of contact")
	})
}
