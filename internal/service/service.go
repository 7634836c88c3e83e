package service

import (
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"napx/internal/refdata"
	"napx/internal/store"
)

// Deps are what every service needs.
type Deps struct {
	DB      *store.DB
	Catalog *refdata.Catalog
	Log     *slog.Logger
	Now     func() time.Time // the clock; tests pass a fixed one
	Auth    AuthOptions
	Metrics prometheus.Registerer // where services count what is not a request (refusals, failed audit writes); nil: nowhere
}

// Services is the set of use cases the front ends call.
type Services struct {
	Deps
	Directory *Directory
	Demo      *Demo
	Accounts  *Accounts
	Audit     *Audit
	Contacts  *Contacts
	NAPs      *NAPs
	Matrix    *Matrix
	Events    *Events
	Maps      *Maps
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
	s.Accounts = newAccounts(d, d.Auth)
	s.Audit = &Audit{db: d.DB}
	s.Contacts = &Contacts{db: d.DB, cat: d.Catalog, now: d.Now}
	s.NAPs = newNAPs(d)
	s.Matrix = newMatrix(d)
	s.Events = &Events{db: d.DB, cat: d.Catalog, now: d.Now, accounts: s.Accounts, naps: s.NAPs}
	s.Maps = &Maps{cat: d.Catalog, db: d.DB, naps: s.NAPs, matrix: s.Matrix}
	return s
}
