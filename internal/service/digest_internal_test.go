package service

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"napx/internal/store"
	"napx/internal/storetest"
)

// TestDigestMailOnePerAccount: while an account's digest waits or is being
// sent, the next slot's run adds none for that account (a slow relay once
// let four identical digests out); another account's digest, and the same
// account's digest once the first has finished, are added (the controls).
func TestDigestMailOnePerAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := New(Deps{DB: db, Catalog: storetest.Catalog(t), Now: time.Now})
		ctx := context.Background()
		insert := func(account int64, slot string) bool {
			t.Helper()
			var skipped bool
			err := db.WriteUnaudited(ctx, func(tx *store.Tx) error {
				res, err := tx.InsertJobs(ctx, s.Jobs.client, river.InsertManyParams{Args: digestMailArgs{Account: account, Slot: slot}})
				if err == nil && len(res) == 1 {
					skipped = res[0].UniqueSkippedAsDuplicate
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return !skipped
		}
		if !insert(1, "2026-12-01") {
			t.Fatal("the first digest was not added")
		}
		if insert(1, "2026-12-02") {
			t.Error("a second digest for the same account was added while the first waits")
		}
		if !insert(2, "2026-12-02") {
			t.Error("another account's digest was refused")
		}
		// The first finishes: the next slot's digest is added.
		if err := db.UnsafeExecForTests(ctx, `UPDATE river_job SET state = 'completed', finalized_at = CURRENT_TIMESTAMP WHERE kind = 'notify.digest-mail'`); err != nil {
			t.Fatal(err)
		}
		if !insert(1, "2026-12-02") {
			t.Error("the next digest was refused after the first finished")
		}
	})
}
