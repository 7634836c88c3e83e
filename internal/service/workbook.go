package service

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"napx/internal/model"
)

// Files people upload and download: the one place for the rules that
// every spreadsheet import and export shares.

// The one export rule for spreadsheets. In an XLSX file every text is
// written as a typed string cell (excelize's SetCellStr, SetCellValue or
// SetSheetRow with a string): a spreadsheet never runs it, so it is
// written as it is, without any prefix. A CSV file has no types: the
// program that opens it decides, so a value it would read as a formula
// is prefixed with an apostrophe (SpreadsheetText) — and nothing else is.

// SpreadsheetText is a CSV cell: value, or value with an apostrophe in
// front when a spreadsheet would read it as a formula — it starts (after
// any spaces, tabs or line breaks, which some programs drop) with =, +,
// - or @, is more than that one character, and is not a plain number.
// "-" and "+" alone, "-12.5" and "2024-05-01" are left as they are;
// "=HYPERLINK(...)", "+385 1 234 567" and "@SUM(A1)" are prefixed.
func SpreadsheetText(s string) string {
	if formulaLike(s) {
		return "'" + s
	}
	return s
}

func formulaLike(s string) bool {
	t := strings.TrimLeft(s, " \t\r\n")
	if len(t) < 2 || !strings.ContainsRune("=+-@", rune(t[0])) {
		return false
	}
	return !plainNumber(t)
}

// plainNumber reports whether s is a decimal number as a spreadsheet
// reads one (digits, a sign, a point, an exponent: not "Inf" or hex).
func plainNumber(s string) bool {
	if strings.Trim(s, "+-.0123456789eE") != "" || !strings.ContainsAny(s, "0123456789") {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// CSV encodes rows, every cell through SpreadsheetText.
func CSV(rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, r := range rows {
		safe := make([]string, len(r))
		for i, c := range r {
			safe[i] = SpreadsheetText(c)
		}
		if err := w.Write(safe); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// workbookLimits bound what an uploaded XLSX may hold before anything
// inflates it.
type workbookLimits struct {
	Noun     string // what the file should be, for messages: "a plan workbook"
	Parts    int    // entries in the ZIP archive
	Part     uint64 // bytes one entry may unpack to
	Unzipped uint64 // bytes all entries together may unpack to
	Ratio    uint64 // how many times an entry over 1 MiB may expand
}

// errWorkbookRefused is why checkWorkbookArchive refused a file; each
// feature wraps the reason in its own error for its pages and API.
type errWorkbookRefused struct{ reason string }

func (e *errWorkbookRefused) Error() string { return e.reason }

func refused(format string, args ...any) error {
	return &errWorkbookRefused{reason: fmt.Sprintf(format, args...)}
}

// workbookRefusal returns the reason a file was refused, if it was.
func workbookRefusal(err error) (string, bool) {
	var r *errWorkbookRefused
	if errors.As(err, &r) {
		return r.reason, true
	}
	return "", false
}

// checkWorkbookArchive looks inside the XLSX (a ZIP archive) before
// excelize does, with memory bounded whatever the file claims: a bounded
// number of parts, bounded unpacked sizes (declared, and as actually read:
// a part that inflates beyond its declared size is refused), no part
// expanding like a zip bomb, and no formula anywhere (napx imports values
// only).
//
// Every part is read, whatever its name: which parts are sheets is for
// the workbook's relationships to say, not the names (a sheet named
// "SHEET1.XML", or kept outside xl/worksheets/, is still read by a
// spreadsheet program), and names are compared as programs read them —
// case ignored, backslashes as slashes. A cell formula is an f element in
// a c element in any part; the parts the relationships name as sheets
// must be XML. Each refusal names the part (or the sheet and the cell).
func checkWorkbookArchive(data []byte, l workbookLimits) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return refused("it is not an XLSX workbook (an XLSX file is a ZIP archive; this one is not)")
	}
	if len(zr.File) > l.Parts {
		return refused("it holds %d parts; %s has far fewer", len(zr.File), l.Noun)
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > l.Part || total > l.Unzipped {
			return refused("it unpacks to more than %s; %s is far smaller", humanBytes(int64(l.Unzipped)), l.Noun) // #nosec G115 -- a small constant
		}
		if zf.CompressedSize64 > 0 && zf.UncompressedSize64 > 1<<20 && zf.UncompressedSize64/zf.CompressedSize64 > l.Ratio {
			return refused("its part %s expands %d times, as zip bombs do, so it is refused", partLabel(zf.Name), zf.UncompressedSize64/zf.CompressedSize64)
		}
	}
	sheets := sheetParts(zr)
	for _, zf := range zr.File {
		if strings.HasSuffix(zf.Name, "/") {
			continue // a directory entry
		}
		sheet, isSheet := sheets[partKey(zf.Name)]
		cell, isXML, err := scanPart(zf, min(zf.UncompressedSize64, l.Part))
		switch {
		case errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, errLongerThanDeclared):
			return refused("its part %s is damaged or inflates beyond the size its header declares", partLabel(zf.Name))
		case !isXML && !isSheet:
			// a picture or another part that is not XML: no cells in it
		case !isXML || err != nil:
			return refused("its part %s is not well-formed XML", partLabel(zf.Name))
		case cell != "":
			if sheet == "" {
				sheet = partLabel(zf.Name)
			}
			return refused("cell %s!%s holds a formula; napx imports values only (copy the cells and paste them as values)", sheet, cell)
		}
	}
	return nil
}

// partKey is a part's name as spreadsheet programs match it.
func partKey(name string) string { return strings.ToLower(strings.ReplaceAll(name, "\\", "/")) }

// partLabel is a part's name for a message (cut and cleaned: it comes
// from the file).
func partLabel(name string) string { return model.CleanLine(name, 80) }

var errLongerThanDeclared = errors.New("a part is longer than its header declares")

// scanPart streams one part, reading at most limit bytes (plus one, to
// notice a part longer than declared). A part whose first character
// (after a byte-order mark and spaces) is not "<" is not XML: it is read
// to its end, and isXML is false. An XML part is tokenised; cell is the
// reference of the first cell with a formula ("" for none).
func scanPart(zf *zip.File, limit uint64) (cell string, isXML bool, err error) {
	rc, err := zf.Open()
	if err != nil {
		return "", false, err
	}
	defer func() { _ = rc.Close() }()
	lr := &io.LimitedReader{R: rc, N: int64(limit) + 1} // #nosec G115 -- limit is at most the part limit
	br := bufio.NewReader(lr)
	for {
		b, err := br.Peek(1)
		if err != nil {
			return "", false, lengthErr(lr, err)
		}
		switch {
		case b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n':
			_, _ = br.Discard(1)
			continue
		case b[0] == 0xEF:
			if bom, _ := br.Peek(3); string(bom) == "\uFEFF" {
				_, _ = br.Discard(3)
				continue
			}
		}
		isXML = b[0] == '<'
		break
	}
	if !isXML {
		_, err := io.Copy(io.Discard, br)
		return "", false, lengthErr(lr, err)
	}
	dec := xml.NewDecoder(br)
	var stack []string // local names of the open elements
	cellRef := ""
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return "", true, lengthErr(lr, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "c":
				cellRef = "?"
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						cellRef = a.Value
					}
				}
			case t.Name.Local == "f" && len(stack) > 0 && stack[len(stack)-1] == "c":
				return model.CleanLine(cellRef, 12), true, nil
			}
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// lengthErr turns the end of a part into its outcome: nil at a proper
// end, errLongerThanDeclared when the part went past its declared size.
func lengthErr(lr *io.LimitedReader, err error) error {
	if lr.N <= 0 {
		return errLongerThanDeclared
	}
	if err == io.EOF {
		return nil
	}
	return err
}

// sheetParts maps the parts the workbook's relationships name as sheets
// (by partKey) to their sheet names, resolved as excelize resolves them:
// the package relationships name the workbook, the workbook's own
// relationships name its sheets. Parts are looked up case-insensitively.
func sheetParts(zr *zip.Reader) map[string]string {
	byKey := map[string]*zip.File{}
	for _, zf := range zr.File {
		if _, dup := byKey[partKey(zf.Name)]; !dup {
			byKey[partKey(zf.Name)] = zf
		}
	}
	read := func(name string, v any) {
		zf := byKey[partKey(name)]
		if zf == nil || zf.UncompressedSize64 > 1<<20 {
			return
		}
		rc, err := zf.Open()
		if err != nil {
			return
		}
		defer func() { _ = rc.Close() }()
		_ = xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(v)
	}
	type rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	var root rels
	read("_rels/.rels", &root)
	wbPath := "xl/workbook.xml"
	for _, r := range root.Rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			wbPath = strings.TrimPrefix(r.Target, "/")
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	read(wbPath, &wb)
	var wbRels rels
	dir := path.Dir(wbPath)
	read(path.Join(dir, "_rels", path.Base(wbPath)+".rels"), &wbRels)
	out := map[string]string{}
	for _, r := range wbRels.Rels {
		target := strings.ReplaceAll(r.Target, "\\", "/")
		p := path.Join(dir, target)
		if strings.HasPrefix(target, "/") {
			p = path.Clean(target)
		}
		name := ""
		for _, s := range wb.Sheets {
			if s.ID == r.ID {
				name = s.Name
			}
		}
		if name == "" && !strings.HasSuffix(strings.ToLower(r.Type), "sheet") {
			continue // styles, shared strings, themes: not sheets
		}
		if name == "" {
			name = path.Base(p)
		}
		out[partKey(strings.TrimPrefix(p, "/"))] = model.CleanLine(name, 40)
	}
	return out
}

// humanBytes writes a size as "4 MiB".
func humanBytes(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
