package web

import (
	"fmt"
	"time"

	"napx/internal/i18n"
	"napx/internal/model"
)

// The day spans and moments of the event and assistance pages in the
// reader's language (issue 17): langFuncs puts these in each language's
// copy of the pages; English keeps the short forms of events_funcs.go.

// langDateRange is a span of days: the English short form ("14–15
// September 2017"), in another language the two days in its long form
// joined by the catalogue's dash ("date.range" is not needed: a span is
// two dates and an en dash in every language napx writes).
func langDateRange(p *i18n.Printer, a, b model.Date) string {
	if p.Lang().Code == i18n.English {
		return dateRange(a, b)
	}
	if a == b {
		return p.Date(a.Time())
	}
	return p.Date(a.Time()) + " – " + p.Date(b.Time())
}

// langInZone is an instant in a time zone: the day in the language, the
// time and the zone's name ("14 septembre 2017, 09:00 (Europe/Zagreb)").
func langInZone(p *i18n.Printer, t time.Time, zone string) string {
	if p.Lang().Code == i18n.English {
		return inZone(t, zone)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" {
		loc, zone = time.UTC, "UTC"
	}
	t = t.In(loc)
	return fmt.Sprintf("%s, %02d:%02d (%s)", p.Date(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)), t.Hour(), t.Minute(), zone)
}

// weekdays are the calendar's columns, Monday first.
func weekdays() []time.Weekday {
	return []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
}
