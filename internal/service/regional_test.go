package service_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestRankCommonGaps: the rule on fixed cases — more than half of the
// members with a matrix lack the field (no X, not NA); at least two
// matrices; the most widely missing first, ties in the matrix's order.
func TestRankCommonGaps(t *testing.T) {
	fields := []refdata.Field{{ID: "F1"}, {ID: "F2"}, {ID: "F3"}, {ID: "F4"}}
	has := func(fs ...string) map[string]bool {
		m := map[string]bool{}
		for _, f := range fs {
			m[f] = true
		}
		return m
	}
	type gap struct {
		Field   string
		Missing int
		States  []string
	}
	for _, tc := range []struct {
		name     string
		states   []string
		measured map[string]map[string]bool
		want     []gap
	}{
		{"one matrix is no common gap", []string{"A"}, map[string]map[string]bool{"A": has()}, nil},
		{"no matrix", nil, nil, nil},
		{"two of three lack F2 and F4, all lack F3", []string{"A", "B", "C"},
			map[string]map[string]bool{"A": has("F1", "F2"), "B": has("F1", "F4"), "C": has("F1")},
			[]gap{{"F3", 3, []string{"A", "B", "C"}}, {"F2", 2, []string{"B", "C"}}, {"F4", 2, []string{"A", "C"}}}},
		{"exactly half is not most", []string{"A", "B"},
			map[string]map[string]bool{"A": has("F1", "F2", "F3"), "B": has("F1", "F4")},
			nil},
		{"the order of the members is kept", []string{"C", "A", "B"},
			map[string]map[string]bool{"A": has("F1", "F2", "F3", "F4"), "B": has(), "C": has("F4")},
			[]gap{{"F1", 2, []string{"C", "B"}}, {"F2", 2, []string{"C", "B"}}, {"F3", 2, []string{"C", "B"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []gap
			for _, g := range service.RankCommonGaps(fields, tc.states, tc.measured) {
				got = append(got, gap{g.Field.ID, g.Missing, g.States})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestDashboardFollowsThePolicy: draft matrices (Committee level) make
// common gaps for the Committee's expert and for no one else: the public
// sees no matrix and no gap, and an unknown group is ErrNotFound.
func TestDashboardFollowsThePolicy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := matrixServices(t, db)
		sys := model.SystemViewer("test")
		fields := svc.Matrix.Taxonomy().Fields
		// Croatia and Serbia record the first field; Albania records the
		// first two. The second field is a gap of two of three.
		for state, n := range map[string]int{"HRV": 1, "SRB": 1, "ALB": 2} {
			for _, f := range fields[:n] {
				if _, err := svc.Matrix.SetCell(ctx, sys, state, service.Given(model.MatrixCellInput{FieldID: f.ID, Status: "X"})); err != nil {
					t.Fatal(err)
				}
			}
		}
		p := people(t, svc)
		d, err := svc.Regional.Dashboard(ctx, p["expert"], "see")
		if err != nil {
			t.Fatal(err)
		}
		if d.Group.Code != "SEE" || len(d.Members) != 6 || d.Matrices != 3 {
			t.Fatalf("expert: group %s, %d members, %d matrices", d.Group.Code, len(d.Members), d.Matrices)
		}
		if d.CommonGapsTotal != len(fields)-1 {
			t.Errorf("expert: %d common gaps, want %d", d.CommonGapsTotal, len(fields)-1)
		}
		first := d.CommonGaps[0]
		if first.Field.ID != fields[2].ID || first.Missing != 3 {
			t.Errorf("expert: first gap %s missing %d, want %s missing 3", first.Field.ID, first.Missing, fields[2].ID)
		}
		// The field two of three lack ranks after every field all three
		// lack: none of the listed gaps is it, and each lacks three.
		if len(d.CommonGaps) != service.MaxCommonGaps {
			t.Errorf("expert: %d gaps listed, want %d", len(d.CommonGaps), service.MaxCommonGaps)
		}
		for _, g := range d.CommonGaps {
			if g.Field.ID == fields[0].ID || g.Field.ID == fields[1].ID || g.Missing != 3 || len(g.States) != 3 {
				t.Errorf("expert: gap %s missing %d %v", g.Field.ID, g.Missing, g.States)
			}
		}
		for _, who := range []string{"anonymous", "IAEA editor"} {
			d, err := svc.Regional.Dashboard(ctx, p[who], "SEE")
			if err != nil {
				t.Fatal(err)
			}
			if d.Matrices != 0 || d.CommonGapsTotal != 0 || len(d.CommonGaps) != 0 {
				t.Errorf("%s: %d matrices, %d common gaps from drafts it may not read", who, d.Matrices, d.CommonGapsTotal)
			}
		}
		if _, err := svc.Regional.Dashboard(ctx, model.Anonymous, "XYZ"); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("unknown group: %v", err)
		}
	})
}
