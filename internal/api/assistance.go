package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// The API of assistance (issue 11). A request answers the public summary
// (state, title, areas, modalities, status, summary) to everyone who may
// read it; its other fields are present only for those who read its
// details (`details: true`), and `committee_notes` only for the Committee
// and the secretariat.

type requestContactJSON struct {
	Name     string `json:"name"`
	Function string `json:"function"`
	Email    string `json:"email"`
	Phone    string `json:"phone"`
}

type programmeRefJSON struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Provider string `json:"provider" doc:"the provider's organisation code"`
}

type matchJSON struct {
	Programme programmeRefJSON `json:"programme"`
	Score     int              `json:"score" doc:"out of 100"`
	Reasons   []string         `json:"reasons"`
	Confirmed *time.Time       `json:"confirmed,omitempty" doc:"when the Committee's experts confirmed it"`
	By        string           `json:"confirmed_by,omitempty"`
}

type needJSON struct {
	ID          int64      `json:"id"`
	Area        string     `json:"area" enum:"Areas" doc:"an area of /assistance/areas, e.g. AS-EXPORT"`
	Modalities  []string   `json:"modalities" enum:"Modalities"`
	Outcome     *string    `json:"outcome" enum:"NeedOutcomes" doc:"null while the need is open"`
	Description *string    `json:"description,omitempty" doc:"details"`
	Elements    []string   `json:"elements,omitempty" doc:"details: matrix data field IDs"`
	Actions     []int64    `json:"actions,omitempty" doc:"details: NAP action IDs"`
	OutcomeNote *string    `json:"outcome_note,omitempty" doc:"details"`
	Match       *matchJSON `json:"match,omitempty" doc:"details: the confirmed match"`
}

type historyJSON struct {
	At       time.Time      `json:"at"`
	Actor    string         `json:"actor"`
	Step     string         `json:"step"`
	Need     *int64         `json:"need,omitempty"`
	Note     string         `json:"note" doc:"what happened, in the request's language (Accept-Language or ?lang=); note_lang says which"`
	NoteLang string         `json:"note_lang" doc:"the language of note: the request's, or en for a step recorded before notes had keys"`
	NoteKey  string         `json:"note_key,omitempty" doc:"the note's message key in napx's catalogues (absent on a step recorded before)"`
	NoteArgs []model.MsgArg `json:"note_args,omitempty" doc:"the note's arguments, in order"`
}

type assistanceRequestJSON struct {
	ID                int64      `json:"id"`
	State             string     `json:"state" doc:"the requester: a State's alpha-3 code, or the organisation filing for a group"`
	StateName         string     `json:"state_name"`
	Group             *string    `json:"group" doc:"a regional request: the group it is for"`
	CoRequesters      []string   `json:"co_requesters" doc:"other States filing the request together"`
	Title             string     `json:"title"`
	Summary           string     `json:"summary" doc:"the text of the public summary"`
	Status            string     `json:"status" enum:"RequestStatuses"`
	Areas             []string   `json:"areas" enum:"Areas"`
	Modalities        []string   `json:"modalities" enum:"Modalities"`
	Acknowledged      *string    `json:"acknowledged" doc:"the day the Committee acknowledged it (details)"`
	ObjectionDeadline *string    `json:"objection_deadline" doc:"the last UN working day of the consent window, YYYY-MM-DD (details)"`
	Circulated        *time.Time `json:"circulated" doc:"when it was circulated to providers (details)"`
	Needs             []needJSON `json:"needs"`
	Visibility        string     `json:"visibility" enum:"Visibilities"`
	Details           bool       `json:"details" doc:"you read the request's details: the fields below are present"`
	Illustrative      bool       `json:"illustrative" doc:"demo data"`
	Version           int64      `json:"version" doc:"optimistic-lock counter: send it back with a change"`

	NoteVerbaleDate *string             `json:"note_verbale_date,omitempty"`
	NoteVerbaleRef  *string             `json:"note_verbale_ref,omitempty"`
	Contact         *requestContactJSON `json:"contact,omitempty" doc:"the national contact for the request"`
	Beneficiaries   []string            `json:"beneficiaries,omitempty"`
	Description     *string             `json:"description,omitempty" doc:"the current situation"`
	ExpectedOutcome *string             `json:"expected_outcome,omitempty"`
	Timeframe       *string             `json:"timeframe,omitempty"`
	Language        *string             `json:"language,omitempty" doc:"ISO 639-1"`
	Received        *string             `json:"received,omitempty" doc:"assistance already received"`
	Contacted       *string             `json:"contacted,omitempty" doc:"providers already contacted"`
	CommitteeNotes  *string             `json:"committee_notes,omitempty" doc:"the Committee's notes: the Committee and the secretariat only"`
	Submitted       *time.Time          `json:"submitted,omitempty"`
	WindowCloses    *time.Time          `json:"window_closes,omitempty" doc:"the end of the objection deadline at UN Headquarters (New York)"`
	DeadlineKnown   *bool               `json:"deadline_known,omitempty" doc:"false when napx lacks the UN Headquarters holidays of a year the window counted"`
	FollowUpDue     *time.Time          `json:"follow_up_due,omitempty" doc:"one year after circulation"`
	FollowedUp      *time.Time          `json:"followed_up,omitempty"`
	Closed          *time.Time          `json:"closed,omitempty"`
	CreatedAt       *time.Time          `json:"created_at,omitempty"`
	UpdatedAt       *time.Time          `json:"updated_at,omitempty"`
	History         []historyJSON       `json:"history,omitempty" doc:"one request: its dated steps you may read"`
}

func strPtr(s string) *string { return &s }

func datePtr(d model.Date) *string {
	if d.IsZero() {
		return nil
	}
	return strPtr(d.String())
}

func (h *Handler) requestOut(r service.RequestView) assistanceRequestJSON {
	out := assistanceRequestJSON{ID: r.ID, State: r.Owner, StateName: r.OwnerName, CoRequesters: r.CoRequesters, Title: r.Title, Summary: r.Summary,
		Status: string(r.Status), Areas: r.Areas(), Modalities: r.Modalities(), Visibility: string(r.Visibility), Details: r.Details,
		Illustrative: r.Illustrative, Version: r.Version, Needs: make([]needJSON, len(r.Needs))}
	if out.CoRequesters == nil {
		out.CoRequesters = []string{}
	}
	if out.Areas == nil {
		out.Areas = []string{}
	}
	if out.Modalities == nil {
		out.Modalities = []string{}
	}
	if r.Group != "" {
		out.Group = strPtr(r.Group)
	}
	for i, n := range r.Needs {
		out.Needs[i] = needOut(n, r.Details)
	}
	if !r.Details {
		return out
	}
	out.Acknowledged, out.ObjectionDeadline, out.Circulated = datePtr(r.Acknowledged), datePtr(r.Deadline), timePtr(r.CirculatedAt)
	out.NoteVerbaleDate, out.NoteVerbaleRef = datePtr(r.NoteVerbaleDate), strPtr(r.NoteVerbaleRef)
	out.Contact = &requestContactJSON{Name: r.Contact.Name, Function: r.Contact.Function, Email: r.Contact.Email, Phone: r.Contact.Phone}
	out.Beneficiaries = r.Beneficiaries
	if out.Beneficiaries == nil {
		out.Beneficiaries = []string{}
	}
	out.Description, out.ExpectedOutcome, out.Timeframe = strPtr(r.Description), strPtr(r.ExpectedOutcome), strPtr(r.Timeframe)
	out.Language, out.Received, out.Contacted = strPtr(r.Language), strPtr(r.Received), strPtr(r.Contacted)
	if r.Notes {
		out.CommitteeNotes = strPtr(r.CommitteeNotes)
	}
	out.Submitted, out.WindowCloses, out.FollowUpDue = timePtr(r.SubmittedAt), timePtr(r.WindowCloses), timePtr(r.FollowUpDue)
	out.FollowedUp, out.Closed, out.CreatedAt, out.UpdatedAt = timePtr(r.FollowUpAt), timePtr(r.ClosedAt), timePtr(r.CreatedAt), timePtr(r.UpdatedAt)
	if !r.Acknowledged.IsZero() {
		known := r.DeadlineKnown
		out.DeadlineKnown = &known
	}
	return out
}

func needOut(n model.AssistanceNeed, details bool) needJSON {
	out := needJSON{ID: n.ID, Area: n.Area, Modalities: n.Modalities}
	if out.Modalities == nil {
		out.Modalities = []string{}
	}
	if n.Outcome != model.OutcomeNone {
		out.Outcome = strPtr(string(n.Outcome))
	}
	if !details {
		return out
	}
	out.Description, out.Elements, out.Actions, out.OutcomeNote = strPtr(n.Description), n.Elements, n.Actions, strPtr(n.OutcomeNote)
	if out.Elements == nil {
		out.Elements = []string{}
	}
	if out.Actions == nil {
		out.Actions = []int64{}
	}
	if m := n.Match; m != nil {
		at := m.ConfirmedAt.UTC()
		out.Match = &matchJSON{Programme: programmeRefJSON{ID: m.ProgrammeID, Title: m.Programme, Provider: m.Provider}, Score: m.Score,
			Reasons: m.Reasons, Confirmed: &at, By: m.By}
		if out.Match.Reasons == nil {
			out.Match.Reasons = []string{}
		}
	}
	return out
}

// request is the wire form of a request read (or just written) for the
// request's viewer, with its history.
func (h *Handler) request(r *http.Request) func(service.RequestView) (assistanceRequestJSON, error) {
	return func(rv service.RequestView) (assistanceRequestJSON, error) {
		out := h.requestOut(rv)
		x, err := h.svc.Assistance.Extras(r.Context(), service.ViewerFrom(r.Context()), rv)
		if err != nil {
			return out, err
		}
		p, names := printer(r), h.svc.Directory.Catalog()
		for _, e := range x.History {
			hj := historyJSON{At: e.At, Actor: e.Actor, Step: e.Step, Note: e.Note, NoteLang: "en"}
			if !e.Msg.IsZero() {
				hj.Note, hj.NoteLang, hj.NoteKey, hj.NoteArgs = p.Say(e.Msg, names), p.Lang().Code, e.Msg.Key, append([]model.MsgArg{}, e.Msg.Args...)
			}
			if e.NeedID != 0 {
				id := e.NeedID
				hj.Need = &id
			}
			out.History = append(out.History, hj)
		}
		return out, nil
	}
}

// requestIn is a request as a client sends it.
type requestIn struct {
	State           string                `json:"state,omitempty" doc:"POST: the requester (default: your organisation)"`
	Group           *string               `json:"group,omitempty" doc:"a regional request: the group it is for"`
	CoRequesters    *[]string             `json:"co_requesters,omitempty" doc:"other States filing together (alpha-3 codes)"`
	Title           *string               `json:"title,omitempty"`
	NoteVerbaleDate *string               `json:"note_verbale_date,omitempty" doc:"when it came on paper, YYYY-MM-DD"`
	NoteVerbaleRef  *string               `json:"note_verbale_ref,omitempty"`
	Contact         *model.RequestContact `json:"contact,omitempty"`
	Beneficiaries   *[]string             `json:"beneficiaries,omitempty" doc:"beneficiary agencies"`
	Description     *string               `json:"description,omitempty" doc:"the current situation"`
	ExpectedOutcome *string               `json:"expected_outcome,omitempty"`
	Timeframe       *string               `json:"timeframe,omitempty"`
	Language        *string               `json:"language,omitempty" doc:"ISO 639-1, e.g. en"`
	Received        *string               `json:"received,omitempty" doc:"assistance already received"`
	Contacted       *string               `json:"contacted,omitempty" doc:"providers already contacted"`
	Summary         *string               `json:"summary,omitempty" doc:"the text of the public summary"`
	CommitteeNotes  *string               `json:"committee_notes,omitempty" doc:"PATCH, the Committee: its notes"`
	Needs           *[]model.NeedInput    `json:"needs,omitempty" doc:"replaces the needs; a need sent with its id keeps it"`
	Version         int64                 `json:"version,omitempty" doc:"PATCH: the version you read"`
	TextLanguage    *string               `json:"text_language,omitempty" doc:"the language its texts are written in, one of ar, zh, en, fr, ru, es (POST: default en; PATCH: unchanged when left out); language above is the template's own field"`
}

func (in requestIn) input() model.RequestInput {
	return model.RequestInput{Group: in.Group, CoRequesters: in.CoRequesters, Title: in.Title, NoteVerbaleDate: in.NoteVerbaleDate,
		NoteVerbaleRef: in.NoteVerbaleRef, Contact: in.Contact, Beneficiaries: in.Beneficiaries, Description: in.Description,
		ExpectedOutcome: in.ExpectedOutcome, Timeframe: in.Timeframe, Language: in.Language, Received: in.Received, Contacted: in.Contacted,
		Summary: in.Summary, CommitteeNotes: in.CommitteeNotes, Needs: in.Needs, Version: in.Version, TextLanguage: in.TextLanguage}
}

type programmeContactJSON struct {
	Name  string  `json:"name"`
	Email *string `json:"email" doc:"signed-in accounts only"`
}

type programmeJSON struct {
	ID           int64                `json:"id"`
	Provider     string               `json:"provider" doc:"the provider's organisation code"`
	ProviderName string               `json:"provider_name"`
	Title        string               `json:"title"`
	Description  string               `json:"description"`
	Areas        []string             `json:"areas" enum:"Areas"`
	Modalities   []string             `json:"modalities" enum:"Modalities"`
	Groups       []string             `json:"groups" doc:"groups served; empty: every State"`
	Languages    []string             `json:"languages" doc:"ISO 639-1"`
	Eligibility  string               `json:"eligibility"`
	Contact      programmeContactJSON `json:"contact"`
	Website      string               `json:"website"`
	Start        *string              `json:"start"`
	End          *string              `json:"end"`
	Status       string               `json:"status" enum:"ProgrammeStatuses"`
	Visibility   string               `json:"visibility" enum:"Visibilities"`
	Illustrative bool                 `json:"illustrative" doc:"demo data"`
	CreatedAt    time.Time            `json:"created_at"`
	UpdatedAt    time.Time            `json:"updated_at"`
	Version      int64                `json:"version" doc:"optimistic-lock counter: send it back with a change"`
}

func programmeOut(g service.ProgrammeView) programmeJSON {
	out := programmeJSON{ID: g.ID, Provider: g.Provider, ProviderName: g.ProviderName, Title: g.Title, Description: g.Description, Areas: g.Areas,
		Modalities: g.Modalities, Groups: g.Groups, Languages: g.Languages, Eligibility: g.Eligibility, Contact: programmeContactJSON{Name: g.ContactName},
		Website: g.Website, Start: datePtr(g.Start), End: datePtr(g.End), Status: string(g.Status), Visibility: string(g.Visibility),
		Illustrative: g.Illustrative, CreatedAt: g.CreatedAt, UpdatedAt: g.UpdatedAt, Version: g.Version}
	if g.ContactVisible {
		out.Contact.Email = strPtr(g.ContactEmail)
	}
	return out
}

type programmeIn struct {
	Provider     string    `json:"provider,omitempty" doc:"POST: the provider (default: your organisation)"`
	Title        *string   `json:"title,omitempty"`
	Description  *string   `json:"description,omitempty"`
	Areas        *[]string `json:"areas,omitempty"`
	Modalities   *[]string `json:"modalities,omitempty"`
	Groups       *[]string `json:"groups,omitempty" doc:"groups served; none: every State"`
	Languages    *[]string `json:"languages,omitempty" doc:"ISO 639-1 codes"`
	Eligibility  *string   `json:"eligibility,omitempty"`
	ContactName  *string   `json:"contact_name,omitempty"`
	ContactEmail *string   `json:"contact_email,omitempty"`
	Website      *string   `json:"website,omitempty"`
	Start        *string   `json:"start,omitempty" doc:"YYYY-MM-DD"`
	End          *string   `json:"end,omitempty" doc:"YYYY-MM-DD"`
	Status       *string   `json:"status,omitempty" enum:"ProgrammeStatuses" doc:"draft (yours only), open, closed, withdrawn"`
	Version      int64     `json:"version,omitempty" doc:"PATCH: the version you read"`
}

func (in programmeIn) input() model.ProgrammeInput {
	return model.ProgrammeInput{Title: in.Title, Description: in.Description, Areas: in.Areas, Modalities: in.Modalities, Groups: in.Groups,
		Languages: in.Languages, Eligibility: in.Eligibility, ContactName: in.ContactName, ContactEmail: in.ContactEmail, Website: in.Website,
		Start: in.Start, End: in.End, Status: in.Status, Version: in.Version}
}

type rankedJSON struct {
	Programme programmeRefJSON `json:"programme"`
	Score     int              `json:"score" doc:"out of 100; a match needs at least the threshold"`
	Reasons   []string         `json:"reasons" doc:"why, in words"`
}

type matchesJSON struct {
	Items     []rankedJSON `json:"items" doc:"best first; empty: no programme fits yet"`
	Threshold int          `json:"threshold"`
}

type offerJSON struct {
	ID        int64     `json:"id"`
	Need      int64     `json:"need"`
	Programme int64     `json:"programme"`
	Provider  string    `json:"provider"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

type deliveryJSON struct {
	ID        int64     `json:"id"`
	Need      int64     `json:"need"`
	Provider  string    `json:"provider"`
	Recipient string    `json:"recipient"`
	Start     string    `json:"start"`
	End       string    `json:"end"`
	What      string    `json:"what"`
	Event     *int64    `json:"event" doc:"the event that delivered it"`
	By        string    `json:"by"`
	CreatedAt time.Time `json:"created_at"`
}

func deliveryOut(d model.AssistanceDelivery) deliveryJSON {
	out := deliveryJSON{ID: d.ID, Need: d.NeedID, Provider: d.Provider, Recipient: d.Recipient, Start: d.Start.String(), End: d.End.String(),
		What: d.What, By: d.By, CreatedAt: d.CreatedAt}
	if d.EventID != 0 {
		ev := d.EventID
		out.Event = &ev
	}
	return out
}

type feedbackJSON struct {
	ID            int64     `json:"id"`
	Need          int64     `json:"need"`
	Side          string    `json:"side" enum:"FeedbackSides"`
	Org           string    `json:"org"`
	Activities    string    `json:"activities"`
	Achievements  string    `json:"achievements"`
	Opportunities string    `json:"opportunities" doc:"areas of opportunity"`
	Outcome       *string   `json:"outcome" enum:"NeedOutcomes"`
	By            string    `json:"by"`
	CreatedAt     time.Time `json:"created_at"`
}

type areaJSON struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Covers   string `json:"covers"`
	Evidence string `json:"evidence"`
	Verified bool   `json:"verified" doc:"false: reconstructed, not an official Committee list"`
}

type modalityJSON struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Verified bool   `json:"verified"`
}

type needRowJSON struct {
	Code   string         `json:"code" doc:"a UN regional group, or a State of the group asked for; other: organisations filing for groups"`
	Name   string         `json:"name"`
	Counts map[string]int `json:"counts" doc:"open needs by area"`
	Total  int            `json:"total"`
}

type openNeedsJSON struct {
	Group string        `json:"group,omitempty"`
	Areas []string      `json:"areas" doc:"the areas with an open need you may read"`
	Items []needRowJSON `json:"items"`
	Total needRowJSON   `json:"total"`
}

type codeListsJSON struct {
	Items      []areaJSON     `json:"items" doc:"the thematic areas"`
	Modalities []modalityJSON `json:"modalities"`
	Note       string         `json:"note"`
}

func (h *Handler) registerAssistance(rt *httpx.Router) {
	id := httpx.Param{Name: "id", In: "path", Required: true, Description: "the request's number", Schema: httpx.Schema{"type": "integer"}}
	nid := httpx.Param{Name: "id", In: "path", Required: true, Description: "the need's number", Schema: httpx.Schema{"type": "integer"}}
	gid := httpx.Param{Name: "id", In: "path", Required: true, Description: "the programme's number", Schema: httpx.Schema{"type": "integer"}}
	req := Prefix + "/assistance/requests"
	rt.Handle("GET", req, h.wrap(h.listRequests), httpx.Doc(httpx.Op{
		ID: "listAssistanceRequests", Tag: "assistance", Public: true, Summary: "Assistance requests you may read, newest first",
		Description: "Before circulation a request is its requesters', the Committee's and the secretariat's; once circulated its summary is public. A search (`q`) looks into the details only where you read them.",
		Params: []httpx.Param{{Name: "state", In: "query", Description: "a requester's code"}, {Name: "status", In: "query", Schema: strEnum(strs(model.RequestStatuses)...)},
			{Name: "area", In: "query", Description: "an area, e.g. AS-EXPORT"}, {Name: "group", In: "query", Description: "requests from a group, e.g. SEE"},
			{Name: "q", In: "query", Description: "words of the title or summary (and of the details you read)"}},
		Responses: map[int]httpx.Answer{200: {Description: "the requests", Schema: listOf("AssistanceRequest")}},
	}))
	rt.Handle("POST", req, h.wrap(h.createRequest), httpx.Doc(httpx.Op{
		ID: "createAssistanceRequest", Tag: "assistance", Summary: "Start a draft request on the Committee's template (a State's editors and coordinators)",
		Request: ref("AssistanceRequestInput"), Responses: map[int]httpx.Answer{201: {Description: "the new draft", Schema: ref("AssistanceRequest")}},
	}))
	rt.Handle("GET", req+"/{id}", h.wrap(h.showRequest), httpx.Doc(httpx.Op{
		ID: "getAssistanceRequest", Tag: "assistance", Public: true, Summary: "One request with its needs (and, for those who read its details, its history)",
		Params: []httpx.Param{id}, Responses: map[int]httpx.Answer{200: {Description: "the request", Schema: ref("AssistanceRequest")}},
	}))
	rt.Handle("PATCH", req+"/{id}", h.wrap(h.updateRequest), httpx.Doc(httpx.Op{
		ID: "updateAssistanceRequest", Tag: "assistance", Summary: "Change a request (send the version you read)",
		Description: "The requester's editors change the template until the Committee acknowledges it; the Committee's staff change `summary` and `committee_notes`.",
		Params:      []httpx.Param{id}, Request: ref("AssistanceRequestInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the request", Schema: ref("AssistanceRequest")}},
	}))
	steps := []struct{ path, op, summary string }{
		{"submit", "submitAssistanceRequest", "Submit a draft to the 1540 Committee (the State's coordinator)"},
		{"object", "objectToCirculation", "Object to circulation inside the consent window (the State's coordinator)"},
		{"consent", "consentToCirculation", "Lift an objection: circulate a withheld request (the State's coordinator)"},
		{"withdraw", "withdrawAssistanceRequest", "Withdraw a request (the State's coordinator)"},
		{"close", "closeAssistanceRequest", "Close a circulated or withheld request (the Committee)"},
	}
	for _, s := range steps {
		rt.Handle("POST", req+"/{id}/"+s.path, h.wrap(h.requestStep(s.path)), httpx.Doc(httpx.Op{
			ID: s.op, Tag: "assistance", Summary: s.summary, Description: "No body.",
			Params: []httpx.Param{id}, Responses: map[int]httpx.Answer{200: {Description: "the request", Schema: ref("AssistanceRequest")}},
		}))
	}
	rt.Handle("POST", req+"/{id}/acknowledge", h.wrap(h.acknowledgeRequest), httpx.Doc(httpx.Op{
		ID: "acknowledgeAssistanceRequest", Tag: "assistance", Summary: "Acknowledge a request (the Committee): the consent window of five UN working days opens",
		Description: "`date` may be a past day (a request that came by note verbale), not before it was submitted; default today at UN Headquarters. Acknowledged on Thursday 1 October 2026, the window's last day is Thursday 8 October.",
		Params:      []httpx.Param{id}, Request: ref("Acknowledgement"),
		Responses: map[int]httpx.Answer{200: {Description: "the request with `acknowledged` and `objection_deadline`", Schema: ref("AssistanceRequest")}},
	}))
	need := Prefix + "/assistance/needs/{id}"
	rt.Handle("GET", need+"/matches", h.wrap(h.needMatches), httpx.Doc(httpx.Op{
		ID: "listNeedMatches", Tag: "assistance", Summary: "Programmes for a need, best first, with the reasons (those who read the request's details)",
		Params: []httpx.Param{nid}, Responses: map[int]httpx.Answer{200: {Description: "the ranked programmes that fit", Schema: ref("Matches")}},
	}))
	rt.Handle("POST", need+"/offers", h.wrap(h.offerOnNeed), httpx.Doc(httpx.Op{
		ID: "offerOnNeed", Tag: "assistance", Summary: "Offer one of your programmes against a need of a circulated request (a provider's editors)",
		Params: []httpx.Param{nid}, Request: ref("OfferInput"), Responses: map[int]httpx.Answer{201: {Description: "the offer", Schema: ref("Offer")}},
	}))
	rt.Handle("POST", need+"/match", h.wrap(h.matchNeed), httpx.Doc(httpx.Op{
		ID: "matchNeed", Tag: "assistance", Summary: "Confirm a match of a need with a programme (the Committee's experts); both sides are told",
		Params: []httpx.Param{nid}, Request: ref("MatchInput"), Responses: map[int]httpx.Answer{200: {Description: "the need with its match", Schema: ref("AssistanceNeed")}},
	}))
	rt.Handle("GET", need+"/deliveries", h.wrap(h.listDeliveries), httpx.Doc(httpx.Op{
		ID: "listNeedDeliveries", Tag: "assistance", Summary: "The deliveries on a need you may read",
		Params: []httpx.Param{nid}, Responses: map[int]httpx.Answer{200: {Description: "the deliveries", Schema: listOf("Delivery")}},
	}))
	rt.Handle("POST", need+"/deliveries", h.wrap(h.addDelivery), httpx.Doc(httpx.Op{
		ID: "addNeedDelivery", Tag: "assistance", Summary: "Record a delivery on a matched need (the matched provider or the Committee)",
		Params: []httpx.Param{nid}, Request: ref("DeliveryInput"), Responses: map[int]httpx.Answer{201: {Description: "the delivery", Schema: ref("Delivery")}},
	}))
	rt.Handle("POST", need+"/feedback", h.wrap(h.addFeedback), httpx.Doc(httpx.Op{
		ID: "addNeedFeedback", Tag: "assistance", Summary: "Give feedback on a need from your side (resolution 2663 OP20); the requesters and the Committee give its outcome",
		Params: []httpx.Param{nid}, Request: ref("FeedbackInput"), Responses: map[int]httpx.Answer{201: {Description: "the feedback", Schema: ref("Feedback")}},
	}))
	prog := Prefix + "/assistance/programmes"
	rt.Handle("GET", prog, h.wrap(h.listProgrammes), httpx.Doc(httpx.Op{
		ID: "listProgrammes", Tag: "assistance", Public: true, Summary: "The programme directory",
		Params: []httpx.Param{{Name: "area", In: "query"}, {Name: "modality", In: "query", Schema: strEnum(h.svc.Assistance.Codes().ModalityIDs()...)},
			{Name: "region", In: "query", Description: "a group the programme serves (programmes for every State included)"},
			{Name: "provider", In: "query"}, {Name: "status", In: "query", Schema: strEnum(strs(model.ProgrammeStatuses)...)}, {Name: "q", In: "query"}},
		Responses: map[int]httpx.Answer{200: {Description: "the programmes", Schema: listOf("Programme")}},
	}))
	rt.Handle("POST", prog, h.wrap(h.createProgramme), httpx.Doc(httpx.Op{
		ID: "createProgramme", Tag: "assistance", Summary: "Describe a programme (a provider's editors and coordinators; a draft unless `status` opens it)",
		Request: ref("ProgrammeInput"), Responses: map[int]httpx.Answer{201: {Description: "the programme", Schema: ref("Programme")}},
	}))
	rt.Handle("GET", prog+"/{id}", h.wrap(h.showProgramme), httpx.Doc(httpx.Op{
		ID: "getProgramme", Tag: "assistance", Public: true, Summary: "One programme",
		Params: []httpx.Param{gid}, Responses: map[int]httpx.Answer{200: {Description: "the programme", Schema: ref("Programme")}},
	}))
	rt.Handle("PATCH", prog+"/{id}", h.wrap(h.updateProgramme), httpx.Doc(httpx.Op{
		ID: "updateProgramme", Tag: "assistance", Summary: "Change a programme (send the version you read; `status: withdrawn` takes it back)",
		Params: []httpx.Param{gid}, Request: ref("ProgrammeInput"), Responses: map[int]httpx.Answer{200: {Description: "the programme", Schema: ref("Programme")}},
	}))
	rt.Handle("GET", Prefix+"/assistance/open-needs", h.wrap(h.openNeeds), httpx.Doc(httpx.Op{
		ID: "countOpenNeeds", Tag: "assistance", Public: true, Summary: "Open needs you may read, by region (or by State of a group) and area",
		Params:    []httpx.Param{{Name: "group", In: "query", Description: "rows for the States of this group (default: the UN regional groups)"}},
		Responses: map[int]httpx.Answer{200: {Description: "the counts", Schema: ref("OpenNeeds")}},
	}))
	rt.Handle("GET", Prefix+"/assistance/areas", h.wrap(h.assistanceAreas), httpx.Doc(httpx.Op{
		ID: "listAssistanceAreas", Tag: "assistance", Public: true, Summary: "The code lists: the thematic areas (reconstructed) and the modalities",
		Responses: map[int]httpx.Answer{200: {Description: "the areas, with the modalities", Schema: ref("AssistanceCodes")}},
	}))
}

func (h *Handler) listRequests(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := model.RequestFilter{Status: model.RequestStatus(q.Get("status")), Area: strings.ToUpper(strings.TrimSpace(q.Get("area"))),
		Group: strings.ToUpper(strings.TrimSpace(q.Get("group"))), Query: q.Get("q")}
	if s := strings.ToUpper(strings.TrimSpace(q.Get("state"))); s != "" {
		f.States = []string{s}
	}
	rs, err := h.svc.Assistance.Requests(r.Context(), service.ViewerFrom(r.Context()), f)
	if err != nil {
		return err
	}
	items := make([]assistanceRequestJSON, len(rs))
	for i, rv := range rs {
		items[i] = h.requestOut(rv)
	}
	return writePage(w, r, items, func(x assistanceRequestJSON) string { return byID(x.ID) })
}

func (h *Handler) showRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusOK, h.request(r))(h.svc.Assistance.Request(r.Context(), service.ViewerFrom(r.Context()), id[0]))
}

func (h *Handler) createRequest(w http.ResponseWriter, r *http.Request) error {
	var in requestIn
	if err := decode(r, &in); err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	owner := strings.TrimSpace(in.State)
	if owner == "" {
		owner = v.Org()
	}
	return answerWith(w, http.StatusCreated, h.request(r))(h.svc.Assistance.Create(r.Context(), v, owner, in.input()))
}

func (h *Handler) updateRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, func(x requestIn) (model.RequestInput, error) {
		if x.State != "" {
			return model.RequestInput{}, model.Problems{"state": "a request's requester cannot change"}
		}
		return x.input(), nil
	})
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusOK, h.request(r))(h.svc.Assistance.Update(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) requestStep(step string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := ids(r, "id")
		if err != nil {
			return err
		}
		in, err := bodyAs(r, true, plain(func(noBody) struct{} { return struct{}{} }))
		if err != nil {
			return err
		}
		ctx, v, a := r.Context(), service.ViewerFrom(r.Context()), h.svc.Assistance
		fn := map[string]func(ctx context.Context, v model.Viewer, id int64, none service.Input[struct{}]) (service.RequestView, error){
			"submit": a.Submit, "object": a.Object, "consent": a.Consent, "withdraw": a.Withdraw, "close": a.Close,
		}[step]
		return answerWith(w, http.StatusOK, h.request(r))(fn(ctx, v, id[0], in))
	}
}

func (h *Handler) acknowledgeRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, true, plain(func(a model.Acknowledgement) model.Acknowledgement { return a }))
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusOK, h.request(r))(h.svc.Assistance.Acknowledge(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) needMatches(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	_, ranked, err := h.svc.Assistance.Matches(r.Context(), service.ViewerFrom(r.Context()), id[0])
	if err != nil {
		return err
	}
	out := matchesJSON{Items: make([]rankedJSON, len(ranked)), Threshold: model.MatchThreshold}
	for i, s := range ranked {
		out.Items[i] = rankedJSON{Programme: programmeRefJSON{ID: s.ProgrammeID, Title: s.Programme, Provider: s.Provider}, Score: s.Score, Reasons: s.Reasons}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) offerOnNeed(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := body[model.OfferInput](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusCreated, func(o model.Offer) offerJSON {
		return offerJSON{ID: o.ID, Need: o.NeedID, Programme: o.ProgrammeID, Provider: o.Provider, Note: o.Note, CreatedAt: o.CreatedAt}
	})(h.svc.Assistance.Offer(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) needView(n service.NeedView) needJSON {
	return needOut(n.AssistanceNeed, n.Request.Details)
}

func (h *Handler) matchNeed(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := body[model.MatchInput](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, h.needView)(h.svc.Assistance.Match(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) listDeliveries(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	ds, err := h.svc.Assistance.Deliveries(r.Context(), service.ViewerFrom(r.Context()), id[0])
	if err != nil {
		return err
	}
	items := make([]deliveryJSON, len(ds))
	for i, d := range ds {
		items[i] = deliveryOut(d)
	}
	writeJSON(w, http.StatusOK, newList(items))
	return nil
}

func (h *Handler) addDelivery(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := body[model.DeliveryInput](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusCreated, deliveryOut)(h.svc.Assistance.AddDelivery(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) addFeedback(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := body[model.FeedbackInput](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusCreated, func(f model.Feedback) feedbackJSON {
		out := feedbackJSON{ID: f.ID, Need: f.NeedID, Side: string(f.Side), Org: f.Org, Activities: f.Activities, Achievements: f.Achievements,
			Opportunities: f.Opportunities, By: f.By, CreatedAt: f.CreatedAt}
		if f.Outcome != model.OutcomeNone {
			out.Outcome = strPtr(string(f.Outcome))
		}
		return out
	})(h.svc.Assistance.AddFeedback(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) listProgrammes(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	gs, err := h.svc.Assistance.Programmes(r.Context(), service.ViewerFrom(r.Context()), model.ProgrammeFilter{Area: q.Get("area"), Modality: q.Get("modality"),
		Group: q.Get("region"), Provider: q.Get("provider"), Status: model.ProgrammeStatus(q.Get("status")), Query: q.Get("q")})
	if err != nil {
		return err
	}
	items := make([]programmeJSON, len(gs))
	for i, g := range gs {
		items[i] = programmeOut(g)
	}
	return writePage(w, r, items, func(x programmeJSON) string { return byID(x.ID) })
}

func (h *Handler) showProgramme(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, programmeOut)(h.svc.Assistance.Programme(r.Context(), service.ViewerFrom(r.Context()), id[0]))
}

func (h *Handler) createProgramme(w http.ResponseWriter, r *http.Request) error {
	var in programmeIn
	if err := decode(r, &in); err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	provider := strings.TrimSpace(in.Provider)
	if provider == "" {
		provider = v.Org()
	}
	return answer(w, http.StatusCreated, programmeOut)(h.svc.Assistance.CreateProgramme(r.Context(), v, provider, in.input()))
}

func (h *Handler) updateProgramme(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, func(x programmeIn) (model.ProgrammeInput, error) {
		if x.Provider != "" {
			return model.ProgrammeInput{}, model.Problems{"provider": "a programme's provider cannot change"}
		}
		return x.input(), nil
	})
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, programmeOut)(h.svc.Assistance.UpdateProgramme(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) assistanceAreas(w http.ResponseWriter, _ *http.Request) error {
	c := h.svc.Assistance.Codes()
	out := codeListsJSON{Note: "The areas and modalities are the napx team's reconstruction (domain notes §3.5), evidenced by posted requests and offers; the 1540 Committee publishes no such list."}
	for _, a := range c.Areas {
		out.Items = append(out.Items, areaJSON{ID: a.ID, Label: a.Label, Covers: a.Covers, Evidence: a.Evidence, Verified: a.Verified})
	}
	for _, m := range c.Modalities {
		out.Modalities = append(out.Modalities, modalityJSON{ID: m.ID, Label: m.Label, Verified: m.Verified})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) openNeeds(w http.ResponseWriter, r *http.Request) error {
	t, err := h.svc.Assistance.OpenNeeds(r.Context(), service.ViewerFrom(r.Context()), r.URL.Query().Get("group"))
	if err != nil {
		return err
	}
	row := func(x service.NeedRow) needRowJSON {
		c := x.Counts
		if c == nil {
			c = map[string]int{}
		}
		return needRowJSON{Code: x.Code, Name: x.Name, Counts: c, Total: x.N}
	}
	out := openNeedsJSON{Group: t.Group, Areas: t.Areas, Total: row(t.Total)}
	if out.Areas == nil {
		out.Areas = []string{}
	}
	for _, x := range t.Rows {
		out.Items = append(out.Items, row(x))
	}
	if t.Unknown.N > 0 {
		out.Items = append(out.Items, row(t.Unknown))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
