package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// Sign-in through an organisation's OpenID provider (issue 19): the pages
// ask the service, which holds every check.

// oidcFlowCookie binds a sign-in at a provider to this browser. Lax: the
// provider sends the browser back with a top-level GET.
const oidcFlowCookie = "napx_oidc"

func (h *Handler) registerOIDC(rt *httpx.Router) {
	rt.Handle("GET", "/signin/oidc", h.wrap(h.oidcChoose))
	// A link, not a form: napx's CSP allows forms to post to napx only
	// (form-action 'self'), which a browser applies to the redirect too.
	rt.Handle("GET", "/signin/oidc/start", h.wrap(h.oidcStart))
	rt.Handle("GET", "/signin/oidc/callback", h.wrap(h.oidcCallback))
	rt.Handle("GET", "/signin/oidc/link", h.wrap(h.oidcShowLink))
	rt.Handle("POST", "/signin/oidc/link", h.wrap(h.oidcLink))
	rt.Handle("GET", "/admin/oidc", h.wrap(h.oidcAdmin))
	rt.Handle("POST", "/admin/oidc", h.wrap(h.oidcAdd))
	rt.Handle("POST", "/admin/oidc/{id}/remove", h.wrap(h.oidcRemove))
}

func (h *Handler) setFlowCookie(w http.ResponseWriter, r *http.Request, value string) {
	c := &http.Cookie{ // #nosec G124 -- Secure whenever the site is served over TLS, as the session cookie
		Name: oidcFlowCookie, Value: value, Path: "/signin/oidc", MaxAge: int(service.OIDCFlowValidity.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.opts.SecureCookies || r.TLS != nil,
	}
	if value == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

func flowCookie(r *http.Request) string {
	if c, err := r.Cookie(oidcFlowCookie); err == nil {
		return c.Value
	}
	return ""
}

type oidcChoosePage struct {
	Base
	Email     string
	Next      string
	Providers []service.ProviderChoice
	Invite    string
	Error     string
}

// oidcChoose offers "Sign in with <organisation>" for the typed e-mail's
// domain (the sign-in page's second form; a fragment for htmx).
func (h *Handler) oidcChoose(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := &oidcChoosePage{Email: strings.TrimSpace(q.Get("email")), Next: localNext(q.Get("next"))}
	p.Title = h.printer(r).T("auth.oidc.title")
	ps, err := h.svc.OIDC.ForEmail(r.Context(), p.Email)
	if err != nil {
		return err
	}
	p.Providers = ps
	return h.render(w, r, http.StatusOK, "signin_oidc", p)
}

func (h *Handler) oidcStart(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	id, _ := strconv.ParseInt(q.Get("provider"), 10, 64)
	start, err := h.svc.OIDC.Begin(r.Context(), id, localNext(q.Get("next")), q.Get("invite"), httpx.ClientIP(r))
	if err != nil {
		return h.oidcRefused(w, r, err)
	}
	h.setFlowCookie(w, r, start.Flow)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, start.URL, http.StatusSeeOther) // #nosec G710 -- the provider's authorization endpoint from its discovery document, as configured by an administrator
	return nil
}

type oidcRefusedPage struct {
	Base
	Reason string
}

// oidcRefused renders a refusal with its reason, or hands any other
// error to the one error mapping.
func (h *Handler) oidcRefused(w http.ResponseWriter, r *http.Request, err error) error {
	var ref *service.OIDCRefusal
	if !errors.As(err, &ref) {
		if probs, ok := model.AsProblems(err); ok && probs["link"] != "" {
			ref = &service.OIDCRefusal{Status: http.StatusGone, Reason: probs["link"]}
		} else {
			return err
		}
	}
	p := &oidcRefusedPage{Reason: ref.Reason}
	p.Title = h.printer(r).T("auth.refused.title")
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, ref.Status, "signin_oidc_refused", p)
}

func (h *Handler) oidcSignedIn(w http.ResponseWriter, r *http.Request, res service.OIDCResult) {
	h.setFlowCookie(w, r, "")
	httpx.SetSessionCookie(w, r, res.Token, h.svc.Accounts.Options().SessionMax, h.opts.SecureCookies)
	next := localNext(res.Next)
	if res.NeedTOTP {
		redirect(w, r, "/signin/code?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	redirect(w, r, withDone(next, "signed-in"), http.StatusSeeOther)
}

func (h *Handler) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	res, err := h.svc.OIDC.Callback(r.Context(), flowCookie(r), q.Get("state"), q.Get("code"), q.Get("error"), httpx.ClientIP(r), r.UserAgent())
	if err != nil {
		return h.oidcRefused(w, r, err)
	}
	if res.NeedLink {
		redirect(w, r, "/signin/oidc/link", http.StatusSeeOther)
		return nil
	}
	h.oidcSignedIn(w, r, res)
	return nil
}

type oidcLinkPage struct {
	Base
	Pending service.PendingLink
	Email   string
	Error   string
}

func (h *Handler) oidcShowLink(w http.ResponseWriter, r *http.Request) error {
	pl, err := h.svc.OIDC.Pending(r.Context(), flowCookie(r), httpx.ClientIP(r))
	if err != nil {
		return h.oidcRefused(w, r, err)
	}
	p := &oidcLinkPage{Pending: pl, Email: pl.Email}
	p.Title = h.printer(r).T("auth.oidclink.title")
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "signin_oidc_link", p)
}

func (h *Handler) oidcLink(w http.ResponseWriter, r *http.Request) error {
	pl, err := h.svc.OIDC.Pending(r.Context(), flowCookie(r), httpx.ClientIP(r))
	if err != nil {
		return h.oidcRefused(w, r, err)
	}
	p := &oidcLinkPage{Pending: pl, Email: strings.TrimSpace(r.PostFormValue("email"))}
	p.Title = h.printer(r).T("auth.oidclink.title")
	res, err := h.svc.OIDC.LinkWithPassword(r.Context(), flowCookie(r), p.Email, r.PostFormValue("password"), httpx.ClientIP(r), r.UserAgent())
	var throttled *service.ErrThrottled
	switch {
	case errors.As(err, &throttled):
		p.Error = h.printer(r).T("auth.oidclink.throttled", throttled.Until.UTC().Format("15:04 UTC"))
		return h.render(w, r, http.StatusTooManyRequests, "signin_oidc_link", p)
	case errors.Is(err, service.ErrBadCredentials):
		p.Error = h.printer(r).T("auth.oidclink.wrong")
		return h.render(w, r, http.StatusUnauthorized, "signin_oidc_link", p)
	case err != nil:
		return h.oidcRefused(w, r, err)
	}
	h.oidcSignedIn(w, r, res)
	return nil
}

type oidcAdminPage struct {
	Base
	Providers   []service.OIDCProvider
	Input       service.OIDCProviderInput
	Orgs        string
	Domains     string
	RedirectURL string
}

func (h *Handler) oidcAdminPage(r *http.Request, v model.Viewer) (*oidcAdminPage, error) {
	ps, err := h.svc.OIDC.Providers(r.Context(), v)
	if err != nil {
		return nil, err
	}
	p := &oidcAdminPage{Providers: ps, RedirectURL: h.svc.OIDC.RedirectURL()}
	p.Title = h.printer(r).T("admin.oidc.title")
	return p, nil
}

func (h *Handler) oidcAdmin(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	p, err := h.oidcAdminPage(r, v)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "admin_oidc", p)
}

func (h *Handler) oidcAdd(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	in := service.OIDCProviderInput{Name: r.PostFormValue("name"), Issuer: r.PostFormValue("issuer"), ClientID: r.PostFormValue("client_id"),
		ClientSecret: r.PostFormValue("client_secret"), Orgs: strings.Fields(strings.ReplaceAll(r.PostFormValue("orgs"), ",", " ")),
		Domains: []string{r.PostFormValue("domains")}}
	_, err = h.svc.OIDC.AddProvider(r.Context(), v, in)
	if probs, ok := model.AsProblems(err); ok {
		p, perr := h.oidcAdminPage(r, v)
		if perr != nil {
			return perr
		}
		in.ClientSecret = "" // never sent back
		p.Input, p.Orgs, p.Domains, p.Problems = in, r.PostFormValue("orgs"), r.PostFormValue("domains"), probs
		return h.render(w, r, http.StatusUnprocessableEntity, "admin_oidc", p)
	}
	if err != nil {
		return err
	}
	redirect(w, r, "/admin/oidc?done=oidc-added", http.StatusSeeOther)
	return nil
}

func (h *Handler) oidcRemove(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.OIDC.RemoveProvider(r.Context(), v, id); err != nil {
		return err
	}
	redirect(w, r, "/admin/oidc?done=oidc-removed", http.StatusSeeOther)
	return nil
}
