package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"napx/internal/httpx"
	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/service"
)

// Base is what every page's data carries; render fills it in.
type Base struct {
	Title     string // the page's own title (the layout appends " — napx")
	Section   string // which navigation item is current
	Demo      bool
	Version   string
	Path      string
	Query     string
	RequestID string
	Nav       []navItem
	Problems  model.Problems // form errors, by field
	Viewer    model.Viewer   // who is asking
	CSRF      string         // the form token of the session ("" when not signed in)
	Flash     string         // a one-line confirmation after a change
	FlashLang string         // the flash's language when it is not the page's ("en" until its message is in the catalogues)
	FlashOn   FlashOn        // the record the page shows, as its flash names it (flash.go)
	Unread    int            // the viewer's unread notifications (header)
	// Lang is the page's language (issue 17): <html lang dir>, the
	// switcher, and the catalogue the template function t reads.
	Lang  i18n.Lang
	Langs []langChoice // the switcher: the six, the current one marked
	Here  string       // where the switcher returns (here)
	Draft bool         // the language's catalogue awaits a native speaker's review
	// English is set when the page's own content is not in the catalogues
	// yet (no translated marker): <main lang="en" dir="ltr"> says so to screen
	// readers and the browser, whatever the chrome's language.
	English bool
	Tasks   int // the viewer's tasks (header)
	// Record is the language of the record a page shows and of its texts
	// as shown (issue 17, item 4; partials/record_language.html).
	Record *recordLang
	// Tab and Tabs: a long page's sub-tabs and the current one (issue 18,
	// item 4; subtabs.go).
	Tab  string
	Tabs []subtab
}

// langChoice is one entry of the language switcher.
type langChoice struct {
	i18n.Lang
	Href    string // ?lang= link for a visitor (keeps the other query parameters)
	Current bool
}

// SignedIn reports whether the page is shown to an account.
func (b *Base) SignedIn() bool { return b.Viewer.SignedIn() }

type navItem struct {
	Key, Href, Section string // Key: the label's catalogue message
}

// navigation is the main menu, in order.
var navigation = []navItem{
	{"nav.home", "/", "home"},
	{"nav.states", "/states", "states"},
	{"nav.groups", "/groups", "groups"},
	{"nav.organizations", "/organizations", "organizations"},
	{"nav.matrix", "/matrix", "matrix"},
	{"nav.naps", "/naps", "naps"},
	{"nav.play", "/state-of-play", "play"},
	{"nav.events", "/events", "events"},
	{"nav.maps", "/maps", "maps"},
	{"nav.assistance", "/assistance", "assistance"},
	{"nav.practices", "/practices", "practices"},
	{"nav.figures", "/figures", "figures"},
}

// page is implemented by every page data struct through its embedded Base.
type page interface{ base() *Base }

func (b *Base) base() *Base { return b }

// pageSet holds one parsed template set per page: the layout, the
// partials and the page itself. The parsed sets are never executed: each
// language gets its own copy (cloned on first use) whose t, num and date
// functions write that language, so a page pays nothing per message for
// knowing its language.
type pageSet struct {
	byName map[string]*template.Template
	cat    *i18n.Catalog
	mu     sync.RWMutex
	byLang map[string]map[string]*template.Template // language → page → its copy
	// translated are the pages whose every string is in the catalogues:
	// their file says so with the marker translatedMarker (issue 17).
	translated map[string]bool
}

// translatedMarker is the line a page template starts with once every one
// of its strings comes from the catalogues (ARCHITECTURE.md, "Six
// languages": the recipe). The others show their content in English inside
// the translated chrome, marked lang="en"; TestPagesInSixLanguages renders
// the marked ones in the six languages.
const translatedMarker = "{{/* translated */}}"

// page is the page's template set in lang.
func (s *pageSet) page(name, lang string) (*template.Template, error) {
	lang = i18n.Get(lang).Code
	s.mu.RLock()
	t, ok := s.byLang[lang][name]
	s.mu.RUnlock()
	if ok {
		return t, nil
	}
	src, ok := s.byName[name]
	if !ok {
		return nil, fmt.Errorf("web: no page %q", name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.byLang[lang][name]; ok {
		return t, nil
	}
	t, err := src.Clone()
	if err != nil {
		return nil, fmt.Errorf("web: page %s in %s: %w", name, lang, err)
	}
	t.Funcs(langFuncs(s.cat.Printer(lang)))
	if s.byLang[lang] == nil {
		s.byLang[lang] = map[string]*template.Template{}
	}
	s.byLang[lang][name] = t
	return t, nil
}

// funcs are every page's template functions: the shared ones and each
// feature's, assembled here (a name defined twice stops the start).
var funcs = mergeNamed("template function", baseFuncs, napFuncs, eventFuncs, historyFuncs, notificationFuncs, assistanceFuncs, practiceFuncs, regionalFuncs, textFuncs, reviewFuncs, translationFuncs)

// mergeNamed joins maps keyed by name into one; a name in two of them is a
// programming error found at start.
func mergeNamed[M ~map[string]V, V any](what string, ms ...M) M {
	out := M{}
	for _, m := range ms {
		for k, v := range m {
			if _, dup := out[k]; dup {
				panic(fmt.Sprintf("web: %s %q defined twice", what, k))
			}
			out[k] = v
		}
	}
	return out
}

// baseFuncs are the template functions every page may use.
var baseFuncs = template.FuncMap{
	"join":  strings.Join,
	"lower": strings.ToLower,
	"upper": strings.ToUpper,
	"add":   func(a, b int) int { return a + b },
	"pct": func(part, whole int) string {
		if whole == 0 {
			return "0%"
		}
		return strconv.Itoa(int(float64(part)*100/float64(whole)+0.5)) + "%"
	},
	"date": func(v any) string {
		switch d := v.(type) {
		case model.Date:
			return d.Long()
		case time.Time:
			if d.IsZero() {
				return ""
			}
			return d.UTC().Format("2 January 2006")
		case string:
			return humanDate(d)
		}
		return fmt.Sprint(v)
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2 January 2006, 15:04 UTC")
	},
	"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	// with returns a copy of the current query string with key set (or
	// removed when value is empty): links that keep the other filters.
	"withQuery": func(rawQuery, key, value string) string {
		q, _ := url.ParseQuery(rawQuery)
		if value == "" {
			q.Del(key)
		} else {
			q.Set(key, value)
		}
		if s := q.Encode(); s != "" {
			return "?" + s
		}
		return "?"
	},
	"problem": func(p any, field string) string { ps, _ := p.(model.Problems); return ps[field] }, // nil: a form shown without problems
	// mailto is the escaped mailto: link of an e-mail address ("" when it
	// is not one: the address is then shown without a link).
	"mailto": model.MailtoURL,
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, errors.New("dict needs key-value pairs")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, errors.New("dict keys must be strings")
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
	"invalid": func(p any, field string) string {
		ps, _ := p.(model.Problems)
		if _, ok := ps[field]; ok {
			return "true"
		}
		return "false"
	},
}

// humanDate turns "2019-02-14" into "14 February 2019", "2019-02" into
// "February 2019", and leaves a bare year alone.
func humanDate(s string) string {
	for _, layout := range []struct{ in, out string }{
		{"2006-01-02", "2 January 2006"}, {"2006-01", "January 2006"},
	} {
		if t, err := time.Parse(layout.in, s); err == nil {
			return t.Format(layout.out)
		}
	}
	return s
}

// loadPages parses the templates once per process: they are embedded, so
// every Handler of the process would parse the same set, and a page set is
// safe to share (a page is never executed itself, only its per-language
// clones, made under the set's lock). A server has one Handler; the tests
// build hundreds, and parsing was a third of their time.
var loadPages = sync.OnceValues(parsePages)

func parsePages() (*pageSet, error) {
	layout, err := fs.ReadFile(assets, "templates/layouts/base.html")
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(assets, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(assets, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	cat, err := i18n.Default()
	if err != nil {
		return nil, fmt.Errorf("web: message catalogues: %w", err)
	}
	set := &pageSet{byName: map[string]*template.Template{}, cat: cat, byLang: map[string]map[string]*template.Template{}, translated: map[string]bool{}}
	// Every key a template names literally is in the catalogues: a
	// missing one stops the start (and the tests), never shows on a page.
	srcs := map[string]string{"layouts/base.html": string(layout)}
	for _, f := range append(partials, pages...) {
		b, err := fs.ReadFile(assets, f)
		if err != nil {
			return nil, err
		}
		srcs[f] = string(b)
	}
	if err := cat.CheckTemplates(srcs); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		t, err := template.New("layout").Funcs(funcs).Funcs(langFuncs(cat.Printer(i18n.English))).Parse(string(layout))
		if err != nil {
			return nil, fmt.Errorf("web: layout: %w", err)
		}
		for _, f := range append(partials, p) {
			b, err := fs.ReadFile(assets, f)
			if err != nil {
				return nil, err
			}
			if _, err := t.New(path.Base(f)).Parse(string(b)); err != nil {
				return nil, fmt.Errorf("web: template %s: %w", f, err)
			}
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("web: page %s defines no content", p)
		}
		set.byName[name] = t
		set.translated[name] = strings.HasPrefix(srcs[p], translatedMarker)
	}
	return set, nil
}

// render writes a page with status. For an htmx request that is not a
// boosted navigation it writes only the block named by the HX-Target (the
// page's "fragment" template when it has one), so one handler serves both
// full loads and partial swaps.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, data page) error {
	lang := i18n.FromContext(r.Context())
	t, err := h.pages.page(name, lang)
	if err != nil {
		return err
	}
	b := data.base()
	b.Demo = h.opts.Demo
	b.Version = h.opts.Version
	b.Path = r.URL.Path
	b.Query = r.URL.RawQuery
	b.RequestID = httpx.RequestID(r.Context())
	b.Nav = navigation
	b.Viewer = service.ViewerFrom(r.Context())
	b.CSRF = httpx.CSRF(r.Context())
	if b.Viewer.SignedIn() {
		n, err := h.svc.Notifications.UnreadCount(r.Context(), b.Viewer)
		if err != nil {
			h.log.Warn("unread count", "err", err)
		}
		b.Unread = n
		b.Tasks = h.taskCount(r, b.Viewer)
	}
	h.setLang(b, r, lang, name)
	h.setTabs(b, r, name, data)
	errorTitle(h, r, b, status)
	if b.Flash == "" {
		b.Flash, b.FlashLang = h.flashOn(lang, r.URL.Query().Get("done"), b.FlashOn)
	}
	root := "layout"
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") != "true" && t.Lookup("fragment") != nil {
		root = "fragment"
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, root, data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Add("Vary", "HX-Request")
	w.WriteHeader(status)
	if len(b.Problems) > 1 {
		_, err = w.Write(orderProblems(buf.Bytes()))
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}

// renderBuffers are the buffers pages are executed into before a byte is
// sent (a template error never leaves half a page on the wire); pooled,
// so a busy server does not grow and drop one per request. A buffer grown
// past maxPooledBuffer by an unusually large page is left to the collector.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledBuffer = 1 << 20

// handlerFunc is a page handler that reports failure by returning an error.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// wrap adapts a handlerFunc: a returned error becomes the right page.
func (h *Handler) wrap(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A coordinator or administrator obliged to enrol a second factor
		// (NAPX_REQUIRE_TOTP) does that before anything else.
		if h.svc.Accounts.MustEnrol(service.ViewerFrom(r.Context())) && !enrolPath(r.URL.Path) {
			redirect(w, r, "/account/totp", http.StatusSeeOther)
			return
		}
		if err := fn(w, r); err != nil {
			h.renderError(w, r, err)
		}
	})
}

// enrolPath lists what an account that must enrol may still reach.
func enrolPath(p string) bool {
	return p == "/account" || strings.HasPrefix(p, "/account/totp") || p == "/signout" || p == "/about"
}

// errorPage is the data of the error page.
type errorPage struct {
	Base
	Status  int
	Heading string
	Message string
	Allowed []string
}

// statusOf maps an error to its HTTP status: the one mapping for pages.
func statusOf(err error) int {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge
	case errors.As(err, new(model.Problems)):
		return http.StatusUnprocessableEntity
	case errors.Is(err, model.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, model.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, model.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, model.ErrUnauthenticated):
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// renderError shows the error page for err. Internal errors are logged
// with the request ID and shown without detail.
func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	p := &errorPage{Status: status}
	pr := h.printer(r)
	msg := func(key string) { p.Heading, p.Message = pr.T(key+".h"), pr.T(key) }
	switch status {
	case http.StatusNotFound:
		msg("error.notfound")
	case http.StatusForbidden:
		msg("error.forbidden")
	case http.StatusConflict:
		msg("error.conflict")
	case http.StatusUnprocessableEntity:
		probs, _ := model.AsProblems(err)
		msg("error.invalid")
		p.Problems = probs
	case http.StatusRequestEntityTooLarge:
		msg("error.toolarge")
	case http.StatusUnauthorized:
		if httpx.SafeMethod(r.Method) {
			redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		msg("error.signin")
	default:
		h.log.Error("page failed", "request_id", httpx.RequestID(r.Context()), "path", r.URL.Path, "err", err)
		msg("error.internal")
	}
	p.Title = p.Heading
	if rerr := h.render(w, r, status, "error", p); rerr != nil {
		h.log.Error("error page failed", "err", rerr)
		http.Error(w, p.Heading, status)
	}
}

// NotFound answers a request no route matched: 405 with Allow when the
// path exists for another method, else the 404 page.
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request, rt *httpx.Router) {
	if allowed := rt.Allowed(r); len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		pr := h.printer(r)
		p := &errorPage{Status: http.StatusMethodNotAllowed, Heading: pr.T("error.method.h"),
			Message: pr.T("error.method"), Allowed: allowed}
		p.Title = p.Heading
		_ = h.render(w, r, http.StatusMethodNotAllowed, "error", p)
		return
	}
	h.renderError(w, r, model.ErrNotFound)
}

// Refuse shows the error page for a request refused before it reached a
// route.
func (h *Handler) Refuse(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p := &errorPage{Status: status, Heading: http.StatusText(status), Message: msg}
	switch status {
	case http.StatusForbidden:
		p.Heading = h.printer(r).T("error.refused.h")
	case http.StatusUnauthorized:
		p.Heading = h.printer(r).T("error.signin.h")
	}
	p.Title = p.Heading
	if err := h.render(w, r, status, "error", p); err != nil {
		http.Error(w, msg, status)
	}
}

// Invalid answers input refused at the boundary (httpx.CheckInput): the
// error page with the problems, 422.
func (h *Handler) Invalid(w http.ResponseWriter, r *http.Request, p model.Problems) {
	h.renderError(w, r, p)
}

// TooLarge answers a body over the route's limit.
func (h *Handler) TooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	pr := h.printer(r)
	p := &errorPage{Status: http.StatusRequestEntityTooLarge, Heading: pr.T("error.toolarge.h"),
		Message: pr.T("error.toolarge.limit", httpx.HumanBytes(limit))}
	p.Title = p.Heading
	_ = h.render(w, r, http.StatusRequestEntityTooLarge, "error", p)
}

// redirect sends the browser to a path on this site: htmx requests get
// HX-Redirect, others the status given (303 after a form, 301 to a
// canonical address). Only local paths are accepted (httpx.LocalPath), so
// no redirect can lead off-site.
func redirect(w http.ResponseWriter, r *http.Request, path string, status int) {
	path = httpx.LocalPath(path)
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", path)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, path, status) // #nosec G710 -- path is checked above to be local to this site
}

// formEdition reads a form's hidden "edition" field (the matrix edition
// a review step or comment acts on) by formVersion's rule: 0 when absent
// (the open edition), -1 when it is not a whole number, which the model
// refuses naming "edition" — a damaged form never acts on the open edition.
func formEdition(r *http.Request) int {
	s := strings.TrimSpace(r.PostFormValue("edition"))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return -1
	}
	return n
}

// formVersion reads a form's hidden "version" field (optimistic locking):
// the number sent, 0 when the field is absent and -1 when it is not a
// whole number. The service answers 422 naming "version" for both (the one
// rule of model.CheckVersion): a damaged form is never taken for a stale
// one.
func formVersion(r *http.Request) int64 {
	s := strings.TrimSpace(r.PostFormValue("version"))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return -1
	}
	return n
}
