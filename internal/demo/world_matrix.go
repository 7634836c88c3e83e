package demo

import (
	"context"
	"time"

	"napx/internal/model"
	"napx/internal/service"
)

// worldMatrix gives every Member and observer State without a demo matrix
// two or three editions: the older ones approved (and so superseded), the
// newest approved for most, with the State or a draft for the rest. Each
// edition only adds measures to the one before, as real matrices mostly
// do.
func worldMatrix(ctx context.Context, w *world) error {
	fields := w.svc.Matrix.Taxonomy().Fields
	states := w.svc.Directory.Catalog().States
	for _, s := range states[:min(w.size.MatrixStates, len(states))] {
		eds, err := w.svc.Matrix.Editions(ctx, system, s.Code)
		if err != nil {
			return err
		}
		if len(eds) > 0 { // the plain demo's
			w.bar.add("matrix", 200)
			continue
		}
		n := 2 + w.rng.IntN(2)
		x, q := 15+w.rng.IntN(45), 6+w.rng.IntN(10)
		created := time.Date(2006+w.rng.IntN(7), time.Month(1+w.rng.IntN(12)), 1+w.rng.IntN(27), 10, 0, 0, 0, time.UTC)
		prev := map[string]model.MatrixCell{}
		var specs []service.IllustrativeEdition
		for i := range n {
			spec := service.IllustrativeEdition{Status: model.EditionApproved, Created: created, Sent: created.AddDate(0, 2+w.rng.IntN(3), 0)}
			spec.Approved = spec.Sent.AddDate(0, 2+w.rng.IntN(4), 0)
			if i == n-1 {
				switch r := w.rng.IntN(100); {
				case r < 12:
					spec.Status, spec.Sent, spec.Approved = model.EditionDraft, time.Time{}, time.Time{}
				case r < 25:
					spec.Status, spec.Approved = model.EditionWithState, time.Time{}
				}
			}
			for _, f := range fields {
				c := demoCell(s.Code, f.ID, f.Row, x, q)
				if old, ok := prev[f.ID]; ok && old.SameContent(c) || !ok && c.Empty() {
					continue
				}
				c.UpdatedAt = spec.Created.AddDate(0, 0, 1+len(spec.Cells)%40)
				spec.Cells = append(spec.Cells, c)
				prev[f.ID] = c
			}
			specs = append(specs, spec)
			x, q = min(x+5+w.rng.IntN(15), 95), max(q-w.rng.IntN(4), 2)
			created = created.AddDate(2+w.rng.IntN(3), w.rng.IntN(12), 0)
		}
		if err := w.svc.Demo.MatrixEditions(ctx, system, s.Code, specs); err != nil {
			return err
		}
		w.bar.add("matrix", 200)
	}
	return nil
}
