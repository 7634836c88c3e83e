package model

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
)

// SessionPerson is a chair or a speaker: an account of napx, or a name
// with an organisation.
type SessionPerson struct {
	Role      string `json:"role"` // chair or speaker
	AccountID int64  `json:"account_id,omitempty"`
	Name      string `json:"name"`
	Org       string `json:"org,omitempty"`
}

// Session is one item of an event's agenda, on one of its days, with
// times in the event's time zone.
type Session struct {
	ID           int64           `json:"id"`
	EventID      int64           `json:"event_id"`
	Day          Date            `json:"day"`
	Starts       string          `json:"starts"` // HH:MM, the event's time zone
	Ends         string          `json:"ends"`
	Title        string          `json:"title"`
	Description  string          `json:"description,omitempty"`
	Location     string          `json:"location,omitempty"`
	People       []SessionPerson `json:"people"`
	Illustrative bool            `json:"illustrative"`
}

// Chairs and Speakers split the session's people by role.
func (s Session) Chairs() []SessionPerson   { return s.byRole("chair") }
func (s Session) Speakers() []SessionPerson { return s.byRole("speaker") }

func (s Session) byRole(role string) []SessionPerson {
	var out []SessionPerson
	for _, p := range s.People {
		if p.Role == role {
			out = append(out, p)
		}
	}
	return out
}

// Times returns the session's start and end as instants, in loc.
func (s Session) Times(loc *time.Location) (time.Time, time.Time) {
	return clock(s.Day, s.Starts, loc), clock(s.Day, s.Ends, loc)
}

func clock(d Date, hm string, loc *time.Location) time.Time {
	t, err := time.Parse("15:04", hm)
	if err != nil {
		return d.Time()
	}
	return time.Date(d.Year(), d.Time().Month(), d.Time().Day(), t.Hour(), t.Minute(), 0, 0, loc)
}

// PersonInput names a chair or speaker: the e-mail address of an account,
// or a name with an organisation code.
type PersonInput struct {
	Account string `json:"account,omitempty"` // an account's e-mail address
	Name    string `json:"name,omitempty"`
	Org     string `json:"org,omitempty"`
}

// SessionInput is a new agenda item.
type SessionInput struct {
	Day         string        `json:"day"`
	Starts      string        `json:"starts"`
	Ends        string        `json:"ends"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Location    string        `json:"location"`
	Chairs      []PersonInput `json:"chairs"`
	Speakers    []PersonInput `json:"speakers"`
	// Illustrative marks demo content; only napx itself sets it (the demo
	// seeder), never a client.
	Illustrative bool `json:"-"`
}

// Validate checks the session against its event: the day must be one of
// the event's days. People given by account are resolved by the service.
func (in SessionInput) Validate(e Event, codes Codes) (Session, Problems) {
	p := Problems{}
	s := Session{EventID: e.ID, Starts: strings.TrimSpace(in.Starts), Ends: strings.TrimSpace(in.Ends), Title: Line(p, "title", in.Title, maxShort),
		Description: Text(p, "description", in.Description, maxLong), Location: Line(p, "location", in.Location, maxShort)}
	var err error
	if s.Day, err = ParseDate(strings.TrimSpace(in.Day)); err != nil || s.Day.IsZero() {
		p.Add("day", "enter the session's day as YYYY-MM-DD")
	} else if !e.HasDay(s.Day) {
		p.Add("day", "%s is not one of the event's days (%s to %s)", s.Day.Long(), e.Start.Long(), e.End.Long())
	}
	st, err1 := time.Parse("15:04", s.Starts)
	en, err2 := time.Parse("15:04", s.Ends)
	if err1 != nil {
		p.Add("starts", "enter the start time as HH:MM, e.g. 09:30")
	}
	if err2 != nil {
		p.Add("ends", "enter the end time as HH:MM, e.g. 11:00")
	} else if err1 == nil && !en.After(st) {
		p.Add("ends", "the session ends before it starts")
	}
	if s.Title == "" {
		p.Add("title", "enter the session's title")
	}
	for role, list := range map[string][]PersonInput{"chair": in.Chairs, "speaker": in.Speakers} {
		field := role + "s"
		if len(list) > maxList {
			p.Add(field, "at most %d", maxList)
			continue
		}
		for i, pi := range list {
			f := fmt.Sprintf("%s[%d]", field, i)
			sp := SessionPerson{Role: role, Name: Line(p, f+".name", pi.Name, 200), Org: tidyCode(pi.Org)}
			acc := Line(p, f+".account", pi.Account, 254)
			switch {
			case acc != "":
				sp.Name = strings.ToLower(acc) // resolved to the account by the service
			case sp.Name == "":
				p.Add(f+".name", "give the person's name (and organisation), or the e-mail address of their account")
				continue
			}
			if sp.Org != "" && !codes.IsOrg(sp.Org) {
				p.Add(f+".org", "%q is not a known organisation code", CleanLine(sp.Org, 20))
			}
			if acc != "" {
				sp.AccountID = -1 // to resolve
			}
			s.People = append(s.People, sp)
		}
	}
	slices.SortStableFunc(s.People, func(a, b SessionPerson) int { return strings.Compare(a.Role, b.Role) })
	return s, p
}

// MaterialKind is what a material is.
type MaterialKind string

// The material kinds. Outcome documents (a chair's summary) are materials
// of kind outcome.
const (
	MaterialConceptNote  MaterialKind = "concept-note"
	MaterialAgenda       MaterialKind = "agenda"
	MaterialPresentation MaterialKind = "presentation"
	MaterialBackground   MaterialKind = "background"
	MaterialOutcome      MaterialKind = "outcome"
	MaterialOther        MaterialKind = "other"
)

// MaterialKinds lists the kinds.
var MaterialKinds = []MaterialKind{MaterialConceptNote, MaterialAgenda, MaterialPresentation, MaterialBackground, MaterialOutcome, MaterialOther}

// Label is the kind in words.
func (k MaterialKind) Label() string {
	switch k {
	case MaterialConceptNote:
		return "Concept note"
	case MaterialAgenda:
		return "Agenda"
	case MaterialPresentation:
		return "Presentation"
	case MaterialBackground:
		return "Background document"
	case MaterialOutcome:
		return "Outcome document"
	case MaterialOther:
		return "Other"
	}
	return string(k)
}

// MaxMaterialBytes is the largest file a material may hold.
const MaxMaterialBytes = 20 << 20

// Material is a document of an event or of one of its sessions: a file
// kept in the database (any napx process can serve it) or a link.
type Material struct {
	ID           int64        `json:"id"`
	EventID      int64        `json:"event_id"`
	SessionID    int64        `json:"session_id,omitempty"`
	Title        string       `json:"title"`
	Kind         MaterialKind `json:"kind"`
	URL          string       `json:"url,omitempty"` // a link; empty for a file
	Filename     string       `json:"filename,omitempty"`
	ContentType  string       `json:"content_type,omitempty"`
	Size         int64        `json:"size,omitempty"`
	Audience     Audience     `json:"audience"`
	ReleaseAt    time.Time    `json:"release_at,omitzero"` // zero: at once
	Illustrative bool         `json:"illustrative"`
	CreatedAt    time.Time    `json:"created_at"`
	Content      []byte       `json:"-"`
}

// IsFile reports whether the material is a stored file.
func (m Material) IsFile() bool { return m.URL == "" }

// Released reports whether the material is out at instant now.
func (m Material) Released(now time.Time) bool {
	return m.ReleaseAt.IsZero() || !now.Before(m.ReleaseAt)
}

// MaterialInput is a new material: a file (Content with its Filename) or
// a link (URL). ReleaseAt is "YYYY-MM-DDTHH:MM" in the event's time zone,
// or empty for at once.
type MaterialInput struct {
	Title       string
	Kind        string
	SessionID   int64
	URL         string
	Filename    string
	ContentType string
	Content     []byte
	Audience    string
	ReleaseAt   string
	// Illustrative marks demo content; only napx itself sets it (the demo
	// seeder), never a client.
	Illustrative bool `json:"-"`
}

// Validate checks the material for event e.
func (in MaterialInput) Validate(e Event) (Material, Problems) {
	p := Problems{}
	m := Material{EventID: e.ID, SessionID: in.SessionID, Title: Line(p, "title", in.Title, maxShort), Kind: MaterialKind(strings.TrimSpace(in.Kind)),
		URL: Line(p, "url", in.URL, 2000), Filename: cleanFilename(in.Filename), Audience: Audience(strings.TrimSpace(in.Audience)), Content: in.Content}
	if msg := LineProblem(strings.TrimSpace(in.Filename), 1000); msg != "" {
		p.Add("file", "the file's name %s", msg)
	}
	if m.Title == "" {
		p.Add("title", "enter the material's title")
	}
	if m.Kind == "" {
		m.Kind = MaterialOther
	} else if !slices.Contains(MaterialKinds, m.Kind) {
		p.Add("kind", "choose concept-note, agenda, presentation, background, outcome or other")
	}
	switch {
	case m.URL != "" && len(in.Content) > 0:
		p.Add("file", "attach a file or give a link, not both")
	case m.URL != "":
		if !strings.HasPrefix(m.URL, "https://") && !strings.HasPrefix(m.URL, "http://") || !WebAddress(m.URL) {
			p.Add("url", "enter a web address starting with https://")
		}
	case len(in.Content) == 0:
		p.Add("file", "attach a file (or give a link)")
	case len(in.Content) > MaxMaterialBytes:
		p.Add("file", "the file is larger than %d MiB", MaxMaterialBytes>>20)
	default:
		if m.Filename == "" {
			m.Filename = "material"
		}
		m.ContentType = safeContentType(in.ContentType, m.Filename)
		m.Size = int64(len(in.Content))
	}
	if m.Audience == "" {
		m.Audience = AudienceConfirmed
	} else if !m.Audience.Valid() {
		p.Add("audience", "choose confirmed, signed-in or public")
	}
	if s := strings.TrimSpace(in.ReleaseAt); s != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", s, e.Location())
		if err != nil {
			p.Add("release_at", "enter the release time as YYYY-MM-DDTHH:MM (the event's time zone), or leave it empty to release at once")
		} else {
			m.ReleaseAt = t.UTC()
		}
	}
	return m, p
}

func cleanFilename(s string) string {
	s = path.Base(strings.ReplaceAll(strings.TrimSpace(s), "\\", "/"))
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == '/' {
			return -1
		}
		return r
	}, s)
	if s == "." || s == "/" {
		return ""
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[len(r)-200:]) // keep the end: the extension
	}
	return s
}

// safeContentType keeps a few document types; anything else is served as
// a download of bytes. The browser never gets HTML or script from a
// material.
func safeContentType(declared, filename string) string {
	byExt := map[string]string{
		".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
		".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
		".doc":  "application/msword", ".xls": "application/vnd.ms-excel", ".ppt": "application/vnd.ms-powerpoint",
		".odt": "application/vnd.oasis.opendocument.text", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
	}
	if ct, ok := byExt[strings.ToLower(path.Ext(filename))]; ok {
		return ct
	}
	_ = declared
	return "application/octet-stream"
}

// Lesson is a lesson learned at an event, noted for the practices library.
type Lesson struct {
	ID           int64     `json:"id"`
	EventID      int64     `json:"event_id"`
	Title        string    `json:"title"`
	Body         string    `json:"body"`
	Org          string    `json:"org,omitempty"` // whose experience it is
	Illustrative bool      `json:"illustrative"`
	CreatedAt    time.Time `json:"created_at"`
}

// LessonInput is a new lesson.
type LessonInput struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	Org   string `json:"org"`
	// Illustrative marks demo content; only napx itself sets it (the demo
	// seeder), never a client.
	Illustrative bool `json:"-"`
}

// Validate checks the lesson.
func (in LessonInput) Validate(codes Codes) (Lesson, Problems) {
	p := Problems{}
	l := Lesson{Title: Line(p, "title", in.Title, maxShort), Body: Text(p, "body", in.Body, maxLong), Org: tidyCode(in.Org)}
	if l.Title == "" {
		p.Add("title", "enter the lesson in a line")
	}
	if l.Org != "" && !codes.IsOrg(l.Org) {
		p.Add("org", "%q is not a known organisation code", CleanLine(l.Org, 20))
	}
	return l, p
}

// FollowUpStatus is where a follow-up action stands.
type FollowUpStatus string

// The follow-up statuses.
const (
	FollowUpOpen       FollowUpStatus = "open"
	FollowUpInProgress FollowUpStatus = "in-progress"
	FollowUpDone       FollowUpStatus = "done"
	FollowUpCancelled  FollowUpStatus = "cancelled"
)

// FollowUpStatuses lists them.
var FollowUpStatuses = []FollowUpStatus{FollowUpOpen, FollowUpInProgress, FollowUpDone, FollowUpCancelled}

// Valid reports whether s is known.
func (s FollowUpStatus) Valid() bool { return slices.Contains(FollowUpStatuses, s) }

// Label is the status in words.
func (s FollowUpStatus) Label() string {
	switch s {
	case FollowUpOpen:
		return "Open"
	case FollowUpInProgress:
		return "In progress"
	case FollowUpDone:
		return "Done"
	case FollowUpCancelled:
		return "Cancelled"
	}
	return string(s)
}

// Badge is the CSS class of the status badge.
func (s FollowUpStatus) Badge() string {
	switch s {
	case FollowUpDone:
		return "ok"
	case FollowUpInProgress:
		return "info"
	case FollowUpCancelled:
		return "plain"
	}
	return "warn"
}

// FollowUp is an action agreed at an event (the way ahead), owned by an
// organisation, with a due date and its history.
type FollowUp struct {
	ID           int64            `json:"id"`
	EventID      int64            `json:"event_id"`
	Title        string           `json:"title"`
	Description  string           `json:"description,omitempty"`
	Owner        string           `json:"owner"` // organisation code
	Due          Date             `json:"due"`
	Status       FollowUpStatus   `json:"status"`
	NAPActionID  int64            `json:"nap_action_id,omitempty"` // shown only to those who may read the action
	NAPAction    *NAPActionLink   `json:"nap_action,omitempty"`
	Illustrative bool             `json:"illustrative"`
	CreatedAt    time.Time        `json:"created_at"`
	UpdatedAt    time.Time        `json:"updated_at"`
	Version      int64            `json:"version"`
	History      []FollowUpChange `json:"history"`
}

// NAPActionLink is the NAP action a State's follow-up is linked to, as
// far as the viewer may read it.
type NAPActionLink struct {
	ActionID int64  `json:"id"`
	NAPID    int64  `json:"nap_id"`
	Title    string `json:"title"`
	Plan     string `json:"plan"` // the plan's title
	State    string `json:"state"`
}

// FollowUpChange is one line of a follow-up's history.
type FollowUpChange struct {
	At   time.Time      `json:"at"`
	By   string         `json:"by"`
	From FollowUpStatus `json:"from,omitempty"`
	To   FollowUpStatus `json:"to"`
	Note string         `json:"note,omitempty"`
}

// FollowUpInput is a new or changed follow-up action.
type FollowUpInput struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Owner       string `json:"owner"`
	Due         string `json:"due"`
	Status      string `json:"status"`
	NAPAction   int64  `json:"nap_action_id"`
	Note        string `json:"note"`    // said in the history
	Version     int64  `json:"version"` // for a change: the version read
	// Illustrative marks demo content; only napx itself sets it (the demo
	// seeder), never a client.
	Illustrative bool `json:"-"`
}

// Validate checks the input.
func (in FollowUpInput) Validate(codes Codes) (FollowUp, Problems) {
	p := Problems{}
	f := FollowUp{Title: Line(p, "title", in.Title, maxShort), Description: Text(p, "description", in.Description, maxLong), Owner: tidyCode(in.Owner),
		Status: FollowUpStatus(strings.TrimSpace(in.Status)), NAPActionID: in.NAPAction, Version: in.Version}
	if f.Title == "" {
		p.Add("title", "say what is to be done")
	}
	if f.Owner == "" || !codes.IsOrg(f.Owner) {
		p.Add("owner", "enter the owner's organisation code (a State's alpha-3 code or an organisation's code)")
	}
	var err error
	if f.Due, err = ParseDate(strings.TrimSpace(in.Due)); err != nil {
		p.Add("due", "enter the due date as YYYY-MM-DD, or leave it empty")
	}
	if f.Status == "" {
		f.Status = FollowUpOpen
	} else if !f.Status.Valid() {
		p.Add("status", "choose open, in-progress, done or cancelled")
	}
	Text(p, "note", in.Note, 2000)
	if f.NAPActionID < 0 {
		p.Add("nap_action_id", "enter the NAP action's number")
	}
	return f, p
}
