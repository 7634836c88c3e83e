package service

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
)

// messageParts are the catalogue parts of the sentences the services write
// as keys and arguments (issue 17).
var messageParts = []string{"svcnotices.", "svcassist."}

// keysUsed finds every literal message key of messageParts in Go sources
// (file name → source): whole keys, and prefixes of key families (a
// literal ending in "."), which keyFamilies enumerates.
func keysUsed(t *testing.T, srcs map[string]string) (keys, prefixes []string) {
	t.Helper()
	fset := token.NewFileSet()
	for name, src := range srcs {
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !slices.ContainsFunc(messageParts, func(p string) bool { return strings.HasPrefix(s, p) }) {
				return true
			}
			if strings.HasSuffix(s, ".") {
				prefixes = append(prefixes, s)
			} else {
				keys = append(keys, s)
			}
			return true
		})
	}
	return keys, prefixes
}

// keyFamilies are the values each key family is built from.
var keyFamilies = map[string][]string{
	"svcnotices.security.how.": {"authenticator-code", "recovery-code"},
	"svcassist.wd.":            {"0", "1", "2", "3", "4", "5", "6"},
}

// missingKeys are the keys (and families' members) no catalogue has in
// one of the six languages.
func missingKeys(keys, prefixes []string) []string {
	cat := i18n.MustDefault()
	for _, p := range prefixes {
		vals, ok := keyFamilies[p]
		if !ok {
			keys = append(keys, p+"⟨a family keyFamilies does not list⟩")
		}
		for _, v := range vals {
			keys = append(keys, p+v)
		}
	}
	var out []string
	for _, k := range keys {
		for _, l := range model.Languages {
			if !cat.Has(k) || strings.Contains(cat.Printer(l).T(k), i18n.Missing) {
				out = append(out, l+": "+k)
				break
			}
		}
	}
	return out
}

// TestEveryNoticeKeyInTheCatalogues scans the services' sources for the
// keys of the notices, match reasons, the consent window and the history's
// steps, and fails on one that a catalogue of the six lacks; the control:
// a planted source with a made-up key is reported. The steps of the
// assistance history (svcassist.step.<step>, built in the template) are
// checked from the procedure's list.
func TestEveryNoticeKeyInTheCatalogues(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	srcs := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs[f] = string(b)
	}
	keys, prefixes := keysUsed(t, srcs)
	if len(keys) < 60 {
		t.Fatalf("the scan found %d keys: it is not reading the producers", len(keys))
	}
	for _, step := range []string{"draft", "edit", "submit", "acknowledge", "object", "circulate", "consent", "close", "withdraw", "follow-up",
		"offer", "match", "delivery", "feedback"} {
		keys = append(keys, "svcassist.step."+step)
	}
	if miss := missingKeys(keys, prefixes); len(miss) > 0 {
		t.Errorf("keys the catalogues lack: %v", miss)
	}

	planted := map[string]string{"planted.go": `package service
func planted() { _ = model.Msg("svcnotices.made-up.key"); _ = "svcassist.unlisted." + x }`}
	keys, prefixes = keysUsed(t, planted)
	if miss := missingKeys(keys, prefixes); len(miss) != 2 {
		t.Errorf("the control: a made-up key and an unlisted family should be reported, got %v", miss)
	}
}

// BenchmarkNoticeInLanguage: what writing a notice from its key costs
// against showing the stored English, per notification of an inbox
// (go test -run '^$' -bench NoticeInLanguage ./internal/service/).
func BenchmarkNoticeInLanguage(b *testing.B) {
	cat, err := refdata.Load()
	if err != nil {
		b.Fatal(err)
	}
	s := &Notifications{cat: cat}
	msg := model.Msg("svcnotices.event.invitation", model.ArgNum(3), model.ArgOrg("HRV"), model.ArgText("Workshop on export control"),
		model.ArgDate(model.MustDate("2026-11-16")), model.ArgDate(model.MustDate("2026-11-02")))
	stored := model.Notification{Title: s.english(msg)}
	keyed := model.Notification{Msg: msg, BodyMsg: model.Msg("svcnotices.event.invitation.body", model.ArgOrg("UNODA"), model.ArgDate(model.MustDate("2026-11-02")))}
	for _, c := range []struct {
		name string
		n    model.Notification
		lang string
	}{{"stored", stored, "fr"}, {"key-en", keyed, "en"}, {"key-fr", keyed, "fr"}, {"key-ar", keyed, "ar"}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				n := c.n
				s.inLanguage(&n, c.lang)
			}
		})
	}
}
