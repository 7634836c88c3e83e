package server

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// refuse writes an error in the form the request wants.
type refuse func(w http.ResponseWriter, r *http.Request, status int, msg string)

// refusedRequest is what a refusal records of the request (cut and
// cleaned by the service).
func refusedRequest(r *http.Request) service.RefusedRequest {
	return service.RefusedRequest{Method: r.Method, Path: r.URL.Path, Origin: strings.TrimSpace(r.Header.Get("Origin")), Client: httpx.ClientIP(r)}
}

// crossOrigin refuses state-changing requests that a browser marks as
// coming from another site (Sec-Fetch-Site, Origin). Each refusal is
// counted and logged, and audited at most once a minute per client
// (service.Accounts.RefuseRequest).
func crossOrigin(svc *service.Services, deny refuse, next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		svc.Accounts.RefuseRequest(r.Context(), model.Anonymous, "security.cross-origin", "a cross-site request", refusedRequest(r))
		deny(w, r, http.StatusForbidden, "This request came from another site and was refused. Nothing was changed.")
	}))
	return p.Handler(next)
}

// authenticate finds the viewer of a request: an API bearer token, or the
// session cookie. A bad token is refused (401); a stale cookie is cleared
// and the visitor continues anonymously. A request that changes something
// with a session cookie must carry the session's form token (a hidden
// field "csrf" or the X-CSRF-Token header); without it nothing is done.
func authenticate(svc *service.Services, secure bool, deny refuse, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if auth := r.Header.Get("Authorization"); auth != "" {
			token, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok {
				deny(w, r, http.StatusUnauthorized, "use Authorization: Bearer <token>")
				return
			}
			v, err := svc.Accounts.AuthenticateToken(ctx, strings.TrimSpace(token))
			if err != nil {
				if !errors.Is(err, model.ErrUnauthenticated) {
					deny(w, r, http.StatusInternalServerError, "authentication failed")
					return
				}
				w.Header().Set("WWW-Authenticate", `Bearer realm="napx", error="invalid_token"`)
				deny(w, r, http.StatusUnauthorized, "the API token is not valid (unknown, revoked, or its account disabled)")
				return
			}
			next.ServeHTTP(w, r.WithContext(service.WithViewer(ctx, v)))
			return
		}
		c, err := r.Cookie(httpx.SessionCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		v, info, err := svc.Accounts.Authenticate(ctx, c.Value)
		if err != nil {
			if !errors.Is(err, model.ErrUnauthenticated) {
				deny(w, r, http.StatusInternalServerError, "authentication failed")
				return
			}
			httpx.ClearSessionCookie(w, r, secure)
			next.ServeHTTP(w, r)
			return
		}
		if info.Stage == "totp" {
			ctx = httpx.WithPendingTOTP(ctx)
		}
		csrf := httpx.CSRFToken(c.Value)
		ctx = httpx.WithCSRF(service.WithViewer(ctx, v), csrf)
		if !httpx.SafeMethod(r.Method) && !csrfExempt(r) {
			sent := r.Header.Get("X-CSRF-Token")
			if sent == "" {
				sent = r.PostFormValue("csrf")
			}
			if subtle.ConstantTimeCompare([]byte(sent), []byte(csrf)) != 1 {
				svc.Accounts.RefuseRequest(ctx, v, "security.csrf", "missing or wrong form token", refusedRequest(r))
				deny(w, r, http.StatusForbidden, "This form has expired or did not come from napx. Nothing was changed; reload the page and try again.")
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// csrfExempt: the sign-in forms run before there is a signed-in session
// (a waiting second-factor session has no page with a token on it yet);
// the cross-origin check guards them.
func csrfExempt(r *http.Request) bool {
	return r.URL.Path == "/signin" || r.URL.Path == "/signin/code" ||
		r.URL.Path == "/signin/oidc/link"
}
