package service

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// The task sources of the features that came before the task page: plans,
// the matrix, events, points of contact and accounts (issue 18, item 1).
// Later features add theirs in their own file.

// Windows of the task page.
const (
	recentWindow  = 30 * 24 * time.Hour // "new": a submission or comments of the last 30 days
	longWithState = 60                  // days an edition may stay with a State before the experts are reminded
	soonDays      = 14                  // deadlines and follow-ups due within two weeks
	dayDuration   = 24 * time.Hour
)

func napURL(id int64) string { return "/naps/" + strconv.FormatInt(id, 10) }

// TaskSource is the plans' source: for a State's editors and coordinator,
// overdue actions, drafts to adopt, adopted plans not yet submitted and
// plans changed since their last submission; for the Committee level, the
// submissions of the last 30 days.
func (s *NAPs) TaskSource() TaskSource {
	return TaskSource{Name: "plans", List: s.tasks}
}

func (s *NAPs) tasks(ctx context.Context, v model.Viewer, now time.Time) ([]model.Task, error) {
	var out []model.Task
	today := model.DateOf(now.UTC())
	if s.CanStart(v, v.Org()) {
		plans, err := s.db.NAPs(ctx, v, model.NAPFilter{States: []string{v.Org()}, ExcludeWithdrawn: true})
		if err != nil {
			return nil, err
		}
		var submitted []int64
		for _, n := range plans {
			if n.Status == model.NAPSubmitted || n.Status == model.NAPPublished {
				submitted = append(submitted, n.ID)
			}
		}
		last, err := s.db.LastSubmissions(ctx, submitted)
		if err != nil {
			return nil, err
		}
		for _, n := range plans {
			actions, err := s.db.NAPActions(ctx, n.ID)
			if err != nil {
				return nil, err
			}
			overdue, first := 0, model.Date{}
			for _, a := range actions {
				if a.Overdue(today) {
					overdue++
					if first.IsZero() || a.Due.Before(first) {
						first = a.Due
					}
				}
			}
			if overdue > 0 {
				out = append(out, model.Task{Kind: "nap.overdue", Subject: n.State, URL: napURL(n.ID) + "#actions", Since: first.Time(), Due: first,
					Title: model.Msg("svctasks.nap.overdue", model.ArgNum(overdue), model.ArgText(n.Title))})
			}
			if !policy.CanCoordinate(v, policy.NAPRecord(n)) {
				continue
			}
			switch {
			case n.Status == model.NAPDraft:
				out = append(out, model.Task{Kind: "nap.adopt", Subject: n.State, URL: napURL(n.ID) + "#workflow-h", Since: n.CreatedAt,
					Title: model.Msg("svctasks.nap.adopt", model.ArgText(n.Title))})
			case n.Status == model.NAPAdopted && model.NAPGoesToCommittee(n.Type):
				out = append(out, model.Task{Kind: "nap.submit", Subject: n.State, URL: napURL(n.ID) + "/submit", Since: n.AdoptedOn.Time(),
					Title: model.Msg("svctasks.nap.submit", model.ArgText(n.Title), model.ArgDate(n.AdoptedOn))})
			case n.Status == model.NAPPublished && n.Related():
			default:
				sub, ok := last[n.ID]
				if !ok {
					continue
				}
				d, err := s.Diff(ctx, v, n.ID, strconv.Itoa(sub.Number), "current")
				if err != nil {
					return nil, err
				}
				if d.Empty() {
					continue
				}
				out = append(out, model.Task{Kind: "nap.resubmit", Subject: n.State, URL: fmt.Sprintf("%s/diff?from=%d&to=current", napURL(n.ID), sub.Number), Since: sub.SubmittedAt,
					Title: model.Msg("svctasks.nap.resubmit", model.ArgText(n.Title), model.ArgNum(sub.Number), model.ArgDayOf(sub.SubmittedAt))})
			}
		}
	}
	if v.CommitteeLevel() {
		subs, err := s.db.RecentSubmissions(ctx, v, now.Add(-recentWindow))
		if err != nil {
			return nil, err
		}
		for _, r := range subs {
			out = append(out, model.Task{Kind: "nap.submission", Subject: r.State, URL: fmt.Sprintf("%s/submissions/%d", napURL(r.NAPID), r.Number), Since: r.SubmittedAt,
				Title: model.Msg("svctasks.nap.submission", model.ArgOrg(r.State), model.ArgText(r.Title), model.ArgNum(r.Number))})
		}
	}
	return out, nil
}

// TaskSource is the matrix's source: for a State's coordinator, the edition
// awaiting its agreement; for the Committee's experts, editions agreed and
// awaiting approval, the States' recent comments and editions with a State
// for long; for the Committee's coordinator, the editions to approve.
func (m *Matrix) TaskSource() TaskSource { return TaskSource{Name: "matrix", List: m.tasks} }

func (m *Matrix) tasks(ctx context.Context, v model.Viewer, now time.Time) ([]model.Task, error) {
	var out []model.Task
	if st := m.cat.State(v.Org()); st != nil && policy.CanAnswerMatrix(v, st.Code) {
		eds, err := m.db.EditionsWith(ctx, v, model.EditionWithState, []string{st.Code})
		if err != nil {
			return nil, err
		}
		for _, e := range eds {
			if e.Agreed {
				continue
			}
			out = append(out, model.Task{Kind: "matrix.agree", Subject: st.Code, URL: "/states/" + st.Code + "/matrix/review", Since: e.SentAt,
				Title: model.Msg("svctasks.matrix.agree", model.ArgNum(e.Number), model.ArgOrg(st.Code), model.ArgDayOf(e.SentAt))})
		}
	}
	expert, approver := policy.IsMatrixExpert(v) && v.SignedIn(), policy.CanApproveMatrix(v) && v.SignedIn()
	if !expert && !approver {
		return out, nil
	}
	eds, err := m.db.EditionsWith(ctx, v, model.EditionWithState, nil)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(eds))
	for i, e := range eds {
		ids[i] = e.ID
	}
	comments, err := m.db.StateComments(ctx, ids, now.Add(-recentWindow))
	if err != nil {
		return nil, err
	}
	for _, e := range eds {
		base := "/states/" + e.State + "/matrix"
		switch {
		case e.Agreed && approver:
			out = append(out, model.Task{Kind: "matrix.approve", Subject: e.State, URL: base + "/approve", Since: e.AgreedAt,
				Title: model.Msg("svctasks.matrix.agreed", model.ArgOrg(e.State), model.ArgNum(e.Number))})
		case e.Agreed:
			out = append(out, model.Task{Kind: "matrix.agreed", Subject: e.State, URL: base, Since: e.AgreedAt,
				Title: model.Msg("svctasks.matrix.agreed", model.ArgOrg(e.State), model.ArgNum(e.Number))})
		case expert && now.Sub(e.SentAt) > longWithState*dayDuration:
			out = append(out, model.Task{Kind: "matrix.with-state", Subject: e.State, URL: base, Since: e.SentAt,
				Title: model.Msg("svctasks.matrix.with-state", model.ArgNum(int(now.Sub(e.SentAt)/dayDuration)), model.ArgNum(e.Number), model.ArgOrg(e.State))})
		}
		if c, ok := comments[e.ID]; ok && expert {
			out = append(out, model.Task{Kind: "matrix.comments", Subject: e.State, URL: base + "#grid", Since: c.Latest,
				Title: model.Msg("svctasks.matrix.comments", model.ArgNum(c.Count), model.ArgOrg(e.State), model.ArgNum(e.Number))})
		}
	}
	return out, nil
}

// TaskSource is the events' source: for an invited delegation's
// coordinator, the events whose nominations are open; for the organiser's
// staff, nominations to confirm, waiting lists and deadlines closing; for
// both, the follow-up actions due.
func (s *Events) TaskSource() TaskSource { return TaskSource{Name: "events", List: s.tasks} }

func (s *Events) tasks(ctx context.Context, v model.Viewer, now time.Time) ([]model.Task, error) {
	var out []model.Task
	org := v.Org()
	today := model.DateOf(now.UTC())
	if v.Role() == model.RoleCoordinator {
		evs, err := s.db.Events(ctx, v, store.EventFilter{Invited: org, From: today})
		if err != nil {
			return nil, err
		}
		for _, e := range evs {
			if !s.open(e) || e.Organizer == org {
				continue
			}
			qs, err := s.db.Quotas(ctx, e.ID)
			if err != nil {
				return nil, err
			}
			held, err := s.db.SeatsHeld(ctx, e.ID)
			if err != nil {
				return nil, err
			}
			for _, q := range qs {
				if q.Org != org || (q.Seats > 0 && held[org] >= q.Seats) {
					continue
				}
				out = append(out, model.Task{Kind: "event.nominate", Subject: e.Organizer, URL: fmt.Sprintf("/events/%d/participants#nominate", e.ID), Since: e.CreatedAt, Due: e.Deadline(),
					Title: model.Msg("svctasks.event.nominate", model.ArgNum(q.Seats), model.ArgNum(held[org]), model.ArgOrg(org), model.ArgText(e.Title), model.ArgDate(e.Deadline()))})
			}
		}
	}
	if v.Role().AtLeast(model.RoleEditor) {
		evs, err := s.db.Events(ctx, v, store.EventFilter{Orgs: []string{org}, From: today})
		if err != nil {
			return nil, err
		}
		var mine []model.Event
		var ids []int64
		for _, e := range evs {
			if e.Organizer == org {
				mine, ids = append(mine, e), append(ids, e.ID)
			}
		}
		counts, err := s.db.StatusCounts(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, e := range mine {
			c := counts[e.ID]
			if n := c[model.StatusNominated]; n > 0 {
				out = append(out, model.Task{Kind: "event.confirm", Subject: org, URL: fmt.Sprintf("/events/%d/participants?awaiting=1#list", e.ID), Since: e.CreatedAt, Due: e.Start,
					Title: model.Msg("svctasks.event.confirm", model.ArgNum(n), model.ArgText(e.Title))})
			}
			if n := c[model.StatusWaitlisted]; n > 0 {
				out = append(out, model.Task{Kind: "event.waiting", Subject: org, URL: fmt.Sprintf("/events/%d/participants#waiting", e.ID), Since: e.CreatedAt,
					Title: model.Msg("svctasks.event.waiting", model.ArgNum(n), model.ArgText(e.Title))})
			}
			if d := e.Deadline(); s.open(e) && !d.After(today.AddDays(soonDays)) {
				out = append(out, model.Task{Kind: "event.deadline", Subject: org, URL: fmt.Sprintf("/events/%d/manage", e.ID), Since: e.CreatedAt, Due: d,
					Title: model.Msg("svctasks.event.deadline", model.ArgText(e.Title), model.ArgDate(d))})
			}
		}
		due, err := s.db.FollowUpsDue(ctx, v, org, today.AddDays(soonDays))
		if err != nil {
			return nil, err
		}
		for _, f := range due {
			out = append(out, model.Task{Kind: "event.followup", Subject: f.Owner, URL: fmt.Sprintf("/events/%d#f%d", f.EventID, f.ID), Since: f.CreatedAt, Due: f.Due,
				Title: model.Msg("svctasks.event.followup", model.ArgText(f.Title), model.ArgText(f.EventTitle), model.ArgOrg(f.Owner), model.ArgDate(f.Due))})
		}
	}
	return out, nil
}

// TaskSource is the points of contact's source: a State's coordinator is
// asked to designate one when none is current.
func (c *Contacts) TaskSource() TaskSource { return TaskSource{Name: "contacts", List: c.tasks} }

func (c *Contacts) tasks(ctx context.Context, v model.Viewer, now time.Time) ([]model.Task, error) {
	st := c.cat.State(v.Org())
	if st == nil || v.Role() != model.RoleCoordinator {
		return nil, nil
	}
	pocs, err := c.db.PointsOfContact(ctx, v, st.Code)
	if err != nil {
		return nil, err
	}
	today := model.DateOf(now.UTC())
	for _, p := range pocs {
		if p.Current(today) {
			return nil, nil
		}
	}
	return []model.Task{{Kind: "contact.designate", Subject: st.Code, URL: "/states/" + st.Code + "/contacts/new", Since: now,
		Title: model.Msg("svctasks.contact.designate", model.ArgOrg(st.Code))}}, nil
}

// TaskSource is the accounts' source: coordinators and administrators are
// asked to protect their account with a second factor.
func (a *Accounts) TaskSource() TaskSource { return TaskSource{Name: "accounts", List: a.tasks} }

func (a *Accounts) tasks(_ context.Context, v model.Viewer, _ time.Time) ([]model.Task, error) {
	if acc := v.Account; acc != nil && !acc.TOTPEnabled && (acc.Role == model.RoleCoordinator || acc.Admin) {
		return []model.Task{{Kind: "account.totp", Subject: acc.Org, URL: "/account/totp", Since: acc.CreatedAt,
			Title: model.Msg("svctasks.account.totp")}}, nil
	}
	return nil, nil
}
