package web_test

import (
	"net/http"
	"testing"

	"napx/internal/model"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// BenchmarkMapHandler: the plans map through the real router for the
// Committee's expert, over 193 plans × 20 actions: the world map against
// the SEE group's map of the same database, in one run (report the ratio
// of the two ns/op). The frames are built by the first request; what is
// measured is a request: the policy-filtered query and the drawing.
func BenchmarkMapHandler(b *testing.B) {
	db := storetest.Open(b, storetest.SQLite)
	cat := storetest.Catalog(b)
	var states []string
	for _, s := range cat.States {
		if s.Status == "member" {
			states = append(states, s.Code)
		}
	}
	storetest.BulkNAPs(b, db, states, 20)
	app := webtest.New(b, db)
	expert := app.Account("UNSC1540", model.RoleEditor)
	for _, bc := range []struct{ name, path string }{
		{"SEE", "/maps/plans.svg?group=SEE"},
		{"world", "/maps/plans.svg"},
		{"SEE/page", "/maps?group=SEE"},
		{"world/page", "/maps"},
	} {
		if rec := expert.Get(bc.path); rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", bc.path, rec.Code)
		}
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
