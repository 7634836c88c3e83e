// Command benchload is `make bench-load` (issue 13): it builds napx,
// generates the world once (cached), serves it on SQLite and then on a
// throw-away PostgreSQL, and drives the key pages and API reads with
// vegeta, alternating in the same run with a constant-bytes server that
// answers the very same bytes, for anonymous and signed-in readers, plus a
// write mix (50 editors updating actions). It prints one table — path,
// engine, reader, throughput, share of the constant server, p50, p99, peak
// RSS — and writes it as JSON. Everything runs on 127.0.0.1 and each
// attack is bounded in time: BENCH_SECONDS (default 5) per measurement.
//
//	go run ./cmd/benchload [-out FILE] [-engines sqlite,postgres] [-only REGEXP]
//
// It is a program, not a test: shares measured on a shared machine are
// figures to read, not pass/fail gates; the summary says which targets of
// the issue each figure meets.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Row is one line of the table.
type Row struct {
	Path       string  `json:"path"`
	Name       string  `json:"name"`
	Engine     string  `json:"engine"`
	Dataset    string  `json:"dataset"` // world or demo
	Reader     string  `json:"reader"`  // anonymous, coordinator, expert, api, editors
	Throughput float64 `json:"throughput_rps"`
	Constant   float64 `json:"constant_rps"`
	Share      float64 `json:"share"`
	P50ms      float64 `json:"p50_ms"`
	P99ms      float64 `json:"p99_ms"`
	PeakRSSMB  float64 `json:"peak_rss_mb"`
	Requests   uint64  `json:"requests"`
	Errors     int     `json:"non_2xx"`
	Bytes      int     `json:"bytes"`
}

// Report is the JSON file.
type Report struct {
	Started   time.Time `json:"started"`
	Seconds   int       `json:"seconds_per_measurement"`
	Workers   int       `json:"workers"`
	Rows      []Row     `json:"rows"`
	RSS200MB  float64   `json:"peak_rss_200_clients_mb"`
	Targets   []Check   `json:"targets"`
	Machine   string    `json:"machine"`
	Generated string    `json:"world_generation"`
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench-load: ")
	if len(os.Args) > 1 && os.Args[1] == "-constant" {
		serveConstant(os.Args[2:]) // the constant-bytes server, as its own process
		return
	}
	out := flag.String("out", "", "write the JSON report here (default: bench-load-<time>.json in the cache directory)")
	engines := flag.String("engines", "sqlite,postgres", "the engines to measure, in order")
	only := flag.String("only", "", "measure only the targets whose name matches this regular expression")
	workers := flag.Int("c", 16, "concurrent clients per measurement")
	flag.Parse()
	secs := 5
	if s := os.Getenv("BENCH_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 600 {
			log.Fatalf("BENCH_SECONDS=%q: give a whole number of seconds from 1 to 600", s) // #nosec G706 -- quoted with %q
		}
		secs = n
	}
	var filter *regexp.Regexp
	if *only != "" {
		filter = regexp.MustCompile(*only)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	b := &bench{seconds: time.Duration(secs) * time.Second, workers: *workers, filter: filter}
	if err := b.run(ctx, strings.Split(*engines, ","), *out); err != nil {
		b.cleanup()
		log.Fatal(err)
	}
	b.cleanup()
}

// bench is one run.
type bench struct {
	seconds  time.Duration
	workers  int
	filter   *regexp.Regexp
	cache    string // where the binary and the generated worlds are kept
	napx     string // the napx binary
	self     string // this program's binary (for the constant server)
	report   Report
	cleanups []func()
}

func (b *bench) cleanup() {
	for i := len(b.cleanups) - 1; i >= 0; i-- {
		b.cleanups[i]()
	}
	b.cleanups = nil
}

func (b *bench) run(ctx context.Context, engines []string, out string) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	b.cache = os.Getenv("BENCH_CACHE")
	if b.cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return err
		}
		b.cache = filepath.Join(dir, "napx", "bench-load")
	}
	if err := os.MkdirAll(b.cache, 0o750); err != nil {
		return err
	}
	if b.self, err = os.Executable(); err != nil {
		return err
	}
	b.report = Report{Started: time.Now().UTC(), Seconds: int(b.seconds / time.Second), Workers: b.workers, Machine: machine()}
	log.Printf("building napx")
	if b.napx, err = buildNapx(ctx, root, b.cache); err != nil {
		return err
	}
	key, err := worldKey(root)
	if err != nil {
		return err
	}
	world, took, err := b.sqliteWorld(ctx, key, "world")
	if err != nil {
		return err
	}
	b.report.Generated = took
	demoDB, _, err := b.sqliteWorld(ctx, key, "demo")
	if err != nil {
		return err
	}
	for _, eng := range engines {
		switch strings.TrimSpace(eng) {
		case "sqlite":
			if err := b.measureEngine(ctx, "sqlite", sqliteSource(world), sqliteSource(demoDB)); err != nil {
				return err
			}
		case "postgres":
			pg, err := b.startPostgres(ctx)
			if err != nil {
				return err
			}
			w, err := b.postgresWorld(ctx, pg, key, "world")
			if err != nil {
				return err
			}
			d, err := b.postgresWorld(ctx, pg, key, "demo")
			if err != nil {
				return err
			}
			if err := b.measureEngine(ctx, "postgres", w, d); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unknown engine %q (sqlite or postgres)", eng)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	b.report.Targets = checks(b.report)
	printTable(os.Stdout, b.report)
	if out == "" {
		out = filepath.Join(b.cache, "bench-load-"+b.report.Started.Format("20060102-150405")+".json")
	}
	data, err := json.MarshalIndent(b.report, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, append(data, '\n'), 0o600); err != nil {
		return err
	}
	fmt.Printf("\nJSON: %s\n", out)
	return nil
}

// measureEngine serves the world on one engine and measures every target,
// then the anonymous pages on the plain demo (for the p99 ratio), then the
// peak RSS under 200 clients.
func (b *bench) measureEngine(ctx context.Context, engine string, world, demoDB source) error {
	srv, err := b.serve(ctx, engine, world)
	if err != nil {
		return err
	}
	ts, err := b.targets(ctx, srv, "world")
	if err != nil {
		srv.stop()
		return err
	}
	for _, t := range ts {
		if b.filter != nil && !b.filter.MatchString(t.name) {
			continue
		}
		row, err := b.measure(ctx, srv, t)
		if err != nil {
			srv.stop()
			return fmt.Errorf("%s on %s: %w", t.name, engine, err)
		}
		row.Engine, row.Dataset = engine, "world"
		b.report.Rows = append(b.report.Rows, row)
		log.Printf("%-32s %-8s %8.0f/s share %.2f p50 %6.1f ms p99 %6.1f ms rss %5.0f MB", t.name, engine, row.Throughput, row.Share, row.P50ms, row.P99ms, row.PeakRSSMB)
		if ctx.Err() != nil {
			break
		}
	}
	rss, err := b.manyClients(ctx, srv, ts, 200)
	srv.stop()
	if err != nil {
		return err
	}
	b.report.RSS200MB = max(b.report.RSS200MB, rss)
	log.Printf("peak RSS with 200 clients on %s: %.0f MB", engine, rss)

	srv, err = b.serve(ctx, engine, demoDB)
	if err != nil {
		return err
	}
	defer srv.stop()
	ts, err = b.targets(ctx, srv, "demo")
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.reader != "anonymous" || b.filter != nil && !b.filter.MatchString(t.name) {
			continue
		}
		row, err := b.measure(ctx, srv, t)
		if err != nil {
			return fmt.Errorf("%s on the demo: %w", t.name, err)
		}
		row.Engine, row.Dataset = engine, "demo"
		b.report.Rows = append(b.report.Rows, row)
	}
	return nil
}

// repoRoot is the module's directory (the one holding go.mod).
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("run bench-load inside the napx repository")
		}
		dir = parent
	}
}

// machine is a line about the machine, for the report.
func machine() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	n, model := 0, ""
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "processor") {
			n++
		}
		if m, ok := strings.CutPrefix(l, "model name"); ok && model == "" {
			model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(m), ":"))
		}
	}
	return fmt.Sprintf("%d × %s", n, model)
}

// printTable writes the table people read.
func printTable(w io.Writer, r Report) {
	fmt.Fprintf(w, "\n%-34s %-8s %-5s %-11s %9s %9s %6s %8s %8s %7s\n", "path", "engine", "data", "reader", "req/s", "const/s", "share", "p50 ms", "p99 ms", "RSS MB")
	for _, x := range r.Rows {
		fmt.Fprintf(w, "%-34s %-8s %-5s %-11s %9.0f %9.0f %6.2f %8.1f %8.1f %7.0f\n", trim(x.Path, 34), x.Engine, x.Dataset, x.Reader,
			x.Throughput, x.Constant, x.Share, x.P50ms, x.P99ms, x.PeakRSSMB)
	}
	fmt.Fprintf(w, "\npeak RSS with 200 concurrent clients: %.0f MB\n\ntargets (issue 13):\n", r.RSS200MB)
	for _, c := range r.Targets {
		mark := "met"
		if !c.Met {
			mark = "MISSED"
		}
		fmt.Fprintf(w, "  %-6s %s: %s\n", mark, c.What, c.Value)
	}
}

func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// Check is one target of the issue with its measured value.
type Check struct {
	What  string `json:"what"`
	Value string `json:"value"`
	Met   bool   `json:"met"`
}

// checks compares the rows with the targets.
func checks(r Report) []Check {
	var out []Check
	find := func(name, reader, engine, dataset string) *Row {
		for i := range r.Rows {
			if x := &r.Rows[i]; x.Name == name && x.Reader == reader && x.Engine == engine && x.Dataset == dataset {
				return x
			}
		}
		return nil
	}
	for _, x := range r.Rows {
		if x.Dataset != "world" {
			continue
		}
		want := 0.25
		if x.Reader == "coordinator" || x.Reader == "expert" {
			want = 0.15
		}
		if x.Reader == "editors" {
			continue
		}
		out = append(out, Check{What: fmt.Sprintf("share %s %s (%s) ≥ %.2f", x.Name, x.Engine, x.Reader, want),
			Value: fmt.Sprintf("%.2f", x.Share), Met: x.Share >= want})
		if x.Reader == "anonymous" {
			if d := find(x.Name, x.Reader, x.Engine, "demo"); d != nil && d.P99ms > 0 {
				ratio := x.P99ms / d.P99ms
				out = append(out, Check{What: fmt.Sprintf("p99 %s %s world/demo ≤ 1.5×", x.Name, x.Engine),
					Value: fmt.Sprintf("%.2f× (%.1f / %.1f ms)", ratio, x.P99ms, d.P99ms), Met: ratio <= 1.5})
			}
		}
		// PostgreSQL against SQLite: the shares, each of the constant server
		// measured beside it, since the machine's load changes between the
		// two engines' runs (the raw rates are in the table).
		if x.Engine == "postgres" {
			if s := find(x.Name, x.Reader, "sqlite", "world"); s != nil && s.Share > 0 && x.Share > 0 {
				ratio := max(s.Share/x.Share, x.Share/s.Share)
				out = append(out, Check{What: fmt.Sprintf("PostgreSQL vs SQLite %s (%s) within 2×", x.Name, x.Reader),
					Value: fmt.Sprintf("%.2f× (shares %.2f vs %.2f; %.0f vs %.0f req/s)", ratio, x.Share, s.Share, x.Throughput, s.Throughput), Met: ratio <= 2})
			}
		}
	}
	out = append(out, Check{What: "peak RSS with 200 concurrent clients < 150 MB", Value: fmt.Sprintf("%.0f MB", r.RSS200MB), Met: r.RSS200MB > 0 && r.RSS200MB < 150})
	slices.SortStableFunc(out, func(a, b Check) int { return strings.Compare(a.What[:5], b.What[:5]) })
	return out
}
