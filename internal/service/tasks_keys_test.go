package service_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"napx/internal/i18n"
)

// sayKeys finds every model.Msg(key, ...) of a Go file: the literal keys
// and where each is, and the calls whose key is not a literal (which no
// scan can check, so they are refused).
func sayKeys(fset *token.FileSet, f *ast.File) (keys map[string]string, dynamic []string) {
	keys = map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		// model.Msg(key, ...) and conflict(current, key, ...) (msg.go).
		arg := 0
		switch fn := call.Fun.(type) {
		case *ast.SelectorExpr:
			if pkg, ok := fn.X.(*ast.Ident); !ok || pkg.Name != "model" || fn.Sel.Name != "Msg" {
				return true
			}
		case *ast.Ident:
			if fn.Name != "conflict" || len(call.Args) < 2 {
				return true
			}
			arg = 1
		default:
			return true
		}
		where := fset.Position(call.Pos()).String()
		lit, ok := call.Args[arg].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			// A task's or a confirmation's key built at run time cannot be
			// checked. (Other parts' keys held in a variable — a notice's,
			// forwarded by a helper — are checked by their own part's scan,
			// TestEveryNoticeKeyInTheCatalogues, or guarded by Has.)
			if b, ok := call.Args[arg].(*ast.BinaryExpr); ok {
				if l, ok := b.X.(*ast.BasicLit); ok && (strings.Contains(l.Value, "svctasks.") || strings.Contains(l.Value, "svcconfirm.")) {
					dynamic = append(dynamic, where)
				}
			}
			return true
		}
		key, err := strconv.Unquote(lit.Value)
		if err == nil {
			keys[key] = where
		}
		return true
	})
	return keys, dynamic
}

// conflictsWithoutMessage finds the model.ConflictError literals of f
// without a Msg: a conflict its reader would get in English.
func conflictsWithoutMessage(fset *token.FileSet, f *ast.File) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		sel, ok := lit.Type.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "ConflictError" {
			return true
		}
		for _, e := range lit.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Msg" {
					return true
				}
			}
		}
		out = append(out, fset.Position(lit.Pos()).String())
		return true
	})
	return out
}

// TestEverySentenceInTheCatalogue (issue 17, item 1): every key the
// services say a task or a confirmation with (model.Msg) is a literal and
// a message of the catalogues — and i18n.Load refuses a catalogue where a
// language lacks an English key, so each is in all six. The control: a
// planted call with a made-up key is reported, and one with a key built at
// run time is refused.
func TestEverySentenceInTheCatalogue(t *testing.T) {
	c := i18n.MustDefault()
	missing := func(keys map[string]string) []string {
		var out []string
		for k, where := range keys {
			if !c.Has(k) {
				out = append(out, where+": "+k)
			}
		}
		return out
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	found := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, where := range conflictsWithoutMessage(fset, f) {
			t.Errorf("%s: a conflict without a message of the catalogue (use conflict(current, key, args...)): its reader would get English", where)
		}
		keys, dynamic := sayKeys(fset, f)
		for _, where := range dynamic {
			t.Errorf("%s: a sentence's key is not a literal: the catalogue cannot be checked for it", where)
		}
		for k, where := range keys {
			found[k] = where
		}
	}
	for _, m := range missing(found) {
		t.Errorf("a sentence the catalogues do not have (add it to its part, catalog/*/PART.json, in the six languages): %s", m)
	}
	tasks, confirms := 0, 0
	for k := range found {
		tasks += map[bool]int{true: 1}[strings.HasPrefix(k, "svctasks.")]
		confirms += map[bool]int{true: 1}[strings.HasPrefix(k, "svcconfirm.")]
	}
	if tasks < 20 || confirms < 100 {
		t.Errorf("the scan found %d task and %d confirmation keys: it no longer sees the call sites", tasks, confirms)
	}
	for _, lang := range []string{"ar", "zh", "fr", "ru", "es"} {
		if got := c.Printer(lang).T("svctasks.nap.adopt", "x"); got == c.Printer("en").T("svctasks.nap.adopt", "x") {
			t.Errorf("%s: the task's title is the English one: %q", lang, got)
		}
	}

	// The control: a made-up key is reported, a key built at run time refused.
	f, err := parser.ParseFile(fset, "planted.go", `package x
func f(kind string) { _ = model.Msg("svctasks.made-up.key", model.ArgNum(1)); _ = model.Msg("svctasks." + kind) }`, 0)
	if err != nil {
		t.Fatal(err)
	}
	keys, dynamic := sayKeys(fset, f)
	if got := missing(keys); len(got) != 1 || !strings.Contains(got[0], "svctasks.made-up.key") {
		t.Errorf("the planted key: %v", got)
	}
	// A conflict's key is checked too, and a conflict written in English
	// only is found (the one with its message is not).
	f, err = parser.ParseFile(fset, "planted2.go", `package x
func f() error { _ = conflict(nil, "conflicts.made-up"); _ = &model.ConflictError{Message: "m", Msg: model.Msg("conflicts.request")}; return &model.ConflictError{Message: "english only"} }`, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := missing(func() map[string]string { k, _ := sayKeys(fset, f); return k }()); len(got) != 1 || !strings.Contains(got[0], "conflicts.made-up") {
		t.Errorf("the planted conflict key: %v", got)
	}
	if got := conflictsWithoutMessage(fset, f); len(got) != 1 {
		t.Errorf("the planted English-only conflict: %v", got)
	}
	if len(dynamic) != 1 {
		t.Errorf("the planted key built at run time: %v", dynamic)
	}
}
