package service

import (
	"context"
	"time"
)

// DataVersion says which state of the data a read saw: the number of the
// last audited change and when it was made. Two reads under the same
// version saw the same records.
type DataVersion struct {
	Seq int64
	At  time.Time
}

// DataVersion reads the current version (one small query).
func (a *Audit) DataVersion(ctx context.Context) (DataVersion, error) {
	seq, at, err := a.db.DataVersion(ctx)
	return DataVersion{Seq: seq, At: at}, err
}
