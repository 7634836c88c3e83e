// Package browsertest drives a real headless Chromium (Debian's chromium,
// through chromedp) against napx's real handler, and checks every page it
// visits with axe-core (vendored in testdata/, pinned) for WCAG 2.2 A/AA
// violations. Later features call it for the flows that only a browser
// shows.
//
// Chromium is found through NAPX_CHROMIUM or the PATH. Without it the
// tests skip, unless NAPX_TEST_REQUIRE_BROWSER=1 (make test), where they
// fail. Set NAPX_SCREENSHOTS=DIR to keep a PNG of every page visited.
//
// Test code only.
package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axe is axe-core 4.14.1 (MPL-2.0, see testdata/axe-LICENSE.txt).
//
//go:embed testdata/axe-4.14.1.min.js
var axe string

// Chromium returns the browser to use, or skips (fails under make test).
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("NAPX_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("NAPX_TEST_REQUIRE_BROWSER") == "1" {
		t.Fatal("Chromium is required (NAPX_TEST_REQUIRE_BROWSER=1) but not found; install Debian's chromium")
	}
	t.Skip("no Chromium: browser tests skipped (install Debian's chromium)")
	return ""
}

// Browser is one headless Chromium with its own profile, pointed at a
// test server.
type Browser struct {
	t       testing.TB
	ctx     context.Context
	URL     string // the test server's base address
	shots   string
	n       int
	checked map[string]bool // pages already checked with axe (by path + state)
}

// New starts a test server for h and a browser, both stopped when the test
// ends.
func New(t testing.TB, h http.Handler) *Browser {
	t.Helper()
	exe := Chromium(t)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	// A guard against a hung browser, not a time limit on the flow: a
	// shared 2-core machine under load took over three minutes for the
	// matrix review flow (an idle one takes about thirty seconds).
	ctx, tcancel := context.WithTimeout(ctx, 8*time.Minute)
	t.Cleanup(func() { tcancel(); cancel(); acancel() })
	b := &Browser{t: t, ctx: ctx, URL: srv.URL, shots: os.Getenv("NAPX_SCREENSHOTS"), checked: map[string]bool{}}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

// Ctx is the browser's context, for chromedp actions not wrapped here.
func (b *Browser) Ctx() context.Context { return b.ctx }

// Do runs chromedp actions, failing the test on error.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v (at %s)", err, b.Location())
	}
}

// Open navigates to path, waits for the page and checks it.
func (b *Browser) Open(path string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(b.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
	b.Check()
}

// Navigate runs an action that loads a new page (a click on a link, a
// form submission), waits for the page and checks it.
func (b *Browser) Navigate(action chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if _, err := chromedp.RunResponse(b.ctx, action); err != nil {
		b.t.Fatalf("browser: navigation: %v (at %s)", err, b.Location())
	}
	b.Do(chromedp.WaitReady(chromedp.CSS("body")))
	b.Check()
}

// Click clicks the element matched by the CSS selector and follows the
// navigation it causes.
func (b *Browser) Click(css string) {
	b.t.Helper()
	b.Navigate(chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
}

// Fill types value into the field matched by css (clearing it first).
func (b *Browser) Fill(css, value string) {
	b.t.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(css)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, css)),
		chromedp.SendKeys(chromedp.CSS(css), value))
}

// Submit submits the form of the element matched by css and follows the
// navigation.
func (b *Browser) Submit(css string) {
	b.t.Helper()
	b.Navigate(chromedp.Submit(chromedp.CSS(css)))
}

// Text returns the visible text of the first element matched by css.
func (b *Browser) Text(css string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("browser: text of %s: %v (at %s)", css, err, b.Location())
	}
	return s
}

// Location returns the current address, without the server's base.
func (b *Browser) Location() string {
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return strings.TrimPrefix(loc, b.URL)
}

// Eval evaluates JavaScript and decodes the result into T.
func Eval[T any](b *Browser, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("browser: eval %q: %v", js, err)
	}
	return v
}

// Violation is one axe-core finding.
type Violation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// axeTags are the rule sets checked: WCAG 2.0, 2.1 and 2.2, levels A and AA.
const axeTags = `["wcag2a","wcag2aa","wcag21a","wcag21aa","wcag22aa"]`

// Check runs axe-core on the page as it is and fails the test on any
// WCAG 2.2 A or AA violation. It also keeps a screenshot when asked to.
func (b *Browser) Check() {
	b.t.Helper()
	loc := b.Location()
	b.screenshot(loc)
	for _, v := range b.Violations() {
		b.t.Errorf("accessibility (axe %s, %s) on %s: %s — %s", v.ID, v.Impact, loc, v.Help, strings.Join(v.Targets, "; "))
	}
	b.checked[loc] = true
}

// Violations runs axe-core on the page as it is and returns what it found.
func (b *Browser) Violations() []Violation {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		b.t.Fatalf("browser: load axe-core: %v", err)
	}
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: `+axeTags+`}, resultTypes: ["violations"]})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			targets: v.nodes.map(n => n.target.join(" "))}))))`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("browser: axe: %v", err)
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		b.t.Fatalf("browser: axe result %q: %v", raw, err)
	}
	return vs
}

// Checked lists the pages checked with axe so far.
func (b *Browser) Checked() []string {
	out := make([]string, 0, len(b.checked))
	for p := range b.checked {
		out = append(out, p)
	}
	return out
}

var unsafeName = regexp.MustCompile(`[^a-zA-Z0-9]+`)

func (b *Browser) screenshot(loc string) {
	if b.shots == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot: %v", err)
		return
	}
	b.n++
	name := fmt.Sprintf("%s-%02d-%s.png", unsafeName.ReplaceAllString(b.t.Name(), "_"), b.n, strings.Trim(unsafeName.ReplaceAllString(loc, "_"), "_"))
	_ = os.MkdirAll(b.shots, 0o750)
	if err := os.WriteFile(filepath.Join(b.shots, name), png, 0o600); err != nil {
		b.t.Logf("screenshot: %v", err)
	}
}

// FocusIsVisible presses Tab until the element matched by css has the
// keyboard focus (at most limit presses), then reports whether the focus
// is drawn: an outline or a box-shadow that differs from the unfocused
// element's.
func (b *Browser) FocusIsVisible(css string, limit int) bool {
	b.t.Helper()
	for i := 0; i < limit; i++ {
		b.Do(chromedp.KeyEvent("\t"))
		if Eval[bool](b, fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, css)) {
			return Eval[bool](b, `(() => { const s = getComputedStyle(document.activeElement);
				const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
				const shadow = s.boxShadow && s.boxShadow !== "none";
				return outline || shadow; })()`)
		}
	}
	b.t.Fatalf("browser: %s never got the focus after %d Tab presses", css, limit)
	return false
}
