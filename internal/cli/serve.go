package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"sync"
	"time"

	"napx/internal/config"
	"napx/internal/httpx"
	"napx/internal/refdata"
	"napx/internal/server"
	"napx/internal/service"
	"napx/internal/store"
)

func runServe(ctx context.Context, env Env) error {
	fs := newFlags(env, "serve [flags]", "Runs the napx web server. An empty database is migrated; an outdated one is\nrefused unless --migrate is given.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	migrate := fs.Bool("migrate", false, "apply pending migrations before serving")
	workers := config.RegisterWorkers(fs, defaultWorkers, env.Getenv)
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	n, err := workers()
	if err != nil {
		return err
	}
	log := logger(env, "json")
	db, _, err := openAndMigrate(ctx, cfg, log, *migrate)
	if err != nil {
		return err
	}
	defer db.Close()
	return serve(ctx, env, cfg, db, log, false, n)
}

// defaultWorkers is how many jobs a process runs at once unless told.
const defaultWorkers = 4

// jobOptions and mailOptions are the job engine's and mail's settings of
// a command.
func jobOptions(workers int) service.JobOptions { return service.JobOptions{Workers: workers} }

func mailOptions(cfg *config.Config) service.MailOptions {
	return service.MailOptions{SMTPURL: cfg.SMTPURL, OutboxDir: filepath.Join(cfg.DataDir, "outbox"), From: cfg.MailFrom}
}

// openAndMigrate opens the database and brings it to the binary's schema:
// always when it is empty (fresh = true), when it is behind only if
// migrate is set.
func openAndMigrate(ctx context.Context, cfg *config.Config, log *slog.Logger, migrate bool) (db *store.DB, fresh bool, err error) {
	db, err = store.Open(ctx, cfg.DatabaseURL())
	if err != nil {
		return nil, false, fmt.Errorf("open database %s: %w", cfg.Redacted(), err)
	}
	applied, latest, err := db.SchemaVersion(ctx)
	if err != nil {
		_ = db.Close()
		return nil, false, err
	}
	pending, unknown, err := db.PendingMigrations(ctx)
	if err != nil {
		_ = db.Close()
		return nil, false, err
	}
	fresh = applied == 0
	switch {
	case len(unknown) > 0:
		_ = db.Close()
		return nil, false, fmt.Errorf("the database has migration %d, which this napx does not know (it knows up to %d): use a newer napx", unknown[0], latest)
	case len(pending) > 0 && !fresh && !migrate:
		_ = db.Close()
		return nil, false, fmt.Errorf("the database schema is outdated (version %d, %d migration(s) pending, this napx needs %d): run `napx migrate` or `napx serve --migrate`", applied, len(pending), latest)
	case len(pending) > 0:
		if err := db.Migrate(ctx, func(f string, a ...any) { log.Info(fmt.Sprintf(f, a...)) }); err != nil {
			_ = db.Close()
			return nil, false, err
		}
	}
	return db, fresh, nil
}

// serve runs the server (and, unless workers is 0, the job workers)
// until ctx ends (SIGTERM, SIGINT).
func serve(ctx context.Context, env Env, cfg *config.Config, db *store.DB, log *slog.Logger, demo bool, workers int) error {
	cat, err := refdata.Load()
	if err != nil {
		return err
	}
	if err := db.SyncReference(ctx, cat); err != nil {
		return err
	}
	app, err := server.New(server.Options{DB: db, Catalog: cat, Log: log, Version: version(), Demo: demo, BaseURL: cfg.PublicURL(),
		Auth: service.AuthOptions{RequireTOTP: cfg.RequireTOTP && !demo}, Jobs: jobOptions(workers), Mail: mailOptions(cfg)})
	if err != nil {
		return err
	}
	if err := app.Services.Jobs.Start(ctx); err != nil {
		return err
	}
	// On SIGTERM the workers wind down while the HTTP server drains, not
	// after it.
	var once sync.Once
	stop := func() { once.Do(func() { stopJobs(app.Services, log) }) }
	defer stop()
	go func() { <-ctx.Done(); stop() }()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	go sweepSessions(ctx, app.Services, log)
	srv := httpx.NewServer(cfg.Addr, app.Handler, log)
	log.Info("napx serving", "address", "http://"+ln.Addr().String(), "database", cfg.Redacted(), "version", version(),
		"workers", workers, "mail", app.Services.Mail.Transport())
	if demo {
		fmt.Fprintf(env.Stdout, "napx demo is running at %s (Ctrl-C to stop)\n", cfg.PublicURL())
	}
	err = httpx.Serve(ctx, srv, ln, 25*time.Second, log)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// sweepSessions removes ended sessions hourly (they are kept a day after
// their end for the account page's history of revocations).
func sweepSessions(ctx context.Context, svc *service.Services, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := svc.Accounts.Sweep(ctx); err != nil {
			log.Warn("sweep sessions", "err", err)
		} else if n > 0 {
			log.Info("swept ended sessions", "count", n)
		}
		if n, err := svc.OIDC.SweepFlows(ctx); err != nil {
			log.Warn("sweep sign-in flows", "err", err)
		} else if n > 0 {
			log.Info("swept ended sign-in flows", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// stopJobs lets running jobs finish for up to 20 seconds, then cancels
// and hands back the rest (River runs them again).
func stopJobs(svc *service.Services, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := svc.Jobs.Stop(ctx); err != nil {
		log.Warn("stop jobs", "err", err)
	}
}
