package refdata

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// TaxonomyVersion names the edition of the shipped matrix taxonomy: the
// seed reconstruction of the post-2013 matrix (see data/SOURCES.md and
// the verified/inferred flag of each field).
const TaxonomyVersion = "seed-2026-11 (323 fields; OP 1 rows 1-10 verified, the rest reconstructed)"

// Field is one data field of the 1540 matrix, e.g. OP3d-NW-09.LF.
type Field struct {
	ID       string // stable ID
	Section  string // the matrix's section heading, e.g. "OP 3 (c) and (d)"
	Area     string // the operative paragraph area: OP1, OP2, OP3a, OP3b, OP3c, OP3d
	Element  string // the ID without the column: OP3d-NW-09
	Row      int    // row number within the area
	Label    string // the row's wording; for inferred fields the team's own, not the Committee's
	Weapon   string // NW, CW, BW, or "-" for OP 1
	Column   string // LF (national legal framework), EN (enforcement), YES (OP 1)
	Verified bool   // true only when the label was read in a public copy of the matrix
	Source   string // where the field comes from, or the basis of the inference
}

// Taxonomy is the matrix taxonomy with its lookups.
type Taxonomy struct {
	Version string
	Fields  []Field // in the CSV's order (the matrix's)
	byID    map[string]int
}

var taxonomy = sync.OnceValues(func() (*Taxonomy, error) {
	b, err := TaxonomyCSV()
	if err != nil {
		return nil, err
	}
	return ParseTaxonomy(bytes.NewReader(b))
})

// LoadTaxonomy returns the shipped taxonomy (parsed once).
func LoadTaxonomy() (*Taxonomy, error) { return taxonomy() }

// ParseTaxonomy reads the taxonomy CSV (header: id, section, row, label,
// weapon, column, verified, source) and checks it: unique IDs, every field
// with a section, weapon type and column that agree with its ID.
func ParseTaxonomy(r io.Reader) (*Taxonomy, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 8
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("taxonomy: %w", err)
	}
	want := []string{"id", "section", "row", "label", "weapon", "column", "verified", "source"}
	if strings.Join(head, ",") != strings.Join(want, ",") {
		return nil, fmt.Errorf("taxonomy: header is %v, want %v", head, want)
	}
	t := &Taxonomy{Version: TaxonomyVersion, byID: map[string]int{}}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("taxonomy line %d: %w", line, err)
		}
		row, err := strconv.Atoi(rec[2])
		if err != nil {
			return nil, fmt.Errorf("taxonomy line %d: row %q", line, rec[2])
		}
		f := Field{ID: rec[0], Section: rec[1], Row: row, Label: rec[3], Weapon: rec[4], Column: rec[5], Verified: rec[6] == "V", Source: rec[7]}
		if rec[6] != "V" && rec[6] != "I" {
			return nil, fmt.Errorf("taxonomy line %d: verified must be V or I", line)
		}
		f.Element, _, _ = strings.Cut(f.ID, ".")
		f.Area, _, _ = strings.Cut(f.ID, "-")
		if err := f.check(); err != nil {
			return nil, fmt.Errorf("taxonomy line %d (%s): %w", line, f.ID, err)
		}
		if _, dup := t.byID[f.ID]; dup {
			return nil, fmt.Errorf("taxonomy line %d: %s listed twice", line, f.ID)
		}
		t.byID[f.ID] = len(t.Fields)
		t.Fields = append(t.Fields, f)
	}
	return t, nil
}

func (f Field) check() error {
	if f.Section == "" || f.Label == "" {
		return fmt.Errorf("no section or label")
	}
	switch f.Area {
	case "OP1":
		if f.Weapon != "-" || f.Column != "YES" || strings.Contains(f.ID, ".") {
			return fmt.Errorf("an OP 1 field has weapon '-' and column YES, and no column suffix")
		}
		return nil
	case "OP2", "OP3a", "OP3b", "OP3c", "OP3d":
	default:
		return fmt.Errorf("unknown area %q", f.Area)
	}
	parts := strings.Split(f.Element, "-")
	if len(parts) != 3 || parts[1] != f.Weapon || (f.Weapon != "NW" && f.Weapon != "CW" && f.Weapon != "BW") {
		return fmt.Errorf("the weapon type %q does not match the ID", f.Weapon)
	}
	if (f.Column != "LF" && f.Column != "EN") || !strings.HasSuffix(f.ID, "."+f.Column) {
		return fmt.Errorf("the column %q does not match the ID", f.Column)
	}
	return nil
}

// Field returns the field with id, if any.
func (t *Taxonomy) Field(id string) (Field, bool) {
	i, ok := t.byID[id]
	if !ok {
		return Field{}, false
	}
	return t.Fields[i], true
}

// Has reports whether id is a field of the taxonomy.
func (t *Taxonomy) Has(id string) bool {
	_, ok := t.byID[id]
	return ok
}

// Areas are the operative-paragraph areas in matrix order.
var Areas = []string{"OP1", "OP2", "OP3a", "OP3b", "OP3c", "OP3d"}

// Weapons are the weapon types of OP 2 and OP 3 (means of delivery within each).
var Weapons = []string{"NW", "CW", "BW"}
