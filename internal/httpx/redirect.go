package httpx

import (
	"net/url"
	"path"
	"strings"
)

// MaxReturnAddress is the longest return address ("next") napx keeps.
const MaxReturnAddress = 2000

// LocalPath returns addr when it is a safe return address — a path on
// this site, as a browser would read it — and "/" otherwise.
//
// A browser normalises a Location before following it: it drops tabs and
// line breaks anywhere, trims leading control characters and spaces, and
// reads a backslash as a slash. "/\t/evil.example/" therefore leaves the
// site as surely as "//evil.example/". So an address is kept only when it
// starts with one slash, holds no control character, space or backslash
// anywhere (raw or decoded from the query string it came in), has no
// scheme, authority or user, and stays a local path once its dot
// segments are resolved.
func LocalPath(addr string) string {
	if safeLocalPath(addr) {
		return addr
	}
	return "/"
}

func safeLocalPath(addr string) bool {
	if addr == "" || len(addr) > MaxReturnAddress || addr[0] != '/' {
		return false
	}
	if len(addr) > 1 && (addr[1] == '/' || addr[1] == '\\') {
		return false
	}
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		if c <= ' ' || c == 0x7f || c == '\\' || c >= 0x80 {
			// Non-ASCII: a return address napx builds is always escaped
			// (url.URL.RequestURI), so raw UTF-8 here did not come from napx.
			return false
		}
	}
	u, err := url.Parse(addr)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	// The decoded path must not hide what the raw one does not show: an
	// escaped control character or backslash is refused too.
	if strings.ContainsFunc(u.Path, func(r rune) bool { return r < ' ' || r == 0x7f || r == '\\' }) {
		return false
	}
	clean := path.Clean(u.Path)
	return strings.HasPrefix(clean, "/") && !strings.HasPrefix(clean, "//")
}
