package service

import (
	"context"

	"napx/internal/model"
)

type ctxKey int

const viewerKey ctxKey = iota

// WithViewer returns ctx carrying the viewer of the request.
func WithViewer(ctx context.Context, v model.Viewer) context.Context {
	return context.WithValue(ctx, viewerKey, v)
}

// ViewerFrom returns the viewer of the request (anonymous when none).
func ViewerFrom(ctx context.Context) model.Viewer {
	v, _ := ctx.Value(viewerKey).(model.Viewer)
	return v
}

type quietKey struct{}

// WithoutNotices returns ctx for writing illustrative history (napx demo
// --scale world): every change is made and audited as usual, but nobody is
// told — a notice about a step years back would be news to no one, and the
// world's thousands of them would keep the job engine busy (and the data
// version moving) for minutes after the server starts. Only napx's own
// generators use it; no front end does.
func WithoutNotices(ctx context.Context) context.Context {
	return context.WithValue(ctx, quietKey{}, true)
}

func quiet(ctx context.Context) bool {
	q, _ := ctx.Value(quietKey{}).(bool)
	return q
}
