package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"napx/internal/i18n"
)

// doneCallers are the helpers that take a flash's done value as a literal
// argument and redirect with it.
var doneCallers = map[string]bool{"napStep": true, "napAct": true, "needForm": true, "matrixAct": true, "withDone": true}

var doneInURL = regexp.MustCompile(`[?&]done=([a-z0-9-]+)`)

// doneValues are the done values the handlers of dir can redirect with:
// literal "…?done=x" addresses, literal arguments of the helpers that take
// one, and literals assigned to a variable named done.
func doneValues(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name) // #nosec G304 -- the package's own sources
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		lit := func(e ast.Expr) (string, bool) {
			b, ok := e.(*ast.BasicLit)
			if !ok || b.Kind != token.STRING {
				return "", false
			}
			s, err := strconv.Unquote(b.Value)
			return s, err == nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, ok := lit(n); ok {
					for _, m := range doneInURL.FindAllStringSubmatch(s, -1) {
						out[m[1]] = fset.Position(n.Pos()).String()
					}
				}
			case *ast.CallExpr:
				var fn string
				switch f := n.Fun.(type) {
				case *ast.Ident:
					fn = f.Name
				case *ast.SelectorExpr:
					fn = f.Sel.Name
				}
				if doneCallers[fn] {
					for _, a := range n.Args {
						if s, ok := lit(a); ok && s != "" {
							out[s] = fset.Position(a.Pos()).String()
						}
					}
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == "done" && i < len(n.Rhs) {
						if s, ok := lit(n.Rhs[i]); ok && s != "" {
							out[s] = fset.Position(n.Rhs[i].Pos()).String()
						}
					}
				}
			}
			return true
		})
	}
	return out
}

// TestEveryFlashInTheCatalogue: every done value a handler can redirect
// with has its flash.<done> message in the six languages (the catalogue's
// load check makes one language's key every language's), and every entry
// of flashMessages is the catalogue's English; so no confirmation is shown
// in English to a reader of another language. The control: the scan finds
// values (the sign-in's, a plan's step), and a done value no catalogue has
// is reported.
func TestEveryFlashInTheCatalogue(t *testing.T) {
	cat := i18n.MustDefault()
	en := cat.Printer(i18n.English)
	found := doneValues(t, ".")
	for _, want := range []string{"signed-in", "nap-submitted", "waitlisted", "matrix-approved", "language-saved"} {
		if _, ok := found[want]; !ok {
			t.Errorf("the scan missed done=%s: it cannot see what the handlers redirect with", want)
		}
	}
	for done, where := range found {
		if strings.HasSuffix(done, "-") { // "?done=practice-%s": a family, each of flashMessages
			n := 0
			for k := range flashMessages {
				if strings.HasPrefix(k, done) {
					n++
				}
			}
			if n == 0 {
				t.Errorf("%s: no flash message starts with done=%s", where, done)
			}
			continue
		}
		if !cat.Has("flash." + done) {
			t.Errorf("%s: done=%s has no message flash.%s in the catalogue", where, done, done)
		}
	}
	for done, text := range flashMessages {
		if !cat.Has("flash." + done) {
			t.Errorf("flashMessages[%q] has no message flash.%s in the catalogue", done, done)
		} else if got := en.T("flash." + done); got != text {
			t.Errorf("flash.%s is %q in the catalogue, %q in flashMessages", done, got, text)
		}
	}
	if cat.Has("flash.no-such-thing") {
		t.Fatal("control: the catalogue has a message it should not")
	}
	// An unknown done value shows nothing, in any language.
	h := &Handler{pages: &pageSet{cat: cat}}
	if msg, _ := h.flash("ar", "no-such-thing"); msg != "" {
		t.Errorf("an unknown done value shows %q", msg)
	}
	if msg, lang := h.flash("ar", "nap-saved"); msg != cat.Printer("ar").T("flash.nap-saved") || lang != "" || msg == en.T("flash.nap-saved") {
		t.Errorf("flash in Arabic: %q (%q)", msg, lang)
	}
}
