// Package config reads napx's settings from flags and environment
// variables. It holds no package-level state: Load returns a value that the
// caller passes down.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Config is every setting a napx command honours.
type Config struct {
	Addr    string // NAPX_ADDR, --addr: where serve and demo listen
	DataDir string // NAPX_DATA, --data: created when missing
	DB      string // NAPX_DB, --db: empty = SQLite file in DataDir; postgres://... = PostgreSQL
	BaseURL string // NAPX_BASE_URL, --base-url: the public address, used in links and feeds
	SMTPURL string // NAPX_SMTP_URL, --smtp-url: mail relay for notifications (optional)
	// MailFrom is the sender of napx's e-mail (NAPX_MAIL_FROM, --mail-from);
	// default noreply@ the base URL's host.
	MailFrom string
	// RequireTOTP obliges coordinators and admins to enrol a second factor
	// (NAPX_REQUIRE_TOTP, --require-totp). Off by default and in the demo.
	RequireTOTP bool
}

// Defaults are the values used when neither a flag nor the environment
// sets one. DataDir differs for the demo (see DemoDefaults).
func Defaults() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: "./data"}
}

// DemoDefaults keep demo data apart from a real data directory.
func DemoDefaults() Config {
	c := Defaults()
	c.DataDir = "./demo-data"
	return c
}

// Register adds the shared flags to fs, with defaults taken from def and
// the environment (getenv), so flags override environment variables, which
// override defaults.
func Register(fs *flag.FlagSet, def Config, getenv func(string) string) *Config {
	c := def
	env := func(name, fallback string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return fallback
	}
	fs.StringVar(&c.Addr, "addr", env("NAPX_ADDR", def.Addr), "listen address `host:port` (NAPX_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("NAPX_DATA", def.DataDir), "data `directory`, created when missing (NAPX_DATA)")
	fs.StringVar(&c.DB, "db", env("NAPX_DB", def.DB), "database: empty for SQLite in the data directory, or a postgres:// `URL` (NAPX_DB)")
	fs.StringVar(&c.BaseURL, "base-url", env("NAPX_BASE_URL", def.BaseURL), "public base `URL`, e.g. https://napx.example.org (NAPX_BASE_URL)")
	fs.StringVar(&c.SMTPURL, "smtp-url", env("NAPX_SMTP_URL", def.SMTPURL), "mail relay `URL` smtp://user:pass@host:port (NAPX_SMTP_URL)")
	fs.StringVar(&c.MailFrom, "mail-from", env("NAPX_MAIL_FROM", def.MailFrom), "sender `address` of napx's e-mail, e.g. \"napx <noreply@example.org>\" (NAPX_MAIL_FROM)")
	req := env("NAPX_REQUIRE_TOTP", "")
	c.RequireTOTP = def.RequireTOTP || req == "1" || strings.EqualFold(req, "true")
	fs.BoolVar(&c.RequireTOTP, "require-totp", c.RequireTOTP, "oblige coordinators and admins to enrol a second factor (NAPX_REQUIRE_TOTP)")
	return &c
}

// Finish validates c after flags were parsed, creates the data directory
// and fills in derived values (the SQLite path, the base URL).
func (c *Config) Finish() error {
	if c.DataDir == "" {
		return errors.New("the data directory (NAPX_DATA, --data) must not be empty")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("the listen address (NAPX_ADDR, --addr) %q is not host:port", c.Addr)
	}
	if c.DB != "" && !c.IsPostgres() && !strings.HasPrefix(c.DB, "sqlite:") && !strings.HasPrefix(c.DB, "file:") {
		return fmt.Errorf("the database (NAPX_DB, --db) must be empty, a postgres:// URL or a sqlite: path; got %q", redact(c.DB))
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("the base URL (NAPX_BASE_URL, --base-url) %q must be an http or https address", c.BaseURL)
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	}
	if c.SMTPURL != "" {
		if err := checkSMTPURL(c.SMTPURL); err != nil {
			return err
		}
	}
	if c.MailFrom != "" {
		if _, err := mail.ParseAddress(c.MailFrom); err != nil {
			return fmt.Errorf("the mail sender (NAPX_MAIL_FROM, --mail-from) %q is not an e-mail address", c.MailFrom)
		}
	}
	if err := os.MkdirAll(c.DataDir, 0o750); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	return nil
}

// IsPostgres reports whether the database is PostgreSQL.
func (c *Config) IsPostgres() bool {
	return strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://")
}

// DatabaseURL is the database to open: the PostgreSQL URL, or the SQLite
// file (napx.db in the data directory unless NAPX_DB names one).
func (c *Config) DatabaseURL() string {
	switch {
	case c.IsPostgres():
		return c.DB
	case strings.HasPrefix(c.DB, "sqlite:"):
		return c.DB
	case strings.HasPrefix(c.DB, "file:"):
		return "sqlite:" + strings.TrimPrefix(c.DB, "file:")
	}
	return "sqlite:" + filepath.Join(c.DataDir, "napx.db")
}

// PublicURL returns the base URL, or one built from the listen address.
func (c *Config) PublicURL() string {
	if c.BaseURL != "" {
		return c.BaseURL
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return "http://" + c.Addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// Redacted returns the database location without a password, for logs.
func (c *Config) Redacted() string { return redact(c.DatabaseURL()) }

func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// checkSMTPURL refuses a malformed relay address, naming the setting
// (never echoing it: it may hold a password).
func checkSMTPURL(s string) error {
	bad := func(why string) error {
		return fmt.Errorf("the mail relay (NAPX_SMTP_URL, --smtp-url) %s; write smtp://user:password@host:port (STARTTLS when offered) or smtps://host:port", why)
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return bad("is not a URL")
	case u.Scheme != "smtp" && u.Scheme != "smtps":
		return bad("must start with smtp:// or smtps://")
	case u.Hostname() == "":
		return bad("names no host")
	case (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "":
		return bad("must not have a path, query or fragment")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return bad("has a port that is not a number from 1 to 65535")
		}
	}
	return nil
}

// RegisterWorkers adds --workers (NAPX_WORKERS) to a command that runs
// jobs: how many run at once in this process; 0 runs none. It returns a
// function that checks and returns the value once flags are parsed.
func RegisterWorkers(fs *flag.FlagSet, def int, getenv func(string) string) func() (int, error) {
	raw := getenv("NAPX_WORKERS")
	n := def
	envErr := error(nil)
	if raw != "" {
		v, err := strconv.Atoi(raw)
		if err != nil || v < 0 || v > 1000 {
			envErr = fmt.Errorf("the number of job workers (NAPX_WORKERS) must be a whole number from 0 to 1000, not %q", raw)
		} else {
			n = v
		}
	}
	p := fs.Int("workers", n, "jobs run at once in this process; 0 serves pages only (NAPX_WORKERS)")
	return func() (int, error) {
		set := false
		fs.Visit(func(f *flag.Flag) { set = set || f.Name == "workers" })
		if envErr != nil && !set {
			return 0, envErr
		}
		if *p < 0 || *p > 1000 {
			return 0, fmt.Errorf("the number of job workers (--workers) must be from 0 to 1000, not %d", *p)
		}
		return *p, nil
	}
}
