package web_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestEnterDoesTheMainAct (issue 18, follow-up "enter"): pressing Enter in
// a field submits a form with its first submit button in tree order (HTML's
// implicit submission). On every page of the demo, as Croatia's
// coordinator, a Committee expert who is an administrator and RACVIAC's
// organiser, every posting form with several submit buttons and a field
// Enter submits from starts with its main act (enterRule). The walk must
// reach the forms whose re-render buttons ("Add another", "Find", "Show
// fields") come before their main button. Controls: the practice form as
// served, with its default button taken out, is caught ("Add another tag"
// would answer Enter), as are a default button that is another act or is
// not hidden from assistive technology; a form without such a field (the
// language switch) is not. Since follow-up "find", a search box of such a
// form carries its "last searched" twin with the box's words (Enter in it
// finds): the practice form with a twin cut out is caught.
func TestEnterDoesTheMainAct(t *testing.T) {
	// Controls on small forms, first (nothing may follow the engine loop):
	// each breaks the rule in one way, or keeps it.
	const text = `<input type="text" name="title">`
	main := `<div class="actions"><button type="submit">Save</button></div>`
	add := `<button type="submit" name="add_row" value="1" class="secondary">Add another</button>`
	dflt := `<button type="submit" class="default-submit" tabindex="-1" aria-hidden="true">Save</button>`
	search := `<input type="search" name="q" value="words">`
	find := `<button type="submit" name="find" value="1" class="secondary">Find</button>`
	for _, c := range []struct {
		name, form string
		caught     bool
	}{
		{"re-render first", text + add + main, true},
		{"default button first", `<button type="submit" class="default-submit" tabindex="-1" aria-hidden="true">Save</button>` + text + add + main, false},
		{"main first (reordered)", text + main + add, false},
		{"default button of another act", `<button type="submit" class="default-submit" tabindex="-1" aria-hidden="true" name="add_row" value="1">Save</button>` + text + add + main, true},
		{"default button seen by assistive technology", `<button type="submit" class="default-submit" tabindex="-1">Save</button>` + text + add + main, true},
		{"default button in the tab order", `<button type="submit" class="default-submit" aria-hidden="true">Save</button>` + text + add + main, true},
		{"default button disabled", `<button type="submit" class="default-submit" tabindex="-1" aria-hidden="true" disabled>Save</button>` + text + add + main, true},
		{"a second default button", `<button type="submit" class="default-submit" tabindex="-1" aria-hidden="true">Save</button>` + text + add + `<button type="submit" class="default-submit" tabindex="-1" aria-hidden="true">Save</button>` + main, true},
		{"no field Enter submits from", `<button type="submit" name="language" value="ar" class="link">ar</button><button type="submit" name="language" value="fr" class="link">fr</button>`, false},
		{"a re-render button before the form, in it by its form attribute", "before:" + text + main, true},
		{"a search box without its twin", dflt + text + search + find + main, true},
		{"a search box with a twin of other words", dflt + text + search + `<input type="hidden" name="q_searched" value="other">` + find + main, true},
		{"a search box with its twin", dflt + text + search + `<input type="hidden" name="q_searched" value="words">` + find + main, false},
	} {
		page := `<!doctype html><html><body><form id="f" method="post" action="/x">` + c.form + `</form></body></html>`
		if body, ok := strings.CutPrefix(c.form, "before:"); ok {
			page = `<!doctype html><html><body><button type="submit" form="f" name="more" value="1" class="secondary">More</button><form id="f" method="post" action="/x">` + body + `</form></body></html>`
		}
		if p := enterProblems(t, page); (len(p) > 0) != c.caught {
			t.Errorf("control %q: problems %v, want caught %v", c.name, p, c.caught)
		}
	}

	webtest.EachDemo(t, time.Now(), func(t *testing.T, app *webtest.App) {
		viewers := []*webtest.Client{
			app.Account("HRV", model.RoleCoordinator, webtest.Email("enter@hrv.example.org")),
			app.Account("UNSC1540", model.RoleEditor, webtest.Admin, webtest.Email("enter-expert@unsc1540.example.org")), // and the administrator's pages
			app.Account("RACVIAC", model.RoleCoordinator, webtest.Email("enter@racviac.example.org")),
		}
		reached := map[string]bool{} // the actions of the forms with a re-render button, digits as 1
		var practiceForm string
		served := map[string]int{} // pages served, by viewer
		for _, path := range app.PagePaths(t, nil) {
			for _, c := range viewers {
				rec := c.Get(path)
				if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
					continue
				}
				served[c.Name()]++
				body := rec.Body.String()
				forms, err := enterRule(body)
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				for _, f := range forms {
					if f.Problem != "" {
						t.Errorf("%s as %s: the form posting to %s: %s", path, c.Name(), f.Action, f.Problem)
					}
					if f.Rerender {
						reached[digits.ReplaceAllString(f.Action, "1")] = true
					}
				}
				if path == "/practices/new" && practiceForm == "" {
					practiceForm = body
				}
			}
		}
		for _, c := range viewers {
			if served[c.Name()] < 40 {
				t.Errorf("control: only %d pages served to %s: the route walk is broken", served[c.Name()], c.Name())
			}
		}
		if rec := viewers[1].Get("/admin/audit"); rec.Code != 200 {
			t.Errorf("control: the administrator's pages are not walked (/admin/audit: %d)", rec.Code)
		}
		for _, want := range []string{"/practices", "/events", "/events/1/edit", "/assistance/requests", "/naps/1/actions", "/naps/1/actions/1"} {
			if !reached[want] {
				t.Errorf("control: the walk did not reach the form posting to %s with its re-render buttons (reached %v)", want, reached)
			}
		}

		// Control: the practice form as served, its default button taken out.
		if practiceForm == "" {
			t.Fatal("control: /practices/new was not served")
		}
		stripped := defaultButton.ReplaceAllString(practiceForm, "")
		if stripped == practiceForm {
			t.Fatal("control: the practice form has no default button")
		}
		if p := enterProblems(t, stripped); len(p) != 1 || !strings.Contains(p[0], "Add another tag") {
			t.Errorf("control: the practice form without its default button: %v, want Enter caught adding a tag", p)
		}
		// Control: the practice form as served, a Find box's twin taken out.
		untwinned := twinInput.ReplaceAllString(practiceForm, "")
		if untwinned == practiceForm {
			t.Fatal("control: the practice form has no search box twin")
		}
		if p := enterProblems(t, untwinned); len(p) != 1 || !strings.Contains(p[0], "action_q_searched") {
			t.Errorf("control: the practice form without its Find box's twin: %v, want it caught", p)
		}
	})

}

var (
	digits        = regexp.MustCompile(`[0-9]+`)
	defaultButton = regexp.MustCompile(`<button [^>]*class="default-submit"[^>]*>[^<]*</button>`)
	twinInput     = regexp.MustCompile(`<input type="hidden" name="action_q_searched"[^>]*>`)
)

func enterProblems(t *testing.T, page string) []string {
	t.Helper()
	forms, err := enterRule(page)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range forms {
		if f.Problem != "" {
			out = append(out, f.Problem)
		}
	}
	return out
}

// enterForm is what enterRule found for one posting form with several
// submit buttons and a field Enter submits from.
type enterForm struct {
	Action   string
	Rerender bool   // a visible submit button other than the main act comes before it
	Problem  string // "" when Enter does the main act
}

// enterRule parses a page and checks, for each <form method=post> with
// several submit buttons (its own and those naming it by form=) and a field
// Enter submits from, that the first submit button in tree order is the
// main act. The main act is the form's last submit button that is neither
// a re-render (class "secondary", the house's mark for a button that shows
// the form again or does a lesser act) nor the default button. The first
// button is either that button, or the default button (partial
// default-submit): the same name, value, formaction and formmethod, hidden
// from assistive technology (aria-hidden="true") and from the tab order
// (tabindex="-1"), and not disabled (a disabled default button blocks
// implicit submission altogether).
func enterRule(page string) ([]enterForm, error) {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil, err
	}
	type form struct {
		node     *html.Node
		buttons  []*html.Node
		fields   int
		searches []*html.Node      // the search boxes (type="search")
		hidden   map[string]string // the hidden inputs, by name
	}
	var forms []*form
	byNode, byID := map[*html.Node]*form{}, map[string]*form{}
	var collect func(n *html.Node)
	collect = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "form" {
			f := &form{node: n, hidden: map[string]string{}}
			forms = append(forms, f)
			byNode[n] = f
			if id := nodeAttr(n, "id"); id != "" {
				byID[id] = f
			}
		}
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			collect(k)
		}
	}
	collect(doc)
	owner := func(n *html.Node) *form {
		if id, ok := nodeAttrOK(n, "form"); ok {
			return byID[id]
		}
		for p := n.Parent; p != nil; p = p.Parent {
			if f := byNode[p]; f != nil {
				return f
			}
		}
		return nil
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if f := owner(n); f != nil && (n.Data == "button" || n.Data == "input") {
				typ := strings.ToLower(nodeAttr(n, "type"))
				switch {
				case n.Data == "button" && (typ == "" || typ == "submit"), n.Data == "input" && (typ == "submit" || typ == "image"):
					f.buttons = append(f.buttons, n)
				case n.Data == "input" && slices.Contains(enterFields, typ) && !nodeHasAttr(n, "disabled"):
					f.fields++
					if typ == "search" {
						f.searches = append(f.searches, n)
					}
				case n.Data == "input" && typ == "hidden":
					f.hidden[nodeAttr(n, "name")] = nodeAttr(n, "value")
				}
			}
		}
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(doc)
	var out []enterForm
	for _, f := range forms {
		if !strings.EqualFold(nodeAttr(f.node, "method"), "post") || len(f.buttons) < 2 || f.fields == 0 {
			continue
		}
		ef := enterForm{Action: nodeAttr(f.node, "action")}
		var primary *html.Node
		for _, b := range f.buttons {
			if !nodeHasClass(b, "secondary") && !nodeHasClass(b, "default-submit") {
				primary = b
			}
		}
		for _, b := range f.buttons {
			if b == primary {
				break
			}
			if !nodeHasClass(b, "default-submit") {
				ef.Rerender = true
			}
		}
		first := f.buttons[0]
		same := func(a, b *html.Node) bool {
			for _, k := range []string{"name", "value", "formaction", "formmethod"} {
				if nodeAttr(a, k) != nodeAttr(b, k) {
					return false
				}
			}
			return true
		}
		switch {
		case primary == nil:
			ef.Problem = "no main act: every submit button is marked secondary"
		case first == primary:
		case !nodeHasClass(first, "default-submit"):
			ef.Problem = fmt.Sprintf("Enter would press %q, not the main act %q", nodeText(first), nodeText(primary))
		case !same(first, primary):
			ef.Problem = fmt.Sprintf("the default button is another act than %q", nodeText(primary))
		case nodeAttr(first, "aria-hidden") != "true" || nodeAttr(first, "tabindex") != "-1":
			ef.Problem = `the default button is not hidden from assistive technology and the tab order (aria-hidden="true", tabindex="-1")`
		case nodeHasAttr(first, "disabled"):
			ef.Problem = "the default button is disabled: Enter would submit nothing"
		}
		for _, b := range f.buttons[1:] {
			if nodeHasClass(b, "default-submit") && ef.Problem == "" {
				ef.Problem = "a default button that is not the form's first submit button"
			}
		}
		// A search box of a form with a main act carries its "last searched"
		// twin, holding the box's words (follow-up "find", find_pending.go):
		// without it Enter in the box saves instead of finding.
		for _, q := range f.searches {
			name := nodeAttr(q, "name")
			twin, ok := f.hidden[name+"_searched"]
			switch {
			case ef.Problem != "":
			case !ok:
				ef.Problem = fmt.Sprintf("the search box %q has no %q twin (partial find-twin): Enter in it would do the main act, not find", name, name+"_searched")
			case strings.Join(strings.Fields(twin), " ") != strings.Join(strings.Fields(nodeAttr(q, "value")), " "):
				ef.Problem = fmt.Sprintf("the search box %q holds %q but its twin says %q were searched", name, nodeAttr(q, "value"), twin)
			}
		}
		out = append(out, ef)
	}
	return out, nil
}

// enterFields are the input types in which Enter submits the form
// (the text-like controls; not checkboxes, selects or text areas).
var enterFields = []string{"", "text", "search", "url", "tel", "email", "password", "date", "month", "week", "time", "datetime-local", "number"}

func nodeAttrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func nodeAttr(n *html.Node, key string) string { v, _ := nodeAttrOK(n, key); return v }

func nodeHasAttr(n *html.Node, key string) bool { _, ok := nodeAttrOK(n, key); return ok }

func nodeHasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(nodeAttr(n, "class")), class)
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(m *html.Node) {
		if m.Type == html.TextNode {
			b.WriteString(m.Data)
		}
		for k := m.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}
