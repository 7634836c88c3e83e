package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"napx/internal/webtest"
)

// TestListsArePaged (issue 15.7): a plan's actions come in pages of
// `limit`, each page naming the next; walking them gives every action once;
// a bad limit or cursor is 422 naming it; error details are capped.
func TestListsArePaged(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		_, editor, plan, first := napFixture(t, app, "HRV", "Paged plan")
		want := map[int64]bool{first.ID: true}
		for i := range 6 {
			var a actionOut
			if code := editor.JSON("POST", fmt.Sprintf("/api/v1/naps/%d/actions", plan.ID), map[string]any{"title": fmt.Sprintf("Action %d", i), "due": "2018-01-01"}, &a); code != http.StatusCreated {
				t.Fatalf("create: %d", code)
			}
			want[a.ID] = true
		}
		seen := map[int64]bool{}
		next, pages := fmt.Sprintf("/api/v1/naps/%d/actions?limit=3", plan.ID), 0
		for next != "" {
			var p struct {
				Items []actionOut `json:"items"`
				Next  string      `json:"next"`
			}
			if code := editor.JSON("GET", next, nil, &p); code != 200 {
				t.Fatalf("GET %s: %d", next, code)
			}
			if len(p.Items) > 3 {
				t.Errorf("a page of %d with limit 3", len(p.Items))
			}
			for _, a := range p.Items {
				if seen[a.ID] {
					t.Errorf("action %d on two pages", a.ID)
				}
				seen[a.ID] = true
			}
			next, pages = strings.TrimPrefix(p.Next, ""), pages+1
			if pages > 10 {
				t.Fatal("the pages do not end")
			}
		}
		if len(seen) != len(want) || pages != 3 {
			t.Errorf("%d actions in %d pages, want %d in 3", len(seen), pages, len(want))
		}
		var e errOut
		for _, q := range []string{"limit=0", "limit=501", "limit=x", "cursor=!!", "cursor=OTk5OTk"} {
			e = errOut{}
			field := strings.SplitN(q, "=", 2)[0]
			if code := editor.JSON("GET", fmt.Sprintf("/api/v1/naps/%d/actions?%s", plan.ID, q), nil, &e); code != 422 || e.Fields[field] == "" {
				t.Errorf("?%s: %d %+v, want 422 naming %s", q, code, e, field)
			}
		}
		// 20 000 unknown elements: 422 naming the field, in a few kilobytes.
		els := make([]string, 20000)
		for i := range els {
			els[i] = fmt.Sprintf("XX-%05d", i)
		}
		rec := editor.Do(webtest.Request{Method: "PATCH", Path: fmt.Sprintf("/api/v1/naps/%d/actions/%d", plan.ID, first.ID),
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   strings.NewReader(fmt.Sprintf(`{"elements": ["%s"], "version": %d}`, strings.Join(els, `","`), first.Version))})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `"elements"`) || rec.Body.Len() > 8<<10 {
			t.Errorf("20 000 unknown elements: %d, %d bytes: %.300s", rec.Code, rec.Body.Len(), rec.Body.String())
		}
	})
}
