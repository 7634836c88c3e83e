package service_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// people are the viewers of the matrix tests, by name.
func people(t testing.TB, svc *service.Services) map[string]model.Viewer {
	t.Helper()
	mk := func(id int64, org string, role model.Role) model.Viewer {
		return svc.Accounts.ViewerOf(model.Account{ID: id, Email: string(role) + "@" + org + ".example.org", Org: org, Role: role})
	}
	return map[string]model.Viewer{
		"anonymous":             model.Anonymous,
		"HRV viewer":            mk(1, "HRV", model.RoleViewer),
		"HRV editor":            mk(2, "HRV", model.RoleEditor),
		"HRV coordinator":       mk(3, "HRV", model.RoleCoordinator),
		"SRB coordinator":       mk(4, "SRB", model.RoleCoordinator),
		"expert":                mk(5, "UNSC1540", model.RoleEditor),
		"committee coordinator": mk(6, "UNSC1540", model.RoleCoordinator),
		"committee viewer":      mk(7, "UNSC1540", model.RoleViewer),
		"UNODA coordinator":     mk(8, "UNODA", model.RoleCoordinator),
		"IAEA editor":           mk(9, "IAEA", model.RoleEditor),
	}
}

func matrixServices(t testing.TB, db *store.DB) *service.Services {
	return service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t)})
}

// outcome names what an error means to a client.
func outcome(err error) string {
	var ce *model.ConflictError
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, model.ErrNotFound):
		return "404"
	case errors.Is(err, model.ErrForbidden):
		return "403"
	case errors.Is(err, model.ErrUnauthenticated):
		return "401"
	case errors.As(err, &ce), errors.Is(err, model.ErrConflict):
		return "409"
	}
	if _, ok := model.AsProblems(err); ok {
		return "422"
	}
	return err.Error()
}

// TestMatrixReviewWorkflow walks Croatia's matrix through two editions,
// step by step, with who may and may not take each step and what the
// edition's status is after it.
func TestMatrixReviewWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := matrixServices(t, db)
		mx := svc.Matrix
		who := people(t, svc)
		cell := func(id, status string, version int64) func(v model.Viewer) error {
			return func(v model.Viewer) error {
				_, err := mx.SetCell(ctx, v, "HRV", service.Given(model.MatrixCellInput{FieldID: id, Status: status, Reference: "Law " + id, Version: version}))
				return err
			}
		}
		send := func(v model.Viewer) error {
			_, err := mx.Send(ctx, v, "HRV", service.Given(model.ReviewInput{}))
			return err
		}
		agree := func(v model.Viewer) error {
			_, err := mx.Agree(ctx, v, "HRV", service.Given(model.ReviewInput{}))
			return err
		}
		changes := func(note string) func(v model.Viewer) error {
			return func(v model.Viewer) error {
				_, err := mx.RequestChanges(ctx, v, "HRV", service.Given(model.ReviewInput{Note: note}))
				return err
			}
		}
		approve := func(v model.Viewer) error {
			_, err := mx.Approve(ctx, v, "HRV", service.Given(model.ReviewInput{}))
			return err
		}
		comment := func(v model.Viewer) error {
			_, err := mx.Comment(ctx, v, "HRV", "OP1-07", service.Given(model.CommentInput{Body: "Please cite the 2016 amendment."}))
			return err
		}
		steps := []struct {
			who, what string
			do        func(model.Viewer) error
			want      string
			status    string // the newest edition the State's viewer reads, after the step: "1 draft", ...
		}{
			{"HRV coordinator", "a State edits its own matrix", cell("OP1-07", "X", 0), "403", ""},
			{"HRV editor", "a State editor edits", cell("OP1-07", "X", 0), "403", ""},
			{"SRB coordinator", "another State edits", cell("OP1-07", "X", 0), "404", ""},
			{"anonymous", "an anonymous visitor edits", cell("OP1-07", "X", 0), "404", ""},
			{"IAEA editor", "an international organisation edits", cell("OP1-07", "X", 0), "404", ""},
			{"UNODA coordinator", "the secretariat edits", cell("OP1-07", "X", 0), "403", ""},
			{"committee viewer", "a Committee viewer edits", cell("OP1-07", "X", 0), "403", ""},
			{"expert", "unknown field", cell("OP9-99", "X", 0), "422", ""},
			{"expert", "unknown status", cell("OP1-07", "Y", 0), "422", ""},
			{"expert", "first edit opens edition 1", cell("OP1-07", "X", 0), "ok", "1 draft"},
			{"expert", "stale version", cell("OP1-07", "?", 0), "409", "1 draft"},
			{"expert", "second cell", cell("OP2-NW-01.LF", "?", 0), "ok", "1 draft"},
			{"HRV coordinator", "agree to a draft", agree, "409", "1 draft"},
			{"committee coordinator", "approve a draft", approve, "409", "1 draft"},
			{"HRV coordinator", "a State sends", send, "403", "1 draft"},
			{"HRV coordinator", "comment on a draft", comment, "409", "1 draft"},
			{"expert", "send", send, "ok", "1 with-state"},
			{"expert", "send again", send, "409", "1 with-state"},
			{"expert", "edit while with the State", cell("OP1-08", "X", 0), "409", "1 with-state"},
			{"committee coordinator", "approve before the State agreed", approve, "409", "1 with-state"},
			{"HRV editor", "a State editor agrees", agree, "403", "1 with-state"},
			{"SRB coordinator", "another State agrees", agree, "404", "1 with-state"},
			{"expert", "an expert agrees for the State", agree, "403", "1 with-state"},
			{"HRV coordinator", "comment", comment, "ok", "1 with-state"},
			{"expert", "the expert answers", comment, "ok", "1 with-state"},
			{"SRB coordinator", "another State comments", comment, "404", "1 with-state"},
			{"HRV coordinator", "ask for changes without saying which", changes(""), "422", "1 with-state"},
			{"HRV coordinator", "ask for changes", changes("OP1-07: cite the amendment"), "ok", "1 draft"},
			{"expert", "edit again", cell("OP1-07", "?", 1), "ok", "1 draft"},
			{"expert", "send again", send, "ok", "1 with-state"},
			{"HRV coordinator", "agree", agree, "ok", "1 with-state"},
			{"HRV coordinator", "agree twice", agree, "409", "1 with-state"},
			{"expert", "an expert (editor) approves", approve, "403", "1 with-state"},
			{"UNODA coordinator", "the secretariat approves", approve, "403", "1 with-state"},
			{"committee coordinator", "approve", approve, "ok", "1 approved"},
			{"committee coordinator", "approve again", approve, "409", "1 approved"},
			{"HRV coordinator", "a State edits the approved matrix", cell("OP1-08", "X", 0), "403", "1 approved"},
			{"anonymous", "an anonymous visitor edits the approved matrix", cell("OP1-08", "X", 0), "401", "1 approved"},
			{"expert", "a first edit opens edition 2 from edition 1", cell("OP1-08", "NA", 0), "ok", "2 draft"},
			{"expert", "the copied cell keeps its version", cell("OP1-07", "X", 2), "ok", "2 draft"},
			{"expert", "send edition 2", send, "ok", "2 with-state"},
			{"HRV coordinator", "agree to edition 2", agree, "ok", "2 with-state"},
			{"committee coordinator", "approve edition 2", approve, "ok", "2 approved"},
		}
		for i, st := range steps {
			got := outcome(st.do(who[st.who]))
			if got != st.want {
				t.Fatalf("step %d, %s (%s): %s, want %s", i+1, st.what, st.who, got, st.want)
			}
			now := ""
			if mv, err := mx.Latest(ctx, who["HRV viewer"], "HRV"); err == nil {
				now = fmt.Sprintf("%d %s", mv.Edition.Number, mv.Edition.Status)
			} else if !errors.Is(err, model.ErrNotFound) {
				t.Fatal(err)
			}
			if now != st.status {
				t.Fatalf("after step %d (%s): the newest edition is %q, want %q", i+1, st.what, now, st.status)
			}
		}
		// The public reads edition 2; edition 1 is superseded; both are listed.
		eds, err := mx.Editions(ctx, model.Anonymous, "HRV")
		if err != nil || len(eds) != 2 || eds[0].Status != model.EditionApproved || eds[1].Status != model.EditionSuperseded {
			t.Fatalf("editions for the public: %+v %v", eds, err)
		}
		mv, err := mx.Latest(ctx, model.Anonymous, "HRV")
		if err != nil {
			t.Fatal(err)
		}
		if c := mv.Cells["OP1-07"]; c.Status != model.CellX || c.Version != 3 || c.UpdatedBy != "" || c.UpdatedByOrg != "UNSC1540" {
			t.Errorf("OP1-07 for the public: %+v (who is hidden, the organisation shown)", c)
		}
		if c := mv.Cells["OP1-08"]; c.Status != model.CellNA || c.Version != 1 {
			t.Errorf("OP1-08: %+v", c)
		}
		if c := mv.Cells["OP1-09"]; c.Version != 0 || c.Status != model.CellNone {
			t.Errorf("a never-edited cell: %+v", c)
		}
		if len(mv.Events) != 0 || len(mv.Comments) != 0 {
			t.Errorf("the public sees the review steps or comments: %v %v", mv.Events, mv.Comments)
		}
		// The State sees the review of edition 1 and the comments on it.
		ed1, err := mx.Edition(ctx, who["HRV viewer"], "HRV", 1)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range ed1.Events {
			actions = append(actions, e.Action)
		}
		if fmt.Sprint(actions) != "[opened sent changes-requested sent agreed approved superseded]" || ed1.Comments["OP1-07"] != 2 {
			t.Errorf("edition 1's review: %v, comments %v", actions, ed1.Comments)
		}
		// History: the State sees every change; the public the published values.
		full, err := mx.History(ctx, who["HRV viewer"], "HRV", "OP1-07")
		if err != nil || len(full) != 3 || full[0].UpdatedBy == "" {
			t.Errorf("full history: %+v %v", full, err)
		}
		pub, err := mx.History(ctx, model.Anonymous, "HRV", "OP1-07")
		if err != nil || len(pub) != 2 || pub[0].Edition != 1 || pub[1].Edition != 2 || pub[0].UpdatedBy != "" {
			t.Errorf("public history: %+v %v", pub, err)
		}
		// Every change is in the audit log.
		entries, err := db.AuditEntries(ctx, model.AuditFilter{Action: "matrix.", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) < 15 {
			t.Errorf("%d matrix audit entries", len(entries))
		}
	})
}

// TestMatrixConcurrentCellEdits: many experts save the same cell from
// the same version at once; exactly one wins and every other gets a
// conflict carrying the cell as it is now — on a State without any
// edition (the edits race to open the draft) and on an open draft.
func TestMatrixConcurrentCellEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := matrixServices(t, db)
		expert := people(t, svc)["expert"]
		race := func(t *testing.T, state string, version int64) {
			const n = 6
			errs := make([]error, n)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, errs[i] = svc.Matrix.SetCell(ctx, expert, state, service.Given(model.MatrixCellInput{FieldID: "OP3d-NW-09.LF", Status: "X",
						Reference: fmt.Sprintf("writer %d of race %d", i, version), Version: version}))
				}()
			}
			close(start)
			wg.Wait()
			wins := 0
			for _, err := range errs {
				var ce *model.ConflictError
				switch {
				case err == nil:
					wins++
				case errors.As(err, &ce):
				default:
					t.Errorf("a writer got %v, want a conflict", err)
				}
			}
			if wins != 1 {
				t.Errorf("%d writers won, want exactly 1", wins)
			}
			mv, err := svc.Matrix.Latest(ctx, expert, state)
			if err != nil || mv.Cells["OP3d-NW-09.LF"].Version != version+1 {
				t.Errorf("after the race: %+v %v", mv.Cells["OP3d-NW-09.LF"], err)
			}
		}
		t.Run("opening the draft", func(t *testing.T) { race(t, "MNE", 0) })
		t.Run("in the draft", func(t *testing.T) { race(t, "MNE", 1) })
	})
}

// TestMatrixCoverageAndGaps: coverage counted in SQL for a group agrees
// with the cells, a State with only a draft looks like a State without a
// matrix to whoever may not read drafts, and gaps are the fields without
// a measure.
func TestMatrixCoverageAndGaps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := matrixServices(t, db)
		who := people(t, svc)
		sys := model.SystemViewer("test")
		mx := svc.Matrix
		// Serbia: an approved edition; Montenegro: only a draft.
		var cells []model.MatrixCell
		for i, f := range mx.Taxonomy().Fields {
			switch i % 4 {
			case 0:
				cells = append(cells, model.MatrixCell{FieldID: f.ID, Status: model.CellX})
			case 1:
				cells = append(cells, model.MatrixCell{FieldID: f.ID, Status: model.CellQ})
			case 2:
				if i%8 == 2 {
					cells = append(cells, model.MatrixCell{FieldID: f.ID, Status: model.CellNA})
				}
			}
		}
		if err := svc.Demo.MatrixEditions(ctx, sys, "SRB", []service.IllustrativeEdition{{Status: model.EditionApproved, Cells: cells}}); err != nil {
			t.Fatal(err)
		}
		if err := svc.Demo.MatrixEditions(ctx, sys, "MNE", []service.IllustrativeEdition{{Status: model.EditionDraft, Cells: cells[:50]}}); err != nil {
			t.Fatal(err)
		}
		for name, v := range map[string]model.Viewer{"anonymous": model.Anonymous, "SRB coordinator": who["SRB coordinator"], "expert": who["expert"]} {
			_, cov, err := mx.GroupCoverage(ctx, v, "SEE")
			if err != nil {
				t.Fatal(err)
			}
			if len(cov) != 6 {
				t.Fatalf("%s: %d States of SEE", name, len(cov))
			}
			for _, c := range cov {
				switch c.State {
				case "SRB":
					mv, err := mx.Latest(ctx, v, "SRB")
					if err != nil {
						t.Fatal(err)
					}
					want := mv.Coverage(mx)
					if fmt.Sprint(c.Sections) != fmt.Sprint(want.Sections) || c.Total != want.Total {
						t.Errorf("%s: SQL coverage %+v differs from the cells' %+v", name, c.Total, want.Total)
					}
					if c.Total.Total != 323 || c.Total.X+c.Total.Q+c.Total.NA+c.Total.None != 323 || c.Total.X != 81 {
						t.Errorf("SRB totals: %+v", c.Total)
					}
				case "MNE":
					if name == "expert" != c.Has() {
						t.Errorf("%s sees Montenegro's draft in the coverage: %v (edition %d)", name, c.Has(), c.Edition)
					}
					if !c.Has() && (c.Total != service.Counts{} || len(c.Sections) != 0) {
						t.Errorf("%s: counts of an unreadable draft: %+v", name, c)
					}
				default:
					if c.Has() {
						t.Errorf("%s has coverage without a matrix", c.State)
					}
				}
			}
		}
		if _, _, err := mx.GroupCoverage(ctx, model.Anonymous, "NOPE"); outcome(err) != "422" {
			t.Errorf("unknown group: %v", err)
		}
		// Gaps: no information or "?", by section and weapon type.
		_, groups, err := mx.Gaps(ctx, model.Anonymous, "SRB", 0)
		if err != nil {
			t.Fatal(err)
		}
		gaps, fields := 0, 0
		for _, g := range groups {
			gaps += len(g.Gaps)
			fields += g.Fields
			for _, x := range g.Gaps {
				if x.Cell.Status == model.CellX || x.Cell.Status == model.CellNA {
					t.Errorf("gap %s has status %s", x.Field.ID, x.Cell.Status)
				}
			}
		}
		if fields != 323 || gaps != 323-81-41 {
			t.Errorf("gaps: %d of %d fields", gaps, fields)
		}
		if len(groups) != 1+3*3 {
			t.Errorf("%d gap groups, want OP 1 plus three sections by three weapon types", len(groups))
		}
		if _, _, err := mx.Gaps(ctx, model.Anonymous, "MNE", 0); outcome(err) != "404" {
			t.Errorf("gaps of a draft for the public: %v", err)
		}
	})
}

// TestMatrixDiff: the difference between two editions lists exactly the
// fields that changed.
func TestMatrixDiff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := matrixServices(t, db)
		mx := svc.Matrix
		err := svc.Demo.MatrixEditions(ctx, model.SystemViewer("test"), "ALB", []service.IllustrativeEdition{
			{Status: model.EditionApproved, Cells: []model.MatrixCell{{FieldID: "OP1-01", Status: model.CellX}, {FieldID: "OP1-02", Status: model.CellQ}}},
			{Status: model.EditionApproved, Cells: []model.MatrixCell{{FieldID: "OP1-02", Status: model.CellX}, {FieldID: "OP2-CW-03.EN", Remarks: "new remark"}}},
			{Status: model.EditionDraft, Cells: []model.MatrixCell{{FieldID: "OP1-03", Status: model.CellX}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		_, _, lines, err := mx.Diff(ctx, model.Anonymous, "ALB", 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != 2 || lines[0].Field.ID != "OP1-02" || !lines[0].StatusChanged || lines[1].Field.ID != "OP2-CW-03.EN" || lines[1].StatusChanged {
			t.Errorf("diff 1→2: %+v", lines)
		}
		if _, _, _, err := mx.Diff(ctx, model.Anonymous, "ALB", 2, 3); outcome(err) != "404" {
			t.Errorf("diff with a draft for the public: %v", err)
		}
		expert := people(t, svc)["expert"]
		if _, _, lines, err := mx.Diff(ctx, expert, "ALB", 2, 3); err != nil || len(lines) != 1 {
			t.Errorf("diff 2→3 for an expert: %v %v", lines, err)
		}
	})
}

// TestMatrixCellInputs: every problem of a cell names its field.
func TestMatrixCellInputs(t *testing.T) {
	known := func(id string) bool { return id == "OP1-01" }
	long := make([]byte, model.MaxCellText+1)
	for i := range long {
		long[i] = 'a'
	}
	for name, tc := range map[string]struct {
		in    model.MatrixCellInput
		field string
	}{
		"unknown field":  {model.MatrixCellInput{FieldID: "OP1-99", Status: "X"}, "field_id"},
		"bad status":     {model.MatrixCellInput{FieldID: "OP1-01", Status: "x"}, "status"},
		"NONE is not":    {model.MatrixCellInput{FieldID: "OP1-01", Status: "NONE"}, "status"},
		"long reference": {model.MatrixCellInput{FieldID: "OP1-01", Reference: string(long)}, "reference"},
		"control chars":  {model.MatrixCellInput{FieldID: "OP1-01", Remarks: "a\x00b"}, "remarks"},
		"negative ver":   {model.MatrixCellInput{FieldID: "OP1-01", Version: -1}, "version"},
	} {
		if _, p := tc.in.Validate(known); p[tc.field] == "" {
			t.Errorf("%s: problems %v lack %s", name, p, tc.field)
		}
	}
	for _, s := range []string{"X", "?", "NA", ""} {
		if _, p := (model.MatrixCellInput{FieldID: "OP1-01", Status: s}).Validate(known); len(p) != 0 {
			t.Errorf("status %q refused: %v", s, p)
		}
	}
}
