package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/webtest"
)

// demoPlan is a plan of state in the demo that its coordinator may edit
// (a draft, else any).
func demoPlan(t *testing.T, app *webtest.App, state string) model.NAP {
	t.Helper()
	ns, err := app.Services.NAPs.List(context.Background(), model.SystemViewer("test"), model.NAPFilter{States: []string{state}, ExcludeWithdrawn: true})
	if err != nil || len(ns) == 0 {
		t.Fatalf("no plan of %s in the demo: %v", state, err)
	}
	for _, n := range ns {
		if n.Status == model.NAPDraft {
			return n.NAP
		}
	}
	return ns[0].NAP
}

// auditHead is the number of the newest audit entry (0 for none).
func auditHead(t *testing.T, app *webtest.App) int64 {
	t.Helper()
	es, err := app.DB.AuditEntries(context.Background(), model.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 {
		return 0
	}
	return es[0].Seq
}

// TestPickers (issue 18, item 3), on the demo and both engines: each picker
// offers what the reader may read and refuses what they may not, typed in;
// the matrix-field picker's filter lists the area's and weapon's fields only
// (control: no filter lists them all) and keeps the fields already ticked.
func TestPickers(t *testing.T) {
	webtest.EachDemo(t, time.Now(), func(t *testing.T, app *webtest.App) {
		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("pickers@hrv.example.org"))
		plan := demoPlan(t, app, "HRV")
		form := fmt.Sprintf("/naps/%d/actions", plan.ID)

		t.Run("matrix fields", func(t *testing.T) {
			// No filter: every field of the taxonomy is offered.
			all := hrv.Get(form + "/new")
			webtest.Expect(t, all, 200, `name="element" value="OP1-01"`, `name="element" value="OP3d-NW-09.LF"`, `name="element" value="OP2-BW-01.LF"`, `name="show_fields"`)
			if n := strings.Count(all.Body.String(), `name="element" value=`); n != 323 {
				t.Errorf("no filter: %d fields offered, want the taxonomy's 323", n)
			}
			// OP 3 (d), nuclear: only those (OP 1 is not split by weapon, so
			// it is not in OP 3 (d) either); a ticked field outside the filter
			// stays, ticked; nothing is saved.
			before := auditHead(t, app)
			rec := hrv.Post(form, url.Values{"title": {"Picker action"}, "due": {"2031-12-31"}, "element": {"OP2-BW-01.LF"},
				"element_area": {"OP3d"}, "element_weapon": {"NW"}, "show_fields": {"element"}})
			webtest.Expect(t, rec, 200, `value="OP3d-NW-09.LF"`, `name="element" value="OP2-BW-01.LF" checked`, `value="Picker action"`,
				`<option value="OP3d" selected>`, "!"+`value="OP3d-CW-09.LF"`, "!"+`value="OP1-01"`, "!"+`value="OP3c-NW-01.LF"`)
			tax, err := refdata.LoadTaxonomy()
			if err != nil {
				t.Fatal(err)
			}
			want := 1 // the one ticked
			for _, f := range tax.Fields {
				if f.Area == "OP3d" && f.Weapon == "NW" {
					want++
				}
			}
			if n := strings.Count(rec.Body.String(), `name="element" value=`); n != want || want < 10 {
				t.Errorf("OP 3 (d) nuclear: %d fields listed, want %d", n, want)
			}
			if after := auditHead(t, app); after != before {
				t.Errorf("showing the fields wrote %d audit entries", after-before)
			}
			// Saving: the ticked fields and the IDs typed in the import box.
			rec = hrv.Post(form, url.Values{"title": {"Picker action"}, "due": {"2031-12-31"}, "status": {"planned"}, "progress": {"0"},
				"element": {"OP2-BW-01.LF", "OP3d-NW-09.LF"}, "elements": {"OP1-01"}})
			if rec.Code != 303 {
				t.Fatalf("save: %d %.600s", rec.Code, rec.Body.String())
			}
			loc := rec.Header().Get("Location")
			webtest.Expect(t, hrv.Get(loc), 200, "OP2-BW-01.LF", "OP3d-NW-09.LF", "OP1-01")
			// A field that is none of the taxonomy's, typed in: refused, named.
			webtest.Expect(t, hrv.Post(form, url.Values{"title": {"Picker action 2"}, "due": {"2031-12-31"}, "elements": {"OP9-ZZ-01"}}), 422,
				`href="#elements"`, "OP9-ZZ-01")
		})
	})
}
