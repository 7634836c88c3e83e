package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// writeMix is 50 editors, each of another State, updating the actions of
// their State's public plan through the API: each sends the version it
// last read and waits for the answer before its next change, as a person
// would. A 409 (someone else's change) takes the current version from the
// answer.
type writeMix struct {
	idle    chan *editor
	byURL   map[string]*editor
	mu      sync.Mutex
	editors []*editor
}

type editor struct {
	token    string
	plan     int64
	actions  []int64
	versions map[int64]int64
	next     int
	round    int
	inFlight string // the URL of the change on its way
}

func newWriteMix(ctx context.Context, s *server, plans []plan, n int) (*writeMix, error) {
	wm := &writeMix{idle: make(chan *editor, n), byURL: map[string]*editor{}}
	seen := map[string]bool{}
	for _, p := range plans {
		if len(wm.editors) == n {
			break
		}
		if seen[p.state] || len(p.actionIDs) < 5 || p.actions == 45 {
			continue // one editor a State; the 45-action plan stays as the readers see it
		}
		seen[p.state] = true
		tok, err := s.token(ctx, "editor1@"+strings.ToLower(p.state)+".world.napx")
		if err != nil {
			return nil, err
		}
		e := &editor{token: tok, plan: p.id, actions: p.actionIDs[:5], versions: map[int64]int64{}}
		for _, a := range e.actions {
			var cur struct {
				Version int64 `json:"version"`
			}
			if err := getJSON(s, fmt.Sprintf("/api/v1/naps/%d/actions/%d", p.id, a), http.Header{"Authorization": {"Bearer " + tok}}, &cur); err != nil {
				return nil, err
			}
			e.versions[a] = cur.Version
			wm.byURL[fmt.Sprintf("%s/api/v1/naps/%d/actions/%d", s.base, p.id, a)] = e
		}
		wm.editors = append(wm.editors, e)
		wm.idle <- e
	}
	if len(wm.editors) < n {
		return nil, fmt.Errorf("only %d States with a public plan for the %d editors", len(wm.editors), n)
	}
	return wm, nil
}

// change is an editor's next PATCH.
func (wm *writeMix) change(base string, e *editor) vegeta.Target {
	a := e.actions[e.next%len(e.actions)]
	e.next++
	e.round++
	body, _ := json.Marshal(map[string]any{"description": fmt.Sprintf("Updated by the load benchmark, round %d (illustrative).", e.round), "version": e.versions[a]})
	u := fmt.Sprintf("%s/api/v1/naps/%d/actions/%d", base, e.plan, a)
	e.inFlight = u
	return vegeta.Target{Method: "PATCH", URL: u, Body: body, Header: http.Header{
		"Authorization": {"Bearer " + e.token}, "Content-Type": {"application/json"}, "Accept": {"application/json"}}}
}

// targeter hands the next idle editor's change to vegeta.
func (wm *writeMix) targeter(base string) vegeta.Targeter {
	return func(t *vegeta.Target) error {
		e := <-wm.idle
		*t = wm.change(base, e)
		return nil
	}
}

// done reads an answer: the new version (200) or the current one (409),
// and sets the editor free.
func (wm *writeMix) done(res *vegeta.Result) {
	e := wm.byURL[res.URL]
	if e == nil {
		return
	}
	var out struct {
		ID      int64 `json:"id"`
		Version int64 `json:"version"`
		Current *struct {
			ID      int64 `json:"id"`
			Version int64 `json:"version"`
		} `json:"current"`
	}
	if json.Unmarshal(res.Body, &out) == nil {
		wm.mu.Lock()
		switch {
		case res.Code == 200 && out.ID != 0:
			e.versions[out.ID] = out.Version
		case out.Current != nil:
			e.versions[out.Current.ID] = out.Current.Version
		}
		wm.mu.Unlock()
	}
	wm.idle <- e
}

// sample makes one change outside the measurement and returns its answer,
// the bytes the constant server answers with.
func (wm *writeMix) sample(base string) ([]byte, string, error) {
	e := <-wm.idle
	t := wm.change(base, e)
	req, err := http.NewRequest(t.Method, t.URL, bytes.NewReader(t.Body))
	if err != nil {
		return nil, "", err
	}
	req.Header = t.Header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, "", err
	}
	wm.done(&vegeta.Result{URL: t.URL, Code: uint16(resp.StatusCode), Body: body}) // #nosec G115 -- an HTTP status
	if resp.StatusCode != 200 {
		return nil, "", fmt.Errorf("PATCH %s: %s: %s", t.URL, resp.Status, body)
	}
	return body, resp.Header.Get("Content-Type"), nil
}
