package cli

import (
	"context"
	"fmt"

	"napx/internal/config"
	"napx/internal/demo"
	"napx/internal/refdata"
	"napx/internal/service"
)

func runDemo(ctx context.Context, env Env) error {
	fs := newFlags(env, "demo [flags]", "Serves a demo of napx with illustrative data. The demo data directory\n(default ./demo-data) is created and filled on the first run and reused after.\nEvery page carries an \"illustrative demo data\" banner.")
	cfg := config.Register(fs, config.DemoDefaults(), env.Getenv)
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
	log := logger(env, "text")
	db, fresh, err := openAndMigrate(ctx, cfg, log, true)
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
	svc := service.New(service.Deps{DB: db, Catalog: cat, Log: log, BaseURL: cfg.PublicURL(), Mail: mailOptions(cfg)})
	if err := svc.Demo.Prepare(ctx, fresh); err != nil {
		return err
	}
	note, err := demo.Seed(ctx, svc, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "napx demo data: %s (%s)\n", cfg.DataDir, cfg.Redacted())
	for _, l := range note.Lines {
		fmt.Fprintln(env.Stdout, l)
	}
	return serve(ctx, env, cfg, db, log, true, n)
}
