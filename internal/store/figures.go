package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
)

// The figures' sources (issue 20): one query per kind of record a figure
// counts, each carrying the viewer's read filter, so a record the viewer
// may not read is never loaded and never counted. A query returns every
// readable record of its kind (of orgs, when orgs is not nil) with its
// dates; the service decides the period and the figure.

// FigureRow is one record a figure may count, with what its figures need.
type FigureRow struct {
	Kind     string // nap, report, matrix-edition, assistance, need, programme, event, delegation, followup
	ID       int64  // the record's ID (a need's, a delegation's event)
	Parent   int64  // the request of a need
	Owner    string // the State or organisation the record is of
	Other    string // the delegation of a delegation, the provider of a matched need
	Title    string
	Number   int    // a matrix edition's number
	Category string // report type, event kind, need area, programme status, follow-up status
	On       string // the date counted (YYYY-MM-DD; "" none)
	Second   string // a second date: circulation, a programme's end, a follow-up's completion
	Until    string // an event's last day, a follow-up's due day
	Count    int    // delegates of a delegation
	// Of a delegation's delegates, those recorded as women, men, another
	// gender (issue 18, item 9; the rest: not asked, not answered, or
	// preferring not to say).
	Women, Men, Another int
	Sourced             bool // the date rests on a source (stamped by napx as it happened, or recorded with its source)
	Disputed            bool // two sources disagree on the date, not yet resolved
}

func day(t sql.NullTime) string {
	if !t.Valid {
		return ""
	}
	return t.Time.UTC().Format(time.DateOnly)
}

// anyDay is the day of a time an expression computed (an aggregate or a
// CASE loses the column's type on SQLite, which then answers its integer
// microseconds).
func anyDay(v any) string {
	switch t := v.(type) {
	case time.Time:
		return t.UTC().Format(time.DateOnly)
	case int64:
		return time.UnixMicro(t).UTC().Format(time.DateOnly)
	}
	return ""
}

// inOrgs adds "AND col IN (...)" for orgs (nothing when orgs is nil).
func inOrgs(args *[]any, col string, orgs []string) string {
	if orgs == nil {
		return ""
	}
	if len(orgs) == 0 {
		return " AND 1 = 0"
	}
	return " AND " + col + " IN (" + placeholders(args, toAny(orgs)) + ")"
}

// unsourced is the SQL condition "the date in force of this fact was
// recorded after the fact by a person who gave no source".
func unsourced(kind, idCol, fact, valueCol string) string {
	return `EXISTS (SELECT 1 FROM history_facts hf JOIN history_claims hc ON hc.fact_id = hf.id
		WHERE hf.kind = '` + kind + `' AND hf.record_id = ` + idCol + ` AND hf.fact = '` + fact + `' AND hc.recorded AND hc.source = '' AND hc.value = ` + valueCol + `)`
}

func disputedFact(kind, idCol, fact string) string {
	return `EXISTS (SELECT 1 FROM history_facts hd WHERE hd.kind = '` + kind + `' AND hd.record_id = ` + idCol + ` AND hd.fact = '` + fact + `' AND hd.disputed)`
}

// FigurePlans returns the 1540 plans v may read that reached the
// Committee (withdrawn plans aside; model.NAP.Counts1540), each with the
// date in force of its first submission.
func (c *Conn) FigurePlans(ctx context.Context, v model.Viewer, orgs []string) ([]FigureRow, error) {
	rf := policy.ReadFilter(v, "n", "nap", 1)
	args := append([]any(nil), rf.Args...)
	q := `SELECT n.id, n.owner_org, n.title, COALESCE(s.submitted_on, ''),
		CASE WHEN ` + unsourced("nap_submission", "s.id", "submitted", "s.submitted_on") + ` THEN 0 ELSE 1 END,
		CASE WHEN ` + disputedFact("nap_submission", "s.id", "submitted") + ` THEN 1 ELSE 0 END
		FROM naps n JOIN nap_submissions s ON s.nap_id = n.id AND s.number = 1
		WHERE ` + rf.SQL + ` AND n.status <> 'withdrawn' AND (n.plan_type = '` + model.NAPType1540 + `' OR (n.plan_type = '` + model.NAPTypeCBRN +
		`' AND n.status IN ('submitted', 'published')))` + inOrgs(&args, "n.owner_org", orgs) + ` ORDER BY n.id`
	out, err := queryAll(ctx, c, func(s scanner) (FigureRow, error) {
		r := FigureRow{Kind: "nap"}
		var src, dis int
		err := s.Scan(&r.ID, &r.Owner, &r.Title, &r.On, &src, &dis)
		r.Sourced, r.Disputed = src == 1, dis == 1
		return r, translate(err)
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: figure plans: %w", err)
	}
	return out, nil
}

// FigureReports returns the national reports v may read.
func (c *Conn) FigureReports(ctx context.Context, v model.Viewer, orgs []string) ([]FigureRow, error) {
	rf := policy.ReadFilter(v, "r", "report", 1)
	args := append([]any(nil), rf.Args...)
	q := `SELECT r.id, r.owner_org, CASE WHEN r.title <> '' THEN r.title ELSE r.symbol END, r.report_type, r.report_date,
		CASE WHEN r.symbol <> '' OR r.url <> '' OR r.size > 0 OR r.source <> '' THEN 1 ELSE 0 END,
		CASE WHEN ` + disputedFact("report", "r.id", "dated") + ` THEN 1 ELSE 0 END
		FROM national_reports r WHERE ` + rf.SQL + inOrgs(&args, "r.owner_org", orgs) + ` ORDER BY r.id`
	out, err := queryAll(ctx, c, func(s scanner) (FigureRow, error) {
		r := FigureRow{Kind: "report"}
		var src, dis int
		err := s.Scan(&r.ID, &r.Owner, &r.Title, &r.Category, &r.On, &src, &dis)
		r.Sourced, r.Disputed = src == 1, dis == 1
		return r, translate(err)
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: figure reports: %w", err)
	}
	return out, nil
}

// FigureEditions returns the approved matrix editions v may read (the
// approved and the superseded), with the date in force of the approval.
func (c *Conn) FigureEditions(ctx context.Context, v model.Viewer, orgs []string) ([]FigureRow, error) {
	rf := policy.ReadFilter(v, "e", matrixKind, 1)
	args := append([]any(nil), rf.Args...)
	q := `SELECT e.id, e.owner_org, e.number, COALESCE(e.approved_on, ''),
		CASE WHEN ` + unsourced("matrix_edition", "e.id", "approved", "e.approved_on") + ` THEN 0 ELSE 1 END,
		CASE WHEN ` + disputedFact("matrix_edition", "e.id", "approved") + ` THEN 1 ELSE 0 END
		FROM matrix_editions e WHERE ` + rf.SQL + ` AND e.status IN ('approved', 'superseded') AND e.approved_on IS NOT NULL` +
		inOrgs(&args, "e.owner_org", orgs) + ` ORDER BY e.id`
	out, err := queryAll(ctx, c, func(s scanner) (FigureRow, error) {
		r := FigureRow{Kind: "matrix-edition"}
		var src, dis int
		err := s.Scan(&r.ID, &r.Owner, &r.Number, &r.On, &src, &dis)
		r.Sourced, r.Disputed = src == 1, dis == 1
		return r, translate(err)
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: figure editions: %w", err)
	}
	return out, nil
}

// FigureRequests returns the assistance requests v may read that the
// Committee acknowledged: On is the acknowledgement day (when the
// Committee received it), Second the day of its circulation.
func (c *Conn) FigureRequests(ctx context.Context, v model.Viewer, orgs []string) ([]FigureRow, error) {
	rf := policy.ReadFilter(v, "r", AssistanceKind, 1)
	args := append([]any(nil), rf.Args...)
	q := `SELECT r.id, r.owner_org, r.title, r.status, r.acknowledged_on, r.circulated_at
		FROM assistance_requests r WHERE ` + rf.SQL + ` AND r.acknowledged_on IS NOT NULL` + inOrgs(&args, "r.owner_org", orgs) + ` ORDER BY r.id`
	out, err := queryAll(ctx, c, func(s scanner) (FigureRow, error) {
		r := FigureRow{Kind: "assistance", Sourced: true}
		var circ sql.NullTime
		err := s.Scan(&r.ID, &r.Owner, &r.Title, &r.Category, &r.On, &circ)
		r.Second = day(circ)
		return r, translate(err)
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: figure requests: %w", err)
	}
	return out, nil
}

// FigureNeeds returns the needs of the assistance requests v may read,
// with the day each was matched — only where v reads the request's
// details (the public summary names no match; provider: v's organisation
// keeps a programme) — and the day its outcome was last recorded.
func (c *Conn) FigureNeeds(ctx context.Context, v model.Viewer, provider bool, orgs []string) ([]FigureRow, error) {
	rf := policy.ReadFilter(v, "r", AssistanceKind, 1)
	args := append([]any(nil), rf.Args...)
	details, dargs := detailsCondition(v, provider, len(args)+1)
	args = append(args, dargs...)
	match := "NULL, ''"
	if details != "" {
		match = "CASE WHEN " + details + " THEN m.confirmed_at END, CASE WHEN " + details + " THEN COALESCE(m.provider_org, '') ELSE '' END"
	}
	q := `SELECT n.id, r.id, r.owner_org, r.title, n.area, n.outcome, n.updated_at, ` + match + `
		FROM assistance_needs n JOIN assistance_requests r ON r.id = n.request_id LEFT JOIN assistance_matches m ON m.need_id = n.id
		WHERE ` + rf.SQL + inOrgs(&args, "r.owner_org", orgs) + ` ORDER BY n.id`
	out, err := queryAll(ctx, c, func(s scanner) (FigureRow, error) {
		r := FigureRow{Kind: "need", Sourced: true}
		var outcome string
		var updated time.Time
		var matched any
		err := s.Scan(&r.ID, &r.Parent, &r.Owner, &r.Title, &r.Category, &outcome, &updated, &matched, &r.Other)
		r.On = anyDay(matched)
		if outcome == "fulfilled" {
			r.Second = updated.UTC().Format(time.DateOnly)
		}
		return r, translate(err)
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: figure needs: %w", err)
	}
	return out, nil
}

// FigureProgrammes returns the programmes v may read that are or were
// offered (neither drafts nor withdrawn), with their running dates.
func (c *Conn) FigureProgrammes(ctx context.Context, v model.Viewer) ([]FigureRow, error) {
	rf := policy.ReadFilter(v, "p", ProgrammeKind, 1)
	q := `SELECT p.id, p.owner_org, p.title, p.status, COALESCE(p.starts_on, ''), COALESCE(p.ends_on, '')
		FROM assistance_programmes p WHERE ` + rf.SQL + ` AND p.status IN ('open', 'closed') ORDER BY p.id`
	out, err := queryAll(ctx, c, func(s scanner) (FigureRow, error) {
		r := FigureRow{Kind: "programme", Sourced: true}
		err := s.Scan(&r.ID, &r.Owner, &r.Title, &r.Category, &r.On, &r.Second)
		return r, translate(err)
	}, q, args(rf)...)
	if err != nil {
		return nil, fmt.Errorf("store: figure programmes: %w", err)
	}
	return out, nil
}

func args(f policy.Filter) []any { return append([]any(nil), f.Args...) }

// FigureEvents returns the events v may read (organised by one of orgs or
// inviting one of them, when orgs is not nil). An event is sourced when
// it was typed in before it ended (napx saw it happen) or names its
// source.
func (c *Conn) FigureEvents(ctx context.Context, v model.Viewer, orgs []string) ([]FigureRow, error) {
	rf := policy.ReadFilter(v, "e", eventShareKind, 1)
	a := args(rf)
	cond := ""
	if orgs != nil {
		in := placeholders(&a, toAny(orgs))
		cond = " AND (e.owner_org IN (" + in + ") OR EXISTS (SELECT 1 FROM event_quotas q WHERE q.event_id = e.id AND q.org IN (" + in + ")))"
		if len(orgs) == 0 {
			cond = " AND 1 = 0"
		}
	}
	q := `SELECT e.id, e.owner_org, e.code, e.title, e.kind, e.start_day, e.end_day, e.source, e.created_at
		FROM events e WHERE ` + rf.SQL + cond + ` ORDER BY e.id`
	out, err := queryAll(ctx, c, func(s scanner) (FigureRow, error) {
		r := FigureRow{Kind: "event"}
		var code, source string
		var created time.Time
		err := s.Scan(&r.ID, &r.Owner, &code, &r.Title, &r.Category, &r.On, &r.Until, &source, &created)
		r.Sourced = source != "" || created.UTC().Format(time.DateOnly) <= r.Until
		if code != "" {
			r.Title = code + " — " + r.Title
		}
		return r, translate(err)
	}, q, a...)
	if err != nil {
		return nil, fmt.Errorf("store: figure events: %w", err)
	}
	return out, nil
}

// FigureDelegations returns, for the events v may read, each delegation
// (of orgs, when not nil) with its delegates confirmed or who attended:
// numbers, never names (a delegate's name follows its own narrower rule).
func (c *Conn) FigureDelegations(ctx context.Context, v model.Viewer, orgs []string) ([]FigureRow, error) {
	rf := policy.ReadFilter(v, "e", eventShareKind, 1)
	a := args(rf)
	q := `SELECT e.id, e.owner_org, e.title, e.kind, e.start_day, e.end_day, d.org, d.n, d.w, d.m, d.a
		FROM events e JOIN (SELECT p.event_id, p.org, COUNT(*) AS n, SUM(CASE WHEN p.gender = 'woman' THEN 1 ELSE 0 END) AS w,
			SUM(CASE WHEN p.gender = 'man' THEN 1 ELSE 0 END) AS m, SUM(CASE WHEN p.gender = 'another' THEN 1 ELSE 0 END) AS a FROM event_participants p
			WHERE p.status IN ('confirmed', 'attended')` + inOrgs(&a, "p.org", orgs) + ` GROUP BY p.event_id, p.org) d ON d.event_id = e.id
		WHERE ` + rf.SQL + ` ORDER BY e.id, d.org`
	out, err := queryAll(ctx, c, func(s scanner) (FigureRow, error) {
		r := FigureRow{Kind: "delegation", Sourced: true}
		err := s.Scan(&r.ID, &r.Owner, &r.Title, &r.Category, &r.On, &r.Until, &r.Other, &r.Count, &r.Women, &r.Men, &r.Another)
		return r, translate(err)
	}, q, a...)
	if err != nil {
		return nil, fmt.Errorf("store: figure delegations: %w", err)
	}
	return out, nil
}

// FigureFollowUps returns the follow-ups (owned by one of orgs, when not
// nil) of the events v may read that have a due day, with the day each
// was first marked done.
func (c *Conn) FigureFollowUps(ctx context.Context, v model.Viewer, orgs []string) ([]FigureRow, error) {
	rf := policy.ReadFilter(v, "e", eventShareKind, 1)
	a := args(rf)
	q := `SELECT f.id, e.id, f.owner_org, f.title, f.status, f.due,
		(SELECT MIN(h.at) FROM event_followup_history h WHERE h.followup_id = f.id AND h.to_status = 'done')
		FROM event_followups f JOIN events e ON e.id = f.event_id
		WHERE ` + rf.SQL + ` AND f.due IS NOT NULL` + inOrgs(&a, "f.owner_org", orgs) + ` ORDER BY f.id`
	out, err := queryAll(ctx, c, func(s scanner) (FigureRow, error) {
		r := FigureRow{Kind: "followup", Sourced: true}
		var done any
		err := s.Scan(&r.ID, &r.Parent, &r.Owner, &r.Title, &r.Category, &r.Until, &done)
		r.On, r.Second = r.Until, anyDay(done)
		return r, translate(err)
	}, q, a...)
	if err != nil {
		return nil, fmt.Errorf("store: figure follow-ups: %w", err)
	}
	return out, nil
}
