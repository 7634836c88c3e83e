package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven char", 10, "eleven ch…"},
		{"čćžšđčćžšđčćžšđ", 5, "čćžš…"},
		{"日本語のテキスト", 3, "日本…"},
		{"", 3, ""},
		{"abc", 0, ""},
	} {
		got := Truncate(tt.in, tt.n)
		if got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > max(tt.n, 0) {
			t.Errorf("Truncate(%q, %d) = %q: not valid or too long", tt.in, tt.n, got)
		}
	}
	if got := Truncate(strings.Repeat("é", 1000), 100); utf8.RuneCountInString(got) != 100 {
		t.Errorf("%d characters", utf8.RuneCountInString(got))
	}
}
