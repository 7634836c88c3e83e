package service

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Files of the matrix: an XLSX workbook laid out like the Committee's
// matrix (one sheet per section; OP 2 and OP 3 sheets hold one block per
// weapon type with LF and EN columns), read back with a preview of every
// changed cell and applied all or nothing; a CSV of the cells.
//
// An uploaded workbook is untrusted: its size, its zip entries (count and
// declared sizes, which Go's zip reader enforces while inflating), its
// sheets, rows and columns are bounded before and while it is read, and
// formulas are refused.

// Limits on an imported workbook.
const (
	MaxImportBytes       = 4 << 20  // the upload itself
	maxImportUnzipped    = 24 << 20 // all entries, inflated
	maxImportEntries     = 64
	maxImportRowsInSheet = 1000
	maxImportRatio       = 100 // an entry over 1 MiB expanding more is a zip bomb
)

// The layout of the workbook.
var (
	op1Header = []string{"Field ID", "No.", "Legally binding instruments, organizations, codes of conduct, arrangements, statements and other issues",
		"Wording", "YES", "if YES, relevant information (i.e. signing, accession, ratification, etc)", "Remarks", "Source", "Version"}
	weaponHeader = []string{"Element ID", "No.", "Element", "Wording",
		"LF status", "LF legal reference", "LF remarks", "LF source", "LF version",
		"EN status", "EN legal reference", "EN remarks", "EN source", "EN version"}
)

const preambleRows = 5 // title, State, Edition, Legend, blank

// LegendText paraphrases the legend printed at the top of each matrix
// (matrix.md §2), with napx's note on reconstructed wording.
const LegendText = `X: the Committee considers the step taken and/or the State gave specific references to a legal basis or executive measures (an X does not mean the obligation is fully met). ` +
	`?: the measures cited may be incomplete or not directly relevant. NA: the field does not apply to the State. Blank: no information recorded. ` +
	`Labels marked "` + WordingNote + `" are napx's reconstruction of the post-2013 layout, not the Committee's text.`

// MatrixTitle is the heading of an edition in files and on the printable
// matrix (napx's own, not the Committee's document title).
func MatrixTitle(s *refdata.State, e model.MatrixEdition) string {
	t := fmt.Sprintf("1540 matrix of %s — edition %d, %s", s.Name, e.Number, e.Status.Short())
	if e.Status.Published() && !e.ApprovedAt.IsZero() {
		t += " " + e.ApprovedAt.UTC().Format("2 January 2006")
	}
	if e.Illustrative {
		t += " (illustrative demo data)"
	}
	return t
}

// ExportXLSX writes an edition of state's matrix (0: the newest v may
// read) as an XLSX workbook.
func (m *Matrix) ExportXLSX(ctx context.Context, v model.Viewer, state string, edition int, w io.Writer) (MatrixView, error) {
	mv, err := m.EditionOrLatest(ctx, v, state, edition)
	if err != nil {
		return mv, err
	}
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return mv, err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return mv, err
	}
	for i, s := range m.sections {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Sheet); err != nil {
				return mv, err
			}
		} else if _, err := f.NewSheet(s.Sheet); err != nil {
			return mv, err
		}
		row := 1
		put := func(vals ...string) error {
			for j, val := range vals {
				cell, _ := excelize.CoordinatesToCellName(j+1, row)
				if err := f.SetCellStr(s.Sheet, cell, val); err != nil {
					return err
				}
			}
			row++
			return nil
		}
		boldRow := func() error {
			return f.SetRowStyle(s.Sheet, row-1, row-1, bold)
		}
		if err := put(MatrixTitle(mv.State, mv.Edition) + " — " + s.Title); err != nil {
			return mv, err
		}
		if err := boldRow(); err != nil {
			return mv, err
		}
		if err := put("State", mv.State.Code, mv.State.Name); err != nil {
			return mv, err
		}
		if err := put("Edition", strconv.Itoa(mv.Edition.Number), mv.Edition.Status.Label()); err != nil {
			return mv, err
		}
		if err := put("Legend", LegendText); err != nil {
			return mv, err
		}
		row++ // blank
		if !s.HasWeapons() {
			if err := put(op1Header...); err != nil {
				return mv, err
			}
			if err := boldRow(); err != nil {
				return mv, err
			}
			for _, fd := range s.Fields {
				c := mv.Cells[fd.ID]
				if err := put(fd.ID, strconv.Itoa(fd.Row), fd.Label, WordingLabel(fd), c.Status.Text(), c.Reference, c.Remarks, c.Source,
					strconv.FormatInt(c.Version, 10)); err != nil {
					return mv, err
				}
			}
		} else {
			for _, t := range Grid([]*MatrixSection{s}, mv.Cells, GridFilter{}) {
				if err := put(WeaponLabel(t.Weapon)); err != nil {
					return mv, err
				}
				if err := boldRow(); err != nil {
					return mv, err
				}
				if err := put(weaponHeader...); err != nil {
					return mv, err
				}
				if err := boldRow(); err != nil {
					return mv, err
				}
				for _, g := range t.Groups {
					if len(s.Areas) > 1 {
						if err := put(MatrixAreaLabel(g.Area)); err != nil {
							return mv, err
						}
					}
					for _, r := range g.Rows {
						vals := []string{r.Element, strconv.Itoa(r.Row), r.Label, WordingLabel(r.Cells[0].Field)}
						for _, gc := range r.Cells {
							c := gc.Cell
							vals = append(vals, c.Status.Text(), c.Reference, c.Remarks, c.Source, strconv.FormatInt(c.Version, 10))
						}
						if err := put(vals...); err != nil {
							return mv, err
						}
					}
				}
				row++ // blank between weapon types
			}
		}
		width := len(op1Header)
		if s.HasWeapons() {
			width = len(weaponHeader)
		}
		last, _ := excelize.ColumnNumberToName(width)
		if err := f.SetColWidth(s.Sheet, "A", "B", 14); err != nil {
			return mv, err
		}
		if err := f.SetColWidth(s.Sheet, "C", "C", 48); err != nil {
			return mv, err
		}
		if err := f.SetColWidth(s.Sheet, "D", last, 22); err != nil {
			return mv, err
		}
		if err := f.SetColStyle(s.Sheet, "C:"+last, wrap); err != nil {
			return mv, err
		}
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{Title: MatrixTitle(mv.State, mv.Edition), Creator: "napx", Description: LegendText}); err != nil {
		return mv, err
	}
	_, err = f.WriteTo(w)
	return mv, err
}

// csvHeader is the first line of the CSV of cells.
var csvHeader = []string{"field_id", "section", "area", "weapon", "column", "row", "label", "wording", "status", "reference", "remarks", "source",
	"version", "updated_at", "updated_by_org", "updated_by"}

// ExportCSV writes the cells of an edition of state's matrix (0: the
// newest v may read) as CSV, one line per field of the taxonomy.
func (m *Matrix) ExportCSV(ctx context.Context, v model.Viewer, state string, edition int, w io.Writer) (MatrixView, error) {
	mv, err := m.EditionOrLatest(ctx, v, state, edition)
	if err != nil {
		return mv, err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return mv, err
	}
	for _, f := range m.tax.Fields {
		c := mv.Cells[f.ID]
		at := ""
		if !c.UpdatedAt.IsZero() {
			at = c.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z")
		}
		rec := []string{f.ID, f.Section, f.Area, f.Weapon, f.Column, strconv.Itoa(f.Row), f.Label, WordingLabel(f), c.Status.Text(),
			c.Reference, c.Remarks, c.Source, strconv.FormatInt(c.Version, 10), at, c.UpdatedByOrg, c.UpdatedBy}
		for i := range rec {
			rec[i] = SpreadsheetText(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return mv, err
		}
	}
	cw.Flush()
	return mv, cw.Error()
}

// FileCell is one cell read from a workbook.
type FileCell struct {
	Status, Reference, Remarks, Source string
	Version                            int64
	Where                              string // sheet and cell, e.g. OP 2!E9
}

// MatrixFile is what a workbook holds.
type MatrixFile struct {
	State   string
	Edition int
	Cells   map[string]FileCell // every field of the taxonomy
}

// ImportError says why a workbook was refused, with the places in it.
type ImportError struct {
	Reason string   // in words
	Places []string // up to 20 details, "OP 2!E9: ..."
	More   int      // details left out
}

func (e *ImportError) Error() string {
	s := "the workbook was refused: " + e.Reason
	if len(e.Places) > 0 {
		s += " (" + strings.Join(e.Places, "; ")
		if e.More > 0 {
			s += fmt.Sprintf("; and %d more", e.More)
		}
		s += ")"
	}
	return s
}

// Problems turns the error into the one problem of the upload field.
func (e *ImportError) Problems() model.Problems {
	return model.Problems{"file": e.Error()}
}

type importErrors struct {
	reason string
	places []string
	more   int
}

func (ie *importErrors) add(format string, args ...any) {
	if len(ie.places) < 20 {
		ie.places = append(ie.places, fmt.Sprintf(format, args...))
	} else {
		ie.more++
	}
}

func (ie *importErrors) err() error {
	if len(ie.places) == 0 && ie.reason == "" {
		return nil
	}
	r := ie.reason
	if r == "" {
		r = "it does not fit the layout and values of napx's matrix workbook"
	}
	return &ImportError{Reason: r, Places: ie.places, More: ie.more}
}

func refuse(format string, args ...any) error {
	return &ImportError{Reason: fmt.Sprintf(format, args...)}
}

// ParseMatrixXLSX reads a workbook in the layout ExportXLSX writes. It
// refuses, with the places named, anything else: another size or shape
// of file, other sheets, unknown or missing fields, statuses other than
// X, ?, NA or blank, formulas, and text over the cell limit.
func (m *Matrix) ParseMatrixXLSX(data []byte) (*MatrixFile, error) {
	if len(data) > MaxImportBytes {
		return nil, refuse("it is larger than %s", humanBytes(MaxImportBytes))
	}
	if err := checkWorkbookArchive(data, workbookLimits{Noun: "a matrix workbook", Parts: maxImportEntries,
		Part: maxImportUnzipped, Unzipped: maxImportUnzipped, Ratio: maxImportRatio}); err != nil {
		if reason, ok := workbookRefusal(err); ok {
			return nil, refuse("%s", reason)
		}
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxImportUnzipped, UnzipXMLSizeLimit: maxImportUnzipped})
	if err != nil {
		return nil, refuse("it could not be read as an XLSX workbook (%s)", shortErr(err))
	}
	defer func() { _ = f.Close() }()
	sheets := f.GetSheetList()
	want := make([]string, len(m.sections))
	for i, s := range m.sections {
		want[i] = s.Sheet
	}
	if strings.Join(sheets, "\x00") != strings.Join(want, "\x00") {
		return nil, refuse("its sheets are %s; napx's matrix workbook has exactly %s, in that order", quoteList(sheets, 8), quoteList(want, 8))
	}
	out := &MatrixFile{Cells: map[string]FileCell{}}
	ie := &importErrors{}
	for _, s := range m.sections {
		m.parseSheet(f, s, out, ie)
		if len(ie.places) >= 20 {
			break
		}
	}
	if err := ie.err(); err != nil {
		return nil, err
	}
	var missing []string
	for _, fd := range m.tax.Fields {
		if _, ok := out.Cells[fd.ID]; !ok {
			missing = append(missing, fd.ID)
		}
	}
	if len(missing) > 0 {
		e := &importErrors{reason: fmt.Sprintf("%d fields of the matrix are missing from it", len(missing))}
		for _, id := range missing {
			e.add("%s", id)
		}
		return nil, e.err()
	}
	return out, nil
}

func (m *Matrix) parseSheet(f *excelize.File, s *MatrixSection, out *MatrixFile, ie *importErrors) {
	rows, err := f.Rows(s.Sheet)
	if err != nil {
		ie.add("%s: %s", s.Sheet, shortErr(err))
		return
	}
	defer func() { _ = rows.Close() }()
	header := op1Header
	if s.HasWeapons() {
		header = weaponHeader
	}
	weapon, areas := "", map[string]bool{}
	for _, a := range s.Areas {
		areas[MatrixAreaLabel(a)] = true
	}
	weapons := map[string]string{}
	for _, w := range s.Weapons {
		weapons[WeaponLabel(w)] = w
	}
	seenHeader := false
	for n := 1; rows.Next(); n++ {
		if n > maxImportRowsInSheet {
			ie.add("%s: more than %d rows", s.Sheet, maxImportRowsInSheet)
			return
		}
		cols, err := rows.Columns()
		if err != nil {
			ie.add("%s row %d: %s", s.Sheet, n, shortErr(err))
			return
		}
		for len(cols) > 0 && strings.TrimSpace(cols[len(cols)-1]) == "" {
			cols = cols[:len(cols)-1]
		}
		at := func(col int) string {
			name, _ := excelize.CoordinatesToCellName(col+1, n)
			return s.Sheet + "!" + name
		}
		get := func(i int) string {
			if i < len(cols) {
				return strings.TrimSpace(cols[i])
			}
			return ""
		}
		if len(cols) > len(header) {
			ie.add("%s: a value beyond the last column of the layout", at(len(cols)-1))
			continue
		}
		switch {
		case n == 1:
			continue // the title
		case n == 2:
			if get(0) != "State" {
				ie.add("%s: want \"State\"", at(0))
			}
			m.checkSame(ie, at(1), "the State", &out.State, strings.ToUpper(get(1)))
			continue
		case n == 3:
			if get(0) != "Edition" {
				ie.add("%s: want \"Edition\"", at(0))
			}
			ed, err := strconv.Atoi(get(1))
			if err != nil || ed < 0 {
				ie.add("%s: the edition number %q is not a number", at(1), model.Truncate(get(1), 20))
			}
			if out.Edition != 0 && ed != out.Edition {
				ie.add("%s: edition %d, other sheets say %d", at(1), ed, out.Edition)
			}
			out.Edition = ed
			continue
		case n <= preambleRows:
			continue // legend and blank row
		}
		first := get(0)
		switch {
		case len(cols) == 0:
			continue
		case first == header[0]:
			for i, h := range header {
				if get(i) != h {
					ie.add("%s: the column heading is %q, want %q", at(i), model.Truncate(get(i), 40), h)
				}
			}
			seenHeader = true
			continue
		case weapons[first] != "" && len(cols) == 1:
			weapon, seenHeader = weapons[first], false
			continue
		case areas[first] && len(cols) == 1:
			continue
		}
		if !seenHeader {
			ie.add("%s: %q where a heading row (%q) was expected", at(0), model.Truncate(first, 40), header[0])
			continue
		}
		if !s.HasWeapons() {
			fd, ok := m.tax.Field(first)
			if !ok || fd.Area != "OP1" {
				ie.add("%s: %q is not a field of this sheet", at(0), model.Truncate(first, 40))
				continue
			}
			m.putCell(ie, out, fd.ID, FileCell{Status: get(4), Reference: get(5), Remarks: get(6), Source: get(7), Where: at(4)}, get(8), at(8))
			continue
		}
		ok := false
		for _, col := range []string{"LF", "EN"} {
			fd, found := m.tax.Field(first + "." + col)
			if !found || sectionKey(fd.Area) != s.Key {
				continue
			}
			ok = true
			if fd.Weapon != weapon {
				ie.add("%s: %s is a %s element, in the %s block", at(0), first, fd.Weapon, orNone(weapon))
				break
			}
			base := 4
			if col == "EN" {
				base = 9
			}
			m.putCell(ie, out, fd.ID, FileCell{Status: get(base), Reference: get(base + 1), Remarks: get(base + 2), Source: get(base + 3), Where: at(base)},
				get(base+4), at(base+4))
		}
		if !ok {
			ie.add("%s: %q is not an element of this sheet", at(0), model.Truncate(first, 40))
		}
	}
	if err := rows.Error(); err != nil {
		ie.add("%s: %s", s.Sheet, shortErr(err))
	}
}

func orNone(w string) string {
	if w == "" {
		return "no weapon type's"
	}
	return w
}

func (m *Matrix) checkSame(ie *importErrors, where, what string, dst *string, got string) {
	if *dst != "" && *dst != got {
		ie.add("%s: %s is %q, other sheets say %q", where, what, model.Truncate(got, 10), *dst)
		return
	}
	*dst = got
}

func (m *Matrix) putCell(ie *importErrors, out *MatrixFile, id string, c FileCell, version, versionAt string) {
	if _, dup := out.Cells[id]; dup {
		ie.add("%s: %s appears twice", c.Where, id)
		return
	}
	if version != "" {
		v, err := strconv.ParseInt(version, 10, 64)
		if err != nil || v < 0 {
			ie.add("%s: the version %q is not a whole number", versionAt, model.Truncate(version, 20))
			return
		}
		c.Version = v
	}
	in := model.MatrixCellInput{FieldID: id, Status: c.Status, Reference: c.Reference, Remarks: c.Remarks, Source: c.Source, Version: c.Version}
	if _, p := in.Validate(m.tax.Has); len(p) > 0 {
		for k, msg := range p {
			ie.add("%s (%s %s): %s", c.Where, id, k, msg)
		}
		return
	}
	out.Cells[id] = c
}

func quoteList(xs []string, n int) string {
	qs := make([]string, 0, len(xs))
	for i, x := range xs {
		if i == n {
			qs = append(qs, fmt.Sprintf("and %d more", len(xs)-n))
			break
		}
		qs = append(qs, strconv.Quote(model.Truncate(x, 40)))
	}
	return strings.Join(qs, ", ")
}

// MatrixImportChange is one cell an import would change.
type MatrixImportChange struct {
	Field  refdata.Field
	Before model.MatrixCell // as it is now
	After  model.MatrixCellInput
	Where  string // sheet and cell in the workbook
	Stale  bool   // changed by someone since the workbook was exported
}

// MatrixImportPreview is what an import would do.
type MatrixImportPreview struct {
	State       *refdata.State
	FileEdition int
	Base        model.MatrixEdition // the edition the changes apply to (or that a new draft would copy); Number 0 when none
	NewDraft    bool                // applying opens a new draft
	Changes     []MatrixImportChange
	Unchanged   int
	Stale       int
	Token       string // names the changes kept on the server (imports.go), for the apply; "" when nothing changes
}

// PreviewImport reads an uploaded workbook for state's matrix and says,
// cell by cell, what applying it would change. Only the Committee's
// experts may import; nothing of the matrix is written: the changes are
// kept on the server for the apply (keepPreview).
func (m *Matrix) PreviewImport(ctx context.Context, v model.Viewer, state string, data []byte) (MatrixImportPreview, error) {
	s, err := m.state(state)
	if err != nil {
		return MatrixImportPreview{}, err
	}
	p := MatrixImportPreview{State: s}
	// Decide before reading the file: whoever may not write gets the same
	// answer as for any other write, whatever they upload.
	var base model.MatrixEdition
	err = m.db.Write(ctx, func(tx *store.Tx) error {
		t, err := findTarget(ctx, &tx.Conn, s.Code)
		if err != nil {
			return err
		}
		if err := policy.EditMatrix(v, t.record(s.Code)); err != nil {
			return err
		}
		switch {
		case t.open != nil && t.open.Status == model.EditionWithState:
			return conflict(nil, "svcchecks.conflict.edition", model.ArgNum(t.open.Number))
		case t.open != nil:
			base = *t.open
		case t.approved != nil:
			base, p.NewDraft = *t.approved, true
		default:
			p.NewDraft = true
		}
		return nil
	})
	if err != nil {
		return p, err
	}
	p.Base = base
	file, err := m.ParseMatrixXLSX(data)
	if err != nil {
		var ie *ImportError
		if errors.As(err, &ie) {
			return p, ie.Problems()
		}
		return p, err
	}
	if file.State != s.Code {
		return p, model.Problems{"file": fmt.Sprintf("the workbook is the matrix of %q, not of %s (%s)", model.Truncate(file.State, 10), s.Name, s.Code)}
	}
	p.FileEdition = file.Edition
	cur := map[string]model.MatrixCell{}
	if base.ID != 0 {
		if cur, err = m.db.MatrixCells(ctx, base.ID); err != nil {
			return p, err
		}
	}
	cur = m.fill(cur)
	for _, f := range m.tax.Fields {
		fc := file.Cells[f.ID]
		before := cur[f.ID]
		// The workbook carries no citation of a national report: the
		// cell's citation stays as it is (it is edited on the cell's page
		// or through the API).
		in := model.MatrixCellInput{FieldID: f.ID, Status: fc.Status, Reference: fc.Reference, Remarks: fc.Remarks, Source: fc.Source, Version: fc.Version,
			ReportID: before.Report.ReportID, ReportPage: before.Report.Page}
		after, _ := in.Validate(m.tax.Has)
		if before.SameContent(after) {
			p.Unchanged++
			continue
		}
		ch := MatrixImportChange{Field: f, Before: before, After: in, Where: fc.Where, Stale: before.Version != fc.Version}
		if ch.Stale {
			p.Stale++
		}
		p.Changes = append(p.Changes, ch)
	}
	if len(p.Changes) > 0 && p.Stale == 0 { // a stale workbook is not offered for applying
		changes := make([]model.MatrixCellInput, len(p.Changes))
		for i, c := range p.Changes {
			changes[i] = c.After
		}
		if p.Token, err = keepPreview(ctx, m.db, m.now().UTC(), v, "matrix", s.Code, changes); err != nil {
			return p, err
		}
	}
	return p, nil
}

// ApplyImport saves the changes v previewed for state's matrix under
// token — exactly those, kept on the server — all or nothing (SetCells,
// which refuses the whole import when a cell changed since the workbook
// was exported). A preview is applied once.
func (m *Matrix) ApplyImport(ctx context.Context, v model.Viewer, state, token string) ([]model.MatrixCell, error) {
	s, err := m.state(state)
	if err != nil {
		return nil, err
	}
	// Who may not edit the matrix learns nothing about previews.
	if err := m.CheckEdit(ctx, v, s.Code); err != nil {
		return nil, err
	}
	var changes []model.MatrixCellInput
	hash, err := loadPreview(ctx, &m.db.Conn, m.now().UTC(), v, "matrix", s.Code, token, &changes)
	if err != nil {
		return nil, err
	}
	cells, err := m.SetCells(ctx, v, s.Code, changes)
	if err != nil {
		return nil, err
	}
	// Used: a second apply finds nothing. Should the removal fail, the
	// preview still expires, and applying it again is a conflict: every
	// version it carries has moved on.
	_ = m.db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.DeleteImportPreview(ctx, hash) })
	return cells, nil
}
