package webtest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/webtest"
)

// failures records what a check reports instead of failing the test.
type failures struct {
	testing.TB
	mu  sync.Mutex
	got []string
}

func (f *failures) Helper() {}
func (f *failures) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, fmt.Sprintf(format, args...))
}
func (f *failures) Error(args ...any)                 { f.Errorf("%s", fmt.Sprint(args...)) }
func (f *failures) Fatalf(format string, args ...any) { f.Errorf(format, args...) }
func (f *failures) Fatal(args ...any)                 { f.Error(args...) }

func (f *failures) mention(s string) bool {
	for _, g := range f.got {
		if strings.Contains(g, s) {
			return true
		}
	}
	return false
}

// TestCheckHiddenFailsOnLeaks is CheckHidden's own proof: it passes a
// route that hides the record (the control) and fails a route that shows
// it, one whose refusal can be told from an ID that never existed, and a
// list whose count includes it.
func TestCheckHiddenFailsOnLeaks(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		coord := app.Account("HRV", model.RoleCoordinator)
		title, typ := "Leak test plan marker", model.NAPType1540
		n, err := app.Services.NAPs.Create(context.Background(), coord.Viewer, "HRV",
			model.NAPInput{Title: &title, Type: &typ, PeriodStart: model.Ptr("2026"), PeriodEnd: model.Ptr("2029")})
		if err != nil {
			t.Fatal(err)
		}
		// Leaking handlers, reading the plan as napx itself.
		read := func(r *http.Request) (string, bool) {
			id, err := httpx.PathID(r, "id")
			if err != nil {
				return "", false
			}
			p, err := app.Services.NAPs.Get(r.Context(), model.SystemViewer("leak"), id)
			return p.Title, err == nil
		}
		app.Router.HandleFunc("GET", "/leak/shows/{id}", func(w http.ResponseWriter, r *http.Request) {
			if title, ok := read(r); ok {
				_, _ = w.Write([]byte(title))
				return
			}
			http.NotFound(w, r)
		})
		app.Router.HandleFunc("GET", "/leak/tells/{id}", func(w http.ResponseWriter, r *http.Request) {
			if _, ok := read(r); ok {
				http.Error(w, "you may not read this plan", http.StatusNotFound)
				return
			}
			http.NotFound(w, r)
		})
		app.Router.HandleFunc("GET", "/leak/counts", func(w http.ResponseWriter, r *http.Request) {
			ps, _ := app.Services.NAPs.List(r.Context(), model.SystemViewer("leak"), model.NAPFilter{})
			w.Header().Set("Content-Type", "application/json")
			_, _ = fmt.Fprintf(w, `{"plans":%d}`, len(ps))
		})
		id := fmt.Sprint(n.ID)
		good := webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: title, ID: id,
			Reads: []string{"/naps/" + id}, Lists: []string{"/naps"}, Counts: []string{"/api/v1/state-of-play"}}

		control := &failures{TB: t}
		app.CheckHidden(control, good)
		if len(control.got) > 0 {
			t.Fatalf("the control failed: %q", control.got)
		}
		for _, tc := range []struct {
			name, want string
			change     func(h *webtest.Hidden)
		}{
			{"a read that shows the record", "leaks", func(h *webtest.Hidden) { h.Reads = append(h.Reads, "/leak/shows/"+id) }},
			{"a refusal unlike an ID that never existed", "never existed", func(h *webtest.Hidden) { h.Reads = append(h.Reads, "/leak/tells/"+id) }},
			{"a count that includes the record", "counts /leak/counts", func(h *webtest.Hidden) { h.Counts = append(h.Counts, "/leak/counts") }},
		} {
			h := good
			h.Reads, h.Counts = append([]string(nil), good.Reads...), append([]string(nil), good.Counts...)
			tc.change(&h)
			f := &failures{TB: t}
			app.CheckHidden(f, h)
			if !f.mention(tc.want) {
				t.Errorf("%s: CheckHidden did not report it (want %q); it reported %q", tc.name, tc.want, f.got)
			}
		}
	})
}
