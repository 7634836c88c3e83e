package service_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/csv"
	"errors"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// seedRoundTrip gives Croatia an approved edition with varied cells and
// returns its workbook.
func seedRoundTrip(t testing.TB, svc *service.Services) []byte {
	t.Helper()
	ctx := context.Background()
	var cells []model.MatrixCell
	for i, f := range svc.Matrix.Taxonomy().Fields {
		c := model.MatrixCell{FieldID: f.ID}
		switch i % 5 {
		case 0:
			c.Status, c.Reference = model.CellX, "Act No. "+f.ID+", art. 12 — ‘quoted’, \"double\", comma, and a\nsecond line"
		case 1:
			c.Status, c.Remarks = model.CellQ, "=1+1 is text here, not a formula"
		case 2:
			c.Status, c.Source = model.CellNA, "https://example.org/report.pdf p. 4"
		case 3:
			c.Remarks = "Ž, ć, ş — non-ASCII"
		}
		if !c.Empty() {
			cells = append(cells, c)
		}
	}
	if err := svc.Demo.MatrixEditions(ctx, model.SystemViewer("test"), "HRV", []service.IllustrativeEdition{{Status: model.EditionApproved, Cells: cells}}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := svc.Matrix.ExportXLSX(ctx, model.Anonymous, "HRV", 0, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestMatrixXLSXRoundTrip: the workbook holds one sheet per section laid
// out like the Committee's matrix, reads back to exactly the cells it was
// written from, and importing it unchanged changes nothing; an edited
// workbook previews its changes cell by cell and applies them.
func TestMatrixXLSXRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := matrixServices(t, db)
		mx := svc.Matrix
		data := seedRoundTrip(t, svc)
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(f.GetSheetList(), "|"); got != "OP 1|OP 2|OP 3 (a) and (b)|OP 3 (c) and (d)" {
			t.Errorf("sheets: %s", got)
		}
		op2, _ := f.GetRows("OP 2")
		joined := ""
		for _, r := range op2 {
			joined += strings.Join(r, "\t") + "\n"
		}
		for _, want := range []string{"Nuclear weapons (NW) and their means of delivery", "Chemical weapons (CW)", "Biological weapons (BW)",
			"LF status\tLF legal reference", "EN status", "OP2-NW-01\t1\tManufacture/produce\t" + service.WordingNote} {
			if !strings.Contains(joined, want) {
				t.Errorf("OP 2 sheet lacks %q", want)
			}
		}
		op1, _ := f.GetRows("OP 1")
		if !strings.Contains(strings.Join(op1[5], "|"), "if YES, relevant information") || op1[6][0] != "OP1-01" || op1[6][3] != "verified wording" {
			t.Errorf("OP 1 sheet: %v / %v", op1[5], op1[6])
		}
		_ = f.Close()

		file, err := mx.ParseMatrixXLSX(data)
		if err != nil {
			t.Fatal(err)
		}
		mv, err := mx.Latest(ctx, model.Anonymous, "HRV")
		if err != nil {
			t.Fatal(err)
		}
		if file.State != "HRV" || file.Edition != 1 || len(file.Cells) != 323 {
			t.Fatalf("file: %s %d %d cells", file.State, file.Edition, len(file.Cells))
		}
		for id, c := range mv.Cells {
			fc := file.Cells[id]
			if string(c.Status) != fc.Status || c.Reference != fc.Reference || c.Remarks != fc.Remarks || c.Source != fc.Source || c.Version != fc.Version {
				t.Errorf("%s: wrote %+v, read %+v", id, c, fc)
			}
		}
		expert := people(t, svc)["expert"]
		p, err := mx.PreviewImport(ctx, expert, "HRV", data)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Changes) != 0 || p.Unchanged != 323 || !p.NewDraft {
			t.Errorf("an unchanged workbook: %d changes, %d unchanged", len(p.Changes), p.Unchanged)
		}

		// Edit two cells in a spreadsheet and import.
		f, _ = excelize.OpenReader(bytes.NewReader(data))
		rows, _ := f.GetRows("OP 2")
		for i, r := range rows {
			if len(r) > 0 && r[0] == "OP2-CW-03" {
				cell, _ := excelize.CoordinatesToCellName(5, i+1) // LF status
				_ = f.SetCellStr("OP 2", cell, "NA")
				cell, _ = excelize.CoordinatesToCellName(12, i+1) // EN remarks
				_ = f.SetCellStr("OP 2", cell, "changed in a spreadsheet")
			}
		}
		var edited bytes.Buffer
		_, _ = f.WriteTo(&edited)
		_ = f.Close()
		p, err = mx.PreviewImport(ctx, expert, "HRV", edited.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Changes) != 2 || p.Changes[0].Field.ID != "OP2-CW-03.LF" || p.Changes[0].After.Status != "NA" ||
			p.Changes[1].Field.ID != "OP2-CW-03.EN" || p.Changes[1].Where != "OP 2!J"+p.Changes[1].Where[len("OP 2!J"):] || p.Stale != 0 {
			t.Fatalf("preview: %+v", p.Changes)
		}
		// Only the Committee's experts import; the State gets 403.
		if _, err := mx.PreviewImport(ctx, people(t, svc)["HRV coordinator"], "HRV", edited.Bytes()); outcome(err) != "403" {
			t.Errorf("the State previews an import: %v", err)
		}
		if _, err := mx.ApplyImport(ctx, people(t, svc)["HRV coordinator"], "HRV", p.Token); outcome(err) != "403" {
			t.Errorf("the State imports: %v", err)
		}
		if _, err := mx.ApplyImport(ctx, expert, "HRV", p.Token); err != nil {
			t.Fatal(err)
		}
		mv, err = mx.Latest(ctx, expert, "HRV")
		if err != nil || mv.Edition.Number != 2 || mv.Edition.Status != model.EditionDraft || mv.Cells["OP2-CW-03.LF"].Status != model.CellNA {
			t.Fatalf("after the import: edition %d %s, %+v, %v", mv.Edition.Number, mv.Edition.Status, mv.Cells["OP2-CW-03.LF"], err)
		}
		// A preview is applied once.
		if _, err := mx.ApplyImport(ctx, expert, "HRV", p.Token); outcome(err) != "422" {
			t.Fatalf("the same preview again: %v", err)
		}
		// The same workbook again is all or nothing: its versions are stale,
		// so none of its cells is saved.
		f, _ = excelize.OpenReader(bytes.NewReader(edited.Bytes()))
		rows, _ = f.GetRows("OP 2")
		for i, r := range rows {
			if len(r) > 0 && r[0] == "OP2-CW-03" {
				cell, _ := excelize.CoordinatesToCellName(12, i+1) // EN remarks
				_ = f.SetCellStr("OP 2", cell, "another change")
			}
		}
		edited.Reset()
		_, _ = f.WriteTo(&edited)
		_ = f.Close()
		p, err = mx.PreviewImport(ctx, expert, "HRV", edited.Bytes())
		if err != nil || p.Stale == 0 || p.Token != "" {
			t.Fatalf("a stale preview is offered for applying: stale %d, token %q, %v", p.Stale, p.Token, err)
		}
		// A fresh workbook of the draft, previewed; a cell changes before
		// the apply: nothing at all is saved.
		var draft bytes.Buffer
		if _, err := mx.ExportXLSX(ctx, expert, "HRV", 2, &draft); err != nil {
			t.Fatal(err)
		}
		f, _ = excelize.OpenReader(bytes.NewReader(draft.Bytes()))
		rows, _ = f.GetRows("OP 2")
		for i, r := range rows {
			if len(r) > 0 && r[0] == "OP2-CW-03" {
				cell, _ := excelize.CoordinatesToCellName(12, i+1) // EN remarks
				_ = f.SetCellStr("OP 2", cell, "another change")
				cell, _ = excelize.CoordinatesToCellName(7, i+1) // LF remarks
				_ = f.SetCellStr("OP 2", cell, "and one more")
			}
		}
		edited.Reset()
		_, _ = f.WriteTo(&edited)
		_ = f.Close()
		p, err = mx.PreviewImport(ctx, expert, "HRV", edited.Bytes())
		if err != nil || p.Stale != 0 || p.Token == "" || len(p.Changes) != 2 {
			t.Fatalf("a fresh preview: %d changes, stale %d, token %q, %v", len(p.Changes), p.Stale, p.Token, err)
		}
		cur := mv.Cells["OP2-CW-03.LF"]
		if _, err := mx.SetCell(ctx, expert, "HRV", service.Given(model.MatrixCellInput{FieldID: "OP2-CW-03.LF", Status: "X", Version: cur.Version})); err != nil {
			t.Fatal(err)
		}
		if _, err := mx.ApplyImport(ctx, expert, "HRV", p.Token); outcome(err) != "409" {
			t.Fatalf("an import whose cell changed since the preview: %v", err)
		}
		mv, _ = mx.Latest(ctx, expert, "HRV")
		if mv.Cells["OP2-CW-03.EN"].Remarks != "changed in a spreadsheet" {
			t.Error("a refused import saved a cell")
		}
		entries, _ := db.AuditEntries(ctx, model.AuditFilter{Action: "matrix.cells.import", Limit: 10})
		if len(entries) != 1 {
			t.Errorf("%d import audit entries", len(entries))
		}
	})
}

// TestMatrixCSV: one line per field, with the label's wording flag, and
// text that a spreadsheet would run as a formula defused.
func TestMatrixCSV(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := matrixServices(t, db)
		seedRoundTrip(t, svc)
		var buf bytes.Buffer
		if _, err := svc.Matrix.ExportCSV(context.Background(), model.Anonymous, "HRV", 0, &buf); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 324 || recs[0][0] != "field_id" || recs[1][0] != "OP1-01" || recs[1][7] != "verified wording" {
			t.Fatalf("%d lines; first %v", len(recs), recs[:2])
		}
		for _, r := range recs[1:] {
			if strings.HasPrefix(r[10], "=") {
				t.Errorf("%s: remarks start with = (a formula in a spreadsheet)", r[0])
			}
			if r[15] != "" {
				t.Errorf("%s: the public CSV names the person who edited", r[0])
			}
		}
	})
}

// hostile builds workbooks that must be refused.
func hostile(t testing.TB, good []byte) map[string][]byte {
	t.Helper()
	edit := func(fn func(f *excelize.File)) []byte {
		f, err := excelize.OpenReader(bytes.NewReader(good))
		if err != nil {
			t.Fatal(err)
		}
		fn(f)
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	out := map[string][]byte{
		"empty":       {},
		"not a zip":   []byte("field_id,status\nOP1-01,X\n"),
		"truncated":   good[:len(good)/2],
		"renamed":     edit(func(f *excelize.File) { _ = f.SetSheetName("OP 2", "Sheet2") }),
		"extra sheet": edit(func(f *excelize.File) { _, _ = f.NewSheet("Notes") }),
		"formula":     edit(func(f *excelize.File) { _ = f.SetCellFormula("OP 1", "E7", "IF(1=1,\"X\",\"?\")") }),
		"bad status":  edit(func(f *excelize.File) { _ = f.SetCellStr("OP 1", "E7", "Yes") }),
		"unknown id":  edit(func(f *excelize.File) { _ = f.SetCellStr("OP 1", "A7", "OP1-99") }),
		"other state": edit(func(f *excelize.File) {
			for _, s := range f.GetSheetList() {
				_ = f.SetCellStr(s, "B2", "SRB")
			}
		}),
		"beyond the last column": edit(func(f *excelize.File) { _ = f.SetCellStr("OP 1", "Z9", "stray") }),
		"bad version":            edit(func(f *excelize.File) { _ = f.SetCellStr("OP 1", "I7", "two") }),
		"missing rows":           edit(func(f *excelize.File) { _ = f.RemoveRow("OP 3 (c) and (d)", 9) }),
		"headings changed":       edit(func(f *excelize.File) { _ = f.SetCellStr("OP 2", "E7", "Status") }),
		"too many rows":          edit(func(f *excelize.File) { _ = f.SetCellStr("OP 1", "A1200", ""); _ = f.SetCellStr("OP 1", "B1200", "x") }),
		"huge":                   append(append([]byte{}, good...), make([]byte, service.MaxImportBytes)...),
	}
	return out
}

// zipBomb is a zip whose worksheet inflates to 256 MiB. Honest: the
// header declares it; lying: the header claims a few bytes. The deflate
// stream is one compressed MiB repeated (each piece flushed, so the
// pieces join into one valid stream), which is quick to build.
func zipBomb(t testing.TB, lie bool) []byte {
	t.Helper()
	const pieces = 256
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	var piece bytes.Buffer
	fw, _ := flate.NewWriter(&piece, flate.BestCompression)
	_, _ = fw.Write(chunk)
	_ = fw.Flush()
	var comp bytes.Buffer
	crc := crc32.NewIEEE()
	for range pieces {
		comp.Write(piece.Bytes())
		_, _ = crc.Write(chunk)
	}
	end, _ := flate.NewWriter(&comp, flate.BestCompression)
	_ = end.Close() // the final, empty block
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte(`<?xml version="1.0"?><x/>`))
	}
	h := &zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: pieces << 20}
	if lie {
		h.UncompressedSize64 = 100
	}
	w, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(comp.Bytes())
	_ = zw.Close()
	return buf.Bytes()
}

// TestZipBombIsReal: the honest bomb really inflates to 256 MiB (so the
// importer's refusal is what keeps memory bounded).
func TestZipBombIsReal(t *testing.T) {
	data := zipBomb(t, false)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[2].Open()
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, rc)
	if err != nil || n != 256<<20 || len(data) > 1<<20 {
		t.Fatalf("inflated %d bytes from %d, %v", n, len(data), err)
	}
}

// TestMatrixImportRefusesHostileWorkbooks: wrong layouts, formulas, huge
// files and zip bombs are refused with a message naming the problem, and
// reading a bomb stays within bounded memory.
func TestMatrixImportRefusesHostileWorkbooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := matrixServices(t, db)
		good := seedRoundTrip(t, svc)
		expert := people(t, svc)["expert"]
		wants := map[string]string{
			"empty": "not an XLSX", "not a zip": "not an XLSX", "truncated": "not an XLSX", "renamed": "its sheets are",
			"extra sheet": "its sheets are", "formula": "OP 1!E7 holds a formula", "bad status": `OP 1!E7 (OP1-01 status)`, "unknown id": `"OP1-99" is not a field`,
			"other state": "not of Croatia", "beyond the last column": "OP 1!Z9", "bad version": "OP 1!I7", "missing rows": "missing",
			"headings changed": `"LF status"`, "too many rows": "more than 1000 rows", "huge": "larger than 4 MiB",
			"declared bomb": "unpacks to more than", "lying bomb": "inflates beyond the size its header declares",
		}
		cases := hostile(t, good)
		cases["declared bomb"] = zipBomb(t, false)
		cases["lying bomb"] = zipBomb(t, true)
		for name, data := range cases {
			t.Run(name, func(t *testing.T) {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				_, err := svc.Matrix.PreviewImport(context.Background(), expert, "HRV", data)
				runtime.ReadMemStats(&after)
				p, ok := model.AsProblems(err)
				if !ok || p["file"] == "" {
					t.Fatalf("accepted or not a problem of the file field: %v", err)
				}
				if !strings.Contains(p["file"], wants[name]) {
					t.Errorf("message %q lacks %q", p["file"], wants[name])
				}
				if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
					t.Errorf("refusing it allocated %d MiB", grew>>20)
				}
			})
		}
		// Nothing was written by any of it.
		eds, _ := svc.Matrix.Editions(context.Background(), expert, "HRV")
		if len(eds) != 1 {
			t.Errorf("%d editions after refused imports", len(eds))
		}
	})
}

// FuzzMatrixImport: whatever bytes arrive, the importer returns a file or
// an *ImportError, never panics, and what it returns is valid.
func FuzzMatrixImport(f *testing.F) {
	db := storetest.Open(f, storetest.SQLite)
	svc := matrixServices(f, db)
	good := seedRoundTrip(f, svc)
	f.Add(good)
	for name, data := range hostile(f, good) {
		if name != "huge" {
			f.Add(data)
		}
	}
	mx := svc.Matrix
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := mx.ParseMatrixXLSX(data)
		if err != nil {
			var ie *service.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error of another kind: %v", err)
			}
			return
		}
		if len(file.Cells) != len(mx.Taxonomy().Fields) {
			t.Fatalf("%d cells", len(file.Cells))
		}
		for id, c := range file.Cells {
			in := model.MatrixCellInput{FieldID: id, Status: c.Status, Reference: c.Reference, Remarks: c.Remarks, Source: c.Source, Version: c.Version}
			if _, p := in.Validate(mx.Taxonomy().Has); len(p) > 0 {
				t.Fatalf("%s accepted with problems %v", id, p)
			}
		}
	})
}
