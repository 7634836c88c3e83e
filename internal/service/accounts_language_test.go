package service_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestSetLanguage (issue 17): an account chooses one of the six languages
// or the browser's; anything else is 422 naming language with nothing
// changed or audited; each change is audited, a repeat is not.
func TestSetLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newServices(t, db, &clock{t: time.Now()})
		acc, err := svc.Accounts.Create(ctx, system, service.AccountInput{Email: "lang@hrv.example.org", Org: "HRV", Role: "viewer", Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		v := svc.Accounts.ViewerOf(acc)
		audited := func() int {
			es, err := db.AuditEntries(ctx, model.AuditFilter{Action: "account.language"})
			if err != nil {
				t.Fatal(err)
			}
			return len(es)
		}
		for _, bad := range []string{"xx", "de", "EN-gb", "fr\x00", "ar; DROP TABLE accounts"} {
			_, err := svc.Accounts.SetLanguage(ctx, v, bad)
			if p, ok := model.AsProblems(err); !ok || p["language"] == "" {
				t.Errorf("%q: %v", bad, err)
			}
		}
		if n := audited(); n != 0 {
			t.Fatalf("refusals audited as changes: %d", n)
		}
		if _, err := svc.Accounts.SetLanguage(ctx, model.Anonymous, "fr"); !errors.Is(err, model.ErrUnauthenticated) {
			t.Errorf("anonymous: %v", err)
		}
		for i, lang := range []string{"zh", "zh", "ar", ""} {
			got, err := svc.Accounts.SetLanguage(ctx, v, lang)
			if err != nil || got.Language != lang {
				t.Fatalf("%s: %v %q", lang, err, got.Language)
			}
			stored, _ := db.Account(ctx, acc.ID)
			if stored.Language != lang {
				t.Fatalf("%s: stored %q", lang, stored.Language)
			}
			if want := []int{1, 1, 2, 3}[i]; audited() != want {
				t.Errorf("after %q: %d audit entries, want %d", lang, audited(), want)
			}
		}
	})
}
