package service_test

import (
	"context"
	"fmt"
	"testing"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestSearchAssistance: assistance requests and programmes are found by
// what everyone who reads them reads. A circulated request is found by the
// public through its title, its needs' areas and its summary, never
// through its template's details (a word of its description finds nothing,
// for the public as for the Committee: the index holds no detail); an open
// programme by its directory entry, a draft programme only by its owner.
func TestSearchAssistance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClock(nyc("2026-10-20 10:00"))
		s := assistanceServices(t, db, c)
		r := circulated(t, s, c, "Wombatphrase licensing")
		if r.Visibility != model.VisPublic {
			t.Fatalf("the request is %s, not public: the test proves nothing", r.Visibility)
		}
		open := programme(t, s.Assistance, "WCO", "Numbatphrase customs course", model.ProgrammeInput{Areas: &[]string{"AS-EXPORT"},
			Description: model.Ptr("Brokering enforcement for customs officers.")})
		programme(t, s.Assistance, "IAEA", "Numbatphrase draft course", model.ProgrammeInput{Status: model.Ptr("draft"), Areas: &[]string{"AS-NUC"}})
		anon, committee, iaea := model.Viewer{}, viewer(t, "UNSC1540", model.RoleEditor), viewer(t, "IAEA", model.RoleEditor)
		find := func(v model.Viewer, q string, kind model.SearchKind) []string {
			t.Helper()
			res, err := s.Search.Find(ctx, v, model.SearchQuery{Q: q, Kind: kind})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != len(res.Hits) {
				t.Fatalf("%q: total %d, %d hits", q, res.Total, len(res.Hits))
			}
			var out []string
			for _, h := range res.Hits {
				out = append(out, string(h.Kind)+" "+h.URL)
			}
			return out
		}
		req := fmt.Sprintf("%s /assistance/requests/%d", model.SearchRequest, r.ID)
		prog := fmt.Sprintf("%s /assistance/programmes/%d", model.SearchProgramme, open.ID)
		for _, tc := range []struct {
			who  string
			v    model.Viewer
			q    string
			kind model.SearchKind
			want int
		}{
			{"the public, the title", anon, "wombatphrase", "", 1},
			{"the public, the summary", anon, "public summary wombatphrase", model.SearchRequest, 1},
			{"the public, a need's area", anon, "wombatphrase export", "", 1},
			{"the public, the description", anon, "secret situation", "", 0},
			{"the Committee, the description", committee, "secret situation", "", 0},
			{"the public, the contact", anon, "ana contact", "", 0},
			{"the public, the programmes", anon, "numbatphrase", "", 1},
			{"the public, a programme's description", anon, "brokering enforcement", model.SearchProgramme, 1},
			{"the owner of a draft programme", iaea, "numbatphrase", model.SearchProgramme, 2},
		} {
			got := find(tc.v, tc.q, tc.kind)
			if len(got) != tc.want {
				t.Errorf("%s: %q finds %q, want %d", tc.who, tc.q, got, tc.want)
			}
			for _, g := range got {
				if g != req && g != prog && tc.who != "the owner of a draft programme" {
					t.Errorf("%s: %q finds %q", tc.who, tc.q, g)
				}
			}
		}
	})
}
