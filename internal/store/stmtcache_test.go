package store_test

import (
	"context"
	"fmt"
	"testing"

	"napx/internal/store"
	"napx/internal/storetest"
)

// TestSQLiteStatementCache: kept statements run again with new arguments,
// the same SQL nested inside its own open rows gets a statement of its
// own, a schema change is picked up, scripts still run whole, and more
// statements than the cache holds still work.
func TestSQLiteStatementCache(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	err := db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		for i := range 5 {
			if err := tx.SetSetting(ctx, fmt.Sprint("k", i), fmt.Sprint("v", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if v, err := db.Setting(ctx, fmt.Sprint("k", i)); err != nil || v != fmt.Sprint("v", i) {
			t.Fatalf("k%d = %q, %v", i, v, err)
		}
	}
	// Nested: the outer rows stay open while the same SQL runs inside.
	if err := db.UnsafeExecForTests(ctx, `CREATE TABLE cache_probe (a INTEGER)`, `INSERT INTO cache_probe VALUES (1); INSERT INTO cache_probe VALUES (2)`); err != nil {
		t.Fatal(err)
	}
	n, err := store.CountNestedForTests(ctx, db, `SELECT a FROM cache_probe ORDER BY a`)
	if err != nil || n != 4 {
		t.Fatalf("nested rows: %d, %v (want 2 × 2)", n, err)
	}
	// A schema change: the kept statement sees the new column.
	if err := db.UnsafeExecForTests(ctx, `ALTER TABLE cache_probe ADD COLUMN b TEXT DEFAULT 'x'`); err != nil {
		t.Fatal(err)
	}
	if n, err := store.CountNestedForTests(ctx, db, `SELECT a FROM cache_probe ORDER BY a`); err != nil || n != 4 {
		t.Fatalf("after ALTER: %d, %v", n, err)
	}
	// More distinct statements than the cache keeps.
	for i := range 600 {
		if _, err := db.Setting(ctx, fmt.Sprint("k", i%5)+fmt.Sprintf("%*s", i%7, "")); err == nil && i%7 != 0 {
			t.Fatalf("padded key %d found", i)
		}
		if err := db.UnsafeExecForTests(ctx, fmt.Sprintf(`INSERT INTO cache_probe (a) VALUES (%d)`, i)); err != nil {
			t.Fatal(err)
		}
	}
}
