package api

import (
	"errors"
	"mime"
	"strings"
	"testing"
)

// TestCheckMediaType is the one rule for request bodies as a table: JSON
// in any case, charset absent or UTF-8; everything else is 415 (the
// accepted rows are the control: a rule refusing everything fails them).
func TestCheckMediaType(t *testing.T) {
	for _, c := range []struct {
		ct string
		ok bool
	}{
		{"application/json", true},
		{"Application/JSON", true},
		{"application/json; charset=utf-8", true},
		{"application/json;charset=UTF8", true},
		{` application/json ; charset="UTF-8"`, true},
		{"", false},
		{"   ", false},
		{"text/plain", false},
		{"application/json-patch+json", false},
		{"application/x-www-form-urlencoded", false},
		{"application/json; charset=latin1", false},
		{"application/json; boundary=x", false},
		{"application/json; charset=utf-8; charset=utf-8", true}, // the same parameter twice, same value
		{"application/json;", true},
		{"application/", false},
		{"\xff\xfe", false},
	} {
		err := checkMediaType(c.ct)
		if (err == nil) != c.ok {
			t.Errorf("%q: accepted=%v, want %v (err %v)", c.ct, err == nil, c.ok, err)
		}
		var um *unsupportedMedia
		if err != nil && !errors.As(err, &um) {
			t.Errorf("%q: refusal %T is not a 415", c.ct, err)
		}
	}
}

// FuzzCheckMediaType: whatever the header, the rule answers (never a
// panic); an accepted header parses as application/json with at most a
// UTF-8 charset, and a refusal is always the 415 kind with a message that
// tells the client what to send.
func FuzzCheckMediaType(f *testing.F) {
	for _, s := range []string{"application/json", "application/json; charset=utf-8", "text/html", "", "application/json; q=1",
		"APPLICATION/JSON;CHARSET=UTF-8", "application/json; charset*=utf-8''x", "multipart/form-data; boundary=--x", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ct string) {
		err := checkMediaType(ct)
		if err == nil {
			mt, params, perr := mime.ParseMediaType(ct)
			if perr != nil || mt != "application/json" {
				t.Fatalf("%q accepted but parses as %q (%v)", ct, mt, perr)
			}
			for k, v := range params {
				if k != "charset" || !(strings.EqualFold(v, "utf-8") || strings.EqualFold(v, "utf8")) {
					t.Fatalf("%q accepted with parameter %s=%s", ct, k, v)
				}
			}
			return
		}
		var um *unsupportedMedia
		if !errors.As(err, &um) {
			t.Fatalf("%q: refusal %T is not a 415", ct, err)
		}
		if !strings.Contains(um.msg, "application/json") {
			t.Fatalf("%q: the message does not say what to send: %s", ct, um.msg)
		}
	})
}
