package service

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"napx/internal/model"
)

// The participant list by delegation, as CSV and XLSX. Each holds what
// the viewer may see of the list and nothing more (the same policy as
// the page).

// participantRows returns the rows of the list, delegation by delegation
// (States first, in the order of the invitation), then by status.
func (s *Events) participantRows(ev EventView) [][]string {
	order := map[string]int{}
	for i, q := range ev.Quotas {
		order[q.Org] = i
	}
	ps := slices.Clone(ev.Participants)
	slices.SortStableFunc(ps, func(a, b ParticipantView) int {
		oa, ok := order[a.Org]
		if !ok {
			oa = len(order)
		}
		ob, ok := order[b.Org]
		if !ok {
			ob = len(order)
		}
		if oa != ob {
			return oa - ob
		}
		if a.Org != b.Org {
			return strings.Compare(a.Org, b.Org)
		}
		return participantRank(a.Status) - participantRank(b.Status)
	})
	rows := make([][]string, 0, len(ps))
	for _, p := range ps {
		pos := ""
		if p.Place > 0 {
			pos = strconv.Itoa(p.Place)
		}
		illus := ""
		if p.Illustrative {
			illus = "illustrative demo data"
		}
		seat := seatLabel(p.Seat)
		if p.Seat == "" {
			seat = ""
		}
		rows = append(rows, []string{p.Delegation.Name, p.Delegation.Today, p.Org, p.Name, p.Function, p.Status.Label(), seat, pos,
			p.NominatedAt.UTC().Format("2006-01-02 15:04 UTC"), illus})
	}
	return rows
}

func participantRank(s model.ParticipantStatus) int {
	return slices.Index(model.ParticipantStatuses, s)
}

// ParticipantsCSV is the participant list of an event as CSV.
func (s *Events) ParticipantsCSV(ctx context.Context, v model.Viewer, id int64) ([]byte, string, error) {
	ev, err := s.Get(ctx, v, id)
	if err != nil {
		return nil, "", err
	}
	var b bytes.Buffer
	b.WriteString("\ufeff") // so that spreadsheet programs read UTF-8
	w := csv.NewWriter(&b)
	if err := w.Write(headerIn(exportPrinter(ctx), participantCols)); err != nil {
		return nil, "", err
	}
	for _, r := range s.participantRows(ev) {
		for i := range r {
			r[i] = SpreadsheetText(r[i])
		}
		if err := w.Write(r); err != nil {
			return nil, "", err
		}
	}
	w.Flush()
	return b.Bytes(), fileName(ev, "csv"), w.Error()
}

// ParticipantsXLSX is the participant list of an event as a workbook:
// one sheet with every delegate by delegation, one with the quotas.
func (s *Events) ParticipantsXLSX(ctx context.Context, v model.Viewer, id int64) ([]byte, string, error) {
	ev, err := s.Get(ctx, v, id)
	if err != nil {
		return nil, "", err
	}
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	pr := exportPrinter(ctx) // a file for people: the reader's language
	sheet := pr.T("exports.sheet.participants")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, "", err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, "", err
	}
	title := ev.Title
	if ev.Code != "" {
		title += " (" + ev.Code + ")"
	}
	if err := f.SetCellStr(sheet, "A1", title+", "+ev.Start.Long()+" – "+ev.End.Long()); err != nil {
		return nil, "", err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", bold); err != nil {
		return nil, "", err
	}
	header := make([]any, len(participantCols))
	for i, h := range headerIn(pr, participantCols) {
		header[i] = h
	}
	if err := f.SetSheetRow(sheet, "A3", &header); err != nil {
		return nil, "", err
	}
	if err := f.SetCellStyle(sheet, "A3", "J3", bold); err != nil {
		return nil, "", err
	}
	for i, r := range s.participantRows(ev) {
		row := make([]any, len(r))
		for j, c := range r {
			row[j] = c // a typed string: never a formula, so no prefix
		}
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+4), &row); err != nil {
			return nil, "", err
		}
	}
	if err := f.SetColWidth(sheet, "A", "B", 34); err != nil {
		return nil, "", err
	}
	if err := f.SetColWidth(sheet, "D", "E", 30); err != nil {
		return nil, "", err
	}
	qs := pr.T("exports.sheet.quotas")
	if _, err := f.NewSheet(qs); err != nil {
		return nil, "", err
	}
	qh := make([]any, len(quotaCols))
	for i, h := range headerIn(pr, quotaCols) {
		qh[i] = h
	}
	if err := f.SetSheetRow(qs, "A1", &qh); err != nil {
		return nil, "", err
	}
	if err := f.SetCellStyle(qs, "A1", "H1", bold); err != nil {
		return nil, "", err
	}
	for i, q := range ev.Quotas {
		row := []any{q.Delegation.Name, q.Delegation.Today, q.Org, q.Seats, q.ViaGroup, q.Held, q.Waiting, q.Confirmed}
		if err := f.SetSheetRow(qs, fmt.Sprintf("A%d", i+2), &row); err != nil {
			return nil, "", err
		}
	}
	if err := f.SetColWidth(qs, "A", "B", 34); err != nil {
		return nil, "", err
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, "", err
	}
	return b.Bytes(), fileName(ev, "xlsx"), nil
}

func fileName(ev EventView, ext string) string {
	base := ev.Code
	if base == "" {
		base = fmt.Sprintf("event-%d", ev.ID)
	}
	base = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, base)
	return base + "-participants." + ext
}
