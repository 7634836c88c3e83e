package model

import (
	"net/mail"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EmailAddress reports whether s is a plain e-mail address, name@domain:
// what net/mail parses as one address with no display name, no comment
// and no angle brackets; a local part of at most 64 bytes; a domain of
// host-name labels (letters, digits and hyphens, Unicode letters
// included, no address literal); at most 254 bytes in all; and a valid
// one-line text. "a@b.org?cc=evil@x.org" is refused: it is not an address
// but a mailto: link with a hidden copy.
func EmailAddress(s string) bool {
	if s == "" || len(s) > 254 || LineProblem(s, 254) != "" {
		return false
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if local == "" || len(local) > 64 || !strings.Contains(domain, ".") {
		return false
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" || utf8.RuneCountInString(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		for _, r := range label {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	return true
}

// MailtoURL is the mailto: link of an e-mail address, with the address
// escaped so that no character of it can start the link's header fields
// ("?cc=…") or anything else; "" when s is not an address.
func MailtoURL(s string) string {
	if !EmailAddress(s) {
		return ""
	}
	at := strings.LastIndexByte(s, '@')
	return "mailto:" + url.PathEscape(s[:at]) + "@" + url.PathEscape(s[at+1:])
}
