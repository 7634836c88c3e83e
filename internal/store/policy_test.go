package store_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestReadFilterAgreesWithCanRead checks, on both engines, that the SQL
// condition the lists use keeps exactly the rows policy.CanRead allows,
// for every visibility level, owner and viewer.
func TestReadFilterAgreesWithCanRead(t *testing.T) {
	cat := storetest.Catalog(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		type row struct {
			id  int64
			rec policy.Record
		}
		var rows []row
		for _, owner := range []string{"HRV", "SRB", "IAEA"} {
			for _, vis := range model.Visibilities {
				for _, shares := range [][]string{nil, {"IAEA"}, {"SEE"}, {"FRA", "UNSC1540"}} {
					p := model.PointOfContact{State: owner, Visibility: vis, Kind: "capital", Name: fmt.Sprintf("%s %s %v", owner, vis, shares),
						ValidFrom: model.MustDate("2020-01-01")}
					err := db.Write(ctx, func(tx *store.Tx) error {
						if err := tx.CreatePointOfContact(ctx, &p); err != nil {
							return err
						}
						if err := tx.SetShares(ctx, "poc", p.ID, shares); err != nil {
							return err
						}
						return tx.Audit(ctx, model.SystemViewer("test"), store.AuditRecord{Action: "test", Kind: "poc", RecordID: p.ID})
					})
					if err != nil {
						t.Fatal(err)
					}
					rows = append(rows, row{p.ID, policy.Record{Owner: owner, Visibility: vis, SharedWith: shares}})
				}
			}
		}
		for _, org := range []string{"HRV", "SRB", "FRA", "IAEA", "UNSC1540", "UNODA", "RACVIAC", "DTRA", ""} {
			v := model.Anonymous
			if org != "" {
				acc := &model.Account{ID: 9, Org: org, Role: model.RoleViewer}
				o, _ := cat.Org(org)
				v = model.Viewer{Account: acc, OrgKind: o.Kind}
				for _, m := range cat.GroupsOf(org) {
					v.Groups = append(v.Groups, m.Group.Code)
				}
			}
			var want []int64
			for _, r := range rows {
				if policy.CanRead(v, r.rec) {
					want = append(want, r.id)
				}
			}
			got, err := db.ReadableIDs(ctx, v, "points_of_contact", "poc")
			if err != nil {
				t.Fatal(err)
			}
			sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("viewer of %q: SQL filter keeps %v, CanRead allows %v", org, got, want)
			}
		}
	})
}
