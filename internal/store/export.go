package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
)

// The whole-data export and import (issue 16, item 4) move rows table by
// table: the store says what the tables are (columns, types, primary
// keys, read from the database itself so a new column cannot be
// forgotten), streams a table's rows as typed values in a fixed order, and
// writes rows back with their IDs. Which tables travel, in which order and
// what a reader may see of them is the service's (service/export.go).

// ColumnKind is how a column's values travel.
type ColumnKind string

// The kinds of column values.
const (
	KindInt  ColumnKind = "int"
	KindBool ColumnKind = "bool"
	KindText ColumnKind = "text"
	KindTime ColumnKind = "time"
	KindBlob ColumnKind = "blob"
)

// TableInfo describes a table: its columns (sorted by name, the order rows
// travel in), their kinds, and the primary key.
type TableInfo struct {
	Name    string
	Columns []string
	Kinds   map[string]ColumnKind
	Key     []string // the primary key's columns, in key order
	// Identity reports whether the table has an "id" column the database
	// numbers (its sequence is moved past imported IDs on PostgreSQL).
	Identity bool
	// Unsupported names a column whose type has no export kind (River's
	// jsonb on PostgreSQL): the table can be described but not travel.
	Unsupported error
}

func kindOf(declared string) (ColumnKind, error) {
	t := strings.ToLower(strings.TrimSpace(declared))
	switch {
	case t == "integer" || t == "bigint" || t == "smallint" || strings.HasPrefix(t, "int"):
		return KindInt, nil
	case t == "boolean" || t == "bool":
		return KindBool, nil
	case t == "text" || strings.HasPrefix(t, "character varying") || strings.HasPrefix(t, "varchar"):
		return KindText, nil
	case strings.HasPrefix(t, "timestamp"):
		return KindTime, nil
	case t == "blob" || t == "bytea":
		return KindBlob, nil
	}
	return "", fmt.Errorf("store: no export kind for the column type %q", declared)
}

// Tables describes every table of the database (napx's own and any a
// feature added), by name.
func (db *DB) Tables(ctx context.Context) (map[string]*TableInfo, error) {
	var q string
	if db.dialect == SQLite {
		q = `SELECT m.name, p.name, p.type, p.pk FROM sqlite_master m JOIN pragma_table_info(m.name) p
		     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	} else {
		q = `SELECT c.table_name, c.column_name, c.data_type,
		       COALESCE((SELECT k.ordinal_position FROM information_schema.table_constraints t
		         JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema AND k.table_name = t.table_name
		         WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name), 0)
		     FROM information_schema.columns c WHERE c.table_schema = current_schema()`
	}
	rows, err := db.query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: tables: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := map[string]*TableInfo{}
	keys := map[string]map[int]string{}
	for rows.Next() {
		var table, col, typ string
		var pk int
		if err := rows.Scan(&table, &col, &typ, &pk); err != nil {
			return nil, err
		}
		t := out[table]
		if t == nil {
			t = &TableInfo{Name: table, Kinds: map[string]ColumnKind{}}
			out[table] = t
			keys[table] = map[int]string{}
		}
		k, err := kindOf(typ)
		if err != nil && t.Unsupported == nil {
			t.Unsupported = fmt.Errorf("%w (%s.%s)", err, table, col)
		}
		t.Columns = append(t.Columns, col)
		t.Kinds[col] = k
		if pk > 0 {
			keys[table][pk] = col
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for name, t := range out {
		sort.Strings(t.Columns)
		for i := 1; i <= len(keys[name]); i++ {
			t.Key = append(t.Key, keys[name][i])
		}
		t.Identity = len(t.Key) == 1 && t.Key[0] == "id" && t.Kinds["id"] == KindInt
	}
	return out, nil
}

// Value is one column's value as it travels: nil for NULL, int64, bool,
// string, time.Time (UTC, microseconds) or []byte.
type Value = any

// ScanTable reads the rows of t that where keeps (an SQL condition on the
// table aliased "t", "" for all) in primary-key order, calling fn with
// each row's values in t.Columns order. fn must not keep the slice.
func (c *Conn) ScanTable(ctx context.Context, t *TableInfo, where string, args []any, fn func(row []Value) error) error {
	cols := make([]string, len(t.Columns))
	for i, col := range t.Columns {
		cols[i] = "t." + quoteIdent(col)
	}
	q := `SELECT ` + strings.Join(cols, ", ") + ` FROM ` + quoteIdent(t.Name) + ` t`
	if where != "" {
		q += ` WHERE ` + where
	}
	keys := make([]string, len(t.Key))
	for i, k := range t.Key {
		keys[i] = "t." + quoteIdent(k)
		if t.Kinds[k] == KindText && c.dialect == Postgres {
			keys[i] += ` COLLATE "C"` // byte order, as SQLite sorts: the same file from either engine
		}
	}
	if len(keys) > 0 {
		q += ` ORDER BY ` + strings.Join(keys, ", ")
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: read %s: %w", t.Name, err)
	}
	defer func() { _ = rows.Close() }()
	dst := make([]any, len(t.Columns))
	ints := make([]sql.NullInt64, len(t.Columns))
	bools := make([]sql.NullBool, len(t.Columns))
	texts := make([]sql.NullString, len(t.Columns))
	times := make([]sql.NullTime, len(t.Columns))
	blobs := make([][]byte, len(t.Columns))
	for i, col := range t.Columns {
		switch t.Kinds[col] {
		case KindInt:
			dst[i] = &ints[i]
		case KindBool:
			dst[i] = &bools[i]
		case KindText:
			dst[i] = &texts[i]
		case KindTime:
			dst[i] = &times[i]
		case KindBlob:
			dst[i] = &blobs[i]
		}
	}
	row := make([]Value, len(t.Columns))
	for rows.Next() {
		for i := range blobs {
			blobs[i] = nil
		}
		if err := rows.Scan(dst...); err != nil {
			return fmt.Errorf("store: read %s: %w", t.Name, translate(err))
		}
		for i, col := range t.Columns {
			row[i] = nil
			switch t.Kinds[col] {
			case KindInt:
				if ints[i].Valid {
					row[i] = ints[i].Int64
				}
			case KindBool:
				if bools[i].Valid {
					row[i] = bools[i].Bool
				}
			case KindText:
				if texts[i].Valid {
					row[i] = texts[i].String
				}
			case KindTime:
				if times[i].Valid {
					row[i] = times[i].Time.UTC().Truncate(time.Microsecond)
				}
			case KindBlob:
				if blobs[i] != nil {
					row[i] = blobs[i]
				}
			}
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Count returns how many rows of t where keeps ("" for all).
func (c *Conn) Count(ctx context.Context, table, where string, args []any) (int64, error) {
	q := `SELECT COUNT(*) FROM ` + quoteIdent(table) + ` t`
	if where != "" {
		q += ` WHERE ` + where
	}
	var n int64
	if err := c.queryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count %s: %w", table, translate(err))
	}
	return n, nil
}

// Inserter writes rows into one table inside an import's transaction,
// with one prepared shape.
type Inserter struct {
	tx    *Tx
	table string
	query string
}

// Inserter returns a writer of rows of t with the given columns.
func (tx *Tx) Inserter(t *TableInfo, cols []string) *Inserter {
	quoted := make([]string, len(cols))
	holders := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
		holders[i] = fmt.Sprintf("$%d", i+1)
	}
	return &Inserter{tx: tx, table: t.Name, query: `INSERT INTO ` + quoteIdent(t.Name) + ` (` + strings.Join(quoted, ", ") + `) VALUES (` + strings.Join(holders, ", ") + `)`}
}

// Insert writes one row (values in the inserter's column order).
func (in *Inserter) Insert(ctx context.Context, vals []Value) error {
	_, err := in.tx.exec(ctx, in.query, vals...)
	return err
}

// InsertID writes one row and returns the ID the database gave it (a
// table with an identity "id" the row leaves out).
func (in *Inserter) InsertID(ctx context.Context, vals []Value) (int64, error) {
	return in.tx.insertID(ctx, in.query+` RETURNING id`, vals...)
}

// UpdateRow sets cols of the row of t whose primary key is key (values in
// t.Key order).
func (tx *Tx) UpdateRow(ctx context.Context, t *TableInfo, key []Value, cols []string, vals []Value) error {
	sets := make([]string, len(cols))
	args := make([]any, 0, len(cols)+len(key))
	for i, c := range cols {
		args = append(args, vals[i])
		sets[i] = fmt.Sprintf("%s = $%d", quoteIdent(c), len(args))
	}
	conds := make([]string, len(t.Key))
	for i, k := range t.Key {
		args = append(args, key[i])
		conds[i] = fmt.Sprintf("%s = $%d", quoteIdent(k), len(args))
	}
	res, err := tx.exec(ctx, `UPDATE `+quoteIdent(t.Name)+` SET `+strings.Join(sets, ", ")+` WHERE `+strings.Join(conds, " AND "), args...)
	if err != nil {
		return err
	}
	return oneRow(res, fmt.Errorf("store: update %s: no such row", t.Name))
}

// ResetIdentity moves a table's ID sequence past its largest ID
// (PostgreSQL; SQLite numbers from the largest ID by itself).
func (tx *Tx) ResetIdentity(ctx context.Context, t *TableInfo) error {
	if tx.dialect != Postgres || !t.Identity {
		return nil
	}
	_, err := tx.x.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT MAX(id) FROM `+quoteIdent(t.Name)+`), 1),
		(SELECT MAX(id) IS NOT NULL FROM `+quoteIdent(t.Name)+`))`, t.Name)
	if err != nil {
		return fmt.Errorf("store: identity of %s: %w", t.Name, err)
	}
	return nil
}

// SetAuditHead points the audit log's head at its last entry (after an
// import copied the log).
func (tx *Tx) SetAuditHead(ctx context.Context, seq int64, hash string) error {
	_, err := tx.exec(ctx, `UPDATE audit_head SET last_seq = $1, last_hash = $2, data_seq = $1 WHERE id = 1`, seq, hash)
	return err
}

// quoteIdent quotes a table or column name read from the schema.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// ReadSnapshot runs fn on a read-only transaction that sees the database
// as it was when it began (PostgreSQL: REPEATABLE READ; SQLite: a read
// transaction in WAL mode), so that an export taken while napx serves is
// consistent: no row refers to a row it does not hold.
func (db *DB) ReadSnapshot(ctx context.Context, fn func(c *Conn) error) error {
	var opts *sql.TxOptions
	if db.dialect == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: begin snapshot: %w", translate(err))
	}
	defer func() { _ = tx.Rollback() }()
	return fn(&Conn{x: tx, dialect: db.dialect})
}
