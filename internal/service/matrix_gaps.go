package service

import (
	"context"
	"fmt"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
)

// DiffLine is one field that differs between two editions.
type DiffLine struct {
	Field         refdata.Field
	Before, After model.MatrixCell
	StatusChanged bool
}

// Diff compares two editions of state's matrix that v may read: the
// fields whose status, reference, remarks or source differ, in matrix order.
func (m *Matrix) Diff(ctx context.Context, v model.Viewer, state string, from, to int) (a, b MatrixView, lines []DiffLine, err error) {
	if a, err = m.Edition(ctx, v, state, from); err != nil {
		return
	}
	if b, err = m.Edition(ctx, v, state, to); err != nil {
		return
	}
	for _, f := range m.tax.Fields {
		x, y := a.Cells[f.ID], b.Cells[f.ID]
		if !x.SameContent(y) {
			lines = append(lines, DiffLine{Field: f, Before: x, After: y, StatusChanged: x.Status != y.Status})
		}
	}
	return
}

// Gap is a field without a measure: no information, or "?".
type Gap struct {
	Field refdata.Field
	Cell  model.MatrixCell
}

// GapGroup is the gaps of one section and weapon type.
type GapGroup struct {
	Section *MatrixSection
	Weapon  string // "-" for OP 1
	Fields  int    // fields in the section and weapon type
	Gaps    []Gap
}

// Gaps lists, for an edition of state's matrix (0: the newest v may
// read), the fields without a measure — no information, or incomplete
// ("?") — by section and weapon type.
func (m *Matrix) Gaps(ctx context.Context, v model.Viewer, state string, edition int) (MatrixView, []GapGroup, error) {
	mv, err := m.EditionOrLatest(ctx, v, state, edition)
	if err != nil {
		return mv, nil, err
	}
	var out []GapGroup
	for _, s := range m.sections {
		weapons := s.Weapons
		if !s.HasWeapons() {
			weapons = []string{"-"}
		}
		for _, w := range weapons {
			g := GapGroup{Section: s, Weapon: w}
			for _, f := range s.Fields {
				if f.Weapon != w {
					continue
				}
				g.Fields++
				c := mv.Cells[f.ID]
				if c.Status == model.CellNone || c.Status == model.CellQ {
					g.Gaps = append(g.Gaps, Gap{Field: f, Cell: c})
				}
			}
			out = append(out, g)
		}
	}
	return mv, out, nil
}

// CheckGap returns nil when fieldID is a gap (no information, or "?") in
// the newest edition of state's matrix that v may read: the start of a
// proposed NAP action. ErrNotFound when v may read no edition or the field
// is unknown; a problem when the field holds a measure.
func (m *Matrix) CheckGap(ctx context.Context, v model.Viewer, state, fieldID string) (MatrixView, refdata.Field, error) {
	f, ok := m.tax.Field(fieldID)
	if !ok {
		return MatrixView{}, f, model.ErrNotFound
	}
	mv, err := m.Latest(ctx, v, state)
	if err != nil {
		return mv, f, err
	}
	if c := mv.Cells[f.ID]; c.Status == model.CellX || c.Status == model.CellNA {
		return mv, f, model.Problems{"field_id": fmt.Sprintf("%s holds %s in edition %d: it is not a gap", f.ID, statusWords(c.Status), mv.Edition.Number)}
	}
	return mv, f, nil
}

// ProposeNAPAction turns a gap of state's matrix into a draft action of
// the State's current draft plan: the one step across the two features,
// for the page and the API alike. The field must be a gap in the newest
// edition v may read (ErrNotFound when v reads none, a problem when the
// field holds a measure) and v must write for the State (policy.Create);
// then the title is read (empty: the field's label) and NAPs.ProposeAction
// adds the action under the plan's lock, in one transaction, audited.
func (m *Matrix) ProposeNAPAction(ctx context.Context, v model.Viewer, state, fieldID string, title Input[string]) (model.NAPAction, error) {
	mv, f, err := m.CheckGap(ctx, v, state, fieldID)
	if err != nil && !isProblems(err) {
		return model.NAPAction{}, err
	}
	if perr := policy.Create(v, mv.State.Code); perr != nil {
		return model.NAPAction{}, perr
	}
	if err != nil {
		return model.NAPAction{}, err
	}
	t, err := title.read("")
	if err != nil {
		return model.NAPAction{}, err
	}
	return m.naps.ProposeAction(ctx, v, mv.State.Code, f.ID, t)
}

func isProblems(err error) bool {
	_, ok := model.AsProblems(err)
	return ok
}
