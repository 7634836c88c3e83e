package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// NAPStatus is where a National Implementation Action Plan stands.
type NAPStatus string

// The plan statuses (issue 4): draft → adopted → submitted → published, or
// withdrawn from any of them.
const (
	NAPDraft     NAPStatus = "draft"
	NAPAdopted   NAPStatus = "adopted"
	NAPSubmitted NAPStatus = "submitted" // to the 1540 Committee
	NAPPublished NAPStatus = "published"
	NAPWithdrawn NAPStatus = "withdrawn"
)

// NAPStatuses lists the statuses in workflow order.
var NAPStatuses = []NAPStatus{NAPDraft, NAPAdopted, NAPSubmitted, NAPPublished, NAPWithdrawn}

// Valid reports whether s is a known status.
func (s NAPStatus) Valid() bool { return slices.Contains(NAPStatuses, s) }

// Label is the status in words.
func (s NAPStatus) Label() string {
	switch s {
	case NAPDraft:
		return "Draft"
	case NAPAdopted:
		return "Adopted"
	case NAPSubmitted:
		return "Submitted to the 1540 Committee"
	case NAPPublished:
		return "Published"
	case NAPWithdrawn:
		return "Withdrawn"
	}
	return string(s)
}

// napMoves is the workflow: from each status, the statuses a plan may move
// to. (Submitting a submitted or published plan again is not a move: see
// SubmitTo.)
var napMoves = map[NAPStatus][]NAPStatus{
	NAPDraft:     {NAPAdopted, NAPWithdrawn},
	NAPAdopted:   {NAPSubmitted, NAPWithdrawn},
	NAPSubmitted: {NAPPublished, NAPWithdrawn},
	NAPPublished: {NAPWithdrawn},
	NAPWithdrawn: {},
}

// SubmitTo is the status a plan in status s has after it is submitted to
// the Committee, and whether it may be submitted at all. An adopted plan
// becomes submitted; a submitted or published plan may be submitted again
// (a revised text or a progress report: a further numbered submission)
// and keeps its status.
func (s NAPStatus) SubmitTo() (NAPStatus, bool) {
	switch s {
	case NAPAdopted, NAPSubmitted:
		return NAPSubmitted, true
	case NAPPublished:
		return NAPPublished, true
	}
	return s, false
}

// CanMoveTo reports whether the workflow allows a plan in status s to move
// to status to.
func (s NAPStatus) CanMoveTo(to NAPStatus) bool { return slices.Contains(napMoves[s], to) }

// MoveProblem explains, in words, why s cannot move to to ("" when it can).
func (s NAPStatus) MoveProblem(to NAPStatus) string {
	if s.CanMoveTo(to) {
		return ""
	}
	switch {
	case s == NAPWithdrawn:
		return "the plan was withdrawn; a withdrawn plan does not change status (start a new plan that replaces it)"
	case to == NAPSubmitted && s == NAPDraft:
		return "a draft must be adopted before it is submitted to the Committee"
	case to == NAPPublished && (s == NAPDraft || s == NAPAdopted):
		return "a plan is published only after it was submitted to the Committee"
	case to == NAPAdopted:
		return "only a draft can be adopted; this plan is " + strings.ToLower(s.Label())
	case to == NAPPublished && s == NAPPublished:
		return "the plan is already published"
	case to == NAPDraft:
		return "a plan does not go back to draft; start a revision that replaces it instead"
	}
	return fmt.Sprintf("a %s plan cannot become %s", s, to)
}

// Editable reports whether a plan in status s may still be changed (its
// fields, sections and actions). Only a withdrawn plan is closed.
func (s NAPStatus) Editable() bool { return s != NAPWithdrawn }

// NAP types: a 1540 NAP by default; other national "action plans" exist
// and are typed so they are linked, not merged (domain notes §2.3).
const (
	NAPType1540  = "1540-nap"
	NAPTypeCBRN  = "cbrn-nap"
	NAPTypeSALW  = "salw-action-plan"
	NAPTypeOther = "other"
)

// NAPTypes lists the plan types.
var NAPTypes = []string{NAPType1540, NAPTypeCBRN, NAPTypeSALW, NAPTypeOther}

// NAPTypeLabel is a plan type in words.
func NAPTypeLabel(t string) string {
	switch t {
	case NAPType1540:
		return "1540 National Implementation Action Plan"
	case NAPTypeCBRN:
		return "CBRN national action plan (e.g. EU CBRN Centres of Excellence)"
	case NAPTypeSALW:
		return "Small arms and light weapons action plan"
	case NAPTypeOther:
		return "Other national action plan"
	}
	return t
}

// NAP is a State's National Implementation Action Plan.
type NAP struct {
	ID           int64
	State        string // alpha-3; the owner organisation
	Visibility   Visibility
	SharedWith   []string // organisations and groups the coordinator shared it with
	Type         string   // one of NAPTypes
	Title        string
	PeriodStart  int // first year of the plan period
	PeriodEnd    int // last year
	Status       NAPStatus
	Authority    string // the adopting authority (e.g. "Government of ...")
	AdoptedOn    Date
	PublishedOn  Date              // the publication's date in force (zero: not published, or before napx kept it)
	Replaces     int64             // the plan this one revises (0: none)
	Sections     map[string]string // key-element section text by code (NAP-01 ...)
	Illustrative bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int64
	// SubmittedOn is the date in force of the plan's first submission to
	// the Committee (zero: never submitted); SubmittedDisputed says its
	// sources disagree. Read only: kept by the submissions.
	SubmittedOn       Date
	SubmittedDisputed bool
}

// Section returns the text of section code.
func (n NAP) Section(code string) string { return n.Sections[code] }

// Period is "2015–2019".
func (n NAP) Period() string { return fmt.Sprintf("%d–%d", n.PeriodStart, n.PeriodEnd) }

// NAPInput is a new plan or a change to one. Years are strings so a bad
// one is reported against its field. Nil pointer fields are left as they
// are (PATCH).
type NAPInput struct {
	Type        *string
	Title       *string
	PeriodStart *string
	PeriodEnd   *string
	Replaces    *string // a plan ID, or "" for none
	Sections    map[string]string
	SharedWith  *[]string // coordinator only
	Status      *string   // PATCH: only "withdrawn" (coordinator)
	Version     int64
	// Language is the language its texts are written in (issue 17: one of
	// the six; nil or "" leaves it as it is, English for a new plan).
	Language *string
}

// Ptr returns a pointer to v (for building inputs).
func Ptr[T any](v T) *T { return &v }

// Apply validates in against the plan n (zero for a new plan) and returns
// the changed plan. It checks only what the input carries, except that a
// new plan needs a title and a period.
func (in NAPInput) Apply(n NAP, isNew bool) (NAP, Problems) {
	p := Problems{}
	out := n
	if in.Type != nil {
		t := strings.TrimSpace(*in.Type)
		if t == "" {
			t = NAPType1540
		}
		if !slices.Contains(NAPTypes, t) {
			p.Add("type", "choose one of %s", strings.Join(NAPTypes, ", "))
		}
		out.Type = t
	} else if isNew {
		out.Type = NAPType1540
	}
	if in.Title != nil {
		out.Title = Line(p, "title", *in.Title, 300)
	}
	if (in.Title != nil || isNew) && out.Title == "" {
		p.Add("title", "enter the plan's title")
	}
	year := func(field string, s *string, dst *int) {
		if s == nil {
			if isNew {
				p.Add(field, "enter a year such as 2019")
			}
			return
		}
		y, err := strconv.Atoi(strings.TrimSpace(*s))
		if err != nil || y < 1990 || y > 2100 {
			p.Add(field, "enter a year between 1990 and 2100, such as 2019")
			return
		}
		*dst = y
	}
	year("period_start", in.PeriodStart, &out.PeriodStart)
	year("period_end", in.PeriodEnd, &out.PeriodEnd)
	if _, bad := p["period_start"]; !bad {
		if _, bad := p["period_end"]; !bad && out.PeriodEnd < out.PeriodStart {
			p.Add("period_end", "the last year of the period is before the first")
		} else if !bad && out.PeriodEnd-out.PeriodStart > 25 {
			p.Add("period_end", "a plan period longer than 25 years is not plausible")
		}
	}
	if in.Replaces != nil {
		s := strings.TrimSpace(*in.Replaces)
		if s == "" || s == "0" {
			out.Replaces = 0
		} else if id, err := strconv.ParseInt(s, 10, 64); err != nil || id <= 0 {
			p.Add("replaces", "give the number of the plan this one replaces, or leave it empty")
		} else if id == n.ID && n.ID != 0 {
			p.Add("replaces", "a plan cannot replace itself")
		} else {
			out.Replaces = id
		}
	}
	if len(in.Sections) > 0 {
		secs := make(map[string]string, len(n.Sections)+len(in.Sections))
		for k, v := range n.Sections {
			secs[k] = v
		}
		for code, text := range in.Sections {
			if NAPSectionByCode(code) == nil {
				p.Add("sections", "%q is not a key-element section (NAP-01 to NAP-12)", code)
				continue
			}
			q := Problems{}
			text = Text(q, "sections."+code, text, 20000)
			if len(q) > 0 {
				p.Add("sections."+code, "%s", q["sections."+code])
				continue
			}
			secs[code] = text
		}
		out.Sections = secs
	}
	if in.Status != nil {
		to := NAPStatus(strings.TrimSpace(*in.Status))
		switch {
		case to == n.Status:
		case !to.Valid():
			p.Add("status", "choose one of draft, adopted, submitted, published, withdrawn")
		case to != NAPWithdrawn:
			p.Add("status", "use the adopt, submit and publish steps to move a plan on; a change may only withdraw it")
		case !n.Status.CanMoveTo(to):
			p.Add("status", "%s", n.Status.MoveProblem(to))
		default:
			out.Status = to
		}
	}
	if out.Sections == nil {
		out.Sections = map[string]string{}
	}
	out.Version = in.Version
	return out, p
}

// NAPSection is one key element of an effective plan: the sections
// NAP-01..NAP-12 of the domain notes §2.4. The list is inferred — a
// practical template, not an official Committee format — and every page
// that shows it says so.
type NAPSection struct {
	Code    string
	Title   string
	Covers  string // what the section should say
	Why     string // why it matters to an effective plan
	Derived string // what napx fills in from the plan's structured data ("" when the section is text only)
}

// NAPSections are the twelve key-element sections, in order.
var NAPSections = []NAPSection{
	{"NAP-01", "Identification and adoption", "the State, the plan's title, the adopting authority, the adoption date, the plan period, and the plan it revises",
		"a plan that says who adopted it and for which years can be held to account and reviewed on time", "title, period, adoption and the plan it replaces"},
	{"NAP-02", "National coordination", "the lead agency, the inter-agency body or working group, and the 1540 point of contact",
		"1540 touches many ministries; one named coordinator keeps the plan moving", ""},
	{"NAP-03", "Baseline and gap analysis", "where the State stands today, with references to the fields of its 1540 matrix and to its latest national report",
		"actions follow from gaps; without a baseline, progress cannot be shown", "the matrix fields the actions refer to"},
	{"NAP-04", "Priorities", "the priority areas in order, tagged by operative paragraph (OP 1, OP 2, OP 3 a–d) and weapon type",
		"resources are limited; priorities say what comes first", "the operative-paragraph areas and weapon types of the actions"},
	{"NAP-05", "Action items", "each action: what, the matrix fields it serves, the lead and supporting agencies, start and due dates, the expected output or indicator, and its status",
		"the actions are the plan; each needs an owner, a date and a way to tell it is done", "the actions"},
	{"NAP-06", "Legislative and regulatory agenda", "the laws and regulations to draft or amend, with target dates",
		"OP 2 and OP 3 are met mostly through law; a legislative timetable makes them concrete", ""},
	{"NAP-07", "Assistance needs", "each need, linkable to a formal assistance request and to the offers that meet it",
		"naming needs in the plan is how they reach providers", "the actions marked as needing assistance"},
	{"NAP-08", "Outreach", "work with industry, academia, parliament and civil society",
		"those who handle sensitive items must know the rules", ""},
	{"NAP-09", "International and regional cooperation", "international organisations, regional centres and bilateral partners",
		"neighbours share borders, trade routes and lessons", ""},
	{"NAP-10", "Effective practices to share", "what the State does well and can offer others",
		"the Committee collects effective practices; a plan is a natural place to name them", ""},
	{"NAP-11", "Monitoring, review and reporting", "the review body, how often it reviews, review meetings with the Committee and its experts, progress reports",
		"a plan without review drifts; regular reports show progress", "the progress recorded on the actions"},
	{"NAP-12", "Submission record", "when the plan was submitted to the Committee, consent to publication, and the posted document",
		"submitting the plan lets the Committee match assistance and follow progress", "the numbered submissions"},
}

// NAPSectionByCode returns the section with code, or nil.
func NAPSectionByCode(code string) *NAPSection {
	for i := range NAPSections {
		if NAPSections[i].Code == code {
			return &NAPSections[i]
		}
	}
	return nil
}

// ActionStatus is where an action stands.
type ActionStatus string

// The action statuses.
const (
	ActionPlanned    ActionStatus = "planned"
	ActionInProgress ActionStatus = "in-progress"
	ActionCompleted  ActionStatus = "completed"
	ActionDelayed    ActionStatus = "delayed"
	ActionCancelled  ActionStatus = "cancelled"
)

// ActionStatuses lists them in order.
var ActionStatuses = []ActionStatus{ActionPlanned, ActionInProgress, ActionCompleted, ActionDelayed, ActionCancelled}

// Valid reports whether s is a known action status.
func (s ActionStatus) Valid() bool { return slices.Contains(ActionStatuses, s) }

// Open reports whether an action in status s is still to be done.
func (s ActionStatus) Open() bool { return s != ActionCompleted && s != ActionCancelled }

// Label is the status in words.
func (s ActionStatus) Label() string {
	switch s {
	case ActionPlanned:
		return "Planned"
	case ActionInProgress:
		return "In progress"
	case ActionCompleted:
		return "Completed"
	case ActionDelayed:
		return "Delayed"
	case ActionCancelled:
		return "Cancelled"
	}
	return string(s)
}

// Priorities of an action ("" for none).
var ActionPriorities = []string{"high", "medium", "low"}

// NAPAction is one action of a plan.
type NAPAction struct {
	ID                                                  int64
	NAPID                                               int64
	Title                                               string
	Description                                         string
	Section                                             string // a NAP-xx code, or ""
	Priority                                            string // high, medium, low or ""
	Status                                              ActionStatus
	Progress                                            int // 0–100
	Start                                               Date
	Due                                                 Date
	Elements                                            []string // matrix data field IDs
	Lead                                                string   // lead agency
	Supporting                                          []string // supporting agencies
	IndicatorBaseline, IndicatorTarget, IndicatorActual string
	AssistanceNeeded                                    bool
	AssistanceWhat                                      string
	OriginID                                            int64 // the action of the replaced plan this one continues (0: none)
	CreatedAt                                           time.Time
	UpdatedAt                                           time.Time
	Version                                             int64
}

// Overdue reports whether the action is open and its due date is before
// today.
func (a NAPAction) Overdue(today Date) bool {
	return a.Status.Open() && !a.Due.IsZero() && a.Due.Before(today)
}

// Done is the action's contribution to the share completed: 1 for a
// completed action, its progress for the others (cancelled actions are not
// counted at all).
func (a NAPAction) Done() float64 {
	if a.Status == ActionCompleted {
		return 1
	}
	return float64(a.Progress) / 100
}

// ActionChange is one entry of an action's status and progress history.
type ActionChange struct {
	ID           int64
	ActionID     int64
	At           time.Time
	ActorID      int64
	Actor        string // how the person is shown
	Status       ActionStatus
	Progress     int
	PrevStatus   ActionStatus // "" for the first entry
	PrevProgress int
	Comment      string
}

// NAPActionInput is a new action or a change to one. Nil fields are left
// as they are (PATCH); dates and numbers are strings so a bad one is
// reported against its field.
type NAPActionInput struct {
	Title, Description, Section, Priority, Status, Progress, Start, Due *string
	Elements, Supporting                                                *[]string
	Lead, IndicatorBaseline, IndicatorTarget, IndicatorActual           *string
	AssistanceNeeded                                                    *bool
	AssistanceWhat                                                      *string
	// JointWith replaces the other States' actions this one is joint with
	// (issue 14): IDs of actions the writer may read. Those already linked
	// that the writer may no longer read are kept (they cannot be named).
	JointWith *[]int64
	Comment   string // for the history
	Version   int64
}

// Apply validates in against the action a (zero for a new action) and
// returns the changed action. known reports whether a matrix field ID
// exists.
func (in NAPActionInput) Apply(a NAPAction, isNew bool, known func(string) bool) (NAPAction, Problems) {
	p := Problems{}
	out := a
	if isNew {
		out.Status, out.Progress = ActionPlanned, 0
	}
	line := func(field string, src *string, dst *string, max int) {
		if src != nil {
			*dst = Line(p, field, *src, max)
		}
	}
	text := func(field string, src *string, dst *string, max int) {
		if src != nil {
			*dst = Text(p, field, *src, max)
		}
	}
	line("title", in.Title, &out.Title, 300)
	if (in.Title != nil || isNew) && out.Title == "" {
		p.Add("title", "say what the action is")
	}
	text("description", in.Description, &out.Description, 10000)
	line("lead", in.Lead, &out.Lead, 300)
	text("indicator_baseline", in.IndicatorBaseline, &out.IndicatorBaseline, 1000)
	text("indicator_target", in.IndicatorTarget, &out.IndicatorTarget, 1000)
	text("indicator_actual", in.IndicatorActual, &out.IndicatorActual, 1000)
	text("assistance_what", in.AssistanceWhat, &out.AssistanceWhat, 2000)
	if in.Section != nil {
		s := strings.TrimSpace(*in.Section)
		if s != "" && NAPSectionByCode(s) == nil {
			p.Add("section", "choose a key-element section NAP-01 to NAP-12, or none")
		}
		out.Section = s
	}
	if in.Priority != nil {
		s := strings.ToLower(strings.TrimSpace(*in.Priority))
		if s != "" && !slices.Contains(ActionPriorities, s) {
			p.Add("priority", "choose high, medium or low, or none")
		}
		out.Priority = s
	}
	if in.Status != nil {
		s := ActionStatus(strings.TrimSpace(*in.Status))
		if !s.Valid() {
			p.Add("status", "choose planned, in-progress, completed, delayed or cancelled")
		}
		out.Status = s
	}
	if in.Progress != nil {
		s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(*in.Progress), "%"))
		if s == "" {
			s = "0"
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 100 {
			p.Add("progress", "enter a whole number from 0 to 100")
		}
		out.Progress = n
	}
	date := func(field string, src *string, dst *Date, required bool) {
		if src != nil {
			d, err := ParseDate(strings.TrimSpace(*src))
			if err != nil {
				p.Add(field, "enter a date as YYYY-MM-DD")
				return
			}
			*dst = d
		}
		if required && dst.IsZero() {
			p.Add(field, "enter the due date as YYYY-MM-DD")
		}
	}
	date("start", in.Start, &out.Start, false)
	date("due", in.Due, &out.Due, in.Due != nil || isNew)
	if _, bad := p["due"]; !bad && !out.Start.IsZero() && !out.Due.IsZero() && out.Due.Before(out.Start) {
		p.Add("due", "the due date is before the start date")
	}
	if in.Elements != nil {
		seen := map[string]bool{}
		out.Elements = []string{}
		var unknown []string
		nUnknown := 0
		for _, e := range *in.Elements {
			e = strings.TrimSpace(e)
			if e == "" || seen[e] {
				continue
			}
			seen[e] = true
			if known != nil && !known(e) {
				if nUnknown++; len(unknown) < 20 {
					unknown = append(unknown, CleanLine(e, 40))
				}
				continue
			}
			out.Elements = append(out.Elements, e)
		}
		if nUnknown > len(unknown) {
			unknown = append(unknown, fmt.Sprintf("and %d more", nUnknown-len(unknown)))
		}
		if len(unknown) > 0 {
			p.Add("elements", "not matrix data fields: %s (use IDs such as OP3d-NW-09.LF)", strings.Join(unknown, ", "))
		}
		if len(out.Elements) > 100 {
			p.Add("elements", "at most 100 matrix fields per action")
		}
	}
	if in.Supporting != nil {
		out.Supporting = []string{}
		for _, s := range *in.Supporting {
			if s = strings.TrimSpace(s); s != "" {
				if msg := LineProblem(s, 300); msg != "" {
					p.Add("supporting", "an agency name %s", msg)
				}
				out.Supporting = append(out.Supporting, s)
			}
		}
		if len(out.Supporting) > 30 {
			p.Add("supporting", "at most 30 supporting agencies")
		}
	}
	if in.AssistanceNeeded != nil {
		out.AssistanceNeeded = *in.AssistanceNeeded
	}
	if out.Elements == nil {
		out.Elements = []string{}
	}
	if out.Supporting == nil {
		out.Supporting = []string{}
	}
	Text(p, "comment", in.Comment, 2000)
	out.Version = in.Version
	return out, p
}

// SplitList splits a list typed into a form: one item per line, or
// separated by commas or semicolons.
func SplitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == ';' || r == '\r' })
	out := []string{}
	for _, x := range f {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// SplitIDs splits matrix field IDs typed into a form (spaces, commas,
// semicolons or lines).
func SplitIDs(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == ',' || r == ';' })
	if f == nil {
		return []string{}
	}
	return f
}

// NAPSubmission is a frozen copy of a plan as it went to the Committee.
type NAPSubmission struct {
	ID          int64
	NAPID       int64
	Number      int       // 1, 2, ... per plan
	SubmittedOn Date      // the date in force: the day it reached the Committee, as recorded
	SubmittedAt time.Time // when it was typed into napx
	SubmittedBy string
	PlanVersion int64
	Snapshot    NAPSnapshot
}

// NAPSnapshot is a plan with its sections and actions at one moment: what a
// submission freezes and what a diff compares.
type NAPSnapshot struct {
	Plan    NAPSnapshotPlan     `json:"plan"`
	Actions []NAPSnapshotAction `json:"actions"`
}

// NAPSnapshotPlan is the plan part of a snapshot.
type NAPSnapshotPlan struct {
	ID          int64             `json:"id"`
	State       string            `json:"state"`
	Type        string            `json:"type"`
	Title       string            `json:"title"`
	PeriodStart int               `json:"period_start"`
	PeriodEnd   int               `json:"period_end"`
	Status      string            `json:"status"`
	Authority   string            `json:"authority"`
	AdoptedOn   string            `json:"adopted_on"`
	Replaces    int64             `json:"replaces"`
	Sections    map[string]string `json:"sections"`
	Version     int64             `json:"version"`
}

// NAPSnapshotAction is an action in a snapshot.
type NAPSnapshotAction struct {
	ID                int64    `json:"id"`
	OriginID          int64    `json:"origin_id,omitempty"`
	Title             string   `json:"title"`
	Description       string   `json:"description"`
	Section           string   `json:"section"`
	Priority          string   `json:"priority"`
	Status            string   `json:"status"`
	Progress          int      `json:"progress"`
	Start             string   `json:"start"`
	Due               string   `json:"due"`
	Elements          []string `json:"elements"`
	Lead              string   `json:"lead"`
	Supporting        []string `json:"supporting"`
	IndicatorBaseline string   `json:"indicator_baseline"`
	IndicatorTarget   string   `json:"indicator_target"`
	IndicatorActual   string   `json:"indicator_actual"`
	AssistanceNeeded  bool     `json:"assistance_needed"`
	AssistanceWhat    string   `json:"assistance_what"`
}

// Snapshot freezes a plan and its actions.
func Snapshot(n NAP, actions []NAPAction) NAPSnapshot {
	s := NAPSnapshot{Plan: NAPSnapshotPlan{ID: n.ID, State: n.State, Type: n.Type, Title: n.Title, PeriodStart: n.PeriodStart,
		PeriodEnd: n.PeriodEnd, Status: string(n.Status), Authority: n.Authority, AdoptedOn: n.AdoptedOn.String(),
		Replaces: n.Replaces, Sections: map[string]string{}, Version: n.Version}}
	for k, v := range n.Sections {
		if v != "" {
			s.Plan.Sections[k] = v
		}
	}
	s.Actions = make([]NAPSnapshotAction, 0, len(actions))
	for _, a := range actions {
		s.Actions = append(s.Actions, SnapshotAction(a))
	}
	return s
}

// SnapshotAction is one action as a snapshot holds it.
func SnapshotAction(a NAPAction) NAPSnapshotAction {
	return NAPSnapshotAction{ID: a.ID, OriginID: a.OriginID, Title: a.Title, Description: a.Description, Section: a.Section,
		Priority: a.Priority, Status: string(a.Status), Progress: a.Progress, Start: a.Start.String(), Due: a.Due.String(),
		Elements: append([]string{}, a.Elements...), Lead: a.Lead, Supporting: append([]string{}, a.Supporting...),
		IndicatorBaseline: a.IndicatorBaseline, IndicatorTarget: a.IndicatorTarget, IndicatorActual: a.IndicatorActual,
		AssistanceNeeded: a.AssistanceNeeded, AssistanceWhat: a.AssistanceWhat}
}

// NAPFilter selects plans for lists, exports and roll-ups.
type NAPFilter struct {
	States           []string // alpha-3 codes; empty for all
	Status           NAPStatus
	ExcludeWithdrawn bool
	IDs              []int64
	// Only1540: only the plans that count as a State's 1540 plan
	// (NAP.Counts1540), for the state of play and every NAP count.
	Only1540 bool
}

// NAPAdoption records a plan's adoption: by whom and on which day
// (YYYY-MM-DD), as the State states it, with the source that says so
// when it is recorded from a document.
type NAPAdoption struct {
	Authority string `json:"authority"`
	Date      string `json:"date"`
	Source    string `json:"source"`
	SourceURL string `json:"source_url"`
}

// NAPGoesToCommittee reports whether a plan of type t is submitted to the
// 1540 Committee before it is published (issue 9, item 8): the 1540 NAP,
// and a CBRN action plan (e.g. under the EU CBRN Centres of Excellence),
// which then counts as the State's plan. A SALW action plan or another
// plan is the State's own document: published without the Committee's
// step, shown beside the NAP as a related plan, never counted as a 1540
// NAP.
func NAPGoesToCommittee(t string) bool { return t == NAPType1540 || t == NAPTypeCBRN }

// Counts1540 reports whether n counts as the State's plan in the 1540
// state of play and every NAP count: a 1540 NAP; a CBRN action plan once
// it was submitted to the Committee (submitted or published). Withdrawn
// plans count nowhere.
func (n NAP) Counts1540() bool {
	switch {
	case n.Status == NAPWithdrawn:
		return false
	case n.Type == NAPType1540:
		return true
	case n.Type == NAPTypeCBRN:
		return n.Status == NAPSubmitted || n.Status == NAPPublished
	}
	return false
}

// Related reports whether n is a related plan (neither a 1540 NAP nor a
// CBRN action plan): shown beside the State's NAP.
func (n NAP) Related() bool { return !NAPGoesToCommittee(n.Type) }

// ownMoves is the workflow of a State's own document: adopted, then
// published, without the Committee's step.
var ownMoves = map[NAPStatus][]NAPStatus{
	NAPDraft:     {NAPAdopted, NAPWithdrawn},
	NAPAdopted:   {NAPPublished, NAPWithdrawn},
	NAPPublished: {NAPWithdrawn},
	NAPWithdrawn: {},
}

// CanMoveTo reports whether the workflow of n's type lets it move to to.
func (n NAP) CanMoveTo(to NAPStatus) bool {
	if NAPGoesToCommittee(n.Type) {
		return n.Status.CanMoveTo(to)
	}
	return slices.Contains(ownMoves[n.Status], to)
}

// MoveProblem explains why n cannot move to to ("" when it can).
func (n NAP) MoveProblem(to NAPStatus) string {
	if n.CanMoveTo(to) {
		return ""
	}
	if !NAPGoesToCommittee(n.Type) {
		switch {
		case to == NAPSubmitted:
			return "a " + strings.ToLower(NAPTypeLabel(n.Type)) + " is the State's own document: it is published without the 1540 Committee's step, not submitted"
		case to == NAPPublished && n.Status == NAPDraft:
			return "a draft must be adopted before it is published"
		}
	}
	return n.Status.MoveProblem(to)
}

// SubmitTo is the status n has after it is submitted to the Committee, and
// whether it may be submitted at all (only plans that go to the Committee).
func (n NAP) SubmitTo() (NAPStatus, bool) {
	if !NAPGoesToCommittee(n.Type) {
		return n.Status, false
	}
	return n.Status.SubmitTo()
}
