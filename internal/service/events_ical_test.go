package service

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"
)

// roundTrip writes s as a TEXT property of an event, folded and escaped,
// and reads it back with go-ical.
func roundTrip(t *testing.T, s string) string {
	t.Helper()
	w := &icalWriter{}
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.line("PRODID", "-//test//EN")
	w.line("BEGIN", "VEVENT")
	w.line("UID", "x@napx")
	w.line("DTSTAMP", "20170914T070000Z")
	w.text("DESCRIPTION", s)
	w.line("END", "VEVENT")
	w.line("END", "VCALENDAR")
	for _, l := range bytes.Split(w.b.Bytes(), []byte("\r\n")) {
		if len(l) > 75 {
			t.Fatalf("a line of %d octets: %q", len(l), l)
		}
		if !utf8.Valid(l) {
			t.Fatalf("folding split a UTF-8 sequence: %q", l)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(w.b.Bytes())).Decode()
	if err != nil {
		t.Fatalf("go-ical: %v\n%q", err, w.b.String())
	}
	got, err := cal.Events()[0].Props.Get("DESCRIPTION").Text()
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// expected is what survives: CRLF and CR as LF, other control
// characters dropped, then invalid UTF-8 replaced.
func expected(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b []byte
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			continue
		}
		b = append(b, s[i])
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func TestICalTextFoldingAndEscaping(t *testing.T) {
	for _, s := range []string{
		"",
		"plain",
		`a, b; c \ d`,
		"line one\nline two\r\nline three",
		"Rakitje, Stari hrast 53, HR-10437 Bestovje, CROATIA",
		strings.Repeat("Đurđa Kovač — Türkiye, “the former Yugoslav Republic of Macedonia*”; ", 12),
		strings.Repeat("€", 100),
		strings.Repeat("x", 74) + "é" + strings.Repeat("y", 80),
		"emoji 🇭🇷 flags and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 at the fold " + strings.Repeat("🌍", 40),
	} {
		if got := roundTrip(t, s); got != expected(s) {
			t.Errorf("round trip of %q gave %q", s, got)
		}
	}
}

// FuzzICalText: whatever text an organiser types, the calendar parses
// back to it (go test -fuzz FuzzICalText ./internal/service/).
func FuzzICalText(f *testing.F) {
	for _, s := range []string{"", "a,b;c\\d", "x\ny\r\nz", strings.Repeat("é", 80), "\x00\x1f\x7f", "\xff\xfe", strings.Repeat(",", 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := roundTrip(t, s), expected(s); got != want {
			t.Errorf("round trip of %q gave %q, want %q", s, got, want)
		}
	})
}
