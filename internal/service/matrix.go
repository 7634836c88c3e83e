package service

import (
	"context"
	"errors"
	"fmt"
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

	naps     *NAPs    // the gap analysis proposes NAP actions
	recorded *History // the approval's date and its sources
	reports  *Reports // the national reports cells cite
	// notify tells the other side of each review step (set by service.New).
	notify *Notifications

	mu        sync.Mutex
	published map[int64]coverageParts          // counts of published editions (immutable), by edition ID
	drafts    *versioned[int64, coverageParts] // counts of open editions, under the data version
}

func newMatrix(d Deps) *Matrix {
	tax, err := refdata.LoadTaxonomy()
	if err != nil {
		// The taxonomy is embedded and checked by its tests: a broken one
		// is a broken build.
		panic(fmt.Sprintf("matrix taxonomy: %v", err))
	}
	m := &Matrix{db: d.DB, cat: d.Catalog, tax: tax, sections: layout(tax), totals: map[[2]string]int{}, now: d.Now,
		published: map[int64]coverageParts{}, drafts: newVersioned[int64, coverageParts](20000)}
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
	Cells    map[string]model.MatrixCell    // every field of the taxonomy; never-edited ones are empty at version 0
	Editions []model.MatrixEdition          // the editions the viewer may read, newest first
	Events   []model.MatrixEvent            // the review steps of this edition (Committee level)
	Comments map[string]int                 // comments per field (Committee level)
	Reports  map[int64]model.NationalReport // the State's national reports the viewer may read, which cells cite
	Approval Dating                         // the approval's date with its provenance (published editions)
	Latest   bool                           // the newest edition the viewer may read
	Details  bool                           // the viewer sees who changed what, the comments and the review steps
	// What the viewer may do now.
	CanEdit, CanSend, CanAnswer, CanComment, CanApprove bool
	// CanPropose: the viewer may turn a gap of this (newest) edition into an
	// action of the State's draft plan.
	CanPropose bool
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
	if mv.Reports, err = m.citations(ctx, v, s.Code); err != nil {
		return MatrixView{}, err
	}
	if e.Status.Published() {
		ref := store.FactRef{Kind: model.FactKindEdition, RecordID: e.ID}
		dated, err := m.recorded.datings(ctx, &m.db.Conn, []store.FactRef{ref})
		if err != nil {
			return MatrixView{}, err
		}
		mv.Approval = dated[ref][model.FactApproved]
	}
	for k, c := range mv.Cells {
		if c.Report.ReportID != 0 {
			if _, ok := mv.Reports[c.Report.ReportID]; !ok {
				c.Report = model.CellReport{}
				mv.Cells[k] = c
			}
		}
	}
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
	mv.CanPropose = mv.Latest && policy.CanCreate(v, s.Code)
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

// citations returns the national reports of state that v may read, by ID:
// a cell cites a report only for those who may read it.
func (m *Matrix) citations(ctx context.Context, v model.Viewer, state string) (map[int64]model.NationalReport, error) {
	rs, err := m.db.NationalReports(ctx, v, state)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]model.NationalReport, len(rs))
	for _, r := range rs {
		out[r.ID] = r
	}
	return out, nil
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
	var hs []model.MatrixCellChange
	var err error
	if details {
		hs, err = m.db.MatrixCellHistory(ctx, v, state, fieldID)
	} else {
		hs, err = m.db.MatrixCellAcrossEditions(ctx, v, state, fieldID)
		for i := range hs {
			hs[i].UpdatedBy = ""
		}
	}
	if err != nil {
		return nil, err
	}
	reports, err := m.citations(ctx, v, state)
	if err != nil {
		return nil, err
	}
	for i := range hs {
		if _, ok := reports[hs[i].Report.ReportID]; !ok {
			hs[i].Report = model.CellReport{}
		}
	}
	return hs, nil
}

// containsFold reports whether s contains q, ignoring case and accents.
func containsFold(s, q string) bool {
	return strings.Contains(refdata.Normalize(s), refdata.Normalize(q))
}
