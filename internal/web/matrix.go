package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"napx/internal/httpx"
	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

// importBodyLimit is the largest upload the import accepts (the workbook
// plus the form around it).
const importBodyLimit = service.MaxImportBytes + 64<<10

func (h *Handler) registerMatrix(rt *httpx.Router) {
	rt.Handle("GET", "/matrix", h.wrap(h.matrixIndex))
	rt.Handle("GET", "/matrix/elements", h.wrap(h.matrixElements))
	rt.Handle("GET", "/states/{code}/matrix", h.wrap(h.matrixState))
	rt.Handle("GET", "/states/{code}/matrix/cells/{fieldID}", h.wrap(h.matrixCell))
	rt.Handle("POST", "/states/{code}/matrix/cells/{fieldID}", h.wrap(h.matrixSaveCell))
	rt.Handle("POST", "/states/{code}/matrix/cells/{fieldID}/comments", h.wrap(h.matrixComment))
	for _, step := range []string{"send", "request-changes"} { // agree and approve: confirm_acts.go
		rt.Handle("POST", "/states/{code}/matrix/"+step, h.wrap(h.matrixReview(step)))
	}
	rt.Handle("GET", "/states/{code}/matrix/diff", h.wrap(h.matrixDiff))
	rt.Handle("GET", "/states/{code}/matrix/gaps", h.wrap(h.matrixGaps))
	rt.Handle("POST", "/states/{code}/matrix/gaps/{fieldID}/propose", h.wrap(h.matrixPropose))
	rt.Handle("GET", "/states/{code}/matrix/print", h.wrap(h.matrixPrint))
	rt.Handle("GET", "/states/{code}/matrix.xlsx", h.wrap(h.matrixXLSX))
	rt.Handle("GET", "/states/{code}/matrix.csv", h.wrap(h.matrixCSV))
	rt.Handle("GET", "/states/{code}/matrix/import", h.wrap(h.matrixImportForm))
	rt.Handle("POST", "/states/{code}/matrix/import", h.wrap(h.matrixImportPreview), httpx.BodyLimit(importBodyLimit))
	rt.Handle("POST", "/states/{code}/matrix/import/apply", h.wrap(h.matrixImportApply), httpx.BodyLimit(4<<20))
}

// matrixFlash holds the confirmations of the matrix pages.
var matrixFlash = map[string]string{
	"matrix-saved":     "The cell was saved in the draft.",
	"matrix-sent":      "The draft was sent to the State for its comments.",
	"matrix-agreed":    "The State's agreement was recorded. The Committee can now approve this edition.",
	"matrix-changes":   "The edition was returned to the Committee's experts with the State's note.",
	"matrix-approved":  "The edition was approved and is now public.",
	"matrix-commented": "Your comment was added.",
	"matrix-imported":  "The workbook's changes were saved in the draft.",
}

// statusOption is one choice of a cell status.
type statusOption struct {
	Value, Label string
}

var statusOptions = []statusOption{
	{"X", "X — " + model.CellX.Label()}, {"?", "? — " + model.CellQ.Label()}, {"NA", "NA — " + model.CellNA.Label()}, {"", "blank — " + model.CellNone.Label()},
}

// legendItem is one line of the cell legend.
type legendItem struct {
	Key, Text, Meaning string
}

// legend paraphrases the legend printed at the top of each matrix
// (1540.md §1.1, matrix.md §2).
var legend = []legendItem{
	{"x", "X", "The Committee considers the step taken and/or the State gave specific references to a legal basis or executive measures. An X does not mean the obligation is fully met."},
	{"q", "?", "The measures cited may be incomplete or not directly relevant."},
	{"na", "NA", "The field does not apply to the State."},
	{"none", "blank", "No information recorded (napx's reading of an empty cell)."},
}

// editionQuery is the query that keeps an edition in links ("" for the
// newest readable one).
func editionQuery(mv service.MatrixView) string {
	if mv.Latest {
		return ""
	}
	return "?edition=" + strconv.Itoa(mv.Edition.Number)
}

// queryEdition reads the edition query parameter.
func queryEdition(r *http.Request, name string) (int, error) {
	s := strings.TrimSpace(r.URL.Query().Get(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, model.Problems{name: "choose an edition number (1, 2, ...)"}
	}
	return n, nil
}

// heatCell is one cell of the heat map: coloured by the share of fields
// with an X, with the numbers written in it.
type heatCell struct {
	Class string // heat-0 ... heat-4, heat-none
	X     int
	Total int
	Share string // "44%"
}

type heatRow struct {
	State        string
	Name         string
	Edition      int
	Status       model.EditionStatus
	Illustrative bool
	Cells        []heatCell
	Total        heatCell
}

func heat(c service.Counts, has bool) heatCell {
	if !has {
		return heatCell{Class: "heat-none"}
	}
	share := c.Share(model.CellX)
	bin := int(share / 20)
	if bin > 4 {
		bin = 4
	}
	return heatCell{Class: "heat-" + strconv.Itoa(bin), X: c.X, Total: c.Total, Share: strconv.Itoa(int(share+0.5)) + "%"}
}

type heatBand struct {
	Class, Label string
}

var heatBands = []heatBand{{"heat-0", "under 20%"}, {"heat-1", "20–39%"}, {"heat-2", "40–59%"}, {"heat-3", "60–79%"}, {"heat-4", "80% or more"}, {"heat-none", "no edition shown"}}

type matrixIndexPage struct {
	Base
	Group    string
	GroupObj *refdata.Group
	Groups   []*refdata.Group
	Sections []*service.MatrixSection
	Rows     []heatRow
	Bands    []heatBand
	Legend   []legendItem
	Fields   int
	Verified int
	Heatmap  template.HTML // the fragment "matrix-heatmap", kept per reader
	Drafts   bool          // editions in preparation included (the labelled toggle)
}

func (h *Handler) matrixIndex(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	group := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("group")))
	if group == "" {
		group = "SEE"
	}
	tax := h.svc.Matrix.Taxonomy()
	p := &matrixIndexPage{Group: group, Groups: h.svc.Directory.Groups(), Sections: h.svc.Matrix.Sections(), Bands: heatBands, Legend: legend, Fields: len(tax.Fields)}
	for _, f := range tax.Fields {
		if f.Verified {
			p.Verified++
		}
	}
	p.Title, p.Section = h.printer(r).T("matrix.title"), "matrix"
	// Approved editions by default; drafts only on the labelled toggle
	// (issue 18, item 8).
	p.Drafts = r.URL.Query().Get("drafts") == "1" && v.SignedIn()
	g, cov, err := h.svc.Matrix.HeatMap(r.Context(), v, group, p.Drafts)
	if probs, ok := model.AsProblems(err); ok {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "matrix_index", p)
	}
	if err != nil {
		return err
	}
	p.GroupObj = g
	for _, c := range cov {
		row := heatRow{State: c.State, Name: h.orgName(r, c.State), Edition: c.Edition, Status: c.Status, Illustrative: c.Illustrative, Total: heat(c.Total, c.Has())}
		for _, s := range p.Sections {
			row.Cells = append(row.Cells, heat(c.Section(s.Key).Counts, c.Has()))
		}
		p.Rows = append(p.Rows, row)
	}
	lang := i18n.FromContext(r.Context()) // by the names shown, in the reader's alphabetical order
	i18n.SortByName(lang, p.Rows, func(r heatRow) string { return r.Name })
	if p.Heatmap, err = h.fragment(r, "matrix_index", "matrix-heatmap", service.ReaderKey(v)+"\x00"+group+"\x00"+strconv.FormatBool(p.Drafts), func() (any, error) { return p, nil }); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "matrix_index", p)
}

type matrixElementsPage struct {
	Base
	Sections []*service.MatrixSection
	Key      string // the section shown ("" for all)
	Fields   []refdata.Field
	Taxonomy string
}

func (h *Handler) matrixElements(w http.ResponseWriter, r *http.Request) error {
	tax := h.svc.Matrix.Taxonomy()
	p := &matrixElementsPage{Sections: h.svc.Matrix.Sections(), Key: r.URL.Query().Get("section"), Taxonomy: tax.Version}
	p.Title, p.Section = h.printer(r).T("matrix.tax.title"), "matrix"
	if p.Key != "" && h.svc.Matrix.Section(p.Key) == nil {
		p.Problems = model.Problems{"section": "choose one of the matrix's sections"}
		p.Key = ""
	}
	for _, f := range tax.Fields {
		if p.Key == "" || sectionOf(h.svc.Matrix, f) == p.Key {
			p.Fields = append(p.Fields, f)
		}
	}
	if len(p.Problems) > 0 {
		return h.render(w, r, http.StatusUnprocessableEntity, "matrix_elements", p)
	}
	return h.render(w, r, http.StatusOK, "matrix_elements", p)
}

func sectionOf(m *service.Matrix, f refdata.Field) string {
	for _, s := range m.Sections() {
		if s.Title == f.Section {
			return s.Key
		}
	}
	return ""
}

// coverageRow is a line of a State's coverage table.
type coverageRow struct {
	Label  string // the section's heading (the Committee's English)
	Sub    bool   // a weapon type's line (Weapon: NW, CW, BW)
	Weapon string
	Whole  bool // the whole matrix
	Counts service.Counts
	Bars   []coverageBar
}

// coverageBar is one segment of the stacked bar drawn beside the numbers.
type coverageBar struct {
	X, W  string
	Class string
}

func coverageRows(c service.StateCoverage) []coverageRow {
	bars := func(n service.Counts) []coverageBar {
		if n.Total == 0 {
			return nil
		}
		var out []coverageBar
		x := 0.0
		for _, s := range model.CellStatuses {
			w := float64(n.Of(s)) * 200 / float64(n.Total)
			if w > 0 {
				out = append(out, coverageBar{X: strconv.FormatFloat(x, 'f', 1, 64), W: strconv.FormatFloat(w, 'f', 1, 64), Class: "bar-" + s.Key()})
			}
			x += w
		}
		return out
	}
	var out []coverageRow
	for _, s := range c.Sections {
		out = append(out, coverageRow{Label: s.Title, Counts: s.Counts, Bars: bars(s.Counts)})
		for _, w := range s.Weapons {
			out = append(out, coverageRow{Label: service.WeaponLabel(w.Weapon), Sub: true, Weapon: w.Weapon, Counts: w.Counts, Bars: bars(w.Counts)})
		}
	}
	out = append(out, coverageRow{Label: "The whole matrix", Whole: true, Counts: c.Total, Bars: bars(c.Total)})
	return out
}

type matrixPage struct {
	Base
	State     *refdata.State
	View      *service.MatrixView
	Tables    []service.GridTable
	Filter    service.GridFilter
	Sections  []*service.MatrixSection
	Coverage  []coverageRow
	EditionQ  string
	Title2    string
	Name      string               // the State's name in the reader's language
	Error     *model.ConflictError // a refused review step (its message in the reader's language)
	Note      string
	Statuses  []statusOption
	Legend    []legendItem
	Weapons   []string
	Shown     int
	CanImport bool
	Trend     *chartView     // coverage across the editions (charts.go)
	StepIn    model.StepDate // the approval's date and source as typed
}

func (h *Handler) matrixPageData(r *http.Request, code string, edition int, f service.GridFilter) (*matrixPage, error) {
	v := service.ViewerFrom(r.Context())
	s, err := h.svc.Directory.State(code)
	if err != nil {
		return nil, err
	}
	p := &matrixPage{State: s, Filter: f, Sections: h.svc.Matrix.Sections(), Statuses: statusOptions, Legend: legend, Weapons: refdata.Weapons}
	p.Name = h.orgName(r, s.Code)
	p.Title, p.Section = h.printer(r).T("matrixpages.state.title", p.Name), "matrix"
	mv, err := h.svc.Matrix.EditionOrLatest(r.Context(), v, s.Code, edition)
	switch {
	case errors.Is(err, model.ErrNotFound) && edition == 0:
		// No edition this viewer may read: the page says so (a State whose
		// only edition is a draft looks the same to outsiders). The
		// Committee's experts get the blank matrix to start one.
		blank, berr := h.svc.Matrix.Blank(r.Context(), v, s.Code)
		if berr != nil {
			return p, nil
		}
		mv, err = blank, nil
	case err != nil:
		return nil, err
	}
	p.View = &mv
	p.EditionQ = editionQuery(mv)
	if mv.Edition.Number > 0 {
		p.Title2 = service.MatrixTitle(s, mv.Edition)
	}
	p.Tables = service.Grid(p.Sections, mv.Cells, f)
	for _, t := range p.Tables {
		p.Shown += t.Rows()
	}
	p.Coverage = coverageRows(mv.Coverage(h.svc.Matrix))
	p.CanImport = mv.Latest && mv.CanEdit
	return p, nil
}

func gridFilter(r *http.Request) service.GridFilter {
	q := r.URL.Query()
	return service.GridFilter{Section: strings.TrimSpace(q.Get("section")), Weapon: strings.ToUpper(strings.TrimSpace(q.Get("weapon"))),
		Status: strings.TrimSpace(q.Get("status")), Wording: strings.TrimSpace(q.Get("wording")), Q: strings.TrimSpace(q.Get("q"))}
}

func (h *Handler) matrixState(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if s := h.svc.Directory.Catalog().State(code); s != nil && s.Code != code {
		redirect(w, r, "/states/"+s.Code+"/matrix", http.StatusMovedPermanently)
		return nil
	}
	ed, err := queryEdition(r, "edition")
	if err != nil {
		return err
	}
	f := gridFilter(r)
	probs := f.Problems(h.svc.Matrix.Sections())
	if len(probs) > 0 {
		f = service.GridFilter{}
	}
	p, err := h.matrixPageData(r, code, ed, f)
	if err != nil {
		return err
	}
	if p.Trend, err = h.coverageChart(r, p.State.Code); err != nil {
		return err
	}
	if len(probs) > 0 {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "matrix_state", p)
	}
	p.FlashOn = FlashOn{Of: p.Name}
	return h.render(w, r, http.StatusOK, "matrix_state", p)
}

func (h *Handler) matrixReview(step string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := signedIn(r)
		if err != nil {
			return err
		}
		code := r.PathValue("code")
		ed := formEdition(r)
		in := model.ReviewInput{Edition: ed, Note: r.PostFormValue("note")}
		if step == "approve" {
			in.Date, in.Source, in.SourceURL = r.PostFormValue("date"), r.PostFormValue("source"), r.PostFormValue("source_url")
		}
		done := ""
		switch step {
		case "send":
			_, err = h.svc.Matrix.Send(r.Context(), v, code, service.Given(in))
			done = "matrix-sent"
		case "agree":
			_, err = h.svc.Matrix.Agree(r.Context(), v, code, service.Given(in))
			done = "matrix-agreed"
		case "request-changes":
			_, err = h.svc.Matrix.RequestChanges(r.Context(), v, code, service.Given(in))
			done = "matrix-changes"
		case "approve":
			_, err = h.svc.Matrix.Approve(r.Context(), v, code, service.Given(in))
			done = "matrix-approved"
		}
		var ce *model.ConflictError
		probs, isProbs := model.AsProblems(err)
		switch {
		case err == nil:
			s := h.svc.Directory.Catalog().State(code)
			redirect(w, r, "/states/"+s.Code+"/matrix?done="+done, http.StatusSeeOther)
			return nil
		case errors.As(err, &ce), isProbs:
			p, perr := h.matrixPageData(r, code, 0, service.GridFilter{})
			if perr != nil {
				return perr
			}
			status := http.StatusConflict
			p.StepIn = model.StepDate{Date: in.Date, Source: model.Source{Title: in.Source, URL: in.SourceURL}}
			if isProbs {
				status, p.Problems, p.Note = http.StatusUnprocessableEntity, probs, in.Note
			} else {
				p.Error = ce
			}
			return h.render(w, r, status, "matrix_state", p)
		}
		return err
	}
}

type matrixCellPage struct {
	Base
	State     *refdata.State
	Name      string // the State's name in the reader's language
	CV        service.CellView
	EditionQ  string
	Wording   string
	Input     model.MatrixCellInput
	Current   *model.MatrixCell // on a conflict: the cell as it is now
	Mine      *model.MatrixCellInput
	Statuses  []statusOption
	CanEdit   bool // the form is shown
	OpensNew  bool // saving opens a new draft
	Comment   string
	Legend    []legendItem
	ColumnTxt string
	Reports   []model.NationalReport // the State's reports the viewer may read, in date order, for the citation
}

func (h *Handler) cellPageData(r *http.Request) (*matrixCellPage, error) {
	v := service.ViewerFrom(r.Context())
	ed, err := queryEdition(r, "edition")
	if err != nil {
		return nil, err
	}
	cv, err := h.svc.Matrix.Cell(r.Context(), v, r.PathValue("code"), ed, r.PathValue("fieldID"))
	if err != nil {
		return nil, err
	}
	p := &matrixCellPage{State: cv.State, CV: cv, EditionQ: editionQuery(cv.MatrixView), Wording: service.WordingLabel(cv.Field), Statuses: statusOptions,
		Legend: legend, ColumnTxt: service.ColumnLabel(cv.Field.Column)}
	p.Input = model.MatrixCellInput{FieldID: cv.Field.ID, Status: string(cv.Cell.Status), Reference: cv.Cell.Reference, Remarks: cv.Cell.Remarks,
		Source: cv.Cell.Source, Version: cv.Cell.Version, ReportID: cv.Cell.Report.ReportID, ReportPage: cv.Cell.Report.Page}
	for _, rep := range cv.Reports {
		p.Reports = append(p.Reports, rep)
	}
	sort.Slice(p.Reports, func(i, j int) bool {
		a, b := p.Reports[i], p.Reports[j]
		return a.Date.Before(b.Date) || (a.Date == b.Date && a.ID < b.ID)
	})
	p.CanEdit = cv.Latest && cv.CanEdit
	p.OpensNew = p.CanEdit && cv.Edition.Status == model.EditionApproved
	p.Name = h.orgName(r, cv.State.Code)
	p.Title, p.Section = h.printer(r).T("matrixpages.cell.title", cv.Field.ID, p.Name), "matrix"
	return p, nil
}

// formInt is a whole number of a form ("" is 0; a malformed one -1, which
// the model refuses by name).
func formInt(r *http.Request, field string) int64 {
	s := strings.TrimSpace(r.PostFormValue(field))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

func (h *Handler) matrixCell(w http.ResponseWriter, r *http.Request) error {
	p, err := h.cellPageData(r)
	if err != nil {
		return err
	}
	p.FlashOn = FlashOn{Record: p.CV.Field.ID, Of: p.Name}
	return h.render(w, r, http.StatusOK, "matrix_cell", p)
}

func (h *Handler) matrixSaveCell(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	code, id := r.PathValue("code"), r.PathValue("fieldID")
	version, verr := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("version")), 10, 64)
	in := model.MatrixCellInput{FieldID: id, Status: r.PostFormValue("status"), Reference: r.PostFormValue("reference"),
		Remarks: r.PostFormValue("remarks"), Source: r.PostFormValue("source"), Version: version,
		ReportID: formInt(r, "report_id"), ReportPage: int(formInt(r, "report_page"))}
	if verr != nil {
		err = model.Problems{"version": "the form lost the cell's version; reload the page"}
	} else {
		_, err = h.svc.Matrix.SetCell(r.Context(), v, code, service.Given(in))
	}
	if err == nil {
		s := h.svc.Directory.Catalog().State(code)
		redirect(w, r, "/states/"+s.Code+"/matrix/cells/"+id+"?done=matrix-saved", http.StatusSeeOther)
		return nil
	}
	var ce *model.ConflictError
	probs, isProbs := model.AsProblems(err)
	if !isProbs && !errors.As(err, &ce) {
		return err
	}
	p, perr := h.cellPageData(r)
	if perr != nil {
		return perr
	}
	if isProbs {
		p.Problems, p.Input = probs, in
		return h.render(w, r, http.StatusUnprocessableEntity, "matrix_cell", p)
	}
	// Both versions side by side; the form keeps what was typed, with the
	// current version, so saving again is a deliberate overwrite.
	p.Mine = &in
	if cc, ok := ce.Current.(service.CellConflict); ok {
		cur := cc.Cell
		p.Current = &cur
		in.Version = cur.Version
	} else {
		p.Error(conflictText(h.printer(r), ce))
	}
	p.Input = in
	return h.render(w, r, http.StatusConflict, "matrix_cell", p)
}

// Error puts a message at the top of the cell page.
func (p *matrixCellPage) Error(msg string) { p.Problems = model.Problems{"matrix": msg} }

func (h *Handler) matrixComment(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	code, id := r.PathValue("code"), r.PathValue("fieldID")
	ed := formEdition(r)
	_, err = h.svc.Matrix.Comment(r.Context(), v, code, id, service.Given(model.CommentInput{Body: r.PostFormValue("body"), Edition: ed}))
	if err == nil {
		s := h.svc.Directory.Catalog().State(code)
		if r.PostFormValue("back") == "review" { // a comment made during the guided review returns to the change
			redirect(w, r, "/states/"+s.Code+"/matrix/review/"+id+"?done=matrix-commented#comments", http.StatusSeeOther)
			return nil
		}
		redirect(w, r, "/states/"+s.Code+"/matrix/cells/"+id+"?done=matrix-commented#comments", http.StatusSeeOther)
		return nil
	}
	var ce *model.ConflictError
	probs, isProbs := model.AsProblems(err)
	if !isProbs && !errors.As(err, &ce) {
		return err
	}
	p, perr := h.cellPageData(r)
	if perr != nil {
		return perr
	}
	p.Comment = r.PostFormValue("body")
	if isProbs {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "matrix_cell", p)
	}
	p.Error(conflictText(h.printer(r), ce))
	return h.render(w, r, http.StatusConflict, "matrix_cell", p)
}

type matrixDiffPage struct {
	Base
	State    *refdata.State
	Name     string // the State's name in the reader's language
	Editions []model.MatrixEdition
	From, To int
	A, B     *service.MatrixView
	Lines    []service.DiffLine
}

func (h *Handler) matrixDiff(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	s, err := h.svc.Directory.State(r.PathValue("code"))
	if err != nil {
		return err
	}
	eds, err := h.svc.Matrix.Editions(r.Context(), v, s.Code)
	if err != nil {
		return err
	}
	if len(eds) == 0 {
		return model.ErrNotFound
	}
	p := &matrixDiffPage{State: s, Editions: eds}
	p.Name = h.orgName(r, s.Code)
	p.Title, p.Section = h.printer(r).T("matrixpages.diff.title", p.Name), "matrix"
	from, ferr := queryEdition(r, "from")
	to, terr := queryEdition(r, "to")
	probs := model.Problems{}
	if ferr != nil {
		probs.Add("from", "choose an edition")
	}
	if terr != nil {
		probs.Add("to", "choose an edition")
	}
	if len(probs) > 0 {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "matrix_diff", p)
	}
	if to == 0 {
		to = eds[0].Number
	}
	if from == 0 {
		from = to - 1
		if len(eds) == 1 || from < 1 {
			from = to
		}
	}
	p.From, p.To = from, to
	a, b, lines, err := h.svc.Matrix.Diff(r.Context(), v, s.Code, from, to)
	if err != nil {
		return err
	}
	p.A, p.B, p.Lines = &a, &b, lines
	return h.render(w, r, http.StatusOK, "matrix_diff", p)
}

type matrixGapsPage struct {
	Base
	State      *refdata.State
	Name       string // the State's name in the reader's language
	View       service.MatrixView
	Groups     []service.GapGroup
	EditionQ   string
	Total      int
	CanPropose bool // the viewer may add actions to the State's draft plan
	// Elsewhere: for each gap, the practices from elsewhere for its field
	// (issue 12) that the viewer may read.
	Elsewhere map[string][]service.PracticeView
}

func (h *Handler) gapsPageData(r *http.Request) (*matrixGapsPage, error) {
	ed, err := queryEdition(r, "edition")
	if err != nil {
		return nil, err
	}
	v := service.ViewerFrom(r.Context())
	mv, groups, err := h.svc.Matrix.Gaps(r.Context(), v, r.PathValue("code"), ed)
	if err != nil {
		return nil, err
	}
	p := &matrixGapsPage{State: mv.State, View: mv, Groups: groups, EditionQ: editionQuery(mv), CanPropose: mv.CanPropose}
	var fields []string
	for _, g := range groups {
		p.Total += len(g.Gaps)
		for _, gap := range g.Gaps {
			fields = append(fields, gap.Field.ID)
		}
	}
	if p.Elsewhere, err = h.svc.Practices.ForFields(r.Context(), v, mv.State.Code, fields); err != nil {
		return nil, err
	}
	p.Name = h.orgName(r, mv.State.Code)
	p.Title, p.Section = h.printer(r).T("matrixpages.gaps.title", p.Name), "matrix"
	return p, nil
}

func (h *Handler) matrixGaps(w http.ResponseWriter, r *http.Request) error {
	p, err := h.gapsPageData(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "matrix_gaps", p)
}

// matrixPropose turns a gap into a draft action of the State's current
// draft plan (the NAPs' ProposeAction) and opens the new action.
func (h *Handler) matrixPropose(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	a, err := h.svc.Matrix.ProposeNAPAction(r.Context(), v, r.PathValue("code"), r.PathValue("fieldID"), nil)
	if err == nil {
		redirect(w, r, fmt.Sprintf("/naps/%d/actions/%d", a.NAPID, a.ID), http.StatusSeeOther)
		return nil
	}
	probs, isProbs := model.AsProblems(err)
	if !isProbs {
		return err
	}
	p, perr := h.gapsPageData(r)
	if perr != nil {
		return perr
	}
	p.Problems = probs
	return h.render(w, r, http.StatusUnprocessableEntity, "matrix_gaps", p)
}

func (h *Handler) matrixPrint(w http.ResponseWriter, r *http.Request) error {
	ed, err := queryEdition(r, "edition")
	if err != nil {
		return err
	}
	p, err := h.matrixPageData(r, r.PathValue("code"), ed, service.GridFilter{})
	if err != nil {
		return err
	}
	if p.View == nil || p.View.Edition.Number == 0 {
		return model.ErrNotFound
	}
	p.Name, p.Title = h.orgName(r, p.State.Code), h.matrixTitle(r, p.State, p.View.Edition)
	return h.render(w, r, http.StatusOK, "matrix_print", p)
}

func (h *Handler) matrixFile(w http.ResponseWriter, r *http.Request, ext, contentType string,
	write func(v model.Viewer, state string, edition int, w io.Writer) (service.MatrixView, error)) error {
	ed, err := queryEdition(r, "edition")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	mv, err := write(service.ViewerFrom(r.Context()), r.PathValue("code"), ed, &buf)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("napx-matrix-%s-edition-%d-%s.%s", mv.State.Code, mv.Edition.Number, mv.Edition.Status, ext)
	sendFile(w, contentType, name, buf.Bytes())
	return nil
}

func (h *Handler) matrixXLSX(w http.ResponseWriter, r *http.Request) error {
	return h.matrixFile(w, r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		func(v model.Viewer, state string, edition int, w io.Writer) (service.MatrixView, error) {
			return h.svc.Matrix.ExportXLSX(r.Context(), v, state, edition, w)
		})
}

func (h *Handler) matrixCSV(w http.ResponseWriter, r *http.Request) error {
	return h.matrixFile(w, r, "csv", "text/csv; charset=utf-8",
		func(v model.Viewer, state string, edition int, w io.Writer) (service.MatrixView, error) {
			return h.svc.Matrix.ExportCSV(r.Context(), v, state, edition, w)
		})
}

type matrixImportPage struct {
	Base
	State   *refdata.State
	Name    string // the State's name in the reader's language
	Preview *service.MatrixImportPreview
}

func (h *Handler) matrixImportForm(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	s, err := h.svc.Directory.State(r.PathValue("code"))
	if err != nil {
		return err
	}
	if err := h.svc.Matrix.CheckEdit(r.Context(), v, s.Code); err != nil {
		return err
	}
	p := h.newMatrixImportPage(r, s)
	return h.render(w, r, http.StatusOK, "matrix_import", p)
}

func (h *Handler) matrixImportPreview(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	s, err := h.svc.Directory.State(r.PathValue("code"))
	if err != nil {
		return err
	}
	p := h.newMatrixImportPage(r, s)
	// Decide before reading the upload.
	if err := h.svc.Matrix.CheckEdit(r.Context(), v, s.Code); err != nil {
		return err
	}
	data, err := readUpload(r, "file")
	if err == nil {
		var pv service.MatrixImportPreview
		pv, err = h.svc.Matrix.PreviewImport(r.Context(), v, s.Code, data)
		if err == nil {
			p.Preview = &pv
			return h.render(w, r, http.StatusOK, "matrix_import", p)
		}
	}
	var ce *model.ConflictError
	if probs, ok := model.AsProblems(err); ok {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "matrix_import", p)
	}
	if errors.As(err, &ce) {
		p.Problems = model.Problems{"file": conflictText(h.printer(r), ce)}
		return h.render(w, r, http.StatusConflict, "matrix_import", p)
	}
	return err
}

// readUpload reads the file field of a multipart form (within the
// route's body limit, which the middleware enforces while it is read).
func readUpload(r *http.Request, field string) ([]byte, error) {
	if err := r.ParseMultipartForm(importBodyLimit); err != nil { // #nosec G120 -- the body is capped at the route's limit (httpx.LimitBodies) before this runs
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		return nil, model.Problems{field: "choose an XLSX workbook to upload"}
	}
	f, _, err := r.FormFile(field)
	if err != nil {
		return nil, model.Problems{field: "choose an XLSX workbook to upload"}
	}
	defer func() { _ = f.Close() }()
	b, err := io.ReadAll(io.LimitReader(f, service.MaxImportBytes+1))
	if err != nil {
		return nil, model.Problems{field: "the upload could not be read"}
	}
	if len(b) == 0 {
		return nil, model.Problems{field: "the file is empty; choose an XLSX workbook"}
	}
	return b, nil
}

func (h *Handler) matrixImportApply(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	s, err := h.svc.Directory.State(r.PathValue("code"))
	if err != nil {
		return err
	}
	_, err = h.svc.Matrix.ApplyImport(r.Context(), v, s.Code, r.PostFormValue("preview"))
	if err == nil {
		redirect(w, r, "/states/"+s.Code+"/matrix?done=matrix-imported", http.StatusSeeOther)
		return nil
	}
	var ce *model.ConflictError
	if errors.As(err, &ce) {
		p := h.newMatrixImportPage(r, s)
		pr := h.printer(r)
		p.Problems = model.Problems{"file": pr.T("svcmore.mx.import.again", conflictText(pr, ce))}
		return h.render(w, r, http.StatusConflict, "matrix_import", p)
	}
	if probs, ok := model.AsProblems(err); ok {
		p := h.newMatrixImportPage(r, s)
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "matrix_import", p)
	}
	return err
}
