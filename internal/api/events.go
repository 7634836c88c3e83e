package api

import (
	"fmt"
	"net/http"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// eventSummaryJSON is an event in a list.
type eventSummaryJSON struct {
	ID            int64  `json:"id"`
	Kind          string `json:"kind" enum:"EventKinds"`
	Code          string `json:"code"`
	Title         string `json:"title"`
	Organizer     string `json:"organizer"`
	OrganizerName string `json:"organizer_name"`
	Start         string `json:"start"`
	End           string `json:"end"`
	Venue         string `json:"venue"`
	Visibility    string `json:"visibility" enum:"Visibilities"`
	Illustrative  bool   `json:"illustrative"`
	URL           string `json:"url"`
}

type partnerJSON struct {
	Org   string   `json:"org"`
	Name  string   `json:"name"`
	Roles []string `json:"roles" enum:"PartnerRoles"`
}

type eventContactJSON struct {
	Org           string `json:"org,omitempty"`
	Name          string `json:"name"`
	Role          string `json:"role"`
	Email         string `json:"email,omitempty"`
	Phone         string `json:"phone,omitempty"`
	Audience      string `json:"audience" enum:"Audiences"`
	DetailsHidden bool   `json:"details_hidden"`
}

type materialJSON struct {
	ID           int64      `json:"id"`
	SessionID    int64      `json:"session_id,omitempty"`
	Title        string     `json:"title"`
	Kind         string     `json:"kind" enum:"MaterialKinds"`
	URL          string     `json:"url"`
	Filename     string     `json:"filename,omitempty"`
	ContentType  string     `json:"content_type,omitempty"`
	Size         int64      `json:"size,omitempty"`
	Audience     string     `json:"audience" enum:"Audiences"`
	ReleaseAt    *time.Time `json:"release_at,omitempty"`
	Released     bool       `json:"released"`
	Illustrative bool       `json:"illustrative"`
}

// eventJSON is one event with what goes with it, as the viewer may see it.
type eventJSON struct {
	eventSummaryJSON
	Partners           []partnerJSON        `json:"partners"`
	VenueDetails       model.Venue          `json:"venue_details"`
	ArrivalDays        []string             `json:"arrival_days"`
	DepartureDays      []string             `json:"departure_days"`
	WorkingDays        int                  `json:"working_days"`
	TimeZone           string               `json:"time_zone"`
	Languages          []string             `json:"languages"`
	Background         string               `json:"background"`
	Purpose            string               `json:"purpose"`
	Objectives         []string             `json:"objectives"`
	Methodology        string               `json:"methodology"`
	Participation      string               `json:"participation"`
	MaterialsNote      string               `json:"materials_note"`
	Target             int                  `json:"target"`
	OpenSeats          int                  `json:"open_seats"`
	OpenGroup          string               `json:"open_group,omitempty"`
	NominationDeadline string               `json:"nomination_deadline"`
	NominationsOpen    bool                 `json:"nominations_open"`
	RelatedEvents      []model.RelatedEvent `json:"related_events"`
	Contacts           []eventContactJSON   `json:"contacts"`
	LeadsTo            *int64               `json:"leads_to"`
	SharedWith         []string             `json:"shared_with"`
	Source             string               `json:"source" doc:"the document that records the event, when it was recorded from the past"`
	SourceURL          string               `json:"source_url"`
	Sessions           []model.Session      `json:"sessions"`
	Materials          []materialJSON       `json:"materials"`
	Lessons            []model.Lesson       `json:"lessons"`
	CalendarURL        string               `json:"calendar_url"`
	Version            int64                `json:"version"`
	// Issue 17: the language it was written in and its translations (one record only).
	Language     string            `json:"language,omitempty" doc:"the language the record was written in (one record only)"`
	Translations []translationJSON `json:"translations,omitempty" doc:"its translations, one per language (one record only)"`
}

type quotaJSON struct {
	Org       string `json:"org"`
	Seats     int    `json:"seats"`
	ViaGroup  string `json:"via_group,omitempty"`
	Name      string `json:"name"`
	NameToday string `json:"name_today,omitempty"`
	Held      int    `json:"held"`
	Waiting   int    `json:"waiting"`
	Confirmed int    `json:"confirmed"`
}

type quotasJSON struct {
	Items      []quotaJSON `json:"items"`
	Target     int         `json:"target"`
	OpenSeats  int         `json:"open_seats"`
	OpenGroup  string      `json:"open_group,omitempty"`
	TotalSeats int         `json:"total_seats"`
}

type participantJSON struct {
	ID             int64                     `json:"id"`
	Org            string                    `json:"org"`
	DelegationName string                    `json:"delegation_name"`
	Name           string                    `json:"name"`
	Function       string                    `json:"function,omitempty"`
	Status         string                    `json:"status" enum:"ParticipantStatuses"`
	Seat           string                    `json:"seat,omitempty"`
	Place          int                       `json:"waitlist_position,omitempty"`
	NominatedBy    string                    `json:"nominated_by,omitempty"`
	NominatedAt    time.Time                 `json:"nominated_at"`
	UpdatedAt      time.Time                 `json:"updated_at"`
	Illustrative   bool                      `json:"illustrative"`
	Version        int64                     `json:"version"`
	History        []model.ParticipantChange `json:"history"`
	Details        *model.NominationDetails  `json:"details,omitempty" doc:"answers to the event's own nomination questions; only for the organiser's staff and the delegate's own delegation"`
}

func eventURL(id int64) string { return fmt.Sprintf("/events/%d", id) }

func (h *Handler) summaryOut(e model.Event) eventSummaryJSON {
	return eventSummaryJSON{ID: e.ID, Kind: string(e.Kind), Code: e.Code, Title: e.Title, Organizer: e.Organizer,
		OrganizerName: h.svc.Directory.Catalog().OrgName(e.Organizer), Start: e.Start.String(), End: e.End.String(),
		Venue: e.Venue.Name, Visibility: string(e.Visibility), Illustrative: e.Illustrative, URL: eventURL(e.ID)}
}

func (h *Handler) eventOut(ev service.EventView) eventJSON {
	e := ev.Event
	out := eventJSON{eventSummaryJSON: h.summaryOut(e), VenueDetails: e.Venue, WorkingDays: e.WorkingDays(), TimeZone: e.TimeZone,
		Languages: nonNil(e.Languages), Background: e.Background, Purpose: e.Purpose, Objectives: nonNil(e.Objectives), Methodology: e.Methodology,
		Participation: e.Participation, MaterialsNote: e.MaterialsNote, Target: e.Target, OpenSeats: e.OpenSeats, OpenGroup: e.OpenGroup,
		NominationDeadline: e.Deadline().String(), NominationsOpen: ev.NominationsOpen, RelatedEvents: e.Related, SharedWith: nonNil(e.SharedWith), Source: e.Source.Title, SourceURL: e.Source.URL,
		Sessions: ev.Sessions, Lessons: ev.Lessons, CalendarURL: eventURL(e.ID) + "/event.ics", Version: e.Version,
		ArrivalDays: []string{}, DepartureDays: []string{}, Partners: []partnerJSON{}, Contacts: []eventContactJSON{}, Materials: []materialJSON{}}
	if out.RelatedEvents == nil {
		out.RelatedEvents = []model.RelatedEvent{}
	}
	for _, d := range e.ArrivalDays {
		out.ArrivalDays = append(out.ArrivalDays, d.String())
	}
	for _, d := range e.DepartureDays {
		out.DepartureDays = append(out.DepartureDays, d.String())
	}
	for _, p := range e.Partners {
		pj := partnerJSON{Org: p.Org, Name: h.svc.Directory.Catalog().OrgName(p.Org), Roles: []string{}}
		for _, r := range p.Roles {
			pj.Roles = append(pj.Roles, string(r))
		}
		out.Partners = append(out.Partners, pj)
	}
	for _, c := range ev.Contacts {
		out.Contacts = append(out.Contacts, eventContactJSON{Org: c.Org, Name: c.Name, Role: c.Role, Email: c.Email, Phone: c.Phone,
			Audience: string(c.Audience), DetailsHidden: c.DetailsHidden})
	}
	for _, m := range ev.Materials {
		mj := materialJSON{ID: m.ID, SessionID: m.SessionID, Title: m.Title, Kind: string(m.Kind), URL: m.URL, Filename: m.Filename,
			ContentType: m.ContentType, Size: m.Size, Audience: string(m.Audience), Released: m.Released, Illustrative: m.Illustrative}
		if m.IsFile() {
			mj.URL = fmt.Sprintf("%s/materials/%d", eventURL(e.ID), m.ID)
		}
		if !m.ReleaseAt.IsZero() {
			t := m.ReleaseAt
			mj.ReleaseAt = &t
		}
		out.Materials = append(out.Materials, mj)
	}
	if out.Sessions == nil {
		out.Sessions = []model.Session{}
	}
	for i := range out.Sessions {
		if out.Sessions[i].People == nil {
			out.Sessions[i].People = []model.SessionPerson{}
		}
	}
	if out.Lessons == nil {
		out.Lessons = []model.Lesson{}
	}
	if e.LeadsTo != 0 && ev.LeadsToEvent != nil {
		id := e.LeadsTo
		out.LeadsTo = &id
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func quotaOut(q service.QuotaView) quotaJSON {
	return quotaJSON{Org: q.Org, Seats: q.Seats, ViaGroup: q.ViaGroup, Name: q.Delegation.Name, NameToday: q.Delegation.Today,
		Held: q.Held, Waiting: q.Waiting, Confirmed: q.Confirmed}
}

func participantOut(p service.ParticipantView) participantJSON {
	h := p.History
	if h == nil {
		h = []model.ParticipantChange{}
	}
	return participantJSON{ID: p.ID, Org: p.Org, DelegationName: p.Delegation.Name, Name: p.Name, Function: p.Function, Status: string(p.Status),
		Seat: p.Seat, Place: p.Place, NominatedBy: p.NominatedBy, NominatedAt: p.NominatedAt, UpdatedAt: p.UpdatedAt,
		Illustrative: p.Illustrative, Version: p.Version, History: h, Details: p.Details}
}

func followUpOut(f model.FollowUp) model.FollowUp {
	if f.History == nil {
		f.History = []model.FollowUpChange{}
	}
	return f
}

func (h *Handler) registerEvents(rt *httpx.Router) {
	idParam := httpx.Param{Name: "id", In: "path", Required: true, Description: "the event's number", Schema: httpx.Schema{"type": "integer"}}
	pidParam := httpx.Param{Name: "pid", In: "path", Required: true, Description: "the delegate's number", Schema: httpx.Schema{"type": "integer"}}
	fidParam := httpx.Param{Name: "fid", In: "path", Required: true, Description: "the follow-up action's number", Schema: httpx.Schema{"type": "integer"}}
	rt.Handle("GET", Prefix+"/events", h.wrap(h.listEvents), httpx.Doc(httpx.Op{
		ID: "listEvents", Tag: "events", Public: true, Summary: "Every event you may read, past and future, by start day",
		Params: []httpx.Param{
			{Name: "kind", In: "query", Schema: strEnum(strs(model.EventKinds)...)},
			{Name: "region", In: "query", Description: "a group code (e.g. SEE): events organised by or inviting one of its members"},
			{Name: "from", In: "query", Description: "events ending on or after this day", Schema: date("")},
			{Name: "to", In: "query", Description: "events starting on or before this day", Schema: date("")},
		},
		Responses: map[int]httpx.Answer{200: {Description: "the events", Schema: listOf("EventSummary")}},
	}))
	rt.Handle("POST", Prefix+"/events", h.wrap(h.createEvent), httpx.Doc(httpx.Op{
		ID: "createEvent", Tag: "events", Summary: "Create an event (editors and coordinators of the organiser; organizer defaults to your organisation)",
		Request: ref("EventInput"), Responses: map[int]httpx.Answer{201: {Description: "the new event", Schema: ref("Event")}},
	}))
	rt.Handle("GET", Prefix+"/events/{id}", h.wrap(h.showEvent), httpx.Doc(httpx.Op{
		ID: "getEvent", Tag: "events", Public: true, Summary: "One event with its agenda, the materials and contacts meant for you, and lessons",
		Params: []httpx.Param{idParam}, Responses: map[int]httpx.Answer{200: {Description: "the event", Schema: ref("Event")}},
	}))
	rt.Handle("PATCH", Prefix+"/events/{id}", h.wrap(h.updateEvent), httpx.Doc(httpx.Op{
		ID: "updateEvent", Tag: "events", Summary: "Change some of an event's facts (the organiser; send the version you read)",
		Description: "Fields left out keep their value; a list sent replaces the whole list.",
		Params:      []httpx.Param{idParam}, Request: ref("EventInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the event", Schema: ref("Event")}},
	}))
	rt.Handle("GET", Prefix+"/events/{id}/quotas", h.wrap(h.listQuotas), httpx.Doc(httpx.Op{
		ID: "listQuotas", Tag: "events", Public: true, Summary: "The invited delegations with their seats (group quotas expanded)",
		Params: []httpx.Param{idParam}, Responses: map[int]httpx.Answer{200: {Description: "one entry per invited delegation", Schema: ref("Quotas")}},
	}))
	rt.Handle("PUT", Prefix+"/events/{id}/quotas", h.wrap(h.setQuotas), httpx.Doc(httpx.Op{
		ID: "setQuotas", Tag: "events", Summary: "Set the whole set of seat quotas (the organiser); a quota invites, seats 0 invite without a seat",
		Description: `A JSON array of {"org": CODE, "seats": N} or {"group": CODE, "seats": N} (N seats for each member). An organisation listed on its own overrides its group's number.`,
		Params:      []httpx.Param{idParam}, Request: arrayOf(ref("QuotaInput")),
		Responses: map[int]httpx.Answer{200: {Description: "the quotas now", Schema: ref("Quotas")}},
	}))
	rt.Handle("GET", Prefix+"/events/{id}/participants", h.wrap(h.listParticipants), httpx.Doc(httpx.Op{
		ID: "listParticipants", Tag: "events", Public: true, Summary: "The delegates you may see",
		Description: "The organiser sees everyone; a delegation sees its own delegates; confirmed participants see who else is confirmed.",
		Params:      []httpx.Param{idParam}, Responses: map[int]httpx.Answer{200: {Description: "the delegates", Schema: listOf("Participant")}},
	}))
	rt.Handle("POST", Prefix+"/events/{id}/participants", h.wrap(h.nominate), httpx.Doc(httpx.Op{
		ID: "nominate", Tag: "events", Summary: "Nominate a delegate (the invited delegation's coordinator, for its own delegation)",
		Description: "Within the delegation's quota the delegate is nominated; beyond it, waitlisted in order. An uninvited delegation, or a nomination for another delegation, gets 403; after the nomination deadline, 422.",
		Params:      []httpx.Param{idParam}, Request: ref("NominationInput"),
		Responses: map[int]httpx.Answer{201: {Description: "the delegate", Schema: ref("Participant")}},
	}))
	rt.Handle("PATCH", Prefix+"/events/{id}/participants/{pid}", h.wrap(h.changeParticipant), httpx.Doc(httpx.Op{
		ID: "changeParticipant", Tag: "events", Summary: "Confirm, decline, withdraw or substitute a delegate, or record attendance",
		Description: `{"status": "confirmed"|"declined"|"withdrawn"|"attended"|"no-show"} or {"name": "substitute"}. A released seat goes to the first waiting delegate of that delegation, then of the event.`,
		Params:      []httpx.Param{idParam, pidParam}, Request: ref("ParticipantPatch"),
		Responses: map[int]httpx.Answer{200: {Description: "the delegate", Schema: ref("Participant")}},
	}))
	rt.Handle("GET", Prefix+"/events/{id}/followups", h.wrap(h.listFollowUps), httpx.Doc(httpx.Op{
		ID: "listFollowUps", Tag: "events", Public: true, Summary: "The follow-up actions agreed at an event, with their history",
		Params: []httpx.Param{idParam}, Responses: map[int]httpx.Answer{200: {Description: "the follow-up actions", Schema: listOf("FollowUp")}},
	}))
	rt.Handle("POST", Prefix+"/events/{id}/followups", h.wrap(h.createFollowUp), httpx.Doc(httpx.Op{
		ID: "createFollowUp", Tag: "events", Summary: "Record a follow-up action (the organiser)",
		Params: []httpx.Param{idParam}, Request: ref("FollowUpInput"),
		Responses: map[int]httpx.Answer{201: {Description: "the follow-up action", Schema: ref("FollowUp")}},
	}))
	rt.Handle("PATCH", Prefix+"/events/{id}/followups/{fid}", h.wrap(h.updateFollowUp), httpx.Doc(httpx.Op{
		ID: "updateFollowUp", Tag: "events", Summary: "Change a follow-up action (the organiser, or its owner reporting progress; send the version you read)",
		Params: []httpx.Param{idParam, fidParam}, Request: ref("FollowUpInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the follow-up action", Schema: ref("FollowUp")}},
	}))
}

func (h *Handler) listEvents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	eq := service.EventQuery{Kind: q.Get("kind"), Region: q.Get("region")}
	p := model.Problems{}
	var err error
	if eq.From, err = model.ParseDate(q.Get("from")); err != nil {
		p.Add("from", "enter a day as YYYY-MM-DD")
	}
	if eq.To, err = model.ParseDate(q.Get("to")); err != nil {
		p.Add("to", "enter a day as YYYY-MM-DD")
	}
	if len(p) > 0 {
		return p
	}
	evs, err := h.svc.Events.List(r.Context(), service.ViewerFrom(r.Context()), eq)
	if err != nil {
		return err
	}
	items := make([]eventSummaryJSON, len(evs))
	for i, e := range evs {
		items[i] = h.summaryOut(e)
	}
	return writePage(w, r, items, func(e eventSummaryJSON) string { return byID(e.ID) })
}

func (h *Handler) createEvent(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	var in model.EventInput
	if err := decode(r, &in); err != nil {
		return err
	}
	ev, err := h.svc.Events.Create(r.Context(), v, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, h.eventOut(ev))
	return nil
}

func signedIn(r *http.Request) (model.Viewer, error) {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return v, model.ErrUnauthenticated
	}
	return v, nil
}

func (h *Handler) showEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ev, err := h.svc.Events.Get(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	out := h.eventOut(ev)
	if out.Language, out.Translations, err = h.languagesOf(r, "event", ev.ID); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) updateEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	// A merge-patch: the body is decoded onto the event as it is (the
	// version aside), once the service has found it.
	in, err := body[model.EventInput](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, h.eventOut)(h.svc.Events.Update(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) quotasOut(w http.ResponseWriter, ev service.EventView) {
	out := quotasJSON{Items: []quotaJSON{}, Target: ev.Target, OpenSeats: ev.OpenSeats, OpenGroup: ev.OpenGroup, TotalSeats: ev.TotalSeats}
	for _, q := range ev.Quotas {
		out.Items = append(out.Items, quotaOut(q))
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) listQuotas(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ev, err := h.svc.Events.Get(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	h.quotasOut(w, ev)
	return nil
}

func (h *Handler) setQuotas(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, func(in []model.QuotaInput) ([]model.QuotaInput, error) {
		if in == nil {
			return nil, model.Problems{"body": `send a JSON array of {"org": CODE, "seats": N} or {"group": CODE, "seats": N} ([] un-invites everyone)`}
		}
		return in, nil
	})
	if err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	if _, err := h.svc.Events.SetQuotas(r.Context(), v, id[0], in); err != nil {
		return err
	}
	ev, err := h.svc.Events.Get(r.Context(), v, id[0])
	if err != nil {
		return err
	}
	h.quotasOut(w, ev)
	return nil
}

func (h *Handler) listParticipants(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ps, err := h.svc.Events.Participants(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	items := make([]participantJSON, len(ps))
	for i, p := range ps {
		items[i] = participantOut(p)
	}
	return writePage(w, r, items, func(p participantJSON) string { return byID(p.ID) })
}

func (h *Handler) nominate(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := body[model.NominationInput](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusCreated, participantOut)(h.svc.Events.Nominate(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) changeParticipant(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id", "pid")
	if err != nil {
		return err
	}
	in, err := body[model.ParticipantPatch](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, participantOut)(h.svc.Events.ChangeParticipant(r.Context(), service.ViewerFrom(r.Context()), id[0], id[1], in))
}

func (h *Handler) listFollowUps(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fs, err := h.svc.Events.FollowUps(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	items := make([]model.FollowUp, len(fs))
	for i, f := range fs {
		items[i] = followUpOut(f)
	}
	return writePage(w, r, items, func(f model.FollowUp) string { return byID(f.ID) })
}

func (h *Handler) createFollowUp(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := body[model.FollowUpInput](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusCreated, followUpOut)(h.svc.Events.AddFollowUp(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) updateFollowUp(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id", "fid")
	if err != nil {
		return err
	}
	// Fields left out keep their value: the body is decoded onto the
	// follow-up as the service reads it.
	in, err := body[model.FollowUpInput](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, followUpOut)(h.svc.Events.UpdateFollowUp(r.Context(), service.ViewerFrom(r.Context()), id[0], id[1], in))
}
