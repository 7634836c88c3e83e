package service

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The report builder's workbook (issue 20, item 2): a summary sheet with
// the query, its link and every figure with what it counts, then one sheet
// per figure with the records behind it. Every text cell goes through
// SpreadsheetText (no formula from a record's title reaches a cell).

// ReportWorkbook writes the figures reps of query q as XLSX; link is the
// address that reproduces the report.
func ReportWorkbook(q FigureQuery, link string, reps []FigureRecords) ([]byte, error) {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	const summary = "figures"
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	group := q.Group
	if group == "" {
		group = "every State and organisation"
	}
	rows := [][]any{
		{"napx — the Committee's figures", "", "", "", "", ""},
		{"period", q.From.String() + " to " + q.To.String(), "", "", "", ""},
		{"group", SpreadsheetText(group), "", "", "", ""},
		{"reproduce", SpreadsheetText(link), "", "", "", ""},
		{"", "", "", "", "", ""},
		{"id", "figure", "value", "complete from", "records without a source", "what it counts"},
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
		table := [][]any{{"kind", "id", "state", "state name", "title", "category", "date", "detail", "count", "url", "sourced", "disputed"}}
		for _, rec := range r.Records {
			table = append(table, []any{rec.Kind, rec.ID, rec.State, SpreadsheetText(rec.Name), SpreadsheetText(rec.Title), SpreadsheetText(rec.Category),
				rec.On, SpreadsheetText(rec.Detail), rec.Count, SpreadsheetText(rec.URL), yesNo(rec.Sourced), yesNo(rec.Disputed)})
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

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
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
