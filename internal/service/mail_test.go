package service_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

func mailer(t *testing.T, smtpURL, outbox string) *service.Mailer {
	t.Helper()
	s := service.New(service.Deps{DB: storetest.Open(t, storetest.SQLite), Catalog: storetest.Catalog(t), BaseURL: "https://napx.example.org",
		Mail: service.MailOptions{SMTPURL: smtpURL, OutboxDir: outbox, InsecureSkipVerify: true}})
	return s.Mail
}

func TestSMTPURLChecked(t *testing.T) {
	for _, tt := range []struct {
		url string
		ok  bool
	}{
		{"smtp://relay.example.org", true},
		{"smtp://user:p%40ss@relay.example.org:2525", true},
		{"smtps://relay.example.org:465", true},
		{"smtp://relay.example.org:0", false},
		{"smtp://relay.example.org:99999", false},
		{"smtp://relay.example.org:x", false},
		{"smtp://", false},
		{"smtp://relay.example.org/path", false},
		{"smtp://relay.example.org?tls=no", false},
		{"mailto:someone@example.org", false},
		{"relay.example.org:25", false},
	} {
		err := service.CheckMailOptions(service.MailOptions{SMTPURL: tt.url})
		if (err == nil) != tt.ok {
			t.Errorf("%q: %v, want ok=%v", tt.url, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "NAPX_SMTP_URL") {
			t.Errorf("%q: the error does not name the setting: %v", tt.url, err)
		}
	}
	if err := service.CheckMailOptions(service.MailOptions{From: "napx"}); err == nil || !strings.Contains(err.Error(), "NAPX_MAIL_FROM") {
		t.Errorf("bad sender: %v", err)
	}
}

// selfSigned writes a certificate and key for 127.0.0.1.
func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// TestRelayTLSAndAuth: smtp:// upgrades with STARTTLS when the relay
// offers it (this one requires it) and signs in with the URL's user;
// smtps:// speaks TLS from the start; a wrong password is refused.
func TestRelayTLSAndAuth(t *testing.T) {
	cert, key := selfSigned(t)
	auth := filepath.Join(t.TempDir(), "auth")
	if err := os.WriteFile(auth, []byte("napx:relay-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	letter := service.Letter{To: "ana@hrv.example.org", Subject: "Over TLS", Intro: "Hello.", Kind: "test"}

	starttls := webtest.StartMailpit(t, webtest.MailpitArgs("--smtp-tls-cert", cert, "--smtp-tls-key", key, "--smtp-require-starttls", "--smtp-auth-file", auth))
	if err := mailer(t, starttls.SMTPURL("napx", "relay-secret"), "").Send(ctx, letter); err != nil {
		t.Fatalf("STARTTLS with a password: %v", err)
	}
	if err := mailer(t, starttls.SMTPURL("napx", "wrong"), "").Send(ctx, letter); err == nil {
		t.Error("a wrong relay password was accepted")
	}
	if got := starttls.Messages(); len(got) != 1 || got[0].Subject != "Over TLS" {
		t.Errorf("STARTTLS relay got %+v", got)
	}

	implicit := webtest.StartMailpit(t, webtest.MailpitArgs("--smtp-tls-cert", cert, "--smtp-tls-key", key, "--smtp-require-tls"))
	if err := mailer(t, "smtps://"+implicit.SMTPAddr(), "").Send(ctx, letter); err != nil {
		t.Fatalf("smtps: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := mailer(t, "smtp://"+implicit.SMTPAddr(), "").Send(short, letter); err == nil {
		t.Error("plain SMTP to a TLS-only relay succeeded: the smtps:// case proves nothing")
	}
	if got := implicit.Messages(); len(got) != 1 {
		t.Errorf("smtps relay got %d messages", len(got))
	}
}

// TestCalendarAttachment: an invitation's calendar entry goes as
// text/calendar with METHOD:REQUEST (so mail programs offer to add it), and
// reads back as iCalendar from the real relay.
func TestCalendarAttachment(t *testing.T) {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//napx//test//EN")
	cal.Props.SetText(ical.PropMethod, "REQUEST")
	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, "event-7@napx.example.org")
	ev.Props.SetDateTime(ical.PropDateTimeStamp, time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC))
	ev.Props.SetDateTime(ical.PropDateTimeStart, time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC))
	ev.Props.SetDateTime(ical.PropDateTimeEnd, time.Date(2026, 12, 8, 17, 0, 0, 0, time.UTC))
	ev.Props.SetText(ical.PropSummary, "Regional workshop on export control, Zagreb")
	cal.Children = append(cal.Children, ev.Component)
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		t.Fatal(err)
	}
	mp := webtest.StartMailpit(t)
	err := mailer(t, mp.SMTPURL(), "").Send(context.Background(), service.Letter{To: "coordinator@hrv.example.org", Subject: "Invitation: Regional workshop",
		Intro: "Your delegation is invited.", Settings: true, Kind: string(model.NoticeEventInvitation),
		Attach: []model.Attachment{{Name: "invitation.ics", ContentType: "text/calendar; method=REQUEST; charset=UTF-8", Data: buf.Bytes()}}})
	if err != nil {
		t.Fatal(err)
	}
	msgs := mp.WaitFor(1)
	m := mp.Message(msgs[0].ID)
	if len(m.Attachments) != 1 {
		t.Fatalf("attachments %+v", m.Attachments)
	}
	part := m.Attachments[0]
	if !strings.HasPrefix(part.ContentType, "text/calendar") || part.FileName != "invitation.ics" {
		t.Errorf("attachment %+v", part)
	}
	if raw := mp.Raw(msgs[0].ID); !strings.Contains(raw, "Content-Type: text/calendar; method=REQUEST") {
		t.Errorf("the calendar part lacks method=REQUEST in its Content-Type:\n%s", raw)
	}
	got, err := ical.NewDecoder(bytes.NewReader(mp.Part(msgs[0].ID, part.PartID))).Decode()
	if err != nil {
		t.Fatalf("the attachment is not iCalendar: %v", err)
	}
	if method, _ := got.Props.Text(ical.PropMethod); method != "REQUEST" {
		t.Errorf("METHOD %q", method)
	}
	evs := got.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	if s, _ := evs[0].Props.Text(ical.PropSummary); s != "Regional workshop on export control, Zagreb" {
		t.Errorf("summary %q", s)
	}
	if m.Text == "" || m.HTML == "" {
		t.Error("the invitation lacks its text or HTML part")
	}
}

// TestOutboxWithoutRelay: with no relay the mail is a .eml file in the
// outbox, shown to administrators with its text.
func TestOutboxWithoutRelay(t *testing.T) {
	dir := t.TempDir()
	m := mailer(t, "", dir)
	if m.Transport() != "outbox" {
		t.Fatalf("transport %s", m.Transport())
	}
	if err := m.Send(context.Background(), service.Letter{To: "ana@hrv.example.org", Subject: "Čeka vas obavijest", Intro: "Zdravo — 1540.", Kind: "test",
		Items: []service.Item{{Title: "Open", URL: "https://napx.example.org/notifications"}}}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("outbox files %v", files)
	}
	if fi, err := os.Stat(files[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("outbox file mode %v (%v)", fi.Mode(), err)
	}
	ctx := context.Background()
	if _, err := m.Outbox(ctx, model.Anonymous); err == nil {
		t.Error("an anonymous visitor reads the outbox")
	}
	list, err := m.Outbox(ctx, system)
	if err != nil || len(list) != 1 || list[0].Subject != "Čeka vas obavijest" || !strings.Contains(list[0].To, "ana@hrv.example.org") {
		t.Fatalf("outbox %+v %v", list, err)
	}
	full, err := m.OutboxMessage(ctx, system, list[0].Name)
	if err != nil || !strings.Contains(full.Text, "Zdravo — 1540.") || !strings.Contains(full.Text, "https://napx.example.org/notifications") {
		t.Errorf("message %+v %v", full, err)
	}
	if _, err := m.OutboxMessage(ctx, system, "../napx.db"); err == nil {
		t.Error("a path outside the outbox was read")
	}
}
