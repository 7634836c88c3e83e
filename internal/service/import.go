package service

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"napx/internal/model"
	"napx/internal/store"
)

// Reading an export back (issue 16, item 4): into an empty database, a
// restore that keeps every ID and copies the audit log (whose chain is
// checked before anything is committed); into an existing one, a merge
// by stable keys that is audited and can be previewed exactly (the merge
// run in a transaction that is rolled back). Either is all or nothing:
// the first problem — another version, a table or column this napx does
// not know, a broken reference, a truncated file, an attachment that does
// not match its hash — is named and nothing is imported.

// DataImportError is a refused import file: the first problem, in words.
type DataImportError struct{ Problem string }

func (e *DataImportError) Error() string { return "the import was refused: " + e.Problem }

func refuseImport(format string, args ...any) error {
	return &DataImportError{Problem: fmt.Sprintf(format, args...)}
}

// ImportMode says what an import does.
type ImportMode int

// The modes.
const (
	ImportLoad   ImportMode = iota + 1 // into an empty database
	ImportDryRun                       // a merge, rolled back: what it would change
	ImportMerge                        // a merge into an existing database
)

// ImportReport is what an import did (a preview: would do).
type ImportReport struct {
	Mode    ImportMode
	Scope   string // "all" or "account"
	Account string // a scoped export's account
	Rows    int64
	Tables  []ImportTableReport
	Changes []ImportChange // a merge: every row it inserts or changes, in order
}

// ImportTableReport counts one table's rows.
type ImportTableReport struct {
	Table                         string
	Rows, Inserted, Updated, Same int64
}

// ImportChange is one row a merge inserts or changes.
type ImportChange struct {
	Table  string
	Key    string   // the row's stable key
	Label  string   // its title, name or e-mail, for people
	Op     string   // insert or update
	Fields []string // update: the columns that change
}

// IsEmpty reports whether the database holds no exported row: what a
// load needs.
func (x *Export) IsEmpty(ctx context.Context) (bool, error) {
	t, err := x.firstFilled(ctx)
	return t == "", err
}

// firstFilled names the first exported table that holds rows ("" when
// none does).
func (x *Export) firstFilled(ctx context.Context) (string, error) {
	tables, err := x.plan(ctx)
	if err != nil {
		return "", err
	}
	for _, t := range tables {
		n, err := x.db.Count(ctx, t.Name, "", nil)
		if err != nil {
			return "", err
		}
		if n > 0 {
			return t.Name, nil
		}
	}
	return "", nil
}

// errRolledBack ends a preview's transaction.
var errRolledBack = errors.New("preview: rolled back")

// Import reads an export from r. A load needs an empty database; a merge
// (or its preview) an existing one. progress, when not nil, is told the
// bytes read so far.
func (x *Export) Import(ctx context.Context, v model.Viewer, r io.Reader, mode ImportMode, progress func(read int64)) (ImportReport, error) {
	if !v.IsSystem() {
		return ImportReport{}, model.ErrForbidden
	}
	tables, err := x.plan(ctx)
	if err != nil {
		return ImportReport{}, err
	}
	filled, err := x.firstFilled(ctx)
	if err != nil {
		return ImportReport{}, err
	}
	empty := filled == ""
	switch {
	case mode == ImportLoad && !empty:
		return ImportReport{}, refuseImport("the database is not empty (%s holds records): preview a merge into it instead (napx import shows what it would change; --merge applies it)", filled)
	case mode != ImportLoad && empty:
		return ImportReport{}, refuseImport("the database is empty: load the file into it (a merge is for a database that holds records)")
	}
	rep := ImportReport{Mode: mode}
	run := func(tx *store.Tx) error {
		in := &importer{x: x, tx: tx, v: v, mode: mode, rep: &rep, tables: tables, dec: newDecoder(r, progress)}
		if err := in.run(ctx); err != nil {
			return err
		}
		if mode == ImportDryRun {
			return errRolledBack
		}
		// The search index is derived (it does not travel): rebuilt from
		// what the database now holds, in the import's transaction.
		if _, err := tx.Reindex(ctx, x.cat, nil); err != nil {
			return err
		}
		return nil
	}
	if mode == ImportLoad {
		// A restore copies the source's audit log (its chain is checked
		// before commit): an entry of its own would make the copy differ.
		err = x.db.WriteUnaudited(ctx, run)
	} else {
		err = x.db.Write(ctx, run)
	}
	if errors.Is(err, errRolledBack) {
		err = nil
	}
	return rep, err
}

// decoder reads the document token by token, counting bytes.
type decoder struct {
	dec      *json.Decoder
	counter  *countingReader
	progress func(int64)
}

type countingReader struct {
	r   io.Reader
	n   int64
	eof bool // the file has ended
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if errors.Is(err, io.EOF) {
		c.eof = true
	}
	return n, err
}

func newDecoder(r io.Reader, progress func(int64)) *decoder {
	cr := &countingReader{r: r}
	dec := json.NewDecoder(cr)
	dec.UseNumber()
	return &decoder{dec: dec, counter: cr, progress: progress}
}

// fail turns a decoding error into the import's refusal.
func (d *decoder) fail(err error, where string) error {
	var ie *DataImportError
	switch {
	case errors.As(err, &ie):
		return err
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return refuseImport("the file is truncated: it ends inside %s, before its end record", where)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) && d.counter.eof && se.Offset >= d.counter.n-utf8.UTFMax {
		// Cut inside a value (a character's bytes, an escape): the
		// decoder's complaint is about its last bytes.
		return refuseImport("the file is truncated: it ends inside %s, before its end record", where)
	}
	if errors.As(err, &se) {
		return refuseImport("the file is not valid JSON at byte %d (in %s)", se.Offset, where)
	}
	return refuseImport("the file could not be read (in %s): %v", where, err)
}

func (d *decoder) delim(want json.Delim, where string) error {
	t, err := d.dec.Token()
	if err != nil {
		return d.fail(err, where)
	}
	if got, ok := t.(json.Delim); !ok || got != want {
		return refuseImport("not a napx export: expected %q in %s", string(want), where)
	}
	return nil
}

func (d *decoder) key(want string) error {
	t, err := d.dec.Token()
	if err != nil {
		return d.fail(err, "the file's "+want)
	}
	if got, ok := t.(string); !ok || got != want {
		return refuseImport("not a napx export: expected the field %q, found %v", want, t)
	}
	return nil
}

func (d *decoder) value(where string, dst any) error {
	if err := d.dec.Decode(dst); err != nil {
		return d.fail(err, where)
	}
	return nil
}

// importer is one import's state.
type importer struct {
	x      *Export
	tx     *store.Tx
	v      model.Viewer
	mode   ImportMode
	rep    *ImportReport
	tables []*planTable
	dec    *decoder
	hash   hash.Hash
	// merge: each table's rows by stable key, and the file's and the
	// target's IDs by key
	merge *mergeState
}

func (in *importer) run(ctx context.Context) error {
	d := in.dec
	if err := d.delim('{', "the file"); err != nil {
		return err
	}
	var format string
	var version int
	if err := d.key("format"); err != nil {
		return err
	}
	if err := d.value("the format", &format); err != nil {
		return err
	}
	if format != ExportFormat {
		return refuseImport("not a napx export (its format is %q)", model.Truncate(format, 40))
	}
	if err := d.key("version"); err != nil {
		return err
	}
	if err := d.value("the version", &version); err != nil {
		return err
	}
	if version != ExportVersion {
		return refuseImport("the file is version %d of the export format; this napx reads version %d", version, ExportVersion)
	}
	if err := d.key("scope"); err != nil {
		return err
	}
	if err := d.value("the scope", &in.rep.Scope); err != nil {
		return err
	}
	if in.rep.Scope != "all" && in.rep.Scope != "account" {
		return refuseImport("the file's scope %q is unknown", model.Truncate(in.rep.Scope, 40))
	}
	if err := d.key("account"); err != nil {
		return err
	}
	if err := d.value("the account", &in.rep.Account); err != nil {
		return err
	}
	if err := d.key("tables"); err != nil {
		return err
	}
	if err := d.delim('[', "the tables"); err != nil {
		return err
	}
	in.hash = sha256.New()
	if in.mode != ImportLoad {
		in.merge = newMergeState()
	}
	next := 0
	for d.dec.More() {
		t, err := in.tableHead(&next)
		if err != nil {
			return err
		}
		if err := in.table(ctx, t); err != nil {
			return err
		}
	}
	if err := d.delim(']', "the tables"); err != nil {
		return err
	}
	if err := d.key("end"); err != nil {
		return err
	}
	var end struct {
		Tables int    `json:"tables"`
		Rows   int64  `json:"rows"`
		SHA256 string `json:"sha256"`
	}
	if err := d.value("the end record", &end); err != nil {
		return err
	}
	if err := d.delim('}', "the file"); err != nil {
		return err
	}
	if _, err := d.dec.Token(); !errors.Is(err, io.EOF) {
		return refuseImport("the file has data after its end record")
	}
	if sum := hex.EncodeToString(in.hash.Sum(nil)); end.Rows != in.rep.Rows || end.Tables != len(in.rep.Tables) || end.SHA256 != sum {
		return refuseImport("the file does not match its end record (%d rows of %d tables, checksum %s): it was cut or altered", end.Rows, end.Tables, model.Truncate(end.SHA256, 16))
	}
	if in.mode == ImportLoad {
		return in.finishLoad(ctx)
	}
	return in.finishMerge(ctx)
}

// tableHead reads a table's name and columns and finds it in the plan,
// after the tables read before it.
func (in *importer) tableHead(next *int) (*planTable, error) {
	d := in.dec
	if err := d.delim('{', "a table"); err != nil {
		return nil, err
	}
	var name string
	var cols []string
	if err := d.key("table"); err != nil {
		return nil, err
	}
	if err := d.value("a table's name", &name); err != nil {
		return nil, err
	}
	if err := d.key("columns"); err != nil {
		return nil, err
	}
	if err := d.value("the columns of "+name, &cols); err != nil {
		return nil, err
	}
	var t *planTable
	for i := *next; i < len(in.tables); i++ {
		if in.tables[i].Name == name {
			t, *next = in.tables[i], i+1
			break
		}
	}
	if t == nil {
		known := slices.ContainsFunc(in.tables, func(p *planTable) bool { return p.Name == name })
		if known {
			return nil, refuseImport("the table %s comes out of order (written by another version of napx?)", name)
		}
		return nil, refuseImport("the file holds a table this napx does not know: %s (written by another version of napx?)", model.Truncate(name, 60))
	}
	if !slices.Equal(cols, t.cols) {
		return nil, refuseImport("the columns of %s in the file (%s) are not this napx's (%s): the file was written by another version",
			name, model.Truncate(strings.Join(cols, ", "), 300), strings.Join(t.cols, ", "))
	}
	if err := d.key("rows"); err != nil {
		return nil, err
	}
	cb, _ := json.Marshal(cols)
	fmt.Fprintf(in.hash, "table\x00%s\x00%s\n", name, cb)
	return t, nil
}

// table reads a table's rows and writes each (load) or merges it.
func (in *importer) table(ctx context.Context, t *planTable) error {
	d := in.dec
	if err := d.delim('[', "the rows of "+t.Name); err != nil {
		return err
	}
	tr := ImportTableReport{Table: t.Name}
	var load *loader
	if in.mode == ImportLoad {
		load = newLoader(in.tx, t)
	} else if err := in.merge.index(ctx, in.tx, t); err != nil {
		return err
	}
	for d.dec.More() {
		var raw json.RawMessage
		if err := d.value("the rows of "+t.Name, &raw); err != nil {
			return err
		}
		in.hash.Write(raw)
		in.hash.Write([]byte{'\n'})
		vals, err := parseRow(t, raw, tr.Rows+1)
		if err != nil {
			return err
		}
		tr.Rows++
		in.rep.Rows++
		if load != nil {
			err = load.row(ctx, vals)
		} else {
			err = in.merge.row(ctx, in.tx, t, vals, &tr, in.rep)
		}
		if err != nil {
			return err
		}
		if d.progress != nil && in.rep.Rows%2000 == 0 {
			d.progress(d.counter.n)
		}
	}
	if err := d.delim(']', "the rows of "+t.Name); err != nil {
		return err
	}
	if err := d.delim('}', "the table "+t.Name); err != nil {
		return err
	}
	if load != nil {
		if err := load.finish(ctx); err != nil {
			return err
		}
	} else if err := in.merge.finishTable(ctx, in.tx, t); err != nil {
		return err
	}
	in.rep.Tables = append(in.rep.Tables, tr)
	if d.progress != nil {
		d.progress(d.counter.n)
	}
	return nil
}

// parseRow turns one row of the file into values by the columns' kinds;
// an attachment must match its size and hash.
func parseRow(t *planTable, raw json.RawMessage, n int64) ([]store.Value, error) {
	var cells []json.RawMessage
	if err := json.Unmarshal(raw, &cells); err != nil {
		return nil, refuseImport("row %d of %s is not a list of values", n, t.Name)
	}
	if len(cells) != len(t.cols) {
		return nil, refuseImport("row %d of %s has %d values for %d columns", n, t.Name, len(cells), len(t.cols))
	}
	vals := make([]store.Value, len(t.info.Columns))
	for col, v := range t.Omit {
		vals[t.idx[col]] = v
	}
	for i, col := range t.cols {
		c := cells[i]
		bad := func(what string) error {
			return refuseImport("row %d of %s: the column %s is not %s", n, t.Name, col, what)
		}
		if string(c) == "null" {
			continue
		}
		var v store.Value
		switch t.info.Kinds[col] {
		case store.KindInt:
			var x json.Number
			if err := json.Unmarshal(c, &x); err != nil {
				return nil, bad("a whole number")
			}
			k, err := x.Int64()
			if err != nil {
				return nil, bad("a whole number")
			}
			v = k
		case store.KindBool:
			var b bool
			if err := json.Unmarshal(c, &b); err != nil {
				return nil, bad("true or false")
			}
			v = b
		case store.KindText:
			var s string
			if err := json.Unmarshal(c, &s); err != nil {
				return nil, bad("text")
			}
			v = s
		case store.KindTime:
			var s string
			if err := json.Unmarshal(c, &s); err != nil {
				return nil, bad("a time")
			}
			tm, err := time.Parse(timeLayout, s)
			if err != nil {
				return nil, bad("a time (" + timeLayout + ")")
			}
			v = tm.UTC()
		case store.KindBlob:
			var a struct {
				SHA256 string `json:"sha256"`
				Size   int64  `json:"size"`
				Base64 string `json:"base64"`
			}
			if err := json.Unmarshal(c, &a); err != nil {
				return nil, bad("an attachment")
			}
			b, err := base64.StdEncoding.DecodeString(a.Base64)
			if err != nil {
				return nil, bad("an attachment in base64")
			}
			sum := sha256.Sum256(b)
			if int64(len(b)) != a.Size || hex.EncodeToString(sum[:]) != a.SHA256 {
				return nil, refuseImport("row %d of %s: the attachment in %s does not match its hash (SHA-256 %s, %d bytes): it was damaged or altered",
					n, t.Name, col, model.Truncate(a.SHA256, 16), a.Size)
			}
			v = b
		}
		vals[t.idx[col]] = v
	}
	return vals, nil
}

// loader writes a table's rows with their IDs (a load into an empty
// database). A reference to a row of the same table is written after the
// table's rows (a plan may replace a plan with a later ID).
type loader struct {
	tx       *store.Tx
	t        *planTable
	ins      *store.Inserter
	self     []string // columns referencing this table
	deferred []selfRef
	n        int64
}

// selfRef is a reference to a row of the same table, written once the
// table's rows are in.
type selfRef struct {
	id  store.Value // the row's ID
	col string
	val store.Value
}

func newLoader(tx *store.Tx, t *planTable) *loader {
	l := &loader{tx: tx, t: t, ins: tx.Inserter(t.info, t.info.Columns)}
	for col, target := range t.Refs {
		if target == t.Name {
			l.self = append(l.self, col)
		}
	}
	slices.Sort(l.self)
	return l
}

func (l *loader) row(ctx context.Context, vals []store.Value) error {
	l.n++
	for _, col := range l.self {
		i := l.t.idx[col]
		if vals[i] != nil {
			l.deferred = append(l.deferred, selfRef{id: vals[l.t.idx["id"]], col: col, val: vals[i]})
			vals[i] = nil
		}
	}
	if err := l.ins.Insert(ctx, vals); err != nil {
		if store.IsConstraintViolation(err) {
			return refuseImport("row %d of %s (%s): %s", l.n, l.t.Name, rowKey(l.t, vals), constraintWords(err))
		}
		return err
	}
	return nil
}

func (l *loader) finish(ctx context.Context) error {
	for _, d := range l.deferred {
		if err := l.tx.UpdateRow(ctx, l.t.info, []store.Value{d.id}, []string{d.col}, []store.Value{d.val}); err != nil {
			if store.IsConstraintViolation(err) {
				return refuseImport("%s %v: the %s it refers to (%v) is not in the file: a broken reference", l.t.Name, d.id, d.col, d.val)
			}
			return err
		}
	}
	return l.tx.ResetIdentity(ctx, l.t.info)
}

// rowKey names a row by its primary key, for messages.
func rowKey(t *planTable, vals []store.Value) string {
	parts := make([]string, len(t.info.Key))
	for i, k := range t.info.Key {
		parts[i] = fmt.Sprintf("%s %v", k, vals[t.idx[k]])
	}
	return strings.Join(parts, ", ")
}

// constraintWords says what a violated constraint means for an import.
func constraintWords(err error) string {
	s := strings.ToLower(err.Error())
	switch {
	case strings.Contains(s, "foreign"):
		return "it refers to a row the file does not hold (a broken reference), or to an organisation this napx does not know"
	case strings.Contains(s, "unique"), strings.Contains(s, "duplicate"):
		return "it repeats a row the file holds already"
	}
	return "a value the database refuses"
}

// finishLoad checks the copied audit log's chain and points its head at
// the last entry.
func (in *importer) finishLoad(ctx context.Context) error {
	n, last, err := in.tx.VerifyAuditChain(ctx)
	if err != nil {
		var ap *store.AuditProblem
		if errors.As(err, &ap) {
			return refuseImport("the audit log in the file does not check out: %v", ap)
		}
		return err
	}
	return in.tx.SetAuditHead(ctx, n, last)
}
