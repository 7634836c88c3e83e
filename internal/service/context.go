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
