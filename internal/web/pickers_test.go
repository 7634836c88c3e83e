package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
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

		t.Run("assistance request", func(t *testing.T) {
			ctx, sys := context.Background(), model.SystemViewer("test")
			// Serbia's draft plan, private: its action is no one's to pick but Serbia's.
			srbPlan, err := app.Services.NAPs.Create(ctx, sys, "SRB", model.NAPInput{Title: model.Ptr("Pickers Serbian plan"), PeriodStart: model.Ptr("2026"), PeriodEnd: model.Ptr("2029")})
			if err != nil {
				t.Fatal(err)
			}
			hidden, err := app.Services.NAPs.CreateAction(ctx, sys, srbPlan.ID, service.Given(model.NAPActionInput{Title: model.Ptr("Hidden Serbian action"), Due: model.Ptr("2027-06-30")}))
			if err != nil {
				t.Fatal(err)
			}
			acts, err := app.Services.NAPs.Actions(ctx, hrv.Viewer, plan.ID)
			if err != nil || len(acts) == 0 {
				t.Fatalf("Croatia's demo plan has no actions: %v", err)
			}
			mine := acts[0]
			webtest.Expect(t, hrv.Get("/assistance/requests/new"), 200, `<select id="group" name="group"`, `<option value="SEE">`, `list="state-choices"`,
				`name="needs[0].element" value="OP1-01"`, fmt.Sprintf(`name="needs[0].action" value="%d"`, mine.ID), "!Hidden Serbian action")
			// Serbia named as co-requester (by name, from the list): its hidden
			// action is still not offered; Croatia's are.
			base := url.Values{"title": {"Pickers request"}, "needs[0].area": {"AS-EXPORT"}, "needs[0].modalities": {"training"},
				"co_requester": {"Serbia (SRB)"}}
			show := url.Values{"show_fields": {"needs[0].element"}, "needs[0].element_area": {"OP3c"}}
			for k, v := range base {
				show[k] = v
			}
			webtest.Expect(t, hrv.Post("/assistance/requests", show), 200, `value="Serbia (SRB)"`, fmt.Sprintf(`value="%d"`, mine.ID),
				"!Hidden Serbian action", "!"+fmt.Sprintf(`value="%d"`, hidden.ID), `value="OP3c-NW-01.LF"`, "!"+`value="OP3d-NW-09.LF"`)
			// The hidden action typed in is refused as a number that never was.
			typed := url.Values{"needs[0].action": {strconv.FormatInt(hidden.ID, 10)}}
			never := url.Values{"needs[0].actions": {"987654321"}}
			for _, extra := range []url.Values{typed, never} {
				for k, v := range base {
					extra[k] = v
				}
				webtest.Expect(t, hrv.Post("/assistance/requests", extra), 422, `href="#needs%5b0%5d.actions"`, `id="needs[0].actions"`, "!Hidden Serbian action")
			}
			// Control: Croatia's own action and a field, ticked, are saved.
			ok := url.Values{"needs[0].action": {strconv.FormatInt(mine.ID, 10)}, "needs[0].element": {"OP3c-NW-01.LF"}, "group": {"SEE"}}
			for k, v := range base {
				ok[k] = v
			}
			rec := hrv.Post("/assistance/requests", ok)
			if rec.Code != 303 {
				t.Fatalf("save the request: %d %.800s", rec.Code, rec.Body.String())
			}
			webtest.Expect(t, hrv.Get(rec.Header().Get("Location")), 200, "OP3c-NW-01.LF", mine.Title)
		})

		t.Run("assistance programme", func(t *testing.T) {
			org := app.Account("RACVIAC", model.RoleCoordinator, webtest.Email("pickers@racviac.example.org"))
			webtest.Expect(t, org.Get("/assistance/programmes/new"), 200, `name="group" value="SEE"`, `name="language" value="fr"`, `list="language-choices"`)
			vals := url.Values{"title": {"Pickers programme"}, "areas": {"AS-EXPORT"}, "modalities": {"training"}, "status": {"open"},
				"contact_name": {"Desk"}, "contact_email": {"desk@racviac.example.org"}, "group": {"SEE"}, "language": {"fr"}, "language_other": {"Croatian (hr)"}}
			rec := org.Post("/assistance/programmes", vals)
			if rec.Code != 303 {
				t.Fatalf("save the programme: %d %.800s", rec.Code, rec.Body.String())
			}
			loc, _, _ := strings.Cut(rec.Header().Get("Location"), "?")
			webtest.Expect(t, org.Get(loc+"/edit"), 200, `name="group" value="SEE" checked`, `name="language" value="fr" checked`, `name="language" value="hr" checked`)
			// A group napx does not know, typed in the import: refused, named.
			vals.Set("groups", "NOPE")
			webtest.Expect(t, org.Post("/assistance/programmes", vals), 422, `href="#groups"`)
		})

		t.Run("practice tags and sharing", func(t *testing.T) {
			srb := app.Account("SRB", model.RoleCoordinator, webtest.Email("pickers@srb.example.org"))
			tax, err := refdata.LoadTaxonomy()
			if err != nil {
				t.Fatal(err)
			}
			tag := tax.Fields[len(tax.Fields)-1].Element // the matrix's last element
			offered := `name="tag" value="` + tag + `"`
			webtest.Expect(t, hrv.Get("/practices/new"), 200, `list="tag-choices"`, `name="share" value="SEE"`, "!"+offered)
			// Serbia's draft carries the tag: Serbia is offered it, Croatia not.
			form := url.Values{"title": {"Pickers practice"}, "kind": {"practice"}, "body": {"How we tag."}, "submitter": {"Serbia (SRB)"}, "audience": {"public"},
				"tag_new": {tag + " — its label as the list writes it"}}
			if rec := srb.Post("/practices", form); rec.Code != 303 {
				t.Fatalf("Serbia's practice: %d %.600s", rec.Code, rec.Body.String())
			}
			webtest.Expect(t, srb.Get("/practices/new"), 200, offered)
			webtest.Expect(t, hrv.Get("/practices/new"), 200, "!"+offered)
			// "Add another tag" saves nothing and adds a row.
			form.Set("submitter", "Croatia (HRV)")
			form.Set("add_tag", "1")
			form.Del("csrf") // Serbia's form token, set by its post
			rec := hrv.Post("/practices", form)
			webtest.Expect(t, rec, 200, `id="tag_new-1"`, `name="tag" value="`+tag+`" checked`)
			// A tag that is none of the vocabulary: refused, named.
			form.Del("add_tag")
			form["tag_new"] = []string{"brokering"}
			webtest.Expect(t, hrv.Post("/practices", form), 422, `href="#tags"`)
			// Control: a tag of the list and a group ticked are saved.
			form["tag_new"] = []string{tag}
			form.Set("share", "SEE")
			form.Set("audience", "shared")
			rec = hrv.Post("/practices", form)
			if rec.Code != 303 {
				t.Fatalf("Croatia's practice: %d %.600s", rec.Code, rec.Body.String())
			}
			loc, _, _ := strings.Cut(rec.Header().Get("Location"), "?")
			webtest.Expect(t, hrv.Get(loc+"/edit"), 200, `name="tag" value="`+tag+`" checked`, `name="share" value="SEE" checked`)
		})
	})
}
