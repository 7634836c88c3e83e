package server

import (
	"net/http"
	"time"

	"napx/internal/i18n"
	"napx/internal/service"
)

// withLanguage decides each request's language (issue 17) once, after the
// viewer is known: the account's setting, else ?lang=, else the switcher's
// cookie, else Accept-Language, else English (i18n.Negotiate; an unknown
// value is skipped, never an error). A valid ?lang= is remembered in a
// cookie, so a visitor's choice holds on the next page. Pages and the API
// read it with i18n.FromContext.
func withLanguage(secure bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		account := ""
		if v := service.ViewerFrom(r.Context()); v.Account != nil {
			account = v.Account.Language
		}
		lang := i18n.Request(r, account)
		if q := i18n.Exact(r.URL.Query().Get("lang")); q != "" {
			http.SetCookie(w, &http.Cookie{ // #nosec G124 -- Secure whenever the site is served over TLS; a local http demo needs it off
				Name: i18n.CookieName, Value: q, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
				HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
			})
		}
		w.Header().Set("Content-Language", lang)
		// The language may come from the switcher's cookie as well as from
		// Accept-Language: a shared cache must key on both, or it would serve
		// one visitor's language to another.
		w.Header().Add("Vary", "Accept-Language")
		w.Header().Add("Vary", "Cookie")
		next.ServeHTTP(w, r.WithContext(i18n.WithLang(r.Context(), lang)))
	})
}
