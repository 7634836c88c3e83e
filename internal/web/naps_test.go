package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// hiddenPlan makes a plan of owner through the services, moved to status,
// with one action; both carry marker in their titles.
func hiddenPlan(t *testing.T, app *webtest.App, owner, marker string, status model.NAPStatus) (model.NAP, model.NAPAction) {
	t.Helper()
	ctx := context.Background()
	sys := model.SystemViewer("test")
	svc := app.Services.NAPs
	n, err := svc.Create(ctx, sys, owner, model.NAPInput{Title: model.Ptr("Plan " + marker), PeriodStart: model.Ptr("2020"), PeriodEnd: model.Ptr("2024"),
		Sections: map[string]string{"NAP-02": "Coordination by " + marker}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.CreateAction(ctx, sys, n.ID, service.Given(model.NAPActionInput{Title: model.Ptr("Action " + marker), Due: model.Ptr("2021-06-30"),
		Elements: &[]string{"OP3c-NW-01.LF"}}))
	if err != nil {
		t.Fatal(err)
	}
	if status != model.NAPDraft {
		if _, err := svc.Adopt(ctx, sys, n.ID, service.Given(model.NAPAdoption{Authority: "Government", Date: "2020-01-15"})); err != nil {
			t.Fatal(err)
		}
	}
	if status == model.NAPSubmitted || status == model.NAPPublished {
		if _, _, err := svc.Submit(ctx, sys, n.ID, nil); err != nil {
			t.Fatal(err)
		}
	}
	got, err := svc.Get(ctx, sys, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.NAP, a
}

func napRoutes(id, aid int64) (reads, silent []string, writes []webtest.Request, forms []webtest.Form) {
	p := fmt.Sprintf("/naps/%d", id)
	ap := fmt.Sprintf("%s/actions/%d", p, aid)
	api := fmt.Sprintf("/api/v1/naps/%d", id)
	reads = []string{p, p + "/print", p + "/actions.csv", ap, p + "/diff?from=current&to=current",
		api, api + "/actions", fmt.Sprintf("%s/actions/%d", api, aid)}
	// Addresses that show the record without its title: they must be 404
	// for outsiders all the same.
	silent = []string{p + "/plan.xlsx", api + "/submissions", api + "/diff?from=current&to=current", p + "/edit", p + "/actions/new",
		p + "/sections/NAP-02/edit", p + "/import", ap + "/edit", ap + "/joint",
		p + "/submit", p + "/publish", p + "/withdraw", p + "/delete"} // the confirmation pages
	body := func(s string) webtest.Request {
		return webtest.Request{Body: strings.NewReader(s), Header: http.Header{"Content-Type": {"application/json"}}}
	}
	for _, w := range []struct{ m, path, body string }{
		{"PATCH", api, `{"title":"x","version":1}`},
		{"POST", api + "/actions", `{"title":"x","due":"2021-01-01"}`},
		{"PATCH", fmt.Sprintf("%s/actions/%d", api, aid), `{"progress":50,"version":1}`},
		{"DELETE", fmt.Sprintf("%s/actions/%d", api, aid), ``},
		{"POST", api + "/adopt", `{"authority":"x","date":"2020-01-01"}`},
		{"POST", api + "/submit", ``},
		{"POST", api + "/publish", ``},
		{"POST", api + "/share", `{"shared_with":["SRB"]}`},
		{"POST", api + "/revise", ``},
		{"POST", api + "/import/apply", `{"token":"a-token-that-names-no-preview"}`},
		{"POST", api + "/withdraw", ``},
		{"DELETE", api, ``},
	} {
		r := body(w.body)
		r.Method, r.Path = w.m, w.path
		writes = append(writes, r)
	}
	writes = append(writes, webtest.Request{Method: "POST", Path: api + "/import", Body: strings.NewReader("PK not a workbook"),
		Header: http.Header{"Content-Type": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}}})
	for _, f := range []struct {
		path string
		vals url.Values
	}{
		{p, url.Values{"title": {"x"}, "period_start": {"2020"}, "period_end": {"2021"}, "version": {"1"}}},
		{p + "/sections/NAP-02", url.Values{"text": {"x"}, "version": {"1"}}},
		{p + "/adopt", url.Values{"authority": {"x"}, "date": {"2020-01-01"}}},
		{p + "/submit", url.Values{"confirm": {"nap.submit"}}}, {p + "/publish", url.Values{"confirm": {"nap.publish"}}},
		{p + "/withdraw", url.Values{"confirm": {"nap.withdraw"}}}, {p + "/delete", url.Values{"confirm": {"nap.delete"}}},
		{p + "/share", url.Values{"shared_with": {"SRB"}}}, {p + "/revise", nil},
		{p + "/actions", url.Values{"title": {"x"}, "due": {"2021-01-01"}}},
		{ap, url.Values{"title": {"x"}, "due": {"2021-01-01"}, "version": {"1"}}},
		{ap + "/delete", nil},
		{ap + "/joint", url.Values{"joint_with": {"1"}, "version": {"1"}}},
		{p + "/import", url.Values{"remove_missing": {"yes"}}},
		{p + "/import/apply", url.Values{"preview": {"a-token-that-names-no-preview"}}},
	} {
		forms = append(forms, webtest.Form{Path: f.path, Values: f.vals})
	}
	return reads, silent, writes, forms
}

var napLists = []string{"/naps", "/naps?state={owner}", "/api/v1/naps", "/api/v1/naps?state={owner}", "/state-of-play", "/state-of-play?group=ALL",
	"/api/v1/state-of-play", "/state-of-play.csv", "/states/{owner}"}

// napElsewhere: lists that show the plan in one status only.
var napElsewhere = []string{"/naps?status=draft", "/naps?status=adopted", "/naps?status=submitted", "/api/v1/naps?status=draft", "/tasks", "/api/v1/me/tasks"}

// napCounts: answers that count plans.
var napCounts = []string{"/api/v1/state-of-play", "/api/v1/state-of-play?group=ALL", "/api/v1/naps"}

// TestNAPHidden: another State's plan that is not published does not exist
// for outsiders on any route: pages, API, files, lists, the state of play
// and counts; writes and forms answer 404 and change nothing. A submitted
// plan is read by the Committee and UNODA, and still by no other State.
func TestNAPHidden(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ *store.DB) {
		engine := storetest.Engine(t.Name()[strings.LastIndex(t.Name(), "/")+1:])
		for _, tc := range []struct {
			status model.NAPStatus
			level  model.Visibility
		}{{model.NAPDraft, model.VisPrivate}, {model.NAPAdopted, model.VisPrivate}, {model.NAPSubmitted, model.VisCommittee}} {
			t.Run(string(tc.status), func(t *testing.T) {
				app := webtest.New(t, storetest.Open(t, engine))
				marker := "MARKER-" + strings.ToUpper(string(tc.status))
				n, a := hiddenPlan(t, app, "HRV", marker, tc.status)
				if n.Visibility != tc.level {
					t.Fatalf("a %s plan has visibility %s, want %s", tc.status, n.Visibility, tc.level)
				}
				// The Committee sees a submitted plan, on its page and on the state
				// of play (before CheckHidden, whose positive controls change it).
				expert := app.Account("UNSC1540", model.RoleEditor, webtest.Email("expert-"+string(tc.status)+"@example.org"))
				rec := expert.Get(fmt.Sprintf("/naps/%d", n.ID))
				sees := rec.Code == http.StatusOK && strings.Contains(rec.Body.String(), marker)
				if sees != (tc.status == model.NAPSubmitted) {
					t.Errorf("the Committee reads a %s plan: %v (status %d)", tc.status, sees, rec.Code)
				}
				body := expert.Get("/state-of-play").Body.String()
				if strings.Contains(body, marker) != (tc.status == model.NAPSubmitted) {
					t.Errorf("the Committee's state of play shows a %s plan: %v", tc.status, strings.Contains(body, marker))
				}
				reads, silent, writes, forms := napRoutes(n.ID, a.ID)
				if tc.status == model.NAPSubmitted { // the submission's own page, print view and workbook
					sub := fmt.Sprintf("/naps/%d/submissions/1", n.ID)
					reads, silent = append(reads, sub, sub+"/print"), append(silent, sub+"/plan.xlsx")
				}
				app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: tc.level, Marker: marker, ID: fmt.Sprint(n.ID), Reads: reads, Quiet: silent, Writes: writes,
					Lists: napLists, Elsewhere: napElsewhere, Counts: napCounts, Forms: forms})
				other := app.Account("SRB", model.RoleCoordinator, webtest.Email("srb-"+string(tc.status)+"@example.org"))
				anon := app.Anonymous()
				for _, p := range silent {
					for _, c := range []*webtest.Client{other, anon} {
						if rec := c.Get(p); rec.Code != http.StatusNotFound && rec.Code != http.StatusSeeOther {
							t.Errorf("%s GET %s: %d, want 404", c.Name(), p, rec.Code)
						}
						if rec := c.Do(webtest.Request{Path: p}); rec.Code != http.StatusNotFound && rec.Code != http.StatusUnauthorized {
							t.Errorf("%s GET %s (token): %d, want 404", c.Name(), p, rec.Code)
						}
					}
				}
				// The state of play counts the plan for no outsider, in any format.
				var sp struct {
					Items []struct {
						State string
						Plan  *struct{ ID int64 }
					}
				}
				other.JSON("GET", "/api/v1/state-of-play", nil, &sp)
				for _, row := range sp.Items {
					if row.State == "HRV" && row.Plan != nil && row.Plan.ID == n.ID {
						t.Errorf("another State's state of play shows the plan")
					}
				}
				rec = other.Get("/state-of-play.xlsx?group=SEE")
				f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
				if err != nil {
					t.Fatalf("state of play XLSX: %v", err)
				}
				rows, _ := f.GetRows("state of play")
				for _, r := range rows {
					if strings.Contains(strings.Join(r, " "), marker) {
						t.Errorf("the state of play XLSX leaks the plan: %v", r)
					}
				}
			})
		}
	})
}

// TestNAPPages walks the pages of a plan as its editor and coordinator:
// every page renders, forms save, bad input is 422 with the field marked,
// a stale form shows both versions side by side.
func TestNAPPages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		coord := app.Account("HRV", model.RoleCoordinator)
		editor := app.Account("HRV", model.RoleEditor)
		rec := editor.Post("/naps", url.Values{"title": {"National action plan 2020–2024"}, "type": {"1540-nap"}, "period_start": {"2020"}, "period_end": {"2024"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
		}
		loc := rec.Header().Get("Location")
		path := strings.SplitN(loc, "?", 2)[0]
		webtest.Expect(t, editor.Get(loc), 200, "National action plan 2020–2024", "The draft plan “\u2068National action plan 2020–2024\u2069” of \u2068Croatia\u2069 was started.", "Add an action", "!Adopt the plan")
		webtest.Expect(t, editor.Post("/naps", url.Values{"title": {""}, "period_start": {"2024"}, "period_end": {"2020"}}), 422, `aria-invalid="true"`, "enter the plan&#39;s title", "before the first")

		rec = editor.Post(path+"/actions", url.Values{"title": {"Amend the law on export control"}, "status": {"planned"}, "progress": {"0"},
			"due": {"2021-12-31"}, "start": {"2020-03-01"}, "section": {"NAP-06"}, "elements": {"OP3d-NW-01.LF OP3d-CW-01.LF"}, "lead": {"Ministry of Economy"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("add action: %d %s", rec.Code, rec.Body.String())
		}
		apath := strings.SplitN(rec.Header().Get("Location"), "?", 2)[0]
		webtest.Expect(t, editor.Post(path+"/actions", url.Values{"title": {"x"}, "due": {"2021-01-01"}, "start": {"2022-01-01"}, "elements": {"OP9-ZZ"}, "progress": {"140"}}),
			422, "the due date is before the start date", "OP9-ZZ", "from 0 to 100")
		webtest.Expect(t, editor.Get(apath), 200, "Amend the law on export control", "OP3d-NW-01.LF", "History of status and progress", "action added")
		webtest.Expect(t, editor.Get(apath+"/edit"), 200, `name="version" value="1"`)

		// Two people edit the action from version 1: the second sees both versions.
		webtest.Expect(t, editor.Post(apath, url.Values{"title": {"Amend the law on export control"}, "status": {"in-progress"}, "progress": {"30"},
			"due": {"2021-12-31"}, "start": {"2020-03-01"}, "section": {"NAP-06"}, "elements": {"OP3d-NW-01.LF OP3d-CW-01.LF"}, "version": {"1"},
			"comment": {"draft sent to ministries"}}), 303)
		webtest.Expect(t, coord.Post(apath, url.Values{"title": {"Amend the export control law"}, "status": {"delayed"}, "progress": {"10"},
			"due": {"2022-06-30"}, "version": {"1"}}), 409, "Someone else changed this action", "Your version", "Saved version", "delayed", "in-progress", `name="version" value="2"`)
		webtest.Expect(t, editor.Get(apath), 200, "draft sent to ministries", "30%")

		// Sections, with a conflict shown side by side.
		webtest.Expect(t, editor.Get(path+"/sections/NAP-02/edit"), 200, "National coordination")
		webtest.Expect(t, editor.Post(path+"/sections/NAP-02", url.Values{"text": {"An inter-ministerial working group chaired by the Ministry of Foreign Affairs."}, "version": {"1"}}), 303)
		webtest.Expect(t, coord.Post(path+"/sections/NAP-02", url.Values{"text": {"The coordinator's text."}, "version": {"1"}}), 409, "Your text", "Saved text", "inter-ministerial working group", "The coordinator&#39;s text.")

		// The plan page: roll-up, timeline, completeness, sections.
		webtest.Expect(t, coord.Get(path), 200, "Adopt the plan", "Timeline", `role="img"`, "<title id=\"tl-title\">", "Today", "Completeness of the key elements",
			"missing", "not yet submitted", "OP 3 (d)", "Nuclear (NW)", "inter-ministerial working group")
		webtest.Expect(t, editor.Post(path+"/adopt", url.Values{"authority": {"Government"}, "date": {"2020-02-01"}}), 403)
		webtest.Expect(t, coord.Post(path+"/adopt", url.Values{"authority": {""}, "date": {"2020-02-31"}}), 422, "name the authority", "YYYY-MM-DD")
		webtest.Expect(t, coord.Post(path+"/submit", url.Values{"confirm": {"nap.submit"}}), 409, "This cannot be done now", "must be adopted")
		webtest.Expect(t, coord.Post(path+"/adopt", url.Values{"authority": {"Government of Croatia"}, "date": {"2020-02-01"}}), 303)
		// Submitting is confirmed on its page: the key elements first, what
		// happens, who reads it; a POST without the confirmation changes nothing.
		webtest.Expect(t, coord.Get(path+"/submit"), 200, "Check the key elements first", "What will happen", "submission 1", `name="confirm" value="nap.submit"`)
		webtest.Expect(t, coord.Post(path+"/submit", nil), 200, "What will happen")
		webtest.Expect(t, coord.Get(path), 200, "not yet submitted", "!Submission 1")
		webtest.Expect(t, coord.Post(path+"/submit", url.Values{"confirm": {"nap.submit"}}), 303)
		webtest.Expect(t, coord.Get(path), 200, "Submission 1", "Submitted to the 1540 Committee", "Submit again")
		webtest.Expect(t, coord.Post(path+"/share", url.Values{"shared_with": {"OSCE NOPE"}}), 422, "NOPE")
		webtest.Expect(t, coord.Post(path+"/share", url.Values{"shared_with": {"OSCE SEE"}}), 303)
		webtest.Expect(t, coord.Get(path), 200, "OSCE, SEE")
		webtest.Expect(t, coord.Get(path+"/diff?from=1&to=current"), 200, "What changed", "unchanged")
		webtest.Expect(t, coord.Get(path+"/diff?from=7"), 422, "no submission 7")
		webtest.Expect(t, coord.Get(path+"/print"), 200, "printable", "NAP-12")
		rec = coord.Get(path + "/actions.csv")
		webtest.Expect(t, rec, 200, "id,title,status,progress", "Amend the law on export control")
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("CSV content type %q", ct)
		}
		webtest.Expect(t, app.Get("/naps/key-elements"), 200, "practical template", "not an official", "NAP-12")
		webtest.Expect(t, app.Get("/state-of-play"), 200, "South-East Europe", "No published plan")
		webtest.Expect(t, coord.Get("/state-of-play?sort=progress&dir=desc"), 200, `aria-sort="descending"`, "National action plan 2020–2024")
		webtest.Expect(t, coord.Get("/state-of-play?group=NOPE"), 422, "no group")
		webtest.Expect(t, coord.Get("/states/HRV"), 200, "National Implementation Action Plans", "National action plan 2020–2024")
		webtest.Expect(t, coord.Get("/naps"), 200, "National action plan 2020–2024", "Start a plan for HRV")
		rec = coord.Get("/state-of-play.csv?group=SEE")
		webtest.Expect(t, rec, 200, "state,state_name,plan_id", "HRV,Croatia")

		// A revision carries the open actions and compares with the plan it replaces.
		rec = coord.Post(path+"/revise", nil)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("revise: %d", rec.Code)
		}
		rpath := strings.SplitN(rec.Header().Get("Location"), "?", 2)[0]
		webtest.Expect(t, coord.Get(rpath), 200, "Revision of: National action plan", "Amend the law on export control", "Revises")
		webtest.Expect(t, coord.Get(rpath+"/diff?from=replaced&to=current"), 200, "replaced plan", "title")

		// Withdraw: closed to changes.
		webtest.Expect(t, coord.Post(rpath+"/withdraw", nil), 200, "Withdraw the plan")
		webtest.Expect(t, coord.Post(rpath+"/withdraw", url.Values{"confirm": {"nap.withdraw"}}), 303)
		webtest.Expect(t, editor.Post(rpath+"/actions", url.Values{"title": {"x"}, "due": {"2026-01-01"}}), 422, "withdrawn")

		// In Russian and Arabic the plans' list and the state of play speak
		// the reader's language (issue 17); the English above is the control.
		webtest.Expect(t, coord.Get("/naps?lang=ru"), 200, "Планы, которые государства составляют для осуществления резолюции 1540", "!The plans States make to implement resolution 1540")
		webtest.Expect(t, coord.Get("/naps?lang=ar"), 200, "الخطط التي تضعها الدول لتنفيذ القرار 1540", "!The plans States make to implement resolution 1540")
		webtest.Expect(t, app.Get("/state-of-play?lang=ru"), 200, "Опубликованного плана нет", "Положение дел с планами", "!No published plan", "!State of play of the plans")
		webtest.Expect(t, app.Get("/state-of-play?lang=ar"), 200, "لا توجد خطة منشورة", "حالة تنفيذ الخطط", "!No published plan", "!State of play of the plans")
		// The group is named in the reader's language too (it was English
		// on every page), and so are the API's names: the language asked
		// (Accept-Language or ?lang=), English without one.
		webtest.Expect(t, app.Get("/state-of-play?group=SEE&lang=fr"), 200, "Pour chaque État du groupe « Europe du Sud-Est »", "!South-East Europe")
		webtest.Expect(t, app.Get("/state-of-play?group=SEE&lang=en"), 200, "For each State of South-East Europe")
		webtest.Expect(t, app.Get("/state-of-play?group=ALL&lang=ru"), 200, "!All UN member States")
		webtest.Expect(t, app.Get("/api/v1/state-of-play?group=SEE"), 200, `"group_name":"South-East Europe"`, `"state_name":"Croatia"`)
		webtest.Expect(t, app.Get("/api/v1/state-of-play?group=SEE&lang=fr"), 200, `"group_name":"Europe du Sud-Est"`, `"state_name":"Croatie"`)
		webtest.Expect(t, app.Get("/api/v1/state-of-play?group=ALL", "Accept-Language", "ru"), 200, `"group_name":"Все государства — члены ООН"`, `"state_name":"Хорватия"`)
	})
}

// TestNAPImportPage: a workbook exported from a plan, changed and uploaded,
// is previewed as a diff and applied all or nothing; hostile files are
// refused with a message.
func TestNAPImportPage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		editor := app.Account("HRV", model.RoleEditor)
		n, a := hiddenPlan(t, app, "HRV", "IMPORT", model.NAPDraft)
		path := fmt.Sprintf("/naps/%d", n.ID)
		rec := editor.Get(path + "/plan.xlsx")
		if rec.Code != 200 {
			t.Fatalf("export: %d", rec.Code)
		}
		f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(f.GetSheetList(), ","); got != "plan,sections,actions" {
			t.Fatalf("sheets %s", got)
		}
		// Change the action's progress, add one, change a section.
		_ = f.SetCellValue("actions", "C2", "in-progress")
		_ = f.SetCellValue("actions", "D2", "40")
		_ = f.SetSheetRow("actions", "A3", &[]any{"", "Train customs officers", "planned", "0", "", "2022-03-31", "NAP-09"})
		_ = f.SetCellValue("sections", "C3", "A national working group, imported.")
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		rec = upload(t, editor, path+"/import", buf.Bytes())
		webtest.Expect(t, rec, 200, "What the import would change", "1 action added, 1 changed, 0 removed", "Train customs officers", "40%", "Apply the import")
		token := between(rec.Body.String(), `name="preview" value="`, `"`)
		if token == "" || strings.Contains(rec.Body.String(), `name="payload"`) {
			t.Fatal("no preview token in the preview")
		}
		second := between(upload(t, editor, path+"/import", buf.Bytes()).Body.String(), `name="preview" value="`, `"`)
		// Nothing saved yet.
		if as, _ := app.Services.NAPs.Actions(context.Background(), model.SystemViewer("t"), n.ID); len(as) != 1 {
			t.Fatalf("the preview saved actions: %d", len(as))
		}
		webtest.Expect(t, editor.Post(path+"/import/apply", url.Values{"preview": {htmlUnescape(token)}}), 303)
		as, _ := app.Services.NAPs.Actions(context.Background(), model.SystemViewer("t"), n.ID)
		if len(as) != 2 {
			t.Fatalf("after the import: %d actions", len(as))
		}
		for _, x := range as {
			if x.ID == a.ID && (x.Progress != 40 || x.Status != model.ActionInProgress) {
				t.Errorf("imported action: %+v", x)
			}
		}
		// The same preview again: applied once only.
		webtest.Expect(t, editor.Post(path+"/import/apply", url.Values{"preview": {htmlUnescape(token)}}), 422, "no longer available")
		// A second preview of the same file: the plan changed since.
		webtest.Expect(t, editor.Post(path+"/import/apply", url.Values{"preview": {htmlUnescape(second)}}), 409, "changed")
		// Hostile or wrong files.
		webtest.Expect(t, upload(t, editor, path+"/import", []byte("not a zip at all")), 422, "not an XLSX workbook")
		g := excelize.NewFile()
		_ = g.SetCellValue("Sheet1", "A1", "x")
		buf.Reset()
		_ = g.Write(&buf)
		webtest.Expect(t, upload(t, editor, path+"/import", buf.Bytes()), 422, "is missing")
		webtest.Expect(t, editor.Post(path+"/import", url.Values{}), 422, "choose an XLSX file")
		// Over the route's limit: 413 before any work.
		big := webtest.Request{Method: "POST", Path: path + "/import", Body: strings.NewReader("x"),
			Header: http.Header{"Content-Length": {fmt.Sprint(service.ImportMaxBytes + 1<<20)}, "Content-Type": {"multipart/form-data; boundary=x"}}}
		if rec := editor.Do(big); rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized upload: %d", rec.Code)
		}
	})
}

func upload(t *testing.T, c *webtest.Client, path string, data []byte) *httptest.ResponseRecorder {
	t.Helper()
	return c.Upload(path, "file", "plan.xlsx", data, url.Values{})
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	j := strings.Index(s, b)
	if j < 0 {
		return ""
	}
	return s[:j]
}

func htmlUnescape(s string) string {
	r := strings.NewReplacer("&#34;", `"`, "&quot;", `"`, "&lt;", "<", "&gt;", ">", "&#39;", "'", "&amp;", "&", "&#43;", "+")
	return r.Replace(s)
}
