package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The two text rules. Every text a person or a file gives napx is either
// a one-line text (a title, a name, a code, a phone number, a file name)
// or a multi-line text (a description, remarks, a note), and each input's
// validation checks each of its texts with Line or Text, so the rule is
// the same whatever the front end (page, API, workbook) and the engine
// (SQLite would store any bytes; PostgreSQL refuses some).
//
// One line: UTF-8; no control characters at all (C0, DEL, C1 — tab and
// line breaks included), no line or paragraph separators, and no
// bidirectional formatting characters (embeddings, overrides, isolates:
// "invoice\u202Efdp.exe" reads as "invoiceexe.pdf"). The implicit marks
// (LRM, RLM, ALM) stay allowed: they change no order, and right-to-left
// names need them.
//
// Multi-line: the same, except that line feeds and tabs are allowed;
// line breaks are stored as "\n" (CR LF and lone CR become LF).
//
// Lengths are counted in characters (runes), as messages say.

// LineProblem says what is wrong with s as a one-line text of at most
// max characters ("" when nothing is).
func LineProblem(s string, max int) string { return textProblem(s, max, false) }

// TextProblem says what is wrong with s as a multi-line text of at most
// max characters ("" when nothing is).
func TextProblem(s string, max int) string { return textProblem(s, max, true) }

// Line trims s, checks it with the one-line rule (at most max
// characters), records a problem for field in p, and returns the trimmed
// text.
func Line(p Problems, field, s string, max int) string {
	s = strings.TrimSpace(s)
	if msg := LineProblem(s, max); msg != "" {
		p.Add(field, "%s", msg)
	}
	return s
}

// Text normalises line breaks to "\n", trims s, checks it with the
// multi-line rule (at most max characters), records a problem for field
// in p, and returns the text.
func Text(p Problems, field, s string, max int) string {
	s = strings.TrimSpace(NormalizeNewlines(s))
	if msg := TextProblem(s, max); msg != "" {
		p.Add(field, "%s", msg)
	}
	return s
}

// NormalizeNewlines turns CR LF and lone CR into LF.
func NormalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func textProblem(s string, max int, multiline bool) string {
	if !utf8.ValidString(s) {
		return "is not valid text (it holds bytes that are not UTF-8)"
	}
	n := 0
	for _, r := range s {
		n++
		if multiline && (r == '\n' || r == '\t') {
			continue
		}
		if name, bad := refusedRune(r); bad {
			where := "a one-line text"
			if multiline {
				where = "text"
			}
			return fmt.Sprintf("holds %s (U+%04X, character %d), which is not allowed in %s", name, r, n, where)
		}
	}
	if n > max {
		return fmt.Sprintf("is longer than %s characters (it has %s)", thousands(max), thousands(n))
	}
	return ""
}

// refusedRune reports whether r is refused by both rules (line feed and
// tab aside), with a name for messages.
func refusedRune(r rune) (string, bool) {
	switch {
	case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085':
		return "a line break", true
	case r == '\t':
		return "a tab", true
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return "a control character", true
	case r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069':
		return "a bidirectional formatting character, which can make text read in another order than it is written", true
	case r == '\ufffe' || r == '\uffff':
		return "a character that does not exist", true
	}
	return "", false
}

// thousands writes n with a comma every three digits (20,000).
func thousands(n int) string {
	s := fmt.Sprint(n)
	if len(s) <= 4 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// CleanLine makes any string safe to record and show on one line — in
// the audit log, a log line, a message: bytes that are not UTF-8 and the
// characters the one-line rule refuses each become U+FFFD, and the
// result is cut to at most n characters. It never fails, so recording
// what a hostile request carried never fails either.
func CleanLine(s string, n int) string {
	var b strings.Builder
	count := 0
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if count == n {
			return Truncate(b.String()+"…", n)
		}
		if _, bad := refusedRune(r); bad {
			r = '\uFFFD'
		}
		b.WriteRune(r)
		count++
	}
	return b.String()
}

// CleanText is CleanLine for multi-line text: line feeds and tabs stay.
func CleanText(s string, n int) string {
	var b strings.Builder
	count := 0
	for _, r := range strings.ToValidUTF8(NormalizeNewlines(s), "\uFFFD") {
		if count == n {
			return Truncate(b.String()+"…", n)
		}
		if _, bad := refusedRune(r); bad && r != '\n' && r != '\t' {
			r = '\uFFFD'
		}
		b.WriteRune(r)
		count++
	}
	return b.String()
}
