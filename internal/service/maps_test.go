package service_test

import (
	"context"
	"errors"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestMapPlansAgreeWithStateOfPlay: the plans layer classes each State by
// the plan the state of play shows the same viewer (the latest readable
// plan, withdrawn ones aside), and a plan hidden from a viewer leaves the
// State in "no plan visible".
func TestMapPlansAgreeWithStateOfPlay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := napServices(t, db)
		sys := model.SystemViewer("test")
		pub := mkPlan(t, svc.NAPs, sys, "HRV", "Croatia published")
		if _, err := svc.NAPs.Adopt(ctx, sys, pub.ID, service.Given(model.NAPAdoption{Authority: "Government", Date: "2015-02-01"})); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.NAPs.Submit(ctx, sys, pub.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.NAPs.Publish(ctx, sys, pub.ID, nil); err != nil {
			t.Fatal(err)
		}
		mkPlan(t, svc.NAPs, sys, "SRB", "Serbia draft") // private
		old := mkPlan(t, svc.NAPs, sys, "ALB", "Albania older")
		if _, err := svc.NAPs.Adopt(ctx, sys, old.ID, service.Given(model.NAPAdoption{Authority: "Government", Date: "2015-02-01"})); err != nil {
			t.Fatal(err)
		}
		title, start, end := "Albania newer", "2020", "2024"
		if _, err := svc.NAPs.Create(ctx, sys, "ALB", model.NAPInput{Title: &title, PeriodStart: &start, PeriodEnd: &end}); err != nil {
			t.Fatal(err)
		}
		classOf := map[model.NAPStatus]int{model.NAPDraft: 1, model.NAPAdopted: 2, model.NAPSubmitted: 3, model.NAPPublished: 4}
		for name, v := range map[string]model.Viewer{"anonymous": model.Anonymous, "Serbia": viewer(t, "SRB", model.RoleViewer),
			"Albania": viewer(t, "ALB", model.RoleViewer), "Committee": viewer(t, "UNSC1540", model.RoleEditor), "system": sys} {
			d, err := svc.Maps.Data(ctx, v, "plans", "see")
			if err != nil {
				t.Fatal(err)
			}
			play, err := svc.NAPs.StateOfPlay(ctx, v, "SEE", "state", false)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int{}
			for _, r := range play.Rows {
				switch {
				case r.Plan != nil:
					want[r.State] = classOf[r.Plan.Status]
				case r.Draft != nil:
					want[r.State] = classOf[model.NAPDraft]
				}
			}
			total := 0
			for _, r := range d.Rows {
				if r.Class != want[r.State] {
					t.Errorf("%s: %s is in class %d on the map, %d in the state of play", name, r.State, r.Class, want[r.State])
				}
			}
			for _, c := range d.Classes {
				total += c.Count
			}
			if len(d.Rows) != 6 || total != 6 {
				t.Errorf("%s: %d rows, %d counted", name, len(d.Rows), total)
			}
		}
		// Serbia's draft: only Serbia (and the system) see it on the map.
		for name, v := range map[string]model.Viewer{"anonymous": model.Anonymous, "Croatia": viewer(t, "HRV", model.RoleCoordinator), "Committee": viewer(t, "UNSC1540", model.RoleCoordinator)} {
			d, _ := svc.Maps.Data(ctx, v, "plans", "SEE")
			for _, r := range d.Rows {
				if r.State == "SRB" && r.Class != 0 {
					t.Errorf("%s sees Serbia's private draft on the map (class %d)", name, r.Class)
				}
			}
		}
		d, _ := svc.Maps.Data(ctx, viewer(t, "SRB", model.RoleViewer), "plans", "SEE")
		for _, r := range d.Rows {
			if r.State == "SRB" && r.Class != 1 {
				t.Errorf("Serbia does not see its own draft (class %d): the check proves nothing", r.Class)
			}
		}
	})
}

// TestMapDataRefusesUnknown: an unknown layer or group is ErrNotFound
// that says which; the world has every State.
func TestMapDataRefusesUnknown(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	svc := napServices(t, db)
	ctx := context.Background()
	for _, tc := range []struct{ layer, group, what string }{{"practices", "", "layer"}, {"plans", "NOPE", "group"}, {"", "SEE", "layer"}} {
		_, err := svc.Maps.Data(ctx, model.Anonymous, tc.layer, tc.group)
		nf, ok := service.AsMapNotFound(err)
		if !ok || nf.What != tc.what || !errors.Is(err, model.ErrNotFound) {
			t.Errorf("Data(%q, %q) = %v", tc.layer, tc.group, err)
		}
	}
	d, err := svc.Maps.Data(ctx, model.Anonymous, "Coverage", "")
	if err != nil || d.Group != nil || len(d.Rows) != 195 || d.Classes[0].Count != 195 {
		t.Errorf("world coverage: %v, %d rows, classes %+v", err, len(d.Rows), d.Classes)
	}
}

// TestParticipationFollowsThePolicy: delegates at an event count only for
// those who may read the event.
func TestParticipationFollowsThePolicy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t)})
		hrv := viewer(t, "HRV", model.RoleCoordinator)
		for _, vis := range []string{"private", "public"} {
			ev, err := svc.Events.Create(ctx, hrv, model.EventInput{Kind: "workshop", Title: vis + " workshop", Start: "2031-03-02", End: "2031-03-03", TimeZone: "UTC", Visibility: vis})
			if err != nil {
				t.Fatal(err)
			}
			seats := 2
			if _, err := svc.Events.SetQuotas(ctx, hrv, ev.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &seats}})); err != nil {
				t.Fatal(err)
			}
			p, err := svc.Events.Nominate(ctx, hrv, ev.ID, service.Given(model.NominationInput{Org: "HRV", Name: "Delegate at the " + vis + " one"}))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Events.ChangeParticipant(ctx, hrv, ev.ID, p.ID, service.Given(model.ParticipantPatch{Status: "confirmed", Version: p.Version})); err != nil {
				t.Fatal(err)
			}
		}
		for name, tc := range map[string]struct {
			v    model.Viewer
			want int
		}{"owner": {hrv, 2}, "another State": {viewer(t, "SRB", model.RoleCoordinator), 1}, "anonymous": {model.Anonymous, 1}, "the Committee": {viewer(t, "UNSC1540", model.RoleCoordinator), 1}} {
			p, err := svc.Events.Participation(ctx, tc.v, "SEE")
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			for _, d := range p.Delegations {
				got += d.Total
			}
			if got != tc.want || len(p.Years) != 1 || p.Years[0] != 2031 {
				t.Errorf("%s: %d delegates in %v, want %d", name, got, p.Years, tc.want)
			}
			d, _ := svc.Maps.Data(ctx, tc.v, "events", "SEE")
			for _, r := range d.Rows {
				if r.State == "HRV" && r.Class != tc.want {
					t.Errorf("%s: Croatia invited to %q (class %d)", name, r.Detail, r.Class)
				}
			}
		}
		if _, err := svc.Events.Participation(ctx, hrv, "NOPE"); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("unknown group: %v", err)
		}
	})
}
