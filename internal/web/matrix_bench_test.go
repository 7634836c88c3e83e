package web_test

import (
	"context"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// BenchmarkMatrixCoverage measures coverage (counted in SQL, assembled by
// section and weapon type) and the heat map page for every UN member
// State's approved matrix over the whole taxonomy (193 States × 323
// fields), against the SEE group of 6 as the baseline measured in the
// same run:
//
//	go test -run '^$' -bench MatrixCoverage -benchmem ./internal/web/
//
// With NAPX_TEST_POSTGRES_URL set it runs on both engines.
func BenchmarkMatrixCoverage(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(string(e), func(b *testing.B) {
			app := webtest.New(b, storetest.Open(b, e))
			ctx := context.Background()
			fields := app.Services.Matrix.Taxonomy().Fields
			var members []string
			for _, s := range app.Services.Directory.Catalog().States {
				if s.Status != "member" {
					continue
				}
				members = append(members, s.Code)
				var cells []model.MatrixCell
				for _, f := range fields {
					h := fnv.New32a()
					_, _ = h.Write([]byte(s.Code + f.ID))
					switch n := h.Sum32() % 10; {
					case n < 5:
						cells = append(cells, model.MatrixCell{FieldID: f.ID, Status: model.CellX, Reference: "benchmark"})
					case n < 7:
						cells = append(cells, model.MatrixCell{FieldID: f.ID, Status: model.CellQ})
					case n < 8:
						cells = append(cells, model.MatrixCell{FieldID: f.ID, Status: model.CellNA})
					}
				}
				if err := app.Services.Demo.MatrixEditions(ctx, model.SystemViewer("bench"), s.Code,
					[]service.IllustrativeEdition{{Status: model.EditionApproved, Cells: cells}}); err != nil {
					b.Fatal(err)
				}
			}
			if len(members) != 193 {
				b.Fatalf("%d member States", len(members))
			}
			see := app.Services.Directory.Catalog().Members("SEE")
			for _, tc := range []struct {
				name   string
				states []string
			}{{"coverage/SEE-6", see}, {"coverage/members-193", members}} {
				b.Run(tc.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						cov, err := app.Services.Matrix.Coverage(ctx, model.Anonymous, tc.states)
						if err != nil || len(cov) != len(tc.states) || cov[0].Total.Total != len(fields) {
							b.Fatalf("%d lines, %v", len(cov), err)
						}
					}
				})
			}
			// What a first count costs: the queries alone, as Coverage runs
			// them before it keeps the counts of published editions.
			for _, tc := range []struct {
				name   string
				states []string
			}{{"coverage-sql/SEE-6", see}, {"coverage-sql/members-193", members}} {
				b.Run(tc.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						eds, err := app.DB.LatestReadableEditions(ctx, model.Anonymous, tc.states)
						if err != nil || len(eds) != len(tc.states) {
							b.Fatalf("%d editions, %v", len(eds), err)
						}
						ids := make([]int64, len(eds))
						for i, e := range eds {
							ids[i] = e.ID
						}
						if _, err := app.DB.MatrixCoverageCounts(ctx, ids); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			for _, tc := range []struct{ name, group, want string }{
				{"heatmap/SEE-6", "SEE", "Serbia"}, {"heatmap/ALL-195", "ALL", "Zimbabwe"},
			} {
				b.Run(tc.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						req := httptest.NewRequest(http.MethodGet, "/matrix?group="+tc.group, nil)
						rec := httptest.NewRecorder()
						app.Handler.ServeHTTP(rec, req)
						if rec.Code != 200 {
							b.Fatal(rec.Code)
						}
					}
				})
			}
		})
	}
}
