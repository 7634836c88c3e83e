package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// logisticsEvent is a public workshop of RACVIAC's in 2030 with Croatia
// invited (2 seats) and Serbia invited (1 seat); Montenegro is not.
func logisticsEvent(t *testing.T, app *webtest.App) (org, hrv, srb *webtest.Client, id int64) {
	t.Helper()
	ctx := context.Background()
	org = app.Account("RACVIAC", model.RoleCoordinator, webtest.Email("organiser@racviac.example.org"))
	hrv = app.Account("HRV", model.RoleCoordinator, webtest.Email("poc@hrv.example.org"), func(in *service.AccountInput) { in.Name = "Ana Horvat" })
	srb = app.Account("SRB", model.RoleCoordinator, webtest.Email("poc@srb.example.org"))
	ev, err := app.Services.Events.Create(ctx, org.Viewer, model.EventInput{Kind: "workshop", Title: "Logistics workshop", Start: "2030-05-06", End: "2030-05-08",
		Visibility: "public", TimeZone: "Europe/Zagreb"})
	if err != nil {
		t.Fatal(err)
	}
	two, one := 2, 1
	if _, err := app.Services.Events.SetQuotas(ctx, org.Viewer, ev.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &two}, {Org: "SRB", Seats: &one}})); err != nil {
		t.Fatal(err)
	}
	return org, hrv, srb, ev.ID
}

// TestNominationFields: the organiser chooses the questions; a field the
// event does not ask for is refused naming it, a required one missing
// likewise; the answers (gender included) are seen by the organiser and
// the nominating delegation only.
func TestNominationFields(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		org, hrv, srb, id := logisticsEvent(t, app)
		page := fmt.Sprintf("/events/%d", id)
		api := "/api/v1" + page

		// Only the organiser sets the questions; gender can never be required.
		webtest.Expect(t, hrv.Post(page+"/nomination-fields", url.Values{"field_email": {"required"}}), 403)
		webtest.Expect(t, org.Post(page+"/nomination-fields", url.Values{"field_email": {"sometimes"}}), 422, `href="#fields-field_email"`)
		if code := org.JSON("PUT", api+"/nomination-fields", map[string]any{"fields": []map[string]any{{"field": "gender", "required": true}}}, nil); code != 422 {
			t.Errorf("gender required: %d, want 422", code)
		}
		rec := org.Post(page+"/nomination-fields", url.Values{"field_email": {"required"}, "field_gender": {"optional"}, "field_arrival": {"optional"}})
		if rec.Code != 303 {
			t.Fatalf("set the questions: %d %.400s", rec.Code, rec.Body.String())
		}
		var fields struct {
			Fields []model.NominationFieldSetting `json:"fields"`
		}
		if code := app.JSON("GET", api+"/nomination-fields", nil, &fields); code != 200 || len(fields.Fields) != 3 || !fields.Fields[0].Required {
			t.Errorf("the questions: %d %+v", code, fields)
		}
		webtest.Expect(t, hrv.Get(page+"/participants"), 200, `id="email"`, `name="gender"`, `id="arrival"`)

		// A question not asked: 422 naming it, nothing nominated.
		webtest.Expect(t, hrv.Post(page+"/participants", url.Values{"name": {"Ivo Ivić"}, "email": {"ivo@hrv.example.org"}, "needs_visa": {"yes"}}),
			422, `href="#visa"`, "does not ask for visa")
		// A required one missing.
		webtest.Expect(t, hrv.Post(page+"/participants", url.Values{"name": {"Ivo Ivić"}}), 422, `href="#email"`)
		// An arrival after the event.
		webtest.Expect(t, hrv.Post(page+"/participants", url.Values{"name": {"Ivo Ivić"}, "email": {"ivo@hrv.example.org"}, "arrival": {"2030-06-01"}}),
			422, `href="#arrival"`)
		if ps, _ := app.Services.Events.Participants(context.Background(), org.Viewer, id); len(ps) != 0 {
			t.Fatalf("refused nominations were recorded: %+v", ps)
		}
		// The API refuses the same way.
		body := map[string]any{"name": "Api Delegate", "details": map[string]any{"email": "a@srb.example.org", "needs_funding": true}}
		if code := srb.JSON("POST", api+"/participants", body, nil); code != 422 {
			t.Errorf("API nomination with a question not asked: %d, want 422", code)
		}
		// Good answers.
		rec = hrv.Post(page+"/participants", url.Values{"name": {"Ivo Ivić"}, "email": {"ivo@hrv.example.org"}, "gender": {"man"}, "arrival": {"2030-05-05"}})
		if rec.Code != 303 {
			t.Fatalf("nominate: %d %.600s", rec.Code, rec.Body.String())
		}
		if code := srb.JSON("POST", api+"/participants", map[string]any{"name": "Jelena Jović", "details": map[string]any{"email": "j@srb.example.org", "gender": "woman"}}, nil); code != 201 {
			t.Fatalf("API nomination: %d", code)
		}

		// Who sees the answers: the organiser all, each delegation its own.
		details := func(c *webtest.Client) map[string]*model.NominationDetails {
			var out struct {
				Items []struct {
					Name    string                   `json:"name"`
					Details *model.NominationDetails `json:"details"`
				} `json:"items"`
			}
			if code := c.JSON("GET", api+"/participants", nil, &out); code != 200 {
				t.Fatalf("%s lists participants: %d", c.Name(), code)
			}
			m := map[string]*model.NominationDetails{}
			for _, it := range out.Items {
				m[it.Name] = it.Details
			}
			return m
		}
		all := details(org)
		if d := all["Ivo Ivić"]; d == nil || d.Gender != model.GenderMan || d.Arrival != "2030-05-05" || all["Jelena Jović"] == nil {
			t.Errorf("the organiser's view of the answers: %+v", all)
		}
		if mine := details(hrv); mine["Ivo Ivić"] == nil || len(mine) != 1 {
			t.Errorf("Croatia sees: %+v", mine)
		}
		// Serbia's delegate confirmed: Serbia then sees Croatia's confirmed delegate, never their answers.
		ps, _ := app.Services.Events.Participants(context.Background(), org.Viewer, id)
		for _, p := range ps {
			if _, err := app.Services.Events.ChangeParticipant(context.Background(), org.Viewer, id, p.ID,
				service.Given(model.ParticipantPatch{Status: "confirmed", Version: p.Version})); err != nil {
				t.Fatal(err)
			}
		}
		theirs := details(srb)
		if _, seen := theirs["Ivo Ivić"]; !seen {
			t.Fatalf("control: Serbia, confirmed, should see Croatia's confirmed delegate: %+v", theirs)
		}
		if theirs["Ivo Ivić"] != nil || theirs["Jelena Jović"] == nil {
			t.Errorf("Serbia sees another delegation's answers: %+v", theirs)
		}
		if rec := srb.Get(page + "/participants"); strings.Contains(rec.Body.String(), "ivo@hrv.example.org") || !strings.Contains(rec.Body.String(), "j@srb.example.org") {
			t.Errorf("the page shows Serbia another delegation's answers (or not its own)")
		}
		if rec := app.Get(page + "/participants"); strings.Contains(rec.Body.String(), "ivo@hrv.example.org") || strings.Contains(rec.Body.String(), "Woman") {
			t.Errorf("the public page shows the answers")
		}
		webtest.Expect(t, org.Get(page+"/participants"), 200, "ivo@hrv.example.org", "j@srb.example.org", "Woman")
		// Serbia's export: its own delegate's answers, never Croatia's (whose confirmed delegate it may list).
		var buf bytes.Buffer
		if _, err := app.Services.Export.Write(context.Background(), srb.Viewer, &buf, nil); err != nil {
			t.Fatal(err)
		}
		if out := buf.String(); strings.Contains(out, "ivo@hrv.example.org") || !strings.Contains(out, "j@srb.example.org") || !strings.Contains(out, "Ivo Ivi") {
			t.Errorf("Serbia's export: Croatia's answers %v, its own %v, Croatia's delegate listed %v", strings.Contains(out, "ivo@hrv.example.org"),
				strings.Contains(out, "j@srb.example.org"), strings.Contains(out, "Ivo Ivi"))
		}
	})
}

// TestBulkConfirm: the organiser confirms the delegates ticked in one
// POST; one that cannot be confirmed changes nothing; each confirmation
// is audited on its own. The seat summary counts them.
func TestBulkConfirm(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		org, hrv, srb, id := logisticsEvent(t, app)
		page := fmt.Sprintf("/events/%d", id)
		for _, n := range []string{"Ana Anić", "Boris Babić", "Cvita Cvitić"} { // the third waits
			if rec := hrv.Post(page+"/participants", url.Values{"name": {n}}); rec.Code != 303 {
				t.Fatalf("nominate %s: %d", n, rec.Code)
			}
		}
		if rec := srb.Post(page+"/participants", url.Values{"name": {"Dragan Dragić"}}); rec.Code != 303 {
			t.Fatal(rec.Code)
		}
		ps, err := app.Services.Events.Participants(ctx, org.Viewer, id)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]service.ParticipantView{}
		for _, p := range ps {
			byName[p.Name] = p
		}
		pick := func(names ...string) url.Values {
			v := url.Values{}
			for _, n := range names {
				v.Add("pick", fmt.Sprintf("%d:%d", byName[n].ID, byName[n].Version))
			}
			return v
		}

		// The seat summary: Croatia 2 seats, 2 awaiting, 0 confirmed, 1 waiting.
		rec := org.Get(page + "/manage")
		webtest.Expect(t, rec, 200, `id="seats-HRV"`, `list="delegation-choices"`, `<datalist id="delegation-choices">`)
		row := logBetween(rec.Body.String(), `id="seats-HRV"`, "</tr>")
		if got := cells(row); got != "2 2 0 1" {
			t.Errorf("Croatia's seat summary = %q, want 2 2 0 1", got)
		}
		// Awaiting my confirmation: three (the waiting one may be confirmed too), Serbia's and Croatia's.
		webtest.Expect(t, org.Get(page+"/participants?awaiting=me"), 200, "Ana Anić", `form="bulk-confirm"`, "Dragan Dragić")
		if strings.Contains(hrv.Get(page+"/participants").Body.String(), `form="bulk-confirm"`) {
			t.Error("a delegation is offered the organiser's bulk confirmation")
		}

		// Not the organiser: 403, nothing confirmed.
		webtest.Expect(t, hrv.Post(page+"/participants/confirm", pick("Ana Anić")), 403)
		// One stale version among them: nothing confirmed.
		stale := pick("Ana Anić")
		stale.Add("pick", fmt.Sprintf("%d:%d", byName["Boris Babić"].ID, byName["Boris Babić"].Version+7))
		webtest.Expect(t, org.Post(page+"/participants/confirm", stale), 409)
		// A delegate of another event (or none): 422 naming the item, nothing confirmed.
		bad := pick("Ana Anić")
		bad.Add("pick", "999999:1")
		webtest.Expect(t, org.Post(page+"/participants/confirm", bad), 422, "no delegate 999999")
		if got, _ := app.Services.Events.Participants(ctx, org.Viewer, id); countStatus(got, model.StatusConfirmed) != 0 {
			t.Fatalf("a refused bulk confirmation confirmed someone: %+v", got)
		}
		// Two at once.
		before := auditCount(t, app, "event.participant.change")
		rec = org.Post(page+"/participants/confirm", pick("Ana Anić", "Dragan Dragić"))
		if rec.Code != 303 || !strings.Contains(rec.Header().Get("Location"), "done=nominations-confirmed") {
			t.Fatalf("bulk confirm: %d %s %.500s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
		}
		got, _ := app.Services.Events.Participants(ctx, org.Viewer, id)
		if countStatus(got, model.StatusConfirmed) != 2 {
			t.Errorf("after the bulk confirmation: %+v", got)
		}
		if n := auditCount(t, app, "event.participant.change") - before; n != 2 {
			t.Errorf("%d audit entries for two confirmations, want 2", n)
		}
		row = logBetween(org.Get(page+"/manage").Body.String(), `id="seats-HRV"`, "</tr>")
		if got := cells(row); got != "2 1 1 1" {
			t.Errorf("Croatia's seat summary after = %q, want 2 1 1 1", got)
		}
		// The API: all or none too.
		var out struct {
			Items []struct {
				Status string `json:"status"`
			} `json:"items"`
		}
		b := byName["Boris Babić"]
		if code := org.JSON("POST", "/api/v1"+page+"/participants/confirm", map[string]any{"items": []map[string]any{{"id": b.ID, "version": b.Version}}}, &out); code != 200 ||
			len(out.Items) != 1 || out.Items[0].Status != "confirmed" {
			t.Errorf("API bulk confirm: %d %+v", code, out)
		}
		if code := org.JSON("POST", "/api/v1"+page+"/participants/confirm", map[string]any{"items": []map[string]any{}}, nil); code != 422 {
			t.Errorf("API bulk confirm of nobody: %d, want 422", code)
		}
	})
}

// TestQuotaPickerAndInvitation: quotas are rows (a delegation chosen by
// name, a group's members), "Add another row" re-renders with one more
// blank row and saves nothing; an invited delegation's readers see that
// they are invited, their seats and who nominates; another does not.
func TestQuotaPickerAndInvitation(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		org, _, _, id := logisticsEvent(t, app)
		page := fmt.Sprintf("/events/%d", id)
		rows := url.Values{"quota_org": {"Croatia (HRV)", "Serbia (SRB)", "North Macedonia", ""}, "quota_seats": {"3", "1", "2", ""},
			"group_code": {""}, "group_seats": {""}}
		add := url.Values{"add_row": {"1"}}
		for k, v := range rows {
			add[k] = v
		}
		rec := org.Post(page+"/quotas", add)
		webtest.Expect(t, rec, 200, `id="quota-org-6"`, `value="Croatia (HRV)"`)
		if q, _ := app.Services.Events.Quotas(ctx, org.Viewer, id); len(q) != 2 {
			t.Errorf("adding a row saved the quotas: %+v", q)
		}
		webtest.Expect(t, org.Post(page+"/quotas", url.Values{"quota_org": {"Croatia (HRV)"}, "quota_seats": {"many"}}), 422, `href="#quota-quotas"`, "delegation row 1")
		if rec := org.Post(page+"/quotas", rows); rec.Code != 303 {
			t.Fatalf("save rows: %d %.600s", rec.Code, rec.Body.String())
		}
		q, _ := app.Services.Events.Quotas(ctx, org.Viewer, id)
		seats := map[string]int{}
		for _, x := range q {
			seats[x.Org] = x.Seats
		}
		if seats["HRV"] != 3 || seats["SRB"] != 1 || seats["MKD"] != 2 || len(seats) != 3 {
			t.Errorf("quotas from the rows: %+v", seats)
		}
		// A group's members, all at once.
		if rec := org.Post(page+"/quotas", url.Values{"quota_org": {"Croatia (HRV)"}, "quota_seats": {"3"}, "group_code": {"SEE"}, "group_seats": {"1"}}); rec.Code != 303 {
			t.Fatalf("group row: %d %.600s", rec.Code, rec.Body.String())
		}
		q, _ = app.Services.Events.Quotas(ctx, org.Viewer, id)
		if len(q) < 5 {
			t.Errorf("the group's members were not invited: %+v", q)
		}
		webtest.Expect(t, org.Get(page+"/manage"), 200, `<option value="SEE" selected`)

		// The invited delegation's viewer sees the invitation and who nominates.
		hrvViewer := app.Account("HRV", model.RoleViewer, webtest.Email("reader@hrv.example.org"))
		webtest.Expect(t, hrvViewer.Get(page+"/participants"), 200, `id="invitation"`, "Ana Horvat", "3 seats")
		other := app.Account("ATG", model.RoleViewer, webtest.Email("reader@atg.example.org"))
		if strings.Contains(other.Get(page+"/participants").Body.String(), `id="invitation"`) {
			t.Error("an uninvited organisation is told it is invited")
		}
	})
}

func logBetween(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// cells are the numbers of a row's numeric cells, space-separated.
func cells(row string) string {
	var out []string
	for _, part := range strings.Split(row, `<td class="num"`)[1:] {
		_, v, _ := strings.Cut(part, ">")
		v, _, _ = strings.Cut(v, "<")
		out = append(out, v)
	}
	return strings.Join(out, " ")
}

func countStatus(ps []service.ParticipantView, s model.ParticipantStatus) int {
	n := 0
	for _, p := range ps {
		if p.Status == s {
			n++
		}
	}
	return n
}

func auditCount(t *testing.T, app *webtest.App, action string) int {
	t.Helper()
	es, err := app.DB.AuditEntries(context.Background(), model.AuditFilter{Action: action, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// TestEventFormPickers: the event form takes partners, contacts and
// related events as rows, organisations and events by name; an event the
// organiser may not read never appears among the choices and cannot be
// named (the owner's own form offers it: the control); the time zone
// comes from the organisation's latest event.
func TestEventFormPickers(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		org, _, _, id := logisticsEvent(t, app)
		hrvOrg := app.Account("HRV", model.RoleEditor, webtest.Email("editor@hrv.example.org"))
		_, err := app.Services.Events.Create(ctx, hrvOrg.Viewer, model.EventInput{Kind: "meeting", Title: "Private Croatian consultation",
			Start: "2030-03-02", End: "2030-03-02", Visibility: "private", TimeZone: "Europe/Zagreb"})
		if err != nil {
			t.Fatal(err)
		}
		// The choices: RACVIAC's form offers its own event, never Croatia's private one; Croatia's does.
		rec := org.Get("/events/new")
		webtest.Expect(t, rec, 200, `<option value="Logistics workshop (2030-05-06)">`, `id="share-SEE"`, `value="Europe/Zagreb"`, "Logistics workshop")
		if strings.Contains(rec.Body.String(), "Private Croatian consultation") {
			t.Error("the event form offers an event its reader may not read")
		}
		webtest.Expect(t, hrvOrg.Get("/events/new"), 200, `<option value="Private Croatian consultation (2030-03-02)">`)

		form := url.Values{"picker": {"1"}, "kind": {"meeting"}, "title": {"Follow-up meeting"}, "start": {"2030-09-01"}, "end": {"2030-09-02"},
			"time_zone": {"Europe/Zagreb"}, "visibility": {"shared"}, "share": {"SEE", "UNODA"},
			"partner_rows": {"1"}, "partner-0-org": {"United Nations Office for Disarmament Affairs (UNODA)"}, "partner-0-roles": {"support", "expertise"},
			"contact_rows": {"1"}, "contact-0-name": {"Desk | with a bar"}, "contact-0-org": {"RACVIAC"}, "contact-0-email": {"desk@example.org"}, "contact-0-audience": {"public"},
			"related_rows": {"1"}, "related-0-event": {"Logistics workshop (2030-05-06)"}, "related-0-relation": {"follows-up"}}
		// "Add another": one more blank row, nothing saved.
		more := url.Values{"add_row": {"contacts"}}
		for k, v := range form {
			more[k] = v
		}
		webtest.Expect(t, org.Post("/events", more), 200, `id="contact-1-name"`, `value="Desk | with a bar"`)
		// The private event's title cannot be named, even typed.
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("related-0-event", "Private Croatian consultation")
		webtest.Expect(t, org.Post("/events", bad), 422, `href="#related_events"`, "no event you may read")
		bad.Set("related-0-event", "Logistics workshop (2030-05-06)")
		bad.Set("leads_to_event", "Private Croatian consultation (2030-03-02)")
		webtest.Expect(t, org.Post("/events", bad), 422, `href="#leads_to"`)

		rec = org.Post("/events", form)
		if rec.Code != 303 {
			t.Fatalf("create with rows: %d %.800s", rec.Code, rec.Body.String())
		}
		evs, _ := app.Services.Events.List(ctx, org.Viewer, service.EventQuery{})
		var made int64
		for _, e := range evs {
			if e.Title == "Follow-up meeting" {
				made = e.ID
			}
		}
		in, err := app.Services.Events.InputOf(ctx, org.Viewer, made)
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Partners) != 1 || in.Partners[0].Org != "UNODA" || len(in.Partners[0].Roles) != 2 || len(in.Contacts) != 1 || in.Contacts[0].Name != "Desk | with a bar" ||
			len(in.Related) != 1 || in.Related[0].EventID != id || in.Related[0].Title != "Logistics workshop" || fmt.Sprint(in.SharedWith) != "[SEE UNODA]" {
			t.Errorf("the event from the rows: %+v", in)
		}
		// Editing shows the rows as saved.
		webtest.Expect(t, org.Get(fmt.Sprintf("/events/%d/edit", made)), 200, `value="United Nations Office for Disarmament Affairs (UNODA)"`,
			`value="Logistics workshop (2030-05-06)"`, `id="share-SEE" name="share" value="SEE" checked`)
	})
}

// TestFollowUpActionPicker: a follow-up names a NAP action by its title,
// chosen among the invited States' actions the reader may read; Croatia's
// draft plan's action is never offered to RACVIAC nor resolvable by it,
// while Croatia's own event offers it (the control).
func TestFollowUpActionPicker(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		org, hrv, _, id := logisticsEvent(t, app)
		n, err := app.Services.NAPs.Create(ctx, hrv.Viewer, "HRV", model.NAPInput{Title: model.Ptr("Croatian draft plan"), PeriodStart: model.Ptr("2026"), PeriodEnd: model.Ptr("2029")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Services.NAPs.CreateAction(ctx, hrv.Viewer, n.ID, service.Given(model.NAPActionInput{Title: model.Ptr("Secret export control step"),
			Due: model.Ptr("2031-06-30")})); err != nil {
			t.Fatal(err)
		}
		own, err := app.Services.Events.Create(ctx, hrv.Viewer, model.EventInput{Kind: "meeting", Title: "Croatian meeting", Start: "2030-04-01", End: "2030-04-01", Visibility: "private"})
		if err != nil {
			t.Fatal(err)
		}
		one := 1
		if _, err := app.Services.Events.SetQuotas(ctx, hrv.Viewer, own.ID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &one}})); err != nil {
			t.Fatal(err)
		}
		webtest.Expect(t, hrv.Get(fmt.Sprintf("/events/%d/manage", own.ID)), 200, "Secret export control step — ")
		if strings.Contains(org.Get(fmt.Sprintf("/events/%d/manage", id)).Body.String(), "Secret export control step") {
			t.Error("RACVIAC is offered an action of a plan it may not read")
		}
		webtest.Expect(t, org.Post(fmt.Sprintf("/events/%d/followups", id), url.Values{"title": {"Do it"}, "owner": {"Croatia (HRV)"},
			"nap_action": {"Secret export control step — Croatia: Croatian draft plan"}}), 422, `href="#followup-nap_action_id"`)
		rec := hrv.Post(fmt.Sprintf("/events/%d/followups", own.ID), url.Values{"title": {"Do it"}, "owner": {"Croatia (HRV)"}, "status": {"open"},
			"nap_action": {"Secret export control step — Croatia: Croatian draft plan"}})
		if rec.Code != 303 {
			t.Fatalf("the owner links its own action: %d %.600s", rec.Code, rec.Body.String())
		}
	})
}

// TestPracticeFormPickers: a practice's submitter is chosen by name and
// the event it came out of by title; an event the writer may not read is
// neither offered nor accepted (its owner's form offers it: the control).
func TestPracticeFormPickers(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		org, hrv, _, id := logisticsEvent(t, app)
		if _, err := app.Services.Events.Create(ctx, hrv.Viewer, model.EventInput{Kind: "meeting", Title: "Hidden Croatian meeting", Start: "2030-03-02",
			End: "2030-03-02", Visibility: "private"}); err != nil {
			t.Fatal(err)
		}
		rec := org.Get("/practices/new")
		webtest.Expect(t, rec, 200, `list="delegation-choices"`, `<option value="Logistics workshop (2030-05-06)">`)
		if strings.Contains(rec.Body.String(), "Hidden Croatian meeting") {
			t.Error("the practice form offers an event its writer may not read")
		}
		webtest.Expect(t, hrv.Get("/practices/new"), 200, `<option value="Hidden Croatian meeting (2030-03-02)">`)
		form := url.Values{"title": {"Seat planning"}, "kind": {"practice"}, "body": {"How we plan seats."}, "submitter": {"Regional Arms Control Verification and Implementation Assistance Centre (RACVIAC)"},
			"source_event_title": {"Hidden Croatian meeting (2030-03-02)"}, "audience": {"public"}}
		webtest.Expect(t, org.Post("/practices", form), 422, `href="#source_event"`, "no event you may read")
		form.Set("source_event_title", "Logistics workshop (2030-05-06)")
		rec = org.Post("/practices", form)
		if rec.Code != 303 {
			t.Fatalf("create: %d %.600s", rec.Code, rec.Body.String())
		}
		pid, err := strconv.ParseInt(strings.TrimPrefix(strings.Split(rec.Header().Get("Location"), "?")[0], "/practices/"), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		pv, err := app.Services.Practices.GetForEdit(ctx, org.Viewer, pid)
		if err != nil {
			t.Fatal(err)
		}
		if in := pv.Input(); in.Submitter != "RACVIAC" || in.SourceEvent != id {
			t.Errorf("the practice from the pickers: submitter %q, source event %d (want RACVIAC, %d)", in.Submitter, in.SourceEvent, id)
		}
	})
}
