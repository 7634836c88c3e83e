package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// Translations are records in several languages (issue 17, item 4): the
// language a plan, a practice, an event or an assistance request was
// written in, and translations of its texts. A translation is read exactly
// as its record (the record's policy record, resolved by the same function
// the notifications use) and written by those who may change the record
// (policy.Write); the original stays authoritative.
type Translations struct {
	db      *store.DB
	records *Notifications // the registered record kinds (RecordInfo by kind)
	under   int64          // the plan an action is addressed under (Under); 0: any
}

// Under is the service for records addressed under plan napID (an action
// of another plan does not exist at that address: ErrNotFound).
func (s *Translations) Under(napID int64) *Translations {
	c := *s
	c.under = napID
	return &c
}

// RecordLanguages is a record's language and its translations, as one
// viewer may see them.
type RecordLanguages struct {
	Kind         string
	ID           int64
	Parent       int64  // the plan of an action (whose language it is written in); 0 for others
	Title        string // the record's title, in its own language
	URL          string // the record's page
	Language     string // the language it was written in
	Original     map[string]string
	Translations []model.Translation
	CanEdit      bool // the viewer may add, correct and remove translations
}

// Languages lists the languages of the record's translations.
func (r RecordLanguages) Languages() []string {
	out := make([]string, 0, len(r.Translations))
	for _, t := range r.Translations {
		out = append(out, t.Language)
	}
	return out
}

// In returns the translation into lang, if there is one.
func (r RecordLanguages) In(lang string) (model.Translation, bool) {
	for _, t := range r.Translations {
		if t.Language == lang {
			return t, true
		}
	}
	return model.Translation{}, false
}

// Has reports whether the record has a translation into lang.
func (r RecordLanguages) Has(lang string) bool {
	_, ok := r.In(lang)
	return ok
}

// Missing are the languages of the six the record has in no form yet.
func (r RecordLanguages) Missing() []string {
	var out []string
	for _, l := range model.Languages {
		if _, ok := r.In(l); !ok && l != r.Language {
			out = append(out, l)
		}
	}
	return out
}

// translatedRecord is a record of a translated kind as the policy sees
// it, and the plan it belongs to (an action's).
type translatedRecord struct {
	RecordInfo
	parent int64
}

// record resolves a record of a translated kind and decides whether v may
// read it (ErrNotFound otherwise, for a kind that has no translations and
// for an action addressed under another plan). An action is read under
// its plan's record, as every page of the plan reads it.
func (s *Translations) record(ctx context.Context, v model.Viewer, kind string, id int64) (translatedRecord, error) {
	if _, ok := model.TranslationKindOf(kind); !ok || id <= 0 {
		return translatedRecord{}, model.ErrNotFound
	}
	var out translatedRecord
	if kind == model.TranslationKindAction {
		a, err := s.db.NAPAction(ctx, id)
		if err != nil {
			return out, err
		}
		n, err := s.db.NAP(ctx, a.NAPID)
		if err != nil {
			return out, err
		}
		out = translatedRecord{RecordInfo: RecordInfo{Record: policy.NAPRecord(n), Title: a.Title,
			URL: fmt.Sprintf("/naps/%d/actions/%d", n.ID, a.ID)}, parent: n.ID}
	} else {
		info, err := s.records.resolve(ctx, model.RecordRef{Kind: kind, ID: strconv.FormatInt(id, 10)})
		if err != nil {
			return out, err
		}
		out.RecordInfo = info
	}
	if s.under != 0 && out.parent != s.under {
		return translatedRecord{}, model.ErrNotFound
	}
	if err := policy.Read(v, out.Record); err != nil {
		return translatedRecord{}, err
	}
	return out, nil
}

// Of returns a record's language and translations (ErrNotFound when v may
// not read the record).
func (s *Translations) Of(ctx context.Context, v model.Viewer, kind string, id int64) (RecordLanguages, error) {
	info, err := s.record(ctx, v, kind, id)
	if err != nil {
		return RecordLanguages{}, err
	}
	return s.of(ctx, &s.db.Conn, v, kind, id, info)
}

func (s *Translations) of(ctx context.Context, c *store.Conn, v model.Viewer, kind string, id int64, info translatedRecord) (RecordLanguages, error) {
	texts, lang, err := c.OriginalTexts(ctx, kind, id)
	if err != nil {
		return RecordLanguages{}, err
	}
	ts, err := c.Translations(ctx, kind, id)
	if err != nil {
		return RecordLanguages{}, err
	}
	return RecordLanguages{Kind: kind, ID: id, Parent: info.parent, Title: texts["title"], URL: info.URL, Language: lang, Original: texts,
		Translations: ts, CanEdit: policy.CanWrite(v, info.Record)}, nil
}

// Save writes the translation of a record into lang: a new one (version 0)
// or a correction of the one at version. 422 for a language not among the
// six (naming "language"), for the record's own language and for a field
// the kind has not; 409 with the current translation when it moved on.
// Audited.
func (s *Translations) Save(ctx context.Context, v model.Viewer, kind string, id int64, lang string, in Input[model.TranslationInput]) (model.Translation, error) {
	info, err := s.record(ctx, v, kind, id)
	if err != nil {
		return model.Translation{}, err
	}
	if err := policy.Write(v, info.Record); err != nil {
		return model.Translation{}, err
	}
	if !model.IsLanguage(lang) {
		return model.Translation{}, model.Problems{"language": "must be one of the six official languages of the United Nations: " + strings.Join(model.Languages, ", ")}
	}
	k, _ := model.TranslationKindOf(kind)
	var out model.Translation
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		orig, err := tx.TextLanguage(ctx, kind, id)
		if err != nil {
			return err
		}
		cur, err := tx.Translation(ctx, kind, id, lang)
		exists := err == nil
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
		got, err := in(model.TranslationInput{})
		if err != nil {
			return err
		}
		if got.Version < 0 {
			return model.Problems{"version": "send the version you read (the translation's version, a whole number from 1; none for a new translation)"}
		}
		fields, err := got.Validate(k, lang, orig)
		if err != nil {
			return err
		}
		switch {
		case exists && got.Version <= 0:
			return conflict(cur, "conflicts.translation.exists", model.ArgLang(lang))
		case exists && got.Version != cur.Version:
			return conflict(cur, "conflicts.translation.changed")
		case !exists && got.Version > 0:
			return conflict(nil, "conflicts.translation.removed")
		}
		t := model.Translation{Kind: kind, RecordID: id, Language: lang, Fields: fields, Machine: got.Machine, UpdatedBy: v.Label()}
		if err := tx.SaveTranslation(ctx, t, got.Version); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return conflict(cur, "conflicts.translation.changed")
			}
			return err
		}
		if out, err = tx.Translation(ctx, kind, id, lang); err != nil {
			return err
		}
		action, before := "translation.add", any(nil)
		if exists {
			action, before = "translation.update", cur.Fields
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: action, Kind: kind, RecordID: id,
			Summary: "translation into " + lang + " of " + kind + " " + strconv.FormatInt(id, 10) + machineNote(out.Machine),
			Before:  before, After: out.Fields})
	})
	return out, err
}

func machineNote(m bool) string {
	if m {
		return " (machine translation)"
	}
	return ""
}

// Remove removes the translation into lang at version (409 with the
// current one when it moved on). Audited.
func (s *Translations) Remove(ctx context.Context, v model.Viewer, kind string, id int64, lang string, version int64) error {
	info, err := s.record(ctx, v, kind, id)
	if err != nil {
		return err
	}
	if err := policy.Write(v, info.Record); err != nil {
		return err
	}
	if !model.IsLanguage(lang) {
		return model.Problems{"language": "must be one of the six official languages of the United Nations"}
	}
	return s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.Translation(ctx, kind, id, lang)
		if err != nil {
			return err
		}
		if err := model.CheckVersion(version, cur.Version); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return conflict(cur, "conflicts.translation.changed")
			}
			return err
		}
		if err := tx.DeleteTranslation(ctx, kind, id, lang, version); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "translation.remove", Kind: kind, RecordID: id,
			Summary: "translation into " + lang + " of " + kind + " " + strconv.FormatInt(id, 10) + " removed", Before: cur.Fields})
	})
}

// SetLanguage records the language a record was written in (those who may
// change the record). A language a translation already exists in is
// refused: remove that translation first. Audited.
func (s *Translations) SetLanguage(ctx context.Context, v model.Viewer, kind string, id int64, lang string) (RecordLanguages, error) {
	info, err := s.record(ctx, v, kind, id)
	if err != nil {
		return RecordLanguages{}, err
	}
	if err := policy.Write(v, info.Record); err != nil {
		return RecordLanguages{}, err
	}
	if !model.IsLanguage(lang) {
		return RecordLanguages{}, model.Problems{"language": "must be one of the six official languages of the United Nations: ar, zh, en, fr, ru, es"}
	}
	if k, _ := model.TranslationKindOf(kind); k.Parent != "" {
		return RecordLanguages{}, model.Problems{"language": "an action is written in its plan's language: set the plan's"}
	}
	var out RecordLanguages
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := s.of(ctx, &tx.Conn, v, kind, id, info)
		if err != nil {
			return err
		}
		if cur.Language == lang {
			out = cur
			return nil
		}
		if slices.Contains(cur.Languages(), lang) {
			return model.Problems{"language": "a translation into this language exists: remove it before making it the original's language"}
		}
		if kind == "nap" {
			langs, err := tx.ActionTranslationLanguages(ctx, id)
			if err != nil {
				return err
			}
			if slices.Contains(langs, lang) {
				return model.Problems{"language": "an action of the plan is translated into this language: remove that translation before making it the original's language"}
			}
		}
		if err := tx.SetTextLanguage(ctx, kind, id, lang); err != nil {
			return err
		}
		if out, err = s.of(ctx, &tx.Conn, v, kind, id, info); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "translation.language", Kind: kind, RecordID: id,
			Summary: "language of " + kind + " " + strconv.FormatInt(id, 10) + " set to " + lang,
			Before:  map[string]string{"language": cur.Language}, After: map[string]string{"language": lang}})
	})
	return out, err
}

// Shown is what a reader sees of a record's texts: the translation into
// their language when one exists (and they did not ask for the original),
// else the original.
type Shown struct {
	RecordLanguages
	Reader      string             // the reader's language
	Translation *model.Translation // the translation shown; nil: the original
	AskedOrig   bool               // the reader asked for the original
}

// Showing is the language of the texts shown.
func (s Shown) Showing() string {
	if s.Translation != nil {
		return s.Translation.Language
	}
	return s.Language
}

// Text is field as shown (the translation's when it has the field, else
// the original's).
func (s Shown) Text(field string) string {
	if s.Translation != nil {
		if t, ok := s.Translation.Fields[field]; ok {
			return t
		}
	}
	return s.Original[field]
}

// ForReader decides what a reader in readerLang sees of a record:
// ErrNotFound exactly as the record's own page.
func (s *Translations) ForReader(ctx context.Context, v model.Viewer, kind string, id int64, readerLang string, original bool) (Shown, error) {
	rl, err := s.Of(ctx, v, kind, id)
	if err != nil {
		return Shown{}, err
	}
	out := Shown{RecordLanguages: rl, Reader: readerLang, AskedOrig: original}
	if t, ok := rl.In(readerLang); ok && !original && readerLang != rl.Language {
		out.Translation = &t
	}
	return out, nil
}
