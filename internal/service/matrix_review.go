package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// The review steps.
type reviewStep struct {
	name      string // for messages: "send"
	action    string // matrix_events.action and audit action suffix
	decide    func(model.Viewer, policy.Record) error
	from      model.EditionStatus
	noteFirst bool // a note is required
	apply     func(e *model.MatrixEdition, who string, now time.Time) error
}

var (
	stepSend = reviewStep{name: "send to the State", action: "sent", decide: policy.SendMatrix, from: model.EditionDraft,
		apply: func(e *model.MatrixEdition, who string, now time.Time) error {
			e.Status, e.SentAt, e.SentBy, e.Agreed, e.AgreedAt, e.AgreedBy = model.EditionWithState, now, who, false, time.Time{}, ""
			return nil
		}}
	stepAgree = reviewStep{name: "agree to", action: "agreed", decide: policy.AnswerMatrix, from: model.EditionWithState,
		apply: func(e *model.MatrixEdition, who string, now time.Time) error {
			if e.Agreed {
				return conflict(*e, "svcchecks.mx.agreed", model.ArgNum(e.Number))
			}
			e.Agreed, e.AgreedAt, e.AgreedBy = true, now, who
			return nil
		}}
	stepChanges = reviewStep{name: "ask for changes to", action: "changes-requested", decide: policy.AnswerMatrix, from: model.EditionWithState, noteFirst: true,
		apply: func(e *model.MatrixEdition, who string, now time.Time) error {
			e.Status, e.Agreed, e.AgreedAt, e.AgreedBy = model.EditionDraft, false, time.Time{}, ""
			return nil
		}}
	stepApprove = reviewStep{name: "approve", action: "approved", decide: policy.ApproveMatrix, from: model.EditionWithState,
		apply: func(e *model.MatrixEdition, who string, now time.Time) error {
			if !e.Agreed {
				return conflict(*e, "svcchecks.mx.notagreed", model.ArgNum(e.Number))
			}
			e.Status, e.ApprovedAt, e.ApprovedBy = model.EditionApproved, now, who
			return nil
		}}
)

// Send sends state's draft to the State for comments (a Committee editor
// or coordinator).
func (m *Matrix) Send(ctx context.Context, v model.Viewer, state string, in Input[model.ReviewInput]) (model.MatrixEdition, error) {
	return m.review(ctx, v, state, in, stepSend)
}

// Agree records the State's agreement to the edition with it (the State's
// coordinator).
func (m *Matrix) Agree(ctx context.Context, v model.Viewer, state string, in Input[model.ReviewInput]) (model.MatrixEdition, error) {
	return m.review(ctx, v, state, in, stepAgree)
}

// RequestChanges returns the edition with the State to draft, with the
// State's note of what should change (the State's coordinator).
func (m *Matrix) RequestChanges(ctx context.Context, v model.Viewer, state string, in Input[model.ReviewInput]) (model.MatrixEdition, error) {
	return m.review(ctx, v, state, in, stepChanges)
}

// Approve approves the edition the State agreed to (a Committee
// coordinator); it becomes public and supersedes the previous approved
// edition.
func (m *Matrix) Approve(ctx context.Context, v model.Viewer, state string, in Input[model.ReviewInput]) (model.MatrixEdition, error) {
	return m.review(ctx, v, state, in, stepApprove)
}

func (m *Matrix) review(ctx context.Context, v model.Viewer, state string, input Input[model.ReviewInput], step reviewStep) (model.MatrixEdition, error) {
	s, err := m.state(state)
	if err != nil {
		return model.MatrixEdition{}, err
	}
	var out model.MatrixEdition
	err = m.db.Write(ctx, func(tx *store.Tx) error {
		t, err := findTarget(ctx, &tx.Conn, s.Code)
		if err != nil {
			return err
		}
		if err := step.decide(v, t.record(s.Code)); err != nil {
			return err
		}
		in, err := input.read(model.ReviewInput{})
		if err != nil {
			return err
		}
		note, probs := in.Validate(step.noteFirst)
		dateIn := model.StepDate{Date: in.Date, Source: model.Source{Title: in.Source, URL: in.SourceURL}}
		if step.action != "approved" && !dateIn.IsZero() {
			probs.Add("date", "only the approval is dated (and sourced) when recorded from the past; this step is dated as it is taken")
		}
		if err := probs.Err(); err != nil {
			return err
		}
		if t.open == nil {
			return &model.ConflictError{Message: fmt.Sprintf("there is no edition of %s's matrix under review to %s", s.Name, step.name),
				Msg: model.Msg("svcchecks.mx.noreview", model.ArgOrg(s.Code))}
		}
		e := *t.open
		if in.Edition != 0 && in.Edition != e.Number {
			return conflict(e, "svcchecks.mx.notopen", model.ArgNum(in.Edition), model.ArgNum(e.Number))
		}
		if e.Status != step.from {
			return &model.ConflictError{Message: fmt.Sprintf("edition %d is %s: it cannot be %s now", e.Number, e.Status.Label(), pastTense(step)), Current: e,
				Msg: model.Msg("svcchecks.mx.status", model.ArgNum(e.Number), model.ArgKey("matrix.status."+string(e.Status)))}
		}
		before := e
		who, org := actor(v)
		now := tx.Now()
		if err := step.apply(&e, who, now); err != nil {
			return err
		}
		var dated model.Dated
		if step.action == "approved" {
			floors := m.recorded.floorsOf(s.Code, true)
			if t.approved != nil && !t.approved.ApprovedOn.IsZero() {
				floors = append(floors, model.Floor{Day: t.approved.ApprovedOn,
					Reason: fmt.Sprintf("before edition %d, which it supersedes, was approved (%s)", t.approved.Number, t.approved.ApprovedOn.Long())})
			}
			p := model.Problems{}
			dated = model.CheckStepDate(p, dateIn, m.recorded.Today(), "the approval", true, floors...)
			if len(p) > 0 {
				return p
			}
			e.ApprovedOn = dated.On
		}
		if e.Status != before.Status && !before.Status.CanMoveTo(e.Status) {
			return fmt.Errorf("matrix: %s -> %s is not a step of the review", before.Status, e.Status)
		}
		if step.action == "approved" && t.approved != nil {
			old := *t.approved
			oldBefore := old
			old.Status, old.SupersededAt = model.EditionSuperseded, now
			if err := tx.UpdateMatrixEdition(ctx, &old); err != nil {
				return err
			}
			if err := tx.AddMatrixEvent(ctx, old.ID, &model.MatrixEvent{Action: "superseded", Note: fmt.Sprintf("by edition %d", e.Number), Actor: who, ActorOrg: org}); err != nil {
				return err
			}
			if err := tx.Audit(ctx, v, store.AuditRecord{Action: "matrix.edition.superseded", Kind: "matrix_edition", RecordID: editionRef(old),
				Summary: fmt.Sprintf("edition %d of %s's matrix superseded by edition %d", old.Number, s.Code, e.Number), Before: oldBefore, After: old}); err != nil {
				return err
			}
		}
		if err := tx.UpdateMatrixEdition(ctx, &e); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return conflict(e, "svcchecks.mx.moment")
			}
			return err
		}
		if err := tx.AddMatrixEvent(ctx, e.ID, &model.MatrixEvent{Action: step.action, Note: note, Actor: who, ActorOrg: org}); err != nil {
			return err
		}
		if n, ok := m.reviewNotice(e, step.action, note, v); ok && m.notify != nil {
			if err := m.notify.Send(ctx, tx, n); err != nil {
				return err
			}
		}
		out = e
		action, summary := "matrix.edition."+step.action, fmt.Sprintf("edition %d of %s's matrix %s", e.Number, s.Code, step.action)
		if step.action == "approved" {
			if _, err := m.recorded.record(ctx, tx, v, s.Code, model.FactKindEdition, e.ID, model.FactApproved, dated); err != nil {
				return err
			}
			summary += " " + provenance(dated)
			if dated.Recorded {
				action += ".recorded"
			}
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: action, Kind: "matrix_edition", RecordID: editionRef(e),
			Summary: summary + noteSuffix(note), Before: before, After: e})
	})
	return out, err
}

func pastTense(step reviewStep) string {
	switch step.action {
	case "sent":
		return "sent to the State"
	case "agreed":
		return "agreed to"
	case "changes-requested":
		return "returned for changes"
	case "approved":
		return "approved"
	}
	return step.action
}

func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return ": " + note
}

// Comment adds a comment on a cell of the edition with the State (the
// State's coordinator, or the Committee's experts answering).
func (m *Matrix) Comment(ctx context.Context, v model.Viewer, state, fieldID string, input Input[model.CommentInput]) (model.MatrixComment, error) {
	s, err := m.state(state)
	if err != nil {
		return model.MatrixComment{}, err
	}
	var out model.MatrixComment
	err = m.db.Write(ctx, func(tx *store.Tx) error {
		t, err := findTarget(ctx, &tx.Conn, s.Code)
		if err != nil {
			return err
		}
		if err := policy.CommentMatrix(v, t.record(s.Code)); err != nil {
			return err
		}
		in, err := input.read(model.CommentInput{})
		if err != nil {
			return err
		}
		body, probs := in.Validate()
		if !m.tax.Has(fieldID) {
			probs.Add("field_id", "%q is not a field of the matrix taxonomy", fieldID)
		}
		if err := probs.Err(); err != nil {
			return err
		}
		if t.open == nil || t.open.Status != model.EditionWithState {
			return conflict(nil, "svcmore.mx.nocomment")
		}
		if in.Edition != 0 && in.Edition != t.open.Number {
			return conflict(*t.open, "svcmore.mx.notwithstate", model.ArgNum(in.Edition), model.ArgNum(t.open.Number))
		}
		who, org := actor(v)
		out = model.MatrixComment{Edition: t.open.Number, FieldID: fieldID, Body: body, Author: who, AuthorOrg: org}
		if err := tx.AddMatrixComment(ctx, t.open.ID, &out); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "matrix.comment.create", Kind: "matrix_comment", RecordID: out.ID,
			Summary: fmt.Sprintf("comment on cell %s of %s's matrix (edition %d)", fieldID, s.Code, t.open.Number), After: out})
	})
	return out, err
}
