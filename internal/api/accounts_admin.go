package api

import (
	"net/http"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// Account administration and one's own sessions and tokens, as the pages
// have them (issue 16, item 5). Credentials themselves — a password, the
// second factor, recovery codes, a new API token — are managed in a
// signed-in browser session only (web/routes_test.go names them): a stolen
// token must not be able to take the account over.

type accountJSON struct {
	ID          int64      `json:"id"`
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Org         string     `json:"org"`
	Role        string     `json:"role" enum:"Roles"`
	Admin       bool       `json:"admin"`
	Disabled    bool       `json:"disabled"`
	DisabledAt  *time.Time `json:"disabled_at,omitempty"`
	TOTPEnabled bool       `json:"totp_enabled"`
	CreatedAt   time.Time  `json:"created_at"`
	Language    string     `json:"language" doc:"the language the account reads napx in and gets its mail in (one of ar, zh, en, fr, ru, es; empty: the browser's)"`
}

func accountOut(a model.Account) accountJSON {
	return accountJSON{ID: a.ID, Email: a.Email, Name: a.Name, Org: a.Org, Role: string(a.Role), Admin: a.Admin, Disabled: a.Disabled,
		DisabledAt: timePtr(a.DisabledAt), TOTPEnabled: a.TOTPEnabled, CreatedAt: a.CreatedAt, Language: a.Language}
}

// accountIn is a new account: its first password is set by whoever makes
// it (the person changes it on first sign-in).
type accountIn struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Org      string `json:"org" doc:"default: your organisation"`
	Role     string `json:"role" enum:"Roles"`
	Password string `json:"password" doc:"at least 12 characters, not a common password"`
}

type disableIn struct {
	Email string `json:"email"`
}

type sessionJSON struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	ClientIP   string    `json:"client_ip"`
	UserAgent  string    `json:"user_agent"`
}

type tokenJSON struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

func (h *Handler) registerAccountAdmin(rt *httpx.Router) {
	rt.Handle("GET", Prefix+"/accounts", h.wrap(h.listAccounts), httpx.Doc(httpx.Op{
		ID: "listAccounts", Tag: "accounts", Summary: "Accounts you manage: your organisation's (coordinators), every one (administrators)",
		Params:    []httpx.Param{{Name: "org", In: "query", Description: "an organisation code (administrators)"}},
		Responses: map[int]httpx.Answer{200: {Description: "the accounts", Schema: listOf("Account")}},
	}))
	rt.Handle("POST", Prefix+"/accounts", h.wrap(h.createAccount), httpx.Doc(httpx.Op{
		ID: "createAccount", Tag: "accounts", Summary: "Make an account (a coordinator for their organisation; administrators)",
		Request: ref("AccountInput"), Responses: map[int]httpx.Answer{201: {Description: "the account", Schema: ref("Account")}},
	}))
	rt.Handle("POST", Prefix+"/accounts/disable", h.wrap(h.disableAccount), httpx.Doc(httpx.Op{
		ID: "disableAccount", Tag: "accounts", Summary: "Disable an account: its sessions and API tokens stop at once",
		Request: ref("AccountDisable"), Responses: map[int]httpx.Answer{200: {Description: "the account", Schema: ref("Account")},
			404: {Description: "no account with this address that you manage", Schema: ref("Error")}},
	}))
	rt.Handle("POST", Prefix+"/accounts/invite", h.wrap(h.inviteAccount), httpx.Doc(httpx.Op{
		ID: "inviteAccount", Tag: "accounts", Summary: "Invite a person: an account without a password and a mailed link to set one (a coordinator for their organisation; administrators)",
		Request: ref("AccountInvite"), Responses: map[int]httpx.Answer{201: {Description: "the account", Schema: ref("Account")}},
	}))
	rt.Handle("POST", Prefix+"/accounts/invite/resend", h.wrap(h.resendInvitation), httpx.Doc(httpx.Op{
		ID: "resendInvitation", Tag: "accounts", Summary: "Mail an invitation again with a new link (the old link stops working)",
		Request: ref("AccountDisable"), Responses: map[int]httpx.Answer{204: {Description: "sent"},
			404: {Description: "no invited account with this address that you manage", Schema: ref("Error")}},
	}))
	rt.Handle("POST", Prefix+"/admin/jobs/{id}/retry", h.wrap(h.retryJob), httpx.Doc(httpx.Op{
		ID: "retryJob", Tag: "accounts", Summary: "Run a discarded or failed background job again (administrators)",
		Params:    []httpx.Param{{Name: "id", In: "path", Required: true, Schema: httpx.Schema{"type": "integer"}}},
		Responses: map[int]httpx.Answer{204: {Description: "queued again"}},
	}))
	rt.Handle("GET", Prefix+"/me/sessions", h.wrap(h.listSessions), httpx.Doc(httpx.Op{
		ID: "listSessions", Tag: "accounts", Summary: "Your open browser sessions",
		Responses: map[int]httpx.Answer{200: {Description: "the sessions", Schema: listOf("AccountSession")}},
	}))
	rt.Handle("DELETE", Prefix+"/me/sessions/{id}", h.wrap(h.revokeSession), httpx.Doc(httpx.Op{
		ID: "revokeSession", Tag: "accounts", Summary: "End one of your browser sessions",
		Params:    []httpx.Param{{Name: "id", In: "path", Required: true, Description: "the session's ID (12 hex digits)", Schema: httpx.Schema{"type": "string"}}},
		Responses: map[int]httpx.Answer{204: {Description: "ended"}},
	}))
	rt.Handle("GET", Prefix+"/me/tokens", h.wrap(h.listTokens), httpx.Doc(httpx.Op{
		ID: "listTokens", Tag: "accounts", Summary: "Your API tokens (never their secrets)",
		Responses: map[int]httpx.Answer{200: {Description: "the tokens", Schema: listOf("APIToken")}},
	}))
	rt.Handle("DELETE", Prefix+"/me/tokens/{id}", h.wrap(h.revokeToken), httpx.Doc(httpx.Op{
		ID: "revokeToken", Tag: "accounts", Summary: "Revoke one of your API tokens",
		Params:    []httpx.Param{{Name: "id", In: "path", Required: true, Schema: httpx.Schema{"type": "integer"}}},
		Responses: map[int]httpx.Answer{204: {Description: "revoked"}},
	}))
}

func (h *Handler) listAccounts(w http.ResponseWriter, r *http.Request) error {
	as, err := h.svc.Accounts.List(r.Context(), service.ViewerFrom(r.Context()), strings.TrimSpace(r.URL.Query().Get("org")))
	if err != nil {
		return err
	}
	items := make([]accountJSON, len(as))
	for i, a := range as {
		items[i] = accountOut(a)
	}
	return writePage(w, r, items, func(a accountJSON) string { return byID(a.ID) })
}

func (h *Handler) createAccount(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	var in accountIn
	if err := decode(r, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Org) == "" {
		in.Org = v.Org()
	}
	return answer(w, http.StatusCreated, accountOut)(h.svc.Accounts.Create(r.Context(), v,
		service.AccountInput{Email: in.Email, Name: in.Name, Org: in.Org, Role: in.Role, Password: in.Password}))
}

// inviteIn is an invitation: the person sets their own password.
type inviteIn struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Org   string `json:"org" doc:"default: your organisation (administrators may name another)"`
	Role  string `json:"role" enum:"Roles"`
	// Language is the new account's and its invitation's.
	Language string `json:"language,omitempty" doc:"one of ar, zh, en, fr, ru, es: the new account's language, in which the invitation is written (default: the request's language)"`
}

func (h *Handler) inviteAccount(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	var in inviteIn
	if err := decode(r, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Org) == "" {
		in.Org = v.Org()
	}
	return answer(w, http.StatusCreated, accountOut)(h.svc.Accounts.Invite(r.Context(), v, service.InviteInput{Email: in.Email, Name: in.Name, Org: in.Org, Role: in.Role,
		Language: in.Language}))
}

func (h *Handler) resendInvitation(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	var in disableIn
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := h.svc.Accounts.ResendInvitation(r.Context(), v, in.Email); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) retryJob(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	var none noBody
	if err := decodeOptional(r, &none); err != nil {
		return err
	}
	if err := h.svc.Jobs.Retry(r.Context(), service.ViewerFrom(r.Context()), id[0]); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) disableAccount(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	var in disableIn
	if err := decode(r, &in); err != nil {
		return err
	}
	return answer(w, http.StatusOK, accountOut)(h.svc.Accounts.Disable(r.Context(), v, in.Email))
}

func (h *Handler) listSessions(w http.ResponseWriter, r *http.Request) error {
	ss, err := h.svc.Accounts.Sessions(r.Context(), service.ViewerFrom(r.Context()), "")
	if err != nil {
		return err
	}
	items := make([]sessionJSON, len(ss))
	for i, s := range ss {
		items[i] = sessionJSON{ID: s.ID, CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt, ExpiresAt: s.ExpiresAt, ClientIP: s.ClientIP, UserAgent: s.UserAgent}
	}
	return writePage(w, r, items, func(s sessionJSON) string { return s.ID })
}

func (h *Handler) revokeSession(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	var none noBody
	if err := decodeOptional(r, &none); err != nil {
		return err
	}
	if err := h.svc.Accounts.RevokeSession(r.Context(), v, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) listTokens(w http.ResponseWriter, r *http.Request) error {
	ts, err := h.svc.Accounts.Tokens(r.Context(), service.ViewerFrom(r.Context()))
	if err != nil {
		return err
	}
	items := make([]tokenJSON, len(ts))
	for i, t := range ts {
		items[i] = tokenJSON{ID: t.ID, Name: t.Name, Prefix: t.Prefix, CreatedAt: t.CreatedAt, LastUsedAt: timePtr(t.LastUsedAt), RevokedAt: timePtr(t.RevokedAt)}
	}
	return writePage(w, r, items, func(t tokenJSON) string { return byID(t.ID) })
}

func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	var none noBody
	if err := decodeOptional(r, &none); err != nil {
		return err
	}
	if err := h.svc.Accounts.RevokeToken(r.Context(), service.ViewerFrom(r.Context()), id[0]); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
