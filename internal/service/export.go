package service

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Export writes and reads napx's whole data (issue 16, item 4): every
// record (or what one account may read) as one versioned JSON document,
// attachments inline with their SHA-256, streamed row by row — never the
// whole file in memory — from one consistent snapshot. The tables and how
// each travels are the features' (export_kinds.go); an export read back
// into an empty database and exported again gives the same bytes, on
// either engine.
type Export struct {
	db       *store.DB
	cat      *refdata.Catalog // the search index is rebuilt after an import
	now      func() time.Time
	events   *Events
	accounts *Accounts
}

// ReaderOf is the viewer an export for account email is written for
// (napx export --as): napx itself looks the account up; a disabled one
// reads nothing.
func (x *Export) ReaderOf(ctx context.Context, by model.Viewer, email string) (model.Viewer, error) {
	if !by.IsSystem() {
		return model.Viewer{}, model.ErrForbidden
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if !model.EmailAddress(email) {
		return model.Viewer{}, model.Problems{"as": "not an e-mail address"}
	}
	acc, _, err := x.db.AccountByEmail(ctx, email)
	if err != nil {
		return model.Viewer{}, model.Problems{"as": "there is no account " + email}
	}
	if acc.Disabled {
		return model.Viewer{}, model.Problems{"as": "the account " + email + " is disabled"}
	}
	return x.accounts.ViewerOf(acc), nil
}

// The format's name and version: an import refuses any other.
const (
	ExportFormat  = "napx-export"
	ExportVersion = 1
)

// timeLayout is how a time travels: UTC, to the microsecond both engines
// keep, always the same width.
const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

// Progress is told how many rows are done of how many (the total is an
// upper bound for a scoped export).
type Progress func(done, total int64)

// ExportSummary is what an export wrote.
type ExportSummary struct {
	Tables      int
	Rows        int64
	Attachments int
	SHA256      string // over the tables' rows, as the file's end records it
}

// planTable is a table of the export with the schema's view of it.
type planTable struct {
	ExportTable
	info       *store.TableInfo
	cols       []string       // the columns that travel (info.Columns without Omit)
	idx        map[string]int // column -> index in info.Columns
	referenced bool           // another table refers to its rows
}

// plan lines up the registered tables with the database's, and refuses a
// table that is in neither exportKinds nor notExported.
func (x *Export) plan(ctx context.Context) ([]*planTable, error) {
	infos, err := x.db.Tables(ctx)
	if err != nil {
		return nil, err
	}
	var out []*planTable
	seen := map[string]bool{}
	refs := map[string]bool{}
	for _, k := range exportKinds() {
		for _, t := range k.Tables {
			info, ok := infos[t.Name]
			if !ok {
				return nil, fmt.Errorf("export: the table %s of %s is not in the database", t.Name, k.Name)
			}
			if info.Unsupported != nil {
				return nil, info.Unsupported
			}
			pt := &planTable{ExportTable: t, info: info, idx: map[string]int{}}
			for i, c := range info.Columns {
				pt.idx[c] = i
				if _, omit := t.Omit[c]; !omit {
					pt.cols = append(pt.cols, c)
				}
			}
			for _, target := range t.Refs {
				refs[target] = true
			}
			for _, target := range t.Lists {
				refs[target] = true
			}
			if t.Poly != nil {
				for _, target := range t.Poly.Tables {
					refs[target] = true
				}
			}
			seen[t.Name] = true
			out = append(out, pt)
		}
	}
	var missing []string
	for name := range infos {
		if _, skip := notExported[name]; !seen[name] && !skip {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("export: the tables %s are in no export kind: register them in service/export_kinds.go (or in notExported, with why)", strings.Join(missing, ", "))
	}
	for _, pt := range out {
		pt.referenced = refs[pt.Name]
	}
	return out, nil
}

// xrow is one row as a kind's rules see it.
type xrow struct {
	table *planTable
	vals  []store.Value
}

func (r *xrow) get(col string) store.Value { return r.vals[r.table.idx[col]] }

func (r *xrow) int(col string) int64 {
	n, _ := r.get(col).(int64)
	return n
}

func (r *xrow) str(col string) string {
	s, _ := r.get(col).(string)
	return s
}

func (r *xrow) time(col string) time.Time {
	t, _ := r.get(col).(time.Time)
	return t
}

func (r *xrow) set(col string, v store.Value) { r.vals[r.table.idx[col]] = v }

// scopeState is what a scoped export decides with: the reader, the rows
// kept so far, the records' shares, and the events' standings.
type scopeState struct {
	ctx       context.Context
	c         *store.Conn
	v         model.Viewer
	now       time.Time
	events    *Events
	keptIDs   map[string]map[int64]bool
	owners    map[int64]string // matrix editions' States
	shares    map[string]map[int64][]string
	standings map[int64]eventStanding
	assist    *assistScope   // export_assistance.go
	reasonsOf map[int64]bool // practices whose return reasons the reader sees
	err       error
}

type eventStanding struct {
	rec policy.Record
	st  policy.Standing
}

func (s *scopeState) kept(table string, id int64) bool { return s.keptIDs[table][id] }

func (s *scopeState) matrixDetails(edition int64) bool {
	return policy.MatrixDetailsVisible(s.v, s.owners[edition])
}

// eventStanding is the reader's standing at an event (prepareEvents
// found it; an event the reader may not read has none, and its record
// reads as nobody's).
func (s *scopeState) eventStanding(id int64) (policy.Record, policy.Standing) {
	es := s.standings[id]
	return es.rec, es.st
}

// prepareEvents finds the reader's standing at each event it may read,
// before any table is read row by row: the rules then ask no query while
// a table's rows are being read (one connection serves the snapshot).
func (s *scopeState) prepareEvents(events *planTable) error {
	var ids []int64
	err := s.c.ScanTable(s.ctx, events.info, "", nil, func(vals []store.Value) error {
		r := &xrow{table: events, vals: vals}
		if readOwned("event")(s, r) {
			ids = append(ids, r.int("id"))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		e, rec, err := s.events.readable(s.ctx, s.c, s.v, id)
		if err != nil {
			return err
		}
		st, err := s.events.standing(s.ctx, s.c, e, s.v.Org(), s.v.ID())
		if err != nil {
			return err
		}
		s.standings[id] = eventStanding{rec, st}
	}
	return nil
}

// Write writes the export for v — everything for napx itself (the command
// line without --as), else what v may read — to w.
func (x *Export) Write(ctx context.Context, v model.Viewer, w io.Writer, progress Progress) (ExportSummary, error) {
	if !v.IsSystem() && !v.SignedIn() {
		return ExportSummary{}, model.ErrUnauthenticated
	}
	tables, err := x.plan(ctx)
	if err != nil {
		return ExportSummary{}, err
	}
	var sum ExportSummary
	err = x.db.ReadSnapshot(ctx, func(c *store.Conn) error {
		var total int64
		for _, t := range tables {
			n, err := c.Count(ctx, t.Name, "", nil)
			if err != nil {
				return err
			}
			total += n
		}
		var s *scopeState
		if !v.IsSystem() {
			s = &scopeState{ctx: ctx, c: c, v: v, now: x.now().UTC(), events: x.events, keptIDs: map[string]map[int64]bool{},
				owners: map[int64]string{}, shares: map[string]map[int64][]string{}, standings: map[int64]eventStanding{}}
			if err := s.decide(tables); err != nil {
				return err
			}
		}
		sum, err = writeTables(ctx, c, tables, s, v, w, total, progress)
		return err
	})
	return sum, err
}

// decide runs the kinds' rules over the tables other tables refer to, in
// order, so that every reference is decided before the rows that hold it.
func (s *scopeState) decide(tables []*planTable) error {
	if err := s.loadShares(); err != nil {
		return err
	}
	for _, t := range tables {
		if t.Name == "events" {
			if err := s.prepareEvents(t); err != nil {
				return err
			}
		}
	}
	if err := s.prepareAssistance(tables); err != nil {
		return err
	}
	for _, t := range tables {
		if !t.referenced || t.Read == nil {
			continue
		}
		kept := map[int64]bool{}
		err := s.c.ScanTable(s.ctx, t.info, "", nil, func(vals []store.Value) error {
			r := &xrow{table: t, vals: vals}
			if t.Read(s, r) {
				id := r.int("id")
				kept[id] = true
				if t.Name == "matrix_editions" {
					s.owners[id] = r.str("owner_org")
				}
			}
			return s.err
		})
		if err != nil {
			return err
		}
		s.keptIDs[t.Name] = kept
	}
	return nil
}

func (s *scopeState) loadShares() error {
	t := &store.TableInfo{Name: "record_shares", Columns: []string{"kind", "principal", "record_id"},
		Kinds: map[string]store.ColumnKind{"kind": store.KindText, "principal": store.KindText, "record_id": store.KindInt}, Key: []string{"kind", "record_id", "principal"}}
	return s.c.ScanTable(s.ctx, t, "", nil, func(vals []store.Value) error {
		kind, id, p := vals[0].(string), vals[2].(int64), vals[1].(string)
		if s.shares[kind] == nil {
			s.shares[kind] = map[int64][]string{}
		}
		s.shares[kind][id] = append(s.shares[kind][id], p)
		return nil
	})
}

// keep decides one row of a scoped export while it is written: the
// kind's rule (again: it blanks what the reader may not see), and every
// reference to a row the export does not hold left out.
func (s *scopeState) keep(t *planTable, r *xrow) bool {
	if t.Read == nil || !t.Read(s, r) {
		return false
	}
	if t.referenced && !s.kept(t.Name, r.int("id")) {
		return false
	}
	for col, target := range t.Refs {
		if id, ok := r.get(col).(int64); ok && !s.kept(target, id) {
			r.set(col, nil)
			if col == "report_id" { // the page goes with its report
				r.set("report_page", int64(0))
			}
		}
	}
	for col, target := range t.Lists {
		var kept []string
		for _, f := range strings.Fields(r.str(col)) {
			if id, ok := refID(f); ok && s.kept(target, id) {
				kept = append(kept, f)
			}
		}
		r.set(col, strings.Join(kept, " "))
	}
	return true
}

// writeTables streams the document.
func writeTables(ctx context.Context, c *store.Conn, tables []*planTable, s *scopeState, v model.Viewer, out io.Writer, total int64, progress Progress) (ExportSummary, error) {
	w := bufio.NewWriterSize(out, 256<<10)
	h := sha256.New()
	var sum ExportSummary
	scope, account := "all", ""
	if s != nil {
		scope, account = "account", v.Account.Email
	}
	head, _ := json.Marshal(account)
	fmt.Fprintf(w, "{\"format\":%q,\"version\":%d,\"scope\":%q,\"account\":%s,\n\"tables\":[\n", ExportFormat, ExportVersion, scope, head)
	var done int64
	var buf []byte
	for _, t := range tables {
		if s != nil && t.Read == nil {
			continue // whole exports only (the audit log, installation settings)
		}
		if sum.Tables > 0 {
			_, _ = w.WriteString(",\n")
		}
		cols, _ := json.Marshal(t.cols)
		fmt.Fprintf(w, "{\"table\":%q,\"columns\":%s,\"rows\":[", t.Name, cols)
		fmt.Fprintf(h, "table\x00%s\x00%s\n", t.Name, cols)
		sum.Tables++
		first := true
		err := c.ScanTable(ctx, t.info, "", nil, func(vals []store.Value) error {
			done++
			if progress != nil && done%2000 == 0 {
				progress(done, total)
			}
			r := &xrow{table: t, vals: vals}
			if s != nil && !s.keep(t, r) {
				return s.err
			}
			buf = buf[:0]
			buf = append(buf, '[')
			for j, col := range t.cols {
				if j > 0 {
					buf = append(buf, ',')
				}
				var isBlob bool
				buf, isBlob = appendValue(buf, t.info.Kinds[col], r.get(col))
				if isBlob {
					sum.Attachments++
				}
			}
			buf = append(buf, ']')
			if !first {
				_, _ = w.WriteString(",")
			}
			first = false
			_, _ = w.WriteString("\n")
			_, _ = w.Write(buf)
			h.Write(buf)
			h.Write([]byte{'\n'})
			sum.Rows++
			return nil
		})
		if err != nil {
			return sum, fmt.Errorf("export %s: %w", t.Name, err)
		}
		_, _ = w.WriteString("\n]}")
	}
	sum.SHA256 = hex.EncodeToString(h.Sum(nil))
	fmt.Fprintf(w, "\n],\n\"end\":{\"tables\":%d,\"rows\":%d,\"sha256\":%q}}\n", sum.Tables, sum.Rows, sum.SHA256)
	if progress != nil {
		progress(total, total)
	}
	return sum, w.Flush()
}

// appendValue writes one value as JSON; a blob as an attachment object.
func appendValue(buf []byte, kind store.ColumnKind, v store.Value) ([]byte, bool) {
	if v == nil {
		return append(buf, "null"...), false
	}
	switch x := v.(type) {
	case int64:
		return strconv.AppendInt(buf, x, 10), false
	case bool:
		return strconv.AppendBool(buf, x), false
	case string:
		b, _ := json.Marshal(x)
		return append(buf, b...), false
	case time.Time:
		buf = append(buf, '"')
		buf = x.UTC().AppendFormat(buf, timeLayout)
		return append(buf, '"'), false
	case []byte:
		sum := sha256.Sum256(x)
		buf = append(buf, `{"sha256":"`...)
		buf = hex.AppendEncode(buf, sum[:])
		buf = append(buf, `","size":`...)
		buf = strconv.AppendInt(buf, int64(len(x)), 10)
		buf = append(buf, `,"base64":"`...)
		buf = base64.StdEncoding.AppendEncode(buf, x)
		return append(buf, `"}`...), true
	}
	panic(fmt.Sprintf("export: a %T in a %s column", v, kind))
}
