package service_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

var fixedNow = func() time.Time { return time.Date(2018, 6, 15, 12, 0, 0, 0, time.UTC) }

func napServices(t testing.TB, db *store.DB) *service.Services {
	t.Helper()
	return service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: fixedNow})
}

func viewer(t testing.TB, org string, role model.Role) model.Viewer {
	t.Helper()
	cat := storetest.Catalog(t)
	o, ok := cat.Org(org)
	if !ok {
		t.Fatalf("no org %s", org)
	}
	v := model.Viewer{Account: &model.Account{ID: 1, Email: strings.ToLower(string(role) + "@" + org + ".example.org"), Org: org, Role: role}, OrgKind: o.Kind}
	for _, m := range cat.GroupsOf(org) {
		v.Groups = append(v.Groups, m.Group.Code)
	}
	return v
}

func mkPlan(t *testing.T, s *service.NAPs, v model.Viewer, state, title string) service.NAPView {
	t.Helper()
	n, err := s.Create(context.Background(), v, state, model.NAPInput{Title: &title, PeriodStart: model.Ptr("2015"), PeriodEnd: model.Ptr("2019")})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mkAction(t *testing.T, s *service.NAPs, v model.Viewer, napID int64, title, due string, elements ...string) model.NAPAction {
	t.Helper()
	a, err := s.CreateAction(context.Background(), v, napID, service.Given(model.NAPActionInput{Title: &title, Due: &due, Elements: &elements}))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestProposeAction is the contract the matrix's gap analysis relies on.
func TestProposeAction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := napServices(t, db).NAPs
		ed := viewer(t, "HRV", model.RoleEditor)
		_, err := s.ProposeAction(ctx, ed, "HRV", "OP3d-NW-09.LF", "")
		if p, ok := model.AsProblems(err); !ok || p["plan"] == "" {
			t.Fatalf("no draft: %v", err)
		}
		old := mkPlan(t, s, ed, "HRV", "Older draft")
		newer := mkPlan(t, s, ed, "HRV", "Newer draft")
		a, err := s.ProposeAction(ctx, ed, "HRV", "OP3d-NW-09.LF", "")
		if err != nil {
			t.Fatal(err)
		}
		if a.NAPID != newer.ID || a.Status != model.ActionPlanned || strings.Join(a.Elements, ",") != "OP3d-NW-09.LF" || a.Due.String() != "2019-12-31" {
			t.Errorf("proposed %+v (older plan %d, newer %d)", a, old.ID, newer.ID)
		}
		if !strings.Contains(a.Title, "OP3d-NW-09.LF") {
			t.Errorf("default title %q", a.Title)
		}
		entries, _ := db.AuditEntries(ctx, model.AuditFilter{Action: "nap.action.create"})
		if len(entries) == 0 || !strings.Contains(entries[0].Summary, "OP3d-NW-09.LF") {
			t.Errorf("not audited: %+v", entries)
		}
		for _, tt := range []struct {
			who   model.Viewer
			state string
			field string
			want  string
		}{
			{viewer(t, "HRV", model.RoleViewer), "HRV", "OP1-01", "plan"},
			{viewer(t, "SRB", model.RoleCoordinator), "HRV", "OP1-01", "plan"},
			{viewer(t, "UNSC1540", model.RoleEditor), "HRV", "OP1-01", "plan"},
			{ed, "HRV", "OP9-XX", "elements"},
			{ed, "XXX", "OP1-01", "state"},
		} {
			_, err := s.ProposeAction(ctx, tt.who, tt.state, tt.field, "Close the gap")
			if p, ok := model.AsProblems(err); !ok || p[tt.want] == "" {
				t.Errorf("%s proposes for %s %s: %v, want a problem with %s", tt.who.Label(), tt.state, tt.field, err, tt.want)
			}
		}
	})
}

// TestActionContract: events' follow-up actions read a NAP action and its
// plan; ErrNotFound when the viewer may not read the plan.
func TestActionContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := napServices(t, db).NAPs
		ed := viewer(t, "HRV", model.RoleEditor)
		n := mkPlan(t, s, ed, "HRV", "Plan")
		a := mkAction(t, s, ed, n.ID, "Train customs", "2017-01-01")
		got, plan, err := s.Action(ctx, ed, a.ID)
		if err != nil || got.ID != a.ID || plan.ID != n.ID {
			t.Fatalf("Action: %+v %+v %v", got, plan, err)
		}
		for _, v := range []model.Viewer{viewer(t, "SRB", model.RoleCoordinator), viewer(t, "UNSC1540", model.RoleEditor), model.Anonymous} {
			if _, _, err := s.Action(ctx, v, a.ID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s: %v, want not found", v.Label(), err)
			}
		}
		if _, _, err := s.Action(ctx, ed, a.ID+1000); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("missing action: %v", err)
		}
	})
}

// TestRollupsCountOnlyWhatViewerReads: roll-ups over many plans leave out
// what the viewer may not read, and add up as the issue says.
func TestRollupsCountOnlyWhatViewerReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := napServices(t, db).NAPs
		hrv, srb := viewer(t, "HRV", model.RoleCoordinator), viewer(t, "SRB", model.RoleCoordinator)
		hp := mkPlan(t, s, hrv, "HRV", "Croatian draft")
		mkAction(t, s, hrv, hp.ID, "Hidden", "2017-01-01", "OP1-01")
		sp := mkPlan(t, s, srb, "SRB", "Serbian plan")
		a1 := mkAction(t, s, srb, sp.ID, "Done", "2016-01-01", "OP3d-NW-01.LF", "OP3c-CW-01.LF")
		a2 := mkAction(t, s, srb, sp.ID, "Half", "2017-01-01", "OP3d-CW-01.LF")
		a3 := mkAction(t, s, srb, sp.ID, "Cancelled", "2017-01-01")
		mkAction(t, s, srb, sp.ID, "Later", "2019-01-01")
		for _, u := range []struct {
			a        model.NAPAction
			status   string
			progress string
		}{{a1, "completed", "100"}, {a2, "in-progress", "50"}, {a3, "cancelled", "0"}} {
			if _, err := s.UpdateAction(ctx, srb, sp.ID, u.a.ID, service.Given(model.NAPActionInput{Status: &u.status, Progress: &u.progress, Version: u.a.Version})); err != nil {
				t.Fatal(err)
			}
		}
		ctxPlans, total, err := s.Rollups(ctx, srb, model.NAPFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ctxPlans) != 1 || total.Actions != 4 {
			t.Fatalf("SRB sees %d plans and %d actions, want 1 and 4", len(ctxPlans), total.Actions)
		}
		// (1 + 0.5 + 0) / 3 counted actions = 50%; overdue on 2018-06-15: "Half" only.
		if total.Percent != 50 || total.Overdue != 1 || total.Counted != 3 {
			t.Errorf("roll-up %+v", total)
		}
		areas := map[string]int{}
		for _, c := range total.ByArea {
			areas[c.Key] = c.Actions
		}
		if areas["OP3d"] != 2 || areas["OP3c"] != 1 || areas["none"] != 2 {
			t.Errorf("by area %v", areas)
		}
		weapons := map[string]int{}
		for _, c := range total.ByWeapon {
			weapons[c.Key] = c.Actions
		}
		if weapons["NW"] != 1 || weapons["CW"] != 2 {
			t.Errorf("by weapon %v", weapons)
		}
		_, total, _ = s.Rollups(ctx, viewer(t, "UNSC1540", model.RoleEditor), model.NAPFilter{})
		if total.Actions != 0 {
			t.Errorf("the Committee counts %d actions of drafts", total.Actions)
		}
		_, total, _ = s.Rollups(ctx, hrv, model.NAPFilter{})
		if total.Actions != 1 {
			t.Errorf("HRV counts %d actions, want its own 1", total.Actions)
		}
		// The state of play shows the plan in force (issue 18, item 5):
		// Serbia's plan once adopted (it stays Serbia's own), Croatia's draft
		// never for Serbia.
		if _, err := s.Adopt(ctx, srb, sp.ID, service.Given(model.NAPAdoption{Authority: "Government of Serbia", Date: "2016-01-15"})); err != nil {
			t.Fatal(err)
		}
		sp2, err := s.StateOfPlay(ctx, srb, "SEE", "progress", true)
		if err != nil {
			t.Fatal(err)
		}
		if sp2.WithPlan != 1 || sp2.Rows[0].State != "SRB" || sp2.Rows[0].Percent != 50 || sp2.Rows[0].Overdue != 1 {
			t.Errorf("state of play for SRB: %+v", sp2.Rows[0])
		}
		for _, row := range sp2.Rows {
			if row.State == "HRV" && (row.Plan != nil || row.Draft != nil) {
				t.Error("SRB's state of play shows Croatia's draft")
			}
		}
	})
}

func TestCompleteness(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := napServices(t, db).NAPs
		n := model.NAP{Title: "P", PeriodStart: 2015, PeriodEnd: 2019, Sections: map[string]string{
			"NAP-02": strings.Repeat("A working group of nine ministries meets monthly. ", 5), "NAP-08": "Industry days."}}
		checks := s.Completeness(n, nil, 0)
		level := map[string]string{}
		for _, c := range checks {
			level[c.Section.Code] = c.Level
			if c.Reason == "" {
				t.Errorf("%s has no reason", c.Section.Code)
			}
		}
		want := map[string]string{"NAP-01": service.ElementThin, "NAP-02": service.ElementPresent, "NAP-05": service.ElementMissing,
			"NAP-08": service.ElementThin, "NAP-09": service.ElementMissing, "NAP-12": service.ElementMissing}
		for k, v := range want {
			if level[k] != v {
				t.Errorf("%s: %s, want %s", k, level[k], v)
			}
		}
		n.Authority, n.AdoptedOn = "Government", model.MustDate("2015-03-01")
		actions := []model.NAPAction{
			{Title: "a", Lead: "MFA", IndicatorTarget: "law", Elements: []string{"OP1-01"}, AssistanceNeeded: true, Status: model.ActionInProgress, Progress: 20},
			{Title: "b", Lead: "MoI", IndicatorTarget: "x", Status: model.ActionPlanned},
			{Title: "c", Lead: "Customs", IndicatorTarget: "y", Status: model.ActionPlanned},
		}
		for _, c := range s.Completeness(n, actions, 2) {
			level[c.Section.Code] = c.Level
		}
		want = map[string]string{"NAP-01": service.ElementPresent, "NAP-03": service.ElementThin, "NAP-05": service.ElementPresent,
			"NAP-07": service.ElementThin, "NAP-12": service.ElementPresent}
		for k, v := range want {
			if level[k] != v {
				t.Errorf("with actions, %s: %s, want %s", k, level[k], v)
			}
		}
	})
}

// exportedPlan is a plan with actions, exported.
func exportedPlan(t *testing.T, s *service.NAPs, v model.Viewer) (service.NAPView, []byte) {
	t.Helper()
	n := mkPlan(t, s, v, "HRV", "Round trip")
	if _, err := s.Update(context.Background(), v, n.ID, service.Given(model.NAPInput{Sections: map[string]string{"NAP-02": "Line one\n\nLine two, with ünïcode and \"quotes\"", "NAP-11": "=not a formula"}, Version: n.Version})); err != nil {
		t.Fatal(err)
	}
	for i, title := range []string{"Amend the law", "Train customs officers", "=SUM(A1) is a title, not a formula"} {
		due := []string{"2016-03-31", "2017-12-31", "2019-06-30"}[i]
		a := mkAction(t, s, v, n.ID, title, due, "OP3d-NW-01.LF", "OP1-01")
		if _, err := s.UpdateAction(context.Background(), v, n.ID, a.ID, service.Given(model.NAPActionInput{Supporting: &[]string{"Customs", "Police; border"},
			IndicatorTarget: model.Ptr("target " + title), Start: model.Ptr("2015-01-01"), AssistanceNeeded: model.Ptr(i == 1), Version: a.Version})); err != nil {
			t.Fatal(err)
		}
	}
	b, _, err := s.ExportXLSX(context.Background(), v, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n, b
}

// TestXLSXRoundTrip: a plan exported and imported unchanged changes
// nothing; a changed workbook applies exactly the changes, all or nothing.
func TestXLSXRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := napServices(t, db).NAPs
		v := viewer(t, "HRV", model.RoleEditor)
		n, b := exportedPlan(t, s, v)
		wb, err := service.ParseWorkbook(b)
		if err != nil {
			t.Fatal(err)
		}
		pv, err := s.PreviewImport(ctx, v, n.ID, wb, true)
		if err != nil {
			t.Fatal(err)
		}
		if !pv.Diff.Empty() {
			t.Fatalf("an unchanged round trip changes %+v", pv.Diff)
		}
		// Change one action, add one, drop one, change a section.
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("actions")
		_ = f.SetCellValue("actions", "C2", "completed")
		_ = f.SetCellValue("actions", "D2", 100)
		_ = f.RemoveRow("actions", 4)
		_ = f.SetSheetRow("actions", "A4", &[]any{"", "A new action", "planned", 0, "", "2018-12-31", "NAP-08", "high", "OP2-NW-01.LF"})
		_ = f.SetCellValue("sections", "C4", "Baseline from the 2016 matrix.")
		var buf bytes.Buffer
		_ = f.Write(&buf)
		wb, err = service.ParseWorkbook(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		pv, err = s.PreviewImport(ctx, v, n.ID, wb, true)
		if err != nil {
			t.Fatal(err)
		}
		pv2, err := s.PreviewImport(ctx, v, n.ID, wb, true) // a second preview of the same file
		if err != nil {
			t.Fatal(err)
		}
		added, removed, changed := pv.Diff.Count()
		if added != 1 || removed != 1 || changed != 1 || len(pv.Diff.Sections) != 1 {
			t.Fatalf("preview +%d -%d ~%d sections %d (rows %d)", added, removed, changed, len(pv.Diff.Sections), len(rows))
		}
		if _, err := s.ApplyImport(ctx, v, n.ID, pv.Token); err != nil {
			t.Fatal(err)
		}
		actions, _ := s.Actions(ctx, v, n.ID)
		if len(actions) != 3 {
			t.Fatalf("after import: %d actions", len(actions))
		}
		titles := []string{}
		for _, a := range actions {
			titles = append(titles, a.Title)
			if a.Title == "Amend the law" && (a.Status != model.ActionCompleted || a.Progress != 100 || len(a.Supporting) != 3) {
				t.Errorf("changed action %+v", a)
			}
		}
		if strings.Contains(strings.Join(titles, "|"), "=SUM") || !strings.Contains(strings.Join(titles, "|"), "A new action") {
			t.Errorf("titles after import %v", titles)
		}
		// The same preview again: applied once only.
		if _, err := s.ApplyImport(ctx, v, n.ID, pv.Token); err == nil || !strings.Contains(err.Error(), "no longer available") {
			t.Errorf("the same preview again: %v", err)
		}
		// The second preview: the plan changed since.
		if _, err := s.ApplyImport(ctx, v, n.ID, pv2.Token); !errors.Is(err, model.ErrConflict) {
			t.Errorf("stale apply: %v", err)
		}
		// A row with a bad value: nothing at all is applied.
		f2, _ := excelize.OpenReader(bytes.NewReader(b))
		_ = f2.SetCellValue("plan", "B4", "Renamed by a bad import")
		_ = f2.SetSheetRow("actions", "A5", &[]any{"", "Bad", "planned", 250, "", "2018-13-45"})
		buf.Reset()
		_ = f2.Write(&buf)
		wb, _ = service.ParseWorkbook(buf.Bytes())
		_, err = s.PreviewImport(ctx, v, n.ID, wb, false)
		p, ok := model.AsProblems(err)
		if !ok || !strings.Contains(p["actions row 5"], "progress") {
			t.Errorf("bad row: %v", err)
		}
		cur, _ := s.Get(ctx, v, n.ID)
		if cur.Title != "Round trip" {
			t.Errorf("a refused import changed the title to %q", cur.Title)
		}
		// A viewer may not import; another State does not see the plan.
		if _, err := s.PreviewImport(ctx, viewer(t, "HRV", model.RoleViewer), n.ID, wb, false); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("viewer import: %v", err)
		}
		if _, err := s.PreviewImport(ctx, viewer(t, "SRB", model.RoleEditor), n.ID, wb, false); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("outsider import: %v", err)
		}
	})
}

func zipOf(t testing.TB, parts map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(b)
	}
	_ = zw.Close()
	return buf.Bytes()
}

// TestHostileWorkbooks: each is refused with a message saying why.
func TestHostileWorkbooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := napServices(t, db).NAPs
		_, good := exportedPlan(t, s, viewer(t, "HRV", model.RoleEditor))
		formula := func() []byte {
			f, _ := excelize.OpenReader(bytes.NewReader(good))
			_ = f.SetCellFormula("actions", "D2", "=1+1")
			var b bytes.Buffer
			_ = f.Write(&b)
			return b.Bytes()
		}()
		extra := func() []byte {
			f, _ := excelize.OpenReader(bytes.NewReader(good))
			_, _ = f.NewSheet("macros")
			var b bytes.Buffer
			_ = f.Write(&b)
			return b.Bytes()
		}()
		unknownCol := func() []byte {
			f, _ := excelize.OpenReader(bytes.NewReader(good))
			_ = f.SetCellValue("actions", "T1", "budget")
			var b bytes.Buffer
			_ = f.Write(&b)
			return b.Bytes()
		}()
		tests := []struct {
			name string
			data []byte
			want string
		}{
			{"not a zip", []byte("PK\x03\x04 but not really"), "not an XLSX"},
			{"empty", nil, "not an XLSX"},
			{"too large", bytes.Repeat([]byte("x"), service.ImportMaxBytes+1), "larger than"},
			{"zip bomb (size)", zipOf(t, map[string][]byte{"xl/worksheets/sheet1.xml": make([]byte, 40<<20)}), "unpacks to more than"},
			{"zip bomb (ratio)", zipOf(t, map[string][]byte{"xl/worksheets/sheet1.xml": make([]byte, 8<<20)}), "zip bomb"},
			{"a zip, not a workbook", zipOf(t, map[string][]byte{"hello.txt": []byte("hi")}), "not a readable XLSX"},
			{"formulas", formula, "holds a formula"},
			{"extra sheet", extra, "macros"},
			{"unknown column", unknownCol, "budget"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := service.ParseWorkbook(tt.data)
				var bad *service.ErrBadWorkbook
				if !errors.As(err, &bad) || !strings.Contains(bad.Reason, tt.want) {
					t.Errorf("got %v, want a refusal mentioning %q", err, tt.want)
				}
			})
		}
	})
}

// FuzzParseWorkbook: no input makes the importer panic, hang or grow
// without bound; it returns a workbook or a refusal.
func FuzzParseWorkbook(f *testing.F) {
	s := napServices(f, storetest.Open(f, storetest.SQLite)).NAPs
	v := viewer(f, "HRV", model.RoleEditor)
	title := "Seed"
	n, err := s.Create(context.Background(), v, "HRV", model.NAPInput{Title: &title, PeriodStart: model.Ptr("2015"), PeriodEnd: model.Ptr("2019")})
	if err != nil {
		f.Fatal(err)
	}
	due := "2016-01-01"
	if _, err := s.CreateAction(context.Background(), v, n.ID, service.Given(model.NAPActionInput{Title: &title, Due: &due})); err != nil {
		f.Fatal(err)
	}
	good, _, err := s.ExportXLSX(context.Background(), v, n.ID)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Add(zipOf(f, map[string][]byte{"xl/worksheets/sheet1.xml": []byte(`<worksheet><sheetData><row><c><f>1+1</f></c></row></sheetData></worksheet>`)}))
	f.Add(zipOf(f, map[string][]byte{"[Content_Types].xml": []byte(`<Types/>`), "xl/workbook.xml": []byte(`<workbook><sheets><sheet name="plan"/></sheets></workbook>`)}))
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := service.ParseWorkbook(data)
		if err != nil {
			var bad *service.ErrBadWorkbook
			if !errors.As(err, &bad) {
				t.Fatalf("an error that is not a refusal: %v", err)
			}
			return
		}
		if len(wb.Actions) > 2000 {
			t.Fatalf("%d actions read", len(wb.Actions))
		}
	})
}

// --- benchmarks ---

func memberStates(t testing.TB, cat *refdata.Catalog) []string {
	var out []string
	for _, s := range cat.States {
		if s.Status == "member" {
			out = append(out, s.Code)
		}
	}
	return out
}

// BenchmarkRollups: roll-ups of every plan the Committee may read, over
// 193 plans × 100 actions, against 6 plans × 100 actions (the SEE States)
// in the same database, on SQLite. Report ns/op and allocations; compare
// the two as a ratio.
func BenchmarkRollups(b *testing.B) {
	db := storetest.Open(b, storetest.SQLite)
	cat := storetest.Catalog(b)
	storetest.BulkNAPs(b, db, memberStates(b, cat), 100)
	s := napServices(b, db).NAPs
	v := viewer(b, "UNSC1540", model.RoleEditor)
	for _, bc := range []struct {
		name string
		f    model.NAPFilter
	}{{"plans=6", model.NAPFilter{States: cat.Members("SEE")}}, {"plans=193", model.NAPFilter{}}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				plans, total, err := s.Rollups(context.Background(), v, bc.f)
				if err != nil {
					b.Fatal(err)
				}
				if total.Actions != len(plans)*100 {
					b.Fatalf("%d actions over %d plans", total.Actions, len(plans))
				}
			}
		})
	}
}
