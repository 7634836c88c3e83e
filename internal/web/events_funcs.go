package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"napx/internal/model"
)

// eventFuncs are the template functions of the event pages.
var eventFuncs = template.FuncMap{
	"daterange": dateRange,
	"bytes":     humanBytes,
	"weburl":    model.WebURL,
	"intz":      inZone,
	"paras":     paragraphs,
	"weekdays":  weekdays,
}

// dateRange writes a span of days the short way: "14–15 September 2017",
// "30 September – 2 October 2017", "30 December 2017 – 2 January 2018".
func dateRange(a, b model.Date) string {
	switch {
	case a == b:
		return a.Long()
	case a.Year() != b.Year():
		return a.Long() + " – " + b.Long()
	case a.Time().Month() != b.Time().Month():
		return a.Format("2 January") + " – " + b.Long()
	}
	return a.Format("2") + "–" + b.Long()
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", (n+512)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// paragraphs splits text at blank lines (or single newlines) into
// paragraphs for <p> elements.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(p), "- ")); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// inZone writes an instant in a time zone: "14 September 2017, 09:00
// (Europe/Zagreb)".
func inZone(t time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" {
		loc, zone = time.UTC, "UTC"
	}
	return t.In(loc).Format("2 January 2006, 15:04") + " (" + zone + ")"
}

// eventFlash holds the confirmations of the event pages.
var eventFlash = map[string]string{
	"event-created":         "The event was created.",
	"event-saved":           "The event was saved.",
	"quotas-saved":          "The seat quotas were saved; the delegations listed are invited.",
	"nominated":             "The delegate was nominated.",
	"waitlisted":            "Your delegation's seats are taken: the delegate is on the waiting list.",
	"participant-saved":     "The delegate's nomination was changed.",
	"participant-withdrawn": "The delegate was withdrawn; the seat went to the next delegate waiting, if any.",
	"session-added":         "The session was added to the agenda.",
	"session-removed":       "The session was removed from the agenda.",
	"material-added":        "The material was added.",
	"material-removed":      "The material was removed.",
	"lesson-added":          "The lesson was noted for the practices library.",
	"followup-added":        "The follow-up action was recorded.",
	"followup-saved":        "The follow-up action was updated.",
	"feed-revoked":          "Your personal calendar feed was revoked; its address no longer works.",

	"nomination-fields-saved": "The nomination form's questions were saved.",
	"nominations-confirmed":   "The delegates chosen were confirmed.",
}
