package store

import (
	"context"
	"fmt"

	"napx/internal/model"
)

// The daily scans of issue 10 ("what notifies whom"): the records whose
// deadline is near or past, read by napx itself (no viewer: the notices'
// recipients are checked against the policy one by one).

// EventsClosingNominations lists the events whose nomination deadline
// (model.Event.Deadline: the day set, else the day before the start) falls
// within [from, to], by deadline.
func (c *Conn) EventsClosingNominations(ctx context.Context, from, to model.Date) ([]model.Event, error) {
	evs, err := queryAll(ctx, c, func(row scanner) (model.Event, error) { return scanEvent(row) },
		`SELECT `+eventColumns+` FROM events e
		WHERE (e.nomination_deadline >= $1 AND e.nomination_deadline <= $2)
		   OR ((e.nomination_deadline IS NULL OR e.nomination_deadline = '') AND e.start_day > $1 AND e.start_day <= $3)
		ORDER BY e.id`, from.String(), to.String(), to.AddDays(1).String())
	if err != nil {
		return nil, fmt.Errorf("store: events closing nominations: %w", err)
	}
	return evs, nil
}

// FollowUpsDueBy lists the follow-up actions still open or in progress
// whose due day is at most until (those already overdue included), by
// due day.
func (c *Conn) FollowUpsDueBy(ctx context.Context, until model.Date) ([]model.FollowUp, error) {
	fs, err := queryAll(ctx, c, func(row scanner) (model.FollowUp, error) { return scanFollowUp(row) },
		`SELECT `+followUpColumns+` FROM event_followups f
		WHERE f.status IN ('open', 'in-progress') AND f.due IS NOT NULL AND f.due <> '' AND f.due <= $1
		ORDER BY f.due, f.id`, until.String())
	if err != nil {
		return nil, fmt.Errorf("store: follow-ups due: %w", err)
	}
	return fs, nil
}

// OverdueAction is a NAP action past its due day, with its plan.
type OverdueAction struct {
	Action model.NAPAction
	Plan   model.NAP
}

// OverdueNAPActions lists the actions due before day that are neither
// completed nor cancelled, of plans not withdrawn, by plan and action.
func (c *Conn) OverdueNAPActions(ctx context.Context, day model.Date) ([]OverdueAction, error) {
	type ids struct{ action, plan int64 }
	rows, err := queryAll(ctx, c, func(row scanner) (ids, error) {
		var x ids
		return x, row.Scan(&x.action, &x.plan)
	}, `SELECT a.id, a.nap_id FROM nap_actions a JOIN naps n ON n.id = a.nap_id
		WHERE a.due_on < $1 AND a.status NOT IN ('completed', 'cancelled') AND n.status <> 'withdrawn'
		ORDER BY a.nap_id, a.id`, day.String())
	if err != nil {
		return nil, fmt.Errorf("store: overdue actions: %w", err)
	}
	out := make([]OverdueAction, 0, len(rows))
	plans := map[int64]model.NAP{}
	for _, r := range rows {
		p, ok := plans[r.plan]
		if !ok {
			if p, err = c.NAP(ctx, r.plan); err != nil {
				return nil, err
			}
			plans[r.plan] = p
		}
		a, err := c.NAPAction(ctx, r.action)
		if err != nil {
			return nil, err
		}
		out = append(out, OverdueAction{Action: a, Plan: p})
	}
	return out, nil
}

// ClaimNoticeKey records that the notice named key is being sent; false
// when it was already (the caller then sends nothing).
func (tx *Tx) ClaimNoticeKey(ctx context.Context, key string) (bool, error) {
	wrote := tx.tx.wrote
	res, err := tx.exec(ctx, `INSERT INTO notice_keys (notice_key, sent_at) VALUES ($1, $2) ON CONFLICT (notice_key) DO NOTHING`, key, tx.Now())
	if err != nil {
		return false, fmt.Errorf("store: notice key: %w", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		tx.tx.wrote = wrote
	}
	return n > 0, nil
}
