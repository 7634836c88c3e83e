package service

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/store"
)

// The language a record is written in, given with the record (issue 17,
// item 3): the forms' "Language of this text" and the API's language field
// of a plan, a practice, an event and an assistance request. The record's
// services check it with the rest of the input (checkTextLanguage) and set
// it in the record's own write (setTextLanguage), so a record and its
// language are saved, refused or rolled back together.

const languageProblem = "must be one of the six official languages of the United Nations: ar, zh, en, fr, ru, es"

// checkTextLanguage adds to p a problem naming field when lang is given
// and is not one of the six.
func checkTextLanguage(p model.Problems, lang *string, field string) {
	if lang == nil {
		return
	}
	if l := strings.TrimSpace(*lang); l != "" && !model.IsLanguage(l) {
		p[field] = languageProblem
	}
}

// setTextLanguage sets, inside the record's write, the language its texts
// are written in, when one is given and differs: not a language the record
// (or, for a plan, one of its actions) is translated into — 422 naming
// field. Audited as translation.language.
func setTextLanguage(ctx context.Context, tx *store.Tx, v model.Viewer, kind string, id int64, lang *string, field string) error {
	if lang == nil || strings.TrimSpace(*lang) == "" {
		return nil
	}
	l := strings.TrimSpace(*lang)
	if !model.IsLanguage(l) {
		return model.Problems{field: languageProblem}
	}
	cur, err := tx.TextLanguage(ctx, kind, id)
	if err != nil || cur == l {
		return err
	}
	ts, err := tx.Translations(ctx, kind, id)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(ts, func(t model.Translation) bool { return t.Language == l }) {
		return model.Problems{field: "a translation into this language exists: remove it before making it the original's language"}
	}
	if kind == "nap" {
		langs, err := tx.ActionTranslationLanguages(ctx, id)
		if err != nil {
			return err
		}
		if slices.Contains(langs, l) {
			return model.Problems{field: "an action of the plan is translated into this language: remove that translation before making it the original's language"}
		}
	}
	if err := tx.SetTextLanguage(ctx, kind, id, l); err != nil {
		return err
	}
	return tx.Audit(ctx, v, store.AuditRecord{Action: "translation.language", Kind: kind, RecordID: id,
		Summary: "language of " + kind + " " + strconv.FormatInt(id, 10) + " set to " + l,
		Before:  map[string]string{"language": cur}, After: map[string]string{"language": l}})
}
