package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// adopted makes a 1540 plan of state adopted on day (the State's own
// statement).
func adopted(t *testing.T, s *service.NAPs, v model.Viewer, state, title, day string) service.NAPView {
	t.Helper()
	n := mkPlan(t, s, v, state, title)
	n, err := s.Adopt(context.Background(), v, n.ID, service.Given(model.NAPAdoption{Authority: "the Government", Date: day}))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func step(day, source string) service.Input[model.StepDate] {
	return service.Given(model.StepDate{Date: day, Source: model.Source{Title: source}})
}

func problemField(err error) string {
	p, ok := model.AsProblems(err)
	if !ok {
		return ""
	}
	var out []string
	for k := range p {
		out = append(out, k)
	}
	return strings.Join(out, ",")
}

// TestRecordedSteps: a plan's submission and publication recorded from
// the past need their source and keep the bounds (not in the future, not
// before the resolution, the State's UN membership, the adoption or the
// previous submission); the recorded date is what the plan answers and
// what the audit log calls recorded history, apart from the day it was
// typed in.
func TestRecordedSteps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := napServices(t, db) // today: 2018-06-15
		s := svc.NAPs
		srb := viewer(t, "SRB", model.RoleCoordinator)
		mne := viewer(t, "MNE", model.RoleCoordinator)
		plan := adopted(t, s, srb, "SRB", "NAP of Serbia", "2012-04-10")
		for _, tc := range []struct {
			name, day, source, field string
		}{
			{"future", "2018-06-16", "a note verbale", "date"},
			{"past without a source", "2012-06-11", "", "source"},
			{"before the resolution", "2004-01-10", "a note verbale", "date"},
			{"before the adoption", "2012-03-01", "a note verbale", "date"},
			{"not a date", "11 June 2012", "a note verbale", "date"},
		} {
			_, _, err := s.Submit(ctx, srb, plan.ID, step(tc.day, tc.source))
			if got := problemField(err); !strings.Contains(got, tc.field) {
				t.Errorf("%s: %v, want a problem with %s", tc.name, err, tc.field)
			}
		}
		if subs, err := s.Submissions(ctx, srb, plan.ID); err != nil || len(subs) != 0 {
			t.Fatalf("refused submissions were saved: %d, %v", len(subs), err)
		}
		// Montenegro joined the UN on 28 June 2006.
		mp := adopted(t, s, mne, "MNE", "NAP of Montenegro", "2006-07-01")
		if _, err := s.Adopt(ctx, mne, mkPlan(t, s, mne, "MNE", "early").ID, service.Given(model.NAPAdoption{Authority: "G", Date: "2006-01-10"})); !strings.Contains(problemField(err), "date") {
			t.Errorf("an adoption before the UN membership: %v", err)
		}
		if _, _, err := s.Submit(ctx, mne, mp.ID, step("2006-07-01", "the Committee's list")); err != nil {
			t.Errorf("a submission on the day after membership and adoption: %v", err)
		}

		v, sub, err := s.Submit(ctx, srb, plan.ID, step("2012-06-11", "Note verbale of the Permanent Mission, 11 June 2012"))
		if err != nil {
			t.Fatal(err)
		}
		if sub.SubmittedOn.String() != "2012-06-11" || v.SubmittedOn.String() != "2012-06-11" {
			t.Errorf("submitted on %s (plan: %s), want 2012-06-11", sub.SubmittedOn, v.SubmittedOn)
		}
		if sub.SubmittedAt.Format("2006-01-02") != "2018-06-15" {
			t.Errorf("typed in %s, want the day it was typed in", sub.SubmittedAt)
		}
		if _, _, err := s.Submit(ctx, srb, plan.ID, step("2012-05-01", "a later note")); !strings.Contains(problemField(err), "date") {
			t.Errorf("a second submission before the first: %v", err)
		}
		if _, err := s.Publish(ctx, srb, plan.ID, step("2012-07-01", "")); problemField(err) != "source" {
			t.Errorf("a back-dated publication without a source: %v", err)
		}
		if _, err := s.Publish(ctx, srb, plan.ID, step("2012-06-01", "the Committee's page")); !strings.Contains(problemField(err), "date") {
			t.Errorf("a publication before the submission: %v", err)
		}
		pub, err := s.Publish(ctx, srb, plan.ID, step("2012-07-02", "the Committee's page"))
		if err != nil || pub.PublishedOn.String() != "2012-07-02" {
			t.Fatalf("publish: %v, %s", err, pub.PublishedOn)
		}
		// The plan read back, its provenance and the audit log.
		n, err := s.Get(ctx, srb, plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.Details(ctx, srb, n)
		if err != nil {
			t.Fatal(err)
		}
		sd := d.Submitted[1]
		if sd.ID == 0 || !sd.Recorded() || sd.InForce.Source.Title != "Note verbale of the Permanent Mission, 11 June 2012" || sd.Value.String() != "2012-06-11" {
			t.Errorf("the submission's provenance: %+v", sd)
		}
		if d.Adopted.Value.String() != "2012-04-10" || d.Published.Value.String() != "2012-07-02" {
			t.Errorf("adopted %s, published %s", d.Adopted.Value, d.Published.Value)
		}
		es, err := db.AuditEntries(ctx, model.AuditFilter{RecordID: "1", Kind: "nap", Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]bool{}
		for _, e := range es {
			actions[e.Action] = true
			if e.Action == "nap.submit.recorded" && !strings.Contains(e.Summary, "on 2012-06-11 (recorded history — source: Note verbale") {
				t.Errorf("the audit entry does not say it is recorded history: %s", e.Summary)
			}
		}
		for _, a := range []string{"nap.adopt.recorded", "nap.submit.recorded", "nap.publish.recorded"} {
			if !actions[a] {
				t.Errorf("no audit entry %s: %v", a, actions)
			}
		}
		// A step taken today without a date is dated today, not recorded.
		today := adopted(t, s, viewer(t, "HRV", model.RoleCoordinator), "HRV", "NAP of Croatia", "2018-06-15")
		_, sub2, err := s.Submit(ctx, viewer(t, "HRV", model.RoleCoordinator), today.ID, nil)
		if err != nil || sub2.SubmittedOn.String() != "2018-06-15" {
			t.Fatalf("a submission today: %v, %s", err, sub2.SubmittedOn)
		}
	})
}

// TestRecordedDatesInStateOfPlay: the state of play and its "since" count
// use the recorded dates of the submissions, not the day they were typed
// in (the control: the same plans submitted today count since 2016).
func TestRecordedDatesInStateOfPlay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := napServices(t, db)
		s := svc.NAPs
		srb, hrv, mne := viewer(t, "SRB", model.RoleCoordinator), viewer(t, "HRV", model.RoleCoordinator), viewer(t, "MNE", model.RoleCoordinator)
		a := adopted(t, s, srb, "SRB", "Serbia 2012", "2012-04-10")
		if _, _, err := s.Submit(ctx, srb, a.ID, step("2012-06-11", "a note verbale")); err != nil {
			t.Fatal(err)
		}
		b := adopted(t, s, hrv, "HRV", "Croatia 2014", "2014-02-01")
		if _, _, err := s.Submit(ctx, hrv, b.ID, step("2014-03-01", "a note verbale")); err != nil {
			t.Fatal(err)
		}
		c := adopted(t, s, mne, "MNE", "Montenegro 2017", "2017-05-01")
		if _, _, err := s.Submit(ctx, mne, c.ID, step("2017-05-02", "a note verbale")); err != nil {
			t.Fatal(err)
		}
		committee := viewer(t, "UNSC1540", model.RoleViewer)
		sp, err := s.StateOfPlay(ctx, committee, "SEE", "submitted", false)
		if err != nil {
			t.Fatal(err)
		}
		got := sp.Count(2016)
		if got.Plans != 3 || got.States != 3 || got.PlansSince != 1 {
			t.Errorf("count since 2016 = %+v, want 3 plans from 3 States, 1 since 2016 (Montenegro's)", got)
		}
		var order []string
		for _, r := range sp.Rows {
			if r.Plan != nil {
				order = append(order, r.State+" "+r.Plan.SubmittedOn.String())
			}
		}
		if strings.Join(order, "; ") != "SRB 2012-06-11; HRV 2014-03-01; MNE 2017-05-02" {
			t.Errorf("sorted by the recorded submission: %v", order)
		}
		// Control: submitted without a date, the same plan counts today.
		d := adopted(t, s, viewer(t, "ALB", model.RoleCoordinator), "ALB", "Albania 2018", "2018-01-10")
		if _, _, err := s.Submit(ctx, viewer(t, "ALB", model.RoleCoordinator), d.ID, nil); err != nil {
			t.Fatal(err)
		}
		sp, _ = s.StateOfPlay(ctx, committee, "SEE", "", false)
		if got := sp.Count(2016); got.PlansSince != 2 || got.Plans != 4 {
			t.Errorf("with a plan submitted today: %+v, want 4 plans, 2 since 2016", got)
		}
		// The public counts only what it may read: none of these plans is
		// published.
		if got := func() service.SubmittedCount {
			sp, _ := s.StateOfPlay(ctx, model.Anonymous, "SEE", "", false)
			return sp.Count(2016)
		}(); got.Plans != 0 {
			t.Errorf("the public counts %+v", got)
		}
	})
}

// report records a national report.
func report(t *testing.T, svc *service.Services, v model.Viewer, state string, in model.NationalReportInput) service.ReportView {
	t.Helper()
	r, err := svc.Reports.Create(context.Background(), v, state, in)
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return r
}

func firstReport(date, symbol string) model.NationalReportInput {
	return model.NationalReportInput{Type: model.Ptr("first"), Date: model.Ptr(date), Symbol: model.Ptr(symbol), Language: model.Ptr("en")}
}

// TestNationalReports: a report's date keeps its bounds, a report needs
// its document, the Committee level records what it received, and the
// State's reports are listed in date order with their provenance.
func TestNationalReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := napServices(t, db)
		srbEd, unoda, hrv := viewer(t, "SRB", model.RoleEditor), viewer(t, "UNODA", model.RoleEditor), viewer(t, "HRV", model.RoleCoordinator)
		for _, tc := range []struct {
			name  string
			state string
			in    model.NationalReportInput
			field string
		}{
			{"future", "SRB", firstReport("2018-06-16", "S/AC.44/x"), "date"},
			{"before the resolution", "SRB", firstReport("2004-04-27", "S/AC.44/x"), "date"},
			{"before the UN membership", "MNE", firstReport("2005-10-28", "S/AC.44/x"), "date"},
			{"no document", "SRB", firstReport("2004-10-28", ""), "file"},
			{"a bad type", "SRB", model.NationalReportInput{Type: model.Ptr("letter"), Date: model.Ptr("2004-10-28"), Symbol: model.Ptr("x")}, "type"},
			{"a bad link", "SRB", model.NationalReportInput{Type: model.Ptr("first"), Date: model.Ptr("2004-10-28"), URL: model.Ptr("javascript:alert(1)")}, "url"},
		} {
			v := srbEd
			if tc.state == "MNE" {
				v = viewer(t, "MNE", model.RoleEditor)
			}
			if _, err := svc.Reports.Create(ctx, v, tc.state, tc.in); !strings.Contains(problemField(err), tc.field) {
				t.Errorf("%s: %v, want a problem with %s", tc.name, err, tc.field)
			}
		}
		if _, err := svc.Reports.Create(ctx, hrv, "SRB", firstReport("2004-10-28", "S/AC.44/x")); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("another State records Serbia's report: %v", err)
		}
		add := firstReport("2006-02-01", "S/AC.44/2004/(02)/45/Add.1")
		add.Type = model.Ptr("addendum")
		a := report(t, svc, unoda, "SRB", add) // what the Committee received, recorded by its secretariat
		doc := firstReport("2004-10-28", "")
		doc.Filename, doc.Content = "first report.pdf", []byte("%PDF-1.4 first report")
		first := report(t, svc, srbEd, "SRB", doc)
		if first.Document.SHA256 == "" || first.Document.ContentType != "application/pdf" {
			t.Errorf("the document: %+v", first.Document)
		}
		list, err := svc.Reports.List(ctx, model.Anonymous, "SRB")
		if err != nil || len(list) != 2 || list[0].ID != first.ID || list[1].ID != a.ID {
			t.Fatalf("the reports in date order: %v, %v", list, err)
		}
		if !list[0].Dated.Recorded() || list[0].Dated.InForce.Source.Title != "the report itself (first report.pdf)" {
			t.Errorf("the first report's provenance: %+v", list[0].Dated)
		}
		_, b, err := svc.Reports.Document(ctx, model.Anonymous, first.ID)
		if err != nil || string(b) != "%PDF-1.4 first report" {
			t.Errorf("the document: %q, %v", b, err)
		}
		// A private report is nobody else's.
		priv := firstReport("2005-01-10", "internal")
		priv.Type, priv.Visibility = model.Ptr("other"), model.Ptr("private")
		p := report(t, svc, srbEd, "SRB", priv)
		if _, err := svc.Reports.Get(ctx, unoda, p.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("the secretariat reads a private report: %v", err)
		}
		if list, _ := svc.Reports.List(ctx, unoda, "SRB"); len(list) != 2 {
			t.Errorf("the secretariat lists %d reports", len(list))
		}
		// The date is recorded history: a change of it is refused.
		if _, err := svc.Reports.Update(ctx, srbEd, first.ID, service.Given(model.NationalReportInput{Date: model.Ptr("2004-11-02"), Version: first.Version})); problemField(err) != "date" {
			t.Errorf("a changed date: %v", err)
		}
		if r, err := svc.Reports.Update(ctx, srbEd, first.ID, service.Given(model.NationalReportInput{Pages: model.Ptr("12"), Version: first.Version})); err != nil || r.Pages != 12 {
			t.Errorf("pages: %v", err)
		}
		if _, err := svc.Reports.Update(ctx, srbEd, first.ID, service.Given(model.NationalReportInput{Pages: model.Ptr("13"), Version: first.Version})); !errors.Is(err, model.ErrConflict) {
			t.Errorf("a stale version: %v", err)
		}
	})
}

// TestConflictingSources: two sources that disagree on a report's date
// make it disputed (on the report and in the list of disputes); only the
// Committee decides, between the dates the sources give, with a reason;
// the record's date follows the decision and the history keeps all
// three entries.
func TestConflictingSources(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := napServices(t, db)
		srbEd, unoda := viewer(t, "SRB", model.RoleEditor), viewer(t, "UNODA", model.RoleEditor)
		in := firstReport("2004-10-28", "S/AC.44/2004/(02)/45")
		in.Source = model.Ptr("Approved matrix of Serbia, copy A")
		r := report(t, svc, srbEd, "SRB", in)
		factID := r.Dated.ID
		if r.Dated.Disputed || factID == 0 {
			t.Fatalf("a single source is not a dispute: %+v", r.Dated)
		}
		// A corroborating source is no dispute.
		f, err := svc.History.AddClaim(ctx, unoda, factID, service.Given(model.ClaimInput{Date: "2004-10-28", Source: "Committee website"}))
		if err != nil || f.Disputed {
			t.Fatalf("corroboration: %v, disputed %v", err, f.Disputed)
		}
		for _, tc := range []struct {
			name string
			v    model.Viewer
			in   model.ClaimInput
			want error
		}{
			{"no source", unoda, model.ClaimInput{Date: "2004-11-02"}, model.Problems{}},
			{"future", unoda, model.ClaimInput{Date: "2019-01-01", Source: "x"}, model.Problems{}},
			{"another State", viewer(t, "HRV", model.RoleCoordinator), model.ClaimInput{Date: "2004-11-02", Source: "x"}, model.ErrForbidden},
			{"a viewer", viewer(t, "SRB", model.RoleViewer), model.ClaimInput{Date: "2004-11-02", Source: "x"}, model.ErrForbidden},
			{"anonymous", model.Anonymous, model.ClaimInput{Date: "2004-11-02", Source: "x"}, model.ErrUnauthenticated},
		} {
			_, err := svc.History.AddClaim(ctx, tc.v, factID, service.Given(tc.in))
			if _, isP := tc.want.(model.Problems); isP {
				if _, ok := model.AsProblems(err); !ok {
					t.Errorf("%s: %v, want problems", tc.name, err)
				}
			} else if !errors.Is(err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
		}
		f, err = svc.History.AddClaim(ctx, unoda, factID, service.Given(model.ClaimInput{Date: "2004-11-02", Source: "Approved matrix of Serbia, copy B",
			SourceURL: "https://www.example.org/matrix-b.pdf"}))
		if err != nil || !f.Disputed {
			t.Fatalf("a disagreeing source: %v, disputed %v", err, f.Disputed)
		}
		if got, _ := svc.Reports.Get(ctx, model.Anonymous, r.ID); !got.DateDisputed || !got.Dated.Disputed || got.Date.String() != "2004-10-28" {
			t.Errorf("the report while disputed: %+v", got)
		}
		if ds, err := svc.History.Disputed(ctx, model.Anonymous, "SRB"); err != nil || len(ds) != 1 || ds[0].ID != factID {
			t.Errorf("the disputes: %v, %v", ds, err)
		}
		// Deciding: the Committee only, one of the dates given, a reason.
		committee := viewer(t, "UNSC1540", model.RoleEditor)
		for _, tc := range []struct {
			name string
			v    model.Viewer
			in   model.ResolutionInput
			want string
		}{
			{"the secretariat", unoda, model.ResolutionInput{Date: "2004-11-02", Reason: "r", Version: f.Version}, "forbidden"},
			{"the experts", viewer(t, "UNSC1540-GOE", model.RoleCoordinator), model.ResolutionInput{Date: "2004-11-02", Reason: "r", Version: f.Version}, "forbidden"},
			{"the State", srbEd, model.ResolutionInput{Date: "2004-11-02", Reason: "r", Version: f.Version}, "forbidden"},
			{"a third date", committee, model.ResolutionInput{Date: "2004-11-05", Reason: "r", Version: f.Version}, "date"},
			{"no reason", committee, model.ResolutionInput{Date: "2004-11-02", Version: f.Version}, "reason"},
			{"a stale version", committee, model.ResolutionInput{Date: "2004-11-02", Reason: "r", Version: f.Version - 1}, "conflict"},
		} {
			_, err := svc.History.Resolve(ctx, tc.v, factID, service.Given(tc.in))
			got := problemField(err)
			if got == "" && err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
			}
		}
		f, err = svc.History.Resolve(ctx, committee, factID, service.Given(model.ResolutionInput{Date: "2004-11-02",
			Reason: "the note verbale transmitting the report is dated 2 November 2004", Version: f.Version}))
		if err != nil || f.Disputed || !f.Resolved || f.Value.String() != "2004-11-02" {
			t.Fatalf("resolve: %v, %+v", err, f.Fact)
		}
		var entries []string
		for _, c := range f.Claims {
			entries = append(entries, c.Entry+" "+c.Value.String())
		}
		if strings.Join(entries, "; ") != "claim 2004-10-28; claim 2004-10-28; claim 2004-11-02; resolution 2004-11-02" {
			t.Errorf("the history keeps every source and the decision: %v", entries)
		}
		if got, _ := svc.Reports.Get(ctx, model.Anonymous, r.ID); got.Date.String() != "2004-11-02" || got.DateDisputed {
			t.Errorf("the report after the decision: %s, disputed %v", got.Date, got.DateDisputed)
		}
		if _, err := svc.History.Resolve(ctx, committee, factID, service.Given(model.ResolutionInput{Date: "2004-10-28", Reason: "r", Version: f.Version})); !errors.Is(err, model.ErrConflict) {
			t.Errorf("resolving an undisputed fact: %v", err)
		}
		es, _ := db.AuditEntries(ctx, model.AuditFilter{Kind: "history_fact", Limit: 10})
		var acts []string
		for _, e := range es {
			acts = append(acts, e.Action)
		}
		if strings.Join(acts, " ") != "history.resolve history.claim history.claim" {
			t.Errorf("audited: %v", acts)
		}
	})
}
