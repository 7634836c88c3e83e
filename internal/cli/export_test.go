package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"napx/internal/storetest"
)

// TestExportImport: napx export writes the file (with its progress on
// standard error), napx import loads it into an empty database, and the
// export of that database is the same file; into a database with records
// napx import previews and changes nothing, --merge applies; --as exports
// what the account may read; a damaged file is refused with a non-zero
// exit and nothing imported.
func TestExportImport(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			vars := func() map[string]string {
				v := map[string]string{"NAPX_DATA": t.TempDir()}
				if e == storetest.Postgres {
					v["NAPX_DB"] = storetest.URL(t, storetest.OpenEmpty(t, e))
				}
				return v
			}
			src, dst := vars(), vars()
			for _, a := range []struct{ email, org string }{{"a@hrv.example.org", "HRV"}, {"b@srb.example.org", "SRB"}} {
				if _, _, err := run(t, src, "a long enough passphrase\n", "user", "add", "--email", a.email, "--org", a.org, "--role", "coordinator", "--password-stdin"); err != nil {
					t.Fatal(err)
				}
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "all.json")
			_, stderr, err := run(t, src, "", "export", "--out", file)
			if err != nil {
				t.Fatalf("export: %v", err)
			}
			if !strings.Contains(stderr, "export [") || !strings.Contains(stderr, "exported ") {
				t.Errorf("no progress bar or summary: %q", stderr)
			}
			a, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(a, []byte("argon2id")) {
				t.Error("the export holds a password hash")
			}
			out, _, err := run(t, dst, "", "import", file)
			if err != nil || !strings.Contains(out, "loaded") {
				t.Fatalf("import: %q %v", out, err)
			}
			again := filepath.Join(dir, "again.json")
			if _, _, err := run(t, dst, "", "export", "--out", again, "--quiet"); err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(again); !bytes.Equal(a, b) {
				t.Error("export, import into an empty database, export: not the same file")
			}
			// Into a database with records: a preview, then --merge.
			if _, _, err := run(t, src, "a long enough passphrase\n", "user", "add", "--email", "c@mne.example.org", "--org", "MNE", "--role", "viewer", "--password-stdin"); err != nil {
				t.Fatal(err)
			}
			more := filepath.Join(dir, "more.json")
			if _, _, err := run(t, src, "", "export", "--out", more, "--quiet"); err != nil {
				t.Fatal(err)
			}
			out, _, err = run(t, dst, "", "import", "--quiet", more)
			if err != nil || !strings.Contains(out, "preview") || !strings.Contains(out, "c@mne.example.org") || !strings.Contains(out, "nothing was changed") {
				t.Fatalf("preview: %q %v", out, err)
			}
			if list, _, _ := run(t, dst, "", "user", "list"); strings.Contains(list, "c@mne.example.org") {
				t.Error("the preview changed the database")
			}
			out, _, err = run(t, dst, "", "import", "--merge", "--quiet", more)
			if err != nil || !strings.Contains(out, "merged") {
				t.Fatalf("merge: %q %v", out, err)
			}
			if list, _, _ := run(t, dst, "", "user", "list"); !strings.Contains(list, "c@mne.example.org") {
				t.Error("the merge did not add the account")
			}
			// An account's export holds its own account, not another State's.
			mine := filepath.Join(dir, "mine.json")
			if _, _, err := run(t, src, "", "export", "--out", mine, "--as", "a@hrv.example.org", "--quiet"); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(mine)
			if !bytes.Contains(b, []byte("a@hrv.example.org")) || bytes.Contains(b, []byte("b@srb.example.org")) || !bytes.Contains(b, []byte(`"scope":"account"`)) {
				t.Errorf("the account's export: %.300s", b)
			}
			if _, _, err := run(t, src, "", "export", "--out", mine, "--as", "nobody@example.org"); err == nil {
				t.Error("an export for an account that does not exist")
			}
			// A damaged file: refused, nothing imported.
			cut := filepath.Join(dir, "cut.json")
			if err := os.WriteFile(cut, a[:len(a)*2/3], 0o600); err != nil {
				t.Fatal(err)
			}
			empty := vars()
			if _, _, err := run(t, empty, "", "import", "--quiet", cut); err == nil || !strings.Contains(err.Error(), "truncated") {
				t.Errorf("a truncated file: %v", err)
			}
			if list, _, _ := run(t, empty, "", "user", "list"); strings.Contains(list, "a@hrv.example.org") {
				t.Error("the refused import left an account behind")
			}
		})
	}
}
