package service

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"napx/internal/model"
	"napx/internal/store"
)

// Refusals of requests that never reached a route (a cross-site request,
// a form without its token) and failed sign-ins for addresses that have
// no account cost their sender nothing, so the append-only audit log must
// not grow with them: each one is counted (metrics) and logged, but the
// audit log gets at most one entry per client, kind of refusal and
// minute — the first; it tells how many more came since the entry before
// — and at most maxRefusalEntries such entries a minute in all, however
// many clients there are. What the request carried (its path, its Origin,
// an e-mail address) is recorded cut and cleaned, never verbatim.
const (
	maxRefusalEntries = 60     // audit entries for refusals, per minute, in all
	maxRefusalClients = 10_000 // clients remembered for the per-minute rule
	refusalTextMax    = 100    // characters kept of a path, an Origin, an address
)

// RefusedRequest describes a refused request, as the middleware saw it.
type RefusedRequest struct {
	Method string
	Path   string
	Origin string
	Client string // the client's address
}

type refusalWindow struct {
	minute     time.Time // the minute of the last entry written for the key
	suppressed int       // refusals not written since that entry
}

// refusals keeps the per-minute state; it is safe for concurrent use.
type refusals struct {
	mu      sync.Mutex
	keys    map[string]*refusalWindow
	minute  time.Time // the current minute of the overall cap
	written int       // entries written in that minute
	dropped int       // refusals past the overall cap, not yet reported
}

// decide says whether a refusal for key at now gets an audit entry, and
// what the entry should add: refusals not recorded for this key since its
// last entry, and refusals from anyone left out by the overall cap.
func (r *refusals) decide(key string, now time.Time) (write bool, suppressed, dropped int) {
	minute := now.Truncate(time.Minute)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.keys == nil {
		r.keys = map[string]*refusalWindow{}
	}
	w := r.keys[key]
	if w != nil && w.minute.Equal(minute) {
		w.suppressed++
		return false, 0, 0
	}
	if !r.minute.Equal(minute) {
		r.minute, r.written = minute, 0
	}
	if r.written >= maxRefusalEntries {
		r.dropped++
		return false, 0, 0
	}
	if w == nil {
		if len(r.keys) >= maxRefusalClients {
			for k, old := range r.keys {
				if old.minute.Before(minute) {
					delete(r.keys, k)
				}
			}
		}
		if len(r.keys) >= maxRefusalClients {
			r.dropped++ // this minute's clients fill the table: count only
			return false, 0, 0
		}
		w = &refusalWindow{}
		r.keys[key] = w
	}
	r.written++
	suppressed, dropped = w.suppressed, r.dropped
	w.minute, w.suppressed, r.dropped = minute, 0, 0
	return true, suppressed, dropped
}

// RefuseRequest records a request refused before it reached a route:
// counted, logged, and audited at most once per client, action and
// minute (see refusals). v is the signed-in viewer, if any.
func (a *Accounts) RefuseRequest(ctx context.Context, v model.Viewer, action, why string, req RefusedRequest) {
	summary := fmt.Sprintf("%s %s refused: %s (client %s", model.CleanLine(req.Method, 10), model.CleanLine(req.Path, refusalTextMax), why,
		model.CleanLine(req.Client, 60))
	if req.Origin != "" {
		summary += ", Origin " + model.CleanLine(req.Origin, refusalTextMax)
	}
	summary += ")"
	a.refuse(ctx, v, action, "", req.Client, summary)
}

// refuse counts, logs and (at most once per client, action, actor and
// minute) audits a refusal.
func (a *Accounts) refuse(ctx context.Context, v model.Viewer, action, recordID, client, summary string) {
	a.metrics.refusals.WithLabelValues(action).Inc()
	a.log.Warn("refused", "action", action, "client", model.CleanLine(client, 60), "actor", model.CleanLine(v.Label(), 254), "summary", summary)
	write, suppressed, dropped := a.refused.decide(client+"\x00"+action+"\x00"+v.Label(), a.now())
	if !write {
		a.metrics.refusalsNotAudited.WithLabelValues(action).Inc()
		return
	}
	if suppressed > 0 {
		summary += "; " + strconv.Itoa(suppressed) + " more from this client since its last entry"
	}
	if dropped > 0 {
		summary += "; " + strconv.Itoa(dropped) + " refusals from other clients were counted but not recorded one by one (too many in a minute)"
	}
	a.auditEvent(ctx, v, action, recordID, summary)
}

// auditEvent records a security event that changes no record. A failed
// write is not the caller's failure (the request is answered anyway) but
// is never silent: it is logged as an error and counted.
func (a *Accounts) auditEvent(ctx context.Context, v model.Viewer, action, recordID, summary string) {
	err := a.db.Write(ctx, func(tx *store.Tx) error {
		return tx.Audit(ctx, v, store.AuditRecord{Action: action, Kind: "security", RecordID: recordID, Summary: summary})
	})
	if err != nil {
		a.metrics.auditWriteFailures.Inc()
		a.log.Error("audit write failed", "action", action, "err", err)
	}
}
