package server_test

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// scrape reads /metrics as Prometheus does and parses it with
// Prometheus's own text parser.
func scrape(t *testing.T, app *webtest.App) map[string]*dto.MetricFamily {
	t.Helper()
	rec := app.Do(webtest.Request{Path: "/metrics", Remote: "127.0.0.1:5000"})
	if rec.Code != 200 {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{"# HELP napx_http_request_duration_seconds ", "# TYPE napx_http_request_duration_seconds histogram"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("/metrics is not in the exposition format: %v", err)
	}
	return fams
}

// requests is the count of napx_http_request_duration_seconds for a route
// and code, and whether its buckets carry le bounds ending in +Inf.
func requests(fams map[string]*dto.MetricFamily, route, code string) (uint64, bool) {
	f := fams["napx_http_request_duration_seconds"]
	if f == nil || f.GetType() != dto.MetricType_HISTOGRAM {
		return 0, false
	}
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		if labels["route"] == route && labels["code"] == code {
			h := m.GetHistogram()
			b := h.GetBucket()
			return h.GetSampleCount(), len(b) > 5
		}
	}
	return 0, false
}

// TestMetricsFormat: /metrics is what Prometheus and Grafana read: every
// family has HELP and TYPE, request durations are histograms with le
// buckets by route and status, counted exactly; the database pools and
// the process (resident memory) and the job engine are there; the registry passes
// Prometheus's own lint.
func TestMetricsFormat(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		webtest.Expect(t, app.Get("/healthz"), 200)
		before, _ := requests(scrape(t, app), "GET /states", "200")
		for range 3 {
			webtest.Expect(t, app.Get("/states"), 200)
		}
		webtest.Expect(t, app.Get("/states/NOPE"), 404)
		fams := scrape(t, app)
		n, buckets := requests(fams, "GET /states", "200")
		if n-before != 3 || !buckets {
			t.Errorf("GET /states 200: %d more requests counted (want 3), buckets %v", n-before, buckets)
		}
		if n, _ := requests(fams, "GET /states/{code}", "404"); n != 1 {
			t.Errorf("GET /states/{code} 404: %d requests counted, want 1", n)
		}
		if n, _ := requests(fams, "GET /states", "404"); n != 0 {
			t.Errorf("a status never answered is counted: %d", n) // the control
		}
		if q := fams["napx_http_request_queries"]; q == nil {
			t.Error("/metrics lacks napx_http_request_queries")
		} else {
			for _, m := range q.GetMetric() {
				route := ""
				for _, l := range m.GetLabel() {
					if l.GetName() == "route" {
						route = l.GetValue()
					}
				}
				h := m.GetHistogram()
				// /states reads the reference data in memory, /states/{code} its
				// contacts, plans and events from the database; /healthz none.
				switch {
				case route == "GET /healthz" && h.GetSampleSum() != 0:
					t.Errorf("%s ran %v statements, want none", route, h.GetSampleSum())
				case route == "GET /states/{code}" && h.GetSampleSum() == 0:
					t.Errorf("%s ran no statement (the counter counts nothing)", route)
				}
			}
		}
		for _, name := range []string{"napx_db_open_connections", "napx_db_in_use_connections", "napx_db_wait_total",
			"napx_http_requests_in_flight", "process_resident_memory_bytes", "go_goroutines", "napx_jobs"} {
			if fams[name] == nil {
				t.Errorf("/metrics lacks %s", name)
			}
		}
		for name, f := range fams {
			if f.GetHelp() == "" {
				t.Errorf("%s has no HELP text", name)
			}
		}
		problems, err := testutil.GatherAndLint(app.Metrics.Registry)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Errorf("lint: %s: %s", p.Metric, p.Text)
		}
	})
}
