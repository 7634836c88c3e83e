package service

import "github.com/prometheus/client_golang/prometheus"

// serviceMetrics are what the services count that is not a request (the
// server's /metrics counts those): refusals, and writes of the audit log
// or the sign-in throttle that failed. Registered on Deps.Metrics (the
// server's registry); without one they count for no one.
type serviceMetrics struct {
	refusals              *prometheus.CounterVec
	refusalsNotAudited    *prometheus.CounterVec
	auditWriteFailures    prometheus.Counter
	throttleWriteFailures prometheus.Counter
}

func newServiceMetrics(reg prometheus.Registerer) *serviceMetrics {
	m := &serviceMetrics{
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "napx_refusals_total",
			Help: "Requests and actions refused (cross-site, form token, input at the boundary, ...), by action."}, []string{"action"}),
		refusalsNotAudited: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "napx_refusals_not_audited_total",
			Help: "Refusals counted but not written to the audit log one by one (at most one entry per client, action and minute), by action."}, []string{"action"}),
		auditWriteFailures: prometheus.NewCounter(prometheus.CounterOpts{Name: "napx_audit_write_failures_total",
			Help: "Security events whose audit entry could not be written (logged as errors)."}),
		throttleWriteFailures: prometheus.NewCounter(prometheus.CounterOpts{Name: "napx_throttle_write_failures_total",
			Help: "Failed sign-ins that could not be counted by the throttle (logged as errors)."}),
	}
	if reg != nil {
		reg.MustRegister(m.refusals, m.refusalsNotAudited, m.auditWriteFailures, m.throttleWriteFailures)
	}
	return m
}
