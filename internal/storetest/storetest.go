// Package storetest gives tests real databases: a fresh, migrated napx
// database per test, on SQLite always and on PostgreSQL when
// NAPX_TEST_POSTGRES_URL names a server (make test starts a private one).
// Each test gets its own database, so tests and packages run in parallel
// without sharing state.
//
// Test code only.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"napx/internal/refdata"
	"napx/internal/store"
)

// Engine names a database engine under test.
type Engine string

// The engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Engines returns the engines to test on. PostgreSQL is included when
// NAPX_TEST_POSTGRES_URL is set; when NAPX_TEST_REQUIRE_POSTGRES=1 (make
// test) its absence fails the test instead of skipping it.
func Engines(t testing.TB) []Engine {
	if os.Getenv("NAPX_TEST_POSTGRES_URL") != "" {
		return []Engine{SQLite, Postgres}
	}
	if os.Getenv("NAPX_TEST_REQUIRE_POSTGRES") == "1" {
		t.Fatal("NAPX_TEST_REQUIRE_POSTGRES=1 but NAPX_TEST_POSTGRES_URL is not set")
	}
	return []Engine{SQLite}
}

// Each runs fn once per engine as a subtest named after it ("sqlite",
// "postgres"), each with a fresh migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, e := range Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			EngineParallel(t)
			fn(t, Open(t, e))
		})
	}
}

var parallelEngines atomic.Bool

// ParallelEngines makes the engine subtests of Each (and of webtest's
// EachDemo and EachDemoDB) run in parallel with each other: a package whose
// tests share nothing between engines calls it in TestMain, before m.Run.
// The PostgreSQL subtest spends much of its time waiting for the server,
// the SQLite one computing, so the two overlap well. A test that shares
// state between its engine subtests, or reads their results after Each
// returns, cannot use it (the subtests then run after the parent's
// function has returned); one whose engines share an object they change
// calls SerialEngines.
func ParallelEngines() { parallelEngines.Store(true) }

// serialTests are the tests whose engine subtests share something and so
// run one after the other (SerialEngines), by name.
var serialTests sync.Map

// SerialEngines makes the engine subtests of t run one after the other in
// a package that runs them side by side: for a test whose engines share an
// object they change (a clock given to both as an option).
func SerialEngines(t *testing.T) { serialTests.Store(t.Name(), true) }

// EngineParallel marks t, an engine subtest, parallel when the package
// asked for it (ParallelEngines) and its test did not refuse it.
func EngineParallel(t *testing.T) {
	parent := t.Name()
	if i := strings.LastIndex(parent, "/"); i >= 0 {
		parent = parent[:i]
	}
	if _, serial := serialTests.Load(parent); parallelEngines.Load() && !serial {
		t.Parallel()
	}
}

var catalog = sync.OnceValues(refdata.Load)

// Catalog returns the reference data (loaded once per test binary).
func Catalog(t testing.TB) *refdata.Catalog {
	t.Helper()
	c, err := catalog()
	if err != nil {
		t.Fatalf("reference data: %v", err)
	}
	return c
}

// Open returns a fresh, migrated database on engine with the reference
// data synced, closed when the test ends.
func Open(t testing.TB, e Engine) *store.DB {
	t.Helper()
	var dbURL string
	switch e {
	case SQLite:
		tmpl, err := sqliteTemplate()
		if err != nil {
			t.Fatalf("sqlite template: %v", err)
		}
		path := filepath.Join(t.TempDir(), "napx.db")
		if err := copyFile(tmpl, path); err != nil {
			t.Fatal(err)
		}
		dbURL = "sqlite:" + path
	case Postgres:
		var err error
		dbURL, err = postgresDatabase(t)
		if err != nil {
			t.Fatalf("postgres: %v", err)
		}
	default:
		t.Fatalf("unknown engine %q", e)
	}
	return openURL(t, e, dbURL)
}

// openURL opens a migrated test database, closed when the test ends.
func openURL(t testing.TB, e Engine, dbURL string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatalf("open %s: %v", e, err)
	}
	urls.Store(db, dbURL)
	t.Cleanup(func() { _ = db.Close(); urls.Delete(db) })
	if err := db.CheckSchema(ctx); err != nil {
		t.Fatalf("%s: %v", e, err)
	}
	return db
}

// OpenEmpty returns an empty, unmigrated database on engine (for the
// migration tests themselves).
func OpenEmpty(t testing.TB, e Engine) *store.DB {
	t.Helper()
	var dbURL string
	switch e {
	case SQLite:
		dbURL = "sqlite:" + filepath.Join(t.TempDir(), "empty.db")
	case Postgres:
		admin := adminURL(t)
		name := newDBName()
		if err := adminExec(admin, "CREATE DATABASE "+name); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = adminExec(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
		dbURL = withDB(admin, name)
	}
	db, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	urls.Store(db, dbURL)
	t.Cleanup(func() { _ = db.Close(); urls.Delete(db) })
	return db
}

// sqliteTemplate migrates one SQLite file per test binary; tests copy it.
var sqliteTemplate = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "napx-storetest-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "template.db")
	if err := prepare("sqlite:" + path); err != nil {
		return "", err
	}
	return path, nil
})

func prepare(dbURL string) error {
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx, nil); err != nil {
		return err
	}
	cat, err := catalog()
	if err != nil {
		return err
	}
	return db.SyncReference(ctx, cat)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

var (
	pgTemplateOnce sync.Once
	pgTemplate     string
	pgTemplateErr  error
	pgCreate       sync.Mutex // CREATE DATABASE ... TEMPLATE must not overlap with other use of the template
	dbCounter      atomic.Int64
)

func newDBName() string {
	return fmt.Sprintf("napx_t%d_%d", os.Getpid(), dbCounter.Add(1))
}

func adminURL(t testing.TB) string {
	u := os.Getenv("NAPX_TEST_POSTGRES_URL")
	if u == "" {
		t.Skip("NAPX_TEST_POSTGRES_URL is not set")
	}
	return u
}

func withDB(admin, name string) string {
	u, err := url.Parse(admin)
	if err != nil {
		return admin
	}
	u.Path = "/" + name
	return u.String()
}

func adminExec(admin, stmt string) error {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(stmt)
	return err
}

// postgresDatabase creates a database for one test from a per-binary
// template that holds the migrated schema and the reference data, and
// drops it when the test ends.
func postgresDatabase(t testing.TB) (string, error) {
	admin := adminURL(t)
	if err := ensurePGTemplate(admin); err != nil {
		return "", err
	}
	name := newDBName()
	pgCreate.Lock()
	err := adminExec(admin, "CREATE DATABASE "+name+" TEMPLATE "+pgTemplate)
	pgCreate.Unlock()
	if err != nil {
		return "", err
	}
	t.Cleanup(func() { _ = adminExec(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return withDB(admin, name), nil
}

// ensurePGTemplate makes the per-binary template database once.
func ensurePGTemplate(admin string) error {
	pgTemplateOnce.Do(func() {
		pgTemplate = fmt.Sprintf("napx_tmpl%d", os.Getpid())
		if err := adminExec(admin, "DROP DATABASE IF EXISTS "+pgTemplate+" WITH (FORCE)"); err != nil {
			pgTemplateErr = err
			return
		}
		if err := adminExec(admin, "CREATE DATABASE "+pgTemplate); err != nil {
			pgTemplateErr = err
			return
		}
		pgTemplateErr = prepare(withDB(admin, pgTemplate))
	})
	return pgTemplateErr
}

// Cleanup of the per-binary PostgreSQL template happens in Main.

// Main is for TestMain in packages that use PostgreSQL: it runs the tests
// and then drops the template database.
func Main(m interface{ Run() int }) int {
	code := m.Run()
	dropSeeded(os.Getenv("NAPX_TEST_POSTGRES_URL"))
	if pgTemplate != "" {
		if admin := os.Getenv("NAPX_TEST_POSTGRES_URL"); admin != "" {
			_ = adminExec(admin, "DROP DATABASE IF EXISTS "+pgTemplate+" WITH (FORCE)")
		}
	}
	return code
}

// Name is a readable engine name for messages.
func (e Engine) Name() string { return strings.ToUpper(string(e[:1])) + string(e[1:]) }

var urls sync.Map // *store.DB -> URL, for tests that hand a database to a subprocess

// URL returns the address of a database opened by Open or OpenEmpty.
func URL(t testing.TB, db *store.DB) string {
	t.Helper()
	v, ok := urls.Load(db)
	if !ok {
		t.Fatal("storetest.URL: database not opened by Open or OpenEmpty")
	}
	return v.(string)
}
