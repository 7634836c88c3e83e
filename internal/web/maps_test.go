package web_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// mapLinks parses an SVG map with encoding/xml (failing on malformed XML)
// and counts its links by address.
func mapLinks(t *testing.T, svg []byte) map[string]int {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	links := map[string]int{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return links
		}
		if err != nil {
			t.Fatalf("the map is not well-formed XML: %v", err)
		}
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "a" {
			for _, a := range el.Attr {
				if a.Name.Local == "href" {
					links[a.Value]++
				}
			}
		}
	}
}

// TestMapRoutes: the world and group maps, as SVG documents and on the
// maps page; every State once with its link; a group code in any case;
// an unknown layer or group is a 404 that says which.
func TestMapRoutes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		cat := storetest.Catalog(t)
		for _, layer := range []string{"plans", "coverage", "events", "needs"} {
			rec := app.Get("/maps/" + layer + ".svg")
			webtest.Expect(t, rec, http.StatusOK)
			if ct := rec.Header().Get("Content-Type"); ct != "image/svg+xml; charset=utf-8" {
				t.Errorf("%s: Content-Type %q", layer, ct)
			}
			links := mapLinks(t, rec.Body.Bytes())
			for _, s := range cat.States {
				if links["/states/"+s.Code] != 1 {
					t.Errorf("%s world map: %s linked %d times", layer, s.Code, links["/states/"+s.Code])
				}
			}
			if len(links) != len(cat.States) {
				t.Errorf("%s world map: %d links for %d States", layer, len(links), len(cat.States))
			}
		}
		rec := app.Get("/maps/coverage.svg?group=see")
		webtest.Expect(t, rec, http.StatusOK, "South-East Europe")
		if links := mapLinks(t, rec.Body.Bytes()); len(links) != 6 || links["/states/MKD"] != 1 {
			t.Errorf("SEE map links %v", links)
		}
		webtest.Expect(t, app.Get("/maps"), http.StatusOK, `<svg`, "No published plan: 195", `<th scope="row"><a href="/states/AFG">Afghanistan</a></th>`)
		webtest.Expect(t, app.Get("/maps?layer=events&group=C-WMD"), http.StatusOK, "Events — C-WMD Network", "None visible to you: 9", `aria-current="page">Events</a>`)
		webtest.Expect(t, app.Get("/groups/SEE"), http.StatusOK, "On the map", `<svg`, `/maps/plans.svg?group=SEE`)
		webtest.Expect(t, app.Get("/groups/SEE?layer=coverage"), http.StatusOK, "No matrix visible to you: 6")
		for path, want := range map[string]string{
			"/maps/needs-of-tomorrow.svg": "no map layer “needs-of-tomorrow”",
			"/maps?layer=nonsense":        "no map layer “nonsense”",
			"/maps/plans.svg?group=XYZ":   "no group of States with the code “XYZ”",
			"/maps?group=XYZ":             "no group of States with the code “XYZ”",
			"/maps/plans.png":             "/maps/LAYER.svg",
			"/groups/SEE?layer=nonsense":  "Page not found",
		} {
			webtest.Expect(t, app.Get(path), http.StatusNotFound, want)
		}
	})
}

// TestMapHidden: a private plan and a private event of Croatia's, and a
// draft of its matrix (Committee level), colour no State and move no
// count for anyone outside their readers: another State's coordinator,
// IAEA, an anonymous visitor and (for the private records) the Committee
// get byte-for-byte the map they got before. The owner's map changes (the
// control), and CheckHidden finds the plan's title nowhere else.
func TestMapHidden(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		ctx := context.Background()
		owner := app.Account("HRV", model.RoleViewer, webtest.Email("map-owner@hrv.example.org"))
		outsiders := []*webtest.Client{
			app.Account("SRB", model.RoleCoordinator, webtest.Email("map-outsider@srb.example.org")),
			app.Account("IAEA", model.RoleEditor, webtest.Email("map-outsider@iaea.example.org")),
			app.Account("UNSC1540", model.RoleCoordinator, webtest.Email("map-outsider@unsc1540.example.org")),
			app.Anonymous(),
		}
		paths := []string{"/maps/plans.svg?group=SEE", "/maps/plans.svg", "/maps/events.svg?group=SEE", "/maps/events.svg", "/maps/coverage.svg?group=SEE"}
		snapshot := func(c *webtest.Client) map[string]string {
			out := map[string]string{}
			for _, p := range paths {
				rec := c.Get(p)
				webtest.Expect(t, rec, http.StatusOK)
				out[p] = rec.Body.String()
			}
			return out
		}
		before := map[string]map[string]string{}
		for _, c := range append(outsiders, owner) {
			before[c.Name()] = snapshot(c)
		}
		const marker = "MAPMARKER"
		n, _ := hiddenPlan(t, app, "HRV", marker, model.NAPAdopted) // private
		if n.Visibility != model.VisPrivate {
			t.Fatalf("plan visibility %s", n.Visibility)
		}
		makeHiddenEvent(t, app, model.VisPrivate)
		if _, err := app.Services.Matrix.SetCell(ctx, model.SystemViewer("test"), "HRV", service.Given(model.MatrixCellInput{FieldID: "OP1-01", Status: "X"})); err != nil {
			t.Fatal(err)
		}
		for _, c := range outsiders {
			after := snapshot(c)
			for _, p := range paths {
				if c.Account.Org == "UNSC1540" && strings.HasPrefix(p, "/maps/coverage") {
					continue // the Committee reads the draft matrix: its map may change
				}
				if after[p] != before[c.Name()][p] {
					t.Errorf("%s: %s changed after another State's hidden records were added", c.Name(), p)
				}
			}
		}
		// The control: the owner's maps change, and show the plan.
		after := snapshot(owner)
		for _, p := range paths {
			if after[p] == before[owner.Name()][p] {
				t.Errorf("the owner's %s did not change: the comparison proves nothing", p)
			}
		}
		if !strings.Contains(after["/maps/plans.svg?group=SEE"], "Croatia: adopted plan “Plan "+marker) {
			t.Errorf("the owner's map does not show the plan")
		}
		webtest.Expect(t, owner.Get("/maps?group=SEE"), http.StatusOK, "Adopted: 1", "Plan "+marker)
		app.CheckHidden(t, webtest.Hidden{Owner: "HRV", Level: model.VisPrivate, Marker: marker,
			Reads: []string{fmt.Sprintf("/naps/%d", n.ID)},
			Lists: []string{"/maps", "/maps?group=SEE", "/maps/plans.svg", "/maps/plans.svg?group=SEE",
				"/maps/plans.svg?group=UN", "/groups/SEE", "/groups/UN", "/groups/C-WMD?layer=plans"}})
	})
}

// TestRegionalCharts: the plan page charts the plan's progress from its
// actions' histories, the matrix page the coverage of each edition, the
// group page the delegates at events by year; each with its table.
func TestRegionalCharts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := webtest.New(t, db)
		ctx := context.Background()
		sys := model.SystemViewer("test")
		n, a := hiddenPlan(t, app, "HRV", "CHARTS", model.NAPSubmitted)
		if _, err := app.Services.NAPs.UpdateAction(ctx, sys, n.ID, a.ID, service.Given(model.NAPActionInput{Status: model.Ptr("completed"), Progress: model.Ptr("100"), Version: a.Version})); err != nil {
			t.Fatal(err)
		}
		owner := app.Account("HRV", model.RoleViewer, webtest.Email("charts@hrv.example.org"))
		webtest.Expect(t, owner.Get(fmt.Sprintf("/naps/%d", n.ID)), http.StatusOK, "Progress over time", `id="progress-chart-title"`,
			"Progress of the plan by month (the chart's data)", "<td class=\"num\">100%</td>")
		// Another State cannot read the plan, so there is no chart for it.
		webtest.Expect(t, app.Account("SRB", model.RoleViewer, webtest.Email("charts@srb.example.org")).Get(fmt.Sprintf("/naps/%d", n.ID)), http.StatusNotFound)

		if _, err := app.Services.Matrix.SetCell(ctx, sys, "HRV", service.Given(model.MatrixCellInput{FieldID: "OP1-01", Status: "X"})); err != nil {
			t.Fatal(err)
		}
		webtest.Expect(t, owner.Get("/states/HRV/matrix"), http.StatusOK, "Coverage across editions", `id="coverage-chart-title"`, "Coverage by edition (the chart's data)")
		// The draft is the Committee's and the State's: the public sees no edition, hence no chart.
		if strings.Contains(app.Get("/states/HRV/matrix").Body.String(), "Coverage across editions") {
			t.Error("the public sees a chart of a draft edition")
		}

		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("events@hrv.example.org"))
		ev, err := app.Services.Events.Create(ctx, hrv.Viewer, model.EventInput{Kind: "workshop", Title: "Public workshop", Start: "2030-09-12", End: "2030-09-13",
			TimeZone: "Europe/Zagreb", Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		seats := 3
		if _, err := app.Services.Events.SetQuotas(ctx, hrv.Viewer, ev.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &seats}})); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"Ana Delegate", "Ivo Delegate"} {
			p, err := app.Services.Events.Nominate(ctx, hrv.Viewer, ev.ID, service.Given(model.NominationInput{Org: "HRV", Name: name}))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := app.Services.Events.ChangeParticipant(ctx, hrv.Viewer, ev.ID, p.ID, service.Given(model.ParticipantPatch{Status: "confirmed", Version: p.Version})); err != nil {
				t.Fatal(err)
			}
		}
		webtest.Expect(t, app.Get("/groups/SEE"), http.StatusOK, "Participation in events", `id="participation-chart-title"`,
			`<th scope="row">Croatia</th><td class="num">2</td><td class="num">2</td>`)
		webtest.Expect(t, app.Get("/maps?layer=events&group=SEE"), http.StatusOK, "Croatia: invited to 1 event, 2 delegates confirmed or attended", "1 event: 1")
	})
}
