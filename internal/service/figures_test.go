package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"testing"
	"time"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// figuresNow is the day the figures are computed on.
var figuresNow = func() time.Time { return time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC) }

// dump is the whole database as the export writes it, table by table, each
// row as a map of its columns: the test's own view of the records, read
// without the figures' SQL.
type dump map[string][]map[string]any

func readDump(t *testing.T, svc *service.Services) dump {
	t.Helper()
	var buf bytes.Buffer
	if _, err := svc.Export.Write(context.Background(), model.SystemViewer("test"), &buf, nil); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tables []struct {
			Table   string   `json:"table"`
			Columns []string `json:"columns"`
			Rows    [][]any  `json:"rows"`
		} `json:"tables"`
	}
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	out := dump{}
	for _, tb := range doc.Tables {
		for _, r := range tb.Rows {
			m := map[string]any{}
			for i, c := range tb.Columns {
				m[c] = r[i]
			}
			out[tb.Table] = append(out[tb.Table], m)
		}
	}
	return out
}

func str(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// dayOf is the day of a date or a time as the export writes it.
func dayOf(v any) string {
	s := str(v)
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

func (d dump) readable(v model.Viewer, kind string, row map[string]any) bool {
	rec := policy.Record{Owner: str(row["owner_org"]), Visibility: model.Visibility(str(row["visibility"]))}
	for _, s := range d["record_shares"] {
		if str(s["kind"]) == kind && str(s["record_id"]) == str(row["id"]) {
			rec.SharedWith = append(rec.SharedWith, str(s["principal"]))
		}
	}
	return policy.CanRead(v, rec)
}

func (d dump) byID(table, id string) map[string]any {
	for _, r := range d[table] {
		if str(r["id"]) == id {
			return r
		}
	}
	return nil
}

// expected computes every figure for v, the period and the group's
// members (nil: every record) with plain loops over the dump and the
// policy's CanRead and RequestDetails.
func (d dump) expected(v model.Viewer, from, to, today string, members []string) map[string]int {
	inGroup := func(org string) bool {
		if members == nil {
			return true
		}
		for _, m := range members {
			if m == org {
				return true
			}
		}
		return false
	}
	inP := func(day string) bool { return day != "" && day >= from && day <= to }
	out := map[string]int{}
	// Plans: first submissions of readable 1540 plans.
	type plan struct{ id, owner, on string }
	var plans []plan
	for _, n := range d["naps"] {
		st, typ := str(n["status"]), str(n["plan_type"])
		if st == "withdrawn" || !(typ == "1540-nap" || (typ == "cbrn-nap" && (st == "submitted" || st == "published"))) {
			continue
		}
		if !d.readable(v, "nap", n) || !inGroup(str(n["owner_org"])) {
			continue
		}
		for _, s := range d["nap_submissions"] {
			if str(s["nap_id"]) == str(n["id"]) && str(s["number"]) == "1" {
				plans = append(plans, plan{str(n["id"]), str(n["owner_org"]), dayOf(s["submitted_on"])})
			}
		}
	}
	states := map[string]bool{}
	for _, p := range plans {
		if p.on <= to {
			states[p.owner] = true
		}
		if !inP(p.on) {
			continue
		}
		out["naps.submitted"]++
		first := true
		for _, o := range plans {
			if o.owner == p.owner && (o.on < p.on || (o.on == p.on && len(o.id) < len(p.id)) || (o.on == p.on && len(o.id) == len(p.id) && o.id < p.id)) {
				first = false
			}
		}
		if first {
			out["naps.first"]++
		} else {
			out["naps.revisions"]++
		}
	}
	out["naps.states"] = len(states)
	for _, r := range d["national_reports"] {
		if !d.readable(v, "report", r) || !inGroup(str(r["owner_org"])) || !inP(str(r["report_date"])) {
			continue
		}
		switch str(r["report_type"]) {
		case "first":
			out["reports.first"]++
		case "addendum", "additional-information", "reply-to-committee":
			out["reports.additional"]++
		}
	}
	for _, e := range d["matrix_editions"] {
		st := str(e["status"])
		if (st == "approved" || st == "superseded") && d.readable(v, "matrix", e) && inGroup(str(e["owner_org"])) && inP(str(e["approved_on"])) {
			out["matrix.approved"]++
		}
	}
	provider := false
	for _, g := range d["assistance_programmes"] {
		if v.SignedIn() && str(g["owner_org"]) == v.Org() && (str(g["status"]) == "open" || str(g["status"]) == "closed") {
			provider = true
		}
	}
	for _, r := range d["assistance_requests"] {
		if !d.readable(v, "assistance", r) || !inGroup(str(r["owner_org"])) {
			continue
		}
		if str(r["acknowledged_on"]) != "" && inP(str(r["acknowledged_on"])) {
			out["assistance.received"]++
		}
		if str(r["acknowledged_on"]) != "" && inP(dayOf(r["circulated_at"])) {
			out["assistance.circulated"]++
		}
		rec := policy.Record{Owner: str(r["owner_org"]), Visibility: model.Visibility(str(r["visibility"]))}
		for _, s := range d["record_shares"] {
			if str(s["kind"]) == "assistance" && str(s["record_id"]) == str(r["id"]) {
				rec.SharedWith = append(rec.SharedWith, str(s["principal"]))
			}
		}
		st := policy.AssistanceStanding{Provider: provider}
		for _, n := range d["assistance_needs"] {
			if str(n["request_id"]) != str(r["id"]) {
				continue
			}
			for _, m := range d["assistance_matches"] {
				if str(m["need_id"]) == str(n["id"]) && v.SignedIn() && str(m["provider_org"]) == v.Org() {
					st.Matched = true
				}
			}
		}
		details := policy.RequestDetails(v, rec, st)
		for _, n := range d["assistance_needs"] {
			if str(n["request_id"]) != str(r["id"]) {
				continue
			}
			for _, m := range d["assistance_matches"] {
				if details && str(m["need_id"]) == str(n["id"]) && inP(dayOf(m["confirmed_at"])) {
					out["assistance.matched"]++
				}
			}
			if str(n["outcome"]) == "fulfilled" && inP(dayOf(n["updated_at"])) {
				out["assistance.fulfilled"]++
			}
		}
	}
	for _, g := range d["assistance_programmes"] {
		st := str(g["status"])
		if (st == "open" || st == "closed") && d.readable(v, "programme", g) &&
			(str(g["starts_on"]) == "" || str(g["starts_on"]) <= to) && (str(g["ends_on"]) == "" || str(g["ends_on"]) >= from) {
			out["programmes.by_provider"]++
		}
	}
	held := func(e map[string]any) bool {
		return d.readable(v, "event", e) && inP(str(e["start_day"])) && str(e["end_day"]) < today
	}
	for _, e := range d["events"] {
		if !held(e) {
			continue
		}
		ok := inGroup(str(e["owner_org"]))
		for _, q := range d["event_quotas"] {
			if str(q["event_id"]) == str(e["id"]) && inGroup(str(q["org"])) {
				ok = true
			}
		}
		if ok {
			out["events.held"]++
		}
	}
	dels := map[string]bool{}
	for _, p := range d["event_participants"] {
		e := d.byID("events", str(p["event_id"]))
		st := str(p["status"])
		if (st == "confirmed" || st == "attended") && held(e) && inGroup(str(p["org"])) {
			out["events.participants"]++
			dels[str(p["event_id"])+"/"+str(p["org"])] = true
		}
	}
	out["events.delegations"] = len(dels)
	for _, f := range d["event_followups"] {
		e := d.byID("events", str(f["event_id"]))
		due := str(f["due"])
		if due == "" || !d.readable(v, "event", e) || !inGroup(str(f["owner_org"])) || !inP(due) {
			continue
		}
		done := ""
		for _, h := range d["event_followup_history"] {
			if str(h["followup_id"]) == str(f["id"]) && str(h["to_status"]) == "done" && (done == "" || dayOf(h["at"]) < done) {
				done = dayOf(h["at"])
			}
		}
		if done != "" && done <= due {
			out["followups.on_time"]++
		}
	}
	return out
}

func figuresViewers(t *testing.T) map[string]model.Viewer {
	return map[string]model.Viewer{
		"public": {}, "system": model.SystemViewer("test"),
		"HRV coordinator": viewer(t, "HRV", model.RoleCoordinator), "SRB coordinator": viewer(t, "SRB", model.RoleCoordinator),
		"SRB administrator": func() model.Viewer { v := viewer(t, "SRB", model.RoleViewer); v.Account.Admin = true; return v }(),
		"Committee":         viewer(t, "UNSC1540", model.RoleEditor), "UNODA": viewer(t, "UNODA", model.RoleEditor),
		"IAEA": viewer(t, "IAEA", model.RoleEditor), "RACVIAC": viewer(t, "RACVIAC", model.RoleCoordinator), "DTRA": viewer(t, "DTRA", model.RoleEditor),
	}
}

// plantFigures adds, to the demo, records of Croatia that only Croatia
// reads (a private first report and a private event held, with delegates
// and a follow-up done on time) and a plan only Croatia and the Committee
// read (submitted, not published).
func plantFigures(t *testing.T, db *store.DB, svc *service.Services) {
	t.Helper()
	// The event is made, nominated for and followed up in March 2026,
	// before it took place.
	early := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }})
	ctx := context.Background()
	sys := model.SystemViewer("test")
	if _, err := svc.Reports.Create(ctx, sys, "HRV", model.NationalReportInput{Type: model.Ptr("first"), Title: model.Ptr("Planted report"),
		Date: model.Ptr("2020-05-04"), Symbol: model.Ptr("PLANTED-1"), Language: model.Ptr("en"), Visibility: model.Ptr("private")}); err != nil {
		t.Fatal(err)
	}
	hrv := viewer(t, "HRV", model.RoleCoordinator)
	ev, err := early.Events.Create(ctx, hrv, model.EventInput{Kind: "workshop", Title: "Planted workshop", Start: "2026-03-10", End: "2026-03-11",
		TimeZone: "Europe/Zagreb", Visibility: "private"})
	if err != nil {
		t.Fatal(err)
	}
	n := 2
	if _, err := early.Events.SetQuotas(ctx, hrv, ev.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &n}})); err != nil {
		t.Fatal(err)
	}
	p, err := early.Events.Nominate(ctx, hrv, ev.ID, service.Given(model.NominationInput{Org: "HRV", Name: "Planted Delegate"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := early.Events.ChangeParticipant(ctx, hrv, ev.ID, p.ID, service.Given(model.ParticipantPatch{Status: "confirmed", Version: p.Version})); err != nil {
		t.Fatal(err)
	}
	f, err := early.Events.AddFollowUp(ctx, hrv, ev.ID, service.Given(model.FollowUpInput{Title: "Planted follow-up", Owner: "HRV", Due: "2026-06-30"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := early.Events.UpdateFollowUp(ctx, hrv, ev.ID, f.ID, service.Given(model.FollowUpInput{Title: "Planted follow-up", Owner: "HRV", Due: "2026-06-30",
		Status: "done", Version: f.Version})); err != nil {
		t.Fatal(err)
	}
	pl, err := svc.NAPs.Create(ctx, sys, "HRV", model.NAPInput{Title: model.Ptr("Planted plan"), PeriodStart: model.Ptr("2026"), PeriodEnd: model.Ptr("2030")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.NAPs.Adopt(ctx, sys, pl.ID, service.Given(model.NAPAdoption{Authority: "Government", Date: "2026-01-15"})); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.NAPs.Submit(ctx, sys, pl.ID, nil); err != nil {
		t.Fatal(err)
	}
}

// TestFiguresAgainstIndependentCounts: on the demo with planted records,
// every figure for every kind of reader, for several periods and groups,
// equals the count made by plain loops over the exported records with the
// policy's CanRead; the records behind each figure are exactly as many as
// it says (and readable by the reader). Controls: for the whole period the
// system's figures are all non-zero (the fixture exercises each figure),
// and the planted records move Croatia's figures and no one else's.
func TestFiguresAgainstIndependentCounts(t *testing.T) {
	webtest.EachDemoDB(t, figuresNow(), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: figuresNow})
		if _, err := demo.Seed(ctx, svc, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		// The demo has no additional information: a public one of Serbia.
		if _, err := svc.Reports.Create(ctx, model.SystemViewer("test"), "SRB", model.NationalReportInput{Type: model.Ptr("additional-information"),
			Date: model.Ptr("2017-03-02"), Symbol: model.Ptr("S/AC.44/2017/3"), Language: model.Ptr("en"), Visibility: model.Ptr("public")}); err != nil {
			t.Fatal(err)
		}
		viewers := figuresViewers(t)
		before := map[string]map[string]int{}
		all, err := svc.Figures.ParseFigureQuery("", "", "")
		if err != nil {
			t.Fatal(err)
		}
		for name, v := range viewers {
			figs, err := svc.Figures.Compute(ctx, v, all)
			if err != nil {
				t.Fatal(err)
			}
			before[name] = map[string]int{}
			for _, f := range figs {
				before[name][f.ID] = f.Value
			}
		}
		plantFigures(t, db, svc)
		d := readDump(t, svc)
		today := model.DateOf(figuresNow()).String()
		queries := []struct{ from, to, group string }{
			{"", "", ""}, {"2016-01-01", "", ""}, {"2010-01-01", "2019-12-31", ""}, {"", "", "SEE"}, {"2020-01-01", "2026-11-20", "UN"}, {"2026-01-01", "2026-06-30", "SEE"},
		}
		for _, qq := range queries {
			q, err := svc.Figures.ParseFigureQuery(qq.from, qq.to, qq.group)
			if err != nil {
				t.Fatal(err)
			}
			var members []string
			if q.Group != "" {
				members = storetest.Catalog(t).Members(q.Group)
			}
			for name, v := range viewers {
				want := d.expected(v, q.From.String(), q.To.String(), today, members)
				reps, err := svc.Figures.Report(ctx, v, q, nil)
				if err != nil {
					t.Fatal(err)
				}
				if len(reps) != len(service.FigureDefs) {
					t.Fatalf("%d figures, want %d", len(reps), len(service.FigureDefs))
				}
				for _, r := range reps {
					f := r.Figure
					if f.Value != want[f.ID] {
						t.Errorf("%v %s: %s = %d, counted independently %d", qq, name, f.ID, f.Value, want[f.ID])
					}
					n := len(r.Records)
					switch f.ID {
					case "naps.states":
						seen := map[string]bool{}
						for _, rec := range r.Records {
							seen[rec.State] = true
						}
						n = len(seen)
					case "events.participants":
						n = 0
						for _, rec := range r.Records {
							n += rec.Count
						}
					}
					if n != f.Value {
						t.Errorf("%v %s: %s = %d but its records add up to %d", qq, name, f.ID, f.Value, n)
					}
					if !strings.HasPrefix(f.Records, "/figures/"+f.ID+"?") {
						t.Errorf("%s: records address %q", f.ID, f.Records)
					}
				}
			}
		}
		// Controls: every figure counts something for the system over the
		// whole period, and the planted records moved Croatia's figures.
		after := map[string]map[string]int{}
		for name, v := range viewers {
			figs, err := svc.Figures.Compute(ctx, v, all)
			if err != nil {
				t.Fatal(err)
			}
			after[name] = map[string]int{}
			for _, f := range figs {
				after[name][f.ID] = f.Value
				if name == "system" && f.Value == 0 {
					t.Errorf("the system counts no %s: the fixture does not exercise it", f.ID)
				}
			}
		}
		for _, id := range []string{"reports.first", "events.held", "events.participants", "events.delegations", "followups.on_time", "naps.submitted"} {
			if after["HRV coordinator"][id] <= before["HRV coordinator"][id] {
				t.Errorf("control: Croatia's %s did not move with its planted record (%d → %d)", id, before["HRV coordinator"][id], after["HRV coordinator"][id])
			}
		}
		if after["Committee"]["naps.submitted"] != before["Committee"]["naps.submitted"]+1 {
			t.Errorf("the Committee should count Croatia's submitted plan: %d → %d", before["Committee"]["naps.submitted"], after["Committee"]["naps.submitted"])
		}
		var names []string
		for n := range viewers {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, name := range names {
			if name == "HRV coordinator" || name == "system" {
				continue
			}
			for id, b := range before[name] {
				if id == "naps.submitted" || id == "naps.states" || id == "naps.first" || id == "naps.revisions" {
					if name == "Committee" || name == "UNODA" {
						continue // the submitted plan is the Committee's to read
					}
				}
				if after[name][id] != b {
					t.Errorf("planted: %s's %s moved %d → %d: a record it may not read was counted", name, id, b, after[name][id])
				}
			}
		}
	})
}

// TestFigureQueryRefused: a day that is not a date, a period that ends
// before it starts and an unknown group are refused naming the field.
func TestFigureQueryRefused(t *testing.T) {
	svc := service.New(service.Deps{Catalog: storetest.Catalog(t), Now: figuresNow})
	for _, tc := range []struct{ from, to, group, field string }{
		{"2020-13-01", "", "", "from"}, {"yesterday", "", "", "from"}, {"", "2020/01/01", "", "to"},
		{"2021-01-01", "2020-12-31", "", "from"}, {"", "", "NOPE", "group"},
	} {
		_, err := svc.Figures.ParseFigureQuery(tc.from, tc.to, tc.group)
		if got := problemField(err); got != tc.field {
			t.Errorf("%+v: problems %q (%v), want %s", tc, got, err, tc.field)
		}
	}
	if _, err := svc.Figures.ParseFigureQuery("2016-01-01", "2016-01-01", "see"); err != nil {
		t.Errorf("a one-day period of SEE: %v", err)
	}
}
