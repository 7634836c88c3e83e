package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

type planOut struct {
	ID          int64             `json:"id"`
	State       string            `json:"state"`
	Title       string            `json:"title"`
	Status      string            `json:"status"`
	Visibility  string            `json:"visibility"`
	Version     int64             `json:"version"`
	PeriodStart int               `json:"period_start"`
	Sections    map[string]string `json:"sections"`
	Submissions *int              `json:"submissions"`
	Rollup      *struct {
		Total struct {
			Actions int `json:"actions"`
			Percent int `json:"percent_completed"`
			Overdue int `json:"overdue"`
		} `json:"total"`
	} `json:"rollup"`
	Completeness []struct {
		Code, Level, Reason string
	} `json:"completeness"`
}

type actionOut struct {
	ID       int64    `json:"id"`
	Title    string   `json:"title"`
	Status   string   `json:"status"`
	Progress int      `json:"progress"`
	Due      string   `json:"due"`
	Elements []string `json:"elements"`
	Version  int64    `json:"version"`
	History  []struct {
		Actor, Status, Comment string
		Progress               int
	} `json:"history"`
}

type errOut struct {
	Error   string            `json:"error"`
	Fields  map[string]string `json:"fields"`
	Current map[string]any    `json:"current"`
}

// napFixture is a State's plan with one action, made through the API.
func napFixture(t *testing.T, app *webtest.App, state, title string) (coord, editor *webtest.Client, plan planOut, action actionOut) {
	t.Helper()
	coord = app.Account(state, model.RoleCoordinator, webtest.Email(fmt.Sprintf("coord-%s-%d@example.org", strings.ToLower(state), len(title))))
	editor = app.Account(state, model.RoleEditor, webtest.Email(fmt.Sprintf("editor-%s-%d@example.org", strings.ToLower(state), len(title))))
	if code := editor.JSON("POST", "/api/v1/naps", map[string]any{"title": title, "period_start": 2015, "period_end": "2019",
		"sections": map[string]string{"NAP-02": "The inter-ministerial working group leads."}}, &plan); code != http.StatusCreated {
		t.Fatalf("create plan: %d", code)
	}
	if code := editor.JSON("POST", fmt.Sprintf("/api/v1/naps/%d/actions", plan.ID), map[string]any{"title": "Amend the export control law " + title,
		"due": "2017-06-30", "start": "2015-03-01", "elements": []string{"OP3d-NW-01.LF", "OP3d-CW-01.LF"}, "section": "NAP-06"}, &action); code != http.StatusCreated {
		t.Fatalf("create action: %d", code)
	}
	return coord, editor, plan, action
}

func TestNAPWorkflowAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		coord, editor, plan, action := napFixture(t, app, "HRV", "Croatian plan")
		if plan.Status != "draft" || plan.Visibility != "private" || plan.Version != 1 || plan.State != "HRV" {
			t.Fatalf("new plan: %+v", plan)
		}
		if action.Status != "planned" || action.Progress != 0 || len(action.Elements) != 2 {
			t.Fatalf("new action: %+v", action)
		}
		expert := app.Account("UNSC1540", model.RoleEditor)
		other := app.Account("SRB", model.RoleCoordinator)
		path := fmt.Sprintf("/api/v1/naps/%d", plan.ID)

		// The Committee does not see a draft; another State neither.
		for _, c := range []*webtest.Client{expert, other} {
			if code := c.JSON("GET", path, nil, nil); code != http.StatusNotFound {
				t.Errorf("%s reads a draft: %d", c.Name(), code)
			}
		}
		// Workflow steps: the editor may not; forbidden jumps are 422 on status.
		var e errOut
		if code := editor.JSON("POST", path+"/adopt", map[string]string{"authority": "Government", "date": "2015-02-01"}, &e); code != http.StatusForbidden {
			t.Errorf("editor adopts: %d", code)
		}
		if code := coord.JSON("POST", path+"/submit", nil, &e); code != http.StatusUnprocessableEntity || e.Fields["status"] == "" {
			t.Errorf("submit a draft: %d %+v", code, e)
		}
		if code := coord.JSON("POST", path+"/publish", nil, &e); code != http.StatusUnprocessableEntity || e.Fields["status"] == "" {
			t.Errorf("publish a draft: %d %+v", code, e)
		}
		e = errOut{}
		if code := coord.JSON("POST", path+"/adopt", map[string]string{"authority": "", "date": "15/02/2015"}, &e); code != http.StatusUnprocessableEntity ||
			e.Fields["authority"] == "" || e.Fields["date"] == "" {
			t.Errorf("adopt without authority and with a bad date: %d %+v", code, e)
		}
		var p planOut
		if code := coord.JSON("POST", path+"/adopt", map[string]string{"authority": "Government of Croatia", "date": "2015-02-01"}, &p); code != http.StatusOK ||
			p.Status != "adopted" || p.Visibility != "private" {
			t.Fatalf("adopt: %d %+v", code, p)
		}
		if code := coord.JSON("POST", path+"/submit", nil, &p); code != http.StatusOK || p.Status != "submitted" || p.Visibility != "committee" ||
			p.Submissions == nil || *p.Submissions != 1 {
			t.Fatalf("submit: %d %+v", code, p)
		}
		// The Committee now reads it; another State still does not.
		if code := expert.JSON("GET", path, nil, &p); code != http.StatusOK || p.Title != "Croatian plan" {
			t.Errorf("the Committee reads a submitted plan: %d", code)
		}
		if code := other.JSON("GET", path, nil, nil); code != http.StatusNotFound {
			t.Errorf("another State reads a submitted plan: %d", code)
		}
		// The Committee may read but not change it.
		if code := expert.JSON("PATCH", path, map[string]any{"title": "x", "version": p.Version}, nil); code != http.StatusForbidden {
			t.Errorf("the Committee changes a State's plan: %d", code)
		}
		// Progress, with a comment in the history.
		var a actionOut
		if code := editor.JSON("PATCH", fmt.Sprintf("%s/actions/%d", path, action.ID), map[string]any{"status": "completed", "progress": 100,
			"comment": "law adopted by parliament", "version": action.Version}, &a); code != http.StatusOK {
			t.Fatalf("complete the action: %d", code)
		}
		if code := editor.JSON("GET", fmt.Sprintf("%s/actions/%d", path, action.ID), nil, &a); code != http.StatusOK || len(a.History) != 2 ||
			a.History[1].Comment != "law adopted by parliament" || a.History[1].Status != "completed" {
			t.Errorf("history: %+v", a.History)
		}
		// A second submission, then the diff between the two.
		if code := coord.JSON("POST", path+"/submit", nil, &p); code != http.StatusOK || *p.Submissions != 2 {
			t.Fatalf("second submission: %d", code)
		}
		var d struct {
			Actions []struct {
				Kind   string
				Fields []struct{ Field, Before, After string }
			}
		}
		if code := expert.JSON("GET", path+"/diff?from=1&to=2", nil, &d); code != http.StatusOK || len(d.Actions) != 1 || d.Actions[0].Kind != "changed" {
			t.Fatalf("diff: %d %+v", code, d)
		}
		fields := map[string]string{}
		for _, f := range d.Actions[0].Fields {
			fields[f.Field] = f.Before + " → " + f.After
		}
		if fields["status"] != "planned → completed" || fields["progress"] != "0% → 100%" {
			t.Errorf("diff fields: %v", fields)
		}
		if code := expert.JSON("GET", path+"/diff?from=9&to=2", nil, &e); code != http.StatusUnprocessableEntity || e.Fields["from"] == "" {
			t.Errorf("diff from a missing submission: %d %+v", code, e)
		}
		if code := coord.JSON("POST", path+"/publish", nil, &p); code != http.StatusOK || p.Status != "published" || p.Visibility != "public" {
			t.Fatalf("publish: %d %+v", code, p)
		}
		if code := app.Anonymous().JSON("GET", path, nil, &p); code != http.StatusOK {
			t.Errorf("the public reads a published plan: %d", code)
		}
		// Withdrawal through PATCH: the coordinator only; other status changes refused.
		if code := editor.JSON("PATCH", path, map[string]any{"status": "withdrawn", "version": p.Version}, nil); code != http.StatusForbidden {
			t.Errorf("the editor withdraws: %d", code)
		}
		e = errOut{}
		if code := coord.JSON("PATCH", path, map[string]any{"status": "draft", "version": p.Version}, &e); code != http.StatusUnprocessableEntity || e.Fields["status"] == "" {
			t.Errorf("back to draft: %d %+v", code, e)
		}
		if code := coord.JSON("PATCH", path, map[string]any{"status": "withdrawn", "version": p.Version}, &p); code != http.StatusOK || p.Status != "withdrawn" || p.Visibility != "private" {
			t.Errorf("withdraw: %d %+v", code, p)
		}
		if code := expert.JSON("GET", path, nil, nil); code != http.StatusNotFound {
			t.Errorf("the Committee reads a withdrawn plan: %d", code)
		}
	})
}

// TestNAPBadInput: each bad input is 422 naming its field, and nothing changes.
func TestNAPBadInput(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		_, editor, plan, action := napFixture(t, app, "HRV", "Plan")
		apath := fmt.Sprintf("/api/v1/naps/%d/actions/%d", plan.ID, action.ID)
		tests := []struct {
			name, method, path string
			body               any
			field              string
		}{
			{"unknown matrix field", "PATCH", apath, map[string]any{"elements": []string{"OP3d-NW-01.LF", "OP9-XX-99.ZZ"}, "version": action.Version}, "elements"},
			{"due before start", "PATCH", apath, map[string]any{"start": "2018-01-01", "due": "2017-01-01", "version": action.Version}, "due"},
			{"progress over 100", "PATCH", apath, map[string]any{"progress": 101, "version": action.Version}, "progress"},
			{"progress negative", "PATCH", apath, map[string]any{"progress": "-5", "version": action.Version}, "progress"},
			{"unknown status", "PATCH", apath, map[string]any{"status": "done", "version": action.Version}, "status"},
			{"bad due", "POST", fmt.Sprintf("/api/v1/naps/%d/actions", plan.ID), map[string]any{"title": "x", "due": "30.6.2017"}, "due"},
			{"no due", "POST", fmt.Sprintf("/api/v1/naps/%d/actions", plan.ID), map[string]any{"title": "x"}, "due"},
			{"no title", "POST", fmt.Sprintf("/api/v1/naps/%d/actions", plan.ID), map[string]any{"due": "2017-01-01"}, "title"},
			{"elements not an array", "POST", fmt.Sprintf("/api/v1/naps/%d/actions", plan.ID), map[string]any{"title": "x", "due": "2017-01-01", "elements": "OP1-01"}, "elements"},
			{"period reversed", "PATCH", fmt.Sprintf("/api/v1/naps/%d", plan.ID), map[string]any{"period_start": 2019, "period_end": 2015, "version": plan.Version}, "period_end"},
			{"bad year", "POST", "/api/v1/naps", map[string]any{"title": "x", "period_start": "twenty", "period_end": 2019}, "period_start"},
			{"unknown section", "PATCH", fmt.Sprintf("/api/v1/naps/%d", plan.ID), map[string]any{"sections": map[string]string{"NAP-13": "x"}, "version": plan.Version}, "sections"},
			{"replaces itself", "PATCH", fmt.Sprintf("/api/v1/naps/%d", plan.ID), map[string]any{"replaces": plan.ID, "version": plan.Version}, "replaces"},
			{"unknown field", "PATCH", apath, map[string]any{"colour": "red", "version": action.Version}, "colour"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var e errOut
				if code := editor.JSON(tt.method, tt.path, tt.body, &e); code != http.StatusUnprocessableEntity || e.Fields[tt.field] == "" {
					t.Errorf("%d %+v, want 422 naming %s", code, e, tt.field)
				}
			})
		}
		var a actionOut
		editor.JSON("GET", apath, nil, &a)
		if a.Version != action.Version || len(a.Elements) != 2 || a.Progress != 0 {
			t.Errorf("the action changed after refused input: %+v", a)
		}
		var p planOut
		editor.JSON("GET", fmt.Sprintf("/api/v1/naps/%d", plan.ID), nil, &p)
		if p.Version != plan.Version {
			t.Errorf("the plan changed after refused input: %+v", p)
		}
	})
}

// TestNAPActionConcurrentPatches: 50 PATCHes of one action with the same
// version give exactly one success and no lost update, on both engines.
func TestNAPActionConcurrentPatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		_, editor, plan, action := napFixture(t, app, "HRV", "Concurrent")
		path := fmt.Sprintf("/api/v1/naps/%d/actions/%d", plan.ID, action.ID)
		const n = 50
		codes := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = editor.JSON("PATCH", path, map[string]any{"progress": i + 1, "status": "in-progress",
					"comment": fmt.Sprintf("writer %d", i), "version": action.Version}, nil)
			}()
		}
		wg.Wait()
		ok, conflicts, winner := 0, 0, -1
		for i, c := range codes {
			switch c {
			case http.StatusOK:
				ok++
				winner = i
			case http.StatusConflict:
				conflicts++
			default:
				t.Errorf("writer %d: status %d", i, c)
			}
		}
		if ok != 1 || conflicts != n-1 {
			t.Fatalf("%d successes and %d conflicts, want 1 and %d", ok, conflicts, n-1)
		}
		var a actionOut
		editor.JSON("GET", path, nil, &a)
		if a.Version != action.Version+1 || a.Progress != winner+1 {
			t.Errorf("final action %+v: want version %d and the winner's progress %d", a, action.Version+1, winner+1)
		}
		if len(a.History) != 2 || a.History[1].Comment != fmt.Sprintf("writer %d", winner) {
			t.Errorf("history: %+v", a.History)
		}
		// A stale PATCH answers 409 with the current record.
		var e errOut
		if code := editor.JSON("PATCH", path, map[string]any{"progress": 5, "version": action.Version}, &e); code != http.StatusConflict ||
			e.Current["progress"] != float64(winner+1) {
			t.Errorf("stale PATCH: %d %+v", code, e)
		}
	})
}
