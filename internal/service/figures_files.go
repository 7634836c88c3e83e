package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"napx/internal/i18n"
)

// The report builder's workbook (issue 20, item 2): a summary sheet with
// the query, its link and every figure with what it counts, then one sheet
// per figure with the records behind it. Every text cell goes through
// SpreadsheetText (no formula from a record's title reaches a cell).

// ReportWorkbook writes the figures reps of query q as XLSX; link is the
// address that reproduces the report. It is a file for people: its sheet
// names, headers and words are in the language of ctx (exportPrinter);
// the figures' names and the records' State names are the caller's (the
// page's, in the same language).
func ReportWorkbook(ctx context.Context, q FigureQuery, link string, reps []FigureRecords) ([]byte, error) {
	pr := exportPrinter(ctx)
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	summary := sheetText(pr.T("workbooks.fig.sheet"))
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	group := q.Group
	if group == "" {
		group = pr.T("workbooks.fig.all")
	}
	rows := [][]any{
		{pr.T("workbooks.fig.title"), "", "", "", "", ""},
		{pr.T("workbooks.fig.period"), pr.T("workbooks.fig.range", q.From.String(), q.To.String()), "", "", "", ""},
		{pr.T("workbooks.fig.group"), SpreadsheetText(group), "", "", "", ""},
		{pr.T("workbooks.fig.reproduce"), SpreadsheetText(link), "", "", "", ""},
		{"", "", "", "", "", ""},
		anyRow(headerIn(pr, figureCols)),
	}
	for _, r := range reps {
		cf := ""
		if r.Figure.CompleteFrom != nil {
			cf = r.Figure.CompleteFrom.String()
		}
		what := r.Figure.Counts
		if r.Figure.Note != "" {
			what += ". " + r.Figure.Note
		}
		rows = append(rows, []any{r.Figure.ID, SpreadsheetText(r.Figure.Label), r.Figure.Value, cf, r.Figure.Unsourced, SpreadsheetText(what)})
		for _, it := range r.Figure.Items {
			rows = append(rows, []any{r.Figure.ID + "/" + SpreadsheetText(it.Key), SpreadsheetText("  " + it.Label), it.Value, "", "", ""})
		}
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(summary, cell, &row); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(summary, "A6", "F6", bold); err != nil {
		return nil, err
	}
	used := map[string]bool{summary: true}
	for _, r := range reps {
		name := sheetName(r.Figure.ID, used)
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		table := [][]any{anyRow(headerIn(pr, recordCols))}
		for _, rec := range r.Records {
			category, detail := rec.Category, rec.Detail
			if !rec.CategoryMsg.IsZero() && pr.Lang().Code != i18n.English {
				category = pr.Say(rec.CategoryMsg, RefNames())
			}
			if !rec.DetailMsg.IsZero() && pr.Lang().Code != i18n.English {
				detail = pr.Say(rec.DetailMsg, RefNames())
			}
			table = append(table, []any{pr.T("workbooks.kind." + rec.Kind), rec.ID, rec.State, SpreadsheetText(rec.Name), SpreadsheetText(rec.Title), SpreadsheetText(category),
				rec.On, SpreadsheetText(detail), rec.Count, SpreadsheetText(rec.URL), yesNo(pr, rec.Sourced), yesNo(pr, rec.Disputed)})
		}
		if err := writeRows(f, name, table, bold); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// figureCols and recordCols are the summary's and a figure's sheet's
// columns (English: "id", "figure", … and "kind", "id", "state", …).
var (
	figureCols = []string{"workbooks.fig.col.id", "workbooks.fig.col.figure", "workbooks.fig.col.value", "workbooks.fig.col.complete",
		"workbooks.fig.col.unsourced", "workbooks.fig.col.counts"}
	recordCols = []string{"workbooks.rec.col.kind", "workbooks.rec.col.id", "workbooks.rec.col.state", "workbooks.rec.col.name",
		"workbooks.rec.col.title", "workbooks.rec.col.category", "workbooks.rec.col.date", "workbooks.rec.col.detail", "workbooks.rec.col.count",
		"workbooks.rec.col.url", "workbooks.rec.col.sourced", "workbooks.rec.col.disputed"}
)

func yesNo(pr *i18n.Printer, b bool) string {
	if b {
		return pr.T("workbooks.yes")
	}
	return pr.T("workbooks.no")
}

func anyRow(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// sheetText is a translated sheet name within the 31 characters and the
// characters a sheet name may hold.
func sheetText(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

// sheetName is a figure's sheet: its id, within the 31 characters and
// the characters a sheet name may hold, unique in the workbook.
func sheetName(id string, used map[string]bool) string {
	s := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, id)
	if len(s) > 28 {
		s = s[:28]
	}
	name := s
	for i := 2; used[strings.ToLower(name)]; i++ {
		name = s + "-" + strconv.Itoa(i)
	}
	used[strings.ToLower(name)] = true
	return name
}

// ReportFileName is the workbook's file name for q.
func ReportFileName(q FigureQuery) string {
	g := strings.ToLower(q.Group)
	if g == "" {
		g = "all"
	}
	return fmt.Sprintf("napx-figures-%s-%s-%s.xlsx", g, q.From, q.To)
}
