package service_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/webtest"
)

// TestProfileDelegatesFollowThePolicy: a State's profile lists, per event,
// the State's delegates exactly as the event's own page shows them to the
// same reader (two code paths, one policy), on the demo. The controls: the
// State's coordinator (Montenegro: one confirmed, one nominated) and the organiser see its delegates, and a
// reader outside both sees fewer than the organiser.
func TestProfileDelegatesFollowThePolicy(t *testing.T) {
	webtest.EachDemoDB(t, time.Now(), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := matrixServices(t, db)
		if _, err := demo.Seed(ctx, svc, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		p := people(t, svc)
		p["MNE coordinator"] = svc.Accounts.ViewerOf(model.Account{ID: 11, Email: "coordinator@mne.example.org", Org: "MNE", Role: model.RoleCoordinator})
		p["RACVIAC organiser"] = svc.Accounts.ViewerOf(model.Account{ID: 10, Email: "coordinator@racviac.example.org", Org: "RACVIAC", Role: model.RoleCoordinator})
		total := map[string]int{}
		for who, v := range p {
			prof, err := svc.Regional.Profile(ctx, v, "mne")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range prof.Events {
				ev, err := svc.Events.Get(ctx, v, e.ID)
				if err != nil {
					t.Fatalf("%s: event %d listed on the profile but not readable: %v", who, e.ID, err)
				}
				var want, got []string
				for _, d := range ev.Participants {
					if d.Org == "MNE" && d.Status.Active() {
						want = append(want, d.Name)
					}
				}
				for _, d := range prof.Delegates[e.ID] {
					got = append(got, d.Name)
				}
				slices.Sort(want)
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("%s, event %d: the profile shows %v, the event's page %v", who, e.ID, got, want)
				}
				total[who] += len(got)
			}
			for id := range prof.Delegates {
				if !slices.ContainsFunc(prof.Events, func(e model.Event) bool { return e.ID == id }) {
					t.Errorf("%s: delegates of event %d, which the profile does not list", who, id)
				}
			}
		}
		if total["MNE coordinator"] == 0 || total["RACVIAC organiser"] == 0 {
			t.Fatalf("control: Montenegro's coordinator sees %d delegates, the organiser %d", total["MNE coordinator"], total["RACVIAC organiser"])
		}
		if total["IAEA editor"] >= total["RACVIAC organiser"] && total["anonymous"] >= total["RACVIAC organiser"] {
			t.Errorf("control: a reader outside the event sees as many delegates as the organiser: %v", total)
		}
		t.Logf("delegates seen: %v", total)
	})
}
