package store

import (
	"context"
	"fmt"
	"strconv"

	"napx/internal/model"
)

// DeleteNAP removes a plan with what hangs on it: its sections, actions and
// their history (foreign keys, ON DELETE CASCADE), its sharing, its entries
// in the search index, follows of it and import previews of it. The service
// allows it only for a draft never adopted nor submitted (issue 18, item 2),
// which has no recorded dates.
func (tx *Tx) DeleteNAP(ctx context.Context, id int64) error {
	if err := tx.SetShares(ctx, napKind, id, nil); err != nil {
		return err
	}
	if err := tx.UnindexShared(ctx, napKind, id); err != nil {
		return err
	}
	if err := tx.DeleteTranslations(ctx, napKind, id); err != nil {
		return err
	}
	if err := tx.DeleteActionTranslations(ctx, id); err != nil {
		return err
	}
	key := strconv.FormatInt(id, 10)
	for _, q := range []string{
		`DELETE FROM import_previews WHERE kind = 'nap' AND record = $1`,
		`DELETE FROM follows WHERE kind = 'nap' AND target = $1`,
	} {
		if _, err := tx.exec(ctx, q, key); err != nil {
			return fmt.Errorf("store: delete plan %d: %w", id, err)
		}
	}
	res, err := tx.exec(ctx, `DELETE FROM naps WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("store: delete plan %d: %w", id, translate(err))
	}
	return oneRow(res, model.ErrNotFound)
}
