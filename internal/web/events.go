package web

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

// materialUploadLimit is the body limit of the material upload form: the
// largest material and the form around it.
const materialUploadLimit = model.MaxMaterialBytes + 1<<20

func (h *Handler) registerEvents(rt *httpx.Router) {
	rt.Handle("GET", "/events", h.wrap(h.listEvents))
	rt.Handle("POST", "/events", h.wrap(h.createEvent))
	rt.Handle("GET", "/events/new", h.wrap(h.newEvent))
	rt.Handle("GET", "/events/{id}", h.wrap(h.showEvent))
	rt.Handle("GET", "/events/{id}/edit", h.wrap(h.editEvent))
	rt.Handle("POST", "/events/{id}/edit", h.wrap(h.updateEvent))
	rt.Handle("GET", "/events/{id}/manage", h.wrap(h.manageEvent))
	rt.Handle("POST", "/events/{id}/quotas", h.wrap(h.setQuotas))
	rt.Handle("GET", "/events/{id}/participants", h.wrap(h.showParticipants))
	rt.Handle("POST", "/events/{id}/participants", h.wrap(h.nominate))
	rt.Handle("POST", "/events/{id}/participants/{pid}", h.wrap(h.changeParticipant))
	rt.Handle("GET", "/events/{id}/participants.csv", h.wrap(h.participantsCSV))
	rt.Handle("GET", "/events/{id}/participants.xlsx", h.wrap(h.participantsXLSX))
	rt.Handle("GET", "/events/{id}/agenda", h.wrap(h.showAgenda))
	rt.Handle("POST", "/events/{id}/sessions", h.wrap(h.addSession))
	rt.Handle("POST", "/events/{id}/sessions/{sid}/delete", h.wrap(h.deleteSession))
	rt.Handle("POST", "/events/{id}/materials", h.wrap(h.addMaterial), httpx.BodyLimit(materialUploadLimit))
	rt.Handle("GET", "/events/{id}/materials/{mid}", h.wrap(h.downloadMaterial))
	rt.Handle("POST", "/events/{id}/materials/{mid}/delete", h.wrap(h.deleteMaterial))
	rt.Handle("POST", "/events/{id}/lessons", h.wrap(h.addLesson))
	rt.Handle("POST", "/events/{id}/followups", h.wrap(h.addFollowUp))
	rt.Handle("POST", "/events/{id}/followups/{fid}", h.wrap(h.updateFollowUp))
	rt.Handle("GET", "/events/{id}/event.ics", h.wrap(h.eventICS))
	rt.Handle("GET", "/calendar/public.ics", h.wrap(h.publicICS))
	rt.Handle("GET", "/calendar/feed/{token}/events.ics", h.wrap(h.personalICS))
	rt.Handle("POST", "/calendar/feed", h.wrap(h.newFeed))
	rt.Handle("POST", "/calendar/feed/revoke", h.wrap(h.revokeFeed))
	h.registerLogistics(rt)
}

func eventID(r *http.Request, name string) (int64, error) { return httpx.PathID(r, name) }

// eventRow is an event in a list.
type eventRow struct {
	model.Event
	OrganizerName string
}

type calDay struct {
	Date    model.Date
	InMonth bool
	Today   bool
	Events  []eventRow
}

type eventsPage struct {
	Base
	View          string // "list" or "month"
	Kind, Region  string
	Kinds         []model.EventKind
	Regions       []*refdata.Group
	Events        []eventRow
	Upcoming      []eventRow
	Past          []eventRow
	Month         time.Time
	MonthParam    string
	Weeks         [][]calDay
	Prev, Next    string
	CanCreate     bool
	FeedLive      bool
	FeedSince     time.Time
	FeedURL       string // shown once, right after it was made
	PublicFeedURL string
}

func (h *Handler) rows(evs []model.Event) []eventRow {
	cat := h.svc.Directory.Catalog()
	out := make([]eventRow, len(evs))
	for i, e := range evs {
		out[i] = eventRow{Event: e, OrganizerName: cat.OrgName(e.Organizer)}
	}
	return out
}

func (h *Handler) baseURL(r *http.Request) string {
	if h.opts.BaseURL != "" {
		return strings.TrimRight(h.opts.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (h *Handler) eventsPage(r *http.Request) (*eventsPage, error) {
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	q := r.URL.Query()
	p := &eventsPage{View: q.Get("view"), Kind: strings.TrimSpace(q.Get("kind")), Region: strings.ToUpper(strings.TrimSpace(q.Get("region"))),
		Kinds: model.EventKinds, Regions: h.svc.Directory.Groups(), PublicFeedURL: h.baseURL(r) + "/calendar/public.ics"}
	p.Title, p.Section = h.printer(r).T("events.title"), "events"
	if p.View != "month" {
		p.View = "list"
	}
	eq := service.EventQuery{Kind: p.Kind, Region: p.Region}
	today := model.DateOf(h.svc.Now().UTC())
	if p.View == "month" {
		m := q.Get("month")
		t, err := time.Parse("2006-01", m)
		if err != nil {
			if m != "" {
				p.Problems = model.Problems{"month": "choose a month as YYYY-MM"}
			}
			t = time.Date(today.Year(), today.Time().Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		p.Month, p.MonthParam = t, t.Format("2006-01")
		p.Prev, p.Next = t.AddDate(0, -1, 0).Format("2006-01"), t.AddDate(0, 1, 0).Format("2006-01")
		first := model.DateOf(t)
		last := model.DateOf(t.AddDate(0, 1, -1))
		// Weeks from Monday.
		start := first.AddDays(-((int(first.Time().Weekday()) + 6) % 7))
		end := last.AddDays(6 - (int(last.Time().Weekday())+6)%7)
		eq.From, eq.To = start, end
		p.weeks(start, end, first, today)
	}
	evs, err := h.svc.Events.List(ctx, v, eq)
	if probs, ok := model.AsProblems(err); ok {
		p.Problems = probs
		evs = nil
	} else if err != nil {
		return nil, err
	}
	p.Events = h.rows(evs)
	for _, e := range p.Events {
		if e.End.Before(today) {
			p.Past = append([]eventRow{e}, p.Past...)
		} else {
			p.Upcoming = append(p.Upcoming, e)
		}
	}
	for wi := range p.Weeks {
		for di := range p.Weeks[wi] {
			d := &p.Weeks[wi][di]
			for _, e := range p.Events {
				if !d.Date.Before(e.Start) && !d.Date.After(e.End) {
					d.Events = append(d.Events, e)
				}
			}
		}
	}
	if v.SignedIn() {
		p.CanCreate = v.Role().AtLeast(model.RoleEditor)
		if p.FeedLive, p.FeedSince, err = h.svc.Events.FeedStatus(ctx, v); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (p *eventsPage) weeks(start, end, first model.Date, today model.Date) {
	for d := start; !d.After(end); d = d.AddDays(7) {
		var week []calDay
		for i := 0; i < 7; i++ {
			day := d.AddDays(i)
			week = append(week, calDay{Date: day, InMonth: day.Time().Month() == first.Time().Month(), Today: day == today})
		}
		p.Weeks = append(p.Weeks, week)
	}
}

func (h *Handler) listEvents(w http.ResponseWriter, r *http.Request) error {
	p, err := h.eventsPage(r)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(p.Problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return h.render(w, r, status, "events", p)
}

// footnote is a note on the name a document of the day used.
type footnote struct {
	N    int
	Name string
	Note string
}

type delegationRow struct {
	service.QuotaView
	Href     string
	Footnote int
}

type partnerRow struct {
	Org, Name, Roles string
}

type agendaDay struct {
	Day      model.Date
	Sessions []sessionRow
}

type sessionRow struct {
	model.Session
	Chairs, Speakers string
	Materials        []service.MaterialView
}

type followUpRow struct {
	model.FollowUp
	OwnerName string
	CanUpdate bool
	// The NAP action as the picker writes it (one of FollowUpActions),
	// else its number in the import box (issue 18, item 3).
	ActionText, ActionImport string
}

type relatedRow struct {
	model.RelatedEvent
	Organizers string
	Event      *service.EventRef
}

type eventPage struct {
	Base
	Readers         string // who reads the event, in the third person (audience)
	Ev              service.EventView
	OrganizerName   string
	OrganizerHref   string
	Partners        []partnerRow
	States          []delegationRow
	Organisations   []delegationRow
	Footnotes       []footnote
	Days            []agendaDay
	Materials       []service.MaterialView // of the event, not of a session, not outcomes
	Outcomes        []service.MaterialView
	FollowUps       []followUpRow
	FollowUpActions []pick // the follow-ups' NAP action picker (rows the reader may update)
	Related         []relatedRow
	OpenGroupName   string
	StatusChoices   []model.FollowUpStatus
	ParticipantsBy  []delegationGroup
	Statuses        []model.ParticipantStatus
	BaseURL         string
	Input           eventForm // nomination form values on a failed nomination
	NominateForName string    // the viewer's delegation, named as on the event's first day
	// The practices library (issue 12): the practices that came out of the
	// event, the practice each lesson became, and whether the viewer may
	// make a lesson into a practice.
	Practices       []service.PracticeView
	LessonPractice  map[int64]int64
	CanMakePractice map[int64]bool // by lesson
	// Deliveries: the assistance needs the event delivered on (issue 11).
	Deliveries []service.DeliveryView
	// Awaiting: the participants page shows only the delegates awaiting
	// the viewer's confirmation (?awaiting=me); AwaitingCount counts them.
	Awaiting      bool
	AwaitingCount int
	Details       model.NominationDetails // the nomination form's answers on a failed nomination
	Genders       []model.Gender
}

type delegationGroup struct {
	Delegation   service.Delegation
	Href         string
	Footnote     int
	Participants []service.ParticipantView
}

func orgHref(d service.Delegation) string {
	if d.State {
		return "/states/" + d.Code
	}
	return "/organizations/" + d.Code
}

func (h *Handler) eventPage(r *http.Request, id int64) (*eventPage, error) {
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	ev, err := h.svc.Events.Get(ctx, v, id)
	if err != nil {
		return nil, err
	}
	cat := h.svc.Directory.Catalog()
	p := &eventPage{Ev: ev, OrganizerName: h.orgName(r, ev.Organizer), OrganizerHref: orgHref(h.svc.Events.DelegationOn(ev.Organizer, ev.Start)), StatusChoices: model.FollowUpStatuses, Statuses: model.ParticipantStatuses, Genders: model.Genders,
		BaseURL: h.baseURL(r)}
	p.Readers = h.audience(r, ev.Visibility, ev.Organizer, ev.SharedWith)
	p.Title, p.Section = ev.Title, "events"
	if err := h.recordTexts(r, &p.Base, "event", id, textPtrs{"title": &p.Ev.Title, "background": &p.Ev.Background, "purpose": &p.Ev.Purpose,
		"methodology": &p.Ev.Methodology, "participation": &p.Ev.Participation}); err != nil {
		return nil, err
	}
	if ev.NominateFor != "" {
		p.NominateForName = h.svc.Events.DelegationOn(ev.NominateFor, ev.Start).Name
	}
	if ev.OpenGroup != "" {
		p.OpenGroupName = h.orgName(r, ev.OpenGroup)
		if g := cat.Group(ev.OpenGroup); g != nil {
			p.OpenGroupName = h.groupName(r, g.Code)
		}
	}
	for _, pa := range ev.Partners {
		var roles []string
		for _, r := range pa.Roles {
			roles = append(roles, r.Label())
		}
		p.Partners = append(p.Partners, partnerRow{Org: pa.Org, Name: cat.OrgName(pa.Org), Roles: strings.Join(roles, " and ")})
	}
	notes := map[string]int{}
	note := func(d service.Delegation) int {
		if d.Note == "" {
			return 0
		}
		if n, ok := notes[d.Code]; ok {
			return n
		}
		n := len(p.Footnotes) + 1
		notes[d.Code] = n
		p.Footnotes = append(p.Footnotes, footnote{N: n, Name: d.Name, Note: d.Note})
		return n
	}
	for _, q := range ev.Quotas {
		row := delegationRow{QuotaView: q, Href: orgHref(q.Delegation), Footnote: note(q.Delegation)}
		if q.Delegation.State {
			p.States = append(p.States, row)
		} else {
			p.Organisations = append(p.Organisations, row)
		}
	}
	byDel := map[string]int{}
	for _, pv := range ev.Participants {
		i, ok := byDel[pv.Org]
		if !ok {
			i = len(p.ParticipantsBy)
			byDel[pv.Org] = i
			p.ParticipantsBy = append(p.ParticipantsBy, delegationGroup{Delegation: pv.Delegation, Href: orgHref(pv.Delegation), Footnote: note(pv.Delegation)})
		}
		p.ParticipantsBy[i].Participants = append(p.ParticipantsBy[i].Participants, pv)
	}
	// Delegations in the order of the invitations (States with seats first).
	rank := map[string]int{}
	for i, q := range ev.Quotas {
		rank[q.Org] = i + 1
	}
	sort.SliceStable(p.ParticipantsBy, func(i, j int) bool {
		ri, rj := rank[p.ParticipantsBy[i].Delegation.Code], rank[p.ParticipantsBy[j].Delegation.Code]
		if ri == 0 {
			ri = len(rank) + 1
		}
		if rj == 0 {
			rj = len(rank) + 1
		}
		return ri < rj
	})
	bySession := map[int64][]service.MaterialView{}
	for _, m := range ev.Materials {
		switch {
		case m.Kind == model.MaterialOutcome:
			p.Outcomes = append(p.Outcomes, m)
		case m.SessionID != 0:
			bySession[m.SessionID] = append(bySession[m.SessionID], m)
		default:
			p.Materials = append(p.Materials, m)
		}
	}
	for _, se := range ev.Sessions {
		row := sessionRow{Session: se, Chairs: h.people(se.Chairs()), Speakers: h.people(se.Speakers()), Materials: bySession[se.ID]}
		if n := len(p.Days); n == 0 || p.Days[n-1].Day != se.Day {
			p.Days = append(p.Days, agendaDay{Day: se.Day})
		}
		p.Days[len(p.Days)-1].Sessions = append(p.Days[len(p.Days)-1].Sessions, row)
	}
	for _, f := range ev.FollowUps {
		p.FollowUps = append(p.FollowUps, followUpRow{FollowUp: f, OwnerName: h.orgName(r, f.Owner),
			CanUpdate: ev.CanUpdateFollowUp[f.ID]})
	}
	if err := h.followUpActionPicker(r, p); err != nil {
		return nil, err
	}
	if p.Practices, err = h.svc.Practices.ForEvent(ctx, v, ev.ID); err != nil {
		return nil, err
	}
	if p.LessonPractice, err = h.svc.Practices.LessonPractices(ctx, v, ev.ID); err != nil {
		return nil, err
	}
	p.CanMakePractice = map[int64]bool{}
	for _, l := range ev.Lessons {
		p.CanMakePractice[l.ID] = h.svc.Practices.CanMakePractice(v, ev, l)
	}
	for _, re := range ev.Related {
		var names []string
		for _, o := range re.Organizers {
			names = append(names, h.orgName(r, o))
		}
		row := relatedRow{RelatedEvent: re, Organizers: strings.Join(names, ", ")}
		if x, ok := ev.RelatedEvents[re.EventID]; ok {
			row.Event = &x
		}
		p.Related = append(p.Related, row)
	}
	return p, nil
}

func (h *Handler) people(ps []model.SessionPerson) string {
	cat := h.svc.Directory.Catalog()
	var out []string
	for _, p := range ps {
		s := p.Name
		if p.Org != "" {
			s += " (" + cat.OrgName(p.Org) + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

func (h *Handler) showEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.eventPage(r, id)
	if err != nil {
		return err
	}
	if p.Deliveries, err = h.svc.Assistance.EventDeliveries(r.Context(), service.ViewerFrom(r.Context()), id); err != nil {
		return err
	}
	p.FlashOn = FlashOn{Record: p.Ev.Title}
	return h.render(w, r, http.StatusOK, "event", p)
}

func (h *Handler) showAgenda(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.eventPage(r, id)
	if err != nil {
		return err
	}
	p.Title = h.printer(r).T("events.agenda.title", p.Ev.Title)
	return h.render(w, r, http.StatusOK, "event_agenda", p)
}

func (h *Handler) showParticipants(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.eventPage(r, id)
	if err != nil {
		return err
	}
	p.Awaiting = r.URL.Query().Get("awaiting") == "me"
	h.participantsTitle(r, p)
	p.FlashOn = FlashOn{Record: p.Ev.Title}
	// The delegate a change was about (?p=, set by the redirect): named only
	// when this reader's list holds it.
	for _, pv := range p.Ev.Participants {
		if strconv.FormatInt(pv.ID, 10) == r.URL.Query().Get("p") {
			p.FlashOn.Person = pv.Name
		}
	}
	return h.render(w, r, http.StatusOK, "event_participants", p)
}

func (h *Handler) participantsCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	b, name, err := h.svc.Events.ParticipantsCSV(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	sendFile(w, csvType, name, b)
	return nil
}

func (h *Handler) participantsXLSX(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	b, name, err := h.svc.Events.ParticipantsXLSX(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	sendFile(w, xlsxType, name, b)
	return nil
}

func (h *Handler) downloadMaterial(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	mid, err := eventID(r, "mid")
	if err != nil {
		return err
	}
	m, err := h.svc.Events.Material(r.Context(), service.ViewerFrom(r.Context()), id, mid)
	if err != nil {
		return err
	}
	if !m.IsFile() {
		redirect(w, r, "/events/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	sendFile(w, m.ContentType, m.Filename, m.Content)
	return nil
}

func writeICS(w http.ResponseWriter, body []byte, name string, private bool) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": name}))
	if private {
		w.Header().Set("Cache-Control", "private, no-store")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	_, _ = w.Write(body) // #nosec G705 -- text/calendar written by the service, its text escaped (RFC 5545)
}

func (h *Handler) eventICS(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	b, err := h.svc.Events.EventICS(r.Context(), v, id, h.baseURL(r))
	if err != nil {
		return err
	}
	writeICS(w, b, fmt.Sprintf("event-%d.ics", id), v.SignedIn())
	return nil
}

func (h *Handler) publicICS(w http.ResponseWriter, r *http.Request) error {
	b, err := h.svc.Events.PublicICS(r.Context(), h.baseURL(r))
	if err != nil {
		return err
	}
	writeICS(w, b, "napx-public-events.ics", false)
	return nil
}

func (h *Handler) personalICS(w http.ResponseWriter, r *http.Request) error {
	b, err := h.svc.Events.PersonalICS(r.Context(), r.PathValue("token"), h.baseURL(r))
	if errors.Is(err, model.ErrNotFound) {
		http.NotFound(w, r) // a feed reader, not a person: no page
		return nil
	}
	if err != nil {
		return err
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	writeICS(w, b, "napx-my-events.ics", true)
	return nil
}

func (h *Handler) newFeed(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	token, err := h.svc.Events.NewFeed(r.Context(), v)
	if err != nil {
		return err
	}
	p, err := h.eventsPage(r)
	if err != nil {
		return err
	}
	p.FeedURL = h.baseURL(r) + "/calendar/feed/" + url.PathEscape(token) + "/events.ics"
	p.Flash = "Your personal calendar feed is ready. Copy its address now: it is shown only once."
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "events", p)
}

func (h *Handler) revokeFeed(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if err := h.svc.Events.RevokeFeed(r.Context(), v); err != nil {
		return err
	}
	redirect(w, r, "/events?done=feed-revoked", http.StatusSeeOther)
	return nil
}

// stateEventRow is an event a State was invited to, with the State's name
// on the event's day.
type stateEventRow struct {
	eventRow
	NameThen string // the State's name on the event's first day, when it differs from today's
	// Delegates are the State's delegates to the event the viewer may see.
	Delegates []model.Participant
}

// stateEvents lists the events a State was invited to, as the viewer may
// read them (for the State's page).
func (h *Handler) stateEvents(r *http.Request, state string, delegates map[int64][]model.Participant) ([]stateEventRow, error) {
	evs, err := h.svc.Events.ForState(r.Context(), service.ViewerFrom(r.Context()), state)
	if err != nil {
		return nil, err
	}
	var out []stateEventRow
	for _, e := range h.rows(evs) {
		row := stateEventRow{eventRow: e, Delegates: delegates[e.ID]}
		if d := h.svc.Events.DelegationOn(state, e.Start); d.Today != "" {
			row.NameThen = d.Name
		}
		out = append(out, row)
	}
	return out, nil
}
