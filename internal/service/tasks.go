package service

import (
	"context"
	"sort"
	"sync"
	"time"

	"napx/internal/model"
	"napx/internal/store"
)

// TaskSource is one feature's contribution to "Your tasks" (issue 18, item
// 1): given the viewer and the time, the tasks waiting for them, read
// through the one policy like any list. A feature adds its tasks by writing
// one source (service/<feature>_tasks.go or tasks_sources.go) and one line
// in service.New; nothing is stored.
type TaskSource struct {
	Name string // the feature, for errors
	List func(ctx context.Context, v model.Viewer, now time.Time) ([]model.Task, error)
}

// Tasks gathers the viewer's tasks from every registered source.
type Tasks struct {
	db      *store.DB
	now     func() time.Time
	sources []TaskSource

	mu    sync.Mutex
	count map[int64]taskCount // by account: the count under an audit head and a day
}

type taskCount struct {
	seq int64
	day model.Date
	n   int
}

func newTasks(d Deps) *Tasks {
	return &Tasks{db: d.DB, now: d.Now, count: map[int64]taskCount{}}
}

// Register adds a source (service.New calls it once per feature).
func (t *Tasks) Register(src ...TaskSource) { t.sources = append(t.sources, src...) }

// For returns the tasks waiting for v: overdue ones first, then by due
// day, then the longest waiting first. An anonymous visitor has none.
func (t *Tasks) For(ctx context.Context, v model.Viewer) ([]model.Task, error) {
	if !v.SignedIn() {
		return nil, nil
	}
	now := t.now()
	out := []model.Task{}
	for _, src := range t.sources {
		ts, err := src.List(ctx, v, now)
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
	}
	today := model.DateOf(now.UTC())
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if oa, ob := a.Overdue(today), b.Overdue(today); oa != ob {
			return oa
		}
		if a.Due.IsZero() != b.Due.IsZero() {
			return !a.Due.IsZero()
		}
		if !a.Due.IsZero() && a.Due != b.Due {
			return a.Due.Before(b.Due)
		}
		if !a.Since.Equal(b.Since) {
			return a.Since.Before(b.Since)
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.URL < b.URL
	})
	return out, nil
}

// Count is how many tasks wait for v (the header's number). It is kept per
// account until anything changes (the audit head moves: every change is
// audited) or the day changes, so a page costs one small query, not the
// task sources.
func (t *Tasks) Count(ctx context.Context, v model.Viewer) (int, error) {
	if !v.SignedIn() {
		return 0, nil
	}
	seq, err := t.db.AuditSeq(ctx)
	if err != nil {
		return 0, err
	}
	day := model.DateOf(t.now().UTC())
	t.mu.Lock()
	c, ok := t.count[v.ID()]
	t.mu.Unlock()
	if ok && c.seq == seq && c.day == day {
		return c.n, nil
	}
	ts, err := t.For(ctx, v)
	if err != nil {
		return 0, err
	}
	t.mu.Lock()
	if len(t.count) > 10000 {
		t.count = map[int64]taskCount{}
	}
	t.count[v.ID()] = taskCount{seq: seq, day: day, n: len(ts)}
	t.mu.Unlock()
	return len(ts), nil
}
