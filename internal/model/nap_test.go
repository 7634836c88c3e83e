package model

import (
	"strings"
	"testing"
)

// TestNAPWorkflow is the workflow table: every pair of statuses, allowed or
// not, and what submitting does in each status.
func TestNAPWorkflow(t *testing.T) {
	allowed := map[[2]NAPStatus]bool{
		{NAPDraft, NAPAdopted}: true, {NAPDraft, NAPWithdrawn}: true,
		{NAPAdopted, NAPSubmitted}: true, {NAPAdopted, NAPWithdrawn}: true,
		{NAPSubmitted, NAPPublished}: true, {NAPSubmitted, NAPWithdrawn}: true,
		{NAPPublished, NAPWithdrawn}: true,
	}
	for _, from := range NAPStatuses {
		for _, to := range NAPStatuses {
			want := allowed[[2]NAPStatus{from, to}]
			if got := from.CanMoveTo(to); got != want {
				t.Errorf("%s → %s: %v, want %v", from, to, got, want)
			}
			if msg := from.MoveProblem(to); (msg == "") != want {
				t.Errorf("%s → %s: problem %q", from, to, msg)
			}
		}
	}
	for _, tt := range []struct {
		from, to NAPStatus
		ok       bool
	}{
		{NAPDraft, NAPDraft, false}, {NAPAdopted, NAPSubmitted, true}, {NAPSubmitted, NAPSubmitted, true},
		{NAPPublished, NAPPublished, true}, {NAPWithdrawn, NAPWithdrawn, false},
	} {
		to, ok := tt.from.SubmitTo()
		if ok != tt.ok || (ok && to != tt.to) {
			t.Errorf("submit a %s plan: %s %v, want %s %v", tt.from, to, ok, tt.to, tt.ok)
		}
	}
	if NAPWithdrawn.Editable() || !NAPPublished.Editable() {
		t.Error("only a withdrawn plan is closed")
	}
}

func TestNAPInput(t *testing.T) {
	base := NAP{ID: 7, State: "HRV", Title: "Plan", PeriodStart: 2015, PeriodEnd: 2019, Status: NAPDraft, Version: 3}
	tests := []struct {
		name  string
		in    NAPInput
		isNew bool
		field string
	}{
		{"new needs a title and years", NAPInput{}, true, "title"},
		{"new needs years", NAPInput{Title: Ptr("x")}, true, "period_start"},
		{"reversed period", NAPInput{PeriodStart: Ptr("2019"), PeriodEnd: Ptr("2015")}, false, "period_end"},
		{"year out of range", NAPInput{PeriodStart: Ptr("1815")}, false, "period_start"},
		{"not a year", NAPInput{PeriodEnd: Ptr("soon")}, false, "period_end"},
		{"unknown type", NAPInput{Type: Ptr("wish-list")}, false, "type"},
		{"replaces itself", NAPInput{Replaces: Ptr("7")}, false, "replaces"},
		{"unknown section", NAPInput{Sections: map[string]string{"NAP-00": "x"}}, false, "sections"},
		{"status jump", NAPInput{Status: Ptr("published")}, false, "status"},
		{"unknown status", NAPInput{Status: Ptr("archived")}, false, "status"},
		{"fine", NAPInput{Title: Ptr(" New title "), Status: Ptr("withdrawn"), Sections: map[string]string{"NAP-02": "text"}}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := base
			if tt.isNew {
				b = NAP{}
			}
			out, p := tt.in.Apply(b, tt.isNew)
			if tt.field == "" {
				if len(p) > 0 {
					t.Fatalf("problems %v", p)
				}
				if out.Title != "New title" || out.Status != NAPWithdrawn || out.Sections["NAP-02"] != "text" || out.PeriodStart != 2015 {
					t.Errorf("applied: %+v", out)
				}
				return
			}
			if p[tt.field] == "" {
				t.Errorf("problems %v, want one for %s", p, tt.field)
			}
		})
	}
}

func TestNAPActionInput(t *testing.T) {
	known := func(id string) bool { return strings.HasPrefix(id, "OP") && !strings.Contains(id, "ZZ") }
	base := NAPAction{ID: 1, Title: "x", Status: ActionPlanned, Due: MustDate("2019-12-31"), Start: MustDate("2018-01-01")}
	tests := []struct {
		name  string
		in    NAPActionInput
		isNew bool
		field string
	}{
		{"new needs a title", NAPActionInput{Due: Ptr("2019-01-01")}, true, "title"},
		{"new needs a due date", NAPActionInput{Title: Ptr("x")}, true, "due"},
		{"bad date", NAPActionInput{Due: Ptr("31/12/2019")}, false, "due"},
		{"due before start", NAPActionInput{Due: Ptr("2017-12-31")}, false, "due"},
		{"start after due", NAPActionInput{Start: Ptr("2020-01-01")}, false, "due"},
		{"progress over", NAPActionInput{Progress: Ptr("101")}, false, "progress"},
		{"progress under", NAPActionInput{Progress: Ptr("-1")}, false, "progress"},
		{"progress not a number", NAPActionInput{Progress: Ptr("half")}, false, "progress"},
		{"unknown status", NAPActionInput{Status: Ptr("done")}, false, "status"},
		{"unknown element", NAPActionInput{Elements: &[]string{"OP1-01", "OPZZ-1"}}, false, "elements"},
		{"unknown section", NAPActionInput{Section: Ptr("NAP-99")}, false, "section"},
		{"unknown priority", NAPActionInput{Priority: Ptr("urgent")}, false, "priority"},
		{"fine", NAPActionInput{Progress: Ptr("45%"), Status: Ptr("in-progress"), Elements: &[]string{"OP1-01", "OP1-01", " OP2-NW-01.LF "}}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := base
			if tt.isNew {
				b = NAPAction{}
			}
			out, p := tt.in.Apply(b, tt.isNew, known)
			if tt.field == "" {
				if len(p) > 0 {
					t.Fatalf("problems %v", p)
				}
				if out.Progress != 45 || out.Status != ActionInProgress || strings.Join(out.Elements, ",") != "OP1-01,OP2-NW-01.LF" {
					t.Errorf("applied: %+v", out)
				}
				return
			}
			if p[tt.field] == "" {
				t.Errorf("problems %v, want one for %s", p, tt.field)
			}
		})
	}
	a, _ := NAPActionInput{Title: Ptr("x"), Due: Ptr("2020-01-01")}.Apply(NAPAction{}, true, known)
	if a.Status != ActionPlanned || a.Progress != 0 {
		t.Errorf("a new action starts planned at 0%%: %+v", a)
	}
	today := MustDate("2020-01-01")
	for _, tt := range []struct {
		s    ActionStatus
		due  string
		want bool
	}{{ActionPlanned, "2019-12-31", true}, {ActionDelayed, "2019-12-31", true}, {ActionCompleted, "2019-12-31", false},
		{ActionCancelled, "2019-12-31", false}, {ActionInProgress, "2020-01-01", false}} {
		if got := (NAPAction{Status: tt.s, Due: MustDate(tt.due)}).Overdue(today); got != tt.want {
			t.Errorf("%s due %s overdue: %v", tt.s, tt.due, got)
		}
	}
}

func TestDiffSnapshots(t *testing.T) {
	from := NAPSnapshot{Plan: NAPSnapshotPlan{ID: 1, Title: "Plan", PeriodStart: 2015, PeriodEnd: 2019, Status: "submitted",
		Sections: map[string]string{"NAP-02": "line one\nline two", "NAP-08": "outreach"}},
		Actions: []NAPSnapshotAction{{ID: 10, Title: "Law", Status: "planned", Due: "2016-01-01"}, {ID: 11, Title: "Training", Status: "planned"}, {ID: 12, Title: "Same"}}}
	to := NAPSnapshot{Plan: NAPSnapshotPlan{ID: 1, Title: "Plan", PeriodStart: 2015, PeriodEnd: 2020, Status: "submitted",
		Sections: map[string]string{"NAP-02": "line one\nline 2", "NAP-03": "baseline"}},
		Actions: []NAPSnapshotAction{{ID: 10, Title: "Law", Status: "completed", Progress: 100, Due: "2016-01-01"}, {ID: 12, Title: "Same"}, {ID: 13, Title: "New"}}}
	d := DiffSnapshots("1", from, "2", to)
	if len(d.Plan) != 1 || d.Plan[0].Field != "period" || d.Plan[0].After != "2015–2020" {
		t.Errorf("plan changes %+v", d.Plan)
	}
	kinds := map[string]string{}
	for _, s := range d.Sections {
		kinds[s.Code] = s.Kind
	}
	if kinds["NAP-02"] != Changed || kinds["NAP-03"] != Added || kinds["NAP-08"] != Removed {
		t.Errorf("sections %+v", kinds)
	}
	if lines := d.Sections[0].Change.Lines; len(lines) != 3 || lines[0].Op != " " || lines[1].Op != "-" || lines[2].Op != "+" {
		t.Errorf("line diff %+v", lines)
	}
	added, removed, changed := d.Count()
	if added != 1 || removed != 1 || changed != 1 || d.Same != 1 {
		t.Errorf("actions +%d -%d ~%d =%d", added, removed, changed, d.Same)
	}
	for _, a := range d.Actions {
		if a.Kind == Changed && (a.Title != "Law" || len(a.Fields) != 2) {
			t.Errorf("changed action %+v", a)
		}
	}
	// Across plans: paired by the action each continues.
	next := NAPSnapshot{Plan: NAPSnapshotPlan{ID: 2, Title: "Plan 2"}, Actions: []NAPSnapshotAction{{ID: 20, OriginID: 11, Title: "Training, renamed", Status: "planned"}}}
	d = DiffSnapshots("old", from, "new", next)
	if _, removed, changed := d.Count(); changed != 1 || removed != 2 || d.Actions[0].Matched != "revision" {
		t.Errorf("revision pairing %+v", d.Actions)
	}
}

// TestWorkflowByType: a plan that goes to the Committee is submitted
// before it is published; a State's own document is published after its
// adoption and never submitted.
func TestWorkflowByType(t *testing.T) {
	for _, tt := range []struct {
		typ                string
		status             NAPStatus
		to                 NAPStatus
		want, submit, gone bool
	}{
		{NAPType1540, NAPAdopted, NAPPublished, false, true, true},
		{NAPTypeCBRN, NAPAdopted, NAPPublished, false, true, true},
		{NAPTypeCBRN, NAPSubmitted, NAPPublished, true, true, true},
		{NAPTypeSALW, NAPAdopted, NAPPublished, true, false, false},
		{NAPTypeOther, NAPDraft, NAPPublished, false, false, false},
		{NAPTypeOther, NAPAdopted, NAPSubmitted, false, false, false},
	} {
		n := NAP{Type: tt.typ, Status: tt.status}
		if got := n.CanMoveTo(tt.to); got != tt.want {
			t.Errorf("%s %s → %s: %v, want %v", tt.typ, tt.status, tt.to, got, tt.want)
		}
		if got := n.MoveProblem(tt.to) == ""; got != tt.want {
			t.Errorf("%s %s → %s: problem %q", tt.typ, tt.status, tt.to, n.MoveProblem(tt.to))
		}
		if _, ok := n.SubmitTo(); ok != tt.submit {
			t.Errorf("%s %s may be submitted: %v, want %v", tt.typ, tt.status, ok, tt.submit)
		}
		if got := NAPGoesToCommittee(tt.typ); got != tt.gone {
			t.Errorf("%s goes to the Committee: %v", tt.typ, got)
		}
	}
	for _, tt := range []struct {
		n    NAP
		want bool
	}{
		{NAP{Type: NAPType1540, Status: NAPDraft}, true},
		{NAP{Type: NAPType1540, Status: NAPWithdrawn}, false},
		{NAP{Type: NAPTypeCBRN, Status: NAPAdopted}, false},
		{NAP{Type: NAPTypeCBRN, Status: NAPSubmitted}, true},
		{NAP{Type: NAPTypeCBRN, Status: NAPPublished}, true},
		{NAP{Type: NAPTypeSALW, Status: NAPPublished}, false},
		{NAP{Type: NAPTypeOther, Status: NAPPublished}, false},
	} {
		if got := tt.n.Counts1540(); got != tt.want {
			t.Errorf("%s %s counts as a 1540 plan: %v, want %v", tt.n.Type, tt.n.Status, got, tt.want)
		}
	}
}
