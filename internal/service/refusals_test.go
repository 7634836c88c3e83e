package service_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestRefusalsCappedPerMinute: refusals from many clients in one minute
// give at most 60 audit entries; the next entry says how many were left
// out. Every refusal is counted.
func TestRefusalsCappedPerMinute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := &clock{t: time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)}
		set := prometheus.NewRegistry()
		svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: c.Now, Metrics: set})
		for i := range 100 {
			svc.Accounts.RefuseRequest(t.Context(), model.Anonymous, "security.cross-origin", "a cross-site request",
				service.RefusedRequest{Method: "POST", Path: "/x", Client: fmt.Sprintf("2001:db8::%x", i)})
		}
		es, _ := db.AuditEntries(t.Context(), model.AuditFilter{Action: "security.", Limit: 1000})
		if len(es) != 60 {
			t.Errorf("%d entries for 100 clients in one minute, want 60", len(es))
		}
		c.Add(time.Minute)
		svc.Accounts.RefuseRequest(t.Context(), model.Anonymous, "security.cross-origin", "a cross-site request",
			service.RefusedRequest{Method: "POST", Path: "/x", Client: "192.0.2.1"})
		es, _ = db.AuditEntries(t.Context(), model.AuditFilter{Action: "security.", Limit: 1})
		if len(es) != 1 || !strings.Contains(es[0].Summary, "40 refusals from other clients") {
			t.Errorf("the next minute's entry: %+v", es)
		}
		var b bytes.Buffer
		writeMetrics(t, &b, set)
		if !strings.Contains(b.String(), `napx_refusals_total{action="security.cross-origin"} 101`) {
			t.Errorf("metrics:\n%s", b.String())
		}
	})
}

// TestFailedAuditWriteIsLoggedAndCounted: when the audit entry of a
// refusal cannot be written, the failure is an error in the log and a
// count in the metrics, not silence.
func TestFailedAuditWriteIsLoggedAndCounted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		set := prometheus.NewRegistry()
		logs := &syncBuffer{}
		svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Metrics: set,
			Log: slog.New(slog.NewJSONHandler(logs, nil))})
		ctx, cancel := context.WithCancel(t.Context())
		cancel() // the write cannot happen
		svc.Accounts.RefuseRequest(ctx, model.Anonymous, "security.csrf", "missing or wrong form token",
			service.RefusedRequest{Method: "POST", Path: "/x", Client: "192.0.2.1"})
		var b bytes.Buffer
		writeMetrics(t, &b, set)
		if !strings.Contains(b.String(), "napx_audit_write_failures_total 1") {
			t.Errorf("metrics:\n%s", b.String())
		}
		if !strings.Contains(logs.String(), `"level":"ERROR","msg":"audit write failed"`) {
			t.Errorf("log:\n%s", logs.String())
		}
	})
}

// writeMetrics writes a registry in the text exposition format.
func writeMetrics(t *testing.T, b *bytes.Buffer, reg *prometheus.Registry) {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(b, mf); err != nil {
			t.Fatal(err)
		}
	}
}
