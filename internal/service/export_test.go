package service_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"napx/internal/demo"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

var exportNow = func() time.Time { return time.Date(2027, 3, 3, 9, 30, 0, 0, time.UTC) }

var sys = model.SystemViewer("test")

// exportServices are services on db with cheap password hashing.
func exportServices(t testing.TB, db *store.DB) *service.Services {
	t.Helper()
	return service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: exportNow,
		Auth: service.AuthOptions{HashParams: &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}}})
}

// richData fills db with the demo and with recorded history: national
// reports (one with its document), a disputed date and a decided one, a
// back-dated submission, a cell citing a report and page, a file material;
// and an account's follows, settings and notifications, with the mail it
// was sent (the job engine runs once, at the end).
func richData(t *testing.T, db *store.DB) *service.Services {
	t.Helper()
	ctx := context.Background()
	svc := richServices(t, db)
	if err := svc.Demo.Prepare(ctx, true); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, svc, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	doc := firstReport("2004-10-28", "S/AC.44/2004/(02)/45")
	doc.Filename, doc.Content = "first.pdf", []byte("%PDF-1.4\x00\x01binary content of the first report")
	doc.Pages = model.Ptr("24")
	first, err := svc.Reports.Create(ctx, sys, "SRB", doc)
	if err != nil {
		t.Fatal(err)
	}
	add := firstReport("2006-02-01", "S/AC.44/2004/(02)/45/Add.1")
	add.Type = model.Ptr("addendum")
	second, err := svc.Reports.Create(ctx, sys, "SRB", add)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.History.AddClaim(ctx, sys, first.Dated.ID, service.Given(model.ClaimInput{Date: "2004-11-02", Source: "Matrix copy B"})); err != nil {
		t.Fatal(err)
	}
	f, err := svc.History.AddClaim(ctx, sys, second.Dated.ID, service.Given(model.ClaimInput{Date: "2006-02-03", Source: "Matrix copy C"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.History.Resolve(ctx, sys, f.ID, service.Given(model.ResolutionInput{Date: "2006-02-03", Reason: "the cover letter", Version: f.Version})); err != nil {
		t.Fatal(err)
	}
	plan := mkPlan(t, svc.NAPs, sys, "MKD", "Recorded plan of North Macedonia")
	action := mkAction(t, svc.NAPs, sys, plan.ID, "Train customs officers", "2017-12-31", "OP3d-NW-09.LF")
	// A Montenegrin action declared joint with it (issue 14), in a plan of
	// its own (the merge test changes Serbia's first plan).
	mnePlan := mkPlan(t, svc.NAPs, sys, "MNE", "Recorded plan of Montenegro")
	joint, due := "Joint customs training with North Macedonia", "2017-12-31"
	if _, err := svc.NAPs.CreateAction(ctx, sys, mnePlan.ID, service.Given(model.NAPActionInput{Title: &joint, Due: &due, JointWith: &[]int64{action.ID}})); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.NAPs.Adopt(ctx, sys, plan.ID, service.Given(model.NAPAdoption{Authority: "the Government", Date: "2016-03-01", Source: "Official Gazette 12/2016"})); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.NAPs.Submit(ctx, sys, plan.ID, step("2016-04-11", "Note verbale of 11 April 2016")); err != nil {
		t.Fatal(err)
	}
	evs, err := svc.Events.List(ctx, sys, service.EventQuery{})
	if err != nil || len(evs) == 0 {
		t.Fatalf("the demo's events: %v", err)
	}
	// Serbia's coordinator follows North Macedonia, its recorded plan and an
	// event, and wants published plans at once: the publication tells it.
	srb, err := svc.Export.ReaderOf(ctx, sys, "coordinator@srb.demo.napx")
	if err != nil {
		t.Fatal(err)
	}
	follow := func(kind, target string) {
		if _, err := svc.Notifications.Follow(ctx, srb, service.Given(model.FollowInput{Kind: kind, Target: target})); err != nil {
			t.Fatalf("follow %s %s: %v", kind, target, err)
		}
	}
	follow("state", "MKD")
	follow("event", strconv.FormatInt(evs[0].ID, 10))
	if _, err := svc.Notifications.SetSettings(ctx, srb, service.Given(model.NotificationSettingsInput{Deliveries: map[string]string{"nap.published": "immediate"}})); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.NAPs.Publish(ctx, sys, plan.ID, step("2016-05-02", "Official Gazette 20/2016")); err != nil {
		t.Fatal(err)
	}
	follow("nap", strconv.FormatInt(plan.ID, 10))
	// A request for assistance from the plan's action (a need names it).
	if _, err := svc.Assistance.Create(ctx, sys, "MKD", model.RequestInput{Title: model.Ptr("Customs training for North Macedonia"),
		Needs: &[]model.NeedInput{{Area: "AS-EXPORT", Modalities: []string{"training"}, Description: "training", Actions: []int64{action.ID}}}}); err != nil {
		t.Fatal(err)
	}
	// Croatia's practices (issue 12): one naming the plan's action, a
	// second related to it with a file, submitted and returned with reasons.
	hrv, err := svc.Export.ReaderOf(ctx, sys, "coordinator@hrv.demo.napx")
	if err != nil {
		t.Fatal(err)
	}
	p1, err := svc.Practices.Create(ctx, hrv, service.Given(model.PracticeInput{Title: "Training customs with a neighbour", Body: "**What worked**: joint courses.",
		Tags: []string{"OP3d-NW-09.LF"}, Actions: []int64{action.ID}}))
	if err != nil {
		t.Fatal(err)
	}
	p2, err := svc.Practices.Create(ctx, hrv, service.Given(model.PracticeInput{Title: "A licensing checklist", Body: "A list.", Related: []int64{p1.ID}}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Practices.Attach(ctx, hrv, p2.ID, service.Given(model.PracticeAttachmentInput{Filename: "checklist.txt", Content: []byte("1. the licence")})); err != nil {
		t.Fatal(err)
	}
	// An OpenID provider for Croatia with a linked identity (issue 19),
	// written by the store: the service asks a live issuer's discovery.
	if err := db.Write(ctx, func(tx *store.Tx) error {
		p := &store.OIDCProvider{Name: "Croatia's identity provider", Issuer: "https://id.hrv.example.org", ClientID: "napx", ClientSecret: "never-exported-secret",
			Domains: []string{"hrv.demo.napx"}, Orgs: []string{"HRV"}}
		if err := tx.CreateOIDCProvider(ctx, p); err != nil {
			return err
		}
		if err := tx.LinkOIDCIdentity(ctx, &store.OIDCIdentity{AccountID: hrv.ID(), Issuer: p.Issuer, Subject: "hrv-1", Email: "coordinator@hrv.demo.napx"}); err != nil {
			return err
		}
		// A scan's once-only notice (issue 10), as a daily scan records it.
		if _, err := tx.ClaimNoticeKey(ctx, fmt.Sprintf("nap.action-overdue:%d:2017-12-31", action.ID)); err != nil {
			return err
		}
		return tx.Audit(ctx, sys, store.AuditRecord{Action: "test.oidc", Kind: "test", Summary: "an OpenID provider, a linked identity, a scan's key"})
	}); err != nil {
		t.Fatal(err)
	}
	unoda, err := svc.Export.ReaderOf(ctx, sys, "officer@unoda.demo.napx")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Practices.Step(ctx, hrv, p2.ID, model.PracticeStepSubmit, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Practices.Step(ctx, unoda, p2.ID, model.PracticeStepReturn, service.Given(model.PracticeReturn{Reason: "name the law"})); err != nil {
		t.Fatal(err)
	}
	grc := firstReport("2004-10-29", "S/AC.44/2004/(02)/48")
	grc.Filename, grc.Content = "greece.txt", []byte("first report of Greece (test)")
	cited, err := svc.Reports.Create(ctx, sys, "GRC", grc)
	if err != nil {
		t.Fatal(err)
	}
	var version int64
	if mv, err := svc.Matrix.Latest(ctx, sys, "GRC"); err == nil {
		version = mv.Cells["OP1-01"].Version
	}
	if _, err := svc.Matrix.SetCell(ctx, sys, "GRC", service.Given(model.MatrixCellInput{FieldID: "OP1-01", Status: "X", Reference: "Law on ...",
		ReportID: cited.ID, ReportPage: 7, Version: version})); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Events.AddMaterial(ctx, sys, evs[0].ID, service.Given(model.MaterialInput{Title: "Slides", Kind: "presentation", Filename: "slides.pdf",
		Content: bytes.Repeat([]byte{0, 1, 2, 250}, 3000), Audience: "confirmed"})); err != nil {
		t.Fatal(err)
	}
	if err := svc.Jobs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	wait, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := svc.Jobs.WaitIdle(wait); err != nil {
		t.Fatalf("jobs did not finish: %v", err)
	}
	if err := svc.Jobs.Stop(wait); err != nil {
		t.Fatal(err)
	}
	return svc
}

// emptyInRichData are the tables richData leaves empty, with why.
var emptyInRichData = map[string]bool{}

func export(t testing.TB, svc *service.Services, v model.Viewer) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := svc.Export.Write(context.Background(), v, &buf, nil); err != nil {
		t.Fatalf("export: %v", err)
	}
	return buf.Bytes()
}

// firstDifference describes where two exports part.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-120)
	return "at byte " + itoa(i) + ":\n" + string(a[lo:min(len(a), i+120)]) + "\n---\n" + string(b[lo:min(len(b), i+120)])
}

func itoa(i int) string { return strconv.Itoa(i) }

func jsonInt(i int) string { return strconv.Itoa(i) }

// richServices are services over db with richData's options.
func richServices(t testing.TB, db *store.DB) *service.Services {
	return service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: exportNow, BaseURL: "https://napx.example.org",
		Auth: service.AuthOptions{HashParams: &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}},
		Jobs: fastJobs, Mail: service.MailOptions{OutboxDir: t.TempDir()}})
}

// richDB is a copy of the rich dataset (richData) on engine e: made once
// per test binary and engine (storetest.Seeded), its clock fixed
// (exportNow), so every test that reads it gets the same data in
// milliseconds rather than a seed of the demo each.
func richDB(t *testing.T, e storetest.Engine) *store.DB {
	t.Helper()
	return storetest.Seeded(t, e, "richData", func(db *store.DB) error {
		richData(t, db)
		return nil
	})
}

// TestExportRoundTrip: export, load into an empty database of the same
// engine, export again: the same bytes. The copied audit log still
// checks out, and the load wrote no entry of its own.
func TestExportRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db = richDB(t, storetest.Engine(db.Dialect()))
		svc := richServices(t, db)
		a := export(t, svc, sys)
		if !bytes.Contains(a, []byte(`"table":"national_reports"`)) || !bytes.Contains(a, []byte(`"base64":"`)) {
			t.Fatal("the export lacks the reports or their attachments")
		}
		if bytes.Contains(a, []byte("never-exported-secret")) || !bytes.Contains(a, []byte("https://id.hrv.example.org")) {
			t.Fatal("the OpenID provider travelled with its client secret, or not at all")
		}
		// A table the data leaves empty proves nothing by its round trip.
		for _, tb := range parseExport(t, a).Tables {
			if len(tb.Rows) == 0 && !emptyInRichData[tb.Table] {
				t.Errorf("richData leaves %s empty", tb.Table)
			}
		}
		target := storetest.Open(t, storetest.Engine(db.Dialect()))
		tsvc := exportServices(t, target)
		rep, err := tsvc.Export.Import(ctx, sys, bytes.NewReader(a), service.ImportLoad, nil)
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		if rep.Rows == 0 {
			t.Fatal("nothing loaded")
		}
		b := export(t, tsvc, sys)
		if !bytes.Equal(a, b) {
			t.Fatalf("the round trip changed the export %s", firstDifference(a, b))
		}
		n, err := target.VerifyAudit(ctx)
		if err != nil || n == 0 {
			t.Fatalf("the copied audit log: %d entries, %v", n, err)
		}
		// The loaded database works: its sequences continue past the IDs.
		r, err := tsvc.Reports.Create(ctx, sys, "HRV", firstReport("2004-11-01", "S/AC.44/2004/(02)/60"))
		if err != nil {
			t.Fatalf("a new record after a load: %v", err)
		}
		if r.ID <= 2 {
			t.Errorf("the new report got ID %d: the sequence did not move past the imported IDs", r.ID)
		}
		if _, err := target.VerifyAudit(ctx); err != nil {
			t.Errorf("the log after a new entry: %v", err)
		}
		// Imported accounts have no password (the control: the source's
		// account signs in with it).
		if _, err := svc.Accounts.SignIn(ctx, "coordinator@srb.demo.napx", demo.Password, "192.0.2.1", "t"); err != nil {
			t.Errorf("the source's account: %v", err)
		}
		if _, err := tsvc.Accounts.SignIn(ctx, "coordinator@srb.demo.napx", demo.Password, "192.0.2.1", "t"); err == nil {
			t.Error("an imported account signs in with a password")
		}
	})
}

// TestExportAcrossEngines: the file does not depend on the engine it was
// written from: SQLite's export loaded into PostgreSQL exports the same
// bytes.
func TestExportAcrossEngines(t *testing.T) {
	engines := storetest.Engines(t)
	if len(engines) < 2 {
		t.Skip("needs PostgreSQL (NAPX_TEST_POSTGRES_URL)")
	}
	ctx := context.Background()
	src := richServices(t, richDB(t, storetest.SQLite))
	a := export(t, src, sys)
	pg := storetest.Open(t, storetest.Postgres)
	psvc := exportServices(t, pg)
	if _, err := psvc.Export.Import(ctx, sys, bytes.NewReader(a), service.ImportLoad, nil); err != nil {
		t.Fatalf("load into PostgreSQL: %v", err)
	}
	if b := export(t, psvc, sys); !bytes.Equal(a, b) {
		t.Fatalf("PostgreSQL's export differs from SQLite's %s", firstDifference(a, b))
	}
}

// exportDoc is an export parsed for a test that alters it; write puts it
// back with a correct end record (so only the alteration is wrong).
type exportDoc struct {
	Format  string
	Version int
	Scope   string
	Account string
	Tables  []exportTable
}

type exportTable struct {
	Table   string
	Columns []string
	Rows    []json.RawMessage
}

func parseExport(t *testing.T, b []byte) *exportDoc {
	t.Helper()
	var raw struct {
		Format  string        `json:"format"`
		Version int           `json:"version"`
		Scope   string        `json:"scope"`
		Account string        `json:"account"`
		Tables  []exportTable `json:"tables"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	return &exportDoc{raw.Format, raw.Version, raw.Scope, raw.Account, raw.Tables}
}

func (d *exportDoc) table(name string) *exportTable {
	for i := range d.Tables {
		if d.Tables[i].Table == name {
			return &d.Tables[i]
		}
	}
	return nil
}

func (d *exportDoc) write() []byte {
	var b bytes.Buffer
	h := newRowHash()
	f, _ := json.Marshal(d.Format)
	sc, _ := json.Marshal(d.Scope)
	acc, _ := json.Marshal(d.Account)
	b.WriteString(`{"format":` + string(f) + `,"version":` + jsonInt(d.Version) + `,"scope":` + string(sc) + `,"account":` + string(acc) + ",\n\"tables\":[\n")
	rows := 0
	for i, t := range d.Tables {
		if i > 0 {
			b.WriteString(",\n")
		}
		cols, _ := json.Marshal(t.Columns)
		name, _ := json.Marshal(t.Table)
		b.WriteString(`{"table":` + string(name) + `,"columns":` + string(cols) + `,"rows":[`)
		h.table(t.Table, cols)
		for j, r := range t.Rows {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n")
			b.Write(r)
			h.row(r)
			rows++
		}
		b.WriteString("\n]}")
	}
	b.WriteString("\n],\n\"end\":{\"tables\":" + jsonInt(len(d.Tables)) + ",\"rows\":" + jsonInt(rows) + ",\"sha256\":\"" + h.sum() + "\"}}\n")
	return b.Bytes()
}

// TestImportRefusesBadFiles: every problem is named, and nothing is
// imported (the database stays empty).
func TestImportRefusesBadFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db = richDB(t, storetest.Engine(db.Dialect()))
		good := export(t, richServices(t, db), sys)
		if d := parseExport(t, good); !bytes.Equal(d.write(), good) {
			t.Fatalf("the test's writer does not reproduce an export %s", firstDifference(d.write(), good))
		}
		edit := func(f func(d *exportDoc)) []byte {
			d := parseExport(t, good)
			f(d)
			return d.write()
		}
		cases := []struct {
			name, file, want string
		}{
			{"another version", string(edit(func(d *exportDoc) { d.Version = 2 })), "version 2 of the export format"},
			{"not an export", `{"format":"something","version":1}`, "not a napx export"},
			{"an unknown table", string(edit(func(d *exportDoc) {
				d.Tables = append(d.Tables, exportTable{Table: "spaceships", Columns: []string{"id"}})
			})), "does not know: spaceships"},
			{"other columns", string(edit(func(d *exportDoc) {
				t := d.table("naps")
				t.Columns = append(t.Columns[:0:0], t.Columns[1:]...)
			})), "the columns of naps"},
			{"a broken reference", string(edit(func(d *exportDoc) { d.table("naps").Rows = d.table("naps").Rows[:1] })), "broken reference"},
			{"truncated in a row", string(good[:len(good)/2]), "truncated"},
			{"truncated before the end record", string(good[:bytes.LastIndex(good, []byte(`"end"`))]), "truncated"},
			{"rows removed, end record kept", strings.Replace(string(good), string(parseExport(t, good).table("settings").Rows[0])+",", "", 1), "does not match its end record"},
			{"an attachment altered", string(edit(func(d *exportDoc) {
				r := d.table("national_reports")
				for i, row := range r.Rows {
					if bytes.Contains(row, []byte(`"base64":"JVBERi0xLjQ`)) {
						r.Rows[i] = bytes.Replace(row, []byte(`"base64":"JVBERi0xLjQ`), []byte(`"base64":"JVBERi0xLjU`), 1)
					}
				}
			})), "does not match its hash"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				target := storetest.Open(t, storetest.Engine(db.Dialect()))
				tsvc := exportServices(t, target)
				_, err := tsvc.Export.Import(ctx, sys, strings.NewReader(tc.file), service.ImportLoad, nil)
				var ie *service.DataImportError
				if !errors.As(err, &ie) || !strings.Contains(ie.Problem, tc.want) {
					t.Fatalf("got %v, want a refusal naming %q", err, tc.want)
				}
				if empty, err := tsvc.Export.IsEmpty(ctx); err != nil || !empty {
					t.Errorf("the refused import left rows behind (%v)", err)
				}
			})
		}
		// A load needs an empty database.
		if _, err := exportServices(t, db).Export.Import(ctx, sys, bytes.NewReader(good), service.ImportLoad, nil); err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Errorf("a load into a database with records: %v", err)
		}
	})
}

// TestMergePreviewIsExact: a merge's preview lists exactly what applying
// it changes (the same list, and nothing changed by the preview); the
// merge inserts what the database lacks by stable key and changes what
// differs; merging again changes nothing.
func TestMergePreviewIsExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// The target: the demo. The source: the demo and recorded history
		// (a second database seeded the same way), and a changed title.
		target := exportServices(t, db)
		if _, err := demo.Seed(ctx, target, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		// A plan and an action only the target has: the file's new plan and
		// action get other IDs here, and what names them by ID (a follow, a
		// need's actions) must follow.
		only := mkPlan(t, target.NAPs, sys, "ALB", "A plan only the target has")
		mkAction(t, target.NAPs, sys, only.ID, "An action only the target has", "2017-12-31", "OP3d-NW-09.LF")
		src := richServices(t, richDB(t, storetest.Engine(db.Dialect())))
		naps, err := src.NAPs.List(ctx, sys, model.NAPFilter{States: []string{"SRB"}})
		if err != nil || len(naps) == 0 {
			t.Fatal("no plan of Serbia in the demo")
		}
		if _, err := src.NAPs.Update(ctx, sys, naps[0].ID, service.Given(model.NAPInput{Title: model.Ptr(naps[0].Title + " (revised title)"), Version: naps[0].Version})); err != nil {
			t.Fatal(err)
		}
		file := export(t, src, sys)
		before := export(t, target, sys)
		preview, err := target.Export.Import(ctx, sys, bytes.NewReader(file), service.ImportDryRun, nil)
		if err != nil {
			t.Fatalf("preview: %v", err)
		}
		if after := export(t, target, sys); !bytes.Equal(before, after) {
			t.Fatalf("the preview changed the database %s", firstDifference(before, after))
		}
		if len(preview.Changes) == 0 {
			t.Fatal("the preview shows no change")
		}
		want := map[string]bool{}
		for _, c := range preview.Changes {
			want[c.Table+"|"+c.Op+"|"+c.Key+"|"+strings.Join(c.Fields, ",")] = true
		}
		for _, k := range []string{"national_reports|insert|", "history_claims|insert|", "naps|update|", "matrix_cells|insert|"} {
			found := false
			for w := range want {
				found = found || strings.HasPrefix(w, k)
			}
			if !found {
				t.Errorf("the preview lacks %s…", k)
			}
		}
		applied, err := target.Export.Import(ctx, sys, bytes.NewReader(file), service.ImportMerge, nil)
		if err != nil {
			t.Fatalf("merge: %v", err)
		}
		if len(applied.Changes) != len(preview.Changes) {
			t.Fatalf("applied %d changes, previewed %d", len(applied.Changes), len(preview.Changes))
		}
		for i := range applied.Changes {
			a, p := applied.Changes[i], preview.Changes[i]
			if a.Table != p.Table || a.Key != p.Key || a.Op != p.Op || strings.Join(a.Fields, ",") != strings.Join(p.Fields, ",") {
				t.Fatalf("change %d: applied %+v, previewed %+v", i, a, p)
			}
		}
		// What was merged is there, by key.
		if got, _ := target.NAPs.List(ctx, sys, model.NAPFilter{States: []string{"SRB"}}); !strings.Contains(got[0].Title, "(revised title)") {
			t.Errorf("the changed title did not arrive: %q", got[0].Title)
		}
		if rs, _ := target.Reports.List(ctx, sys, "SRB"); len(rs) != 2 || !rs[0].DateDisputed {
			t.Errorf("the reports did not arrive with their dispute: %+v", rs)
		}
		recorded := func(s *service.Services) []service.NAPView {
			ps, err := s.NAPs.List(ctx, sys, model.NAPFilter{States: []string{"MKD"}})
			if err != nil {
				t.Fatal(err)
			}
			return slices.DeleteFunc(ps, func(p service.NAPView) bool { return p.Title != "Recorded plan of North Macedonia" })
		}
		mkd := recorded(target)
		if len(mkd) != 1 {
			t.Fatalf("the recorded plan did not arrive: %v", mkd)
		}
		acts, err := target.NAPs.Actions(ctx, sys, mkd[0].ID)
		if err != nil || len(acts) != 1 {
			t.Fatalf("its action did not arrive: %v %v", acts, err)
		}
		if srcPlans := recorded(src); len(srcPlans) != 1 || srcPlans[0].ID == mkd[0].ID {
			t.Fatalf("the plan kept its ID (%v): the mapping is not tested", srcPlans)
		}
		srb, err := target.Export.ReaderOf(ctx, sys, "coordinator@srb.demo.napx")
		if err != nil {
			t.Fatal(err)
		}
		follows, err := target.Notifications.Follows(ctx, srb)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(follows, func(f model.Follow) bool {
			return f.Kind == model.FollowNAP && f.Target == strconv.FormatInt(mkd[0].ID, 10)
		}) {
			t.Errorf("the follow of the plan did not follow its ID (%d): %+v", mkd[0].ID, follows)
		}
		reqs, err := target.Assistance.Requests(ctx, sys, model.RequestFilter{States: []string{"MKD"}})
		reqs = slices.DeleteFunc(reqs, func(r service.RequestView) bool { return r.Title != "Customs training for North Macedonia" })
		if err != nil || len(reqs) != 1 || len(reqs[0].Needs) != 1 || !slices.Equal(reqs[0].Needs[0].Actions, []int64{acts[0].ID}) {
			t.Errorf("the need's actions did not follow the action's ID (%d): %+v %v", acts[0].ID, reqs, err)
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Errorf("the target's log after a merge: %v", err)
		}
		again, err := target.Export.Import(ctx, sys, bytes.NewReader(file), service.ImportDryRun, nil)
		if err != nil || len(again.Changes) != 0 {
			t.Errorf("a second merge would change %d rows (%v): %v", len(again.Changes), err, again.Changes)
		}
	})
}

// newRowHash recomputes an export's checksum (the format: service/export.go).
func newRowHash() *rowHashImpl { return &rowHashImpl{buf: &bytes.Buffer{}} }

type rowHashImpl struct{ buf *bytes.Buffer }

func (r *rowHashImpl) table(name string, cols []byte) {
	r.buf.WriteString("table\x00" + name + "\x00")
	r.buf.Write(cols)
	r.buf.WriteString("\n")
}

func (r *rowHashImpl) row(b []byte) {
	r.buf.Write(b)
	r.buf.WriteString("\n")
}

func (r *rowHashImpl) sum() string {
	h := sha256.Sum256(r.buf.Bytes())
	return hex.EncodeToString(h[:])
}

// TestEveryTableIsExported: every table of the schema is in an export
// kind or named as not travelling; a table a feature adds without saying
// how it travels stops the export, naming it and where to register it
// (the control that the check reads the schema).
func TestEveryTableIsExported(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := exportServices(t, db)
		if _, err := svc.Export.Write(ctx, sys, io.Discard, nil); err != nil {
			t.Fatalf("the schema's tables: %v", err)
		}
		if err := db.UnsafeExecForTests(ctx, `CREATE TABLE feature_later (id BIGINT PRIMARY KEY, title TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		_, err := svc.Export.Write(ctx, sys, io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), "feature_later") || !strings.Contains(err.Error(), "export_kinds.go") {
			t.Fatalf("an unregistered table: %v", err)
		}
	})
}
