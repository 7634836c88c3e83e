package server

import (
	"sort"

	"github.com/prometheus/client_golang/prometheus"

	"napx/internal/store"
)

// poolCollector exposes the database pools' figures, read when Prometheus
// scrapes (database/sql keeps them; nothing is counted twice).
type poolCollector struct {
	db                                        *store.DB
	maxOpen, open, inUse, idle                *prometheus.Desc
	waits, waited, closedIdle, closedLifetime *prometheus.Desc
}

func newPoolCollector(db *store.DB) *poolCollector {
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("napx_db_"+name, help, []string{"pool"}, nil)
	}
	return &poolCollector{db: db,
		maxOpen:        d("max_open_connections", "The pool's largest number of open connections (0: no limit)."),
		open:           d("open_connections", "Connections open now, in use or idle."),
		inUse:          d("in_use_connections", "Connections in use now."),
		idle:           d("idle_connections", "Idle connections now."),
		waits:          d("wait_total", "Times a request waited for a connection."),
		waited:         d("wait_seconds_total", "Time spent waiting for a connection."),
		closedIdle:     d("closed_idle_total", "Connections closed because the pool kept too many idle ones or they stayed idle too long."),
		closedLifetime: d("closed_lifetime_total", "Connections closed because they reached their maximum lifetime."),
	}
}

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.maxOpen, c.open, c.inUse, c.idle, c.waits, c.waited, c.closedIdle, c.closedLifetime} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	stats := c.db.PoolStats()
	names := make([]string, 0, len(stats))
	for n := range stats {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := stats[n]
		ch <- prometheus.MustNewConstMetric(c.maxOpen, prometheus.GaugeValue, float64(s.MaxOpenConnections), n)
		ch <- prometheus.MustNewConstMetric(c.open, prometheus.GaugeValue, float64(s.OpenConnections), n)
		ch <- prometheus.MustNewConstMetric(c.inUse, prometheus.GaugeValue, float64(s.InUse), n)
		ch <- prometheus.MustNewConstMetric(c.idle, prometheus.GaugeValue, float64(s.Idle), n)
		ch <- prometheus.MustNewConstMetric(c.waits, prometheus.CounterValue, float64(s.WaitCount), n)
		ch <- prometheus.MustNewConstMetric(c.waited, prometheus.CounterValue, s.WaitDuration.Seconds(), n)
		ch <- prometheus.MustNewConstMetric(c.closedIdle, prometheus.CounterValue, float64(s.MaxIdleClosed+s.MaxIdleTimeClosed), n)
		ch <- prometheus.MustNewConstMetric(c.closedLifetime, prometheus.CounterValue, float64(s.MaxLifetimeClosed), n)
	}
}
