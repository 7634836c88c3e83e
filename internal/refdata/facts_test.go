package refdata

import "testing"

// TestCheckFactRefuses: a former name with a broken source, date or claim
// is refused at load time (a control for the data test above, which only
// sees good data).
func TestCheckFactRefuses(t *testing.T) {
	sources := []Source{{ID: "read"}, {ID: GeneralKnowledge}}
	good := FormerName{Name: "X", Kind: "short", From: "2001", Until: "2004-05-06", Source: "read", Verified: true}
	if err := checkFact(sources, good); err != nil {
		t.Fatalf("good fact refused: %v", err)
	}
	for name, change := range map[string]func(*FormerName){
		"unknown source":        func(f *FormerName) { f.Source = "nowhere" },
		"bad until":             func(f *FormerName) { f.Until = "2004-13" },
		"bad from":              func(f *FormerName) { f.From = "20x1" },
		"ends before it starts": func(f *FormerName) { f.From = "2005" },
		"bad kind":              func(f *FormerName) { f.Kind = "nickname" },
		"verified from memory":  func(f *FormerName) { f.Source = GeneralKnowledge },
	} {
		f := good
		change(&f)
		if err := checkFact(sources, f); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if !checkFactAddress(sources) {
		t.Error("an address is not accepted as a source")
	}
}

func checkFactAddress(sources []Source) bool {
	return checkFact(sources, FormerName{Name: "X", Kind: "formal", Until: "2004", Source: "https://example.org/a"}) == nil
}
