package api

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

// matrixElementJSON is a data field of the matrix taxonomy.
type matrixElementJSON struct {
	ID       string `json:"id"`
	Section  string `json:"section"`
	Area     string `json:"area"`
	Element  string `json:"element"`
	Row      int    `json:"row"`
	Label    string `json:"label"`
	Weapon   string `json:"weapon"`
	Column   string `json:"column"`
	Verified bool   `json:"verified"`
	Wording  string `json:"wording"`
	Source   string `json:"source"`
}

type matrixElementsJSON struct {
	Items    []matrixElementJSON `json:"items"`
	Taxonomy string              `json:"taxonomy"`
}

// cellJSON is a cell on the wire: status null means no information.
type cellJSON struct {
	State        string     `json:"state,omitempty"`
	Edition      int        `json:"edition,omitempty"`
	FieldID      string     `json:"field_id"`
	Status       *string    `json:"status" enum:"CellValues" doc:"X, ?, NA, or null for no information"`
	Reference    string     `json:"reference"`
	Remarks      string     `json:"remarks"`
	Source       string     `json:"source"`
	ReportID     *int64     `json:"report_id" doc:"the national report of the State the cell cites (GET /api/v1/reports/{id}); null when none, or when you may not read it"`
	ReportPage   int        `json:"report_page" doc:"the page of the report cited (0: the whole report)"`
	UpdatedAt    *time.Time `json:"updated_at,omitempty"`
	UpdatedBy    string     `json:"updated_by,omitempty"`
	UpdatedByOrg string     `json:"updated_by_org,omitempty"`
	Version      int64      `json:"version"`
}

func cellOut(c model.MatrixCell) cellJSON {
	out := cellJSON{FieldID: c.FieldID, Reference: c.Reference, Remarks: c.Remarks, Source: c.Source, UpdatedBy: c.UpdatedBy,
		UpdatedByOrg: c.UpdatedByOrg, Version: c.Version}
	if c.Report.ReportID != 0 {
		id := c.Report.ReportID
		out.ReportID, out.ReportPage = &id, c.Report.Page
	}
	if c.Status != model.CellNone {
		s := string(c.Status)
		out.Status = &s
	}
	if !c.UpdatedAt.IsZero() {
		t := c.UpdatedAt
		out.UpdatedAt = &t
	}
	return out
}

type editionJSON struct {
	State        string     `json:"state"`
	Edition      int        `json:"edition"`
	Status       string     `json:"status" enum:"EditionStatuses"`
	Agreed       bool       `json:"agreed"`
	Illustrative bool       `json:"illustrative"`
	Taxonomy     string     `json:"taxonomy"`
	BasedOn      int        `json:"based_on,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	SentAt       *time.Time `json:"sent_at,omitempty"`
	AgreedAt     *time.Time `json:"agreed_at,omitempty"`
	ApprovedAt   *time.Time `json:"approved_at,omitempty" doc:"when the approval was entered in napx"`
	ApprovedOn   *string    `json:"approved_on,omitempty" doc:"the approval's date in force (recorded history: see provenance)"`
	SupersededAt *time.Time `json:"superseded_at,omitempty"`
	Version      int64      `json:"version"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func editionOut(e model.MatrixEdition) editionJSON {
	return editionJSON{State: e.State, Edition: e.Number, Status: string(e.Status), Agreed: e.Agreed, Illustrative: e.Illustrative, Taxonomy: e.Taxonomy,
		BasedOn: e.BasedOn, CreatedAt: e.CreatedAt, SentAt: timePtr(e.SentAt), AgreedAt: timePtr(e.AgreedAt), ApprovedAt: timePtr(e.ApprovedAt),
		SupersededAt: timePtr(e.SupersededAt), ApprovedOn: datePtr(e.ApprovedOn), Version: e.Version}
}

// matrixJSON is an edition with every cell, keyed by field ID.
type matrixJSON struct {
	editionJSON
	StateName string              `json:"state_name"`
	Cells     map[string]cellJSON `json:"cells"`
	Approval  *datingJSON         `json:"approval,omitempty" doc:"an approved edition: the approval's date with its source and whether it is disputed"`
}

// cellIn is a new value for a cell. Status is a pointer so that null (or
// no status) means no information; Version may be left out for a
// never-edited cell.
type cellIn struct {
	Status     *string `json:"status" enum:"CellValues"`
	Reference  string  `json:"reference"`
	Remarks    string  `json:"remarks"`
	Source     string  `json:"source"`
	ReportID   *int64  `json:"report_id" doc:"a national report of the State the cell cites (null: none)"`
	ReportPage int     `json:"report_page" doc:"the page of the report (0: the whole report)"`
	Version    *int64  `json:"version"`
}

type reviewIn struct {
	Edition   int    `json:"edition"`
	Note      string `json:"note"`
	Date      string `json:"date" doc:"approve only: the day the Committee approved the edition, YYYY-MM-DD (default today); a day in the past is recorded history and needs source"`
	Source    string `json:"source" doc:"approve only: the document that records the approval"`
	SourceURL string `json:"source_url" doc:"approve only: a link to that document"`
}

type commentIn struct {
	Body    string `json:"body"`
	Edition int    `json:"edition"`
}

type commentJSON struct {
	ID        int64     `json:"id"`
	Edition   int       `json:"edition"`
	FieldID   string    `json:"field_id"`
	Body      string    `json:"body"`
	Author    string    `json:"author"`
	AuthorOrg string    `json:"author_org"`
	At        time.Time `json:"at"`
}

func commentOut(c model.MatrixComment) commentJSON {
	return commentJSON{ID: c.ID, Edition: c.Edition, FieldID: c.FieldID, Body: c.Body, Author: c.Author, AuthorOrg: c.AuthorOrg, At: c.At}
}

type matrixChangeJSON struct {
	cellJSON
	EditionStatus string `json:"edition_status" enum:"EditionStatuses"`
	How           string `json:"how"`
}

type countsJSON struct {
	X      int                `json:"x"`
	Q      int                `json:"q"`
	NA     int                `json:"na"`
	None   int                `json:"none"`
	Total  int                `json:"total"`
	Shares map[string]float64 `json:"shares"`
}

func countsOut(c service.Counts) countsJSON {
	share := func(s model.CellStatus) float64 { return math.Round(c.Share(s)*10) / 10 }
	return countsJSON{X: c.X, Q: c.Q, NA: c.NA, None: c.None, Total: c.Total, Shares: map[string]float64{
		"x": share(model.CellX), "q": share(model.CellQ), "na": share(model.CellNA), "none": share(model.CellNone)}}
}

type sectionCoverageJSON struct {
	Title string `json:"title"`
	countsJSON
	Weapons map[string]countsJSON `json:"weapons,omitempty"`
}

type coverageJSON struct {
	State        string                         `json:"state"`
	Name         string                         `json:"name"`
	Edition      *int                           `json:"edition"`
	Status       *string                        `json:"status" enum:"EditionStatuses"`
	Illustrative bool                           `json:"illustrative"`
	Sections     map[string]sectionCoverageJSON `json:"sections"`
	Total        *countsJSON                    `json:"total,omitempty"`
}

func coverageOut(c service.StateCoverage) coverageJSON {
	out := coverageJSON{State: c.State, Name: c.Name, Illustrative: c.Illustrative, Sections: map[string]sectionCoverageJSON{}}
	if !c.Has() {
		return out
	}
	ed, st := c.Edition, string(c.Status)
	out.Edition, out.Status = &ed, &st
	t := countsOut(c.Total)
	out.Total = &t
	for _, s := range c.Sections {
		sc := sectionCoverageJSON{Title: s.Title, countsJSON: countsOut(s.Counts)}
		if len(s.Weapons) > 0 {
			sc.Weapons = map[string]countsJSON{}
			for _, w := range s.Weapons {
				sc.Weapons[w.Weapon] = countsOut(w.Counts)
			}
		}
		out.Sections[s.Key] = sc
	}
	return out
}

type gapJSON struct {
	FieldID  string  `json:"field_id"`
	Section  string  `json:"section"`
	Weapon   string  `json:"weapon"`
	Label    string  `json:"label"`
	Verified bool    `json:"verified"`
	Status   *string `json:"status" enum:"CellValues"`
}

type diffJSON struct {
	FieldID string   `json:"field_id"`
	Before  cellJSON `json:"before"`
	After   cellJSON `json:"after"`
}

func (h *Handler) registerMatrix(rt *httpx.Router) {
	stateParam := httpx.Param{Name: "code", In: "path", Required: true, Description: "the State's alpha-3 code", Schema: httpx.Schema{"type": "string"}}
	fieldParam := httpx.Param{Name: "fieldID", In: "path", Required: true, Description: "a field ID of the taxonomy, e.g. OP3d-NW-09.LF", Schema: httpx.Schema{"type": "string"}}
	editionParam := httpx.Param{Name: "edition", In: "query", Description: "an edition number (default: the newest you may read)", Schema: httpx.Schema{"type": "integer", "minimum": 1}}
	reviewBody := ref("MatrixReviewInput")
	rt.Handle("GET", Prefix+"/matrix/elements", h.wrap(h.matrixElements), httpx.Doc(httpx.Op{
		ID: "listMatrixElements", Tag: "matrix", Public: true, Summary: "Every data field of the matrix taxonomy (never paginated)",
		Description: "Stable IDs with section, area, row, weapon type and column. `verified` is true only where the label was read in a public copy of the Committee's matrix; other labels are napx's reconstruction (`wording` says so) and must not be presented as the Committee's wording.",
		Responses:   map[int]httpx.Answer{200: {Description: "the fields", Schema: ref("MatrixElements")}},
	}))
	rt.Handle("GET", Prefix+"/matrix/coverage", h.wrap(h.matrixCoverage), httpx.Doc(httpx.Op{
		ID: "getMatrixCoverage", Tag: "matrix", Public: true, Summary: "Coverage of the States of a group, per section and weapon type",
		Description: "For each State of the group, counts and shares (percent) of X, ?, NA and no information in the newest edition of its matrix that you may read. A State without such an edition has `edition: null` and no counts: drafts you may not read are neither shown nor counted.",
		Params:      []httpx.Param{{Name: "group", In: "query", Description: "a group code (default SEE), or ALL for every State", Schema: httpx.Schema{"type": "string"}}},
		Responses:   map[int]httpx.Answer{200: {Description: "one line per State of the group", Schema: listOf("MatrixCoverage")}},
	}))
	rt.Handle("GET", Prefix+"/states/{code}/matrix", h.wrap(h.matrixShow), httpx.Doc(httpx.Op{
		ID: "getStateMatrix", Tag: "matrix", Public: true, Summary: "A State's matrix: the newest edition you may read, with every cell",
		Description: "Drafts and editions with the State are readable by the State and the Committee level only; everyone else reads the approved edition. 404 when there is none you may read.",
		Params:      []httpx.Param{stateParam, editionParam},
		Responses:   map[int]httpx.Answer{200: {Description: "the edition and its cells keyed by field ID", Schema: ref("Matrix")}},
	}))
	rt.Handle("GET", Prefix+"/states/{code}/matrix/editions", h.wrap(h.matrixEditions), httpx.Doc(httpx.Op{
		ID: "listStateMatrixEditions", Tag: "matrix", Public: true, Summary: "The editions of a State's matrix that you may read, newest first",
		Params: []httpx.Param{stateParam}, Responses: map[int]httpx.Answer{200: {Description: "the editions", Schema: listOf("MatrixEdition")}},
	}))
	rt.Handle("PUT", Prefix+"/states/{code}/matrix/cells/{fieldID}", h.wrap(h.matrixPutCell), httpx.Doc(httpx.Op{
		ID: "putStateMatrixCell", Tag: "matrix", Summary: "Set a cell (the Committee's editors and coordinators)",
		Description: "Edits the open draft; the first edit after an approval opens a new draft copying the approved edition's cells. Send the cell's `version` as you read it (0, or leave it out, for a never-edited cell); a stale one gets 409 with `current`. An edition with the State cannot be edited (409). The State itself gets 403.",
		Params:      []httpx.Param{stateParam, fieldParam}, Request: ref("MatrixCellInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the cell as saved", Schema: ref("MatrixCell")}},
	}))
	for _, step := range []struct{ path, id, summary, desc string }{
		{"send", "sendStateMatrix", "Send the draft to the State for comments (the Committee's editors and coordinators)", ""},
		{"agree", "agreeStateMatrix", "The State agrees to the edition with it (the State's coordinator)", ""},
		{"request-changes", "requestStateMatrixChanges", "The State asks for changes; the edition returns to draft (the State's coordinator; `note` required)", ""},
		{"approve", "approveStateMatrix", "Approve the edition the State agreed to (a Committee coordinator); it becomes public", "Before the State agreed: 409, saying so."},
	} {
		rt.Handle("POST", Prefix+"/states/{code}/matrix/"+step.path, h.wrap(h.matrixReview(step.path)), httpx.Doc(httpx.Op{
			ID: step.id, Tag: "matrix", Summary: step.summary,
			Description: strings.TrimSpace(step.desc + " The body is optional: `edition` guards against acting on another edition than the one you saw (409 when it is not the one under review); `note` goes into the review's record."),
			Params:      []httpx.Param{stateParam}, Request: reviewBody,
			Responses: map[int]httpx.Answer{200: {Description: "the edition after the step", Schema: ref("MatrixEdition")}},
		}))
	}
	rt.Handle("GET", Prefix+"/states/{code}/matrix/cells/{fieldID}/history", h.wrap(h.matrixHistory), httpx.Doc(httpx.Op{
		ID: "getStateMatrixCellHistory", Tag: "matrix", Public: true, Summary: "The history of one cell across the editions you may read",
		Description: "The State and the Committee level see every change; everyone else the cell's value in each published edition.",
		Params:      []httpx.Param{stateParam, fieldParam}, Responses: map[int]httpx.Answer{200: {Description: "changes, oldest first", Schema: listOf("MatrixCellChange")}},
	}))
	rt.Handle("GET", Prefix+"/states/{code}/matrix/cells/{fieldID}/comments", h.wrap(h.matrixComments), httpx.Doc(httpx.Op{
		ID: "listStateMatrixCellComments", Tag: "matrix", Public: true, Summary: "The review comments on one cell of an edition (the State and the Committee level)",
		Params: []httpx.Param{stateParam, fieldParam, editionParam}, Responses: map[int]httpx.Answer{200: {Description: "comments, oldest first", Schema: listOf("MatrixComment")}},
	}))
	rt.Handle("POST", Prefix+"/states/{code}/matrix/cells/{fieldID}/comments", h.wrap(h.matrixComment), httpx.Doc(httpx.Op{
		ID: "commentStateMatrixCell", Tag: "matrix", Summary: "Comment on a cell of the edition with the State (the State's coordinator, the Committee's experts)",
		Params: []httpx.Param{stateParam, fieldParam}, Request: ref("MatrixCommentInput"),
		Responses: map[int]httpx.Answer{201: {Description: "the comment", Schema: ref("MatrixComment")}},
	}))
	rt.Handle("GET", Prefix+"/states/{code}/matrix/gaps", h.wrap(h.matrixGaps), httpx.Doc(httpx.Op{
		ID: "listStateMatrixGaps", Tag: "matrix", Public: true, Summary: "Fields without a measure (no information, or ?) in an edition, in matrix order",
		Params: []httpx.Param{stateParam, editionParam}, Responses: map[int]httpx.Answer{200: {Description: "the gaps", Schema: listOf("MatrixGap")}},
	}))
	rt.Handle("POST", Prefix+"/states/{code}/matrix/gaps/{fieldID}/nap-action", h.wrap(h.matrixProposeAction), httpx.Doc(httpx.Op{
		ID: "proposeNAPActionForMatrixGap", Tag: "matrix", Summary: "Propose a NAP action for a gap (the State's editors and coordinators)",
		Description: "Adds a draft action linked to the field to the State's current draft plan (the newest draft it may change). The field must be a gap (no information, or ?) in the newest edition of the matrix you may read. 422 naming `plan` when the State has no draft plan you may change.",
		Params:      []httpx.Param{stateParam, fieldParam}, Request: ref("MatrixProposeInput"),
		Responses: map[int]httpx.Answer{201: {Description: "the new draft action", Schema: ref("NAPAction")}},
	}))
	rt.Handle("GET", Prefix+"/states/{code}/matrix/diff", h.wrap(h.matrixDiff), httpx.Doc(httpx.Op{
		ID: "getStateMatrixDiff", Tag: "matrix", Public: true, Summary: "The fields that differ between two editions",
		Params: []httpx.Param{stateParam,
			{Name: "from", In: "query", Required: true, Schema: httpx.Schema{"type": "integer", "minimum": 1}},
			{Name: "to", In: "query", Required: true, Schema: httpx.Schema{"type": "integer", "minimum": 1}}},
		Responses: map[int]httpx.Answer{200: {Description: "the differing fields", Schema: listOf("MatrixDiff")}},
	}))
}

func matrixElementOut(f refdata.Field) matrixElementJSON {
	return matrixElementJSON{ID: f.ID, Section: f.Section, Area: f.Area, Element: f.Element, Row: f.Row, Label: f.Label, Weapon: f.Weapon, Column: f.Column,
		Verified: f.Verified, Wording: service.WordingLabel(f), Source: f.Source}
}

func (h *Handler) matrixElements(w http.ResponseWriter, r *http.Request) error {
	tax := h.svc.Matrix.Taxonomy()
	out := matrixElementsJSON{Items: make([]matrixElementJSON, len(tax.Fields)), Taxonomy: tax.Version}
	for i, f := range tax.Fields {
		out.Items[i] = matrixElementOut(f)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// queryInt reads an optional positive integer query parameter.
func queryInt(r *http.Request, name string) (int, error) {
	s := strings.TrimSpace(r.URL.Query().Get(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, model.Problems{name: "must be an edition number (1, 2, ...)"}
	}
	return n, nil
}

func (h *Handler) matrixShow(w http.ResponseWriter, r *http.Request) error {
	ed, err := queryInt(r, "edition")
	if err != nil {
		return err
	}
	mv, err := h.svc.Matrix.EditionOrLatest(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"), ed)
	if err != nil {
		return err
	}
	out := matrixJSON{editionJSON: editionOut(mv.Edition), StateName: mv.State.Name, Cells: make(map[string]cellJSON, len(mv.Cells)),
		Approval: datingOut(mv.Approval, 0)}
	for id, c := range mv.Cells {
		out.Cells[id] = cellOut(c)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) matrixEditions(w http.ResponseWriter, r *http.Request) error {
	eds, err := h.svc.Matrix.Editions(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"))
	if err != nil {
		return err
	}
	items := make([]editionJSON, len(eds))
	for i, e := range eds {
		items[i] = editionOut(e)
	}
	return writePage(w, r, items, func(e editionJSON) string { return strconv.Itoa(e.Edition) })
}

func (h *Handler) matrixPutCell(w http.ResponseWriter, r *http.Request) error {
	code, fieldID := r.PathValue("code"), r.PathValue("fieldID")
	in, err := bodyAs(r, false, func(in cellIn) (model.MatrixCellInput, error) {
		ci := model.MatrixCellInput{FieldID: fieldID, Reference: in.Reference, Remarks: in.Remarks, Source: in.Source, ReportPage: in.ReportPage}
		if in.ReportID != nil {
			ci.ReportID = *in.ReportID
		}
		if in.Status != nil {
			ci.Status = *in.Status
			if ci.Status == "" {
				return ci, model.Problems{"status": `"" is not a cell status: use X, ?, NA, or null for no information`}
			}
		}
		if in.Version != nil { // left out: 0, a cell never edited (a stale guess is a conflict)
			ci.Version = *in.Version
		}
		return ci, nil
	})
	if err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	c, err := h.svc.Matrix.SetCell(r.Context(), v, code, in)
	if err != nil {
		return err
	}
	mv, err := h.svc.Matrix.Latest(r.Context(), v, code)
	if err != nil {
		return err
	}
	out := cellOut(mv.Cells[c.FieldID])
	out.State, out.Edition = mv.State.Code, mv.Edition.Number
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) matrixReview(step string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		in, err := bodyAs(r, true, plain(func(in reviewIn) model.ReviewInput {
			return model.ReviewInput{Edition: in.Edition, Note: in.Note, Date: in.Date, Source: in.Source, SourceURL: in.SourceURL}
		}))
		if err != nil {
			return err
		}
		v, code, m := service.ViewerFrom(r.Context()), r.PathValue("code"), h.svc.Matrix
		do := map[string]func(context.Context, model.Viewer, string, service.Input[model.ReviewInput]) (model.MatrixEdition, error){
			"send": m.Send, "agree": m.Agree, "request-changes": m.RequestChanges, "approve": m.Approve,
		}[step]
		return answer(w, http.StatusOK, editionOut)(do(r.Context(), v, code, in))
	}
}

func (h *Handler) matrixHistory(w http.ResponseWriter, r *http.Request) error {
	hs, err := h.svc.Matrix.History(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"), r.PathValue("fieldID"))
	if err != nil {
		return err
	}
	items := make([]matrixChangeJSON, len(hs))
	for i, c := range hs {
		items[i] = matrixChangeJSON{cellJSON: cellOut(c.MatrixCell), EditionStatus: string(c.EditionStatus), How: c.How}
		items[i].Edition = c.Edition
	}
	return writePage(w, r, items, func(c matrixChangeJSON) string { return fmt.Sprintf("%d/%d", c.Edition, c.Version) })
}

func (h *Handler) matrixComments(w http.ResponseWriter, r *http.Request) error {
	ed, err := queryInt(r, "edition")
	if err != nil {
		return err
	}
	cv, err := h.svc.Matrix.Cell(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"), ed, r.PathValue("fieldID"))
	if err != nil {
		return err
	}
	items := make([]commentJSON, len(cv.Comments))
	for i, c := range cv.Comments {
		items[i] = commentOut(c)
	}
	return writePage(w, r, items, func(c commentJSON) string { return byID(c.ID) })
}

func (h *Handler) matrixComment(w http.ResponseWriter, r *http.Request) error {
	in, err := bodyAs(r, false, plain(func(in commentIn) model.CommentInput { return model.CommentInput{Body: in.Body, Edition: in.Edition} }))
	if err != nil {
		return err
	}
	return answer(w, http.StatusCreated, commentOut)(h.svc.Matrix.Comment(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"), r.PathValue("fieldID"), in))
}

func (h *Handler) matrixCoverage(w http.ResponseWriter, r *http.Request) error {
	group := strings.TrimSpace(r.URL.Query().Get("group"))
	if group == "" {
		group = "SEE"
	}
	_, cov, err := h.svc.Matrix.GroupCoverage(r.Context(), service.ViewerFrom(r.Context()), group)
	if err != nil {
		return err
	}
	items := make([]coverageJSON, len(cov))
	for i, c := range cov {
		items[i] = coverageOut(c)
	}
	writeJSON(w, http.StatusOK, newList(items))
	return nil
}

func (h *Handler) matrixGaps(w http.ResponseWriter, r *http.Request) error {
	ed, err := queryInt(r, "edition")
	if err != nil {
		return err
	}
	_, groups, err := h.svc.Matrix.Gaps(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"), ed)
	if err != nil {
		return err
	}
	items := []gapJSON{}
	for _, g := range groups {
		for _, x := range g.Gaps {
			items = append(items, gapJSON{FieldID: x.Field.ID, Section: x.Field.Section, Weapon: x.Field.Weapon, Label: x.Field.Label,
				Verified: x.Field.Verified, Status: cellOut(x.Cell).Status})
		}
	}
	writeJSON(w, http.StatusOK, newList(items))
	return nil
}

func (h *Handler) matrixDiff(w http.ResponseWriter, r *http.Request) error {
	from, err := queryInt(r, "from")
	if err != nil {
		return err
	}
	to, err := queryInt(r, "to")
	if err != nil {
		return err
	}
	if from == 0 || to == 0 {
		p := model.Problems{}
		if from == 0 {
			p.Add("from", "give the edition to compare from")
		}
		if to == 0 {
			p.Add("to", "give the edition to compare with")
		}
		return p
	}
	_, _, lines, err := h.svc.Matrix.Diff(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"), from, to)
	if err != nil {
		return err
	}
	items := make([]diffJSON, len(lines))
	for i, l := range lines {
		items[i] = diffJSON{FieldID: l.Field.ID, Before: cellOut(l.Before), After: cellOut(l.After)}
	}
	writeJSON(w, http.StatusOK, newList(items))
	return nil
}

type proposeIn struct {
	Title string `json:"title"`
}

// matrixProposeAction turns a gap into a draft action of the State's plan
// (through the NAPs' ProposeAction).
func (h *Handler) matrixProposeAction(w http.ResponseWriter, r *http.Request) error {
	in, err := bodyAs(r, true, plain(func(in proposeIn) string { return in.Title }))
	if err != nil {
		return err
	}
	return answer(w, http.StatusCreated, h.actionOut)(h.svc.Matrix.ProposeNAPAction(r.Context(), service.ViewerFrom(r.Context()),
		r.PathValue("code"), r.PathValue("fieldID"), in))
}
