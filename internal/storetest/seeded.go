package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"napx/internal/store"
)

// seededTemplate is one database seeded once per test binary, engine and
// key, that Seeded copies for each test.
type seededTemplate struct {
	once sync.Once
	src  string // SQLite: the file; PostgreSQL: the template database's name
	err  error
}

var (
	seededMu   sync.Mutex
	seeded     = map[string]*seededTemplate{}
	seededPG   []string // template databases Main drops
	seededDirs []string
)

// Seeded returns a fresh database on engine holding what seed writes into
// a migrated one. seed runs once per test binary, engine and key (for the
// first caller); every caller gets its own copy — a file copy on SQLite, a
// CREATE DATABASE … TEMPLATE on PostgreSQL — so tests stay independent
// while a costly seed (the demo: seconds under the race detector) is paid
// once. key must name everything the seed depends on (e.g. the clock's
// day).
func Seeded(t testing.TB, e Engine, key string, seed func(db *store.DB) error) *store.DB {
	t.Helper()
	seededMu.Lock()
	st, ok := seeded[string(e)+"\x00"+key]
	if !ok {
		st = &seededTemplate{}
		seeded[string(e)+"\x00"+key] = st
	}
	seededMu.Unlock()
	st.once.Do(func() { st.src, st.err = buildSeeded(t, e, seed) })
	if st.err != nil {
		t.Fatalf("seeded %s database %q: %v", e, key, st.err)
	}
	if st.src == "" {
		t.Fatalf("seeded %s database %q: its seed stopped an earlier test", e, key)
	}
	var dbURL string
	switch e {
	case SQLite:
		path := filepath.Join(t.TempDir(), "napx.db")
		if err := copyFile(st.src, path); err != nil {
			t.Fatal(err)
		}
		dbURL = "sqlite:" + path
	case Postgres:
		admin := adminURL(t)
		name := newDBName()
		pgCreate.Lock()
		err := adminExec(admin, "CREATE DATABASE "+name+" TEMPLATE "+st.src)
		pgCreate.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = adminExec(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
		dbURL = withDB(admin, name)
	default:
		t.Fatalf("unknown engine %q", e)
	}
	return openURL(t, e, dbURL)
}

// buildSeeded makes the template: a migrated database, seeded, closed.
func buildSeeded(t testing.TB, e Engine, seed func(db *store.DB) error) (string, error) {
	ctx := context.Background()
	var dbURL, src string
	switch e {
	case SQLite:
		tmpl, err := sqliteTemplate()
		if err != nil {
			return "", err
		}
		dir, err := os.MkdirTemp("", "napx-seeded-")
		if err != nil {
			return "", err
		}
		seededMu.Lock()
		seededDirs = append(seededDirs, dir)
		seededMu.Unlock()
		src = filepath.Join(dir, "seeded.db")
		if err := copyFile(tmpl, src); err != nil {
			return "", err
		}
		dbURL = "sqlite:" + src
	case Postgres:
		admin := adminURL(t)
		if err := ensurePGTemplate(admin); err != nil {
			return "", err
		}
		src = fmt.Sprintf("napx_seed%d_%d", os.Getpid(), dbCounter.Add(1))
		pgCreate.Lock()
		err := adminExec(admin, "CREATE DATABASE "+src+" TEMPLATE "+pgTemplate)
		pgCreate.Unlock()
		if err != nil {
			return "", err
		}
		seededMu.Lock()
		seededPG = append(seededPG, src)
		seededMu.Unlock()
		dbURL = withDB(admin, src)
	default:
		return "", fmt.Errorf("unknown engine %q", e)
	}
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		return "", err
	}
	err = seed(db)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	if e == SQLite {
		// Closed, the file holds everything (the last connection's close
		// checkpoints the write-ahead log); a log left behind would be lost
		// by the copy, so it is refused rather than ignored.
		if _, err := os.Stat(src + "-wal"); err == nil {
			if fi, _ := os.Stat(src + "-wal"); fi.Size() > 0 {
				return "", fmt.Errorf("%s-wal left after close", src)
			}
		}
	}
	return src, nil
}

// dropSeeded removes the seeded templates (Main).
func dropSeeded(admin string) {
	seededMu.Lock()
	defer seededMu.Unlock()
	for _, name := range seededPG {
		_ = adminExec(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	for _, dir := range seededDirs {
		_ = os.RemoveAll(dir)
	}
}
