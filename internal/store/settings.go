package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"napx/internal/model"
	"napx/internal/refdata"
)

// Setting returns the value of key, or ErrNotFound.
func (c *Conn) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := c.queryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if err != nil {
		return "", fmt.Errorf("store: setting %s: %w", key, translate(err))
	}
	return v, nil
}

// HasSetting reports whether key is set.
func (c *Conn) HasSetting(ctx context.Context, key string) (bool, error) {
	_, err := c.Setting(ctx, key)
	if errors.Is(err, model.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// SetSetting sets key to value.
func (tx *Tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := tx.exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, value, tx.Now())
	if err != nil {
		return fmt.Errorf("store: set %s: %w", key, err)
	}
	return nil
}

// Now is the transaction's clock reading, in UTC to the microsecond (the
// precision both engines keep), so that every row a transaction writes
// carries the same time.
func (tx *Tx) Now() time.Time { return tx.tx.now.UTC().Truncate(time.Microsecond) }

// SyncReference brings the organizations table in step with the binary's
// reference data. It only writes rows that differ.
func (db *DB) SyncReference(ctx context.Context, cat *refdata.Catalog) error {
	type row struct{ kind, name, parent string }
	want := map[string]row{}
	for _, s := range cat.States {
		want[s.Code] = row{string(model.OrgState), s.Name, ""}
	}
	for _, o := range cat.Organizations {
		want[o.Code] = row{o.Kind, o.Name, o.Parent}
	}
	have := map[string]row{}
	rows, err := db.query(ctx, `SELECT code, kind, name, COALESCE(parent, '') FROM organizations`)
	if err != nil {
		return fmt.Errorf("store: sync reference: %w", err)
	}
	for rows.Next() {
		var code string
		var r row
		if err := rows.Scan(&code, &r.kind, &r.name, &r.parent); err != nil {
			_ = rows.Close()
			return err
		}
		have[code] = r
	}
	_ = rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	changed := false
	for code, r := range want {
		if have[code] != r {
			changed = true
			break
		}
	}
	if err := db.syncSearchStates(ctx, cat); err != nil {
		return err
	}
	if !changed {
		return nil
	}
	return db.WriteUnaudited(ctx, func(tx *Tx) error {
		for code, r := range want {
			if have[code] == r {
				continue
			}
			var parent any
			if r.parent != "" {
				parent = r.parent
			}
			if _, err := tx.exec(ctx, `INSERT INTO organizations (code, kind, name, parent) VALUES ($1, $2, $3, $4)
				ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, name = excluded.name, parent = excluded.parent`,
				code, r.kind, r.name, parent); err != nil {
				return fmt.Errorf("store: sync organisation %s: %w", code, err)
			}
		}
		return nil
	})
}

// SettingTime returns when key was last set.
func (c *Conn) SettingTime(ctx context.Context, key string) (time.Time, error) {
	var t time.Time
	err := c.queryRow(ctx, `SELECT updated_at FROM settings WHERE key = $1`, key).Scan(&t)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: setting %s: %w", key, translate(err))
	}
	return t.UTC(), nil
}

// OrganizationCount counts the organisations (States included).
func (c *Conn) OrganizationCount(ctx context.Context) (int, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM organizations`).Scan(&n)
	return n, translate(err)
}

// syncSearchStates writes the States into the search index when the
// reference data differs from what the index was last given (a
// fingerprint kept in search_meta, derived like the index).
func (db *DB) syncSearchStates(ctx context.Context, cat *refdata.Catalog) error {
	h := sha256.New()
	for i := range cat.States {
		d := stateDoc(&cat.States[i])
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", d.RecordKey, d.Title, d.Body)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	var have string
	err := db.queryRow(ctx, `SELECT value FROM search_meta WHERE key = $1`, searchStatesKey).Scan(&have)
	if err == nil && have == sum {
		return nil
	}
	return db.WriteUnaudited(ctx, func(tx *Tx) error {
		if err := tx.SyncSearchStates(ctx, cat); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO search_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, searchStatesKey, sum)
		if err != nil {
			return fmt.Errorf("store: search meta: %w", err)
		}
		return nil
	})
}

const searchStatesKey = "search.states"
