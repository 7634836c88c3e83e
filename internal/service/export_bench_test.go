package service_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// worldScale builds a world-sized database on db: the demo, a submitted
// plan with perPlan actions for every UN member State, two national
// reports each (one with a document), and two matrix editions each (an
// approved one and a draft) with every field of the taxonomy filled.
func worldScale(b *testing.B, db *store.DB, perPlan int) {
	b.Helper()
	ctx := context.Background()
	svc := exportServices(b, db)
	if err := svc.Demo.Prepare(ctx, true); err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Seed(ctx, svc, slog.New(slog.DiscardHandler)); err != nil {
		b.Fatal(err)
	}
	var members []string
	for _, s := range storetest.Catalog(b).States {
		if s.Status == "member" {
			members = append(members, s.Code)
		}
	}
	storetest.BulkNAPs(b, db, members, perPlan)
	tax, err := refdata.LoadTaxonomy()
	if err != nil {
		b.Fatal(err)
	}
	hasMatrix := map[string]bool{}
	for _, st := range members {
		if eds, err := svc.Matrix.Editions(ctx, sys, st); err == nil && len(eds) > 0 {
			hasMatrix[st] = true
		}
	}
	doc := bytes.Repeat([]byte("%PDF-1.4 a national report of forty pages. "), 1500) // 66 KB
	err = db.Write(ctx, func(tx *store.Tx) error {
		for i, st := range members {
			for k, date := range []string{"2004-10-28", "2006-03-01"} {
				r := model.NationalReport{State: st, Visibility: model.VisPublic, Type: model.ReportFirst, Date: model.MustDate(date), Language: "en",
					Symbol: fmt.Sprintf("S/AC.44/2004/(02)/%d/%d", i, k), CreatedBy: "bench"}
				var content []byte
				if k == 0 {
					content = doc
					r.Document = model.Document{Filename: "report.pdf", ContentType: "application/pdf", Size: int64(len(doc)), SHA256: "bench"}
				} else {
					r.Type = model.ReportAddendum
				}
				if err := tx.CreateNationalReport(ctx, &r, content); err != nil {
					return err
				}
			}
			if hasMatrix[st] {
				continue // the demo's matrices
			}
			for _, status := range []model.EditionStatus{model.EditionApproved, model.EditionDraft} {
				e := model.MatrixEdition{State: st, Status: status, Taxonomy: tax.Version, CreatedBy: "bench", ApprovedOn: model.MustDate("2017-01-10")}
				if err := tx.CreateMatrixEdition(ctx, &e); err != nil {
					return err
				}
				for j, f := range tax.Fields {
					c := model.MatrixCell{FieldID: f.ID, Status: model.CellStatuses[(i+j)%len(model.CellStatuses)], Reference: "Law No. " + fmt.Sprint(j),
						UpdatedBy: "bench", UpdatedByOrg: "UNSC1540"}
					if err := tx.SaveMatrixCell(ctx, e.ID, f.Area, f.Weapon, &c, 0, "demo"); err != nil {
						return err
					}
				}
			}
		}
		return tx.Audit(ctx, model.SystemViewer("bench"), store.AuditRecord{Action: "test.bulk", Kind: "matrix", Summary: "world scale"})
	})
	if err != nil {
		b.Fatal(err)
	}
}

// peakHeap samples the heap in use while fn runs and returns the largest
// reading (above the reading before fn), in bytes.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > base && m.HeapInuse-base > peak.Load() {
				peak.Store(m.HeapInuse - base)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	return peak.Load()
}

// BenchmarkWorldExportImport measures the export and the import of a
// world-sized database (SQLite) against a baseline measured in the same
// run: reading every exported row without writing anything (ScanTable).
// It reports the export's and the import's time as multiples of the
// baseline, and each one's peak heap as a share of the file's size: the
// file is streamed, never held whole. NAPX_BENCH_WORLD=1 uses the world
// issue's size (110 actions per plan, 21 000 in all); the default is a
// tenth, for a quick run.
//
//	go test -run '^$' -bench WorldExportImport -benchtime 1x ./internal/service
func BenchmarkWorldExportImport(b *testing.B) {
	perPlan := 11
	if os.Getenv("NAPX_BENCH_WORLD") == "1" {
		perPlan = 110
	}
	ctx := context.Background()
	db := storetest.Open(b, storetest.SQLite)
	worldScale(b, db, perPlan)
	svc := exportServices(b, db)
	tables, err := db.Tables(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		// The baseline: every row of every exported table, read and dropped.
		var rows int64
		t0 := time.Now()
		for name, t := range tables {
			if _, skip := map[string]bool{"sessions": true, "api_tokens": true, "recovery_codes": true, "signin_throttle": true, "calendar_feeds": true,
				"import_previews": true, "organizations": true, "schema_migrations": true, "audit_head": true}[name]; skip {
				continue
			}
			if err := db.ScanTable(ctx, t, "", nil, func([]store.Value) error { rows++; return nil }); err != nil {
				b.Fatal(err)
			}
		}
		scan := time.Since(t0)
		path := b.TempDir() + "/world.json"
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		var sum service.ExportSummary
		t0 = time.Now()
		exportPeak := peakHeap(func() {
			if sum, err = svc.Export.Write(ctx, sys, f, nil); err != nil {
				b.Fatal(err)
			}
		})
		export := time.Since(t0)
		_ = f.Close()
		st, _ := os.Stat(path)
		target := storetest.Open(b, storetest.SQLite)
		tsvc := exportServices(b, target)
		in, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		t0 = time.Now()
		importPeak := peakHeap(func() {
			if _, err := tsvc.Export.Import(ctx, sys, in, service.ImportLoad, nil); err != nil {
				b.Fatal(err)
			}
		})
		imp := time.Since(t0)
		_ = in.Close()
		size := float64(st.Size())
		b.ReportMetric(float64(sum.Rows), "rows")
		b.ReportMetric(size/(1<<20), "file-MiB")
		b.ReportMetric(export.Seconds()/scan.Seconds(), "export/scan")
		b.ReportMetric(imp.Seconds()/scan.Seconds(), "import/scan")
		b.ReportMetric(float64(exportPeak)/size, "export-peak-heap/file")
		b.ReportMetric(float64(importPeak)/size, "import-peak-heap/file")
		b.Logf("%d rows (%d scanned), %.1f MiB: scan %v, export %v (peak heap %.1f MiB), import %v (peak heap %.1f MiB)",
			sum.Rows, rows, size/(1<<20), scan, export, float64(exportPeak)/(1<<20), imp, float64(importPeak)/(1<<20))
	}
}
