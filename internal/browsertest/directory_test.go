package browsertest_test

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"napx/internal/browsertest"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// TestDirectoryFlow: a newcomer opens the home page, searches for the name
// the seed document uses and lands on North Macedonia's page; the keyboard
// focus is visible; every page passes axe-core.
func TestDirectoryFlow(t *testing.T) {
	app := webtest.New(t, storetest.Open(t, storetest.SQLite), webtest.Demo())
	b := browsertest.New(t, app.Handler)

	b.Open("/")
	if !b.FocusIsVisible("a.skip-link", 3) {
		t.Error("the skip link has no visible focus")
	}
	// Past the header: the skip link, the site's name, the navigation
	// (Practices and Assistance added), the search box and its button.
	if !b.FocusIsVisible("#home-q", 25) {
		t.Error("the search field has no visible focus")
	}
	b.Fill("#home-q", "former Yugoslav Republic of Macedonia")
	b.Submit("#home-q")
	if loc := b.Location(); !strings.HasPrefix(loc, "/states?q=former") {
		t.Fatalf("search landed on %s", loc)
	}
	if got := b.Text("#count"); !strings.HasPrefix(got, "1 State") {
		t.Errorf("result count: %q", got)
	}
	b.Click(`a[href="/states/MKD"]`)
	if loc := b.Location(); loc != "/states/MKD" {
		t.Fatalf("landed on %s, want /states/MKD", loc)
	}
	if h1 := b.Text("h1"); h1 != "North Macedonia" {
		t.Errorf("h1 = %q", h1)
	}
	if names := b.Text("#names + ol"); !strings.Contains(names, "the former Yugoslav Republic of Macedonia") {
		t.Errorf("names over time lack the former name: %q", names)
	}

	// The live search swaps the results in place with htmx.
	b.Open("/states")
	b.Fill("#q", "swazi")
	b.Do(browsertest.WaitText("#count", "1 State"))
	if got := b.Text("#results"); !strings.Contains(got, "Eswatini") {
		t.Errorf("live search: %q", got)
	}
	b.Check()

	for _, p := range []string{"/groups", "/groups/SEE", "/organizations", "/organizations/RACVIAC", "/about", "/no/such/page"} {
		b.Open(p)
	}
}

// TestAxeFindsViolations proves the accessibility check can fail: a page
// with an unlabelled field, an image without text and poor contrast.
func TestAxeFindsViolations(t *testing.T) {
	bad := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html><head><title>bad</title></head><body><main>
			<img src="/x.png"><input type="text"><p style="color:#ccc;background:#fff">faint</p></main></body></html>`))
	})
	b := browsertest.New(t, bad)
	b.Do(chromedp.Navigate(b.URL + "/"))
	found := map[string]bool{}
	for _, v := range b.Violations() {
		found[v.ID] = true
	}
	for _, id := range []string{"image-alt", "label", "color-contrast"} {
		if !found[id] {
			t.Errorf("axe did not report %s; found %v", id, found)
		}
	}
}
