package service

import (
	"context"
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
	Msg       model.Message
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
	owner, title := model.ArgOrg(r.Owner), titleArg(r.Title)
	switch step {
	case string(model.StepSubmit):
		n.Msg, n.Committee = model.Msg("svcnotices.assist.submit", owner, title), true
	case string(model.StepAcknowledge):
		n.Msg, n.Requesters = model.Msg("svcnotices.assist.acknowledge", title, model.ArgDate(r.Deadline)), true
	case string(model.StepObject):
		n.Msg, n.Committee = model.Msg("svcnotices.assist.object", owner, title), true
	case string(model.StepCirculate), string(model.StepConsent):
		n.Msg, n.Requesters, n.Committee = model.Msg("svcnotices.assist.circulate", title, owner), true, true
		n.AreaProviders = r.Areas()
	case string(model.StepWithdraw):
		n.Msg, n.Committee = model.Msg("svcnotices.assist.withdraw", owner, title), true
	case string(model.StepClose):
		n.Msg, n.Requesters, n.Committee = model.Msg("svcnotices.assist.close", title, owner), true, true
	case "follow-up":
		n.Msg, n.Requesters, n.Committee = model.Msg("svcnotices.assist.followup", title, owner), true, true
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
		note.Msg = model.Msg("svcnotices.assist.offer", model.ArgOrg(g.Provider), titleArg(g.Title), titleArg(r.Title))
		note.Requesters, note.Committee = true, true
	case "match":
		note.Msg = model.Msg("svcnotices.assist.match", titleArg(g.Title), model.ArgOrg(g.Provider), model.ArgKey("assistance.area."+n.Area), titleArg(r.Title))
		note.Requesters, note.Committee, note.Provider1 = true, true, true
	default:
		return nil
	}
	return s.notify.send(ctx, tx, note)
}
