package service_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// BenchmarkEnqueueInWrite measures what a notice adds to the write
// transaction that sends it: the same audited change of a plan (row lock,
// update, audit entry), without and with Notifications.Send, alternated
// in one loop so both see the same machine. %extra is the ratio that
// matters (issue 10: under 20 %).
//
//	go test -run '^$' -bench EnqueueInWrite ./internal/service/
func BenchmarkEnqueueInWrite(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(string(e), func(b *testing.B) {
			db := storetest.Open(b, e)
			s := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(b), Now: time.Now})
			ctx := context.Background()
			sys := model.SystemViewer("bench")
			plan, err := s.NAPs.Create(ctx, sys, "HRV", model.NAPInput{Title: model.Ptr("Plan"), PeriodStart: model.Ptr("2020"), PeriodEnd: model.Ptr("2024")})
			if err != nil {
				b.Fatal(err)
			}
			id := strconv.FormatInt(plan.ID, 10)
			write := func(i int, notice, row bool) {
				err := db.Write(ctx, func(tx *store.Tx) error {
					n, err := tx.NAPForUpdate(ctx, plan.ID)
					if err != nil {
						return err
					}
					before := n
					n.Title = fmt.Sprintf("Plan, revision %d", i)
					if err := tx.UpdateNAP(ctx, &n); err != nil {
						return err
					}
					if row {
						if err := tx.SetSetting(ctx, "bench", n.Title); err != nil {
							return err
						}
					}
					if notice {
						if err := s.Notifications.Send(ctx, tx, model.Notice{Kind: model.NoticeNAPSubmitted, Record: model.RecordRef{Kind: "nap", ID: id},
							Title: n.Title, URL: "/naps/" + id, To: model.Recipients{Followers: s.Notifications.StateFollowers("HRV")}}); err != nil {
							return err
						}
					}
					return tx.Audit(ctx, sys, store.AuditRecord{Action: "nap.update", Kind: "nap", RecordID: plan.ID, Summary: n.Title, Before: before, After: n})
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			var plain, with, row time.Duration
			for i := 0; b.Loop(); i++ {
				t0 := time.Now()
				write(3*i, false, false)
				t1 := time.Now()
				write(3*i+1, true, false)
				t2 := time.Now()
				write(3*i+2, false, true)
				plain, with, row = plain+t1.Sub(t0), with+t2.Sub(t1), row+time.Since(t2)
			}
			b.ReportMetric(float64(plain.Nanoseconds())/float64(b.N), "ns/write")
			b.ReportMetric(float64(with.Nanoseconds())/float64(b.N), "ns/write+notice")
			b.ReportMetric((float64(with)/float64(plain)-1)*100, "%extra")
			// For scale: one more plain row in the same transaction.
			b.ReportMetric((float64(row)/float64(plain)-1)*100, "%extra-one-row")
		})
	}
}
