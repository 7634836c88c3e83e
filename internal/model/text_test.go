package model_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"napx/internal/model"
)

func TestTextRules(t *testing.T) {
	for _, tc := range []struct {
		in         string
		line, text bool // accepted as one line, as multi-line text
	}{
		{"Plan 2024–2027", true, true},
		{"Hrvatska — Zagreb ÄÖÜ 中文 العربية", true, true},
		{"name\u200f with a right-to-left mark", true, true},
		{"", true, true},
		{"two\nlines", false, true},
		{"tab\there", false, true},
		{"nul\x00", false, false},
		{"bell\a", false, false},
		{"del\x7f", false, false},
		{"c1\u0085", false, false},
		{"esc\x1b[31m", false, false},
		{"invoice\u202efdp.exe", false, false},
		{"isolate\u2066x\u2069", false, false},
		{"line\u2028sep", false, false},
		{"bad\xff\xfe", false, false},
		{"non\uffffchar", false, false},
	} {
		if got := model.LineProblem(tc.in, 100) == ""; got != tc.line {
			t.Errorf("LineProblem(%q) accepted = %v, want %v (%s)", tc.in, got, tc.line, model.LineProblem(tc.in, 100))
		}
		if got := model.TextProblem(tc.in, 100) == ""; got != tc.text {
			t.Errorf("TextProblem(%q) accepted = %v, want %v (%s)", tc.in, got, tc.text, model.TextProblem(tc.in, 100))
		}
	}
	// Characters, not bytes, are counted, and the message says so.
	if p := model.LineProblem(strings.Repeat("é", 300), 300); p != "" {
		t.Errorf("300 two-byte characters in a 300-character field: %s", p)
	}
	if p := model.LineProblem(strings.Repeat("é", 301), 300); !strings.Contains(p, "longer than 300 characters") {
		t.Errorf("301 characters: %q", p)
	}
	if p := model.TextProblem(strings.Repeat("x", 20001), 20000); !strings.Contains(p, "20,000 characters") {
		t.Errorf("message: %q", p)
	}
	p := model.Problems{}
	if got := model.Text(p, "body", " a\r\nb\rc ", 10); got != "a\nb\nc" || len(p) != 0 {
		t.Errorf("Text: %q %v", got, p)
	}
	if got := model.Line(p, "title", "  a\x00 ", 10); got != "a\x00" || !strings.Contains(p["title"], "control character (U+0000, character 2)") {
		t.Errorf("Line: %q %v", got, p)
	}
}

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"ééééé", 3, "éé…"},
		{"Revision of: 中文中文", 14, "Revision of: …"},
		{"x", 0, ""},
	} {
		if got := model.Truncate(tc.in, tc.n); got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// FuzzTextRules: the one-line rule and the recording of any text agree.
// Whatever the input, CleanLine gives a one-line text (valid UTF-8, no
// refused character, at most n characters); a text the one-line rule
// accepts is recorded unchanged; a one-line text is also a valid
// multi-line text; and Cut never splits a character.
func FuzzTextRules(f *testing.F) {
	for _, s := range []string{"", "plain", "a\x00b", "\xff", "invoice\u202efdp.exe", "tab\t", "é", "\r\n", "\u2028", strings.Repeat("ß", 50)} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 1000 {
			n = 1 + abs(n)%1000
		}
		c := model.CleanLine(s, n)
		if msg := model.LineProblem(c, n); msg != "" {
			t.Fatalf("CleanLine(%q, %d) = %q, refused by the one-line rule: %s", s, n, c, msg)
		}
		if model.LineProblem(s, n) == "" {
			if c != s {
				t.Fatalf("CleanLine changed an accepted text %q to %q", s, c)
			}
			if msg := model.TextProblem(s, n); msg != "" {
				t.Fatalf("%q is a one-line text but not a text: %s", s, msg)
			}
		}
		ct := model.CleanText(s, n)
		if msg := model.TextProblem(ct, n); msg != "" {
			t.Fatalf("CleanText(%q, %d) = %q, refused by the text rule: %s", s, n, ct, msg)
		}
		if utf8.ValidString(s) {
			cut := model.Truncate(s, n)
			if !utf8.ValidString(cut) || utf8.RuneCountInString(cut) > n {
				t.Fatalf("Truncate(%q, %d) = %q", s, n, cut)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // the smallest int
			return 0
		}
		return -n
	}
	return n
}
