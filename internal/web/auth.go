package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

func (h *Handler) registerAuth(rt *httpx.Router) {
	rt.Handle("GET", "/signin", h.wrap(h.showSignIn))
	rt.Handle("POST", "/signin", h.wrap(h.signIn))
	rt.Handle("GET", "/signin/code", h.wrap(h.showSignInCode))
	rt.Handle("POST", "/signin/code", h.wrap(h.signInCode))
	rt.Handle("POST", "/signout", h.wrap(h.signOut))
	rt.Handle("GET", "/account", h.wrap(h.showAccount))
	rt.Handle("POST", "/account/password", h.wrap(h.changePassword))
	rt.Handle("POST", "/account/language", h.wrap(h.setLanguage))
	rt.Handle("GET", "/account/totp", h.wrap(h.showTOTP))
	rt.Handle("POST", "/account/totp", h.wrap(h.beginTOTP))
	rt.Handle("GET", "/account/totp/qr.png", h.wrap(h.totpQR))
	rt.Handle("POST", "/account/totp/confirm", h.wrap(h.confirmTOTP))
	rt.Handle("POST", "/account/totp/remove", h.wrap(h.removeTOTP))
	rt.Handle("POST", "/account/recovery-codes", h.wrap(h.renewRecoveryCodes))
	rt.Handle("POST", "/account/sessions/{id}/revoke", h.wrap(h.revokeSession))
	rt.Handle("POST", "/account/tokens", h.wrap(h.createToken))
	rt.Handle("POST", "/account/tokens/{id}/revoke", h.wrap(h.revokeToken))
	rt.Handle("GET", "/accounts", h.wrap(h.listAccounts))
	rt.Handle("POST", "/accounts", h.wrap(h.createAccount))
	// POST /accounts/disable: confirmed on its page (issue 18, item 2), confirm_acts.go.
	rt.Handle("GET", "/admin/audit", h.wrap(h.showAudit))
}

// localNext keeps a "next" address only when it is a path on this site
// (httpx.LocalPath) other than the sign-in pages themselves; without one,
// an account lands on its tasks (issue 18, item 1).
func localNext(next string) string {
	if strings.TrimSpace(next) == "" {
		return "/tasks"
	}
	next = httpx.LocalPath(next)
	if next == "/" || next == "/signin" || strings.HasPrefix(next, "/signin/") || strings.HasPrefix(next, "/signin?") {
		return "/tasks"
	}
	return next
}

type signInPage struct {
	Base
	Email string
	Next  string
	Error string
}

func (h *Handler) showSignIn(w http.ResponseWriter, r *http.Request) error {
	p := &signInPage{Next: localNext(r.URL.Query().Get("next"))}
	p.Title = h.printer(r).T("signin.title")
	if service.ViewerFrom(r.Context()).SignedIn() {
		redirect(w, r, p.Next, http.StatusSeeOther)
		return nil
	}
	return h.render(w, r, http.StatusOK, "signin", p)
}

func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) error {
	p := &signInPage{Email: strings.TrimSpace(r.PostFormValue("email")), Next: localNext(r.PostFormValue("next"))}
	pr := h.printer(r)
	p.Title = pr.T("signin.title")
	res, err := h.svc.Accounts.SignIn(r.Context(), p.Email, r.PostFormValue("password"), httpx.ClientIP(r), r.UserAgent())
	var throttled *service.ErrThrottled
	switch {
	case errors.As(err, &throttled):
		p.Error = pr.T("signin.throttled", throttled.Until.UTC().Format("15:04 UTC"))
		return h.render(w, r, http.StatusTooManyRequests, "signin", p)
	case errors.Is(err, service.ErrBadCredentials):
		p.Error = pr.T("signin.wrong")
		return h.render(w, r, http.StatusUnauthorized, "signin", p)
	case err != nil:
		return err
	}
	httpx.SetSessionCookie(w, r, res.Token, h.svc.Accounts.Options().SessionMax, h.opts.SecureCookies)
	if res.NeedTOTP {
		redirect(w, r, "/signin/code?next="+url.QueryEscape(p.Next), http.StatusSeeOther)
		return nil
	}
	redirect(w, r, withDone(p.Next, "signed-in"), http.StatusSeeOther)
	return nil
}

// withDone adds the confirmation key to a local address.
func withDone(path, done string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "done=" + done
}

type signInCodePage struct {
	Base
	Next  string
	Error string
}

func (h *Handler) showSignInCode(w http.ResponseWriter, r *http.Request) error {
	if !httpx.PendingTOTP(r.Context()) {
		redirect(w, r, "/signin", http.StatusSeeOther)
		return nil
	}
	p := &signInCodePage{Next: localNext(r.URL.Query().Get("next"))}
	p.Title = h.printer(r).T("auth.code.title")
	return h.render(w, r, http.StatusOK, "signin_code", p)
}

func (h *Handler) signInCode(w http.ResponseWriter, r *http.Request) error {
	p := &signInCodePage{Next: localNext(r.PostFormValue("next"))}
	p.Title = h.printer(r).T("auth.code.title")
	c, err := r.Cookie(httpx.SessionCookie)
	if err != nil || !httpx.PendingTOTP(r.Context()) {
		redirect(w, r, "/signin", http.StatusSeeOther)
		return nil
	}
	_, err = h.svc.Accounts.VerifyTOTP(r.Context(), c.Value, r.PostFormValue("code"), httpx.ClientIP(r))
	var throttled *service.ErrThrottled
	switch {
	case errors.As(err, &throttled):
		p.Error = h.printer(r).T("auth.code.throttled", throttled.Until.UTC().Format("15:04 UTC"))
		return h.render(w, r, http.StatusTooManyRequests, "signin_code", p)
	case err != nil:
		if probs, ok := model.AsProblems(err); ok {
			p.Problems = probs
			return h.render(w, r, http.StatusUnprocessableEntity, "signin_code", p)
		}
		if errors.Is(err, model.ErrUnauthenticated) {
			redirect(w, r, "/signin", http.StatusSeeOther)
			return nil
		}
		return err
	}
	redirect(w, r, withDone(p.Next, "signed-in"), http.StatusSeeOther)
	return nil
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) error {
	// A session that signed in through a provider is offered the
	// provider's end-session address, read before the session ends.
	endSession := h.svc.OIDC.EndSession(r.Context(), service.ViewerFrom(r.Context()))
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		if err := h.svc.Accounts.SignOut(r.Context(), service.ViewerFrom(r.Context()), c.Value); err != nil {
			return err
		}
	}
	httpx.ClearSessionCookie(w, r, h.opts.SecureCookies)
	if endSession != "" {
		p := &signedOutPage{EndSession: endSession}
		p.Title = h.printer(r).T("auth.out.title")
		r = r.WithContext(httpx.WithCSRF(service.WithViewer(r.Context(), model.Anonymous), ""))
		return h.render(w, r, http.StatusOK, "signed_out", p)
	}
	redirect(w, r, "/?done=signed-out", http.StatusSeeOther)
	return nil
}

type signedOutPage struct {
	Base
	EndSession string
}

// signedIn returns the viewer, or ErrUnauthenticated (a redirect to the
// sign-in page for a GET).
func signedIn(r *http.Request) (model.Viewer, error) {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return v, model.ErrUnauthenticated
	}
	return v, nil
}

type accountPage struct {
	Base
	Account       model.Account
	OrgName       string
	Sessions      []service.Session
	Tokens        []service.APIToken
	NewToken      string
	RecoveryLeft  int
	RecoveryCodes []string
	MustEnrol     bool
}

func (h *Handler) accountPage(r *http.Request, v model.Viewer) (*accountPage, error) {
	ctx := r.Context()
	hash := ""
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		hash = service.HashToken(c.Value)
	}
	sessions, err := h.svc.Accounts.Sessions(ctx, v, hash)
	if err != nil {
		return nil, err
	}
	tokens, err := h.svc.Accounts.Tokens(ctx, v)
	if err != nil {
		return nil, err
	}
	left, err := h.svc.Accounts.RecoveryCodesLeft(ctx, v)
	if err != nil {
		return nil, err
	}
	p := &accountPage{Account: *v.Account, OrgName: h.orgName(r, v.Org()), Sessions: sessions, Tokens: tokens,
		RecoveryLeft: left, MustEnrol: h.svc.Accounts.MustEnrol(v)}
	p.Title = h.printer(r).T("account.title")
	return p, nil
}

func (h *Handler) showAccount(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	p, err := h.accountPage(r, v)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "account", p)
}

// accountForm re-renders the account page with the outcome of a form.
func (h *Handler) accountForm(w http.ResponseWriter, r *http.Request, v model.Viewer, err error, fill func(p *accountPage)) error {
	p, perr := h.accountPage(r, v)
	if perr != nil {
		return perr
	}
	status := http.StatusOK
	if probs, ok := model.AsProblems(err); ok {
		p.Problems, status = probs, http.StatusUnprocessableEntity
	} else if err != nil {
		return err
	}
	if fill != nil {
		fill(p)
	}
	return h.render(w, r, status, "account", p)
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	next := r.PostFormValue("password")
	if next != r.PostFormValue("password2") {
		return h.accountForm(w, r, v, model.Problems{"password2": "the two new passwords differ"}, nil)
	}
	err = h.svc.Accounts.ChangeOwnPassword(r.Context(), v, r.PostFormValue("current"), next)
	if err != nil {
		return h.accountForm(w, r, v, err, nil)
	}
	// Every session ended, this one too: sign in again with the new password.
	httpx.ClearSessionCookie(w, r, h.opts.SecureCookies)
	redirect(w, r, "/signin?done=password", http.StatusSeeOther)
	return nil
}

type totpPage struct {
	Base
	Enrolment service.Enrolment
	Enabled   bool
}

func (h *Handler) showTOTP(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	p := &totpPage{Enabled: v.Account.TOTPEnabled}
	p.Title = h.printer(r).T("auth.totp.title")
	if !p.Enabled {
		e, err := h.svc.Accounts.PendingEnrolment(r.Context(), v)
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
		p.Enrolment = e
	}
	return h.render(w, r, http.StatusOK, "totp", p)
}

func (h *Handler) beginTOTP(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	e, err := h.svc.Accounts.BeginTOTP(r.Context(), v)
	if err != nil {
		return err
	}
	p := &totpPage{Enrolment: e}
	p.Title = h.printer(r).T("auth.totp.title")
	return h.render(w, r, http.StatusOK, "totp", p)
}

func (h *Handler) totpQR(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	e, err := h.svc.Accounts.PendingEnrolment(r.Context(), v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(e.QRPNG)
	return err
}

func (h *Handler) confirmTOTP(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	codes, err := h.svc.Accounts.ConfirmTOTP(r.Context(), v, r.PostFormValue("code"))
	if probs, ok := model.AsProblems(err); ok {
		e, _ := h.svc.Accounts.PendingEnrolment(r.Context(), v)
		p := &totpPage{Enrolment: e}
		p.Title, p.Problems = h.printer(r).T("auth.totp.title"), probs
		return h.render(w, r, http.StatusUnprocessableEntity, "totp", p)
	}
	if err != nil {
		return err
	}
	v.Account.TOTPEnabled = true
	return h.accountForm(w, r, v, nil, func(p *accountPage) {
		p.RecoveryCodes = codes
		p.Flash = "Your second factor is set up. From now on napx asks for a code at every sign-in."
	})
}

func (h *Handler) removeTOTP(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if err := h.svc.Accounts.DisableTOTP(r.Context(), v, r.PostFormValue("password")); err != nil {
		return h.accountForm(w, r, v, err, nil)
	}
	redirect(w, r, "/account?done=totp-removed", http.StatusSeeOther)
	return nil
}

func (h *Handler) renewRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	codes, err := h.svc.Accounts.RenewRecoveryCodes(r.Context(), v)
	if err != nil {
		return h.accountForm(w, r, v, err, nil)
	}
	return h.accountForm(w, r, v, nil, func(p *accountPage) { p.RecoveryCodes = codes })
}

func (h *Handler) revokeSession(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if err := h.svc.Accounts.RevokeSession(r.Context(), v, r.PathValue("id")); err != nil {
		return err
	}
	redirect(w, r, "/account?done=session-revoked", http.StatusSeeOther)
	return nil
}

func (h *Handler) createToken(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	token, _, err := h.svc.Accounts.CreateToken(r.Context(), v, v.Account.Email, r.PostFormValue("name"))
	if err != nil {
		return h.accountForm(w, r, v, err, nil)
	}
	return h.accountForm(w, r, v, nil, func(p *accountPage) { p.NewToken = token })
}

func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.Accounts.RevokeToken(r.Context(), v, id); err != nil {
		return err
	}
	redirect(w, r, "/account?done=token-revoked", http.StatusSeeOther)
	return nil
}

type accountsPage struct {
	Base
	Org      string
	OrgName  string
	Accounts []model.Account
	Input    service.AccountInput
	Roles    []model.Role
	Invite   service.InviteInput
	Invited  map[int64]bool // invited, no password set yet
}

func (h *Handler) accountsPage(r *http.Request, v model.Viewer) (*accountsPage, error) {
	org := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("org")))
	if !v.IsAdmin() {
		org = v.Org()
	}
	accs, err := h.svc.Accounts.List(r.Context(), v, org)
	if err != nil {
		return nil, err
	}
	invited, err := h.svc.Accounts.Invited(r.Context(), accs)
	if err != nil {
		return nil, err
	}
	p := &accountsPage{Org: org, Accounts: accs, Roles: model.Roles, Input: service.AccountInput{Org: v.Org(), Role: "viewer"},
		Invite: service.InviteInput{Org: v.Org(), Role: "viewer"}, Invited: invited}
	if org != "" {
		p.OrgName = h.orgName(r, org)
	}
	p.Title = h.printer(r).T("account.accounts.title")
	return p, nil
}

func (h *Handler) listAccounts(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	p, err := h.accountsPage(r, v)
	if err != nil {
		return err
	}
	// The account a change was about (?who=, set by the redirect): named
	// only when this reader's list holds it.
	for _, a := range p.Accounts {
		if who := r.URL.Query().Get("who"); who != "" && strings.EqualFold(a.Email, who) {
			p.FlashOn.Person = a.Email
		}
	}
	return h.render(w, r, http.StatusOK, "accounts", p)
}

func (h *Handler) createAccount(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	in := service.AccountInput{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Org: r.PostFormValue("org"),
		Role: r.PostFormValue("role"), Password: r.PostFormValue("password")}
	if !v.IsAdmin() {
		in.Org = v.Org()
	}
	acc, err := h.svc.Accounts.Create(r.Context(), v, in)
	if probs, ok := model.AsProblems(err); ok {
		p, perr := h.accountsPage(r, v)
		if perr != nil {
			return perr
		}
		in.Password = ""
		p.Input, p.Problems = in, probs
		return h.render(w, r, http.StatusUnprocessableEntity, "accounts", p)
	}
	if err != nil {
		return err
	}
	redirect(w, r, "/accounts?done=account-created&who="+url.QueryEscape(acc.Email), http.StatusSeeOther)
	return nil
}

func (h *Handler) disableAccount(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Accounts.Disable(r.Context(), v, r.PostFormValue("email")); err != nil {
		return err
	}
	redirect(w, r, "/accounts?done=account-disabled&who="+url.QueryEscape(strings.TrimSpace(r.PostFormValue("email"))), http.StatusSeeOther)
	return nil
}

type auditPage struct {
	Base
	Filter  model.AuditFilter
	From    string
	To      string
	Entries []service.AuditView
	More    int64
}

func (h *Handler) showAudit(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := model.AuditFilter{Actor: strings.TrimSpace(q.Get("actor")), Kind: strings.TrimSpace(q.Get("kind")),
		Action: strings.TrimSpace(q.Get("action")), RecordID: strings.TrimSpace(q.Get("record")), Limit: 100}
	p := &auditPage{From: q.Get("from"), To: q.Get("to")}
	probs := model.Problems{}
	if d, err := model.ParseDate(p.From); err != nil {
		probs.Add("from", "enter a date as YYYY-MM-DD")
	} else {
		f.From = d.Time()
	}
	if d, err := model.ParseDate(p.To); err != nil {
		probs.Add("to", "enter a date as YYYY-MM-DD")
	} else if !d.IsZero() {
		f.To = d.Time().Add(24*time.Hour - time.Microsecond)
	}
	if b := q.Get("before"); b != "" {
		f.Before, _ = strconv.ParseInt(b, 10, 64)
	}
	p.Filter = f
	p.Title = h.printer(r).T("admin.audit.title")
	if len(probs) > 0 {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "audit", p)
	}
	entries, err := h.svc.Audit.Entries(r.Context(), v, f)
	if err != nil {
		return err
	}
	p.Entries = entries
	if len(entries) == f.Limit {
		p.More = entries[len(entries)-1].Seq
	}
	return h.render(w, r, http.StatusOK, "audit", p)
}
