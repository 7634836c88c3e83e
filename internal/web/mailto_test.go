package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestContactEmailLinks: a contact's e-mail is validated as an address
// (a mailto: link with a hidden Cc is refused) and the link to it is
// built with escaping, also for an address stored before the rule.
func TestContactEmailLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		c := app.Account("HRV", model.RoleCoordinator)
		form := func(email string) url.Values {
			return url.Values{"kind": {"capital"}, "name": {"Ana Horvat"}, "email": {email}, "valid_from": {"2024-01-01"}, "visibility": {"public"}}
		}
		webtest.Expect(t, c.Post("/states/HRV/contacts", form("a@b.org?cc=evil@x.org&subject=hi")), http.StatusUnprocessableEntity, "e-mail address")
		// A legal address whose local part holds "?": accepted, escaped in the link.
		if rec := c.Post("/states/HRV/contacts", form("a?cc=evil@example.org")); rec.Code != http.StatusSeeOther {
			t.Fatalf("legal address: %d %.300s", rec.Code, rec.Body.String())
		}
		// An address stored before the rule: shown, but not as a link.
		err := db.Write(t.Context(), func(tx *store.Tx) error {
			p := model.PointOfContact{State: "HRV", Kind: "mission", Name: "Legacy", Email: "x@y.org?bcc=spy@evil.example", Visibility: model.VisPublic,
				ValidFrom: model.MustDate("2020-01-01")}
			if err := tx.CreatePointOfContact(t.Context(), &p); err != nil {
				return err
			}
			return tx.Audit(t.Context(), model.SystemViewer("test"), store.AuditRecord{Action: "poc.create", Kind: "poc", RecordID: p.ID, Summary: "legacy"})
		})
		if err != nil {
			t.Fatal(err)
		}
		body := c.Get("/states/HRV").Body.String()
		if !strings.Contains(body, `href="mailto:a%3fcc=evil@example.org"`) && !strings.Contains(body, `href="mailto:a%3Fcc=evil@example.org"`) {
			t.Errorf("the escaped link is missing: %s", excerpt(body, "evil@example.org"))
		}
		if strings.Contains(body, `mailto:a?cc`) || strings.Contains(body, "mailto:x@y.org") {
			t.Errorf("a link carries header fields: %s", excerpt(body, "mailto"))
		}
		if !strings.Contains(body, "x@y.org?bcc=spy@evil.example") {
			t.Error("the legacy address is not shown at all")
		}
	})
}

func excerpt(body, near string) string {
	i := strings.Index(body, near)
	if i < 0 {
		return "(absent)"
	}
	return body[max(0, i-200):min(len(body), i+200)]
}
