package service

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"napx/internal/model"
	"napx/internal/store"
)

// iCalendar (RFC 5545) output: an event as one all-day span (DTSTART and
// an exclusive DTEND with VALUE=DATE, the Indico complaint #6867), its
// timed sessions as events of their own in the event's time zone (TZID
// with the matching VTIMEZONE), lines folded at 75 octets and text
// escaped.

// icalWriter writes content lines with CRLF, escaping and folding.
type icalWriter struct{ b bytes.Buffer }

// line writes "name[;params]:value" folded; value is written as given.
func (w *icalWriter) line(name, value string) {
	foldLine(&w.b, name+":"+value)
}

// text writes a TEXT property, escaped.
func (w *icalWriter) text(name, value string) { w.line(name, EscapeText(value)) }

// EscapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash,
// semicolon, comma and newlines.
func EscapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			if c < 0x20 && c != '\t' || c == 0x7f {
				continue // other control characters are not allowed in TEXT
			}
			b.WriteByte(c)
		}
	}
	return strings.ToValidUTF8(b.String(), "\uFFFD")
}

// foldLine writes line folded into lines of at most 75 octets (RFC 5545
// §3.1), never inside a UTF-8 sequence, each ending with CRLF;
// continuation lines start with a space.
func foldLine(b *bytes.Buffer, line string) {
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if cut == 0 {
			cut = limit // not UTF-8: cut anywhere rather than never
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

func icalDate(d model.Date) string { return d.Format("20060102") }

func icalUTC(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// vtimezone writes the VTIMEZONE of loc covering [from, to]: one
// STANDARD or DAYLIGHT component per offset in force in that span, each
// starting at the transition into it.
func vtimezone(w *icalWriter, loc *time.Location, from, to time.Time) {
	w.line("BEGIN", "VTIMEZONE")
	w.text("TZID", loc.String())
	type period struct {
		start      time.Time
		fromOffset int
		toOffset   int
		name       string
		dst        bool
	}
	var ps []period
	t := from.In(loc)
	start, end := t.ZoneBounds()
	name, off := t.Zone()
	prevOff := off
	if !start.IsZero() {
		_, prevOff = start.Add(-time.Second).In(loc).Zone()
	} else {
		start = time.Date(1970, 1, 1, 0, 0, 0, 0, loc)
	}
	ps = append(ps, period{start: start, fromOffset: prevOff, toOffset: off, name: name, dst: t.IsDST()})
	for !end.IsZero() && !end.After(to) && len(ps) < 64 {
		t = end.In(loc)
		n, o := t.Zone()
		ps = append(ps, period{start: end, fromOffset: off, toOffset: o, name: n, dst: t.IsDST()})
		off = o
		_, end = t.ZoneBounds()
	}
	for _, p := range ps {
		kind := "STANDARD"
		if p.dst {
			kind = "DAYLIGHT"
		}
		w.line("BEGIN", kind)
		// DTSTART is the local time of the onset, in the offset before it.
		w.line("DTSTART", p.start.In(time.FixedZone("", p.fromOffset)).Format("20060102T150405"))
		w.line("TZOFFSETFROM", icalOffset(p.fromOffset))
		w.line("TZOFFSETTO", icalOffset(p.toOffset))
		if p.name != "" && !strings.HasPrefix(p.name, "+") && !strings.HasPrefix(p.name, "-") {
			w.text("TZNAME", p.name)
		}
		w.line("END", kind)
	}
	w.line("END", "VTIMEZONE")
}

func icalOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
}

// calendar writes a VCALENDAR around the events, with their sessions when
// given (by event ID).
func (s *Events) calendar(name, base string, evs []model.Event, sessions map[int64][]model.Session) []byte {
	w := &icalWriter{}
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.text("PRODID", "-//napx//1540 implementation exchange//EN")
	w.line("CALSCALE", "GREGORIAN")
	w.line("METHOD", "PUBLISH")
	w.text("X-WR-CALNAME", name)
	// One VTIMEZONE per zone that timed sessions use, covering them.
	type span struct{ from, to time.Time }
	zones := map[string]span{}
	for _, e := range evs {
		loc := e.Location()
		if loc == time.UTC {
			continue
		}
		for _, se := range sessions[e.ID] {
			a, b := se.Times(loc)
			z, ok := zones[loc.String()]
			if !ok || a.Before(z.from) {
				z.from = a
			}
			if !ok || b.After(z.to) {
				z.to = b
			}
			zones[loc.String()] = z
		}
	}
	names := make([]string, 0, len(zones))
	for n := range zones {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		loc, err := time.LoadLocation(n)
		if err == nil {
			vtimezone(w, loc, zones[n].from, zones[n].to)
		}
	}
	stamp := icalUTC(s.now())
	for _, e := range evs {
		uid := fmt.Sprintf("event-%d@napx", e.ID)
		w.line("BEGIN", "VEVENT")
		w.text("UID", uid)
		w.line("DTSTAMP", stamp)
		w.line("LAST-MODIFIED", icalUTC(e.UpdatedAt))
		w.line("DTSTART;VALUE=DATE", icalDate(e.Start))
		w.line("DTEND;VALUE=DATE", icalDate(e.End.AddDays(1))) // exclusive: the day after the last day
		summary := e.Title
		if e.Code != "" {
			summary += " (" + e.Code + ")"
		}
		w.text("SUMMARY", summary)
		if loc := eventPlace(e); loc != "" {
			w.text("LOCATION", loc)
		}
		w.text("DESCRIPTION", eventDescription(e, s.cat.OrgName))
		w.text("CATEGORIES", e.Kind.Label())
		w.line("STATUS", "CONFIRMED")
		w.line("TRANSP", "TRANSPARENT")
		if base != "" {
			w.line("URL", fmt.Sprintf("%s/events/%d", strings.TrimRight(base, "/"), e.ID))
		}
		w.line("END", "VEVENT")
		loc := e.Location()
		for _, se := range sessions[e.ID] {
			a, b := se.Times(loc)
			w.line("BEGIN", "VEVENT")
			w.text("UID", fmt.Sprintf("session-%d@napx", se.ID))
			w.line("DTSTAMP", stamp)
			if loc == time.UTC {
				w.line("DTSTART", icalUTC(a))
				w.line("DTEND", icalUTC(b))
			} else {
				w.line("DTSTART;TZID="+loc.String(), a.Format("20060102T150405"))
				w.line("DTEND;TZID="+loc.String(), b.Format("20060102T150405"))
			}
			w.text("SUMMARY", se.Title+" — "+e.Title)
			where := se.Location
			if where == "" {
				where = eventPlace(e)
			}
			if where != "" {
				w.text("LOCATION", where)
			}
			var desc []string
			if se.Description != "" {
				desc = append(desc, se.Description)
			}
			for _, p := range se.People {
				who := p.Name
				if p.Org != "" {
					who += " (" + s.cat.OrgName(p.Org) + ")"
				}
				desc = append(desc, strings.ToUpper(p.Role[:1])+p.Role[1:]+": "+who)
			}
			if len(desc) > 0 {
				w.text("DESCRIPTION", strings.Join(desc, "\n"))
			}
			w.text("RELATED-TO", uid)
			w.line("END", "VEVENT")
		}
	}
	w.line("END", "VCALENDAR")
	return w.b.Bytes()
}

func eventPlace(e model.Event) string {
	parts := []string{}
	for _, p := range []string{e.Venue.Name, e.Venue.Address} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

func eventDescription(e model.Event, orgName func(string) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s organised by %s.", e.Kind.Label(), orgName(e.Organizer))
	if e.Purpose != "" {
		b.WriteString("\n\n" + e.Purpose)
	}
	if len(e.Objectives) > 0 {
		b.WriteString("\n\nObjectives:")
		for _, o := range e.Objectives {
			b.WriteString("\n- " + o)
		}
	}
	if len(e.ArrivalDays) > 0 {
		b.WriteString("\n\nArrival: " + joinDates(e.ArrivalDays))
	}
	if len(e.DepartureDays) > 0 {
		b.WriteString("\nDeparture: " + joinDates(e.DepartureDays))
	}
	if len(e.Languages) > 0 {
		b.WriteString("\nLanguage: " + strings.Join(e.Languages, ", "))
	}
	return b.String()
}

func joinDates(ds []model.Date) string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Long()
	}
	return strings.Join(out, " and ")
}

// EventICS is one event as iCalendar: its all-day span and its timed
// sessions. base is the site's address, for the event's URL.
func (s *Events) EventICS(ctx context.Context, v model.Viewer, id int64, base string) ([]byte, error) {
	e, _, err := s.readable(ctx, &s.db.Conn, v, id)
	if err != nil {
		return nil, err
	}
	ss, err := s.db.EventSessions(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	return s.calendar(e.Title, base, []model.Event{e}, map[int64][]model.Session{e.ID: ss}), nil
}

// PublicICS is the public feed: every public event, as all-day spans.
func (s *Events) PublicICS(ctx context.Context, base string) ([]byte, error) {
	evs, err := s.db.Events(ctx, model.Anonymous, store.EventFilter{Public: true})
	if err != nil {
		return nil, err
	}
	return s.calendar("napx: public events", base, evs, nil), nil
}

// FeedTokenPrefix starts every personal feed token.
const FeedTokenPrefix = "napxcal_"

// PersonalICS is the personal feed of the account whose feed token is
// token: the events it takes part in (organises, partners, has delegates
// in, chairs or speaks at) that it may read, and the sessions it chairs or
// speaks in. An unknown or revoked token, or a disabled account, finds
// nothing (ErrNotFound).
func (s *Events) PersonalICS(ctx context.Context, token, base string) ([]byte, error) {
	if !strings.HasPrefix(token, FeedTokenPrefix) || len(token) > 200 {
		return nil, model.ErrNotFound
	}
	f, err := s.db.CalendarFeedByHash(ctx, HashToken(token))
	if err != nil {
		return nil, err
	}
	acc, err := s.db.Account(ctx, f.AccountID)
	if err != nil {
		return nil, err
	}
	if acc.Disabled {
		return nil, model.ErrNotFound
	}
	v := s.accounts.ViewerOf(acc)
	evs, err := s.db.Events(ctx, v, store.EventFilter{TakesPart: &acc})
	if err != nil {
		return nil, err
	}
	sessions := map[int64][]model.Session{}
	for _, e := range evs {
		ss, err := s.db.EventSessions(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		for _, se := range ss {
			for _, p := range se.People {
				if p.AccountID == acc.ID {
					sessions[e.ID] = append(sessions[e.ID], se)
					break
				}
			}
		}
	}
	return s.calendar("napx: "+acc.Label(), base, evs, sessions), nil
}

// FeedStatus tells whether v has a live personal feed, and since when.
func (s *Events) FeedStatus(ctx context.Context, v model.Viewer) (bool, time.Time, error) {
	if !v.SignedIn() {
		return false, time.Time{}, model.ErrUnauthenticated
	}
	f, ok, err := s.db.CalendarFeedOf(ctx, v.ID())
	return ok, f.CreatedAt, err
}

// NewFeed gives v a new personal feed token (shown once; only its hash is
// kept) and revokes the previous one.
func (s *Events) NewFeed(ctx context.Context, v model.Viewer) (string, error) {
	if !v.SignedIn() {
		return "", model.ErrUnauthenticated
	}
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := FeedTokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		n, err := tx.RevokeCalendarFeeds(ctx, v.ID())
		if err != nil {
			return err
		}
		f, err := tx.CreateCalendarFeed(ctx, v.ID(), HashToken(token))
		if err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "calendar-feed.create", Kind: "calendar-feed", RecordID: f.ID,
			Summary: fmt.Sprintf("personal calendar feed created for %s (%d earlier revoked)", v.Label(), n)})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// RevokeFeed ends v's personal feed.
func (s *Events) RevokeFeed(ctx context.Context, v model.Viewer) error {
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	return s.db.Write(ctx, func(tx *store.Tx) error {
		n, err := tx.RevokeCalendarFeeds(ctx, v.ID())
		if err != nil || n == 0 {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "calendar-feed.revoke", Kind: "calendar-feed", RecordID: v.ID(),
			Summary: "personal calendar feed revoked by " + v.Label()})
	})
}
