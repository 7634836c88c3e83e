package server_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"napx/internal/api"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// The engine subtests run side by side (storetest.ParallelEngines): they
// share nothing, which TestEngineSubtestsShareNothing keeps so.
func TestMain(m *testing.M) {
	storetest.ParallelEngines()
	os.Exit(storetest.Main(m))
}

// TestEngineSubtestsShareNothing: no engine subtest of this package writes
// a variable of its test, and no test reads their results after the
// engine loop (storetest's own test is the control).
func TestEngineSubtestsShareNothing(t *testing.T) { storetest.CheckSharesNothing(t) }

func TestOperations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		webtest.Expect(t, app.Get("/healthz"), 200, "ok")
		webtest.Expect(t, app.Get("/readyz"), 200, "ready")
		// Metrics: open on loopback, absent elsewhere or when forwarded.
		app.Get("/states")
		rec := app.Do(webtest.Request{Path: "/metrics", Remote: "127.0.0.1:5000"})
		webtest.Expect(t, rec, 200, `napx_http_request_duration_seconds_count{code="200",route="GET /states"}`)
		webtest.Expect(t, app.Do(webtest.Request{Path: "/metrics", Remote: "[::1]:5000"}), 200)
		webtest.Expect(t, app.Do(webtest.Request{Path: "/metrics"}), 404, "!napx_http_request_duration_seconds")
		webtest.Expect(t, app.Do(webtest.Request{Path: "/metrics", Remote: "127.0.0.1:5000",
			Header: http.Header{"X-Forwarded-For": {"203.0.113.9"}}}), 404, "!napx_http_request_duration_seconds")
	})
}

func TestSecurityHeaders(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		for _, path := range []string{"/", "/states", "/api/v1/states", "/no/such/page", "/api/v1/nope", "/static/app.css"} {
			rec := app.Get(path)
			h := rec.Header()
			csp := h.Get("Content-Security-Policy")
			if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("%s: Content-Security-Policy = %q", path, csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s: X-Content-Type-Options = %q", path, h.Get("X-Content-Type-Options"))
			}
			if h.Get("Referrer-Policy") == "" {
				t.Errorf("%s: no Referrer-Policy", path)
			}
			if h.Get("X-Request-ID") == "" {
				t.Errorf("%s: no X-Request-ID", path)
			}
		}
	})
}

func TestRequestIDs(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		rec := app.Do(webtest.Request{Path: "/healthz", Header: http.Header{"X-Request-Id": {"abc-123"}}})
		if got := rec.Header().Get("X-Request-ID"); got != "abc-123" {
			t.Errorf("a plain caller ID is kept: got %q", got)
		}
		rec = app.Do(webtest.Request{Path: "/healthz", Header: http.Header{"X-Request-Id": {"bad id\nwith newline"}}})
		if got := rec.Header().Get("X-Request-ID"); got == "" || strings.ContainsAny(got, " \n") {
			t.Errorf("a hostile caller ID is replaced: got %q", got)
		}
		app.Get("/states?q=Croatia")
		if logs := app.Logs(); !strings.Contains(logs, `"request_id":"abc-123"`) || !strings.Contains(logs, `"route":"GET /states"`) {
			t.Errorf("structured request logs lack the ID or route: %s", logs)
		}
	})
}

func TestNotFoundAndMethods(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		tests := []struct {
			method, path string
			status       int
			want         []string
		}{
			{"GET", "/no/such/page", 404, []string{"Page not found", `<main id="main"`, "Skip to main content"}},
			{"GET", "/states/XYZ", 404, []string{"Page not found"}},
			{"GET", "/api/v1/nope", 404, []string{`{"error":"no such API address: /api/v1/nope"}`}},
			{"GET", "/api/v1/states/XYZ", 404, []string{`{"error":"not found"}`}},
			{"POST", "/api/v1/states", 405, []string{`"error":"method POST is not allowed here; use GET"`}},
			{"DELETE", "/states", 405, []string{"Not possible here"}},
			{"GET", "/api/v1/states?group=NOPE", 422, []string{`"fields":{"group":"there is no group with the code \"NOPE\""}`}},
			{"GET", "/states?group=NOPE", 422, []string{"there is no group with the code"}},
		}
		for _, tt := range tests {
			rec := app.Do(webtest.Request{Method: tt.method, Path: tt.path})
			webtest.Expect(t, rec, tt.status, tt.want...)
			if tt.status == 405 && rec.Header().Get("Allow") == "" {
				t.Errorf("%s %s: 405 without Allow", tt.method, tt.path)
			}
		}
	})
}

func TestBodyLimit(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		// A declared body over the default 10 MiB limit is refused with 413
		// before anything else looks at the request, for pages and the API.
		for _, path := range []string{"/api/v1/states", "/states"} {
			rec := app.Do(webtest.Request{Method: "POST", Path: path, Body: strings.NewReader("x"),
				Header: http.Header{"Content-Length": {"11534336"}}})
			if rec.Code != http.StatusRequestEntityTooLarge {
				t.Errorf("POST %s with 11 MiB declared: %d, want 413", path, rec.Code)
			}
		}
		rec := app.Do(webtest.Request{Method: "POST", Path: "/api/v1/states", Body: strings.NewReader("x"),
			Header: http.Header{"Content-Length": {"11534336"}}})
		webtest.Expect(t, rec, 413, `"error":"the request body is larger than the 10 MiB this address accepts"`)
	})
}

func TestDemoBanner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demo := webtest.New(t, db, webtest.Demo())
		real := webtest.New(t, db)
		for _, path := range []string{"/", "/states", "/states/HRV", "/organizations", "/groups/SEE", "/no/such"} {
			rec := demo.Get(path)
			if !strings.Contains(rec.Body.String(), "Illustrative demo data") {
				t.Errorf("demo %s: no banner", path)
			}
			if strings.Contains(real.Get(path).Body.String(), "Illustrative demo data") {
				t.Errorf("real %s: demo banner shown", path)
			}
		}
	})
}

// TestOpenAPIMatchesRouter checks that the OpenAPI document describes
// exactly the API routes that exist: every documented operation is served
// by the router, and every API route is documented.
func TestOpenAPIMatchesRouter(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		var doc struct {
			OpenAPI string                                `json:"openapi"`
			Paths   map[string]map[string]json.RawMessage `json:"paths"`
		}
		if code := app.JSON("GET", "/api/v1/openapi.json", nil, &doc); code != 200 {
			t.Fatalf("openapi.json: %d", code)
		}
		if doc.OpenAPI != "3.1.0" {
			t.Errorf("openapi = %q", doc.OpenAPI)
		}
		documented := map[string]bool{}
		for p, ops := range doc.Paths {
			for m, raw := range ops {
				key := strings.ToUpper(m) + " " + api.Prefix + p
				documented[key] = true
				var op struct {
					OperationID string         `json:"operationId"`
					Responses   map[string]any `json:"responses"`
				}
				if err := json.Unmarshal(raw, &op); err != nil || op.OperationID == "" || len(op.Responses) == 0 {
					t.Errorf("%s: incomplete operation %s", key, raw)
				}
			}
		}
		served := map[string]bool{}
		for _, r := range app.Router.Routes() {
			if !strings.HasPrefix(r.Path, api.Prefix+"/") {
				continue
			}
			served[r.Pattern()] = true
			if !documented[r.Pattern()] {
				t.Errorf("route %s is not in the OpenAPI document", r.Pattern())
			}
		}
		for k := range documented {
			if !served[k] {
				t.Errorf("OpenAPI documents %s, which no route serves", k)
			}
			// And the router really resolves it (path parameters filled in).
			method, path, _ := strings.Cut(k, " ")
			path = strings.NewReplacer("{code}", "HRV", "{id}", "1", "{fieldID}", "OP1-01", "{pid}", "1", "{actionID}", "1").Replace(path)
			req, _ := http.NewRequest(method, path, nil)
			if _, ok := app.Router.Match(req); !ok {
				t.Errorf("OpenAPI path %s does not resolve in the router", k)
			}
		}
		if len(served) == 0 {
			t.Fatal("no API routes")
		}
	})
}
