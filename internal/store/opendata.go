package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
)

// Open data (issue 20, item 3): the public records as rows for bulk files,
// each query carrying the anonymous reader's read filter (visibility
// public and nothing else), and the files kept in the database so any
// process serves the same ones.

// OpenRow is one public record: its values in the kind's column order.
type OpenRow []any

// public is the read filter of a reader who is not signed in.
func public(alias, kind string) string {
	return policy.ReadFilter(model.Viewer{}, alias, kind, 1).SQL
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// OpenRows returns the public records of kind (plans, reports,
// matrix-editions, events, assistance-requests, programmes) in ID order,
// as the open-data dictionary lists their columns.
func (c *Conn) OpenRows(ctx context.Context, kind string) ([]OpenRow, error) {
	var q string
	var scan func(s scanner) (OpenRow, error)
	switch kind {
	case "plans":
		q = `SELECT n.id, n.owner_org, n.title, n.plan_type, n.status, n.period_start, n.period_end, COALESCE(n.adopted_on, ''),
			COALESCE((SELECT s.submitted_on FROM nap_submissions s WHERE s.nap_id = n.id AND s.number = 1), ''), COALESCE(n.published_on, ''), n.updated_at
			FROM naps n WHERE ` + public("n", "nap") + ` ORDER BY n.id`
		scan = func(s scanner) (OpenRow, error) {
			var id int64
			var owner, title, typ, status, adopted, submitted, published string
			var start, end int
			var upd time.Time
			err := s.Scan(&id, &owner, &title, &typ, &status, &start, &end, &adopted, &submitted, &published, &upd)
			return OpenRow{id, owner, title, typ, status, start, end, adopted, submitted, published, ts(upd)}, err
		}
	case "reports":
		q = `SELECT r.id, r.owner_org, r.report_type, r.title, r.report_date, r.language, r.symbol, r.url, r.pages, r.size > 0, r.source, r.source_url, r.updated_at
			FROM national_reports r WHERE ` + public("r", "report") + ` ORDER BY r.id`
		scan = func(s scanner) (OpenRow, error) {
			var id int64
			var owner, typ, title, date, lang, symbol, link, source, sourceURL string
			var pages int
			var doc bool
			var upd time.Time
			err := s.Scan(&id, &owner, &typ, &title, &date, &lang, &symbol, &link, &pages, &doc, &source, &sourceURL, &upd)
			return OpenRow{id, owner, typ, title, date, lang, symbol, link, pages, doc, source, sourceURL, ts(upd)}, err
		}
	case "matrix-editions":
		q = `SELECT e.id, e.owner_org, e.number, e.status, e.taxonomy, COALESCE(e.approved_on, ''), e.updated_at
			FROM matrix_editions e WHERE ` + public("e", matrixKind) + ` ORDER BY e.id`
		scan = func(s scanner) (OpenRow, error) {
			var id int64
			var owner, status, tax, approved string
			var number int
			var upd time.Time
			err := s.Scan(&id, &owner, &number, &status, &tax, &approved, &upd)
			return OpenRow{id, owner, number, status, tax, approved, ts(upd)}, err
		}
	case "events":
		q = `SELECT e.id, e.code, e.kind, e.title, e.owner_org, e.start_day, e.end_day, e.venue_name,
			COALESCE((SELECT COUNT(*) FROM event_quotas qq WHERE qq.event_id = e.id), 0), e.source, e.source_url, e.updated_at
			FROM events e WHERE ` + public("e", eventShareKind) + ` ORDER BY e.id`
		scan = func(s scanner) (OpenRow, error) {
			var id int64
			var code, kind, title, owner, start, end, venue, source, sourceURL string
			var invited int
			var upd time.Time
			err := s.Scan(&id, &code, &kind, &title, &owner, &start, &end, &venue, &invited, &source, &sourceURL, &upd)
			return OpenRow{id, code, kind, title, owner, start, end, venue, invited, source, sourceURL, ts(upd)}, err
		}
	case "assistance-requests":
		// The public summary only (Assistance.view → summaryOnly): the
		// requester, title, status, summary and the needs' areas.
		q = `SELECT r.id, r.owner_org, r.title, r.status, r.summary,
			COALESCE((SELECT COUNT(*) FROM assistance_needs n WHERE n.request_id = r.id), 0), r.updated_at
			FROM assistance_requests r WHERE ` + public("r", AssistanceKind) + ` ORDER BY r.id`
		scan = func(s scanner) (OpenRow, error) {
			var id int64
			var owner, title, status, summary string
			var needs int
			var upd time.Time
			err := s.Scan(&id, &owner, &title, &status, &summary, &needs, &upd)
			return OpenRow{id, owner, title, status, summary, needs, ts(upd)}, err
		}
	case "programmes":
		q = `SELECT p.id, p.owner_org, p.title, p.status, COALESCE(p.starts_on, ''), COALESCE(p.ends_on, ''), p.website, p.updated_at
			FROM assistance_programmes p WHERE ` + public("p", ProgrammeKind) + ` AND p.status IN ('open', 'closed') ORDER BY p.id`
		scan = func(s scanner) (OpenRow, error) {
			var id int64
			var owner, title, status, starts, ends, web string
			var upd time.Time
			err := s.Scan(&id, &owner, &title, &status, &starts, &ends, &web, &upd)
			return OpenRow{id, owner, title, status, starts, ends, web, ts(upd)}, err
		}
	default:
		return nil, fmt.Errorf("store: open data: no kind %q", kind)
	}
	out, err := queryAll(ctx, c, func(s scanner) (OpenRow, error) {
		r, err := scan(s)
		return r, translate(err)
	}, q)
	if err != nil {
		return nil, fmt.Errorf("store: open data %s: %w", kind, err)
	}
	return out, nil
}

// OpenChange is a public record changed since a moment.
type OpenChange struct {
	Kind      string
	ID        int64
	UpdatedAt time.Time
	Owner     string
	Number    int // a matrix edition's
}

// OpenChanges returns the public records of every open kind changed at or
// after since, oldest first.
func (c *Conn) OpenChanges(ctx context.Context, since time.Time) ([]OpenChange, error) {
	q := `SELECT 'plans', n.id, n.updated_at, n.owner_org, 0 FROM naps n WHERE ` + public("n", "nap") + ` AND n.updated_at >= $1
		UNION ALL SELECT 'reports', r.id, r.updated_at, r.owner_org, 0 FROM national_reports r WHERE ` + public("r", "report") + ` AND r.updated_at >= $1
		UNION ALL SELECT 'matrix-editions', e.id, e.updated_at, e.owner_org, e.number FROM matrix_editions e WHERE ` + public("e", matrixKind) + ` AND e.updated_at >= $1
		UNION ALL SELECT 'events', ev.id, ev.updated_at, ev.owner_org, 0 FROM events ev WHERE ` + public("ev", eventShareKind) + ` AND ev.updated_at >= $1
		UNION ALL SELECT 'assistance-requests', a.id, a.updated_at, a.owner_org, 0 FROM assistance_requests a WHERE ` + public("a", AssistanceKind) + ` AND a.updated_at >= $1
		UNION ALL SELECT 'programmes', p.id, p.updated_at, p.owner_org, 0 FROM assistance_programmes p WHERE ` + public("p", ProgrammeKind) + ` AND p.status IN ('open', 'closed') AND p.updated_at >= $1
		ORDER BY 3, 1, 2`
	out, err := queryAll(ctx, c, func(s scanner) (OpenChange, error) {
		var ch OpenChange
		err := s.Scan(&ch.Kind, &ch.ID, &ch.UpdatedAt, &ch.Owner, &ch.Number)
		ch.UpdatedAt = ch.UpdatedAt.UTC()
		return ch, translate(err)
	}, q, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: open data changes: %w", err)
	}
	return out, nil
}

// OpenFile is one generated open-data file.
type OpenFile struct {
	Name        string
	ContentType string
	Content     []byte
	SHA256      string
	DataVersion int64
	GeneratedAt time.Time
}

// OpenFilesVersion returns the data version the files were generated at (0
// when there are none), without their contents.
func (c *Conn) OpenFilesVersion(ctx context.Context) (int64, error) {
	var v sql.NullInt64
	if err := c.queryRow(ctx, `SELECT MIN(data_version) FROM open_data_files`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: open data version: %w", err)
	}
	return v.Int64, nil
}

// OpenFile returns the file called name; ErrNotFound when there is none.
func (c *Conn) OpenFile(ctx context.Context, name string) (OpenFile, error) {
	f := OpenFile{Name: name}
	err := c.queryRow(ctx, `SELECT content_type, content, sha256, data_version, generated_at FROM open_data_files WHERE name = $1`, name).
		Scan(&f.ContentType, &f.Content, &f.SHA256, &f.DataVersion, &f.GeneratedAt)
	if err != nil {
		return f, translate(err)
	}
	f.GeneratedAt = f.GeneratedAt.UTC()
	return f, nil
}

// ReplaceOpenFiles replaces every open-data file with files, in the
// transaction (all or none: a reader sees one generation).
func (tx *Tx) ReplaceOpenFiles(ctx context.Context, files []OpenFile) error {
	if _, err := tx.exec(ctx, `DELETE FROM open_data_files`); err != nil {
		return fmt.Errorf("store: open data files: %w", err)
	}
	for _, f := range files {
		if _, err := tx.exec(ctx, `INSERT INTO open_data_files (name, content_type, content, sha256, data_version, generated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			f.Name, f.ContentType, f.Content, f.SHA256, f.DataVersion, f.GeneratedAt.UTC()); err != nil {
			return fmt.Errorf("store: open data file %s: %w", f.Name, err)
		}
	}
	return nil
}
