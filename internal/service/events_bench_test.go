package service_test

import (
	"context"
	"fmt"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
)

// Benchmarks of the events feature, each beside a baseline measured in
// the same run (report ratios, not times: the machine is shared).
//
//	go test -run '^$' -bench Events -benchmem ./internal/service/

func BenchmarkEvents(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(string(e), func(b *testing.B) {
			db := storetest.Open(b, e)
			f := newFixture(b, db)
			ctx := context.Background()
			hrvEditor, hrv := f.as("HRV", model.RoleEditor), f.as("HRV", model.RoleCoordinator)
			// Baseline: an audited insert of one small record (a point of contact).
			b.Run("baseline-audited-write", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					if _, err := f.svc.Contacts.Create(ctx, hrvEditor, "HRV", model.PointOfContactInput{Kind: "capital", Name: fmt.Sprintf("P %d", i), ValidFrom: "2020-01-01"}); err != nil {
						b.Fatal(err)
					}
				}
			})
			// A nomination: the event locked, seats counted, the row, its
			// history, the audit entry, and the delegate's view read back.
			// A new event every 50 nominations keeps the list at a workshop's size.
			b.Run("nominate", func(b *testing.B) {
				var id int64
				for i := 0; b.Loop(); i++ {
					if i%50 == 0 {
						id = f.event(func(in *model.EventInput) { in.Code = fmt.Sprintf("B-%d", i) })
						if err := f.quotas(id, q("HRV", 3)); err != nil {
							b.Fatal(err)
						}
					}
					if _, err := f.svc.Events.Nominate(ctx, hrv, id, service.Given(model.NominationInput{Org: "HRV", Name: fmt.Sprintf("Delegate %d", i)})); err != nil {
						b.Fatal(err)
					}
				}
			})
			// Reading a full event (30 delegates, 7 sessions) and its calendar.
			id := f.event(func(in *model.EventInput) { in.Code = "READ" })
			if err := f.quotas(id, model.QuotaInput{Group: "SEE", Seats: intp(5)}); err != nil {
				b.Fatal(err)
			}
			for i, org := range []string{"ALB", "BIH", "HRV", "MKD", "MNE", "SRB"} {
				for j := range 5 {
					if _, err := f.svc.Events.Nominate(ctx, f.as(org, model.RoleCoordinator), id, service.Given(model.NominationInput{Org: org, Name: fmt.Sprintf("R %d %d", i, j)})); err != nil {
						b.Fatal(err)
					}
				}
			}
			for d := range 7 {
				if _, err := f.svc.Events.AddSession(ctx, f.as("RACVIAC", model.RoleCoordinator), id, service.Given(model.SessionInput{Day: "2017-09-14",
					Starts: fmt.Sprintf("%02d:00", 8+d), Ends: fmt.Sprintf("%02d:45", 8+d), Title: fmt.Sprintf("Session %d", d)})); err != nil {
					b.Fatal(err)
				}
			}
			org := f.as("RACVIAC", model.RoleViewer)
			b.Run("get-event", func(b *testing.B) {
				for b.Loop() {
					if _, err := f.svc.Events.Get(ctx, org, id); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("event-ics", func(b *testing.B) {
				for b.Loop() {
					if _, err := f.svc.Events.EventICS(ctx, org, id, ""); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("participants-xlsx", func(b *testing.B) {
				for b.Loop() {
					if _, _, err := f.svc.Events.ParticipantsXLSX(ctx, org, id); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
