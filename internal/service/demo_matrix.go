package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"napx/internal/model"
	"napx/internal/store"
)

// IllustrativeEdition describes a demo edition: the changes made to the
// previous edition's cells, its status and its dates.
type IllustrativeEdition struct {
	Status   model.EditionStatus
	Agreed   bool
	Created  time.Time
	Sent     time.Time
	Approved time.Time
	Cells    []model.MatrixCell // changes on top of the previous edition
	Comments []model.MatrixComment
	Note     string // for a return to draft: what the State asked for
}

// MatrixEditions writes demo editions of state's matrix, oldest first, in
// one transaction, each marked illustrative (napx itself only): the
// demo's own writer, outside the matrix service.
func (d *Demo) MatrixEditions(ctx context.Context, v model.Viewer, state string, eds []IllustrativeEdition) error {
	m := d.matrix
	if !v.IsSystem() {
		return model.ErrForbidden
	}
	s, err := m.state(state)
	if err != nil {
		return err
	}
	who := "1540 Committee experts (illustrative)"
	return m.db.Write(ctx, func(tx *store.Tx) error {
		var prev *model.MatrixEdition
		var approved *model.MatrixEdition
		for _, spec := range eds {
			e := model.MatrixEdition{State: s.Code, Status: spec.Status, Taxonomy: m.tax.Version, Agreed: spec.Agreed, Illustrative: true,
				CreatedAt: spec.Created, CreatedBy: who}
			if approved != nil {
				e.BasedOn = approved.Number
			}
			if !spec.Sent.IsZero() {
				e.SentAt, e.SentBy = spec.Sent, who
			}
			if spec.Agreed {
				e.AgreedAt, e.AgreedBy = spec.Sent.AddDate(0, 1, 0), s.Name+" point of contact (illustrative)"
			}
			if spec.Status.Published() {
				e.ApprovedAt, e.ApprovedBy = spec.Approved, "1540 Committee (illustrative)"
				if !spec.Approved.IsZero() {
					e.ApprovedOn = model.DateOf(spec.Approved.UTC())
				}
			}
			if err := tx.CreateMatrixEdition(ctx, &e); err != nil {
				return err
			}
			if !e.ApprovedOn.IsZero() {
				if _, err := m.recorded.record(ctx, tx, v, s.Code, model.FactKindEdition, e.ID, model.FactApproved,
					model.Dated{On: e.ApprovedOn, Source: demoSource, Recorded: true}); err != nil {
					return err
				}
			}
			if prev != nil {
				if err := tx.CopyMatrixCells(ctx, prev.ID, e.ID); err != nil {
					return err
				}
			}
			for _, c := range spec.Cells {
				f, ok := m.tax.Field(c.FieldID)
				if !ok {
					return fmt.Errorf("demo cell %s: not a field", c.FieldID)
				}
				cur, err := tx.MatrixCell(ctx, e.ID, c.FieldID)
				if err != nil && !errors.Is(err, model.ErrNotFound) {
					return err
				}
				c.UpdatedBy, c.UpdatedByOrg = who, "UNSC1540"
				if c.UpdatedAt.IsZero() {
					c.UpdatedAt = spec.Created
				}
				if err := tx.SaveMatrixCell(ctx, e.ID, f.Area, f.Weapon, &c, cur.Version, "demo"); err != nil {
					return err
				}
			}
			events := []model.MatrixEvent{{Action: "opened", Note: "illustrative demo edition", Actor: who, ActorOrg: "UNSC1540", At: spec.Created}}
			if !spec.Sent.IsZero() {
				events = append(events, model.MatrixEvent{Action: "sent", Actor: who, ActorOrg: "UNSC1540", At: spec.Sent})
			}
			if spec.Note != "" {
				events = append(events, model.MatrixEvent{Action: "changes-requested", Note: spec.Note, Actor: e.AgreedBy, ActorOrg: s.Code, At: spec.Sent.AddDate(0, 0, 20)})
			}
			if spec.Agreed {
				events = append(events, model.MatrixEvent{Action: "agreed", Actor: e.AgreedBy, ActorOrg: s.Code, At: e.AgreedAt})
			}
			if spec.Status.Published() {
				events = append(events, model.MatrixEvent{Action: "approved", Actor: e.ApprovedBy, ActorOrg: "UNSC1540", At: spec.Approved})
			}
			for i := range events {
				if events[i].Actor == "" {
					events[i].Actor = s.Name + " point of contact (illustrative)"
				}
				if err := tx.AddMatrixEvent(ctx, e.ID, &events[i]); err != nil {
					return err
				}
			}
			for _, c := range spec.Comments {
				c.Edition = e.Number
				if err := tx.AddMatrixComment(ctx, e.ID, &c); err != nil {
					return err
				}
			}
			if spec.Status == model.EditionApproved && approved != nil {
				old := *approved
				old.Status, old.SupersededAt = model.EditionSuperseded, spec.Approved
				if err := tx.UpdateMatrixEdition(ctx, &old); err != nil {
					return err
				}
				if err := tx.AddMatrixEvent(ctx, old.ID, &model.MatrixEvent{Action: "superseded", Note: fmt.Sprintf("by edition %d", e.Number),
					Actor: "1540 Committee (illustrative)", ActorOrg: "UNSC1540", At: spec.Approved}); err != nil {
					return err
				}
			}
			if spec.Status == model.EditionApproved {
				a := e
				approved = &a
			}
			p := e
			prev = &p
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "matrix.demo", Kind: "matrix_edition", RecordID: s.Code,
			Summary: fmt.Sprintf("%d illustrative editions of %s's matrix", len(eds), s.Code)})
	})
}
