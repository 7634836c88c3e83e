// Package archtest enforces the import direction written down in
// docs/ARCHITECTURE.md: a package may import only the napx packages below
// it. A new package must be added to the table here (and to the document)
// before it can be imported at all.
package archtest

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const module = "napx/"

// allowed lists, for each napx package, the napx packages it may import
// (non-test files). Lower layers first.
var allowed = map[string][]string{
	"internal/model":   {},
	"internal/config":  {},
	"internal/refdata": {"internal/model"},
	"internal/httpx":   {"internal/model"},
	"internal/policy":  {"internal/model", "internal/refdata"},
	"internal/store":   {"internal/model", "internal/refdata", "internal/policy"},
	"internal/service": {"internal/model", "internal/refdata", "internal/policy", "internal/store", "internal/i18n"},
	"internal/web":     {"internal/model", "internal/refdata", "internal/httpx", "internal/service", "internal/maps", "internal/charts", "internal/i18n"},
	"internal/api":     {"internal/model", "internal/refdata", "internal/httpx", "internal/service", "internal/i18n"},
	"internal/demo":    {"internal/model", "internal/refdata", "internal/policy", "internal/service"},
	"internal/server":  {"internal/model", "internal/refdata", "internal/policy", "internal/store", "internal/httpx", "internal/service", "internal/web", "internal/api", "internal/i18n"},
	"internal/cli":     {"internal/model", "internal/refdata", "internal/policy", "internal/config", "internal/store", "internal/httpx", "internal/service", "internal/server", "internal/demo"},
	// Drawing: maps and charts as SVG (issue 14), below the front ends.
	"internal/maps":     {"internal/model", "internal/refdata"},
	"internal/maps/gen": {"internal/refdata"},
	"internal/charts":   {"internal/model"},
	// The six languages (issue 17): catalogues, plural rules, negotiation.
	"internal/i18n": {"internal/model"},
	"cmd/napx":      {"internal/cli"},
	// The load benchmark and the crash harness (issue 13) drive napx as a process.
	"cmd/benchload":      {},
	"internal/crashtest": {},
	// Test helpers: only tests import them.
	"internal/storetest":   {"internal/model", "internal/refdata", "internal/store"},
	"internal/webtest":     {"internal/model", "internal/refdata", "internal/store", "internal/storetest", "internal/server", "internal/service", "internal/httpx", "internal/demo"},
	"internal/browsertest": {"internal/model", "internal/refdata", "internal/store", "internal/storetest", "internal/server", "internal/service", "internal/webtest", "internal/demo"},
	"internal/archtest":    {},
}

var testOnly = map[string]bool{"internal/storetest": true, "internal/webtest": true, "internal/browsertest": true}

func TestImportDirection(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	imports := map[string]map[string]bool{} // package -> napx imports (non-test files)
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		if imports[rel] == nil {
			imports[rel] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			p := strings.Trim(imp.Path.Value, `"`)
			if strings.HasPrefix(p, module) {
				imports[rel][strings.TrimPrefix(p, module)] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pkgs := make([]string, 0, len(imports))
	for p := range imports {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, pkg := range pkgs {
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package %s is not in the architecture table (internal/archtest and docs/ARCHITECTURE.md)", pkg)
			continue
		}
		set := map[string]bool{}
		for _, a := range ok {
			set[a] = true
		}
		for imp := range imports[pkg] {
			if testOnly[imp] && !testOnly[pkg] {
				t.Errorf("%s imports the test helper %s in non-test code", pkg, imp)
				continue
			}
			if !set[imp] {
				t.Errorf("%s may not import %s (see docs/ARCHITECTURE.md)", pkg, imp)
			}
		}
	}
}
