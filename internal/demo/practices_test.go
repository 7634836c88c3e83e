package demo_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestDemoPractices: practices in every review state, all illustrative,
// the seed workshop's lessons among them, and the public finds the
// published ones by searching (in English and in French) but not the
// others.
func TestDemoPractices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }})
		ctx := context.Background()
		if _, err := demo.Seed(ctx, svc, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		ps, err := svc.Practices.List(ctx, model.SystemViewer("test"), model.PracticeFilter{})
		if err != nil {
			t.Fatal(err)
		}
		statuses, fromLessons := map[model.PracticeStatus]int{}, 0
		for _, p := range ps {
			statuses[p.Status]++
			if !p.Illustrative {
				t.Errorf("%q is not marked illustrative", p.Title)
			}
			if p.SourceLesson != 0 {
				fromLessons++
			}
		}
		for _, s := range model.PracticeStatuses {
			if statuses[s] == 0 {
				t.Errorf("no demo practice is %s", s)
			}
		}
		if fromLessons < 2 {
			t.Errorf("%d of the workshop's lessons became practices, want 2", fromLessons)
		}
		for q, want := range map[string]int{"brokering": 1, "brokers licence": 1, "délais": 0, "autorité": 0, "working group": 1} {
			res, err := svc.Search.Find(ctx, model.Viewer{}, model.SearchQuery{Q: q, Kind: model.SearchPractice})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total < want || (want == 0 && res.Total != 0) {
				t.Errorf("the public searching %q finds %d practices, want %d", q, res.Total, want)
			}
		}
		// The verified French lesson is found by the Committee's experts, by
		// its stem.
		expert := svc.Accounts.ViewerOf(model.Account{ID: 1, Org: "UNSC1540", Role: model.RoleEditor})
		res, err := svc.Search.Find(ctx, expert, model.SearchQuery{Q: "exporter", Kind: model.SearchPractice})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 0 {
			t.Errorf("the Committee does not find the verified French practice by its stem")
		}
		// The demo's open programmes are found by the public (assistance in
		// the one search).
		res, err = svc.Search.Find(ctx, model.Viewer{}, model.SearchQuery{Q: "laboratory", Kind: model.SearchProgramme})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 0 {
			t.Errorf("the public does not find the demo's chemical laboratory programme")
		}
	})
}
