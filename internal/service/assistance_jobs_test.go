package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// inbox lists the titles in an account's inbox.
func inbox(t *testing.T, s *service.Services, v model.Viewer) []string {
	t.Helper()
	l, err := s.Notifications.List(context.Background(), v, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range l.Items {
		out = append(out, string(n.Kind)+": "+n.Title)
	}
	return out
}

func hasNotice(titles []string, kind model.NoticeKind) bool {
	for _, x := range titles {
		if strings.HasPrefix(x, string(kind)+":") {
			return true
		}
	}
	return false
}

// TestAssistanceTimersRunAsJobs: the procedure on the job engine. The
// consent window closes by the deadline scan of the job engine, with the
// services' clock, never by a read; each step tells who should know
// through the notifications, and nobody who may not read the request: the
// Committee of a submission, the State of the acknowledgement, the
// providers of the request's areas of its circulation, both sides of the
// match, the State and the Committee of the one-year follow-up.
func TestAssistanceTimersRunAsJobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClock(nyc("2026-10-01 10:00"))
		jobs := fastJobs
		jobs.ScanEvery = 50 * time.Millisecond
		s := mailServices(t, db, "", c.now, jobs)
		a := s.Assistance
		hrvEditor := account(t, s, "HRV", model.RoleEditor, "editor@hrv.example.org")
		hrvCoord := account(t, s, "HRV", model.RoleCoordinator, "coordinator@hrv.example.org")
		committee := account(t, s, "UNSC1540", model.RoleEditor, "expert@unsc1540.example.org")
		goe := account(t, s, "UNSC1540-GOE", model.RoleEditor, "expert@goe.example.org")
		wco := account(t, s, "WCO", model.RoleEditor, "desk@wco.example.org")
		iaea := account(t, s, "IAEA", model.RoleEditor, "desk@iaea.example.org")
		srb := account(t, s, "SRB", model.RoleCoordinator, "coordinator@srb.example.org")
		g, err := a.CreateProgramme(ctx, wco, "WCO", model.ProgrammeInput{Title: model.Ptr("Customs training"), Areas: &[]string{"AS-EXPORT"},
			Modalities: &[]string{"training"}, Status: model.Ptr("open")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.CreateProgramme(ctx, iaea, "IAEA", model.ProgrammeInput{Title: model.Ptr("Nuclear"), Areas: &[]string{"AS-NUC"},
			Modalities: &[]string{"training"}, Status: model.Ptr("open")}); err != nil {
			t.Fatal(err)
		}
		r := newRequest(t, a, hrvEditor, "HRV", "Export help")
		if _, err := a.Submit(ctx, hrvCoord, r.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Acknowledge(ctx, goe, r.ID, nil); err != nil {
			t.Fatal(err)
		}
		waitIdle(t, s)
		if got := inbox(t, s, committee); !hasNotice(got, model.NoticeAssistanceSubmitted) {
			t.Errorf("the Committee was not told of the submission: %q", got)
		}
		if got := inbox(t, s, hrvEditor); !hasNotice(got, model.NoticeAssistanceAcknowledged) || !strings.Contains(strings.Join(got, " "), "8 October 2026") {
			t.Errorf("the State was not told of the acknowledgement and its window: %q", got)
		}
		for _, v := range []model.Viewer{wco, iaea, srb} {
			if got := inbox(t, s, v); len(got) != 0 {
				t.Errorf("%s is told of a request it may not read: %q", v.Label(), got)
			}
		}
		// Inside the window, the scans circulate nothing.
		c.set(nyc("2026-10-08 23:30"))
		time.Sleep(200 * time.Millisecond) // several scans (a guard: the assertion is that none acted)
		waitIdle(t, s)
		if got := mustRequest(t, a, model.SystemViewer("test"), r.ID); got.Status != model.RequestAcknowledged {
			t.Fatalf("circulated inside the window: %s", got.Status)
		}
		// The window closes at midnight in New York: the next scan circulates it.
		c.set(nyc("2026-10-09 00:01"))
		eventually(t, "the scan circulates the request", func() bool {
			return mustRequest(t, a, model.SystemViewer("test"), r.ID).Status == model.RequestCirculated
		})
		waitIdle(t, s)
		if got := inbox(t, s, wco); !hasNotice(got, model.NoticeAssistanceCirculated) {
			t.Errorf("a provider of the area was not told of the circulation: %q", got)
		}
		if got := inbox(t, s, hrvCoord); !hasNotice(got, model.NoticeAssistanceCirculated) {
			t.Errorf("the State was not told of the circulation: %q", got)
		}
		for _, v := range []model.Viewer{iaea, srb} {
			if got := inbox(t, s, v); len(got) != 0 {
				t.Errorf("%s (no programme in the area) is told: %q", v.Label(), got)
			}
		}
		// The offer and the match: both sides are told.
		if _, err := a.Offer(ctx, wco, r.Needs[0].ID, service.Given(model.OfferInput{Programme: g.ID})); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Match(ctx, goe, r.Needs[0].ID, service.Given(model.MatchInput{Programme: g.ID})); err != nil {
			t.Fatal(err)
		}
		waitIdle(t, s)
		if got := inbox(t, s, hrvCoord); !hasNotice(got, model.NoticeAssistanceOffer) || !hasNotice(got, model.NoticeAssistanceMatch) {
			t.Errorf("the State was not told of the offer and the match: %q", got)
		}
		if got := inbox(t, s, wco); !hasNotice(got, model.NoticeAssistanceMatch) || hasNotice(got, model.NoticeAssistanceOffer) {
			t.Errorf("the provider: %q (told of the match, not of its own offer)", got)
		}
		if got := inbox(t, s, committee); !hasNotice(got, model.NoticeAssistanceMatch) {
			t.Errorf("the Committee was not told of the match: %q", got)
		}
		if got := inbox(t, s, goe); hasNotice(got, model.NoticeAssistanceMatch) {
			t.Errorf("the expert who confirmed is told of it: %q", got)
		}
		if got := inbox(t, s, srb); len(got) != 0 {
			t.Errorf("another State is told: %q", got)
		}
		// A year later the follow-up asks the State and the Committee, once.
		c.set(nyc("2027-10-09 00:30"))
		eventually(t, "the follow-up is asked", func() bool {
			return !mustRequest(t, a, model.SystemViewer("test"), r.ID).FollowUpAt.IsZero()
		})
		time.Sleep(200 * time.Millisecond)
		waitIdle(t, s)
		n := 0
		for _, x := range inbox(t, s, hrvCoord) {
			if strings.HasPrefix(x, string(model.NoticeAssistanceFollowUp)) {
				n++
			}
		}
		if n != 1 || !hasNotice(inbox(t, s, committee), model.NoticeAssistanceFollowUp) {
			t.Errorf("the follow-up reached the State %d times; the Committee %q", n, inbox(t, s, committee))
		}
	})
}
