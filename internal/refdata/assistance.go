package refdata

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"napx/internal/model"
)

// The reference data of assistance (issue 11): the code lists of a need
// and a programme (data/assistance.json) and the UN Headquarters calendar
// the Committee's consent window is counted in (data/un-holidays.json).
// Both are loaded once, checked, and shared.

// AssistanceFile is the shape of data/assistance.json.
type AssistanceFile struct {
	Description string           `json:"description"`
	Sources     []Source         `json:"sources"`
	Areas       []AssistanceArea `json:"areas"`
	Modalities  []Modality       `json:"modalities"`
	Languages   []Language       `json:"languages"`
}

// AssistanceArea is a thematic area of assistance (AS-LEG, ...). The list
// is reconstructed (domain notes §3.5): Verified is false for every area.
type AssistanceArea struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Covers   string `json:"covers"`
	Evidence string `json:"evidence"` // the posted request or offer that shows the area exists
	Verified bool   `json:"verified"`
	Source   string `json:"source"`
}

// Modality is a kind of assistance (legal-advice, training, ...).
type Modality struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Verified bool   `json:"verified"`
	Source   string `json:"source"`
}

// Language is an ISO 639-1 language.
type Language struct {
	Code string `json:"code"`
	Name string `json:"name"`
	UN   bool   `json:"un,omitempty"` // one of the six official languages of the UN
}

// Assistance is the loaded code lists with their lookups.
type Assistance struct {
	AssistanceFile
	areas, modalities map[string]int
	languages         map[string]int
}

var assistance = sync.OnceValues(func() (*Assistance, error) {
	b, err := files.ReadFile("data/assistance.json")
	if err != nil {
		return nil, err
	}
	return ParseAssistance(b)
})

// LoadAssistance returns the shipped code lists (parsed once).
func LoadAssistance() (*Assistance, error) { return assistance() }

// MustLoadAssistance is LoadAssistance for programs that cannot go on
// without it (the file is compiled in and checked by the tests).
func MustLoadAssistance() *Assistance {
	a, err := LoadAssistance()
	if err != nil {
		panic(err)
	}
	return a
}

// ParseAssistance reads and checks the code lists: unique IDs, labels,
// known sources, and nothing claimed verified that the notes call
// reconstructed.
func ParseAssistance(b []byte) (*Assistance, error) {
	var f AssistanceFile
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("refdata: assistance.json: %w", err)
	}
	a := &Assistance{AssistanceFile: f, areas: map[string]int{}, modalities: map[string]int{}, languages: map[string]int{}}
	for i, ar := range f.Areas {
		switch {
		case !strings.HasPrefix(ar.ID, "AS-") || ar.ID != strings.ToUpper(ar.ID):
			return nil, fmt.Errorf("refdata: assistance area %q is not an upper-case AS- code", ar.ID)
		case ar.Label == "":
			return nil, fmt.Errorf("refdata: assistance area %s has no label", ar.ID)
		case !knownSource(f.Sources, ar.Source):
			return nil, fmt.Errorf("refdata: assistance area %s: unknown source %q", ar.ID, ar.Source)
		}
		if _, dup := a.areas[ar.ID]; dup {
			return nil, fmt.Errorf("refdata: assistance area %s listed twice", ar.ID)
		}
		a.areas[ar.ID] = i
	}
	for i, m := range f.Modalities {
		switch {
		case m.ID == "" || m.ID != strings.ToLower(m.ID) || strings.ContainsAny(m.ID, " _"):
			return nil, fmt.Errorf("refdata: modality %q is not a lower-case, hyphenated ID", m.ID)
		case m.Label == "":
			return nil, fmt.Errorf("refdata: modality %s has no label", m.ID)
		case !knownSource(f.Sources, m.Source):
			return nil, fmt.Errorf("refdata: modality %s: unknown source %q", m.ID, m.Source)
		}
		if _, dup := a.modalities[m.ID]; dup {
			return nil, fmt.Errorf("refdata: modality %s listed twice", m.ID)
		}
		a.modalities[m.ID] = i
	}
	for i, l := range f.Languages {
		if len(l.Code) != 2 || l.Code != strings.ToLower(l.Code) || l.Name == "" {
			return nil, fmt.Errorf("refdata: language %q is not an ISO 639-1 code with a name", l.Code)
		}
		if _, dup := a.languages[l.Code]; dup {
			return nil, fmt.Errorf("refdata: language %s listed twice", l.Code)
		}
		a.languages[l.Code] = i
	}
	if len(a.areas) == 0 || len(a.modalities) == 0 || len(a.languages) == 0 {
		return nil, fmt.Errorf("refdata: assistance.json lacks areas, modalities or languages")
	}
	return a, nil
}

// Area returns the area with id, or nil.
func (a *Assistance) Area(id string) *AssistanceArea {
	if i, ok := a.areas[id]; ok {
		return &a.Areas[i]
	}
	return nil
}

// Modality returns the modality with id, or nil.
func (a *Assistance) Modality(id string) *Modality {
	if i, ok := a.modalities[id]; ok {
		return &a.Modalities[i]
	}
	return nil
}

// Language returns the language with an ISO 639-1 code, or nil.
func (a *Assistance) Language(code string) *Language {
	if i, ok := a.languages[code]; ok {
		return &a.Languages[i]
	}
	return nil
}

// AreaIDs lists the area IDs in the file's order.
func (a *Assistance) AreaIDs() []string {
	out := make([]string, len(a.Areas))
	for i, ar := range a.Areas {
		out[i] = ar.ID
	}
	return out
}

// ModalityIDs lists the modality IDs in the file's order.
func (a *Assistance) ModalityIDs() []string {
	out := make([]string, len(a.Modalities))
	for i, m := range a.Modalities {
		out[i] = m.ID
	}
	return out
}

// AreaLabel is "AS-EXPORT Export, transit and trans-shipment controls", or
// the ID itself when unknown.
func (a *Assistance) AreaLabel(id string) string {
	if ar := a.Area(id); ar != nil {
		return ar.Label
	}
	return id
}

// ModalityLabel is a modality in words, or the ID itself when unknown.
func (a *Assistance) ModalityLabel(id string) string {
	if m := a.Modality(id); m != nil {
		return m.Label
	}
	return id
}

// LanguageName is a language's English name, or the code itself.
func (a *Assistance) LanguageName(code string) string {
	if l := a.Language(code); l != nil {
		return l.Name
	}
	return code
}

// --- the UN Headquarters calendar ---

// HolidayFile is the shape of data/un-holidays.json.
type HolidayFile struct {
	Description string        `json:"description"`
	TimeZone    string        `json:"time_zone"`
	Sources     []Source      `json:"sources"`
	Years       []HolidayYear `json:"years"`
}

// HolidayYear is one year's official holidays at Headquarters, with where
// the list comes from.
type HolidayYear struct {
	Year     int       `json:"year"`
	Verified bool      `json:"verified"` // true only when the list was read in Source
	Source   string    `json:"source"`
	Note     string    `json:"note,omitempty"`
	Holidays []Holiday `json:"holidays"`
}

// Holiday is one day Headquarters is closed.
type Holiday struct {
	Date string `json:"date"` // YYYY-MM-DD (a New Year's Day may be observed on 31 December before)
	Name string `json:"name"`
}

// UNCalendar counts UN working days at Headquarters: Monday to Friday,
// except the official holidays of the year. It knows the years the file
// ships; outside them it counts weekends only and says so.
type UNCalendar struct {
	File     HolidayFile
	loc      *time.Location
	holidays map[model.Date]string
	years    map[int]*HolidayYear
}

var calendar = sync.OnceValues(func() (*UNCalendar, error) {
	b, err := files.ReadFile("data/un-holidays.json")
	if err != nil {
		return nil, err
	}
	return ParseUNCalendar(b)
})

// LoadUNCalendar returns the shipped calendar (parsed once).
func LoadUNCalendar() (*UNCalendar, error) { return calendar() }

// MustLoadUNCalendar is LoadUNCalendar for programs that cannot go on
// without it.
func MustLoadUNCalendar() *UNCalendar {
	c, err := LoadUNCalendar()
	if err != nil {
		panic(err)
	}
	return c
}

// ParseUNCalendar reads and checks the holidays: a time zone that loads,
// known sources, a year at most once, dates that parse, fall on a working
// weekday, belong to their year (a New Year's Day may be observed on the
// last day of the year before) and come in order, and no year claimed
// verified that was compiled from general knowledge.
func ParseUNCalendar(b []byte) (*UNCalendar, error) {
	var f HolidayFile
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("refdata: un-holidays.json: %w", err)
	}
	loc, err := time.LoadLocation(f.TimeZone)
	if err != nil || f.TimeZone == "" {
		return nil, fmt.Errorf("refdata: un-holidays.json: time zone %q: %v", f.TimeZone, err)
	}
	c := &UNCalendar{File: f, loc: loc, holidays: map[model.Date]string{}, years: map[int]*HolidayYear{}}
	for i := range f.Years {
		y := &c.File.Years[i]
		switch {
		case c.years[y.Year] != nil:
			return nil, fmt.Errorf("refdata: un-holidays.json: %d listed twice", y.Year)
		case !knownSource(f.Sources, y.Source):
			return nil, fmt.Errorf("refdata: un-holidays.json: %d: unknown source %q", y.Year, y.Source)
		case y.Verified && y.Source == GeneralKnowledge:
			return nil, fmt.Errorf("refdata: un-holidays.json: %d is marked verified, yet compiled from general knowledge", y.Year)
		case len(y.Holidays) == 0:
			return nil, fmt.Errorf("refdata: un-holidays.json: %d has no holidays", y.Year)
		}
		c.years[y.Year] = y
		var prev model.Date
		for _, h := range y.Holidays {
			d, err := model.ParseDate(h.Date)
			if err != nil || d.IsZero() || h.Name == "" {
				return nil, fmt.Errorf("refdata: un-holidays.json: %d: holiday %q %q", y.Year, h.Date, h.Name)
			}
			if d.Year() != y.Year && (d.Year() != y.Year-1 || d.Format("01-02") != "12-31") {
				return nil, fmt.Errorf("refdata: un-holidays.json: %s is not a day of %d", d, y.Year)
			}
			if wd := d.Time().Weekday(); wd == time.Saturday || wd == time.Sunday {
				return nil, fmt.Errorf("refdata: un-holidays.json: %s (%s) falls on a %s", d, h.Name, wd)
			}
			if !prev.IsZero() && !d.After(prev) {
				return nil, fmt.Errorf("refdata: un-holidays.json: %d: %s is not after %s", y.Year, d, prev)
			}
			if _, dup := c.holidays[d]; dup {
				return nil, fmt.Errorf("refdata: un-holidays.json: %s listed twice", d)
			}
			prev = d
			c.holidays[d] = h.Name
		}
	}
	return c, nil
}

// Location is Headquarters' time zone (New York): the days of the
// calendar are days there.
func (c *UNCalendar) Location() *time.Location { return c.loc }

// Holiday returns the name of the official holiday on d ("", false when
// none).
func (c *UNCalendar) Holiday(d model.Date) (string, bool) {
	n, ok := c.holidays[d]
	return n, ok
}

// Year returns the year's list, or nil when napx does not ship it.
func (c *UNCalendar) Year(y int) *HolidayYear { return c.years[y] }

// Knows reports whether the calendar ships the holidays of year y.
func (c *UNCalendar) Knows(y int) bool { return c.years[y] != nil }

// WorkingDay reports whether d is a UN working day: Monday to Friday and
// not an official holiday at Headquarters.
func (c *UNCalendar) WorkingDay(d model.Date) bool {
	if wd := d.Time().Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := c.holidays[d]
	return !holiday
}

// AddWorkingDays returns the n-th working day after d (d itself is not
// counted). known is false when a day counted falls in a year whose
// holidays napx does not ship: the answer then skips weekends only.
func (c *UNCalendar) AddWorkingDays(d model.Date, n int) (day model.Date, known bool) {
	known = true
	day = d
	for counted := 0; counted < n; {
		day = day.AddDays(1)
		if !c.Knows(day.Year()) {
			known = false
		}
		if c.WorkingDay(day) {
			counted++
		}
	}
	return day, known
}

// EndOf is the instant a day ends at Headquarters: midnight in New York
// after it (a window whose last day is d is open until then).
func (c *UNCalendar) EndOf(d model.Date) time.Time {
	n := d.AddDays(1)
	return time.Date(n.Year(), n.Time().Month(), n.Time().Day(), 0, 0, 0, 0, c.loc).UTC()
}

// DayAt is the calendar day at Headquarters at instant t.
func (c *UNCalendar) DayAt(t time.Time) model.Date { return model.DateOf(t.In(c.loc)) }
