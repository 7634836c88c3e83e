package i18n

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"napx/internal/model"
)

// problemFormats are the English 422 sentences the sources of dir write:
// the literal format of every .Add(field, "format", ...) call (model and
// service: Problems.Add) and every literal value of a Problems{...}
// composite (every layer), by where they are.
func problemFormats(t *testing.T, fset *token.FileSet, f *ast.File, adds bool) map[string]string {
	t.Helper()
	out := map[string]string{}
	str := func(e ast.Expr) (string, bool) {
		b, ok := e.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(b.Value)
		return s, err == nil
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); adds && ok && sel.Sel.Name == "Add" && len(n.Args) >= 2 {
				if s, ok := str(n.Args[1]); ok {
					out[s] = fset.Position(n.Args[1].Pos()).String()
				}
			}
		case *ast.CompositeLit:
			name := ""
			switch t := n.Type.(type) {
			case *ast.Ident:
				name = t.Name
			case *ast.SelectorExpr:
				name = t.Sel.Name
			}
			if name != "Problems" {
				return true
			}
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if s, ok := str(kv.Value); ok {
						out[s] = fset.Position(kv.Value.Pos()).String()
					}
				}
			}
		}
		return true
	})
	return out
}

func scanDir(t *testing.T, dir string, adds bool) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: no sources (%v)", dir, err)
	}
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range problemFormats(t, fset, f, adds) {
			out[k] = v
		}
	}
	return out
}

// TestEveryProblemInTheCatalogue: every literal 422 format of model and
// service (Problems.Add's and literal Problems), and the literal Problems
// of web and api, is a key of the problems part, so a reader of any of the
// six languages reads the message in theirs. The control: a planted
// format the catalogue does not have is found and reported.
func TestEveryProblemInTheCatalogue(t *testing.T) {
	c := MustDefault()
	missing := func(found map[string]string) []string {
		var out []string
		for format, where := range found {
			if strings.HasPrefix(format, "HX-") { // a header's Add, not a problem
				continue
			}
			if !c.HasProblem(format) {
				out = append(out, fmt.Sprintf("%s: %q", where, format))
			}
		}
		return out
	}
	total := 0
	for dir, adds := range map[string]bool{"../model": true, "../service": true, "../web": false, "../api": false} {
		found := scanDir(t, dir, adds)
		total += len(found)
		for _, m := range missing(found) {
			t.Errorf("a 422 message the catalogue has no key for (add it to catalog/*/problems.json): %s", m)
		}
	}
	if total < 300 {
		t.Errorf("the scan found %d formats: it no longer sees the call sites", total)
	}
	// The control: a planted format is reported.
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "planted.go", `package x
func f(p Problems) { p.Add("title", "a sentence no catalogue has %d", 3); _ = Problems{"x": "enter the plan's title"} }`, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := missing(problemFormats(t, fset, f, true)); len(got) != 1 || !strings.Contains(got[0], "no catalogue has") {
		t.Errorf("the planted format: %v", got)
	}
}

// TestProblemInSixLanguages: a service's English sentence is written in
// the reader's language with its arguments read back (numbers, quoted
// values, dates and sentences inside it translated too); English and an
// unknown sentence stay as they are.
func TestProblemInSixLanguages(t *testing.T) {
	c := MustDefault()
	fr, ar, en := c.Printer("fr"), c.Printer("ar"), c.Printer("en")
	p := model.Problems{}
	p.Add("title", "%s", model.LineProblem(strings.Repeat("x", 12000), 10000))
	p.Add("org", "%q is not a known organisation code", "X\"Y")
	p.Add("date", "a report cannot be dated %s: that is %s", model.MustDate("2025-12-31").Long(), "before the plan was adopted (2 January 2026)")
	p.Add("n", "at most %d tags", 1200)
	p.Add("plain", "enter the plan's title")
	p.Add("other", "a sentence napx does not know")
	for _, c := range []struct {
		pr          *Printer
		field, want string
	}{
		{fr, "title", "dépasse 10 000 caractères (il en compte 12 000)"},
		{fr, "org", `"X\"Y" n’est pas un code d’organisation connu`},
		{fr, "date", "un rapport ne peut pas être daté du 31 décembre 2025 : cette date est antérieure à l’adoption du plan (2 janvier 2026)"},
		{fr, "n", "au plus 1 200 étiquettes"},
		{fr, "plain", "saisissez le titre du plan"},
		{fr, "other", "a sentence napx does not know"},
		{ar, "plain", "أدخل عنوان الخطة"},
		{en, "title", "is longer than 10,000 characters (it has 12,000)"},
		{en, "plain", "enter the plan's title"},
	} {
		got := c.pr.Problems(p)[c.field]
		if !strings.Contains(strings.ReplaceAll(got, "\u00a0", " "), c.want) {
			t.Errorf("%s %s: %q, want %q in it", c.pr.Lang().Code, c.field, got, c.want)
		}
	}
	if got := en.Problems(p); fmt.Sprint(got) != fmt.Sprint(p) {
		t.Errorf("English changed: %v", got)
	}
	if _, err := os.Stat("catalog/fr/problems.json"); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkProblem: a 422 message written in French (the format found
// among the part's and its arguments read back) against writing the
// English sentence itself; the ratio is the cost of the reading back.
func BenchmarkProblem(b *testing.B) {
	c := MustDefault()
	fr := c.Printer("fr")
	msg := fmt.Sprintf("there is no national report %d of %s (see the State's reports)", 12, "Croatia")
	b.Run("english", func(b *testing.B) {
		for b.Loop() {
			_ = fmt.Sprintf("there is no national report %d of %s (see the State's reports)", 12, "Croatia")
		}
	})
	b.Run("french", func(b *testing.B) {
		for b.Loop() {
			_ = fr.Problem(msg)
		}
	})
}
