package service

import (
	"context"
	"errors"
	"fmt"

	"napx/internal/model"
	"napx/internal/store"
)

// DemoMarker is the setting that marks a demo database.
const DemoMarker = "demo"

// ErrNotDemo is returned when napx demo is pointed at a real database.
var ErrNotDemo = errors.New("this database holds data that is not demo data; napx demo only runs on a new or demo data directory")

// Demo keeps track of demo databases and the parts of demo content added,
// and holds the demo's own writers (demo_*.go): content with backdated
// history that no other service writes. Everything else the demo adds goes
// through the ordinary service methods with the Illustrative option of
// their inputs, which only napx itself may set.
type Demo struct {
	db     *store.DB
	naps   *NAPs
	matrix *Matrix
	// assistance writes the demo's backdated requests.
	assistance *Assistance
}

// Prepare marks a new database as a demo database, and refuses one that
// already holds anything else (accounts or records) without the marker.
func (d *Demo) Prepare(ctx context.Context, fresh bool) error {
	is, err := d.db.HasSetting(ctx, DemoMarker)
	if err != nil {
		return err
	}
	if is {
		return nil
	}
	if !fresh {
		return ErrNotDemo
	}
	return d.db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, DemoMarker, "1") })
}

// IsDemo reports whether the database is a demo database.
func (d *Demo) IsDemo(ctx context.Context) (bool, error) { return d.db.HasSetting(ctx, DemoMarker) }

// Done reports whether the demo part key was added.
func (d *Demo) Done(ctx context.Context, key string) (bool, error) {
	return d.db.HasSetting(ctx, "demo.part."+key)
}

// MarkDone records that the demo part key was added.
func (d *Demo) MarkDone(ctx context.Context, key string) error {
	err := d.db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "demo.part."+key, "1") })
	if err != nil {
		return fmt.Errorf("mark demo part %s: %w", key, err)
	}
	return nil
}

// demoSource is the source of the demo's recorded history: invented, and
// said so wherever the date is shown.
var demoSource = model.Source{Title: "illustrative demo data (no real document)"}
