package store

import (
	"context"
	"fmt"
)

// The notice outbox (migration 0503): the cheap half of enqueueing a notice
// inside a write. QueueNotice adds the notice's arguments; the job engine's
// relay takes them (TakeNotices) and inserts River jobs in the same
// transaction, so a notice is never lost between the two and never moved
// twice.

// OutboxNotice is one queued notice: its row and its arguments (JSON).
type OutboxNotice struct {
	ID   int64
	Args []byte
}

// QueueNotice adds a notice's arguments to the outbox inside the write.
func (tx *Tx) QueueNotice(ctx context.Context, args []byte) error {
	if _, err := tx.exec(ctx, `INSERT INTO notice_outbox (args) VALUES ($1)`, string(args)); err != nil {
		return fmt.Errorf("store: queue notice: %w", err)
	}
	tx.tx.wrote = true
	return nil
}

// TakeNotices removes and returns up to limit queued notices, oldest
// first. On PostgreSQL rows another process is taking are skipped (FOR
// UPDATE SKIP LOCKED); on SQLite the one write connection serialises the
// relays.
func (tx *Tx) TakeNotices(ctx context.Context, limit int) ([]OutboxNotice, error) {
	lock := ""
	if tx.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	rows, err := queryAll(ctx, &tx.Conn, func(sc scanner) (OutboxNotice, error) {
		var n OutboxNotice
		var args string
		err := sc.Scan(&n.ID, &args)
		n.Args = []byte(args)
		return n, err
	}, `DELETE FROM notice_outbox WHERE id IN (SELECT id FROM notice_outbox ORDER BY id LIMIT $1`+lock+`) RETURNING id, args`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: take notices: %w", translate(err))
	}
	if len(rows) > 0 {
		tx.tx.wrote = true
	}
	return rows, nil
}

// NoticesWaiting reports whether any notice waits in the outbox: one
// read, so an idle relay opens no write transaction to find nothing.
func (c *Conn) NoticesWaiting(ctx context.Context) (bool, error) {
	var ok bool
	if err := c.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM notice_outbox)`).Scan(&ok); err != nil {
		return false, fmt.Errorf("store: notices waiting: %w", translate(err))
	}
	return ok, nil
}

// QueuedNotices counts the notices waiting in the outbox.
func (c *Conn) QueuedNotices(ctx context.Context) (int, error) {
	var n int
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM notice_outbox`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: queued notices: %w", translate(err))
	}
	return n, nil
}
