package service

import (
	"context"
	"strings"

	"napx/internal/model"
	"napx/internal/store"
)

// SetLanguage sets the language a signed-in account reads napx in (issue
// 17): one of model.Languages, or "" to follow the browser. Anything else
// is 422 naming "language", nothing changed. Audited.
func (a *Accounts) SetLanguage(ctx context.Context, v model.Viewer, lang string) (model.Account, error) {
	if !v.SignedIn() {
		return model.Account{}, model.ErrUnauthenticated
	}
	lang = strings.TrimSpace(lang)
	if lang != "" && !model.IsLanguage(lang) {
		return model.Account{}, model.Problems{"language": "must be one of " + strings.Join(model.Languages, ", ") + ", or empty to follow the browser"}
	}
	var acc model.Account
	err := a.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.Account(ctx, v.ID())
		if err != nil {
			return err
		}
		if cur.Language == lang {
			acc = cur
			return nil
		}
		if err := tx.SetAccountLanguage(ctx, cur.ID, lang); err != nil {
			return err
		}
		if acc, err = tx.Account(ctx, cur.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "account.language", Kind: "account", RecordID: cur.ID,
			Summary: "language of " + cur.Email + " set to " + languageLabel(lang),
			Before:  map[string]string{"language": cur.Language}, After: map[string]string{"language": lang}})
	})
	return acc, err
}

func languageLabel(lang string) string {
	if lang == "" {
		return "the browser's"
	}
	return lang
}
