package service_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// noticeWorld is the accounts of TestWhatNotifiesWhom, by role.
type noticeWorld struct {
	t     *testing.T
	s     *service.Services
	mp    *webtest.Mailpit
	clock *atomic.Pointer[time.Time]
	// The organiser, the delegations, the Committee and outsiders.
	racviac, racviacEd           model.Viewer
	hrv, hrv2, hrvEd, hrvView    model.Viewer
	srb, alb, albEd              model.Viewer
	chief, expert, secretariat   model.Viewer
	mne, mneEd                   model.Viewer
	seen                         map[string]bool // mail already looked at, by Mailpit's ID
	everyone                     []model.Viewer
	ctx                          context.Context
	eventID, privateID, planID   int64
	ana, ivo, marko, actionID    int64
	deadline, followUpDue, start model.Date
}

// told checks which accounts received a new mail whose subject contains
// part (since it was last looked at): exactly one each for want, none for
// the others. Those mails are then seen; allSeen checks that no other
// mail came.
func (w *noticeWorld) told(step, part string, want ...model.Viewer) {
	w.t.Helper()
	waitIdle(w.t, w.s)
	wanted := map[string]bool{}
	for _, v := range want {
		wanted[v.Account.Email] = true
	}
	for _, v := range w.everyone {
		addr := v.Account.Email
		got := 0
		for _, m := range w.mp.To(addr) {
			if strings.Contains(m.Subject, part) && !w.seen[m.ID] {
				w.seen[m.ID] = true
				got++
			}
		}
		switch {
		case wanted[addr] && got != 1:
			w.t.Errorf("%s: %s should have one new mail %q, has %d", step, addr, part, got)
		case !wanted[addr] && got != 0:
			w.t.Errorf("%s: %s must not be told (%q), has %d new mail", step, addr, part, got)
		}
	}
}

// allSeen checks that every mail that arrived was expected by told.
func (w *noticeWorld) allSeen() {
	w.t.Helper()
	waitIdle(w.t, w.s)
	for _, m := range w.mp.Messages() {
		if !w.seen[m.ID] {
			w.t.Errorf("an unexpected mail to %v: %q", m.To, m.Subject)
			w.seen[m.ID] = true
		}
	}
}

func (w *noticeWorld) setDay(d model.Date) {
	t := d.Time().Add(10 * time.Hour)
	w.clock.Store(&t)
}

func (w *noticeWorld) scan(day model.Date) {
	w.t.Helper()
	w.setDay(day)
	if err := w.s.Jobs.RunScans(w.ctx, system, day); err != nil {
		w.t.Fatal(err)
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// TestWhatNotifiesWhom: each kind of notice (issue 10, item 3) reaches, by
// e-mail through a real SMTP server, exactly the accounts it is for — and
// none that may not read its record, though the notice names them.
func TestWhatNotifiesWhom(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mp := webtest.StartMailpit(t)
		clock := &atomic.Pointer[time.Time]{}
		t0 := time.Date(2030, 1, 10, 10, 0, 0, 0, time.UTC)
		clock.Store(&t0)
		s := mailServices(t, db, mp.SMTPURL(), func() time.Time { return *clock.Load() }, fastJobs)
		w := &noticeWorld{t: t, s: s, mp: mp, clock: clock, seen: map[string]bool{}, ctx: context.Background()}
		acc := func(org string, role model.Role, email string) model.Viewer {
			v := account(t, s, org, role, email)
			for _, k := range model.NoticeKinds {
				if !k.Mandatory {
					setDelivery(t, s, v, k.Kind, model.DeliverImmediately) // every kind by mail at once: the test reads Mailpit
				}
			}
			w.everyone = append(w.everyone, v)
			return v
		}
		w.racviac, w.racviacEd = acc("RACVIAC", model.RoleCoordinator, "organiser@racviac.example.org"), acc("RACVIAC", model.RoleEditor, "editor@racviac.example.org")
		w.hrv, w.hrv2 = acc("HRV", model.RoleCoordinator, "poc@hrv.example.org"), acc("HRV", model.RoleCoordinator, "poc2@hrv.example.org")
		w.hrvEd, w.hrvView = acc("HRV", model.RoleEditor, "editor@hrv.example.org"), acc("HRV", model.RoleViewer, "viewer@hrv.example.org")
		w.srb, w.alb, w.albEd = acc("SRB", model.RoleCoordinator, "poc@srb.example.org"), acc("ALB", model.RoleCoordinator, "poc@alb.example.org"), acc("ALB", model.RoleEditor, "editor@alb.example.org")
		w.chief, w.expert = acc("UNSC1540", model.RoleCoordinator, "chief@unsc1540.example.org"), acc("UNSC1540-GOE", model.RoleEditor, "expert@goe.example.org")
		w.secretariat = acc("UNODA", model.RoleViewer, "desk@unoda.example.org")
		w.mne, w.mneEd = acc("MNE", model.RoleCoordinator, "poc@mne.example.org"), acc("MNE", model.RoleEditor, "editor@mne.example.org")
		t.Run("events", func(t *testing.T) { w.t = t; w.events(); w.allSeen() })
		t.Run("plans", func(t *testing.T) { w.t = t; w.plans(); w.allSeen() })
		t.Run("matrix", func(t *testing.T) { w.t = t; w.matrix(); w.allSeen() })
	})
}

func (w *noticeWorld) events() {
	t, ctx, s := w.t, w.ctx, w.s
	w.start, w.deadline = model.MustDate("2030-02-10"), model.MustDate("2030-02-01")
	// An event shared with those it invites, and a private one.
	ev := must[service.EventView](t)(s.Events.Create(ctx, w.racviac, model.EventInput{Kind: "workshop", Title: "Workshop on 1540 plans", Organizer: "RACVIAC",
		Start: w.start.String(), End: "2030-02-12", TimeZone: "Europe/Zagreb", NominationDeadline: w.deadline.String(), Visibility: "shared"}))
	w.eventID = ev.ID
	private := must[service.EventView](t)(s.Events.Create(ctx, w.racviac, model.EventInput{Kind: "meeting", Title: "Closed planning meeting", Organizer: "RACVIAC",
		Start: w.start.String(), End: "2030-02-10", TimeZone: "UTC", Visibility: "private"}))
	w.privateID = private.ID

	// event.invitation: the invited delegations' coordinators, with the .ics.
	two, one := 2, 1
	must[[]service.QuotaView](t)(s.Events.SetQuotas(ctx, w.racviac, w.eventID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &two}, {Org: "SRB", Seats: &one}})))
	w.told("quota", "is invited to", w.hrv, w.hrv2, w.srb)
	w.checkInvitation(w.hrv)
	// A private event does not exist for the delegation it names: nobody told.
	must[[]service.QuotaView](t)(s.Events.SetQuotas(ctx, w.racviac, w.privateID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &one}})))
	w.told("quota of a private event", "Closed planning meeting")
	// Raising a quota invites nobody again.
	three := 3
	must[[]service.QuotaView](t)(s.Events.SetQuotas(ctx, w.racviac, w.eventID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &two}, {Org: "SRB", Seats: &three}})))
	w.told("quota raised", "is invited to")
	must[[]service.QuotaView](t)(s.Events.SetQuotas(ctx, w.racviac, w.eventID, service.Given([]model.QuotaInput{{Org: "HRV", Seats: &two}, {Org: "SRB", Seats: &one}})))

	// event.nomination: the organiser's editors and coordinators.
	nominate := func(name string) service.ParticipantView {
		return must[service.ParticipantView](t)(s.Events.Nominate(ctx, w.hrv, w.eventID, service.Given(model.NominationInput{Name: name})))
	}
	w.ana = nominate("Ana Horvat").ID
	w.told("nomination", "Ana Horvat nominated", w.racviac, w.racviacEd)
	w.ivo = nominate("Ivo Ivić").ID
	w.told("second nomination", "Ivo Ivić nominated", w.racviac, w.racviacEd)
	// Waitlisted: the organiser, and the delegation's other coordinator.
	w.marko = nominate("Marko Marić").ID
	w.told("waitlisted (organiser)", "Marko Marić put on the waiting list", w.racviac, w.racviacEd)
	w.told("waitlisted (delegation)", "Marko Marić is on the waiting list", w.hrv2)

	// Confirmed by the organiser: the delegation's coordinators.
	ana := must[[]service.ParticipantView](t)(s.Events.Participants(ctx, w.racviac, w.eventID))
	change := func(by model.Viewer, pid int64, patch model.ParticipantPatch) {
		t.Helper()
		for _, p := range ana {
			if p.ID == pid {
				patch.Version = p.Version
			}
		}
		must[service.ParticipantView](t)(s.Events.ChangeParticipant(ctx, by, w.eventID, pid, service.Given(patch)))
		ana = must[[]service.ParticipantView](t)(s.Events.Participants(ctx, w.racviac, w.eventID))
	}
	change(w.racviac, w.ana, model.ParticipantPatch{Status: "confirmed"})
	w.told("confirmed", "Ana Horvat is confirmed", w.hrv, w.hrv2)
	// Withdrawn by the delegation: the organiser; the seat goes to the
	// first waiting delegate: the delegation's coordinators.
	change(w.hrv, w.ivo, model.ParticipantPatch{Status: "withdrawn"})
	w.told("withdrawn", "withdrew Ivo Ivić", w.racviac, w.racviacEd)
	w.told("promoted", "Marko Marić moved from the waiting list", w.hrv, w.hrv2)

	// event.material: released at once, for confirmed delegates: the
	// delegation with one (HRV's coordinators); Serbia is named too but has
	// no confirmed delegate, so may not see it.
	must[model.Material](t)(s.Events.AddMaterial(ctx, w.racviac, w.eventID, service.Given(model.MaterialInput{Title: "Speaker notes", Kind: "other",
		URL: "https://www.example.org/notes", Audience: "confirmed"})))
	w.told("material for the confirmed", "Speaker notes", w.hrv, w.hrv2)
	// For signed-in accounts, released later: nobody now; when the release
	// job runs after the release time, every invited coordinator.
	must[model.Material](t)(s.Events.AddMaterial(ctx, w.racviac, w.eventID, service.Given(model.MaterialInput{Title: "Agenda", Kind: "agenda",
		URL: "https://www.example.org/agenda", Audience: "signed-in", ReleaseAt: "2030-01-20T09:00"})))
	w.told("material not yet released", "Agenda")
	w.setDay(model.MustDate("2030-01-21"))
	scheduled := must[service.JobsPage](t)(s.Jobs.List(ctx, system, "scheduled"))
	if len(scheduled.Jobs) != 1 || scheduled.Jobs[0].Kind != "event.material-release" {
		t.Fatalf("scheduled jobs %+v, want the material's release", scheduled.Jobs)
	}
	if err := s.Jobs.Retry(ctx, system, scheduled.Jobs[0].ID); err != nil { // run it now: River schedules by the machine's clock
		t.Fatal(err)
	}
	w.told("material released", "Agenda", w.hrv, w.hrv2, w.srb)

	// event.deadline: seven days before, the delegations with seats left
	// (Serbia: one seat, none taken; Croatia's are held); the scan runs
	// again the same day and the next ones without telling twice; the day
	// before, once more.
	w.scan(w.deadline.AddDays(-7))
	w.told("seven days before", "close in 7 days", w.srb)
	w.scan(w.deadline.AddDays(-7))
	w.scan(w.deadline.AddDays(-5))
	w.told("scans again", "Nominations for")
	w.scan(w.deadline.AddDays(-1))
	w.told("the day before", "close tomorrow", w.srb)

	// followup.due: fourteen days before, then overdue: the owner's
	// editors and coordinators; a follow-up owned by Albania (not invited,
	// so the shared event does not exist for it) tells nobody.
	w.followUpDue = model.MustDate("2030-03-15")
	must[model.FollowUp](t)(s.Events.AddFollowUp(ctx, w.racviac, w.eventID, service.Given(model.FollowUpInput{Title: "Draft the plan", Owner: "HRV", Due: w.followUpDue.String()})))
	must[model.FollowUp](t)(s.Events.AddFollowUp(ctx, w.racviac, w.eventID, service.Given(model.FollowUpInput{Title: "Host a visit", Owner: "ALB", Due: w.followUpDue.String()})))
	w.scan(w.followUpDue.AddDays(-20))
	w.told("too early", "Follow-up action")
	w.scan(w.followUpDue.AddDays(-14))
	w.told("fourteen days before", "“Draft the plan” of “Workshop on 1540 plans” is due", w.hrv, w.hrv2, w.hrvEd)
	w.told("fourteen days before (Albania)", "“Host a visit”")
	w.scan(w.followUpDue.AddDays(1))
	w.told("overdue", "“Draft the plan” of “Workshop on 1540 plans” is overdue", w.hrv, w.hrv2, w.hrvEd)
	w.scan(w.followUpDue.AddDays(2))
	w.told("overdue, again", "Follow-up action")
}

// checkInvitation reads v's invitation's .ics with the iCalendar library:
// METHOD:REQUEST, the organiser and v as the attendee.
func (w *noticeWorld) checkInvitation(v model.Viewer) {
	t := w.t
	ms := w.mp.To(v.Account.Email)
	if len(ms) == 0 {
		t.Fatal("no invitation mail")
	}
	full := w.mp.Message(ms[0].ID)
	var ics []byte
	for _, a := range full.Attachments {
		if strings.HasPrefix(a.ContentType, "text/calendar") {
			ics = w.mp.Part(ms[0].ID, a.PartID)
		}
	}
	if ics == nil {
		t.Fatalf("the invitation has no calendar part: %+v", full.Attachments)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(ics)).Decode()
	if err != nil {
		t.Fatalf("the .ics does not parse: %v\n%s", err, ics)
	}
	if m := cal.Props.Get(ical.PropMethod); m == nil || m.Value != "REQUEST" {
		t.Errorf("METHOD = %v, want REQUEST", m)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events in the invitation", len(evs))
	}
	e := evs[0]
	org, att := e.Props.Get(ical.PropOrganizer), e.Props.Get(ical.PropAttendee)
	if org == nil || !strings.HasPrefix(org.Value, "mailto:") || org.Params.Get(ical.ParamCommonName) != "Regional Arms Control Verification and Implementation Assistance Centre" &&
		!strings.Contains(org.Params.Get(ical.ParamCommonName), "RACVIAC") {
		t.Errorf("ORGANIZER = %+v", org)
	}
	if att == nil || att.Value != "mailto:"+v.Account.Email {
		t.Errorf("ATTENDEE = %+v, want mailto:%s", att, v.Account.Email)
	}
	if uid := e.Props.Get(ical.PropUID); uid == nil || uid.Value != "event-"+strconv.FormatInt(w.eventID, 10)+"@napx" {
		t.Errorf("UID = %v", uid)
	}
	if d := e.Props.Get(ical.PropDateTimeStart); d == nil || d.Value != "20300210" {
		t.Errorf("DTSTART = %v", d)
	}
}

func (w *noticeWorld) plans() {
	t, ctx, s := w.t, w.ctx, w.s
	w.setDay(model.MustDate("2030-04-01"))
	// nap.submitted: the Committee and its secretariat, not the State.
	n := must[service.NAPView](t)(s.NAPs.Create(ctx, w.hrv, "HRV", model.NAPInput{Title: model.Ptr("Plan Lavender"), PeriodStart: model.Ptr("2030"), PeriodEnd: model.Ptr("2033")}))
	w.planID = n.ID
	due := must[model.NAPAction](t)(s.NAPs.CreateAction(ctx, w.hrv, n.ID, service.Given(model.NAPActionInput{Title: model.Ptr("Train customs"), Due: model.Ptr("2030-04-20")})))
	w.actionID = due.ID
	done := must[model.NAPAction](t)(s.NAPs.CreateAction(ctx, w.hrv, n.ID, service.Given(model.NAPActionInput{Title: model.Ptr("Pass the law"), Due: model.Ptr("2030-04-20")})))
	must[model.NAPAction](t)(s.NAPs.UpdateAction(ctx, w.hrv, n.ID, done.ID, service.Given(model.NAPActionInput{Status: model.Ptr("completed"), Progress: model.Ptr("100"), Version: done.Version})))
	must[service.NAPView](t)(s.NAPs.Adopt(ctx, w.hrv, n.ID, service.Given(model.NAPAdoption{Authority: "Government", Date: "2030-03-30"})))
	w.told("draft and adoption", "Plan Lavender")
	if _, _, err := s.NAPs.Submit(ctx, w.hrv, n.ID, nil); err != nil {
		t.Fatal(err)
	}
	w.told("submitted", "submitted its plan “Plan Lavender”", w.chief, w.expert, w.secretariat)

	// nap.action-overdue: the State's editors and coordinators, once per
	// action (the completed one tells nobody).
	w.scan(model.MustDate("2030-04-20"))
	w.told("due today", "is overdue")
	w.scan(model.MustDate("2030-04-21"))
	w.told("overdue", "Action “Train customs” of Croatia's plan “Plan Lavender” is overdue", w.hrv, w.hrv2, w.hrvEd)
	w.told("completed", "“Pass the law”")
	w.scan(model.MustDate("2030-04-22"))
	w.told("overdue, scanned again", "is overdue")
}

func (w *noticeWorld) matrix() {
	t, ctx, s := w.t, w.ctx, w.s
	must[model.MatrixCell](t)(s.Matrix.SetCell(ctx, w.expert, "MNE", service.Given(model.MatrixCellInput{FieldID: "OP1-01", Status: "X"})))
	// sent → the State's editors and coordinators.
	must[model.MatrixEdition](t)(s.Matrix.Send(ctx, w.expert, "MNE", service.Given(model.ReviewInput{Note: "Please check the export control laws"})))
	w.told("sent", "was sent to Montenegro for review", w.mne, w.mneEd)
	// changes requested → the Committee's experts (not the secretariat).
	must[model.MatrixEdition](t)(s.Matrix.RequestChanges(ctx, w.mne, "MNE", service.Given(model.ReviewInput{Note: "Our 2019 law is missing"})))
	w.told("changes requested", "Montenegro asked for changes", w.chief, w.expert)
	must[model.MatrixEdition](t)(s.Matrix.Send(ctx, w.expert, "MNE", service.Given(model.ReviewInput{})))
	w.told("sent again", "was sent to Montenegro for review", w.mne, w.mneEd)
	// agreed → the experts; approved → the State.
	must[model.MatrixEdition](t)(s.Matrix.Agree(ctx, w.mne, "MNE", service.Given(model.ReviewInput{})))
	w.told("agreed", "Montenegro agreed to edition", w.chief, w.expert)
	must[model.MatrixEdition](t)(s.Matrix.Approve(ctx, w.chief, "MNE", service.Given(model.ReviewInput{})))
	w.told("approved", "was approved by the 1540 Committee", w.mne, w.mneEd)
}
