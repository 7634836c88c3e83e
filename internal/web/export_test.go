package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

func TestSpreadsheetText(t *testing.T) {
	for in, want := range map[string]string{
		"plain": "plain", "-": "-", "+": "+", "=": "=", "@": "@", "": "", "-12.5": "-12.5", "+385": "+385", "2024-05-01": "2024-05-01",
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")", "+385 1 234 567": "'+385 1 234 567", "@SUM(A1)": "'@SUM(A1)",
		"-2+3": "'-2+3", " =1+1": "' =1+1", "\t=1+1": "'\t=1+1", "-Inf": "'-Inf", "-0x1p2": "'-0x1p2", "\tplain": "\tplain",
	} {
		if got := service.SpreadsheetText(in); got != want {
			t.Errorf("SpreadsheetText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOneExportRule: XLSX cells are typed strings, written as they are
// (no apostrophe, never a formula); CSV prefixes only what a spreadsheet
// would read as a formula (the matrix's weapon column "-" stays "-").
func TestOneExportRule(t *testing.T) {
	eachDemo(t, "2017-09-01T10:00:00Z", func(t *testing.T, app *webtest.App, id int64) {
		hrv := app.Account("HRV", model.RoleCoordinator)
		const formula = "=HYPERLINK(\"http://x\")"
		if _, err := app.Services.Events.Nominate(context.Background(), hrv.Viewer, id, service.Given(model.NominationInput{Name: formula})); err != nil {
			t.Fatal(err)
		}
		org := app.Account("RACVIAC", model.RoleViewer)
		x := org.Get(fmt.Sprintf("/events/%d/participants.xlsx", id))
		f, err := excelize.OpenReader(bytes.NewReader(x.Body.Bytes()))
		if err != nil {
			t.Fatalf("XLSX: %v", err)
		}
		rows, _ := f.GetRows("Participants")
		found := false
		for i, r := range rows {
			if len(r) > 3 && strings.Contains(r[3], "HYPERLINK") {
				found = true
				cell := fmt.Sprintf("D%d", i+1)
				typ, _ := f.GetCellType("Participants", cell)
				fm, _ := f.GetCellFormula("Participants", cell)
				if r[3] != formula || fm != "" || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
					t.Errorf("participants XLSX %s = %q (type %v, formula %q), want the name as a typed string without prefix", cell, r[3], typ, fm)
				}
			}
		}
		if !found {
			t.Error("the nominated delegate is not in the XLSX")
		}
		// The matrix CSV: "-" is not a formula.
		rec := app.Get("/states/HRV/matrix.csv")
		if rec.Code != 200 {
			t.Fatalf("matrix CSV: %d", rec.Code)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs[1:] {
			if r[0] == "OP1-01" && r[3] != "-" {
				t.Errorf("matrix CSV weapon of OP1-01: %q, want -", r[3])
			}
			for _, c := range r {
				if strings.HasPrefix(c, "'") && !strings.ContainsAny(c[1:2], "=+-@ \t") {
					t.Errorf("a harmless value is prefixed: %q", c)
				}
			}
		}
	})
}
