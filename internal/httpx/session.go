package httpx

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"time"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "napx_session"

// SetSessionCookie stores a session token in the browser: HttpOnly,
// SameSite=Lax, Secure when the site is served over TLS.
func SetSessionCookie(w http.ResponseWriter, r *http.Request, token string, lifetime time.Duration, secure bool) {
	http.SetCookie(w, &http.Cookie{ // #nosec G124 -- Secure whenever the site is served over TLS; a local http demo needs it off
		// Max-Age, not Expires: the browser counts the lifetime on its own
		// clock, whatever clock the server runs on.
		Name: SessionCookie, Value: token, Path: "/", MaxAge: max(1, int(lifetime/time.Second)),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secure || r.TLS != nil,
	})
}

// ClearSessionCookie removes the session cookie.
func ClearSessionCookie(w http.ResponseWriter, r *http.Request, secure bool) {
	http.SetCookie(w, &http.Cookie{ // #nosec G124 -- see SetSessionCookie
		Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secure || r.TLS != nil,
	})
}

// CSRFToken derives the form token of a session: only a holder of the
// session cookie (which scripts cannot read) can compute it.
func CSRFToken(sessionToken string) string {
	if sessionToken == "" {
		return ""
	}
	m := hmac.New(sha256.New, []byte(sessionToken))
	m.Write([]byte("napx-csrf-v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

type csrfKey struct{}

// WithCSRF returns ctx carrying the request's form token.
func WithCSRF(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, csrfKey{}, token)
}

// CSRF returns the request's form token ("" when not signed in).
func CSRF(ctx context.Context) string {
	s, _ := ctx.Value(csrfKey{}).(string)
	return s
}

type pendingKey struct{}

// WithPendingTOTP marks a request whose session waits for its second factor.
func WithPendingTOTP(ctx context.Context) context.Context {
	return context.WithValue(ctx, pendingKey{}, true)
}

// PendingTOTP reports whether the request's session waits for its second factor.
func PendingTOTP(ctx context.Context) bool {
	b, _ := ctx.Value(pendingKey{}).(bool)
	return b
}

// SafeMethod reports whether the method changes nothing.
func SafeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}
