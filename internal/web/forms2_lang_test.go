package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// TestFormsInSixLanguages: the plan, action, key-element section, joint
// actions, point-of-contact, national report, assistance request and programme forms
// are written in the reader's language (issue 17, part forms2), the State's
// name too, and a conflict's heading and the service's message are
// translated (issue 17, part svcmore). The control is each form in English,
// which still says what it said before.
func TestFormsInSixLanguages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		n, err := app.Services.NAPs.Create(ctx, sys, "HRV", model.NAPInput{Title: model.Ptr("Forms plan"), PeriodStart: model.Ptr("2024"), PeriodEnd: model.Ptr("2027")})
		if err != nil {
			t.Fatal(err)
		}
		a, err := app.Services.NAPs.CreateAction(ctx, sys, n.ID, service.Given(model.NAPActionInput{Title: model.Ptr("Forms action"), Section: model.Ptr("NAP-05"), Due: model.Ptr("2026-06-30")}))
		if err != nil {
			t.Fatal(err)
		}
		coord := app.Account("HRV", model.RoleCoordinator)
		pages := []struct {
			path       string
			en, fr, ar string // a sentence of the form in each language
			english    string // what the translated pages must no longer say
		}{
			{"/naps/new", "Start a plan for Croatia", "Commencer un plan pour Croatie", "بدء خطة لـ كرواتيا", "Plan period (years)"},
			{fmt.Sprintf("/naps/%d/actions/new", n.ID), "What is to be done", "Ce qui doit être fait", "ما يتعيّن القيام به", "Supporting agencies"},
			{fmt.Sprintf("/naps/%d/sections/NAP-05/edit", n.ID), "Why it matters", "Pourquoi c&#39;est important", "لماذا هو مهم", "Save the section"},
			{fmt.Sprintf("/naps/%d/actions/%d/joint", n.ID, a.ID), "Find other States&#39; actions by their title", "Trouver les actions d&#39;autres États par leur titre", "البحث عن إجراءات الدول الأخرى حسب عناوينها", "Save the joint actions"},
			{"/states/HRV/contacts/new", "At the mission to the UN", "À la mission auprès de l&#39;ONU", "في البعثة لدى الأمم المتحدة", "Who may see this designation"},
			{"/states/HRV/reports/new", "Record a national report of Croatia", "Consigner un rapport national de Croatie", "تسجيل تقرير وطني لـ كرواتيا", "Link to the published document"},
			{"/assistance/requests/new", "Ask for assistance for Croatia", "Demander une assistance pour Croatie", "طلب المساعدة لـ كرواتيا", "Add another need"},
		}
		for _, pg := range pages {
			webtest.Expect(t, coord.Get(pg.path+"?lang=en"), 200, pg.en, pg.english)
			webtest.Expect(t, coord.Get(pg.path+"?lang=fr"), 200, `<html lang="fr" dir="ltr">`, pg.fr, "!"+pg.english, "!"+pg.en, "!⟦missing")
			webtest.Expect(t, coord.Get(pg.path+"?lang=ar"), 200, `<html lang="ar" dir="rtl">`, pg.ar, "!"+pg.english, "!"+pg.en, "!⟦missing")
		}
		// A programme of an organisation (RACVIAC describes what it offers).
		org := app.Account("RACVIAC", model.RoleCoordinator)
		webtest.Expect(t, org.Get("/assistance/programmes/new?lang=en"), 200, "Describe a programme of", "Who may apply")
		webtest.Expect(t, org.Get("/assistance/programmes/new?lang=fr"), 200, "Décrire un programme de", "Qui peut présenter une demande", "!Who may apply", "!⟦missing")
		webtest.Expect(t, org.Get("/assistance/programmes/new?lang=ar"), 200, "وصف برنامج لـ", "من يجوز له التقدم", "!Who may apply", "!⟦missing")
		// A conflict in French: the heading and the service's own message
		// (a message of part svcmore) in French, not marked English; the
		// control is the same conflict in English.
		stale := url.Values{"title": {"Forms plan, revised"}, "type": {model.NAPType1540}, "period_start": {"2024"}, "period_end": {"2027"}, "version": {"999"}}
		webtest.Expect(t, coord.Post(fmt.Sprintf("/naps/%d?lang=en", n.ID), stale), 409, "Someone else changed this plan", "this plan was changed by someone else since you read it (you sent version 999")
		rec := coord.Post(fmt.Sprintf("/naps/%d?lang=fr", n.ID), stale)
		webtest.Expect(t, rec, 409, "Une autre personne a modifié ce plan", "Rien n&#39;a été enregistré.", "ce plan a été modifié par quelqu&#39;un d&#39;autre depuis votre lecture (vous avez envoyé la version 999",
			"!Someone else changed this plan", "!was changed by someone else", `!<bdi lang="en">this plan`)
		if body := rec.Body.String(); !strings.Contains(body, "Enregistrer le plan") {
			t.Error("the conflict's form is not in French")
		}
	})
}
