package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// target is one thing to measure.
type target struct {
	name   string // stable name across datasets, e.g. "page: a State"
	reader string // anonymous, coordinator, expert, api, editors
	method string
	path   string
	header http.Header
	body   []byte
	// writes, when set, makes the targeter of the write mix.
	writes *writeMix
}

// The signed-in readers (demo accounts of the plain demo, present in both
// datasets).
var readers = map[string]string{"coordinator": "coordinator@hrv.demo.napx", "expert": "expert@unsc1540.demo.napx"}

const demoPassword = "napx-demo-CSE-C1-S-17" // #nosec G101 -- the published password of the illustrative demo accounts

// targets resolves the pages and reads on a running napx: the seed's
// event, the public plan of 45 actions (the world's) or the biggest public
// plan (the plain demo's), the readers' sessions, the editors' tokens.
func (b *bench) targets(ctx context.Context, s *server, dataset string) ([]target, error) {
	event, err := seedEvent(s)
	if err != nil {
		return nil, err
	}
	plans, err := publicPlans(s)
	if err != nil {
		return nil, err
	}
	plan := plans[0]
	for _, p := range plans {
		if dataset == "world" && p.actions == 45 || dataset == "demo" && p.actions > plan.actions {
			plan = p
		}
	}
	if dataset == "world" && plan.actions != 45 {
		return nil, fmt.Errorf("the world has no public plan of 45 actions")
	}
	pages := []struct{ name, path string }{
		{"page: home", "/"},
		{"page: state of play (Africa)", "/state-of-play?group=UN-AFRICA"},
		{"page: matrix (Africa)", "/matrix?group=UN-AFRICA"},
		{"page: a State (HRV)", "/states/HRV"},
		{"page: a public 45-action plan", fmt.Sprintf("/naps/%d", plan.id)},
		{"page: the seed's event", fmt.Sprintf("/events/%d", event)},
		// Added with their issues, measured against the same targets:
		{"page: figures (issue 20)", "/figures"},
		{"page: world map (issue 14)", "/maps"},
		{"page: UN dashboard (issue 14)", "/groups/UN"},
	}
	var out []target
	for _, rd := range []string{"anonymous", "coordinator", "expert"} {
		h := http.Header{}
		if email, ok := readers[rd]; ok {
			cookie, err := signIn(s, email)
			if err != nil {
				return nil, err
			}
			h.Set("Cookie", cookie)
		}
		for _, p := range pages {
			out = append(out, target{name: p.name, reader: rd, method: "GET", path: p.path, header: h})
		}
	}
	for _, a := range []struct{ name, path string }{
		{"api: states", "/api/v1/states"},
		{"api: state of play (APG)", "/api/v1/state-of-play?group=UN-APG"},
		{"api: a plan's actions", fmt.Sprintf("/api/v1/naps/%d/actions", plan.id)},
	} {
		out = append(out, target{name: a.name, reader: "api", method: "GET", path: a.path, header: http.Header{"Accept": {"application/json"}}})
	}
	if dataset == "world" {
		wm, err := newWriteMix(ctx, s, plans, 50)
		if err != nil {
			return nil, err
		}
		out = append(out, target{name: "api: 50 editors update actions", reader: "editors", method: "PATCH", writes: wm})
	}
	return out, nil
}

func getJSON(s *server, path string, header http.Header, v any) error {
	req, err := http.NewRequest("GET", s.base+path, nil)
	if err != nil {
		return err
	}
	req.Header = header.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// seedEvent is the ID of the seed's workshop.
func seedEvent(s *server) (int64, error) {
	var list struct {
		Items []struct {
			ID   int64  `json:"id"`
			Code string `json:"code"`
		} `json:"items"`
	}
	if err := getJSON(s, "/api/v1/events?from=2017-09-14&to=2017-09-15", nil, &list); err != nil {
		return 0, err
	}
	for _, e := range list.Items {
		if e.Code == "CSE-C1-S-17" {
			return e.ID, nil
		}
	}
	return 0, fmt.Errorf("the seed's event is not in /api/v1/events")
}

type plan struct {
	id        int64
	state     string
	actions   int
	actionIDs []int64
}

// publicPlans lists the published plans with their action IDs.
func publicPlans(s *server) ([]plan, error) {
	type item struct {
		ID    int64  `json:"id"`
		State string `json:"state"`
	}
	plans, err := listAll[item](s, "/api/v1/naps?status=published")
	if err != nil {
		return nil, err
	}
	var out []plan
	for _, p := range plans {
		acts, err := listAll[item](s, fmt.Sprintf("/api/v1/naps/%d/actions", p.ID))
		if err != nil {
			return nil, err
		}
		pl := plan{id: p.ID, state: p.State, actions: len(acts)}
		for _, a := range acts {
			pl.actionIDs = append(pl.actionIDs, a.ID)
		}
		out = append(out, pl)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no public plan")
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].state < out[j].state || out[i].state == out[j].state && out[i].id < out[j].id
	})
	return out, nil
}

// listAll reads every page of an API list.
func listAll[T any](s *server, path string) ([]T, error) {
	var all []T
	for path != "" {
		var page struct {
			Items []T    `json:"items"`
			Next  string `json:"next"`
		}
		if err := getJSON(s, path, nil, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		path = page.Next
	}
	return all, nil
}

// signIn signs in through the page form and returns the session cookie.
func signIn(s *server, email string) (string, error) {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(s.base+"/signin", url.Values{"email": {email}, "password": {demoPassword}})
	if err != nil {
		return "", err
	}
	_ = resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == "napx_session" && ck.Value != "" {
			return ck.Name + "=" + ck.Value, nil
		}
	}
	return "", fmt.Errorf("sign-in of %s: %s, no session", email, resp.Status)
}

// measure runs the constant server with the bytes napx answers, then napx,
// each for the measurement's length, and returns the row.
func (b *bench) measure(ctx context.Context, s *server, t target) (Row, error) {
	row := Row{Name: t.name, Path: t.path, Reader: t.reader}
	var tr vegeta.Targeter
	var body []byte
	var ctype string
	if t.writes != nil {
		tr = t.writes.targeter(s.base)
		row.Path = "PATCH /api/v1/naps/{id}/actions/{id}"
		var err error
		if body, ctype, err = t.writes.sample(s.base); err != nil {
			return row, err
		}
	} else {
		req, err := http.NewRequest(t.method, s.base+t.path, bytes.NewReader(t.body))
		if err != nil {
			return row, err
		}
		req.Header = t.header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return row, err
		}
		body, err = io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			return row, err
		}
		if resp.StatusCode != 200 {
			return row, fmt.Errorf("GET %s: %s", t.path, resp.Status)
		}
		ctype = resp.Header.Get("Content-Type")
		tr = vegeta.NewStaticTargeter(vegeta.Target{Method: t.method, URL: s.base + t.path, Header: t.header, Body: t.body})
	}
	row.Bytes = len(body)
	// The constant server: the same bytes, its own process.
	cs, err := b.startConstant(ctx, body, ctype)
	if err != nil {
		return row, err
	}
	method := t.method
	ctr := vegeta.NewStaticTargeter(vegeta.Target{Method: method, URL: cs.base + "/", Header: t.header, Body: t.body})
	cm, _, err := b.attack(ctx, ctr, b.workers, 0)
	cs.stop()
	if err != nil {
		return row, err
	}
	var done func(*vegeta.Result)
	if t.writes != nil {
		done = t.writes.done
	}
	nm, peak, err := b.attackWith(ctx, tr, b.workers, s.pid(), done)
	if err != nil {
		return row, err
	}
	row.Constant, row.Throughput = cm.Throughput, nm.Throughput
	if cm.Throughput > 0 {
		row.Share = nm.Throughput / cm.Throughput
	}
	row.P50ms = float64(nm.Latencies.P50) / float64(time.Millisecond)
	row.P99ms = float64(nm.Latencies.P99) / float64(time.Millisecond)
	row.PeakRSSMB, row.Requests = peak, nm.Requests
	for code, n := range nm.StatusCodes {
		if !strings.HasPrefix(code, "2") {
			row.Errors += n
		}
	}
	return row, nil
}

// attack runs one bounded attack with n clients at the highest rate they
// reach, sampling the resident set of pid (0: none) meanwhile.
func (b *bench) attack(ctx context.Context, tr vegeta.Targeter, n int, pid int) (*vegeta.Metrics, float64, error) {
	return b.attackWith(ctx, tr, n, pid, nil)
}

func (b *bench) attackWith(ctx context.Context, tr vegeta.Targeter, n int, pid int, done func(*vegeta.Result)) (*vegeta.Metrics, float64, error) {
	workers := uint64(max(n, 1)) // #nosec G115 -- a positive count of clients
	atk := vegeta.NewAttacker(vegeta.Workers(workers), vegeta.MaxWorkers(workers), vegeta.KeepAlive(true),
		vegeta.Connections(n), vegeta.Timeout(30*time.Second), vegeta.MaxBody(4<<20))
	var peak float64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	if pid > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(50 * time.Millisecond)
			defer t.Stop()
			for {
				peak = max(peak, rssMB(pid))
				select {
				case <-stop:
					return
				case <-t.C:
				}
			}
		}()
	}
	var m vegeta.Metrics
	for res := range atk.Attack(tr, vegeta.Rate{Freq: 0}, b.seconds, "bench") {
		if ctx.Err() != nil {
			atk.Stop()
		}
		if done != nil {
			done(res)
		}
		res.Body = nil
		m.Add(res)
	}
	m.Close()
	close(stop)
	wg.Wait()
	return &m, peak, ctx.Err()
}

// manyClients reads the anonymous pages with n clients at once and
// returns napx's peak resident set meanwhile.
func (b *bench) manyClients(ctx context.Context, s *server, ts []target, n int) (float64, error) {
	var all []vegeta.Target
	for _, t := range ts {
		if t.reader == "anonymous" {
			all = append(all, vegeta.Target{Method: "GET", URL: s.base + t.path})
		}
	}
	_, peak, err := b.attack(ctx, vegeta.NewStaticTargeter(all...), n, s.pid())
	return peak, err
}

// constant is a running constant-bytes server.
type constant struct {
	cmd  *exec.Cmd
	base string
	dir  string
}

func (c *constant) stop() {
	_ = c.cmd.Process.Kill()
	_ = c.cmd.Wait()
	_ = os.RemoveAll(c.dir)
}

func (b *bench) startConstant(ctx context.Context, body []byte, ctype string) (*constant, error) {
	dir, err := os.MkdirTemp("", "napx-bench-const-")
	if err != nil {
		return nil, err
	}
	file := filepath.Join(dir, "body")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	c := &constant{base: "http://" + addr, dir: dir}
	c.cmd = exec.CommandContext(ctx, b.self, "-constant", addr, file, ctype) // #nosec G204 -- this program
	c.cmd.Stderr = os.Stderr
	if err := c.cmd.Start(); err != nil {
		return nil, err
	}
	for range 100 {
		if resp, err := http.Get(c.base + "/"); err == nil { // #nosec G107 -- loopback
			_ = resp.Body.Close()
			return c, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.stop()
	return nil, fmt.Errorf("the constant server did not start")
}

// serveConstant is the constant-bytes server: net/http writing the same
// bytes with the same content type to every request, whatever its method.
func serveConstant(args []string) {
	if len(args) != 3 {
		log.Fatal("-constant ADDR FILE CONTENT-TYPE")
	}
	body, err := os.ReadFile(args[1]) // #nosec G703 -- the file the parent process wrote in its own temporary directory
	if err != nil {
		log.Fatal(err)
	}
	ctype, n := args[2], strconv.Itoa(len(body))
	srv := &http.Server{Addr: args[0], ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", n)
		_, _ = w.Write(body) // #nosec G705 -- the bytes napx answered, replayed to the benchmark's own client on loopback
	})}
	log.Fatal(srv.ListenAndServe())
}
