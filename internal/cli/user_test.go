package cli_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"napx/internal/store"
	"napx/internal/storetest"
)

func TestUserCommands(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			vars := map[string]string{"NAPX_DATA": t.TempDir(), "NAPX_ADDR": "127.0.0.1:0"}
			if e == storetest.Postgres {
				vars["NAPX_DB"] = storetest.URL(t, storetest.OpenEmpty(t, e))
			}
			add := func(stdin string, args ...string) (string, error) {
				out, _, err := run(t, vars, stdin, append([]string{"user", "add"}, args...)...)
				return out, err
			}
			out, err := add("a long enough passphrase\n", "--email", "Ana@HRV.example.org", "--org", "hrv", "--role", "coordinator", "--password-stdin")
			if err != nil || !strings.Contains(out, "added ana@hrv.example.org (HRV, coordinator)") {
				t.Fatalf("user add: %q, %v", out, err)
			}
			for _, tt := range []struct {
				name, stdin string
				args        []string
				want        string
			}{
				{"unknown organisation", "a long enough passphrase\n", []string{"--email", "b@x.org", "--org", "XYZ", "--role", "viewer", "--password-stdin"}, "org: there is no organisation"},
				{"duplicate e-mail", "a long enough passphrase\n", []string{"--email", "ana@hrv.example.org", "--org", "HRV", "--role", "viewer", "--password-stdin"}, "email: an account with this e-mail address already exists"},
				{"short password", "short\n", []string{"--email", "c@x.org", "--org", "HRV", "--role", "viewer", "--password-stdin"}, "password: use at least 12 characters"},
				{"common password", "password1234\n", []string{"--email", "c@x.org", "--org", "HRV", "--role", "viewer", "--password-stdin"}, "password: this password is too common"},
				{"no stdin flag", "", []string{"--email", "c@x.org", "--org", "HRV", "--role", "viewer"}, "--password-stdin"},
				{"bad role", "a long enough passphrase\n", []string{"--email", "c@x.org", "--org", "HRV", "--role", "king", "--password-stdin"}, "role: choose viewer, editor or coordinator"},
			} {
				_, err := add(tt.stdin, tt.args...)
				if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
					t.Errorf("%s: %v, want one line with %q", tt.name, err, tt.want)
				}
			}
			out, _, err = run(t, vars, "", "user", "list")
			if err != nil || !strings.Contains(out, "ana@hrv.example.org") || strings.Contains(out, "c@x.org") {
				t.Fatalf("user list: %q %v", out, err)
			}
			// A token, printed as the last line, works against a server.
			out, _, err = run(t, vars, "", "token", "create", "--email", "ana@hrv.example.org")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			token := lines[len(lines)-1]
			if err != nil || !strings.HasPrefix(token, "napx_") {
				t.Fatalf("token create: %q %v", out, err)
			}
			base, logs, _ := startServe(t, vars, "serve")
			if base == "" {
				t.Fatalf("serve: %s", logs)
			}
			me := func() int {
				req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp.StatusCode
			}
			if code := me(); code != 200 {
				t.Fatalf("/me with the new token: %d", code)
			}
			if _, _, err := run(t, vars, "", "user", "passwd", "--email", "ana@hrv.example.org", "--password-stdin"); err == nil {
				t.Error("passwd without a password on stdin succeeded")
			}
			if out, _, err := run(t, vars, "another long passphrase\n", "user", "passwd", "--email", "ana@hrv.example.org", "--password-stdin"); err != nil || !strings.Contains(out, "changed") {
				t.Errorf("passwd: %q %v", out, err)
			}
			if out, _, err := run(t, vars, "", "user", "disable", "--email", "ana@hrv.example.org"); err != nil || !strings.Contains(out, "disabled") {
				t.Fatalf("disable: %q %v", out, err)
			}
			if code := me(); code != http.StatusUnauthorized {
				t.Errorf("/me after disable: %d, want 401 at once", code)
			}
			if _, _, err := run(t, vars, "", "user", "disable", "--email", "nobody@x.org"); err == nil || !strings.Contains(err.Error(), "no account") {
				t.Errorf("disable unknown: %v", err)
			}
			if out, _, err := run(t, vars, "", "audit", "verify"); err != nil || !strings.Contains(out, "intact") {
				t.Errorf("audit verify: %q %v", out, err)
			}
		})
	}
}

func TestAuditVerifyNamesTheBadEntry(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"NAPX_DATA": dir}
	for _, email := range []string{"a@hrv.example.org", "b@hrv.example.org", "c@hrv.example.org"} {
		if _, _, err := run(t, vars, "a long enough passphrase\n", "user", "add", "--email", email, "--org", "HRV", "--role", "viewer", "--password-stdin"); err != nil {
			t.Fatal(err)
		}
	}
	db, err := store.Open(context.Background(), "sqlite:"+filepath.Join(dir, "napx.db"))
	if err != nil {
		t.Fatal(err)
	}
	err = db.UnsafeExecForTests(context.Background(), `DROP TRIGGER audit_log_no_update`,
		`UPDATE audit_log SET summary = 'account created for someone else' WHERE seq = 2`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = run(t, vars, "", "audit", "verify")
	if err == nil || !strings.Contains(err.Error(), "entry 2") || !strings.Contains(err.Error(), "altered") {
		t.Fatalf("audit verify after tampering: %v, want it to name entry 2", err)
	}
}

func TestBackup(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			dir := t.TempDir()
			vars := map[string]string{"NAPX_DATA": dir}
			if e == storetest.Postgres {
				vars["NAPX_DB"] = storetest.URL(t, storetest.OpenEmpty(t, e))
			}
			if _, _, err := run(t, vars, "a long enough passphrase\n", "user", "add", "--email", "a@hrv.example.org", "--org", "HRV", "--role", "viewer", "--password-stdin"); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "copy.bak")
			got, _, err := run(t, vars, "", "backup", "--out", out)
			if err != nil {
				t.Fatalf("backup: %v", err)
			}
			if !strings.Contains(got, "backup written") {
				t.Errorf("backup printed %q", got)
			}
			if e == storetest.SQLite {
				// The copy is a working napx database with the account in it.
				copyVars := map[string]string{"NAPX_DATA": t.TempDir(), "NAPX_DB": "sqlite:" + out}
				list, _, err := run(t, copyVars, "", "user", "list")
				if err != nil || !strings.Contains(list, "a@hrv.example.org") {
					t.Errorf("the backup does not hold the account: %q %v", list, err)
				}
			}
			if _, _, err := run(t, vars, "", "backup", "--out", out); err == nil {
				t.Error("backup over an existing file succeeded")
			}
		})
	}
}
