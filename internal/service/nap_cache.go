package service

import (
	"context"

	"napx/internal/store"
)

// statsOf returns the figures of plans ids (which the caller has found
// readable): kept under the data version, computed in one query for those
// not kept. A plan's figures are the same for every reader who may read
// the plan, so one reader's computation serves the next.
func (s *NAPs) statsOf(ctx context.Context, ids []int64) (map[int64]store.NAPStats, error) {
	today := s.Today()
	day := today.String()
	out := make(map[int64]store.NAPStats, len(ids))
	var missing []int64
	for _, id := range ids {
		if st, ok := s.stats.get(ctx, day, id); ok {
			out[id] = st
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	got, err := s.db.NAPStatsOf(ctx, missing, today)
	if err != nil {
		return nil, err
	}
	for _, id := range missing {
		st := got[id]
		out[id] = st
		s.stats.put(ctx, day, id, st)
	}
	return out, nil
}
