package store

import "database/sql"

// PoolStats are the connection pools' figures, by pool: "read" and
// "write" on SQLite (the write pool is its one connection), "pool" on
// PostgreSQL (reads and writes share it). /metrics exposes them.
func (db *DB) PoolStats() map[string]sql.DBStats {
	if db.write == db.read {
		return map[string]sql.DBStats{"pool": db.read.Stats()}
	}
	return map[string]sql.DBStats{"read": db.read.Stats(), "write": db.write.Stats()}
}
