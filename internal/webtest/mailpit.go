package webtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Mailpit is a real SMTP server for tests (github.com/axllent/mailpit,
// built by scripts/test.sh into the tools' GOBIN and named by NAPX_MAILPIT).
// Its HTTP API lists what arrived. When NAPX_TEST_REQUIRE_MAILPIT=1 (make
// test), a missing binary fails the test instead of skipping it.
type Mailpit struct {
	t        testing.TB
	bin      string
	dir      string
	smtpAddr string
	httpAddr string
	args     []string

	mu  sync.Mutex
	cmd *exec.Cmd
}

// MailpitOption changes how Mailpit runs.
type MailpitOption func(*Mailpit)

// MailpitArgs passes extra flags (e.g. a password file, TLS).
func MailpitArgs(args ...string) MailpitOption {
	return func(m *Mailpit) { m.args = append(m.args, args...) }
}

// MailpitBinary returns the Mailpit binary, skipping (or failing, when
// required) the test when there is none.
func MailpitBinary(t testing.TB) string {
	t.Helper()
	bin := os.Getenv("NAPX_MAILPIT")
	if bin == "" {
		if p, err := exec.LookPath("mailpit"); err == nil {
			bin = p
		}
	}
	if bin == "" {
		if os.Getenv("NAPX_TEST_REQUIRE_MAILPIT") == "1" {
			t.Fatal("NAPX_TEST_REQUIRE_MAILPIT=1 but NAPX_MAILPIT names no Mailpit binary (scripts/test.sh builds it)")
		}
		t.Skip("no Mailpit (set NAPX_MAILPIT; scripts/test.sh builds it)")
	}
	return bin
}

// StartMailpit starts Mailpit on free loopback ports with its messages in
// a file, so a restart keeps them; it is stopped when the test ends.
func StartMailpit(t testing.TB, opts ...MailpitOption) *Mailpit {
	t.Helper()
	m := &Mailpit{t: t, bin: MailpitBinary(t), dir: t.TempDir(), smtpAddr: freeAddr(t), httpAddr: freeAddr(t)}
	for _, o := range opts {
		o(m)
	}
	m.Start()
	t.Cleanup(m.Stop)
	return m
}

// FreeAddr returns a loopback address with a port nobody listens on.
func FreeAddr(t testing.TB) string { return freeAddr(t) }

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// SMTPAddr is host:port of the SMTP server.
func (m *Mailpit) SMTPAddr() string { return m.smtpAddr }

// SMTPURL is the NAPX_SMTP_URL that reaches it (user info optional).
func (m *Mailpit) SMTPURL(userinfo ...string) string {
	u := url.URL{Scheme: "smtp", Host: m.smtpAddr}
	if len(userinfo) == 2 {
		u.User = url.UserPassword(userinfo[0], userinfo[1])
	}
	return u.String()
}

// Start (re)starts the server on its ports and waits until it answers.
func (m *Mailpit) Start() {
	m.t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cmd != nil {
		return
	}
	args := append([]string{"--smtp", m.smtpAddr, "--listen", m.httpAddr, "--database", filepath.Join(m.dir, "mailpit.db"),
		"--quiet", "--disable-version-check", "--smtp-disable-rdns", "--max", "5000"}, m.args...)
	cmd := exec.Command(m.bin, args...) // #nosec G204 -- a test binary named by the test environment
	logf, err := os.Create(filepath.Join(m.dir, fmt.Sprintf("mailpit-%d.log", time.Now().UnixNano())))
	if err != nil {
		m.t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		m.t.Fatalf("start mailpit: %v", err)
	}
	m.cmd = cmd
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", m.smtpAddr, time.Second)
		if err == nil {
			_ = c.Close()
			if resp, err := http.Get("http://" + m.httpAddr + "/api/v1/messages?limit=1"); err == nil {
				_ = resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(logf.Name())
			m.t.Fatalf("mailpit did not start on %s: %s", m.smtpAddr, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop stops the server (the relay is then unreachable).
func (m *Mailpit) Stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cmd == nil {
		return
	}
	_ = m.cmd.Process.Kill()
	_ = m.cmd.Wait()
	m.cmd = nil
}

// MailAddress is a Mailpit address.
type MailAddress struct {
	Name    string
	Address string
}

// MailSummary is a message in Mailpit's list.
type MailSummary struct {
	ID          string
	MessageID   string
	From        MailAddress
	To          []MailAddress
	Subject     string
	Snippet     string
	Attachments int
}

// Messages lists every message that arrived, newest first.
func (m *Mailpit) Messages() []MailSummary {
	m.t.Helper()
	var out struct {
		Total    int
		Messages []MailSummary
	}
	m.get("/api/v1/messages?limit=5000", &out)
	return out.Messages
}

// MailPart is an attachment of a message.
type MailPart struct {
	PartID      string
	FileName    string
	ContentType string
}

// MailMessage is one message with its content.
type MailMessage struct {
	ID          string
	MessageID   string
	Subject     string
	To          []MailAddress
	Text        string
	HTML        string
	Attachments []MailPart
}

// Message returns one message.
func (m *Mailpit) Message(id string) MailMessage {
	m.t.Helper()
	var out MailMessage
	m.get("/api/v1/message/"+url.PathEscape(id), &out)
	return out
}

// Headers returns a message's headers.
func (m *Mailpit) Headers(id string) map[string][]string {
	m.t.Helper()
	var out map[string][]string
	m.get("/api/v1/message/"+url.PathEscape(id)+"/headers", &out)
	return out
}

// Part returns an attachment's bytes.
func (m *Mailpit) Part(id, part string) []byte {
	m.t.Helper()
	resp, err := http.Get("http://" + m.httpAddr + "/api/v1/message/" + url.PathEscape(id) + "/part/" + url.PathEscape(part))
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		m.t.Fatal(err)
	}
	return b
}

// To lists the messages to address.
func (m *Mailpit) To(address string) []MailSummary {
	var out []MailSummary
	for _, s := range m.Messages() {
		for _, a := range s.To {
			if a.Address == address {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// WaitFor waits until at least n messages arrived (or fails the test
// after a generous bound: this is a guard, not a timing).
func (m *Mailpit) WaitFor(n int) []MailSummary {
	m.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		msgs := m.Messages()
		if len(msgs) >= n {
			return msgs
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("mailpit: %d message(s) arrived, want %d", len(msgs), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (m *Mailpit) get(path string, out any) {
	m.t.Helper()
	resp, err := http.Get("http://" + m.httpAddr + path)
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		m.t.Fatalf("mailpit %s: %d %s", path, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		m.t.Fatalf("mailpit %s: %v", path, err)
	}
}

// Port is the SMTP port.
func (m *Mailpit) Port() int {
	_, p, _ := net.SplitHostPort(m.smtpAddr)
	n, _ := strconv.Atoi(p)
	return n
}

// Raw returns a message as it arrived.
func (m *Mailpit) Raw(id string) string {
	m.t.Helper()
	resp, err := http.Get("http://" + m.httpAddr + "/api/v1/message/" + url.PathEscape(id) + "/raw")
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		m.t.Fatal(err)
	}
	return string(b)
}
