package store_test

import (
	"context"
	"fmt"
	"testing"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
)

// BenchmarkIndexDocTranslations: the cost the translations add to a
// record's index row (issue 17), as ratios against the baseline measured
// in the same run — an index row of a kind without translations (a
// programme) — for a plan without translations (the lookup alone) and a
// plan with two.
//
//	go test -run '^$' -bench IndexDocTranslations -benchtime 300x -count 3 ./internal/store/
func BenchmarkIndexDocTranslations(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(string(e), func(b *testing.B) {
			db := storetest.Open(b, e)
			ctx := context.Background()
			ids := storetest.BulkNAPs(b, db, []string{"HRV"}, 0)
			translated := ids[0]
			if err := db.WriteUnaudited(ctx, func(tx *store.Tx) error {
				for _, l := range []string{"fr", "ar"} {
					if err := tx.SaveTranslation(ctx, model.Translation{Kind: "nap", RecordID: translated, Language: l,
						Fields: map[string]string{"title": "Plan " + l, "NAP-01": "Texte de la section " + l}}, 0); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			doc := func(kind model.SearchKind, share string, id int64) store.SearchDoc {
				return store.SearchDoc{Kind: kind, RecordID: id, Owner: "HRV", Visibility: model.VisPublic, ShareKind: share, ShareID: id,
					State: "HRV", Year: 2020, Title: "National action plan", Body: "Coordination of the national authorities", URL: fmt.Sprint("/x/", id)}
			}
			for _, c := range []struct {
				name string
				d    store.SearchDoc
			}{
				{"baseline-programme", doc(model.SearchProgramme, store.ProgrammeKind, 1)},
				{"plan-no-translation", doc(model.SearchNAP, "nap", translated+1000)},
				{"plan-two-translations", doc(model.SearchNAP, "nap", translated)},
			} {
				b.Run(c.name, func(b *testing.B) {
					for b.Loop() {
						if err := db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.IndexDoc(ctx, c.d) }); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
