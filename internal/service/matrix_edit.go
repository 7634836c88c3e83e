package service

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// target is the edition a write to state's matrix acts on: the open one;
// else the latest approved one (which a first edit copies); else none.
type target struct {
	open     *model.MatrixEdition
	approved *model.MatrixEdition
}

func (t target) record(state string) policy.Record {
	switch {
	case t.open != nil:
		return policy.MatrixRecord(state, t.open.Status)
	case t.approved != nil:
		return policy.MatrixRecord(state, model.EditionApproved)
	}
	return policy.MatrixRecord(state, model.EditionDraft)
}

func findTarget(ctx context.Context, tx *store.Conn, state string) (target, error) {
	var t target
	open, err := tx.OpenMatrixEdition(ctx, state)
	switch {
	case err == nil:
		t.open = &open
	case !errors.Is(err, model.ErrNotFound):
		return t, err
	}
	approved, err := tx.LatestApprovedEdition(ctx, state)
	switch {
	case err == nil:
		t.approved = &approved
	case !errors.Is(err, model.ErrNotFound):
		return t, err
	}
	return t, nil
}

// openDraft starts a new draft of state's matrix copying the cells of the
// last approved edition.
func (m *Matrix) openDraft(ctx context.Context, tx *store.Tx, v model.Viewer, state string, t target) (model.MatrixEdition, error) {
	who, org := actor(v)
	e := model.MatrixEdition{State: state, Status: model.EditionDraft, Taxonomy: m.tax.Version, CreatedBy: who}
	if t.approved != nil {
		e.BasedOn = t.approved.Number
	}
	if err := tx.CreateMatrixEdition(ctx, &e); err != nil {
		if errors.Is(err, model.ErrConflict) {
			return e, conflict(nil, "svcmore.mx.newdraft")
		}
		return e, err
	}
	if t.approved != nil {
		if err := tx.CopyMatrixCells(ctx, t.approved.ID, e.ID); err != nil {
			return e, err
		}
	}
	note := "a new draft"
	if t.approved != nil {
		note = fmt.Sprintf("a new draft from approved edition %d", t.approved.Number)
	}
	if err := tx.AddMatrixEvent(ctx, e.ID, &model.MatrixEvent{Action: "opened", Note: note, Actor: who, ActorOrg: org}); err != nil {
		return e, err
	}
	return e, tx.Audit(ctx, v, store.AuditRecord{Action: "matrix.edition.open", Kind: "matrix_edition", RecordID: editionRef(e),
		Summary: fmt.Sprintf("edition %d of %s's matrix opened as %s", e.Number, state, note), After: e})
}

func editionRef(e model.MatrixEdition) string { return fmt.Sprintf("%s/%d", e.State, e.Number) }

// CheckEdit reports whether v may edit state's matrix now (nil), with
// the answers a write would get: ErrNotFound, ErrUnauthenticated or
// ErrForbidden.
func (m *Matrix) CheckEdit(ctx context.Context, v model.Viewer, state string) error {
	s, err := m.state(state)
	if err != nil {
		return err
	}
	t, err := findTarget(ctx, &m.db.Conn, s.Code)
	if err != nil {
		return err
	}
	return policy.EditMatrix(v, t.record(s.Code))
}

// Blank is the empty matrix of a State that has no edition yet, for the
// Committee's experts who may start one (ErrNotFound for everyone else).
func (m *Matrix) Blank(ctx context.Context, v model.Viewer, state string) (MatrixView, error) {
	s, err := m.state(state)
	if err != nil {
		return MatrixView{}, err
	}
	if _, err := m.db.LatestReadableEdition(ctx, v, s.Code); err == nil {
		return MatrixView{}, model.ErrNotFound // there is an edition: use it
	}
	if err := m.CheckEdit(ctx, v, s.Code); err != nil {
		return MatrixView{}, model.ErrNotFound
	}
	reports, err := m.citations(ctx, v, s.Code)
	if err != nil {
		return MatrixView{}, err
	}
	return MatrixView{State: s, Cells: m.fill(nil), Latest: true, Details: true, CanEdit: true, Comments: map[string]int{}, Reports: reports}, nil
}

// SetCell changes one cell of state's matrix (the Committee's experts).
// It edits the open draft; when there is none, it opens one copying the
// last approved edition. in.Version must be the cell's version as read
// (0 for a never-edited cell); a stale one is a *model.ConflictError
// carrying the current cell. An edition with the State cannot be edited.
func (m *Matrix) SetCell(ctx context.Context, v model.Viewer, state string, in Input[model.MatrixCellInput]) (model.MatrixCell, error) {
	one := func(base []model.MatrixCellInput) ([]model.MatrixCellInput, error) {
		c, err := in.read(model.MatrixCellInput{})
		return []model.MatrixCellInput{c}, err
	}
	out, err := m.setCells(ctx, v, state, one, "edit")
	if err != nil {
		return model.MatrixCell{}, err
	}
	return out[0], nil
}

// SetCells changes many cells at once, all or nothing (an import): every
// input is checked, and one bad or stale cell saves none.
func (m *Matrix) SetCells(ctx context.Context, v model.Viewer, state string, ins []model.MatrixCellInput) ([]model.MatrixCell, error) {
	return m.setCells(ctx, v, state, Given(ins), "import")
}

// CellConflict is the Current of the conflict a stale cell version gets:
// the cell as it is now.
type CellConflict struct {
	State string
	Cell  model.MatrixCell
}

func (m *Matrix) setCells(ctx context.Context, v model.Viewer, state string, input Input[[]model.MatrixCellInput], how string) ([]model.MatrixCell, error) {
	s, err := m.state(state)
	if err != nil {
		return nil, err
	}
	var out []model.MatrixCell
	var stale *model.ConflictError
	var ins []model.MatrixCellInput
	err = m.db.Write(ctx, func(tx *store.Tx) error {
		t, err := findTarget(ctx, &tx.Conn, s.Code)
		if err != nil {
			return err
		}
		if err := policy.EditMatrix(v, t.record(s.Code)); err != nil {
			return err
		}
		if ins, err = input.read(nil); err != nil {
			return err
		}
		if len(ins) == 0 {
			return model.Problems{"cells": "no cell to change"}
		}
		out = make([]model.MatrixCell, len(ins))
		cells := make([]model.MatrixCell, len(ins))
		probs := model.Problems{}
		seen := map[string]bool{}
		for i, in := range ins {
			c, p := in.Validate(m.tax.Has)
			for k, msg := range p {
				key := k
				if len(ins) > 1 {
					key = c.FieldID + "." + k
				}
				probs.Add(key, "%s", msg)
			}
			if seen[c.FieldID] && len(p) == 0 {
				probs.Add(c.FieldID, "is given twice")
			}
			seen[c.FieldID] = true
			cells[i] = c
			if c.Report.ReportID != 0 && len(p) == 0 {
				key := "report_id"
				if len(ins) > 1 {
					key = c.FieldID + ".report_id"
				}
				r, err := m.reports.Readable(ctx, &tx.Conn, v, s.Code, c.Report.ReportID)
				switch {
				case errors.Is(err, model.ErrNotFound):
					probs.Add(key, "there is no national report %d of %s (see the State's reports)", c.Report.ReportID, s.Name)
				case err != nil:
					return err
				case r.Pages > 0 && c.Report.Page > r.Pages:
					probs.Add(strings.Replace(key, "report_id", "report_page", 1), "the report has %d pages", r.Pages)
				}
			}
		}
		if err := probs.Err(); err != nil {
			return err
		}
		if t.open != nil && t.open.Status == model.EditionWithState {
			return conflict(*t.open, "svcmore.mx.withstate", model.ArgNum(t.open.Number))
		}
		// Compare with the cells as they are (in the open draft, or in the
		// approved edition a new draft would copy): a stale version is a
		// conflict, an unchanged cell is left alone.
		var source *model.MatrixEdition
		switch {
		case t.open != nil:
			source = t.open
		case t.approved != nil:
			source = t.approved
		}
		curs := make([]model.MatrixCell, len(cells))
		var pending []int
		for i, c := range cells {
			cur := model.MatrixCell{FieldID: c.FieldID}
			if source != nil {
				got, err := tx.MatrixCell(ctx, source.ID, c.FieldID)
				switch {
				case err == nil:
					cur = got
				case !errors.Is(err, model.ErrNotFound):
					return err
				}
			}
			if cur.Version != c.Version {
				if !policy.MatrixDetailsVisible(v, s.Code) {
					cur.UpdatedBy = ""
				}
				stale = conflict(CellConflict{State: s.Code, Cell: cur}, "svcmore.mx.cellstale",
					model.ArgText(c.FieldID), model.ArgNum(int(c.Version)), model.ArgNum(int(cur.Version)))
				return stale
			}
			curs[i] = cur
			if cur.SameContent(c) {
				out[i] = cur
				continue
			}
			pending = append(pending, i)
		}
		if len(pending) == 0 {
			return nil
		}
		draft := t.open
		if draft == nil {
			e, err := m.openDraft(ctx, tx, v, s.Code, t)
			if err != nil {
				return err
			}
			draft = &e
		}
		who, org := actor(v)
		changed := 0
		for _, i := range pending {
			c, cur := cells[i], curs[i]
			f, _ := m.tax.Field(c.FieldID)
			c.UpdatedBy, c.UpdatedByOrg = who, org
			if err := tx.SaveMatrixCell(ctx, draft.ID, f.Area, f.Weapon, &c, cur.Version, how); err != nil {
				if errors.Is(err, model.ErrConflict) {
					stale = conflict(CellConflict{State: s.Code, Cell: cur}, "svcmore.mx.cellmoment", model.ArgText(c.FieldID))
					return stale
				}
				return err
			}
			out[i] = c
			changed++
			if how == "edit" {
				if err := tx.Audit(ctx, v, store.AuditRecord{Action: "matrix.cell.update", Kind: "matrix_cell",
					RecordID: fmt.Sprintf("%s/%d/%s", s.Code, draft.Number, c.FieldID),
					Summary:  fmt.Sprintf("cell %s of %s's matrix (edition %d) set to %s", c.FieldID, s.Code, draft.Number, statusWords(c.Status)),
					Before:   cur, After: c}); err != nil {
					return err
				}
			}
		}
		if how != "edit" && changed > 0 {
			return tx.Audit(ctx, v, store.AuditRecord{Action: "matrix.cells.import", Kind: "matrix_edition", RecordID: editionRef(*draft),
				Summary: fmt.Sprintf("%d cells of %s's matrix (edition %d) changed by an import", changed, s.Code, draft.Number), After: out})
		}
		return nil
	})
	if err != nil {
		// A concurrent writer can also surface as a unique violation or a
		// conflict from the store: answer with the cell as it is now.
		if stale == nil && errors.Is(err, model.ErrConflict) && len(ins) == 1 {
			var ce *model.ConflictError
			if !errors.As(err, &ce) {
				ce = conflict(nil, "svcmore.mx.cellsame")
			}
			if ce.Current == nil {
				cur, _ := m.currentCell(ctx, v, s.Code, ins[0].FieldID)
				return nil, &model.ConflictError{Message: ce.Message, Msg: ce.Msg, Current: CellConflict{State: s.Code, Cell: cur}}
			}
		}
		return nil, err
	}
	return out, nil
}

// currentCell returns the cell of the open (else latest readable) edition.
func (m *Matrix) currentCell(ctx context.Context, v model.Viewer, state, fieldID string) (model.MatrixCell, error) {
	mv, err := m.Latest(ctx, v, state)
	if err != nil {
		return model.MatrixCell{FieldID: fieldID}, err
	}
	return mv.Cells[fieldID], nil
}

func statusWords(s model.CellStatus) string {
	if s == model.CellNone {
		return "no information"
	}
	return fmt.Sprintf("%q", string(s))
}
