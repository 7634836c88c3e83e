package service

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// Files people upload and download: the one place for the rules that
// every spreadsheet import and export shares.

// SpreadsheetText keeps a spreadsheet from running a value as a formula
// (a name typed as "=HYPERLINK(...)" must stay text): a value that starts
// with = + - @ or a tab or carriage return, and is not a plain number, is
// prefixed with an apostrophe.
func SpreadsheetText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
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
// Go's zip reader refuses an entry that inflates beyond its declared
// size), no part expanding like a zip bomb, and no formula in any
// worksheet (napx imports values only).
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
			return refused("its part %s expands %d times, as zip bombs do, so it is refused", zf.Name, zf.UncompressedSize64/zf.CompressedSize64)
		}
	}
	var names map[string]string
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") || path.Ext(zf.Name) != ".xml" {
			continue
		}
		cell, err := findFormula(zf, min(zf.UncompressedSize64, l.Part))
		switch {
		case errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, errLongerThanDeclared):
			return refused("its worksheet %s is damaged or inflates beyond the size its header declares", path.Base(zf.Name))
		case err != nil:
			return refused("its worksheet %s is not well-formed XML", path.Base(zf.Name))
		case cell != "":
			if names == nil {
				names = sheetParts(zr)
			}
			sheet := names[zf.Name]
			if sheet == "" {
				sheet = path.Base(zf.Name)
			}
			return refused("cell %s!%s holds a formula; napx imports values only (copy the cells and paste them as values)", sheet, cell)
		}
	}
	return nil
}

var errLongerThanDeclared = errors.New("a part is longer than its header declares")

// findFormula streams one worksheet, reading at most limit bytes (plus
// one, to notice a part longer than declared), and returns the reference
// of the first cell with a formula ("" for none).
func findFormula(zf *zip.File, limit uint64) (string, error) {
	rc, err := zf.Open()
	if err != nil {
		return "", err
	}
	defer func() { _ = rc.Close() }()
	lr := &io.LimitedReader{R: rc, N: int64(limit) + 1} // #nosec G115 -- limit is at most the part limit
	dec := xml.NewDecoder(lr)
	cell := ""
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			if lr.N <= 0 {
				return "", errLongerThanDeclared
			}
			return "", nil
		}
		if err != nil {
			if lr.N <= 0 {
				return "", errLongerThanDeclared
			}
			return "", err
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "c":
				cell = ""
				for _, a := range se.Attr {
					if a.Name.Local == "r" {
						cell = a.Value
					}
				}
			case "f":
				if cell == "" {
					cell = "?"
				}
				return truncateText(cell, 12), nil
			}
		}
	}
}

// sheetParts maps worksheet part names to sheet names (from the workbook
// and its relationships), for messages.
func sheetParts(zr *zip.Reader) map[string]string {
	read := func(name string, v any) {
		for _, zf := range zr.File {
			if zf.Name == name && zf.UncompressedSize64 < 1<<20 {
				rc, err := zf.Open()
				if err != nil {
					return
				}
				_ = xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(v)
				_ = rc.Close()
			}
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	read("xl/workbook.xml", &wb)
	read("xl/_rels/workbook.xml.rels", &rels)
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := strings.TrimPrefix(r.Target, "/")
		if !strings.HasPrefix(t, "xl/") {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		if t := target[s.ID]; t != "" {
			out[t] = s.Name
		}
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
