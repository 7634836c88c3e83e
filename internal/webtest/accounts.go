package webtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// CheapHashing makes password hashing fast for tests (the production
// costs are for attackers, not for test suites).
var CheapHashing = &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Password is the password of every account Account makes.
const Password = "correct horse battery staple"

// Client acts as one account: through the API with a bearer token, and
// through the pages with a session cookie and its form token.
type Client struct {
	app     *App
	Account model.Account
	Viewer  model.Viewer
	Token   string // API bearer token
	session string // session cookie value (made on first page use)
}

// Account creates an account (as napx itself) and returns a client for it.
// The e-mail is made from role and org when empty.
func (a *App) Account(org string, role model.Role, opts ...func(*service.AccountInput)) *Client {
	a.t.Helper()
	in := service.AccountInput{Email: strings.ToLower(string(role) + "@" + org + ".example.org"), Org: org, Role: string(role), Password: Password}
	for _, o := range opts {
		o(&in)
	}
	ctx := context.Background()
	acc, err := a.Services.Accounts.Create(ctx, model.SystemViewer("webtest"), in)
	if err != nil {
		a.t.Fatalf("create account %s: %v", in.Email, err)
	}
	token, _, err := a.Services.Accounts.CreateToken(ctx, model.SystemViewer("webtest"), acc.Email, "test")
	if err != nil {
		a.t.Fatalf("token for %s: %v", acc.Email, err)
	}
	return &Client{app: a, Account: acc, Viewer: a.Services.Accounts.ViewerOf(acc), Token: token}
}

// Admin marks the new account as a platform administrator.
func Admin(in *service.AccountInput) { in.Admin = true }

// Email sets the new account's e-mail address.
func Email(e string) func(*service.AccountInput) {
	return func(in *service.AccountInput) { in.Email = e }
}

// Anonymous is a client that is not signed in.
func (a *App) Anonymous() *Client { return &Client{app: a} }

// Do sends r as this client through the API (bearer token).
func (c *Client) Do(r Request) *httptest.ResponseRecorder {
	c.app.t.Helper()
	if r.Header == nil {
		r.Header = http.Header{}
	}
	if c.Token != "" {
		r.Header.Set("Authorization", "Bearer "+c.Token)
	}
	return c.app.Do(r)
}

// JSON sends v (nil for none) as this client and decodes the answer into
// out (when not nil); it returns the status.
func (c *Client) JSON(method, path string, v any, out any) int {
	c.app.t.Helper()
	var body io.Reader
	h := http.Header{}
	if v != nil {
		b, err := json.Marshal(v)
		if err != nil {
			c.app.t.Fatal(err)
		}
		body = strings.NewReader(string(b))
		h.Set("Content-Type", "application/json")
	}
	rec := c.Do(Request{Method: method, Path: path, Body: body, Header: h})
	if out != nil && rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			c.app.t.Fatalf("%s %s: decoding %q: %v", method, path, rec.Body.String(), err)
		}
	}
	return rec.Code
}

// signIn makes a browser session for the client (once).
func (c *Client) signIn() {
	c.app.t.Helper()
	if c.session != "" || c.Account.ID == 0 {
		return
	}
	res, err := c.app.Services.Accounts.SignIn(context.Background(), c.Account.Email, Password, "192.0.2.1", "webtest")
	if err != nil {
		c.app.t.Fatalf("sign in %s: %v", c.Account.Email, err)
	}
	if res.NeedTOTP {
		c.app.t.Fatalf("sign in %s: the account has a second factor; use the sign-in pages", c.Account.Email)
	}
	c.session = res.Token
}

// Page requests a page as this client, signed in with a session cookie
// (anonymous clients send none).
func (c *Client) Page(method, path string, form url.Values) *httptest.ResponseRecorder {
	c.app.t.Helper()
	r := Request{Method: method, Path: path, Header: http.Header{}}
	if c.Account.ID != 0 {
		c.signIn()
		r.Cookies = []*http.Cookie{{Name: httpx.SessionCookie, Value: c.session}}
	}
	if form != nil {
		if c.session != "" && form.Get("csrf") == "" {
			form.Set("csrf", httpx.CSRFToken(c.session))
		}
		r.Body = strings.NewReader(form.Encode())
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return c.app.Do(r)
}

// Get is Page for a GET.
func (c *Client) Get(path string) *httptest.ResponseRecorder {
	c.app.t.Helper()
	return c.Page(http.MethodGet, path, nil)
}

// Post is Page for a form POST (the form token is added).
func (c *Client) Post(path string, form url.Values) *httptest.ResponseRecorder {
	c.app.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return c.Page(http.MethodPost, path, form)
}

// Name describes the client in test messages.
func (c *Client) Name() string {
	if c.Account.ID == 0 {
		return "anonymous"
	}
	return c.Account.Email
}

// For returns the client bound to another test (see App.For).
func (c *Client) For(t testing.TB) *Client {
	d := *c
	d.app = c.app.For(t)
	return &d
}

// Session returns the client's session token (signing in once); "" for an
// anonymous client.
func (c *Client) Session() string {
	c.app.t.Helper()
	c.signIn()
	return c.session
}
