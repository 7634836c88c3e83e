package web_test

import (
	"net/http"
	"testing"

	"napx/internal/model"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// BenchmarkStateOfPlayHandler: the state-of-play page through the real
// router for the Committee's expert, over 193 plans × 100 actions (group
// ALL), against the same handler over the 6 SEE plans of the same database
// (group SEE). Report ns/op and allocations, and the ratio of the two.
func BenchmarkStateOfPlayHandler(b *testing.B) {
	db := storetest.Open(b, storetest.SQLite)
	cat := storetest.Catalog(b)
	var states []string
	for _, s := range cat.States {
		if s.Status == "member" {
			states = append(states, s.Code)
		}
	}
	storetest.BulkNAPs(b, db, states, 100)
	app := webtest.New(b, db)
	expert := app.Account("UNSC1540", model.RoleEditor)
	for _, bc := range []struct{ name, path string }{
		{"plans=6", "/state-of-play?group=SEE"},
		{"plans=193", "/state-of-play?group=ALL"},
		{"api/plans=6", "/api/v1/state-of-play?group=SEE"},
		{"api/plans=193", "/api/v1/state-of-play?group=ALL"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if rec := expert.Get(bc.path); rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", bc.path, rec.Code)
				}
			}
		})
	}
}
