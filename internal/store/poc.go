package store

import (
	"context"
	"fmt"

	"napx/internal/model"
	"napx/internal/policy"
)

const pocColumns = `p.id, p.owner_org, p.visibility, p.kind, p.name, p.title, p.agency, p.email, p.phone, p.address, p.valid_from, p.valid_to, p.illustrative, p.created_at, p.updated_at, p.version, p.source, p.source_url`

func scanPoC(row interface{ Scan(...any) error }) (model.PointOfContact, error) {
	var p model.PointOfContact
	err := row.Scan(&p.ID, &p.State, &p.Visibility, &p.Kind, &p.Name, &p.Title, &p.Agency, &p.Email, &p.Phone, &p.Address,
		&p.ValidFrom, &p.ValidTo, &p.Illustrative, &p.CreatedAt, &p.UpdatedAt, &p.Version, &p.Source.Title, &p.Source.URL)
	if err != nil {
		return p, translate(err)
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

// PointsOfContact lists a State's points of contact that v may read,
// current first.
func (c *Conn) PointsOfContact(ctx context.Context, v model.Viewer, state string) ([]model.PointOfContact, error) {
	f := policy.ReadFilter(v, "p", "poc", 2)
	out, err := queryAll(ctx, c, scanPoC, `SELECT `+pocColumns+` FROM points_of_contact p WHERE p.owner_org = $1 AND `+f.SQL+
		` ORDER BY CASE WHEN p.valid_to IS NULL THEN 0 ELSE 1 END, p.valid_to DESC, p.kind, p.name`, append([]any{state}, f.Args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: points of contact: %w", err)
	}
	return out, nil
}

// PointOfContact returns one point of contact regardless of who asks; the
// service decides who may see it.
func (c *Conn) PointOfContact(ctx context.Context, id int64) (model.PointOfContact, error) {
	p, err := scanPoC(c.queryRow(ctx, `SELECT `+pocColumns+` FROM points_of_contact p WHERE p.id = $1`, id))
	if err != nil {
		return p, fmt.Errorf("store: point of contact %d: %w", id, err)
	}
	return p, nil
}

// CreatePointOfContact inserts p and sets its ID and times.
func (tx *Tx) CreatePointOfContact(ctx context.Context, p *model.PointOfContact) error {
	now := tx.Now()
	id, err := tx.insertID(ctx, `INSERT INTO points_of_contact (owner_org, visibility, kind, name, title, agency, email, phone, address, valid_from, valid_to, illustrative, created_at, updated_at, version,
		source, source_url)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, 1, $14, $15) RETURNING id`,
		p.State, string(p.Visibility), p.Kind, p.Name, p.Title, p.Agency, p.Email, p.Phone, p.Address, p.ValidFrom, p.ValidTo, p.Illustrative, now,
		p.Source.Title, p.Source.URL)
	if err != nil {
		return fmt.Errorf("store: create point of contact: %w", err)
	}
	p.ID, p.CreatedAt, p.UpdatedAt, p.Version = id, now, now, 1
	return nil
}

// UpdatePointOfContact saves p if its version is still p.Version, and
// bumps the version; a stale version is ErrConflict.
func (tx *Tx) UpdatePointOfContact(ctx context.Context, p *model.PointOfContact) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE points_of_contact SET visibility = $3, kind = $4, name = $5, title = $6, agency = $7, email = $8, phone = $9,
		address = $10, valid_from = $11, valid_to = $12, updated_at = $13, source = $14, source_url = $15, version = version + 1 WHERE id = $1 AND version = $2`,
		p.ID, p.Version, string(p.Visibility), p.Kind, p.Name, p.Title, p.Agency, p.Email, p.Phone, p.Address, p.ValidFrom, p.ValidTo, now,
		p.Source.Title, p.Source.URL)
	if err != nil {
		return fmt.Errorf("store: update point of contact: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	p.UpdatedAt = now
	p.Version++
	return nil
}

// DeletePointOfContact removes one.
func (tx *Tx) DeletePointOfContact(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `DELETE FROM points_of_contact WHERE id = $1`, id)
	return err
}
