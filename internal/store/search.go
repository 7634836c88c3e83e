package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
)

// The one search (issue 12, item 4). Every searchable record has a row in
// search_index, written in the same transaction as the record by the
// store's own write methods (IndexDoc), so the index never drifts from the
// records; Reindex rebuilds it whole. A search is one store method,
// Search, with the one policy's ReadFilter inside its queries: what a
// viewer may not read is never matched, counted or faceted.

// SearchDoc is a record as the index keeps it.
type SearchDoc struct {
	Kind       model.SearchKind
	RecordID   int64
	RecordKey  string // a record without a number (a State: its code)
	Owner      string // the owner organisation (policy.Record.Owner)
	Visibility model.Visibility
	// ShareKind and ShareID name the record whose record_shares decide
	// "shared" (an action: its plan, kind "nap"); ShareKind must be
	// registered (RegisterSearchShareKind).
	ShareKind string
	ShareID   int64
	State     string // the State it is about, for the facets ("" for none)
	Year      int    // for the facets (0 for none)
	Title     string
	Body      string // text, shown in snippets
	URL       string
	ReleaseAt time.Time // not found before (a material's release)
}

// maxIndexedBody bounds the text of a record kept for snippets and
// analysed for words, in characters.
const maxIndexedBody = 20000

var shareKinds = struct {
	sync.Mutex
	list []string
}{list: []string{"state", napKind, eventShareKind, practiceKind, matrixKind, AssistanceKind, ProgrammeKind}}

// RegisterSearchShareKind declares a record_shares kind whose records the
// index holds (a feature's own kind, at start): the search's policy filter
// checks shares under each registered kind.
func RegisterSearchShareKind(kind string) {
	shareKinds.Lock()
	defer shareKinds.Unlock()
	if !slices.Contains(shareKinds.list, kind) {
		shareKinds.list = append(shareKinds.list, kind)
	}
}

func registeredShareKinds() []string {
	shareKinds.Lock()
	defer shareKinds.Unlock()
	return slices.Clone(shareKinds.list)
}

// IndexDoc writes d into the search index (replacing what the index held
// for the record), inside the transaction that changes the record. It is
// the hook other features call for their own records.
func (tx *Tx) IndexDoc(ctx context.Context, d SearchDoc) error {
	if !d.Kind.Valid() {
		return fmt.Errorf("store: index: unknown kind %q", d.Kind)
	}
	if !slices.Contains(registeredShareKinds(), d.ShareKind) {
		return fmt.Errorf("store: index: share kind %q is not registered (RegisterSearchShareKind)", d.ShareKind)
	}
	if !d.Visibility.Valid() {
		return fmt.Errorf("store: index: visibility %q", d.Visibility)
	}
	body := model.Truncate(d.Body, maxIndexedBody)
	title := d.Title
	// A record's translations are searched with it (search_translations.go).
	trTitles, trBody, err := tx.translatedText(ctx, d)
	if err != nil {
		return err
	}
	if trTitles != "" {
		title += "\n" + trTitles
	}
	if trBody != "" {
		body = strings.TrimLeft(body+"\n"+trBody, "\n")
	}
	tt, bt := terms(title), terms(body)
	var release any
	if !d.ReleaseAt.IsZero() {
		release = d.ReleaseAt.UTC()
	}
	var termsCol, termsArg, titleArg string
	if tx.dialect == Postgres {
		termsCol, termsArg, titleArg = "$15::tsvector, $16::tsvector", tsvector(tt, bt), tsvector(tt, nil)
	} else {
		termsCol, termsArg, titleArg = "$15, $16", strings.Join(bt, " "), strings.Join(tt, " ")
	}
	// One statement whether the record was indexed or not.
	id, err := tx.insertID(ctx, `INSERT INTO search_index (kind, record_id, record_key, owner_org, visibility, share_kind, share_id, state, year,
		title, body, url, release_at, updated_at, terms, title_terms)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, `+termsCol+`)
		ON CONFLICT (kind, record_id, record_key) DO UPDATE SET owner_org = excluded.owner_org, visibility = excluded.visibility,
		share_kind = excluded.share_kind, share_id = excluded.share_id, state = excluded.state, year = excluded.year, title = excluded.title,
		body = excluded.body, url = excluded.url, release_at = excluded.release_at, updated_at = excluded.updated_at, terms = excluded.terms,
		title_terms = excluded.title_terms
		RETURNING id`,
		string(d.Kind), d.RecordID, d.RecordKey, d.Owner, string(d.Visibility), d.ShareKind, d.ShareID, d.State, d.Year,
		d.Title, body, d.URL, release, tx.Now(), termsArg, titleArg)
	if err != nil {
		return fmt.Errorf("store: index %s %d: %w", d.Kind, d.RecordID, err)
	}
	if tx.dialect == SQLite {
		// A row indexed before keeps its number: its old words are replaced.
		if _, err := tx.exec(ctx, `INSERT OR REPLACE INTO search_fts (rowid, title_terms, terms) VALUES ($1, $2, $3)`, id, titleArg, termsArg); err != nil {
			return fmt.Errorf("store: index %s %d: %w", d.Kind, d.RecordID, err)
		}
	}
	return nil
}

// Unindex removes a record from the search index.
func (tx *Tx) Unindex(ctx context.Context, kind model.SearchKind, id int64, key string) error {
	return tx.unindexWhere(ctx, `kind = $1 AND record_id = $2 AND record_key = $3`, string(kind), id, key)
}

// UnindexShared removes from the index every record whose shares are
// those of (shareKind, shareID): a superseded matrix edition's cells.
func (tx *Tx) UnindexShared(ctx context.Context, shareKind string, shareID int64) error {
	return tx.unindexWhere(ctx, `share_kind = $1 AND share_id = $2`, shareKind, shareID)
}

func (tx *Tx) unindexWhere(ctx context.Context, where string, args ...any) error {
	if tx.dialect == SQLite {
		if _, err := tx.exec(ctx, `DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_index WHERE `+where+`)`, args...); err != nil {
			return fmt.Errorf("store: unindex: %w", err)
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM search_index WHERE `+where, args...); err != nil {
		return fmt.Errorf("store: unindex: %w", err)
	}
	return nil
}

// SetSearchLevel gives every indexed record whose shares are those of
// (shareKind, shareID) the owner and reading level of that record: a
// plan's actions follow their plan.
func (tx *Tx) SetSearchLevel(ctx context.Context, shareKind string, shareID int64, owner string, vis model.Visibility) error {
	if _, err := tx.exec(ctx, `UPDATE search_index SET owner_org = $3, visibility = $4 WHERE share_kind = $1 AND share_id = $2`,
		shareKind, shareID, owner, string(vis)); err != nil {
		return fmt.Errorf("store: search level: %w", err)
	}
	return nil
}

// SearchCount is how many hits have one kind, State and year.
type SearchCount struct {
	Kind  model.SearchKind
	State string
	Year  int
	Count int
}

// SearchPage is what Search finds: a page of hits in rank order and the
// counts of every hit by kind, State and year (the filters of kind, States
// and year are not applied to the counts: the facets are made from them).
type SearchPage struct {
	Hits   []model.SearchHit
	Counts []SearchCount
	More   bool
}

// SearchFilter narrows a search.
type SearchFilter struct {
	Q      string
	Kind   model.SearchKind
	States []string // any of these ("" in the list: records about no State)
	Year   int
	Limit  int
	Offset int
	Now    time.Time // materials released after it are not found
}

// searchColumns expose the index row under the names policy.ReadFilter
// expects: id is the record whose shares decide (share_id).
const searchColumns = `SELECT id AS doc_id, share_id AS id, share_kind, owner_org, visibility, kind, record_id, record_key, state, year,
	title, body, url, release_at`

// Search finds the records v may read that match f: the hits of the page
// f asks for, ranked (a match in the title first, then the engine's rank:
// bm25 on SQLite, the title's ts_rank on PostgreSQL), and the counts of
// all of them. A search without words lists everything v may read, newest
// year first. One query reads every readable match (its number, kind,
// State, year and rank: the facets are counted from it and the page is
// chosen from it), a second the page's rows.
func (c *Conn) Search(ctx context.Context, v model.Viewer, f SearchFilter) (SearchPage, error) {
	q := analyseQuery(f.Q)
	var page SearchPage
	args := []any{}
	arg := func(x any) string {
		args = append(args, x)
		return fmt.Sprintf("$%d", len(args))
	}
	var from, rank, titleHit string
	switch {
	case q.empty():
		from = `(` + searchColumns + ` FROM search_index) s WHERE 1 = 1`
		rank, titleHit = "0", "0"
	case c.dialect == Postgres:
		match, title := arg(q.tsquery(false)), arg(q.tsquery(false))
		from = `(` + searchColumns + `, terms, title_terms FROM search_index) s WHERE s.terms @@ ` + match + `::tsquery`
		rank = `ts_rank(s.title_terms, ` + title + `::tsquery)`
		titleHit = `CASE WHEN s.title_terms @@ ` + title + `::tsquery THEN 1 ELSE 0 END`
	default:
		match := arg(q.fts5(""))
		from = `search_fts f JOIN (` + searchColumns + ` FROM search_index) s ON s.doc_id = f.rowid WHERE search_fts MATCH ` + match
		rank = `-bm25(search_fts, 10.0, 1.0)`
		titleHit = `CASE WHEN s.doc_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ` + arg(q.fts5("title_terms")) + `) THEN 1 ELSE 0 END`
	}
	// The one policy, inside the query: a filter per kind of shares.
	from += ` AND (s.release_at IS NULL OR s.release_at <= ` + arg(f.Now.UTC()) + `) AND ` + c.searchReadFilter(v, &args)
	type match struct {
		id       int64
		kind     model.SearchKind
		state    string
		year     int
		titleHit int
		rank     float64
	}
	all, err := queryAll(ctx, c, func(r scanner) (match, error) {
		var m match
		err := r.Scan(&m.id, &m.kind, &m.state, &m.year, &m.titleHit, &m.rank)
		return m, err
	}, `SELECT s.doc_id, s.kind, s.state, s.year, `+titleHit+`, `+rank+` FROM `+from, args...)
	if err != nil {
		return page, fmt.Errorf("store: search: %w", err)
	}
	counts := map[SearchCount]int{}
	var keep []match
	for _, m := range all {
		counts[SearchCount{Kind: m.kind, State: m.state, Year: m.year}]++
		if (f.Kind == "" || m.kind == f.Kind) && (f.States == nil || slices.Contains(f.States, m.state)) && (f.Year == 0 || m.year == f.Year) {
			keep = append(keep, m)
		}
	}
	for k, n := range counts {
		k.Count = n
		page.Counts = append(page.Counts, k)
	}
	slices.SortFunc(keep, func(a, b match) int {
		switch {
		case a.titleHit != b.titleHit:
			return b.titleHit - a.titleHit
		case a.rank != b.rank && a.rank > b.rank:
			return -1
		case a.rank != b.rank:
			return 1
		case a.year != b.year:
			return b.year - a.year
		}
		return int(b.id - a.id)
	})
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	from0 := min(max(0, f.Offset), len(keep))
	to := min(from0+limit, len(keep))
	page.More = to < len(keep)
	keep = keep[from0:to]
	if len(keep) == 0 {
		page.Hits = []model.SearchHit{}
		return page, nil
	}
	ids := make([]any, len(keep))
	for i, m := range keep {
		ids[i] = m.id
	}
	var pargs []any
	in := placeholders(&pargs, ids)
	type row struct {
		id   int64
		hit  model.SearchHit
		body string
	}
	rows, err := queryAll(ctx, c, func(r scanner) (row, error) {
		var x row
		err := r.Scan(&x.id, &x.hit.Kind, &x.hit.ID, &x.hit.Key, &x.hit.Title, &x.body, &x.hit.URL, &x.hit.State)
		return x, err
	}, `SELECT id, kind, record_id, record_key, title, body, url, state FROM search_index WHERE id IN (`+in+`)`, pargs...)
	if err != nil {
		return page, fmt.Errorf("store: search: %w", err)
	}
	byID := map[int64]row{}
	for _, x := range rows {
		byID[x.id] = x
	}
	mt := q.matcher()
	page.Hits = []model.SearchHit{}
	for _, m := range keep {
		x, ok := byID[m.id]
		if !ok {
			continue // removed meanwhile
		}
		h := x.hit
		h.Year, h.TitleHit, h.Snippet = m.year, m.titleHit == 1, mt.snippet(x.body)
		page.Hits = append(page.Hits, h)
	}
	return page, nil
}

// searchReadFilter is policy.ReadFilter over the index rows: one filter
// per registered kind of shares, since a row's shares are its share
// record's.
func (c *Conn) searchReadFilter(v model.Viewer, args *[]any) string {
	probe := policy.ReadFilter(v, "s", "", len(*args)+1)
	if !strings.Contains(probe.SQL, "record_shares") {
		*args = append(*args, probe.Args...)
		return probe.SQL
	}
	var parts []string
	for _, k := range registeredShareKinds() {
		*args = append(*args, k)
		kindArg := len(*args)
		f := policy.ReadFilter(v, "s", k, len(*args)+1)
		*args = append(*args, f.Args...)
		parts = append(parts, fmt.Sprintf("(s.share_kind = $%d AND %s)", kindArg, f.SQL))
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// SearchIndexSize counts the rows of the index (for napx reindex and tests).
func (c *Conn) SearchIndexSize(ctx context.Context) (int, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM search_index`).Scan(&n)
	return n, translate(err)
}

// SearchIndexRows describes every row of the index, in a stable order and
// without what differs between two writes of the same record (its row
// number, its time): for the test that the index kept in each
// transaction equals a rebuild.
func (c *Conn) SearchIndexRows(ctx context.Context) ([]string, error) {
	return queryAll(ctx, c, func(r scanner) (string, error) {
		var kind, key, owner, vis, shareKind, state, title, body, url string
		var id, shareID int64
		var year int
		err := r.Scan(&kind, &id, &key, &owner, &vis, &shareKind, &shareID, &state, &year, &title, &body, &url)
		return fmt.Sprintf("%s %d %s owner=%s %s shares=%s:%d state=%s year=%d %q %q %s", kind, id, key, owner, vis, shareKind, shareID, state, year, title, body, url), err
	}, `SELECT kind, record_id, record_key, owner_org, visibility, share_kind, share_id, state, year, title, body, url FROM search_index
		ORDER BY kind, record_id, record_key`)
}

// Analyze refreshes the planner's statistics of the search index (after a
// rebuild or a bulk load; PostgreSQL's autovacuum does it in time, SQLite
// keeps them in sqlite_stat1).
func (db *DB) Analyze(ctx context.Context) error {
	q := `ANALYZE search_index`
	if db.dialect == SQLite {
		q = `ANALYZE`
	}
	if _, err := db.write.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	return nil
}
