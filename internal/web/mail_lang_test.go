package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestMailInTheRecipientsLanguage: a password-reset letter is written in
// the language the account chose (French here: subject, text, the date),
// whatever language the request that asked for it was in; the control:
// an account that follows its browser (no setting) gets the English one.
func TestMailInTheRecipientsLanguage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		app.RunJobs()
		fr := app.Account("HRV", model.RoleEditor, webtest.Email("francophone@hrv.example.org"))
		en := app.Account("HRV", model.RoleViewer, webtest.Email("default@hrv.example.org"))
		if _, err := app.Services.Accounts.SetLanguage(context.Background(), fr.Viewer, "fr"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*webtest.Client{fr, en} {
			// Asked for from an Arabic page: the letter follows the account, not the request.
			rec := app.Anonymous().Post("/signin/forgot?lang=ar", url.Values{"email": {c.Account.Email}})
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("reset for %s: %d", c.Account.Email, rec.Code)
			}
		}
		app.WaitJobs()
		letters := map[string]struct{ subject, text string }{}
		for _, m := range mustOutbox(t, app, app.Account("UNODA", model.RoleViewer, webtest.Admin, webtest.Email("mail-admin@unoda.example.org"))) {
			full, err := app.Services.Mail.OutboxMessage(context.Background(), system, m.Name)
			if err != nil {
				t.Fatal(err)
			}
			for _, to := range []string{fr.Account.Email, en.Account.Email} {
				if strings.Contains(m.To, to) && outboxLink.MatchString(full.Text) {
					letters[to] = struct{ subject, text string }{full.Subject, full.Text}
				}
			}
		}
		f, e := letters[fr.Account.Email], letters[en.Account.Email]
		if f.subject != "Réinitialisation de votre mot de passe napx" || !strings.Contains(f.text, "Choisir un nouveau mot de passe") ||
			!strings.Contains(f.text, "Le lien ne fonctionne qu’une fois, jusqu’au") || strings.Contains(f.text, "The link works once") {
			t.Errorf("the French account's letter: %q\n%s", f.subject, f.text)
		}
		if e.subject != "Reset your napx password" || !strings.Contains(e.text, "Choose a new password") || !strings.Contains(e.text, "The link works once, until") {
			t.Errorf("the English account's letter: %q\n%s", e.subject, e.text)
		}
	}, webtest.Jobs(webtest.FastJobs))
}
