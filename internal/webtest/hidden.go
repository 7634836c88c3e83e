package webtest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"napx/internal/model"
)

// Hidden describes a State's record that must not exist for anyone
// outside its readers (DESIGN.md §3): absent from lists and counts, 404 on
// its address, nothing changed by a write. Every feature calls
// CheckHidden with its routes.
type Hidden struct {
	// Owner is the owning State (alpha-3).
	Owner string
	// Level is the record's visibility: private (only the owner) or
	// committee (the owner, the Committee and UNODA).
	Level model.Visibility
	// Marker is text only this record carries (its title): outsiders must
	// never see it anywhere.
	Marker string
	// Reads are addresses that show the record (pages, API, exports).
	Reads []string
	// Writes are requests that would change it (API).
	Writes []Request
	// Lists are addresses that list, count, export or search records of its
	// kind. Use absolute paths; "{owner}" is replaced by Owner.
	Lists []string
	// Forms are page forms that would change it.
	Forms []Form
}

// Form is a page form submission.
type Form struct {
	Method string // default POST
	Path   string
	Values url.Values
}

// outsiders are the accounts that must not see a State's record: another
// State's coordinator and viewer, an international organisation, a
// regional centre and an assistance programme; for a private record also
// the Committee and UNODA; and an anonymous visitor.
func (a *App) outsiders(h Hidden, n int64) []*Client {
	tag := func(s string) string { return strings.Replace(s, "@", fmt.Sprintf("-%d@", n), 1) }
	other := "SRB"
	if h.Owner == "SRB" {
		other = "HRV"
	}
	third := "ALB"
	if h.Owner == "ALB" {
		third = "MNE"
	}
	cs := []*Client{
		a.Account(other, model.RoleCoordinator, Email(tag("outsider-coordinator@"+strings.ToLower(other)+".example.org"))),
		a.Account(third, model.RoleViewer, Email(tag("outsider-viewer@"+strings.ToLower(third)+".example.org"))),
		a.Account("IAEA", model.RoleEditor, Email(tag("outsider@iaea.example.org"))),
		a.Account("RACVIAC", model.RoleCoordinator, Email(tag("outsider@racviac.example.org"))),
		a.Account("DTRA", model.RoleEditor, Email(tag("outsider@dtra.example.org"))),
		a.Anonymous(),
	}
	if h.Level == model.VisPrivate {
		cs = append(cs,
			a.Account("UNSC1540", model.RoleCoordinator, Email(tag("outsider@unsc1540.example.org"))),
			a.Account("UNODA", model.RoleEditor, Email(tag("outsider@unoda.example.org"))))
	}
	return cs
}

// CheckHidden checks h for every outsider, and that the owner's viewer
// does see it (so that the check cannot pass by the record being absent).
func (a *App) CheckHidden(t *testing.T, h Hidden) {
	t.Helper()
	if h.Marker == "" {
		t.Fatal("CheckHidden needs a Marker")
	}
	replace := func(p string) string { return strings.ReplaceAll(p, "{owner}", h.Owner) }
	// Bodies are read once and replayed for every outsider.
	bodies := make([][]byte, len(h.Writes))
	for i, w := range h.Writes {
		if w.Body != nil {
			b, err := io.ReadAll(w.Body)
			if err != nil {
				t.Fatal(err)
			}
			bodies[i] = b
		}
	}
	n := hiddenCalls.Add(1) // each call makes its own accounts, so a test may call it many times
	insider := a.Account(h.Owner, model.RoleViewer, Email(fmt.Sprintf("insider-viewer-%d@%s.example.org", n, strings.ToLower(h.Owner))))
	for _, p := range h.Reads {
		rec := insider.Get(replace(p))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), h.Marker) {
			t.Errorf("the owner's viewer cannot read %s (status %d, marker %v): the check would prove nothing", p, rec.Code, strings.Contains(rec.Body.String(), h.Marker))
		}
	}
	for _, c := range a.outsiders(h, n) {
		who := c.Name()
		for _, p := range h.Reads {
			for _, rec := range []responseOf{{"page", c.Get(replace(p))}, {"api", c.Do(Request{Path: replace(p)})}} {
				if rec.Code != http.StatusNotFound && !(c.Account.ID == 0 && (rec.Code == http.StatusUnauthorized || rec.Code == http.StatusSeeOther)) {
					t.Errorf("%s reads %s (%s): status %d, want 404", who, p, rec.via, rec.Code)
				}
				if strings.Contains(rec.Body.String(), h.Marker) {
					t.Errorf("%s reads %s (%s): the record's marker %q leaks", who, p, rec.via, h.Marker)
				}
			}
		}
		for _, p := range h.Lists {
			for _, rec := range []responseOf{{"page", c.Get(replace(p))}, {"api", c.Do(Request{Path: replace(p)})}} {
				if strings.Contains(rec.Body.String(), h.Marker) {
					t.Errorf("%s lists %s (%s): the record's marker %q leaks", who, p, rec.via, h.Marker)
				}
			}
		}
		for i, w := range h.Writes {
			w.Path = replace(w.Path)
			if bodies[i] != nil {
				w.Body = bytes.NewReader(bodies[i])
			}
			rec := c.Do(w)
			if !(rec.Code == http.StatusNotFound || (c.Account.ID == 0 && rec.Code == http.StatusUnauthorized)) {
				t.Errorf("%s %s %s: status %d, want 404 (the record does not exist for them)", who, w.Method, w.Path, rec.Code)
			}
			if strings.Contains(rec.Body.String(), h.Marker) {
				t.Errorf("%s %s %s: the answer leaks the marker", who, w.Method, w.Path)
			}
		}
		for _, f := range h.Forms {
			if f.Method == "" {
				f.Method = http.MethodPost
			}
			vals := url.Values{}
			for k, v := range f.Values {
				vals[k] = append([]string(nil), v...)
			}
			rec := c.Page(f.Method, replace(f.Path), vals)
			if !(rec.Code == http.StatusNotFound || (c.Account.ID == 0 && (rec.Code == http.StatusUnauthorized || rec.Code == http.StatusSeeOther || rec.Code == http.StatusForbidden))) {
				t.Errorf("%s form %s %s: status %d, want 404", who, f.Method, f.Path, rec.Code)
			}
		}
	}
}

var hiddenCalls atomic.Int64

type responseOf struct {
	via string
	*httptest.ResponseRecorder
}
