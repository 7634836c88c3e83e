package store

import (
	"context"
	"fmt"
)

// MeasuredField is one cell of an edition that holds a measure (X) or is
// not applicable (NA): what a group's common gaps leave out.
type MeasuredField struct {
	Edition int64
	Field   string
}

// MatrixMeasuredFields lists the cells of the given editions (by ID) that
// hold X or NA. The caller has decided that the viewer may read them
// (LatestReadableEditions).
func (c *Conn) MatrixMeasuredFields(ctx context.Context, editions []int64) ([]MeasuredField, error) {
	if len(editions) == 0 {
		return nil, nil
	}
	var args []any
	vals := make([]any, len(editions))
	for i, id := range editions {
		vals[i] = id
	}
	in := placeholders(&args, vals)
	out, err := queryAll(ctx, c, func(r scanner) (MeasuredField, error) {
		var m MeasuredField
		err := r.Scan(&m.Edition, &m.Field)
		return m, err
	}, `SELECT c.edition_id, c.field_id FROM matrix_cells c
		WHERE c.edition_id IN (`+in+`) AND c.status IN ('X', 'NA')`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: measured matrix fields: %w", err)
	}
	return out, nil
}
