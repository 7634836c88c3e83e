package service

import (
	"context"
	"fmt"
	"strconv"

	"napx/internal/model"
	"napx/internal/store"
)

// Who is told what (issue 11): each step of the procedure tells the other
// side, inside the transaction of the change. The notice is described here
// (who may be told, what it says); the notifications of the job engine
// choose among them through the one policy.

// assistanceNotice is one notice of the procedure.
type assistanceNotice struct {
	Step      string // submit, acknowledge, object, circulate, consent, close, withdraw, follow-up, offer, match
	Request   model.AssistanceRequest
	NeedID    int64
	Provider  string // the provider concerned (offer, match)
	Programme string // its programme's title
	Title     string
	URL       string
	// Requesters, Committee and Providers say who may be told: the
	// requesting organisations' editors and coordinators, the Committee and
	// the secretariat, the provider concerned.
	Requesters, Committee, Provider1 bool
	// AreaProviders: the providers with an open programme in one of these
	// areas (circulation tells them).
	AreaProviders []string
	By            model.Viewer
}

// tell tells who should know of a step of request r.
func (s *Assistance) tell(ctx context.Context, tx *store.Tx, v model.Viewer, r model.AssistanceRequest, step string) error {
	if s.notify == nil {
		return nil
	}
	n := assistanceNotice{Step: step, Request: r, URL: "/assistance/requests/" + strconv.FormatInt(r.ID, 10), By: v}
	owner := s.cat.OrgName(r.Owner)
	switch step {
	case string(model.StepSubmit):
		n.Title, n.Committee = fmt.Sprintf("%s asks for assistance: “%s”", owner, r.Title), true
	case string(model.StepAcknowledge):
		n.Title, n.Requesters = fmt.Sprintf("The Committee acknowledged “%s”; you may object to circulation until %s", r.Title, r.Deadline.Long()), true
	case string(model.StepObject):
		n.Title, n.Committee = fmt.Sprintf("%s objects to circulating “%s”", owner, r.Title), true
	case string(model.StepCirculate), string(model.StepConsent):
		n.Title, n.Requesters, n.Committee = fmt.Sprintf("“%s” (%s) was circulated to providers", r.Title, owner), true, true
		n.AreaProviders = r.Areas()
	case string(model.StepWithdraw):
		n.Title, n.Committee = fmt.Sprintf("%s withdrew “%s”", owner, r.Title), true
	case string(model.StepClose):
		n.Title, n.Requesters, n.Committee = fmt.Sprintf("“%s” (%s) is closed", r.Title, owner), true, true
	case "follow-up":
		n.Title, n.Requesters, n.Committee = fmt.Sprintf("One year on: was “%s” (%s) met? Record each need's outcome", r.Title, owner), true, true
	default:
		return nil
	}
	return s.notify.send(ctx, tx, n)
}

// tellNeed tells both sides of an offer or a match on need n.
func (s *Assistance) tellNeed(ctx context.Context, tx *store.Tx, v model.Viewer, r model.AssistanceRequest, n model.AssistanceNeed, step string, g model.Programme) error {
	if s.notify == nil {
		return nil
	}
	note := assistanceNotice{Step: step, Request: r, NeedID: n.ID, Provider: g.Provider, Programme: g.Title,
		URL: "/assistance/requests/" + strconv.FormatInt(r.ID, 10) + "#need-" + strconv.FormatInt(n.ID, 10), By: v}
	switch step {
	case "offer":
		note.Title = fmt.Sprintf("%s offers “%s” for a need of “%s”", s.cat.OrgName(g.Provider), g.Title, r.Title)
		note.Requesters, note.Committee = true, true
	case "match":
		note.Title = fmt.Sprintf("Match confirmed: “%s” (%s) for the %s need of “%s”", g.Title, s.cat.OrgName(g.Provider), n.Area, r.Title)
		note.Requesters, note.Committee, note.Provider1 = true, true, true
	default:
		return nil
	}
	return s.notify.send(ctx, tx, note)
}
