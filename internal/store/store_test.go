package store_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT * FROM t WHERE a = $1 AND b = $2", "SELECT * FROM t WHERE a = ?1 AND b = ?2"},
		{"SELECT '$1', \"$2\" FROM t WHERE a = $10", "SELECT '$1', \"$2\" FROM t WHERE a = ?10"},
		{"SELECT 'it''s $1' || $1", "SELECT 'it''s $1' || ?1"},
		{"SELECT $x", "SELECT $x"},
	}
	for _, tt := range tests {
		if got := store.Rebind(tt.in); got != tt.want {
			t.Errorf("Rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMigrationsPairUp(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		ms, err := store.Migrations(d)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		if len(ms) == 0 {
			t.Fatalf("%s: no migrations", d)
		}
		for i, m := range ms {
			if i > 0 && m.Version <= ms[i-1].Version {
				t.Errorf("%s: migration %d out of order", d, m.Version)
			}
			if m.SQL == "" && !m.Program() {
				t.Errorf("%s: migration %04d_%s is empty", d, m.Version, m.Name)
			}
		}
	}
}

// TestSchemaSameOnBothEngines migrates an empty database on each engine
// and checks both end with the same tables and columns (and nullability).
func TestSchemaSameOnBothEngines(t *testing.T) {
	engines := storetest.Engines(t)
	if len(engines) < 2 {
		t.Skip("needs PostgreSQL (NAPX_TEST_POSTGRES_URL)")
	}
	ctx := context.Background()
	cols := map[storetest.Engine][]store.Column{}
	for _, e := range engines {
		db := storetest.OpenEmpty(t, e)
		applied, latest, err := db.SchemaVersion(ctx)
		if err != nil || applied != 0 || latest == 0 {
			t.Fatalf("%s: empty database reports version %d of %d (%v)", e, applied, latest, err)
		}
		if err := db.Migrate(ctx, nil); err != nil {
			t.Fatalf("%s: migrate: %v", e, err)
		}
		if err := db.CheckSchema(ctx); err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		// A second run applies nothing and fails nothing.
		if err := db.Migrate(ctx, func(f string, a ...any) { t.Errorf("%s: re-applied: "+f, append([]any{e}, a...)...) }); err != nil {
			t.Fatal(err)
		}
		c, err := db.Columns(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cols[e] = c
	}
	if diff := cmp.Diff(cols[storetest.SQLite], cols[storetest.Postgres]); diff != "" {
		t.Errorf("SQLite and PostgreSQL schemas differ (-sqlite +postgres):\n%s", diff)
	}
}

func TestCheckSchemaOutdated(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, e)
			if err := db.CheckSchema(ctx); err != nil {
				t.Fatalf("fresh database: %v", err)
			}
			// Pretend the last migration was never applied.
			_, latest, _ := db.SchemaVersion(ctx)
			if err := db.DeleteMigrationRecord(ctx, latest); err != nil {
				t.Fatal(err)
			}
			if err := db.CheckSchema(ctx); !errors.Is(err, store.ErrSchemaOutdated) {
				t.Fatalf("CheckSchema after removing %d = %v, want ErrSchemaOutdated", latest, err)
			}
		})
	}
}

func TestSettingsAndTimes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.Setting(ctx, "nope"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("missing setting: %v, want ErrNotFound", err)
		}
		var at time.Time
		err := db.WriteUnaudited(ctx, func(tx *store.Tx) error {
			at = tx.Now()
			return tx.SetSetting(ctx, "k", "v1")
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "k", "v2") }); err != nil {
			t.Fatal(err)
		}
		v, err := db.Setting(ctx, "k")
		if err != nil || v != "v2" {
			t.Fatalf("setting = %q, %v; want v2", v, err)
		}
		got, err := db.SettingTime(ctx, "k")
		if err != nil {
			t.Fatal(err)
		}
		if got.Before(at) || got.Location() != time.UTC || got.Nanosecond()%1000 != 0 {
			t.Errorf("updated_at %v: want a UTC time at microsecond precision, not before %v", got, at)
		}
	})
}

func TestWriteWithoutAuditIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Write(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "sneaky", "1") })
		if !errors.Is(err, store.ErrUnaudited) {
			t.Fatalf("Write without audit = %v, want ErrUnaudited", err)
		}
		if ok, _ := db.HasSetting(ctx, "sneaky"); ok {
			t.Fatal("the unaudited write was committed")
		}
	})
}

func TestReferenceSynced(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat := storetest.Catalog(t)
		n, err := db.OrganizationCount(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := len(cat.States) + len(cat.Organizations); n != want {
			t.Fatalf("organizations = %d, want %d", n, want)
		}
		// A second sync writes nothing and changes nothing.
		if err := db.SyncReference(ctx, cat); err != nil {
			t.Fatal(err)
		}
	})
}
