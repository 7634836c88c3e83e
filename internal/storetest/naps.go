package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/store"
)

// BulkNAPs writes, in one audited transaction, one submitted plan per
// State with perPlan actions each (statuses, progress, due dates and
// matrix fields varied), for benchmarks and scale tests. It returns the
// plan IDs.
func BulkNAPs(tb testing.TB, db *store.DB, states []string, perPlan int) []int64 {
	tb.Helper()
	ctx := context.Background()
	statuses := model.ActionStatuses
	fields := []string{"OP1-01", "OP2-NW-01.LF", "OP2-CW-05.EN", "OP3a-BW-02.LF", "OP3b-NW-01.EN", "OP3c-CW-03.LF", "OP3d-NW-09.LF", "OP3d-BW-17.EN"}
	var ids []int64
	err := db.Write(ctx, func(tx *store.Tx) error {
		for i, st := range states {
			n := model.NAP{State: st, Visibility: model.VisCommittee, Type: model.NAPType1540, Title: "Bulk plan of " + st,
				PeriodStart: 2015 + i%5, PeriodEnd: 2019 + i%5, Status: model.NAPSubmitted, Sections: map[string]string{"NAP-02": "Working group."}}
			if err := tx.CreateNAP(ctx, &n); err != nil {
				return err
			}
			ids = append(ids, n.ID)
			for j := range perPlan {
				s := statuses[(i+j)%len(statuses)]
				a := model.NAPAction{NAPID: n.ID, Title: fmt.Sprintf("Action %d of %s", j+1, st), Status: s, Progress: (j * 7) % 101,
					Due: model.NewDate(2015+j%8, time.Month(1+j%12), 1+j%28), Start: model.NewDate(2014+j%8, time.Month(1+j%12), 1),
					Section: model.NAPSections[j%len(model.NAPSections)].Code, Elements: []string{fields[j%len(fields)], fields[(j+3)%len(fields)]},
					Supporting: []string{}, AssistanceNeeded: j%9 == 0}
				if s == model.ActionCompleted {
					a.Progress = 100
				}
				if err := tx.CreateNAPAction(ctx, &a); err != nil {
					return err
				}
			}
		}
		return tx.Audit(ctx, model.SystemViewer("storetest"), store.AuditRecord{Action: "test.bulk", Kind: "nap",
			Summary: fmt.Sprintf("%d bulk plans with %d actions each", len(states), perPlan)})
	})
	if err != nil {
		tb.Fatalf("bulk plans: %v", err)
	}
	return ids
}
