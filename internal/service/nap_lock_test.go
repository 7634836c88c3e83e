package service_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestActionWriteRacingWithdrawal: on PostgreSQL (SQLite's write
// transactions are exclusive, so they cannot overlap), an action write
// that starts while its plan is being withdrawn waits for the plan's lock
// and is then refused: no action changes on a plan closed meanwhile.
func TestActionWriteRacingWithdrawal(t *testing.T) {
	if !slices.Contains(storetest.Engines(t), storetest.Postgres) {
		t.Skip("PostgreSQL only: SQLite's write transactions never overlap")
	}
	db := storetest.Open(t, storetest.Postgres)
	raw, err := sql.Open("pgx", storetest.URL(t, db))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = raw.Close() }()
	svc := napServices(t, db)
	coord := viewer(t, "HRV", model.RoleCoordinator)
	ctx := context.Background()

	for _, write := range []struct {
		name string
		run  func(n, a int64, version int64) error
	}{
		{"update", func(n, a, version int64) error {
			_, err := svc.NAPs.UpdateAction(ctx, coord, n, a, service.Given(model.NAPActionInput{Progress: model.Ptr("50"), Version: version}))
			return err
		}},
		{"delete", func(n, a, _ int64) error { return svc.NAPs.DeleteAction(ctx, coord, n, a) }},
		{"create", func(n, _, _ int64) error {
			_, err := svc.NAPs.CreateAction(ctx, coord, n, service.Given(model.NAPActionInput{Title: model.Ptr("Late action"), Due: model.Ptr("2019-12-31")}))
			return err
		}},
	} {
		t.Run(write.name, func(t *testing.T) {
			n := mkPlan(t, svc.NAPs, coord, "HRV", "Plan being withdrawn ("+write.name+")")
			a := mkAction(t, svc.NAPs, coord, n.ID, "An action", "2018-12-31")
			locked, release := make(chan struct{}), make(chan struct{})
			withdrawn := make(chan error, 1)
			go func() {
				withdrawn <- db.Write(ctx, func(tx *store.Tx) error {
					cur, err := tx.NAPForUpdate(ctx, n.ID)
					if err != nil {
						return err
					}
					close(locked)
					<-release
					after := cur
					after.Status, after.Visibility = model.NAPWithdrawn, model.VisPrivate
					if err := tx.UpdateNAP(ctx, &after); err != nil {
						return err
					}
					return tx.Audit(ctx, coord, store.AuditRecord{Action: "nap.withdraw", Kind: "nap", RecordID: n.ID, Summary: "withdrawn by the test"})
				})
			}()
			<-locked
			done := make(chan error, 1)
			go func() { done <- write.run(n.ID, a.ID, a.Version) }()
			// Let the withdrawal commit once the action write has either
			// finished or is waiting for a lock in this database.
			var result error
			finished := false
			for deadline := time.Now().Add(20 * time.Second); !finished && time.Now().Before(deadline); {
				select {
				case result = <-done:
					finished = true
					continue
				default:
				}
				var waiting int
				if err := raw.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
					WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
					t.Fatal(err)
				}
				if waiting > 0 {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			close(release)
			if err := <-withdrawn; err != nil {
				t.Fatal(err)
			}
			if !finished {
				result = <-done
			}
			if p, ok := model.AsProblems(result); !ok || p["plan"] == "" {
				t.Errorf("an action %s racing its plan's withdrawal: %v, want refused because the plan was withdrawn", write.name, result)
			}
			as, err := db.NAPActions(ctx, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(as) != 1 || as[0].Progress != 0 || as[0].Version != a.Version {
				t.Errorf("the plan's actions changed while it was being withdrawn: %+v", as)
			}
		})
	}
}
