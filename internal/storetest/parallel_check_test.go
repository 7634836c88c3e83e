package storetest

import (
	"strings"
	"testing"
)

// The check finds each way of sharing in its control file, and nothing in
// the test that shares nothing.
func TestSharedEngineState(t *testing.T) {
	got, err := SharedEngineState("testdata/shared")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"x_test.go:11:3: assigns got", "x_test.go:12:3: assigns n", "x_test.go:17:2: a statement after an engine loop"}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("finding %d: %q, want it to say %q", i, got[i], w)
		}
	}
}
