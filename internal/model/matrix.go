package model

import (
	"strings"
	"time"
)

// EditionStatus is where an edition of a State's matrix stands in the
// Committee–State review (1540.md §1.1: the Committee drafts, sends the
// matrix to the State, and approves it once the State agrees).
type EditionStatus string

// The edition statuses, in the order an edition passes through them.
const (
	EditionDraft      EditionStatus = "draft"      // the Committee's experts edit it
	EditionWithState  EditionStatus = "with-state" // sent to the State for comments and agreement
	EditionApproved   EditionStatus = "approved"   // approved by the Committee; public
	EditionSuperseded EditionStatus = "superseded" // a later edition was approved
)

// EditionStatuses lists the statuses in order.
var EditionStatuses = []EditionStatus{EditionDraft, EditionWithState, EditionApproved, EditionSuperseded}

// Valid reports whether s is a known status.
func (s EditionStatus) Valid() bool {
	switch s {
	case EditionDraft, EditionWithState, EditionApproved, EditionSuperseded:
		return true
	}
	return false
}

// Open reports whether the edition is still under review (draft or with
// the State): at most one edition of a State is open at a time.
func (s EditionStatus) Open() bool { return s == EditionDraft || s == EditionWithState }

// Published reports whether the edition was approved (and so is public).
func (s EditionStatus) Published() bool { return s == EditionApproved || s == EditionSuperseded }

// Visibility is the reading level of an edition in this status: drafts and
// editions with the State are for the State and the Committee level;
// approved ones are public like the Committee's published matrices.
func (s EditionStatus) Visibility() Visibility {
	if s.Published() {
		return VisPublic
	}
	return VisCommittee
}

// CanMoveTo reports whether the review lets an edition go from s to next:
// draft → with-state (sent); with-state → draft (the State asks for
// changes) or approved (after the State agreed, checked separately);
// approved → superseded (a later edition is approved).
func (s EditionStatus) CanMoveTo(next EditionStatus) bool {
	switch s {
	case EditionDraft:
		return next == EditionWithState
	case EditionWithState:
		return next == EditionDraft || next == EditionApproved
	case EditionApproved:
		return next == EditionSuperseded
	}
	return false
}

// Label is the status in words.
func (s EditionStatus) Label() string {
	switch s {
	case EditionDraft:
		return "draft (the Committee's experts are editing)"
	case EditionWithState:
		return "with the State for comments"
	case EditionApproved:
		return "approved"
	case EditionSuperseded:
		return "superseded by a later edition"
	}
	return string(s)
}

// Short is the status in one or two words, for tables and badges.
func (s EditionStatus) Short() string {
	switch s {
	case EditionWithState:
		return "with the State"
	}
	return string(s)
}

// CellStatus is the value of a matrix cell: "X", "?", "NA", or "" for no
// information (the cell is empty in the Committee's matrix).
type CellStatus string

// The cell statuses (matrix.md §2, the legend).
const (
	CellX    CellStatus = "X"  // the step is taken and/or specific references were given
	CellQ    CellStatus = "?"  // references may be incomplete or not directly relevant
	CellNA   CellStatus = "NA" // the field does not apply to the State
	CellNone CellStatus = ""   // nothing recorded
)

// CellStatuses lists the statuses a cell can carry, "none" last.
var CellStatuses = []CellStatus{CellX, CellQ, CellNA, CellNone}

// Valid reports whether s is one of the four.
func (s CellStatus) Valid() bool {
	switch s {
	case CellX, CellQ, CellNA, CellNone:
		return true
	}
	return false
}

// Key is a name usable in CSS classes, query strings and JSON keys:
// x, q, na, none.
func (s CellStatus) Key() string {
	switch s {
	case CellX:
		return "x"
	case CellQ:
		return "q"
	case CellNA:
		return "na"
	}
	return "none"
}

// Text is the status as printed in a matrix cell ("" shows as blank).
func (s CellStatus) Text() string { return string(s) }

// Label is the status in words (the legend, paraphrased).
func (s CellStatus) Label() string {
	switch s {
	case CellX:
		return "measure recorded"
	case CellQ:
		return "incomplete or not directly relevant"
	case CellNA:
		return "not applicable"
	}
	return "no information"
}

// CellStatusByKey returns the status for a key (x, q, na, none).
func CellStatusByKey(key string) (CellStatus, bool) {
	for _, s := range CellStatuses {
		if s.Key() == key {
			return s, true
		}
	}
	return "", false
}

// MatrixEdition is one edition of a State's matrix. The State owns it;
// the Committee's experts write it (policy/matrix.go).
type MatrixEdition struct {
	ID           int64
	State        string // alpha-3; the owner organisation
	Number       int    // 1, 2, ... per State
	Status       EditionStatus
	Taxonomy     string // the taxonomy version it was drafted under
	BasedOn      int    // the number of the approved edition it was copied from (0: none)
	Agreed       bool   // the State agreed to it (with-state only)
	Illustrative bool   // demo content
	CreatedAt    time.Time
	CreatedBy    string
	SentAt       time.Time
	SentBy       string
	AgreedAt     time.Time
	AgreedBy     string
	ApprovedAt   time.Time // when the approval was typed into napx
	ApprovedOn   Date      // the approval's date in force (as recorded)
	ApprovedBy   string
	SupersededAt time.Time
	UpdatedAt    time.Time
	Version      int64
}

// Visibility is the edition's reading level (from its status).
func (e MatrixEdition) Visibility() Visibility { return e.Status.Visibility() }

// MatrixCell is the value of one data field in one edition.
type MatrixCell struct {
	FieldID      string
	Status       CellStatus
	Reference    string // legal reference, or the relevant information (OP 1)
	Remarks      string
	Source       string     // a national report and page, or an address
	Report       CellReport // the national report cited, and its page (ReportID 0: none)
	UpdatedAt    time.Time
	UpdatedBy    string // who last changed it (a person's label)
	UpdatedByOrg string // their organisation
	Version      int64  // 0: never edited
}

// Empty reports whether the cell holds nothing at all.
func (c MatrixCell) Empty() bool {
	return c.Status == CellNone && c.Reference == "" && c.Remarks == "" && c.Source == "" && c.Report.ReportID == 0
}

// SameContent reports whether two cells hold the same values (ignoring
// who, when and the version).
func (c MatrixCell) SameContent(d MatrixCell) bool {
	return c.Status == d.Status && c.Reference == d.Reference && c.Remarks == d.Remarks && c.Source == d.Source && c.Report == d.Report
}

// MatrixCellChange is one entry of a cell's history.
type MatrixCellChange struct {
	Edition       int
	EditionStatus EditionStatus
	MatrixCell
	How string // edit, import, demo; "edition" for the value as published in an edition
}

// MatrixComment is a comment on a cell during the review.
type MatrixComment struct {
	ID        int64
	Edition   int
	FieldID   string
	Body      string
	Author    string
	AuthorOrg string
	At        time.Time
}

// MatrixEvent is a step of an edition's review: opened, sent, changes
// asked for, agreed, approved, superseded.
type MatrixEvent struct {
	Edition  int
	Action   string
	Note     string
	Actor    string
	ActorOrg string
	At       time.Time
}

// Label is the step in words.
func (e MatrixEvent) Label() string {
	switch e.Action {
	case "opened":
		return "Draft opened"
	case "sent":
		return "Sent to the State"
	case "changes-requested":
		return "The State asked for changes"
	case "agreed":
		return "The State agreed"
	case "approved":
		return "Approved by the Committee"
	case "superseded":
		return "Superseded"
	}
	return e.Action
}

// Limits on the text of a cell and a comment.
const (
	MaxCellText    = 4000
	MaxCommentText = 4000
)

// MatrixCellInput is a new value for a cell, as sent by a client: the
// status as a string so that a bad one is reported against its field.
type MatrixCellInput struct {
	FieldID   string
	Status    string // "X", "?", "NA", or "" for no information
	Reference string
	Remarks   string
	Source    string
	// ReportID and ReportPage cite a national report of the State (0: none)
	// and its page (0: the whole report).
	ReportID   int64
	ReportPage int
	Version    int64 // the version read; 0 for a never-edited cell
}

// Validate checks the input (the field ID against known, the taxonomy's
// lookup) and returns the cell.
func (in MatrixCellInput) Validate(known func(id string) bool) (MatrixCell, Problems) {
	p := Problems{}
	c := MatrixCell{FieldID: strings.TrimSpace(in.FieldID), Status: CellStatus(strings.TrimSpace(in.Status)),
		Reference: Text(p, "reference", in.Reference, MaxCellText), Remarks: Text(p, "remarks", in.Remarks, MaxCellText),
		Source: Text(p, "source", in.Source, MaxCellText), Version: in.Version}
	if c.FieldID == "" || !known(c.FieldID) {
		p.Add("field_id", "%q is not a field of the matrix taxonomy (see /api/v1/matrix/elements)", Truncate(c.FieldID, 60))
	}
	if !c.Status.Valid() {
		p.Add("status", "%q is not a cell status: use X, ?, NA, or leave it empty (null) for no information", Truncate(string(c.Status), 20))
	}
	if in.Version < 0 {
		p.Add("version", "must be 0 or more")
	}
	switch {
	case in.ReportID < 0:
		p.Add("report_id", "give the number of a national report of the State, or none")
	case in.ReportPage < 0 || in.ReportPage > 100000:
		p.Add("report_page", "enter the page of the report, a whole number (0 for the whole report)")
	case in.ReportPage > 0 && in.ReportID == 0:
		p.Add("report_id", "a page needs the report it is in")
	}
	c.Report = CellReport{ReportID: in.ReportID, Page: in.ReportPage}
	return c, p
}

// CommentInput is a comment on a cell.
type CommentInput struct {
	Body    string
	Edition int // the edition commented on (0: the open one)
}

// Validate checks the comment.
func (in CommentInput) Validate() (string, Problems) {
	p := Problems{}
	body := Text(p, "body", in.Body, MaxCommentText)
	if body == "" {
		p.Add("body", "write the comment")
	}
	if in.Edition < 0 {
		p.Add("edition", "must be an edition number")
	}
	return body, p
}

// ReviewInput accompanies a step of the review (send, agree, ask for
// changes, approve).
type ReviewInput struct {
	Edition int    // the edition acted on, as the client saw it (0: whichever is open)
	Note    string // optional; required when asking for changes
	// Date and Source: the approval only — its date when it is recorded
	// from the past (empty: today), with the source that says so.
	Date      string
	Source    string
	SourceURL string
}

// Validate checks the note.
func (in ReviewInput) Validate(noteRequired bool) (string, Problems) {
	p := Problems{}
	note := Text(p, "note", in.Note, MaxCommentText)
	if noteRequired && note == "" {
		p.Add("note", "say what should change")
	}
	if d := Line(p, "date", in.Date, 10); d != "" {
		if _, err := ParseDate(d); err != nil {
			p.Add("date", "enter the date as YYYY-MM-DD")
		}
	}
	ValidSource(p, "source", "source_url", in.Source, in.SourceURL)
	if in.Edition < 0 {
		p.Add("edition", "must be an edition number")
	}
	return note, p
}
