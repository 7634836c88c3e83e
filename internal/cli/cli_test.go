package cli_test

import (
	"bytes"
	"context"

	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"napx/internal/cli"
	"napx/internal/store"
	"napx/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func run(t *testing.T, vars map[string]string, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb syncBuf
	err := cli.Run(context.Background(), args, env(vars), strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestVersionAndHelp(t *testing.T) {
	out, _, err := run(t, nil, "", "version")
	if err != nil || !strings.HasPrefix(out, "napx ") {
		t.Fatalf("version: %q, %v", out, err)
	}
	out, _, err = run(t, nil, "", "help")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"serve", "demo", "migrate", "version"} {
		if !strings.Contains(out, "  "+c) {
			t.Errorf("help lacks %s: %s", c, out)
		}
		cout, _, err := run(t, nil, "", c, "--help")
		if err != nil || !strings.Contains(cout, "Usage: napx "+c) || !strings.Contains(cout, "NAPX_DATA") && c != "version" {
			t.Errorf("%s --help: %q, %v", c, cout, err)
		}
	}
	if _, _, err := run(t, nil, "", "frobnicate"); err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %v", err)
	}
	if _, _, err := run(t, nil, "", "migrate", "--no-such-flag"); err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("bad flag: want a one-line error, got %v", err)
	}
	if _, _, err := run(t, map[string]string{"NAPX_ADDR": "nonsense"}, "", "migrate", "--data", t.TempDir()); err == nil || !strings.Contains(err.Error(), "NAPX_ADDR") {
		t.Errorf("bad NAPX_ADDR: %v", err)
	}
}

func TestMigrateCreatesDataDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "data")
	out, _, err := run(t, map[string]string{"NAPX_DATA": dir}, "", "migrate")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`schema version \d+`).MatchString(out) {
		t.Errorf("migrate printed %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "napx.db")); err != nil {
		t.Errorf("no database in NAPX_DATA: %v", err)
	}
	// A flag wins over the environment.
	other := filepath.Join(t.TempDir(), "flag")
	if _, _, err := run(t, map[string]string{"NAPX_DATA": dir}, "", "migrate", "--data", other); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(other, "napx.db")); err != nil {
		t.Errorf("--data was not honoured: %v", err)
	}
}

// startServe runs `napx <args>` until the test ends and returns its base URL.
func startServe(t *testing.T, vars map[string]string, args ...string) (string, *syncBuf, chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuf
	done := make(chan error, 1)
	go func() { done <- cli.Run(ctx, args, env(vars), strings.NewReader(""), &out, &errb) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("server did not stop")
		}
	})
	addr := regexp.MustCompile(`"address":"(http://[^"]+)"|address=(http://\S+)`)
	// A guard against a server that never starts, not a time limit: the
	// demo's seeding took over a minute on a 2-core machine under load.
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		if m := addr.FindStringSubmatch(errb.String()); m != nil {
			return m[1] + m[2], &out, done
		}
		select {
		case err := <-done:
			done <- err
			return "", &errb, done
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("server did not start: %s", errb.String())
	return "", nil, nil
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeMigratesEmptyAndRefusesOutdated(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			dir := t.TempDir()
			vars := map[string]string{"NAPX_DATA": dir, "NAPX_ADDR": "127.0.0.1:0"}
			var db *store.DB
			if e == storetest.Postgres {
				db = storetest.OpenEmpty(t, e)
				vars["NAPX_DB"] = storetest.URL(t, db)
			}
			base, logs, _ := startServe(t, vars, "serve")
			if base == "" {
				t.Fatalf("serve on an empty database failed: %s", logs.String())
			}
			if code, body := get(t, base+"/readyz"); code != 200 || !strings.Contains(body, "ready") {
				t.Fatalf("readyz: %d %q", code, body)
			}
			if code, body := get(t, base+"/api/v1/states/HRV"); code != 200 || !strings.Contains(body, `"Croatia"`) {
				t.Fatalf("states/HRV: %d %q", code, body)
			}
		})
	}
	// An outdated database is refused unless --migrate.
	ms, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 2 {
		t.Skip("needs two migrations to make an outdated database")
	}
	dir := t.TempDir()
	vars := map[string]string{"NAPX_DATA": dir, "NAPX_ADDR": "127.0.0.1:0"}
	db, err := store.Open(context.Background(), "sqlite:"+filepath.Join(dir, "napx.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MigrateTo(context.Background(), ms[len(ms)-2].Version, nil); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, _, err = run(t, vars, "", "serve")
	if err == nil || !strings.Contains(err.Error(), "outdated") || !strings.Contains(err.Error(), "napx migrate") {
		t.Fatalf("serve on an outdated database: %v", err)
	}
	base, logs, _ := startServe(t, vars, "serve", "--migrate")
	if base == "" {
		t.Fatalf("serve --migrate: %s", logs.String())
	}
	if code, _ := get(t, base+"/readyz"); code != 200 {
		t.Fatalf("readyz after --migrate: %d", code)
	}
}

func TestDemoRefusesRealData(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"NAPX_DATA": dir, "NAPX_ADDR": "127.0.0.1:0"}
	if _, _, err := run(t, vars, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	_, _, err := run(t, vars, "", "demo")
	if err == nil || !strings.Contains(err.Error(), "not demo data") {
		t.Fatalf("demo on a real data directory: %v", err)
	}
}

func TestDemoServes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	vars := map[string]string{"NAPX_DATA": dir, "NAPX_ADDR": "127.0.0.1:0"}
	base, out, _ := startServe(t, vars, "demo")
	if base == "" {
		t.Fatalf("demo did not start: %s", out.String())
	}
	code, body := get(t, base+"/")
	if code != 200 || !strings.Contains(body, "Illustrative demo data") {
		t.Fatalf("demo home: %d, banner missing", code)
	}
	if !strings.Contains(out.String(), "napx demo is running at") {
		t.Errorf("demo did not print its address: %q", out.String())
	}
}

// TestReindex: napx reindex rebuilds the index (the States at least) and
// draws its progress; a second run gives the same count.
func TestReindex(t *testing.T) {
	dir := t.TempDir()
	out, errOut, err := run(t, map[string]string{"NAPX_DATA": dir}, "", "reindex")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`search index rebuilt: (\d+) records`).FindStringSubmatch(out)
	if m == nil || m[1] == "0" {
		t.Fatalf("reindex printed %q", out)
	}
	if !strings.Contains(errOut, "States") || !strings.Contains(errOut, "100%") {
		t.Errorf("no progress bar: %q", errOut)
	}
	again, _, err := run(t, map[string]string{"NAPX_DATA": dir}, "", "reindex")
	if err != nil || !strings.Contains(again, m[0]) {
		t.Errorf("second run: %q, %v", again, err)
	}
}
