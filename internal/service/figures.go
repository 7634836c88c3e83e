package service

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Figures are the Committee's standard figures derived from the live
// records (issue 20): for a period and a group of States, each a number
// with the list of the records it counts, what it counts and from which
// date it is complete. Every figure is computed from the rows of one
// store query that carries the viewer's read filter, and its value is
// the length of the very list its records page shows (or the number of
// States or delegates in it): a number and its records cannot disagree,
// and a record the viewer may not read moves no number.
type Figures struct {
	cat *refdata.Catalog
	db  *store.DB
	now func() time.Time
	// kept holds each source's rows per reader key, group and source under
	// the data version (readers with the same key read the same rows).
	kept versioned[string, []store.FigureRow]
}

// FigureQuery is a period (both days included) and a group of States
// ("" for every record).
type FigureQuery struct {
	From, To model.Date
	Group    string
}

// Values is the query as URL parameters (the same on every front end).
func (q FigureQuery) Values() url.Values {
	v := url.Values{"from": {q.From.String()}, "to": {q.To.String()}}
	if q.Group != "" {
		v.Set("group", q.Group)
	}
	return v
}

// ParseFigureQuery reads from, to and group; empty ones take their
// defaults (from the adoption of resolution 1540 to today, every State).
// Bad input is 422 naming the field.
func (f *Figures) ParseFigureQuery(from, to, group string) (FigureQuery, error) {
	q := FigureQuery{From: model.Resolution1540Adopted, To: model.DateOf(f.now())}
	p := model.Problems{}
	if s := strings.TrimSpace(from); s != "" {
		d, err := model.ParseDate(s)
		if err != nil {
			p["from"] = "enter the first day as YYYY-MM-DD, such as 2016-01-01"
		}
		q.From = d
	}
	if s := strings.TrimSpace(to); s != "" {
		d, err := model.ParseDate(s)
		if err != nil {
			p["to"] = "enter the last day as YYYY-MM-DD, such as 2026-12-31"
		}
		q.To = d
	}
	if p["from"] == "" && p["to"] == "" && q.To.Before(q.From) {
		p["from"] = "the period starts after it ends: choose a first day on or before " + q.To.String()
	}
	if g := strings.ToUpper(strings.TrimSpace(group)); g != "" {
		if f.cat.Group(g) == nil {
			p["group"] = fmt.Sprintf("there is no group %q; choose a group code such as SEE, OSCE or UN, or none for every State", model.CleanLine(g, 40))
		}
		q.Group = g
	}
	if len(p) > 0 {
		return q, p
	}
	return q, nil
}

// Figure is one number with its provenance.
type Figure struct {
	ID           string       `json:"id"`
	Label        string       `json:"label"`
	Value        int          `json:"value"`
	Counts       string       `json:"counts"`
	Records      string       `json:"records"`
	CompleteFrom *model.Date  `json:"complete_from"`
	Unsourced    int          `json:"unsourced"`
	Disputed     int          `json:"disputed"`
	Items        []FigureItem `json:"items,omitempty"`
	Note         string       `json:"note,omitempty"`
}

// FigureItem is a part of a figure (events by kind, needs by area,
// programmes by provider).
type FigureItem struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value int    `json:"value"`
}

// FigureRecord is one record a figure counts, as its list shows it.
type FigureRecord struct {
	Kind     string `json:"kind"`
	ID       int64  `json:"id"`
	State    string `json:"state"`
	Name     string `json:"state_name"`
	Title    string `json:"title"`
	Category string `json:"category,omitempty"`
	On       string `json:"date"`
	Detail   string `json:"detail,omitempty"`
	Count    int    `json:"count,omitempty"`
	URL      string `json:"url"`
	Sourced  bool   `json:"sourced"`
	Disputed bool   `json:"disputed"`
	// Category and Detail as messages for the reader's language (zero:
	// the English as it is). They name States by all their names, so the
	// rows kept for every reader serve every language.
	CategoryMsg model.Message `json:"-"`
	DetailMsg   model.Message `json:"-"`
}

// categoryKeys are, per kind of record, where the catalogue has the words
// of its category.
var categoryKeys = map[string]string{"report": "history.rtype.", "event": "events.kind.", "need": "assistance.area.",
	"programme": "assistance.prog.status.lower.", "followup": "profile.fu.status."}

// day is a YYYY-MM-DD day as a message's argument (as written when it
// is not one).
func day(s string) model.MsgArg {
	if d, err := model.ParseDate(s); err == nil {
		return model.ArgDate(d)
	}
	return model.ArgText(s)
}

// FigureDef describes one figure: its id, its label and what it counts.
type FigureDef struct {
	ID     string
	Label  string
	Counts string
	source string // which rows: plans, reports, editions, requests, needs, programmes, events, delegations, followups
	// keep decides whether a row counts for the query (rows of the source
	// already filtered by policy and group); all is every row of the
	// source, for the decisions that look at other rows (a State's first
	// plan).
	keep  func(r store.FigureRow, q period, today string, c *figureContext) bool
	value func(rows []*store.FigureRow) int // default: len(rows)
	items func(f *Figures, rows []*store.FigureRow) []FigureItem
	note  string
}

// period is a query's days as text (YYYY-MM-DD compares in order).
type period struct{ from, to string }

func in(d string, q period) bool {
	return d != "" && d >= q.from && d <= q.to
}

// figureContext is what a figure's rule may look at besides the row: the
// other rows of its source, and what is derived from them once.
type figureContext struct {
	all    []store.FigureRow
	firsts map[string]store.FigureRow // each State's first plan to reach the Committee
}

// first reports whether plan r is its State's first plan to reach the
// Committee among the rows (the plans the viewer may read).
func (c *figureContext) first(r store.FigureRow) bool {
	if c.firsts == nil {
		c.firsts = map[string]store.FigureRow{}
		for _, o := range c.all {
			f, ok := c.firsts[o.Owner]
			if !ok || o.On < f.On || (o.On == f.On && o.ID < f.ID) {
				c.firsts[o.Owner] = o
			}
		}
	}
	return c.firsts[r.Owner].ID == r.ID
}

func distinctOwners(rows []*store.FigureRow) int {
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.Owner] = true
	}
	return len(seen)
}

func byCategory(label func(f *Figures, key string) string) func(f *Figures, rows []*store.FigureRow) []FigureItem {
	return func(f *Figures, rows []*store.FigureRow) []FigureItem {
		n := map[string]int{}
		for _, r := range rows {
			n[r.Category]++
		}
		return itemsOf(f, n, label)
	}
}

func itemsOf(f *Figures, n map[string]int, label func(f *Figures, key string) string) []FigureItem {
	out := make([]FigureItem, 0, len(n))
	for k, c := range n {
		out = append(out, FigureItem{Key: k, Label: label(f, k), Value: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Value != out[j].Value {
			return out[i].Value > out[j].Value
		}
		return out[i].Key < out[j].Key
	})
	return out
}

func plainLabel(_ *Figures, k string) string { return strings.ReplaceAll(k, "-", " ") }

func areaLabel(_ *Figures, k string) string {
	if a, err := refdata.LoadAssistance(); err == nil {
		return a.AreaLabel(k)
	}
	return k
}

func orgLabel(f *Figures, k string) string { return f.cat.OrgName(k) }

var additionalReports = map[string]bool{"addendum": true, "additional-information": true, "reply-to-committee": true}

// FigureDefs are the standard figures, in the order they are shown.
var FigureDefs = []FigureDef{
	{ID: "naps.states", Label: "States with a 1540 plan at the Committee", source: "plans",
		Counts: "States with at least one 1540 national action plan they submitted to the Committee on or before the period's last day (withdrawn plans aside); the list gives their plans",
		keep: func(r store.FigureRow, q period, _ string, _ *figureContext) bool {
			return r.On != "" && r.On <= q.to
		},
		value: distinctOwners},
	{ID: "naps.submitted", Label: "1540 plans submitted", source: "plans",
		Counts: "1540 national action plans whose first submission to the Committee is dated in the period (the recorded date, not the day it was typed in)",
		keep:   func(r store.FigureRow, q period, _ string, _ *figureContext) bool { return in(r.On, q) }},
	{ID: "naps.first", Label: "First plans", source: "plans",
		Counts: "of the plans submitted in the period, those that were their State's first plan to reach the Committee",
		keep: func(r store.FigureRow, q period, _ string, c *figureContext) bool {
			return in(r.On, q) && c.first(r)
		}},
	{ID: "naps.revisions", Label: "Revised or later plans", source: "plans",
		Counts: "of the plans submitted in the period, those of States that had submitted a plan before",
		keep: func(r store.FigureRow, q period, _ string, c *figureContext) bool {
			return in(r.On, q) && !c.first(r)
		}},
	{ID: "reports.first", Label: "First national reports", source: "reports",
		Counts: "national reports of the type “first report” dated in the period",
		keep: func(r store.FigureRow, q period, _ string, _ *figureContext) bool {
			return r.Category == "first" && in(r.On, q)
		}},
	{ID: "reports.additional", Label: "Additional information and addenda", source: "reports",
		Counts: "national reports dated in the period that add to a first report: addenda, additional information, replies to the Committee",
		keep: func(r store.FigureRow, q period, _ string, _ *figureContext) bool {
			return additionalReports[r.Category] && in(r.On, q)
		}, items: byCategory(plainLabel)},
	{ID: "matrix.approved", Label: "Matrix editions approved", source: "editions",
		Counts: "editions of States' 1540 matrices approved by the Committee in the period (the recorded date of approval)",
		keep:   func(r store.FigureRow, q period, _ string, _ *figureContext) bool { return in(r.On, q) }},
	{ID: "assistance.received", Label: "Assistance requests received", source: "requests",
		Counts: "assistance requests the Committee acknowledged receiving in the period (the day of acknowledgement)",
		keep:   func(r store.FigureRow, q period, _ string, _ *figureContext) bool { return in(r.On, q) }},
	{ID: "assistance.circulated", Label: "Assistance requests circulated", source: "requests",
		Counts: "assistance requests circulated to providers in the period (the consent window closed without an objection, or the objection was lifted)",
		keep:   func(r store.FigureRow, q period, _ string, _ *figureContext) bool { return in(r.Second, q) }},
	{ID: "assistance.matched", Label: "Needs matched with a programme", source: "needs",
		Counts: "needs of assistance requests the Committee's experts matched with a provider's programme in the period, by area; counted where you read the request's details (the public summary names no match)",
		keep:   func(r store.FigureRow, q period, _ string, _ *figureContext) bool { return in(r.On, q) },
		items:  byCategory(areaLabel)},
	{ID: "assistance.fulfilled", Label: "Needs fulfilled", source: "needs",
		Counts: "needs of assistance requests whose outcome is “fulfilled”, recorded in the period (the day the need was last changed), by area",
		keep:   func(r store.FigureRow, q period, _ string, _ *figureContext) bool { return in(r.Second, q) },
		items:  byCategory(areaLabel)},
	{ID: "programmes.by_provider", Label: "Assistance programmes", source: "programmes",
		Counts: "assistance programmes in the directory (open or closed, drafts and withdrawn ones aside) running at some time in the period, by provider; the group does not apply (providers are not only States)",
		keep: func(r store.FigureRow, q period, _ string, _ *figureContext) bool {
			return (r.On == "" || r.On <= q.to) && (r.Second == "" || r.Second >= q.from)
		},
		items: func(f *Figures, rows []*store.FigureRow) []FigureItem {
			n := map[string]int{}
			for _, r := range rows {
				n[r.Owner]++
			}
			return itemsOf(f, n, orgLabel)
		}},
	{ID: "events.held", Label: "Events held", source: "events",
		Counts: "events that began in the period and have ended (organised by a State of the group or inviting one), by kind",
		keep: func(r store.FigureRow, q period, today string, _ *figureContext) bool {
			return in(r.On, q) && r.Until < today
		}, items: byCategory(plainLabel)},
	{ID: "events.delegations", Label: "Delegations at events", source: "delegations",
		Counts: "delegations (of the group's States) with at least one delegate confirmed or present at events that began in the period and have ended",
		keep: func(r store.FigureRow, q period, today string, _ *figureContext) bool {
			return in(r.On, q) && r.Until < today
		}},
	{ID: "events.participants", Label: "Participants at events", source: "delegations",
		Counts: "delegates confirmed or present at events that began in the period and have ended, of the group's States; the list gives them by delegation",
		keep: func(r store.FigureRow, q period, today string, _ *figureContext) bool {
			return in(r.On, q) && r.Until < today
		},
		value: func(rows []*store.FigureRow) int {
			n := 0
			for _, r := range rows {
				n += r.Count
			}
			return n
		},
		items: genderItems,
		note:  genderNote},
	{ID: "followups.on_time", Label: "Follow-ups done on time", source: "followups",
		Counts: "follow-ups of events, due in the period, first marked done on or before their due day; the items give all follow-ups due in the period by outcome",
		keep: func(r store.FigureRow, q period, _ string, _ *figureContext) bool {
			return in(r.Until, q) && r.Second != "" && r.Second <= r.Until
		}},
}

// FigureDefByID returns the figure called id.
func FigureDefByID(id string) (FigureDef, bool) {
	for _, d := range FigureDefs {
		if d.ID == id {
			return d, true
		}
	}
	return FigureDef{}, false
}

// FigureNotFoundError names a figure napx does not have.
type FigureNotFoundError struct{ ID string }

func (e *FigureNotFoundError) Error() string {
	ids := make([]string, len(FigureDefs))
	for i, d := range FigureDefs {
		ids[i] = d.ID
	}
	return fmt.Sprintf("napx has no figure %q; the figures are %s", e.ID, strings.Join(ids, ", "))
}

func (e *FigureNotFoundError) Unwrap() error { return model.ErrNotFound }

// sources reads the rows of the sources the figures need, for v and the
// query's group, each once.
func (f *Figures) sources(ctx context.Context, v model.Viewer, q FigureQuery, defs []FigureDef) (map[string][]store.FigureRow, error) {
	need := map[string]bool{}
	for _, d := range defs {
		need[d.source] = true
	}
	var orgs []string
	if q.Group != "" {
		orgs = f.cat.Members(q.Group)
		if orgs == nil {
			orgs = []string{}
		}
	}
	out := map[string][]store.FigureRow{}
	var err error
	day := model.DateOf(f.now()).String()
	reader := readerKey(v) + "\x00" + q.Group + "\x00"
	for src := range need {
		var rows []store.FigureRow
		key := reader + src
		if src == "needs" && v.SignedIn() {
			key += "\x00" + v.Org() // the details of a request also depend on the reader's standing as a provider
		}
		if kept, ok := f.kept.get(ctx, day, key); ok {
			out[src] = kept
			continue
		}
		switch src {
		case "plans":
			rows, err = f.db.FigurePlans(ctx, v, orgs)
		case "reports":
			rows, err = f.db.FigureReports(ctx, v, orgs)
		case "editions":
			rows, err = f.db.FigureEditions(ctx, v, orgs)
		case "requests":
			rows, err = f.db.FigureRequests(ctx, v, orgs)
		case "needs":
			provider := false
			if v.SignedIn() {
				if provider, err = f.db.IsProvider(ctx, v.Org()); err != nil {
					return nil, err
				}
			}
			rows, err = f.db.FigureNeeds(ctx, v, provider, orgs)
		case "programmes":
			rows, err = f.db.FigureProgrammes(ctx, v)
		case "events":
			rows, err = f.db.FigureEvents(ctx, v, orgs)
		case "delegations":
			rows, err = f.db.FigureDelegations(ctx, v, orgs)
		case "followups":
			rows, err = f.db.FigureFollowUps(ctx, v, orgs)
		}
		if err != nil {
			return nil, err
		}
		f.kept.put(ctx, day, key, rows)
		out[src] = rows
	}
	return out, nil
}

// counted is one figure's rows for a query.
func (f *Figures) counted(d FigureDef, q FigureQuery, all []store.FigureRow) []*store.FigureRow {
	today := model.DateOf(f.now()).String()
	var rows []*store.FigureRow
	c := &figureContext{all: all}
	p := period{q.From.String(), q.To.String()}
	for i := range all {
		if d.keep(all[i], p, today, c) {
			rows = append(rows, &all[i])
		}
	}
	return rows
}

// completeFrom is the first day from which every record of the source
// rests on a source: the day after the last record without one, or the
// first record's day when all have one (nil: no record).
func completeFrom(all []store.FigureRow) *model.Date {
	first, lastUnsourced := "", ""
	for _, r := range all {
		if r.On == "" {
			continue
		}
		if first == "" || r.On < first {
			first = r.On
		}
		if !r.Sourced && r.On > lastUnsourced {
			lastUnsourced = r.On
		}
	}
	s := first
	if lastUnsourced != "" {
		d, err := model.ParseDate(lastUnsourced)
		if err != nil {
			return nil
		}
		d = d.AddDays(1)
		return &d
	}
	if s == "" {
		return nil
	}
	d, err := model.ParseDate(s)
	if err != nil {
		return nil
	}
	return &d
}

// RecordsURL is the address of the list of the records figure id counts.
func RecordsURL(id string, q FigureQuery) string {
	return "/figures/" + id + "?" + q.Values().Encode()
}

// Compute returns the figures ids (every standard figure when empty) for
// v and q.
func (f *Figures) Compute(ctx context.Context, v model.Viewer, q FigureQuery, ids ...string) ([]Figure, error) {
	defs, err := figureDefs(ids)
	if err != nil {
		return nil, err
	}
	src, err := f.sources(ctx, v, q, defs)
	if err != nil {
		return nil, err
	}
	return f.compute(defs, q, src), nil
}

func (f *Figures) compute(defs []FigureDef, q FigureQuery, src map[string][]store.FigureRow) []Figure {
	out := make([]Figure, 0, len(defs))
	for _, d := range defs {
		all := src[d.source]
		rows := f.counted(d, q, all)
		fig := Figure{ID: d.ID, Label: d.Label, Counts: d.Counts, Records: RecordsURL(d.ID, q), CompleteFrom: completeFrom(all), Note: d.note}
		if d.value != nil {
			fig.Value = d.value(rows)
		} else {
			fig.Value = len(rows)
		}
		for _, r := range rows {
			if !r.Sourced {
				fig.Unsourced++
			}
			if r.Disputed {
				fig.Disputed++
			}
		}
		if d.items != nil {
			fig.Items = d.items(f, rows)
		}
		if d.ID == "followups.on_time" {
			fig.Items = f.followUpItems(q, all)
		}
		out = append(out, fig)
	}
	return out
}

func (f *Figures) followUpItems(fq FigureQuery, all []store.FigureRow) []FigureItem {
	var onTime, late, notDone int
	q := period{fq.From.String(), fq.To.String()}
	for _, r := range all {
		switch {
		case !in(r.Until, q):
		case r.Second == "":
			notDone++
		case r.Second <= r.Until:
			onTime++
		default:
			late++
		}
	}
	return []FigureItem{{Key: "on-time", Label: "done on time", Value: onTime}, {Key: "late", Label: "done late", Value: late},
		{Key: "not-done", Label: "not done", Value: notDone}}
}

func figureDefs(ids []string) ([]FigureDef, error) {
	if len(ids) == 0 {
		return FigureDefs, nil
	}
	out := make([]FigureDef, 0, len(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		d, ok := FigureDefByID(id)
		if !ok {
			return nil, &FigureNotFoundError{ID: model.CleanLine(id, 60)}
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, d)
		}
	}
	return out, nil
}

// FigureRecords is a figure with the records it counts.
type FigureRecords struct {
	Figure  Figure
	Query   FigureQuery
	Records []FigureRecord
}

// Records returns figure id for v and q with the records it counts.
func (f *Figures) Records(ctx context.Context, v model.Viewer, id string, q FigureQuery) (FigureRecords, error) {
	out, err := f.Report(ctx, v, q, []string{id})
	if err != nil {
		return FigureRecords{}, err
	}
	return out[0], nil
}

// Report returns the figures ids with their records (the report
// builder's annex).
func (f *Figures) Report(ctx context.Context, v model.Viewer, q FigureQuery, ids []string) ([]FigureRecords, error) {
	defs, err := figureDefs(ids)
	if err != nil {
		return nil, err
	}
	src, err := f.sources(ctx, v, q, defs)
	if err != nil {
		return nil, err
	}
	figs := f.compute(defs, q, src)
	out := make([]FigureRecords, len(defs))
	for i, d := range defs {
		rows := f.counted(d, q, src[d.source])
		recs := make([]FigureRecord, len(rows))
		for j, r := range rows {
			recs[j] = f.record(*r)
		}
		sort.SliceStable(recs, func(a, b int) bool {
			if recs[a].On != recs[b].On {
				return recs[a].On < recs[b].On
			}
			return recs[a].ID < recs[b].ID
		})
		out[i] = FigureRecords{Figure: figs[i], Query: q, Records: recs}
	}
	return out, nil
}

// record is a row as its list shows it, with its address.
func (f *Figures) record(r store.FigureRow) FigureRecord {
	out := FigureRecord{Kind: r.Kind, ID: r.ID, State: r.Owner, Name: f.cat.OrgName(r.Owner), Title: r.Title, Category: r.Category, On: r.On,
		Sourced: r.Sourced, Disputed: r.Disputed, Count: r.Count}
	id := strconv.FormatInt(r.ID, 10)
	if p, ok := categoryKeys[r.Kind]; ok && r.Category != "" && i18n.MustDefault().Has(p+r.Category) {
		out.CategoryMsg = model.Msg(p + r.Category)
	}
	switch r.Kind {
	case "nap":
		out.URL = "/naps/" + id
	case "report":
		out.URL = "/reports/" + id
	case "matrix-edition":
		out.Title = fmt.Sprintf("Matrix of %s, edition %d", out.Name, r.Number)
		out.URL = "/states/" + r.Owner + "/matrix?edition=" + strconv.Itoa(r.Number)
	case "assistance":
		out.URL = "/assistance/requests/" + id
		if r.Second != "" {
			out.Detail = "circulated " + r.Second
			out.DetailMsg = model.Msg("svcchecks.fig.circulated", day(r.Second))
		}
	case "need":
		out.URL = fmt.Sprintf("/assistance/requests/%d#need-%d", r.Parent, r.ID)
		out.Category = areaLabel(f, r.Category)
		if r.Other != "" {
			out.Detail = "matched with " + f.cat.OrgName(r.Other)
		}
		if r.Second != "" {
			out.Detail = strings.TrimPrefix(out.Detail+"; fulfilled "+r.Second, "; ")
		}
		switch {
		case r.Other != "" && r.Second != "":
			out.DetailMsg = model.Msg("svcchecks.fig.matchedfulfilled", model.ArgOrg(r.Other), day(r.Second))
		case r.Other != "":
			out.DetailMsg = model.Msg("svcchecks.fig.matched", model.ArgOrg(r.Other))
		case r.Second != "":
			out.DetailMsg = model.Msg("svcchecks.fig.fulfilled", day(r.Second))
		}
	case "programme":
		out.URL = "/assistance/programmes/" + id
		out.Detail = strings.Trim(r.On+" – "+r.Second, " –")
	case "event":
		out.URL = "/events/" + id
		out.Detail = "until " + r.Until
		out.DetailMsg = model.Msg("svcchecks.fig.until", day(r.Until))
	case "delegation":
		out.URL = "/events/" + id
		out.State, out.Name = r.Other, f.cat.OrgName(r.Other)
		out.Detail = fmt.Sprintf("organised by %s", f.cat.OrgName(r.Owner))
		out.DetailMsg = model.Msg("svcchecks.fig.organised", model.ArgOrg(r.Owner))
	case "followup":
		out.URL = fmt.Sprintf("/events/%d#follow-up-%d", r.Parent, r.ID)
		out.Detail = "due " + r.Until
		out.DetailMsg = model.Msg("svcchecks.fig.due", day(r.Until))
		if r.Second != "" {
			out.Detail += "; done " + r.Second
			out.DetailMsg = model.Msg("svcchecks.fig.duedone", day(r.Until), day(r.Second))
		}
	}
	return out
}
