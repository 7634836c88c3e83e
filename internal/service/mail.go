package service

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	gomail "github.com/wneessen/go-mail"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/store"
)

// MailOptions configure e-mail.
type MailOptions struct {
	// SMTPURL is the relay (NAPX_SMTP_URL): smtp://[user:password@]host[:port]
	// uses STARTTLS when the relay offers it (port 587 by default);
	// smtps:// speaks TLS from the start (port 465). Empty: no relay, mail
	// is written to OutboxDir as .eml files.
	SMTPURL string
	// OutboxDir receives the mail when there is no relay (the data
	// directory's outbox/).
	OutboxDir string
	// From is the sender, e.g. "napx <noreply@napx.example.org>"; default
	// noreply@ the base URL's host.
	From string
	// InsecureSkipVerify accepts any relay certificate (tests only).
	InsecureSkipVerify bool
}

// smtpRelay is a parsed NAPX_SMTP_URL.
type smtpRelay struct {
	host     string
	port     int
	implicit bool // smtps://
	user     string
	password string
}

// parseSMTPURL checks a relay address and returns an error that names the
// setting (napx refuses to start with a malformed one).
func parseSMTPURL(s string) (smtpRelay, error) {
	bad := func(why string) (smtpRelay, error) {
		return smtpRelay{}, fmt.Errorf("the mail relay (NAPX_SMTP_URL, --smtp-url) %s; write smtp://user:password@host:port or smtps://host:port", why)
	}
	u, err := url.Parse(s)
	if err != nil {
		return bad("is not a URL")
	}
	r := smtpRelay{host: u.Hostname()}
	switch u.Scheme {
	case "smtp":
		r.port = 587
	case "smtps":
		r.port, r.implicit = 465, true
	default:
		return bad("must start with smtp:// or smtps://")
	}
	if r.host == "" {
		return bad("names no host")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return bad("has a port that is not a number from 1 to 65535")
		}
		r.port = n
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return bad("must not have a path, query or fragment")
	}
	if u.User != nil {
		r.user = u.User.Username()
		r.password, _ = u.User.Password()
	}
	return r, nil
}

// Mailer sends e-mail through the relay, or writes it to the outbox.
type Mailer struct {
	relay    *smtpRelay
	outbox   string
	from     string
	baseURL  string
	insecure bool
	log      *slog.Logger
	sent     *prometheus.CounterVec // napx_mail_sent_total
	failed   *prometheus.CounterVec // napx_mail_failures_total
	db       *store.DB
	now      func() time.Time
	// readable reports whether v may read every one of refs (the
	// notifications' resolvers and the policy; set when they are wired).
	readable func(ctx context.Context, v model.Viewer, refs []model.RecordRef) (bool, error)
}

// recordsHeader carries a letter's records in the message (napx reads it
// back for the outbox page; the recipient may read them all).
const recordsHeader = "X-Napx-Records"

func newMailer(d Deps) (*Mailer, error) {
	m := &Mailer{outbox: d.Mail.OutboxDir, from: d.Mail.From, baseURL: strings.TrimRight(d.BaseURL, "/"), insecure: d.Mail.InsecureSkipVerify,
		log: d.Log, db: d.DB, now: d.Now}
	m.sent, m.failed = mailCounters(d.Metrics)
	if m.now == nil {
		m.now = time.Now
	}
	if m.baseURL == "" {
		m.baseURL = "http://localhost:8080"
	}
	if d.Mail.SMTPURL != "" {
		r, err := parseSMTPURL(d.Mail.SMTPURL)
		if err != nil {
			return nil, err
		}
		m.relay = &r
	}
	if m.from == "" {
		host := "localhost"
		if u, err := url.Parse(m.baseURL); err == nil && u.Hostname() != "" {
			host = u.Hostname()
		}
		m.from = "napx <noreply@" + host + ">"
	}
	if _, err := mail.ParseAddress(m.from); err != nil {
		return nil, fmt.Errorf("the mail sender (NAPX_MAIL_FROM) %q is not an e-mail address", m.from)
	}
	return m, nil
}

// FromAddress is the bare address napx sends from (a calendar
// invitation's ORGANIZER).
func (m *Mailer) FromAddress() string {
	if a, err := mail.ParseAddress(m.from); err == nil {
		return a.Address
	}
	return m.from
}

// Transport is "smtp" with a relay, else "outbox".
func (m *Mailer) Transport() string {
	if m.relay != nil {
		return "smtp"
	}
	return "outbox"
}

// URL makes an absolute address of a path on this site.
func (m *Mailer) URL(path string) string { return m.baseURL + path }

// Letter is one e-mail to one person.
type Letter struct {
	To       string // address
	ToName   string
	Subject  string
	Intro    string // the first paragraph
	Items    []Item // linked lines (one notification, or a digest's list)
	Outro    string // a closing paragraph
	Settings bool   // add List-Unsubscribe to the account's settings
	Kind     string // for the mail log: the notification kind or "account.invite", ...
	Attach   []model.Attachment
	// Records are the records the letter tells of: an administrator who may
	// not read one of them sees the letter in the outbox and the mail log
	// without its subject and text.
	Records []model.RecordRef
	// Lang is the recipient's language (accounts.language; "" or unknown:
	// English): the letter's frame is written in it and <html lang dir>
	// says so (issue 17).
	Lang string
	// IntroLang is the language of Intro when not the letter's (a
	// notification made before notices had keys: its English title).
	IntroLang string
}

// Item is a line of a letter with its link.
type Item struct {
	Title string
	URL   string // absolute
	Body  string
	Lang  string // the language of Title and Body when not the letter's ("en" for a record's English text)
	// BodyLang is the language of Body alone when not the letter's.
	BodyLang string
}

var letterHTML = template.Must(template.New("letter").Parse(`<!doctype html>
<html lang="{{.L.Code}}" dir="{{.L.Dir}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #1b1b1b; max-width: 40em">
<p{{with .IntroLang}}{{if ne . $.L.Code}} lang="{{.}}" dir="ltr"{{end}}{{end}}>{{.Intro}}</p>
<ul>{{range .Items}}<li{{with .Lang}}{{if ne . $.L.Code}} lang="{{.}}" dir="ltr"{{end}}{{end}}><a href="{{.URL}}">{{.Title}}</a>{{if .Body}}<br>{{if and .BodyLang (ne .BodyLang $.L.Code)}}<span lang="{{.BodyLang}}" dir="ltr">{{.Body}}</span>{{else}}{{.Body}}{{end}}{{end}}</li>{{end}}</ul>
{{if .Outro}}<p>{{.Outro}}</p>{{end}}
{{if .Settings}}<p style="font-size: 0.9em; color: #444">{{.SettingsNote}} <a href="{{.SettingsURL}}">{{.SettingsLink}}</a></p>{{end}}
</body></html>`))

func (m *Mailer) settingsURL() string { return m.URL("/notifications/settings") }

// message builds the MIME message: a plain-text part and an HTML part,
// List-Unsubscribe to the account's settings, and the attachments.
func (m *Mailer) message(l Letter) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(m.from); err != nil {
		return nil, fmt.Errorf("mail sender: %w", err)
	}
	to := l.To
	if l.ToName != "" {
		to = (&mail.Address{Name: l.ToName, Address: l.To}).String()
	}
	if err := msg.To(to); err != nil {
		return nil, fmt.Errorf("mail recipient %q: %w", l.To, err)
	}
	msg.Subject(l.Subject)
	msg.SetDateWithValue(m.now())
	host := "napx"
	if u, err := url.Parse(m.baseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	msg.SetMessageIDWithValue(newSecret(18) + "@" + host)
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	if l.Settings {
		msg.SetGenHeader(gomail.HeaderListUnsubscribe, "<"+m.settingsURL()+">")
	}
	if refs := model.FormatRecordRefs(l.Records); refs != "" {
		msg.SetGenHeader(gomail.Header(recordsHeader), refs)
	}
	var text strings.Builder
	text.WriteString(l.Intro + "\n\n")
	for _, it := range l.Items {
		text.WriteString("- " + it.Title + "\n  " + it.URL + "\n")
		if it.Body != "" {
			text.WriteString("  " + strings.ReplaceAll(it.Body, "\n", "\n  ") + "\n")
		}
	}
	if l.Outro != "" {
		text.WriteString("\n" + l.Outro + "\n")
	}
	pr := i18n.MustDefault().Printer(l.Lang)
	if l.Settings {
		text.WriteString("\n-- \n" + pr.T("mail.settings.text", m.settingsURL()) + "\n")
	}
	msg.SetBodyString(gomail.TypeTextPlain, text.String())
	var html bytes.Buffer
	if err := letterHTML.Execute(&html, struct {
		Letter
		L                                       i18n.Lang
		SettingsURL, SettingsNote, SettingsLink string
	}{l, pr.Lang(), m.settingsURL(), pr.T("mail.settings.note"), pr.T("mail.settings.link")}); err != nil {
		return nil, err
	}
	msg.AddAlternativeString(gomail.TypeTextHTML, html.String())
	for _, a := range l.Attach {
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType))); err != nil {
			return nil, fmt.Errorf("attach %s: %w", a.Name, err)
		}
	}
	return msg, nil
}

// Send delivers l now: to the relay, or into the outbox. It logs what went
// in mail_log. An error means nothing was accepted (the job retries).
func (m *Mailer) Send(ctx context.Context, l Letter) error {
	msg, err := m.message(l)
	if err != nil {
		return err
	}
	if m.relay != nil {
		err = m.sendSMTP(ctx, msg)
	} else {
		err = m.writeOutbox(msg)
	}
	if err != nil {
		m.failed.WithLabelValues(m.Transport()).Inc()
		return err
	}
	m.sent.WithLabelValues(m.Transport()).Inc()
	werr := m.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		return tx.LogMail(ctx, store.MailLogEntry{Recipient: l.To, Subject: model.Truncate(l.Subject, 300), Kind: l.Kind,
			MessageID: msg.GetMessageID(), Transport: m.Transport(), Records: l.Records})
	})
	if werr != nil {
		m.log.Warn("mail log", "err", werr)
	}
	return nil
}

func (m *Mailer) sendSMTP(ctx context.Context, msg *gomail.Msg) error {
	r := m.relay
	// Each network step waits at most 30 s, or what is left of ctx.
	timeout := 30 * time.Second
	if d, ok := ctx.Deadline(); ok {
		timeout = max(min(timeout, time.Until(d)), time.Millisecond)
	}
	opts := []gomail.Option{gomail.WithPort(r.port), gomail.WithTimeout(timeout),
		gomail.WithTLSConfig(&tls.Config{ServerName: r.host, MinVersion: tls.VersionTLS12, InsecureSkipVerify: m.insecure})} // #nosec G402 -- InsecureSkipVerify is for tests only (MailOptions)
	if r.implicit {
		opts = append(opts, gomail.WithSSL())
	} else {
		// STARTTLS when the relay offers it; never falls back to another port.
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if r.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(r.user), gomail.WithPassword(r.password))
	}
	c, err := gomail.NewClient(r.host, opts...)
	if err != nil {
		return fmt.Errorf("mail relay: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail relay %s: %w", net.JoinHostPort(r.host, strconv.Itoa(r.port)), err)
	}
	return nil
}

// outboxSeq orders the outbox's mail written at one clock reading.
var outboxSeq atomic.Int64

var outboxName = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}Z-[A-Za-z0-9_-]{8,40}\.eml$`)

func (m *Mailer) writeOutbox(msg *gomail.Msg) error {
	if m.outbox == "" {
		return errors.New("no mail relay (NAPX_SMTP_URL) and no outbox directory")
	}
	if err := os.MkdirAll(m.outbox, 0o750); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	// Names sort by when the mail was written: the second, then its
	// nanoseconds and a counter (mail written within one clock reading —
	// a test's fixed clock — keeps its order), then a secret.
	at := m.now().UTC()
	name := fmt.Sprintf("%s-%09d%06d-%s.eml", at.Format("20060102T150405Z"), at.Nanosecond(), outboxSeq.Add(1)%1_000_000, newSecret(12))
	tmp := filepath.Join(m.outbox, "."+name+".tmp")
	if err := os.WriteFile(tmp, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(m.outbox, name)); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// OutboxMail is one message in the outbox, as the admin page shows it.
type OutboxMail struct {
	Name    string
	Date    time.Time
	To      string
	Subject string
	Text    string // the plain-text part
	Parts   []string
	// Withheld says why the subject and text are left out: the mail tells
	// of a record the administrator may not read.
	Withheld string
	records  []model.RecordRef
}

// withheldMail is what an administrator reads instead of the subject of a
// mail about a record they may not read (as the audit log does,
// policy.AuditDetails).
const withheldMail = "subject and text withheld: the mail tells of a record you may not read"

// withhold blanks what v may not read of a mail about refs.
func (m *Mailer) withhold(ctx context.Context, v model.Viewer, refs []model.RecordRef) (bool, error) {
	if len(refs) == 0 || m.readable == nil {
		return false, nil
	}
	ok, err := m.readable(ctx, v, refs)
	return !ok, err
}

// Outbox lists the outbox, newest first (administrators).
func (m *Mailer) Outbox(ctx context.Context, v model.Viewer) ([]OutboxMail, error) {
	if err := admin(v); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(m.outbox)
	if errors.Is(err, os.ErrNotExist) || m.outbox == "" {
		return []OutboxMail{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	var names []string
	for _, e := range entries {
		if outboxName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	if len(names) > 200 {
		names = names[:200]
	}
	out := make([]OutboxMail, 0, len(names))
	for _, n := range names {
		om, err := m.readOutbox(n, false)
		if err != nil {
			m.log.Warn("outbox message", "name", n, "err", err)
			continue
		}
		if err := m.redact(ctx, v, &om); err != nil {
			return nil, err
		}
		out = append(out, om)
	}
	return out, nil
}

// OutboxMessage returns one outbox message with its text (administrators).
func (m *Mailer) OutboxMessage(ctx context.Context, v model.Viewer, name string) (OutboxMail, error) {
	if err := admin(v); err != nil {
		return OutboxMail{}, err
	}
	if !outboxName.MatchString(name) || m.outbox == "" {
		return OutboxMail{}, model.ErrNotFound
	}
	om, err := m.readOutbox(name, true)
	if errors.Is(err, os.ErrNotExist) {
		return OutboxMail{}, model.ErrNotFound
	}
	if err != nil {
		return OutboxMail{}, err
	}
	return om, m.redact(ctx, v, &om)
}

// redact withholds the subject and text of a mail about a record v may not
// read.
func (m *Mailer) redact(ctx context.Context, v model.Viewer, om *OutboxMail) error {
	hide, err := m.withhold(ctx, v, om.records)
	if err != nil || !hide {
		return err
	}
	om.Subject, om.Text, om.Withheld = "", "", withheldMail
	return nil
}

func (m *Mailer) readOutbox(name string, body bool) (OutboxMail, error) {
	f, err := os.Open(filepath.Join(m.outbox, name)) // #nosec G304 -- name matched outboxName: no separators
	if err != nil {
		return OutboxMail{}, err
	}
	defer f.Close()
	msg, err := mail.ReadMessage(io.LimitReader(f, 5<<20))
	if err != nil {
		return OutboxMail{}, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		subject = msg.Header.Get("Subject")
	}
	om := OutboxMail{Name: name, To: msg.Header.Get("To"), Subject: subject, records: model.ParseRecordRefs(msg.Header.Get(recordsHeader))}
	om.Date, _ = msg.Header.Date()
	if body {
		om.Text, om.Parts = plainText(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, 0)
	}
	return om, nil
}

// plainText finds the text/plain part of a message and lists the types of
// all its parts.
func plainText(contentType, encoding string, body io.Reader, depth int) (string, []string) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") && depth < 5 {
		var text string
		var parts []string
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			t, sub := plainText(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, depth+1)
			if text == "" {
				text = t
			}
			parts = append(parts, sub...)
		}
		return text, parts
	}
	label := mt
	if fn := params["name"]; fn != "" {
		label += " (" + fn + ")"
	}
	if mt != "text/plain" {
		return "", []string{label}
	}
	var r io.Reader = body
	if strings.EqualFold(encoding, "quoted-printable") {
		r = quotedprintable.NewReader(body)
	}
	b, _ := io.ReadAll(io.LimitReader(r, 1<<20))
	return string(b), []string{label}
}

// MailLogEntry is one e-mail napx sent, as the operations page shows it.
type MailLogEntry struct {
	store.MailLogEntry
	Withheld string // why the subject is left out (a record v may not read)
}

// Log lists the latest e-mails sent (administrators); the subject of a mail
// about a record the administrator may not read is withheld.
func (m *Mailer) Log(ctx context.Context, v model.Viewer) ([]MailLogEntry, error) {
	if err := admin(v); err != nil {
		return nil, err
	}
	es, err := m.db.MailLog(ctx, 100)
	if err != nil {
		return nil, err
	}
	out := make([]MailLogEntry, len(es))
	for i, e := range es {
		out[i] = MailLogEntry{MailLogEntry: e}
		hide, err := m.withhold(ctx, v, e.Records)
		if err != nil {
			return nil, err
		}
		if hide {
			out[i].Subject, out[i].Withheld = "", withheldMail
		}
	}
	return out, nil
}
