package store

import (
	"context"
	"fmt"
	"strings"

	"napx/internal/model"
)

// A record's translations in the one search (issue 17, item 4): the index
// row of a translated record holds the words of its translations too, so
// a French reader searching a French word finds the plan whose French
// translation has it. The words join the record's own row — no row of
// their own — so a translation is found exactly as its record is (the
// row's owner, level and shares: a hidden record's translation is never
// matched nor counted), a record is one hit whichever language matched,
// and a plan's change of level moves its translations' words with it.
// IndexDoc adds them, so every write of a record keeps them; a
// translation's own writes re-index its record (reindexTranslated).

// searchedTranslation is which translations a kind of index row holds:
// the translated kind, and the fields searched (nil: every field). The
// fields are those the original is searched by: an event's methodology
// and participation are not indexed in the original, so not in a
// translation either.
type searchedTranslation struct {
	kind   string
	fields []string
}

var searchedTranslations = map[model.SearchKind]searchedTranslation{
	model.SearchNAP:      {kind: napKind},
	model.SearchAction:   {kind: model.TranslationKindAction},
	model.SearchEvent:    {kind: "event", fields: []string{"title", "background", "purpose"}},
	model.SearchPractice: {kind: practiceKind},
	model.SearchRequest:  {kind: AssistanceKind},
}

// translatedText is the words a record's translations add to its index
// row: their titles (searched as titles) and their other texts, in the
// order of the six languages, each bounded like a record's own text.
func (tx *Tx) translatedText(ctx context.Context, d SearchDoc) (titles, body string, err error) {
	st, ok := searchedTranslations[d.Kind]
	if !ok || d.RecordID <= 0 {
		return "", "", nil
	}
	k, ok := model.TranslationKindOf(st.kind)
	if !ok {
		return "", "", fmt.Errorf("store: index: no translated kind %q", st.kind)
	}
	ts, err := tx.Translations(ctx, st.kind, d.RecordID)
	if err != nil || len(ts) == 0 {
		return "", "", err
	}
	fields := st.fields
	if fields == nil {
		fields = k.Fields
	}
	var tl, bl []string
	for _, t := range ts {
		var parts []string
		for _, f := range fields {
			if text := strings.TrimSpace(t.Fields[f]); text != "" {
				if f == "title" {
					tl = append(tl, text)
				}
				parts = append(parts, text)
			}
		}
		if len(parts) > 0 {
			bl = append(bl, model.Truncate(strings.Join(parts, "\n"), maxIndexedBody))
		}
	}
	return strings.Join(tl, "\n"), strings.Join(bl, "\n"), nil
}

// reindexTranslated writes the index row of a record whose translations
// changed, as its own writes do.
func (tx *Tx) reindexTranslated(ctx context.Context, kind string, id int64) error {
	switch kind {
	case napKind:
		n, err := tx.NAP(ctx, id)
		if err != nil {
			return err
		}
		return tx.IndexDoc(ctx, napDoc(n))
	case model.TranslationKindAction:
		a, err := tx.NAPAction(ctx, id)
		if err != nil {
			return err
		}
		return tx.indexAction(ctx, a)
	case "event":
		e, err := tx.Event(ctx, id)
		if err != nil {
			return err
		}
		return tx.indexEvent(ctx, e)
	case practiceKind:
		return tx.indexPractice(ctx, id)
	case AssistanceKind:
		r, err := tx.AssistanceRequest(ctx, id)
		if err != nil {
			return err
		}
		return tx.indexRequest(ctx, r)
	}
	return fmt.Errorf("store: index: no translated kind %q", kind)
}

// SearchTranslationKind is the translated record kind of an index row's
// kind ("" when its records have no translations).
func SearchTranslationKind(k model.SearchKind) string { return searchedTranslations[k].kind }
