package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestGroupDashboardHidden: another State's private plan shows on no
// outsider's dashboard (page or API) and moves none of its counts; the
// owner's viewer finds it there (CheckHidden's controls).
func TestGroupDashboardHidden(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		const marker = "DASHMARKER"
		n, _ := hiddenPlan(t, app, "HRV", marker, model.NAPAdopted) // private
		if n.Visibility != model.VisPrivate {
			t.Fatalf("plan visibility %s", n.Visibility)
		}
		app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: marker,
			Lists:  []string{"/groups/SEE", "/groups/UN", "/api/v1/groups/SEE/dashboard", "/api/v1/groups/un/dashboard"},
			Counts: []string{"/api/v1/groups/SEE/dashboard", "/api/v1/groups/UN/dashboard"}})
	})
}

// TestGroupDashboardCommonGaps: draft matrices (read by the State and the
// Committee) make common gaps for the Committee's expert, on the page and
// in the API, with the members concerned; the public and another
// organisation get byte for byte what they got before the drafts; an
// unknown group is a 404 that says so; a code in any case works.
func TestGroupDashboardCommonGaps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		ctx := context.Background()
		expert := app.Account("UNSC1540", model.RoleEditor, webtest.Email("dash-expert@unsc1540.example.org"))
		outsiders := []*webtest.Client{app.Anonymous(), app.Account("IAEA", model.RoleEditor, webtest.Email("dash-outsider@iaea.example.org"))}
		paths := []string{"/groups/SEE", "/api/v1/groups/SEE/dashboard"}
		before := map[string]string{}
		for _, c := range outsiders {
			for _, p := range paths {
				rec := c.Get(p)
				webtest.Expect(t, rec, http.StatusOK)
				before[c.Name()+p] = rec.Body.String()
			}
		}
		webtest.Expect(t, expert.Get("/groups/SEE"), http.StatusOK, "Common gaps need the matrices of at least two members; 0 are visible to you.")
		fields := app.Services.Matrix.Taxonomy().Fields
		sys := model.SystemViewer("test")
		for state, n := range map[string]int{"HRV": 1, "SRB": 1, "ALB": 2} {
			for _, f := range fields[:n] {
				if _, err := app.Services.Matrix.SetCell(ctx, sys, state, service.Given(model.MatrixCellInput{FieldID: f.ID, Status: "X"})); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, c := range outsiders {
			for _, p := range paths {
				if got := c.Get(p).Body.String(); got != before[c.Name()+p] {
					t.Errorf("%s: %s changed after draft matrices it may not read were added", c.Name(), p)
				}
			}
		}
		webtest.Expect(t, expert.Get("/groups/see"), http.StatusMovedPermanently)
		webtest.Expect(t, expert.Get("/groups/SEE"), http.StatusOK, "3 have a matrix visible to you",
			`<th scope="row">`+fields[2].ID+`</th>`, "3 of 3", `<a href="/states/ALB/matrix/gaps">ALB</a>`,
			"the first 25 of "+strconv.Itoa(len(fields)-1))
		rec := expert.Get("/api/v1/groups/see/dashboard")
		webtest.Expect(t, rec, http.StatusOK, `"matrices_visible":3`, `"common_gaps_total":`+strconv.Itoa(len(fields)-1),
			`"field":"`+fields[2].ID+`"`, `"missing":3`)
		if body := rec.Body.String(); strings.Contains(body, `"field":"`+fields[0].ID+`"`) {
			t.Errorf("a field every matrix holds is listed as a common gap")
		}
		webtest.Expect(t, expert.Get("/api/v1/groups/XYZ/dashboard"), http.StatusNotFound, "napx knows no group “XYZ”")
		webtest.Expect(t, expert.Get("/groups/XYZ"), http.StatusNotFound)
	})
}

// TestStateProfileHidden: another State's private plan is absent from an
// outsider's profile of that State and moves none of its counts (the
// sections' "visible"); the owner's viewer finds it there.
func TestStateProfileHidden(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		const marker = "PROFILEMARKER"
		hiddenPlan(t, app, "HRV", marker, model.NAPAdopted) // private
		app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: marker,
			Lists:     []string{"/states/HRV", "/api/v1/states/HRV/profile", "/api/v1/states/hrv/profile"},
			Elsewhere: []string{"/api/v1/states/SRB/profile"},
			Counts:    []string{"/api/v1/states/HRV/profile"}})
		webtest.Expect(t, app.Get("/api/v1/states/HRV/profile"), http.StatusOK, `"plans":{"visible":0,"items":[]}`, `"plan_in_force":null`, `"coverage":null`)
		webtest.Expect(t, app.Get("/api/v1/states/XYZ/profile"), http.StatusNotFound)
	})
}

// TestStateProfileCoverageMedian: the profile sets each section's share
// beside the median of the State's region over the matrices the reader
// may see; the public reads no draft and gets no comparison.
func TestStateProfileCoverageMedian(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		ctx := context.Background()
		sys := model.SystemViewer("test")
		fields := app.Services.Matrix.Taxonomy().Fields
		// OP 1's fields: Croatia records two, Serbia and Albania none.
		var op1 []string
		for _, f := range fields {
			if f.Area == "OP1" {
				op1 = append(op1, f.ID)
			}
		}
		for state, n := range map[string]int{"HRV": 2, "SRB": 0, "ALB": 0} {
			ids := op1[:n]
			if n == 0 {
				ids = []string{fields[len(fields)-1].ID} // a matrix with one cell outside OP 1
			}
			for _, id := range ids {
				if _, err := app.Services.Matrix.SetCell(ctx, sys, state, service.Given(model.MatrixCellInput{FieldID: id, Status: "X"})); err != nil {
					t.Fatal(err)
				}
			}
		}
		expert := app.Account("UNSC1540", model.RoleEditor, webtest.Email("profile-expert@unsc1540.example.org"))
		p, err := app.Services.Regional.Profile(ctx, app.Services.Accounts.ViewerOf(expert.Account), "hrv")
		if err != nil {
			t.Fatal(err)
		}
		if p.Compared == nil || p.Compared.Group.Code != "SEE" || p.Compared.Matrices != 3 {
			t.Fatalf("comparison %+v", p.Compared)
		}
		sec := p.Compared.Sections[0]
		if want := 200 / float64(len(op1)); sec.Key != "OP1" || sec.State < want-0.01 || sec.State > want+0.01 || sec.Median != 0 {
			t.Errorf("OP 1: %+v (want the State at %.1f%%, the median 0)", sec, want)
		}
		webtest.Expect(t, app.Get("/api/v1/states/HRV/profile"), http.StatusOK, `"coverage_by_section":[]`)
		webtest.Expect(t, expert.Get("/api/v1/states/HRV/profile"), http.StatusOK, `"compare_group":"SEE"`, `"group_median":0`)
		webtest.Expect(t, expert.Get("/states/HRV"), http.StatusOK, "Median of SEE", "3 members&#39; matrices visible to you")
		webtest.Expect(t, app.Get("/states/HRV"), http.StatusOK, "No edition of Croatia&#39;s matrix is visible to you.", "None visible to you.")
	})
}

// TestGroupDashboardEventsAndNeeds: on the demo, the seed's workshop is
// among the SEE dashboard's coming events before it starts and among the
// past ones after it ended, on the page and in the API; the open needs by
// area are those of the assistance feature's table for the group.
func TestGroupDashboardEventsAndNeeds(t *testing.T) {
	for _, tc := range []struct {
		now, section, field string
	}{
		{"2017-09-01T10:00:00Z", `<h3 id="events-coming">`, `"events_coming":[{"id":`},
		{"2026-11-27T10:00:00Z", `<h3 id="events-past">`, `"events_past":[{"id":`},
	} {
		eachDemo(t, tc.now, func(t *testing.T, app *webtest.App, id int64) {
			anon := app.Anonymous()
			rec := anon.Get("/groups/SEE")
			webtest.Expect(t, rec, http.StatusOK, tc.section)
			body := rec.Body.String()
			sec := body[strings.Index(body, tc.section):]
			if end := strings.Index(sec[4:], "<h"); end >= 0 {
				sec = sec[:end+4]
			}
			if !strings.Contains(sec, fmt.Sprintf(`href="/events/%d"`, id)) {
				t.Errorf("at %s the seed's workshop is not under %s: %.600s", tc.now, tc.section, sec)
			}
			webtest.Expect(t, anon.Get("/api/v1/groups/SEE/dashboard"), http.StatusOK, tc.field, `"open_needs_by_area":`)
			d, err := app.Services.Regional.Dashboard(context.Background(), model.SystemViewer("test"), "SEE")
			if err != nil {
				t.Fatal(err)
			}
			want, err := app.Services.Assistance.OpenNeeds(context.Background(), model.SystemViewer("test"), "SEE")
			if err != nil {
				t.Fatal(err)
			}
			if d.OpenNeeds.Total.N != want.Total.N {
				t.Errorf("open needs %d, the assistance table's %d", d.OpenNeeds.Total.N, want.Total.N)
			}
		})
	}
}

// TestStateProfileSections: on the demo, the profile lists the follow-up
// actions a State owns and the practices it shared, each section saying
// how many are visible; the plan in force's progress chart shows when its
// actions have a history.
func TestStateProfileSections(t *testing.T) {
	eachDemo(t, "2026-11-27T10:00:00Z", func(t *testing.T, app *webtest.App, id int64) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		fs, err := app.Services.Events.FollowUps(ctx, sys, id)
		if err != nil || len(fs) == 0 {
			t.Fatalf("the workshop's follow-ups: %v %v", fs, err)
		}
		var owner string
		for _, f := range fs {
			if app.Services.Directory.Catalog().State(f.Owner) != nil {
				owner = f.Owner
				break
			}
		}
		if owner == "" {
			t.Fatal("no follow-up of the workshop is owned by a State")
		}
		prof, err := app.Services.Regional.Profile(ctx, model.Anonymous, owner)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range prof.FollowUps {
			if f.Owner != owner {
				t.Errorf("%s's profile lists a follow-up of %s", owner, f.Owner)
			}
			if f.EventID == id {
				n++
			}
		}
		if n == 0 {
			t.Fatalf("%s's profile lists none of the workshop's follow-ups it owns", owner)
		}
		rec := app.Get("/states/" + owner)
		webtest.Expect(t, rec, http.StatusOK, `<h2 id="follow-ups">`, `<h2 id="practices">`)
		body := rec.Body.String()
		sec := body[strings.Index(body, `<h2 id="follow-ups">`):]
		sec = sec[:strings.Index(sec, `<h2 id="practices">`)]
		if !strings.Contains(sec, visibleText(len(prof.FollowUps))) {
			t.Errorf("the follow-ups section does not say %q: %.400s", visibleText(len(prof.FollowUps)), sec)
		}
		webtest.Expect(t, app.Get("/api/v1/states/"+owner+"/profile"), http.StatusOK, fmt.Sprintf(`"follow_ups":{"visible":%d,`, len(prof.FollowUps)))
		// A plan in force with a history shows its progress chart; a State
		// without a plan visible to the public shows none.
		with, without := 0, 0
		for _, code := range app.Services.Directory.Catalog().Members("SEE") {
			p, err := app.Services.Regional.Profile(ctx, model.Anonymous, code)
			if err != nil {
				t.Fatal(err)
			}
			rec := app.Get("/states/" + code)
			if p.InForce.Plan != nil {
				with++
				webtest.Expect(t, rec, http.StatusOK, `id="plan-progress"`, `id="progress-chart-title"`)
			} else if without++; strings.Contains(rec.Body.String(), `id="plan-progress"`) {
				t.Errorf("%s: a progress chart without a plan in force", code)
			}
		}
		if with == 0 {
			t.Error("no SEE State has a public plan in force in the demo: the chart is not tested")
		}
	})
}

func visibleText(n int) string {
	switch n {
	case 0:
		return "None visible to you."
	case 1:
		return "1 item visible to you."
	}
	return strconv.Itoa(n) + " items visible to you."
}
