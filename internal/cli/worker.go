package cli

import (
	"context"
	"errors"
	"fmt"

	"napx/internal/config"
	"napx/internal/refdata"
	"napx/internal/service"
)

// runWorker runs job workers only (scale-out: pages elsewhere with
// `napx serve --workers=0`, or more workers next to napx serve).
func runWorker(ctx context.Context, env Env) error {
	fs := newFlags(env, "worker [flags]", "Runs job workers only: notifications, e-mail, digests, deadline scans. Several\nworker and serve processes may share one PostgreSQL database: each job runs once.\nSIGTERM lets running jobs finish (20 s), then hands the rest back.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	migrate := fs.Bool("migrate", false, "apply pending migrations before working")
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
	if n == 0 {
		return errors.New("napx worker: --workers (NAPX_WORKERS) is 0, so there is nothing to do")
	}
	log := logger(env, "json")
	db, _, err := openAndMigrate(ctx, cfg, log, *migrate)
	if err != nil {
		return err
	}
	defer db.Close()
	cat, err := refdata.Load()
	if err != nil {
		return err
	}
	if err := db.SyncReference(ctx, cat); err != nil {
		return err
	}
	mail := mailOptions(cfg)
	if err := service.CheckMailOptions(mail); err != nil {
		return err
	}
	svc := service.New(service.Deps{DB: db, Catalog: cat, Log: log, BaseURL: cfg.PublicURL(), Jobs: jobOptions(n), Mail: mail})
	if err := svc.Jobs.Start(ctx); err != nil {
		return err
	}
	log.Info("napx worker running", "workers", n, "database", cfg.Redacted(), "mail", svc.Mail.Transport(), "version", version())
	fmt.Fprintf(env.Stdout, "napx worker: %d worker(s) on %s\n", n, cfg.Redacted())
	<-ctx.Done()
	stopJobs(svc, log)
	return nil
}
