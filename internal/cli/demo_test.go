package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoScale: an unknown --scale is refused before anything is
// written, naming the choices; a known one is accepted (the control).
func TestDemoScale(t *testing.T) {
	dir := t.TempDir()
	_, _, err := run(t, nil, "", "demo", "--scale", "galaxy", "--data", filepath.Join(dir, "bad"))
	if err == nil || !strings.Contains(err.Error(), `"galaxy"`) || !strings.Contains(err.Error(), "demo or world") {
		t.Fatalf("an unknown scale: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad")); !os.IsNotExist(err) {
		t.Errorf("the refused command created its data directory (%v)", err)
	}
	out, _, err := run(t, nil, "", "demo", "--scale", "demo", "--no-serve", "--data", filepath.Join(dir, "ok"))
	if err != nil || !strings.Contains(out, "napx demo data") {
		t.Fatalf("the plain demo with --no-serve: %q, %v", out, err)
	}
}
