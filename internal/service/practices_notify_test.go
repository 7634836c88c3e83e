package service_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestPracticeReviewNotices: each step of a practice's review tells the
// other side through the notifications of the job engine, and nobody who
// may not read the practice. Submitted: the Committee's experts and the
// secretariat (editors), not the Committee's viewers nor other States.
// Returned and verified: the owner's editors and coordinators, not its
// viewers nor the reviewers. Published: the authors and the followers of
// the submitting State, of its group and of the source event; a follower
// of another State is not told (the control), and a practice published
// for a few is told only to the followers who may read it (the one
// policy). The one who took a step is never told of it.
func TestPracticeReviewNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := mailServices(t, db, "", nil, fastJobs)
		p := s.Practices
		hrvCoord := account(t, s, "HRV", model.RoleCoordinator, "coordinator@hrv.example.org")
		hrvEditor := account(t, s, "HRV", model.RoleEditor, "editor@hrv.example.org")
		hrvViewer := account(t, s, "HRV", model.RoleViewer, "viewer@hrv.example.org")
		expert := account(t, s, "UNSC1540", model.RoleEditor, "expert@unsc1540.example.org")
		expert2 := account(t, s, "UNSC1540", model.RoleCoordinator, "chair@unsc1540.example.org")
		committeeViewer := account(t, s, "UNSC1540", model.RoleViewer, "viewer@unsc1540.example.org")
		secretariat := account(t, s, "UNODA", model.RoleEditor, "desk@unoda.example.org")
		srb := account(t, s, "SRB", model.RoleCoordinator, "coordinator@srb.example.org")
		stateFollower := account(t, s, "SRB", model.RoleViewer, "follower@srb.example.org")
		follow(t, s, stateFollower, model.FollowState, "HRV")
		groupFollower := account(t, s, "IAEA", model.RoleEditor, "follower@iaea.example.org")
		follow(t, s, groupFollower, model.FollowGroup, "SEE")
		ev, err := s.Events.Create(ctx, hrvCoord, model.EventInput{Kind: "meeting", Title: "Workshop on brokering", Start: "2017-10-02", End: "2017-10-03", Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		eventFollower := account(t, s, "ALB", model.RoleViewer, "follower@alb.example.org")
		follow(t, s, eventFollower, model.FollowEvent, strconv.FormatInt(ev.ID, 10))
		mneFollower := account(t, s, "MNE", model.RoleViewer, "follower@mne.example.org")
		follow(t, s, mneFollower, model.FollowState, "HRV")
		otherFollower := account(t, s, "MKD", model.RoleViewer, "follower@mkd.example.org")
		follow(t, s, otherFollower, model.FollowState, "SRB")
		everyone := map[string]model.Viewer{
			"HRV coordinator": hrvCoord, "HRV editor": hrvEditor, "HRV viewer": hrvViewer, "an expert": expert, "the chair": expert2,
			"a Committee viewer": committeeViewer, "the secretariat": secretariat, "SRB": srb, "a follower of HRV": stateFollower,
			"a follower of SEE": groupFollower, "a follower of the event": eventFollower, "a follower of HRV in MNE": mneFollower,
			"a follower of SRB": otherFollower,
		}
		// told checks who holds a notice of kind about practice id.
		told := func(step string, kind model.NoticeKind, id int64, want ...string) {
			t.Helper()
			waitIdle(t, s)
			url := "/practices/" + strconv.FormatInt(id, 10)
			for who, v := range everyone {
				l, err := s.Notifications.List(ctx, v, 0, 100)
				if err != nil {
					t.Fatal(err)
				}
				got := false
				for _, n := range l.Items {
					if n.Kind == kind && n.URL == url {
						got = true
					}
				}
				if want := slices.Contains(want, who); got != want {
					t.Errorf("%s: %s told %v, want %v (inbox %q)", step, who, got, want, inbox(t, s, v))
				}
			}
		}
		step := func(v model.Viewer, id int64, st model.PracticeStep, reason string) {
			t.Helper()
			if _, err := p.Step(ctx, v, id, st, service.Given(model.PracticeReturn{Reason: reason})); err != nil {
				t.Fatalf("%s: %v", st, err)
			}
		}

		pr, err := p.Create(ctx, hrvEditor, service.Given(model.PracticeInput{Title: "Brokering controls in the customs law", Body: "Brokers register.",
			Submitter: "HRV", SourceEvent: ev.ID}))
		if err != nil {
			t.Fatal(err)
		}
		step(hrvEditor, pr.ID, model.PracticeStepSubmit, "")
		told("submit", model.NoticePracticeSubmitted, pr.ID, "an expert", "the chair", "the secretariat")
		step(expert, pr.ID, model.PracticeStepReturn, "Name the law and its article.")
		told("return", model.NoticePracticeReturned, pr.ID, "HRV coordinator", "HRV editor")
		if got := inbox(t, s, hrvEditor); !hasNotice(got, model.NoticePracticeReturned) {
			t.Fatalf("the editor's inbox: %q", got)
		}
		step(hrvEditor, pr.ID, model.PracticeStepSubmit, "")
		step(expert, pr.ID, model.PracticeStepVerify, "")
		told("verify", model.NoticePracticeVerified, pr.ID, "HRV coordinator", "HRV editor")
		step(hrvCoord, pr.ID, model.PracticeStepPublish, "")
		told("publish", model.NoticePracticePublished, pr.ID, "HRV editor", "a follower of HRV", "a follower of SEE", "a follower of the event", "a follower of HRV in MNE")

		// Published for Montenegro only: of the followers of Croatia, only
		// the one in Montenegro may read it, so only that one is told.
		few, err := p.Create(ctx, hrvEditor, service.Given(model.PracticeInput{Title: "Licensing brokers, shared", Body: "For a few.",
			Submitter: "HRV", Audience: "shared", SharedWith: []string{"MNE"}}))
		if err != nil {
			t.Fatal(err)
		}
		step(hrvEditor, few.ID, model.PracticeStepSubmit, "")
		step(expert2, few.ID, model.PracticeStepVerify, "")
		step(hrvCoord, few.ID, model.PracticeStepPublish, "")
		told("publish shared", model.NoticePracticePublished, few.ID, "HRV editor", "a follower of HRV in MNE")

		// The returned notice carries the reasons to the authors' e-mail,
		// and the inbox shows the practice's title.
		l, err := s.Notifications.List(ctx, hrvCoord, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range l.Items {
			if n.Kind == model.NoticePracticeReturned && (!strings.Contains(n.Body, "Name the law and its article.") || !strings.Contains(n.Title, pr.Title)) {
				t.Errorf("returned notice %+v", n)
			}
		}
	})
}
