package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The practices library (issue 12): effective practices, lessons learned,
// guidance, model laws and peer-review reports that States and
// organisations share (resolutions 1977 OP10–12, 2325 OP25, 2663 OP22–23;
// domain notes §4.2), reviewed by the Committee's experts before the owner
// publishes them.

// PracticeKind is what sort of experience a practice records.
type PracticeKind string

// The kinds.
const (
	PracticeEffective  PracticeKind = "practice"
	PracticeLesson     PracticeKind = "lesson"
	PracticeGuidance   PracticeKind = "guidance"
	PracticeModelLaw   PracticeKind = "model-law"
	PracticePeerReview PracticeKind = "peer-review-report"
)

// PracticeKinds lists the kinds in the order pages offer them.
var PracticeKinds = []PracticeKind{PracticeEffective, PracticeLesson, PracticeGuidance, PracticeModelLaw, PracticePeerReview}

// Valid reports whether k is a known kind.
func (k PracticeKind) Valid() bool { return slices.Contains(PracticeKinds, k) }

// Label is the kind in words.
func (k PracticeKind) Label() string {
	switch k {
	case PracticeEffective:
		return "Effective practice"
	case PracticeLesson:
		return "Lesson learned"
	case PracticeGuidance:
		return "Guidance"
	case PracticeModelLaw:
		return "Model law"
	case PracticePeerReview:
		return "Peer-review report"
	}
	return string(k)
}

// PracticeStatus is where a practice stands in its review.
type PracticeStatus string

// The review workflow: draft → submitted → verified → published; the
// Committee's experts or the secretariat may return a submitted (or
// verified, not yet published) practice to draft with their reasons.
const (
	PracticeDraft     PracticeStatus = "draft"
	PracticeSubmitted PracticeStatus = "submitted"
	PracticeVerified  PracticeStatus = "verified"
	PracticePublished PracticeStatus = "published"
)

// PracticeStatuses lists the statuses in workflow order.
var PracticeStatuses = []PracticeStatus{PracticeDraft, PracticeSubmitted, PracticeVerified, PracticePublished}

// Valid reports whether s is a known status.
func (s PracticeStatus) Valid() bool { return slices.Contains(PracticeStatuses, s) }

// Label is the status in words.
func (s PracticeStatus) Label() string {
	switch s {
	case PracticeDraft:
		return "Draft"
	case PracticeSubmitted:
		return "Submitted for review"
	case PracticeVerified:
		return "Verified"
	case PracticePublished:
		return "Published"
	}
	return string(s)
}

// Badge is the CSS class of the status badge.
func (s PracticeStatus) Badge() string {
	switch s {
	case PracticePublished:
		return "ok"
	case PracticeVerified:
		return "info"
	case PracticeSubmitted:
		return "warn"
	}
	return "plain"
}

// PracticeStep is a step of the review workflow.
type PracticeStep string

// The steps, each with the status it leads to (PracticeStep.To).
const (
	PracticeStepSubmit  PracticeStep = "submit"
	PracticeStepVerify  PracticeStep = "verify"
	PracticeStepReturn  PracticeStep = "return"
	PracticeStepPublish PracticeStep = "publish"
)

// PracticeSteps lists the steps.
var PracticeSteps = []PracticeStep{PracticeStepSubmit, PracticeStepVerify, PracticeStepReturn, PracticeStepPublish}

// practiceMoves is the workflow table: from a status, the steps allowed
// and where each leads.
var practiceMoves = map[PracticeStatus]map[PracticeStep]PracticeStatus{
	PracticeDraft:     {PracticeStepSubmit: PracticeSubmitted},
	PracticeSubmitted: {PracticeStepVerify: PracticeVerified, PracticeStepReturn: PracticeDraft},
	PracticeVerified:  {PracticeStepPublish: PracticePublished, PracticeStepReturn: PracticeDraft},
	PracticePublished: {},
}

// Move returns the status step leads to from s, or a sentence saying why
// it may not be taken.
func (s PracticeStatus) Move(step PracticeStep) (PracticeStatus, string) {
	if to, ok := practiceMoves[s][step]; ok {
		return to, ""
	}
	switch step {
	case PracticeStepSubmit:
		return s, fmt.Sprintf("only a draft can be submitted (this practice is %s)", strings.ToLower(s.Label()))
	case PracticeStepVerify:
		return s, fmt.Sprintf("only a submitted practice can be verified (this one is %s)", strings.ToLower(s.Label()))
	case PracticeStepReturn:
		return s, fmt.Sprintf("only a submitted or verified practice can be returned (this one is %s)", strings.ToLower(s.Label()))
	case PracticeStepPublish:
		return s, fmt.Sprintf("only a verified practice can be published (this one is %s)", strings.ToLower(s.Label()))
	}
	return s, "there is no such step"
}

// NAPPhase is the stage of a national plan a practice speaks to.
type NAPPhase string

// The phases.
const (
	PhaseDrafting       NAPPhase = "drafting"
	PhaseAdoption       NAPPhase = "adoption"
	PhaseImplementation NAPPhase = "implementation"
	PhaseReview         NAPPhase = "review"
)

// NAPPhases lists the phases; "" (no phase) is allowed too.
var NAPPhases = []NAPPhase{PhaseDrafting, PhaseAdoption, PhaseImplementation, PhaseReview}

// Label is the phase in words.
func (p NAPPhase) Label() string {
	switch p {
	case PhaseDrafting:
		return "Drafting the plan"
	case PhaseAdoption:
		return "Adopting the plan"
	case PhaseImplementation:
		return "Implementing the plan"
	case PhaseReview:
		return "Reviewing the plan"
	}
	return string(p)
}

// AssistanceAreaTags are the assistance areas a practice may be tagged
// with: the thematic areas of the assistance categories (domain notes
// §3.5, an inferred list whose every entry is evidenced by a posted
// request or offer).
var AssistanceAreaTags = []struct{ Code, Label string }{
	{"AS-LEG", "Legislative and regulatory drafting"},
	{"AS-NAP", "NAP development, national coordination, reporting"},
	{"AS-NUC", "Nuclear and radiological accounting, security, physical protection"},
	{"AS-CHEM", "Chemical security"},
	{"AS-BIO", "Biosafety and biosecurity"},
	{"AS-LAB", "Laboratory networks and accreditation"},
	{"AS-BORDER", "Border control, detection equipment and training"},
	{"AS-EXPORT", "Export, transit and trans-shipment licensing, control lists"},
	{"AS-ENF", "Law enforcement, investigation, prosecution"},
	{"AS-FIN", "Controls on financing"},
	{"AS-OUTREACH", "Industry, academia and parliamentarians"},
	{"AS-OTHER", "Other"},
}

// MatrixAreas are the resolution's areas a practice may be tagged with.
var MatrixAreas = []string{"OP1", "OP2", "OP3a", "OP3b", "OP3c", "OP3d"}

// Limits of a practice.
const (
	MaxPracticeBody        = 30000 // characters of Markdown (longer documents are attached)
	MaxPracticeTags        = 40
	MaxPracticeLinks       = 50
	MaxAttachmentBytes     = 10 << 20
	MaxPracticeAttachments = 20
)

// Practice is an effective practice or a lesson learned, with its review
// state. Its owner (the organisation of the account that created it)
// writes it; Submitter is the State or organisation whose experience it is.
type Practice struct {
	ID           int64
	Kind         PracticeKind
	Title        string
	Body         string // Markdown source
	HTML         string // the body rendered and sanitised (set by the service)
	Text         string // the body as plain text, for search (set by the service)
	Owner        string // organisation code; writes the practice
	Submitter    string // the State or organisation whose practice it is
	Date         Date   // when the practice was reported or the lesson drawn
	Tags         []string
	Phase        NAPPhase
	Languages    []string
	SourceEvent  int64 // the event the lesson was drawn at (0: none)
	SourceLesson int64 // the event's lesson it was made from (0: none)
	Related      []int64
	Actions      []int64 // NAP actions the practice addresses
	Status       PracticeStatus
	Audience     Visibility // the level once published (public by default)
	Visibility   Visibility // the level now: follows the status (policy.PracticeVisibility)
	SharedWith   []string   // for audience "shared"
	ReturnReason string     // the reviewers' reasons when they last returned it
	Illustrative bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int64
}

// Year is the practice's year, for facets (0 without a date).
func (p Practice) Year() int {
	if p.Date.IsZero() {
		return 0
	}
	return p.Date.Year()
}

// PracticeInput is a new or changed practice as a client sends it. A
// change (PATCH) is a merge-patch onto Practice.Input().
type PracticeInput struct {
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	Body        string   `json:"body" doc:"Markdown (headings, lists, tables, links); raw HTML is removed"`
	Submitter   string   `json:"submitter" doc:"the State or organisation whose practice it is (default: your organisation)"`
	Date        string   `json:"date" doc:"YYYY-MM-DD"`
	Tags        []string `json:"tags" doc:"matrix field IDs (OP3d-NW-09.LF), elements (OP3d-NW-09), areas (OP1 … OP3d) and assistance areas (AS-LEG …)"`
	Phase       string   `json:"phase" enum:"NAPPhasesOrNone"`
	Languages   []string `json:"languages"`
	SourceEvent int64    `json:"source_event" doc:"the event it came out of (0: none)"`
	Related     []int64  `json:"related" doc:"related practices"`
	Actions     []int64  `json:"nap_actions" doc:"NAP actions it addresses"`
	Audience    string   `json:"audience" enum:"Visibilities" doc:"who reads it once published (default public)"`
	SharedWith  []string `json:"shared_with" doc:"organisations and groups, for audience shared"`
	Version     int64    `json:"version" doc:"PATCH: the version you read"`
	Language    string   `json:"language" doc:"the language its texts are written in, one of ar, zh, en, fr, ru, es (a new practice: default en; a change: unchanged when left out)"`
	// SourceLesson is set by napx when a lesson becomes a practice.
	SourceLesson int64 `json:"-"`
	// Illustrative marks demo content; only napx itself sets it (the demo
	// seeder), never a client.
	Illustrative bool `json:"-"`
}

// Input returns the practice as an input, for a merge-patch.
func (p Practice) Input() PracticeInput {
	in := PracticeInput{Kind: string(p.Kind), Title: p.Title, Body: p.Body, Submitter: p.Submitter, Tags: slices.Clone(p.Tags),
		Phase: string(p.Phase), Languages: slices.Clone(p.Languages), SourceEvent: p.SourceEvent, Related: slices.Clone(p.Related),
		Actions: slices.Clone(p.Actions), Audience: string(p.Audience), SharedWith: slices.Clone(p.SharedWith), Version: p.Version,
		SourceLesson: p.SourceLesson}
	if !p.Date.IsZero() {
		in.Date = p.Date.String()
	}
	return in
}

// TagChecker knows the tags a practice may carry and the organisation and
// group codes (the service passes the reference data's answers).
type TagChecker interface {
	Codes
	IsTag(tag string) (canonical string, ok bool)
}

// Validate checks the input and returns the practice it describes (the
// fields a client sets; the service sets owner, status and visibility).
func (in PracticeInput) Validate(c TagChecker) (Practice, Problems) {
	p := Problems{}
	textLanguage(p, "language", in.Language)
	pr := Practice{Kind: PracticeKind(strings.TrimSpace(in.Kind)), Title: Line(p, "title", in.Title, maxShort),
		Body: Text(p, "body", in.Body, MaxPracticeBody), Submitter: tidyCode(in.Submitter), Phase: NAPPhase(strings.TrimSpace(in.Phase)),
		SourceEvent: in.SourceEvent, SourceLesson: in.SourceLesson, Audience: Visibility(strings.TrimSpace(in.Audience)), Version: in.Version}
	if pr.Kind == "" {
		pr.Kind = PracticeEffective
	} else if !pr.Kind.Valid() {
		p.Add("kind", "choose %s", strings.Join(strs(PracticeKinds), ", "))
	}
	if pr.Title == "" {
		p.Add("title", "enter the practice's title")
	}
	if pr.Submitter != "" && !c.IsOrg(pr.Submitter) {
		p.Add("submitter", "%q is not a known State or organisation code", CleanLine(pr.Submitter, 20))
	}
	var err error
	if pr.Date, err = ParseDate(strings.TrimSpace(in.Date)); err != nil {
		p.Add("date", "enter the date as YYYY-MM-DD, or leave it empty")
	}
	if len(in.Tags) > MaxPracticeTags {
		p.Add("tags", "at most %d tags", MaxPracticeTags)
	} else {
		var unknown []string
		for _, t := range in.Tags {
			t = strings.TrimSpace(t)
			if t == "" {
				continue
			}
			canon, ok := c.IsTag(t)
			if !ok {
				unknown = append(unknown, fmt.Sprintf("%q", CleanLine(t, 40)))
				continue
			}
			if !slices.Contains(pr.Tags, canon) {
				pr.Tags = append(pr.Tags, canon)
			}
		}
		if len(unknown) > 0 {
			p.Add("tags", "unknown tag %s: use matrix field IDs (OP3d-NW-09.LF), elements (OP3d-NW-09), areas (OP1 … OP3d) or assistance areas (AS-LEG …)",
				strings.Join(unknown, ", "))
		}
	}
	if pr.Phase != "" && !slices.Contains(NAPPhases, pr.Phase) {
		p.Add("phase", "choose drafting, adoption, implementation or review, or none")
	}
	pr.Languages = texts(p, "languages", in.Languages, 60)
	if pr.SourceEvent < 0 {
		p.Add("source_event", "enter the event's number, or 0 for none")
	}
	pr.Related = ids(p, "related", in.Related)
	pr.Actions = ids(p, "nap_actions", in.Actions)
	if pr.Audience == "" {
		pr.Audience = VisPublic
	} else if !pr.Audience.Valid() {
		p.Add("audience", "choose private, committee, shared, participants or public")
	}
	for _, s := range in.SharedWith {
		s = tidyCode(s)
		if s == "" {
			continue
		}
		if !c.IsOrg(s) && !c.IsGroup(s) {
			p.Add("shared_with", "%q is not a known organisation or group code", CleanLine(s, 20))
			continue
		}
		if !slices.Contains(pr.SharedWith, s) {
			pr.SharedWith = append(pr.SharedWith, s)
		}
	}
	if pr.Audience != VisShared {
		pr.SharedWith = nil
	}
	return pr, p
}

func ids(p Problems, field string, in []int64) []int64 {
	if len(in) > MaxPracticeLinks {
		p.Add(field, "at most %d entries", MaxPracticeLinks)
		return nil
	}
	var out []int64
	for _, id := range in {
		if id <= 0 {
			p.Add(field, "%d is not a record number", id)
			continue
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// PracticeAttachment is a file of a practice, kept in the database so that any
// napx process serves it.
type PracticeAttachment struct {
	ID          int64     `json:"id"`
	PracticeID  int64     `json:"practice_id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
	Content     []byte    `json:"-"`
}

// PracticeAttachmentInput is a file to attach.
type PracticeAttachmentInput struct {
	Filename    string
	ContentType string
	Content     []byte
}

// Validate checks the file: a size limit, a safe name (no directories,
// no control characters: "../../x" is stored as "x") and a safe type.
func (in PracticeAttachmentInput) Validate() (PracticeAttachment, Problems) {
	p := Problems{}
	if msg := LineProblem(strings.TrimSpace(in.Filename), 1000); msg != "" {
		p.Add("file", "the file's name %s", msg)
	}
	a := PracticeAttachment{Filename: cleanFilename(in.Filename), Content: in.Content}
	switch {
	case len(in.Content) == 0:
		p.Add("file", "choose a file to attach")
	case len(in.Content) > MaxAttachmentBytes:
		p.Add("file", "the file is larger than %d MiB", MaxAttachmentBytes>>20)
	}
	if strings.Trim(a.Filename, ". ") == "" {
		a.Filename = "attachment"
	}
	a.ContentType = safeContentType(in.ContentType, a.Filename)
	a.Size = int64(len(in.Content))
	return a, p
}

// PracticeReturn is the reviewers' reasons for returning a practice.
type PracticeReturn struct {
	Reason string `json:"reason"`
}

// PracticeChange is one step of a practice's review history.
type PracticeChange struct {
	At     time.Time      `json:"at"`
	By     string         `json:"by"`
	ByOrg  string         `json:"by_org"`
	Step   PracticeStep   `json:"step"`
	From   PracticeStatus `json:"from"`
	To     PracticeStatus `json:"to"`
	Reason string         `json:"reason,omitempty"`
}

// PracticeFilter selects practices in a list.
type PracticeFilter struct {
	Kind      PracticeKind
	Status    PracticeStatus
	Submitter string
	Tag       string   // one tag
	AnyTag    []string // practices with any of these tags
	Event     int64    // practices that came out of this event
	Action    int64    // practices that name this NAP action
	NotOwner  string   // leave out practices of this owner and submitter ("from elsewhere")
	Limit     int      // 0: all
	After     int64    // keyset: practices with a smaller ID (newest first)
}
