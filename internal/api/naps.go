package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// looseString takes a JSON string or number as text, so that a year or a
// percentage may be sent either way and a bad one is reported against its
// field by the model's validation.
type looseString string

func (l *looseString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = looseString(s)
		return nil
	}
	if string(b) == "null" {
		*l = ""
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return &json.UnmarshalTypeError{Value: "value", Type: reflect.TypeFor[string]()}
	}
	*l = looseString(n.String())
	return nil
}

func (l *looseString) ptr() *string {
	if l == nil {
		return nil
	}
	s := string(*l)
	return &s
}

type planJSON struct {
	ID                  int64               `json:"id"`
	State               string              `json:"state" doc:"the State's alpha-3 code"`
	StateName           string              `json:"state_name"`
	Type                string              `json:"type" enum:"NAPTypes"`
	Title               string              `json:"title"`
	PeriodStart         int                 `json:"period_start" doc:"first year"`
	PeriodEnd           int                 `json:"period_end" doc:"last year"`
	Status              string              `json:"status" enum:"NAPStatuses"`
	Visibility          string              `json:"visibility" enum:"Visibilities"`
	SharedWith          []string            `json:"shared_with" doc:"organisation or group codes the coordinator shared the plan with ahead of its status"`
	Authority           string              `json:"authority" doc:"the adopting authority"`
	AdoptedOn           *string             `json:"adopted_on"`
	SubmittedOn         *string             `json:"submitted_on" doc:"the date in force of the plan's first submission to the Committee: recorded history, not the day it was typed in (see provenance)"`
	SubmittedOnDisputed bool                `json:"submitted_on_disputed" doc:"sources disagree on submitted_on; the Committee has not decided"`
	PublishedOn         *string             `json:"published_on" doc:"the publication's date in force"`
	Replaces            *int64              `json:"replaces" doc:"the plan this one revises"`
	Sections            map[string]string   `json:"sections,omitempty" doc:"key-element section texts by code (NAP-01 … NAP-12); single plan only"`
	Illustrative        bool                `json:"illustrative" doc:"demo data"`
	CreatedAt           time.Time           `json:"created_at"`
	UpdatedAt           time.Time           `json:"updated_at"`
	Version             int64               `json:"version" doc:"optimistic-lock counter: send it back with a change"`
	Rollup              *service.PlanRollup `json:"rollup,omitempty"`
	Completeness        []elementJSON       `json:"completeness,omitempty"`
	Submissions         *int                `json:"submissions,omitempty" doc:"how many numbered submissions the plan has"`
	Provenance          []datingJSON        `json:"provenance,omitempty" doc:"single plan: each dated step (adopted, submitted, published) with its source and whether it is disputed"`
	// Issue 17: the language it was written in and its translations (one record only).
	Language     string            `json:"language,omitempty" doc:"the language the record was written in (one record only)"`
	Translations []translationJSON `json:"translations,omitempty" doc:"its translations, one per language (one record only)"`
}

type elementJSON struct {
	Code   string `json:"code"`
	Title  string `json:"title"`
	Level  string `json:"level" enum:"ElementLevels"`
	Reason string `json:"reason"`
}

func planOut(n model.NAP) planJSON {
	p := planJSON{ID: n.ID, State: n.State, Type: n.Type, Title: n.Title, PeriodStart: n.PeriodStart, PeriodEnd: n.PeriodEnd,
		Status: string(n.Status), Visibility: string(n.Visibility), SharedWith: n.SharedWith, Authority: n.Authority,
		Illustrative: n.Illustrative, CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt, Version: n.Version}
	if p.SharedWith == nil {
		p.SharedWith = []string{}
	}
	p.AdoptedOn, p.SubmittedOn, p.PublishedOn, p.SubmittedOnDisputed = datePtr(n.AdoptedOn), datePtr(n.SubmittedOn), datePtr(n.PublishedOn), n.SubmittedDisputed
	if n.Replaces != 0 {
		r := n.Replaces
		p.Replaces = &r
	}
	return p
}

func (h *Handler) planView(n service.NAPView) planJSON {
	p := planOut(n.NAP)
	p.StateName = n.StateName
	return p
}

type planIn struct {
	Type        *string           `json:"type" enum:"NAPTypes"`
	Title       *string           `json:"title"`
	PeriodStart *looseString      `json:"period_start" doc:"a year"`
	PeriodEnd   *looseString      `json:"period_end" doc:"a year"`
	Replaces    *looseString      `json:"replaces" doc:"the plan this one revises"`
	Sections    map[string]string `json:"sections"`
	SharedWith  *[]string         `json:"shared_with" doc:"PATCH, coordinator: organisation or group codes"`
	Status      *string           `json:"status" doc:"PATCH, coordinator: only withdrawn"`
	Version     int64             `json:"version" doc:"PATCH: the version you read"`
	State       string            `json:"state" doc:"POST: the State (default: your organisation)"` // POST only
	Language    *string           `json:"language" doc:"the language its texts are written in, one of ar, zh, en, fr, ru, es (POST: default en; PATCH: unchanged when left out)"`
}

func (p planIn) input() model.NAPInput {
	return model.NAPInput{Type: p.Type, Title: p.Title, PeriodStart: p.PeriodStart.ptr(), PeriodEnd: p.PeriodEnd.ptr(),
		Replaces: p.Replaces.ptr(), Sections: p.Sections, SharedWith: p.SharedWith, Status: p.Status, Version: p.Version, Language: p.Language}
}

type indicatorJSON struct {
	Baseline string `json:"baseline"`
	Target   string `json:"target"`
	Actual   string `json:"actual"`
}

type actionJSON struct {
	ID               int64         `json:"id"`
	NAPID            int64         `json:"nap_id"`
	Title            string        `json:"title"`
	Description      string        `json:"description"`
	Section          string        `json:"section" doc:"NAP-01 … NAP-12, or empty"`
	Priority         string        `json:"priority" enum:"ActionPriorities"`
	Status           string        `json:"status" enum:"ActionStatuses"`
	Progress         int           `json:"progress" doc:"0–100"`
	Start            *string       `json:"start"`
	Due              string        `json:"due"`
	Overdue          bool          `json:"overdue" doc:"open and due before today"`
	Elements         []string      `json:"elements" doc:"matrix data field IDs, e.g. OP3d-NW-09.LF"`
	Lead             string        `json:"lead" doc:"lead agency"`
	Supporting       []string      `json:"supporting" doc:"supporting agencies"`
	Indicator        indicatorJSON `json:"indicator"`
	AssistanceNeeded bool          `json:"assistance_needed"`
	AssistanceWhat   string        `json:"assistance_what"`
	OriginID         *int64        `json:"origin_id" doc:"the action of the replaced plan this one continues"`
	CreatedAt        time.Time     `json:"created_at"`
	UpdatedAt        time.Time     `json:"updated_at"`
	Version          int64         `json:"version" doc:"optimistic-lock counter: send it back with a change"`
	History          []changeJSON  `json:"history,omitempty"`
	// Issue 17: the language it was written in (its plan's) and its translations (one action only).
	Language      string            `json:"language,omitempty" doc:"the language the action was written in, its plan's (one action only)"`
	Translations  []translationJSON `json:"translations,omitempty" doc:"its translations, one per language (one action only)"`
	JointWith     []int64           `json:"joint_with" doc:"the other States' actions this one is declared joint with that you may read (issue 14); null in a conflict's current record"`
	JointPartners []jointJSON       `json:"joint_partners" doc:"each partner with its progress, or only visible: false for a partner you may not read"`
}

// jointJSON is one partner of a joint action: a partner the reader may not
// read is {"visible": false} and nothing else.
type jointJSON struct {
	Visible  bool   `json:"visible"`
	ID       int64  `json:"id,omitempty"`
	NAPID    int64  `json:"nap_id,omitempty"`
	State    string `json:"state,omitempty" doc:"alpha-3"`
	Title    string `json:"title,omitempty"`
	Status   string `json:"status,omitempty" enum:"ActionStatuses"`
	Progress int    `json:"progress"`
}

func jointOut(p service.JointPartner) jointJSON {
	if !p.Visible {
		return jointJSON{}
	}
	return jointJSON{Visible: true, ID: p.Action.ID, NAPID: p.Action.NAPID, State: p.State, Title: p.Action.Title,
		Status: string(p.Action.Status), Progress: p.Action.Progress}
}

// withJoints fills the joint partners of actions.
func (h *Handler) withJoints(r *http.Request, actions []actionJSON) error {
	ids := make([]int64, len(actions))
	for i, a := range actions {
		ids[i] = a.ID
	}
	js, err := h.svc.NAPs.Joints(r.Context(), service.ViewerFrom(r.Context()), ids)
	if err != nil {
		return err
	}
	for i := range actions {
		a := &actions[i]
		a.JointWith, a.JointPartners = []int64{}, []jointJSON{}
		for _, p := range js[a.ID] {
			if p.Visible {
				a.JointWith = append(a.JointWith, p.Action.ID)
			}
			a.JointPartners = append(a.JointPartners, jointOut(p))
		}
	}
	return nil
}

// actionWithJoints is an action's wire form with its joint partners.
func (h *Handler) actionWithJoints(r *http.Request) func(model.NAPAction) (actionJSON, error) {
	return func(a model.NAPAction) (actionJSON, error) {
		out := []actionJSON{h.actionOut(a)}
		err := h.withJoints(r, out)
		return out[0], err
	}
}

type changeJSON struct {
	At           time.Time `json:"at"`
	Actor        string    `json:"actor"`
	Status       string    `json:"status" enum:"ActionStatuses"`
	Progress     int       `json:"progress"`
	PrevStatus   string    `json:"previous_status,omitempty"`
	PrevProgress int       `json:"previous_progress"`
	Comment      string    `json:"comment,omitempty"`
}

func (h *Handler) actionOut(a model.NAPAction) actionJSON {
	out := actionJSON{ID: a.ID, NAPID: a.NAPID, Title: a.Title, Description: a.Description, Section: a.Section, Priority: a.Priority,
		Status: string(a.Status), Progress: a.Progress, Due: a.Due.String(), Overdue: a.Overdue(h.svc.NAPs.Today()),
		Elements: a.Elements, Lead: a.Lead, Supporting: a.Supporting,
		Indicator:        indicatorJSON{Baseline: a.IndicatorBaseline, Target: a.IndicatorTarget, Actual: a.IndicatorActual},
		AssistanceNeeded: a.AssistanceNeeded, AssistanceWhat: a.AssistanceWhat, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Version: a.Version}
	if !a.Start.IsZero() {
		s := a.Start.String()
		out.Start = &s
	}
	if a.OriginID != 0 {
		o := a.OriginID
		out.OriginID = &o
	}
	if out.Elements == nil {
		out.Elements = []string{}
	}
	if out.Supporting == nil {
		out.Supporting = []string{}
	}
	return out
}

type indicatorIn struct {
	Baseline *string `json:"baseline"`
	Target   *string `json:"target"`
	Actual   *string `json:"actual"`
}

type actionIn struct {
	Title            *string      `json:"title" doc:"required for POST"`
	Description      *string      `json:"description"`
	Section          *string      `json:"section"`
	Priority         *string      `json:"priority" enum:"ActionPriorities"`
	Status           *string      `json:"status" enum:"ActionStatuses"`
	Progress         *looseString `json:"progress" doc:"0–100"`
	Start            *string      `json:"start"`
	Due              *string      `json:"due" doc:"required for POST (YYYY-MM-DD)"`
	Elements         *[]string    `json:"elements" doc:"matrix data field IDs"`
	Lead             *string      `json:"lead"`
	Supporting       *[]string    `json:"supporting"`
	Indicator        *indicatorIn `json:"indicator"`
	AssistanceNeeded *bool        `json:"assistance_needed"`
	AssistanceWhat   *string      `json:"assistance_what"`
	JointWith        *[]int64     `json:"joint_with" doc:"replaces the other States' actions this one is joint with: IDs of actions you may read (those already linked that you may no longer read are kept)"`
	Comment          string       `json:"comment" doc:"kept in the history with a change of status or progress"`
	Version          int64        `json:"version" doc:"PATCH: the version you read"`
}

func (a actionIn) input() model.NAPActionInput {
	in := model.NAPActionInput{Title: a.Title, Description: a.Description, Section: a.Section, Priority: a.Priority, Status: a.Status,
		Progress: a.Progress.ptr(), Start: a.Start, Due: a.Due, Elements: a.Elements, Lead: a.Lead, Supporting: a.Supporting,
		AssistanceNeeded: a.AssistanceNeeded, AssistanceWhat: a.AssistanceWhat, JointWith: a.JointWith, Comment: a.Comment, Version: a.Version}
	if a.Indicator != nil {
		in.IndicatorBaseline, in.IndicatorTarget, in.IndicatorActual = a.Indicator.Baseline, a.Indicator.Target, a.Indicator.Actual
	}
	return in
}

type submissionJSON struct {
	Number      int         `json:"number" doc:"1, 2, … per plan"`
	SubmittedOn string      `json:"submitted_on" doc:"the date in force: the day it reached the Committee, as recorded"`
	SubmittedAt time.Time   `json:"submitted_at" doc:"when it was entered in napx"`
	SubmittedBy string      `json:"submitted_by"`
	PlanVersion int64       `json:"plan_version" doc:"the plan's version frozen"`
	Provenance  *datingJSON `json:"provenance" doc:"the date's source and whether it is disputed (null: napx dated it as it was taken, before sources were kept)"`
}

// stepIn is the optional body of a dated step (submit, publish): its date
// when it is recorded from the past, and the source that says so.
type stepIn struct {
	Date      string `json:"date" doc:"the day the step was taken, YYYY-MM-DD (default today); a day in the past is recorded history and needs source"`
	Source    string `json:"source" doc:"the document that says so (a note verbale, the Committee's page)"`
	SourceURL string `json:"source_url" doc:"a link to it"`
}

func (s stepIn) input() model.StepDate {
	return model.StepDate{Date: s.Date, Source: model.Source{Title: s.Source, URL: s.SourceURL}}
}

// shareIn is the organisations and groups a plan is shared with.
type shareIn struct {
	SharedWith []string `json:"shared_with" doc:"organisation or group codes; empty: the status alone decides who reads the plan"`
}

type playPlanJSON struct {
	ID                  int64     `json:"id"`
	Title               string    `json:"title"`
	Status              string    `json:"status" enum:"NAPStatuses"`
	PeriodStart         int       `json:"period_start"`
	PeriodEnd           int       `json:"period_end"`
	Progress            int       `json:"progress" doc:"percent completed, weighted by progress"`
	Overdue             int       `json:"overdue"`
	Actions             int       `json:"actions"`
	Assistance          int       `json:"needing_assistance"`
	LastUpdate          time.Time `json:"last_update"`
	SubmittedOn         *string   `json:"submitted_on" doc:"the recorded date of the plan's first submission to the Committee"`
	SubmittedOnDisputed bool      `json:"submitted_on_disputed"`
}

type submittedCountJSON struct {
	Plans      int `json:"plans" doc:"plans of the group's States you may read that reached the Committee (withdrawn ones aside)"`
	States     int `json:"states" doc:"the States they come from"`
	Since      int `json:"since" doc:"the year counted from"`
	PlansSince int `json:"plans_since" doc:"of them, first submitted in or after that year — by the recorded date, not the day it was entered"`
	Disputed   int `json:"disputed" doc:"of them, with a disputed submission date (counted by the date in force)"`
}

type playRowJSON struct {
	State     string         `json:"state" doc:"alpha-3"`
	StateName string         `json:"state_name" doc:"the State's short name in the language asked (Accept-Language or ?lang=; English without one), the rows sorted by it in that language's order; the six names: /api/v1/states"`
	Plan      *playPlanJSON  `json:"plan" doc:"the plan in force: the latest adopted, submitted or published plan you may read (null: none)"`
	Draft     *playDraftJSON `json:"draft,omitempty" doc:"a draft in preparation, apart from the plan in force"`
}

type playDraftJSON struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	PeriodStart int    `json:"period_start"`
	PeriodEnd   int    `json:"period_end"`
}

type playJSON struct {
	Group     string             `json:"group"`
	GroupName string             `json:"group_name" doc:"in the language asked, like state_name"`
	Items     []playRowJSON      `json:"items"`
	Submitted submittedCountJSON `json:"submitted"`
}

func (h *Handler) registerNAPs(rt *httpx.Router) {
	id := httpx.Param{Name: "id", In: "path", Required: true, Description: "the plan", Schema: httpx.Schema{"type": "integer"}}
	aid := httpx.Param{Name: "actionID", In: "path", Required: true, Description: "the action", Schema: httpx.Schema{"type": "integer"}}
	rt.Handle("GET", Prefix+"/naps", h.wrap(h.listNAPs), httpx.Doc(httpx.Op{
		ID: "listNAPs", Tag: "naps", Public: true, Summary: "National Implementation Action Plans you may read",
		Description: "Drafts, adopted and withdrawn plans are the State's own; submitted plans are read at the Committee level; published plans are public (unless the State's coordinator shared a plan earlier).",
		Params: []httpx.Param{{Name: "state", In: "query", Description: "a State's alpha-3 code"},
			{Name: "status", In: "query", Schema: strEnum(strs(model.NAPStatuses)...)}},
		Responses: map[int]httpx.Answer{200: {Description: "the plans", Schema: listOf("NAP")}},
	}))
	rt.Handle("POST", Prefix+"/naps", h.wrap(h.createNAP), httpx.Doc(httpx.Op{
		ID: "createNAP", Tag: "naps", Summary: "Start a draft plan (a State's editors and coordinators)",
		Request: ref("NAPInput"), Responses: map[int]httpx.Answer{201: {Description: "the new draft", Schema: ref("NAP")}},
	}))
	rt.Handle("GET", Prefix+"/naps/{id}", h.wrap(h.showNAP), httpx.Doc(httpx.Op{
		ID: "getNAP", Tag: "naps", Public: true, Summary: "One plan with its sections, roll-up and completeness check",
		Params: []httpx.Param{id}, Responses: map[int]httpx.Answer{200: {Description: "the plan", Schema: ref("NAP")}},
	}))
	rt.Handle("PATCH", Prefix+"/naps/{id}", h.wrap(h.updateNAP), httpx.Doc(httpx.Op{
		ID: "updateNAP", Tag: "naps", Summary: "Change a plan (send the version you read)",
		Description: "Editors change the fields and sections; only the coordinator changes `shared_with` or sets `status` to `withdrawn` (other status changes go through adopt, submit and publish).",
		Params:      []httpx.Param{id}, Request: ref("NAPInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the plan", Schema: ref("NAP")}},
	}))
	rt.Handle("GET", Prefix+"/naps/{id}/actions", h.wrap(h.listActions), httpx.Doc(httpx.Op{
		ID: "listNAPActions", Tag: "naps", Public: true, Summary: "A plan's actions",
		Params: []httpx.Param{id}, Responses: map[int]httpx.Answer{200: {Description: "the actions", Schema: listOf("NAPAction")}},
	}))
	rt.Handle("POST", Prefix+"/naps/{id}/actions", h.wrap(h.createAction), httpx.Doc(httpx.Op{
		ID: "createNAPAction", Tag: "naps", Summary: "Add an action to a plan",
		Params: []httpx.Param{id}, Request: ref("NAPActionInput"),
		Responses: map[int]httpx.Answer{201: {Description: "the new action", Schema: ref("NAPAction")}},
	}))
	rt.Handle("GET", Prefix+"/naps/{id}/actions/{actionID}", h.wrap(h.showAction), httpx.Doc(httpx.Op{
		ID: "getNAPAction", Tag: "naps", Public: true, Summary: "One action with its status and progress history",
		Params: []httpx.Param{id, aid}, Responses: map[int]httpx.Answer{200: {Description: "the action", Schema: ref("NAPAction")}},
	}))
	rt.Handle("PATCH", Prefix+"/naps/{id}/actions/{actionID}", h.wrap(h.updateAction), httpx.Doc(httpx.Op{
		ID: "updateNAPAction", Tag: "naps", Summary: "Change an action (send the version you read; a change of status or progress is kept in its history with `comment`)",
		Params: []httpx.Param{id, aid}, Request: ref("NAPActionInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the action", Schema: ref("NAPAction")}},
	}))
	rt.Handle("DELETE", Prefix+"/naps/{id}/actions/{actionID}", h.wrap(h.deleteAction), httpx.Doc(httpx.Op{
		ID: "deleteNAPAction", Tag: "naps", Summary: "Remove an action entered in error",
		Params: []httpx.Param{id, aid}, Responses: map[int]httpx.Answer{204: {Description: "removed"}},
	}))
	rt.Handle("POST", Prefix+"/naps/{id}/adopt", h.wrap(h.adoptNAP), httpx.Doc(httpx.Op{
		ID: "adoptNAP", Tag: "naps", Summary: "Record the adoption of a draft (the State's coordinator)",
		Description: "The adoption date is the State's own statement (not in the future, not before the State's UN membership; for a 1540 plan not before 28 April 2004); `source` names the document that records it, when there is one.",
		Params:      []httpx.Param{id}, Request: ref("NAPAdoption"),
		Responses: map[int]httpx.Answer{200: {Description: "the adopted plan", Schema: ref("NAP")}},
	}))
	rt.Handle("POST", Prefix+"/naps/{id}/submit", h.wrap(h.submitNAP), httpx.Doc(httpx.Op{
		ID: "submitNAP", Tag: "naps", Summary: "Submit the plan to the 1540 Committee, freezing a numbered submission (the State's coordinator)",
		Description: "An adopted plan becomes submitted; a submitted or published plan may be submitted again (a further numbered submission). " +
			"The body is optional: without a date the submission is dated today; a submission recorded from the past gives its `date` and needs its `source`. " +
			"A date in the future, before the resolution (28 April 2004), before the State's UN membership, before the plan's adoption or its previous submission is refused.",
		Params: []httpx.Param{id}, Request: ref("StepDate"),
		Responses: map[int]httpx.Answer{200: {Description: "the plan; `submissions` counts its submissions, `submitted_on` is the first one's date in force", Schema: ref("NAP")}},
	}))
	rt.Handle("POST", Prefix+"/naps/{id}/publish", h.wrap(h.publishNAP), httpx.Doc(httpx.Op{
		ID: "publishNAP", Tag: "naps", Summary: "Publish a submitted plan (the State's coordinator)",
		Description: "The body is optional: without a date the publication is dated today; a publication recorded from the past gives its `date` and needs its `source`.",
		Params:      []httpx.Param{id}, Request: ref("StepDate"), Responses: map[int]httpx.Answer{200: {Description: "the published plan", Schema: ref("NAP")}},
	}))
	rt.Handle("POST", Prefix+"/naps/{id}/withdraw", h.wrap(h.withdrawNAP), httpx.Doc(httpx.Op{
		ID: "withdrawNAP", Tag: "naps", Summary: "Withdraw a plan: it is the State's alone again and closed to every change (the State's coordinator)",
		Description: "No body.", Params: []httpx.Param{id},
		Responses: map[int]httpx.Answer{200: {Description: "the withdrawn plan", Schema: ref("NAP")}},
	}))
	rt.Handle("DELETE", Prefix+"/naps/{id}", h.wrap(h.deleteNAP), httpx.Doc(httpx.Op{
		ID: "deleteNAP", Tag: "naps", Summary: "Delete a draft that was never adopted nor submitted, with its actions (the State's coordinator; audited)",
		Description: "A plan that was adopted, submitted or that another plan revises is refused with 422 naming `status`: withdraw it instead.",
		Params:      []httpx.Param{id}, Responses: map[int]httpx.Answer{204: {Description: "deleted"}},
	}))
	rt.Handle("POST", Prefix+"/naps/{id}/share", h.wrap(h.shareNAP), httpx.Doc(httpx.Op{
		ID: "shareNAP", Tag: "naps", Summary: "Share a plan ahead of its status with organisations and groups (the State's coordinator)",
		Params: []httpx.Param{id}, Request: ref("NAPShareInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the plan", Schema: ref("NAP")}},
	}))
	rt.Handle("POST", Prefix+"/naps/{id}/revise", h.wrap(h.reviseNAP), httpx.Doc(httpx.Op{
		ID: "reviseNAP", Tag: "naps", Summary: "Start a revision: a new draft that replaces the plan, with its sections and open actions carried over (the State's editors and coordinators)",
		Description: "No body.", Params: []httpx.Param{id},
		Responses: map[int]httpx.Answer{201: {Description: "the new draft", Schema: ref("NAP")}},
	}))
	rt.Handle("GET", Prefix+"/naps/{id}/submissions", h.wrap(h.listSubmissions), httpx.Doc(httpx.Op{
		ID: "listNAPSubmissions", Tag: "naps", Public: true, Summary: "A plan's numbered submissions to the Committee",
		Params: []httpx.Param{id}, Responses: map[int]httpx.Answer{200: {Description: "the submissions", Schema: listOf("NAPSubmission")}},
	}))
	rt.Handle("GET", Prefix+"/naps/{id}/diff", h.wrap(h.diffNAP), httpx.Doc(httpx.Op{
		ID: "diffNAP", Tag: "naps", Public: true, Summary: "What changed between two submissions of a plan, or against the plan it replaces",
		Params: []httpx.Param{id,
			{Name: "from", In: "query", Description: "a submission number, `current`, `replaced` (the replaced plan's latest submission) or `replaced:N`; default the latest submission"},
			{Name: "to", In: "query", Description: "the same; default `current`"}},
		Responses: map[int]httpx.Answer{200: {Description: "sections and actions added, removed and changed, field by field", Schema: ref("NAPDiff")}},
	}))
	rt.Handle("GET", Prefix+"/state-of-play", h.wrap(h.stateOfPlay), httpx.Doc(httpx.Op{
		ID: "stateOfPlay", Tag: "naps", Public: true, Summary: "The state of play of the plans of a group of States",
		Description: "One row per State: the latest plan you may read (withdrawn plans aside), or null. A plan you may not read is shown as no plan.",
		Params: []httpx.Param{{Name: "group", In: "query", Description: "a group code (default SEE; ALL for every UN member State)"},
			{Name: "sort", In: "query", Schema: strEnum(service.PlaySorts...)}, {Name: "dir", In: "query", Schema: strEnum(service.SortDirections...)},
			{Name: "since", In: "query", Description: "the year the `submitted.plans_since` count counts from (default 2016)", Schema: httpx.Schema{"type": "integer", "minimum": 2004}}},
		Responses: map[int]httpx.Answer{200: {Description: "one row per State", Schema: ref("StateOfPlay")}},
	}))
}

func (h *Handler) listNAPs(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := model.NAPFilter{}
	if s := strings.ToUpper(strings.TrimSpace(q.Get("state"))); s != "" {
		if h.svc.Directory.Catalog().State(s) == nil {
			return model.Problems{"state": "no State has the code " + strconv.Quote(s)}
		}
		f.States = []string{s}
	}
	if s := q.Get("status"); s != "" {
		f.Status = model.NAPStatus(s)
		if !f.Status.Valid() {
			return model.Problems{"status": "choose draft, adopted, submitted, published or withdrawn"}
		}
	}
	ns, err := h.svc.NAPs.List(r.Context(), service.ViewerFrom(r.Context()), f)
	if err != nil {
		return err
	}
	items := make([]planJSON, len(ns))
	for i, n := range ns {
		items[i] = h.planView(n)
	}
	return writePage(w, r, items, func(p planJSON) string { return byID(p.ID) })
}

// plan is the wire form of a plan read (or just written) for the request's
// viewer, with its sections, roll-up, completeness and submissions: what
// goes with it is read once, without reading the plan again.
func (h *Handler) plan(r *http.Request) func(service.NAPView) (planJSON, error) {
	return func(n service.NAPView) (planJSON, error) {
		p := h.planView(n)
		p.Sections = n.Sections
		d, err := h.svc.NAPs.Details(r.Context(), service.ViewerFrom(r.Context()), n)
		if err != nil {
			return p, err
		}
		p.Rollup = &d.Rollup
		k := len(d.Submissions)
		p.Submissions = &k
		p.Provenance = []datingJSON{}
		if x := datingOut(d.Adopted, 0); x != nil {
			p.Provenance = append(p.Provenance, *x)
		}
		for _, s := range d.Submissions {
			if x := datingOut(d.Submitted[s.Number], s.Number); x != nil {
				p.Provenance = append(p.Provenance, *x)
			}
		}
		if x := datingOut(d.Published, 0); x != nil {
			p.Provenance = append(p.Provenance, *x)
		}
		for _, c := range d.Completeness {
			p.Completeness = append(p.Completeness, elementJSON{Code: c.Section.Code, Title: c.Section.Title, Level: c.Level, Reason: c.Reason})
		}
		return p, nil
	}
}

func (h *Handler) showNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusOK, func(n service.NAPView) (planJSON, error) {
		p, err := h.plan(r)(n)
		if err == nil {
			p.Language, p.Translations, err = h.languagesOf(r, "nap", n.ID)
		}
		return p, err
	})(h.svc.NAPs.Get(r.Context(), service.ViewerFrom(r.Context()), id[0]))
}

func (h *Handler) createNAP(w http.ResponseWriter, r *http.Request) error {
	var in planIn
	if err := decode(r, &in); err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	state := strings.ToUpper(strings.TrimSpace(in.State))
	if state == "" {
		state = v.Org()
	}
	return answerWith(w, http.StatusCreated, h.plan(r))(h.svc.NAPs.Create(r.Context(), v, state, in.input()))
}

func (h *Handler) updateNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, func(p planIn) (model.NAPInput, error) {
		if p.State != "" {
			return model.NAPInput{}, model.Problems{"state": "a plan's State cannot change"}
		}
		return p.input(), nil
	})
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusOK, h.plan(r))(h.svc.NAPs.Update(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) adoptNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := body[model.NAPAdoption](r)
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusOK, h.plan(r))(h.svc.NAPs.Adopt(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

// noBody is the input of a step that takes none: an empty body, or an
// empty JSON object.
type noBody struct{}

func (h *Handler) withdrawNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, true, plain(func(noBody) struct{} { return struct{}{} }))
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusOK, h.plan(r))(h.svc.NAPs.Withdraw(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) shareNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, plain(func(s shareIn) []string {
		if s.SharedWith == nil {
			return []string{}
		}
		return s.SharedWith
	}))
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusOK, h.plan(r))(h.svc.NAPs.Share(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) reviseNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, true, plain(func(noBody) struct{} { return struct{}{} }))
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusCreated, h.plan(r))(h.svc.NAPs.Revise(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) submitNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, true, plain(stepIn.input))
	if err != nil {
		return err
	}
	n, _, err := h.svc.NAPs.Submit(r.Context(), service.ViewerFrom(r.Context()), id[0], in)
	return answerWith(w, http.StatusOK, h.plan(r))(n, err)
}

func (h *Handler) publishNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, true, plain(stepIn.input))
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusOK, h.plan(r))(h.svc.NAPs.Publish(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) listActions(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	as, err := h.svc.NAPs.Actions(r.Context(), service.ViewerFrom(r.Context()), id[0])
	if err != nil {
		return err
	}
	items := make([]actionJSON, len(as))
	for i, a := range as {
		items[i] = h.actionOut(a)
	}
	if err := h.withJoints(r, items); err != nil {
		return err
	}
	return writePage(w, r, items, func(a actionJSON) string { return byID(a.ID) })
}

func (h *Handler) showAction(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id", "actionID")
	if err != nil {
		return err
	}
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	a, hist, err := h.svc.NAPs.ActionWithHistory(ctx, v, id[0], id[1])
	if err != nil {
		return err
	}
	out, err := h.actionWithJoints(r)(a)
	if err != nil {
		return err
	}
	out.History = make([]changeJSON, len(hist))
	for i, c := range hist {
		out.History[i] = changeJSON{At: c.At, Actor: c.Actor, Status: string(c.Status), Progress: c.Progress,
			PrevStatus: string(c.PrevStatus), PrevProgress: c.PrevProgress, Comment: c.Comment}
	}
	if out.Language, out.Translations, err = h.languagesOf(r, model.TranslationKindAction, a.ID); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) createAction(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, plain(actionIn.input))
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusCreated, h.actionWithJoints(r))(h.svc.NAPs.CreateAction(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) updateAction(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id", "actionID")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, plain(actionIn.input))
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusOK, h.actionWithJoints(r))(h.svc.NAPs.UpdateAction(r.Context(), service.ViewerFrom(r.Context()), id[0], id[1], in))
}

func (h *Handler) deleteAction(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id", "actionID")
	if err != nil {
		return err
	}
	if err := h.svc.NAPs.DeleteAction(r.Context(), service.ViewerFrom(r.Context()), id[0], id[1]); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) listSubmissions(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	n, err := h.svc.NAPs.Get(ctx, v, id[0])
	if err != nil {
		return err
	}
	d, err := h.svc.NAPs.Details(ctx, v, n)
	if err != nil {
		return err
	}
	items := make([]submissionJSON, len(d.Submissions))
	for i, s := range d.Submissions {
		items[i] = submissionJSON{Number: s.Number, SubmittedOn: s.SubmittedOn.String(), SubmittedAt: s.SubmittedAt, SubmittedBy: s.SubmittedBy,
			PlanVersion: s.PlanVersion, Provenance: datingOut(d.Submitted[s.Number], s.Number)}
	}
	return writePage(w, r, items, func(s submissionJSON) string { return strconv.Itoa(s.Number) })
}

func (h *Handler) diffNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d, err := h.svc.NAPs.Diff(r.Context(), service.ViewerFrom(r.Context()), id[0], q.Get("from"), q.Get("to"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (h *Handler) stateOfPlay(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	dir := q.Get("dir")
	if dir != "" && !slices.Contains(service.SortDirections, dir) {
		return model.Problems{"dir": "choose asc or desc"}
	}
	since := 2016
	if s := strings.TrimSpace(q.Get("since")); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2004 || y > 2100 {
			return model.Problems{"since": "enter a year from 2004, such as 2016"}
		}
		since = y
	}
	sp, err := h.svc.NAPs.StateOfPlay(r.Context(), service.ViewerFrom(r.Context()), q.Get("group"), q.Get("sort"), dir == "desc")
	if err != nil {
		return err
	}
	c := sp.Count(since)
	out := playJSON{Group: sp.Group, GroupName: sp.GroupName, Items: make([]playRowJSON, len(sp.Rows)),
		Submitted: submittedCountJSON{Plans: c.Plans, States: c.States, Since: c.Since, PlansSince: c.PlansSince, Disputed: c.Disputed}}
	for i, row := range sp.Rows {
		out.Items[i] = playRowJSON{State: row.State, StateName: row.StateName}
		if n := row.Plan; n != nil {
			out.Items[i].Plan = &playPlanJSON{ID: n.ID, Title: n.Title, Status: string(n.Status), PeriodStart: n.PeriodStart, PeriodEnd: n.PeriodEnd,
				Progress: row.Percent, Overdue: row.Overdue, Actions: row.Actions, Assistance: row.Assistance, LastUpdate: row.LastUpdate,
				SubmittedOn: datePtr(n.SubmittedOn), SubmittedOnDisputed: n.SubmittedDisputed}
		}
		if d := row.Draft; d != nil {
			out.Items[i].Draft = &playDraftJSON{ID: d.ID, Title: d.Title, PeriodStart: d.PeriodStart, PeriodEnd: d.PeriodEnd}
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) deleteNAP(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.NAPs.Delete(r.Context(), service.ViewerFrom(r.Context()), id[0]); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
