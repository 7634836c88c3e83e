package model

import "unicode/utf8"

// Truncate shortens s to at most n characters (runes, never bytes: a cut
// never splits a character, which PostgreSQL would refuse), ending with
// "…" when it cut anything (the ellipsis counts as one of the n). It is
// the one truncation helper: messages, summaries, capped error details.
func Truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, k := 0, 0
	for i = range s {
		if k == n-1 {
			break
		}
		k++
	}
	return s[:i] + "…"
}
