package web

import (
	"net/http"
	"slices"
	"strings"

	"napx/internal/model"
	"napx/internal/refdata"
)

// The matrix-field picker (issue 18, item 3): the fields of the 1540
// matrix as checkboxes, the list filtered by the matrix's area (OP 1 …
// OP 3 (d)) and by weapon type. It works without JavaScript: "Show
// fields" is a submit that shows the form again with the filter applied
// and saves nothing. The fields already chosen stay listed (checked)
// whatever the filter, so filtering never loses a choice. IDs typed in
// the "import for power users" box join the checked ones; an ID that is
// no field of the taxonomy is left in that box and the service refuses
// it (422 naming the field). The taxonomy is public reference data: every
// reader may read every field.

// matrixAreas and matrixWeapons are the filter's choices, in the matrix's
// order (their words: matrixpages.area.* and matrixpages.weapon.*).
var (
	matrixAreas   = []string{"OP1", "OP2", "OP3a", "OP3b", "OP3c", "OP3d"}
	matrixWeapons = []string{"NW", "CW", "BW"}
)

// showFieldsKey is the name of the submit that applies a picker's filter.
const showFieldsKey = "show_fields"

// matrixPicker is one picker as the partial "matrix-picker" draws it.
type matrixPicker struct {
	Name         string // the checkboxes' name and the prefix of the filter's fields
	Area, Weapon string // the filter ("" for all)
	Chosen       []refdata.Field
	Fields       []refdata.Field // the filter's fields, the chosen ones left out
	Import       string          // what the import box holds: IDs that are no field
	ImportName   string          // the import box's name and id (the problems' key)
	Areas        []string
	Weapons      []string
	Problems     model.Problems
}

// filterFields are the taxonomy's fields in area and of weapon ("" for
// any). OP 1 is not split by weapon: its fields show with every weapon.
func filterFields(tax *refdata.Taxonomy, area, weapon string) []refdata.Field {
	var out []refdata.Field
	for _, f := range tax.Fields {
		if area != "" && f.Area != area {
			continue
		}
		if weapon != "" && f.Weapon != weapon && f.Weapon != "-" {
			continue
		}
		out = append(out, f)
	}
	return out
}

// pickedElements reads a picker's choice: the checked fields (name) and
// the IDs typed in its import box (importName), in that order, each once.
func pickedElements(r *http.Request, name, importName string) []string {
	var out []string
	for _, id := range append(slices.Clone(r.PostForm[name]), model.SplitIDs(r.PostFormValue(importName))...) {
		id = strings.TrimSpace(id)
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// newMatrixPicker builds the picker of name for the chosen IDs, its
// filter read from the request (name_area, name_weapon; a value that is
// no area or weapon means no filter).
func newMatrixPicker(r *http.Request, tax *refdata.Taxonomy, name, importName string, chosen []string, probs model.Problems) matrixPicker {
	p := matrixPicker{Name: name, ImportName: importName, Areas: matrixAreas, Weapons: matrixWeapons, Problems: probs}
	if a := r.FormValue(name + "_area"); slices.Contains(matrixAreas, a) {
		p.Area = a
	}
	if w := r.FormValue(name + "_weapon"); slices.Contains(matrixWeapons, w) {
		p.Weapon = w
	}
	var unknown []string
	for _, id := range chosen {
		if f, ok := tax.Field(id); ok {
			p.Chosen = append(p.Chosen, f)
		} else {
			unknown = append(unknown, id)
		}
	}
	p.Import = strings.Join(unknown, " ")
	for _, f := range filterFields(tax, p.Area, p.Weapon) {
		if !slices.Contains(chosen, f.ID) {
			p.Fields = append(p.Fields, f)
		}
	}
	return p
}
