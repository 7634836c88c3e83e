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
	BaseURL string                // the public address, for links in e-mail
	Jobs    JobOptions            // the job engine
	Mail    MailOptions           // the mail relay or outbox
	Metrics prometheus.Registerer // where services count what is not a request (refusals, failed audit writes, jobs, mail); nil: nowhere
}

// Services is the set of use cases the front ends call. Its dependencies
// stay inside: the front ends reach the database and the policy only
// through the services' methods.
type Services struct {
	deps      Deps
	Directory *Directory
	Demo      *Demo
	Accounts  *Accounts
	Audit     *Audit
	Contacts  *Contacts
	NAPs      *NAPs
	Matrix    *Matrix
	Events    *Events
	Maps      *Maps
	Practices *Practices
	Search    *Search
	History   *History
	Reports   *Reports
	Export    *Export
	// Jobs, Mail and Notifications are issue 10's engine and notices.
	Jobs          *Jobs
	Mail          *Mailer
	Notifications *Notifications
	// Assistance is issue 11's mechanism: requests, programmes, matching.
	Assistance *Assistance
	// Regional is issue 14's group dashboards and State profiles.
	Regional *Regional
	// OIDC is sign-in through organisations' OpenID providers (issue 19).
	OIDC *OIDC
	// Figures are the Committee's figures from live data (issue 20).
	Figures *Figures
	// OpenData is everything public as bulk files (issue 20).
	OpenData *OpenData
	// Tasks are what waits for each account (issue 18).
	Tasks *Tasks
	// Translations are records in several languages (issue 17, item 4).
	Translations *Translations
}

// New wires the services together.
func New(d Deps) *Services {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	// One clock: the store stamps rows with the same time the services
	// decide with (server.Options.Now).
	if d.DB != nil {
		d.DB = d.DB.WithClock(d.Now)
	}
	s := &Services{deps: d}
	s.Directory = &Directory{cat: d.Catalog}
	s.Demo = &Demo{db: d.DB}
	s.Accounts = newAccounts(d, d.Auth)
	s.Audit = &Audit{db: d.DB, cat: d.Catalog}
	s.Contacts = &Contacts{db: d.DB, cat: d.Catalog, now: d.Now}
	s.NAPs = newNAPs(d)
	s.Matrix = newMatrix(d)
	s.Matrix.naps = s.NAPs
	s.Demo.naps, s.Demo.matrix = s.NAPs, s.Matrix
	s.Events = &Events{db: d.DB, cat: d.Catalog, now: d.Now, accounts: s.Accounts, naps: s.NAPs}
	s.Maps = &Maps{cat: d.Catalog, db: d.DB, naps: s.NAPs, matrix: s.Matrix}
	s.Audit.events = s.Events
	s.Practices = newPractices(d, s.NAPs, s.Events)
	s.Search = &Search{db: d.DB, cat: d.Catalog, now: d.Now}
	s.History = &History{db: d.DB, cat: d.Catalog, now: d.Now}
	s.NAPs.history, s.Matrix.recorded = s.History, s.History
	s.Reports = &Reports{db: d.DB, cat: d.Catalog, now: d.Now, history: s.History}
	s.Matrix.reports = s.Reports
	s.Export = &Export{db: d.DB, cat: d.Catalog, now: d.Now, events: s.Events, accounts: s.Accounts}
	s.wireNotifications(d)
	s.Assistance = newAssistance(d, s.NAPs, s.Events)
	s.Audit.assistance = s.Assistance
	s.Demo.assistance = s.Assistance
	s.wireAssistance()
	s.OIDC = newOIDC(d, s.Accounts)
	s.wirePractices()
	s.Figures = &Figures{cat: d.Catalog, db: d.DB, now: d.Now}
	s.wireOpenData(d)
	s.Regional = &Regional{cat: d.Catalog, db: d.DB, naps: s.NAPs, matrix: s.Matrix, practices: s.Practices,
		contacts: s.Contacts, reports: s.Reports, events: s.Events, assistance: s.Assistance}
	// Your tasks (issue 18): one source per feature, in the order the
	// page groups them; a later feature appends its own.
	s.Tasks = newTasks(d)
	s.Tasks.Register(s.Matrix.TaskSource(), s.NAPs.TaskSource(), s.Events.TaskSource(), s.Contacts.TaskSource(), s.Accounts.TaskSource())
	s.Tasks.Register(s.Assistance.TaskSource(), s.Practices.TaskSource(), s.History.TaskSource())
	s.Translations = &Translations{db: d.DB, records: s.Notifications}
	return s
}

// Now is the services' clock (the real time, or the one a test fixed):
// the pages and the API use it too, so one request sees one time.
func (s *Services) Now() time.Time { return s.deps.Now() }

// Log is the services' logger.
func (s *Services) Log() *slog.Logger { return s.deps.Log }
