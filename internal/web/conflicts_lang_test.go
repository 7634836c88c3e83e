package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestConflictsInTheReadersLanguage (issue 17): a form saved from an old
// version — a point of contact, an assistance request, a programme, an
// event's follow-up, a delegate — answers 409 with the service's own
// sentence in the reader's language, not its English marked lang="en".
// The control is each conflict in English, which still says what the API
// says (the English is written from the same message).
func TestConflictsInTheReadersLanguage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		hrv := app.Account("HRV", model.RoleCoordinator)
		contact, err := app.Services.Contacts.Create(ctx, sys, "HRV", model.PointOfContactInput{Kind: "capital", Name: "Conflict contact", ValidFrom: "2020-01-01",
			Visibility: string(model.VisPublic)})
		if err != nil {
			t.Fatal(err)
		}
		req, err := app.Services.Assistance.Create(ctx, hrv.Viewer, "HRV", model.RequestInput{Title: model.Ptr("Conflict request"),
			Needs: &[]model.NeedInput{{Area: "AS-LEG", Modalities: []string{"legal-advice"}}}})
		if err != nil {
			t.Fatal(err)
		}
		wco := app.Account("WCO", model.RoleEditor)
		prog, err := app.Services.Assistance.CreateProgramme(ctx, wco.Viewer, "WCO", model.ProgrammeInput{Title: model.Ptr("Conflict programme"),
			Areas: &[]string{"AS-EXPORT"}, Modalities: &[]string{"training"}, Status: model.Ptr("open")})
		if err != nil {
			t.Fatal(err)
		}
		ev := makeHiddenEvent(t, app, model.VisPublic)
		// Each form sent with version 99 (each record is at version 1 or 2).
		cases := []struct {
			name    string
			who     *webtest.Client
			path    string
			form    url.Values
			status  int
			en, ar  string // the service's sentence in each language
			english string // what the Arabic page must not say
		}{
			{"point of contact", hrv, fmt.Sprintf("/contacts/%d", contact.ID), values("kind", "capital", "name", "Renamed", "valid_from", "2020-01-01", "version", "99"),
				http.StatusConflict, "this point of contact was changed by someone else since you read it (version 99", "عدّل شخص آخر جهة الاتصال هذه منذ أن اطلعت عليها (الإصدار 99", "point of contact was changed"},
			{"assistance request", hrv, fmt.Sprintf("/assistance/requests/%d", req.ID), values("title", "Renamed", "needs[0].area", "AS-LEG", "needs[0].modalities", "legal-advice", "version", "99"),
				http.StatusConflict, "this request was changed by someone else since you read it (you sent version 99", "عدّل شخص آخر هذا الطلب منذ أن اطلعت عليه (أرسلت الإصدار 99", "request was changed"},
			{"programme", wco, fmt.Sprintf("/assistance/programmes/%d", prog.ID), values("title", "Renamed", "areas", "AS-EXPORT", "modalities", "training", "status", "open", "version", "99"),
				http.StatusConflict, "this programme was changed by someone else since you read it (you sent version 99", "عدّل شخص آخر هذا البرنامج منذ أن اطلعت عليه (أرسلت الإصدار 99", "programme was changed"},
			{"follow-up", hrv, fmt.Sprintf("/events/%d/followups/%d", ev.id, ev.fid), values("status", "done", "version", "99"),
				http.StatusConflict, "this follow-up was changed by someone else since you read it (version 99, now 1). The follow-up below is as it is now; nothing was changed.",
				"عدّل شخص آخر إجراء المتابعة هذا منذ أن اطلعت عليه (الإصدار 99، والآن 1). يظهر إجراء المتابعة أدناه كما هو الآن؛ ولم يُغيَّر شيء.", "follow-up was changed"},
			{"delegate", hrv, fmt.Sprintf("/events/%d/participants/%d", ev.id, ev.pid), values("status", "confirmed", "version", "99"),
				http.StatusConflict, "this delegate was changed by someone else since you read it (version 99, now 1). The list below is as it is now; nothing was changed.",
				"عدّل شخص آخر بيانات هذا المندوب منذ أن اطلعت عليها (الإصدار 99، والآن 1). تظهر القائمة أدناه كما هي الآن؛ ولم يُغيَّر شيء.", "delegate was changed"},
		}
		for _, tc := range cases {
			webtest.Expect(t, tc.who.Post(tc.path+"?lang=en", tc.form), tc.status, tc.en)
			webtest.Expect(t, tc.who.Post(tc.path+"?lang=ar", tc.form), tc.status, `<html lang="ar" dir="rtl">`, tc.ar, "!"+tc.english, "!⟦missing")
		}
		// The API keeps the English, written from the same message.
		patch := jsonReq("PATCH", fmt.Sprintf("/api/v1/points-of-contact/%d", contact.ID), `{"kind":"capital","name":"x","valid_from":"2020-01-01","version":99}`)
		patch.Header.Set("Accept-Language", "ar")
		webtest.Expect(t, hrv.Do(patch), http.StatusConflict, "this point of contact was changed by someone else since you read it (version 99")
		// A translation sent as new where one exists: the API's English
		// names the language.
		n, err := app.Services.NAPs.Create(ctx, sys, "HRV", model.NAPInput{Title: model.Ptr("Conflict plan"), PeriodStart: model.Ptr("2024"), PeriodEnd: model.Ptr("2027")})
		if err != nil {
			t.Fatal(err)
		}
		tr := fmt.Sprintf("/api/v1/naps/%d/translations/fr", n.ID)
		put := func() webtest.Request { return jsonReq("PUT", tr, `{"fields": {"title": "Plan en français"}}`) }
		if rec := hrv.Do(put()); rec.Code/100 != 2 {
			t.Fatalf("the first translation: %d %s", rec.Code, rec.Body)
		}
		webtest.Expect(t, hrv.Do(put()), http.StatusConflict, "a translation into French exists: send its version to correct it")
	})
}
