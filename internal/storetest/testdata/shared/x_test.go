package shared

import "testing"

// The control of TestSharedEngineState: each way of sharing state between
// engine subtests once.
func TestShares(t *testing.T) {
	var got []int
	n := 0
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		got = append(got, 1)
		n++
		mine := 1
		mine = 2
		_ = mine
	})
	if len(got) != 2 {
		t.Fatal(n)
	}
}

func TestSharesNothing(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		x := 1
		x++
		_ = x
	})
	webtest.Each(t, func(t *testing.T, app *webtest.App) {})
}
