package service

import (
	"context"
	"fmt"
	"net/url"

	"napx/internal/model"
	"napx/internal/policy"
)

// The formal acts of assistance, practices and accounts (issue 18, item 2), each
// confirmed on its own page like a plan's submission: a State's request
// submitted to the Committee, a withheld request circulated at the State's
// word, a request withdrawn, a practice published.

// confirmRequest is the frame of a request's confirmation: the request as
// v reads it (404 for one v may not read), 403 for one v may read but not
// move (the State's coordinator moves its requests).
func (s *Assistance) confirmRequest(ctx context.Context, v model.Viewer, id int64) (RequestView, Confirmation, error) {
	rv, err := s.Request(ctx, v, id)
	if err != nil {
		return rv, Confirmation{}, err
	}
	if err := policy.MoveRequest(v, rv.record); err != nil {
		return rv, Confirmation{}, err
	}
	base := fmt.Sprintf("/assistance/requests/%d", id)
	return rv, Confirmation{Subject: titled(rv.Title), Back: base, Version: rv.Version}, nil
}

func (s *Assistance) confirmSubmit(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	rv, c, err := s.confirmRequest(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	owner := model.ArgOrg(rv.Owner)
	c.Heading, c.Action, c.Button = model.Msg("svcconfirm.request.submit.h"), c.Back+"/submit", model.Msg("svcconfirm.request.submit.button", owner)
	if !rv.CanSubmit {
		c.Blocked = model.Msg("svcconfirm.request.submit.blocked")
		return c, nil
	}
	c.Happens = []model.Message{
		model.Msg("svcconfirm.request.submit.goes", owner),
		model.Msg("svcconfirm.request.submit.window", owner),
		model.Msg("svcconfirm.request.submit.draft"),
	}
	c.Affected = model.Msg("svcconfirm.request.submit.affected", owner)
	c.Undo = model.Msg("svcconfirm.request.submit.undo", owner)
	return c, nil
}

func (s *Assistance) confirmConsent(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	rv, c, err := s.confirmRequest(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	owner := model.ArgOrg(rv.Owner)
	c.Heading, c.Action, c.Button = model.Msg("svcconfirm.request.consent.h"), c.Back+"/consent", model.Msg("svcconfirm.request.consent.button")
	if !rv.CanConsent {
		c.Blocked = model.Msg("svcconfirm.request.consent.blocked", owner)
		return c, nil
	}
	c.Happens = []model.Message{model.Msg("svcconfirm.request.consent.lifts", owner), model.Msg("svcconfirm.request.consent.circulated")}
	c.Affected = model.Msg("svcconfirm.request.consent.affected", owner)
	c.Undo = model.Msg("svcconfirm.request.consent.undo", owner)
	return c, nil
}

func (s *Assistance) confirmWithdraw(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	rv, c, err := s.confirmRequest(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	owner := model.ArgOrg(rv.Owner)
	c.Heading, c.Action, c.Button, c.Danger = model.Msg("svcconfirm.request.withdraw.h"), c.Back+"/withdraw", model.Msg("svcconfirm.request.withdraw.h"), true
	if !rv.CanWithdraw {
		c.Blocked = model.Msg("svcconfirm.request.withdraw.blocked")
		return c, nil
	}
	c.Happens = []model.Message{model.Msg("svcconfirm.request.withdraw.leaves", owner), model.Msg("svcconfirm.request.withdraw.stays", owner)}
	c.Affected = model.Msg("svcconfirm.request.withdraw.affected", owner)
	c.Undo = model.Msg("svcconfirm.request.withdraw.undo", owner)
	return c, nil
}

// confirmPublish is the owner's coordinator's page before publishing a
// verified practice to its audience.
func (s *Practices) confirmPublish(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	pv, err := s.Get(ctx, v, ref.ID)
	if err != nil {
		return Confirmation{}, err
	}
	if !policy.CanCoordinate(v, policy.PracticeRecord(pv.Practice)) {
		if !v.SignedIn() {
			return Confirmation{}, model.ErrUnauthenticated
		}
		return Confirmation{}, model.ErrForbidden
	}
	base := fmt.Sprintf("/practices/%d", ref.ID)
	c := Confirmation{Heading: model.Msg("svcconfirm.practice.publish.h"), Subject: titled(pv.Title), Back: base, Action: base + "/publish",
		Button: model.Msg("svcconfirm.practice.publish.button"), Version: pv.Version}
	if !pv.CanPublish {
		c.Blocked = model.Msg("svcconfirm.practice.publish.blocked")
		return c, nil
	}
	owner := model.ArgOrg(pv.Owner)
	c.Happens = []model.Message{
		model.Msg("svcconfirm.practice.publish.happens", owner, model.ArgMsg(audienceOf(pv.Audience, pv.Owner))),
		model.Msg("svcconfirm.practice.publish.library"),
	}
	c.Affected = ended(audienceOf(pv.Audience, pv.Owner))
	c.Undo = model.Msg("svcconfirm.practice.publish.undo", owner)
	return c, nil
}

// audienceOf says who reads a published practice of owner at level vis, in
// the third person.
func audienceOf(vis model.Visibility, owner string) model.Message {
	if vis == model.VisShared || vis == model.VisPrivate {
		return model.Msg("svcconfirm.aud.owner-shared", model.ArgOrg(owner))
	}
	return audienceSay(vis, owner, nil, nil)
}

// confirmDisable is the page before an organisation's coordinator (or an
// administrator) disables an account: its sessions and tokens end at once.
func (a *Accounts) confirmDisable(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	acc, err := a.byEmail(ctx, v, ref.Key)
	if err != nil {
		return Confirmation{}, err
	}
	email := model.ArgText(acc.Email)
	c := Confirmation{Heading: model.Msg("svcconfirm.account.disable.h"), Subject: titled(acc.Label()), Back: "/accounts", Action: "/accounts/disable?email=" + url.QueryEscape(acc.Email),
		Button: model.Msg("svcconfirm.account.disable.button", email), Danger: true}
	if acc.Disabled {
		c.Blocked = model.Msg("svcconfirm.account.disable.already", email)
		return c, nil
	}
	c.Happens = []model.Message{model.Msg("svcconfirm.account.disable.signin", email), model.Msg("svcconfirm.account.disable.stays")}
	c.Affected = model.Msg("svcconfirm.account.disable.affected", email)
	c.Undo = model.Msg("svcconfirm.account.disable.undo")
	return c, nil
}
