// Package webtest runs requests through napx's real handler (the router,
// the middleware, the services and a real database) for tests.
//
// Test code only.
package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/server"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// App is a napx under test.
type App struct {
	*server.App
	DB   *store.DB
	t    testing.TB
	log  *logBuffer
	opts []Option
	// queries of the last request (shared by the copies For makes)
	queries *atomic.Int64
	// api checks every API answer against the OpenAPI document.
	api       *openAPI
	unchecked bool
}

// Option changes how the App is built.
type Option func(*server.Options)

// Demo shows the demo banner.
func Demo() Option { return func(o *server.Options) { o.Demo = true } }

// Clock fixes the time the services see.
func Clock(now func() time.Time) Option { return func(o *server.Options) { o.Now = now } }

// Jobs sets the job engine's options (RunJobs starts it).
func Jobs(o service.JobOptions) Option { return func(opts *server.Options) { opts.Jobs = o } }

// Mail sets the mail options (default: an outbox in a temporary directory).
func Mail(o service.MailOptions) Option { return func(opts *server.Options) { opts.Mail = o } }

// BaseURL sets the public address used in e-mail links.
func BaseURL(u string) Option { return func(opts *server.Options) { opts.BaseURL = u } }

// FastJobs are job options for tests: four workers, quick polls and retries.
var FastJobs = service.JobOptions{Workers: 4, PollInterval: 20 * time.Millisecond, RetryBase: 50 * time.Millisecond, RetryMax: 500 * time.Millisecond}

// RunJobs starts the app's job workers until the test ends.
func (a *App) RunJobs() {
	a.t.Helper()
	if a.Services.Jobs.Workers() == 0 {
		a.t.Fatal("RunJobs: the app has no workers; build it with webtest.Jobs(webtest.FastJobs)")
	}
	ctx := context.Background()
	if err := a.Services.Jobs.Start(ctx); err != nil {
		a.t.Fatal(err)
	}
	a.t.Cleanup(func() {
		stop, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := a.Services.Jobs.Stop(stop); err != nil {
			a.t.Errorf("stop jobs: %v", err)
		}
	})
}

// StopJobs stops the app's job workers (jobs enqueued later wait): for a
// check that must see nothing change, such as CheckHidden.
func (a *App) StopJobs() {
	a.t.Helper()
	stop, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := a.Services.Jobs.Stop(stop); err != nil {
		a.t.Fatalf("stop jobs: %v", err)
	}
}

// WaitJobs waits until no job is left to run.
func (a *App) WaitJobs() {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := a.Services.Jobs.WaitIdle(ctx); err != nil {
		var left []string
		for _, state := range []string{"running", "available", "retryable", "scheduled", "pending"} {
			p, lerr := a.Services.Jobs.List(context.Background(), model.SystemViewer("webtest"), state)
			if lerr != nil {
				continue
			}
			for _, j := range p.Jobs {
				left = append(left, fmt.Sprintf("%s #%d %s attempt %d: %s", state, j.ID, j.Kind, j.Attempt, j.LastError()))
			}
		}
		a.t.Fatalf("jobs did not finish: %v; left: %s", err, strings.Join(left, "; "))
	}
}

// New builds the real handler over db.
func New(t testing.TB, db *store.DB, opts ...Option) *App {
	t.Helper()
	logs := &logBuffer{}
	o := server.Options{DB: db, Catalog: storetest.Catalog(t), Version: "test", Auth: service.AuthOptions{HashParams: CheapHashing},
		Log: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	o.Mail.OutboxDir = t.TempDir()
	for _, opt := range opts {
		opt(&o)
	}
	app, err := server.New(o)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	a := &App{App: app, DB: db, t: t, log: logs, opts: opts, queries: new(atomic.Int64), api: &openAPI{}}
	a.recordRoutes()
	return a
}

// Logs returns what the server logged so far.
func (a *App) Logs() string { return a.log.String() }

// Request is one request to send.
type Request struct {
	Method  string
	Path    string
	Body    io.Reader
	Header  http.Header
	Remote  string // RemoteAddr; default 192.0.2.1:1234 (not loopback)
	Cookies []*http.Cookie
}

// Do sends r through the handler and returns the recorded response.
func (a *App) Do(r Request) *httptest.ResponseRecorder {
	a.t.Helper()
	if r.Method == "" {
		r.Method = http.MethodGet
	}
	req := httptest.NewRequest(r.Method, r.Path, r.Body)
	req.RemoteAddr = "192.0.2.1:1234"
	if r.Remote != "" {
		req.RemoteAddr = r.Remote
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if cl := req.Header.Get("Content-Length"); cl != "" {
		// A declared length the body need not match: how a client announces
		// an oversized upload.
		if n, err := strconv.ParseInt(cl, 10, 64); err == nil {
			req.ContentLength = n
		}
	}
	for _, c := range r.Cookies {
		req.AddCookie(c)
	}
	ctx, n := store.WithQueryCounter(req.Context())
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, req.WithContext(ctx))
	a.queries.Store(n.Count())
	if !a.unchecked {
		if err := a.CheckAPIAnswer(req, rec); err != nil {
			a.t.Errorf("OpenAPI: %v", err)
		}
	}
	return rec
}

// Queries returns how many SQL statements the last request sent through
// this App ran (authentication included): "queries per request".
func (a *App) Queries() int64 { return a.queries.Load() }

// Get is a GET with optional header pairs ("Accept", "application/json").
func (a *App) Get(path string, header ...string) *httptest.ResponseRecorder {
	a.t.Helper()
	return a.Do(Request{Path: path, Header: pairs(header)})
}

// JSON sends v as a JSON body (nil for none) and decodes the response
// into out (when not nil). It returns the status.
func (a *App) JSON(method, path string, v any, out any, header ...string) int {
	a.t.Helper()
	var body io.Reader
	h := pairs(header)
	if v != nil {
		b, err := json.Marshal(v)
		if err != nil {
			a.t.Fatal(err)
		}
		body = bytes.NewReader(b)
		h.Set("Content-Type", "application/json")
	}
	rec := a.Do(Request{Method: method, Path: path, Body: body, Header: h})
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			a.t.Fatalf("%s %s: decoding %q: %v", method, path, rec.Body.String(), err)
		}
	}
	return rec.Code
}

func pairs(kv []string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// Expect checks a response's status and that its body contains each of
// want (and none of the strings after a "!" prefix).
func Expect(t testing.TB, rec *httptest.ResponseRecorder, status int, want ...string) {
	t.Helper()
	if rec.Code != status {
		t.Errorf("status = %d, want %d; body: %.600s", rec.Code, status, rec.Body.String())
	}
	body := rec.Body.String()
	for _, w := range want {
		if strings.HasPrefix(w, "!") {
			if strings.Contains(body, w[1:]) {
				t.Errorf("body contains %q, it must not; body: %.600s", w[1:], body)
			}
			continue
		}
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q; body: %.600s", w, body)
		}
	}
}

// logBuffer collects log lines; safe for concurrent requests.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// For returns the app bound to another test (a subtest, or the *testing.T
// inside a fuzz target, where the *testing.F may not be used).
func (a *App) For(t testing.TB) *App {
	c := *a
	c.t = t
	return &c
}

// Each runs fn once per engine (subtests "sqlite" and "postgres", see
// storetest.Engines), each with a fresh database and its own App built
// with opts: every HTTP suite runs on both engines.
func Each(t *testing.T, fn func(t *testing.T, app *App), opts ...Option) {
	t.Helper()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fn(t, New(t, db, opts...))
	})
}

// Fresh returns a new App like a, on a fresh database of the same engine,
// bound to t: for a test that needs several independent instances.
func (a *App) Fresh(t testing.TB) *App {
	t.Helper()
	return New(t, storetest.Open(t, storetest.Engine(a.DB.Dialect())), a.opts...)
}
