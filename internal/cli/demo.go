package cli

import (
	"context"
	"flag"
	"fmt"

	"napx/internal/config"
	"napx/internal/demo"
	"napx/internal/refdata"
	"napx/internal/service"
)

func runDemo(ctx context.Context, env Env) error {
	fs := newFlags(env, "demo [flags]", "Serves a demo of napx with illustrative data. The demo data directory\n(default ./demo-data; ./world-data with --scale world) is created and filled on\nthe first run and reused after. Every page carries an \"illustrative demo data\" banner.")
	cfg := config.Register(fs, config.DemoDefaults(), env.Getenv)
	scaleFlag := fs.String("scale", string(demo.ScaleDemo), "how much illustrative data: demo (the seed's region) or world (every State, issue 13)")
	seed := fs.Uint64("seed", demo.DefaultSeed, "the world's random seed: the same seed gives the same world")
	noServe := fs.Bool("no-serve", false, "fill the data directory, then exit without serving")
	workers := config.RegisterWorkers(fs, defaultWorkers, env.Getenv)
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	scale, err := demo.ParseScale(*scaleFlag)
	if err != nil {
		return fmt.Errorf("napx demo: --scale: %w", err)
	}
	if scale == demo.ScaleWorld && !flagSet(fs, "data") && env.Getenv("NAPX_DATA") == "" {
		cfg.DataDir = "./world-data"
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
	var note *demo.Note
	if scale == demo.ScaleWorld {
		note, err = demo.SeedWorld(ctx, svc, log, demo.WorldOptions{Seed: *seed, Size: demo.Full, Progress: env.Stderr})
	} else {
		note, err = demo.Seed(ctx, svc, log)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "napx demo data: %s (%s)\n", cfg.DataDir, cfg.Redacted())
	if *noServe {
		return nil
	}
	for _, l := range note.Lines {
		fmt.Fprintln(env.Stdout, l)
	}
	return serve(ctx, env, cfg, db, log, true, n)
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
