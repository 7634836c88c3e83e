package service

import (
	"context"
	"slices"

	"napx/internal/model"
)

// RequestPage is everything a request's page shows, as one viewer may see
// it, read in one call: the request, and per need its ranked programmes,
// offers, deliveries, feedback and the links it may follow.
type RequestPage struct {
	Request    RequestView
	Needs      []NeedPage
	History    []model.HistoryEntry
	WindowText string
	// MyProgrammes: the viewer's open programmes (to offer).
	MyProgrammes []ProgrammeView
}

// NeedPage is one need on its request's page.
type NeedPage struct {
	model.AssistanceNeed
	AreaLabel  string
	Matches    []model.Scored // ranked programmes that fit (open needs)
	Offers     []model.Offer
	Deliveries []DeliveryLine
	Feedback   []model.Feedback
	Actions    []ActionLink     // the linked NAP actions the viewer reads
	Fields     []FieldLink      // the linked matrix fields
	CanOffer   []ProgrammeView  // the viewer's programmes it may offer for this need
	Programmes map[int64]string // titles of the programmes offered
}

// ActionLink is a NAP action linked to a need, shown to those who read it.
type ActionLink struct {
	ID, NAPID int64
	Title     string
	State     string
}

// FieldLink is a matrix field linked to a need.
type FieldLink struct {
	ID, Label string
	Verified  bool
}

// DeliveryLine is a delivery with the event that delivered it, when the
// viewer reads the event.
type DeliveryLine struct {
	model.AssistanceDelivery
	EventTitle string
}

// Page reads request id's page for v.
func (s *Assistance) Page(ctx context.Context, v model.Viewer, id int64) (RequestPage, error) {
	r, err := s.Request(ctx, v, id)
	if err != nil {
		return RequestPage{}, err
	}
	x, err := s.Extras(ctx, v, r)
	if err != nil {
		return RequestPage{}, err
	}
	p := RequestPage{Request: r, History: x.History}
	if r.Details {
		p.WindowText = s.WindowText(ctx, r.AssistanceRequest)
	}
	if r.CanOffer {
		if p.MyProgrammes, err = s.Programmes(ctx, v, model.ProgrammeFilter{Provider: v.Org(), Status: model.ProgrammeOpen}); err != nil {
			return p, err
		}
	}
	titles := map[int64]string{}
	for _, o := range x.Offers {
		if _, ok := titles[o.ProgrammeID]; !ok {
			if g, err := s.db.Programme(ctx, o.ProgrammeID); err == nil {
				titles[o.ProgrammeID] = g.Title
			}
		}
	}
	events := map[int64]string{}
	for _, n := range r.Needs {
		np := NeedPage{AssistanceNeed: n, AreaLabel: s.codes.AreaLabel(n.Area), Matches: x.Matches[n.ID], Programmes: titles}
		for _, o := range x.Offers {
			if o.NeedID == n.ID {
				np.Offers = append(np.Offers, o)
			}
		}
		for _, d := range x.Deliveries {
			if d.NeedID != n.ID {
				continue
			}
			line := DeliveryLine{AssistanceDelivery: d}
			if d.EventID != 0 {
				title, seen := events[d.EventID]
				if !seen {
					if e, _, err := s.events.readable(ctx, &s.db.Conn, v, d.EventID); err == nil {
						title = e.Title
					}
					events[d.EventID] = title
				}
				line.EventTitle = title
				if title == "" {
					line.EventID = 0 // an event the viewer may not read is not named
				}
			}
			np.Deliveries = append(np.Deliveries, line)
		}
		for _, f := range x.Feedback {
			if f.NeedID == n.ID {
				np.Feedback = append(np.Feedback, f)
			}
		}
		for _, aid := range n.Actions {
			if a, plan, err := s.naps.Action(ctx, v, aid); err == nil {
				np.Actions = append(np.Actions, ActionLink{ID: a.ID, NAPID: a.NAPID, Title: a.Title, State: plan.State})
			}
		}
		for _, e := range n.Elements {
			if f, ok := s.tax.Field(e); ok {
				np.Fields = append(np.Fields, FieldLink{ID: f.ID, Label: f.Label, Verified: f.Verified})
			}
		}
		if n.Open() && n.Match == nil {
			for _, g := range p.MyProgrammes {
				offered := slices.ContainsFunc(np.Offers, func(o model.Offer) bool { return o.ProgrammeID == g.ID })
				if slices.Contains(g.Areas, n.Area) && !offered {
					np.CanOffer = append(np.CanOffer, g)
				}
			}
		}
		p.Needs = append(p.Needs, np)
	}
	return p, nil
}
