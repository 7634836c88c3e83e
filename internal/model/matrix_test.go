package model_test

import (
	"testing"

	"napx/internal/model"
)

// TestEditionWorkflow is the review as a table: every pair of statuses,
// allowed or not, written out by hand.
func TestEditionWorkflow(t *testing.T) {
	allowed := map[[2]model.EditionStatus]bool{
		{model.EditionDraft, model.EditionWithState}:     true, // sent by the Committee
		{model.EditionWithState, model.EditionDraft}:     true, // the State asks for changes
		{model.EditionWithState, model.EditionApproved}:  true, // approved after the State agreed
		{model.EditionApproved, model.EditionSuperseded}: true, // a later edition is approved
	}
	n := 0
	for _, from := range model.EditionStatuses {
		for _, to := range model.EditionStatuses {
			if got := from.CanMoveTo(to); got != allowed[[2]model.EditionStatus{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
			n++
		}
	}
	if n != 16 {
		t.Fatalf("%d pairs", n)
	}
	for s, want := range map[model.EditionStatus]model.Visibility{
		model.EditionDraft: model.VisCommittee, model.EditionWithState: model.VisCommittee,
		model.EditionApproved: model.VisPublic, model.EditionSuperseded: model.VisPublic,
	} {
		if s.Visibility() != want {
			t.Errorf("%s is read at %s, want %s", s, s.Visibility(), want)
		}
	}
	if model.EditionStatus("published").Valid() || !model.EditionDraft.Open() || model.EditionApproved.Open() {
		t.Error("status helpers")
	}
}

func TestCellStatuses(t *testing.T) {
	for _, s := range model.CellStatuses {
		got, ok := model.CellStatusByKey(s.Key())
		if !ok || got != s || !s.Valid() || s.Label() == "" {
			t.Errorf("%q: key %q, label %q", s, s.Key(), s.Label())
		}
	}
	for _, bad := range []string{"x", "Q", "NONE", "n/a", "yes"} {
		if model.CellStatus(bad).Valid() {
			t.Errorf("%q accepted", bad)
		}
	}
}
