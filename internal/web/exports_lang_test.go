package web_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestPeoplesFilesInTheReadersLanguage: a participant list (a file for
// people) has its headers and sheet names in the reader's language; the
// matrix workbook (an import template napx reads back) keeps its English
// headers in every language, so a workbook exported by a French reader
// imports as it is. The controls: the English list is English, and the
// Spanish list's rows are the same as the English one's.
func TestPeoplesFilesInTheReadersLanguage(t *testing.T) {
	eachDemo(t, "2017-09-01T10:00:00Z", func(t *testing.T, app *webtest.App, id int64) {
		org := app.Account("RACVIAC", model.RoleViewer)
		rows := func(lang string) [][]string {
			rec := org.Get(fmt.Sprintf("/events/%d/participants.csv?lang=%s", id, lang))
			r, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
			if err != nil || len(r) < 2 {
				t.Fatalf("CSV in %s: %v %v", lang, err, r)
			}
			return r
		}
		en, es := rows("en"), rows("es")
		if en[0][0] != "Delegation" || es[0][0] != "Delegación" || es[0][3] != "Nombre" {
			t.Errorf("headers: en %v, es %v", en[0], es[0])
		}
		if len(en) != len(es) || strings.Join(en[1], "|") != strings.Join(es[1], "|") {
			t.Errorf("the rows changed with the language: %v / %v", en[1], es[1])
		}
		x := org.Get(fmt.Sprintf("/events/%d/participants.xlsx?lang=es", id))
		f, err := excelize.OpenReader(bytes.NewReader(x.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = f.Close() }()
		if got := strings.Join(f.GetSheetList(), ","); got != "Participantes,Cupos" {
			t.Errorf("sheets in Spanish: %s", got)
		}
		// An import template: the same headers in every language.
		first := func(lang string) string {
			rec := org.Get("/states/HRV/matrix.xlsx?lang=" + lang)
			w, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
			if err != nil {
				t.Fatalf("matrix workbook in %s: %d %v", lang, rec.Code, err)
			}
			defer func() { _ = w.Close() }()
			sheets := w.GetSheetList()
			r, _ := w.GetRows(sheets[0])
			if len(r) == 0 {
				t.Fatalf("matrix workbook in %s: empty", lang)
			}
			return strings.Join(sheets, ",") + "|" + strings.Join(r[0], ",")
		}
		if a, b := first("en"), first("fr"); a != b {
			t.Errorf("the matrix workbook changed with the language:\n%s\n%s", a, b)
		}
	})
}
