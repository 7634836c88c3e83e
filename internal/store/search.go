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
}{list: []string{"state", napKind, eventShareKind, practiceKind, matrixKind}}

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
	if tx.dialect == SQLite {
		// The old words go first: a contentless FTS5 row is removed by rowid.
		if _, err := tx.exec(ctx, `DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_index WHERE kind = $1 AND record_id = $2 AND record_key = $3)`,
			string(d.Kind), d.RecordID, d.RecordKey); err != nil {
			return fmt.Errorf("store: index %s %d: %w", d.Kind, d.RecordID, err)
		}
	}
	body := model.Truncate(d.Body, maxIndexedBody)
	tt, bt := terms(d.Title), terms(body)
	var release any
	if !d.ReleaseAt.IsZero() {
		release = d.ReleaseAt.UTC()
	}
	var termsCol, termsArg string
	if tx.dialect == Postgres {
		termsCol, termsArg = "$15::tsvector", tsvector(tt, bt)
	} else {
		termsCol, termsArg = "$15", strings.Join(tt, " ")+" | "+strings.Join(bt, " ")
	}
	// One statement whether the record was indexed or not.
	id, err := tx.insertID(ctx, `INSERT INTO search_index (kind, record_id, record_key, owner_org, visibility, share_kind, share_id, state, year,
		title, body, url, release_at, updated_at, terms)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, `+termsCol+`)
		ON CONFLICT (kind, record_id, record_key) DO UPDATE SET owner_org = excluded.owner_org, visibility = excluded.visibility,
		share_kind = excluded.share_kind, share_id = excluded.share_id, state = excluded.state, year = excluded.year, title = excluded.title,
		body = excluded.body, url = excluded.url, release_at = excluded.release_at, updated_at = excluded.updated_at, terms = excluded.terms
		RETURNING id`,
		string(d.Kind), d.RecordID, d.RecordKey, d.Owner, string(d.Visibility), d.ShareKind, d.ShareID, d.State, d.Year,
		d.Title, body, d.URL, release, tx.Now(), termsArg)
	if err != nil {
		return fmt.Errorf("store: index %s %d: %w", d.Kind, d.RecordID, err)
	}
	if tx.dialect == SQLite {
		if _, err := tx.exec(ctx, `INSERT INTO search_fts (rowid, title, body) VALUES ($1, $2, $3)`, id, strings.Join(tt, " "), strings.Join(bt, " ")); err != nil {
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
// f asks for, ranked (a match in the title first, then the engine's rank),
// and the counts of all of them. A search without words lists everything v
// may read, newest year first.
func (c *Conn) Search(ctx context.Context, v model.Viewer, f SearchFilter) (SearchPage, error) {
	q := analyseQuery(f.Q)
	var page SearchPage
	args := []any{}
	arg := func(x any) string {
		args = append(args, x)
		return fmt.Sprintf("$%d", len(args))
	}
	var from, rank, match string
	switch {
	case q.empty():
		from = `(` + searchColumns + ` FROM search_index) s WHERE 1 = 1`
		rank = "0"
	case c.dialect == Postgres:
		match = arg(q.tsquery(false))
		from = `(` + searchColumns + `, terms FROM search_index) s WHERE s.terms @@ ` + match + `::tsquery`
		rank = `ts_rank(s.terms, ` + match + `::tsquery, 1)`
	default:
		match = arg(q.fts5(""))
		from = `search_fts f JOIN (` + searchColumns + ` FROM search_index) s ON s.doc_id = f.rowid WHERE search_fts MATCH ` + match
		rank = `bm25(search_fts, 10.0, 1.0)`
	}
	// The one policy, inside the query: a filter per kind of shares.
	from += ` AND (s.release_at IS NULL OR s.release_at <= ` + arg(f.Now.UTC()) + `) AND ` + c.searchReadFilter(v, &args)
	base, baseArgs := from, slices.Clone(args)
	// The counts: every readable hit, by kind, State and year.
	counts, err := queryAll(ctx, c, func(r scanner) (SearchCount, error) {
		var sc SearchCount
		err := r.Scan(&sc.Kind, &sc.State, &sc.Year, &sc.Count)
		return sc, err
	}, `SELECT s.kind, s.state, s.year, COUNT(*) FROM `+base+` GROUP BY s.kind, s.state, s.year`, baseArgs...)
	if err != nil {
		return page, fmt.Errorf("store: search counts: %w", err)
	}
	page.Counts = counts
	titleHit := "0"
	switch {
	case q.empty():
	case c.dialect == Postgres:
		titleHit = `CASE WHEN s.terms @@ ` + arg(q.tsquery(true)) + `::tsquery THEN 1 ELSE 0 END`
	default:
		titleHit = `CASE WHEN s.doc_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ` + arg(q.fts5("title")) + `) THEN 1 ELSE 0 END`
	}
	// The page.
	where := ""
	if f.Kind != "" {
		where += ` AND s.kind = ` + arg(string(f.Kind))
	}
	if f.States != nil {
		holders := make([]string, len(f.States))
		for i, st := range f.States {
			holders[i] = arg(st)
		}
		if len(holders) == 0 {
			where += ` AND 1 = 0`
		} else {
			where += ` AND s.state IN (` + strings.Join(holders, ", ") + `)`
		}
	}
	if f.Year != 0 {
		where += ` AND s.year = ` + arg(f.Year)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	order := `title_hit DESC, rank_value, s.doc_id`
	if c.dialect == Postgres {
		order = `title_hit DESC, rank_value DESC, s.doc_id`
	}
	if q.empty() {
		order = `s.year DESC, s.title, s.doc_id`
	}
	m := q.matcher()
	hits, err := queryAll(ctx, c, func(r scanner) (model.SearchHit, error) {
		var h model.SearchHit
		var body string
		var th int
		var rv float64
		err := r.Scan(&h.Kind, &h.ID, &h.Key, &h.Title, &body, &h.URL, &h.State, &h.Year, &th, &rv)
		if err != nil {
			return h, err
		}
		h.TitleHit = th == 1
		if q.empty() {
			h.Snippet = matcher{}.snippet(body)
		} else {
			h.Snippet = m.snippet(body)
		}
		return h, nil
	}, `SELECT s.kind, s.record_id, s.record_key, s.title, s.body, s.url, s.state, s.year, `+titleHit+` AS title_hit, `+rank+` AS rank_value
		FROM `+base+where+` ORDER BY `+order+` LIMIT `+arg(limit+1)+` OFFSET `+arg(max(0, f.Offset)), args...)
	if err != nil {
		return page, fmt.Errorf("store: search: %w", err)
	}
	if len(hits) > limit {
		hits, page.More = hits[:limit], true
	}
	page.Hits = hits
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
