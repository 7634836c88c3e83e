package store

import (
	"context"
	"fmt"

	"napx/internal/model"
	"napx/internal/policy"
)

// reportKind is the national reports' kind in record_shares and the policy
// filter.
const reportKind = "report"

// reportColumns are a report's columns without its document's content,
// with whether its date is disputed.
const reportColumns = `r.id, r.owner_org, r.visibility, r.report_type, r.title, r.report_date, r.language, r.symbol, r.url, r.pages,
	r.filename, r.content_type, r.size, r.sha256, r.source, r.source_url, r.illustrative, r.created_at, r.created_by, r.created_by_org, r.updated_at, r.version,
	(SELECT COUNT(*) FROM history_facts f WHERE f.kind = 'report' AND f.record_id = r.id AND f.disputed)`

func scanReport(row scanner) (model.NationalReport, error) {
	var r model.NationalReport
	var disputed int
	err := row.Scan(&r.ID, &r.State, &r.Visibility, &r.Type, &r.Title, &r.Date, &r.Language, &r.Symbol, &r.URL, &r.Pages,
		&r.Document.Filename, &r.Document.ContentType, &r.Document.Size, &r.Document.SHA256, &r.Source.Title, &r.Source.URL,
		&r.Illustrative, &r.CreatedAt, &r.CreatedBy, &r.CreatedByOrg, &r.UpdatedAt, &r.Version, &disputed)
	r.DateDisputed = disputed > 0
	if err != nil {
		return r, translate(err)
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

// NationalReports lists the reports of state that v may read, in the order
// of their dates.
func (c *Conn) NationalReports(ctx context.Context, v model.Viewer, state string) ([]model.NationalReport, error) {
	f := policy.ReadFilter(v, "r", reportKind, 2)
	out, err := queryAll(ctx, c, scanReport, `SELECT `+reportColumns+` FROM national_reports r WHERE r.owner_org = $1 AND `+f.SQL+
		` ORDER BY r.report_date, r.id`, append([]any{state}, f.Args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: national reports: %w", err)
	}
	return out, nil
}

// NationalReport returns one report regardless of who asks (the service
// decides); inside a write transaction its row is locked.
func (c *Conn) NationalReport(ctx context.Context, id int64) (model.NationalReport, error) {
	r, err := scanReport(c.queryRow(ctx, `SELECT `+reportColumns+` FROM national_reports r WHERE r.id = $1`+c.lockClause(), id))
	if err != nil {
		return r, fmt.Errorf("store: national report %d: %w", id, err)
	}
	return r, nil
}

// NationalReportContent returns the stored document of a report (nil when
// it has none).
func (c *Conn) NationalReportContent(ctx context.Context, id int64) ([]byte, error) {
	var b []byte
	if err := c.queryRow(ctx, `SELECT content FROM national_reports WHERE id = $1`, id).Scan(&b); err != nil {
		return nil, fmt.Errorf("store: national report %d: %w", id, translate(err))
	}
	return b, nil
}

// CreateNationalReport inserts r with its document's content (nil for
// none) and sets its ID, times and version.
func (tx *Tx) CreateNationalReport(ctx context.Context, r *model.NationalReport, content []byte) error {
	now := tx.Now()
	if r.CreatedAt.IsZero() {
		r.CreatedAt = now
	}
	id, err := tx.insertID(ctx, `INSERT INTO national_reports (owner_org, visibility, report_type, title, report_date, language, symbol, url, pages,
		filename, content_type, size, sha256, content, source, source_url, illustrative, created_at, created_by, created_by_org, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, 1) RETURNING id`,
		r.State, string(r.Visibility), string(r.Type), r.Title, r.Date, r.Language, r.Symbol, r.URL, r.Pages,
		r.Document.Filename, r.Document.ContentType, r.Document.Size, r.Document.SHA256, content, r.Source.Title, r.Source.URL,
		r.Illustrative, r.CreatedAt, r.CreatedBy, r.CreatedByOrg, now)
	if err != nil {
		return fmt.Errorf("store: create national report: %w", err)
	}
	r.ID, r.UpdatedAt, r.Version = id, now, 1
	return nil
}

// UpdateNationalReport saves r if its version is still r.Version (content
// nil keeps the stored document), and bumps the version; a stale version is
// ErrConflict.
func (tx *Tx) UpdateNationalReport(ctx context.Context, r *model.NationalReport, content []byte) error {
	now := tx.Now()
	q := `UPDATE national_reports SET visibility = $3, report_type = $4, title = $5, report_date = $6, language = $7, symbol = $8, url = $9,
		pages = $10, filename = $11, content_type = $12, size = $13, sha256 = $14, source = $15, source_url = $16, updated_at = $17, version = version + 1`
	args := []any{r.ID, r.Version, string(r.Visibility), string(r.Type), r.Title, r.Date, r.Language, r.Symbol, r.URL, r.Pages,
		r.Document.Filename, r.Document.ContentType, r.Document.Size, r.Document.SHA256, r.Source.Title, r.Source.URL, now}
	if content != nil {
		args = append(args, content)
		q += `, content = $18`
	}
	res, err := tx.exec(ctx, q+` WHERE id = $1 AND version = $2`, args...)
	if err != nil {
		return fmt.Errorf("store: update national report: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	r.UpdatedAt = now
	r.Version++
	return nil
}
