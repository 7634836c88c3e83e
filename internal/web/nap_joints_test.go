package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// publicPlan is a published plan of state with one action.
func publicPlan(t *testing.T, app *webtest.App, state, marker string) (model.NAP, model.NAPAction) {
	t.Helper()
	n, a := hiddenPlan(t, app, state, marker, model.NAPSubmitted)
	if _, err := app.Services.NAPs.Publish(context.Background(), model.SystemViewer("test"), n.ID, nil); err != nil {
		t.Fatal(err)
	}
	return n, a
}

// TestJointActionHidden: Serbia's published action is declared joint with
// Croatia's private one. An outsider reads Serbia's action and the SEE
// dashboard with the partner as "not visible to you", never its title nor
// a link to it, and the counts do not move; Croatia's viewer sees it
// everywhere (CheckHidden's controls).
func TestJointActionHidden(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		ctx := context.Background()
		const marker = "JOINTMARKER"
		hn, ha := hiddenPlan(t, app, "HRV", marker, model.NAPAdopted) // private
		_, sa := publicPlan(t, app, "SRB", "SRBPUBLIC")
		sys := model.SystemViewer("test")
		if _, err := app.Services.NAPs.UpdateAction(ctx, sys, sa.NAPID, sa.ID, service.Given(model.NAPActionInput{JointWith: &[]int64{ha.ID}, Version: sa.Version})); err != nil {
			t.Fatal(err)
		}
		sPage := fmt.Sprintf("/naps/%d/actions/%d", sa.NAPID, sa.ID)
		hLink := fmt.Sprintf("/naps/%d/actions/%d", hn.ID, ha.ID)
		anon := app.Anonymous()
		webtest.Expect(t, anon.Get(sPage), http.StatusOK, "An action not visible to you")
		webtest.Expect(t, anon.Get("/groups/SEE"), http.StatusOK, "Action SRBPUBLIC", "An action not visible to you")
		webtest.Expect(t, anon.Get("/api/v1/groups/SEE/dashboard"), http.StatusOK, `"partners":[{"visible":false,"progress":0}]`)
		webtest.Expect(t, anon.Get("/api/v1"+sPage), http.StatusOK, `"joint_with":[]`, `"joint_partners":[{"visible":false,"progress":0}]`)
		for _, p := range []string{sPage, "/groups/SEE"} {
			if body := anon.Get(p).Body.String(); strings.Contains(body, hLink) {
				t.Errorf("%s links the hidden partner", p)
			}
		}
		app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: marker, ID: fmt.Sprint(hn.ID),
			Reads:  []string{hLink, "/api/v1" + hLink},
			Quiet:  []string{hLink + "/joint"},
			Lists:  []string{sPage, "/api/v1" + sPage, "/groups/SEE", "/api/v1/groups/SEE/dashboard", "/api/v1/naps/" + fmt.Sprint(sa.NAPID) + "/actions"},
			Counts: []string{"/api/v1/groups/SEE/dashboard"},
			Forms:  []webtest.Form{{Path: hLink + "/joint", Values: url.Values{"joint_with": {fmt.Sprint(sa.ID)}, "version": {"1"}}}}})
	})
}

// TestJointActionPages: Croatia's coordinator finds Serbia's action by its
// title, declares its own action joint with it, and sees it on the action
// page and the dashboard with Serbia's progress; bad input is 422 naming
// the field and changes nothing, on the page and in the API.
func TestJointActionPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		_, sa := publicPlan(t, app, "SRB", "BORDER")
		hn, ha := hiddenPlan(t, app, "HRV", "CROATIAN", model.NAPAdopted)
		_, ha2 := hiddenPlan(t, app, "HRV", "SECOND", model.NAPDraft)
		coord := app.Account("HRV", model.RoleCoordinator, webtest.Email("joint-coord@hrv.example.org"))
		page := fmt.Sprintf("/naps/%d/actions/%d", hn.ID, ha.ID)
		webtest.Expect(t, coord.Get(page+"/joint?q=border"), http.StatusOK, "Action BORDER", `name="joint_with" value="`+fmt.Sprint(sa.ID)+`"`)
		webtest.Expect(t, coord.Get(page+"/joint?q=CROATIAN"), http.StatusOK, "No action of another State that you may read has")
		for _, tc := range []struct {
			name, id, want string
		}{
			{"not a number", "x1", "is not an action number"},
			{"unknown", "987654", "there is no action 987654 that you may read"},
			{"its own State's", fmt.Sprint(ha2.ID), "a joint action is another State"},
			{"itself", fmt.Sprint(ha.ID), "cannot be joint with itself"},
		} {
			webtest.Expect(t, coord.Post(page+"/joint", url.Values{"joint_with": {tc.id}, "version": {"1"}}), http.StatusUnprocessableEntity, tc.want)
		}
		webtest.Expect(t, coord.Get(page), http.StatusOK, "Not declared joint with another State")
		webtest.Expect(t, coord.Post(page+"/joint", url.Values{"joint_with": {fmt.Sprint(sa.ID)}, "version": {"1"}}), http.StatusSeeOther)
		webtest.Expect(t, coord.Get(page), http.StatusOK, "Joint with:", "Action BORDER")
		webtest.Expect(t, coord.Post(page+"/joint", url.Values{"version": {"1"}}), http.StatusConflict, "Someone else changed this action")
		webtest.Expect(t, coord.Get("/groups/SEE"), http.StatusOK, "Action CROATIAN", "Action BORDER")
		// Serbia's action names Croatia's among the actions that declare it joint, for Croatia.
		webtest.Expect(t, coord.Get(fmt.Sprintf("/naps/%d/actions/%d", sa.NAPID, sa.ID)), http.StatusOK, "Declared joint with this action by:", "Action CROATIAN")
		// The API: the same rule, the field named.
		api := "/api/v1" + page
		var got struct {
			JointWith []int64 `json:"joint_with"`
			Version   int64   `json:"version"`
		}
		if code := coord.JSON("GET", api, nil, &got); code != http.StatusOK || len(got.JointWith) != 1 || got.JointWith[0] != sa.ID {
			t.Fatalf("GET %s: %d %+v", api, code, got)
		}
		var probs struct {
			Fields map[string]string `json:"fields"`
		}
		if code := coord.JSON("PATCH", api, map[string]any{"joint_with": []int64{ha2.ID}, "version": got.Version}, &probs); code != http.StatusUnprocessableEntity ||
			!strings.Contains(probs.Fields["joint_with"], "another State") {
			t.Errorf("PATCH with its own State's action: %d %+v", code, probs)
		}
		if code := coord.JSON("PATCH", api, map[string]any{"joint_with": []int64{}, "version": got.Version}, &got); code != http.StatusOK || len(got.JointWith) != 0 {
			t.Errorf("PATCH emptying the list: %d %+v", code, got)
		}
	})
}
