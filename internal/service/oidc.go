package service

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"napx/internal/model"
	"napx/internal/store"
)

// Sign-in through an organisation's OpenID provider (issue 19). The
// provider's discovery document and keys come from
// github.com/coreos/go-oidc (its remote key set fetches the JWKS again when
// a token names a key it does not know: rotation), the code exchange with
// PKCE from golang.org/x/oauth2. napx keeps the rules: which organisations
// and e-mail domains a provider vouches for, how an identity is linked to
// an account (issuer and subject, never the e-mail alone), and that roles
// are napx's.

// OIDCFlowValidity is how long a sign-in at the provider may take.
const OIDCFlowValidity = 10 * time.Minute

// signingAlgs are the only token signatures napx accepts: asymmetric ones.
// "none" and HMAC (HS256 with the public key as the secret) never pass,
// whatever the provider's discovery document says.
var signingAlgs = []string{oidc.RS256, oidc.RS384, oidc.RS512, oidc.ES256, oidc.ES384, oidc.ES512, oidc.PS256, oidc.PS384, oidc.PS512, oidc.EdDSA}

// OIDC is sign-in through organisations' OpenID providers.
type OIDC struct {
	db       *store.DB
	accounts *Accounts
	now      func() time.Time
	baseURL  string
	// Client makes the requests to providers (discovery, keys, tokens);
	// tests may replace it. Its timeout bounds a provider that hangs.
	Client *http.Client
	// TokenNow is the clock ID tokens' times are checked against: the
	// providers' clocks are real, so it is the real time, not the
	// services' (which tests fix).
	TokenNow func() time.Time

	mu    sync.Mutex
	cache map[int64]cachedProvider
}

type cachedProvider struct {
	issuer string
	p      *oidc.Provider
	at     time.Time
}

// discoveryTTL is how long a discovery document is kept.
const discoveryTTL = time.Hour

func newOIDC(d Deps, accounts *Accounts) *OIDC {
	return &OIDC{db: d.DB, accounts: accounts, now: d.Now, baseURL: strings.TrimRight(d.BaseURL, "/"),
		Client: &http.Client{Timeout: 10 * time.Second}, TokenNow: time.Now, cache: map[int64]cachedProvider{}}
}

// OIDCProvider is a provider as the administrator sees it (no secret).
type OIDCProvider struct {
	ID      int64
	Name    string
	Issuer  string
	Client  string
	Domains []string
	Orgs    []string
	Created time.Time
}

func providerView(p store.OIDCProvider) OIDCProvider {
	return OIDCProvider{ID: p.ID, Name: p.Name, Issuer: p.Issuer, Client: p.ClientID, Domains: p.Domains, Orgs: p.Orgs, Created: p.CreatedAt}
}

// OIDCProviderInput is a provider to add.
type OIDCProviderInput struct {
	Name         string
	Issuer       string
	ClientID     string
	ClientSecret string
	Orgs         []string // organisation codes
	Domains      []string // the e-mail domains it vouches for
}

func isAdminish(v model.Viewer) bool { return v.IsSystem() || v.IsAdmin() }

func (o *OIDC) allowed(v model.Viewer) error {
	switch {
	case isAdminish(v):
		return nil
	case !v.SignedIn():
		return model.ErrUnauthenticated
	default:
		return model.ErrForbidden
	}
}

// loopbackHost reports whether host names this machine (http is allowed
// only there: a provider started by tests or on the same host).
func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (o *OIDC) validate(in OIDCProviderInput) (store.OIDCProvider, model.Problems) {
	p := model.Problems{}
	sp := store.OIDCProvider{Name: model.Line(p, "name", strings.TrimSpace(in.Name), 100), Issuer: strings.TrimRight(strings.TrimSpace(in.Issuer), "/"),
		ClientID: strings.TrimSpace(in.ClientID), ClientSecret: strings.TrimSpace(in.ClientSecret)}
	if u, err := url.Parse(sp.Issuer); err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" ||
		!(u.Scheme == "https" || (u.Scheme == "http" && loopbackHost(u.Hostname()))) {
		p.Add("issuer", "enter the provider's issuer address, https://… (as in its /.well-known/openid-configuration)")
	} else if len(sp.Issuer) > 500 {
		p.Add("issuer", "the issuer address is longer than 500 characters")
	}
	if sp.ClientID == "" || len(sp.ClientID) > 300 || !printable(sp.ClientID) || model.LineProblem(sp.ClientID, 300) != "" {
		p.Add("client_id", "enter the client ID napx was given at the provider")
	}
	if sp.ClientSecret == "" || len(sp.ClientSecret) > 1000 || !printable(sp.ClientSecret) || model.LineProblem(sp.ClientSecret, 1000) != "" {
		p.Add("client_secret", "enter the client secret napx was given at the provider")
	}
	for _, org := range in.Orgs {
		org = strings.ToUpper(strings.TrimSpace(org))
		if org == "" {
			continue
		}
		if _, ok := o.accounts.cat.Org(org); !ok {
			p.Add("org", "there is no organisation with the code %q", model.CleanLine(org, 20))
			continue
		}
		if !slices.Contains(sp.Orgs, org) {
			sp.Orgs = append(sp.Orgs, org)
		}
	}
	if len(sp.Orgs) == 0 && p["org"] == "" {
		p.Add("org", "name at least one organisation whose people sign in through this provider")
	}
	for _, d := range in.Domains {
		for _, d := range strings.FieldsFunc(d, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
			d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))
			if !model.EmailAddress("x@" + d) {
				p.Add("domains", "%q is not an e-mail domain (such as mfa.gov.hr)", model.CleanLine(d, 60))
				continue
			}
			if !slices.Contains(sp.Domains, d) {
				sp.Domains = append(sp.Domains, d)
			}
		}
	}
	if len(sp.Domains) == 0 && p["domains"] == "" {
		p.Add("domains", "name the e-mail domains this provider may vouch for")
	}
	if sp.Name == "" && len(sp.Orgs) > 0 {
		sp.Name = o.accounts.cat.OrgName(sp.Orgs[0])
	}
	return sp, p
}

// AddProvider links an issuer to organisations (administrators and napx
// itself). The issuer's discovery document must answer: a provider napx
// cannot reach is refused now, not at the first sign-in.
func (o *OIDC) AddProvider(ctx context.Context, by model.Viewer, in OIDCProviderInput) (OIDCProvider, error) {
	if err := o.allowed(by); err != nil {
		return OIDCProvider{}, err
	}
	sp, p := o.validate(in)
	if len(p) > 0 {
		return OIDCProvider{}, p
	}
	if _, err := oidc.NewProvider(oidc.ClientContext(ctx, o.Client), sp.Issuer); err != nil {
		o.accounts.log.Warn("OpenID discovery failed", "issuer", sp.Issuer, "err", err)
		return OIDCProvider{}, model.Problems{"issuer": "napx could not read this provider's discovery document (" + sp.Issuer + "/.well-known/openid-configuration): check the address and that the provider is up"}
	}
	err := o.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateOIDCProvider(ctx, &sp); err != nil {
			if store.IsUniqueViolation(err) {
				return model.Problems{"issuer": "this issuer is already configured; remove it first to change it"}
			}
			return err
		}
		return tx.Audit(ctx, by, store.AuditRecord{Action: "oidc.provider.add", Kind: "oidc-provider", RecordID: fmt.Sprint(sp.ID),
			Summary: fmt.Sprintf("OpenID provider %s (%s) added for %s, vouching for %s", sp.Name, sp.Issuer, strings.Join(sp.Orgs, ", "), strings.Join(sp.Domains, ", ")),
			After:   providerView(sp)})
	})
	if err != nil {
		return OIDCProvider{}, err
	}
	return providerView(sp), nil
}

// RemoveProvider removes a provider; its people sign in with passwords
// (if they have one) until it is added again.
func (o *OIDC) RemoveProvider(ctx context.Context, by model.Viewer, id int64) error {
	if err := o.allowed(by); err != nil {
		return err
	}
	p, err := o.db.OIDCProvider(ctx, id)
	if err != nil {
		return err
	}
	err = o.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteOIDCProvider(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, by, store.AuditRecord{Action: "oidc.provider.remove", Kind: "oidc-provider", RecordID: fmt.Sprint(id),
			Summary: "OpenID provider " + p.Name + " (" + p.Issuer + ") removed", Before: providerView(p)})
	})
	o.mu.Lock()
	delete(o.cache, id)
	o.mu.Unlock()
	return err
}

// Providers lists the providers (administrators and napx itself).
func (o *OIDC) Providers(ctx context.Context, by model.Viewer) ([]OIDCProvider, error) {
	if err := o.allowed(by); err != nil {
		return nil, err
	}
	ps, err := o.db.OIDCProviders(ctx)
	if err != nil {
		return nil, err
	}
	out := []OIDCProvider{}
	for _, p := range ps {
		out = append(out, providerView(p))
	}
	return out, nil
}

// ProviderChoice is a "Sign in with …" button.
type ProviderChoice struct {
	ID   int64
	Name string
}

// ForEmail returns the providers that vouch for the domain of email (the
// sign-in page's buttons). Anyone may ask: which organisations sign in
// through a provider is no secret, and the answer does not depend on
// whether the address has an account.
func (o *OIDC) ForEmail(ctx context.Context, email string) ([]ProviderChoice, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	at := strings.LastIndexByte(email, '@')
	if !model.EmailAddress(email) || at < 0 {
		return []ProviderChoice{}, nil
	}
	ps, err := o.db.OIDCProviders(ctx)
	if err != nil {
		return nil, err
	}
	out := []ProviderChoice{}
	for _, p := range ps {
		if slices.Contains(p.Domains, email[at+1:]) {
			out = append(out, ProviderChoice{ID: p.ID, Name: p.Name})
		}
	}
	return out, nil
}

// provider returns the discovered provider of p, from the cache when the
// discovery is recent.
func (o *OIDC) provider(ctx context.Context, p store.OIDCProvider) (*oidc.Provider, error) {
	o.mu.Lock()
	c, ok := o.cache[p.ID]
	o.mu.Unlock()
	if ok && c.issuer == p.Issuer && o.now().Sub(c.at) < discoveryTTL {
		return c.p, nil
	}
	// The key set keeps the client of this context for its later fetches.
	dp, err := oidc.NewProvider(oidc.ClientContext(context.WithoutCancel(ctx), o.Client), p.Issuer)
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	o.cache[p.ID] = cachedProvider{issuer: p.Issuer, p: dp, at: o.now()}
	o.mu.Unlock()
	return dp, nil
}

// RedirectURL is the address providers send the browser back to (to
// register at the provider).
func (o *OIDC) RedirectURL() string { return o.baseURL + "/signin/oidc/callback" }

func (o *OIDC) oauth(p store.OIDCProvider, dp *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: p.ClientID, ClientSecret: p.ClientSecret, Endpoint: dp.Endpoint(), RedirectURL: o.RedirectURL(),
		Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// OIDCRefusal is a sign-in through a provider that napx refused: Reason
// is the sentence the page shows; nothing was linked or signed in.
type OIDCRefusal struct {
	Status int
	Reason string
}

func (e *OIDCRefusal) Error() string { return e.Reason }

// refuseOIDC records a refusal (audited under auth.oidc.refused.KEY,
// counted, at most once a minute per client and key) and returns it.
func (o *OIDC) refuseOIDC(ctx context.Context, key, client string, status int, reason, detail string) error {
	o.accounts.refuse(ctx, model.Anonymous, "auth.oidc.refused."+key, "", client,
		"sign-in through an OpenID provider refused: "+model.CleanLine(detail, refusalTextMax)+" (client "+model.CleanLine(client, 60)+")")
	return &OIDCRefusal{Status: status, Reason: reason}
}

// OIDCStart is where the browser goes to sign in at the provider, and
// the value of the cookie that binds the flow to the browser.
type OIDCStart struct {
	URL  string
	Flow string
}

// Begin starts a sign-in at provider id: a flow bound to the browser
// (its cookie), with state, nonce and a PKCE verifier that only napx
// knows. inviteToken, when given, is an invitation link's token: the
// first sign-in links the identity to the invited account.
func (o *OIDC) Begin(ctx context.Context, id int64, next, inviteToken, client string) (OIDCStart, error) {
	p, err := o.db.OIDCProvider(ctx, id)
	if errors.Is(err, model.ErrNotFound) {
		return OIDCStart{}, &OIDCRefusal{Status: http.StatusNotFound, Reason: "There is no such sign-in provider. Go back to the sign-in page and choose again."}
	}
	if err != nil {
		return OIDCStart{}, err
	}
	dp, err := o.provider(ctx, p)
	if err != nil {
		return OIDCStart{}, o.refuseOIDC(ctx, "provider", client, http.StatusBadGateway,
			"napx could not reach "+p.Name+"'s sign-in service, or it answered something napx does not understand. Try again later, or sign in with your password.",
			p.Issuer+": discovery failed: "+err.Error())
	}
	inviteHash := ""
	if inviteToken != "" {
		if _, _, err := o.accounts.link(ctx, inviteToken); err != nil {
			return OIDCStart{}, err
		}
		inviteHash = HashToken(inviteToken)
	}
	flow, state, nonce, verifier := newSecret(32), newSecret(32), newSecret(32), oauth2.GenerateVerifier()
	err = o.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		return tx.CreateOIDCFlow(ctx, store.OIDCFlow{FlowHash: HashToken(flow), ProviderID: p.ID, State: state, Nonce: nonce, Verifier: verifier,
			Next: next, InviteHash: inviteHash, ExpiresAt: o.now().UTC().Add(OIDCFlowValidity)})
	})
	if err != nil {
		return OIDCStart{}, err
	}
	u := o.oauth(p, dp).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
	return OIDCStart{URL: u, Flow: flow}, nil
}

// OIDCResult is the outcome of the provider's answer: a session, or an
// identity that waits to be linked with the account's password.
type OIDCResult struct {
	Token    string // the session token (empty when NeedLink)
	NeedTOTP bool
	NeedLink bool   // the identity is not linked: ask for the account's password
	Email    string // the identity's e-mail (for the link form)
	Provider string
	Next     string
}

// flowOf finds the browser's flow and checks that it may be used at stage.
func (o *OIDC) flowOf(ctx context.Context, flow, stage, client string) (store.OIDCFlow, store.OIDCProvider, error) {
	expired := func(detail string) (store.OIDCFlow, store.OIDCProvider, error) {
		return store.OIDCFlow{}, store.OIDCProvider{}, o.refuseOIDC(ctx, "state", client, http.StatusBadRequest,
			"This sign-in has expired or was already used (or began in another browser). Nothing was signed in or linked. Start again from the sign-in page.", detail)
	}
	if flow == "" || len(flow) > 100 {
		return expired("no sign-in under way in this browser")
	}
	f, err := o.db.OIDCFlow(ctx, HashToken(flow))
	if errors.Is(err, model.ErrNotFound) {
		return expired("unknown sign-in flow")
	}
	if err != nil {
		return f, store.OIDCProvider{}, err
	}
	if f.Stage != stage {
		return expired("sign-in flow used already (stage " + f.Stage + ")")
	}
	if !o.now().UTC().Before(f.ExpiresAt) {
		return expired("sign-in flow expired")
	}
	p, err := o.db.OIDCProvider(ctx, f.ProviderID)
	if errors.Is(err, model.ErrNotFound) {
		return expired("the provider was removed")
	}
	return f, p, err
}

// idClaims are the claims napx reads from an ID token. Roles and groups
// in the token are never read: roles are napx's.
type idClaims struct {
	Email         string   `json:"email"`
	EmailVerified *bool    `json:"email_verified"`
	AMR           []string `json:"amr"`
	ACR           string   `json:"acr"`
}

// multiFactor reports whether the provider asserts more than one factor:
// amr "mfa" (RFC 8176), or factors of two kinds (something known, had or
// been), or an acr naming multi-factor authentication.
func multiFactor(c idClaims) bool {
	kinds := map[string]string{"pwd": "know", "pin": "know", "kba": "know",
		"otp": "have", "hwk": "have", "swk": "have", "sc": "have", "sms": "have", "tel": "have",
		"fpt": "are", "face": "are", "iris": "are", "retina": "are", "vbm": "are"}
	seen := map[string]bool{}
	for _, m := range c.AMR {
		if m == "mfa" {
			return true
		}
		if k, ok := kinds[m]; ok {
			seen[k] = true
		}
	}
	switch c.ACR {
	case "http://schemas.openid.net/pape/policies/2007/06/multi-factor", "http://schemas.openid.net/pape/policies/2007/06/multi-factor-physical",
		"phr", "phrh", "urn:rsa:names:tc:SAML:2.0:ac:classes:MultiFactor":
		return true
	}
	return len(seen) >= 2
}

// Callback takes the provider's answer: state checked against the
// browser's flow (single use, expiring), the code exchanged with the PKCE
// verifier, the ID token's signature, issuer, audience, expiry and nonce
// checked, then e-mail verified and its domain one the provider may vouch
// for. A linked identity signs its account in; an unlinked one is linked
// with an invitation the flow carries, else waits for the account's
// password (NeedLink).
func (o *OIDC) Callback(ctx context.Context, flow, state, code, providerErr, clientIP, userAgent string) (OIDCResult, error) {
	f, p, err := o.flowOf(ctx, flow, "started", clientIP)
	if err != nil {
		return OIDCResult{}, err
	}
	if state == "" || !constantTimeEqual(state, f.State) {
		return OIDCResult{}, o.refuseOIDC(ctx, "state", clientIP, http.StatusBadRequest,
			"This answer from the sign-in service does not belong to the sign-in this browser began. Nothing was signed in or linked. Start again from the sign-in page.",
			p.Issuer+": state does not match the browser's flow")
	}
	// Single use from here on: a replayed answer finds the flow done.
	if err := o.db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.AdvanceOIDCFlow(ctx, f.FlowHash, "started", "done", "", "", false) }); err != nil {
		if errors.Is(err, model.ErrConflict) {
			return OIDCResult{}, o.refuseOIDC(ctx, "state", clientIP, http.StatusBadRequest,
				"This sign-in was already used. Nothing was signed in or linked. Start again from the sign-in page.", p.Issuer+": state replayed")
		}
		return OIDCResult{}, err
	}
	if providerErr != "" {
		return OIDCResult{}, o.refuseOIDC(ctx, "provider", clientIP, http.StatusBadRequest,
			p.Name+"'s sign-in service did not sign you in ("+model.CleanLine(providerErr, 60)+"). Nothing was signed in or linked.", p.Issuer+": error "+providerErr)
	}
	dp, err := o.provider(ctx, p)
	if err != nil {
		return OIDCResult{}, o.refuseOIDC(ctx, "provider", clientIP, http.StatusBadGateway,
			"napx could not reach "+p.Name+"'s sign-in service. Try again later, or sign in with your password.", p.Issuer+": discovery failed: "+err.Error())
	}
	cctx := oidc.ClientContext(ctx, o.Client)
	tok, err := o.oauth(p, dp).Exchange(cctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return OIDCResult{}, o.refuseOIDC(ctx, "provider", clientIP, http.StatusBadGateway,
			p.Name+"'s sign-in service did not complete the sign-in (the code exchange failed). Nothing was signed in or linked. Try again.", p.Issuer+": code exchange: "+err.Error())
	}
	raw, _ := tok.Extra("id_token").(string)
	bad := func(detail string) (OIDCResult, error) {
		return OIDCResult{}, o.refuseOIDC(ctx, "token", clientIP, http.StatusBadRequest,
			"The identity "+p.Name+"'s sign-in service sent could not be trusted, so napx refused it. Nothing was signed in or linked. If it happens again, tell your organisation's IT service.",
			p.Issuer+": ID token refused: "+detail)
	}
	if raw == "" {
		return bad("no id_token in the answer")
	}
	idt, err := dp.Verifier(&oidc.Config{ClientID: p.ClientID, SupportedSigningAlgs: signingAlgs, Now: o.TokenNow}).Verify(cctx, raw)
	if err != nil {
		return bad(err.Error())
	}
	if !constantTimeEqual(idt.Nonce, f.Nonce) {
		return bad("nonce does not match the flow's")
	}
	var c idClaims
	if err := idt.Claims(&c); err != nil {
		return bad("claims: " + err.Error())
	}
	if c.Email == "" {
		// Many providers put the address in the UserInfo answer only: it
		// counts when it is about the same subject.
		ui, err := dp.UserInfo(cctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return OIDCResult{}, o.refuseOIDC(ctx, "provider", clientIP, http.StatusBadGateway,
				"napx could not read your e-mail address from "+p.Name+"'s sign-in service. Nothing was signed in or linked. Try again later.", p.Issuer+": userinfo: "+err.Error())
		}
		if ui.Subject != idt.Subject {
			return bad("userinfo is about subject " + ui.Subject + ", the ID token about " + idt.Subject)
		}
		verified := ui.EmailVerified
		c.Email, c.EmailVerified = ui.Email, &verified
	}
	email := strings.ToLower(strings.TrimSpace(c.Email))
	if c.EmailVerified == nil || !*c.EmailVerified || !model.EmailAddress(email) {
		return OIDCResult{}, o.refuseOIDC(ctx, "email", clientIP, http.StatusForbidden,
			p.Name+"'s sign-in service did not confirm your e-mail address, so napx cannot accept this identity. Nothing was signed in or linked.",
			p.Issuer+": e-mail "+email+" not verified (sub "+idt.Subject+")")
	}
	if !slices.Contains(p.Domains, email[strings.LastIndexByte(email, '@')+1:]) {
		return OIDCResult{}, o.refuseOIDC(ctx, "domain", clientIP, http.StatusForbidden,
			p.Name+" may not vouch for addresses like "+email+" in napx. Nothing was signed in or linked. Sign in with your password, or through your own organisation.",
			p.Issuer+": domain of "+email+" not among "+strings.Join(p.Domains, ", "))
	}
	mfa := multiFactor(c)
	ident, err := o.db.OIDCIdentity(ctx, p.Issuer, idt.Subject)
	switch {
	case err == nil:
		acc, err := o.db.Account(ctx, ident.AccountID)
		if err != nil {
			return OIDCResult{}, err
		}
		if err := o.usable(ctx, p, acc, clientIP); err != nil {
			return OIDCResult{}, err
		}
		return o.signIn(ctx, p, acc, &ident, nil, f, mfa, clientIP, userAgent)
	case !errors.Is(err, model.ErrNotFound):
		return OIDCResult{}, err
	}
	if f.InviteHash != "" {
		l, err := o.db.AccountLinkByToken(ctx, f.InviteHash)
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return OIDCResult{}, err
		}
		acc, aerr := o.db.Account(ctx, l.AccountID)
		switch {
		case err != nil || aerr != nil || l.Purpose != "invite" || !l.UsedAt.IsZero() || !o.now().UTC().Before(l.ExpiresAt):
			return OIDCResult{}, o.refuseOIDC(ctx, "link", clientIP, http.StatusForbidden,
				"The invitation this sign-in began with can no longer be used (used, expired, or replaced). Nothing was linked. Ask your coordinator to send it again.",
				p.Issuer+": invitation no longer usable for "+email)
		case acc.Email != email:
			return OIDCResult{}, o.refuseOIDC(ctx, "link", clientIP, http.StatusForbidden,
				"The invitation was sent to "+acc.Email+", but "+p.Name+" signed you in as "+email+". Nothing was linked. Sign in at "+p.Name+" as "+acc.Email+", or ask your coordinator.",
				p.Issuer+": invitation for "+acc.Email+" used by identity "+email)
		}
		if err := o.usable(ctx, p, acc, clientIP); err != nil {
			return OIDCResult{}, err
		}
		ident := store.OIDCIdentity{AccountID: acc.ID, Issuer: p.Issuer, Subject: idt.Subject, Email: email}
		return o.signIn(ctx, p, acc, nil, &linkBy{identity: ident, invite: &l, how: "an invitation"}, f, mfa, clientIP, userAgent)
	}
	// Not linked: the identity waits in the flow for the account's password.
	if err := o.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		return tx.AdvanceOIDCFlow(ctx, f.FlowHash, "done", "link", idt.Subject, email, mfa)
	}); err != nil {
		return OIDCResult{}, err
	}
	return OIDCResult{NeedLink: true, Email: email, Provider: p.Name, Next: f.Next}, nil
}

// usable refuses a disabled account (whatever the provider says) and one
// of an organisation the provider does not serve.
func (o *OIDC) usable(ctx context.Context, p store.OIDCProvider, acc model.Account, client string) error {
	if acc.Disabled {
		return o.refuseOIDC(ctx, "disabled", client, http.StatusForbidden,
			"Your napx account is disabled. Signing in at "+p.Name+" does not change that; ask your organisation's coordinator.",
			p.Issuer+": account "+acc.Email+" is disabled")
	}
	if !slices.Contains(p.Orgs, acc.Org) {
		return o.refuseOIDC(ctx, "org", client, http.StatusForbidden,
			p.Name+" does not sign in people of "+o.accounts.cat.OrgName(acc.Org)+" in napx. Nothing was signed in or linked.",
			p.Issuer+": account "+acc.Email+" of "+acc.Org+", not an organisation of this provider")
	}
	return nil
}

// linkBy is a first link, with what proved the account.
type linkBy struct {
	identity store.OIDCIdentity
	invite   *store.AccountLink
	how      string
}

// signIn makes the session of acc (linking first when link is given). A
// provider that asserted several factors skips napx's second factor;
// otherwise an account with one enrolled is asked for it.
func (o *OIDC) signIn(ctx context.Context, p store.OIDCProvider, acc model.Account, ident *store.OIDCIdentity, link *linkBy, f store.OIDCFlow, mfa bool, clientIP, userAgent string) (OIDCResult, error) {
	a := o.accounts
	now := a.now().UTC()
	token := newSecret(32)
	stage, expires := "full", now.Add(a.opts.SessionMax)
	if !mfa && acc.TOTPEnabled {
		stage, expires = "totp", now.Add(totpStageMax)
	}
	err := o.db.Write(ctx, func(tx *store.Tx) error {
		v := a.ViewerOf(acc)
		if link != nil {
			if link.invite != nil {
				if err := tx.UseAccountLink(ctx, *link.invite); err != nil {
					if errors.Is(err, model.ErrConflict) {
						return errLinkUsed
					}
					return err
				}
			}
			if err := tx.LinkOIDCIdentity(ctx, &link.identity); err != nil {
				if store.IsUniqueViolation(err) {
					return errLinkUsed
				}
				return err
			}
			if err := a.notify.security(ctx, tx, acc, "svcnotices.security.linked", model.ArgText(p.Name)); err != nil {
				return err
			}
			if err := tx.Audit(ctx, v, store.AuditRecord{Action: "oidc.link", Kind: "account", RecordID: acc.ID,
				Summary: fmt.Sprintf("identity %s at %s (subject %s) linked to %s, proved by %s (client %s)", link.identity.Email, p.Issuer, link.identity.Subject, acc.Email, link.how, clientIP)}); err != nil {
				return err
			}
		} else if err := tx.TouchOIDCIdentity(ctx, ident.ID); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, store.Session{TokenHash: HashToken(token), AccountID: acc.ID, Stage: stage, CreatedAt: now, ExpiresAt: expires,
			ClientIP: model.CleanLine(clientIP, 60), UserAgent: model.CleanLine(userAgent, 300), AuthMethod: "oidc", AuthIssuer: p.Issuer, AuthMFA: mfa}); err != nil {
			return err
		}
		summary := "signed in through " + p.Name + " (" + p.Issuer + ")"
		switch {
		case mfa:
			summary += ", multi-factor at the provider"
		case stage == "totp":
			summary += "; napx's second factor pending"
		}
		if stage == "full" {
			if err := a.notify.security(ctx, tx, acc, "svcnotices.security.signin.oidc", model.ArgText(p.Name), model.ArgText(clientIP)); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "auth.signin.oidc", Kind: "account", RecordID: acc.ID, Summary: summary + " (client " + clientIP + ")"})
	})
	if errors.Is(err, errLinkUsed) {
		return OIDCResult{}, o.refuseOIDC(ctx, "link", clientIP, http.StatusConflict,
			"This identity or invitation was linked a moment ago by another sign-in. Nothing more was linked. Start again from the sign-in page.", p.Issuer+": link raced")
	}
	if err != nil {
		return OIDCResult{}, err
	}
	return OIDCResult{Token: token, NeedTOTP: stage == "totp", Provider: p.Name, Next: f.Next}, nil
}

var errLinkUsed = errors.New("identity or invitation linked already")

// PendingLink describes the identity waiting in the browser's flow.
type PendingLink struct {
	Email    string
	Provider string
	Next     string
}

// Pending returns the identity that waits for the account's password.
func (o *OIDC) Pending(ctx context.Context, flow, client string) (PendingLink, error) {
	f, p, err := o.flowOf(ctx, flow, "link", client)
	if err != nil {
		return PendingLink{}, err
	}
	return PendingLink{Email: f.Email, Provider: p.Name, Next: f.Next}, nil
}

// LinkWithPassword links the identity waiting in the browser's flow to
// the account whose e-mail and password are given (throttled like a
// sign-in), then signs it in. Once only.
func (o *OIDC) LinkWithPassword(ctx context.Context, flow, email, password, clientIP, userAgent string) (OIDCResult, error) {
	f, p, err := o.flowOf(ctx, flow, "link", clientIP)
	if err != nil {
		return OIDCResult{}, err
	}
	a := o.accounts
	email = strings.ToLower(strings.TrimSpace(email))
	now := a.now().UTC()
	keys := keysFor(email, clientIP)
	l, err := a.locksOf(ctx, now, keys)
	if err != nil {
		return OIDCResult{}, err
	}
	if until := later(l.account, l.others()); !until.IsZero() {
		a.refuse(ctx, model.Anonymous, "auth.signin.throttled", "", clientIP, "identity link for "+model.CleanLine(email, refusalTextMax)+" refused while locked (client "+clientIP+")")
		return OIDCResult{}, &ErrThrottled{Until: until}
	}
	acc, ok, err := a.checkPassword(ctx, email, password)
	if err != nil {
		return OIDCResult{}, err
	}
	if !ok {
		a.fail(ctx, now, keys)
		a.auditEvent(ctx, model.Anonymous, "auth.oidc.link.failed", "", "identity "+f.Email+" at "+p.Issuer+" not linked: wrong e-mail or password given for "+model.CleanLine(email, refusalTextMax)+" (client "+clientIP+")")
		return OIDCResult{}, ErrBadCredentials
	}
	if err := o.usable(ctx, p, acc, clientIP); err != nil {
		return OIDCResult{}, err
	}
	if err := o.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		if err := succeeded(ctx, tx, keys); err != nil {
			return err
		}
		return tx.AdvanceOIDCFlow(ctx, f.FlowHash, "link", "done", f.Subject, f.Email, f.MFA)
	}); err != nil {
		if errors.Is(err, model.ErrConflict) {
			return OIDCResult{}, o.refuseOIDC(ctx, "state", clientIP, http.StatusBadRequest, "This sign-in was already used. Start again from the sign-in page.", "link flow replayed")
		}
		return OIDCResult{}, err
	}
	ident := store.OIDCIdentity{AccountID: acc.ID, Issuer: p.Issuer, Subject: f.Subject, Email: f.Email}
	return o.signIn(ctx, p, acc, nil, &linkBy{identity: ident, how: "the account's password"}, f, f.MFA, clientIP, userAgent)
}

// EndSession is the provider's end-session address for a session that
// signed in through it ("" when it has none or the session used a password).
func (o *OIDC) EndSession(ctx context.Context, v model.Viewer) string {
	if v.AuthMethod != "oidc" || v.AuthIssuer == "" {
		return ""
	}
	ps, err := o.db.OIDCProviders(ctx)
	if err != nil {
		return ""
	}
	for _, p := range ps {
		if p.Issuer != v.AuthIssuer {
			continue
		}
		dp, err := o.provider(ctx, p)
		if err != nil {
			return ""
		}
		var meta struct {
			EndSession string `json:"end_session_endpoint"`
		}
		if dp.Claims(&meta) != nil || meta.EndSession == "" {
			return ""
		}
		u, err := url.Parse(meta.EndSession)
		if err != nil || (u.Scheme != "https" && !(u.Scheme == "http" && loopbackHost(u.Hostname()))) {
			return ""
		}
		q := u.Query()
		q.Set("client_id", p.ClientID)
		q.Set("post_logout_redirect_uri", o.baseURL+"/")
		u.RawQuery = q.Encode()
		return u.String()
	}
	return ""
}

// SweepFlows deletes flows that ended more than a day ago.
func (o *OIDC) SweepFlows(ctx context.Context) (int64, error) {
	var n int64
	err := o.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.DeleteOIDCFlows(ctx, o.now().UTC().Add(-24*time.Hour))
		return err
	})
	return n, err
}

// printable reports whether s is UTF-8 without control characters.
func printable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, unicode.IsControl)
}

// checkPassword checks an account's password, taking the same time
// whether the address has an account or not. ok is false for an unknown
// address, a wrong password and a disabled account alike.
func (a *Accounts) checkPassword(ctx context.Context, email, password string) (model.Account, bool, error) {
	var acc model.Account
	hash := a.dummy
	known := false
	if model.EmailAddress(email) {
		var secrets store.AccountSecrets
		var err error
		acc, secrets, err = a.db.AccountByEmail(ctx, email)
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return acc, false, err
		}
		if err == nil {
			known, hash = true, secrets.PasswordHash
		}
	}
	match, herr := argon2id.ComparePasswordAndHash(password, hash)
	return acc, known && match && herr == nil && !acc.Disabled, nil
}

// ForInvitation returns the providers an invited person may sign in with
// instead of setting a password: those of the account's organisation that
// vouch for its address. A link that cannot be used offers none.
func (o *OIDC) ForInvitation(ctx context.Context, token string) ([]ProviderChoice, error) {
	_, acc, err := o.accounts.link(ctx, token)
	if err != nil {
		return []ProviderChoice{}, nil //nolint:nilerr // the page says why the link cannot be used
	}
	ps, err := o.db.OIDCProviders(ctx)
	if err != nil {
		return nil, err
	}
	out := []ProviderChoice{}
	domain := acc.Email[strings.LastIndexByte(acc.Email, '@')+1:]
	for _, p := range ps {
		if slices.Contains(p.Orgs, acc.Org) && slices.Contains(p.Domains, domain) {
			out = append(out, ProviderChoice{ID: p.ID, Name: p.Name})
		}
	}
	return out, nil
}

// Forget drops the discovered providers (tests; an administrator's
// change of a provider drops its own entry).
func (o *OIDC) Forget() {
	o.mu.Lock()
	o.cache = map[int64]cachedProvider{}
	o.mu.Unlock()
}
