package cli_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// napxBinary builds cmd/napx once per test binary: these tests run napx as
// a separate process, to kill it.
var napxBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "napx-bin-")
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, "napx")
	cmd := exec.Command("go", "build", "-o", out, "napx/cmd/napx")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v: %s", err, b)
	}
	return out, nil
})

// proc is a napx process.
type proc struct {
	t    *testing.T
	cmd  *exec.Cmd
	log  string
	done chan struct{} // closed when it exited
	err  error         // its exit status, once done
}

func startNapx(t *testing.T, vars map[string]string, args ...string) *proc {
	t.Helper()
	bin, err := napxBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...) // #nosec G204 -- the binary this test built
	cmd.Env = append(os.Environ(), "NAPX_LOG_FORMAT=json")
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	logPath := filepath.Join(t.TempDir(), "napx.log")
	f, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{t: t, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); _ = f.Close(); close(p.done) }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-p.done })
	return p
}

func (p *proc) logs() string {
	b, _ := os.ReadFile(p.log)
	return string(b)
}

// waitLog waits for a log line matching re and returns its first group.
func (p *proc) waitLog(re *regexp.Regexp) string {
	p.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(p.logs()); m != nil {
			if len(m) > 1 {
				return m[1]
			}
			return m[0]
		}
		select {
		case <-p.done:
			p.t.Fatalf("napx exited (%v): %s", p.err, p.logs())
		case <-time.After(20 * time.Millisecond):
		}
	}
	p.t.Fatalf("napx never logged %s: %s", re, p.logs())
	return ""
}

// stop sends SIGTERM and checks napx exits cleanly.
func (p *proc) stop() {
	p.t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		if p.err != nil {
			p.t.Errorf("napx exited with %v after SIGTERM: %s", p.err, p.logs())
		}
	case <-time.After(60 * time.Second):
		p.t.Fatalf("napx did not stop on SIGTERM: %s", p.logs())
	}
}

var servingAt = regexp.MustCompile(`"address":"(http://[^"]+)"`)

// dataVars are the settings of a napx data directory on engine e.
func dataVars(t *testing.T, e storetest.Engine) (map[string]string, *store.DB) {
	t.Helper()
	vars := map[string]string{"NAPX_DATA": t.TempDir(), "NAPX_ADDR": "127.0.0.1:0", "NAPX_BASE_URL": "https://napx.example.org"}
	if e == storetest.Postgres {
		db := storetest.OpenEmpty(t, e)
		vars["NAPX_DB"] = storetest.URL(t, db)
		return vars, db
	}
	return vars, nil
}

func openData(t *testing.T, vars map[string]string) *store.DB {
	t.Helper()
	u := vars["NAPX_DB"]
	if u == "" {
		u = "sqlite:" + filepath.Join(vars["NAPX_DATA"], "napx.db")
	}
	db, err := store.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// TestQueuedMailSurvivesKill9: a page-only napx (--workers=0) takes a
// password-reset request; its mail is queued, not sent. napx is killed
// with SIGKILL. A worker started afterwards sends the mail, once.
func TestQueuedMailSurvivesKill9(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			mp := webtest.StartMailpit(t)
			vars, _ := dataVars(t, e)
			vars["NAPX_SMTP_URL"] = mp.SMTPURL()
			if _, _, err := run(t, vars, "", "migrate"); err != nil {
				t.Fatal(err)
			}
			if _, _, err := run(t, vars, "a long enough passphrase\n", "user", "add", "--email", "ana@hrv.example.org", "--org", "HRV", "--role", "editor", "--password-stdin"); err != nil {
				t.Fatal(err)
			}
			a := startNapx(t, vars, "serve", "--workers=0")
			base := a.waitLog(servingAt)
			resp, err := http.PostForm(base+"/signin/forgot", url.Values{"email": {"ana@hrv.example.org"}})
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			db := openData(t, vars)
			counts, err := db.JobCounts(context.Background())
			if err != nil || counts["available"] != 1 {
				t.Fatalf("queued jobs %v (%v), want the reset mail available", counts, err)
			}
			_ = a.cmd.Process.Kill() // SIGKILL: no shutdown at all
			<-a.done
			if n := len(mp.Messages()); n != 0 {
				t.Fatalf("a page-only napx sent %d mail", n)
			}
			b := startNapx(t, vars, "worker")
			b.waitLog(regexp.MustCompile(`napx worker running`))
			mp.WaitFor(1)
			waitJobs(t, db)
			if got := mp.Messages(); len(got) != 1 || got[0].To[0].Address != "ana@hrv.example.org" || !strings.Contains(got[0].Subject, "Reset") {
				t.Fatalf("after the restart: %+v", got)
			}
			b.stop()
		})
	}
}

func waitJobs(t *testing.T, db *store.DB) {
	t.Helper()
	deadline := time.Now().Add(120 * time.Second)
	for {
		busy, err := db.JobsBusy(context.Background(), time.Now().Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if !busy {
			return
		}
		if time.Now().After(deadline) {
			c, _ := db.JobCounts(context.Background())
			t.Fatalf("jobs still to run: %v", c)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestTwoWorkersOnePostgresEachJobOnce: two napx worker processes share a
// PostgreSQL database; every notice is mailed exactly once, and both
// processes did work (so the jobs were contended for).
func TestTwoWorkersOnePostgresEachJobOnce(t *testing.T) {
	if !contains(storetest.Engines(t), storetest.Postgres) {
		t.Skip("needs PostgreSQL")
	}
	mp := webtest.StartMailpit(t)
	vars, _ := dataVars(t, storetest.Postgres)
	vars["NAPX_SMTP_URL"] = mp.SMTPURL()
	if _, _, err := run(t, vars, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	db := openData(t, vars)
	ctx := context.Background()
	if err := db.SyncReference(ctx, storetest.Catalog(t)); err != nil {
		t.Fatal(err)
	}
	svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Auth: service.AuthOptions{HashParams: webtest.CheapHashing}})
	const n = 150
	var emails []string
	for i := range n {
		acc, err := svc.Accounts.Create(ctx, model.SystemViewer("test"), service.AccountInput{Email: fmt.Sprintf("person%03d@hrv.example.org", i),
			Org: "HRV", Role: "viewer", Password: "a long enough passphrase"})
		if err != nil {
			t.Fatal(err)
		}
		emails = append(emails, acc.Email)
	}
	w1 := startNapx(t, vars, "worker", "--workers=3")
	w2 := startNapx(t, vars, "worker", "--workers=3")
	w1.waitLog(regexp.MustCompile(`napx worker running`))
	w2.waitLog(regexp.MustCompile(`napx worker running`))
	// Each token tells its account (a security notice): n fan-outs, n mails.
	for _, e := range emails {
		if _, _, err := svc.Accounts.CreateToken(ctx, model.SystemViewer("test"), e, "script"); err != nil {
			t.Fatal(err)
		}
	}
	mp.WaitFor(n)
	waitJobs(t, db)
	w1.stop()
	w2.stop()
	msgs := mp.Messages()
	if len(msgs) != n {
		t.Errorf("%d messages for %d notices", len(msgs), n)
	}
	per := map[string]int{}
	for _, m := range msgs {
		per[m.To[0].Address]++
	}
	for _, e := range emails {
		if per[e] != 1 {
			t.Errorf("%s got %d mail, want exactly 1", e, per[e])
		}
	}
	// Both processes worked: River records who attempted each job.
	pg, err := sql.Open("pgx", vars["NAPX_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	var clients int
	if err := pg.QueryRow(`SELECT COUNT(DISTINCT attempted_by[array_length(attempted_by, 1)]) FROM river_job WHERE kind = 'notify.mail'`).Scan(&clients); err != nil {
		t.Fatal(err)
	}
	if clients != 2 {
		t.Errorf("the mail jobs were run by %d process(es), want 2: the test would not prove exactly-once under contention", clients)
	}
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestMailAndWorkerSettingsRefused: a malformed NAPX_SMTP_URL or
// NAPX_WORKERS stops napx before it starts, naming the setting and never
// echoing a password.
func TestMailAndWorkerSettingsRefused(t *testing.T) {
	for _, tt := range []struct {
		vars map[string]string
		args []string
		want string
	}{
		{map[string]string{"NAPX_SMTP_URL": "smtp://user:s3cret@relay.example.org:notaport"}, []string{"serve"}, "NAPX_SMTP_URL"},
		{map[string]string{"NAPX_SMTP_URL": "http://relay.example.org"}, []string{"serve"}, "smtp:// or smtps://"},
		{map[string]string{"NAPX_SMTP_URL": "smtp://user:s3cret@/"}, []string{"worker"}, "names no host"},
		{map[string]string{"NAPX_SMTP_URL": "smtps://relay.example.org:465/path?x=1"}, []string{"demo"}, "no path"},
		{map[string]string{"NAPX_MAIL_FROM": "not an address"}, []string{"serve"}, "NAPX_MAIL_FROM"},
		{map[string]string{"NAPX_WORKERS": "many"}, []string{"serve"}, "NAPX_WORKERS"},
		{nil, []string{"worker", "--workers=0"}, "nothing to do"},
		{nil, []string{"serve", "--workers=-1"}, "--workers"},
	} {
		vars := map[string]string{"NAPX_DATA": t.TempDir(), "NAPX_ADDR": "127.0.0.1:0"}
		for k, v := range tt.vars {
			vars[k] = v
		}
		_, _, err := run(t, vars, "", tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) && !strings.Contains(err.Error(), "must not have a path") {
			t.Errorf("%v %v: %v, want an error naming %q", tt.vars, tt.args, err, tt.want)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("the error shows the relay's password: %v", err)
		}
	}
}

// TestServeRunsWorkersAndStopsGracefully: napx serve runs the workers in
// process (a reset mail goes out through the relay), reports them on
// /metrics, and stops cleanly on SIGTERM.
func TestServeRunsWorkersAndStopsGracefully(t *testing.T) {
	mp := webtest.StartMailpit(t)
	vars, _ := dataVars(t, storetest.SQLite)
	vars["NAPX_SMTP_URL"] = mp.SMTPURL()
	if _, _, err := run(t, vars, "a long enough passphrase\n", "user", "add", "--email", "ana@hrv.example.org", "--org", "HRV", "--role", "editor", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	p := startNapx(t, vars, "serve", "--workers=2")
	base := p.waitLog(servingAt)
	resp, err := http.PostForm(base+"/signin/forgot", url.Values{"email": {"ana@hrv.example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	mp.WaitFor(1)
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, body := get(t, base+"/metrics")
		if strings.Contains(body, `napx_mail_sent_total{transport="smtp"} 1`) && strings.Contains(body, `napx_jobs{state="completed"}`) &&
			strings.Contains(body, `napx_job_attempts_total{kind="account.mail",outcome="completed"} 1`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics lack the job and mail series: %s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.stop()
	if !strings.Contains(p.logs(), "job engine stopped") {
		t.Errorf("no graceful stop of the job engine in the log: %s", p.logs())
	}
}
