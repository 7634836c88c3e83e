package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// source is a database to serve: a SQLite file (copied before each use,
// so the cached world is never written) or a PostgreSQL database.
type source struct {
	sqlite string // path of the cached file
	pgURL  string
}

func sqliteSource(path string) source { return source{sqlite: path} }

// buildNapx builds the binary into the cache.
func buildNapx(ctx context.Context, root, cache string) (string, error) {
	bin := filepath.Join(cache, "napx")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, "./cmd/napx") // #nosec G204 -- fixed arguments
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/napx: %w", err)
	}
	return bin, nil
}

// worldKey names a generated world by what decides its content: the
// sources of the generator, the services, the store and its migrations,
// the model and the reference data. A change to any of them makes a new
// world; anything else reuses the cached one.
func worldKey(root string) (string, error) {
	h := sha256.New()
	var files []string
	for _, dir := range []string{"internal/demo", "internal/service", "internal/store", "internal/model", "internal/refdata", "internal/policy"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && !strings.HasSuffix(p, "_test.go") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	sort.Strings(files)
	for _, f := range files {
		data, err := os.ReadFile(f) // #nosec G304 -- files of the repository
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", strings.TrimPrefix(f, root), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// sqliteWorld returns the cached SQLite file of a dataset ("world" or
// "demo"), generating it with napx demo the first time.
func (b *bench) sqliteWorld(ctx context.Context, key, dataset string) (path, took string, err error) {
	dir := filepath.Join(b.cache, dataset+"-"+key)
	path = filepath.Join(dir, "napx.db")
	if _, err := os.Stat(filepath.Join(dir, "complete")); err == nil {
		log.Printf("%s: cached in %s", dataset, dir)
		return path, "cached", nil
	}
	_ = os.RemoveAll(dir)
	log.Printf("%s: generating on SQLite into %s", dataset, dir)
	start := time.Now()
	if err := b.generate(ctx, dataset, "--data", dir); err != nil {
		return "", "", err
	}
	took = time.Since(start).Round(100 * time.Millisecond).String()
	log.Printf("%s: generated in %s", dataset, took)
	if err := os.WriteFile(filepath.Join(dir, "complete"), []byte(took+"\n"), 0o600); err != nil {
		return "", "", err
	}
	return path, took, nil
}

// generate runs napx demo --no-serve for a dataset.
func (b *bench) generate(ctx context.Context, dataset string, where ...string) error {
	args := append([]string{"demo", "--no-serve", "--scale", dataset}, where...)
	cmd := exec.CommandContext(ctx, b.napx, args...) // #nosec G204 -- our own binary
	cmd.Env = append(os.Environ(), "NAPX_LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("napx demo --scale %s: %w", dataset, err)
	}
	fmt.Fprintln(os.Stderr)
	return nil
}

// postgres is a throw-away cluster, started as scripts/test.sh starts one.
type postgres struct {
	bin, root string
	port      int
}

func (p *postgres) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", p.port, db)
}

// asPostgres runs a PostgreSQL program as the postgres user when we are
// root (initdb and postgres refuse to run as root).
func asPostgres(ctx context.Context, name string, args ...string) *exec.Cmd {
	if os.Geteuid() == 0 {
		return exec.CommandContext(ctx, "runuser", append([]string{"-u", "postgres", "--", name}, args...)...) // #nosec G204 -- PostgreSQL's programs
	}
	return exec.CommandContext(ctx, name, args...) // #nosec G204 -- PostgreSQL's programs
}

func (b *bench) startPostgres(ctx context.Context) (*postgres, error) {
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	if len(bins) == 0 {
		return nil, errors.New("PostgreSQL is not installed: run `make bench-load` (it installs it as `make test` does)")
	}
	sort.Strings(bins)
	p := &postgres{bin: filepath.Dir(bins[len(bins)-1])}
	var err error
	if p.port, err = freePort(); err != nil {
		return nil, err
	}
	if p.root, err = os.MkdirTemp("", "napx-bench-pg-"); err != nil {
		return nil, err
	}
	if os.Geteuid() == 0 {
		if out, err := exec.CommandContext(ctx, "chown", "postgres:postgres", p.root).CombinedOutput(); err != nil { // #nosec G204 -- our temp dir
			return nil, fmt.Errorf("chown: %v: %s", err, out)
		}
	}
	data := filepath.Join(p.root, "data")
	if out, err := asPostgres(ctx, filepath.Join(p.bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", p.port, p.root)
	logf := filepath.Join(p.root, "server.log")
	b.cleanups = append(b.cleanups, func() {
		_ = asPostgres(context.Background(), filepath.Join(p.bin, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop").Run()
		_ = os.RemoveAll(p.root)
	})
	if out, err := asPostgres(ctx, filepath.Join(p.bin, "pg_ctl"), "-D", data, "-l", logf, "-w", "-t", "60", "-o", opts, "start").CombinedOutput(); err != nil {
		slog, _ := os.ReadFile(logf) // #nosec G304 -- our temp dir
		return nil, fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, slog)
	}
	log.Printf("PostgreSQL started on 127.0.0.1:%d (%s)", p.port, p.bin)
	return p, nil
}

// postgresWorld creates a database for a dataset: restored from the
// cached dump when there is one, else generated with napx demo and dumped
// for the next run.
func (b *bench) postgresWorld(ctx context.Context, p *postgres, key, dataset string) (source, error) {
	psql := exec.CommandContext(ctx, filepath.Join(p.bin, "psql"), "-h", "127.0.0.1", "-p", strconv.Itoa(p.port), "-U", "postgres", "-qAtc", "create database "+dataset) // #nosec G204 -- fixed names
	if out, err := psql.CombinedOutput(); err != nil {
		return source{}, fmt.Errorf("create database: %v: %s", err, out)
	}
	src := source{pgURL: p.url(dataset)}
	dump := filepath.Join(b.cache, dataset+"-"+key+".pgdump")
	if _, err := os.Stat(dump); err == nil {
		log.Printf("%s: restoring the cached PostgreSQL dump", dataset)
		cmd := exec.CommandContext(ctx, filepath.Join(p.bin, "pg_restore"), "-d", src.pgURL, "--no-owner", "-j", "2", dump) // #nosec G204 -- our cache
		if out, err := cmd.CombinedOutput(); err != nil {
			return source{}, fmt.Errorf("pg_restore: %v: %s", err, out)
		}
		return src, nil
	}
	log.Printf("%s: generating on PostgreSQL", dataset)
	start := time.Now()
	if err := b.generate(ctx, dataset, "--db", src.pgURL); err != nil {
		return source{}, err
	}
	log.Printf("%s: generated on PostgreSQL in %s", dataset, time.Since(start).Round(100*time.Millisecond))
	cmd := exec.CommandContext(ctx, filepath.Join(p.bin, "pg_dump"), "-Fc", "-f", dump+".tmp", src.pgURL) // #nosec G204 -- our cache
	if out, err := cmd.CombinedOutput(); err != nil {
		return source{}, fmt.Errorf("pg_dump: %v: %s", err, out)
	}
	return src, os.Rename(dump+".tmp", dump)
}

// server is a running napx serve.
type server struct {
	cmd  *exec.Cmd
	base string
	dir  string // its data directory (a copy of the cached SQLite file)
	src  source
	bin  string
}

func (s *server) pid() int { return s.cmd.Process.Pid }

func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
	_ = os.RemoveAll(s.dir)
	s.cmd = nil
}

// napxArgs are the command-line arguments naming the database.
func (s *server) dbArgs() []string {
	if s.src.pgURL != "" {
		return []string{"--db", s.src.pgURL, "--data", s.dir}
	}
	return []string{"--data", s.dir}
}

// serve starts napx serve on a free loopback port and waits until it is
// ready.
func (b *bench) serve(ctx context.Context, engine string, src source) (*server, error) {
	dir, err := os.MkdirTemp("", "napx-bench-"+engine+"-")
	if err != nil {
		return nil, err
	}
	if src.sqlite != "" {
		if err := copyFile(src.sqlite, filepath.Join(dir, "napx.db")); err != nil {
			return nil, err
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{base: fmt.Sprintf("http://127.0.0.1:%d", port), dir: dir, src: src, bin: b.napx}
	args := append([]string{"serve", "--addr", fmt.Sprintf("127.0.0.1:%d", port)}, s.dbArgs()...)
	s.cmd = exec.CommandContext(ctx, b.napx, args...)       // #nosec G204 -- our own binary
	logf, err := os.Create(filepath.Join(dir, "serve.log")) // #nosec G304 -- our temp dir
	if err != nil {
		return nil, err
	}
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	b.cleanups = append(b.cleanups, s.stop)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.base + "/readyz") // #nosec G107 -- loopback
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == 200 {
				s.waitJobs(ctx)
				return s, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("napx serve did not become ready (log in %s)", logf.Name())
}

// waitJobs waits (at most ten minutes) until the server's job queue is
// empty. The daily scans run when the workers start; on the world they
// find thousands of deadlines and send as many notices, and each notice's
// fan-out is an audited change that moves the data version every cached
// answer is kept under. What is measured is the steady state after that
// burst, as a server lives between two daily scans; the wait is printed.
func (s *server) waitJobs(ctx context.Context) {
	start := time.Now()
	for time.Since(start) < 10*time.Minute && ctx.Err() == nil {
		if n, err := s.queuedJobs(); err == nil && n == 0 {
			if d := time.Since(start); d > time.Second {
				log.Printf("waited %s for the job queue to empty (the start-up scans' notices)", d.Round(time.Second))
			}
			return
		}
		time.Sleep(2 * time.Second)
	}
	log.Printf("the job queue was not empty after %s; measuring anyway", time.Since(start).Round(time.Second))
}

// queuedJobs reads the jobs available or running from the server's
// metrics (napx_jobs, counted at most every five seconds).
func (s *server) queuedJobs() (int, error) {
	resp, err := http.Get(s.base + "/metrics") // #nosec G107 -- loopback
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	n, seen := 0, false
	for _, line := range strings.Split(string(body), "\n") {
		for _, state := range []string{"available", "running", "retryable"} {
			if rest, ok := strings.CutPrefix(line, `napx_jobs{state="`+state+`"} `); ok {
				v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
				if err != nil {
					return 0, err
				}
				n, seen = n+int(v), true
			}
		}
	}
	if !seen {
		return 0, errors.New("no napx_jobs in the metrics")
	}
	return n, nil
}

// token creates an API token for an account with napx token create.
func (s *server) token(ctx context.Context, email string) (string, error) {
	args := append([]string{"token", "create", "--email", email, "--name", "bench-load"}, s.dbArgs()...)
	out, err := exec.CommandContext(ctx, s.bin, args...).Output() // #nosec G204 -- our own binary
	if err != nil {
		return "", fmt.Errorf("napx token create --email %s: %w", email, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(lines[len(lines)-1]), nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from) // #nosec G304 -- our cache
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }()
	out, err := os.Create(to) // #nosec G304 -- our temp dir
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// rssMB reads a process's resident set (VmRSS) in MB.
func rssMB(pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				kb, _ := strconv.ParseFloat(f[0], 64)
				return kb / 1024
			}
		}
	}
	return 0
}
