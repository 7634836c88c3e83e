package service

import (
	"context"
	"errors"
	"fmt"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// The guided review of an edition with the State (issue 18, item 4): the
// fields changed since the approved edition it was drafted from, one after
// the other, each with the value it replaces, its comments and a "seen"
// mark; then a last page that lists the changes and the comments before
// the State agrees.

// ReviewField is one changed field of the edition under review.
type ReviewField struct {
	Field    refdata.Field
	Before   model.MatrixCell // in the approved edition (empty when none)
	After    model.MatrixCell // in the edition under review
	Comments []model.MatrixComment
	Seen     bool
}

// GuidedReview is the edition with the State and its changes.
type GuidedReview struct {
	MatrixView
	BasedOn  int // the approved edition compared with (0: none, a first edition)
	Fields   []ReviewField
	Seen     int
	Comments int
	// CanMark: the viewer keeps seen marks (the State's coordinator and the
	// Committee's experts).
	CanMark bool
}

// Index returns the position of fieldID among the changed fields (-1 when
// it did not change).
func (g GuidedReview) Index(fieldID string) int {
	for i, f := range g.Fields {
		if f.Field.ID == fieldID {
			return i
		}
	}
	return -1
}

// Guide returns the guided review of state's edition with the State, for
// whoever may read it (the State and the Committee level); ErrNotFound when
// there is none v may read.
func (m *Matrix) Guide(ctx context.Context, v model.Viewer, state string) (GuidedReview, error) {
	s, err := m.state(state)
	if err != nil {
		return GuidedReview{}, err
	}
	open, err := m.db.OpenMatrixEdition(ctx, s.Code)
	if err != nil {
		return GuidedReview{}, err
	}
	if err := policy.Read(v, policy.MatrixRecord(s.Code, open.Status)); err != nil || open.Status != model.EditionWithState {
		return GuidedReview{}, model.ErrNotFound
	}
	mv, err := m.view(ctx, v, s, open)
	if err != nil {
		return GuidedReview{}, err
	}
	g := GuidedReview{MatrixView: mv, BasedOn: open.BasedOn, CanMark: v.SignedIn() && policy.CanCommentMatrix(v, s.Code)}
	before := m.fill(nil)
	if open.BasedOn > 0 {
		base, err := m.db.MatrixEdition(ctx, s.Code, open.BasedOn)
		if err != nil {
			return GuidedReview{}, err
		}
		stored, err := m.db.MatrixCells(ctx, base.ID)
		if err != nil {
			return GuidedReview{}, err
		}
		before = m.fill(stored)
	}
	comments := map[string][]model.MatrixComment{}
	if mv.Details {
		cs, err := m.db.MatrixComments(ctx, open.ID, "")
		if err != nil {
			return GuidedReview{}, err
		}
		for _, c := range cs {
			comments[c.FieldID] = append(comments[c.FieldID], c)
		}
	}
	seen := map[string]bool{}
	if g.CanMark {
		if seen, err = m.db.SeenFields(ctx, open.ID, v.ID()); err != nil {
			return GuidedReview{}, err
		}
	}
	for _, f := range m.tax.Fields {
		x, y := before[f.ID], mv.Cells[f.ID]
		if x.SameContent(y) && len(comments[f.ID]) == 0 {
			continue
		}
		rf := ReviewField{Field: f, Before: x, After: y, Comments: comments[f.ID], Seen: seen[f.ID]}
		g.Fields = append(g.Fields, rf)
		g.Comments += len(rf.Comments)
		if rf.Seen {
			g.Seen++
		}
	}
	return g, nil
}

// MarkSeen records that v has seen a changed field of state's edition with
// the State (the State's coordinator and the Committee's experts keep
// marks). The mark is audited like every change.
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
		if !m.tax.Has(fieldID) {
			return model.ErrNotFound
		}
		if t.open == nil || t.open.Status != model.EditionWithState {
			return &model.ConflictError{Message: "no edition of this matrix is with the State now"}
		}
		if edition != 0 && edition != t.open.Number {
			return &model.ConflictError{Message: fmt.Sprintf("edition %d is not the one with the State (edition %d is)", edition, t.open.Number), Current: *t.open}
		}
		if v.ID() == 0 {
			return model.ErrForbidden
		}
		added, err := tx.MarkSeen(ctx, t.open.ID, v.ID(), fieldID)
		if err != nil || !added {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "matrix.review.seen", Kind: "matrix_edition", RecordID: editionRef(*t.open),
			Summary: fmt.Sprintf("field %s of edition %d of %s's matrix marked as seen", fieldID, t.open.Number, s.Code)})
	})
}

// confirmAgree is the last page of the guided review: the changes and the
// comments, then the State's agreement (its coordinator).
func (m *Matrix) confirmAgree(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	s, err := m.state(ref.State)
	if err != nil {
		return Confirmation{}, err
	}
	t, err := findTarget(ctx, &m.db.Conn, s.Code)
	if err != nil {
		return Confirmation{}, err
	}
	if err := policy.AnswerMatrix(v, t.record(s.Code)); err != nil {
		return Confirmation{}, err
	}
	base := "/states/" + s.Code + "/matrix"
	c := Confirmation{Heading: "Check the changes, then agree", Subject: "Matrix of " + s.Name, Back: base + "/review", Action: base + "/agree",
		Button: "Agree on behalf of " + s.Name}
	g, err := m.Guide(ctx, v, s.Code)
	switch {
	case errors.Is(err, model.ErrNotFound):
		c.Blocked = "no edition of " + s.Name + "'s matrix is with " + s.Name + " now"
		return c, nil
	case err != nil:
		return c, err
	}
	c.Review, c.Version = &g, int64(g.Edition.Number)
	if g.Edition.Agreed {
		c.Blocked = EditionStatus(m.cat, g.Edition)
		return c, nil
	}
	c.Happens = []string{
		fmt.Sprintf("%s agrees to edition %d of its matrix, with the %s listed below.", s.Name, g.Edition.Number, pluralOf(len(g.Fields), "changed field", "changed fields")),
		"The 1540 Committee can then approve the edition: once approved it is published, and anyone, including the public, reads it.",
	}
	c.Affected = s.Name + ", the 1540 Committee and UNODA now; everyone once the Committee approves the edition."
	c.Undo = "Once " + s.Name + " has agreed it can no longer ask for changes to this edition. To change a field later, ask the Committee's experts for a new edition."
	return c, nil
}

// confirmApprove is the Committee coordinator's page before approving.
func (m *Matrix) confirmApprove(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	s, err := m.state(ref.State)
	if err != nil {
		return Confirmation{}, err
	}
	t, err := findTarget(ctx, &m.db.Conn, s.Code)
	if err != nil {
		return Confirmation{}, err
	}
	if err := policy.ApproveMatrix(v, t.record(s.Code)); err != nil {
		return Confirmation{}, err
	}
	base := "/states/" + s.Code + "/matrix"
	c := Confirmation{Heading: "Approve and publish the edition", Subject: "Matrix of " + s.Name, Back: base, Action: base + "/approve", Button: "Approve and publish"}
	if t.open == nil || t.open.Status != model.EditionWithState || !t.open.Agreed {
		c.Blocked = "there is no edition of " + s.Name + "'s matrix agreed by " + s.Name + " to approve"
		if t.open != nil {
			c.Blocked += " (" + EditionStatus(m.cat, *t.open) + ")"
		}
		return c, nil
	}
	c.Version = int64(t.open.Number)
	c.Happens = []string{
		fmt.Sprintf("Edition %d of %s's matrix, agreed by %s on %s, is approved.", t.open.Number, s.Name, s.Name, t.open.AgreedAt.Format("2 January 2006")),
		"It is published: anyone, including the public, reads it, and the coverage figures and maps use it.",
	}
	if t.approved != nil {
		c.Happens = append(c.Happens, fmt.Sprintf("Edition %d, approved on %s, is superseded (it stays readable as an earlier edition).", t.approved.Number, t.approved.ApprovedAt.Format("2 January 2006")))
	}
	c.Affected = "Everyone: " + s.Name + ", the Committee and the public."
	c.Undo = "An approval cannot be undone; a correction is a new edition drafted by the Committee's experts."
	return c, nil
}
