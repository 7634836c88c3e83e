package service_test

import (
	"context"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestOnly1540PlansCount (issue 9, item 8): a SALW action plan or another
// plan is the State's own document — adopted then published without the
// Committee's step, shown beside the NAP as a related plan, left out of
// the state of play and every NAP count; a CBRN action plan must be
// submitted to the Committee before it is published, and then counts as
// the State's plan.
func TestOnly1540PlansCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := napServices(t, db)
		s, ctx := svc.NAPs, context.Background()
		sys := model.SystemViewer("test")
		plan := func(state, typ, title string) service.NAPView {
			t.Helper()
			n, err := s.Create(ctx, viewer(t, state, model.RoleCoordinator), state, model.NAPInput{Title: &title, Type: &typ, PeriodStart: model.Ptr("2016"), PeriodEnd: model.Ptr("2019")})
			if err != nil {
				t.Fatal(err)
			}
			mkAction(t, s, viewer(t, state, model.RoleCoordinator), n.ID, "Action of "+title, "2017-12-31")
			return n
		}
		adopt := func(n service.NAPView) {
			t.Helper()
			if _, err := s.Adopt(ctx, sys, n.ID, service.Given(model.NAPAdoption{Authority: "Government", Date: "2016-02-01"})); err != nil {
				t.Fatal(err)
			}
		}
		withPlan := func() (int, map[string]string) {
			t.Helper()
			sp, err := s.StateOfPlay(ctx, sys, "SEE", "", false)
			if err != nil {
				t.Fatal(err)
			}
			titles, inForce := map[string]string{}, 0
			for _, r := range sp.Rows {
				switch {
				case r.Plan != nil:
					titles[r.State] = r.Plan.Title
					inForce++
				case r.Draft != nil: // a draft in preparation, apart (issue 18, item 5)
					titles[r.State] = r.Draft.Title
				}
			}
			if sp.WithPlan != inForce {
				t.Errorf("WithPlan %d, rows with a plan in force %d", sp.WithPlan, inForce)
			}
			return len(titles), titles
		}

		// Control: a 1540 NAP counts at once (a draft, for its own State).
		nap := plan("HRV", model.NAPType1540, "Croatian 1540 NAP")
		// A SALW plan and another plan of Serbia: never counted.
		salw := plan("SRB", model.NAPTypeSALW, "Serbian SALW plan")
		other := plan("SRB", model.NAPTypeOther, "Serbian other plan")
		// A CBRN plan of Albania: counts once submitted.
		cbrn := plan("ALB", model.NAPTypeCBRN, "Albanian CBRN plan")
		if n, titles := withPlan(); n != 1 || titles["HRV"] != "Croatian 1540 NAP" {
			t.Errorf("before any step: %d States with a plan %v, want only Croatia's NAP", n, titles)
		}

		// The related plans' workflow: adopted, then published; never submitted.
		adopt(salw)
		if _, _, err := s.Submit(ctx, sys, salw.ID, nil); !isProblem(err, "status") {
			t.Errorf("a SALW plan submitted to the Committee: %v, want a problem with status", err)
		}
		if p, err := s.Publish(ctx, sys, salw.ID, nil); err != nil || p.Status != model.NAPPublished || p.Visibility != model.VisPublic {
			t.Fatalf("publish an adopted SALW plan: %+v %v", p, err)
		}
		if _, err := s.Publish(ctx, sys, other.ID, nil); !isProblem(err, "status") {
			t.Errorf("a draft published: %v", err)
		}
		// The CBRN plan: not published before it was submitted; counts once it is.
		adopt(cbrn)
		if _, err := s.Publish(ctx, sys, cbrn.ID, nil); !isProblem(err, "status") {
			t.Errorf("a CBRN plan published without the Committee's step: %v", err)
		}
		if n, titles := withPlan(); n != 1 || titles["ALB"] != "" || titles["SRB"] != "" {
			t.Errorf("after adoption: %d %v, want the SALW plan and the adopted CBRN plan left out", n, titles)
		}
		if _, _, err := s.Submit(ctx, sys, cbrn.ID, nil); err != nil {
			t.Fatal(err)
		}
		if n, titles := withPlan(); n != 2 || titles["ALB"] != "Albanian CBRN plan" || titles["SRB"] != "" {
			t.Errorf("after the CBRN plan's submission: %d %v, want Croatia and Albania", n, titles)
		}
		// Roll-ups count 1540 plans only.
		plans, total, err := s.Rollups(ctx, sys, model.NAPFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(plans) != 2 || total.Actions != 2 {
			t.Errorf("roll-ups over %d plans and %d actions, want 2 and 2 (the related plans left out)", len(plans), total.Actions)
		}
		// Beside the NAP: its State's related plans, and the other way round.
		mkRelated := plan("HRV", model.NAPTypeOther, "Croatian strategy")
		hrv := viewer(t, "HRV", model.RoleViewer)
		got, err := s.Get(ctx, hrv, nap.ID)
		if err != nil {
			t.Fatal(err)
		}
		rel, err := s.Related(ctx, hrv, got)
		if err != nil || len(rel) != 1 || rel[0].ID != mkRelated.ID {
			t.Errorf("related plans beside the NAP: %+v %v", rel, err)
		}
		got, _ = s.Get(ctx, hrv, mkRelated.ID)
		if rel, err = s.Related(ctx, hrv, got); err != nil || len(rel) != 1 || rel[0].ID != nap.ID {
			t.Errorf("plans beside the related plan: %+v %v", rel, err)
		}
	})
}
