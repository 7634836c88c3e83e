package model_test

import (
	"strings"
	"testing"

	"napx/internal/model"
)

// TestRequestProcedureTable is the procedure as a state-machine table:
// every status against every step, the status it leads to or "-" when the
// procedure does not allow it. A change to the procedure changes this
// table.
func TestRequestProcedureTable(t *testing.T) {
	steps := []model.RequestStep{model.StepSubmit, model.StepAcknowledge, model.StepObject, model.StepCirculate, model.StepConsent, model.StepClose, model.StepWithdraw}
	want := map[model.RequestStatus]string{
		//                         submit     acknowledge  object   circulate   consent     close   withdraw
		model.RequestDraft:        "submitted -            -        -           -           -       withdrawn",
		model.RequestSubmitted:    "-         acknowledged -        -           -           -       withdrawn",
		model.RequestAcknowledged: "-         -            withheld circulated  -           -       withdrawn",
		model.RequestWithheld:     "-         -            -        -           circulated  closed  withdrawn",
		model.RequestCirculated:   "-         -            -        -           -           closed  withdrawn",
		model.RequestClosed:       "-         -            -        -           -           -       -",
		model.RequestWithdrawn:    "-         -            -        -           -           -       -",
	}
	if len(want) != len(model.RequestStatuses) {
		t.Fatalf("the table has %d statuses, the model %d", len(want), len(model.RequestStatuses))
	}
	for _, from := range model.RequestStatuses {
		var got []string
		for _, st := range steps {
			to, ok := from.Take(st)
			if !ok {
				got = append(got, "-")
				if from.StepProblem(st) == "" {
					t.Errorf("%s from %s is refused without a reason", st, from)
				}
				continue
			}
			got = append(got, string(to))
			if from.StepProblem(st) != "" {
				t.Errorf("%s from %s is allowed, yet has a problem", st, from)
			}
		}
		if g, w := strings.Join(got, " "), strings.Join(strings.Fields(want[from]), " "); g != w {
			t.Errorf("from %s:\n got  %s\n want %s", from, g, w)
		}
	}
	for _, s := range model.RequestStatuses {
		if want := s == model.RequestDraft || s == model.RequestSubmitted; s.Editable() != want {
			t.Errorf("%s editable %v", s, s.Editable())
		}
	}
}

// labels names codes plainly for the ranking's fixed cases.
type labels struct{}

func (labels) AreaLabel(id string) string     { return id }
func (labels) ModalityLabel(id string) string { return id }
func (labels) LanguageName(code string) string {
	return map[string]string{"en": "English", "ru": "Russian"}[code]
}
func (labels) OrgName(code string) string   { return code }
func (labels) GroupName(code string) string { return code }

// TestRankingFixedCases: the score and the reasons of fixed candidates,
// the order, the threshold (no forced match), and ties.
func TestRankingFixedCases(t *testing.T) {
	base := model.MatchFeatures{NeedID: 1, Area: "AS-EXPORT", NeedModalities: 2}
	f := func(id int64, title string, change func(*model.MatchFeatures)) model.MatchFeatures {
		x := base
		x.ProgrammeID, x.Programme, x.Provider = id, title, "P"+title
		change(&x)
		return x
	}
	cases := []struct {
		f       model.MatchFeatures
		score   int
		reasons []string
	}{
		{f(1, "Everything", func(x *model.MatchFeatures) {
			x.SharedModalities, x.ServesRegion, x.SharedLanguage, x.DeliveredBefore, x.Offered = []string{"training", "equipment"}, "SEE", "en", true, true
		}), 100, []string{"same area: AS-EXPORT", "offers training, equipment (2 of the 2 modalities asked for)", "serves the requester's region: SEE",
			"works in English, the request's language", "PEverything delivered to HRV before", "open offer: PEverything offered this programme for this need"}},
		{f(2, "Area and modalities", func(x *model.MatchFeatures) { x.SharedModalities = []string{"training", "equipment"} }), 60,
			[]string{"same area: AS-EXPORT", "offers training, equipment (2 of the 2 modalities asked for)"}},
		{f(3, "Half, worldwide, language", func(x *model.MatchFeatures) {
			x.SharedModalities, x.Worldwide, x.SharedLanguage = []string{"training"}, true, "ru"
		}), 60, []string{"same area: AS-EXPORT", "offers training (1 of the 2 modalities asked for)", "serves every State", "works in Russian, the request's language"}},
		{f(4, "Area, region, language, history", func(x *model.MatchFeatures) {
			x.ServesRegion, x.SharedLanguage, x.DeliveredBefore = "SEE", "en", true
		}), 55, []string{"same area: AS-EXPORT", "offers none of the modalities asked for", "serves the requester's region: SEE",
			"works in English, the request's language", "PArea, region, language, history delivered to HRV before"}},
		{f(5, "Offered without a modality", func(x *model.MatchFeatures) { x.Offered, x.Worldwide = true, true }), 50, nil},
		{f(6, "Area only", func(*model.MatchFeatures) {}), 30, nil},
	}
	var fs []model.MatchFeatures
	for _, tc := range cases {
		s := model.ScoreMatch(tc.f, "HRV", labels{})
		if s.Score != tc.score {
			t.Errorf("%s: score %d, want %d (%v)", tc.f.Programme, s.Score, tc.score, s.Reasons)
		}
		if tc.reasons != nil && strings.Join(s.Reasons, " | ") != strings.Join(tc.reasons, " | ") {
			t.Errorf("%s: reasons\n %q\nwant\n %q", tc.f.Programme, s.Reasons, tc.reasons)
		}
		if s.Fits() != (tc.score >= model.MatchThreshold) {
			t.Errorf("%s: fits %v at %d", tc.f.Programme, s.Fits(), s.Score)
		}
		fs = append(fs, tc.f)
	}
	ranked := model.RankMatches(fs, "HRV", labels{}, false)
	var order []string
	for _, r := range ranked {
		order = append(order, r.Programme)
	}
	// Best first; 60 and 60 by title; nothing under the threshold.
	if got := strings.Join(order, ", "); got != "Everything, Area and modalities, Half, worldwide, language" {
		t.Errorf("ranked %s", got)
	}
	if all := model.RankMatches(fs, "HRV", labels{}, true); len(all) != len(fs) || all[len(all)-1].Programme != "Area only" {
		t.Errorf("all candidates: %d", len(all))
	}
	// A need with three modalities, one offered: a third of the weight.
	third := model.ScoreMatch(model.MatchFeatures{Area: "AS-LEG", NeedModalities: 3, SharedModalities: []string{"legal-advice"}}, "HRV", labels{})
	if third.Score != model.WeightArea+model.WeightModality/3 {
		t.Errorf("a third of the modalities: %d", third.Score)
	}
	if len(model.RankMatches(nil, "HRV", labels{}, false)) != 0 {
		t.Error("no candidates: no matches")
	}
}
