package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"napx/internal/store"
	"napx/internal/storetest"
)

// TestNoticeOutbox: a queued notice exists once its write commits and never
// after a rollback; the after-commit hook runs only on commit; concurrent
// relays take every row exactly once (on PostgreSQL they skip each other's
// rows; on SQLite the one write connection serialises them).
func TestNoticeOutbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		queued := func() int {
			t.Helper()
			n, err := db.QueuedNotices(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		boom := errors.New("boom")
		ran := 0
		err := db.WriteUnaudited(ctx, func(tx *store.Tx) error {
			if err := tx.QueueNotice(ctx, []byte(`{"key":"rolled-back"}`)); err != nil {
				return err
			}
			tx.AfterCommit(func() { ran++ })
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("rolled-back write: %v", err)
		}
		if n := queued(); n != 0 || ran != 0 {
			t.Fatalf("after a rollback: %d queued, hook ran %d times; want 0, 0", n, ran)
		}

		const total = 450
		err = db.WriteUnaudited(ctx, func(tx *store.Tx) error {
			for i := range total {
				if err := tx.QueueNotice(ctx, fmt.Appendf(nil, `{"key":"n%d"}`, i)); err != nil {
					return err
				}
			}
			tx.AfterCommit(func() { ran++ })
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// The control: what committed is there, and the hook ran once.
		if n := queued(); n != total || ran != 1 {
			t.Fatalf("after a commit: %d queued, hook ran %d times; want %d, 1", n, ran, total)
		}

		var mu sync.Mutex
		seen := map[string]int{}
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Go(func() {
				for {
					var got []store.OutboxNotice
					err := db.WriteUnaudited(ctx, func(tx *store.Tx) error {
						var err error
						got, err = tx.TakeNotices(ctx, 40)
						return err
					})
					if err != nil {
						errs <- err
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, r := range got {
						seen[string(r.Args)]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if len(seen) != total {
			t.Errorf("relays took %d distinct notices, want %d", len(seen), total)
		}
		for k, n := range seen {
			if n != 1 {
				t.Errorf("notice %s taken %d times", k, n)
			}
		}
		if n := queued(); n != 0 {
			t.Errorf("%d notices left in the outbox", n)
		}
	})
}
