package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// plantHidden gives Croatia records no outsider may read, each carrying
// word: a draft practice, a draft plan with an action, a private event with
// a public material, a draft assistance request and programme, and a plan shared ahead of its status with Montenegro
// only (with an action: shares are the plan's), carrying sharedWord.
func plantHidden(t *testing.T, f *fixture, word string) {
	t.Helper()
	ctx := context.Background()
	hrv := f.as("HRV", model.RoleCoordinator)
	if _, err := f.svc.Practices.Create(ctx, hrv, service.Given(model.PracticeInput{Title: "Draft " + word, Body: "Body with " + word, Tags: []string{"OP3d-NW-09.LF"}})); err != nil {
		t.Fatal(err)
	}
	title := "Plan " + word
	n, err := f.svc.NAPs.Create(ctx, hrv, "HRV", model.NAPInput{Title: &title, PeriodStart: model.Ptr("2018"), PeriodEnd: model.Ptr("2021")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.NAPs.CreateAction(ctx, hrv, n.ID, service.Given(model.NAPActionInput{Title: model.Ptr("Action " + word), Due: model.Ptr("2019-01-01")})); err != nil {
		t.Fatal(err)
	}
	shared := "Shared plan " + sharedWord
	sp, err := f.svc.NAPs.Create(ctx, hrv, "HRV", model.NAPInput{Title: &shared, PeriodStart: model.Ptr("2018"), PeriodEnd: model.Ptr("2021")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.NAPs.CreateAction(ctx, hrv, sp.ID, service.Given(model.NAPActionInput{Title: model.Ptr("Shared action " + sharedWord), Due: model.Ptr("2019-01-01")})); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.NAPs.Share(ctx, hrv, sp.ID, service.Given([]string{"MNE"})); err != nil {
		t.Fatal(err)
	}
	ev, err := f.svc.Events.Create(ctx, hrv, model.EventInput{Kind: "meeting", Title: "Meeting " + word, Start: "2017-10-02", End: "2017-10-02", Visibility: "private"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Events.AddMaterial(ctx, hrv, ev.ID, service.Given(model.MaterialInput{Title: "Slides " + word, URL: "https://example.org/s", Audience: "public"})); err != nil {
		t.Fatal(err)
	}
	// Assistance (issue 11): a draft request and a draft programme.
	newRequest(t, f.svc.Assistance, hrv, "HRV", "Request "+word)
	programme(t, f.svc.Assistance, "HRV", "Programme "+word, model.ProgrammeInput{Status: model.Ptr("draft"), Areas: &[]string{"AS-EXPORT"}})
}

// TestSearchLeaksNothing: private records of another State with a unique
// word give every outsider no hit, no total and no facet count, whatever
// the filters; the owner finds them (the control), and the organisation a
// plan is shared with finds that plan and its action but nothing else.
func TestSearchLeaksNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		const word = "Quokkaphrase"
		plantHidden(t, f, word)
		// Public records with the same word elsewhere would make the test
		// prove less: the word is in nothing else.
		queries := []model.SearchQuery{{Q: word}, {Q: strings.ToLower(word[:6])}, {Q: word, Kind: model.SearchPractice}, {Q: word, Kind: model.SearchRequest},
			{Q: word, Kind: model.SearchProgramme}, {Q: word, State: "HRV"},
			{Q: word, Group: "SEE"}, {Q: word, Year: 2018}, {Q: word + " draft"}}
		outsiders := map[string]model.Viewer{
			"SRB coordinator": f.as("SRB", model.RoleCoordinator), "SRB viewer": f.as("SRB", model.RoleViewer), "ALB editor": f.as("ALB", model.RoleEditor),
			"the Committee": f.as("UNSC1540", model.RoleCoordinator), "UNODA": f.as("UNODA", model.RoleEditor), "IAEA": f.as("IAEA", model.RoleEditor),
			"RACVIAC": f.as("RACVIAC", model.RoleCoordinator), "DTRA": f.as("DTRA", model.RoleEditor), "anonymous": {},
		}
		admin := f.as("SRB", model.RoleViewer)
		admin.Account.Admin = true
		outsiders["an administrator of SRB"] = admin
		for who, v := range outsiders {
			for _, q := range queries {
				res, err := f.svc.Search.Find(ctx, v, q)
				if err != nil {
					t.Fatalf("%s %+v: %v", who, q, err)
				}
				if len(res.Hits) != 0 || res.Total != 0 || facetTotal(res.Facets) != 0 {
					t.Errorf("%s searching %+v: %d hits, total %d, facets %+v: the private records leak", who, q, len(res.Hits), res.Total, res.Facets)
				}
			}
		}
		// The plan shared with Montenegro: found by Montenegro and the
		// Committee level (shared is read as committee, plus those named),
		// by no other outsider.
		for who, v := range outsiders {
			res, err := f.svc.Search.Find(ctx, v, model.SearchQuery{Q: sharedWord})
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			if v.CommitteeLevel() {
				want = 2
			}
			if res.Total != want || len(res.Hits) != want {
				t.Errorf("%s finds %d of the plan shared with Montenegro (total %d), want %d", who, len(res.Hits), res.Total, want)
			}
		}
		// Controls: the owner finds all seven; Montenegro the shared plan
		// and its action.
		own, err := f.svc.Search.Find(ctx, f.as("HRV", model.RoleViewer), model.SearchQuery{Q: word})
		if err != nil {
			t.Fatal(err)
		}
		if own.Total != 7 || len(own.Hits) != 7 || facetTotal(own.Facets) == 0 {
			t.Errorf("the owner finds %d of 7 (total %d): the check would prove nothing; %+v", len(own.Hits), own.Total, titles(own.Hits))
		}
		mne, err := f.svc.Search.Find(ctx, f.as("MNE", model.RoleViewer), model.SearchQuery{Q: sharedWord})
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(mne.Hits); mne.Total != 2 || !strings.Contains(got, "Shared plan") || !strings.Contains(got, "Shared action") {
			t.Errorf("Montenegro finds %s (total %d), want the shared plan and its action", got, mne.Total)
		}
	})
}

const sharedWord = "Wombatshared"

func facetTotal(f model.SearchFacets) int {
	n := 0
	for _, l := range [][]model.FacetCount{f.Kinds, f.States, f.Groups, f.Years} {
		for _, c := range l {
			n += c.Count
		}
	}
	return n
}

func titles(hs []model.SearchHit) string {
	var out []string
	for _, h := range hs {
		out = append(out, fmt.Sprintf("%s:%s", h.Kind, h.Title))
	}
	return strings.Join(out, "; ")
}
