package service

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"napx/internal/model"
	"napx/internal/store"
)

// Two-step imports (a plan workbook, a matrix workbook) keep what the
// preview showed on the server: the preview stores the checked change
// under a random token bound to the account, the kind of import and the
// record, for ImportPreviewTTL; the apply form carries only the token,
// and the apply applies exactly the stored change — re-checked against
// the record as it is then — or refuses. Nothing the browser sends back
// can add a row, change a value or pass a limit.

// ImportPreviewTTL is how long a preview can be applied.
const ImportPreviewTTL = time.Hour

// maxPreviewPayload bounds a stored preview (the upload limits keep real
// ones far smaller).
const maxPreviewPayload = 16 << 20

// previewGone is the answer to an apply whose preview is not there.
func previewGone() model.Problems {
	return model.Problems{"file": "this preview is no longer available (it was applied already, a newer preview replaced it, or it is older than an hour); upload the file again"}
}

// keepPreview stores change (encoded as JSON) for v's apply and returns
// its token.
func keepPreview(ctx context.Context, db *store.DB, now time.Time, v model.Viewer, kind, record string, change any) (string, error) {
	if !v.SignedIn() {
		return "", model.ErrUnauthenticated
	}
	b, err := json.Marshal(change)
	if err != nil {
		return "", err
	}
	if len(b) > maxPreviewPayload {
		return "", model.Problems{"file": "the import is too large to preview"}
	}
	token := newSecret(32)
	err = db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		return tx.SaveImportPreview(ctx, store.ImportPreview{TokenHash: HashToken(token), AccountID: v.ID(), Kind: kind, Record: record,
			Payload: string(b), CreatedAt: now, ExpiresAt: now.Add(ImportPreviewTTL)})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// loadPreview reads v's preview with token for kind and record into dst
// and returns the token's hash (to remove the preview once applied). A
// missing, foreign or expired preview is previewGone.
func loadPreview(ctx context.Context, c *store.Conn, now time.Time, v model.Viewer, kind, record, token string, dst any) (string, error) {
	if token == "" || len(token) > 100 {
		return "", previewGone()
	}
	h := HashToken(token)
	p, err := c.ImportPreview(ctx, h, v.ID(), kind, record, now)
	if errors.Is(err, model.ErrNotFound) {
		return "", previewGone()
	}
	if err != nil {
		return "", err
	}
	if err := json.Unmarshal([]byte(p.Payload), dst); err != nil {
		return "", err
	}
	return h, nil
}
