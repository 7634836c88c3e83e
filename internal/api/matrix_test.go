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

type cellOutJSON struct {
	State        string  `json:"state"`
	Edition      int     `json:"edition"`
	FieldID      string  `json:"field_id"`
	Status       *string `json:"status"`
	Reference    string  `json:"reference"`
	Version      int64   `json:"version"`
	UpdatedBy    string  `json:"updated_by"`
	UpdatedByOrg string  `json:"updated_by_org"`
}

type errorOut struct {
	Error   string            `json:"error"`
	Fields  map[string]string `json:"fields"`
	Current *cellOutJSON      `json:"current"`
}

func TestMatrixElementsAPI(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		var out struct {
			Items []struct {
				ID, Section, Area, Element, Label, Weapon, Column, Wording, Source string
				Row                                                                int
				Verified                                                           bool
			}
			Taxonomy string
		}
		if code := app.JSON("GET", "/api/v1/matrix/elements", nil, &out); code != 200 {
			t.Fatalf("status %d", code)
		}
		if len(out.Items) != 323 || out.Taxonomy == "" {
			t.Fatalf("%d elements, taxonomy %q", len(out.Items), out.Taxonomy)
		}
		seen := map[string]bool{}
		verified := 0
		for _, e := range out.Items {
			if seen[e.ID] || e.Section == "" || e.Weapon == "" || e.Column == "" || e.Label == "" {
				t.Errorf("element %+v", e)
			}
			seen[e.ID] = true
			if e.Verified {
				verified++
				if e.Wording != "verified wording" {
					t.Errorf("%s: wording %q", e.ID, e.Wording)
				}
			} else if e.Wording != "reconstructed wording, not verified" {
				t.Errorf("%s is inferred but its wording says %q", e.ID, e.Wording)
			}
		}
		if verified != 10 || !seen["OP1-07"] || !seen["OP3d-NW-09.LF"] {
			t.Errorf("%d verified; OP1-07 %v; OP3d-NW-09.LF %v", verified, seen["OP1-07"], seen["OP3d-NW-09.LF"])
		}
	})
}

// TestMatrixAPIFlow: the API of item 8 end to end, with the bad input
// the issue lists.
func TestMatrixAPIFlow(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		expert := app.Account("UNSC1540", model.RoleEditor)
		chief := app.Account("UNSC1540", model.RoleCoordinator)
		poc := app.Account("HRV", model.RoleCoordinator)
		hrvEditor := app.Account("HRV", model.RoleEditor)
		srb := app.Account("SRB", model.RoleCoordinator)
		anon := app.Anonymous()
		base := "/api/v1/states/HRV/matrix"

		if code := anon.JSON("GET", base, nil, nil); code != 404 {
			t.Errorf("a State without a matrix: %d", code)
		}
		var e errorOut
		for _, tc := range []struct {
			path  string
			body  any
			field string
		}{
			{base + "/cells/OP9-99", map[string]any{"status": "X"}, "field_id"},
			{base + "/cells/OP1-07", map[string]any{"status": "Yes"}, "status"},
			{base + "/cells/OP1-07", map[string]any{"status": ""}, "status"},
			{base + "/cells/OP1-07", map[string]any{"status": 1}, "status"},
			{base + "/cells/OP1-07", map[string]any{"status": "X", "colour": "red"}, "colour"},
			{base + "/cells/OP1-07", map[string]any{"status": "X", "version": "one"}, "version"},
		} {
			e = errorOut{}
			if code := expert.JSON("PUT", tc.path, tc.body, &e); code != 422 || e.Fields[tc.field] == "" {
				t.Errorf("PUT %s %v: %d %+v, want 422 naming %s", tc.path, tc.body, code, e, tc.field)
			}
		}
		// A State editing the experts' draft: 403; another State: 404.
		if code := poc.JSON("PUT", base+"/cells/OP1-07", map[string]any{"status": "X"}, nil); code != 403 {
			t.Errorf("the State edits: %d", code)
		}
		if code := srb.JSON("PUT", base+"/cells/OP1-07", map[string]any{"status": "X"}, nil); code != 404 {
			t.Errorf("another State edits: %d", code)
		}
		// The first edit opens edition 1 (version left out: a never-edited cell).
		var c cellOutJSON
		if code := expert.JSON("PUT", base+"/cells/OP1-07", map[string]any{"status": "X", "reference": "ratified 1995"}, &c); code != 200 ||
			c.Edition != 1 || c.Version != 1 || *c.Status != "X" || c.State != "HRV" {
			t.Fatalf("first edit: %d %+v", code, c)
		}
		if code := expert.JSON("PUT", base+"/cells/OP2-NW-01.LF", map[string]any{"status": nil, "remarks": "nothing found", "version": 0}, &c); code != 200 || c.Status != nil {
			t.Fatalf("null status: %d %+v", code, c)
		}
		e = errorOut{}
		if code := expert.JSON("PUT", base+"/cells/OP1-07", map[string]any{"status": "?", "version": 0}, &e); code != 409 ||
			e.Current == nil || e.Current.Version != 1 || e.Current.Reference != "ratified 1995" {
			t.Errorf("stale version: %d %+v", code, e)
		}
		// The draft: the State and the Committee read it; nobody else.
		var m struct {
			State, Status string
			Edition       int
			Cells         map[string]cellOutJSON
		}
		if code := poc.JSON("GET", base, nil, &m); code != 200 || m.Status != "draft" || len(m.Cells) != 323 || m.Cells["OP1-07"].Version != 1 ||
			m.Cells["OP1-08"].Version != 0 || m.Cells["OP1-08"].Status != nil {
			t.Errorf("the State reads its draft: %d %s %d cells", code, m.Status, len(m.Cells))
		}
		for _, c := range []*webtest.Client{srb, anon} {
			if code := c.JSON("GET", base, nil, nil); code != 404 {
				t.Errorf("%s reads the draft: %d", c.Name(), code)
			}
			if code := c.JSON("GET", base+"?edition=1", nil, nil); code != 404 {
				t.Errorf("%s reads edition 1: %d", c.Name(), code)
			}
		}
		if code := expert.JSON("GET", base+"?edition=zero", nil, &e); code != 422 {
			t.Errorf("edition=zero: %d", code)
		}
		review := func(c *webtest.Client, step string, body any) (int, errorOut) {
			var e errorOut
			code := c.JSON("POST", base+"/"+step, body, &e)
			return code, e
		}
		if code, _ := review(hrvEditor, "send", nil); code != 403 {
			t.Errorf("a State editor sends: %d", code)
		}
		if code, _ := review(expert, "send", map[string]any{"edition": 2}); code != 409 {
			t.Errorf("send with the wrong edition: %d", code)
		}
		if code, _ := review(expert, "send", map[string]any{"edition": 1}); code != 200 {
			t.Fatalf("send: %d", code)
		}
		if code, e := review(chief, "approve", nil); code != 409 || !strings.Contains(e.Error, "has not agreed") {
			t.Errorf("approval before the State agreed: %d %q", code, e.Error)
		}
		var cm struct {
			ID   int64
			Body string
		}
		if code := poc.JSON("POST", base+"/cells/OP1-07/comments", map[string]any{"body": "Please add the 2016 amendment."}, &cm); code != 201 || cm.ID == 0 {
			t.Errorf("comment: %d %+v", code, cm)
		}
		if code := poc.JSON("POST", base+"/cells/OP1-07/comments", map[string]any{"body": "  "}, &e); code != 422 {
			t.Errorf("empty comment: %d", code)
		}
		var comments struct{ Items []struct{ Body string } }
		if code := expert.JSON("GET", base+"/cells/OP1-07/comments", nil, &comments); code != 200 || len(comments.Items) != 1 {
			t.Errorf("comments: %d %+v", code, comments)
		}
		if code, e := review(poc, "request-changes", map[string]any{}); code != 422 || e.Fields["note"] == "" {
			t.Errorf("changes without a note: %d %+v", code, e)
		}
		if code, _ := review(poc, "request-changes", map[string]any{"note": "see OP1-07"}); code != 200 {
			t.Errorf("request changes: %d", code)
		}
		if code := expert.JSON("PUT", base+"/cells/OP1-07", map[string]any{"status": "X", "reference": "ratified 1995; amended 2016", "version": 1}, nil); code != 200 {
			t.Errorf("edit after the State's comments: %d", code)
		}
		if code, _ := review(expert, "send", nil); code != 200 {
			t.Errorf("send again: %d", code)
		}
		if code, _ := review(poc, "agree", nil); code != 200 {
			t.Errorf("agree: %d", code)
		}
		var ed struct {
			Status string
			Agreed bool
		}
		if code := chief.JSON("POST", base+"/approve", nil, &ed); code != 200 || ed.Status != "approved" {
			t.Fatalf("approve: %d %+v", code, ed)
		}
		// Public now.
		if code := anon.JSON("GET", base, nil, &m); code != 200 || m.Status != "approved" || m.Cells["OP1-07"].UpdatedBy != "" || m.Cells["OP1-07"].UpdatedByOrg != "UNSC1540" {
			t.Errorf("the public reads: %d %+v", code, m.Cells["OP1-07"])
		}
		var eds struct{ Items []struct{ Edition int } }
		if code := anon.JSON("GET", base+"/editions", nil, &eds); code != 200 || len(eds.Items) != 1 {
			t.Errorf("editions: %d %+v", code, eds)
		}
		var hist struct{ Items []struct{ Edition int } }
		if code := anon.JSON("GET", base+"/cells/OP1-07/history", nil, &hist); code != 200 || len(hist.Items) != 1 {
			t.Errorf("public history: %d %+v", code, hist)
		}
		if code := poc.JSON("GET", base+"/cells/OP1-07/history", nil, &hist); code != 200 || len(hist.Items) != 2 {
			t.Errorf("the State's history: %d %+v", code, hist)
		}
		var gaps struct{ Items []struct{ FieldID string } }
		if code := anon.JSON("GET", base+"/gaps", nil, &gaps); code != 200 || len(gaps.Items) != 322 {
			t.Errorf("gaps: %d, %d", code, len(gaps.Items))
		}
		var cov struct {
			Items []struct {
				State    string
				Edition  *int
				Sections map[string]struct {
					X, Total int
					Shares   map[string]float64
					Weapons  map[string]struct{ Total int }
				}
			}
		}
		if code := anon.JSON("GET", "/api/v1/matrix/coverage?group=SEE", nil, &cov); code != 200 || len(cov.Items) != 6 {
			t.Fatalf("coverage: %d %+v", code, cov)
		}
		for _, it := range cov.Items {
			if it.State == "HRV" {
				op1 := it.Sections["OP1"]
				if it.Edition == nil || *it.Edition != 1 || op1.X != 1 || op1.Total != 17 || op1.Shares["x"] != 5.9 || it.Sections["OP2"].Weapons["NW"].Total != 24 {
					t.Errorf("HRV coverage: %+v", it)
				}
			} else if it.Edition != nil || len(it.Sections) != 0 {
				t.Errorf("%s has coverage: %+v", it.State, it)
			}
		}
		if code := anon.JSON("GET", "/api/v1/matrix/coverage?group=NOPE", nil, &e); code != 422 || e.Fields["group"] == "" {
			t.Errorf("unknown group: %d %+v", code, e)
		}
		if code := anon.JSON("GET", base+"/diff?from=1", nil, &e); code != 422 || e.Fields["to"] == "" {
			t.Errorf("diff without to: %d %+v", code, e)
		}
		if code := anon.JSON("GET", "/api/v1/states/XXX/matrix", nil, nil); code != 404 {
			t.Errorf("unknown State: %d", code)
		}
	})
}

// TestMatrixConcurrentPuts: the same cell saved at once by several
// clients from the same version, on both engines: one 200, the rest 409
// with the current cell.
func TestMatrixConcurrentPuts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		experts := make([]*webtest.Client, 4)
		for i := range experts {
			experts[i] = app.Account("UNSC1540", model.RoleEditor, webtest.Email(fmt.Sprintf("expert%d@unsc1540.example.org", i)))
		}
		for round, version := range []int64{0, 1} {
			codes := make([]int, len(experts))
			currents := make([]errorOut, len(experts))
			var wg sync.WaitGroup
			for i, c := range experts {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes[i] = c.JSON(http.MethodPut, "/api/v1/states/BIH/matrix/cells/OP1-03",
						map[string]any{"status": "X", "reference": fmt.Sprintf("round %d writer %d", round, i), "version": version}, &currents[i])
				}()
			}
			wg.Wait()
			ok := 0
			for i, code := range codes {
				switch code {
				case 200:
					ok++
				case 409:
					if currents[i].Current == nil || currents[i].Current.Version != version+1 {
						t.Errorf("round %d: the 409 lacks the current cell: %+v", round, currents[i])
					}
				default:
					t.Errorf("round %d: status %d", round, code)
				}
			}
			if ok != 1 {
				t.Errorf("round %d: %d writers won (%v)", round, ok, codes)
			}
		}
	})
}
