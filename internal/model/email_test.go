package model_test

import (
	"testing"

	"napx/internal/model"
)

func TestEmailAddress(t *testing.T) {
	for _, tc := range []struct {
		in     string
		ok     bool
		mailto string
	}{
		{"name@example.org", true, "mailto:name@example.org"},
		{"first.last+1540@mfa.gov.hr", true, "mailto:first.last+1540@mfa.gov.hr"},
		{"a?cc=evil@example.org", true, "mailto:a%3Fcc=evil@example.org"}, // a legal local part, escaped in the link
		{"ivan@ministarstvo.hr", true, "mailto:ivan@ministarstvo.hr"},
		{"a@b.org?cc=evil@x.org&subject=hi", false, ""},
		{"a@b.org?cc=evil.x.org", false, ""},
		{"Name <a@b.org>", false, ""},
		{"a@b.org (comment)", false, ""},
		{"a@[192.0.2.1]", false, ""},
		{"a@localhost", false, ""},
		{"a@-b.org", false, ""},
		{"a@b_c.org", false, ""},
		{"a b@c.org", false, ""},
		{"a@b.org\n", false, ""},
		{"a\u202e@b.org", false, ""},
		{"@b.org", false, ""},
		{"a@", false, ""},
		{"", false, ""},
	} {
		if got := model.EmailAddress(tc.in); got != tc.ok {
			t.Errorf("EmailAddress(%q) = %v, want %v", tc.in, got, tc.ok)
		}
		if got := model.MailtoURL(tc.in); got != tc.mailto {
			t.Errorf("MailtoURL(%q) = %q, want %q", tc.in, got, tc.mailto)
		}
	}
}
