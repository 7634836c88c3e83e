package service

import (
	"context"
	"fmt"
	"sync"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
)

// DataVersion says which state of the data a read saw: the number of the
// last audited change and when it was made. Two reads under the same
// version saw the same records.
type DataVersion struct {
	Seq int64
	At  time.Time
}

// DataVersion reads the current version (one small query).
func (a *Audit) DataVersion(ctx context.Context) (DataVersion, error) {
	seq, at, err := a.db.DataVersion(ctx)
	return DataVersion{Seq: seq, At: at}, err
}

type dataVersionKey struct{}

// WithDataVersion returns a context carrying the data version a request
// read when it began (the server reads it once per request). Services keep
// what they compute from the data under it; without one they compute
// every time.
func WithDataVersion(ctx context.Context, v DataVersion) context.Context {
	return context.WithValue(ctx, dataVersionKey{}, v)
}

func dataVersionIn(ctx context.Context) (DataVersion, bool) {
	v, ok := ctx.Value(dataVersionKey{}).(DataVersion)
	return v, ok
}

// versioned keeps values computed from the data under the data version
// and the day they were computed for. A value is served only to a request
// that read the same version on the same day; the first value kept under
// a newer version empties the cache. A request may be served a value
// computed after it read its version (newer, never older, data). Bounded:
// when full, it starts again. The zero value is ready (1 000 values).
type versioned[K comparable, V any] struct {
	mu    sync.Mutex
	seq   int64
	day   string
	items map[K]V
	max   int
}

func newVersioned[K comparable, V any](max int) *versioned[K, V] {
	return &versioned[K, V]{items: map[K]V{}, max: max}
}

func (c *versioned[K, V]) get(ctx context.Context, day string, k K) (V, bool) {
	var zero V
	dv, ok := dataVersionIn(ctx)
	if !ok {
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seq != dv.Seq || c.day != day {
		return zero, false
	}
	v, ok := c.items[k]
	return v, ok
}

func (c *versioned[K, V]) put(ctx context.Context, day string, k K, v V) {
	dv, ok := dataVersionIn(ctx)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case dv.Seq < c.seq || dv.Seq == c.seq && day != c.day && day < c.day:
		return // computed under an older version than the one kept
	case dv.Seq != c.seq || day != c.day || c.items == nil || len(c.items) >= max(c.max, 1000):
		c.seq, c.day, c.items = dv.Seq, day, map[K]V{}
	}
	c.items[k] = v
}

// readerKey names what v may read: two viewers with the same key are let
// read the same records by the one policy (policy.ReadFilter decides by
// the same things), so a list read for one serves the other.
func readerKey(v model.Viewer) string {
	f := policy.ReadFilter(v, "r", "k", 1)
	return f.SQL + fmt.Sprintf("%q", f.Args)
}

// Kept is a cache of values computed from the data, kept under the data
// version and the day as the services keep theirs: for the front ends'
// own derived values (a page fragment that is the same for every reader
// with the same ReaderKey). The zero value is ready.
type Kept[K comparable, V any] struct{ c versioned[K, V] }

// Get returns the value kept for k under ctx's data version and day.
func (k *Kept[K, V]) Get(ctx context.Context, day string, key K) (V, bool) {
	return k.c.get(ctx, day, key)
}

// Put keeps v for k under ctx's data version and day (without a version in
// ctx, nothing is kept).
func (k *Kept[K, V]) Put(ctx context.Context, day string, key K, v V) { k.c.put(ctx, day, key, v) }

// ReaderKey is readerKey for the front ends: two viewers with the same key
// read the same records.
func ReaderKey(v model.Viewer) string { return readerKey(v) }
