package webtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// A real OpenID provider for tests (issue 19): the example provider that
// ships with github.com/zitadel/oidc, started in-process on a loopback
// port, with napx registered as a web client. Its login page takes a
// username (the user's e-mail) and OIDCPassword. Between the provider and
// napx the test may rewrite the ID token the token endpoint answers
// (Forge): a provider that misbehaves, or an attacker in the middle.

// OIDCPassword is every test user's password at the provider.
const OIDCPassword = "provider-password-1540"

// OIDCUser is a person known to the provider.
type OIDCUser struct {
	ID       string
	Email    string
	Verified bool
}

// OIDCProvider is a running provider.
type OIDCProvider struct {
	Issuer   string
	ClientID string
	Secret   string
	srv      *httptest.Server
	users    userStore
	clients  map[string]*storage.Client

	mu      sync.Mutex
	handler http.Handler
	st      *opStorage
	// Forge, when set, replaces the ID token of the token endpoint's
	// answer: it gets the token's claims and the provider, and returns the
	// token to send (see SignRS256, SignNone, SignHS256).
	Forge func(claims map[string]any) string
	// AMR and ACR, when set, are what the provider asserts about how the
	// user signed in.
	AMR []string
	ACR string
	// Garbage makes the token endpoint answer something that is not JSON.
	Garbage bool
}

type userStore map[string]*storage.User

func (u userStore) GetUserByID(id string) *storage.User { return u[id] }
func (u userStore) GetUserByUsername(name string) *storage.User {
	for _, x := range u {
		if x.Username == name {
			return x
		}
	}
	return nil
}
func (u userStore) ExampleClientID() string { return "service" }

// opStorage is the example's storage with what the provider asserts
// about the authentication (amr, acr) under the test's control.
type opStorage struct {
	*storage.Storage
	p *OIDCProvider
}

type assertedRequest struct {
	op.AuthRequest
	amr []string
	acr string
}

func (r assertedRequest) GetAMR() []string { return r.amr }
func (r assertedRequest) GetACR() string   { return r.acr }

func (s *opStorage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	r, err := s.Storage.AuthRequestByCode(ctx, code)
	s.p.mu.Lock()
	amr, acr := s.p.AMR, s.p.ACR
	s.p.mu.Unlock()
	if err != nil || (amr == nil && acr == "") {
		return r, err
	}
	if amr == nil {
		amr = r.GetAMR()
	}
	return assertedRequest{AuthRequest: r, amr: amr, acr: acr}, nil
}

// StartOIDCProvider starts a provider whose client napx is, sending the
// browser back to redirectURI.
func StartOIDCProvider(t testing.TB, redirectURI string, users ...OIDCUser) *OIDCProvider {
	t.Helper()
	p := &OIDCProvider{ClientID: "napx-test", Secret: "napx-test-secret-1540", users: userStore{}}
	for _, u := range users {
		p.users[u.ID] = &storage.User{ID: u.ID, Username: u.Email, Password: OIDCPassword, FirstName: "Test", LastName: u.ID,
			Email: u.Email, EmailVerified: u.Verified, PreferredLanguage: language.English}
	}
	p.clients = map[string]*storage.Client{p.ClientID: storage.WebClient(p.ClientID, p.Secret, redirectURI)}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	p.Issuer = p.srv.URL
	p.Rotate()
	return p
}

// Rotate gives the provider a new signing key (a new storage: sign-ins
// under way at the provider are forgotten; linked identities are not,
// their subjects stay).
func (p *OIDCProvider) Rotate() {
	st := &opStorage{Storage: storage.NewStorageWithClients(p.users, p.clients), p: p}
	h := exampleop.SetupServer(p.Issuer, st, nil, false)
	p.mu.Lock()
	p.st, p.handler = st, h
	p.mu.Unlock()
}

// Stop stops the provider (it is then down).
func (p *OIDCProvider) Stop() { p.srv.Close() }

// Key is the provider's current signing key and its key ID.
func (p *OIDCProvider) Key(t testing.TB) (string, *rsa.PrivateKey) {
	t.Helper()
	p.mu.Lock()
	st := p.st
	p.mu.Unlock()
	k, err := st.SigningKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return k.ID(), k.Key().(*rsa.PrivateKey)
}

func (p *OIDCProvider) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	h, forge, garbage := p.handler, p.Forge, p.Garbage
	p.mu.Unlock()
	if r.URL.Path != "/oauth/token" || (forge == nil && !garbage) {
		h.ServeHTTP(w, r)
		return
	}
	if garbage {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "<html>Service Unavailable</html>")
		return
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	var answer map[string]any
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &answer) != nil {
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		return
	}
	raw, _ := answer["id_token"].(string)
	answer["id_token"] = forge(Claims(raw))
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(answer)
}

// Claims decodes the claims of a compact JWS (without checking it).
func Claims(raw string) map[string]any {
	parts := strings.Split(raw, ".")
	out := map[string]any{}
	if len(parts) != 3 {
		return out
	}
	b, _ := base64.RawURLEncoding.DecodeString(parts[1])
	_ = json.Unmarshal(b, &out)
	return out
}

// SignRS256 signs claims with key under key ID kid.
func SignRS256(t testing.TB, kid string, key *rsa.PrivateKey, claims map[string]any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(claims)
	jws, err := s.Sign(b)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func compact(header, claims map[string]any) string {
	h, _ := json.Marshal(header)
	c, _ := json.Marshal(claims)
	return base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
}

// SignNone makes an unsigned token (alg "none").
func SignNone(claims map[string]any) string {
	return compact(map[string]any{"alg": "none", "typ": "JWT"}, claims) + "."
}

// SignHS256 makes the "algorithm confusion" token: HS256 with the
// provider's public key (PEM, as published) as the HMAC secret, under
// the real key's ID.
func SignHS256(kid string, key *rsa.PrivateKey, claims map[string]any) string {
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	secret := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	signing := compact(map[string]any{"alg": "HS256", "typ": "JWT", "kid": kid}, claims)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(signing))
	return signing + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Login plays the browser at the provider: it follows authURL to the
// provider's login page, signs in as email, and returns the address the
// provider sends the browser back to (napx's callback), not followed.
func (p *OIDCProvider) Login(t testing.TB, authURL, email string) *url.URL {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	back, _ := url.Parse(p.clients[p.ClientID].RedirectURIs()[0])
	c := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if req.URL.Host == back.Host {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := c.Get(authURL)
	if err != nil {
		t.Fatalf("provider: %v", err)
	}
	_ = resp.Body.Close()
	id := resp.Request.URL.Query().Get("authRequestID")
	if resp.StatusCode != http.StatusOK || id == "" {
		t.Fatalf("provider: no login page (status %d at %s)", resp.StatusCode, resp.Request.URL)
	}
	form := url.Values{"id": {id}, "username": {email}, "password": {OIDCPassword}}
	resp, err = c.Post(p.Issuer+"/login/username", "application/x-www-form-urlencoded", bytes.NewBufferString(form.Encode()))
	if err != nil {
		t.Fatalf("provider login: %v", err)
	}
	_ = resp.Body.Close()
	loc, err := resp.Location()
	if err != nil || loc.Host != back.Host {
		t.Fatalf("provider login: not sent back to napx (status %d, location %v)", resp.StatusCode, loc)
	}
	return loc
}
