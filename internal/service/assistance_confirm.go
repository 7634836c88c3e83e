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
	return rv, Confirmation{Subject: rv.Title, Back: base, Version: rv.Version}, nil
}

func (s *Assistance) confirmSubmit(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	rv, c, err := s.confirmRequest(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	c.Heading, c.Action, c.Button = "Submit the request to the 1540 Committee", c.Back+"/submit", "Submit on behalf of "+rv.OwnerName
	if !rv.CanSubmit {
		c.Blocked = "the request is " + rv.Status.Label() + ": only a draft is submitted"
		return c, nil
	}
	c.Happens = []string{
		fmt.Sprintf("The request of %s goes to the 1540 Committee, which acknowledges it.", rv.OwnerName),
		"Once acknowledged, a consent window of five UN working days opens: " + rv.OwnerName + " may object to circulation; without an objection the request is circulated to assistance providers and its summary becomes public.",
		"The request can no longer be edited as a draft; the Committee's notes are added to it.",
	}
	c.Affected = rv.OwnerName + ", the 1540 Committee and UNODA now; the assistance providers and the public (its summary) once circulated."
	c.Undo = "A submission cannot be taken back, but " + rv.OwnerName + " may withdraw the request at any time; the Committee keeps what was submitted to it."
	return c, nil
}

func (s *Assistance) confirmConsent(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	rv, c, err := s.confirmRequest(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	c.Heading, c.Action, c.Button = "Lift the objection and circulate the request", c.Back+"/consent", "Circulate the request"
	if !rv.CanConsent {
		c.Blocked = "the request is " + rv.Status.Label() + ": only a request withheld at " + rv.OwnerName + "'s objection is circulated this way"
		return c, nil
	}
	c.Happens = []string{
		rv.OwnerName + " lifts its objection to circulation.",
		"The request is circulated to the assistance providers (States' programmes and international organisations), who may offer to meet its needs; its summary becomes public.",
	}
	c.Affected = rv.OwnerName + ", the 1540 Committee, UNODA, the assistance providers, and everyone for the summary."
	c.Undo = "Circulation cannot be undone; " + rv.OwnerName + " may still withdraw the request."
	return c, nil
}

func (s *Assistance) confirmWithdraw(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	rv, c, err := s.confirmRequest(ctx, v, ref.ID)
	if err != nil {
		return c, err
	}
	c.Heading, c.Action, c.Button, c.Danger = "Withdraw the request", c.Back+"/withdraw", "Withdraw the request", true
	if !rv.CanWithdraw {
		c.Blocked = "the request is " + rv.Status.Label() + ": it cannot be withdrawn now"
		return c, nil
	}
	c.Happens = []string{
		"The request of " + rv.OwnerName + " is withdrawn: it leaves the public list and the providers' lists, and no new offer can be made on it.",
		"It stays readable by " + rv.OwnerName + " and the 1540 Committee, with what was submitted to the Committee.",
	}
	c.Affected = rv.OwnerName + ", the 1540 Committee and UNODA, and the providers who offered or were matched."
	c.Undo = "A withdrawal cannot be undone: to ask again, " + rv.OwnerName + " drafts a new request."
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
	c := Confirmation{Heading: "Publish the practice", Subject: pv.Title, Back: base, Action: base + "/publish", Button: "Publish", Version: pv.Version}
	if !pv.CanPublish {
		c.Blocked = "the practice is " + string(pv.Status) + ": a practice is published once the Committee's experts have verified it"
		return c, nil
	}
	c.Happens = []string{
		fmt.Sprintf("The practice of %s is published: %s reads it.", pv.OwnerName, audienceOf(pv.Audience, pv.OwnerName)),
		"It appears in the practices library and the search, and is linked from the matrix fields it concerns.",
	}
	c.Affected = audienceOf(pv.Audience, pv.OwnerName) + "."
	c.Undo = "Publication cannot be taken back from those who read it; " + pv.OwnerName + " can correct the practice in a new version."
	return c, nil
}

// audienceOf says who reads a published record at level vis, in the third
// person.
func audienceOf(vis model.Visibility, owner string) string {
	switch vis {
	case model.VisPublic:
		return "everyone, including the public"
	case model.VisParticipants:
		return "every signed-in account"
	case model.VisCommittee:
		return owner + ", the 1540 Committee and UNODA"
	}
	return owner + " and those it shares it with"
}

// confirmDisable is the page before an organisation's coordinator (or an
// administrator) disables an account: its sessions and tokens end at once.
func (a *Accounts) confirmDisable(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error) {
	acc, err := a.byEmail(ctx, v, ref.Key)
	if err != nil {
		return Confirmation{}, err
	}
	c := Confirmation{Heading: "Disable the account", Subject: acc.Label(), Back: "/accounts", Action: "/accounts/disable?email=" + url.QueryEscape(acc.Email),
		Button: "Disable " + acc.Email, Danger: true}
	if acc.Disabled {
		c.Blocked = "the account " + acc.Email + " is disabled already"
		return c, nil
	}
	c.Happens = []string{
		"The account " + acc.Email + " can no longer sign in; its sessions end and its API tokens stop working at once.",
		"What it wrote stays, under its name, in the records and the audit log.",
	}
	c.Affected = "The person who uses " + acc.Email + "; nobody else."
	c.Undo = "An administrator can enable the account again; its sessions and tokens do not come back (new ones are made)."
	return c, nil
}
