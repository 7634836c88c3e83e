package service_test

import (
	"context"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// BenchmarkMatchWorld: matching every open need at world scale — 2 000
// open needs of requests from every UN Member State, against 500 open
// programmes — in the bounded pass the product uses (the candidate pairs
// by area, what each pair shares, the score and the reasons, ranked per
// need), beside the plain indexed read of the same rows (the candidate
// pairs alone). Report the ratio, not the times: the machine is shared.
//
//	go test -run '^$' -bench MatchWorld -benchmem ./internal/service/
func BenchmarkMatchWorld(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(string(e), func(b *testing.B) {
			db := storetest.Open(b, e)
			cat := storetest.Catalog(b)
			var states []string
			for _, s := range cat.States {
				if s.Status == "member" {
					states = append(states, s.Code)
				}
			}
			groupsOf := func(code string) []string {
				var out []string
				for _, m := range cat.GroupsOf(code) {
					out = append(out, m.Group.Code)
				}
				return out
			}
			providers := []string{"IAEA", "OPCW", "WCO", "OSCE", "UNODC", "INTERPOL", "EU", "WHO", "WOAH", "BWC-ISU", "UNODA", "USA", "FRA", "DEU", "GBR", "JPN"}
			storetest.BulkAssistance(b, db, states, groupsOf, 2000, 3, providers, 500)
			svc := service.New(service.Deps{DB: db, Catalog: cat, Now: func() time.Time { return time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC) }})
			ctx := context.Background()
			v := model.SystemViewer("bench")
			q := store.MatchQuery{Viewer: v, Open: true, Today: model.MustDate("2026-11-02")}
			pairs, _, err := db.MatchPairs(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			ranked, err := svc.Assistance.RankOpen(ctx, v)
			if err != nil {
				b.Fatal(err)
			}
			fits := 0
			for _, r := range ranked {
				fits += len(r)
			}
			b.Logf("%s: %d candidate pairs for %d needs; %d matches over the threshold", e, len(pairs), len(ranked), fits)
			var base, match time.Duration
			b.Run("baseline-indexed-read", func(b *testing.B) {
				start := time.Now()
				for b.Loop() {
					if _, _, err := db.MatchPairs(ctx, q); err != nil {
						b.Fatal(err)
					}
				}
				base = time.Since(start) / time.Duration(b.N)
			})
			b.Run("match-every-open-need", func(b *testing.B) {
				start := time.Now()
				for b.Loop() {
					if _, err := svc.Assistance.RankOpen(ctx, v); err != nil {
						b.Fatal(err)
					}
				}
				match = time.Since(start) / time.Duration(b.N)
				if base > 0 {
					b.ReportMetric(float64(match)/float64(base), "x-baseline")
				}
			})
		})
	}
}
