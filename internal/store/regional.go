package store

import (
	"context"
	"fmt"

	"napx/internal/model"
	"napx/internal/policy"
)

// The regional view's queries (issue 14): counts for maps and series for
// charts. Each list that counts records of many owners carries the viewer's
// read filter, so what a viewer may not read is never counted.

// PlanHistory returns the status and progress changes of every action of
// a plan, by action then time (one query for the whole plan). The caller
// has checked that the viewer may read the plan.
func (c *Conn) PlanHistory(ctx context.Context, napID int64) ([]model.ActionChange, error) {
	rows, err := c.query(ctx, `SELECT h.id, h.action_id, h.at, h.status, h.progress
		FROM nap_action_history h JOIN nap_actions a ON a.id = h.action_id
		WHERE a.nap_id = $1 ORDER BY h.action_id, h.at, h.id`, napID)
	if err != nil {
		return nil, fmt.Errorf("store: plan history: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.ActionChange{}
	for rows.Next() {
		var h model.ActionChange
		if err := rows.Scan(&h.ID, &h.ActionID, &h.At, &h.Status, &h.Progress); err != nil {
			return nil, translate(err)
		}
		h.At = h.At.UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}

// DelegationCount is what the events a viewer may read add up to for one
// delegation (a State or an organisation).
type DelegationCount struct {
	Org       string
	Year      int // 0 when not counted by year
	Events    int // events that invited it
	Delegates int // its delegates confirmed or who attended
}

// EventCounts counts, for each of orgs (all delegations when orgs is nil),
// the events v may read that invited it and its delegates confirmed or
// attended there.
func (c *Conn) EventCounts(ctx context.Context, v model.Viewer, orgs []string) (map[string]DelegationCount, error) {
	out := map[string]DelegationCount{}
	if orgs != nil && len(orgs) == 0 {
		return out, nil
	}
	rf := policy.ReadFilter(v, "e", eventShareKind, 1)
	args := append([]any(nil), rf.Args...)
	in := ""
	if orgs != nil {
		in = " AND q.org IN (" + placeholders(&args, toAny(orgs)) + ")"
	}
	rows, err := c.query(ctx, `SELECT q.org, COUNT(*) FROM events e JOIN event_quotas q ON q.event_id = e.id
		WHERE `+rf.SQL+in+` GROUP BY q.org`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: event counts: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var d DelegationCount
		if err := rows.Scan(&d.Org, &d.Events); err != nil {
			return nil, translate(err)
		}
		out[d.Org] = d
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	years, err := c.Participation(ctx, v, orgs)
	if err != nil {
		return nil, err
	}
	for _, y := range years {
		d := out[y.Org]
		d.Org = y.Org
		d.Delegates += y.Delegates
		out[y.Org] = d
	}
	return out, nil
}

// Participation counts, per year of the events' first day and per
// delegation (of orgs; all when nil), the delegates confirmed or who
// attended at the events v may read, by year then delegation.
func (c *Conn) Participation(ctx context.Context, v model.Viewer, orgs []string) ([]DelegationCount, error) {
	out := []DelegationCount{}
	if orgs != nil && len(orgs) == 0 {
		return out, nil
	}
	rf := policy.ReadFilter(v, "e", eventShareKind, 1)
	args := append([]any(nil), rf.Args...)
	in := ""
	if orgs != nil {
		in = " AND p.org IN (" + placeholders(&args, toAny(orgs)) + ")"
	}
	rows, err := c.query(ctx, `SELECT substr(e.start_day, 1, 4), p.org, COUNT(*)
		FROM events e JOIN event_participants p ON p.event_id = e.id
		WHERE `+rf.SQL+` AND p.status IN ('confirmed', 'attended')`+in+`
		GROUP BY substr(e.start_day, 1, 4), p.org ORDER BY 1, 2`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: participation: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var d DelegationCount
		var year string
		if err := rows.Scan(&year, &d.Org, &d.Delegates); err != nil {
			return nil, translate(err)
		}
		if _, err := fmt.Sscanf(year, "%d", &d.Year); err != nil {
			return nil, fmt.Errorf("store: participation: year %q: %w", year, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// OwnedFollowUp is a follow-up action with the title of its event.
type OwnedFollowUp struct {
	model.FollowUp
	EventTitle string
}

// FollowUpsOwnedBy lists the follow-up actions owner holds, of the events
// v may read (the read filter is in the query), by due date.
func (c *Conn) FollowUpsOwnedBy(ctx context.Context, v model.Viewer, owner string) ([]OwnedFollowUp, error) {
	rf := policy.ReadFilter(v, "e", eventShareKind, 1)
	args := append([]any{}, rf.Args...)
	args = append(args, owner)
	rows, err := c.query(ctx, `SELECT `+followUpColumns+`, e.title FROM event_followups f JOIN events e ON e.id = f.event_id
		WHERE `+rf.SQL+fmt.Sprintf(` AND f.owner_org = $%d ORDER BY f.due IS NULL, f.due, f.id`, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("store: follow-ups: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []OwnedFollowUp{}
	for rows.Next() {
		var o OwnedFollowUp
		f, err := scanFollowUp(scanWith(rows, &o.EventTitle))
		if err != nil {
			return nil, err
		}
		o.FollowUp = f
		out = append(out, o)
	}
	return out, rows.Err()
}
