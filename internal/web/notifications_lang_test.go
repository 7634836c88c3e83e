package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/webtest"
)

// TestNoticesInTheReadersLanguage (issue 17): a notice is kept as a key
// and its arguments and written for each reader. Two editors of one State
// each create an API token (a security notice, a real producer): the
// French reader's inbox, API answer and e-mail are French; the control is
// the English reader's, English. A notification made before notices had
// keys (a row with only its English text) still shows its text, marked
// lang="en", and the API says so.
func TestNoticesInTheReadersLanguage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		app.RunJobs()
		fr := app.Account("HRV", model.RoleEditor, webtest.Email("lectrice@hrv.example.org"))
		en := app.Account("HRV", model.RoleEditor, webtest.Email("reader@hrv.example.org"))
		if _, err := app.Services.Accounts.SetLanguage(ctx, fr.Viewer, "fr"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*webtest.Client{fr, en} {
			webtest.Expect(t, c.Post("/account/tokens", url.Values{"name": {"portable"}}), 200)
		}
		app.WaitJobs()
		// An old row: English text, no key.
		if err := app.DB.WriteUnaudited(ctx, func(tx *store.Tx) error {
			n := model.Notification{AccountID: fr.Account.ID, Kind: model.NoticeAccountSecurity, Title: "An old notice in English", URL: "/account",
				Delivery: model.DeliverDigest}
			_, err := tx.InsertNotification(ctx, &n, "old:1")
			return err
		}); err != nil {
			t.Fatal(err)
		}

		webtest.Expect(t, fr.Get("/notifications"), 200, "Un jeton d&#39;API « portable » a été créé pour votre compte napx",
			"!An API token", `<bdi lang="en" dir="ltr">An old notice in English</bdi>`)
		webtest.Expect(t, en.Get("/notifications"), 200, "An API token “portable” was created for your napx account", "!jeton")

		var page struct {
			Items []struct {
				Title, Body, Lang, Key string
				Args                   []model.MsgArg
			}
		}
		if code := fr.JSON("GET", "/api/v1/notifications?limit=10", nil, &page); code != 200 {
			t.Fatalf("the French reader's notifications: %d", code)
		}
		var keyed, old bool
		for _, it := range page.Items {
			switch it.Key {
			case "svcnotices.security.token":
				keyed = keyed || it.Lang == "fr" && strings.Contains(it.Title, "« portable »") && strings.HasPrefix(it.Body, "Si ce n'était pas vous") &&
					len(it.Args) == 1 && it.Args[0].Text == "portable"
			case "":
				old = old || it.Lang == "en" && it.Title == "An old notice in English"
			}
		}
		if !keyed || !old {
			b, _ := json.Marshal(page)
			t.Errorf("the API's notifications in French (key %v, old row %v): %s", keyed, old, b)
		}

		admin := app.Account("UNODA", model.RoleViewer, webtest.Admin, webtest.Email("notice-admin@unoda.example.org"))
		letters := map[string]string{}
		for _, m := range mustOutbox(t, app, admin) {
			full, err := app.Services.Mail.OutboxMessage(ctx, system, m.Name)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(full.Text, "portable") {
				for _, to := range []string{fr.Account.Email, en.Account.Email} {
					if strings.Contains(m.To, to) {
						letters[to] = full.Subject + "\n" + full.Text
					}
				}
			}
		}
		if l := letters[fr.Account.Email]; !strings.HasPrefix(l, "Un jeton d'API « portable » a été créé pour votre compte napx\n") ||
			!strings.Contains(l, "Si ce n'était pas vous") || strings.Contains(l, "If this was not you") {
			t.Errorf("the French reader's letter:\n%s", l)
		}
		if l := letters[en.Account.Email]; !strings.HasPrefix(l, "An API token “portable” was created for your napx account\n") ||
			!strings.Contains(l, "If this was not you") {
			t.Errorf("the English reader's letter:\n%s", l)
		}
	}, webtest.Jobs(webtest.FastJobs))
}

// TestInvitationInALanguage (issue 17): the inviter chooses the invitation's
// language; the account is made with it and the letter is written in it
// (Spanish here, asked from an English page). The form offers the page's
// language by default; a language outside the six is a 422 naming the
// field, on the page and through the API, and nothing is made.
func TestInvitationInALanguage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		app.RunJobs()
		coord := app.Account("HRV", model.RoleCoordinator)
		webtest.Expect(t, coord.Get("/accounts?lang=ru"), 200, `<select id="invite-language" name="language"`, `<option value="ru" lang="ru" selected>`)
		webtest.Expect(t, coord.Post("/accounts/invite", url.Values{"email": {"nadie@hrv.example.org"}, "role": {"editor"}, "language": {"xx"}}),
			http.StatusUnprocessableEntity, `href="#invite-language"`)
		webtest.Expect(t, coord.Do(jsonReq("POST", "/api/v1/accounts/invite", `{"email":"nadie@hrv.example.org","role":"editor","language":"klingon"}`)),
			http.StatusUnprocessableEntity, `"language"`)
		if _, _, err := app.DB.AccountByEmail(ctx, "nadie@hrv.example.org"); err == nil {
			t.Error("a refused invitation made an account")
		}
		rec := coord.Post("/accounts/invite", url.Values{"email": {"colega@hrv.example.org"}, "name": {"Colega"}, "role": {"editor"}, "language": {"es"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("invite in Spanish: %d %s", rec.Code, rec.Body.String())
		}
		webtest.Expect(t, coord.Do(jsonReq("POST", "/api/v1/accounts/invite", `{"email":"collegue@hrv.example.org","role":"editor","language":"fr"}`)),
			http.StatusCreated, `"language":"fr"`)
		app.WaitJobs()
		acc, _, err := app.DB.AccountByEmail(ctx, "colega@hrv.example.org")
		if err != nil || acc.Language != "es" {
			t.Fatalf("the invited account's language: %q %v", acc.Language, err)
		}
		es := i18n.MustDefault().Printer("es")
		admin := app.Account("UNODA", model.RoleViewer, webtest.Admin, webtest.Email("invite-admin@unoda.example.org"))
		var letter string
		for _, m := range mustOutbox(t, app, admin) {
			if strings.Contains(m.To, "colega@hrv.example.org") {
				full, err := app.Services.Mail.OutboxMessage(ctx, system, m.Name)
				if err != nil {
					t.Fatal(err)
				}
				letter = full.Subject + "\n" + full.Text
			}
		}
		if !strings.HasPrefix(letter, es.T("mail.invite.subject")+"\n") || !strings.Contains(letter, es.T("mail.invite.choose")) ||
			strings.Contains(letter, "Choose your password") {
			t.Errorf("the Spanish invitation:\n%s", letter)
		}
	}, webtest.Jobs(webtest.FastJobs))
}
