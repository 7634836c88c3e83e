package service_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// moving is a time the test sets.
type moving struct{ t atomic.Pointer[time.Time] }

func newClock(t time.Time) *moving { c := &moving{}; c.set(t); return c }
func (c *moving) now() time.Time   { return *c.t.Load() }
func (c *moving) set(t time.Time)  { c.t.Store(&t) }

func assistanceServices(t testing.TB, db *store.DB, c *moving) *service.Services {
	t.Helper()
	return service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: c.now})
}

// nyc is a wall-clock time at UN Headquarters.
func nyc(s string) time.Time {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

func need(area string, modalities ...string) model.NeedInput {
	return model.NeedInput{Area: area, Modalities: modalities, Description: "Need " + area}
}

func newRequest(t testing.TB, a *service.Assistance, v model.Viewer, owner, title string, needs ...model.NeedInput) service.RequestView {
	t.Helper()
	if len(needs) == 0 {
		needs = []model.NeedInput{need("AS-EXPORT", "training")}
	}
	r, err := a.Create(context.Background(), v, owner, model.RequestInput{Title: &title, Description: model.Ptr("Secret situation of " + title),
		Summary: model.Ptr("Public summary of " + title), Language: model.Ptr("en"), Contact: &model.RequestContact{Name: "Ana Contact", Email: "ana@example.org"},
		Needs: &needs})
	if err != nil {
		t.Fatalf("create %q: %v", title, err)
	}
	return r
}

// acknowledged is a request of Croatia's submitted and acknowledged on day.
func acknowledged(t testing.TB, a *service.Assistance, title, day string) service.RequestView {
	t.Helper()
	ctx := context.Background()
	r := newRequest(t, a, viewer(t, "HRV", model.RoleEditor), "HRV", title)
	if _, err := a.Submit(ctx, viewer(t, "HRV", model.RoleCoordinator), r.ID, nil); err != nil {
		t.Fatal(err)
	}
	r, err := a.Acknowledge(ctx, viewer(t, "UNSC1540", model.RoleEditor), r.ID, service.Given(model.Acknowledgement{Date: day}))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func problemOn(err error, field string) bool {
	p, ok := model.AsProblems(err)
	return ok && p[field] != ""
}

// TestConsentWindowTimers: acknowledged on Thursday 1 October 2026, the
// window's last day is Thursday 8 October; the timers, driven by the
// test's clock, circulate the request only once that day has ended in New
// York, once, and ask the one-year follow-up once, a year later. An
// objection is taken until the window closes and refused after it.
func TestConsentWindowTimers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClock(nyc("2026-10-01 10:00"))
		a := assistanceServices(t, db, c).Assistance
		r := acknowledged(t, a, "Export licensing help", "")
		if r.Acknowledged != model.MustDate("2026-10-01") || r.Deadline != model.MustDate("2026-10-08") || r.Status != model.RequestAcknowledged {
			t.Fatalf("acknowledged %s, deadline %s, status %s", r.Acknowledged, r.Deadline, r.Status)
		}
		if want := time.Date(2026, 10, 9, 4, 0, 0, 0, time.UTC); !r.WindowCloses.Equal(want) {
			t.Errorf("window closes %s, want %s", r.WindowCloses, want)
		}
		other := acknowledged(t, a, "Objected request", "")

		// The last minute of the window: nothing is due; the State may object.
		c.set(nyc("2026-10-08 23:59"))
		if run, err := a.RunTimers(ctx); err != nil || len(run.Circulated) != 0 {
			t.Fatalf("inside the window: %+v %v", run, err)
		}
		if o, err := a.Object(ctx, viewer(t, "HRV", model.RoleCoordinator), other.ID, nil); err != nil || o.Status != model.RequestWithheld {
			t.Fatalf("an objection inside the window: %+v %v", o.Status, err)
		}
		// Midnight in New York: the window closed.
		c.set(nyc("2026-10-09 00:00"))
		if _, err := a.Object(ctx, viewer(t, "HRV", model.RoleCoordinator), r.ID, nil); !problemOn(err, "objection_deadline") {
			t.Errorf("an objection after the window: %v", err)
		}
		got, _ := a.Request(ctx, model.Anonymous, r.ID)
		if got.ID != 0 {
			t.Error("the public reads the request before a timer circulated it")
		}
		run, err := a.RunTimers(ctx)
		if err != nil || len(run.Circulated) != 1 || run.Circulated[0] != r.ID {
			t.Fatalf("the window closed: %+v %v", run, err)
		}
		if run, err := a.RunTimers(ctx); err != nil || len(run.Circulated)+len(run.FollowedUp) != 0 {
			t.Errorf("a second run acted again: %+v %v", run, err)
		}
		pub, err := a.Request(ctx, model.Anonymous, r.ID)
		if err != nil || pub.Status != model.RequestCirculated || pub.Visibility != model.VisPublic {
			t.Fatalf("after circulation the public reads %+v %v", pub.Status, err)
		}
		if _, err := a.Request(ctx, model.Anonymous, other.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("the objected request is public: %v", err)
		}
		full, _ := a.Request(ctx, model.SystemViewer("test"), r.ID)
		if !full.CirculatedAt.Equal(nyc("2026-10-09 00:00")) || !full.FollowUpDue.Equal(nyc("2027-10-09 00:00")) {
			t.Errorf("circulated %s, follow-up due %s", full.CirculatedAt, full.FollowUpDue)
		}
		// A year later, the follow-up is asked once.
		c.set(nyc("2027-10-08 23:00"))
		if run, _ := a.RunTimers(ctx); len(run.FollowedUp) != 0 {
			t.Errorf("follow-up before the year: %+v", run)
		}
		c.set(nyc("2027-10-09 00:30"))
		if run, err := a.RunTimers(ctx); err != nil || len(run.FollowedUp) != 1 {
			t.Errorf("follow-up: %+v %v", run, err)
		}
		if run, _ := a.RunTimers(ctx); len(run.FollowedUp) != 0 {
			t.Errorf("follow-up asked twice: %+v", run)
		}
		x, err := a.Extras(ctx, model.SystemViewer("test"), mustRequest(t, a, model.SystemViewer("test"), r.ID))
		if err != nil {
			t.Fatal(err)
		}
		var steps []string
		for _, e := range x.History {
			steps = append(steps, e.Step)
		}
		if got := strings.Join(steps, " "); got != "draft submit acknowledge circulate follow-up" {
			t.Errorf("history %s", got)
		}
	})
}

func mustRequest(t testing.TB, a *service.Assistance, v model.Viewer, id int64) service.RequestView {
	t.Helper()
	r, err := a.Request(context.Background(), v, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestProcedureStateMachine is the procedure as a table through the
// service: every step from every status either moves as the table says or
// is refused with the status named, and nothing changes on a refusal.
func TestProcedureStateMachine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClock(nyc("2026-10-01 10:00"))
		a := assistanceServices(t, db, c).Assistance
		coord, expert := viewer(t, "HRV", model.RoleCoordinator), viewer(t, "UNSC1540", model.RoleEditor)
		steps := map[model.RequestStep]func(id int64) (service.RequestView, error){
			model.StepSubmit:      func(id int64) (service.RequestView, error) { return a.Submit(ctx, coord, id, nil) },
			model.StepAcknowledge: func(id int64) (service.RequestView, error) { return a.Acknowledge(ctx, expert, id, nil) },
			model.StepObject:      func(id int64) (service.RequestView, error) { return a.Object(ctx, coord, id, nil) },
			model.StepConsent:     func(id int64) (service.RequestView, error) { return a.Consent(ctx, coord, id, nil) },
			model.StepClose:       func(id int64) (service.RequestView, error) { return a.Close(ctx, expert, id, nil) },
			model.StepWithdraw:    func(id int64) (service.RequestView, error) { return a.Withdraw(ctx, coord, id, nil) },
		}
		// reach makes a request in status st.
		reach := func(st model.RequestStatus) int64 {
			r := newRequest(t, a, coord, "HRV", "Request "+string(st))
			path := map[model.RequestStatus][]model.RequestStep{
				model.RequestDraft:        nil,
				model.RequestSubmitted:    {model.StepSubmit},
				model.RequestAcknowledged: {model.StepSubmit, model.StepAcknowledge},
				model.RequestWithheld:     {model.StepSubmit, model.StepAcknowledge, model.StepObject},
				model.RequestCirculated:   {model.StepSubmit, model.StepAcknowledge, model.StepObject, model.StepConsent},
				model.RequestClosed:       {model.StepSubmit, model.StepAcknowledge, model.StepObject, model.StepClose},
				model.RequestWithdrawn:    {model.StepWithdraw},
			}[st]
			for _, s := range path {
				if _, err := steps[s](r.ID); err != nil {
					t.Fatalf("reaching %s by %s: %v", st, s, err)
				}
			}
			return r.ID
		}
		for _, from := range model.RequestStatuses {
			for step, do := range steps {
				id := reach(from)
				want, allowed := from.Take(step)
				got, err := do(id)
				switch {
				case allowed && err != nil:
					t.Errorf("%s from %s: %v", step, from, err)
				case allowed && got.Status != want:
					t.Errorf("%s from %s: %s, want %s", step, from, got.Status, want)
				case !allowed && from == model.RequestDraft && (step == model.StepAcknowledge || step == model.StepClose) && errors.Is(err, model.ErrNotFound):
					// The Committee does not read a draft at all.
				case !allowed && !problemOn(err, "status"):
					t.Errorf("%s from %s is allowed (%v), the table says no", step, from, err)
				case !allowed:
					if now := mustRequest(t, a, model.SystemViewer("test"), id); now.Status != from {
						t.Errorf("%s from %s refused, yet the status is %s", step, from, now.Status)
					}
				}
			}
		}
	})
}

// TestStepsWhoMay: each step belongs to its side: the State's editor may
// not submit, the State may not acknowledge, the Committee may not
// object; another State and a provider do not find the request.
func TestStepsWhoMay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := assistanceServices(t, db, newClock(nyc("2026-10-01 10:00"))).Assistance
		r := newRequest(t, a, viewer(t, "HRV", model.RoleEditor), "HRV", "Who may")
		if _, err := a.Submit(ctx, viewer(t, "HRV", model.RoleEditor), r.ID, nil); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("an editor submits: %v", err)
		}
		for _, o := range []string{"SRB", "IAEA", "UNSC1540"} {
			if _, err := a.Submit(ctx, viewer(t, o, model.RoleCoordinator), r.ID, nil); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s submits a draft it may not read: %v", o, err)
			}
		}
		if _, err := a.Submit(ctx, viewer(t, "HRV", model.RoleCoordinator), r.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Acknowledge(ctx, viewer(t, "HRV", model.RoleCoordinator), r.ID, nil); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("the State acknowledges: %v", err)
		}
		if _, err := a.Acknowledge(ctx, viewer(t, "IAEA", model.RoleCoordinator), r.ID, nil); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a provider acknowledges a request it may not read: %v", err)
		}
		if _, err := a.Acknowledge(ctx, viewer(t, "UNODA", model.RoleEditor), r.ID, nil); err != nil {
			t.Errorf("the secretariat acknowledges: %v", err)
		}
		if _, err := a.Object(ctx, viewer(t, "UNSC1540", model.RoleCoordinator), r.ID, nil); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("the Committee objects: %v", err)
		}
	})
}

// TestAcknowledgementDates: a past day for a request that came by note
// verbale (not before it came), never a day after today.
func TestAcknowledgementDates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := assistanceServices(t, db, newClock(nyc("2026-10-20 10:00"))).Assistance
		coord, expert := viewer(t, "HRV", model.RoleCoordinator), viewer(t, "UNSC1540", model.RoleEditor)
		r := newRequest(t, a, coord, "HRV", "Dates")
		if _, err := a.Submit(ctx, coord, r.ID, nil); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct{ day, field string }{
			{"2026-10-21", "date"}, {"2026-10-19", "date"}, {"2026-13-01", "date"}, {"yesterday", "date"},
		} {
			if _, err := a.Acknowledge(ctx, expert, r.ID, service.Given(model.Acknowledgement{Date: tc.day})); !problemOn(err, tc.field) {
				t.Errorf("acknowledged on %s: %v", tc.day, err)
			}
		}
		if got := mustRequest(t, a, expert, r.ID); got.Status != model.RequestSubmitted {
			t.Fatalf("a refused acknowledgement changed the status to %s", got.Status)
		}
		// It came by note verbale on 2 October: acknowledged on 5 October.
		nv := newRequest(t, a, coord, "HRV", "Paper request")
		if _, err := a.Update(ctx, coord, nv.ID, service.Given(model.RequestInput{NoteVerbaleDate: model.Ptr("2026-10-02"), NoteVerbaleRef: model.Ptr("HRV/1540/12"), Version: nv.Version})); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Submit(ctx, coord, nv.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Acknowledge(ctx, expert, nv.ID, service.Given(model.Acknowledgement{Date: "2026-10-01"})); !problemOn(err, "date") {
			t.Errorf("before the note verbale: %v", err)
		}
		got, err := a.Acknowledge(ctx, expert, nv.ID, service.Given(model.Acknowledgement{Date: "2026-10-05"}))
		if err != nil || got.Deadline != model.MustDate("2026-10-12") {
			t.Errorf("past acknowledgement: %s %v", got.Deadline, err)
		}
		// Its window is over already: the next timer run circulates it.
		run, err := a.RunTimers(ctx)
		if err != nil || len(run.Circulated) != 1 || run.Circulated[0] != nv.ID {
			t.Errorf("a past window: %+v %v", run, err)
		}
	})
}

// TestRequestBadInput: unknown codes, a need without an area, nothing
// saved.
func TestRequestBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := assistanceServices(t, db, newClock(nyc("2026-10-01 10:00"))).Assistance
		ed := viewer(t, "HRV", model.RoleEditor)
		title := "Bad"
		for name, tc := range map[string]struct {
			needs []model.NeedInput
			field string
		}{
			"unknown area":     {[]model.NeedInput{need("AS-NOPE", "training")}, "needs[0].area"},
			"no area":          {[]model.NeedInput{need("", "training")}, "needs[0].area"},
			"unknown modality": {[]model.NeedInput{need("AS-LEG", "telepathy")}, "needs[0].modalities"},
			"no modality":      {[]model.NeedInput{need("AS-LEG")}, "needs[0].modalities"},
			"no need":          {[]model.NeedInput{}, "needs"},
			"unknown field":    {[]model.NeedInput{{Area: "AS-LEG", Modalities: []string{"training"}, Elements: []string{"OP9-99"}}}, "needs[0].elements"},
			"foreign action":   {[]model.NeedInput{{Area: "AS-LEG", Modalities: []string{"training"}, Actions: []int64{999}}}, "needs[0].actions"},
		} {
			_, err := a.Create(ctx, ed, "HRV", model.RequestInput{Title: &title, Needs: &tc.needs})
			if !problemOn(err, tc.field) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if rs, _ := a.Requests(ctx, ed, model.RequestFilter{}); len(rs) != 0 {
			t.Errorf("refused requests were saved: %d", len(rs))
		}
		// An organisation files only for a group; a committee never.
		if _, err := a.Create(ctx, viewer(t, "RACVIAC", model.RoleEditor), "RACVIAC", model.RequestInput{Title: &title,
			Needs: &[]model.NeedInput{need("AS-LEG", "training")}}); !problemOn(err, "group") {
			t.Errorf("an organisation without a group: %v", err)
		}
		if _, err := a.Create(ctx, viewer(t, "UNSC1540", model.RoleEditor), "UNSC1540", model.RequestInput{Title: &title,
			Needs: &[]model.NeedInput{need("AS-LEG", "training")}}); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("the Committee asks for assistance: %v", err)
		}
		// A NAP action of another State's plan is not the requester's.
		srb := viewer(t, "SRB", model.RoleEditor)
		plan := mkPlan(t, assistanceServices(t, db, newClock(nyc("2026-10-01 10:00"))).NAPs, srb, "SRB", "Serbian plan")
		act := mkAction(t, assistanceServices(t, db, newClock(nyc("2026-10-01 10:00"))).NAPs, srb, plan.ID, "Train customs", "2027-01-01")
		if _, err := a.Create(ctx, ed, "HRV", model.RequestInput{Title: &title, Needs: &[]model.NeedInput{{Area: "AS-LEG", Modalities: []string{"training"},
			Actions: []int64{act.ID}}}}); !problemOn(err, "needs[0].actions") {
			t.Errorf("another State's action: %v", err)
		}
	})
}

// circulated makes a circulated request of Croatia's with needs.
func circulated(t testing.TB, s *service.Services, c *moving, title string, needs ...model.NeedInput) service.RequestView {
	t.Helper()
	ctx := context.Background()
	a := s.Assistance
	now := c.now()
	c.set(nyc("2026-09-01 10:00")) // filed, submitted and acknowledged on 1 September 2026
	r := newRequest(t, a, viewer(t, "HRV", model.RoleEditor), "HRV", title, needs...)
	if _, err := a.Submit(ctx, viewer(t, "HRV", model.RoleCoordinator), r.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Acknowledge(ctx, viewer(t, "UNSC1540", model.RoleEditor), r.ID, nil); err != nil {
		t.Fatal(err)
	}
	c.set(now)
	if _, err := a.RunTimers(ctx); err != nil {
		t.Fatal(err)
	}
	return mustRequest(t, a, model.SystemViewer("test"), r.ID)
}

func programme(t testing.TB, a *service.Assistance, org, title string, in model.ProgrammeInput) service.ProgrammeView {
	t.Helper()
	in.Title = &title
	if in.Status == nil {
		in.Status = model.Ptr("open")
	}
	g, err := a.CreateProgramme(context.Background(), viewer(t, org, model.RoleEditor), org, in)
	if err != nil {
		t.Fatalf("programme %q: %v", title, err)
	}
	return g
}

// TestMatchConflict: two experts confirming different matches for one
// need at once: one wins, the other gets a conflict with the need as it is.
func TestMatchConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClock(nyc("2026-10-20 10:00"))
		s := assistanceServices(t, db, c)
		a := s.Assistance
		r := circulated(t, s, c, "Conflicting match")
		areas := &[]string{"AS-EXPORT"}
		g1 := programme(t, a, "IAEA", "First programme", model.ProgrammeInput{Areas: areas, Modalities: &[]string{"training"}})
		g2 := programme(t, a, "WCO", "Second programme", model.ProgrammeInput{Areas: areas, Modalities: &[]string{"training"}})
		needID := r.Needs[0].ID
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, g := range []int64{g1.ID, g2.ID} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = a.Match(ctx, viewer(t, "UNSC1540-GOE", model.RoleEditor), needID, service.Given(model.MatchInput{Programme: g}))
			}()
		}
		wg.Wait()
		var won, conflicts int
		for _, err := range errs {
			var ce *model.ConflictError
			switch {
			case err == nil:
				won++
			case errors.As(err, &ce):
				conflicts++
				if nv, ok := ce.Current.(service.NeedView); !ok || nv.Match == nil {
					t.Errorf("the conflict does not carry the matched need: %#v", ce.Current)
				}
			default:
				t.Errorf("match: %v", err)
			}
		}
		if won != 1 || conflicts != 1 {
			t.Errorf("%d won, %d conflicts", won, conflicts)
		}
	})
}

// TestMatchAndOfferBadInput: a programme the provider withdrew, one that
// shares no area, a provider offering on a request it may not read.
func TestMatchAndOfferBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClock(nyc("2026-10-20 10:00"))
		s := assistanceServices(t, db, c)
		a := s.Assistance
		r := circulated(t, s, c, "Open request")
		needID := r.Needs[0].ID
		g := programme(t, a, "IAEA", "Withdrawn programme", model.ProgrammeInput{Areas: &[]string{"AS-EXPORT"}, Modalities: &[]string{"training"}})
		if _, err := a.UpdateProgramme(ctx, viewer(t, "IAEA", model.RoleEditor), g.ID, service.Given(model.ProgrammeInput{Status: model.Ptr("withdrawn"), Version: g.Version})); err != nil {
			t.Fatal(err)
		}
		other := programme(t, a, "OPCW", "Chemical only", model.ProgrammeInput{Areas: &[]string{"AS-CHEM"}, Modalities: &[]string{"training"}})
		expert := viewer(t, "UNSC1540-GOE", model.RoleEditor)
		for _, id := range []int64{g.ID, other.ID, 99999} {
			if _, err := a.Match(ctx, expert, needID, service.Given(model.MatchInput{Programme: id})); !problemOn(err, "programme") {
				t.Errorf("match with programme %d: %v", id, err)
			}
		}
		if _, err := a.Offer(ctx, viewer(t, "OPCW", model.RoleEditor), needID, service.Given(model.OfferInput{Programme: other.ID})); !problemOn(err, "programme") {
			t.Errorf("an offer sharing no area: %v", err)
		}
		// A request not circulated: 404 for the provider, whatever it sends.
		hidden := acknowledged(t, a, "Not circulated yet", "2026-10-20")
		good := programme(t, a, "WCO", "Customs training", model.ProgrammeInput{Areas: &[]string{"AS-EXPORT"}, Modalities: &[]string{"training"}})
		if _, err := a.Offer(ctx, viewer(t, "WCO", model.RoleEditor), hidden.Needs[0].ID, service.Given(model.OfferInput{Programme: good.ID})); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("an offer on a request the provider may not read: %v", err)
		}
		// Nothing was matched or offered.
		got := mustRequest(t, a, model.SystemViewer("test"), r.ID)
		x, _ := a.Extras(ctx, model.SystemViewer("test"), got)
		if got.Needs[0].Match != nil || len(x.Offers) != 0 {
			t.Errorf("refusals changed the need: %+v, %d offers", got.Needs[0].Match, len(x.Offers))
		}
		// The control: a fitting offer and match go through.
		if _, err := a.Offer(ctx, viewer(t, "WCO", model.RoleEditor), needID, service.Given(model.OfferInput{Programme: good.ID})); err != nil {
			t.Errorf("a good offer: %v", err)
		}
		if nv, err := a.Match(ctx, expert, needID, service.Given(model.MatchInput{Programme: good.ID})); err != nil || nv.Match == nil || nv.Match.Score < model.MatchThreshold {
			t.Errorf("a good match: %+v %v", nv.Match, err)
		}
	})
}

// TestSummaryFieldRule: once circulated, the public and an outsider read
// the summary only — State, title, areas, modalities, status, summary
// text — in one read and in lists, and a search for a word of the
// description finds nothing for them; a provider reads the details; the
// Committee's notes stay with the Committee.
func TestSummaryFieldRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClock(nyc("2026-10-20 10:00"))
		s := assistanceServices(t, db, c)
		a := s.Assistance
		r := circulated(t, s, c, "Field rule", need("AS-BORDER", "equipment", "training"))
		expert := viewer(t, "UNSC1540", model.RoleEditor)
		if _, err := a.Update(ctx, expert, r.ID, service.Given(model.RequestInput{CommitteeNotes: model.Ptr("Committee only note"), Version: r.Version})); err != nil {
			t.Fatal(err)
		}
		programme(t, a, "WCO", "Border programme", model.ProgrammeInput{Areas: &[]string{"AS-BORDER"}, Modalities: &[]string{"equipment"}})
		for _, tc := range []struct {
			who            model.Viewer
			details, notes bool
		}{
			{model.Anonymous, false, false},
			{viewer(t, "SRB", model.RoleCoordinator), false, false},
			{viewer(t, "WCO", model.RoleViewer), true, false},
			{viewer(t, "HRV", model.RoleViewer), true, false},
			{expert, true, true},
		} {
			got := mustRequest(t, a, tc.who, r.ID)
			if got.Title != "Field rule" || got.Summary != "Public summary of Field rule" || got.Status != model.RequestCirculated ||
				len(got.Needs) != 1 || got.Needs[0].Area != "AS-BORDER" || strings.Join(got.Needs[0].Modalities, " ") != "equipment training" {
				t.Errorf("%s: the summary is incomplete: %+v", tc.who.Label(), got.AssistanceRequest)
			}
			if has := got.Description != "" && got.Contact.Email != "" && got.Needs[0].Description != ""; has != tc.details {
				t.Errorf("%s reads the details: %v, want %v", tc.who.Label(), has, tc.details)
			}
			if !tc.details && (!got.Acknowledged.IsZero() || !got.CirculatedAt.IsZero() || got.Language != "") {
				t.Errorf("%s reads more than the summary: %+v", tc.who.Label(), got.AssistanceRequest)
			}
			if (got.CommitteeNotes != "") != tc.notes {
				t.Errorf("%s reads the Committee's notes: %v", tc.who.Label(), got.CommitteeNotes != "")
			}
			list, err := a.Requests(ctx, tc.who, model.RequestFilter{})
			if err != nil || len(list) != 1 || (list[0].Description != "") != tc.details || (list[0].CommitteeNotes != "") != tc.notes {
				t.Errorf("%s list: %d %v", tc.who.Label(), len(list), err)
			}
			found, err := a.Requests(ctx, tc.who, model.RequestFilter{Query: "secret situation"})
			if err != nil || (len(found) == 1) != tc.details {
				t.Errorf("%s searches the description: %d found (%v), details %v", tc.who.Label(), len(found), err, tc.details)
			}
			if byTitle, _ := a.Requests(ctx, tc.who, model.RequestFilter{Query: "field"}); len(byTitle) != 1 {
				t.Errorf("%s searches the title: %d", tc.who.Label(), len(byTitle))
			}
		}
	})
}

// TestMapNeedsLayer: the maps' open-needs layer classes a State by the
// open needs the viewer may read: Serbia's submitted request colours
// Serbia for Serbia and the Committee, not for Croatia or the public.
func TestMapNeedsLayer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := assistanceServices(t, db, newClock(nyc("2026-10-01 10:00")))
		srb := viewer(t, "SRB", model.RoleCoordinator)
		r := newRequest(t, s.Assistance, srb, "SRB", "Serbian needs", need("AS-LEG", "training"), need("AS-NUC", "equipment"))
		if _, err := s.Assistance.Submit(ctx, srb, r.ID, nil); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			who   model.Viewer
			class int
		}{
			{model.Anonymous, 0}, {viewer(t, "HRV", model.RoleCoordinator), 0}, {viewer(t, "IAEA", model.RoleEditor), 0},
			{srb, 2}, {viewer(t, "UNSC1540", model.RoleViewer), 2},
		} {
			d, err := s.Maps.Data(ctx, tc.who, "needs", "SEE")
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range d.Rows {
				want := 0
				if row.State == "SRB" {
					want = tc.class
				}
				if row.Class != want {
					t.Errorf("%s: %s in class %d, want %d (%s)", tc.who.Label(), row.State, row.Class, want, row.Detail)
				}
			}
		}
	})
}
