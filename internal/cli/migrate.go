package cli

import (
	"context"
	"fmt"

	"napx/internal/config"
	"napx/internal/store"
)

func runMigrate(ctx context.Context, env Env) error {
	fs := newFlags(env, "migrate [flags]", "Applies every pending database migration (forward-only) and prints the schema version.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL())
	if err != nil {
		return fmt.Errorf("open database %s: %w", cfg.Redacted(), err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, func(f string, a ...any) { fmt.Fprintf(env.Stdout, f+"\n", a...) }); err != nil {
		return err
	}
	applied, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "schema version %d\n", applied)
	return nil
}
