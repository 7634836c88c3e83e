package service_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestRevisionTitleCutByCharacters: "Revision of: …" is cut between
// characters. A title of 300 two-byte characters was cut at byte 300
// inside a character, which PostgreSQL refuses and SQLite stores broken.
func TestRevisionTitleCutByCharacters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := napServices(t, db).NAPs
		v := viewer(t, "HRV", model.RoleCoordinator)
		title := "a" + strings.Repeat("é", 299) // 300 characters, 599 bytes
		prev := mkPlan(t, s, v, "HRV", title)
		rev, err := s.Revise(t.Context(), v, prev.ID, nil)
		if err != nil {
			t.Fatalf("revise: %v", err)
		}
		got, err := s.Get(t.Context(), v, rev.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.ValidString(got.Title) || utf8.RuneCountInString(got.Title) > 300 || !strings.HasPrefix(got.Title, "Revision of: aé") {
			t.Errorf("revision title %q (%d characters, valid UTF-8 %v)", got.Title, utf8.RuneCountInString(got.Title), utf8.ValidString(got.Title))
		}
	})
}

// TestServiceTextsFollowTheRules: the texts a service takes outside a
// model input (an account's name, an API token's name, the adopting
// authority) follow the one-line rule on both engines.
func TestServiceTextsFollowTheRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := napServices(t, db)
		sys := model.SystemViewer("test")
		for _, bad := range []string{"x\x00y", "a\u202eb", "a\nb", "\xff"} {
			_, err := svc.Accounts.Create(t.Context(), sys, service.AccountInput{Email: "n@example.org", Name: bad, Org: "HRV", Role: "viewer", Password: "a long enough passphrase 1540"})
			if p, ok := model.AsProblems(err); !ok || p["name"] == "" {
				t.Errorf("account name %q: %v", bad, err)
			}
		}
		acc, err := svc.Accounts.Create(t.Context(), sys, service.AccountInput{Email: "n@example.org", Name: "Ana", Org: "HRV", Role: "coordinator", Password: "a long enough passphrase 1540"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Accounts.CreateToken(t.Context(), sys, acc.Email, "tok\u202en"); err == nil {
			t.Error("a token name with a right-to-left override is accepted")
		}
		if _, _, err := svc.Accounts.CreateToken(t.Context(), sys, acc.Email, strings.Repeat("é", 100)); err != nil {
			t.Errorf("a 100-character token name: %v", err)
		}
		v := viewer(t, "HRV", model.RoleCoordinator)
		n := mkPlan(t, svc.NAPs, v, "HRV", "Plan")
		if _, err := svc.NAPs.Adopt(t.Context(), v, n.ID, service.Given(model.NAPAdoption{Authority: "Government\x00", Date: "2018-01-01"})); err == nil {
			t.Error("an authority with a NUL is accepted")
		}
		if _, err := svc.NAPs.Adopt(t.Context(), v, n.ID, service.Given(model.NAPAdoption{Authority: "Government", Date: "2018-01-01"})); err != nil {
			t.Errorf("control: adopt: %v", err)
		}
	})
}
