// Package cli is napx's command line: one binary, one subcommand per
// file. Run is the whole program; main only supplies the operating system
// (arguments, environment, standard streams, the signal context).
//
// It imports every layer; nothing imports it but cmd/napx.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
)

// Version is set at build time (-ldflags "-X napx/internal/cli.Version=...").
var Version = ""

// version returns the build's version: the -X value, else the module
// version from the build information, else "dev".
func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// Env is what a command gets from the operating system.
type Env struct {
	Args   []string // without the program name and the command
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

type command struct {
	name, summary string
	run           func(ctx context.Context, env Env) error
}

func commands() []command {
	return []command{
		{"serve", "run the web server (and job workers unless --workers=0)", runServe},
		{"worker", "run job workers only: notifications, e-mail, digests", runWorker},
		{"demo", "create (first time) and serve a demo data directory", runDemo},
		{"migrate", "apply database migrations and print the schema version", runMigrate},
		{"user", "add, list, disable accounts, set a password (add|list|disable|passwd)", runUser},
		{"oidc", "link organisations' OpenID providers for sign-in (add|list|remove)", runOIDC},
		{"token", "create an API token for an account (create)", runToken},
		{"audit", "check the audit log's hash chain (verify)", runAudit},
		{"backup", "write a consistent copy of the database while napx runs", runBackup},
		{"reindex", "rebuild the search index, with progress", runReindex},
		{"export", "write every record (or what one account may read) as one JSON file", runExport},
		{"import", "load an export into an empty database, or preview and merge it into one", runImport},
		{"version", "print the version", runVersion},
	}
}

// ErrUsage is returned for a malformed command line; the message has been
// printed already.
var ErrUsage = errors.New("usage")

// Run runs the command named in args[0] (args excludes the program name).
// It returns the error to report; main prints it as one line and exits 1.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			return Run(ctx, []string{args[1], "--help"}, getenv, stdin, stdout, stderr)
		}
		usage(stdout)
		if len(args) == 0 {
			return ErrUsage
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, Env{Args: args[1:], Getenv: getenv, Stdin: stdin, Stdout: stdout, Stderr: stderr})
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q (try `napx help`)", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "napx — the 1540 implementation exchange")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: napx <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run `napx <command> --help` for a command's flags. Every command honours")
	fmt.Fprintln(w, "NAPX_ADDR, NAPX_DATA, NAPX_DB, NAPX_BASE_URL, NAPX_SMTP_URL and NAPX_MAIL_FROM;")
	fmt.Fprintln(w, "serve, demo and worker also NAPX_WORKERS.")
}

// newFlags returns a flag set that prints its usage to env.Stdout on
// --help and reports errors through the returned error only.
func newFlags(env Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(env.Stdout, "Usage: napx %s\n\n%s\n\nFlags:\n", name, synopsis)
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses args, turning --help into a clean exit and a flag error
// into a one-line error.
func parse(fs *flag.FlagSet, args []string) (help bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return true, nil
		}
		return false, fmt.Errorf("napx %s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return false, fmt.Errorf("napx %s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return false, nil
}

// logger returns the process logger: JSON lines on stderr for servers,
// text for people at a terminal (NAPX_LOG_FORMAT=text|json overrides).
func logger(env Env, defaultFormat string) *slog.Logger {
	format := defaultFormat
	if f := strings.ToLower(env.Getenv("NAPX_LOG_FORMAT")); f == "text" || f == "json" {
		format = f
	}
	level := slog.LevelInfo
	if strings.EqualFold(env.Getenv("NAPX_LOG_LEVEL"), "debug") {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	if format == "text" {
		return slog.New(slog.NewTextHandler(env.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(env.Stderr, opts))
}

func runVersion(ctx context.Context, env Env) error {
	fs := newFlags(env, "version", "Prints the version of this napx binary.")
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "napx "+version())
	return nil
}

// Main is what cmd/napx calls.
func Main(ctx context.Context) int {
	err := Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrUsage):
		return 2
	}
	fmt.Fprintln(os.Stderr, "napx: "+oneLine(err.Error()))
	return 1
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
