package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"
	"strings"
)

// SQLite compiles every statement each time it runs: database/sql keeps
// no prepared statements for queries run straight on a DB or a Tx, and
// the modernc driver keeps none either. Compiling is most of the cost of a
// small statement (a River job insert spends about 70 % of its time in
// sqlite3_prepare_v2), so napx's SQLite connections keep their compiled
// statements: each connection maps the SQL text to its prepared statement
// and reuses it. A statement still in use (its rows are open while the
// same SQL runs again) gets a one-off statement instead; scripts (SQL with
// a ';') are never cached. SQLite recompiles a cached statement by itself
// when the schema changes (sqlite3_prepare_v2), so migrations need nothing.

// stmtCacheSize bounds the statements one connection keeps.
const stmtCacheSize = 256

// sqliteConnector opens modernc connections and wraps each in a cache.
type sqliteConnector struct {
	drv driver.Driver
	dsn string
}

func newSQLiteDB(dsn string) (*sql.DB, error) {
	probe, err := sql.Open("sqlite", "")
	if err != nil {
		return nil, err
	}
	drv := probe.Driver()
	_ = probe.Close()
	return sql.OpenDB(sqliteConnector{drv: drv, dsn: dsn}), nil
}

func (c sqliteConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &cachingConn{Conn: conn, stmts: map[string]*cachedStmt{}}, nil
}

func (c sqliteConnector) Driver() driver.Driver { return c.drv }

type cachedStmt struct {
	st   driver.Stmt
	busy bool
}

// cachingConn is a modernc connection with its statements kept. database/sql
// never uses a connection from two goroutines at once, so it needs no lock.
type cachingConn struct {
	driver.Conn
	stmts map[string]*cachedStmt
}

var (
	_ driver.ExecerContext      = (*cachingConn)(nil)
	_ driver.QueryerContext     = (*cachingConn)(nil)
	_ driver.ConnBeginTx        = (*cachingConn)(nil)
	_ driver.ConnPrepareContext = (*cachingConn)(nil)
	_ driver.Pinger             = (*cachingConn)(nil)
	_ driver.SessionResetter    = (*cachingConn)(nil)
	_ driver.Validator          = (*cachingConn)(nil)
)

// take returns the cached statement for query, marked busy, or nil when it
// cannot be used (a script, or in use).
func (c *cachingConn) take(ctx context.Context, query string) (*cachedStmt, error) {
	if strings.Contains(query, ";") {
		return nil, nil
	}
	if s, ok := c.stmts[query]; ok {
		if s.busy {
			return nil, nil
		}
		s.busy = true
		return s, nil
	}
	pc, ok := c.Conn.(driver.ConnPrepareContext)
	if !ok {
		return nil, nil
	}
	st, err := pc.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if len(c.stmts) >= stmtCacheSize {
		for q, s := range c.stmts {
			if !s.busy {
				_ = s.st.Close()
				delete(c.stmts, q)
				break
			}
		}
	}
	s := &cachedStmt{st: st, busy: true}
	c.stmts[query] = s
	return s, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
	}
	defer func() { s.busy = false }()
	return s.st.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
	}
	rows, err := s.st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		s.busy = false
		return nil, err
	}
	return &cachedRows{Rows: rows, s: s}, nil
}

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *cachingConn) Ping(ctx context.Context) error { return c.Conn.(driver.Pinger).Ping(ctx) }

func (c *cachingConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *cachingConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

// Close finalizes the kept statements, then closes the connection.
func (c *cachingConn) Close() error {
	var errs []error
	for q, s := range c.stmts {
		errs = append(errs, s.st.Close())
		delete(c.stmts, q)
	}
	return errors.Join(append(errs, c.Conn.Close())...)
}

// cachedRows frees its statement for reuse when closed, and passes on the
// column descriptions modernc gives.
type cachedRows struct {
	driver.Rows
	s *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.s.busy = false
	return err
}

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *cachedRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *cachedRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

// CountNestedForTests runs query and, for each of its rows, runs it again
// on the same connection while the outer rows are open, counting every
// inner row (a test of the statement cache's busy path).
func CountNestedForTests(ctx context.Context, db *DB, query string) (int, error) {
	c, err := db.write.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	outer, err := c.QueryContext(ctx, query)
	if err != nil {
		return 0, err
	}
	var as []int
	for outer.Next() {
		var a int
		if err := outer.Scan(&a); err != nil {
			return 0, err
		}
		as = append(as, a)
		if len(as) == 1 {
			// Still inside the outer rows: the same SQL needs its own statement.
			inner, err := c.QueryContext(ctx, query)
			if err != nil {
				return 0, err
			}
			for inner.Next() {
				as = append(as, -1)
			}
			if err := inner.Close(); err != nil {
				return 0, err
			}
		}
	}
	if err := outer.Close(); err != nil {
		return 0, err
	}
	return len(as), outer.Err()
}
