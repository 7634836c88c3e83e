package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"napx/internal/model"
)

// The job engine is River (github.com/riverqueue/river). Its tables live in
// napx's database and its jobs are inserted inside napx's own write
// transactions, so a rolled-back change enqueues nothing and a committed
// one is never lost. Both engines use a driver over database/sql, so the
// transaction type is *sql.Tx on both:
//
//   - SQLite: riversqlite over the write pool, the single connection whose
//     transactions are BEGIN IMMEDIATE. River's own queries (fetching,
//     completing, leader election, maintenance) queue in Go behind napx's
//     writes instead of failing with SQLITE_BUSY; River's documentation asks
//     for exactly this (one connection).
//   - PostgreSQL: riverdatabasesql over napx's pgx stdlib pool, polling for
//     new jobs (no LISTEN connection). Several processes fetch with
//     FOR UPDATE SKIP LOCKED, so each job runs once.

// riverMigrationVersion is the River schema version napx's migration 0500
// brings a database to. A newer River that needs a newer schema comes with
// a new napx migration (05xx) that raises it, so the schema check and
// `napx migrate` keep covering River's tables.
const riverMigrationVersion = 8

// JobDriver is the River driver for this database. Clients built on it
// work jobs; inserting happens through Tx.InsertJobs.
func (db *DB) JobDriver() riverdriver.Driver[*sql.Tx] {
	if db.dialect == SQLite {
		return riversqlite.New(db.write)
	}
	return riverdatabasesql.New(db.write)
}

// migrateRiver is migration 0500: River's own migrations (through its
// migrator, not copies of its SQL), up to riverMigrationVersion. Each River
// step runs in its own transaction, as River requires; re-running after an
// interruption applies only what is missing.
func migrateRiver(ctx context.Context, db *DB) error {
	m, err := rivermigrate.New(db.JobDriver(), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{TargetVersion: riverMigrationVersion})
	return err
}

// JobInserter is what inserts jobs: River's client. Only Tx.InsertJobs
// hands it the transaction.
type JobInserter interface {
	InsertManyTx(ctx context.Context, tx *sql.Tx, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)
	InsertManyFastTx(ctx context.Context, tx *sql.Tx, params []river.InsertManyParams) (int, error)
}

// ErrNoTransaction is returned when jobs are inserted outside a write
// transaction.
var ErrNoTransaction = errors.New("store: jobs are inserted inside a write transaction")

// InsertJobs inserts jobs inside the transaction: they exist once it
// commits and vanish if it rolls back. Inserting a job counts as a write
// (an audited transaction must say why).
func (tx *Tx) InsertJobs(ctx context.Context, ins JobInserter, params ...river.InsertManyParams) ([]*rivertype.JobInsertResult, error) {
	sqlTx, ok := tx.x.(*sql.Tx)
	if !ok {
		return nil, ErrNoTransaction
	}
	if len(params) == 0 {
		return nil, nil
	}
	res, err := ins.InsertManyTx(ctx, sqlTx, params)
	if err != nil {
		return nil, fmt.Errorf("store: insert jobs: %w", translate(err))
	}
	tx.tx.wrote = true
	return res, nil
}

// InsertJobsFast inserts jobs that need no uniqueness check (River's
// InsertManyFastTx: no row read back, no unique index consulted; a unique
// conflict would fail the transaction). It is the cheap path for the one
// job a change enqueues.
func (tx *Tx) InsertJobsFast(ctx context.Context, ins JobInserter, params ...river.InsertManyParams) error {
	sqlTx, ok := tx.x.(*sql.Tx)
	if !ok {
		return ErrNoTransaction
	}
	if len(params) == 0 {
		return nil
	}
	if _, err := ins.InsertManyFastTx(ctx, sqlTx, params); err != nil {
		return fmt.Errorf("store: insert jobs: %w", translate(err))
	}
	tx.tx.wrote = true
	return nil
}

// JobCounts counts River's jobs by state (the operations page and the
// metrics).
func (c *Conn) JobCounts(ctx context.Context) (map[string]int, error) {
	type row struct {
		state string
		n     int
	}
	rows, err := queryAll(ctx, c, func(sc scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.state, &r.n)
	}, `SELECT state, COUNT(*) FROM river_job GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("store: job counts: %w", err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.state] = r.n
	}
	return out, nil
}

// JobsBusy reports whether any job is still to run or running by until:
// available, running, pending, retryable, or scheduled no later than until
// (River's time; a job waiting for a later day — a material's release —
// is not busy). Tests wait for this to turn false; a job that keeps
// failing keeps it true until River discards it.
func (c *Conn) JobsBusy(ctx context.Context, until time.Time) (bool, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM river_job WHERE state IN ('available', 'running', 'pending', 'retryable')
		OR (state = 'scheduled' AND scheduled_at <= $1)`, riverTime(c.dialect, until)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: jobs busy: %w", translate(err))
	}
	return n > 0, nil
}

// riverTime is a time as River keeps it: on SQLite a text in River's own
// format (riversqlite compares those as strings), on PostgreSQL a time.
func riverTime(d Dialect, t time.Time) any {
	if d == SQLite {
		return t.UTC().Round(time.Millisecond).Format("2006-01-02 15:04:05.000")
	}
	return t.UTC()
}

// JobRetrier is what makes a job run again: River's client.
type JobRetrier interface {
	JobRetryTx(ctx context.Context, tx *sql.Tx, id int64) (*rivertype.JobRow, error)
}

// RetryJob makes job id available again inside the transaction (an
// administrator's retry, audited with it).
func (tx *Tx) RetryJob(ctx context.Context, r JobRetrier, id int64) (*rivertype.JobRow, error) {
	sqlTx, ok := tx.x.(*sql.Tx)
	if !ok {
		return nil, ErrNoTransaction
	}
	job, err := r.JobRetryTx(ctx, sqlTx, id)
	if err != nil {
		if errors.Is(err, rivertype.ErrNotFound) {
			return nil, model.ErrNotFound
		}
		return nil, fmt.Errorf("store: retry job: %w", translate(err))
	}
	tx.tx.wrote = true
	return job, nil
}
