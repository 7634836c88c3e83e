package service

import (
	"context"
	"fmt"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/storetest"
)

// The cost of a notice on the real writes that send one (issue 10: under
// 20 % of the write it rides on): each benchmark runs the same service
// step with the feature's notifications unplugged and plugged in,
// alternated in one loop so that both see the same machine, and reports
// the ratio (%extra). Run:
//
//	go test -run '^$' -bench 'NoticeOn' -benchtime 300x ./internal/service/

// BenchmarkNoticeOnSubmit: submitting a plan of ten actions to the
// Committee (row lock, the actions read, the submission's snapshot, the
// plan updated, the audit entry), with its nap.submitted notice.
func BenchmarkNoticeOnSubmit(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(string(e), func(b *testing.B) {
			s := New(Deps{DB: storetest.Open(b, e), Catalog: storetest.Catalog(b), Now: time.Now})
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
				return n.ID
			}
			// A submitted plan may be submitted again (a new numbered
			// submission): the same step every time.
			a, c := plan(1), plan(2)
			notify := s.NAPs.notify
			submit := func(id int64) {
				if _, _, err := s.NAPs.Submit(ctx, sys, id, nil); err != nil {
					b.Fatal(err)
				}
			}
			submit(a)
			submit(c)
			compare(b, func() { s.NAPs.notify = nil; submit(a) }, func() { s.NAPs.notify = notify; submit(c) })
		})
	}
}

// BenchmarkNoticeOnNominate: a delegation's coordinator nominating a
// delegate (the event locked, the quotas and held seats counted, the
// delegate, its history and the audit entry written), with its
// event.nomination notice to the organiser.
func BenchmarkNoticeOnNominate(b *testing.B) {
	delegations := []string{"HRV", "SRB", "ALB", "MNE", "MKD", "BIH", "SVN", "AUT", "ITA", "HUN"}
	const seatsEach = 1000
	for _, e := range storetest.Engines(b) {
		b.Run(string(e), func(b *testing.B) {
			s := New(Deps{DB: storetest.Open(b, e), Catalog: storetest.Catalog(b), Now: time.Now})
			ctx := context.Background()
			sys := model.SystemViewer("bench")
			event := func(title string) int64 {
				ev, err := s.Events.Create(ctx, sys, model.EventInput{Kind: "workshop", Title: title, Organizer: "RACVIAC", Start: "2099-03-02", End: "2099-03-03",
					TimeZone: "UTC", Visibility: "public"})
				if err != nil {
					b.Fatal(err)
				}
				// Ten delegations of at most 1000 seats each: every
				// nomination of the run takes a seat (none waits).
				seats := seatsEach
				var qs []model.QuotaInput
				for _, org := range delegations {
					qs = append(qs, model.QuotaInput{Org: org, Seats: &seats})
				}
				if _, err := s.Events.SetQuotas(ctx, sys, ev.ID, Given(qs)); err != nil {
					b.Fatal(err)
				}
				return ev.ID
			}
			a, c := event("Without notices"), event("With notices")
			notify := s.Events.notify
			n := 0
			nominate := func(id int64) {
				n++
				if n > 2*len(delegations)*seatsEach {
					b.Fatal("more nominations than seats: run with -benchtime of at most 10000x")
				}
				org := delegations[n%len(delegations)]
				if _, err := s.Events.Nominate(ctx, sys, id, Given(model.NominationInput{Org: org, Name: fmt.Sprint("Delegate ", n)})); err != nil {
					b.Fatal(err)
				}
			}
			compare(b, func() { s.Events.notify = nil; nominate(a) }, func() { s.Events.notify = notify; nominate(c) })
		})
	}
}

// BenchmarkPublishNotice: publishing a submitted plan of ten actions, with
// its nap.published notice to the followers (phase 1's measure, kept for
// comparison).
func BenchmarkPublishNotice(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(string(e), func(b *testing.B) {
			s := New(Deps{DB: storetest.Open(b, e), Catalog: storetest.Catalog(b), Now: time.Now})
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
			var a, c int64
			setup := func(i int) { s.NAPs.notify = nil; a, c = plan(2*i), plan(2*i+1) }
			publish := func(id int64) {
				if _, err := s.NAPs.Publish(ctx, sys, id, nil); err != nil {
					b.Fatal(err)
				}
			}
			var plain, with time.Duration
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				setup(i)
				b.StartTimer()
				t0 := time.Now()
				publish(a)
				s.NAPs.notify = notify
				t1 := time.Now()
				publish(c)
				plain, with = plain+t1.Sub(t0), with+time.Since(t1)
			}
			report(b, plain, with)
		})
	}
}

// compare runs without and with alternately (which runs first alternates
// too) and reports both and the ratio.
func compare(b *testing.B, without, with func()) {
	var plain, notified time.Duration
	for i := 0; b.Loop(); i++ {
		first, second := without, with
		if i%2 == 1 {
			first, second = with, without
		}
		t0 := time.Now()
		first()
		t1 := time.Now()
		second()
		d1, d2 := t1.Sub(t0), time.Since(t1)
		if i%2 == 1 {
			d1, d2 = d2, d1
		}
		plain, notified = plain+d1, notified+d2
	}
	report(b, plain, notified)
}

func report(b *testing.B, plain, with time.Duration) {
	b.ReportMetric(float64(plain.Nanoseconds())/float64(b.N), "ns/write")
	b.ReportMetric(float64(with.Nanoseconds())/float64(b.N), "ns/write+notice")
	b.ReportMetric((float64(with)/float64(plain)-1)*100, "%extra")
}
