package model

import (
	"sort"
	"strconv"
	"strings"
)

// Change kinds in a diff.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// The enumerations of a diff, for the API's schemas.
var (
	DiffKinds   = []string{Added, Removed, Changed}
	DiffMatches = []string{"id", "revision", "title"} // how a changed action was paired
	DiffOps     = []string{" ", "-", "+"}             // a line kept, removed, added
)

// FieldChange is one field that differs: its value before and after.
type FieldChange struct {
	Field  string     `json:"field"`
	Before string     `json:"before"`
	After  string     `json:"after"`
	Lines  []DiffLine `json:"lines,omitempty"` // for long texts: the lines kept, removed and added
}

// DiffLine is one line of a text diff: Op is " " (kept), "-" or "+".
type DiffLine struct {
	Op   string `json:"op" enum:"DiffOps"`
	Text string `json:"text"`
}

// SectionChange is a key-element section added, removed or changed.
type SectionChange struct {
	Code   string      `json:"code"`
	Title  string      `json:"title"`
	Kind   string      `json:"kind" enum:"DiffKinds"`
	Change FieldChange `json:"change"`
}

// ActionDiff is an action added, removed or changed (field by field).
type ActionDiff struct {
	Kind    string        `json:"kind" enum:"DiffKinds"`
	FromID  int64         `json:"from_id,omitempty"`
	ToID    int64         `json:"to_id,omitempty"`
	Title   string        `json:"title"`
	Fields  []FieldChange `json:"fields,omitempty"`
	Matched string        `json:"matched,omitempty" enum:"DiffMatches"` // how a changed action was paired: "id", "revision" or "title"
}

// NAPDiff is what changed between two snapshots of plans.
type NAPDiff struct {
	From     string          `json:"from"`
	To       string          `json:"to"`
	Plan     []FieldChange   `json:"plan"`
	Sections []SectionChange `json:"sections"`
	Actions  []ActionDiff    `json:"actions"`
	Same     int             `json:"unchanged_actions"`
}

// Empty reports whether nothing changed.
func (d NAPDiff) Empty() bool { return len(d.Plan) == 0 && len(d.Sections) == 0 && len(d.Actions) == 0 }

// Count returns the number of actions added, removed and changed.
func (d NAPDiff) Count() (added, removed, changed int) {
	for _, a := range d.Actions {
		switch a.Kind {
		case Added:
			added++
		case Removed:
			removed++
		case Changed:
			changed++
		}
	}
	return
}

// DiffSnapshots compares two snapshots. Actions are paired by ID (the same
// plan), then by the action they continue (a revision), then by identical
// title; what stays unpaired was added or removed.
func DiffSnapshots(fromLabel string, from NAPSnapshot, toLabel string, to NAPSnapshot) NAPDiff {
	d := NAPDiff{From: fromLabel, To: toLabel, Plan: []FieldChange{}, Sections: []SectionChange{}, Actions: []ActionDiff{}}
	fp, tp := from.Plan, to.Plan
	for _, f := range []struct{ name, a, b string }{
		{"title", fp.Title, tp.Title},
		{"type", fp.Type, tp.Type},
		{"period", strconv.Itoa(fp.PeriodStart) + "–" + strconv.Itoa(fp.PeriodEnd), strconv.Itoa(tp.PeriodStart) + "–" + strconv.Itoa(tp.PeriodEnd)},
		{"status", fp.Status, tp.Status},
		{"authority", fp.Authority, tp.Authority},
		{"adopted_on", fp.AdoptedOn, tp.AdoptedOn},
	} {
		if f.a != f.b {
			d.Plan = append(d.Plan, FieldChange{Field: f.name, Before: f.a, After: f.b})
		}
	}
	for _, s := range NAPSections {
		a, b := fp.Sections[s.Code], tp.Sections[s.Code]
		if a == b {
			continue
		}
		kind := Changed
		switch {
		case a == "":
			kind = Added
		case b == "":
			kind = Removed
		}
		d.Sections = append(d.Sections, SectionChange{Code: s.Code, Title: s.Title, Kind: kind, Change: textChange("text", a, b)})
	}

	samePlan := fp.ID == tp.ID
	byID := map[int64]int{}
	for i, a := range from.Actions {
		byID[a.ID] = i
	}
	used := make([]bool, len(from.Actions))
	pair := make([]int, len(to.Actions))
	how := make([]string, len(to.Actions))
	for j, b := range to.Actions {
		pair[j] = -1
		if i, ok := byID[b.ID]; ok && samePlan && !used[i] {
			pair[j], how[j], used[i] = i, "id", true
		} else if i, ok := byID[b.OriginID]; ok && b.OriginID != 0 && !samePlan && !used[i] {
			pair[j], how[j], used[i] = i, "revision", true
		}
	}
	for j, b := range to.Actions {
		if pair[j] >= 0 {
			continue
		}
		key := normTitle(b.Title)
		for i, a := range from.Actions {
			if !used[i] && normTitle(a.Title) == key {
				pair[j], how[j], used[i] = i, "title", true
				break
			}
		}
	}
	for j, b := range to.Actions {
		if pair[j] < 0 {
			d.Actions = append(d.Actions, ActionDiff{Kind: Added, ToID: b.ID, Title: b.Title})
			continue
		}
		a := from.Actions[pair[j]]
		fields := actionChanges(a, b)
		if len(fields) == 0 {
			d.Same++
			continue
		}
		d.Actions = append(d.Actions, ActionDiff{Kind: Changed, FromID: a.ID, ToID: b.ID, Title: b.Title, Fields: fields, Matched: how[j]})
	}
	for i, a := range from.Actions {
		if !used[i] {
			d.Actions = append(d.Actions, ActionDiff{Kind: Removed, FromID: a.ID, Title: a.Title})
		}
	}
	order := map[string]int{Changed: 0, Added: 1, Removed: 2}
	sort.SliceStable(d.Actions, func(i, j int) bool { return order[d.Actions[i].Kind] < order[d.Actions[j].Kind] })
	return d
}

func normTitle(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func actionChanges(a, b NAPSnapshotAction) []FieldChange {
	yes := func(v bool) string {
		if v {
			return "yes"
		}
		return "no"
	}
	var out []FieldChange
	for _, f := range []struct{ name, a, b string }{
		{"title", a.Title, b.Title},
		{"status", a.Status, b.Status},
		{"progress", strconv.Itoa(a.Progress) + "%", strconv.Itoa(b.Progress) + "%"},
		{"start", a.Start, b.Start},
		{"due", a.Due, b.Due},
		{"section", a.Section, b.Section},
		{"priority", a.Priority, b.Priority},
		{"elements", strings.Join(a.Elements, " "), strings.Join(b.Elements, " ")},
		{"lead", a.Lead, b.Lead},
		{"supporting", strings.Join(a.Supporting, "; "), strings.Join(b.Supporting, "; ")},
		{"indicator_baseline", a.IndicatorBaseline, b.IndicatorBaseline},
		{"indicator_target", a.IndicatorTarget, b.IndicatorTarget},
		{"indicator_actual", a.IndicatorActual, b.IndicatorActual},
		{"assistance_needed", yes(a.AssistanceNeeded), yes(b.AssistanceNeeded)},
		{"assistance_what", a.AssistanceWhat, b.AssistanceWhat},
		{"description", a.Description, b.Description},
	} {
		if f.a != f.b {
			out = append(out, textChange(f.name, f.a, f.b))
		}
	}
	return out
}

// textChange is a field change; texts of several lines also carry a line
// diff.
func textChange(field, a, b string) FieldChange {
	fc := FieldChange{Field: field, Before: a, After: b}
	if strings.Contains(a, "\n") || strings.Contains(b, "\n") {
		fc.Lines = DiffLines(a, b)
	}
	return fc
}

// DiffLines is a line diff of a and b (longest common subsequence). Very
// long texts fall back to "all removed, all added" to bound the work.
func DiffLines(a, b string) []DiffLine {
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, "\n")
	}
	x, y := split(a), split(b)
	var out []DiffLine
	if len(x)*len(y) > 250000 {
		for _, l := range x {
			out = append(out, DiffLine{"-", l})
		}
		for _, l := range y {
			out = append(out, DiffLine{"+", l})
		}
		return out
	}
	// lcs[i][j]: length of the LCS of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			out = append(out, DiffLine{" ", x[i]})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, DiffLine{"-", x[i]})
			i++
		default:
			out = append(out, DiffLine{"+", y[j]})
			j++
		}
	}
	for ; i < len(x); i++ {
		out = append(out, DiffLine{"-", x[i]})
	}
	for ; j < len(y); j++ {
		out = append(out, DiffLine{"+", y[j]})
	}
	return out
}
