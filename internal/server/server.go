// Package server assembles napx's HTTP handler: the router with the page
// and API routes, the operations endpoints and the middleware, in the
// order that the rules need (a body over its limit is refused before
// anyone is authenticated). The command line and the tests both use it, so
// tests exercise the real router.
//
// It imports every layer below it; only cli imports it.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"napx/internal/api"
	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/web"
)

// Options configure an App.
type Options struct {
	DB      *store.DB
	Catalog *refdata.Catalog
	Log     *slog.Logger
	Version string
	Demo    bool
	BaseURL string
	Now     func() time.Time
	Auth    service.AuthOptions
	Jobs    service.JobOptions  // the job engine (workers start with Services.Jobs.Start)
	Mail    service.MailOptions // the mail relay or the outbox
}

// App is a ready-to-serve napx.
type App struct {
	Services *service.Services
	Router   *httpx.Router
	API      *api.Handler
	Handler  http.Handler
	Metrics  *httpx.Metrics
}

// New builds the App.
func New(opts Options) (*App, error) {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if err := service.CheckMailOptions(opts.Mail); err != nil {
		return nil, err
	}
	set := httpx.NewMetrics()
	if opts.DB != nil {
		set.Registry.MustRegister(newPoolCollector(opts.DB))
	}
	// Each request's SQL statements are counted (napx_http_request_queries).
	set.CountQueries = func(ctx context.Context) (context.Context, func() int64) {
		ctx, c := store.WithQueryCounter(ctx)
		return ctx, c.Count
	}
	svc := service.New(service.Deps{DB: opts.DB, Catalog: opts.Catalog, Log: opts.Log, Now: opts.Now, Auth: opts.Auth,
		BaseURL: opts.BaseURL, Jobs: opts.Jobs, Mail: opts.Mail, Metrics: set.Registry})
	secure := strings.HasPrefix(opts.BaseURL, "https://")
	pages, err := web.New(svc, opts.Log, web.Options{Demo: opts.Demo, Version: opts.Version, BaseURL: opts.BaseURL, SecureCookies: secure})
	if err != nil {
		return nil, err
	}
	apiH := api.New(svc, opts.Log, opts.Version)
	rt := httpx.NewRouter()
	registerOps(rt, opts.DB, set)
	apiH.Register(rt)
	pages.Register(rt)

	tooLarge := func(w http.ResponseWriter, r *http.Request, limit int64) {
		if httpx.WantsJSON(r) {
			api.TooLarge(w, r, limit)
			return
		}
		pages.TooLarge(w, r, limit)
	}
	invalid := func(w http.ResponseWriter, r *http.Request, p model.Problems) {
		if httpx.WantsJSON(r) {
			api.Invalid(w, r, p)
			return
		}
		pages.Invalid(w, r, p)
	}
	deny := func(w http.ResponseWriter, r *http.Request, status int, msg string) {
		if httpx.WantsJSON(r) {
			api.Refuse(w, status, msg)
			return
		}
		pages.Refuse(w, r, status, msg)
	}
	// Outermost first: observe (ID, log, metrics, panics) → security headers
	// → body limits (413 before any other work) → cross-site requests
	// refused → the path, query and form read once (UTF-8 text, 413 for a
	// form over the limit whether declared or not) → who is asking (token
	// or session, and the form token) → the public cache (anonymous reads)
	// → the routes. Answers are compressed (gzip) just inside the observer,
	// which logs what the handler wrote.
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	var h http.Handler = rt
	h = newPublicCache(svc, now, set.Registry).handler(h)
	h = web.NewReaderLimit(web.ReaderRate, web.ReaderBurst).Wrap(h) // open data and figures: per client address (issue 20)
	h = withLanguage(secure, h)
	h = authenticate(svc, secure, deny, h)
	h = httpx.CheckInput(tooLarge, invalid, h)
	h = crossOrigin(svc, deny, h)
	h = httpx.LimitBodies(rt, tooLarge, h)
	h = httpx.SecureHeaders(h)
	h = compress(h)
	h = httpx.Observe(opts.Log, set, rt, h)
	return &App{Services: svc, Router: rt, API: apiH, Handler: h, Metrics: set}, nil
}

// registerOps adds /healthz, /readyz and /metrics.
func registerOps(rt *httpx.Router, db *store.DB, set *httpx.Metrics) {
	rt.HandleFunc("GET", "/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte("ok\n"))
	})
	rt.HandleFunc("GET", "/readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unreachable\n"))
			return
		}
		if err := db.CheckSchema(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(err.Error() + "\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	metrics := set.Handler()
	rt.HandleFunc("GET", "/metrics", func(w http.ResponseWriter, r *http.Request) {
		// Open on loopback only: from anywhere else the address does not exist.
		if !httpx.IsLoopback(r) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		metrics.ServeHTTP(w, r)
	})
}
