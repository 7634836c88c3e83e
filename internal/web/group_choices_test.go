package web_test

import (
	"context"
	"fmt"

	"napx/internal/service"
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestGroupChoicesInTheReadersLanguage (issue 17, item 3): the lists that
// choose a group of States — the state of play, the matrix's heat map, the
// assistance pages, figures, maps, the States and the events — name each
// group in the reader's language (they named it in English, marked so);
// the control is each page in English.
func TestGroupChoicesInTheReadersLanguage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		viewer := app.Account("HRV", model.RoleViewer)
		for _, path := range []string{"/state-of-play", "/matrix", "/assistance", "/assistance/requests", "/assistance/programmes", "/figures", "/maps", "/states", "/events", "/states/HRV", "/organizations/RACVIAC"} {
			webtest.Expect(t, viewer.Get(path+"?lang=en"), 200, "South-East Europe")
			webtest.Expect(t, viewer.Get(path+"?lang=fr"), 200, "Europe du Sud-Est", "!South-East Europe")
			webtest.Expect(t, viewer.Get(path+"?lang=ru"), 200, "Юго-Восточная Европа", "!South-East Europe")
		}
	})
}

// TestPracticeTagsInTheReadersLanguage (issue 17): a practice's tags are
// named in the reader's language on its page and in the form's tag picker —
// an assistance area and a matrix field alike (they were English, marked);
// the control is the English.
func TestPracticeTagsInTheReadersLanguage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		hrv := app.Account("HRV", model.RoleCoordinator)
		pv, err := app.Services.Practices.Create(context.Background(), hrv.Viewer, service.Given(model.PracticeInput{Kind: "practice", Title: "Tagged practice", Body: "Body.",
			Tags: []string{"AS-LEG", "OP1-01"}}))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{fmt.Sprintf("/practices/%d", pv.ID), fmt.Sprintf("/practices/%d/edit", pv.ID)} {
			webtest.Expect(t, hrv.Get(path+"?lang=en"), 200, "Legislative and regulatory drafting", "Nuclear Non-Proliferation Treaty (NPT)")
			webtest.Expect(t, hrv.Get(path+"?lang=fr"), 200, "Traité sur la non-prolifération des armes nucléaires", "!Nuclear Non-Proliferation Treaty", "!Legislative and regulatory drafting")
		}
	})
}

// TestChoicesInTheReadersLanguage (issue 17): the kinds, phases, material
// kinds and follow-up statuses offered by the event, practice and manage
// forms are words of the catalogue (they were the model's English, marked);
// the control is the English.
func TestChoicesInTheReadersLanguage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		rac := app.Account("RACVIAC", model.RoleCoordinator)
		hrv := app.Account("HRV", model.RoleCoordinator)
		ev, err := app.Services.Events.Create(context.Background(), rac.Viewer, model.EventInput{Kind: "workshop", Title: "Choices workshop", Start: "2030-03-01",
			End: "2030-03-01", TimeZone: "Europe/Zagreb", Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			who         *webtest.Client
			path        string
			english, fr []string
		}{
			{rac, "/events/new", []string{">Workshop<"}, []string{">Atelier<"}},
			{hrv, "/practices/new", []string{">Model law<", ">Drafting the plan<"}, []string{">Loi type<", ">Élaboration du plan<"}},
			{rac, fmt.Sprintf("/events/%d/manage", ev.ID), []string{">Concept note<"}, []string{">Note de cadrage<"}},
		}
		for _, tc := range cases {
			webtest.Expect(t, tc.who.Get(tc.path+"?lang=en"), 200, tc.english...)
			want := append([]string{}, tc.fr...)
			for _, e := range tc.english {
				want = append(want, "!"+e)
			}
			webtest.Expect(t, tc.who.Get(tc.path+"?lang=fr"), 200, want...)
		}
	})
}
