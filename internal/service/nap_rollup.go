package service

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
)

// Count is one bucket of a roll-up: actions, how many are completed and
// overdue, and the share completed weighted by progress.
type Count struct {
	Key       string `json:"key"`
	Label     string `json:"label"`
	Actions   int    `json:"actions"`
	Completed int    `json:"completed"`
	Overdue   int    `json:"overdue"`
	Percent   int    `json:"percent_completed"`
	done      float64
	counted   int
}

// Rollup is what a set of actions adds up to.
type Rollup struct {
	Actions    int     `json:"actions"`
	Counted    int     `json:"counted"` // not cancelled
	Done       float64 `json:"-"`
	Percent    int     `json:"percent_completed"` // completed, weighted by progress, over the counted actions
	Overdue    int     `json:"overdue"`
	Assistance int     `json:"needing_assistance"`
	ByStatus   []Count `json:"by_status"`
	ByArea     []Count `json:"by_area"`
	ByWeapon   []Count `json:"by_weapon"`
}

// SectionRollup is the roll-up of one key-element section's actions.
type SectionRollup struct {
	Code  string `json:"code"`
	Title string `json:"title"`
	Rollup
}

// PlanRollup is a plan's roll-up, as a whole and per section.
type PlanRollup struct {
	NAP      model.NAP       `json:"-"`
	Total    Rollup          `json:"total"`
	Sections []SectionRollup `json:"sections"`
}

// percent rounds done/counted to a whole percentage.
func percent(done float64, counted int) int {
	if counted == 0 {
		return 0
	}
	return int(done*100/float64(counted) + 0.5)
}

var areaLabels = map[string]string{
	"OP1": "OP 1 — instruments and commitments", "OP2": "OP 2 — prohibitions", "OP3a": "OP 3 (a) — accounting and securing",
	"OP3b": "OP 3 (b) — physical protection", "OP3c": "OP 3 (c) — border controls and law enforcement", "OP3d": "OP 3 (d) — export and trans-shipment controls",
	"none": "No matrix field given",
}

var weaponLabels = map[string]string{
	"NW": "Nuclear (NW)", "CW": "Chemical (CW)", "BW": "Biological (BW)", "-": "Not weapon-specific (OP 1)", "none": "No matrix field given",
}

// AreaLabel names an operative-paragraph area.
func AreaLabel(a string) string { return areaLabels[a] }

// rollup adds up actions as of today, by status and by the taxonomy's
// area and weapon type of their matrix fields (an action with fields in
// several areas counts once in each).
func rollup(tax *refdata.Taxonomy, actions []model.NAPAction, today model.Date) Rollup {
	r := Rollup{}
	status := map[model.ActionStatus]*Count{}
	for _, s := range model.ActionStatuses {
		c := &Count{Key: string(s), Label: s.Label()}
		status[s] = c
	}
	areas := map[string]*Count{}
	weapons := map[string]*Count{}
	add := func(m map[string]*Count, key, label string, a model.NAPAction, overdue bool) {
		c := m[key]
		if c == nil {
			c = &Count{Key: key, Label: label}
			m[key] = c
		}
		c.Actions++
		if a.Status == model.ActionCompleted {
			c.Completed++
		}
		if overdue {
			c.Overdue++
		}
		if a.Status != model.ActionCancelled {
			c.counted++
			c.done += a.Done()
		}
	}
	var seenA, seenW [8]string
	for _, a := range actions {
		r.Actions++
		overdue := a.Overdue(today)
		if a.Status != model.ActionCancelled {
			r.Counted++
			r.Done += a.Done()
		}
		if overdue {
			r.Overdue++
		}
		if a.AssistanceNeeded && a.Status.Open() {
			r.Assistance++
		}
		if c := status[a.Status]; c != nil {
			c.Actions++
			if overdue {
				c.Overdue++
			}
			if a.Status == model.ActionCompleted {
				c.Completed++
			}
			if a.Status != model.ActionCancelled {
				c.counted++
				c.done += a.Done()
			}
		}
		na, nw := 0, 0
		for _, e := range a.Elements {
			f, ok := tax.Field(e)
			if !ok {
				continue
			}
			if !contains(seenA[:na], f.Area) && na < len(seenA) {
				seenA[na] = f.Area
				na++
				add(areas, f.Area, areaLabels[f.Area], a, overdue)
			}
			if !contains(seenW[:nw], f.Weapon) && nw < len(seenW) {
				seenW[nw] = f.Weapon
				nw++
				add(weapons, f.Weapon, weaponLabels[f.Weapon], a, overdue)
			}
		}
		if na == 0 {
			add(areas, "none", areaLabels["none"], a, overdue)
			add(weapons, "none", weaponLabels["none"], a, overdue)
		}
	}
	r.Percent = percent(r.Done, r.Counted)
	for _, s := range model.ActionStatuses {
		c := status[s]
		c.Percent = percent(c.done, c.counted)
		r.ByStatus = append(r.ByStatus, *c)
	}
	r.ByArea = ordered(areas, append(append([]string{}, refdata.Areas...), "none"))
	r.ByWeapon = ordered(weapons, append(append([]string{}, refdata.Weapons...), "-", "none"))
	return r
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func ordered(m map[string]*Count, keys []string) []Count {
	out := []Count{}
	for _, k := range keys {
		if c := m[k]; c != nil {
			c.Percent = percent(c.done, c.counted)
			out = append(out, *c)
		}
	}
	return out
}

// planRollup is a plan's roll-up as a whole and per section (actions with
// no section in a last bucket).
func (s *NAPs) planRollup(n model.NAP, actions []model.NAPAction, today model.Date) PlanRollup {
	pr := PlanRollup{NAP: n, Total: rollup(s.tax, actions, today), Sections: []SectionRollup{}}
	bySection := map[string][]model.NAPAction{}
	for _, a := range actions {
		bySection[a.Section] = append(bySection[a.Section], a)
	}
	for _, sec := range model.NAPSections {
		if as := bySection[sec.Code]; len(as) > 0 {
			pr.Sections = append(pr.Sections, SectionRollup{Code: sec.Code, Title: sec.Title, Rollup: rollup(s.tax, as, today)})
		}
	}
	if as := bySection[""]; len(as) > 0 {
		pr.Sections = append(pr.Sections, SectionRollup{Code: "", Title: "No section given", Rollup: rollup(s.tax, as, today)})
	}
	return pr
}

// Rollup is one plan's roll-up for v.
func (s *NAPs) Rollup(ctx context.Context, v model.Viewer, napID int64) (PlanRollup, error) {
	n, err := s.Get(ctx, v, napID)
	if err != nil {
		return PlanRollup{}, err
	}
	actions, err := s.db.NAPActions(ctx, napID)
	if err != nil {
		return PlanRollup{}, err
	}
	return s.planRollup(n.NAP, actions, s.Today()), nil
}

// RollupOf is a roll-up of actions already loaded (pages that show the
// actions too).
func (s *NAPs) RollupOf(n model.NAP, actions []model.NAPAction) PlanRollup {
	return s.planRollup(n, actions, s.Today())
}

// Rollups are the roll-ups of every 1540 plan matching f that v may read
// (NAP.Counts1540: related plans are no NAP count), and the roll-up of all
// their actions together. Plans and actions are filtered by the policy in
// the database: what v may not read is neither loaded nor counted.
func (s *NAPs) Rollups(ctx context.Context, v model.Viewer, f model.NAPFilter) ([]PlanRollup, Rollup, error) {
	f.Only1540 = true
	plans, err := s.db.NAPs(ctx, v, f)
	if err != nil {
		return nil, Rollup{}, err
	}
	actions, err := s.db.RollupActions(ctx, v, f)
	if err != nil {
		return nil, Rollup{}, err
	}
	today := s.Today()
	// The actions come ordered by plan: each plan's are a sub-slice.
	byPlan := make(map[int64][]model.NAPAction, len(plans))
	for i := 0; i < len(actions); {
		j := i + 1
		for j < len(actions) && actions[j].NAPID == actions[i].NAPID {
			j++
		}
		byPlan[actions[i].NAPID] = actions[i:j:j]
		i = j
	}
	out := make([]PlanRollup, 0, len(plans))
	for _, n := range plans {
		out = append(out, s.planRollup(n, byPlan[n.ID], today))
	}
	return out, rollup(s.tax, actions, today), nil
}

// --- completeness ---

// Completeness levels of a key element.
const (
	ElementPresent = "present"
	ElementThin    = "thin"
	ElementMissing = "missing"
)

// ElementLevels lists the levels of the key-element check.
var ElementLevels = []string{ElementPresent, ElementThin, ElementMissing}

// ElementCheck is what the completeness check says of one key element.
type ElementCheck struct {
	Section model.NAPSection
	Level   string        // present, thin or missing
	Reason  string        // in a short sentence (English: the API's)
	Why     model.Message `json:"-"` // Reason as a message, for the reader's language
}

// thinText is the length under which a section's text is thin: a line or
// two cannot say what the element needs.
const thinText = 150

// ThinText is thinText for the page that explains the check.
const ThinText = thinText

// Completeness checks, element by element, what a plan has: present, thin
// or missing, with a short reason. It reads the section texts and the
// structured data the plan already has (adoption, actions, submissions).
func (s *NAPs) Completeness(n model.NAP, actions []model.NAPAction, submissions int) []ElementCheck {
	bySection := map[string]int{}
	withFields, withPriority, withLead, withIndicator, assistance, assistanceWhat, progressed := 0, 0, 0, 0, 0, 0, 0
	for _, a := range actions {
		bySection[a.Section]++
		if len(a.Elements) > 0 {
			withFields++
		}
		if a.Priority != "" {
			withPriority++
		}
		if a.Lead != "" {
			withLead++
		}
		if a.IndicatorTarget != "" {
			withIndicator++
		}
		if a.AssistanceNeeded {
			assistance++
			if a.AssistanceWhat != "" {
				assistanceWhat++
			}
		}
		if a.Progress > 0 || a.Status != model.ActionPlanned {
			progressed++
		}
	}
	m, num, txt := model.Msg, model.ArgNum, model.ArgText
	text := func(code string) (string, model.Message) {
		t := strings.TrimSpace(n.Sections[code])
		switch {
		case t == "":
			return ElementMissing, m("svcchecks.notext")
		case len(t) < thinText:
			return ElementThin, m("svcchecks.chars", num(len(t)))
		}
		return ElementPresent, m("svcchecks.described")
	}
	out := make([]ElementCheck, 0, len(model.NAPSections))
	for _, sec := range model.NAPSections {
		lvl, why := text(sec.Code)
		c := ElementCheck{Section: sec, Level: lvl, Why: why}
		switch sec.Code {
		case "NAP-01":
			switch {
			case n.Authority != "" && !n.AdoptedOn.IsZero():
				c.Level, c.Why = ElementPresent, m("svcchecks.adopted", txt(n.Period()), txt(n.Authority), model.ArgDate(n.AdoptedOn))
			default:
				c.Level, c.Why = ElementThin, m("svcchecks.notadopted", txt(n.Period()))
			}
		case "NAP-03":
			switch {
			case withFields > 0 && lvl == ElementPresent:
				c.Why = m("svcchecks.fields.present", num(withFields), num(len(actions)))
			case withFields > 0:
				c.Level, c.Why = ElementThin, m("svcchecks.fields.thin", num(withFields), model.ArgMsg(why))
			case lvl != ElementMissing:
				c.Level, c.Why = ElementThin, m("svcchecks.fields.none")
			default:
				c.Why = m("svcchecks.fields.nothing")
			}
		case "NAP-04":
			switch {
			case withPriority > 0 && lvl == ElementPresent:
				c.Why = m("svcchecks.prio.present", num(withPriority))
			case withPriority > 0:
				c.Level, c.Why = ElementThin, m("svcchecks.prio.thin", num(withPriority), model.ArgMsg(why))
			case lvl == ElementPresent:
				c.Level, c.Why = ElementThin, m("svcchecks.prio.none")
			}
		case "NAP-05":
			switch {
			case len(actions) == 0:
				c.Level, c.Why = ElementMissing, m("svcchecks.noaction")
			case len(actions) < 3 || withLead*2 < len(actions) || withIndicator*2 < len(actions):
				c.Level, c.Why = ElementThin, m("svcchecks.actions", num(len(actions)), num(withLead), num(withIndicator))
			default:
				c.Level, c.Why = ElementPresent, m("svcchecks.actions", num(len(actions)), num(withLead), num(withIndicator))
			}
		case "NAP-07":
			switch {
			case assistance > 0 && assistanceWhat < assistance:
				c.Level, c.Why = ElementThin, m("svcchecks.assist.thin", num(assistance), model.ArgMsg(m("svcchecks.assist.say", num(assistanceWhat))))
			case assistance > 0:
				c.Level, c.Why = ElementPresent, m("svcchecks.assist.present", num(assistance))
			case lvl == ElementMissing:
				c.Why = m("svcchecks.assist.none")
			}
		case "NAP-11":
			switch {
			case lvl == ElementPresent && progressed == 0 && len(actions) > 0:
				c.Level, c.Why = ElementThin, m("svcchecks.review.noprogress")
			case lvl == ElementPresent && progressed > 0:
				c.Why = m("svcchecks.review.present", num(progressed))
			case lvl != ElementPresent && progressed > 0:
				c.Level, c.Why = ElementThin, m("svcchecks.review.thin", num(progressed), model.ArgMsg(why))
			}
		case "NAP-12":
			switch {
			case submissions > 0:
				c.Level, c.Why = ElementPresent, m("svcchecks.submitted", num(submissions))
			default:
				c.Level, c.Why = ElementMissing, m("svcchecks.notsubmitted")
			}
		default:
			if k := bySection[sec.Code]; k > 0 {
				switch lvl {
				case ElementMissing:
					c.Level, c.Why = ElementThin, m("svcchecks.section.notext", num(k))
				case ElementThin:
					c.Why = m("svcchecks.section.thin", num(k), model.ArgMsg(why))
				default:
					c.Why = m("svcchecks.section.present", num(k))
				}
			}
		}
		c.Reason = english(c.Why)
		out = append(out, c)
	}
	return out
}

// --- the state of play ---

// GroupAll is the pseudo-group of every UN member State in the state of
// play.
const GroupAll = "ALL"

// PlayRow is one State in the state of play: its latest plan visible to the
// viewer, or none.
type PlayRow struct {
	State      string
	StateName  string
	Plan       *model.NAP // the plan in force: the latest adopted, submitted or published one visible to this viewer (nil: none)
	Draft      *model.NAP // a draft in preparation, shown apart (never in the plan's place)
	Actions    int
	Percent    int
	Overdue    int
	Assistance int
	LastUpdate time.Time
}

// StateOfPlay is the regional picture for a group.
type StateOfPlay struct {
	Group     string
	GroupName string
	Rows      []PlayRow
	WithPlan  int
	// Submitted are the group's 1540 plans the viewer may read that reached
	// the Committee (withdrawn ones aside), each with the date in force of
	// its first submission — recorded history, not the day it was typed
	// in: what every "since" count counts.
	Submitted []SubmittedPlan
}

// SubmittedPlan is a plan that reached the Committee, and when.
type SubmittedPlan struct {
	State    string
	PlanID   int64
	On       model.Date
	Disputed bool
}

// SubmittedCount is how many plans from how many States reached the
// Committee, and of them how many since a year.
type SubmittedCount struct {
	Plans, States    int
	Since            int // the year counted from (0: none)
	PlansSince       int
	StatesSinceFirst int // States whose first plan reached the Committee in or after Since
	Disputed         int // plans whose submission date is disputed (counted by the date in force)
}

// Count counts the submitted plans, and those since year (0: no year),
// by the recorded dates of their first submissions: "48 plans from 39
// States, 26 of them since 2016".
func (sp StateOfPlay) Count(since int) SubmittedCount {
	c := SubmittedCount{Plans: len(sp.Submitted), Since: since}
	first := map[string]model.Date{}
	for _, p := range sp.Submitted {
		if f, ok := first[p.State]; !ok || p.On.Before(f) {
			first[p.State] = p.On
		}
		if since > 0 && p.On.Year() >= since {
			c.PlansSince++
		}
		if p.Disputed {
			c.Disputed++
		}
	}
	c.States = len(first)
	for _, f := range first {
		if since > 0 && f.Year() >= since {
			c.StatesSinceFirst++
		}
	}
	return c
}

// SortDirections are the orders a sorted list may take.
var SortDirections = []string{"asc", "desc"}

// PlaySorts are the columns the state of play sorts by.
var PlaySorts = []string{"state", "status", "period", "progress", "overdue", "updated", "assistance", "submitted"}

// StateOfPlay returns, for each State of group (default SEE; "ALL" for
// every UN member State), the latest plan v may read (withdrawn plans
// aside) with its figures. A State whose plans v may not read shows as
// having no visible plan: nothing tells a hidden plan from no plan.
func (s *NAPs) StateOfPlay(ctx context.Context, v model.Viewer, group, sortBy string, desc bool) (StateOfPlay, error) {
	group = strings.ToUpper(strings.TrimSpace(group))
	if group == "" {
		group = "SEE"
	}
	sp := StateOfPlay{Group: group}
	lang := i18n.FromContext(ctx) // the group and its States named, and sorted, in the reader's language (issue 17)
	var states []string
	if group == GroupAll {
		sp.GroupName = i18n.MustDefault().Printer(lang).T("play.all.name")
		for _, st := range s.cat.States {
			if st.Status == "member" {
				states = append(states, st.Code)
			}
		}
	} else {
		g := s.cat.Group(group)
		if g == nil {
			return sp, model.Problems{"group": fmt.Sprintf("there is no group %q; choose a group code such as SEE, OSCE or ALL", group)}
		}
		sp.GroupName = s.cat.GroupNameIn(g.Code, lang)
		for _, m := range g.Members {
			if s.cat.State(m.Code) != nil {
				states = append(states, m.Code)
			}
		}
	}
	if sortBy == "" {
		sortBy = "state"
	}
	if !contains(PlaySorts, sortBy) {
		return sp, model.Problems{"sort": "sort by one of " + strings.Join(PlaySorts, ", ")}
	}
	f := model.NAPFilter{ExcludeWithdrawn: true, Only1540: true}
	if group != GroupAll {
		f.States = states
	}
	plans, err := s.db.NAPs(ctx, v, f)
	if err != nil {
		return sp, err
	}
	for _, n := range plans {
		if !n.SubmittedOn.IsZero() {
			sp.Submitted = append(sp.Submitted, SubmittedPlan{State: n.State, PlanID: n.ID, On: n.SubmittedOn, Disputed: n.SubmittedDisputed})
		}
	}
	latest, drafts := inForce(plans)
	ids := make([]int64, 0, len(latest))
	for _, n := range latest {
		ids = append(ids, n.ID)
	}
	stats, err := s.statsOf(ctx, ids)
	if err != nil {
		return sp, err
	}
	sp.Rows = make([]PlayRow, 0, len(states))
	for _, code := range states {
		row := PlayRow{State: code, StateName: s.cat.OrgNameIn(code, lang)}
		if n, ok := latest[code]; ok {
			n := n
			st := stats[n.ID]
			row.Plan, row.Actions, row.Percent, row.Overdue, row.Assistance = &n, st.Actions, percent(st.Done, st.Counted), st.Overdue, st.Assistance
			row.LastUpdate = n.UpdatedAt
			if st.LastChange.After(row.LastUpdate) {
				row.LastUpdate = st.LastChange
			}
			sp.WithPlan++
		}
		if d, ok := drafts[code]; ok {
			row.Draft = &d
		}
		sp.Rows = append(sp.Rows, row)
	}
	sortPlay(sp.Rows, sortBy, desc, i18n.Compare(lang))
	return sp, nil
}

// inForce is the one rule for "the plan in force" (issue 18, item 5): per
// State, the latest adopted, submitted or published plan (by period, then
// the newer record), and apart from it the latest draft in preparation —
// never an empty new draft in the plan's place. Withdrawn plans are left
// out by the caller's filter.
func inForce(plans []model.NAP) (latest, drafts map[string]model.NAP) {
	latest, drafts = map[string]model.NAP{}, map[string]model.NAP{}
	newer := func(n, cur model.NAP) bool {
		return n.PeriodStart > cur.PeriodStart || (n.PeriodStart == cur.PeriodStart && n.ID > cur.ID)
	}
	for _, n := range plans {
		switch n.Status {
		case model.NAPWithdrawn:
		case model.NAPDraft:
			if cur, ok := drafts[n.State]; !ok || newer(n, cur) {
				drafts[n.State] = n
			}
		default:
			if cur, ok := latest[n.State]; !ok || newer(n, cur) {
				latest[n.State] = n
			}
		}
	}
	return latest, drafts
}

var statusRank = map[model.NAPStatus]int{model.NAPDraft: 1, model.NAPAdopted: 2, model.NAPSubmitted: 3, model.NAPPublished: 4}

func sortPlay(rows []PlayRow, by string, desc bool, byName func(a, b string) int) {
	key := func(r PlayRow) (float64, bool) {
		if r.Plan == nil {
			return 0, false
		}
		switch by {
		case "status":
			return float64(statusRank[r.Plan.Status]), true
		case "period":
			return float64(r.Plan.PeriodStart*10000 + r.Plan.PeriodEnd), true
		case "progress":
			return float64(r.Percent), true
		case "overdue":
			return float64(r.Overdue), true
		case "updated":
			return float64(r.LastUpdate.UnixMicro()), true
		case "assistance":
			return float64(r.Assistance), true
		case "submitted":
			if r.Plan.SubmittedOn.IsZero() {
				return 0, false
			}
			return float64(r.Plan.SubmittedOn.Time().Unix()), true
		}
		return 0, true
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if by != "state" {
			ka, oka := key(a)
			kb, okb := key(b)
			switch {
			case oka != okb:
				return oka // States without a visible plan last, either way
			case ka != kb:
				if desc {
					return ka > kb
				}
				return ka < kb
			}
			return byName(a.StateName, b.StateName) < 0
		}
		if desc {
			return byName(a.StateName, b.StateName) > 0
		}
		return byName(a.StateName, b.StateName) < 0
	})
}
