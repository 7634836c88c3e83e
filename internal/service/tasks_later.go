package service

import (
	"context"
	"strconv"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
)

// The task sources of the features that landed after the task page
// (issue 18, item 1): assistance (issue 11), practices (issue 12) and the
// record of history (issue 16). Each reads through its feature's own list
// (the one policy) and decides on the capability flags its views carry, so
// a task never names a record the viewer may not read nor asks for a step
// the viewer may not take.

func requestURL(id int64) string { return "/assistance/requests/" + strconv.FormatInt(id, 10) }

// TaskSource is assistance's source: for the requester's coordinator, a
// draft request to submit and a request inside its consent window (object
// before the window closes, or let it be circulated); for the Committee's
// staff, requests awaiting acknowledgement; for the Committee's experts,
// offers to consider on needs not yet matched.
func (s *Assistance) TaskSource() TaskSource { return TaskSource{Name: "assistance", List: s.tasks} }

func (s *Assistance) tasks(ctx context.Context, v model.Viewer, now time.Time) ([]model.Task, error) {
	var out []model.Task
	if !v.SignedIn() {
		return nil, nil
	}
	if v.Role().AtLeast(model.RoleCoordinator) || v.CommitteeLevel() {
		for _, status := range []model.RequestStatus{model.RequestDraft, model.RequestSubmitted, model.RequestAcknowledged} {
			rs, err := s.Requests(ctx, v, model.RequestFilter{Status: status})
			if err != nil {
				return nil, err
			}
			for _, r := range rs {
				switch {
				case status == model.RequestDraft && r.CanSubmit:
					out = append(out, model.Task{Kind: "assistance.submit", Subject: r.Owner, URL: requestURL(r.ID), Since: r.CreatedAt,
						Title: model.Msg("svctasks.assistance.submit", model.ArgText(r.Title))})
				case status == model.RequestSubmitted && r.CanAcknowledge:
					out = append(out, model.Task{Kind: "assistance.acknowledge", Subject: r.Owner, URL: requestURL(r.ID), Since: r.SubmittedAt,
						Title: model.Msg("svctasks.assistance.acknowledge", model.ArgOrg(r.Owner), model.ArgText(r.Title))})
				case status == model.RequestAcknowledged && r.WindowOpen && r.CanObject:
					out = append(out, model.Task{Kind: "assistance.consent", Subject: r.Owner, URL: requestURL(r.ID) + "#workflow-h", Since: r.SubmittedAt, Due: r.Deadline,
						Title: model.Msg("svctasks.assistance.consent", model.ArgText(r.Title), model.ArgDate(r.Deadline), model.ArgOrg(r.Owner))})
				}
			}
		}
	}
	if !policy.IsMatrixExpert(v) && !v.CommitteeLevel() {
		return out, nil
	}
	rs, err := s.Requests(ctx, v, model.RequestFilter{Status: model.RequestCirculated})
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if !r.CanMatch {
			continue
		}
		unmatched := map[int64]bool{}
		for _, n := range r.Needs {
			if n.Open() && n.Match == nil {
				unmatched[n.ID] = true
			}
		}
		if len(unmatched) == 0 {
			continue
		}
		offers, err := s.db.Offers(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		count, since := 0, time.Time{}
		for _, o := range offers {
			if unmatched[o.NeedID] {
				count++
				if since.IsZero() || o.CreatedAt.Before(since) {
					since = o.CreatedAt
				}
			}
		}
		if count > 0 {
			out = append(out, model.Task{Kind: "assistance.offers", Subject: r.Owner, URL: requestURL(r.ID) + "#needs", Since: since,
				Title: model.Msg("svctasks.assistance.offers", model.ArgNum(count), model.ArgOrg(r.Owner), model.ArgText(r.Title))})
		}
	}
	return out, nil
}

// TaskSource is the practices' source: for the Committee level's
// reviewers, practices submitted for review; for the owner's coordinator,
// verified practices to publish; for the owner's editors, drafts the
// reviewers returned with reasons.
func (s *Practices) TaskSource() TaskSource { return TaskSource{Name: "practices", List: s.tasks} }

func (s *Practices) tasks(ctx context.Context, v model.Viewer, _ time.Time) ([]model.Task, error) {
	if !v.SignedIn() || !v.Role().AtLeast(model.RoleEditor) {
		return nil, nil
	}
	var out []model.Task
	for _, status := range []model.PracticeStatus{model.PracticeSubmitted, model.PracticeVerified, model.PracticeDraft} {
		ps, err := s.List(ctx, v, model.PracticeFilter{Status: status})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			url := "/practices/" + strconv.FormatInt(p.ID, 10)
			switch {
			case p.CanVerify:
				out = append(out, model.Task{Kind: "practice.review", Subject: p.Owner, URL: url, Since: p.UpdatedAt,
					Title: model.Msg("svctasks.practice.review", model.ArgText(p.Title), model.ArgOrg(p.Owner))})
			case p.CanPublish:
				out = append(out, model.Task{Kind: "practice.publish", Subject: p.Owner, URL: url, Since: p.UpdatedAt,
					Title: model.Msg("svctasks.practice.publish", model.ArgText(p.Title))})
			case status == model.PracticeDraft && p.CanSubmit && p.ReturnReason != "":
				out = append(out, model.Task{Kind: "practice.returned", Subject: p.Owner, URL: url, Since: p.UpdatedAt,
					Title: model.Msg("svctasks.practice.returned", model.ArgText(p.Title))})
			}
		}
	}
	return out, nil
}

// TaskSource is the record of history's source: for the 1540 Committee's
// editors and coordinators, the disputed dates of national reports, plans
// and matrix editions awaiting their decision.
func (h *History) TaskSource() TaskSource { return TaskSource{Name: "history", List: h.tasks} }

func (h *History) tasks(ctx context.Context, v model.Viewer, _ time.Time) ([]model.Task, error) {
	if !policy.CanResolve(v) || v.IsSystem() {
		return nil, nil
	}
	fs, err := h.Disputed(ctx, v, "")
	if err != nil {
		return nil, err
	}
	var out []model.Task
	for _, f := range fs {
		if !f.CanResolve {
			continue
		}
		since := time.Time{}
		for _, c := range f.Claims {
			since = c.RecordedAt // the latest claim made the dispute
		}
		out = append(out, model.Task{Kind: "history.dispute", Subject: f.Owner, URL: "/facts/" + strconv.FormatInt(f.ID, 10), Since: since,
			Title: model.Msg("svctasks.history.dispute", model.ArgText(f.Subject), model.ArgOrg(f.Owner))})
	}
	return out, nil
}
