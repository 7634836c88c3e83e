package httpx

import (
	"context"
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is napx's /metrics: the Prometheus exposition format with
// # HELP and # TYPE lines and histograms with le buckets (what
// histogram_quantile reads), from the Prometheus client library. It holds
// the HTTP series Observe records; the database pools, jobs and mail
// register theirs on Registry.
type Metrics struct {
	Registry *prometheus.Registry

	duration *prometheus.HistogramVec
	queries  *prometheus.HistogramVec
	inFlight prometheus.Gauge

	// CountQueries, when set, returns a context whose SQL statements are
	// counted and the function that reads the count (the store's query
	// counter), so each request's count goes into napx_http_request_queries.
	CountQueries func(context.Context) (context.Context, func() int64)
}

// DurationBuckets are the request-duration buckets in seconds: fine below
// 100 ms, where napx's pages should be.
var DurationBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// NewMetrics returns the registry with the HTTP series, the Go runtime's
// and the process's (resident memory, CPU, open files).
func NewMetrics() *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry()}
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "napx_http_request_duration_seconds",
		Help:    "Time to serve a request, by route pattern (\"GET /states/{code}\", or \"unmatched\") and status code.",
		Buckets: DurationBuckets,
	}, []string{"route", "code"})
	m.queries = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "napx_http_request_queries",
		Help:    "SQL statements run to serve a request, by route pattern.",
		Buckets: []float64{0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144},
	}, []string{"route"})
	m.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "napx_http_requests_in_flight",
		Help: "Requests being served now.",
	})
	m.Registry.MustRegister(m.duration, m.queries, m.inFlight,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe records one finished request.
func (m *Metrics) observe(route string, status int, seconds float64, queries int64, counted bool) {
	if m == nil {
		return
	}
	m.duration.WithLabelValues(route, strconv.Itoa(status)).Observe(seconds)
	if counted {
		m.queries.WithLabelValues(route).Observe(float64(queries))
	}
}

// Handler serves the registry in the text exposition format (or
// OpenMetrics when the scraper asks for it).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry, EnableOpenMetrics: true})
}
