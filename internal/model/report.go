package model

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ReportType is the kind of a national report (domain notes §4.1).
type ReportType string

// The report types.
const (
	ReportFirst      ReportType = "first"                  // the first report (due 28 October 2004)
	ReportAddendum   ReportType = "addendum"               // an addendum to an earlier report
	ReportAdditional ReportType = "additional-information" // additional information, at any time
	ReportReply      ReportType = "reply-to-committee"     // an answer to the Committee's request
	ReportOther      ReportType = "other"
)

// ReportTypes lists them.
var ReportTypes = []ReportType{ReportFirst, ReportAddendum, ReportAdditional, ReportReply, ReportOther}

// Valid reports whether t is a known type.
func (t ReportType) Valid() bool { return slices.Contains(ReportTypes, t) }

// Label is the type in words.
func (t ReportType) Label() string {
	switch t {
	case ReportFirst:
		return "First report"
	case ReportAddendum:
		return "Addendum"
	case ReportAdditional:
		return "Additional information"
	case ReportReply:
		return "Reply to the Committee"
	case ReportOther:
		return "Other"
	}
	return string(t)
}

// ReportLanguages are the six official languages of the United Nations
// (ISO 639-1), in which reports reach the Committee, and "other".
var ReportLanguages = []string{"ar", "zh", "en", "fr", "ru", "es", "other"}

// LanguageLabel names a report language.
func LanguageLabel(code string) string {
	switch code {
	case "ar":
		return "Arabic"
	case "zh":
		return "Chinese"
	case "en":
		return "English"
	case "fr":
		return "French"
	case "ru":
		return "Russian"
	case "es":
		return "Spanish"
	case "other":
		return "another language"
	}
	return code
}

// MaxReportBytes is the largest document a report may hold.
const MaxReportBytes = 25 << 20

// Document is a report's document as a stored file: its name, type, size
// and SHA-256 (the content travels apart).
type Document struct {
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
}

// IsZero reports whether no file is stored.
func (d Document) IsZero() bool { return d.Size == 0 && d.Filename == "" }

// NationalReport is a State's report to the 1540 Committee.
type NationalReport struct {
	ID           int64
	State        string // alpha-3; the owner organisation
	Visibility   Visibility
	Type         ReportType
	Title        string // optional, e.g. "Addendum to the first report"
	Date         Date   // the report's date in force (history_facts keeps its claims)
	DateDisputed bool   // sources disagree on the date (read only)
	Language     string // one of ReportLanguages
	Symbol       string // the official UN document symbol, e.g. S/AC.44/2004/(02)/45
	URL          string // where the document is published
	Pages        int    // 0: not known
	Document     Document
	Source       Source // where napx got the record, when not the document itself
	Illustrative bool
	CreatedAt    time.Time
	CreatedBy    string
	CreatedByOrg string
	UpdatedAt    time.Time
	Version      int64
}

// Name is how the report is cited: its title, else its type and date.
func (r NationalReport) Name() string {
	if r.Title != "" {
		return r.Title
	}
	return r.Type.Label() + " of " + r.Date.Long()
}

// NationalReportInput is a new report or a change to one. Nil fields are
// left as they are (PATCH); Content with Filename replaces the document.
type NationalReportInput struct {
	Type       *string
	Title      *string
	Date       *string // YYYY-MM-DD
	Language   *string
	Symbol     *string
	URL        *string
	Pages      *string
	Visibility *string
	Source     *string
	SourceURL  *string
	Filename   string
	Content    []byte
	Version    int64
	// Illustrative marks demo content; only napx itself sets it (the demo
	// seeder), never a client.
	Illustrative bool `json:"-"`
}

// Apply validates in against r (zero for a new report) and returns the
// changed report. The date's bounds (today, the State's membership, the
// resolution) are the caller's: CheckReportDate.
func (in NationalReportInput) Apply(r NationalReport, isNew bool) (NationalReport, Problems) {
	p := Problems{}
	out := r
	if in.Type != nil {
		out.Type = ReportType(strings.TrimSpace(*in.Type))
	}
	if (in.Type != nil || isNew) && !out.Type.Valid() {
		p.Add("type", "choose first, addendum, additional-information, reply-to-committee or other")
	}
	if in.Title != nil {
		out.Title = Line(p, "title", *in.Title, 300)
	}
	if in.Date != nil {
		d, err := ParseDate(strings.TrimSpace(*in.Date))
		if err != nil {
			p.Add("date", "enter the report's date as YYYY-MM-DD")
		}
		out.Date = d
	}
	if (in.Date != nil || isNew) && out.Date.IsZero() {
		p.Add("date", "enter the report's date as YYYY-MM-DD")
	}
	if in.Language != nil {
		out.Language = strings.ToLower(strings.TrimSpace(*in.Language))
		if out.Language == "" {
			out.Language = "en"
		}
	} else if isNew {
		out.Language = "en"
	}
	if !slices.Contains(ReportLanguages, out.Language) {
		p.Add("language", "choose ar, zh, en, fr, ru, es (the UN's official languages) or other")
	}
	if in.Symbol != nil {
		out.Symbol = Line(p, "symbol", *in.Symbol, 100)
	}
	if in.URL != nil {
		out.URL = ValidURL(p, "url", *in.URL)
	}
	if in.Pages != nil {
		s := strings.TrimSpace(*in.Pages)
		if s == "" {
			s = "0"
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 100000 {
			p.Add("pages", "enter the number of pages, a whole number (0 if not known)")
		}
		out.Pages = n
	}
	if in.Visibility != nil {
		out.Visibility = Visibility(strings.TrimSpace(*in.Visibility))
		if out.Visibility == "" {
			out.Visibility = VisPublic
		}
	} else if isNew {
		out.Visibility = VisPublic
	}
	if !out.Visibility.Valid() || out.Visibility == VisShared {
		p.Add("visibility", "choose private, committee, participants or public")
	}
	if in.Source != nil || in.SourceURL != nil {
		title, link := out.Source.Title, out.Source.URL
		if in.Source != nil {
			title = *in.Source
		}
		if in.SourceURL != nil {
			link = *in.SourceURL
		}
		out.Source = ValidSource(p, "source", "source_url", title, link)
	}
	if len(in.Content) > 0 || in.Filename != "" {
		switch {
		case len(in.Content) == 0:
			p.Add("file", "the file is empty")
		case len(in.Content) > MaxReportBytes:
			p.Add("file", "the file is larger than %d MiB", MaxReportBytes>>20)
		default:
			if msg := LineProblem(strings.TrimSpace(in.Filename), 1000); msg != "" {
				p.Add("file", "the file's name %s", msg)
			}
			name := cleanFilename(in.Filename)
			if name == "" {
				name = "report"
			}
			sum := sha256.Sum256(in.Content)
			out.Document = Document{Filename: name, ContentType: safeContentType("", name), Size: int64(len(in.Content)), SHA256: hex.EncodeToString(sum[:])}
		}
	}
	if out.Document.IsZero() && out.Symbol == "" && out.URL == "" {
		p.Add("file", "attach the report, or give its official symbol or a link to it")
	}
	out.Version = in.Version
	return out, p
}

// ReportFloors are the earliest days a State's report may be dated: the
// resolution's adoption and the State's UN membership.
func ReportFloors(stateName, memberSince string) []Floor {
	return []Floor{Floor1540, MembershipFloor(stateName, memberSince)}
}

// CheckReportDate checks a report's date: not in the future, not before
// floors.
func CheckReportDate(p Problems, d, today Date, floors []Floor) {
	if d.IsZero() {
		return
	}
	if d.After(today) {
		p.Add("date", "a report cannot be dated in the future (%s is after today, %s)", d, today)
		return
	}
	for _, f := range floors {
		if !f.Day.IsZero() && d.Before(f.Day) {
			p.Add("date", "a report cannot be dated %s: that is %s", d.Long(), f.Reason)
			return
		}
	}
}

// CellReport is a matrix cell's citation of a national report: the report
// and the page (0: the whole report).
type CellReport struct {
	ReportID int64
	Page     int
}
