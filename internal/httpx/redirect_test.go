package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"napx/internal/httpx"
)

func TestLocalPath(t *testing.T) {
	for _, tc := range []struct {
		in   string
		keep bool
	}{
		{"/", true},
		{"/naps/12?tab=actions#a3", true},
		{"/states/HRV%23contacts", true},
		{"/search?q=%C3%A9", true},
		{"/a/../b", true},
		{"", false},
		{"naps", false},
		{"//evil.example/", false},
		{"/\\evil.example/", false},
		{"/\t/evil.example/", false}, // a browser drops the tab: //evil.example/
		{"/\n/evil.example/", false},
		{"/\r/evil.example/", false},
		{"/ /evil.example/", false},
		{"/\x00/evil.example/", false},
		{"/%09/evil.example/", false}, // decoded tab in the path
		{"/%5C/evil.example/", false}, // decoded backslash
		{"/a\\b", false},
		{"https://evil.example/", false},
		{"/https://evil.example/", true}, // a path on this site
		{"javascript:alert(1)", false},
		{"/é", false}, // napx escapes what it builds
		{"/" + strings.Repeat("a", httpx.MaxReturnAddress), false},
	} {
		got := httpx.LocalPath(tc.in)
		if tc.keep && got != tc.in {
			t.Errorf("LocalPath(%q) = %q, want it kept", tc.in, got)
		}
		if !tc.keep && got != "/" {
			t.Errorf("LocalPath(%q) = %q, want /", tc.in, got)
		}
	}
}

// browserResolve follows a Location the way a browser does (WHATWG URL):
// tabs and line breaks are removed, leading and trailing control
// characters and spaces trimmed, backslashes read as slashes in an
// http(s) URL, then the reference is resolved against the page.
func browserResolve(base *url.URL, loc string) (*url.URL, error) {
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(loc)
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' })
	loc = strings.ReplaceAll(loc, "\\", "/")
	ref, err := url.Parse(loc)
	if err != nil {
		return nil, err
	}
	return base.ResolveReference(ref), nil
}

// FuzzLocalPath: whatever the return address, the redirect napx sends
// (through http.Redirect, as the pages do) stays on the site once a
// browser has normalised it.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/naps/1", "//evil.example", "/\t/evil.example/", "/%09/x", "/\\x", "\\\\x", " //x", "/.//x", "/..//x",
		"/\x0b/x", "https:evil.example", "/x?next=//y", "/%2F%2Fevil"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://napx.example/signin")
	f.Fuzz(func(t *testing.T, addr string) {
		p := httpx.LocalPath(addr)
		if p != "/" && p != addr {
			t.Fatalf("LocalPath(%q) = %q: neither kept nor replaced", addr, p)
		}
		rec := httptest.NewRecorder()
		http.Redirect(rec, httptest.NewRequest("GET", "/signin", nil), p, http.StatusSeeOther)
		loc := rec.Header().Get("Location")
		u, err := browserResolve(base, loc)
		if err != nil {
			t.Fatalf("LocalPath(%q) = %q → Location %q does not parse: %v", addr, p, loc, err)
		}
		if u.Scheme != "https" || u.Host != "napx.example" || u.User != nil {
			t.Fatalf("LocalPath(%q) = %q → Location %q leads to %s", addr, p, loc, u)
		}
	})
}
