package service_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestJointActions: an action is declared joint with other States'
// actions the writer may read; bad input is refused naming joint_with and
// changes nothing; a partner the reader may not read is shown as one, with
// nothing of it; links the writer may no longer read are kept; the group
// dashboard lists an action only when the reader may read it.
func TestJointActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := napServices(t, db)
		p := people(t, svc)
		hrv := p["HRV editor"]
		// Croatia's draft (private), Serbia's published plan, Montenegro's draft.
		hPlan := mkPlan(t, svc.NAPs, hrv, "HRV", "Croatian draft")
		h := mkAction(t, svc.NAPs, hrv, hPlan.ID, "Croatian half of the border exercise", "2019-12-31")
		h2 := mkAction(t, svc.NAPs, hrv, hPlan.ID, "Another Croatian action", "2019-12-31")
		sPlan := mkPlan(t, svc.NAPs, sys, "SRB", "Serbian plan")
		if _, err := svc.NAPs.Adopt(ctx, sys, sPlan.ID, service.Given(model.NAPAdoption{Authority: "Government", Date: "2016-01-15"})); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.NAPs.Submit(ctx, sys, sPlan.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.NAPs.Publish(ctx, sys, sPlan.ID, nil); err != nil {
			t.Fatal(err)
		}
		s := mkAction(t, svc.NAPs, sys, sPlan.ID, "Serbian half of the border exercise", "2019-12-31")
		mPlan := mkPlan(t, svc.NAPs, sys, "MNE", "Montenegrin draft")
		m := mkAction(t, svc.NAPs, sys, mPlan.ID, "Secret Montenegrin action", "2019-12-31")

		set := func(v model.Viewer, a model.NAPAction, ids ...int64) (model.NAPAction, error) {
			cur, _, err := svc.NAPs.Action(ctx, sys, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			return svc.NAPs.UpdateAction(ctx, v, a.NAPID, a.ID, service.Given(model.NAPActionInput{JointWith: &ids, Version: cur.Version}))
		}
		partners := func(v model.Viewer, a model.NAPAction) []service.JointPartner {
			js, err := svc.NAPs.Joints(ctx, v, []int64{a.ID})
			if err != nil {
				t.Fatal(err)
			}
			return js[a.ID]
		}
		if _, err := set(hrv, h, s.ID, s.ID); err != nil {
			t.Fatalf("Croatia links its action to Serbia's: %v", err)
		}
		if got := partners(hrv, h); len(got) != 1 || !got[0].Visible || got[0].Action.ID != s.ID || got[0].State != "SRB" {
			t.Fatalf("partners of the Croatian action: %+v", got)
		}
		for _, tc := range []struct {
			name string
			ids  []int64
			want string
		}{
			{"an unknown action", []int64{s.ID, 987654}, "no action 987654 that you may read"},
			{"an action the writer may not read", []int64{m.ID}, "that you may read"},
			{"itself", []int64{h.ID}, "itself"},
			{"an action of its own State", []int64{h2.ID}, "another State's"},
		} {
			_, err := set(hrv, h, tc.ids...)
			probs, ok := model.AsProblems(err)
			if !ok || !strings.Contains(probs["joint_with"], tc.want) {
				t.Errorf("%s: %v, want joint_with %q", tc.name, err, tc.want)
			}
			if got := partners(hrv, h); len(got) != 1 || got[0].Action.ID != s.ID {
				t.Errorf("%s changed the partners: %+v", tc.name, got)
			}
		}
		// Unknown and unreadable are one answer: nothing says the hidden one exists.
		_, e1 := set(hrv, h, 987654)
		_, e2 := set(hrv, h, m.ID)
		if a, b := strings.ReplaceAll(e1.Error(), "987654", "N"), strings.ReplaceAll(e2.Error(), strconv.FormatInt(m.ID, 10), "N"); a != b {
			t.Errorf("an unreadable action answers %q, an unknown one %q", b, a)
		}
		// Who may not write the plan cannot link it.
		if _, err := set(p["SRB coordinator"], h, s.ID); err == nil {
			t.Error("Serbia's coordinator changed Croatia's action")
		}
		// Montenegro (napx here) links its hidden action to both; Serbia to Croatia's.
		if _, err := set(sys, m, h.ID, s.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := set(sys, s, h.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		// The public reads Serbia's action and sees two partners it may not read, with nothing of them.
		got := partners(model.Anonymous, s)
		if len(got) != 2 || got[0].Visible || got[1].Visible || got[0].Action.ID != 0 || got[0].State != "" || got[0].Action.Title != "" {
			t.Errorf("the public's partners of the Serbian action: %+v", got)
		}
		// Croatia sees its own and Serbia's, not Montenegro's; the declared-by list holds only what it may read.
		got = partners(hrv, s)
		if len(got) != 2 || !got[0].Visible || got[0].Action.ID != h.ID || got[1].Visible {
			t.Errorf("Croatia's partners of the Serbian action: %+v", got)
		}
		by, err := svc.NAPs.JointBy(ctx, hrv, h.ID)
		if err != nil || len(by) != 1 || by[0].Action.ID != s.ID {
			t.Errorf("Croatia's action is declared joint by %+v (%v), want Serbia's alone", by, err)
		}
		// A link Croatia may no longer read is kept when it changes its list.
		if _, err := set(sys, h, s.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := set(hrv, h); err != nil {
			t.Fatal(err)
		}
		if got := partners(sys, h); len(got) != 1 || got[0].Action.ID != m.ID {
			t.Errorf("after Croatia emptied its visible list: %+v, want Montenegro's kept", got)
		}
		if _, err := set(hrv, h, s.ID); err != nil {
			t.Fatal(err)
		}
		// The dashboard: the public sees Serbia's action alone (Croatia's and
		// Montenegro's drafts are listed for no one outside them).
		for _, tc := range []struct {
			who  string
			v    model.Viewer
			want []int64
		}{
			{"anonymous", model.Anonymous, []int64{s.ID}},
			{"expert", p["expert"], []int64{s.ID}},
			{"HRV editor", hrv, []int64{h.ID, s.ID}},
			{"napx", sys, []int64{h.ID, m.ID, s.ID}},
		} {
			d, err := svc.Regional.Dashboard(ctx, tc.v, "SEE")
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, j := range d.JointActions {
				ids = append(ids, j.Action.ID)
				for _, p := range j.Partners {
					if !p.Visible && (p.Action.ID != 0 || p.Action.Title != "" || p.State != "") {
						t.Errorf("%s: a hidden partner shows %+v", tc.who, p)
					}
				}
			}
			if !equalIDs(ids, tc.want) || d.JointActionsTotal != len(tc.want) {
				t.Errorf("%s: joint actions %v (total %d), want %v", tc.who, ids, d.JointActionsTotal, tc.want)
			}
		}
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
