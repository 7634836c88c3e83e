package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestUniqueViolationIsNoConflict: a violated unique constraint is told
// apart (IsUniqueViolation) but is not a conflict: only a stale version
// is, so a driver's message can never travel as a 409.
func TestUniqueViolationIsNoConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		create := func() error {
			return db.Write(ctx, func(tx *store.Tx) error {
				a := model.Account{Email: "twice@hrv.example.org", Name: "Twice", Org: "HRV", Role: model.RoleViewer}
				if err := tx.CreateAccount(ctx, &a, "x"); err != nil {
					return err
				}
				return tx.Audit(ctx, model.SystemViewer("test"), store.AuditRecord{Action: "test", Kind: "account", RecordID: a.ID})
			})
		}
		if err := create(); err != nil {
			t.Fatal(err)
		}
		err := create()
		if !store.IsUniqueViolation(err) {
			t.Fatalf("second account with the same e-mail: %v, want a unique violation", err)
		}
		if errors.Is(err, model.ErrConflict) {
			t.Errorf("a unique violation is a conflict: %v", err)
		}
	})
}

// TestQueryCounterAndClock: the counter counts the statements of its
// context only; rows are stamped with the injected clock.
func TestQueryCounterAndClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		at := time.Date(2031, 3, 4, 5, 6, 7, 0, time.UTC)
		db = db.WithClock(func() time.Time { return at })
		ctx, n := store.WithQueryCounter(context.Background())
		var a model.Account
		err := db.Write(ctx, func(tx *store.Tx) error {
			a = model.Account{Email: "clock@hrv.example.org", Name: "Clock", Org: "HRV", Role: model.RoleViewer}
			if err := tx.CreateAccount(ctx, &a, "x"); err != nil {
				return err
			}
			return tx.Audit(ctx, model.SystemViewer("test"), store.AuditRecord{Action: "test", Kind: "account", RecordID: a.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
		if n.Count() < 1 {
			t.Errorf("counted %d statements, want at least the insert", n.Count())
		}
		before := n.Count()
		if _, err := db.Account(context.Background(), a.ID); err != nil {
			t.Fatal(err)
		}
		if n.Count() != before {
			t.Errorf("a query on another context was counted")
		}
		got, err := db.Account(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n.Count() != before+1 {
			t.Errorf("one read counted as %d", n.Count()-before)
		}
		if !got.CreatedAt.Equal(at) {
			t.Errorf("created at %v, want the injected clock's %v", got.CreatedAt, at)
		}
	})
}
