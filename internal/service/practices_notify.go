package service

import (
	"context"
	"strconv"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// The practices' review on the notifications of the job engine (issue 10's
// contract): each step tells the other side inside the step's transaction,
// and the practice's record kind is registered so that every step of a
// notice asks the one policy again (a follower who may not read a practice
// shared with others is never told of it).

// practiceNoticeKinds are the notices of the review's steps.
var practiceNoticeKinds = map[model.PracticeStep]model.NoticeKind{
	model.PracticeStepSubmit: model.NoticePracticeSubmitted, model.PracticeStepReturn: model.NoticePracticeReturned,
	model.PracticeStepVerify: model.NoticePracticeVerified, model.PracticeStepPublish: model.NoticePracticePublished,
}

// practiceNotice is the notice of step, taken by v, that left p as it is:
//
//   - submitted: the Committee's experts and the secretariat (editors and
//     coordinators of the Committee level, who review);
//   - returned, with the reasons in the e-mail, and verified: the owner's
//     editors and coordinators (the authors; a verified practice waits for
//     the owner's coordinator to publish it);
//   - published: the authors, and the followers of the submitting State
//     (and its groups) or organisation's groups and of the source event.
//
// The one who took the step is never told.
func (s *Practices) practiceNotice(p model.Practice, step model.PracticeStep, v model.Viewer) (model.Notice, bool) {
	kind, ok := practiceNoticeKinds[step]
	if !ok {
		return model.Notice{}, false
	}
	id := strconv.FormatInt(p.ID, 10)
	n := model.Notice{Kind: kind, Record: model.RecordRef{Kind: "practice", ID: id}, URL: "/practices/" + id,
		To: model.Recipients{Except: []int64{v.ID()}}}
	authors := []model.OrgRecipients{{Org: p.Owner, Role: model.RoleEditor}}
	switch step {
	case model.PracticeStepSubmit:
		n.Msg = model.Msg("svcnotices.practice.submitted", model.ArgOrg(p.Owner), titleArg(p.Title), model.ArgKey("practices.kind."+string(p.Kind)))
		n.To.Committee = model.RoleEditor
	case model.PracticeStepReturn:
		n.Msg = model.Msg("svcnotices.practice.returned", titleArg(p.Title))
		n.BodyMsg = model.Msg("svcnotices.practice.returned.body", model.ArgText(model.Truncate(p.ReturnReason, 4800)))
		n.To.Orgs = authors
	case model.PracticeStepVerify:
		n.Msg = model.Msg("svcnotices.practice.verified", titleArg(p.Title))
		n.To.Orgs = authors
	case model.PracticeStepPublish:
		n.Msg = model.Msg("svcnotices.practice.published", model.ArgOrg(p.Submitter), titleArg(p.Title))
		n.To.Orgs = authors
		if s.cat.State(p.Submitter) != nil {
			n.To.Followers = s.notices.StateFollowers(p.Submitter)
		} else {
			for _, m := range s.cat.GroupsOf(p.Submitter) {
				n.To.Followers = append(n.To.Followers, model.FollowTarget{Kind: model.FollowGroup, Target: m.Group.Code})
			}
		}
		if p.SourceEvent != 0 {
			n.To.Followers = append(n.To.Followers, model.FollowTarget{Kind: model.FollowEvent, Target: strconv.FormatInt(p.SourceEvent, 10)})
		}
	}
	return n, true
}

// tell sends the notice of step through the notifications, inside the
// step's transaction.
func (s *Practices) tell(ctx context.Context, tx *store.Tx, p model.Practice, step model.PracticeStep, v model.Viewer) error {
	if s.notices == nil {
		return nil
	}
	n, ok := s.practiceNotice(p, step, v)
	if !ok {
		return nil
	}
	return s.notices.Send(ctx, tx, n)
}

// wirePractices registers the practice record kind with the notifications
// and gives the practices their notifier.
func (s *Services) wirePractices() {
	db, cat := s.deps.DB, s.deps.Catalog
	s.Notifications.RegisterRecord("practice", func(ctx context.Context, id string) (RecordInfo, error) {
		p, err := db.Practice(ctx, parseRecordID(id))
		if err != nil {
			return RecordInfo{}, err
		}
		return RecordInfo{Record: policy.PracticeRecord(p), Title: p.Title + " (" + cat.OrgName(p.Submitter) + ")", URL: "/practices/" + id}, nil
	})
	s.Practices.notices = s.Notifications
}
