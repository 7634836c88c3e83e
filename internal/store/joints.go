package store

import (
	"context"
	"fmt"
	"strings"

	"napx/internal/model"
)

// JointLink is one declared joint action: ActionID (the declaring action)
// is joint with PartnerID, another State's action.
type JointLink struct{ ActionID, PartnerID int64 }

// StateAction is an action with the State its plan belongs to.
type StateAction struct {
	Action model.NAPAction
	State  string
}

func (c *Conn) jointLinks(ctx context.Context, q string, args ...any) ([]JointLink, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: joint actions: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []JointLink
	for rows.Next() {
		var l JointLink
		if err := rows.Scan(&l.ActionID, &l.PartnerID); err != nil {
			return nil, translate(err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ActionJoints returns the links declared by the actions ids, regardless
// of who asks (the service reads each end through the policy).
func (c *Conn) ActionJoints(ctx context.Context, ids []int64) ([]JointLink, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var args []any
	return c.jointLinks(ctx, `SELECT action_id, partner_id FROM nap_action_joints WHERE action_id IN (`+
		placeholders(&args, toAny(ids))+`) ORDER BY action_id, partner_id`, args...)
}

// ActionJointsTo returns the links that name the action id as a partner.
func (c *Conn) ActionJointsTo(ctx context.Context, id int64) ([]JointLink, error) {
	return c.jointLinks(ctx, `SELECT action_id, partner_id FROM nap_action_joints WHERE partner_id = $1 ORDER BY action_id`, id)
}

// JointLinksOfStates returns the links one of whose ends is an action of
// a plan of one of states.
func (c *Conn) JointLinksOfStates(ctx context.Context, states []string) ([]JointLink, error) {
	if len(states) == 0 {
		return nil, nil
	}
	var args []any
	in := placeholders(&args, toAny(states))
	return c.jointLinks(ctx, `SELECT j.action_id, j.partner_id FROM nap_action_joints j
		JOIN nap_actions a ON a.id = j.action_id JOIN naps n ON n.id = a.nap_id
		JOIN nap_actions pa ON pa.id = j.partner_id JOIN naps pn ON pn.id = pa.nap_id
		WHERE n.owner_org IN (`+in+`) OR pn.owner_org IN (`+in+`) ORDER BY j.action_id, j.partner_id`, args...)
}

// ReadableActionsByID returns, of the actions ids, those of plans v may
// read (the policy filter is in the query), with their plan's State.
func (c *Conn) ReadableActionsByID(ctx context.Context, v model.Viewer, ids []int64) (map[int64]StateAction, error) {
	out := make(map[int64]StateAction, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	where, args := napWhere(v, model.NAPFilter{})
	where += " AND a.id IN (" + placeholders(&args, toAny(ids)) + ")"
	rows, err := c.query(ctx, `SELECT `+actionColumns+`, n.owner_org FROM nap_actions a JOIN naps n ON n.id = a.nap_id WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: actions: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var sa StateAction
		a, err := scanAction(scanWith(rows, &sa.State))
		if err != nil {
			return nil, err
		}
		sa.Action = a
		out[a.ID] = sa
	}
	return out, rows.Err()
}

// ReadableActionsMatching returns up to limit actions of plans v may read,
// withdrawn plans aside, of States other than except, whose title holds
// q (any case), by State and title: the candidates of a joint action.
func (c *Conn) ReadableActionsMatching(ctx context.Context, v model.Viewer, except, q string, limit int) ([]StateAction, error) {
	where, args := napWhere(v, model.NAPFilter{ExcludeWithdrawn: true})
	args = append(args, except, "%"+LikeContains(strings.ToLower(q))+"%", limit)
	where += fmt.Sprintf(" AND n.owner_org <> $%d AND LOWER(a.title) LIKE $%d ESCAPE '\\'", len(args)-2, len(args)-1)
	rows, err := c.query(ctx, `SELECT `+actionColumns+`, n.owner_org FROM nap_actions a JOIN naps n ON n.id = a.nap_id WHERE `+where+
		fmt.Sprintf(` ORDER BY n.owner_org, a.title, a.id LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("store: actions: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []StateAction
	for rows.Next() {
		var sa StateAction
		a, err := scanAction(scanWith(rows, &sa.State))
		if err != nil {
			return nil, err
		}
		sa.Action = a
		out = append(out, sa)
	}
	return out, rows.Err()
}

// SetActionJoints replaces the partners action id declares with partners.
func (tx *Tx) SetActionJoints(ctx context.Context, id int64, partners []int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM nap_action_joints WHERE action_id = $1`, id); err != nil {
		return fmt.Errorf("store: joint actions: %w", err)
	}
	now := tx.Now()
	for _, p := range partners {
		if _, err := tx.exec(ctx, `INSERT INTO nap_action_joints (action_id, partner_id, created_at) VALUES ($1, $2, $3)`, id, p, now); err != nil {
			return fmt.Errorf("store: joint actions: %w", translate(err))
		}
	}
	return nil
}

// scanWith is a scanner that reads row's columns into the destinations a
// scan function gives, then extra.
type extraScanner struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (s extraScanner) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra...)...) }

func scanWith(row interface{ Scan(...any) error }, extra ...any) extraScanner {
	return extraScanner{row: row, extra: extra}
}
