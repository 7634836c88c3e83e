package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Backup writes a consistent copy of the database to path while napx
// keeps running: SQLite's VACUUM INTO (a snapshot of one read
// transaction, compacted), or, for PostgreSQL, pg_dump in its custom
// format (restore with pg_restore). The file must not exist yet.
func (db *DB) Backup(ctx context.Context, path, postgresURL string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists already; choose a new file", path)
	}
	switch db.dialect {
	case SQLite:
		if strings.ContainsAny(path, "'\x00") {
			return errors.New("the backup path must not contain quotes")
		}
		// VACUUM INTO takes no parameters; the path is the operator's own, quotes refused above.
		if _, err := db.read.ExecContext(ctx, `VACUUM INTO '`+path+`'`); err != nil { // #nosec G202 -- see above
			return fmt.Errorf("store: backup: %w", err)
		}
		return nil
	case Postgres:
		dump, err := exec.LookPath("pg_dump")
		if err != nil {
			return errors.New("pg_dump is not installed (Debian package postgresql-client)")
		}
		cmd := exec.CommandContext(ctx, dump, "--format=custom", "--no-owner", "--file="+path, "--dbname="+postgresURL) // #nosec G204 -- the operator's own database URL and output path
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("pg_dump: %v: %s", err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	return errors.New("store: unknown engine")
}
