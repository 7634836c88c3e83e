package service

import (
	"context"
	"encoding/json"
	"time"

	"github.com/riverqueue/river"

	"napx/internal/store"
)

// The notice outbox (issue 10, the enqueue cost). A write that tells
// someone pays for one narrow row in notice_outbox (store.QueueNotice)
// rather than for a row of River's job table, whose indexes cost a light
// write more than half its time again. The relay below moves queued
// notices into River's queue as fan-out jobs, in a transaction of its own
// that takes the rows and inserts the jobs together: a notice is never
// lost between the two tables and never moved twice (on PostgreSQL the
// rows are taken FOR UPDATE SKIP LOCKED, so several processes share the
// work). The relay runs wherever the workers run (`napx serve`, `napx
// worker`); a committed write wakes it at once, and it also looks every
// poll interval (a notice written by another process).

// relayBatch is how many notices one relay transaction moves.
const relayBatch = 200

// queueFanOut adds a fan-out notice to the outbox inside tx and wakes the
// relay once tx commits.
func (j *Jobs) queueFanOut(ctx context.Context, tx *store.Tx, args fanOutArgs) error {
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	if err := tx.QueueNotice(ctx, b); err != nil {
		return err
	}
	tx.AfterCommit(j.wakeRelay)
	return nil
}

// wakeRelay asks the relay to look now; it never blocks.
func (j *Jobs) wakeRelay() {
	select {
	case j.wake <- struct{}{}:
	default:
	}
}

// relayOnce moves one batch of queued notices into River's queue and
// says how many it moved.
func (j *Jobs) relayOnce(ctx context.Context) (int, error) {
	// An idle relay reads, and writes only when there is something to move
	// (a notice queued after this read wakes it, or the next poll finds it).
	if waiting, err := j.db.NoticesWaiting(ctx); err != nil || !waiting {
		return 0, err
	}
	moved := 0
	err := j.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		rows, err := tx.TakeNotices(ctx, relayBatch)
		if err != nil || len(rows) == 0 {
			return err
		}
		params := make([]river.InsertManyParams, 0, len(rows))
		for _, r := range rows {
			var a fanOutArgs
			if err := json.Unmarshal(r.Args, &a); err != nil {
				// Only napx writes this table, from fanOutArgs: a row that
				// does not decode is a defect, logged with its content
				// rather than blocking every notice behind it.
				j.log.Error("notice outbox: a row does not decode; dropped", "id", r.ID, "args", string(r.Args), "err", err)
				continue
			}
			params = append(params, river.InsertManyParams{Args: a})
		}
		moved = len(rows)
		return tx.InsertJobsFast(ctx, j.client, params...)
	})
	return moved, err
}

// relay moves queued notices until ctx ends: at once when woken, else
// every poll interval.
func (j *Jobs) relay(ctx context.Context) {
	tick := time.NewTicker(j.opts.PollInterval)
	defer tick.Stop()
	for {
		for {
			n, err := j.relayOnce(ctx)
			if err != nil {
				if ctx.Err() == nil {
					j.log.Warn("notice outbox: relay failed; trying again at the next poll", "err", err)
				}
				break
			}
			if n < relayBatch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-j.wake:
		}
	}
}
