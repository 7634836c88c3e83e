package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"napx/internal/model"
)

// Records in several languages (issue 17, item 4): a record's own
// language (the text_language column of its table) and its translations
// (record_translations).

func translationTable(kind string) (string, error) {
	k, ok := model.TranslationKindOf(kind)
	if !ok {
		return "", fmt.Errorf("store: no translated record kind %q", kind)
	}
	return k.Table, nil
}

// languageFrom is the FROM clause that gives a record of kind k as r, and
// the column of its language: its own, or its parent's (an action's plan).
func languageFrom(k model.TranslationKind) (string, string, error) {
	if k.Parent == "" {
		return k.Table + ` r`, `r.text_language`, nil
	}
	p, ok := model.TranslationKindOf(k.Parent)
	if !ok {
		return "", "", fmt.Errorf("store: no translated record kind %q", k.Parent)
	}
	return k.Table + ` r JOIN ` + p.Table + ` l ON l.id = r.` + k.ParentKey, `l.text_language`, nil
}

// TextLanguage returns the language a record was written in (ErrNotFound
// when there is no such record): an action's is its plan's.
func (c *Conn) TextLanguage(ctx context.Context, kind string, id int64) (string, error) {
	k, ok := model.TranslationKindOf(kind)
	if !ok {
		return "", fmt.Errorf("store: no translated record kind %q", kind)
	}
	from, col, err := languageFrom(k)
	if err != nil {
		return "", err
	}
	var lang string
	// #nosec G202 -- table and column names come from model.TranslationKinds, never from a request
	err = c.queryRow(ctx, `SELECT `+col+` FROM `+from+` WHERE r.id = $1`, id).Scan(&lang)
	if err != nil {
		return "", fmt.Errorf("store: language of %s %d: %w", kind, id, translate(err))
	}
	return lang, nil
}

// TextLanguages returns the languages of the records of kind with the
// given IDs (those found).
func (c *Conn) TextLanguages(ctx context.Context, kind string, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	for _, id := range ids {
		l, err := c.TextLanguage(ctx, kind, id)
		if errors.Is(err, model.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = l
	}
	return out, nil
}

// SetTextLanguage records the language a record was written in.
func (tx *Tx) SetTextLanguage(ctx context.Context, kind string, id int64, lang string) error {
	table, err := translationTable(kind)
	if err != nil {
		return err
	}
	if k, _ := model.TranslationKindOf(kind); k.Parent != "" {
		return fmt.Errorf("store: a %s is written in its %s's language", kind, k.Parent)
	}
	// #nosec G202 -- the table name comes from model.TranslationKinds, never from a request
	res, err := tx.exec(ctx, `UPDATE `+table+` SET text_language = $1 WHERE id = $2`, lang, id)
	if err != nil {
		return fmt.Errorf("store: set the language of %s %d: %w", kind, id, err)
	}
	return oneRow(res, model.ErrNotFound)
}

func scanTranslation(r scanner) (model.Translation, error) {
	var t model.Translation
	var fields string
	if err := r.Scan(&t.Kind, &t.RecordID, &t.Language, &fields, &t.Machine, &t.UpdatedBy, &t.UpdatedAt, &t.Version); err != nil {
		return t, translate(err)
	}
	t.UpdatedAt = t.UpdatedAt.UTC()
	t.Fields = map[string]string{}
	if err := json.Unmarshal([]byte(fields), &t.Fields); err != nil {
		return t, fmt.Errorf("store: translation %s %d %s: %w", t.Kind, t.RecordID, t.Language, err)
	}
	return t, nil
}

const translationColumns = `kind, record_id, language, fields, machine, updated_by, updated_at, version`

// Translations returns a record's translations in the order of the six
// languages.
func (c *Conn) Translations(ctx context.Context, kind string, id int64) ([]model.Translation, error) {
	ts, err := queryAll(ctx, c, scanTranslation, `SELECT `+translationColumns+` FROM record_translations
		WHERE kind = $1 AND record_id = $2`, kind, id)
	if err != nil {
		return nil, fmt.Errorf("store: translations of %s %d: %w", kind, id, err)
	}
	sortTranslations(ts)
	return ts, nil
}

// Translation returns one translation (ErrNotFound when there is none),
// locked for the rest of a write transaction.
func (c *Conn) Translation(ctx context.Context, kind string, id int64, lang string) (model.Translation, error) {
	t, err := scanTranslation(c.queryRow(ctx, `SELECT `+translationColumns+` FROM record_translations
		WHERE kind = $1 AND record_id = $2 AND language = $3`+c.forUpdate(), kind, id, lang))
	if err != nil {
		return t, fmt.Errorf("store: translation of %s %d into %s: %w", kind, id, lang, err)
	}
	return t, nil
}

// SaveTranslation writes a translation: a new one when version is 0, else
// the one at version (ErrConflict when it moved on).
func (tx *Tx) SaveTranslation(ctx context.Context, t model.Translation, version int64) error {
	fields, err := json.Marshal(t.Fields)
	if err != nil {
		return err
	}
	now := tx.Now()
	if version == 0 {
		_, err = tx.exec(ctx, `INSERT INTO record_translations (kind, record_id, language, fields, machine, created_at, updated_by, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $6, 1)`, t.Kind, t.RecordID, t.Language, string(fields), t.Machine, now, t.UpdatedBy)
		if IsUniqueViolation(err) {
			return model.ErrConflict
		}
		if err != nil {
			return fmt.Errorf("store: add translation: %w", err)
		}
		return tx.reindexTranslated(ctx, t.Kind, t.RecordID)
	}
	res, err := tx.exec(ctx, `UPDATE record_translations SET fields = $1, machine = $2, updated_by = $3, updated_at = $4, version = version + 1
		WHERE kind = $5 AND record_id = $6 AND language = $7 AND version = $8`,
		string(fields), t.Machine, t.UpdatedBy, now, t.Kind, t.RecordID, t.Language, version)
	if err != nil {
		return fmt.Errorf("store: save translation: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	return tx.reindexTranslated(ctx, t.Kind, t.RecordID)
}

// DeleteTranslation removes one translation at version.
func (tx *Tx) DeleteTranslation(ctx context.Context, kind string, id int64, lang string, version int64) error {
	res, err := tx.exec(ctx, `DELETE FROM record_translations WHERE kind = $1 AND record_id = $2 AND language = $3 AND version = $4`,
		kind, id, lang, version)
	if err != nil {
		return fmt.Errorf("store: remove translation: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	return tx.reindexTranslated(ctx, kind, id)
}

// DeleteTranslations removes every translation of a record (with the
// record).
func (tx *Tx) DeleteTranslations(ctx context.Context, kind string, id int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM record_translations WHERE kind = $1 AND record_id = $2`, kind, id); err != nil {
		return fmt.Errorf("store: remove the translations of %s %d: %w", kind, id, err)
	}
	return nil
}

// TranslationsIn returns the translations into lang of the records of
// kind among ids (one query; for lists).
func (c *Conn) TranslationsIn(ctx context.Context, kind, lang string, ids []int64) (map[int64]model.Translation, error) {
	out := map[int64]model.Translation{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{kind, lang}
	vals := make([]any, len(ids))
	for i, id := range ids {
		vals[i] = id
	}
	in := placeholders(&args, vals)
	ts, err := queryAll(ctx, c, scanTranslation, `SELECT `+translationColumns+` FROM record_translations
		WHERE kind = $1 AND language = $2 AND record_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: translations of %s into %s: %w", kind, lang, err)
	}
	for _, t := range ts {
		out[t.RecordID] = t
	}
	return out, nil
}

func sortTranslations(ts []model.Translation) {
	slices.SortFunc(ts, func(a, b model.Translation) int {
		return slices.Index(model.Languages, a.Language) - slices.Index(model.Languages, b.Language)
	})
}

// OriginalTexts returns a record's own texts, the fields a translation of
// its kind carries (a plan's sections: those it has text in), and its
// language (an action's: its plan's).
func (c *Conn) OriginalTexts(ctx context.Context, kind string, id int64) (map[string]string, string, error) {
	k, ok := model.TranslationKindOf(kind)
	if !ok {
		return nil, "", fmt.Errorf("store: no translated record kind %q", kind)
	}
	from, langCol, err := languageFrom(k)
	if err != nil {
		return nil, "", err
	}
	cols := k.ColumnFields()
	vals := make([]string, len(cols)+1)
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	// #nosec G202 -- column and table names come from model.TranslationKinds, never from a request
	q := `SELECT r.` + strings.Join(cols, ", r.") + `, ` + langCol + ` FROM ` + from + ` WHERE r.id = $1`
	if err := c.queryRow(ctx, q, id).Scan(ptrs...); err != nil {
		return nil, "", fmt.Errorf("store: texts of %s %d: %w", kind, id, translate(err))
	}
	out := map[string]string{}
	for i, f := range cols {
		out[f] = vals[i]
	}
	if kind == "nap" {
		secs, err := queryAll(ctx, c, func(r scanner) ([2]string, error) {
			var s [2]string
			err := r.Scan(&s[0], &s[1])
			return s, err
		}, `SELECT code, body FROM nap_sections WHERE nap_id = $1`, id)
		if err != nil {
			return nil, "", fmt.Errorf("store: sections of plan %d: %w", id, err)
		}
		for _, s := range secs {
			if k.IsSection(s[0]) {
				out[s[0]] = s[1]
			}
		}
	}
	return out, vals[len(cols)], nil
}

// ActionTranslationLanguages are the languages the actions of plan napID
// are translated into (an action is written in its plan's language: the
// plan cannot take one of these).
func (c *Conn) ActionTranslationLanguages(ctx context.Context, napID int64) ([]string, error) {
	out, err := queryAll(ctx, c, func(r scanner) (string, error) {
		var l string
		err := r.Scan(&l)
		return l, err
	}, `SELECT DISTINCT t.language FROM record_translations t JOIN nap_actions a ON a.id = t.record_id
		WHERE t.kind = $1 AND a.nap_id = $2`, model.TranslationKindAction, napID)
	if err != nil {
		return nil, fmt.Errorf("store: translations of the actions of plan %d: %w", napID, err)
	}
	return out, nil
}

// DeleteActionTranslations removes the translations of every action of
// plan napID (with the plan).
func (tx *Tx) DeleteActionTranslations(ctx context.Context, napID int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM record_translations WHERE kind = $1 AND record_id IN (SELECT id FROM nap_actions WHERE nap_id = $2)`,
		model.TranslationKindAction, napID); err != nil {
		return fmt.Errorf("store: remove the translations of the actions of plan %d: %w", napID, err)
	}
	return nil
}
