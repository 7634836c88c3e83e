package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// Needs: matching, offers, confirmed matches, deliveries, feedback and
// outcomes (issue 11, items 3 to 5). A need is read and written under its
// request: whoever may not read the request finds no need.

// RequestExtras is what goes with a request on its own page: the offers,
// deliveries, feedback and history the viewer may read, and the ranked
// programmes of each open need (for those who read the details).
type RequestExtras struct {
	Offers     []model.Offer
	Deliveries []model.AssistanceDelivery
	Feedback   []model.Feedback
	History    []model.HistoryEntry
	Matches    map[int64][]model.Scored // by need
}

// Extras returns what goes with a request the service has just read for
// v. Insiders read everything; a provider reads its own offers, the
// deliveries and feedback of its own matches and the history's public
// steps; the public reads nothing more than the summary.
func (s *Assistance) Extras(ctx context.Context, v model.Viewer, r RequestView) (RequestExtras, error) {
	var x RequestExtras
	if r.readBy == nil || r.readBy != readerOf(v) {
		return x, model.ErrNotFound
	}
	if !r.Details {
		return x, nil
	}
	var err error
	if x.Offers, err = s.db.Offers(ctx, r.ID); err != nil {
		return x, err
	}
	if x.Deliveries, err = s.db.Deliveries(ctx, r.ID); err != nil {
		return x, err
	}
	if x.Feedback, err = s.db.Feedback(ctx, r.ID); err != nil {
		return x, err
	}
	if x.History, err = s.db.AssistanceHistory(ctx, r.ID); err != nil {
		return x, err
	}
	if !r.Insider {
		mine := func(org string) bool { return v.SignedIn() && org == v.Org() }
		matchedTo := map[int64]string{}
		for _, n := range r.Needs {
			if n.Match != nil {
				matchedTo[n.ID] = n.Match.Provider
			}
		}
		x.Offers = slices.DeleteFunc(x.Offers, func(o model.Offer) bool { return !mine(o.Provider) })
		x.Deliveries = slices.DeleteFunc(x.Deliveries, func(d model.AssistanceDelivery) bool { return !mine(d.Provider) })
		x.Feedback = slices.DeleteFunc(x.Feedback, func(f model.Feedback) bool { return !mine(matchedTo[f.NeedID]) })
		x.History = slices.DeleteFunc(x.History, func(e model.HistoryEntry) bool { return e.Insiders && !mine(e.ActorOrg) })
	}
	if r.Status == model.RequestCirculated || r.Status == model.RequestWithheld {
		var open []int64
		for _, n := range r.Needs {
			if n.Open() && n.Match == nil {
				open = append(open, n.ID)
			}
		}
		if x.Matches, err = s.rank(ctx, v, r.AssistanceRequest, open, r.Insider); err != nil {
			return x, err
		}
	}
	return x, nil
}

// rank scores the programmes of the needs ids of r (bounded: the
// programmes of each need's area). Offers count only for insiders, who
// read them; everyone reads the rest.
func (s *Assistance) rank(ctx context.Context, v model.Viewer, r model.AssistanceRequest, ids []int64, insider bool) (map[int64][]model.Scored, error) {
	out := map[int64][]model.Scored{}
	if len(ids) == 0 {
		return out, nil
	}
	cs, err := s.db.MatchCandidates(ctx, store.MatchQuery{Viewer: model.SystemViewer("matching"), NeedIDs: ids, Today: s.Today()})
	if err != nil {
		return nil, err
	}
	byNeed := map[int64][]model.MatchFeatures{}
	for _, c := range cs {
		f := c.MatchFeatures
		if !insider && !(v.SignedIn() && f.Provider == v.Org()) {
			f.Offered = false // another provider's offer is the insiders'
		}
		byNeed[c.NeedID] = append(byNeed[c.NeedID], f)
	}
	for _, id := range ids {
		out[id] = model.RankMatches(byNeed[id], r.Owner, codeSet{s}, false)
		s.localReasons(ctx, out[id], r.Owner)
	}
	return out, nil
}

// NeedView is a need with its request as v sees it.
type NeedView struct {
	model.AssistanceNeed
	Request RequestView
}

// readNeed reads need id and its request for v.
func (s *Assistance) readNeed(ctx context.Context, v model.Viewer, id int64) (NeedView, error) {
	rid, err := s.db.NeedRequestID(ctx, id)
	if err != nil {
		return NeedView{}, err
	}
	r, err := s.Request(ctx, v, rid)
	if err != nil {
		return NeedView{}, err
	}
	for _, n := range r.Needs {
		if n.ID == id {
			return NeedView{AssistanceNeed: n, Request: r}, nil
		}
	}
	return NeedView{}, model.ErrNotFound
}

// Matches ranks the programmes for need id, best first, with the reasons:
// for those who read the request's details. Below the threshold a need has
// none ("no programme fits yet").
func (s *Assistance) Matches(ctx context.Context, v model.Viewer, id int64) (NeedView, []model.Scored, error) {
	n, err := s.readNeed(ctx, v, id)
	if err != nil {
		return n, nil, err
	}
	if err := policy.Decide(v, n.Request.record, n.Request.Details); err != nil {
		return n, nil, err
	}
	ranked, err := s.rank(ctx, v, n.Request.AssistanceRequest, []int64{id}, n.Request.Insider)
	if err != nil {
		return n, nil, err
	}
	return n, ranked[id], nil
}

// lockedNeed reads a need for a write: its request locked first (the order
// every step takes), then the need; ErrNotFound when v may not read the
// request.
func (s *Assistance) lockedNeed(ctx context.Context, tx *store.Tx, v model.Viewer, id int64) (model.AssistanceRequest, policy.AssistanceStanding, model.AssistanceNeed, error) {
	rid, err := tx.NeedRequestID(ctx, id)
	if err != nil {
		return model.AssistanceRequest{}, policy.AssistanceStanding{}, model.AssistanceNeed{}, err
	}
	r, st, err := s.lockedRequest(ctx, tx, v, rid)
	if err != nil {
		return r, st, model.AssistanceNeed{}, err
	}
	n, err := tx.AssistanceNeedForUpdate(ctx, id)
	return r, st, n, err
}

// needConflict is the answer to a second expert confirming another match:
// the need as it is now.
func (s *Assistance) needConflict(v model.Viewer, r model.AssistanceRequest, st policy.AssistanceStanding, n model.AssistanceNeed) error {
	cur := n
	view := s.view(v, r, st)
	for _, vn := range view.Needs {
		if vn.ID == n.ID {
			cur = vn
		}
	}
	now := NeedView{AssistanceNeed: cur, Request: view}
	if n.Match != nil {
		return conflict(now, "conflicts.need.matchedto", model.ArgText(n.Match.Programme), model.ArgOrg(n.Match.Provider))
	}
	return conflict(now, "conflicts.need.matched")
}

// programmeFor checks a programme named for need n: it exists and is
// readable, open, running, and works in the need's area (no forced match).
func (s *Assistance) programmeFor(ctx context.Context, c *store.Conn, v model.Viewer, id int64, n model.AssistanceNeed) (model.Programme, error) {
	g, err := c.Programme(ctx, id)
	if err != nil || !policy.CanRead(v, policy.ProgrammeRecord(g)) {
		return g, model.Problems{"programme": fmt.Sprintf("there is no programme %d", id)}
	}
	switch {
	case g.Status == model.ProgrammeWithdrawn:
		return g, model.Problems{"programme": fmt.Sprintf("%s withdrew the programme %q", s.cat.OrgName(g.Provider), g.Title)}
	case g.Status != model.ProgrammeOpen:
		return g, model.Problems{"programme": fmt.Sprintf("the programme %q is %s: it takes no needs", g.Title, strings.ToLower(g.Status.Label()))}
	case !g.Running(s.Today()):
		return g, model.Problems{"programme": fmt.Sprintf("the programme %q ended on %s", g.Title, g.End.Long())}
	case !slices.Contains(g.Areas, n.Area):
		return g, model.Problems{"programme": fmt.Sprintf("the programme %q does not work in %s: a programme that shares no area with the need is never a match", g.Title, n.Area)}
	}
	return g, nil
}

// Offer records a provider's offer of one of its programmes against need
// id of a circulated request.
func (s *Assistance) Offer(ctx context.Context, v model.Viewer, id int64, input Input[model.OfferInput]) (model.Offer, error) {
	var out model.Offer
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		r, st, n, err := s.lockedNeed(ctx, tx, v, id)
		if err != nil {
			return err
		}
		rec := policy.AssistanceRecord(r)
		// Whoever does not read the request's details offers nothing on it.
		if !policy.RequestDetails(v, rec, st) {
			return policy.Decide(v, rec, false)
		}
		in, err := input.read(model.OfferInput{})
		if err != nil {
			return err
		}
		if p := in.Validate(); len(p) > 0 {
			return p
		}
		g, err := s.programmeFor(ctx, &tx.Conn, v, in.Programme, n)
		if err != nil {
			return err
		}
		if err := policy.OfferOnRequest(v, rec, st, g.Provider); err != nil {
			return err
		}
		switch {
		case r.Status != model.RequestCirculated:
			return model.Problems{"status": "the request is " + strings.ToLower(r.Status.Label()) + ": it takes no offers"}
		case !n.Open() || n.Match != nil:
			return model.Problems{"need": "the need is matched or has its outcome already"}
		}
		o := model.Offer{NeedID: n.ID, ProgrammeID: g.ID, Provider: g.Provider, Note: in.Note, By: actorLabel(v)}
		if err := tx.CreateOffer(ctx, &o); err != nil {
			if store.IsUniqueViolation(err) {
				return model.Problems{"programme": "you offered this programme for this need already"}
			}
			return err
		}
		out = o
		if err := s.history(ctx, tx, v, r.ID, n.ID, "offer", model.Msg("svcmore.h.offer", model.ArgOrg(g.Provider), model.ArgText(g.Title), model.ArgText(n.Area)), true); err != nil {
			return err
		}
		if err := s.tellNeed(ctx, tx, v, r, n, "offer", g); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "assistance.offer", Kind: "assistance", RecordID: r.ID,
			Summary: fmt.Sprintf("%s offered programme %d for need %d", g.Provider, g.ID, n.ID), After: o})
	})
	return out, err
}

// Match confirms a match of need id with a programme (the Committee's
// experts). One match per need: a second expert confirming another one at
// the same time gets a conflict with the need as it is.
func (s *Assistance) Match(ctx context.Context, v model.Viewer, id int64, input Input[model.MatchInput]) (NeedView, error) {
	var out NeedView
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		r, st, n, err := s.lockedNeed(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := policy.ConfirmMatch(v, policy.AssistanceRecord(r)); err != nil {
			return err
		}
		in, err := input.read(model.MatchInput{})
		if err != nil {
			return err
		}
		if in.Programme <= 0 {
			return model.Problems{"programme": "name the programme by its number"}
		}
		if n.Match != nil {
			return s.needConflict(v, r, st, n)
		}
		switch {
		case r.Status != model.RequestCirculated && r.Status != model.RequestWithheld:
			return model.Problems{"status": "the request is " + strings.ToLower(r.Status.Label()) + ": nothing is matched now"}
		case !n.Open():
			return model.Problems{"need": "the need has its outcome already"}
		}
		g, err := s.programmeFor(ctx, &tx.Conn, v, in.Programme, n)
		if err != nil {
			return err
		}
		cs, err := tx.MatchCandidates(ctx, store.MatchQuery{Viewer: timers, NeedIDs: []int64{n.ID}, Provider: g.Provider, Today: s.Today()})
		if err != nil {
			return err
		}
		m := model.AssistanceMatch{NeedID: n.ID, ProgrammeID: g.ID, Programme: g.Title, Provider: g.Provider, By: actorLabel(v)}
		for _, c := range cs {
			if c.ProgrammeID == g.ID {
				sc := model.ScoreMatch(c.MatchFeatures, r.Owner, codeSet{s})
				m.Score, m.Why = sc.Score, s.matchWhy(sc, r.Owner)
				m.Reasons = s.texts(i18n.WithLang(ctx, i18n.English), m.Why)
			}
		}
		if err := tx.CreateMatch(ctx, &m); err != nil {
			if store.IsUniqueViolation(err) {
				return s.needConflict(v, r, st, n)
			}
			return err
		}
		for i := range r.Needs {
			if r.Needs[i].ID == n.ID {
				r.Needs[i].Match = &m
				n = r.Needs[i]
			}
		}
		if err := s.history(ctx, tx, v, r.ID, n.ID, "match", model.Msg("svcmore.h.match",
			model.ArgText(n.Area), model.ArgText(g.Title), model.ArgOrg(g.Provider), model.ArgNum(m.Score)), false); err != nil {
			return err
		}
		if err := s.tellNeed(ctx, tx, v, r, n, "match", g); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v, store.AuditRecord{Action: "assistance.match", Kind: "assistance", RecordID: r.ID,
			Summary: fmt.Sprintf("need %d matched with programme %d of %s (score %d)", n.ID, g.ID, g.Provider, m.Score), After: m}); err != nil {
			return err
		}
		view := s.view(v, r, st)
		out = NeedView{AssistanceNeed: n, Request: view}
		return nil
	})
	return out, err
}

// Deliveries lists the deliveries on need id that v may read.
func (s *Assistance) Deliveries(ctx context.Context, v model.Viewer, id int64) ([]model.AssistanceDelivery, error) {
	n, err := s.readNeed(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if err := policy.Decide(v, n.Request.record, n.Request.Details); err != nil {
		return nil, err
	}
	x, err := s.Extras(ctx, v, n.Request)
	if err != nil {
		return nil, err
	}
	out := []model.AssistanceDelivery{}
	for _, d := range x.Deliveries {
		if d.NeedID == id {
			out = append(out, d)
		}
	}
	return out, nil
}

// AddDelivery records a delivery on a matched need: the matched provider
// or the Committee, with the event that delivered it when there was one
// (an event v may read).
func (s *Assistance) AddDelivery(ctx context.Context, v model.Viewer, id int64, input Input[model.DeliveryInput]) (model.AssistanceDelivery, error) {
	var out model.AssistanceDelivery
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		r, _, n, err := s.lockedNeed(ctx, tx, v, id)
		if err != nil {
			return err
		}
		provider := ""
		if n.Match != nil {
			provider = n.Match.Provider
		}
		if err := policy.RecordDelivery(v, policy.AssistanceRecord(r), provider); err != nil {
			return err
		}
		in, err := input.read(model.DeliveryInput{})
		if err != nil {
			return err
		}
		d, probs := in.Validate()
		if n.Match == nil {
			probs.Add("need", "the need has no confirmed match yet: a delivery follows a match")
		}
		if d.EventID > 0 {
			if _, _, err := s.events.readable(ctx, &tx.Conn, v, d.EventID); err != nil {
				probs.Add("event", "there is no event %d that you may read", d.EventID)
			}
		}
		if !d.Start.IsZero() && d.Start.After(s.Today()) {
			probs.Add("start", "a delivery is recorded once it took place: the first day is after today")
		}
		if len(probs) > 0 {
			return probs
		}
		d.NeedID, d.MatchID, d.Provider, d.Recipient, d.By = n.ID, n.Match.ID, n.Match.Provider, r.Owner, actorLabel(v)
		if err := tx.CreateDelivery(ctx, &d); err != nil {
			return err
		}
		out = d
		if err := s.history(ctx, tx, v, r.ID, n.ID, "delivery", deliveryNote(d), false); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "assistance.delivery", Kind: "assistance", RecordID: r.ID,
			Summary: fmt.Sprintf("delivery on need %d recorded", n.ID), After: d})
	})
	return out, err
}

// AddFeedback records one side's feedback on need id (resolution 2663
// OP 20) and, from the requesters or the Committee, the need's outcome;
// once every need has its outcome the request is closed.
func (s *Assistance) AddFeedback(ctx context.Context, v model.Viewer, id int64, input Input[model.FeedbackInput]) (model.Feedback, error) {
	var out model.Feedback
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		r, st, n, err := s.lockedNeed(ctx, tx, v, id)
		if err != nil {
			return err
		}
		rec := policy.AssistanceRecord(r)
		provider := ""
		if n.Match != nil {
			provider = n.Match.Provider
		}
		// Refused before the body is read: who may give no feedback at all.
		if policy.GiveFeedback(v, rec, model.SideRequester, provider, false) != nil {
			if err := policy.GiveFeedback(v, rec, model.SideProvider, provider, false); err != nil {
				return err
			}
		}
		in, err := input.read(model.FeedbackInput{})
		if err != nil {
			return err
		}
		f, note, probs := in.Validate()
		if len(probs) > 0 {
			return probs
		}
		if f.Side == "" {
			f.Side = model.SideRequester
			if v.SignedIn() && provider != "" && v.Org() == provider {
				f.Side = model.SideProvider
			}
		}
		if err := policy.GiveFeedback(v, rec, f.Side, provider, f.Outcome != model.OutcomeNone); err != nil {
			return err
		}
		switch {
		case r.Status != model.RequestCirculated && r.Status != model.RequestWithheld && r.Status != model.RequestClosed:
			return model.Problems{"status": "the request is " + strings.ToLower(r.Status.Label()) + ": feedback comes once it is circulated"}
		case f.Side == model.SideProvider && n.Match == nil:
			return model.Problems{"side": "the need has no match: there is no provider's side yet"}
		case f.Outcome != model.OutcomeNone && r.Status == model.RequestClosed:
			return model.Problems{"outcome": "the request is closed: its needs' outcomes are final"}
		}
		f.NeedID, f.Org, f.By = n.ID, v.Org(), actorLabel(v)
		if f.Org == "" || v.CommitteeLevel() {
			// napx itself or the Committee records it for one side.
			f.Org = r.Owner
			if f.Side == model.SideProvider {
				f.Org = provider
			}
		}
		if err := tx.CreateFeedback(ctx, &f); err != nil {
			return err
		}
		out = f
		what := model.Msg("svcmore.h.feedback."+string(f.Side), model.ArgText(n.Area))
		if f.Outcome != model.OutcomeNone {
			what = model.Msg("svcmore.h.outcome."+string(f.Side), model.ArgText(n.Area), model.ArgKey("assistance.outcome."+string(f.Outcome)))
			n.Outcome, n.OutcomeNote = f.Outcome, note
			if err := tx.SetNeedOutcome(ctx, &n); err != nil {
				return err
			}
			for i := range r.Needs {
				if r.Needs[i].ID == n.ID {
					r.Needs[i].Outcome = n.Outcome
				}
			}
		}
		if err := s.history(ctx, tx, v, r.ID, n.ID, "feedback", what, f.Side == model.SideRequester && f.Outcome == model.OutcomeNone); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v, store.AuditRecord{Action: "assistance.feedback", Kind: "assistance", RecordID: r.ID, Summary: english(what), After: f}); err != nil {
			return err
		}
		return s.closeIfDone(ctx, tx, v, r, st)
	})
	return out, err
}

// closeIfDone closes a request once every need has its outcome.
func (s *Assistance) closeIfDone(ctx context.Context, tx *store.Tx, v model.Viewer, r model.AssistanceRequest, _ policy.AssistanceStanding) error {
	if _, ok := r.Status.Take(model.StepClose); !ok || len(r.Needs) == 0 {
		return nil
	}
	for _, n := range r.Needs {
		if n.Open() {
			return nil
		}
	}
	cur := r
	r.Status, r.ClosedAt = model.RequestClosed, tx.Now()
	return s.save(ctx, tx, v, cur, &r, string(model.StepClose), model.Msg("svcmore.h.allclosed"))
}

// FitRow is an open need that fits one of a provider's programmes.
type FitRow struct {
	model.Scored
	Request RequestView
}

// FitsMine lists the open needs of circulated requests that fit the
// programmes of v's organisation, best first: "needs that fit my
// programmes".
func (s *Assistance) FitsMine(ctx context.Context, v model.Viewer) ([]FitRow, error) {
	if !v.SignedIn() {
		return nil, model.ErrUnauthenticated
	}
	cs, err := s.db.MatchCandidates(ctx, store.MatchQuery{Viewer: v, Open: true, Provider: v.Org(), Today: s.Today()})
	if err != nil {
		return nil, err
	}
	requests := map[int64]bool{}
	var fits []FitRow
	for _, c := range cs {
		sc := model.ScoreMatch(c.MatchFeatures, c.Requester, codeSet{s})
		if sc.Fits() {
			sc.Reasons = s.texts(ctx, s.matchWhy(sc, c.Requester))
			fits = append(fits, FitRow{Scored: sc, Request: RequestView{AssistanceRequest: model.AssistanceRequest{ID: c.RequestID}}})
			requests[c.RequestID] = true
		}
	}
	if len(fits) == 0 {
		return []FitRow{}, nil
	}
	ids := make([]int64, 0, len(requests))
	for id := range requests {
		ids = append(ids, id)
	}
	views, err := s.Requests(ctx, v, model.RequestFilter{IDs: ids})
	if err != nil {
		return nil, err
	}
	byID := map[int64]RequestView{}
	for _, rv := range views {
		byID[rv.ID] = rv
	}
	out := fits[:0]
	for _, f := range fits {
		if rv, ok := byID[f.Request.ID]; ok {
			f.Request = rv
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b FitRow) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return int(a.NeedID - b.NeedID)
	})
	return out, nil
}

// NeedRequest returns the request need id belongs to, when v may read it
// (ErrNotFound otherwise, as for a need that does not exist).
func (s *Assistance) NeedRequest(ctx context.Context, v model.Viewer, id int64) (int64, error) {
	n, err := s.readNeed(ctx, v, id)
	if err != nil {
		return 0, err
	}
	return n.Request.ID, nil
}

// RankOpen ranks the programmes for every open, unmatched need of the
// circulated requests v may read, best first per need, in one bounded
// pass (the experts' worklist; the matching benchmark measures it).
func (s *Assistance) RankOpen(ctx context.Context, v model.Viewer) (map[int64][]model.Scored, error) {
	cs, err := s.db.MatchCandidates(ctx, store.MatchQuery{Viewer: v, Open: true, Today: s.Today()})
	if err != nil {
		return nil, err
	}
	type group struct {
		requester string
		fs        []model.MatchFeatures
	}
	by := map[int64]*group{}
	for _, c := range cs {
		g := by[c.NeedID]
		if g == nil {
			g = &group{requester: c.Requester}
			by[c.NeedID] = g
		}
		f := c.MatchFeatures
		if !v.IsSystem() && !v.CommitteeLevel() && !(v.SignedIn() && f.Provider == v.Org()) {
			f.Offered = false // another provider's offer is the insiders'
		}
		g.fs = append(g.fs, f)
	}
	out := make(map[int64][]model.Scored, len(by))
	labels := codeSet{s}
	for id, g := range by {
		out[id] = model.RankMatches(g.fs, g.requester, labels, false)
		s.localReasons(ctx, out[id], g.requester)
	}
	return out, nil
}

// matchWhy is the reasons of a scored match as messages (issue 17): the
// same reasons, in the same order, as model.ScoreMatch writes in English,
// each a key of the part svcassist with its arguments, so that a reader
// gets them in their language.
func (s *Assistance) matchWhy(sc model.Scored, requester string) []model.Message {
	f := sc.MatchFeatures
	out := []model.Message{model.Msg("svcassist.reason.area", model.ArgKey("assistance.area."+f.Area))}
	if n := len(f.SharedModalities); n > 0 && f.NeedModalities > 0 {
		keys := make([]string, n)
		for i, m := range f.SharedModalities {
			keys[i] = "assistance.mod." + m
		}
		out = append(out, model.Msg("svcassist.reason.modalities", model.ArgNum(f.NeedModalities), model.ArgKeys(keys...), model.ArgNum(n)))
	} else {
		out = append(out, model.Msg("svcassist.reason.nomodalities"))
	}
	switch {
	case f.ServesRegion != "":
		out = append(out, model.Msg("svcassist.reason.region", model.ArgGroup(f.ServesRegion)))
	case f.Worldwide:
		out = append(out, model.Msg("svcassist.reason.worldwide"))
	}
	if f.SharedLanguage != "" {
		lang := model.ArgText(s.codes.LanguageName(f.SharedLanguage))
		if model.IsLanguage(f.SharedLanguage) {
			lang = model.ArgLang(f.SharedLanguage)
		}
		out = append(out, model.Msg("svcassist.reason.language", lang))
	}
	if f.DeliveredBefore {
		out = append(out, model.Msg("svcassist.reason.delivered", model.ArgOrg(f.Provider), model.ArgOrg(requester)))
	}
	if f.Offered {
		out = append(out, model.Msg("svcassist.reason.offer", model.ArgOrg(f.Provider)))
	}
	return out
}

// texts writes messages in the request's language (ctx).
func (s *Assistance) texts(ctx context.Context, ms []model.Message) []string {
	pr := i18n.MustDefault().Printer(i18n.FromContext(ctx))
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = MessageText(pr, s.cat, m)
	}
	return out
}

// localReasons writes the reasons of scored matches in the request's
// language (the pages, and the API in the language it asked for).
func (s *Assistance) localReasons(ctx context.Context, scs []model.Scored, requester string) {
	for i := range scs {
		scs[i].Reasons = s.texts(ctx, s.matchWhy(scs[i], requester))
	}
}

// localMatch writes a confirmed match's reasons in the request's
// language from the messages kept with it; a match confirmed before they
// were kept keeps its English reasons (ReasonsLang says so).
func (s *Assistance) localMatch(ctx context.Context, m *model.AssistanceMatch) {
	if len(m.Why) == 0 {
		m.ReasonsLang = i18n.English
		return
	}
	m.Reasons = s.texts(ctx, m.Why)
	m.ReasonsLang = ""
}

// deliveryNote is the history's note of a delivery: who, the days, what.
func deliveryNote(d model.AssistanceDelivery) model.Message {
	end := d.End
	if end.IsZero() {
		end = d.Start
	}
	return model.Msg("svcmore.h.delivery", model.ArgOrg(d.Provider), model.ArgDate(d.Start), model.ArgDate(end), model.ArgText(model.Truncate(d.What, 200)))
}
