package api

import (
	"errors"
	"mime"
	"net/http"
	"strings"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// The pages' two-step workbook imports (a plan's actions, a State's
// matrix), for scripts (issue 16, item 5): the workbook is sent as the
// request body; the preview answers what applying it would change and a
// token; the apply sends the token and applies exactly what was
// previewed, all or nothing.

// xlsxType is the media type of a workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// workbookBodyLimit is the largest workbook a preview accepts.
const workbookBodyLimit = service.MaxImportBytes + 64<<10

// workbookBody reads a workbook sent as the body: XLSX or octet-stream.
func workbookBody(r *http.Request) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != xlsxType && mt != "application/octet-stream") {
		return nil, &unsupportedMedia{"send the workbook as the body with Content-Type: " + xlsxType}
	}
	b, err := readBody(r, false)
	if err != nil {
		return nil, err
	}
	if len(b.data) == 0 {
		return nil, model.Problems{"file": "the body is empty; send an XLSX workbook"}
	}
	return b.data, nil
}

type tokenIn struct {
	Token string `json:"token" doc:"the token of the preview"`
}

type napImportJSON struct {
	Token string        `json:"token" doc:"send it to …/import/apply to apply exactly this (an hour, once)"`
	Diff  model.NAPDiff `json:"diff" doc:"what applying the workbook would change"`
}

type matrixImportChangeJSON struct {
	FieldID string   `json:"field_id"`
	Where   string   `json:"where" doc:"sheet and cell in the workbook"`
	Stale   bool     `json:"stale" doc:"the cell changed since the workbook was exported"`
	Before  cellJSON `json:"before"`
	After   cellJSON `json:"after"`
}

type matrixImportJSON struct {
	Token       string                   `json:"token" doc:"empty when nothing would change or the workbook is stale"`
	FileEdition int                      `json:"file_edition"`
	BaseEdition int                      `json:"base_edition" doc:"the edition the changes apply to, or that a new draft would copy (0: none)"`
	NewDraft    bool                     `json:"new_draft"`
	Changes     []matrixImportChangeJSON `json:"changes"`
	Unchanged   int                      `json:"unchanged"`
	Stale       int                      `json:"stale"`
}

func (h *Handler) registerImports(rt *httpx.Router) {
	id := httpx.Param{Name: "id", In: "path", Required: true, Description: "the plan", Schema: httpx.Schema{"type": "integer"}}
	state := httpx.Param{Name: "code", In: "path", Required: true, Description: "the State's alpha-3 code", Schema: httpx.Schema{"type": "string"}}
	wb := httpx.Schema{"type": "string", "format": "binary"}
	rt.Handle("POST", Prefix+"/naps/{id}/import", h.wrap(h.previewNAPImport), httpx.BodyLimit(workbookBodyLimit), httpx.Doc(httpx.Op{
		ID: "previewNAPImport", Tag: "naps", Summary: "Preview a plan workbook (XLSX exported from the plan): what applying it would change",
		Description: "The body is the workbook (Content-Type " + xlsxType + "). Nothing changes until the apply.",
		Params:      []httpx.Param{id, {Name: "remove_missing", In: "query", Description: "`true`: actions missing from the workbook are removed", Schema: strEnum("true", "false")}},
		RequestType: xlsxType, Request: wb,
		Responses: map[int]httpx.Answer{200: {Description: "the preview", Schema: ref("NAPImportPreview")}},
	}))
	rt.Handle("POST", Prefix+"/naps/{id}/import/apply", h.wrap(h.applyNAPImport), httpx.Doc(httpx.Op{
		ID: "applyNAPImport", Tag: "naps", Summary: "Apply exactly what was previewed, all or nothing",
		Params: []httpx.Param{id}, Request: ref("ImportToken"),
		Responses: map[int]httpx.Answer{200: {Description: "what was applied", Schema: ref("NAPDiff")}},
	}))
	rt.Handle("POST", Prefix+"/states/{code}/matrix/import", h.wrap(h.previewMatrixImport), httpx.BodyLimit(workbookBodyLimit), httpx.Doc(httpx.Op{
		ID: "previewMatrixImport", Tag: "matrix", Summary: "Preview a matrix workbook (the Committee's experts): what applying it would change, cell by cell",
		Description: "The body is the workbook (Content-Type " + xlsxType + "). A workbook with a stale cell is not offered for applying.",
		Params:      []httpx.Param{state}, RequestType: xlsxType, Request: wb,
		Responses: map[int]httpx.Answer{200: {Description: "the preview", Schema: ref("MatrixImportPreview")}},
	}))
	rt.Handle("POST", Prefix+"/states/{code}/matrix/import/apply", h.wrap(h.applyMatrixImport), httpx.Doc(httpx.Op{
		ID: "applyMatrixImport", Tag: "matrix", Summary: "Apply exactly what was previewed, all or nothing",
		Params: []httpx.Param{state}, Request: ref("ImportToken"),
		Responses: map[int]httpx.Answer{200: {Description: "the cells changed", Schema: listOf("MatrixCell")}},
	}))
}

func (h *Handler) previewNAPImport(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	// Who may not change the plan learns nothing of what they upload.
	if _, err := h.svc.NAPs.GetForEdit(ctx, v, id[0]); err != nil {
		return err
	}
	data, err := workbookBody(r)
	if err != nil {
		return err
	}
	wb, err := service.ParseWorkbook(data)
	var bad *service.ErrBadWorkbook
	if errors.As(err, &bad) {
		return model.Problems{"file": bad.Reason}
	}
	if err != nil {
		return err
	}
	remove := strings.EqualFold(r.URL.Query().Get("remove_missing"), "true")
	pv, err := h.svc.NAPs.PreviewImport(ctx, v, id[0], wb, remove)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, napImportJSON{Token: pv.Token, Diff: pv.Diff})
	return nil
}

func (h *Handler) applyNAPImport(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	var in tokenIn
	if err := decode(r, &in); err != nil {
		return err
	}
	return answer(w, http.StatusOK, func(d model.NAPDiff) model.NAPDiff { return d })(
		h.svc.NAPs.ApplyImport(r.Context(), service.ViewerFrom(r.Context()), id[0], in.Token))
}

func (h *Handler) previewMatrixImport(w http.ResponseWriter, r *http.Request) error {
	code := strings.ToUpper(r.PathValue("code"))
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	// Who may not edit the matrix learns nothing of what they upload.
	if err := h.svc.Matrix.CheckEdit(ctx, v, code); err != nil {
		return err
	}
	data, err := workbookBody(r)
	if err != nil {
		return err
	}
	pv, err := h.svc.Matrix.PreviewImport(ctx, v, code, data)
	if err != nil {
		return err
	}
	out := matrixImportJSON{Token: pv.Token, FileEdition: pv.FileEdition, BaseEdition: pv.Base.Number, NewDraft: pv.NewDraft,
		Changes: make([]matrixImportChangeJSON, len(pv.Changes)), Unchanged: pv.Unchanged, Stale: pv.Stale}
	for i, c := range pv.Changes {
		after, _ := c.After.Validate(func(string) bool { return true })
		out.Changes[i] = matrixImportChangeJSON{FieldID: c.Field.ID, Where: c.Where, Stale: c.Stale, Before: cellOut(c.Before), After: cellOut(after)}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) applyMatrixImport(w http.ResponseWriter, r *http.Request) error {
	var in tokenIn
	if err := decode(r, &in); err != nil {
		return err
	}
	cells, err := h.svc.Matrix.ApplyImport(r.Context(), service.ViewerFrom(r.Context()), strings.ToUpper(r.PathValue("code")), in.Token)
	if err != nil {
		return err
	}
	items := make([]cellJSON, len(cells))
	for i, c := range cells {
		items[i] = cellOut(c)
	}
	writeJSON(w, http.StatusOK, newList(items))
	return nil
}
