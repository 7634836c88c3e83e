package cli_test

import (
	"strings"
	"testing"

	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestOIDCCommands: napx oidc add (the secret from standard input, never
// printed), list and remove, against a real provider's discovery.
func TestOIDCCommands(t *testing.T) {
	op := webtest.StartOIDCProvider(t, "http://127.0.0.1:8080/signin/oidc/callback")
	for _, e := range storetest.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			vars := map[string]string{"NAPX_DATA": t.TempDir(), "NAPX_ADDR": "127.0.0.1:0"}
			if e == storetest.Postgres {
				vars["NAPX_DB"] = storetest.URL(t, storetest.OpenEmpty(t, e))
			}
			add := func(stdin string, args ...string) (string, error) {
				out, _, err := run(t, vars, stdin, append([]string{"oidc", "add"}, args...)...)
				return out, err
			}
			out, err := add(op.Secret+"\n", "--org", "hrv", "--issuer", op.Issuer, "--client-id", op.ClientID, "--domains", "mvep.hr,mup.hr", "--client-secret-stdin")
			if err != nil || !strings.Contains(out, "for HRV, vouching for mvep.hr, mup.hr") || !strings.Contains(out, "/signin/oidc/callback") {
				t.Fatalf("oidc add: %q %v", out, err)
			}
			for _, tt := range []struct {
				name, stdin string
				args        []string
				want        string
			}{
				{"no secret flag", "", []string{"--org", "HRV", "--issuer", op.Issuer, "--client-id", "x", "--domains", "a.hr"}, "--client-secret-stdin"},
				{"no secret", "", []string{"--org", "HRV", "--issuer", op.Issuer, "--client-id", "x", "--domains", "a.hr", "--client-secret-stdin"}, "no client secret"},
				{"unknown organisation", "s\n", []string{"--org", "XYZ", "--issuer", op.Issuer, "--client-id", "x", "--domains", "a.hr", "--client-secret-stdin"}, "org: there is no organisation"},
				{"plain http elsewhere", "s\n", []string{"--org", "HRV", "--issuer", "http://idp.example.org", "--client-id", "x", "--domains", "a.hr", "--client-secret-stdin"}, "issuer: enter the provider's issuer"},
				{"unreachable", "s\n", []string{"--org", "HRV", "--issuer", "http://127.0.0.1:1", "--client-id", "x", "--domains", "a.hr", "--client-secret-stdin"}, "could not read this provider's discovery document"},
				{"twice", "s\n", []string{"--org", "HRV", "--issuer", op.Issuer, "--client-id", "x", "--domains", "a.hr", "--client-secret-stdin"}, "already configured"},
				{"bad domain", "s\n", []string{"--org", "HRV", "--issuer", op.Issuer, "--client-id", "x", "--domains", "not a domain!", "--client-secret-stdin"}, "domains:"},
			} {
				_, err := add(tt.stdin, tt.args...)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
				}
			}
			out, _, err = run(t, vars, "", "oidc", "list")
			if err != nil || !strings.Contains(out, op.Issuer) || strings.Contains(out, op.Secret) {
				t.Fatalf("oidc list: %q %v", out, err)
			}
			if _, _, err := run(t, vars, "", "oidc", "remove", "--id", "99"); err == nil || !strings.Contains(err.Error(), "no provider 99") {
				t.Fatalf("remove unknown: %v", err)
			}
			if out, _, err := run(t, vars, "", "oidc", "remove", "--id", "1"); err != nil || !strings.Contains(out, "removed provider 1") {
				t.Fatalf("remove: %q %v", out, err)
			}
		})
	}
}
