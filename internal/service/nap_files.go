package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// Limits of a plan workbook upload: the route refuses bodies over
// ImportMaxBytes before any work; the parser refuses archives that unpack
// to more than importMaxUnzipped (in all) or importMaxPart (one part), and
// entries that expand more than importMaxRatio times (zip bombs), before
// excelize sees them; excelize itself is opened with the same limits.
const (
	ImportMaxBytes    = 4 << 20
	importMaxUnzipped = 32 << 20
	importMaxPart     = 16 << 20
	importMaxRatio    = 100
	importMaxEntries  = 200
	importMaxActions  = 2000
	importMaxCell     = 20000
)

// Sheet names of a plan workbook, in order.
const (
	SheetPlan     = "plan"
	SheetSections = "sections"
	SheetActions  = "actions"
)

// actionColumns are the columns of the actions sheet (and of the CSV).
var actionColumns = []string{"id", "title", "status", "progress", "start", "due", "section", "priority", "elements", "lead",
	"supporting", "indicator_baseline", "indicator_target", "indicator_actual", "assistance_needed", "assistance_what", "description", "version"}

// planFields are the rows of the plan sheet that an import reads (the
// others are shown for information).
var planFields = []string{"title", "type", "period_start", "period_end", "replaces"}

// --- export ---

// ExportXLSX writes a plan v may read as a workbook with the sheets plan,
// sections and actions. It returns the file and a file name.
func (s *NAPs) ExportXLSX(ctx context.Context, v model.Viewer, id int64) ([]byte, string, error) {
	n, err := s.Get(ctx, v, id)
	if err != nil {
		return nil, "", err
	}
	actions, err := s.db.NAPActions(ctx, id)
	if err != nil {
		return nil, "", err
	}
	return s.planWorkbook(n.NAP, actions, s.now().UTC().Format(time.RFC3339))
}

// planWorkbook writes a plan and its actions as the import reads them;
// stamp is the exported_at line (a submission's workbook gives its time).
func (s *NAPs) planWorkbook(n model.NAP, actions []model.NAPAction, stamp string) ([]byte, string, error) {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, "", err
	}
	if err := f.SetSheetName("Sheet1", SheetPlan); err != nil {
		return nil, "", err
	}
	replaces := ""
	if n.Replaces != 0 {
		replaces = strconv.FormatInt(n.Replaces, 10)
	}
	illustrative := "no"
	if n.Illustrative {
		illustrative = "yes (illustrative demo data)"
	}
	rows := [][]any{
		{"field", "value", "note"},
		{"id", n.ID, "read only"},
		{"state", n.State, "read only"},
		{"title", n.Title, ""},
		{"type", n.Type, strings.Join(model.NAPTypes, ", ")},
		{"period_start", n.PeriodStart, "first year"},
		{"period_end", n.PeriodEnd, "last year"},
		{"replaces", replaces, "the plan this one revises (its number), or empty"},
		{"status", string(n.Status), "read only: changed by the workflow steps"},
		{"authority", n.Authority, "read only: set on adoption"},
		{"adopted_on", n.AdoptedOn.String(), "read only: set on adoption"},
		{"version", n.Version, "read only"},
		{"illustrative", illustrative, "read only"},
		{"exported_at", stamp, "read only"},
	}
	if err := writeRows(f, SheetPlan, rows, bold); err != nil {
		return nil, "", err
	}
	if _, err := f.NewSheet(SheetSections); err != nil {
		return nil, "", err
	}
	rows = [][]any{{"code", "title", "text"}}
	for _, sec := range model.NAPSections {
		rows = append(rows, []any{sec.Code, sec.Title, n.Sections[sec.Code]})
	}
	if err := writeRows(f, SheetSections, rows, bold); err != nil {
		return nil, "", err
	}
	if _, err := f.NewSheet(SheetActions); err != nil {
		return nil, "", err
	}
	rows = [][]any{toAnyRow(actionColumns)}
	for _, a := range actions {
		rows = append(rows, toAnyRow(actionRecord(a)))
	}
	if err := writeRows(f, SheetActions, rows, bold); err != nil {
		return nil, "", err
	}
	for sheet, widths := range map[string][]float64{SheetPlan: {16, 60, 40}, SheetSections: {10, 36, 100}, SheetActions: {8, 50, 12, 10, 12, 12, 10, 10, 30, 30, 30, 20, 20, 20, 12, 30, 60, 8}} {
		for i, w := range widths {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColWidth(sheet, col, col, w); err != nil {
				return nil, "", err
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, "", err
	}
	return buf.Bytes(), fmt.Sprintf("nap-%d-%s.xlsx", n.ID, strings.ToLower(n.State)), nil
}

func toAnyRow(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func writeRows(f *excelize.File, sheet string, rows [][]any, header int) error {
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(rows[0]), 1)
	if err := f.SetCellStyle(sheet, "A1", last, header); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// actionRecord is an action as a row of the actions sheet or CSV.
func actionRecord(a model.NAPAction) []string {
	yes := "no"
	if a.AssistanceNeeded {
		yes = "yes"
	}
	return []string{strconv.FormatInt(a.ID, 10), a.Title, string(a.Status), strconv.Itoa(a.Progress), a.Start.String(), a.Due.String(),
		a.Section, a.Priority, strings.Join(a.Elements, " "), a.Lead, strings.Join(a.Supporting, "; "), a.IndicatorBaseline,
		a.IndicatorTarget, a.IndicatorActual, yes, a.AssistanceWhat, a.Description, strconv.FormatInt(a.Version, 10)}
}

// ActionsCSV writes a plan's actions as CSV (UTF-8, a header line). Cells
// that a spreadsheet would take for a formula are prefixed with an
// apostrophe.
func (s *NAPs) ActionsCSV(ctx context.Context, v model.Viewer, id int64) ([]byte, string, error) {
	n, err := s.Get(ctx, v, id)
	if err != nil {
		return nil, "", err
	}
	actions, err := s.db.NAPActions(ctx, id)
	if err != nil {
		return nil, "", err
	}
	rows := [][]string{append(append([]string{}, actionColumns...), "overdue")}
	today := s.Today()
	for _, a := range actions {
		over := "no"
		if a.Overdue(today) {
			over = "yes"
		}
		rows = append(rows, append(actionRecord(a), over))
	}
	b, err := CSV(rows)
	return b, fmt.Sprintf("nap-%d-%s-actions.csv", n.ID, strings.ToLower(n.State)), err
}

// --- import ---

// ErrBadWorkbook is a workbook napx refuses to read; the message says why.
type ErrBadWorkbook struct{ Reason string }

func (e *ErrBadWorkbook) Error() string { return "the file cannot be imported: " + e.Reason }

func badWorkbook(format string, args ...any) error {
	return &ErrBadWorkbook{Reason: fmt.Sprintf(format, args...)}
}

// WorkbookAction is one row of the actions sheet, as text.
type WorkbookAction struct {
	Row    int               `json:"row"`
	ID     int64             `json:"id,omitempty"`
	Fields map[string]string `json:"fields"`
}

// Workbook is what a plan workbook says, before it is checked against the
// plan: the plan fields, the section texts and the action rows.
type Workbook struct {
	Plan     map[string]string `json:"plan"`
	Sections map[string]string `json:"sections"`
	Actions  []WorkbookAction  `json:"actions"`
}

// ParseWorkbook reads a plan workbook. It refuses, with a message, files
// that are not XLSX, archives that unpack too large or expand like a zip
// bomb, wrong or missing sheets, formulas, unknown columns, and more rows
// or longer cells than a plan has; its memory is bounded by the limits
// above whatever the file claims.
func ParseWorkbook(data []byte) (Workbook, error) {
	if len(data) > ImportMaxBytes {
		return Workbook{}, badWorkbook("the file is larger than %d MiB", ImportMaxBytes>>20)
	}
	if err := checkWorkbookArchive(data, workbookLimits{Noun: "a plan workbook", Parts: importMaxEntries,
		Part: importMaxPart, Unzipped: importMaxUnzipped, Ratio: importMaxRatio}); err != nil {
		if reason, ok := workbookRefusal(err); ok {
			return Workbook{}, badWorkbook("%s", reason)
		}
		return Workbook{}, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: importMaxUnzipped, UnzipXMLSizeLimit: importMaxPart})
	if err != nil {
		return Workbook{}, badWorkbook("it is not a readable XLSX workbook (%v)", shortErr(err))
	}
	defer func() { _ = f.Close() }()
	sheets := f.GetSheetList()
	for _, want := range []string{SheetPlan, SheetSections, SheetActions} {
		if !slices.Contains(sheets, want) {
			return Workbook{}, badWorkbook("the sheet %q is missing; a plan workbook has the sheets plan, sections and actions (export one to see)", want)
		}
	}
	for _, sh := range sheets {
		if sh != SheetPlan && sh != SheetSections && sh != SheetActions {
			return Workbook{}, badWorkbook("the sheet %q is not part of a plan workbook; keep only plan, sections and actions", sh)
		}
	}
	wb := Workbook{Plan: map[string]string{}, Sections: map[string]string{}, Actions: []WorkbookAction{}}
	rows, err := sheetRows(f, SheetPlan, 50, 3)
	if err != nil {
		return Workbook{}, err
	}
	for i, r := range rows {
		if i == 0 || len(r) == 0 {
			continue
		}
		key := strings.TrimSpace(r[0])
		if slices.Contains(planFields, key) {
			wb.Plan[key] = cell(r, 1)
		}
	}
	rows, err = sheetRows(f, SheetSections, 50, 3)
	if err != nil {
		return Workbook{}, err
	}
	for i, r := range rows {
		if i == 0 || len(r) == 0 || strings.TrimSpace(r[0]) == "" {
			continue
		}
		code := strings.TrimSpace(r[0])
		if model.NAPSectionByCode(code) == nil {
			return Workbook{}, badWorkbook("sections row %d: %q is not a key-element section (NAP-01 to NAP-12)", i+1, code)
		}
		wb.Sections[code] = cell(r, 2)
	}
	rows, err = sheetRows(f, SheetActions, importMaxActions+1, len(actionColumns)+2)
	if err != nil {
		return Workbook{}, err
	}
	if len(rows) == 0 {
		return Workbook{}, badWorkbook("the actions sheet has no header row")
	}
	cols := map[int]string{}
	for i, h := range rows[0] {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case h == "" || h == "overdue":
		case slices.Contains(actionColumns, h):
			cols[i] = h
		default:
			return Workbook{}, badWorkbook("the actions sheet has an unknown column %q; the columns are %s", h, strings.Join(actionColumns, ", "))
		}
	}
	for _, need := range []string{"title", "due"} {
		found := false
		for _, c := range cols {
			found = found || c == need
		}
		if !found {
			return Workbook{}, badWorkbook("the actions sheet has no %q column", need)
		}
	}
	for i, r := range rows[1:] {
		wa := WorkbookAction{Row: i + 2, Fields: map[string]string{}}
		empty := true
		for j, c := range r {
			name, ok := cols[j]
			if !ok {
				continue
			}
			c = strings.TrimSpace(c)
			if c != "" {
				empty = false
			}
			if name == "id" {
				if c != "" {
					id, err := strconv.ParseInt(c, 10, 64)
					if err != nil || id <= 0 {
						return Workbook{}, badWorkbook("actions row %d: the id %q is not an action number (leave it empty for a new action)", i+2, c)
					}
					wa.ID = id
				}
				continue
			}
			wa.Fields[name] = c
		}
		if !empty {
			wb.Actions = append(wb.Actions, wa)
		}
	}
	return wb, nil
}

func cell(r []string, i int) string {
	if i < len(r) {
		return strings.TrimSpace(r[i])
	}
	return ""
}

// shortErr is an error for a message: its text, at most 120 bytes.
func shortErr(err error) string { return model.Truncate(err.Error(), 120) }

// sheetRows reads a sheet's rows as text, refusing more rows or columns
// than allowed and overlong cells. Dates typed into a spreadsheet (serial
// numbers in a date format) come back as YYYY-MM-DD.
func sheetRows(f *excelize.File, sheet string, maxRows, maxCols int) ([][]string, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, badWorkbook("the sheet %q cannot be read (%v)", sheet, shortErr(err))
	}
	defer func() { _ = it.Close() }()
	var out [][]string
	for it.Next() {
		if len(out) >= maxRows {
			return nil, badWorkbook("the sheet %q has more than %d rows", sheet, maxRows-1)
		}
		cols, err := it.Columns()
		if err != nil {
			return nil, badWorkbook("the sheet %q cannot be read (%v)", sheet, shortErr(err))
		}
		for len(cols) > 0 && strings.TrimSpace(cols[len(cols)-1]) == "" {
			cols = cols[:len(cols)-1]
		}
		if len(cols) > maxCols {
			return nil, badWorkbook("row %d of the sheet %q has %d columns; a plan workbook has at most %d", len(out)+1, sheet, len(cols), maxCols)
		}
		for _, c := range cols {
			if len(c) > importMaxCell {
				return nil, badWorkbook("row %d of the sheet %q has a cell longer than %d characters", len(out)+1, sheet, importMaxCell)
			}
		}
		out = append(out, cols)
	}
	if err := it.Error(); err != nil {
		return nil, badWorkbook("the sheet %q cannot be read (%v)", sheet, shortErr(err))
	}
	return out, nil
}

// ImportPlan is a checked import, ready to preview and apply: the plan
// input, the actions to create, change and remove, and the versions they
// were checked against (a change meanwhile makes the apply a conflict).
type ImportPlan struct {
	NAPID         int64                     `json:"nap_id"`
	PlanVersion   int64                     `json:"plan_version"`
	RemoveMissing bool                      `json:"remove_missing"`
	Workbook      Workbook                  `json:"workbook"`
	Versions      map[int64]int64           `json:"versions"` // action ID → version checked against
	Remove        []int64                   `json:"remove"`
	plan          model.NAP                 // the plan after the import
	creates       []model.NAPAction         // new actions
	updates       map[int64]model.NAPAction // changed actions by ID
	before        []model.NAPAction
}

// ImportPreview is what an import would change.
type ImportPreview struct {
	Plan  ImportPlan
	Diff  model.NAPDiff
	Token string // names the checked import kept on the server (imports.go), for the apply
}

// workbookInput turns a row into an action input.
func workbookInput(wa WorkbookAction) model.NAPActionInput {
	get := func(k string) *string {
		v, ok := wa.Fields[k]
		if !ok {
			return nil
		}
		return &v
	}
	in := model.NAPActionInput{Title: get("title"), Description: get("description"), Section: get("section"), Priority: get("priority"),
		Status: get("status"), Progress: get("progress"), Start: get("start"), Due: get("due"), Lead: get("lead"),
		IndicatorBaseline: get("indicator_baseline"), IndicatorTarget: get("indicator_target"), IndicatorActual: get("indicator_actual"),
		AssistanceWhat: get("assistance_what"), Comment: "imported from a workbook"}
	for _, k := range []string{"start", "due"} {
		if p := get(k); p != nil {
			d := spreadsheetDate(*p)
			if k == "start" {
				in.Start = &d
			} else {
				in.Due = &d
			}
		}
	}
	if v, ok := wa.Fields["elements"]; ok {
		ids := model.SplitIDs(v)
		in.Elements = &ids
	}
	if v, ok := wa.Fields["supporting"]; ok {
		l := model.SplitList(v)
		in.Supporting = &l
	}
	if v, ok := wa.Fields["assistance_needed"]; ok {
		b := strings.EqualFold(v, "yes") || strings.EqualFold(v, "true") || v == "1" || strings.EqualFold(v, "y")
		in.AssistanceNeeded = &b
	}
	return in
}

// spreadsheetDate accepts YYYY-MM-DD, or a spreadsheet's date serial.
func spreadsheetDate(s string) string {
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 20000 && n < 80000 {
		if t, err := excelize.ExcelDateToTime(n, false); err == nil {
			return t.Format(model.DateLayout)
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Format(model.DateLayout)
	}
	if t, err := time.Parse("2006-01-02 15:04:05", s); err == nil {
		return t.Format(model.DateLayout)
	}
	return s
}

// check validates an import against the plan as it is now, for v. It
// fills the plan with what the apply will write, or returns the problems
// by sheet and row.
func (s *NAPs) check(ctx context.Context, c *store.Conn, v model.Viewer, ip *ImportPlan) error {
	n, err := c.NAP(ctx, ip.NAPID)
	if err != nil {
		return err
	}
	if err := policy.Write(v, policy.NAPRecord(n)); err != nil {
		return err
	}
	if !n.Status.Editable() {
		return model.Problems{"file": "the plan was withdrawn and can no longer be changed"}
	}
	actions, err := c.NAPActions(ctx, ip.NAPID)
	if err != nil {
		return err
	}
	probs := model.Problems{}
	in := model.NAPInput{Sections: map[string]string{}, Version: n.Version}
	for _, k := range planFields {
		if val, ok := ip.Workbook.Plan[k]; ok {
			val := val
			switch k {
			case "title":
				in.Title = &val
			case "type":
				in.Type = &val
			case "period_start":
				in.PeriodStart = &val
			case "period_end":
				in.PeriodEnd = &val
			case "replaces":
				in.Replaces = &val
			}
		}
	}
	for _, sec := range model.NAPSections {
		if t, ok := ip.Workbook.Sections[sec.Code]; ok {
			in.Sections[sec.Code] = t
		} else {
			in.Sections[sec.Code] = n.Sections[sec.Code]
		}
	}
	plan, p := in.Apply(n, false)
	for k, msg := range p {
		probs.Add("plan "+k, "%s", msg)
	}
	s.checkReplaces(ctx, v, plan, probs)
	plan.Version = n.Version
	byID := map[int64]model.NAPAction{}
	for _, a := range actions {
		byID[a.ID] = a
	}
	seen := map[int64]bool{}
	ip.updates, ip.creates = map[int64]model.NAPAction{}, nil
	if ip.Versions == nil {
		ip.Versions = map[int64]int64{}
	}
	for _, wa := range ip.Workbook.Actions {
		where := fmt.Sprintf("actions row %d", wa.Row)
		if wa.ID != 0 {
			cur, ok := byID[wa.ID]
			if !ok {
				probs.Add(where, "action %d is not an action of this plan; leave the id empty for a new action", wa.ID)
				continue
			}
			if seen[wa.ID] {
				probs.Add(where, "action %d appears twice", wa.ID)
				continue
			}
			seen[wa.ID] = true
			in := workbookInput(wa)
			in.Version = cur.Version
			a, p := in.Apply(cur, false, s.tax.Has)
			rowProblems(probs, where, p)
			if want, ok := ip.Versions[wa.ID]; ok && want != cur.Version {
				return conflict(nil, "svcchecks.conflict.action", model.ArgText(strconv.FormatInt(wa.ID, 10)))
			}
			ip.Versions[wa.ID] = cur.Version
			if !slices.Equal(actionRecord(a), actionRecord(cur)) {
				ip.updates[wa.ID] = a
			}
			continue
		}
		a, p := workbookInput(wa).Apply(model.NAPAction{NAPID: n.ID}, true, s.tax.Has)
		rowProblems(probs, where, p)
		ip.creates = append(ip.creates, a)
	}
	ip.Remove = nil
	if ip.RemoveMissing {
		for _, a := range actions {
			if !seen[a.ID] {
				ip.Remove = append(ip.Remove, a.ID)
			}
		}
	}
	if len(probs) > 0 {
		return probs
	}
	ip.plan, ip.before = plan, actions
	return nil
}

// rowProblems adds the problems of one row as one line, field by field in
// a stable order.
func rowProblems(probs model.Problems, where string, p model.Problems) {
	if len(p) == 0 {
		return
	}
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + p[k]
	}
	probs.Add(where, "%s", strings.Join(parts, "; "))
}

// after is the plan's snapshot once the import is applied.
func (ip *ImportPlan) after() model.NAPSnapshot {
	var actions []model.NAPAction
	for _, a := range ip.before {
		if slices.Contains(ip.Remove, a.ID) {
			continue
		}
		if u, ok := ip.updates[a.ID]; ok {
			a = u
		}
		actions = append(actions, a)
	}
	actions = append(actions, ip.creates...)
	return model.Snapshot(ip.plan, actions)
}

// PreviewImport checks a parsed workbook against plan id for v and says
// what applying it would change. Nothing of the plan is written; the
// checked import is kept on the server for its apply (keepPreview).
func (s *NAPs) PreviewImport(ctx context.Context, v model.Viewer, id int64, wb Workbook, removeMissing bool) (ImportPreview, error) {
	cur, err := s.Get(ctx, v, id)
	if err != nil {
		return ImportPreview{}, err
	}
	ip := ImportPlan{NAPID: id, PlanVersion: cur.Version, RemoveMissing: removeMissing, Workbook: wb}
	if err := s.check(ctx, &s.db.Conn, v, &ip); err != nil {
		return ImportPreview{}, err
	}
	token, err := keepPreview(ctx, s.db, s.now().UTC(), v, "nap", strconv.FormatInt(id, 10), ip)
	if err != nil {
		return ImportPreview{}, err
	}
	d := model.DiffSnapshots("the plan as it is now", model.Snapshot(cur.NAP, ip.before), "the plan after the import", ip.after())
	return ImportPreview{Plan: ip, Diff: d, Token: token}, nil
}

// ApplyImport applies the import v previewed for plan id under token, all
// or nothing: exactly what the preview kept on the server, checked again
// inside one transaction; a change to the plan or to any of its actions
// since the preview makes it a conflict. A preview is applied once.
func (s *NAPs) ApplyImport(ctx context.Context, v model.Viewer, id int64, token string) (model.NAPDiff, error) {
	var diff model.NAPDiff
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		n, err := tx.NAPForUpdate(ctx, id)
		if err != nil {
			return err
		}
		// Who may not write to the plan learns nothing about previews.
		if err := policy.Write(v, policy.NAPRecord(n)); err != nil {
			return err
		}
		var ip ImportPlan
		hash, err := loadPreview(ctx, &tx.Conn, s.now().UTC(), v, "nap", strconv.FormatInt(id, 10), token, &ip)
		if err != nil {
			return err
		}
		if ip.NAPID != id {
			return previewGone()
		}
		if err := tx.DeleteImportPreview(ctx, hash); err != nil {
			return err
		}
		if err := s.check(ctx, &tx.Conn, v, &ip); err != nil {
			return err
		}
		if ip.plan.Version != ip.PlanVersion {
			return conflict(nil, "svcchecks.conflict.plan", model.ArgNum(int(ip.PlanVersion)), model.ArgNum(int(ip.plan.Version)))
		}
		before := model.Snapshot(ip.plan, ip.before)
		plan := ip.plan
		if err := tx.UpdateNAP(ctx, &plan); err != nil {
			return err
		}
		for _, rid := range ip.Remove {
			if err := tx.DeleteNAPAction(ctx, rid); err != nil {
				return err
			}
		}
		for _, a := range ip.before {
			u, ok := ip.updates[a.ID]
			if !ok {
				continue
			}
			if err := tx.UpdateNAPAction(ctx, &u); err != nil {
				return err
			}
			if u.Status != a.Status || u.Progress != a.Progress {
				if err := tx.AddActionChange(ctx, &model.ActionChange{ActionID: u.ID, ActorID: v.ID(), Actor: v.Label(), Status: u.Status,
					Progress: u.Progress, PrevStatus: a.Status, PrevProgress: a.Progress, Comment: "imported from a workbook"}); err != nil {
					return err
				}
			}
		}
		for _, a := range ip.creates {
			a := a
			if err := tx.CreateNAPAction(ctx, &a); err != nil {
				return err
			}
			if err := tx.AddActionChange(ctx, &model.ActionChange{ActionID: a.ID, ActorID: v.ID(), Actor: v.Label(), Status: a.Status,
				Progress: a.Progress, Comment: "imported from a workbook"}); err != nil {
				return err
			}
		}
		after := ip.after()
		diff = model.DiffSnapshots("before the import", before, "after the import", after)
		added, removed, changed := diff.Count()
		return tx.Audit(ctx, v, store.AuditRecord{Action: "nap.import", Kind: "nap", RecordID: id,
			Summary: fmt.Sprintf("plan %d imported from a workbook: %d actions added, %d changed, %d removed, %d sections changed", id, added, changed, removed, len(diff.Sections)),
			Before:  before, After: after})
	})
	if err != nil {
		var ce *model.ConflictError
		if errors.As(err, &ce) && ce.Current == nil {
			cur, gerr := s.Get(ctx, v, id)
			if gerr == nil {
				ce.Current = cur
			}
		}
		return model.NAPDiff{}, err
	}
	return diff, nil
}

// playCols are the state of play's columns (English: "state",
// "state_name", "plan_id", …).
var playCols = []string{"workbooks.play.col.state", "workbooks.play.col.state_name", "workbooks.play.col.plan_id", "workbooks.play.col.plan_title",
	"workbooks.play.col.status", "workbooks.play.col.period_start", "workbooks.play.col.period_end", "workbooks.play.col.percent_completed",
	"workbooks.play.col.overdue_actions", "workbooks.play.col.actions", "workbooks.play.col.actions_needing_assistance",
	"workbooks.play.col.last_update", "workbooks.play.col.submitted_on", "workbooks.play.col.submitted_on_disputed",
	"workbooks.play.col.draft_id", "workbooks.play.col.draft_title"}

// PlayTable is the state of play as rows of text with a header, for the
// CSV and XLSX files. They are files for people: headers and words in
// the language of ctx (the States' names are the service's, already in
// it).
func PlayTable(ctx context.Context, sp StateOfPlay) [][]string {
	pr := exportPrinter(ctx)
	rows := [][]string{headerIn(pr, playCols)}
	for _, r := range sp.Rows {
		draft := []string{"", ""}
		if d := r.Draft; d != nil { // a draft in preparation, apart from the plan in force (issue 18, item 5)
			draft = []string{strconv.FormatInt(d.ID, 10), d.Title}
		}
		if r.Plan == nil {
			rows = append(rows, append([]string{r.State, r.StateName, "", pr.T("workbooks.play.noplan"), "", "", "", "", "", "", "", "", "", ""}, draft...))
			continue
		}
		disputed := ""
		if r.Plan.SubmittedDisputed {
			disputed = pr.T("workbooks.play.disputed")
		}
		n := r.Plan
		rows = append(rows, append([]string{r.State, r.StateName, strconv.FormatInt(n.ID, 10), n.Title, pr.T("workbooks.status." + string(n.Status)), strconv.Itoa(n.PeriodStart),
			strconv.Itoa(n.PeriodEnd), strconv.Itoa(r.Percent), strconv.Itoa(r.Overdue), strconv.Itoa(r.Actions), strconv.Itoa(r.Assistance),
			r.LastUpdate.UTC().Format(time.RFC3339), n.SubmittedOn.String(), disputed}, draft...))
	}
	return rows
}

// PlayXLSX is the state of play as a one-sheet workbook (numbers as
// numbers).
func PlayXLSX(ctx context.Context, sp StateOfPlay) ([]byte, error) {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sheet := sheetText(exportPrinter(ctx).T("workbooks.play.sheet"))
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	table := PlayTable(ctx, sp)
	rows := make([][]any, len(table))
	for i, row := range table {
		vals := make([]any, len(row))
		for j, c := range row {
			vals[j] = c
			if i > 0 && c != "" && (j == 2 || (j >= 5 && j <= 10) || j == 14) {
				if n, err := strconv.Atoi(c); err == nil {
					vals[j] = n
				}
			}
		}
		rows[i] = vals
	}
	if err := writeRows(f, sheet, rows, bold); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
