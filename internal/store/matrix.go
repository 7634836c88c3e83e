package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
)

// matrixKind names matrix editions in record_shares (never used: editions
// are committee-level or public) and in the policy filter.
const matrixKind = "matrix"

const editionColumns = `e.id, e.owner_org, e.number, e.status, e.taxonomy, e.based_on, e.agreed, e.illustrative, e.created_at, e.created_by,
	e.sent_at, e.sent_by, e.agreed_at, e.agreed_by, e.approved_at, e.approved_on, e.approved_by, e.superseded_at, e.updated_at, e.version`

func scanEdition(row interface{ Scan(...any) error }) (model.MatrixEdition, error) {
	var e model.MatrixEdition
	var sent, agreed, approved, superseded sql.NullTime
	err := row.Scan(&e.ID, &e.State, &e.Number, &e.Status, &e.Taxonomy, &e.BasedOn, &e.Agreed, &e.Illustrative, &e.CreatedAt, &e.CreatedBy,
		&sent, &e.SentBy, &agreed, &e.AgreedBy, &approved, &e.ApprovedOn, &e.ApprovedBy, &superseded, &e.UpdatedAt, &e.Version)
	if err != nil {
		return e, translate(err)
	}
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	e.SentAt, e.AgreedAt, e.ApprovedAt, e.SupersededAt = nullTime(sent), nullTime(agreed), nullTime(approved), nullTime(superseded)
	return e, nil
}

func nullTime(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func timeOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// MatrixEditions lists the editions of state's matrix that v may read,
// newest first.
func (c *Conn) MatrixEditions(ctx context.Context, v model.Viewer, state string) ([]model.MatrixEdition, error) {
	f := policy.ReadFilter(v, "e", matrixKind, 2)
	out, err := queryAll(ctx, c, scanEdition, `SELECT `+editionColumns+` FROM matrix_editions e WHERE e.owner_org = $1 AND `+f.SQL+` ORDER BY e.number DESC`,
		append([]any{state}, f.Args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: matrix editions: %w", err)
	}
	return out, nil
}

// LatestReadableEdition returns the newest edition of state's matrix that
// v may read, or ErrNotFound.
func (c *Conn) LatestReadableEdition(ctx context.Context, v model.Viewer, state string) (model.MatrixEdition, error) {
	f := policy.ReadFilter(v, "e", matrixKind, 2)
	e, err := scanEdition(c.queryRow(ctx, `SELECT `+editionColumns+` FROM matrix_editions e WHERE e.owner_org = $1 AND `+f.SQL+
		` ORDER BY e.number DESC LIMIT 1`, append([]any{state}, f.Args...)...))
	if err != nil {
		return e, fmt.Errorf("store: latest matrix edition of %s: %w", state, err)
	}
	return e, nil
}

// MatrixEdition returns edition number of state's matrix regardless of
// who asks; the service decides who may see it.
func (c *Conn) MatrixEdition(ctx context.Context, state string, number int) (model.MatrixEdition, error) {
	e, err := scanEdition(c.queryRow(ctx, `SELECT `+editionColumns+` FROM matrix_editions e WHERE e.owner_org = $1 AND e.number = $2`, state, number))
	if err != nil {
		return e, fmt.Errorf("store: matrix edition %s/%d: %w", state, number, err)
	}
	return e, nil
}

// MatrixEditionByID returns an edition by its ID regardless of who asks;
// inside a write transaction its row is locked.
func (c *Conn) MatrixEditionByID(ctx context.Context, id int64) (model.MatrixEdition, error) {
	e, err := scanEdition(c.queryRow(ctx, `SELECT `+editionColumns+` FROM matrix_editions e WHERE e.id = $1`+c.lockClause(), id))
	if err != nil {
		return e, fmt.Errorf("store: matrix edition %d: %w", id, err)
	}
	return e, nil
}

// OpenMatrixEdition returns state's edition under review (draft or with
// the State), or ErrNotFound. Inside a write transaction the row is
// locked until the transaction ends.
func (c *Conn) OpenMatrixEdition(ctx context.Context, state string) (model.MatrixEdition, error) {
	e, err := scanEdition(c.queryRow(ctx, `SELECT `+editionColumns+` FROM matrix_editions e WHERE e.owner_org = $1 AND e.status IN ('draft', 'with-state')`+
		c.lockClause(), state))
	if err != nil {
		return e, fmt.Errorf("store: open matrix edition of %s: %w", state, err)
	}
	return e, nil
}

// LatestApprovedEdition returns state's approved edition, or ErrNotFound.
func (c *Conn) LatestApprovedEdition(ctx context.Context, state string) (model.MatrixEdition, error) {
	e, err := scanEdition(c.queryRow(ctx, `SELECT `+editionColumns+` FROM matrix_editions e WHERE e.owner_org = $1 AND e.status = 'approved'
		ORDER BY e.number DESC LIMIT 1`+c.lockClause(), state))
	if err != nil {
		return e, fmt.Errorf("store: approved matrix edition of %s: %w", state, err)
	}
	return e, nil
}

// lockClause is forUpdate inside a write transaction, nothing outside.
func (c *Conn) lockClause() string {
	if c.tx == nil {
		return ""
	}
	return c.forUpdate()
}

const cellColumns = `c.field_id, c.status, c.reference, c.remarks, c.source, c.updated_at, c.updated_by, c.updated_by_org, c.version, c.report_id, c.report_page`

func scanCell(row interface{ Scan(...any) error }) (model.MatrixCell, error) {
	var m model.MatrixCell
	var status sql.NullString
	var report sql.NullInt64
	if err := row.Scan(&m.FieldID, &status, &m.Reference, &m.Remarks, &m.Source, &m.UpdatedAt, &m.UpdatedBy, &m.UpdatedByOrg, &m.Version,
		&report, &m.Report.Page); err != nil {
		return m, translate(err)
	}
	m.Report.ReportID = report.Int64
	m.Status = model.CellStatus(status.String)
	m.UpdatedAt = m.UpdatedAt.UTC()
	return m, nil
}

// MatrixCells returns the stored cells of an edition by field ID (fields
// without a row are empty, version 0).
func (c *Conn) MatrixCells(ctx context.Context, editionID int64) (map[string]model.MatrixCell, error) {
	rows, err := c.query(ctx, `SELECT `+cellColumns+` FROM matrix_cells c WHERE c.edition_id = $1`, editionID)
	if err != nil {
		return nil, fmt.Errorf("store: matrix cells: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := map[string]model.MatrixCell{}
	for rows.Next() {
		m, err := scanCell(rows)
		if err != nil {
			return nil, err
		}
		out[m.FieldID] = m
	}
	return out, rows.Err()
}

// MatrixCell returns one stored cell of an edition, or ErrNotFound when
// the field was never edited in it.
func (c *Conn) MatrixCell(ctx context.Context, editionID int64, fieldID string) (model.MatrixCell, error) {
	m, err := scanCell(c.queryRow(ctx, `SELECT `+cellColumns+` FROM matrix_cells c WHERE c.edition_id = $1 AND c.field_id = $2`+c.lockClause(), editionID, fieldID))
	if err != nil {
		return m, fmt.Errorf("store: matrix cell: %w", err)
	}
	return m, nil
}

// MatrixCellHistory returns every recorded change of fieldID in the
// editions of state's matrix that v may read, oldest first.
func (c *Conn) MatrixCellHistory(ctx context.Context, v model.Viewer, state, fieldID string) ([]model.MatrixCellChange, error) {
	f := policy.ReadFilter(v, "e", matrixKind, 3)
	rows, err := c.query(ctx, `SELECT e.number, e.status, h.field_id, h.status, h.reference, h.remarks, h.source, h.at, h.actor, h.actor_org, h.version, h.how,
		h.report_id, h.report_page
		FROM matrix_cell_history h JOIN matrix_editions e ON e.id = h.edition_id
		WHERE e.owner_org = $1 AND h.field_id = $2 AND `+f.SQL+` ORDER BY h.at, h.id`, append([]any{state, fieldID}, f.Args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: matrix cell history: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.MatrixCellChange{}
	for rows.Next() {
		var h model.MatrixCellChange
		var status sql.NullString
		var report sql.NullInt64
		if err := rows.Scan(&h.Edition, &h.EditionStatus, &h.FieldID, &status, &h.Reference, &h.Remarks, &h.Source, &h.UpdatedAt,
			&h.UpdatedBy, &h.UpdatedByOrg, &h.Version, &h.How, &report, &h.Report.Page); err != nil {
			return nil, translate(err)
		}
		h.Report.ReportID = report.Int64
		h.Status = model.CellStatus(status.String)
		h.UpdatedAt = h.UpdatedAt.UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}

// MatrixCellAcrossEditions returns the value of fieldID in each edition
// of state's matrix that v may read, oldest first (editions where the
// field was never edited are left out).
func (c *Conn) MatrixCellAcrossEditions(ctx context.Context, v model.Viewer, state, fieldID string) ([]model.MatrixCellChange, error) {
	f := policy.ReadFilter(v, "e", matrixKind, 3)
	rows, err := c.query(ctx, `SELECT e.number, e.status, `+cellColumns+`
		FROM matrix_cells c JOIN matrix_editions e ON e.id = c.edition_id
		WHERE e.owner_org = $1 AND c.field_id = $2 AND `+f.SQL+` ORDER BY e.number`, append([]any{state, fieldID}, f.Args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: matrix cell across editions: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.MatrixCellChange{}
	for rows.Next() {
		var h model.MatrixCellChange
		var status sql.NullString
		var report sql.NullInt64
		if err := rows.Scan(&h.Edition, &h.EditionStatus, &h.FieldID, &status, &h.Reference, &h.Remarks, &h.Source, &h.UpdatedAt,
			&h.UpdatedBy, &h.UpdatedByOrg, &h.Version, &report, &h.Report.Page); err != nil {
			return nil, translate(err)
		}
		h.Report.ReportID = report.Int64
		h.Status = model.CellStatus(status.String)
		h.UpdatedAt = h.UpdatedAt.UTC()
		h.How = "edition"
		out = append(out, h)
	}
	return out, rows.Err()
}

// MatrixComments returns the comments of an edition (on fieldID, or on
// every field when fieldID is ""), oldest first.
func (c *Conn) MatrixComments(ctx context.Context, editionID int64, fieldID string) ([]model.MatrixComment, error) {
	q := `SELECT m.id, e.number, m.field_id, m.body, m.author, m.author_org, m.at FROM matrix_comments m JOIN matrix_editions e ON e.id = m.edition_id
		WHERE m.edition_id = $1`
	args := []any{editionID}
	if fieldID != "" {
		q += ` AND m.field_id = $2`
		args = append(args, fieldID)
	}
	rows, err := c.query(ctx, q+` ORDER BY m.at, m.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: matrix comments: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.MatrixComment{}
	for rows.Next() {
		var m model.MatrixComment
		if err := rows.Scan(&m.ID, &m.Edition, &m.FieldID, &m.Body, &m.Author, &m.AuthorOrg, &m.At); err != nil {
			return nil, translate(err)
		}
		m.At = m.At.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// MatrixEvents returns the review steps of an edition, oldest first.
func (c *Conn) MatrixEvents(ctx context.Context, editionID int64) ([]model.MatrixEvent, error) {
	rows, err := c.query(ctx, `SELECT e.number, m.action, m.note, m.actor, m.actor_org, m.at FROM matrix_events m JOIN matrix_editions e ON e.id = m.edition_id
		WHERE m.edition_id = $1 ORDER BY m.at, m.id`, editionID)
	if err != nil {
		return nil, fmt.Errorf("store: matrix events: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.MatrixEvent{}
	for rows.Next() {
		var m model.MatrixEvent
		if err := rows.Scan(&m.Edition, &m.Action, &m.Note, &m.Actor, &m.ActorOrg, &m.At); err != nil {
			return nil, translate(err)
		}
		m.At = m.At.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// LatestReadableEditions returns, for each of states (every State when
// states is nil), the newest edition of its matrix that v may read.
// States without one are absent. What v may not read is never loaded.
func (c *Conn) LatestReadableEditions(ctx context.Context, v model.Viewer, states []string) ([]model.MatrixEdition, error) {
	f := policy.ReadFilter(v, "e", matrixKind, 1)
	args := f.Args
	in := ""
	if states != nil {
		if len(states) == 0 {
			return nil, nil
		}
		holders := make([]string, len(states))
		for i, s := range states {
			args = append(args, s)
			holders[i] = fmt.Sprintf("$%d", len(args))
		}
		in = ` AND e.owner_org IN (` + strings.Join(holders, ", ") + `)`
	}
	rows, err := c.query(ctx, `WITH latest AS (
			SELECT e.owner_org, MAX(e.number) AS n FROM matrix_editions e WHERE `+f.SQL+in+` GROUP BY e.owner_org)
		SELECT `+editionColumns+` FROM latest l JOIN matrix_editions e ON e.owner_org = l.owner_org AND e.number = l.n`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: latest matrix editions: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []model.MatrixEdition
	for rows.Next() {
		e, err := scanEdition(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CoverageCount is one line of the coverage counts: in edition Edition
// (an ID), the cells of Area and Weapon that hold X, ? and NA.
type CoverageCount struct {
	Edition      int64
	Area, Weapon string
	X, Q, NA     int
}

// MatrixCoverageCounts counts the cells of the given editions (by ID) by
// area and weapon type. The caller has decided that the viewer may read
// them (LatestReadableEditions).
func (c *Conn) MatrixCoverageCounts(ctx context.Context, editions []int64) ([]CoverageCount, error) {
	if len(editions) == 0 {
		return nil, nil
	}
	holders := make([]string, len(editions))
	args := make([]any, len(editions))
	for i, id := range editions {
		args[i] = id
		holders[i] = fmt.Sprintf("$%d", i+1)
	}
	rows, err := c.query(ctx, `SELECT c.edition_id, c.area, c.weapon,
			SUM(CASE WHEN c.status = 'X' THEN 1 ELSE 0 END), SUM(CASE WHEN c.status = '?' THEN 1 ELSE 0 END),
			SUM(CASE WHEN c.status = 'NA' THEN 1 ELSE 0 END)
		FROM matrix_cells c WHERE c.edition_id IN (`+strings.Join(holders, ", ")+`) AND c.status IS NOT NULL
		GROUP BY c.edition_id, c.area, c.weapon`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: matrix coverage: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []CoverageCount
	for rows.Next() {
		var k CoverageCount
		if err := rows.Scan(&k.Edition, &k.Area, &k.Weapon, &k.X, &k.Q, &k.NA); err != nil {
			return nil, translate(err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// CreateMatrixEdition inserts e as the next edition of e.State and sets
// its ID, number, times and version.
func (tx *Tx) CreateMatrixEdition(ctx context.Context, e *model.MatrixEdition) error {
	var last sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT MAX(number) FROM matrix_editions WHERE owner_org = $1`, e.State).Scan(&last); err != nil {
		return fmt.Errorf("store: matrix edition number: %w", translate(err))
	}
	now := tx.Now()
	if e.CreatedAt.IsZero() {
		e.CreatedAt = now
	}
	e.Number = int(last.Int64) + 1
	id, err := tx.insertID(ctx, `INSERT INTO matrix_editions (owner_org, number, status, visibility, taxonomy, based_on, agreed, illustrative,
		created_at, created_by, sent_at, sent_by, agreed_at, agreed_by, approved_at, approved_on, approved_by, superseded_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1) RETURNING id`,
		e.State, e.Number, string(e.Status), string(e.Visibility()), e.Taxonomy, e.BasedOn, e.Agreed, e.Illustrative,
		e.CreatedAt, e.CreatedBy, timeOrNull(e.SentAt), e.SentBy, timeOrNull(e.AgreedAt), e.AgreedBy, timeOrNull(e.ApprovedAt), e.ApprovedOn, e.ApprovedBy,
		timeOrNull(e.SupersededAt), now)
	if err != nil {
		if IsUniqueViolation(err) {
			return fmt.Errorf("store: create matrix edition: %w", model.ErrConflict)
		}
		return fmt.Errorf("store: create matrix edition: %w", err)
	}
	e.ID, e.UpdatedAt, e.Version = id, now, 1
	return nil
}

// UpdateMatrixEdition saves e's status and review fields if its version
// is still e.Version, and bumps the version; a stale version is
// ErrConflict.
func (tx *Tx) UpdateMatrixEdition(ctx context.Context, e *model.MatrixEdition) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE matrix_editions SET status = $3, visibility = $4, agreed = $5, sent_at = $6, sent_by = $7, agreed_at = $8, agreed_by = $9,
		approved_at = $10, approved_by = $11, superseded_at = $12, updated_at = $13, approved_on = $14, version = version + 1 WHERE id = $1 AND version = $2`,
		e.ID, e.Version, string(e.Status), string(e.Visibility()), e.Agreed, timeOrNull(e.SentAt), e.SentBy, timeOrNull(e.AgreedAt), e.AgreedBy,
		timeOrNull(e.ApprovedAt), e.ApprovedBy, timeOrNull(e.SupersededAt), now, e.ApprovedOn)
	if err != nil {
		if IsUniqueViolation(err) {
			return fmt.Errorf("store: update matrix edition: %w", model.ErrConflict)
		}
		return fmt.Errorf("store: update matrix edition: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	e.UpdatedAt = now
	e.Version++
	delete(tx.tx.editions, e.ID) // its level changed: read it again
	if e.Status == model.EditionSuperseded {
		return tx.UnindexShared(ctx, matrixKind, e.ID)
	}
	return tx.SetSearchLevel(ctx, matrixKind, e.ID, e.State, e.Visibility())
}

// CopyMatrixCells copies every cell of edition from into edition to (a new
// draft starts from the last approved edition), keeping their versions.
func (tx *Tx) CopyMatrixCells(ctx context.Context, from, to int64) error {
	_, err := tx.exec(ctx, `INSERT INTO matrix_cells (edition_id, field_id, area, weapon, status, reference, remarks, source, updated_at, updated_by, updated_by_org, version,
		report_id, report_page)
		SELECT $2, field_id, area, weapon, status, reference, remarks, source, updated_at, updated_by, updated_by_org, version, report_id, report_page
		FROM matrix_cells WHERE edition_id = $1`, from, to)
	if err != nil {
		return fmt.Errorf("store: copy matrix cells: %w", err)
	}
	e, err := tx.editionByID(ctx, to)
	if err != nil {
		return err
	}
	return tx.copyEditionIndex(ctx, from, e)
}

// SaveMatrixCell writes cell m of an edition if the version read is still
// current (0: the field was never edited in it), sets m's version and
// time, and records the change in the cell's history (how: edit, import,
// demo). A stale version is ErrConflict.
func (tx *Tx) SaveMatrixCell(ctx context.Context, editionID int64, area, weapon string, m *model.MatrixCell, read int64, how string) error {
	now := tx.Now()
	if m.UpdatedAt.IsZero() {
		m.UpdatedAt = now
	}
	status := nullString(string(m.Status))
	if read == 0 {
		_, err := tx.exec(ctx, `INSERT INTO matrix_cells (edition_id, field_id, area, weapon, status, reference, remarks, source, updated_at, updated_by, updated_by_org, version,
			report_id, report_page)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13)`,
			editionID, m.FieldID, area, weapon, status, m.Reference, m.Remarks, m.Source, m.UpdatedAt, m.UpdatedBy, m.UpdatedByOrg,
			nullID(m.Report.ReportID), m.Report.Page)
		if err != nil {
			if IsUniqueViolation(err) {
				return model.ErrConflict
			}
			return fmt.Errorf("store: save matrix cell: %w", err)
		}
		m.Version = 1
	} else {
		res, err := tx.exec(ctx, `UPDATE matrix_cells SET status = $4, reference = $5, remarks = $6, source = $7, updated_at = $8, updated_by = $9,
			updated_by_org = $10, report_id = $11, report_page = $12, version = version + 1 WHERE edition_id = $1 AND field_id = $2 AND version = $3`,
			editionID, m.FieldID, read, status, m.Reference, m.Remarks, m.Source, m.UpdatedAt, m.UpdatedBy, m.UpdatedByOrg,
			nullID(m.Report.ReportID), m.Report.Page)
		if err != nil {
			return fmt.Errorf("store: save matrix cell: %w", err)
		}
		if err := oneRow(res, model.ErrConflict); err != nil {
			return err
		}
		m.Version = read + 1
	}
	_, err := tx.exec(ctx, `INSERT INTO matrix_cell_history (edition_id, field_id, version, status, reference, remarks, source, at, actor, actor_org, how,
		report_id, report_page)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		editionID, m.FieldID, m.Version, status, m.Reference, m.Remarks, m.Source, m.UpdatedAt, m.UpdatedBy, m.UpdatedByOrg, how,
		nullID(m.Report.ReportID), m.Report.Page)
	if err != nil {
		return fmt.Errorf("store: matrix cell history: %w", err)
	}
	return tx.indexCell(ctx, editionID, *m)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// AddMatrixComment records a comment and sets its ID and time.
func (tx *Tx) AddMatrixComment(ctx context.Context, editionID int64, m *model.MatrixComment) error {
	m.At = tx.Now()
	id, err := tx.insertID(ctx, `INSERT INTO matrix_comments (edition_id, field_id, body, author, author_org, at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		editionID, m.FieldID, m.Body, m.Author, m.AuthorOrg, m.At)
	if err != nil {
		return fmt.Errorf("store: matrix comment: %w", err)
	}
	m.ID = id
	return nil
}

// AddMatrixEvent records a step of an edition's review (at the time of
// the transaction unless m.At is set).
func (tx *Tx) AddMatrixEvent(ctx context.Context, editionID int64, m *model.MatrixEvent) error {
	if m.At.IsZero() {
		m.At = tx.Now()
	}
	_, err := tx.exec(ctx, `INSERT INTO matrix_events (edition_id, action, note, actor, actor_org, at) VALUES ($1, $2, $3, $4, $5, $6)`,
		editionID, m.Action, m.Note, m.Actor, m.ActorOrg, m.At)
	if err != nil {
		return fmt.Errorf("store: matrix event: %w", err)
	}
	return nil
}

// MarkMatrixSeen records that account has read the change of fieldID in
// the edition (the guided review, issue 18 item 4); false when it was
// marked already.
func (tx *Tx) MarkMatrixSeen(ctx context.Context, accountID, editionID int64, fieldID string) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO matrix_review_seen (account_id, edition_id, field_id, seen_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (account_id, edition_id, field_id) DO NOTHING`, accountID, editionID, fieldID, tx.Now())
	if err != nil {
		return false, fmt.Errorf("store: matrix review seen: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// MatrixSeen returns the fields of the edition whose change account has
// read, with when.
func (c *Conn) MatrixSeen(ctx context.Context, accountID, editionID int64) (map[string]time.Time, error) {
	rows, err := c.query(ctx, `SELECT field_id, seen_at FROM matrix_review_seen WHERE account_id = $1 AND edition_id = $2`, accountID, editionID)
	if err != nil {
		return nil, fmt.Errorf("store: matrix review seen: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := map[string]time.Time{}
	for rows.Next() {
		var f string
		var at time.Time
		if err := rows.Scan(&f, &at); err != nil {
			return nil, translate(err)
		}
		out[f] = at.UTC()
	}
	return out, rows.Err()
}
