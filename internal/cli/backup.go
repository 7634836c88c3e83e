package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"napx/internal/config"
	"napx/internal/store"
)

func runBackup(ctx context.Context, env Env) error {
	fs := newFlags(env, "backup [--out FILE]", "Writes a consistent copy of the database while napx runs: a SQLite file, or a\npg_dump archive for PostgreSQL (restore with pg_restore).")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	out := fs.String("out", "", "the backup `file` (default: napx-YYYYMMDD-HHMMSS.db or .dump in the data directory)")
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
	defer func() { _ = db.Close() }()
	if err := db.CheckSchema(ctx); err != nil && !errors.Is(err, store.ErrSchemaOutdated) {
		return err
	}
	path := *out
	if path == "" {
		ext := ".db"
		if cfg.IsPostgres() {
			ext = ".dump"
		}
		path = filepath.Join(cfg.DataDir, "napx-"+time.Now().UTC().Format("20060102-150405")+ext)
	}
	if err := db.Backup(ctx, path, cfg.DB); err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backup written: %s (%d bytes)\n", path, st.Size())
	return nil
}
