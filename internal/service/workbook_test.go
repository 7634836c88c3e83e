package service_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
)

// rezip rewrites a workbook part by part: rename gives each part's new
// name, and every text part has the replacements applied.
func rezip(t testing.TB, data []byte, rename func(string) string, replace ...string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	r := strings.NewReplacer(replace...)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		_ = rc.Close()
		w, err := zw.Create(rename(zf.Name))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(r.Replace(string(b))))
	}
	_ = zw.Close()
	return buf.Bytes()
}

var sheetPart = regexp.MustCompile(`^xl/worksheets/sheet(\d+)\.xml$`)

// TestFormulaCheckFollowsRelationships: a formula is found whatever the
// sheet part is called and wherever the workbook's relationships put it
// (the check used to look only at xl/worksheets/*.xml, so "*.XML" or
// another folder brought formula cells in with their cached values); a
// chart's range reference (an f element outside a cell) is no formula.
func TestFormulaCheckFollowsRelationships(t *testing.T) {
	s := napServices(t, storetest.Open(t, storetest.SQLite)).NAPs
	_, good := exportedPlan(t, s, viewer(t, "HRV", model.RoleEditor))
	f, _ := excelize.OpenReader(bytes.NewReader(good))
	_ = f.SetCellFormula("actions", "D2", "=1+1")
	_ = f.SetCellValue("actions", "D2", 2) // the cached value
	_ = f.SetCellFormula("actions", "D2", "=1+1")
	var b bytes.Buffer
	_ = f.Write(&b)
	formula := b.Bytes()

	upper := rezip(t, formula, func(n string) string {
		if sheetPart.MatchString(n) {
			return strings.TrimSuffix(n, ".xml") + ".XML"
		}
		return n
	}, "worksheets/sheet1.xml", "worksheets/sheet1.XML", "worksheets/sheet2.xml", "worksheets/sheet2.XML", "worksheets/sheet3.xml", "worksheets/sheet3.XML")
	elsewhere := rezip(t, formula, func(n string) string {
		if m := sheetPart.FindStringSubmatch(n); m != nil {
			return "xl/data/part" + m[1] + ".xml"
		}
		return n
	}, "worksheets/sheet1.xml", "data/part1.xml", "worksheets/sheet2.xml", "data/part2.xml", "worksheets/sheet3.xml", "data/part3.xml")
	// Controls: the moved workbooks without the formula are read, so the
	// moves themselves are legal, and excelize does read the moved sheets.
	for name, data := range map[string][]byte{
		"upper case": rezip(t, good, func(n string) string {
			if sheetPart.MatchString(n) {
				return strings.TrimSuffix(n, ".xml") + ".XML"
			}
			return n
		}, "worksheets/sheet1.xml", "worksheets/sheet1.XML", "worksheets/sheet2.xml", "worksheets/sheet2.XML", "worksheets/sheet3.xml", "worksheets/sheet3.XML"),
		"elsewhere": rezip(t, good, func(n string) string {
			if m := sheetPart.FindStringSubmatch(n); m != nil {
				return "xl/data/part" + m[1] + ".xml"
			}
			return n
		}, "worksheets/sheet1.xml", "data/part1.xml", "worksheets/sheet2.xml", "data/part2.xml", "worksheets/sheet3.xml", "data/part3.xml"),
	} {
		wb, err := service.ParseWorkbook(data)
		if err != nil || len(wb.Actions) != 3 {
			t.Fatalf("control %s: %d actions, %v", name, len(wb.Actions), err)
		}
	}
	for name, data := range map[string][]byte{"plain": formula, "*.XML": upper, "another folder": elsewhere} {
		_, err := service.ParseWorkbook(data)
		var bad *service.ErrBadWorkbook
		if !errors.As(err, &bad) || !strings.Contains(bad.Reason, "actions!D2 holds a formula") {
			t.Errorf("%s: %v, want the formula in actions!D2 refused", name, err)
		}
	}
	// A chart's series reference is an f element, but not in a cell.
	chart := rezip(t, good, func(n string) string { return n })
	chart = addPart(t, chart, "xl/charts/chart1.xml", `<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:tx><c:strRef><c:f>actions!$B$2</c:f></c:strRef></c:tx></c:chart></c:chartSpace>`)
	if _, err := service.ParseWorkbook(chart); err != nil {
		t.Errorf("a chart's range reference: %v", err)
	}
}

func addPart(t testing.TB, data []byte, name, content string) []byte {
	t.Helper()
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		if err := zw.Copy(zf); err != nil {
			t.Fatal(err)
		}
	}
	w, _ := zw.Create(name)
	_, _ = w.Write([]byte(content))
	_ = zw.Close()
	return buf.Bytes()
}

// TestSharedStringsBombNamedRight: a shared-strings part that inflates
// beyond the size its header declares is refused naming that part (it
// used to read as an actions sheet without its title column).
func TestSharedStringsBombNamedRight(t *testing.T) {
	s := napServices(t, storetest.Open(t, storetest.SQLite)).NAPs
	_, good := exportedPlan(t, s, viewer(t, "HRV", model.RoleEditor))
	zr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		if zf.Name != "xl/sharedStrings.xml" {
			_ = zw.Copy(zf)
		}
	}
	const pieces = 16
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
	_ = end.Close()
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/sharedStrings.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: 100})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(comp.Bytes())
	_ = zw.Close()
	_, err = service.ParseWorkbook(buf.Bytes())
	var bad *service.ErrBadWorkbook
	if !errors.As(err, &bad) || !strings.Contains(bad.Reason, "xl/sharedStrings.xml is damaged or inflates beyond the size its header declares") {
		t.Errorf("got %v", err)
	}
}
