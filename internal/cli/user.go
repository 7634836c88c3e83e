package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"

	"napx/internal/config"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
	"napx/internal/store"
)

// openServices opens the database (migrating an empty one, refusing an
// outdated one), syncs the reference data and returns the services.
func openServices(ctx context.Context, env Env, cfg *config.Config) (*store.DB, *service.Services, error) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, _, err := openAndMigrate(ctx, cfg, log, false)
	if err != nil {
		return nil, nil, err
	}
	cat, err := refdata.Load()
	if err != nil {
		_ = db.Close()
		return nil, nil, err
	}
	if err := db.SyncReference(ctx, cat); err != nil {
		_ = db.Close()
		return nil, nil, err
	}
	return db, service.New(service.Deps{DB: db, Catalog: cat, Log: log}), nil
}

// readPassword reads one line from stdin (the password is never on the
// command line, where other users of the machine could see it).
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input (pipe it in, e.g. `printf '%s\\n' \"$PW\" | napx user add ... --password-stdin`)")
	}
	return line, nil
}

// problemsLine turns validation problems into one line.
func problemsLine(err error) error {
	if p, ok := model.AsProblems(err); ok {
		parts := []string{}
		for _, f := range []string{"email", "org", "role", "password", "name"} {
			if m, ok := p[f]; ok {
				parts = append(parts, f+": "+m)
				delete(p, f)
			}
		}
		for f, m := range p {
			parts = append(parts, f+": "+m)
		}
		return errors.New(strings.Join(parts, "; "))
	}
	return err
}

func runUser(ctx context.Context, env Env) error {
	if len(env.Args) == 0 || env.Args[0] == "--help" || env.Args[0] == "-h" || env.Args[0] == "help" {
		fmt.Fprintln(env.Stdout, "Usage: napx user add|list|disable|passwd [flags]")
		fmt.Fprintln(env.Stdout)
		fmt.Fprintln(env.Stdout, "  add      --email EMAIL --org CODE --role viewer|editor|coordinator [--admin] [--name NAME] --password-stdin")
		fmt.Fprintln(env.Stdout, "  list     [--org CODE]")
		fmt.Fprintln(env.Stdout, "  disable  --email EMAIL   (its sessions and API tokens stop working at once)")
		fmt.Fprintln(env.Stdout, "  passwd   --email EMAIL --password-stdin")
		fmt.Fprintln(env.Stdout)
		fmt.Fprintln(env.Stdout, "Passwords are read from standard input, never from the command line.")
		if len(env.Args) == 0 {
			return ErrUsage
		}
		return nil
	}
	sub, rest := env.Args[0], env.Args[1:]
	env.Args = rest
	switch sub {
	case "add":
		return userAdd(ctx, env)
	case "list":
		return userList(ctx, env)
	case "disable":
		return userDisable(ctx, env)
	case "passwd":
		return userPasswd(ctx, env)
	}
	return fmt.Errorf("napx user: unknown subcommand %q (add, list, disable, passwd)", sub)
}

func userAdd(ctx context.Context, env Env) error {
	fs := newFlags(env, "user add --email EMAIL --org CODE --role ROLE [--admin] --password-stdin", "Adds an account. The password is read from standard input.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	email := fs.String("email", "", "the account's e-mail `address`")
	name := fs.String("name", "", "the person's `name` (optional)")
	org := fs.String("org", "", "organisation `code`: a State's alpha-3 (e.g. HRV) or an organisation's (e.g. UNSC1540)")
	role := fs.String("role", "", "viewer, editor or coordinator")
	admin := fs.Bool("admin", false, "make the account a platform administrator")
	stdin := fs.Bool("password-stdin", false, "read the password from standard input (required)")
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	if *email == "" || *org == "" || *role == "" {
		return errors.New("napx user add: --email, --org and --role are required")
	}
	if !*stdin {
		return errors.New("napx user add: give --password-stdin and the password on standard input")
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	pw, err := readPassword(env.Stdin)
	if err != nil {
		return err
	}
	db, svc, err := openServices(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	acc, err := svc.Accounts.Create(ctx, model.SystemViewer("napx user add"), service.AccountInput{
		Email: *email, Name: *name, Org: *org, Role: *role, Admin: *admin, Password: pw})
	if err != nil {
		return problemsLine(err)
	}
	fmt.Fprintf(env.Stdout, "added %s (%s, %s%s)\n", acc.Email, acc.Org, acc.Role, map[bool]string{true: ", admin"}[acc.Admin])
	return nil
}

func userList(ctx context.Context, env Env) error {
	fs := newFlags(env, "user list [--org CODE]", "Lists the accounts.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	org := fs.String("org", "", "only this organisation's accounts")
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	db, svc, err := openServices(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	accs, err := svc.Accounts.List(ctx, model.SystemViewer("napx user list"), *org)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tORG\tROLE\tADMIN\tSECOND FACTOR\tSTATUS")
	for _, a := range accs {
		status := "active"
		if a.Disabled {
			status = "disabled " + a.DisabledAt.Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", a.Email, a.Org, a.Role, yesNo(a.Admin), onOff(a.TOTPEnabled), status)
	}
	return tw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func userDisable(ctx context.Context, env Env) error {
	fs := newFlags(env, "user disable --email EMAIL", "Disables an account: its sessions and API tokens stop working at once.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	email := fs.String("email", "", "the account's e-mail `address`")
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	if *email == "" {
		return errors.New("napx user disable: --email is required")
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	db, svc, err := openServices(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	acc, err := svc.Accounts.Disable(ctx, model.SystemViewer("napx user disable"), *email)
	if errors.Is(err, model.ErrNotFound) {
		return fmt.Errorf("no account with the e-mail address %s", *email)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "disabled %s; its sessions and API tokens were revoked\n", acc.Email)
	return nil
}

func userPasswd(ctx context.Context, env Env) error {
	fs := newFlags(env, "user passwd --email EMAIL --password-stdin", "Sets a new password, read from standard input. The account's sessions end.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	email := fs.String("email", "", "the account's e-mail `address`")
	stdin := fs.Bool("password-stdin", false, "read the password from standard input (required)")
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	if *email == "" || !*stdin {
		return errors.New("napx user passwd: --email and --password-stdin are required")
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	pw, err := readPassword(env.Stdin)
	if err != nil {
		return err
	}
	db, svc, err := openServices(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	err = svc.Accounts.SetPassword(ctx, model.SystemViewer("napx user passwd"), *email, pw)
	if errors.Is(err, model.ErrNotFound) {
		return fmt.Errorf("no account with the e-mail address %s", *email)
	}
	if err != nil {
		return problemsLine(err)
	}
	fmt.Fprintf(env.Stdout, "password of %s changed; its sessions were ended\n", strings.ToLower(*email))
	return nil
}

func runToken(ctx context.Context, env Env) error {
	if len(env.Args) == 0 || env.Args[0] != "create" {
		if len(env.Args) > 0 && (env.Args[0] == "--help" || env.Args[0] == "-h") {
			fmt.Fprintln(env.Stdout, "Usage: napx token create --email EMAIL [--name NAME]")
			return nil
		}
		fmt.Fprintln(env.Stderr, "Usage: napx token create --email EMAIL [--name NAME]")
		return ErrUsage
	}
	env.Args = env.Args[1:]
	fs := newFlags(env, "token create --email EMAIL [--name NAME]", "Creates an API token for an account and prints it as the last line.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	email := fs.String("email", "", "the account's e-mail `address`")
	name := fs.String("name", "", "what the token is for")
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	if *email == "" {
		return errors.New("napx token create: --email is required")
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	db, svc, err := openServices(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	token, t, err := svc.Accounts.CreateToken(ctx, model.SystemViewer("napx token create"), *email, *name)
	if errors.Is(err, model.ErrNotFound) {
		return fmt.Errorf("no account with the e-mail address %s", *email)
	}
	if err != nil {
		return problemsLine(err)
	}
	fmt.Fprintf(env.Stdout, "API token %q for %s (send it as Authorization: Bearer <token>; it is not shown again):\n", t.Name, strings.ToLower(*email))
	fmt.Fprintln(env.Stdout, token)
	return nil
}

func runAudit(ctx context.Context, env Env) error {
	if len(env.Args) == 0 || env.Args[0] != "verify" {
		if len(env.Args) > 0 && (env.Args[0] == "--help" || env.Args[0] == "-h") {
			fmt.Fprintln(env.Stdout, "Usage: napx audit verify")
			return nil
		}
		fmt.Fprintln(env.Stderr, "Usage: napx audit verify")
		return ErrUsage
	}
	env.Args = env.Args[1:]
	fs := newFlags(env, "audit verify", "Checks the audit log's hash chain. Exits non-zero and names the first bad entry when\nan entry was altered, inserted or removed.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	db, svc, err := openServices(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	n, err := svc.Audit.Verify(ctx)
	var bad *store.AuditProblem
	if errors.As(err, &bad) {
		return fmt.Errorf("the audit log is broken at entry %d: %s (%d entries before it check out)", bad.Seq, bad.Reason, n)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "audit log intact: %d entries, hash chain verified\n", n)
	return nil
}
