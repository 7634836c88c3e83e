package store

import (
	"context"
	"fmt"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
)

// ActionLink is an action as a link shows it: its title and its plan's.
type ActionLink struct {
	ActionID, NAPID int64
	Title, Plan     string
	State           string
}

// ActionLinks returns, in one query, the actions among ids whose plan v
// may read (the one policy's ReadFilter on the plan), by action ID; an
// action v may not read is absent.
func (c *Conn) ActionLinks(ctx context.Context, v model.Viewer, ids []int64) (map[int64]ActionLink, error) {
	out := map[int64]ActionLink{}
	if len(ids) == 0 {
		return out, nil
	}
	rf := policy.ReadFilter(v, "n", "nap", 1)
	args := append([]any(nil), rf.Args...)
	holders := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		holders[i] = fmt.Sprintf("$%d", len(args))
	}
	rows, err := c.query(ctx, `SELECT a.id, n.id, a.title, n.title, n.owner_org FROM nap_actions a JOIN naps n ON n.id = a.nap_id
		WHERE a.id IN (`+strings.Join(holders, ", ")+`) AND `+rf.SQL, args...)
	if err != nil {
		return nil, fmt.Errorf("store: action links: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var l ActionLink
		if err := rows.Scan(&l.ActionID, &l.NAPID, &l.Title, &l.Plan, &l.State); err != nil {
			return nil, err
		}
		out[l.ActionID] = l
	}
	return out, rows.Err()
}
