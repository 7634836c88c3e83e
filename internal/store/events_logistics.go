package store

import (
	"context"
	"database/sql"
	"fmt"

	"napx/internal/model"
)

// NominationFields returns the fields an event's nomination form asks for.
func (c *Conn) NominationFields(ctx context.Context, eventID int64) ([]model.NominationFieldSetting, error) {
	var s string
	if err := c.queryRow(ctx, `SELECT nomination_fields FROM events WHERE id = $1`, eventID).Scan(&s); err != nil {
		return nil, fmt.Errorf("store: nomination fields: %w", translate(err))
	}
	return model.ParseNominationFields(s), nil
}

// SetNominationFields replaces the fields an event's nomination form asks
// for and bumps the event's version.
func (tx *Tx) SetNominationFields(ctx context.Context, eventID int64, fs []model.NominationFieldSetting) error {
	res, err := tx.exec(ctx, `UPDATE events SET nomination_fields = $2, updated_at = $3, version = version + 1 WHERE id = $1`,
		eventID, model.NominationFieldsText(fs), tx.Now())
	if err != nil {
		return fmt.Errorf("store: nomination fields: %w", err)
	}
	return oneRow(res, model.ErrNotFound)
}

func nullBool(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

// SetParticipantDetails replaces a delegate's answers to the event's
// nomination questions.
func (tx *Tx) SetParticipantDetails(ctx context.Context, participantID int64, d model.NominationDetails) error {
	_, err := tx.exec(ctx, `UPDATE event_participants SET title = $2, email = $3, gender = $4, needs_funding = $5, needs_visa = $6,
		arrival = $7, departure = $8 WHERE id = $1`, participantID, d.Title, d.Email, string(d.Gender), nullBool(d.NeedsFunding),
		nullBool(d.NeedsVisa), d.Arrival, d.Departure)
	if err != nil {
		return fmt.Errorf("store: participant details: %w", err)
	}
	return nil
}

// ParticipantDetails returns the answers of an event's delegates, by
// delegate; delegates without any answer are absent.
func (c *Conn) ParticipantDetails(ctx context.Context, eventID int64) (map[int64]model.NominationDetails, error) {
	rows, err := c.query(ctx, `SELECT id, title, email, gender, needs_funding, needs_visa, arrival, departure FROM event_participants
		WHERE event_id = $1`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store: participant details: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := map[int64]model.NominationDetails{}
	for rows.Next() {
		var id int64
		var d model.NominationDetails
		var funding, visa sql.NullBool
		if err := rows.Scan(&id, &d.Title, &d.Email, &d.Gender, &funding, &visa, &d.Arrival, &d.Departure); err != nil {
			return nil, err
		}
		if funding.Valid {
			d.NeedsFunding = &funding.Bool
		}
		if visa.Valid {
			d.NeedsVisa = &visa.Bool
		}
		if !d.Empty() {
			out[id] = d
		}
	}
	return out, rows.Err()
}
