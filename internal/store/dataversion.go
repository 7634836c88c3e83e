package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// DataVersion is the number and time of the last audited change: every
// change of a record is audited in its own transaction (Write enforces
// it), so while the number stays the same, nothing anyone may read has
// changed. Caches of what readers see are kept under it. Unaudited
// housekeeping (sessions, sign-in counters) changes no record, and a
// notice's fan-out, audited, does not move it (MovesDataVersion).
func (c *Conn) DataVersion(ctx context.Context) (int64, time.Time, error) {
	var seq int64
	var at sql.NullTime
	err := c.queryRow(ctx, `SELECT h.data_seq, a.at FROM audit_head h LEFT JOIN audit_log a ON a.seq = h.data_seq WHERE h.id = 1`).Scan(&seq, &at)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: data version: %w", translate(err))
	}
	return seq, at.Time.UTC(), nil
}
