package store

import (
	"context"
	"fmt"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
)

// The queries the task page needs (issue 18, item 1). Each carries the
// viewer's read filter, like every list: a task never rests on a record
// its viewer may not read.

// SubmissionRef is a plan's submission as a task names it.
type SubmissionRef struct {
	NAPID       int64
	Number      int
	SubmittedAt time.Time
	State       string
	Title       string
}

// RecentSubmissions lists the submissions made since since that v may
// read (policy.SubmissionFilter: the Committee level reads every
// submission, even of a plan withdrawn since), newest first.
func (c *Conn) RecentSubmissions(ctx context.Context, v model.Viewer, since time.Time) ([]SubmissionRef, error) {
	f := policy.SubmissionFilter(v, "n", "nap", 2)
	out, err := queryAll(ctx, c, func(s scanner) (SubmissionRef, error) {
		var r SubmissionRef
		err := s.Scan(&r.NAPID, &r.Number, &r.SubmittedAt, &r.State, &r.Title)
		r.SubmittedAt = r.SubmittedAt.UTC()
		return r, err
	}, `SELECT s.nap_id, s.number, s.submitted_at, n.owner_org, n.title FROM nap_submissions s JOIN naps n ON n.id = s.nap_id
		WHERE s.submitted_at >= $1 AND `+f.SQL+` ORDER BY s.submitted_at DESC, s.id DESC`, append([]any{since}, f.Args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: recent submissions: %w", err)
	}
	return out, nil
}

// LastSubmissions returns, for each plan of ids (already read through the
// policy), its last submission's number and time.
func (c *Conn) LastSubmissions(ctx context.Context, ids []int64) (map[int64]SubmissionRef, error) {
	out := map[int64]SubmissionRef{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{}
	in := placeholders(&args, toAny(ids))
	rows, err := queryAll(ctx, c, func(s scanner) (SubmissionRef, error) {
		var r SubmissionRef
		err := s.Scan(&r.NAPID, &r.Number, &r.SubmittedAt)
		r.SubmittedAt = r.SubmittedAt.UTC()
		return r, err
	}, `SELECT s.nap_id, s.number, s.submitted_at FROM nap_submissions s
		WHERE s.nap_id IN (`+in+`) AND s.number = (SELECT MAX(x.number) FROM nap_submissions x WHERE x.nap_id = s.nap_id)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: last submissions: %w", err)
	}
	for _, r := range rows {
		out[r.NAPID] = r
	}
	return out, nil
}

// EditionsWith lists the editions in status that v may read, of states
// (every State when nil), oldest sent first.
func (c *Conn) EditionsWith(ctx context.Context, v model.Viewer, status model.EditionStatus, states []string) ([]model.MatrixEdition, error) {
	f := policy.ReadFilter(v, "e", matrixKind, 2)
	args := append([]any{string(status)}, f.Args...)
	in := ""
	if states != nil {
		if len(states) == 0 {
			return nil, nil
		}
		in = " AND e.owner_org IN (" + placeholders(&args, toAny(states)) + ")"
	}
	out, err := queryAll(ctx, c, scanEdition, `SELECT `+editionColumns+` FROM matrix_editions e WHERE e.status = $1 AND `+f.SQL+in+
		` ORDER BY e.sent_at, e.owner_org`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: editions %s: %w", status, err)
	}
	return out, nil
}

// CommentCount is how many comments an edition has from its own State,
// and the newest one's time.
type CommentCount struct {
	EditionID int64
	Count     int
	Latest    time.Time
}

// StateComments counts the comments each edition's own State made on it
// since since (the editions already read through the policy).
func (c *Conn) StateComments(ctx context.Context, editions []int64, since time.Time) (map[int64]CommentCount, error) {
	out := map[int64]CommentCount{}
	if len(editions) == 0 {
		return out, nil
	}
	args := []any{since}
	in := placeholders(&args, toAny(editions))
	rows, err := c.query(ctx, `SELECT m.edition_id, COUNT(*), MAX(m.at) FROM matrix_comments m JOIN matrix_editions e ON e.id = m.edition_id
		WHERE m.author_org = e.owner_org AND m.at >= $1 AND m.edition_id IN (`+in+`) GROUP BY m.edition_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: comments: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var cc CommentCount
		var last any
		if err := rows.Scan(&cc.EditionID, &cc.Count, &last); err != nil {
			return nil, translate(err)
		}
		cc.Latest = aggregateTime(last)
		out[cc.EditionID] = cc
	}
	return out, rows.Err()
}

// aggregateTime reads MAX() of a time column: an aggregate has no declared
// type, so SQLite returns the stored integer microseconds and PostgreSQL a
// time.
func aggregateTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t.UTC()
	case int64:
		return time.UnixMicro(t).UTC()
	}
	return time.Time{}
}

// StatusCounts counts the delegates of each event of ids by status.
func (c *Conn) StatusCounts(ctx context.Context, ids []int64) (map[int64]map[model.ParticipantStatus]int, error) {
	out := map[int64]map[model.ParticipantStatus]int{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{}
	in := placeholders(&args, toAny(ids))
	rows, err := c.query(ctx, `SELECT event_id, status, COUNT(*) FROM event_participants WHERE event_id IN (`+in+`) GROUP BY event_id, status`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: delegate counts: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var id int64
		var st model.ParticipantStatus
		var n int
		if err := rows.Scan(&id, &st, &n); err != nil {
			return nil, translate(err)
		}
		if out[id] == nil {
			out[id] = map[model.ParticipantStatus]int{}
		}
		out[id][st] = n
	}
	return out, rows.Err()
}

// FollowUpDue is an open follow-up action with its event's title.
type FollowUpDue struct {
	model.FollowUp
	EventTitle string
	Organizer  string
}

// FollowUpsDue lists the open follow-up actions due on or before by, of
// events v may read, that org owns or whose event org organises.
func (c *Conn) FollowUpsDue(ctx context.Context, v model.Viewer, org string, by model.Date) ([]FollowUpDue, error) {
	f := policy.ReadFilter(v, "e", eventShareKind, 3)
	out, err := queryAll(ctx, c, func(s scanner) (FollowUpDue, error) {
		var d FollowUpDue
		fu, err := scanFollowUp(prefixScanner{s, []any{&d.EventTitle, &d.Organizer}})
		d.FollowUp = fu
		return d, err
	}, `SELECT e.title, e.owner_org, `+followUpColumns+` FROM event_followups f JOIN events e ON e.id = f.event_id
		WHERE f.status IN ('open', 'in-progress') AND f.due IS NOT NULL AND f.due <> '' AND f.due <= $1 AND (f.owner_org = $2 OR e.owner_org = $2) AND `+f.SQL+
		` ORDER BY f.due, f.id`, append([]any{by.String(), org}, f.Args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: follow-ups due: %w", err)
	}
	return out, nil
}

// prefixScanner scans leading columns into pre, the rest into the
// destinations a scan function passes.
type prefixScanner struct {
	s   scanner
	pre []any
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.s.Scan(append(append([]any{}, p.pre...), dest...)...)
}

// AuditSeq is the number of the last audit entry that moves the data
// version (MovesDataVersion): every change is audited, so it moves
// whenever anything a viewer may read could have changed (a version of
// all the data, for what is kept between requests); a notice's fan-out
// into inboxes does not move it.
func (c *Conn) AuditSeq(ctx context.Context) (int64, error) {
	var n int64
	if err := c.queryRow(ctx, `SELECT data_seq FROM audit_head WHERE id = 1`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: audit head: %w", translate(err))
	}
	return n, nil
}
