package service_test

import (
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
)

// TestMatrixLayout: the taxonomy lays out as the Committee's matrix —
// the OP 1 table with one YES column, then OP 2, OP 3 (a) and (b), OP 3
// (c) and (d), each split into NW, CW and BW tables whose every element
// has exactly one LF and one EN field; sheet names fit XLSX; every field
// lands in exactly one table cell.
func TestMatrixLayout(t *testing.T) {
	svc := service.New(service.Deps{Catalog: storetest.Catalog(t)})
	secs := svc.Matrix.Sections()
	keys := ""
	for _, s := range secs {
		keys += s.Key + " "
		if len(s.Sheet) > 31 || s.Sheet == "" {
			t.Errorf("sheet name %q", s.Sheet)
		}
		if (s.Key == "OP1") == s.HasWeapons() {
			t.Errorf("%s: weapons %v", s.Key, s.Weapons)
		}
		if s.HasWeapons() && len(s.Weapons) != 3 {
			t.Errorf("%s: weapons %v", s.Key, s.Weapons)
		}
	}
	if keys != "OP1 OP2 OP3ab OP3cd " {
		t.Errorf("sections %q", keys)
	}
	tables := service.Grid(secs, map[string]model.MatrixCell{}, service.GridFilter{})
	if len(tables) != 1+3*3 {
		t.Fatalf("%d tables", len(tables))
	}
	seen := map[string]int{}
	for _, tb := range tables {
		for _, g := range tb.Groups {
			for _, r := range g.Rows {
				if len(r.Cells) != len(tb.Columns) {
					t.Errorf("%s: %d cells for columns %v", r.Element, len(r.Cells), tb.Columns)
				}
				for i, c := range r.Cells {
					seen[c.Field.ID]++
					if c.Field.Column != tb.Columns[i] || c.Field.Element != r.Element || c.Cell.FieldID != c.Field.ID {
						t.Errorf("%s in column %s of row %s", c.Field.ID, tb.Columns[i], r.Element)
					}
					if tb.Weapon != "" && c.Field.Weapon != tb.Weapon {
						t.Errorf("%s in the %s table", c.Field.ID, tb.Weapon)
					}
				}
			}
		}
	}
	for _, f := range svc.Matrix.Taxonomy().Fields {
		if seen[f.ID] != 1 {
			t.Errorf("%s appears %d times in the grid", f.ID, seen[f.ID])
		}
		if f.Verified != (service.WordingLabel(f) == "verified wording") {
			t.Errorf("%s: wording %q", f.ID, service.WordingLabel(f))
		}
	}
	// Filters keep what they say.
	for _, tc := range []struct {
		f    service.GridFilter
		rows int
	}{
		{service.GridFilter{Section: "OP1"}, 17},
		{service.GridFilter{Weapon: "BW"}, (72 + 78 + 156) / 2 / 3},
		{service.GridFilter{Wording: "verified"}, 10},
		{service.GridFilter{Q: "brokering"}, 2 * 3},
		{service.GridFilter{Q: "op3d-nw-17"}, 1},
		{service.GridFilter{Status: "x"}, 0},
		{service.GridFilter{Status: "none"}, 17 + (72+78+156)/2},
	} {
		n := 0
		for _, tb := range service.Grid(secs, map[string]model.MatrixCell{}, tc.f) {
			n += tb.Rows()
		}
		if n != tc.rows {
			t.Errorf("%+v: %d rows, want %d", tc.f, n, tc.rows)
		}
	}
	if p := (service.GridFilter{Section: "OP9", Weapon: "RW", Status: "maybe", Wording: "official"}).Problems(secs); len(p) != 4 {
		t.Errorf("filter problems: %v", p)
	}
}
