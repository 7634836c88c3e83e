package demo_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestDemoMatrices: the demo gives the SEE States and their neighbours
// illustrative matrices in every stage of the review, and the public sees
// only approved editions.
func TestDemoMatrices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t)})
		note, err := demo.Seed(ctx, svc, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(note.Lines, "\n"), "/matrix") {
			t.Error("the demo note does not point to the matrices")
		}
		sys := model.SystemViewer("test")
		stages := map[model.EditionStatus]int{}
		agreed := 0
		for _, s := range []string{"ALB", "BIH", "HRV", "MKD", "MNE", "SRB", "GRC", "ROU", "TUR", "MDA", "UKR", "BGR", "HUN", "SVN"} {
			eds, err := svc.Matrix.Editions(ctx, sys, s)
			if err != nil || len(eds) == 0 {
				t.Fatalf("%s: %d editions, %v", s, len(eds), err)
			}
			for _, e := range eds {
				stages[e.Status]++
				if !e.Illustrative {
					t.Errorf("%s edition %d is not marked illustrative", s, e.Number)
				}
				if e.Agreed {
					agreed++
				}
			}
			pub, err := svc.Matrix.Latest(ctx, model.Anonymous, s)
			if err != nil || !pub.Edition.Status.Published() {
				t.Errorf("%s: the public reads %+v, %v", s, pub.Edition, err)
			}
		}
		for _, st := range model.EditionStatuses {
			if stages[st] == 0 {
				t.Errorf("no demo edition is %s: %v", st, stages)
			}
		}
		if agreed != 1 {
			t.Errorf("%d agreed editions, want Serbia's", agreed)
		}
		_, cov, err := svc.Matrix.GroupCoverage(ctx, model.Anonymous, "SEE")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cov {
			if !c.Has() || c.Total.X == 0 || c.Total.X == c.Total.Total {
				t.Errorf("SEE coverage of %s: %+v", c.State, c.Total)
			}
		}
		// A second run adds nothing.
		if _, err := demo.Seed(ctx, svc, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		if eds, _ := svc.Matrix.Editions(ctx, sys, "HRV"); len(eds) != 3 {
			t.Errorf("Croatia has %d editions after a second run", len(eds))
		}
	})
}
