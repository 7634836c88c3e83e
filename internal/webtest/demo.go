package webtest

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"napx/internal/demo"
	"napx/internal/store"
	"napx/internal/storetest"
)

// DemoDB returns a fresh database on engine holding the demo as demo.Seed
// writes it with the clock at now (storetest.Seeded: seeded once per test
// binary, engine and day of now, then copied for each test). demo.Seed on
// it again finds every part done and writes nothing, so a test may still
// call it. Seeding the demo takes seconds under the race detector; a copy
// takes milliseconds.
func DemoDB(t testing.TB, e storetest.Engine, now time.Time) *store.DB {
	t.Helper()
	return storetest.Seeded(t, e, "demo@"+now.UTC().Format(time.DateOnly), func(db *store.DB) error {
		app := New(t, db, Demo(), Clock(func() time.Time { return now }))
		_, err := demo.Seed(context.Background(), app.Services, slog.New(slog.DiscardHandler))
		return err
	})
}

// EachDemo is Each on the demo: once per engine, fn gets an App built with
// opts over a copy of the demo seeded with the clock at now (DemoDB).
func EachDemo(t *testing.T, now time.Time, fn func(t *testing.T, app *App), opts ...Option) {
	t.Helper()
	for _, e := range storetest.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			storetest.EngineParallel(t)
			fn(t, New(t, DemoDB(t, e, now), opts...))
		})
	}
}

// EachDemoDB runs fn once per engine on a copy of the demo seeded with the
// clock at now (DemoDB), for tests that build their own services.
func EachDemoDB(t *testing.T, now time.Time, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, e := range storetest.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			storetest.EngineParallel(t)
			fn(t, DemoDB(t, e, now))
		})
	}
}
