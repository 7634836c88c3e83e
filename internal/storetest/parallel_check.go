package storetest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
)

// SharedEngineState lists the places in the _test.go files of dir where
// engine subtests would share state if they ran in parallel
// (ParallelEngines): a closure given to an Each-style helper (a function
// or method named Each…/each…) that assigns a variable declared outside
// it, and a statement after such a call in the same block (it would run
// before the parallel subtests do). A package that calls ParallelEngines
// tests that this list is empty.
func SharedEngineState(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, err
	}
	fs := token.NewFileSet()
	var out []string
	for _, name := range files {
		f, err := parser.ParseFile(fs, name, nil, 0)
		if err != nil {
			return nil, err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BlockStmt:
				for i, s := range n.List {
					if !isEachStmt(s) {
						continue
					}
					for _, next := range n.List[i+1:] {
						if !isEachStmt(next) {
							out = append(out, fmt.Sprintf("%s: a statement after an engine loop (it runs before parallel subtests)", fs.Position(next.Pos())))
							break
						}
					}
				}
			case *ast.CallExpr:
				if !isEachCall(n) {
					return true
				}
				for _, a := range n.Args {
					if lit, ok := a.(*ast.FuncLit); ok {
						out = append(out, outerWrites(fs, lit)...)
					}
				}
			}
			return true
		})
	}
	sort.Strings(out)
	return out, nil
}

func isEachCall(c *ast.CallExpr) bool {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		return strings.HasPrefix(f.Name, "each") || strings.HasPrefix(f.Name, "Each")
	case *ast.SelectorExpr:
		return strings.HasPrefix(f.Sel.Name, "Each")
	}
	return false
}

func isEachStmt(s ast.Stmt) bool {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	c, ok := es.X.(*ast.CallExpr)
	return ok && isEachCall(c)
}

// outerWrites are the assignments in lit to variables declared outside it.
func outerWrites(fs *token.FileSet, lit *ast.FuncLit) []string {
	var out []string
	check := func(e ast.Expr) {
		for {
			switch x := e.(type) {
			case *ast.IndexExpr:
				e = x.X
				continue
			case *ast.SelectorExpr:
				e = x.X
				continue
			case *ast.StarExpr:
				e = x.X
				continue
			case *ast.ParenExpr:
				e = x.X
				continue
			}
			break
		}
		id, ok := e.(*ast.Ident)
		if !ok || id.Name == "_" {
			return
		}
		if id.Obj == nil {
			out = append(out, fmt.Sprintf("%s: assigns %s, declared outside the test", fs.Position(id.Pos()), id.Name))
			return
		}
		if d, ok := id.Obj.Decl.(ast.Node); ok && (d.Pos() < lit.Pos() || d.Pos() > lit.End()) {
			out = append(out, fmt.Sprintf("%s: assigns %s, declared outside the engine subtest", fs.Position(id.Pos()), id.Name))
		}
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.AssignStmt:
			if s.Tok != token.DEFINE {
				for _, l := range s.Lhs {
					check(l)
				}
			}
		case *ast.IncDecStmt:
			check(s.X)
		}
		return true
	})
	return out
}

// CheckSharesNothing fails t for each place SharedEngineState finds in the
// test files of the current package (a package that calls ParallelEngines
// has a test that calls it).
func CheckSharesNothing(t interface {
	Helper()
	Error(...any)
	Fatal(...any)
}) {
	t.Helper()
	found, err := SharedEngineState(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Error(f)
	}
}
