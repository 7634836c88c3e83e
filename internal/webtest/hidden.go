package webtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"napx/internal/model"
)

// Hidden describes a State's record that must not exist for anyone
// outside its readers (DESIGN.md §3): absent from lists and counts, 404 on
// its address exactly as for an ID that never existed, nothing changed by a
// write. Every feature calls CheckHidden with its routes.
type Hidden struct {
	// Owner is the owning State (alpha-3).
	Owner string
	// Level is the record's visibility: private (only the owner) or
	// committee (the owner, the Committee and UNODA).
	Level model.Visibility
	// Marker is text only this record carries (its title): outsiders must
	// never see it anywhere.
	Marker string
	// ID is the record's ID as its addresses carry it; Absent is one that
	// never existed (default "987654321"). An outsider's answer at an
	// address holding ID must be the answer at the same address with
	// Absent: same status, headers and body. Leave ID empty when the
	// addresses name the record otherwise (the matrix: by State).
	ID, Absent string
	// Reads are addresses that show the record (pages, API, exports):
	// the owner's viewer reads each (200, the marker).
	Reads []string
	// Quiet are addresses of the record that do not show the marker (files,
	// forms to change it, views without its title): the owner's
	// coordinator reads each (200); outsiders as for Reads.
	Quiet []string
	// Writes are API requests that would change it: the owner's
	// coordinator sends each last (not 404), after every outsider was
	// refused.
	Writes []Request
	// Lists are addresses that list, count, export or search records of its
	// kind and show it to its readers: the owner's viewer sees the marker
	// in each. Use absolute paths; "{owner}" is replaced by Owner.
	Lists []string
	// Elsewhere are addresses where the record must never show to an
	// outsider, but where its readers need not see it either (another
	// State's page, the public calendar).
	Elsewhere []string
	// Forms are page forms that would change it: sent last by the owner's
	// coordinator too.
	Forms []Form
	// Counts are API addresses whose answers count records of its kind
	// (the state of play, coverage, lists): every outsider gets exactly the
	// anonymous visitor's answer, and the owner's viewer a different one
	// (the record counts for its readers). Use a fixture where no outsider
	// reads another record of the kind that the public does not.
	Counts []string
}

// Form is a page form submission.
type Form struct {
	Method string // default POST
	Path   string
	Values url.Values
}

// outsiders are the accounts that must not see a State's record: another
// State's coordinator, viewer and platform administrator, an
// international organisation, a regional centre and an assistance
// programme; for a private record also the Committee and UNODA; and an
// anonymous visitor.
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
		a.Account(other, model.RoleViewer, Admin, Email(tag("outsider-admin@"+strings.ToLower(other)+".example.org"))),
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

// CheckHidden checks h: for every outsider, every read, write and form
// answers as for an ID that never existed (404; an anonymous visitor may
// be sent to sign in only where the never-existing ID sends it too), every
// list answers 200 without the record, and nothing changed (the audit head
// did not move, the record reads the same). Positive controls make the
// check unable to pass by the record being absent: the owner's viewer
// reads it and sees it in every list, and the owner's coordinator's writes
// and forms, sent last, reach it.
func (a *App) CheckHidden(t testing.TB, h Hidden) {
	t.Helper()
	if h.Marker == "" {
		t.Fatal("CheckHidden needs a Marker")
	}
	if h.Absent == "" {
		h.Absent = "987654321"
	}
	replace := func(p string) string { return strings.ReplaceAll(p, "{owner}", h.Owner) }
	absent := func(p string) (string, bool) {
		if h.ID == "" || !containsID(p, h.ID) {
			return "", false
		}
		return replaceID(p, h.ID, h.Absent), true
	}
	// Bodies are read once and replayed.
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
	write := func(c *Client, w Request, i int, path string) *httptest.ResponseRecorder {
		w.Path = path
		if bodies[i] != nil {
			w.Body = bytes.NewReader(bodies[i])
		}
		w.Header = w.Header.Clone()
		return c.Do(w)
	}
	form := func(c *Client, f Form, path string) *httptest.ResponseRecorder {
		if f.Method == "" {
			f.Method = http.MethodPost
		}
		vals := url.Values{}
		for k, v := range f.Values {
			vals[k] = append([]string(nil), v...)
		}
		return c.Page(f.Method, path, vals)
	}
	for _, r := range append(append([]string(nil), h.Reads...), h.Quiet...) {
		a.cover(replace(r), http.MethodGet)
	}
	for _, r := range append(append([]string(nil), h.Lists...), h.Elsewhere...) {
		a.cover(replace(r), http.MethodGet)
	}
	for _, w := range h.Writes {
		a.cover(replace(w.Path), w.Method)
	}
	for _, f := range h.Forms {
		m := f.Method
		if m == "" {
			m = http.MethodPost
		}
		a.cover(replace(f.Path), m)
	}

	n := hiddenCalls.Add(1) // each call makes its own accounts, so a test may call it many times
	insider := a.Account(h.Owner, model.RoleViewer, Email(fmt.Sprintf("insider-viewer-%d@%s.example.org", n, strings.ToLower(h.Owner))))
	coordinator := a.Account(h.Owner, model.RoleCoordinator, Email(fmt.Sprintf("insider-coordinator-%d@%s.example.org", n, strings.ToLower(h.Owner))))
	// Positive controls of the reads and lists.
	before := map[string]string{}
	for _, p := range h.Reads {
		p = replace(p)
		rec := insider.Get(p)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), h.Marker) {
			t.Errorf("the owner's viewer cannot read %s (status %d, marker %v): the check would prove nothing", p, rec.Code, strings.Contains(rec.Body.String(), h.Marker))
		}
		before[p] = normalise(rec, "", "")
	}
	for _, p := range h.Lists {
		p = replace(p)
		for _, rec := range []responseOf{{"page", insider.Get(p)}, {"api", insider.Do(Request{Path: p})}} {
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), h.Marker) {
				t.Errorf("the owner's viewer does not find the record in %s (%s): status %d, marker %v: the check would prove nothing",
					p, rec.via, rec.Code, strings.Contains(rec.Body.String(), h.Marker))
			}
		}
	}
	outsiders := a.outsiders(h, n)
	for _, c := range append(outsiders, coordinator) {
		c.signIn() // sessions are made (and audited) before the audit head is read
	}
	for _, p := range h.Quiet {
		p = replace(p)
		if rec := coordinator.Get(p); rec.Code != http.StatusOK && rec.Code != http.StatusForbidden {
			// 403: the record is there and seen, the page is for others (the
			// Committee's experts' import form).
			t.Errorf("the owner's coordinator cannot read %s (status %d): the check would prove nothing", p, rec.Code)
		}
	}
	head := a.auditHead(t)

	for _, c := range outsiders {
		who := c.Name()
		// same compares an answer with the answer at the never-existing ID.
		same := func(what, path string, rec *httptest.ResponseRecorder, again func(path string) *httptest.ResponseRecorder) {
			if strings.Contains(rec.Body.String(), h.Marker) {
				t.Errorf("%s %s: the record's marker %q leaks", who, what, h.Marker)
			}
			alt, ok := absent(path)
			if !ok {
				return
			}
			other := again(alt)
			if diff := difference(rec, other, path, alt); diff != "" {
				t.Errorf("%s %s: the answer differs from the answer for an ID that never existed (%s): %s", who, what, alt, diff)
			}
		}
		refused := func(rec *httptest.ResponseRecorder, page bool) bool {
			switch {
			case rec.Code == http.StatusNotFound:
				return true
			case c.Account.ID == 0 && rec.Code == http.StatusUnauthorized:
				// Only where an ID that never existed answers the same (same).
				return true
			case c.Account.ID == 0 && page && (rec.Code == http.StatusSeeOther || rec.Code == http.StatusFound) &&
				strings.HasPrefix(rec.Header().Get("Location"), "/signin"):
				// A page for signed-in accounts by nature: only when an ID that
				// never existed answers the same (checked by same).
				return true
			}
			return false
		}
		for _, p := range append(append([]string(nil), h.Reads...), h.Quiet...) {
			p = replace(p)
			page, api := c.Get(p), c.Do(Request{Path: p})
			isPage := !strings.HasPrefix(p, apiPrefix+"/")
			if !refused(page, isPage) {
				t.Errorf("%s reads %s (page): status %d, want 404", who, p, page.Code)
			}
			if !refused(api, isPage) {
				t.Errorf("%s reads %s (api): status %d, want 404", who, p, api.Code)
			}
			same("reads "+p+" (page)", p, page, func(q string) *httptest.ResponseRecorder { return c.Get(q) })
			same("reads "+p+" (api)", p, api, func(q string) *httptest.ResponseRecorder { return c.Do(Request{Path: q}) })
		}
		for _, p := range append(append([]string(nil), h.Lists...), h.Elsewhere...) {
			p = replace(p)
			for _, rec := range []responseOf{{"page", c.Get(p)}, {"api", c.Do(Request{Path: p})}} {
				if rec.Code != http.StatusOK && !(c.Account.ID == 0 && refused(rec.ResponseRecorder, !strings.HasPrefix(p, apiPrefix+"/"))) {
					t.Errorf("%s lists %s (%s): status %d, want 200", who, p, rec.via, rec.Code)
				}
				if strings.Contains(rec.Body.String(), h.Marker) {
					t.Errorf("%s lists %s (%s): the record's marker %q leaks", who, p, rec.via, h.Marker)
				}
			}
		}
		for i, w := range h.Writes {
			p := replace(w.Path)
			rec := write(c, w, i, p)
			if !refused(rec, false) {
				t.Errorf("%s %s %s: status %d, want 404 (the record does not exist for them)", who, w.Method, p, rec.Code)
			}
			same(w.Method+" "+p, p, rec, func(q string) *httptest.ResponseRecorder { return write(c, w, i, q) })
		}
		for _, f := range h.Forms {
			p := replace(f.Path)
			rec := form(c, f, p)
			if !refused(rec, true) && !(c.Account.ID == 0 && rec.Code == http.StatusForbidden) {
				t.Errorf("%s form %s %s: status %d, want 404", who, f.Method, p, rec.Code)
			}
			same("form "+p, p, rec, func(q string) *httptest.ResponseRecorder { return form(c, f, q) })
		}
	}
	// Counts: outsiders count as the public does; the owner's viewer counts
	// the record.
	for _, p := range h.Counts {
		p = replace(p)
		a.cover(p, http.MethodGet)
		public := normaliseJSON(a.Anonymous().Do(Request{Path: p}))
		for _, c := range outsiders {
			if got := normaliseJSON(c.Do(Request{Path: p})); got != public {
				t.Errorf("%s counts %s differently from the public: the record counts for them", c.Name(), p)
			}
		}
		if normaliseJSON(insider.Do(Request{Path: p})) == public {
			t.Errorf("the owner's viewer counts %s as the public does: the count check would prove nothing", p)
		}
	}
	// Nothing changed: no audit entry, the record reads the same.
	if got := a.auditHead(t); got != head {
		t.Errorf("the outsiders' requests moved the audit head from %d to %d: something changed", head, got)
	}
	for _, p := range h.Reads {
		p = replace(p)
		if got := normalise(insider.Get(p), "", ""); got != before[p] {
			t.Errorf("%s reads differently after the outsiders' requests: something changed", p)
		}
	}
	// Positive controls of the writes and forms, last: the owner's
	// coordinator reaches the record (any answer but 404 and 401: a 403
	// says the record is there and seen).
	reached := func(what string, rec *httptest.ResponseRecorder) {
		switch rec.Code {
		case http.StatusNotFound, http.StatusUnauthorized:
			t.Errorf("the owner's coordinator: %s answers %d: the check would prove nothing", what, rec.Code)
		}
	}
	// Removals last, so that every other write still finds the record.
	removes := func(method, path string) bool {
		return method == http.MethodDelete || strings.HasSuffix(strings.SplitN(path, "?", 2)[0], "/delete")
	}
	removed := false // once the record is removed, the other removals find nothing
	for _, last := range []bool{false, true} {
		for _, f := range h.Forms {
			if p := replace(f.Path); removes(f.Method, p) == last && !removed {
				rec := form(coordinator, f, p)
				reached("form "+p, rec)
				removed = last && rec.Code < 400
			}
		}
		for i, w := range h.Writes {
			if p := replace(w.Path); removes(w.Method, p) == last && !removed {
				rec := write(coordinator, w, i, p)
				reached(w.Method+" "+p, rec)
				removed = last && rec.Code < 400
			}
		}
	}
}

var hiddenCalls atomic.Int64

type responseOf struct {
	via string
	*httptest.ResponseRecorder
}

// auditHead is the number of the newest audit entry.
func (a *App) auditHead(t testing.TB) int64 {
	es, err := a.DB.AuditEntries(context.Background(), model.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 {
		return 0
	}
	return es[0].Seq
}

// containsID reports whether path holds id as a whole path segment.
func containsID(path, id string) bool { return replaceID(path, id, "\x00") != path }

// replaceID replaces id where it is a whole path segment of path.
func replaceID(path, id, with string) string {
	p, q, _ := strings.Cut(path, "?")
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if s == id {
			segs[i] = with
		}
	}
	out := strings.Join(segs, "/")
	if q != "" {
		out += "?" + q
	}
	return out
}

// volatile headers differ between any two answers.
var volatile = map[string]bool{"X-Request-Id": true, "Date": true, "Content-Length": true, "Set-Cookie": true}

// difference describes how two answers differ (status, headers, body),
// after the path of each is taken out of its body; "" when they do not.
func difference(a, b *httptest.ResponseRecorder, pathA, pathB string) string {
	if a.Code != b.Code {
		return fmt.Sprintf("status %d against %d", a.Code, b.Code)
	}
	names := map[string]bool{}
	for k := range a.Header() {
		names[k] = true
	}
	for k := range b.Header() {
		names[k] = true
	}
	for k := range names {
		if volatile[k] {
			continue
		}
		va, vb := strings.Join(a.Header().Values(k), ", "), strings.Join(b.Header().Values(k), ", ")
		if k == "Location" {
			va, vb = strings.ReplaceAll(va, url.QueryEscape(pathA), "PATH"), strings.ReplaceAll(vb, url.QueryEscape(pathB), "PATH")
		}
		if va != vb {
			return fmt.Sprintf("header %s %q against %q", k, va, vb)
		}
	}
	if na, nb := normalise(a, pathA, "PATH"), normalise(b, pathB, "PATH"); na != nb {
		i := 0
		for i < len(na) && i < len(nb) && na[i] == nb[i] {
			i++
		}
		lo := max(0, i-80)
		return fmt.Sprintf("the bodies differ at byte %d: %q against %q", i, na[lo:min(len(na), i+80)], nb[lo:min(len(nb), i+80)])
	}
	return ""
}

// normalise is an answer's body without what differs between any two
// answers: its request ID, and path (replaced by with).
func normalise(rec *httptest.ResponseRecorder, path, with string) string {
	s := rec.Body.String()
	if id := rec.Header().Get("X-Request-Id"); id != "" {
		s = strings.ReplaceAll(s, id, "REQUEST-ID")
	}
	if path != "" {
		for _, form := range []string{path, url.QueryEscape(path), htmlEscape(path)} {
			s = strings.ReplaceAll(s, form, with)
		}
	}
	return s
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// The routes CheckHidden exercised in this test binary, for the route
// coverage test.
var covered sync.Map // "METHOD /pattern" -> true

func (a *App) cover(path, method string) {
	req := httptest.NewRequest(method, path, nil)
	if r, ok := a.Router.Match(req); ok {
		covered.Store(r.Pattern(), true)
	}
}

// Covered reports whether a CheckHidden call in this test binary exercised
// the route with pattern ("GET /naps/{id}").
func Covered(pattern string) bool {
	_, ok := covered.Load(pattern)
	return ok
}

// normaliseJSON is an API answer with its status, for comparing counts.
func normaliseJSON(rec *httptest.ResponseRecorder) string {
	return fmt.Sprintf("%d %s", rec.Code, normalise(rec, "", ""))
}

// routes are the patterns the router of the Apps of this test binary
// recorded, for the route coverage test.
var routes sync.Map // pattern -> true

func (a *App) recordRoutes() {
	for _, r := range a.Router.Routes() {
		routes.Store(r.Pattern(), true)
	}
}

// Uncovered returns the routes recorded by the router of any App this test
// binary built that no CheckHidden call exercised and that are not in
// declared (the routes that show no State's record: reference data, the
// viewer's own account, operations), sorted.
func Uncovered(declared map[string]string) []string {
	var out []string
	routes.Range(func(k, _ any) bool {
		p := k.(string)
		if _, ok := covered.Load(p); !ok {
			if _, ok := declared[p]; !ok {
				out = append(out, p)
			}
		}
		return true
	})
	sort.Strings(out)
	return out
}
