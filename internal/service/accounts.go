package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/alexedwards/argon2id"

	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/store"
)

// AuthOptions tune sign-in. The zero value is production's.
type AuthOptions struct {
	// HashParams are the argon2id costs; nil for OWASP's recommendation
	// (19 MiB, 2 passes). Tests pass cheap ones.
	HashParams *argon2id.Params
	// RequireTOTP obliges coordinators and admins to enrol a second factor.
	RequireTOTP bool
	// SessionIdle ends a session unused for this long (default 2 hours).
	SessionIdle time.Duration
	// SessionMax ends a session this long after sign-in (default 12 hours).
	SessionMax time.Duration
}

// Accounts is sign-in, sessions, API tokens, the second factor and
// account administration.
type Accounts struct {
	db     *store.DB
	cat    *refdata.Catalog
	now    func() time.Time
	log    *slog.Logger
	opts   AuthOptions
	params *argon2id.Params
	dummy  string // a hash to compare against when the e-mail is unknown

	metrics *serviceMetrics
	refused refusals
	notify  *Notifications
	jobs    *Jobs
}

func newAccounts(d Deps, opts AuthOptions) *Accounts {
	a := &Accounts{db: d.DB, cat: d.Catalog, now: d.Now, log: d.Log, opts: opts, params: opts.HashParams, metrics: newServiceMetrics(d.Metrics)}
	if a.params == nil {
		a.params = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	}
	if a.opts.SessionIdle == 0 {
		a.opts.SessionIdle = 2 * time.Hour
	}
	if a.opts.SessionMax == 0 {
		a.opts.SessionMax = 12 * time.Hour
	}
	h, err := argon2id.CreateHash("napx-timing-equaliser", a.params)
	if err != nil {
		panic(err) // only when the system has no randomness
	}
	a.dummy = h
	return a
}

// Options returns the sign-in options in force.
func (a *Accounts) Options() AuthOptions { return a.opts }

// ViewerOf builds the viewer of an account: its organisation's kind and
// the groups the organisation is in.
func (a *Accounts) ViewerOf(acc model.Account) model.Viewer {
	v := model.Viewer{Account: &acc}
	if o, ok := a.cat.Org(acc.Org); ok {
		v.OrgKind = o.Kind
	}
	for _, m := range a.cat.GroupsOf(acc.Org) {
		v.Groups = append(v.Groups, m.Group.Code)
	}
	return v
}

// AccountInput is a new account.
type AccountInput struct {
	Email    string
	Name     string
	Org      string
	Role     string
	Admin    bool
	Password string
}

func (a *Accounts) validate(in AccountInput) (model.Account, model.Problems) {
	p := model.Problems{}
	acc := model.Account{Email: strings.ToLower(strings.TrimSpace(in.Email)), Name: strings.TrimSpace(in.Name),
		Org: strings.ToUpper(strings.TrimSpace(in.Org)), Role: model.Role(strings.TrimSpace(in.Role)), Admin: in.Admin}
	if !model.EmailAddress(acc.Email) {
		p.Add("email", "enter an e-mail address such as name@example.org")
	}
	acc.Name = model.Line(p, "name", acc.Name, 200)
	if _, ok := a.cat.Org(acc.Org); !ok {
		p.Add("org", "there is no organisation with the code %q (a State's code is its alpha-3 code, e.g. HRV)", in.Org)
	}
	if !acc.Role.Valid() {
		p.Add("role", "choose viewer, editor or coordinator")
	}
	for k, v := range passwordProblems(in.Password, acc.Email) {
		p.Add(k, "%s", v)
	}
	return acc, p
}

// canManage reports whether by may administer accounts of org: napx
// itself, an administrator, or the organisation's coordinator.
func canManage(by model.Viewer, org string) bool {
	return by.IsSystem() || by.IsAdmin() || (by.Org() == org && by.Role() == model.RoleCoordinator)
}

// accountAudit is an account as the audit log records it: no secrets.
type accountAudit struct {
	ID       int64  `json:"id"`
	Email    string `json:"email"`
	Name     string `json:"name,omitempty"`
	Org      string `json:"org"`
	Role     string `json:"role"`
	Admin    bool   `json:"admin"`
	Disabled bool   `json:"disabled"`
	TOTP     bool   `json:"totp"`
}

func auditAccount(acc model.Account) accountAudit {
	return accountAudit{acc.ID, acc.Email, acc.Name, acc.Org, string(acc.Role), acc.Admin, acc.Disabled, acc.TOTPEnabled}
}

// Create adds an account. Only napx itself (the command line), an
// administrator, or the organisation's coordinator may; only the first
// two may make administrators.
func (a *Accounts) Create(ctx context.Context, by model.Viewer, in AccountInput) (model.Account, error) {
	acc, p := a.validate(in)
	if len(p) > 0 {
		return model.Account{}, p
	}
	if !canManage(by, acc.Org) || (acc.Admin && !by.IsSystem() && !by.IsAdmin()) {
		if !by.SignedIn() && !by.IsSystem() {
			return model.Account{}, model.ErrUnauthenticated
		}
		return model.Account{}, model.ErrForbidden
	}
	hash, err := argon2id.CreateHash(in.Password, a.params)
	if err != nil {
		return model.Account{}, fmt.Errorf("hash password: %w", err)
	}
	err = a.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateAccount(ctx, &acc, hash); err != nil {
			if store.IsUniqueViolation(err) {
				return model.Problems{"email": "an account with this e-mail address already exists"}
			}
			return err
		}
		return tx.Audit(ctx, by, store.AuditRecord{Action: "account.create", Kind: "account", RecordID: acc.ID,
			Summary: fmt.Sprintf("account %s created for %s as %s", acc.Email, acc.Org, acc.Role), After: auditAccount(acc)})
	})
	if err != nil {
		return model.Account{}, err
	}
	return acc, nil
}

// List returns the accounts by may see: all for napx itself and
// administrators, their organisation's for coordinators.
func (a *Accounts) List(ctx context.Context, by model.Viewer, org string) ([]model.Account, error) {
	switch {
	case by.IsSystem() || by.IsAdmin():
	case by.Role() == model.RoleCoordinator && (org == "" || strings.EqualFold(org, by.Org())):
		org = by.Org()
	case !by.SignedIn():
		return nil, model.ErrUnauthenticated
	default:
		return nil, model.ErrForbidden
	}
	return a.db.Accounts(ctx, store.AccountFilter{Org: strings.ToUpper(org)})
}

// byEmail finds an account that by may manage; ErrNotFound otherwise
// (also for anything that is not an e-mail address, which is never looked
// up: PostgreSQL refuses some bytes a request can carry).
func (a *Accounts) byEmail(ctx context.Context, by model.Viewer, email string) (model.Account, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if !model.EmailAddress(email) {
		return model.Account{}, model.ErrNotFound
	}
	acc, _, err := a.db.AccountByEmail(ctx, email)
	if err != nil {
		return model.Account{}, err
	}
	if !canManage(by, acc.Org) {
		return model.Account{}, model.ErrNotFound
	}
	return acc, nil
}

// Disable turns an account off: its sessions and API tokens stop working
// at once.
func (a *Accounts) Disable(ctx context.Context, by model.Viewer, email string) (model.Account, error) {
	acc, err := a.byEmail(ctx, by, email)
	if err != nil {
		return acc, err
	}
	before := acc
	err = a.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.SetAccountDisabled(ctx, acc.ID, true); err != nil {
			return err
		}
		if _, err := tx.RevokeSessions(ctx, acc.ID); err != nil {
			return err
		}
		if _, err := tx.RevokeAPITokens(ctx, acc.ID); err != nil {
			return err
		}
		acc.Disabled, acc.DisabledAt = true, tx.Now()
		return tx.Audit(ctx, by, store.AuditRecord{Action: "account.disable", Kind: "account", RecordID: acc.ID,
			Summary: "account " + acc.Email + " disabled; its sessions and tokens revoked", Before: auditAccount(before), After: auditAccount(acc)})
	})
	return acc, err
}

// SetPassword replaces an account's password (by napx itself, an
// administrator or the organisation's coordinator). Its sessions end.
func (a *Accounts) SetPassword(ctx context.Context, by model.Viewer, email, password string) error {
	acc, err := a.byEmail(ctx, by, email)
	if err != nil {
		return err
	}
	return a.setPassword(ctx, by, acc, password)
}

func (a *Accounts) setPassword(ctx context.Context, by model.Viewer, acc model.Account, password string) error {
	if p := passwordProblems(password, acc.Email); len(p) > 0 {
		return p
	}
	hash, err := argon2id.CreateHash(password, a.params)
	if err != nil {
		return err
	}
	return a.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.SetAccountPassword(ctx, acc.ID, hash); err != nil {
			return err
		}
		if _, err := tx.RevokeSessions(ctx, acc.ID); err != nil {
			return err
		}
		if err := a.notify.security(ctx, tx, acc, "svcnotices.security.password"); err != nil {
			return err
		}
		return tx.Audit(ctx, by, store.AuditRecord{Action: "account.password", Kind: "account", RecordID: acc.ID,
			Summary: "password of " + acc.Email + " changed; its sessions ended"})
	})
}

// ChangeOwnPassword lets a signed-in person change their password, given
// the current one.
func (a *Accounts) ChangeOwnPassword(ctx context.Context, v model.Viewer, current, next string) error {
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	s, err := a.db.AccountSecrets(ctx, v.ID())
	if err != nil {
		return err
	}
	if ok, _ := argon2id.ComparePasswordAndHash(current, s.PasswordHash); !ok {
		return model.Problems{"current": "this is not your current password"}
	}
	return a.setPassword(ctx, v, *v.Account, next)
}

// newSecret returns n random bytes as URL-safe base64 without padding.
func newSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how session and API tokens are kept: SHA-256, hex. The
// tokens are 256-bit random values, so a fast hash is enough.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SignInResult is the outcome of a correct password.
type SignInResult struct {
	Token    string // the session token for the cookie
	NeedTOTP bool   // the second factor comes next (the session is not usable yet)
	Account  model.Account
}

// ErrThrottled is returned while sign-in is locked after too many failures.
type ErrThrottled struct{ Until time.Time }

func (e *ErrThrottled) Error() string {
	return "too many failed sign-in attempts; try again after " + e.Until.UTC().Format("15:04 UTC")
}

// ErrBadCredentials is the one answer to a wrong e-mail or password: the
// two are never told apart.
var ErrBadCredentials = errors.New("the e-mail address or the password is not right")

// SignIn checks an e-mail address and a password. It takes the same time
// whether the address exists or not, throttles failures (throttle.go),
// and records each attempt: a failure for an account in the audit log,
// a failure for an address without an account and an attempt while
// locked as refusals (counted; audited at most once a minute per client).
func (a *Accounts) SignIn(ctx context.Context, email, password, clientIP, userAgent string) (SignInResult, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	shown := model.CleanLine(email, refusalTextMax) // for the records
	now := a.now().UTC()
	keys := keysFor(email, clientIP)
	l, err := a.locksOf(ctx, now, keys)
	if err != nil {
		return SignInResult{}, err
	}
	if until := l.others(); !until.IsZero() {
		a.refuse(ctx, model.Anonymous, "auth.signin.throttled", "", clientIP, "sign-in for "+shown+" refused while locked after too many failures (client "+clientIP+")")
		return SignInResult{}, &ErrThrottled{Until: until}
	}
	var acc model.Account
	var secrets store.AccountSecrets
	known := false
	if model.EmailAddress(email) {
		acc, secrets, err = a.db.AccountByEmail(ctx, email)
		known = err == nil
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return SignInResult{}, err
		}
	}
	hash := a.dummy
	if known {
		hash = secrets.PasswordHash
	}
	match, herr := argon2id.ComparePasswordAndHash(password, hash)
	if herr != nil {
		match = false
	}
	ok := known && match && !acc.Disabled
	if !l.account.IsZero() && !(ok && acc.TOTPEnabled) {
		// The account is locked by failures from anywhere; only the
		// password and the second factor together get past that.
		if !ok {
			a.fail(ctx, now, keys)
		}
		a.refuse(ctx, model.Anonymous, "auth.signin.throttled", "", clientIP, "sign-in for "+shown+" refused while the account is locked after too many failures (client "+clientIP+")")
		return SignInResult{}, &ErrThrottled{Until: l.account}
	}
	if !ok {
		a.fail(ctx, now, keys)
		switch {
		case !known:
			a.refuse(ctx, model.Anonymous, "auth.signin.failed", "", clientIP, "failed sign-in for "+shown+": no such account (client "+clientIP+")")
		default:
			reason := "wrong password"
			if acc.Disabled && match {
				reason = "account disabled"
			}
			a.auditEvent(ctx, model.Anonymous, "auth.signin.failed", email, "failed sign-in for "+email+": "+reason+" (client "+clientIP+")")
		}
		return SignInResult{}, ErrBadCredentials
	}
	token := newSecret(32)
	stage, expires := "full", now.Add(a.opts.SessionMax)
	if acc.TOTPEnabled {
		stage, expires = "totp", now.Add(totpStageMax)
	}
	err = a.db.Write(ctx, func(tx *store.Tx) error {
		if stage == "full" {
			if err := succeeded(ctx, tx, keys); err != nil {
				return err
			}
		}
		if err := tx.CreateSession(ctx, store.Session{TokenHash: HashToken(token), AccountID: acc.ID, Stage: stage,
			CreatedAt: now, ExpiresAt: expires, ClientIP: model.CleanLine(clientIP, 60), UserAgent: model.CleanLine(userAgent, 300)}); err != nil {
			return err
		}
		summary := "signed in"
		if stage == "totp" {
			summary = "password accepted; second factor pending"
		} else if err := a.notify.security(ctx, tx, acc, "svcnotices.security.signin", model.ArgText(clientIP)); err != nil {
			return err
		}
		return tx.Audit(ctx, a.ViewerOf(acc), store.AuditRecord{Action: "auth.signin", Kind: "account", RecordID: acc.ID,
			Summary: summary + " (client " + clientIP + ")"})
	})
	if err != nil {
		return SignInResult{}, err
	}
	return SignInResult{Token: token, NeedTOTP: stage == "totp", Account: acc}, nil
}

// SessionInfo describes the session behind a request.
type SessionInfo struct {
	TokenHash string
	Stage     string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Authenticate returns the viewer of a session token. A session that is
// unknown, revoked, idle too long, past its absolute expiry, or whose
// account is disabled, is ErrUnauthenticated. A session still waiting for
// its second factor is returned with Stage "totp" and an anonymous viewer.
func (a *Accounts) Authenticate(ctx context.Context, token string) (model.Viewer, SessionInfo, error) {
	if token == "" || len(token) > 100 {
		return model.Anonymous, SessionInfo{}, model.ErrUnauthenticated
	}
	h := HashToken(token)
	s, err := a.db.Session(ctx, h)
	if err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return model.Anonymous, SessionInfo{}, model.ErrUnauthenticated
		}
		return model.Anonymous, SessionInfo{}, err
	}
	now := a.now().UTC()
	if !s.RevokedAt.IsZero() || !now.Before(s.ExpiresAt) || (s.Stage == "full" && now.Sub(s.LastSeenAt) > a.opts.SessionIdle) {
		return model.Anonymous, SessionInfo{}, model.ErrUnauthenticated
	}
	acc, err := a.db.Account(ctx, s.AccountID)
	if err != nil || acc.Disabled {
		return model.Anonymous, SessionInfo{}, model.ErrUnauthenticated
	}
	info := SessionInfo{TokenHash: h, Stage: s.Stage, CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt}
	if s.Stage != "full" {
		return model.Anonymous, info, nil
	}
	if now.Sub(s.LastSeenAt) > time.Minute {
		if err := a.db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.TouchSession(ctx, h, now) }); err != nil {
			a.log.Warn("touch session", "err", err)
		}
	}
	v := a.ViewerOf(acc)
	v.AuthMethod, v.AuthIssuer, v.AuthMFA = s.AuthMethod, s.AuthIssuer, s.AuthMFA
	return v, info, nil
}

// PendingAccount returns the account of a session waiting for its second
// factor.
func (a *Accounts) PendingAccount(ctx context.Context, token string) (model.Account, error) {
	_, info, err := a.Authenticate(ctx, token)
	if err != nil {
		return model.Account{}, err
	}
	if info.Stage != "totp" {
		return model.Account{}, model.ErrUnauthenticated
	}
	s, err := a.db.Session(ctx, info.TokenHash)
	if err != nil {
		return model.Account{}, err
	}
	return a.db.Account(ctx, s.AccountID)
}

// AuthenticateToken returns the viewer of an API bearer token.
func (a *Accounts) AuthenticateToken(ctx context.Context, token string) (model.Viewer, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 100 {
		return model.Anonymous, model.ErrUnauthenticated
	}
	t, err := a.db.APITokenByHash(ctx, HashToken(token))
	if err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return model.Anonymous, model.ErrUnauthenticated
		}
		return model.Anonymous, err
	}
	if !t.RevokedAt.IsZero() {
		return model.Anonymous, model.ErrUnauthenticated
	}
	acc, err := a.db.Account(ctx, t.AccountID)
	if err != nil || acc.Disabled {
		return model.Anonymous, model.ErrUnauthenticated
	}
	now := a.now().UTC()
	if now.Sub(t.LastUsedAt) > time.Minute {
		if err := a.db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.TouchAPIToken(ctx, t.ID, now) }); err != nil {
			a.log.Warn("touch token", "err", err)
		}
	}
	v := a.ViewerOf(acc)
	v.AuthMethod = "token"
	return v, nil
}

// SignOut ends the session of token.
func (a *Accounts) SignOut(ctx context.Context, v model.Viewer, token string) error {
	s, err := a.db.Session(ctx, HashToken(token))
	if err != nil {
		return nil // nothing to end
	}
	return a.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeSession(ctx, s.AccountID, s.TokenHash); err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "auth.signout", Kind: "account", RecordID: s.AccountID, Summary: "signed out"})
	})
}

// Session is a session as its owner sees it on the account page.
type Session struct {
	ID         string // the first 12 hex digits of the token's hash
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	ClientIP   string
	UserAgent  string
	Current    bool
	// How it signed in: "password" or "oidc", the provider's issuer, and
	// whether the provider asserted several factors.
	AuthMethod string
	AuthIssuer string
	AuthMFA    bool
}

// Sessions lists the viewer's open sessions.
func (a *Accounts) Sessions(ctx context.Context, v model.Viewer, currentHash string) ([]Session, error) {
	if !v.SignedIn() {
		return nil, model.ErrUnauthenticated
	}
	ss, err := a.db.Sessions(ctx, v.ID(), a.now().UTC())
	if err != nil {
		return nil, err
	}
	out := []Session{}
	for _, s := range ss {
		if a.now().UTC().Sub(s.LastSeenAt) > a.opts.SessionIdle {
			continue
		}
		out = append(out, Session{ID: s.TokenHash[:12], CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt, ExpiresAt: s.ExpiresAt,
			ClientIP: s.ClientIP, UserAgent: s.UserAgent, Current: s.TokenHash == currentHash, AuthMethod: s.AuthMethod, AuthIssuer: s.AuthIssuer, AuthMFA: s.AuthMFA})
	}
	return out, nil
}

// RevokeSession ends one of the viewer's sessions, named by its ID.
func (a *Accounts) RevokeSession(ctx context.Context, v model.Viewer, id string) error {
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	ss, err := a.db.Sessions(ctx, v.ID(), a.now().UTC())
	if err != nil {
		return err
	}
	for _, s := range ss {
		if len(id) == 12 && strings.HasPrefix(s.TokenHash, id) {
			return a.db.Write(ctx, func(tx *store.Tx) error {
				if err := tx.RevokeSession(ctx, v.ID(), s.TokenHash); err != nil {
					return err
				}
				return tx.Audit(ctx, v, store.AuditRecord{Action: "session.revoke", Kind: "account", RecordID: v.ID(),
					Summary: "session " + id + " (" + s.ClientIP + ") revoked"})
			})
		}
	}
	return model.ErrNotFound
}

// APIToken is an account's API token as its owner sees it (no secret).
type APIToken = store.APIToken

// tokenPrefix starts every API token, so that a leaked one is easy to
// recognise (and to search for in code and logs).
const tokenPrefix = "napx_"

// CreateToken makes a new API token for the account with email, named
// name, and returns it: the only time it is shown. A person makes their
// own; napx itself (the command line) and administrators make any.
func (a *Accounts) CreateToken(ctx context.Context, by model.Viewer, email, name string) (string, APIToken, error) {
	if !model.EmailAddress(strings.ToLower(strings.TrimSpace(email))) {
		return "", APIToken{}, model.ErrNotFound
	}
	acc, _, err := a.db.AccountByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return "", APIToken{}, err
	}
	if !by.IsSystem() && !by.IsAdmin() && by.ID() != acc.ID {
		return "", APIToken{}, model.ErrNotFound
	}
	if acc.Disabled {
		return "", APIToken{}, model.Problems{"email": "the account is disabled"}
	}
	p := model.Problems{}
	if name = model.Line(p, "name", name, 100); len(p) > 0 {
		return "", APIToken{}, p
	}
	if name == "" {
		name = "API token " + a.now().UTC().Format("2006-01-02")
	}
	token := tokenPrefix + newSecret(32)
	t := store.APIToken{AccountID: acc.ID, Name: name, Prefix: token[:len(tokenPrefix)+6]}
	err = a.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateAPIToken(ctx, &t, HashToken(token)); err != nil {
			return err
		}
		if err := a.notify.security(ctx, tx, acc, "svcnotices.security.token", model.ArgText(name)); err != nil {
			return err
		}
		return tx.Audit(ctx, by, store.AuditRecord{Action: "token.create", Kind: "account", RecordID: acc.ID,
			Summary: fmt.Sprintf("API token %q (%s…) created for %s", name, t.Prefix, acc.Email)})
	})
	if err != nil {
		return "", APIToken{}, err
	}
	return token, t, nil
}

// Tokens lists the viewer's API tokens.
func (a *Accounts) Tokens(ctx context.Context, v model.Viewer) ([]APIToken, error) {
	if !v.SignedIn() {
		return nil, model.ErrUnauthenticated
	}
	return a.db.APITokens(ctx, v.ID())
}

// RevokeToken revokes one of the viewer's API tokens.
func (a *Accounts) RevokeToken(ctx context.Context, v model.Viewer, id int64) error {
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	return a.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeAPIToken(ctx, v.ID(), id); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "token.revoke", Kind: "account", RecordID: v.ID(),
			Summary: fmt.Sprintf("API token %d revoked", id)})
	})
}

// MustEnrol reports whether the viewer has to enrol a second factor before
// doing anything else (the RequireTOTP setting, for coordinators and
// administrators).
func (a *Accounts) MustEnrol(v model.Viewer) bool {
	return a.opts.RequireTOTP && v.SignedIn() && !v.Account.TOTPEnabled && !v.AuthMFA &&
		(v.Role() == model.RoleCoordinator || v.IsAdmin())
}

// base32NoPad is how TOTP secrets are written.
var base32NoPad = base32.StdEncoding.WithPadding(base32.NoPadding)

// constantTimeEqual compares two strings without leaking where they differ.
func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Sweep deletes sessions that ended more than a day ago.
func (a *Accounts) Sweep(ctx context.Context) (int64, error) {
	var n int64
	err := a.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.DeleteExpiredSessions(ctx, a.now().UTC().Add(-24*time.Hour))
		return err
	})
	return n, err
}
