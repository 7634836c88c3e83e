package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestOrderProblems: the summary's links follow their fields' order in the
// form; a link whose field is not in the page comes last; a page without a
// summary is left as it is (the control: the input is in another order).
func TestOrderProblems(t *testing.T) {
	summary := `<div class="alert error" role="alert" tabindex="-1" id="problems">
  <h2>There is a problem</h2>
  <ul>
    <li><a href="#end">end</a></li><li><a href="#ghost">ghost</a></li><li><a href="#start">start</a></li><li><a href="#title">title</a></li>
  </ul>
</div>`
	form := `<form novalidate><input id="title"><input id="start"><input id="end"></form>`
	got := string(orderProblems([]byte("<main>" + summary + form + "</main>")))
	order := func(s string) []string {
		out := []string{"#title", "#start", "#end", "#ghost"}
		idx := map[string]int{}
		for _, f := range out {
			idx[f] = strings.Index(s, `href="`+f+`"`)
		}
		for i := 1; i < len(out); i++ {
			if idx[out[i-1]] > idx[out[i]] {
				return nil
			}
		}
		return out
	}
	if order(summary) != nil {
		t.Fatal("control: the input is already in form order")
	}
	if order(got) == nil {
		t.Errorf("the summary is not in form order: %s", got)
	}
	if !strings.HasSuffix(got, form+"</main>") || !strings.HasPrefix(got, `<main><div class="alert error"`) {
		t.Errorf("the rest of the page changed: %s", got)
	}
	plain := "<main><p>no summary</p></main>"
	if string(orderProblems([]byte(plain))) != plain {
		t.Error("a page without a summary changed")
	}
}

var postForm = regexp.MustCompile(`(?i)<form\b[^>]*method="post"[^>]*>`)

// TestEveryPostFormIsNovalidate: every form that posts lets napx's own
// checks speak (the GOV.UK pattern: the browser's bubbles would pre-empt
// the error summary and the messages at the fields). The control: the
// pattern finds the forms, and one without the attribute is caught.
func TestEveryPostFormIsNovalidate(t *testing.T) {
	files, err := fs.Glob(assets, "templates/*/*.html")
	if err != nil {
		t.Fatal(err)
	}
	forms := 0
	for _, f := range files {
		b, err := fs.ReadFile(assets, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range postForm.FindAllString(string(b), -1) {
			forms++
			if !strings.Contains(tag, "novalidate") {
				t.Errorf("%s: %s lacks novalidate", f, tag)
			}
		}
	}
	if forms < 50 {
		t.Fatalf("control: only %d posting forms found", forms)
	}
	if tag := postForm.FindString(`<form action="/x" method="post">`); tag == "" || strings.Contains(tag, "novalidate") {
		t.Fatal("control: a form without novalidate is not caught")
	}
}
