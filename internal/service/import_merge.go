package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"napx/internal/store"
)

// A merge into an existing database matches the file's rows with the
// database's by stable keys (export_kinds.go: State codes, taxonomy IDs,
// event codes, e-mail addresses, numbers within a parent), never by ID: a
// row whose key the database lacks is inserted (with an ID of the
// database's own), a row whose key it holds is changed where the file
// differs (the file wins; the version counter moves on), and nothing is
// removed. References are carried by key. The whole merge is one
// transaction and one audit entry per table it changed; its preview is
// the same merge, rolled back, so it shows exactly what applying does.

type mergeState struct {
	fileKey   map[string]map[int64]string // table -> the file's ID -> key
	targetID  map[string]map[string]int64 // table -> key -> the database's ID
	rows      map[string]targetRow        // the current table's rows by key
	seen      map[string]bool             // the current table's keys met in the file
	deferred  []selfRef
	changes   map[string][]ImportChange // by table
	ranks     map[string]int            // the file's rows met so far by key prefix ("#")
	ins       *store.Inserter
	insCols   []string
	skipTable bool
}

type targetRow struct {
	vals []store.Value
}

func newMergeState() *mergeState {
	return &mergeState{fileKey: map[string]map[int64]string{}, targetID: map[string]map[string]int64{}, changes: map[string][]ImportChange{}}
}

// render writes one value of a key.
func render(v store.Value) string {
	switch x := v.(type) {
	case nil:
		return "∅"
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return strconv.Quote(x)
	case time.Time:
		return x.UTC().Format(timeLayout)
	case []byte:
		return fmt.Sprintf("%d bytes", len(x))
	}
	return fmt.Sprint(v)
}

// refTable is the table a column of t references in a row (Refs, or the
// kind of a Poly column), "" for none.
func refTable(t *planTable, col string, vals []store.Value) string {
	if target, ok := t.Refs[col]; ok {
		return target
	}
	if p := t.Poly; p != nil && p.Column == col {
		kind, _ := vals[t.idx[p.KindColumn]].(string)
		return p.Tables[kind]
	}
	return ""
}

// refID is the ID a reference holds: a number, or its decimal text (a
// text column whose kind names a table: follows.target).
func refID(v store.Value) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil && n > 0
	}
	return 0, false
}

// asRef writes ID id as the reference old was: a number or its text.
func asRef(old store.Value, id int64) store.Value {
	if _, text := old.(string); text {
		return strconv.FormatInt(id, 10)
	}
	return id
}

// keyOf is a row's stable key: its key columns, a reference standing for
// the referenced row's own key (found by keyOfID), and — for "#" — the
// row's rank among the rows met so far with the same other parts (ranks
// counts them; rows come in ID order).
func keyOf(t *planTable, vals []store.Value, keyOfID func(table string, id int64) (string, bool), ranks map[string]int) (string, error) {
	parts := make([]string, 0, len(t.Key))
	for _, col := range t.Key {
		if col == "#" {
			prefix := strings.Join(parts, ", ")
			ranks[prefix]++
			parts = append(parts, "#"+strconv.Itoa(ranks[prefix]))
			continue
		}
		v := vals[t.idx[col]]
		target := refTable(t, col, vals)
		if target == "" || v == nil {
			parts = append(parts, col+"="+render(v))
			continue
		}
		id, isID := refID(v)
		k, ok := "", false
		if isID {
			k, ok = keyOfID(target, id)
		}
		if !ok {
			return "", refuseImport("a row of %s refers to %s %v, which is not there: a broken reference", t.Name, target, v)
		}
		parts = append(parts, col+"=("+k+")")
	}
	return strings.Join(parts, ", "), nil
}

// label names a row for people: its title, name, e-mail or field.
func label(t *planTable, vals []store.Value) string {
	for _, c := range []string{"title", "name", "email", "field_id", "code", "principal"} {
		if i, ok := t.idx[c]; ok {
			if s, _ := vals[i].(string); s != "" {
				return s
			}
		}
	}
	return ""
}

// index reads the database's rows of t by key (for a merge).
func (m *mergeState) index(ctx context.Context, tx *store.Tx, t *planTable) error {
	m.rows, m.seen, m.deferred, m.skipTable, m.ranks = map[string]targetRow{}, map[string]bool{}, nil, t.NoMerge || len(t.Key) == 0, map[string]int{}
	if m.skipTable {
		return nil
	}
	ids := map[string]int64{}
	byID := map[string]map[int64]string{} // lookups of the referenced tables' keys by ID, built once
	lookup := func(table string, id int64) (string, bool) {
		if byID[table] == nil {
			byID[table] = map[int64]string{}
			for k, x := range m.targetID[table] {
				byID[table][x] = k
			}
		}
		k, ok := byID[table][id]
		return k, ok
	}
	ranks := map[string]int{}
	err := tx.ScanTable(ctx, t.info, "", nil, func(vals []store.Value) error {
		key, err := keyOf(t, vals, lookup, ranks)
		if err != nil {
			return err
		}
		if _, dup := m.rows[key]; dup {
			return refuseImport("two rows of %s in this database share the key %s: a merge cannot tell them apart", t.Name, key)
		}
		m.rows[key] = targetRow{vals: slices.Clone(vals)}
		if t.info.Identity {
			ids[key] = vals[t.idx["id"]].(int64)
		}
		return nil
	})
	if err != nil {
		return err
	}
	m.targetID[t.Name] = ids
	m.fileKey[t.Name] = map[int64]string{}
	m.insCols = nil
	for _, c := range t.info.Columns {
		if !(t.info.Identity && c == "id") {
			m.insCols = append(m.insCols, c)
		}
	}
	m.ins = tx.Inserter(t.info, m.insCols)
	return nil
}

// row merges one row of the file.
func (m *mergeState) row(ctx context.Context, tx *store.Tx, t *planTable, vals []store.Value, tr *ImportTableReport, rep *ImportReport) error {
	if m.skipTable {
		return nil
	}
	fileKeyOf := func(table string, id int64) (string, bool) {
		k, ok := m.fileKey[table][id]
		return k, ok
	}
	key, err := keyOf(t, vals, fileKeyOf, m.ranks)
	if err != nil {
		return err
	}
	if m.seen[key] {
		return refuseImport("two rows of %s in the file share the key %s", t.Name, key)
	}
	m.seen[key] = true
	var fileID int64
	if t.info.Identity {
		fileID = vals[t.idx["id"]].(int64)
		m.fileKey[t.Name][fileID] = key
	}
	// References: the file's IDs become the database's, by key.
	var self []selfRef
	for _, col := range t.info.Columns {
		target := refTable(t, col, vals)
		v := vals[t.idx[col]]
		if target == "" || v == nil {
			continue
		}
		fid, isID := refID(v)
		k, ok := m.fileKey[target][fid]
		if isID && !ok && target == t.Name {
			self = append(self, selfRef{col: col, val: v}) // a later row of the same table
			vals[t.idx[col]] = nil
			continue
		}
		id, found := m.targetID[target][k]
		if !ok || !found {
			return refuseImport("a row of %s (%s) refers to %s %v, which is not there: a broken reference", t.Name, key, target, v)
		}
		vals[t.idx[col]] = asRef(v, id)
	}
	for col, target := range t.Lists { // IDs in a text column
		list, _ := vals[t.idx[col]].(string)
		var ids []string
		for _, f := range strings.Fields(list) {
			fid, _ := refID(f)
			id, found := m.targetID[target][m.fileKey[target][fid]]
			if _, ok := m.fileKey[target][fid]; !ok || !found {
				return refuseImport("a row of %s (%s) refers to %s %s in %s, which is not there: a broken reference", t.Name, key, target, f, col)
			}
			ids = append(ids, strconv.FormatInt(id, 10))
		}
		vals[t.idx[col]] = strings.Join(ids, " ")
	}
	cur, exists := m.rows[key]
	var id int64
	switch {
	case !exists:
		ins := make([]store.Value, len(m.insCols))
		for i, c := range m.insCols {
			ins[i] = vals[t.idx[c]]
		}
		if t.info.Identity {
			id, err = m.ins.InsertID(ctx, ins)
		} else {
			err = m.ins.Insert(ctx, ins)
		}
		if err != nil {
			if store.IsConstraintViolation(err) {
				return refuseImport("%s %s: %s", t.Name, key, constraintWords(err))
			}
			return err
		}
		if t.info.Identity {
			m.targetID[t.Name][key] = id
		}
		tr.Inserted++
		m.changes[t.Name] = append(m.changes[t.Name], ImportChange{Table: t.Name, Key: key, Label: label(t, vals), Op: "insert"})
	default:
		if t.info.Identity {
			id = cur.vals[t.idx["id"]].(int64)
		}
		var cols []string
		var news []store.Value
		for _, c := range t.info.Columns {
			if c == "id" || c == "version" {
				continue
			}
			if _, omit := t.Omit[c]; omit {
				continue
			}
			if !sameValue(cur.vals[t.idx[c]], vals[t.idx[c]]) && !(slices.ContainsFunc(self, func(s selfRef) bool { return s.col == c })) {
				cols = append(cols, c)
				news = append(news, vals[t.idx[c]])
			}
		}
		if len(cols) == 0 {
			tr.Same++
			break
		}
		fields := slices.Clone(cols)
		if _, ok := t.idx["version"]; ok {
			cols = append(cols, "version")
			news = append(news, cur.vals[t.idx["version"]].(int64)+1)
		}
		pk := make([]store.Value, len(t.info.Key))
		for i, k := range t.info.Key {
			pk[i] = cur.vals[t.idx[k]]
		}
		if err := tx.UpdateRow(ctx, t.info, pk, cols, news); err != nil {
			if store.IsConstraintViolation(err) {
				return refuseImport("%s %s: %s", t.Name, key, constraintWords(err))
			}
			return err
		}
		tr.Updated++
		m.changes[t.Name] = append(m.changes[t.Name], ImportChange{Table: t.Name, Key: key, Label: label(t, vals), Op: "update", Fields: fields})
	}
	for _, s := range self {
		s.id = id
		m.deferred = append(m.deferred, s)
	}
	return nil
}

// sameValue compares two values of a column.
func sameValue(a, b store.Value) bool {
	switch x := a.(type) {
	case []byte:
		y, ok := b.([]byte)
		return ok && string(x) == string(y)
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y)
	}
	return a == b
}

// finishTable writes the references to rows of the same table that came
// later in the file.
func (m *mergeState) finishTable(ctx context.Context, tx *store.Tx, t *planTable) error {
	for _, d := range m.deferred {
		k, ok := m.fileKey[t.Name][d.val.(int64)]
		target, found := m.targetID[t.Name][k]
		if !ok || !found {
			return refuseImport("a row of %s refers to %s %v, which is not there: a broken reference", t.Name, t.Name, d.val)
		}
		if err := tx.UpdateRow(ctx, t.info, []store.Value{d.id}, []string{d.col}, []store.Value{target}); err != nil {
			return err
		}
	}
	m.deferred = nil
	return nil
}

// finishMerge lists the changes and audits them, one entry per table.
func (in *importer) finishMerge(ctx context.Context) error {
	for _, t := range in.tables {
		cs := in.merge.changes[t.Name]
		if len(cs) == 0 {
			continue
		}
		in.rep.Changes = append(in.rep.Changes, cs...)
		var ins, upd int
		for _, c := range cs {
			if c.Op == "insert" {
				ins++
			} else {
				upd++
			}
		}
		if err := in.tx.Audit(ctx, in.v, store.AuditRecord{Action: "data.import.merge", Kind: "table", RecordID: t.Name,
			Summary: fmt.Sprintf("merge import (%s export%s): %d rows of %s inserted, %d changed", in.rep.Scope, accountSuffix(in.rep.Account), ins, t.Name, upd),
			After:   cs}); err != nil {
			return err
		}
	}
	return nil
}

func accountSuffix(a string) string {
	if a == "" {
		return ""
	}
	return " of " + a
}
