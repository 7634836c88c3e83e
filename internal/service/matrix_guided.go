package service

import (
	"context"
	"fmt"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// The guided review of a matrix edition (issue 18, item 4): the edition
// with the State, change by change against the approved edition it was
// drafted from, each change with its comments and marked seen by the
// reviewing account, then a check-your-answers page (the agreement's
// confirmation) listing them all before the State agrees.

// ReviewChange is one field the edition under review changes.
type ReviewChange struct {
	Field         refdata.Field
	Before, After model.MatrixCell // the approved value being replaced; the edition's
	StatusChanged bool
	Comments      []model.MatrixComment
	Seen          time.Time // when the viewer read it (zero: not yet)
}

// GuidedReview is the review of the edition with the State, as one viewer
// sees it. Edition is zero when no edition of the State's matrix is with
// the State now.
type GuidedReview struct {
	State    *refdata.State
	Edition  model.MatrixEdition
	BasedOn  int // the approved edition compared against (0: the first edition, compared with an empty matrix)
	Changes  []ReviewChange
	Seen     int  // changes the viewer has read
	Comments int  // comments on the edition, on any field
	CanMark  bool // the viewer may mark changes seen (and comment)
	CanAgree bool // the viewer may agree to the edition (on the check-your-answers page)
}

// Index returns the position of fieldID among the changes, or -1.
func (g GuidedReview) Index(fieldID string) int {
	for i, c := range g.Changes {
		if c.Field.ID == fieldID {
			return i
		}
	}
	return -1
}

// NextUnseen is the first change after position i (wrapping) the viewer
// has not read; "" when every change is read.
func (g GuidedReview) NextUnseen(i int) string {
	n := len(g.Changes)
	for k := 1; k <= n; k++ {
		c := g.Changes[(i+k+n)%n]
		if c.Seen.IsZero() {
			return c.Field.ID
		}
	}
	return ""
}

// Review returns the guided review of state's edition with the State for
// v: the State and the Committee level (who read the review's details);
// 404 for everyone else, whether or not an edition is under review.
func (m *Matrix) Review(ctx context.Context, v model.Viewer, state string) (GuidedReview, error) {
	s, err := m.state(state)
	if err != nil {
		return GuidedReview{}, err
	}
	if !policy.MatrixDetailsVisible(v, s.Code) {
		return GuidedReview{}, model.ErrNotFound
	}
	g := GuidedReview{State: s}
	t, err := findTarget(ctx, &m.db.Conn, s.Code)
	if err != nil {
		return g, err
	}
	if t.open == nil || t.open.Status != model.EditionWithState {
		return g, nil
	}
	cur, err := m.Edition(ctx, v, s.Code, t.open.Number)
	if err != nil {
		return g, err
	}
	g.Edition, g.BasedOn = cur.Edition, cur.Edition.BasedOn
	before := map[string]model.MatrixCell{}
	if g.BasedOn > 0 {
		old, err := m.Edition(ctx, v, s.Code, g.BasedOn)
		if err != nil {
			return g, err
		}
		before = old.Cells
	}
	comments, err := m.db.MatrixComments(ctx, cur.Edition.ID, "")
	if err != nil {
		return g, err
	}
	byField := map[string][]model.MatrixComment{}
	for _, c := range comments {
		byField[c.FieldID] = append(byField[c.FieldID], c)
	}
	g.Comments = len(comments)
	seen := map[string]time.Time{}
	if v.Account != nil {
		if seen, err = m.db.MatrixSeen(ctx, v.Account.ID, cur.Edition.ID); err != nil {
			return g, err
		}
	}
	for _, f := range m.tax.Fields {
		x, y := before[f.ID], cur.Cells[f.ID]
		if x.SameContent(y) {
			continue
		}
		c := ReviewChange{Field: f, Before: x, After: y, StatusChanged: x.Status != y.Status, Comments: byField[f.ID], Seen: seen[f.ID]}
		if !c.Seen.IsZero() {
			g.Seen++
		}
		g.Changes = append(g.Changes, c)
	}
	g.CanMark = v.Account != nil && cur.CanComment
	g.CanAgree = cur.CanAnswer
	return g, nil
}

// MarkSeen records that v has read the change of fieldID in the edition
// with the State (anyone who may comment on it: the State's coordinator,
// the Committee's experts). Marking a change read twice changes nothing.
func (m *Matrix) MarkSeen(ctx context.Context, v model.Viewer, state, fieldID string, edition int) error {
	s, err := m.state(state)
	if err != nil {
		return err
	}
	return m.db.Write(ctx, func(tx *store.Tx) error {
		t, err := findTarget(ctx, &tx.Conn, s.Code)
		if err != nil {
			return err
		}
		if err := policy.CommentMatrix(v, t.record(s.Code)); err != nil {
			return err
		}
		if v.Account == nil {
			return model.ErrUnauthenticated
		}
		if !m.tax.Has(fieldID) {
			return model.Problems{"field_id": fmt.Sprintf("%q is not a field of the matrix taxonomy", fieldID)}
		}
		if t.open == nil || t.open.Status != model.EditionWithState {
			return conflict(nil, "svcmore.mx.noread", model.ArgOrg(s.Code))
		}
		if edition != 0 && edition != t.open.Number {
			return conflict(*t.open, "svcmore.mx.notwithstate", model.ArgNum(edition), model.ArgNum(t.open.Number))
		}
		seen, err := tx.MatrixSeen(ctx, v.Account.ID, t.open.ID)
		if err != nil {
			return err
		}
		if _, ok := seen[fieldID]; ok {
			return nil
		}
		if _, err := tx.MarkMatrixSeen(ctx, v.Account.ID, t.open.ID, fieldID); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "matrix.review.seen", Kind: "matrix_edition", RecordID: t.open.ID,
			Summary: fmt.Sprintf("read the change of %s in edition %d of %s's matrix", fieldID, t.open.Number, s.Code)})
	})
}

// Unread is the number of changes the viewer has not read yet.
func (g GuidedReview) Unread() int { return len(g.Changes) - g.Seen }
