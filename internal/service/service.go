package service

import (
	"log/slog"
	"time"

	"napx/internal/refdata"
	"napx/internal/store"
)

// Deps are what every service needs.
type Deps struct {
	DB      *store.DB
	Catalog *refdata.Catalog
	Log     *slog.Logger
	Now     func() time.Time // the clock; tests pass a fixed one
}

// Services is the set of use cases the front ends call.
type Services struct {
	Deps
	Directory *Directory
	Demo      *Demo
}

// New wires the services together.
func New(d Deps) *Services {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	s := &Services{Deps: d}
	s.Directory = &Directory{cat: d.Catalog}
	s.Demo = &Demo{db: d.DB}
	return s
}
