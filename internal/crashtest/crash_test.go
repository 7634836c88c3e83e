//go:build crash

package crashtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"napx/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// napx builds the binary once for the test.
func napx(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "napx")
	cmd := exec.Command("go", "build", "-o", bin, "napx/cmd/napx")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// proc is napx serve on one database, restartable.
type proc struct {
	t    *testing.T
	bin  string
	args []string // the database flags
	addr string
	cmd  *exec.Cmd
	log  *bytes.Buffer
}

func (p *proc) run(args ...string) string {
	p.t.Helper()
	out, err := exec.Command(p.bin, append(args, p.args...)...).CombinedOutput() // #nosec G204 -- test
	if err != nil {
		p.t.Fatalf("napx %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (p *proc) start() {
	p.t.Helper()
	p.log = &bytes.Buffer{}
	p.cmd = exec.Command(p.bin, append([]string{"serve", "--addr", p.addr}, p.args...)...) // #nosec G204 -- test
	p.cmd.Stderr = p.log
	if err := p.cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get("http://" + p.addr + "/readyz"); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
	}
	p.t.Fatalf("napx did not become ready:\n%s", p.log)
}

func (p *proc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	_ = p.cmd.Wait()
}

func (p *proc) stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	_ = p.cmd.Wait()
}

// client calls the API with a token.
type client struct {
	base, token string
	http        *http.Client
}

func (c *client) do(method, path string, body any) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err // the answer was cut: not acknowledged
	}
	return resp.StatusCode, data, nil
}

type actionOut struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	Version int64  `json:"version"`
	Current *struct {
		ID      int64  `json:"id"`
		Title   string `json:"title"`
		Version int64  `json:"version"`
	} `json:"current"`
	Items []struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	} `json:"items"`
	Next string `json:"next"` // the next page of a list
}

func (c *client) planOf(t *testing.T, state, status string) int64 {
	t.Helper()
	code, body, err := c.do("GET", "/api/v1/naps?state="+state+"&status="+status, nil)
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err != nil || code != 200 || json.Unmarshal(body, &list) != nil || len(list.Items) == 0 {
		t.Fatalf("the %s plan of %s: %d %s %v", status, state, code, body, err)
	}
	return list.Items[0].ID
}

// ledger is what the writers were told.
type ledger struct {
	mu           sync.Mutex
	acked        map[string]int64 // title -> ID (201)
	patched      map[int64]string // ID -> the title an acknowledged PATCH set
	patchRefused map[int64]bool
	refused      map[string]int // title -> status (4xx, 5xx)
	unknown      atomic.Int64   // no answer: killed in flight
}

type writer struct {
	id    int
	c     *client
	plan  int64
	allow bool // false: the token may not write to the plan (refused by the policy)
}

func (w *writer) loop(stop <-chan struct{}, l *ledger) {
	for seq := 0; ; seq++ {
		select {
		case <-stop:
			return
		default:
		}
		title := fmt.Sprintf("crash w%03d n%05d", w.id, seq)
		due := "2030-12-31"
		if seq%10 == 9 {
			due = "2030-02-30" // bad input: 422
		}
		code, body, err := w.c.do("POST", fmt.Sprintf("/api/v1/naps/%d/actions", w.plan), map[string]any{"title": title, "due": due})
		if errors.Is(err, syscall.ECONNREFUSED) { // napx is down: nothing was sent
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if err != nil { // sent, and the answer never came: either is right
			l.unknown.Add(1)
			continue
		}
		var a actionOut
		if code != http.StatusCreated || json.Unmarshal(body, &a) != nil || a.ID == 0 {
			l.mu.Lock()
			l.refused[title] = code
			l.mu.Unlock()
			continue
		}
		l.mu.Lock()
		l.acked[title] = a.ID
		l.mu.Unlock()
		code, body, err = w.c.do("PATCH", fmt.Sprintf("/api/v1/naps/%d/actions/%d", w.plan, a.ID), map[string]any{"title": title + " patched", "version": a.Version})
		switch {
		case err != nil && !errors.Is(err, syscall.ECONNREFUSED):
			l.unknown.Add(1)
		case err != nil:
		case code == 200:
			l.mu.Lock()
			l.patched[a.ID] = title + " patched"
			l.mu.Unlock()
		default:
			l.mu.Lock()
			l.patchRefused[a.ID] = true
			l.mu.Unlock()
		}
	}
}

// TestCrash: napx killed with SIGKILL at random moments under concurrent
// writers loses no acknowledged write, keeps no refused one, and its audit
// chain verifies; then one version, 100 PATCHes: one 200, 99 409s.
func TestCrash(t *testing.T) {
	kills, writers := envInt("NAPX_CRASH_KILLS", 20), envInt("NAPX_CRASH_WRITERS", 200)
	bin := napx(t)
	for _, eng := range storetest.Engines(t) {
		t.Run(string(eng), func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"--data", dir}
			if eng == storetest.Postgres {
				db := storetest.OpenEmpty(t, eng)
				args = append(args, "--db", storetest.URL(t, db))
				_ = db.Close() // napx opens its own connections
			}
			l, _ := net.Listen("tcp", "127.0.0.1:0")
			addr := l.Addr().String()
			_ = l.Close()
			p := &proc{t: t, bin: bin, args: args, addr: addr}
			p.run("demo", "--no-serve") // the plain demo: accounts and plans to write into
			token := func(email string) string {
				out := strings.TrimSpace(p.run("token", "create", "--email", email))
				return out[strings.LastIndex(out, "\n")+1:]
			}
			hc := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: writers}}
			base := "http://" + addr
			hrv := &client{base, token("editor@hrv.demo.napx"), hc}
			srb := &client{base, token("coordinator@srb.demo.napx"), hc}
			mne := &client{base, token("viewer@mne.demo.napx"), hc}
			p.start()
			plans := map[*client]int64{hrv: hrv.planOf(t, "HRV", "draft"), srb: srb.planOf(t, "SRB", "published"), mne: mne.planOf(t, "MNE", "submitted")}
			led := &ledger{acked: map[string]int64{}, patched: map[int64]string{}, patchRefused: map[int64]bool{}, refused: map[string]int{}}
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for i := range writers {
				w := &writer{id: i, c: hrv, plan: plans[hrv], allow: true}
				switch i % 10 {
				case 1, 2, 3:
					w.c, w.plan = srb, plans[srb]
				case 4:
					w.c, w.plan, w.allow = mne, plans[mne], false
				}
				wg.Add(1)
				go func() { defer wg.Done(); w.loop(stop, led) }()
			}
			r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 13)) // #nosec G404 -- random moments
			inFlight := int64(0)
			for k := range kills {
				time.Sleep(time.Duration(150+r.IntN(900)) * time.Millisecond)
				before := led.unknown.Load()
				p.kill()
				time.Sleep(50 * time.Millisecond)
				inFlight += led.unknown.Load() - before
				t.Logf("kill %d: %d acknowledged so far", k+1, len(led.acked))
				p.start()
			}
			time.Sleep(300 * time.Millisecond)
			close(stop)
			wg.Wait()
			p.stop()
			p.start()
			defer p.stop()

			if inFlight == 0 || len(led.acked) < writers {
				t.Fatalf("the kills hit no write in flight (%d) or too few writes were acknowledged (%d): the run proves nothing", inFlight, len(led.acked))
			}
			found := map[string]int64{}
			for c, plan := range map[*client]int64{hrv: plans[hrv], srb: plans[srb]} {
				for page := fmt.Sprintf("/api/v1/naps/%d/actions", plan); page != ""; {
					code, body, err := c.do("GET", page, nil)
					var list actionOut
					if err != nil || code != 200 || json.Unmarshal(body, &list) != nil {
						t.Fatalf("list actions: %d %v", code, err)
					}
					for _, a := range list.Items {
						found[a.Title] = a.ID
					}
					page = list.Next
				}
			}
			lost, kept, wrong := 0, 0, 0
			for title, id := range led.acked {
				got, ok := found[title]
				pt, patchedOK := led.patched[id]
				if pid, okp := found[title+" patched"]; okp {
					got, ok = pid, true
					if led.patchRefused[id] {
						wrong++
						t.Errorf("%q: a refused PATCH was kept", title)
					}
				} else if patchedOK {
					wrong++
					t.Errorf("%q: the acknowledged PATCH to %q is lost", title, pt)
				}
				if !ok || got != id {
					lost++
					t.Errorf("acknowledged %q (action %d) is missing after the kills", title, id)
				}
			}
			for title, code := range led.refused {
				if _, ok := found[title]; ok {
					kept++
					t.Errorf("refused %q (%d) is there", title, code)
				}
			}
			refusedByPolicy := 0
			for title, code := range led.refused {
				if strings.HasPrefix(title, "crash w") && (code == 403 || code == 404) {
					refusedByPolicy++
				}
			}
			t.Logf("%d kills; %d creates acknowledged, %d PATCHes acknowledged, %d refused (%d by the policy), %d without an answer; lost %d, refused but kept %d, wrong %d",
				kills, len(led.acked), len(led.patched), len(led.refused), refusedByPolicy, led.unknown.Load(), lost, kept, wrong)
			if refusedByPolicy == 0 {
				t.Error("no write was refused by the policy: the control did not run")
			}
			if out := p.run("audit", "verify"); !strings.Contains(out, "intact") {
				t.Errorf("napx audit verify: %s", out)
			}
			concurrentPatches(t, hrv, plans[hrv])
		})
	}
}

// concurrentPatches sends 100 PATCHes of one action with the same version
// at once: exactly one succeeds, the 99 others get 409 with the current
// record (the winner's version).
func concurrentPatches(t *testing.T, c *client, plan int64) {
	t.Helper()
	code, body, err := c.do("POST", fmt.Sprintf("/api/v1/naps/%d/actions", plan), map[string]any{"title": "one version, a hundred editors", "due": "2030-12-31"})
	var a actionOut
	if err != nil || code != 201 || json.Unmarshal(body, &a) != nil {
		t.Fatalf("create: %d %s %v", code, body, err)
	}
	var wg sync.WaitGroup
	codes := make([]int, 100)
	bodies := make([][]byte, 100)
	start := make(chan struct{})
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			codes[i], bodies[i], _ = c.do("PATCH", fmt.Sprintf("/api/v1/naps/%d/actions/%d", plan, a.ID),
				map[string]any{"description": fmt.Sprintf("editor %d", i), "version": a.Version})
		}()
	}
	close(start)
	wg.Wait()
	ok, conflicts := 0, 0
	for i, code := range codes {
		switch code {
		case 200:
			ok++
		case 409:
			conflicts++
			var out actionOut
			if json.Unmarshal(bodies[i], &out) != nil || out.Current == nil || out.Current.ID != a.ID || out.Current.Version != a.Version+1 {
				t.Errorf("a 409 without the current record (version %d): %s", a.Version+1, bodies[i])
			}
		default:
			t.Errorf("PATCH %d: %d %s", i, code, bodies[i])
		}
	}
	if ok != 1 || conflicts != 99 {
		t.Errorf("100 PATCHes with one version: %d succeeded, %d conflicts; want 1 and 99", ok, conflicts)
	}
}
