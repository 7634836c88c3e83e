package service

import (
	"context"
	"slices"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// The views of assistance (issue 11, item 6) and the links of the chain:
// open needs by region and area, a State's assistance (asked, offered,
// received), an event's deliveries, and a NAP action's "Request
// assistance".

// UNRegions are the UN regional groups the open needs are counted by.
var UNRegions = []string{"UN-AFRICA", "UN-APG", "UN-EEG", "UN-GRULAC", "UN-WEOG"}

// NeedTable is the open needs by region (or by State of a group) and
// area: counts of what the viewer may read.
type NeedTable struct {
	Group   string   // the group the rows are the States of ("" for the UN regions)
	Areas   []string // the columns: areas with at least one open need
	Rows    []NeedRow
	Total   NeedRow
	Unknown NeedRow // requesters in no row (organisations filing for a group, or States outside the group's rows)
}

// NeedRow is one row of the table.
type NeedRow struct {
	Code, Name string
	Counts     map[string]int // by area
	N          int
}

func (r *NeedRow) add(area string, n int) {
	if r.Counts == nil {
		r.Counts = map[string]int{}
	}
	r.Counts[area] += n
	r.N += n
}

// OpenNeeds counts the open needs v may read by region and area: the UN
// regional groups, or — for a group — its member States.
func (s *Assistance) OpenNeeds(ctx context.Context, v model.Viewer, group string) (NeedTable, error) {
	group = strings.ToUpper(strings.TrimSpace(group))
	t := NeedTable{Group: group, Total: NeedRow{Code: "total", Name: "All requesters"}, Unknown: NeedRow{Code: "other", Name: "Filed by organisations for groups"}}
	var rowCodes []string
	if group == "" {
		rowCodes = UNRegions
	} else {
		if msg := model.LineProblem(group, 20); msg != "" || s.cat.Group(group) == nil {
			return t, model.Problems{"group": "there is no group " + model.CleanLine(group, 20)}
		}
		rowCodes = s.cat.Members(group)
		t.Unknown.Name = "Filed for the group by organisations"
	}
	rows := map[string]*NeedRow{}
	for _, c := range rowCodes {
		name := s.cat.OrgName(c)
		if g := s.cat.Group(c); g != nil {
			name = g.Name
		}
		t.Rows = append(t.Rows, NeedRow{Code: c, Name: name})
	}
	for i := range t.Rows {
		rows[t.Rows[i].Code] = &t.Rows[i]
	}
	counts, err := s.db.OpenNeedCounts(ctx, v, group)
	if err != nil {
		return t, err
	}
	areas := map[string]bool{}
	for _, c := range counts {
		areas[c.Area] = true
		t.Total.add(c.Area, c.N)
		row := &t.Unknown
		if group != "" {
			if r := rows[c.Owner]; r != nil {
				row = r
			}
		} else {
			for _, m := range s.cat.GroupsOf(c.Owner) {
				if r := rows[m.Group.Code]; r != nil {
					row = r
					break
				}
			}
		}
		row.add(c.Area, c.N)
	}
	for _, a := range s.codes.AreaIDs() {
		if areas[a] {
			t.Areas = append(t.Areas, a)
		}
	}
	return t, nil
}

// DeliveryView is a delivery as one viewer sees it: what was done only for
// those who read the request's details.
type DeliveryView struct {
	model.AssistanceDelivery
	RequestID    int64
	RequestTitle string
	Owner        string
	OwnerName    string
	ProviderName string
	Area         string
	Illustrative bool
}

func (s *Assistance) deliveryViews(ctx context.Context, v model.Viewer, rows []store.DeliveryRow) ([]DeliveryView, error) {
	provider := false
	if v.SignedIn() {
		var err error
		if provider, err = s.db.IsProvider(ctx, v.Org()); err != nil {
			return nil, err
		}
	}
	out := make([]DeliveryView, len(rows))
	for i, d := range rows {
		st := policy.AssistanceStanding{Provider: provider, Matched: v.SignedIn() && d.Provider == v.Org()}
		dv := DeliveryView{AssistanceDelivery: d.AssistanceDelivery, RequestID: d.Request.ID, RequestTitle: d.Request.Title, Owner: d.Request.Owner,
			OwnerName: s.cat.OrgName(d.Request.Owner), ProviderName: s.cat.OrgName(d.Provider), Area: d.Area, Illustrative: d.Request.Illustrative}
		if !policy.RequestDetails(v, policy.AssistanceRecord(d.Request), st) {
			dv.What, dv.By = "", ""
		}
		out[i] = dv
	}
	return out, nil
}

// EventDeliveries lists the needs event id delivered on, as v may see them
// (the event page: "needs this event delivered on"). The caller has read
// the event for v.
func (s *Assistance) EventDeliveries(ctx context.Context, v model.Viewer, eventID int64) ([]DeliveryView, error) {
	rows, err := s.db.ReadableDeliveries(ctx, v, eventID, "")
	if err != nil {
		return nil, err
	}
	return s.deliveryViews(ctx, v, rows)
}

// StateAssistance is what a State asked, offered and received.
type StateAssistance struct {
	Asked      []RequestView
	Programmes []ProgrammeView // its programmes and those of its programme organisations
	Delivered  []DeliveryView  // what it delivered to others
	Received   []DeliveryView  // what it received
	CanRequest bool
}

// ForState returns the assistance of a State (or any organisation) as v
// may see it.
func (s *Assistance) ForState(ctx context.Context, v model.Viewer, code string) (StateAssistance, error) {
	var out StateAssistance
	code = strings.ToUpper(code)
	var err error
	if out.Asked, err = s.Requests(ctx, v, model.RequestFilter{States: []string{code}}); err != nil {
		return out, err
	}
	providers := []string{code}
	for _, o := range s.cat.Organizations {
		if o.Parent == code && o.Kind == string(model.OrgProgramme) {
			providers = append(providers, o.Code)
		}
	}
	for _, p := range providers {
		gs, err := s.Programmes(ctx, v, model.ProgrammeFilter{Provider: p})
		if err != nil {
			return out, err
		}
		out.Programmes = append(out.Programmes, gs...)
	}
	rows, err := s.db.ReadableDeliveries(ctx, v, 0, code)
	if err != nil {
		return out, err
	}
	all, err := s.deliveryViews(ctx, v, rows)
	if err != nil {
		return out, err
	}
	for _, d := range all {
		if d.Recipient == code {
			out.Received = append(out.Received, d)
		} else {
			out.Delivered = append(out.Delivered, d)
		}
	}
	out.CanRequest = s.CanRequest(v, code)
	return out, nil
}

// Prefill is a new request started from a NAP action that needs
// assistance: the requester, a title and one need.
type Prefill struct {
	Owner  string
	Title  string
	Need   model.NeedInput
	Action model.NAPAction
	Plan   model.NAP
}

// FromAction prefills a request from NAP action id ("Request assistance"
// on an action): the action must be one v reads, of a plan of a State v
// may ask for. The need's area is inferred from the action's matrix
// fields (a proposal the person checks).
func (s *Assistance) FromAction(ctx context.Context, v model.Viewer, id int64) (Prefill, error) {
	a, plan, err := s.naps.Action(ctx, v, id)
	if err != nil {
		return Prefill{}, err
	}
	if err := s.checkRequester(v, plan.State); err != nil {
		return Prefill{}, err
	}
	p := Prefill{Owner: plan.State, Title: model.Truncate("Assistance for: "+a.Title, 300), Action: a, Plan: plan,
		Need: model.NeedInput{Area: s.areaOf(a.Elements), Modalities: []string{"legal-advice"}, Description: a.AssistanceWhat,
			Elements: slices.Clone(a.Elements), Actions: []int64{a.ID}}}
	if p.Need.Description == "" {
		p.Need.Description = a.Description
	}
	return p, nil
}

// areaOf proposes the area of a need from matrix fields: the most common
// among them of OP 1 and 2 (legislation), OP 3 (a) and (b) by weapon
// (nuclear, chemical, biological security), OP 3 (c) (border control) and
// OP 3 (d) (export controls); AS-OTHER without any.
func (s *Assistance) areaOf(elements []string) string {
	votes := map[string]int{}
	best := "AS-OTHER"
	for _, e := range elements {
		f, ok := s.tax.Field(e)
		if !ok {
			continue
		}
		area := ""
		switch f.Area {
		case "OP1", "OP2":
			area = "AS-LEG"
		case "OP3a", "OP3b":
			area = map[string]string{"NW": "AS-NUC", "CW": "AS-CHEM", "BW": "AS-BIO"}[f.Weapon]
		case "OP3c":
			area = "AS-BORDER"
		case "OP3d":
			area = "AS-EXPORT"
		}
		if area == "" {
			continue
		}
		votes[area]++
		if votes[area] > votes[best] {
			best = area
		}
	}
	return best
}

// needsLayer classes each State by its open needs the viewer may read (the
// maps' fourth layer): the same count as the open-needs table.
func (m *Maps) needsLayer(ctx context.Context, v model.Viewer, states []string) (map[string]mapValue, error) {
	counts, err := m.db.OpenNeedCounts(ctx, v, "")
	if err != nil {
		return nil, err
	}
	by := map[string]int{}
	for _, c := range counts {
		by[c.Owner] += c.N
	}
	out := map[string]mapValue{}
	for _, code := range states {
		n := by[code]
		if n == 0 {
			continue
		}
		class := 4
		switch {
		case n == 1:
			class = 1
		case n <= 3:
			class = 2
		case n <= 6:
			class = 3
		}
		out[code] = mapValue{class: class, detail: plural(n, "open assistance need", "open assistance needs"), key: "maps.detail.needs", args: []any{n}}
	}
	return out, nil
}
