package storetest

import (
	"context"
	"fmt"
	"testing"

	"napx/internal/model"
	"napx/internal/store"
)

// BulkAssistance writes, in one audited transaction, requests circulated
// to providers with needs open needs in all, from the given States in
// turn (perRequest needs each), and programmes open programmes of the
// given providers in turn, their areas, modalities, groups and languages
// varied; each request comes from the groups of groupsOf(state). For the
// matching benchmark and scale tests.
func BulkAssistance(tb testing.TB, db *store.DB, states []string, groupsOf func(string) []string, needs, perRequest int,
	providers []string, programmes int) {
	tb.Helper()
	ctx := context.Background()
	areas := []string{"AS-LEG", "AS-NAP", "AS-NUC", "AS-CHEM", "AS-BIO", "AS-LAB", "AS-BORDER", "AS-EXPORT", "AS-ENF", "AS-FIN", "AS-OUTREACH", "AS-OTHER"}
	mods := []string{"legal-advice", "training", "equipment", "study-visit", "peer-review", "translation", "funding"}
	groups := []string{"SEE", "OSCE", "UN-AFRICA", "UN-APG", "UN-EEG", "UN-GRULAC", "UN-WEOG"}
	langs := []string{"en", "fr", "es", "ru", "ar", "zh"}
	err := db.Write(ctx, func(tx *store.Tx) error {
		made := 0
		for i := 0; made < needs; i++ {
			st := states[i%len(states)]
			r := model.AssistanceRequest{Owner: st, Title: fmt.Sprintf("Bulk request %d of %s", i, st), Status: model.RequestCirculated,
				Visibility: model.VisPublic, Language: langs[i%len(langs)], CoRequesters: []string{}, Beneficiaries: []string{}}
			for j := 0; j < perRequest && made < needs; j++ {
				k := i*perRequest + j
				r.Needs = append(r.Needs, model.AssistanceNeed{Position: j + 1, Area: areas[k%len(areas)],
					Modalities: []string{mods[k%len(mods)], mods[(k+3)%len(mods)]}, Elements: []string{}, Actions: []int64{}})
				made++
			}
			if err := tx.CreateAssistanceRequest(ctx, &r, groupsOf(st)); err != nil {
				return err
			}
		}
		for i := range programmes {
			g := model.Programme{Provider: providers[i%len(providers)], Title: fmt.Sprintf("Bulk programme %d", i), Status: model.ProgrammeOpen,
				Visibility: model.VisPublic, Areas: []string{areas[i%len(areas)], areas[(i*5+1)%len(areas)]},
				Modalities: []string{mods[i%len(mods)], mods[(i+2)%len(mods)], mods[(i+4)%len(mods)]}, Groups: []string{},
				Languages: []string{langs[i%len(langs)], "en"}}
			if i%3 != 0 {
				g.Groups = []string{groups[i%len(groups)]}
			}
			if g.Languages[0] == "en" {
				g.Languages = g.Languages[:1]
			}
			if g.Areas[0] == g.Areas[1] {
				g.Areas = g.Areas[:1]
			}
			if err := tx.CreateProgramme(ctx, &g); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, model.SystemViewer("storetest"), store.AuditRecord{Action: "test.bulk", Kind: "assistance",
			Summary: fmt.Sprintf("%d bulk needs, %d bulk programmes", needs, programmes)})
	})
	if err != nil {
		tb.Fatalf("bulk assistance: %v", err)
	}
}
