package service

import (
	"context"
	"fmt"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/storetest"
)

// BenchmarkPublishNotice measures the wired example: publishing a plan
// (the real service step) with its notice to the followers, against the
// same step with notifications unplugged, alternated in one loop. Each
// plan has ten actions and was adopted and submitted beforehand.
//
//	go test -run '^$' -bench PublishNotice ./internal/service/
func BenchmarkPublishNotice(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(string(e), func(b *testing.B) {
			db := storetest.Open(b, e)
			s := New(Deps{DB: db, Catalog: storetest.Catalog(b), Now: time.Now})
			ctx := context.Background()
			sys := model.SystemViewer("bench")
			plan := func(i int) int64 {
				n, err := s.NAPs.Create(ctx, sys, "HRV", model.NAPInput{Title: model.Ptr(fmt.Sprint("Plan ", i)), PeriodStart: model.Ptr("2020"), PeriodEnd: model.Ptr("2024")})
				if err != nil {
					b.Fatal(err)
				}
				for j := range 10 {
					if _, err := s.NAPs.CreateAction(ctx, sys, n.ID, Given(model.NAPActionInput{Title: model.Ptr(fmt.Sprint("Action ", j)), Due: model.Ptr("2021-06-30")})); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := s.NAPs.Adopt(ctx, sys, n.ID, Given(model.NAPAdoption{Authority: "Government", Date: "2020-01-15"})); err != nil {
					b.Fatal(err)
				}
				if _, _, err := s.NAPs.Submit(ctx, sys, n.ID, nil); err != nil {
					b.Fatal(err)
				}
				return n.ID
			}
			notify := s.NAPs.notify
			var plain, with time.Duration
			for i := 0; b.Loop(); i++ {
				a, c := plan(2*i), plan(2*i+1)
				s.NAPs.notify = nil
				t0 := time.Now()
				if _, err := s.NAPs.Publish(ctx, sys, a, nil); err != nil {
					b.Fatal(err)
				}
				s.NAPs.notify = notify
				t1 := time.Now()
				if _, err := s.NAPs.Publish(ctx, sys, c, nil); err != nil {
					b.Fatal(err)
				}
				plain, with = plain+t1.Sub(t0), with+time.Since(t1)
			}
			b.ReportMetric(float64(plain.Nanoseconds())/float64(b.N), "ns/publish")
			b.ReportMetric(float64(with.Nanoseconds())/float64(b.N), "ns/publish+notice")
			b.ReportMetric((float64(with)/float64(plain)-1)*100, "%extra")
		})
	}
}
