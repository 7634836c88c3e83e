package service

import (
	"napx/internal/model"
	"napx/internal/refdata"
)

// The layout of the matrix as the Committee prints it (matrix.md): the
// OP 1 table (one YES column), then OP 2, OP 3 (a) and (b), OP 3 (c) and
// (d), each as one table per weapon type with a national legal framework
// (LF) and an enforcement (EN) column. Grid pages, the printable matrix
// and the XLSX file all use it.

// MatrixSection is one section of the matrix.
type MatrixSection struct {
	Key     string   // OP1, OP2, OP3ab, OP3cd
	Title   string   // the section heading, as in the taxonomy
	Sheet   string   // the XLSX sheet name (at most 31 characters)
	Areas   []string // the operative-paragraph areas it holds, in order
	Weapons []string // NW, CW, BW; nil for OP 1
	Fields  []refdata.Field
}

// HasWeapons reports whether the section is split by weapon type.
func (s *MatrixSection) HasWeapons() bool { return len(s.Weapons) > 0 }

// sectionKey maps an area to its section.
func sectionKey(area string) string {
	switch area {
	case "OP3a", "OP3b":
		return "OP3ab"
	case "OP3c", "OP3d":
		return "OP3cd"
	}
	return area
}

var sectionSheets = map[string]string{"OP1": "OP 1", "OP2": "OP 2", "OP3ab": "OP 3 (a) and (b)", "OP3cd": "OP 3 (c) and (d)"}

// WeaponLabel names a weapon type.
func WeaponLabel(w string) string {
	switch w {
	case "NW":
		return "Nuclear weapons (NW) and their means of delivery"
	case "CW":
		return "Chemical weapons (CW) and their means of delivery"
	case "BW":
		return "Biological weapons (BW) and their means of delivery"
	}
	return "All weapon types"
}

// MatrixAreaLabel summarises an area in napx's own words (the Committee's
// sub-headings were not seen; see matrix.md §4–6).
func MatrixAreaLabel(area string) string {
	switch area {
	case "OP1":
		return "OP 1: instruments, organisations, codes of conduct, arrangements and statements"
	case "OP2":
		return "OP 2: prohibitions on non-State actors"
	case "OP3a":
		return "OP 3 (a): account for and secure related items"
	case "OP3b":
		return "OP 3 (b): physical protection"
	case "OP3c":
		return "OP 3 (c): border controls and law enforcement"
	case "OP3d":
		return "OP 3 (d): export, transit, trans-shipment and related controls"
	}
	return area
}

// ColumnLabel names a column of the matrix.
func ColumnLabel(c string) string {
	switch c {
	case "LF":
		return "National legal framework"
	case "EN":
		return "Enforcement"
	case "YES":
		return "YES"
	}
	return c
}

// WordingNote is how an inferred label is marked wherever it is shown:
// it is napx's reconstruction, never the Committee's wording.
const WordingNote = "reconstructed wording, not verified"

// WordingLabel says whether a field's label is verified.
func WordingLabel(f refdata.Field) string {
	if f.Verified {
		return "verified wording"
	}
	return WordingNote
}

// layout groups the taxonomy into sections (in the CSV's order).
func layout(tax *refdata.Taxonomy) []*MatrixSection {
	var out []*MatrixSection
	byKey := map[string]*MatrixSection{}
	for _, f := range tax.Fields {
		k := sectionKey(f.Area)
		s := byKey[k]
		if s == nil {
			s = &MatrixSection{Key: k, Title: f.Section, Sheet: sectionSheets[k]}
			if s.Sheet == "" {
				s.Sheet = k
			}
			byKey[k] = s
			out = append(out, s)
		}
		s.Fields = append(s.Fields, f)
		if len(s.Areas) == 0 || s.Areas[len(s.Areas)-1] != f.Area {
			found := false
			for _, a := range s.Areas {
				found = found || a == f.Area
			}
			if !found {
				s.Areas = append(s.Areas, f.Area)
			}
		}
		if f.Weapon != "-" {
			found := false
			for _, w := range s.Weapons {
				found = found || w == f.Weapon
			}
			if !found {
				s.Weapons = append(s.Weapons, f.Weapon)
			}
		}
	}
	return out
}

// GridCell is one cell as a grid shows it.
type GridCell struct {
	Field refdata.Field
	Cell  model.MatrixCell
}

// GridRow is one row of a table: an element with its YES cell (OP 1) or
// its LF and EN cells.
type GridRow struct {
	Element  string // OP1-07, OP3d-NW-09
	Area     string
	Row      int
	Label    string
	Verified bool
	Source   string
	Cells    []GridCell // YES; or LF, EN
}

// GridGroup is the rows of one area inside a table (OP 3 (a) and OP 3 (b)
// share a table).
type GridGroup struct {
	Area  string
	Title string
	Rows  []GridRow
}

// GridTable is one table of the matrix: the OP 1 table, or one section
// for one weapon type.
type GridTable struct {
	Section *MatrixSection
	Weapon  string // "" for OP 1
	Caption string
	Columns []string // YES; or LF, EN
	Groups  []GridGroup
}

// Rows counts the rows of the table.
func (t GridTable) Rows() int {
	n := 0
	for _, g := range t.Groups {
		n += len(g.Rows)
	}
	return n
}

// GridFilter narrows a grid. Empty fields do not filter.
type GridFilter struct {
	Section string // a section key
	Weapon  string // NW, CW, BW
	Status  string // x, q, na, none
	Wording string // verified, reconstructed
	Q       string // words in the label or the ID
}

// Problems reports filter values that are not known.
func (f GridFilter) Problems(sections []*MatrixSection) model.Problems {
	p := model.Problems{}
	if f.Section != "" {
		ok := false
		for _, s := range sections {
			ok = ok || s.Key == f.Section
		}
		if !ok {
			p.Add("section", "choose one of the matrix's sections")
		}
	}
	if f.Weapon != "" && f.Weapon != "NW" && f.Weapon != "CW" && f.Weapon != "BW" {
		p.Add("weapon", "choose NW, CW or BW")
	}
	if _, ok := model.CellStatusByKey(f.Status); f.Status != "" && !ok {
		p.Add("status", "choose X, ?, NA or no information")
	}
	if f.Wording != "" && f.Wording != "verified" && f.Wording != "reconstructed" {
		p.Add("wording", "choose verified or reconstructed")
	}
	searchText(p, f.Q)
	return p
}

// Active reports whether any filter is set.
func (f GridFilter) Active() bool {
	return f.Section != "" || f.Weapon != "" || f.Status != "" || f.Wording != "" || f.Q != ""
}

func (f GridFilter) keepRow(r GridRow) bool {
	if f.Wording == "verified" && !r.Verified || f.Wording == "reconstructed" && r.Verified {
		return false
	}
	if f.Q != "" && !containsFold(r.Label, f.Q) && !containsFold(r.Element, f.Q) {
		return false
	}
	if f.Status != "" {
		want, _ := model.CellStatusByKey(f.Status)
		for _, c := range r.Cells {
			if c.Cell.Status == want {
				return true
			}
		}
		return false
	}
	return true
}

// Grid lays out cells (every field of the taxonomy) as the Committee's
// tables, keeping what f lets through. Tables left empty are dropped.
func Grid(sections []*MatrixSection, cells map[string]model.MatrixCell, f GridFilter) []GridTable {
	var out []GridTable
	for _, s := range sections {
		if f.Section != "" && s.Key != f.Section {
			continue
		}
		weapons := s.Weapons
		if !s.HasWeapons() {
			if f.Weapon != "" {
				continue
			}
			weapons = []string{""}
		}
		for _, w := range weapons {
			if f.Weapon != "" && w != f.Weapon {
				continue
			}
			t := GridTable{Section: s, Weapon: w}
			if w == "" {
				t.Caption, t.Columns = s.Title, []string{"YES"}
			} else {
				t.Caption, t.Columns = s.Title+" — "+WeaponLabel(w), []string{"LF", "EN"}
			}
			var group *GridGroup
			rowOf := map[string]int{}
			for _, fd := range s.Fields {
				if w != "" && fd.Weapon != w {
					continue
				}
				if group == nil || group.Area != fd.Area {
					t.Groups = append(t.Groups, GridGroup{Area: fd.Area, Title: MatrixAreaLabel(fd.Area)})
					group = &t.Groups[len(t.Groups)-1]
					rowOf = map[string]int{}
				}
				i, ok := rowOf[fd.Element]
				if !ok {
					group.Rows = append(group.Rows, GridRow{Element: fd.Element, Area: fd.Area, Row: fd.Row, Label: fd.Label, Verified: fd.Verified, Source: fd.Source})
					i = len(group.Rows) - 1
					rowOf[fd.Element] = i
				}
				c := cells[fd.ID]
				c.FieldID = fd.ID
				group.Rows[i].Cells = append(group.Rows[i].Cells, GridCell{Field: fd, Cell: c})
			}
			// Filter rows, then drop empty groups and tables.
			kept := t.Groups[:0]
			for _, g := range t.Groups {
				rows := g.Rows[:0]
				for _, r := range g.Rows {
					if f.keepRow(r) {
						rows = append(rows, r)
					}
				}
				g.Rows = rows
				if len(g.Rows) > 0 {
					kept = append(kept, g)
				}
			}
			t.Groups = kept
			if len(t.Groups) > 0 {
				out = append(out, t)
			}
		}
	}
	return out
}
