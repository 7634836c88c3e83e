package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
)

// Shares returns the principals (organisation and group codes) a record
// of kind is shared with, sorted.
func (c *Conn) Shares(ctx context.Context, kind string, id int64) ([]string, error) {
	rows, err := c.query(ctx, `SELECT principal FROM record_shares WHERE kind = $1 AND record_id = $2 ORDER BY principal`, kind, id)
	if err != nil {
		return nil, fmt.Errorf("store: shares: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []string{}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SharesOf returns the shares of many records of kind at once, by ID.
func (c *Conn) SharesOf(ctx context.Context, kind string, ids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	holders := make([]string, len(ids))
	args := []any{kind}
	for i, id := range ids {
		args = append(args, id)
		holders[i] = fmt.Sprintf("$%d", i+2)
	}
	rows, err := c.query(ctx, `SELECT record_id, principal FROM record_shares WHERE kind = $1 AND record_id IN (`+strings.Join(holders, ", ")+`) ORDER BY principal`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: shares: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var id int64
		var p string
		if err := rows.Scan(&id, &p); err != nil {
			return nil, err
		}
		out[id] = append(out[id], p)
	}
	return out, rows.Err()
}

// SetShares replaces the principals a record of kind is shared with.
func (tx *Tx) SetShares(ctx context.Context, kind string, id int64, principals []string) error {
	if _, err := tx.exec(ctx, `DELETE FROM record_shares WHERE kind = $1 AND record_id = $2`, kind, id); err != nil {
		return fmt.Errorf("store: shares: %w", err)
	}
	ps := append([]string(nil), principals...)
	sort.Strings(ps)
	for i, p := range ps {
		if i > 0 && ps[i-1] == p {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO record_shares (kind, record_id, principal) VALUES ($1, $2, $3)`, kind, id, p); err != nil {
			return fmt.Errorf("store: shares: %w", err)
		}
	}
	return nil
}

// ReadableIDs returns the IDs of the rows of table (with owner_org,
// visibility and id columns; shares under kind) that v may read. It is
// the policy filter in its plainest use, for the test that proves it.
func (c *Conn) ReadableIDs(ctx context.Context, v model.Viewer, table, kind string) ([]int64, error) {
	f := policy.ReadFilter(v, "t", kind, 1)
	rows, err := c.query(ctx, `SELECT t.id FROM `+table+` t WHERE `+f.SQL, f.Args...) // #nosec G202 -- table is a constant of the caller
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
