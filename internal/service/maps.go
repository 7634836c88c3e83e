package service

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Maps gives the data of napx's maps (issue 14): for a layer and a group
// of States (or the world), each State's class and the words that go with
// it. The figures come from the features' own services and queries, which
// carry the one policy: a record the viewer may not read colours no State
// and moves no count.
type Maps struct {
	cat    *refdata.Catalog
	db     *store.DB
	naps   *NAPs
	matrix *Matrix
}

// MapLayer names a layer of the maps.
type MapLayer struct {
	Key         string `json:"key"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// MapClass is one class of a layer's legend with the States that have it.
type MapClass struct {
	Label   string `json:"label"`
	Missing bool   `json:"missing"` // nothing the viewer may see (drawn hatched)
	Count   int    `json:"count"`
}

// MapRow is one State of a map: its class and what it stands for.
type MapRow struct {
	State  string `json:"state"`
	Name   string `json:"name"`
	Class  int    `json:"class"`
	Label  string `json:"label"`  // the class's label
	Detail string `json:"detail"` // e.g. "adopted plan “…” (2020–2024), 40% of 12 actions completed"
	// DetailKey and DetailArgs are Detail as a catalogue message (issue
	// 17): the pages write it in the reader's language; the API keeps
	// the English Detail.
	DetailKey  string `json:"-"`
	DetailArgs []any  `json:"-"`
}

// MapData is a layer for a group (Group nil: the world) as one viewer may
// see it. Rows are in the order of the States' names.
type MapData struct {
	Layer   MapLayer
	Group   *refdata.Group
	Classes []MapClass
	Rows    []MapRow
}

// Name is the map's area: the group's name, or "the world".
func (d MapData) Name() string {
	if d.Group == nil {
		return "All States"
	}
	return d.Group.Name
}

// mapValue is one State's class and detail on a layer.
type mapValue struct {
	class  int
	detail string
	key    string // the detail as a catalogue message (maps.detail.*)
	args   []any
}

// mapLayer is a layer: its legend and the function that classes the
// States. Adding a layer (open needs, when assistance lands) is one such
// function and one entry in mapLayers.
type mapLayer struct {
	MapLayer
	classes []MapClass
	values  func(m *Maps, ctx context.Context, v model.Viewer, states []string) (map[string]mapValue, error)
}

// NoPublishedPlan is the plans layer's first class for the public.
const NoPublishedPlan = "No published plan"

var mapLayers = []mapLayer{
	{MapLayer{"plans", "National Implementation Action Plans", "Each State's latest plan that you may see (withdrawn plans aside), by status."},
		[]MapClass{{Label: "No plan visible to you", Missing: true}, {Label: "Draft"}, {Label: "Adopted"}, {Label: "Submitted to the Committee"}, {Label: "Published"}},
		(*Maps).plansLayer},
	{MapLayer{"coverage", "1540 matrix coverage", "Share of the matrix's fields with a measure (X) in the newest edition of each State's matrix that you may see."},
		[]MapClass{{Label: "No matrix visible to you", Missing: true}, {Label: "Under 20%"}, {Label: "20–39%"}, {Label: "40–59%"}, {Label: "60–79%"}, {Label: "80% or more"}},
		(*Maps).coverageLayer},
	{MapLayer{"events", "Events", "Events you may see that invited each State (workshops, trainings, peer reviews, visits)."},
		[]MapClass{{Label: "None visible to you", Missing: true}, {Label: "1 event"}, {Label: "2–3 events"}, {Label: "4–6 events"}, {Label: "7 or more"}},
		(*Maps).eventsLayer},
	{MapLayer{"needs", "Open assistance needs", "Open needs of the assistance requests you may see, by requesting State (needs without an outcome, on requests submitted and not closed or withdrawn)."},
		[]MapClass{{Label: "No open need visible to you", Missing: true}, {Label: "1 need"}, {Label: "2–3 needs"}, {Label: "4–6 needs"}, {Label: "7 or more"}},
		(*Maps).needsLayer},
}

// MapLayers lists the layers, in the order of the layer choice.
func (m *Maps) MapLayers() []MapLayer {
	out := make([]MapLayer, len(mapLayers))
	for i, l := range mapLayers {
		out[i] = l.MapLayer
	}
	return out
}

// MapNotFoundError is the error for a layer or a group napx does not know:
// ErrNotFound, with what was asked for, so that the page can say which.
type MapNotFoundError struct {
	What  string // "layer" or "group"
	Value string
}

func (e *MapNotFoundError) Error() string {
	return fmt.Sprintf("no map %s %q", e.What, e.Value)
}

// Is makes the error an ErrNotFound.
func (e *MapNotFoundError) Is(target error) bool { return target == model.ErrNotFound }

// AsMapNotFound returns the MapNotFoundError in err, if any.
func AsMapNotFound(err error) (*MapNotFoundError, bool) {
	var e *MapNotFoundError
	ok := errors.As(err, &e)
	return e, ok
}

// Data returns layer for group ("" for the world; a code in any case) as
// v may see it.
func (m *Maps) Data(ctx context.Context, v model.Viewer, layer, group string) (MapData, error) {
	var def *mapLayer
	for i := range mapLayers {
		if mapLayers[i].Key == strings.ToLower(strings.TrimSpace(layer)) {
			def = &mapLayers[i]
		}
	}
	if def == nil {
		return MapData{}, &MapNotFoundError{What: "layer", Value: model.Truncate(layer, 40)}
	}
	d := MapData{Layer: def.MapLayer, Classes: append([]MapClass(nil), def.classes...)}
	if def.Key == "plans" && !v.SignedIn() {
		// The public sees published plans only: "No published plan", not a
		// hint that there may be plans it cannot see (issue 18, item 5).
		d.Classes[0].Label = NoPublishedPlan
	}
	var states []string
	if group = strings.TrimSpace(group); group != "" {
		d.Group = m.cat.Group(group)
		if d.Group == nil {
			return MapData{}, &MapNotFoundError{What: "group", Value: model.Truncate(group, 40)}
		}
		for _, mb := range d.Group.Members {
			if m.cat.State(mb.Code) != nil {
				states = append(states, mb.Code)
			}
		}
	} else {
		for _, s := range m.cat.States {
			states = append(states, s.Code)
		}
	}
	values, err := def.values(m, ctx, v, states)
	if err != nil {
		return MapData{}, err
	}
	for _, code := range states {
		val := values[code] // a State without a value is in class 0 (nothing visible)
		d.Classes[val.class].Count++
		d.Rows = append(d.Rows, MapRow{State: code, Name: m.cat.OrgName(code), Class: val.class, Label: d.Classes[val.class].Label, Detail: val.detail, DetailKey: val.key, DetailArgs: val.args})
	}
	sortRowsByName(d.Rows)
	return d, nil
}

func sortRowsByName(rows []MapRow) {
	sort.SliceStable(rows, func(i, j int) bool { return refdata.Normalize(rows[i].Name) < refdata.Normalize(rows[j].Name) })
}

// --- the layers ---

func (m *Maps) plansLayer(ctx context.Context, v model.Viewer, states []string) (map[string]mapValue, error) {
	rows, err := m.naps.latestPlans(ctx, v, states)
	if err != nil {
		return nil, err
	}
	class := map[model.NAPStatus]int{model.NAPDraft: 1, model.NAPAdopted: 2, model.NAPSubmitted: 3, model.NAPPublished: 4}
	out := map[string]mapValue{}
	for _, r := range rows {
		if r.Plan == nil {
			if r.Draft != nil {
				out[r.State] = mapValue{class: class[model.NAPDraft], detail: fmt.Sprintf("a draft plan in preparation, “%s” (%s)", r.Draft.Title, r.Draft.Period()),
					key: "maps.detail.draft", args: []any{r.Draft.Title, r.Draft.Period()}}
			}
			continue
		}
		detail := fmt.Sprintf("%s plan “%s” (%s)", strings.ToLower(r.Plan.Status.Label()), r.Plan.Title, r.Plan.Period())
		switch {
		case r.Actions == 0:
			detail += ", no actions yet"
		case r.Actions == 1:
			detail += fmt.Sprintf(", %d%% of its 1 action completed", r.Percent)
		default:
			detail += fmt.Sprintf(", %d%% of %d actions completed", r.Percent, r.Actions)
		}
		val := mapValue{class: class[r.Plan.Status], detail: detail, key: "maps.detail.plan." + string(r.Plan.Status), args: []any{r.Actions, r.Percent, r.Plan.Title, r.Plan.Period()}}
		if r.Actions == 0 {
			val.key, val.args = "maps.detail.plan."+string(r.Plan.Status)+".none", []any{r.Plan.Title, r.Plan.Period()}
		}
		out[r.State] = val
	}
	return out, nil
}

func (m *Maps) coverageLayer(ctx context.Context, v model.Viewer, states []string) (map[string]mapValue, error) {
	cov, err := m.matrix.Coverage(ctx, v, states)
	if err != nil {
		return nil, err
	}
	out := map[string]mapValue{}
	for _, c := range cov {
		if !c.Has() {
			continue
		}
		share := c.Total.Share(model.CellX)
		class := 1 + int(share/20)
		if class > 5 {
			class = 5
		}
		out[c.State] = mapValue{class: class, detail: fmt.Sprintf("edition %d (%s), %.0f%% of %d fields with a measure",
			c.Edition, strings.ToLower(c.Status.Label()), share, c.Total.Total),
			key: "maps.detail.coverage." + string(c.Status), args: []any{c.Total.Total, c.Edition, int(math.Round(share))}}
	}
	return out, nil
}

func (m *Maps) eventsLayer(ctx context.Context, v model.Viewer, states []string) (map[string]mapValue, error) {
	query := states
	if len(states) >= len(m.cat.States) {
		query = nil // every delegation: no list to match
	}
	counts, err := m.db.EventCounts(ctx, v, query)
	if err != nil {
		return nil, err
	}
	out := map[string]mapValue{}
	for _, code := range states {
		c := counts[code]
		if c.Events == 0 {
			continue
		}
		class := 4
		switch {
		case c.Events == 1:
			class = 1
		case c.Events <= 3:
			class = 2
		case c.Events <= 6:
			class = 3
		}
		out[code] = mapValue{class: class, detail: fmt.Sprintf("invited to %s, %s confirmed or attended",
			plural(c.Events, "event", "events"), plural(c.Delegates, "delegate", "delegates")),
			key: "maps.detail.events", args: []any{c.Events, c.Delegates}}
	}
	return out, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// latestPlans is the rule of the state of play (StateOfPlay) for any list
// of States: for each, the plan in force v may read (inForce), else the
// draft in preparation,
// with its figures; a State whose plans v may not read has none.
// TestMapPlansAgreeWithStateOfPlay keeps the two in step.
func (s *NAPs) latestPlans(ctx context.Context, v model.Viewer, states []string) ([]PlayRow, error) {
	f := model.NAPFilter{ExcludeWithdrawn: true}
	if len(states) < len(s.cat.States) {
		f.States = states
	}
	plans, err := s.db.NAPs(ctx, v, f)
	if err != nil {
		return nil, err
	}
	latest, drafts := inForce(plans)
	ids := make([]int64, 0, len(latest))
	for _, n := range latest {
		ids = append(ids, n.ID)
	}
	stats, err := s.statsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]PlayRow, 0, len(states))
	for _, code := range states {
		row := PlayRow{State: code, StateName: s.cat.OrgName(code)}
		if n, ok := latest[code]; ok {
			st := stats[n.ID]
			row.Plan, row.Actions, row.Percent = &n, st.Actions, percent(st.Done, st.Counted)
		}
		if d, ok := drafts[code]; ok {
			row.Draft = &d
		}
		out = append(out, row)
	}
	return out, nil
}
