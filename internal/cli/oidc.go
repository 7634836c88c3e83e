package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"napx/internal/config"
	"napx/internal/model"
	"napx/internal/service"
)

// runOIDC manages the organisations' OpenID providers (issue 19).
func runOIDC(ctx context.Context, env Env) error {
	if len(env.Args) == 0 || env.Args[0] == "--help" || env.Args[0] == "-h" || env.Args[0] == "help" {
		fmt.Fprintln(env.Stdout, "Usage: napx oidc add|list|remove [flags]")
		fmt.Fprintln(env.Stdout)
		fmt.Fprintln(env.Stdout, "  add     --org CODE[,CODE] --issuer URL --client-id ID --domains DOMAIN[,DOMAIN] [--name NAME] --client-secret-stdin")
		fmt.Fprintln(env.Stdout, "  list")
		fmt.Fprintln(env.Stdout, "  remove  --id ID")
		fmt.Fprintln(env.Stdout)
		fmt.Fprintln(env.Stdout, "The client secret is read from standard input, never from the command line, and never shown again.")
		if len(env.Args) == 0 {
			return ErrUsage
		}
		return nil
	}
	sub, rest := env.Args[0], env.Args[1:]
	env.Args = rest
	switch sub {
	case "add":
		return oidcAdd(ctx, env)
	case "list":
		return oidcList(ctx, env)
	case "remove":
		return oidcRemove(ctx, env)
	}
	return fmt.Errorf("napx oidc: unknown subcommand %q (add, list, remove)", sub)
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

func oidcAdd(ctx context.Context, env Env) error {
	fs := newFlags(env, "oidc add --org CODE --issuer URL --client-id ID --domains DOMAINS --client-secret-stdin",
		"Links an OpenID provider to organisations. The client secret is read from standard input.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	org := fs.String("org", "", "organisation `codes`, comma-separated (e.g. HRV or UNODA,UNSC1540)")
	issuer := fs.String("issuer", "", "the provider's issuer `URL` (its /.well-known/openid-configuration must answer)")
	clientID := fs.String("client-id", "", "napx's client `ID` at the provider")
	domains := fs.String("domains", "", "the e-mail `domains` the provider may vouch for, comma-separated")
	name := fs.String("name", "", "the `name` on the sign-in button (default: the first organisation's)")
	stdin := fs.Bool("client-secret-stdin", false, "read the client secret from standard input (required)")
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	if *org == "" || *issuer == "" || *clientID == "" || *domains == "" {
		return errors.New("napx oidc add: --org, --issuer, --client-id and --domains are required")
	}
	if !*stdin {
		return errors.New("napx oidc add: give --client-secret-stdin and the secret on standard input")
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	secret, err := readPassword(env.Stdin)
	if err != nil {
		return errors.New("napx oidc add: no client secret on standard input")
	}
	db, svc, err := openServices(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	p, err := svc.OIDC.AddProvider(ctx, model.SystemViewer("napx oidc add"), service.OIDCProviderInput{
		Name: *name, Issuer: *issuer, ClientID: *clientID, ClientSecret: secret, Orgs: splitList(*org), Domains: splitList(*domains)})
	if err != nil {
		return problemsLine(err)
	}
	fmt.Fprintf(env.Stdout, "added provider %d %q (%s) for %s, vouching for %s\n", p.ID, p.Name, p.Issuer, strings.Join(p.Orgs, ", "), strings.Join(p.Domains, ", "))
	fmt.Fprintf(env.Stdout, "register this redirect address at the provider: %s/signin/oidc/callback\n", cfg.PublicURL())
	return nil
}

func oidcList(ctx context.Context, env Env) error {
	fs := newFlags(env, "oidc list", "Lists the OpenID providers (without their secrets).")
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
	ps, err := svc.OIDC.Providers(ctx, model.SystemViewer("napx oidc list"))
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tISSUER\tCLIENT ID\tORGANISATIONS\tDOMAINS")
	for _, p := range ps {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, p.Issuer, p.Client, strings.Join(p.Orgs, ","), strings.Join(p.Domains, ","))
	}
	return tw.Flush()
}

func oidcRemove(ctx context.Context, env Env) error {
	fs := newFlags(env, "oidc remove --id ID", "Removes an OpenID provider; linked identities stay and work again if it is added back.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	id := fs.String("id", "", "the provider's `ID` (napx oidc list)")
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	n, err := strconv.ParseInt(*id, 10, 64)
	if err != nil || n <= 0 {
		return errors.New("napx oidc remove: --id is required (a number from napx oidc list)")
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	db, svc, err := openServices(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	if err := svc.OIDC.RemoveProvider(ctx, model.SystemViewer("napx oidc remove"), n); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return fmt.Errorf("napx oidc remove: there is no provider %d", n)
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "removed provider %d\n", n)
	return nil
}
