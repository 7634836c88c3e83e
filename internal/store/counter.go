package store

import (
	"context"
	"sync/atomic"
)

// QueryCounter counts the SQL statements run for one context: a request,
// a test, a benchmark. The world-scale work reads it as a metric ("queries
// per request"); tests use it to prove that a write reads its record once.
type QueryCounter struct{ n atomic.Int64 }

type counterKey struct{}

// WithQueryCounter returns a context whose statements are counted by the
// returned counter. Counters nest: an inner one counts only its own part.
func WithQueryCounter(ctx context.Context) (context.Context, *QueryCounter) {
	c := &QueryCounter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

// Count returns the statements counted so far.
func (c *QueryCounter) Count() int64 {
	if c == nil {
		return 0
	}
	return c.n.Load()
}

// QueriesIn returns the counter of ctx, or nil.
func QueriesIn(ctx context.Context) *QueryCounter {
	c, _ := ctx.Value(counterKey{}).(*QueryCounter)
	return c
}

func countQuery(ctx context.Context) {
	if c, ok := ctx.Value(counterKey{}).(*QueryCounter); ok {
		c.n.Add(1)
	}
}
