package service

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// jobMetrics are the job engine's series on /metrics (the Prometheus
// client library, like every series of napx); the mail's are
// mailCounters.
type jobMetrics struct {
	reg      prometheus.Registerer // nil: counted for no one
	attempts *prometheus.CounterVec
	run      *prometheus.HistogramVec
}

func newJobMetrics(reg prometheus.Registerer) *jobMetrics {
	return &jobMetrics{reg: reg,
		attempts: registered(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Name: "napx_job_attempts_total",
			Help: "Finished job attempts, by kind and outcome (completed, failed, discarded, cancelled)."}, []string{"kind", "outcome"})),
		run: registered(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "napx_job_run_seconds",
			Help: "Time a job attempt ran, by kind.", Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}}, []string{"kind"})),
	}
}

// mailCounters count the letters handed to the transport, and those it
// refused, by transport (smtp or outbox).
func mailCounters(reg prometheus.Registerer) (sent, failed *prometheus.CounterVec) {
	sent = registered(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Name: "napx_mail_sent_total",
		Help: "Letters the transport accepted, by transport (smtp or outbox)."}, []string{"transport"}))
	failed = registered(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Name: "napx_mail_failures_total",
		Help: "Letters the transport refused or could not take, by transport (smtp or outbox)."}, []string{"transport"}))
	return sent, failed
}

// registered registers c on reg, or returns the collector registered
// already under the same name (a second engine on one registry counts into
// the first one's series); without a registry c counts for no one.
func registered[T prometheus.Collector](reg prometheus.Registerer, c T) T {
	if reg == nil {
		return c
	}
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if e, ok := are.ExistingCollector.(T); ok {
				return e
			}
		}
		panic(err)
	}
	return c
}
