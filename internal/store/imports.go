package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"napx/internal/model"
)

// ImportPreview is a previewed import kept for its apply.
type ImportPreview struct {
	TokenHash string
	AccountID int64
	Kind      string // "nap" or "matrix"
	Record    string // the plan's ID, the State's code
	Payload   string // the checked change, as the service encodes it
	CreatedAt time.Time
	ExpiresAt time.Time
}

// MaxPreviewsPerAccount bounds the previews one account keeps: a new
// preview removes the oldest beyond it.
const MaxPreviewsPerAccount = 5

// SaveImportPreview keeps p, removes every expired preview, and keeps at
// most MaxPreviewsPerAccount of the account's.
func (tx *Tx) SaveImportPreview(ctx context.Context, p ImportPreview) error {
	if _, err := tx.exec(ctx, `DELETE FROM import_previews WHERE expires_at <= $1`, p.CreatedAt); err != nil {
		return fmt.Errorf("store: expire import previews: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO import_previews (token_hash, account_id, kind, record, payload, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.TokenHash, p.AccountID, p.Kind, p.Record, p.Payload, p.CreatedAt, p.ExpiresAt); err != nil {
		return fmt.Errorf("store: save import preview: %w", translate(err))
	}
	_, err := tx.exec(ctx, `DELETE FROM import_previews WHERE account_id = $1 AND token_hash NOT IN
		(SELECT token_hash FROM import_previews WHERE account_id = $1 ORDER BY created_at DESC, token_hash LIMIT $2)`, p.AccountID, MaxPreviewsPerAccount)
	if err != nil {
		return fmt.Errorf("store: trim import previews: %w", err)
	}
	return nil
}

// ImportPreview returns the preview with tokenHash of the account for
// kind and record. A preview of another account, record or kind, an
// expired one, or none at all, is ErrNotFound.
func (c *Conn) ImportPreview(ctx context.Context, tokenHash string, accountID int64, kind, record string, now time.Time) (ImportPreview, error) {
	p := ImportPreview{TokenHash: tokenHash}
	err := c.queryRow(ctx, `SELECT account_id, kind, record, payload, created_at, expires_at FROM import_previews
		WHERE token_hash = $1 AND account_id = $2 AND kind = $3 AND record = $4`, tokenHash, accountID, kind, record).
		Scan(&p.AccountID, &p.Kind, &p.Record, &p.Payload, &p.CreatedAt, &p.ExpiresAt)
	if err != nil {
		if err = translate(err); errors.Is(err, model.ErrNotFound) {
			return p, model.ErrNotFound
		}
		return p, fmt.Errorf("store: import preview: %w", err)
	}
	if !now.Before(p.ExpiresAt) {
		return p, model.ErrNotFound
	}
	return p, nil
}

// DeleteImportPreview removes a preview once applied; exactly one row must
// go, so two applies of one preview cannot both succeed.
func (tx *Tx) DeleteImportPreview(ctx context.Context, tokenHash string) error {
	res, err := tx.exec(ctx, `DELETE FROM import_previews WHERE token_hash = $1`, tokenHash)
	if err != nil {
		return fmt.Errorf("store: use import preview: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return model.ErrNotFound
	}
	return nil
}
