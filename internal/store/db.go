package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"napx/internal/model"
)

// Dialect names a database engine.
type Dialect string

// The two engines napx runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Conn runs queries on the database or inside a transaction. Every store
// method is defined on *Conn, so it works on both a DB and a Tx.
type Conn struct {
	x       querier
	dialect Dialect
	tx      *txState // nil outside a write transaction
}

// DB is an open database.
type DB struct {
	Conn
	read  *sql.DB // every pool reads through this one
	write *sql.DB // SQLite: one connection, BEGIN IMMEDIATE; PostgreSQL: the same pool as read
	path  string  // SQLite file, for backups
	now   func() time.Time
}

// WithClock returns the database with rows stamped by now (the injected
// clock of server.Options.Now) instead of the real time. It shares the
// pools; close the original.
func (db *DB) WithClock(now func() time.Time) *DB {
	c := *db
	if now != nil {
		c.now = now
	}
	return &c
}

// Clock returns the time the store stamps rows with.
func (db *DB) Clock() time.Time {
	if db.now == nil {
		return time.Now()
	}
	return db.now()
}

// Tx is a write transaction, obtained from DB.Write.
type Tx struct {
	Conn
}

type txState struct {
	wrote   bool // an INSERT, UPDATE or DELETE ran
	audited bool // an audit entry was appended
	now     time.Time
	// editions read for the search index, by ID: a transaction that saves
	// hundreds of cells (an import, the demo) reads their edition once.
	editions map[int64]model.MatrixEdition
}

// Dialect reports the engine.
func (c *Conn) Dialect() Dialect { return c.dialect }

// Open connects to url: "sqlite:PATH" or "postgres://...". It does not
// migrate; see Migrate and CheckSchema.
func Open(ctx context.Context, dbURL string) (*DB, error) {
	switch {
	case strings.HasPrefix(dbURL, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(dbURL, "sqlite:"))
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		return openPostgres(ctx, dbURL)
	}
	return nil, fmt.Errorf("store: unsupported database address (want sqlite:PATH or postgres://...)")
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: empty SQLite path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	// Times are stored as integer microseconds since the epoch, the same
	// precision PostgreSQL keeps, and read back as time.Time.
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_busy_timeout=10000&_foreign_keys=1" +
		"&_journal_mode=WAL&_synchronous=NORMAL&_time_integer_format=unix_micro&_inttotime=1" +
		"&_pragma=temp_store(MEMORY)&_pragma=mmap_size(268435456)"
	read, err := newSQLiteDB(base + "&_txlock=deferred")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	read.SetMaxIdleConns(max(4, runtime.NumCPU()*2))
	read.SetConnMaxIdleTime(5 * time.Minute)
	// Writes go through a single connection whose transactions start with
	// BEGIN IMMEDIATE: a transaction that reads and then writes can never
	// fail to upgrade its lock, and writers queue in Go instead of spinning
	// on SQLITE_BUSY.
	write, err := newSQLiteDB(base + "&_txlock=immediate")
	if err != nil {
		_ = read.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxIdleTime(0)
	db := &DB{Conn: Conn{x: read, dialect: SQLite}, read: read, write: write, path: path}
	if err := db.ping(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

func openPostgres(ctx context.Context, dbURL string) (*DB, error) {
	pool, err := sql.Open("pgx", dbURL)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{Conn: Conn{x: pool, dialect: Postgres}, read: pool, write: pool}
	if err := db.ping(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("store: connect: %w", err)
	}
	if db.write != db.read {
		if err := db.write.PingContext(ctx); err != nil {
			return fmt.Errorf("store: connect: %w", err)
		}
	}
	return nil
}

// Ping checks that the database answers (readiness).
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Close closes the pools.
func (db *DB) Close() error {
	err := db.read.Close()
	if db.write != db.read {
		err = errors.Join(err, db.write.Close())
	}
	return err
}

// ErrUnaudited is returned by Write when the function changed rows without
// appending an audit entry: every change must be audited.
var ErrUnaudited = errors.New("store: a write transaction changed data without an audit entry")

// Write runs fn in a write transaction and commits it when fn returns nil.
// A transaction that changes rows must append an audit entry (Tx.Audit);
// otherwise it is rolled back with ErrUnaudited. Writes must not nest.
func (db *DB) Write(ctx context.Context, fn func(tx *Tx) error) error {
	return db.runTx(ctx, true, fn)
}

// WriteUnaudited runs fn in a write transaction that is exempt from the
// audit rule. It is for housekeeping that changes no record a person owns:
// session expiry, sign-in throttling counters, reference-data sync, demo
// markers.
func (db *DB) WriteUnaudited(ctx context.Context, fn func(tx *Tx) error) error {
	return db.runTx(ctx, false, fn)
}

func (db *DB) runTx(ctx context.Context, audited bool, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", translate(err))
	}
	tx := &Tx{Conn: Conn{x: sqlTx, dialect: db.dialect, tx: &txState{now: db.Clock()}}}
	committed := false
	defer func() {
		if !committed {
			_ = sqlTx.Rollback()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if audited && tx.tx.wrote && !tx.tx.audited {
		return ErrUnaudited
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", translate(err))
	}
	committed = true
	return nil
}

// exec runs a statement that changes data, rebinding placeholders.
func (c *Conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	countQuery(ctx)
	res, err := c.x.ExecContext(ctx, c.rebind(query), args...)
	if err != nil {
		return nil, translate(err)
	}
	if c.tx != nil {
		c.tx.wrote = true
	}
	return res, nil
}

// query runs a query, rebinding placeholders.
func (c *Conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	countQuery(ctx)
	rows, err := c.x.QueryContext(ctx, c.rebind(query), args...)
	if err != nil {
		return nil, translate(err)
	}
	return rows, nil
}

// queryRow runs a query that returns at most one row.
func (c *Conn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	countQuery(ctx)
	return c.x.QueryRowContext(ctx, c.rebind(query), args...)
}

// insertID runs an INSERT ... RETURNING id and returns the id.
func (c *Conn) insertID(ctx context.Context, query string, args ...any) (int64, error) {
	countQuery(ctx)
	var id int64
	if err := c.x.QueryRowContext(ctx, c.rebind(query), args...).Scan(&id); err != nil {
		return 0, translate(err)
	}
	if c.tx != nil {
		c.tx.wrote = true
	}
	return id, nil
}

// forUpdate is appended to a SELECT that locks the rows it reads until the
// transaction ends. SQLite needs none: its write transactions are
// IMMEDIATE and so already exclusive.
func (c *Conn) forUpdate() string {
	if c.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

var rebindCache sync.Map // query -> rebound query (SQLite)

// rebind turns PostgreSQL's $1 placeholders into SQLite's ?1. Quoted
// strings and identifiers are left alone.
func (c *Conn) rebind(q string) string {
	if c.dialect != SQLite || !strings.Contains(q, "$") {
		return q
	}
	if v, ok := rebindCache.Load(q); ok {
		return v.(string)
	}
	r := Rebind(q)
	rebindCache.Store(q, r)
	return r
}

// Rebind rewrites $N placeholders outside quotes as ?N.
func Rebind(q string) string {
	var b strings.Builder
	b.Grow(len(q))
	var quote byte
	for i := 0; i < len(q); i++ {
		ch := q[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '$' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9':
			ch = '?'
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// translate maps driver errors onto model's sentinels where one fits, and
// otherwise returns err unchanged.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return errNotFound(err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &constraintError{kind: kindUnique, err: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &constraintError{kind: kindForeignKey, err: err}
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return &constraintError{kind: kindCheck, err: err}
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return &constraintError{kind: kindUnique, err: err}
		case "23503":
			return &constraintError{kind: kindForeignKey, err: err}
		case "23514", "23502":
			return &constraintError{kind: kindCheck, err: err}
		}
	}
	return err
}

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner = interface{ Scan(...any) error }

// queryAll runs a query and scans every row with scan: the one scan loop
// (rows closed, rows.Err checked, never nil).
func queryAll[T any](ctx context.Context, c *Conn, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
