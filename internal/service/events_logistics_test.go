package service_test

import (
	"context"
	"fmt"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestParticipantsFigureGenderBalance: once gender is recorded, the
// participants figure gives the balance where recorded — and withholds
// it while fewer than 5 answers would let one be inferred.
func TestParticipantsFigureGenderBalance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		id := f.event(func(in *model.EventInput) { in.Visibility = "public" })
		if err := f.quotas(id, q("HRV", 4), q("SRB", 4)); err != nil {
			t.Fatal(err)
		}
		org := f.as("RACVIAC", model.RoleCoordinator)
		if _, err := f.svc.Events.SetNominationFields(ctx, org, id, service.Given(model.NominationFieldsInput{Fields: []model.NominationFieldSetting{{Field: model.FieldGender}}})); err != nil {
			t.Fatal(err)
		}
		nominate := func(org, name string, g model.Gender) {
			in := model.NominationInput{Name: name}
			if g != "" {
				in.Details = &model.NominationDetails{Gender: g}
			}
			p, err := f.svc.Events.Nominate(ctx, f.as(org, model.RoleCoordinator), id, service.Given(in))
			if err != nil {
				t.Fatalf("nominate %s: %v", name, err)
			}
			if _, err := f.svc.Events.ChangeParticipant(ctx, f.as("RACVIAC", model.RoleCoordinator), id, p.ID,
				service.Given(model.ParticipantPatch{Status: "confirmed", Version: p.Version})); err != nil {
				t.Fatal(err)
			}
		}
		figure := func() service.Figure {
			figs, err := f.svc.Figures.Compute(ctx, system, service.FigureQuery{From: model.MustDate("2017-01-01"), To: model.MustDate("2017-12-31")}, "events.participants")
			if err != nil {
				t.Fatal(err)
			}
			return figs[0]
		}
		nominate("HRV", "A One", model.GenderWoman)
		nominate("HRV", "B Two", model.GenderMan)
		nominate("SRB", "C Three", model.GenderWoman)
		nominate("SRB", "D Four", model.GenderNotSaid)
		nominate("SRB", "E Five", "")
		f.eventClock.set("2017-10-01T10:00:00Z")
		if fig := figure(); fig.Value != 5 || fig.Items != nil {
			t.Errorf("3 recorded genders: value %d, items %+v (want 5, withheld)", fig.Value, fig.Items)
		}
		f.eventClock.set("2017-08-01T10:00:00Z")
		nominate("HRV", "F Six", model.GenderAnother)
		nominate("HRV", "G Seven", model.GenderWoman)
		f.eventClock.set("2017-10-01T10:00:00Z")
		fig := figure()
		got := map[string]int{}
		for _, it := range fig.Items {
			got[it.Key] = it.Value
		}
		if fig.Value != 7 || fmt.Sprint(got) != "map[another:1 man:1 not-recorded:2 woman:3]" {
			t.Errorf("the balance: value %d, items %v", fig.Value, got)
		}
	})
}

// TestBulkConfirmAllOrNothing (service): a waitlisted delegate is
// confirmed with a seat granted, one declined among them refuses all.
func TestBulkConfirmAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		id := f.event()
		if err := f.quotas(id, q("HRV", 1)); err != nil {
			t.Fatal(err)
		}
		hrv, org := f.as("HRV", model.RoleCoordinator), f.as("RACVIAC", model.RoleCoordinator)
		a, err := f.svc.Events.Nominate(ctx, hrv, id, service.Given(model.NominationInput{Name: "Seat Holder"}))
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.svc.Events.Nominate(ctx, hrv, id, service.Given(model.NominationInput{Name: "Waiting One"}))
		if err != nil || b.Status != model.StatusWaitlisted {
			t.Fatalf("%v %s", err, b.Status)
		}
		c, err := f.svc.Events.Nominate(ctx, hrv, id, service.Given(model.NominationInput{Name: "Declined One"}))
		if err != nil {
			t.Fatal(err)
		}
		c, err = f.svc.Events.ChangeParticipant(ctx, org, id, c.ID, service.Given(model.ParticipantPatch{Status: "declined", Version: c.Version}))
		if err != nil {
			t.Fatal(err)
		}
		items := []model.BulkConfirmItem{{ID: a.ID, Version: a.Version}, {ID: b.ID, Version: b.Version}, {ID: c.ID, Version: c.Version}}
		_, err = f.svc.Events.ConfirmNominations(ctx, org, id, service.Given(model.BulkConfirmInput{Items: items}))
		if p, ok := model.AsProblems(err); !ok || p["items[2].status"] == "" {
			t.Fatalf("a declined delegate among them: %v, want a problem on items[2].status", err)
		}
		if st := f.state(id); st["Seat Holder"][:9] != "nominated" {
			t.Errorf("a refused bulk confirmation changed someone: %v", st)
		}
		if _, err := f.svc.Events.ConfirmNominations(ctx, hrv, id, service.Given(model.BulkConfirmInput{Items: items[:2]})); err == nil {
			t.Error("a delegation confirmed its own delegates")
		}
		got, err := f.svc.Events.ConfirmNominations(ctx, org, id, service.Given(model.BulkConfirmInput{Items: items[:2]}))
		if err != nil || len(got) != 2 || got[1].Status != model.StatusConfirmed || got[1].Seat != model.SeatOrganiser {
			t.Fatalf("confirm two: %v %+v", err, got)
		}
	})
}
