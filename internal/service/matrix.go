package service

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Matrix keeps each State's 1540 matrix in editions, with the review
// between the Committee's experts and the State (1540.md §1.1), and
// counts coverage and gaps over it.
type Matrix struct {
	db       *store.DB
	cat      *refdata.Catalog
	tax      *refdata.Taxonomy
	sections []*MatrixSection
	totals   map[[2]string]int // (area, weapon) -> number of fields
	now      func() time.Time

	mu        sync.Mutex
	published map[int64]coverageParts // counts of published editions (immutable), by edition ID
}

func newMatrix(d Deps) *Matrix {
	tax, err := refdata.LoadTaxonomy()
	if err != nil {
		// The taxonomy is embedded and checked by its tests: a broken one
		// is a broken build.
		panic(fmt.Sprintf("matrix taxonomy: %v", err))
	}
	m := &Matrix{db: d.DB, cat: d.Catalog, tax: tax, sections: layout(tax), totals: map[[2]string]int{}, now: d.Now,
		published: map[int64]coverageParts{}}
	for _, f := range tax.Fields {
		m.totals[[2]string{f.Area, f.Weapon}]++
	}
	return m
}

// Taxonomy returns the matrix taxonomy.
func (m *Matrix) Taxonomy() *refdata.Taxonomy { return m.tax }

// Sections returns the matrix's sections in order.
func (m *Matrix) Sections() []*MatrixSection { return m.sections }

// Section returns the section with key, or nil.
func (m *Matrix) Section(key string) *MatrixSection {
	for _, s := range m.sections {
		if s.Key == key {
			return s
		}
	}
	return nil
}

// MatrixView is one edition of a State's matrix as one viewer may see it.
type MatrixView struct {
	State    *refdata.State
	Edition  model.MatrixEdition
	Cells    map[string]model.MatrixCell // every field of the taxonomy; never-edited ones are empty at version 0
	Editions []model.MatrixEdition       // the editions the viewer may read, newest first
	Events   []model.MatrixEvent         // the review steps of this edition (Committee level)
	Comments map[string]int              // comments per field (Committee level)
	Latest   bool                        // the newest edition the viewer may read
	Details  bool                        // the viewer sees who changed what, the comments and the review steps
	// What the viewer may do now.
	CanEdit, CanSend, CanAnswer, CanComment, CanApprove bool
	// AwaitingAgreement: the edition is with the State, which has not agreed yet.
	AwaitingAgreement bool
}

// Coverage counts the view's cells.
func (v MatrixView) Coverage(m *Matrix) StateCoverage {
	return m.coverageOf(v.State, v.Edition, v.Cells)
}

func (m *Matrix) state(code string) (*refdata.State, error) {
	s := m.cat.State(code)
	if s == nil {
		return nil, model.ErrNotFound
	}
	return s, nil
}

// Latest returns the newest edition of state's matrix that v may read
// (ErrNotFound when there is none).
func (m *Matrix) Latest(ctx context.Context, v model.Viewer, state string) (MatrixView, error) {
	s, err := m.state(state)
	if err != nil {
		return MatrixView{}, err
	}
	e, err := m.db.LatestReadableEdition(ctx, v, s.Code)
	if err != nil {
		return MatrixView{}, err
	}
	return m.view(ctx, v, s, e)
}

// Edition returns edition number of state's matrix if v may read it.
func (m *Matrix) Edition(ctx context.Context, v model.Viewer, state string, number int) (MatrixView, error) {
	s, err := m.state(state)
	if err != nil {
		return MatrixView{}, err
	}
	e, err := m.readEdition(ctx, v, s.Code, number)
	if err != nil {
		return MatrixView{}, err
	}
	return m.view(ctx, v, s, e)
}

// EditionOrLatest is Edition, or Latest when number is 0.
func (m *Matrix) EditionOrLatest(ctx context.Context, v model.Viewer, state string, number int) (MatrixView, error) {
	if number == 0 {
		return m.Latest(ctx, v, state)
	}
	return m.Edition(ctx, v, state, number)
}

func (m *Matrix) readEdition(ctx context.Context, v model.Viewer, state string, number int) (model.MatrixEdition, error) {
	if number <= 0 {
		return model.MatrixEdition{}, model.ErrNotFound
	}
	e, err := m.db.MatrixEdition(ctx, state, number)
	if err != nil {
		return e, err
	}
	if err := policy.Read(v, policy.MatrixRecord(e.State, e.Status)); err != nil {
		return model.MatrixEdition{}, err
	}
	return e, nil
}

// Editions lists the editions of state's matrix that v may read, newest
// first (an unknown State is ErrNotFound).
func (m *Matrix) Editions(ctx context.Context, v model.Viewer, state string) ([]model.MatrixEdition, error) {
	s, err := m.state(state)
	if err != nil {
		return nil, err
	}
	return m.db.MatrixEditions(ctx, v, s.Code)
}

func (m *Matrix) view(ctx context.Context, v model.Viewer, s *refdata.State, e model.MatrixEdition) (MatrixView, error) {
	stored, err := m.db.MatrixCells(ctx, e.ID)
	if err != nil {
		return MatrixView{}, err
	}
	eds, err := m.db.MatrixEditions(ctx, v, s.Code)
	if err != nil {
		return MatrixView{}, err
	}
	mv := MatrixView{State: s, Edition: e, Editions: eds, Cells: m.fill(stored), Latest: len(eds) > 0 && eds[0].Number == e.Number,
		Details: policy.MatrixDetailsVisible(v, s.Code), Comments: map[string]int{}}
	if !mv.Details {
		hidePeople(mv.Cells)
	} else {
		if mv.Events, err = m.db.MatrixEvents(ctx, e.ID); err != nil {
			return MatrixView{}, err
		}
		cs, err := m.db.MatrixComments(ctx, e.ID, "")
		if err != nil {
			return MatrixView{}, err
		}
		for _, c := range cs {
			mv.Comments[c.FieldID]++
		}
	}
	hasOpen := false
	for _, x := range eds {
		hasOpen = hasOpen || x.Status.Open()
	}
	switch e.Status {
	case model.EditionDraft:
		mv.CanEdit = policy.CanEditMatrix(v, s.Code)
		mv.CanSend = policy.CanSendMatrix(v, s.Code)
	case model.EditionWithState:
		mv.CanAnswer = !e.Agreed && policy.CanAnswerMatrix(v, s.Code)
		mv.CanComment = policy.CanCommentMatrix(v, s.Code)
		mv.CanApprove = e.Agreed && policy.CanApproveMatrix(v)
		mv.AwaitingAgreement = !e.Agreed
	case model.EditionApproved:
		// A first edit by an expert opens a new draft from it.
		mv.CanEdit = !hasOpen && policy.CanEditMatrix(v, s.Code)
	}
	return mv, nil
}

// fill returns a cell for every field of the taxonomy.
func (m *Matrix) fill(stored map[string]model.MatrixCell) map[string]model.MatrixCell {
	out := make(map[string]model.MatrixCell, len(m.tax.Fields))
	for _, f := range m.tax.Fields {
		c, ok := stored[f.ID]
		if !ok {
			c = model.MatrixCell{FieldID: f.ID}
		}
		out[f.ID] = c
	}
	return out
}

// hidePeople blanks who changed each cell (the organisation stays).
func hidePeople(cells map[string]model.MatrixCell) {
	for k, c := range cells {
		c.UpdatedBy = ""
		cells[k] = c
	}
}

// actor names v on a cell or a review step: the account's name (or
// e-mail), or the system's label.
func actor(v model.Viewer) (name, org string) {
	if v.Account != nil {
		return v.Account.Label(), v.Account.Org
	}
	return v.Label(), ""
}

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
			return e, &model.ConflictError{Message: "someone opened a new draft of this matrix at the same moment; reload it and make your change again"}
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

// CheckRead returns ErrNotFound when v may not read the edition a write
// to state's matrix would act on (the open one, else the approved one,
// else a draft-to-be): whoever may not read it gets that answer before
// anything they sent is even read.
func (m *Matrix) CheckRead(ctx context.Context, v model.Viewer, state string) error {
	s, err := m.state(state)
	if err != nil {
		return err
	}
	t, err := findTarget(ctx, &m.db.Conn, s.Code)
	if err != nil {
		return err
	}
	return policy.Read(v, t.record(s.Code))
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
	return MatrixView{State: s, Cells: m.fill(nil), Latest: true, Details: true, CanEdit: true, Comments: map[string]int{}}, nil
}

// SetCell changes one cell of state's matrix (the Committee's experts).
// It edits the open draft; when there is none, it opens one copying the
// last approved edition. in.Version must be the cell's version as read
// (0 for a never-edited cell); a stale one is a *model.ConflictError
// carrying the current cell. An edition with the State cannot be edited.
func (m *Matrix) SetCell(ctx context.Context, v model.Viewer, state string, in model.MatrixCellInput) (model.MatrixCell, error) {
	out, err := m.setCells(ctx, v, state, []model.MatrixCellInput{in}, "edit")
	if err != nil {
		return model.MatrixCell{}, err
	}
	return out[0], nil
}

// SetCells changes many cells at once, all or nothing (an import): every
// input is checked, and one bad or stale cell saves none.
func (m *Matrix) SetCells(ctx context.Context, v model.Viewer, state string, ins []model.MatrixCellInput) ([]model.MatrixCell, error) {
	return m.setCells(ctx, v, state, ins, "import")
}

// CellConflict is the Current of the conflict a stale cell version gets:
// the cell as it is now.
type CellConflict struct {
	State string
	Cell  model.MatrixCell
}

func (m *Matrix) setCells(ctx context.Context, v model.Viewer, state string, ins []model.MatrixCellInput, how string) ([]model.MatrixCell, error) {
	s, err := m.state(state)
	if err != nil {
		return nil, err
	}
	if len(ins) == 0 {
		return nil, model.Problems{"cells": "no cell to change"}
	}
	out := make([]model.MatrixCell, len(ins))
	var stale *model.ConflictError
	err = m.db.Write(ctx, func(tx *store.Tx) error {
		t, err := findTarget(ctx, &tx.Conn, s.Code)
		if err != nil {
			return err
		}
		if err := policy.EditMatrix(v, t.record(s.Code)); err != nil {
			return err
		}
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
		}
		if err := probs.Err(); err != nil {
			return err
		}
		if t.open != nil && t.open.Status == model.EditionWithState {
			return &model.ConflictError{Message: fmt.Sprintf("edition %d is with the State for comments: it can be edited again when the State asks for changes", t.open.Number),
				Current: *t.open}
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
				stale = &model.ConflictError{Message: fmt.Sprintf("cell %s was changed by someone else since you read it (you read version %d, it is now at version %d)",
					c.FieldID, c.Version, cur.Version), Current: CellConflict{State: s.Code, Cell: cur}}
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
					stale = &model.ConflictError{Message: fmt.Sprintf("cell %s was changed by someone else at the same moment", c.FieldID),
						Current: CellConflict{State: s.Code, Cell: cur}}
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
				ce = &model.ConflictError{Message: "the cell was changed by someone else at the same moment"}
			}
			if ce.Current == nil {
				cur, _ := m.currentCell(ctx, v, s.Code, ins[0].FieldID)
				return nil, &model.ConflictError{Message: ce.Message, Current: CellConflict{State: s.Code, Cell: cur}}
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
				return &model.ConflictError{Message: fmt.Sprintf("the State already agreed to edition %d", e.Number), Current: *e}
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
				return &model.ConflictError{Message: fmt.Sprintf("edition %d cannot be approved yet: the State has not agreed to it (its coordinator agrees, or asks for changes, on the matrix page)", e.Number),
					Current: *e}
			}
			e.Status, e.ApprovedAt, e.ApprovedBy = model.EditionApproved, now, who
			return nil
		}}
)

// Send sends state's draft to the State for comments (a Committee editor
// or coordinator).
func (m *Matrix) Send(ctx context.Context, v model.Viewer, state string, in model.ReviewInput) (model.MatrixEdition, error) {
	return m.review(ctx, v, state, in, stepSend)
}

// Agree records the State's agreement to the edition with it (the State's
// coordinator).
func (m *Matrix) Agree(ctx context.Context, v model.Viewer, state string, in model.ReviewInput) (model.MatrixEdition, error) {
	return m.review(ctx, v, state, in, stepAgree)
}

// RequestChanges returns the edition with the State to draft, with the
// State's note of what should change (the State's coordinator).
func (m *Matrix) RequestChanges(ctx context.Context, v model.Viewer, state string, in model.ReviewInput) (model.MatrixEdition, error) {
	return m.review(ctx, v, state, in, stepChanges)
}

// Approve approves the edition the State agreed to (a Committee
// coordinator); it becomes public and supersedes the previous approved
// edition.
func (m *Matrix) Approve(ctx context.Context, v model.Viewer, state string, in model.ReviewInput) (model.MatrixEdition, error) {
	return m.review(ctx, v, state, in, stepApprove)
}

func (m *Matrix) review(ctx context.Context, v model.Viewer, state string, in model.ReviewInput, step reviewStep) (model.MatrixEdition, error) {
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
		note, probs := in.Validate(step.noteFirst)
		if err := probs.Err(); err != nil {
			return err
		}
		if t.open == nil {
			return &model.ConflictError{Message: fmt.Sprintf("there is no edition of %s's matrix under review to %s", s.Name, step.name)}
		}
		e := *t.open
		if in.Edition != 0 && in.Edition != e.Number {
			return &model.ConflictError{Message: fmt.Sprintf("edition %d is not the one under review (edition %d is)", in.Edition, e.Number), Current: e}
		}
		if e.Status != step.from {
			return &model.ConflictError{Message: fmt.Sprintf("edition %d is %s: it cannot be %s now", e.Number, e.Status.Label(), pastTense(step)), Current: e}
		}
		before := e
		who, org := actor(v)
		now := tx.Now()
		if err := step.apply(&e, who, now); err != nil {
			return err
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
				return &model.ConflictError{Message: "the edition was changed by someone else at the same moment; reload it", Current: e}
			}
			return err
		}
		if err := tx.AddMatrixEvent(ctx, e.ID, &model.MatrixEvent{Action: step.action, Note: note, Actor: who, ActorOrg: org}); err != nil {
			return err
		}
		out = e
		return tx.Audit(ctx, v, store.AuditRecord{Action: "matrix.edition." + step.action, Kind: "matrix_edition", RecordID: editionRef(e),
			Summary: fmt.Sprintf("edition %d of %s's matrix %s", e.Number, s.Code, step.action) + noteSuffix(note), Before: before, After: e})
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
func (m *Matrix) Comment(ctx context.Context, v model.Viewer, state, fieldID string, in model.CommentInput) (model.MatrixComment, error) {
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
		body, probs := in.Validate()
		if !m.tax.Has(fieldID) {
			probs.Add("field_id", "%q is not a field of the matrix taxonomy", fieldID)
		}
		if err := probs.Err(); err != nil {
			return err
		}
		if t.open == nil || t.open.Status != model.EditionWithState {
			return &model.ConflictError{Message: "comments are made while an edition is with the State; no edition of this matrix is with the State now"}
		}
		if in.Edition != 0 && in.Edition != t.open.Number {
			return &model.ConflictError{Message: fmt.Sprintf("edition %d is not the one with the State (edition %d is)", in.Edition, t.open.Number), Current: *t.open}
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

// CellView is one cell with everything around it that a viewer may see.
type CellView struct {
	MatrixView
	Field    refdata.Field
	Cell     model.MatrixCell
	History  []model.MatrixCellChange // oldest first
	Comments []model.MatrixComment    // on this cell in this edition (Committee level)
}

// Cell returns one cell of an edition (0: the newest readable one), with
// its history and comments.
func (m *Matrix) Cell(ctx context.Context, v model.Viewer, state string, edition int, fieldID string) (CellView, error) {
	f, ok := m.tax.Field(fieldID)
	if !ok {
		return CellView{}, model.ErrNotFound
	}
	mv, err := m.EditionOrLatest(ctx, v, state, edition)
	if errors.Is(err, model.ErrNotFound) && edition == 0 {
		mv, err = m.Blank(ctx, v, state)
	}
	if err != nil {
		return CellView{}, err
	}
	cv := CellView{MatrixView: mv, Field: f, Cell: mv.Cells[fieldID]}
	if cv.History, err = m.history(ctx, v, mv.State.Code, fieldID, mv.Details); err != nil {
		return CellView{}, err
	}
	if mv.Details {
		if cv.Comments, err = m.db.MatrixComments(ctx, mv.Edition.ID, fieldID); err != nil {
			return CellView{}, err
		}
	}
	return cv, nil
}

// History returns the history of one cell of state's matrix across the
// editions v may read: every change for the State and the Committee
// level, the value in each published edition for everyone else.
func (m *Matrix) History(ctx context.Context, v model.Viewer, state, fieldID string) ([]model.MatrixCellChange, error) {
	s, err := m.state(state)
	if err != nil {
		return nil, err
	}
	if !m.tax.Has(fieldID) {
		return nil, model.ErrNotFound
	}
	// A State's matrix with no edition this viewer may read does not exist
	// for them, whatever it holds.
	if _, err := m.db.LatestReadableEdition(ctx, v, s.Code); err != nil {
		return nil, err
	}
	return m.history(ctx, v, s.Code, fieldID, policy.MatrixDetailsVisible(v, s.Code))
}

func (m *Matrix) history(ctx context.Context, v model.Viewer, state, fieldID string, details bool) ([]model.MatrixCellChange, error) {
	if details {
		return m.db.MatrixCellHistory(ctx, v, state, fieldID)
	}
	hs, err := m.db.MatrixCellAcrossEditions(ctx, v, state, fieldID)
	for i := range hs {
		hs[i].UpdatedBy = ""
	}
	return hs, err
}

// Counts are the cells of a part of the matrix by status.
type Counts struct {
	X, Q, NA, None, Total int
}

// Of returns the count of one status.
func (c Counts) Of(s model.CellStatus) int {
	switch s {
	case model.CellX:
		return c.X
	case model.CellQ:
		return c.Q
	case model.CellNA:
		return c.NA
	}
	return c.None
}

// Share returns the share of status s in percent (0 when Total is 0).
func (c Counts) Share(s model.CellStatus) float64 {
	if c.Total == 0 {
		return 0
	}
	return float64(c.Of(s)) * 100 / float64(c.Total)
}

func (c *Counts) add(d Counts) {
	c.X, c.Q, c.NA, c.None, c.Total = c.X+d.X, c.Q+d.Q, c.NA+d.NA, c.None+d.None, c.Total+d.Total
}

// WeaponCoverage is a section's counts for one weapon type.
type WeaponCoverage struct {
	Weapon string
	Counts
}

// SectionCoverage is one section's counts, in all and per weapon type.
type SectionCoverage struct {
	Key, Title string
	Counts
	Weapons []WeaponCoverage // empty for OP 1
}

// StateCoverage is the coverage of one State's matrix: of the newest
// edition the viewer may read (Edition 0 when there is none).
type StateCoverage struct {
	State        string
	Name         string
	Edition      int
	Status       model.EditionStatus
	Illustrative bool
	Sections     []SectionCoverage
	Total        Counts
}

// Has reports whether the viewer may read an edition of the State's matrix.
func (c StateCoverage) Has() bool { return c.Edition > 0 }

// Section returns the coverage of the section with key.
func (c StateCoverage) Section(key string) SectionCoverage {
	for _, s := range c.Sections {
		if s.Key == key {
			return s
		}
	}
	return SectionCoverage{Key: key}
}

// coverage builds the structure from counts by (area, weapon, status).
func (m *Matrix) coverage(counts map[[2]string]map[model.CellStatus]int) ([]SectionCoverage, Counts) {
	var total Counts
	out := make([]SectionCoverage, 0, len(m.sections))
	for _, s := range m.sections {
		sc := SectionCoverage{Key: s.Key, Title: s.Title}
		weapons := s.Weapons
		if !s.HasWeapons() {
			weapons = []string{"-"}
		}
		for _, w := range weapons {
			var wc Counts
			for _, a := range s.Areas {
				k := [2]string{a, w}
				n := m.totals[k]
				wc.Total += n
				byStatus := counts[k]
				wc.X += byStatus[model.CellX]
				wc.Q += byStatus[model.CellQ]
				wc.NA += byStatus[model.CellNA]
			}
			wc.None = wc.Total - wc.X - wc.Q - wc.NA
			sc.add(wc)
			if s.HasWeapons() {
				sc.Weapons = append(sc.Weapons, WeaponCoverage{Weapon: w, Counts: wc})
			}
		}
		total.add(sc.Counts)
		out = append(out, sc)
	}
	return out, total
}

func (m *Matrix) coverageOf(s *refdata.State, e model.MatrixEdition, cells map[string]model.MatrixCell) StateCoverage {
	counts := map[[2]string]map[model.CellStatus]int{}
	for id, c := range cells {
		if c.Status == model.CellNone {
			continue
		}
		f, ok := m.tax.Field(id)
		if !ok {
			continue
		}
		k := [2]string{f.Area, f.Weapon}
		if counts[k] == nil {
			counts[k] = map[model.CellStatus]int{}
		}
		counts[k][c.Status]++
	}
	sc := StateCoverage{State: s.Code, Name: s.Name, Edition: e.Number, Status: e.Status, Illustrative: e.Illustrative}
	sc.Sections, sc.Total = m.coverage(counts)
	return sc
}

// Coverage returns the coverage of each of states (alpha-3 codes, in that
// order) from the newest edition of each that v may read. A State without
// such an edition is listed with Edition 0 and no counts: for a viewer who
// may not read a draft, a State with only a draft looks exactly like a
// State without a matrix. The counts of published editions, whose cells
// never change, are kept in memory once counted; drafts are counted anew.
// The sections of the result are shared: callers must not change them.
func (m *Matrix) Coverage(ctx context.Context, v model.Viewer, states []string) ([]StateCoverage, error) {
	codes := make([]string, 0, len(states))
	for _, c := range states {
		if s := m.cat.State(c); s != nil {
			codes = append(codes, s.Code)
		}
	}
	query := codes
	if len(codes) >= len(m.cat.States) {
		query = nil // every State: no list to match
	}
	eds, err := m.db.LatestReadableEditions(ctx, v, query)
	if err != nil {
		return nil, err
	}
	byState := make(map[string]model.MatrixEdition, len(eds))
	var missing []int64
	m.mu.Lock()
	for _, e := range eds {
		byState[e.State] = e
		if _, ok := m.published[e.ID]; !ok || !e.Status.Published() {
			missing = append(missing, e.ID)
		}
	}
	m.mu.Unlock()
	counted := map[int64]coverageParts{}
	if len(missing) > 0 {
		rows, err := m.db.MatrixCoverageCounts(ctx, missing)
		if err != nil {
			return nil, err
		}
		raw := make(map[int64]map[[2]string]map[model.CellStatus]int, len(missing))
		for _, id := range missing {
			raw[id] = map[[2]string]map[model.CellStatus]int{}
		}
		for _, r := range rows {
			raw[r.Edition][[2]string{r.Area, r.Weapon}] = map[model.CellStatus]int{model.CellX: r.X, model.CellQ: r.Q, model.CellNA: r.NA}
		}
		for id, counts := range raw {
			var p coverageParts
			p.sections, p.total = m.coverage(counts)
			counted[id] = p
		}
	}
	out := make([]StateCoverage, 0, len(codes))
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range codes {
		s := m.cat.State(c)
		sc := StateCoverage{State: s.Code, Name: s.Name}
		if e, ok := byState[c]; ok {
			p, fresh := counted[e.ID]
			if !fresh {
				p = m.published[e.ID]
			} else if e.Status.Published() && len(m.published) < maxCachedCoverage {
				m.published[e.ID] = p
			}
			sc.Edition, sc.Status, sc.Illustrative = e.Number, e.Status, e.Illustrative
			sc.Sections, sc.Total = p.sections, p.total
		}
		out = append(out, sc)
	}
	return out, nil
}

// coverageParts are the counted coverage of one edition.
type coverageParts struct {
	sections []SectionCoverage
	total    Counts
}

// maxCachedCoverage bounds the published editions whose counts are kept.
const maxCachedCoverage = 20000

// AllStates is the pseudo-group of every State, for coverage.
const AllStates = "ALL"

// GroupCoverage is Coverage for the States of a group (by its code), in
// the group's order; AllStates gives every State in code order.
func (m *Matrix) GroupCoverage(ctx context.Context, v model.Viewer, group string) (*refdata.Group, []StateCoverage, error) {
	group = strings.TrimSpace(group)
	if strings.EqualFold(group, AllStates) {
		g := &refdata.Group{Code: AllStates, Name: "Every State", Kind: "all"}
		states := make([]string, len(m.cat.States))
		for i, s := range m.cat.States {
			states[i] = s.Code
		}
		cov, err := m.Coverage(ctx, v, states)
		return g, cov, err
	}
	g := m.cat.Group(group)
	if g == nil {
		return nil, nil, model.Problems{"group": fmt.Sprintf("%q is not a group napx knows (see /groups)", truncateText(group, 40))}
	}
	var states []string
	for _, mb := range g.Members {
		if m.cat.State(mb.Code) != nil {
			states = append(states, mb.Code)
		}
	}
	cov, err := m.Coverage(ctx, v, states)
	return g, cov, err
}

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

// CreateIllustrative writes demo editions of state's matrix, oldest first,
// in one transaction, each marked illustrative (napx itself only).
func (m *Matrix) CreateIllustrative(ctx context.Context, v model.Viewer, state string, eds []IllustrativeEdition) error {
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
			}
			if err := tx.CreateMatrixEdition(ctx, &e); err != nil {
				return err
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

// containsFold reports whether s contains q, ignoring case and accents.
func containsFold(s, q string) bool {
	return strings.Contains(refdata.Normalize(s), refdata.Normalize(q))
}

// truncateText shortens s for a message: at most n bytes, cut between
// characters, and an ellipsis.
func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return truncate(s, n) + "…"
}

// SortCoverage orders coverage lines by the share of fields with a
// measure ("X"), highest first, then by name.
func SortCoverage(cs []StateCoverage) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i].Total.Share(model.CellX), cs[j].Total.Share(model.CellX)
		if a != b {
			return a > b
		}
		return cs[i].Name < cs[j].Name
	})
}
