package service

import (
	"context"
	"fmt"

	"napx/internal/model"
)

// Confirmation is what a page says before a formal act of a government or
// of the Committee (issue 18, item 2): what will happen, who is affected,
// whether it can be undone. The act happens only on the confirming POST of
// that page; the API keeps its one-step calls. A feature adds a formal act
// by writing one builder and one entry in confirmations (below). Every
// line is a sentence of the catalogue with its arguments (issue 17, item
// 1), written in the reader's language by the page: keys in the part
// svcconfirm.
type Confirmation struct {
	Act      string          // the registry's key, e.g. "nap.submit"; the form's confirm value
	Heading  model.Message   // "Submit the plan to the 1540 Committee"
	Subject  model.Message   // the record: its own title (user text) or what it is ("Matrix of Croatia")
	Happens  []model.Message // what will happen, in order
	Affected model.Message   // who is affected, in the third person
	Undo     model.Message   // whether and how it can be undone
	Button   model.Message   // the confirming button's words
	Danger   bool            // the act closes or removes something: a red button, last
	Blocked  model.Message   // when the act is not possible now: why (no button is shown)
	Version  int64           // the version of the record the viewer confirms
	Back     string          // where "Cancel" leads (the record's page)
	Action   string          // the address the confirming form posts to
	Checks   []ElementCheck
	// Extra is a page to read before confirming (the changes of an
	// edition), "" when none.
	Extra string
	// StepDate: the act may be dated in the past with its source (a
	// submission or publication recorded after the fact).
	StepDate bool
	// Delegate withdrawal: the delegate's name (user text).
	Person string
	// Review: the agreement to a matrix edition is the guided review's
	// check-your-answers page (issue 18, item 4): every change with its
	// comments, and whether the viewer has read it.
	Review *GuidedReview
}

// titled is a record's own title (user text) as a sentence.
func titled(title string) model.Message { return model.Msg("svcconfirm.title", model.ArgText(title)) }

// ended is a phrase said as a whole line ("Croatia only.").
func ended(phrase model.Message) model.Message {
	return model.Msg("svcconfirm.line", model.ArgMsg(phrase))
}

// audienceSay says who may read a record of owner at level vis, shared
// with the principals named (groups and organisations by code), in the
// third person ("Croatia, the 1540 Committee and UNODA"): service.Audience's
// wording, as a phrase of the catalogue whose names are the reader's.
func audienceSay(vis model.Visibility, owner string, shared []string, isGroup func(string) bool) model.Message {
	switch vis {
	case model.VisPrivate:
		return model.Msg("svcconfirm.aud.private", model.ArgOrg(owner))
	case model.VisShared:
		if len(shared) == 0 {
			break
		}
		names := make([]model.MsgArg, len(shared))
		for i, p := range shared {
			names[i] = model.ArgOrg(p)
			if isGroup(p) {
				names[i] = model.ArgGroup(p)
			}
		}
		return model.Msg("svcconfirm.aud.shared", model.ArgOrg(owner), model.ArgMsg(listSay(names)))
	case model.VisParticipants:
		return model.Msg("svcconfirm.aud.participants")
	case model.VisPublic:
		return model.Msg("svcconfirm.aud.public")
	}
	return model.Msg("svcconfirm.aud.committee", model.ArgOrg(owner))
}

// listSay is "A", "A and B", "A, B and C" in the reader's language: each
// step a phrase of the catalogue (svcconfirm.list, svcconfirm.and), never
// English glue.
func listSay(xs []model.MsgArg) model.Message {
	switch len(xs) {
	case 1:
		return model.Msg("svcconfirm.one", xs[0])
	case 2:
		return model.Msg("svcconfirm.and", xs[0], xs[1])
	}
	return model.Msg("svcconfirm.list", xs[0], model.ArgMsg(listSay(xs[1:])))
}

// ConfirmRef names the record an act is on: a plan or an event (ID), a
// State's matrix (State), a delegate (ID and Sub).
type ConfirmRef struct {
	ID    int64
	Sub   int64
	State string
	// Key names a record by a text key (an account by its e-mail address).
	Key string
}

// confirmBuilder builds the confirmation of one act for v, deciding
// through the policy exactly as the act would: ErrNotFound for a record v
// may not read, ErrForbidden (or ErrUnauthenticated) for one v may read but
// not act on.
type confirmBuilder func(ctx context.Context, v model.Viewer, ref ConfirmRef) (Confirmation, error)

// confirmations are the formal acts, by key: each feature's builders.
func (s *Services) confirmations() map[string]confirmBuilder {
	return map[string]confirmBuilder{
		"nap.submit":           s.NAPs.confirmSubmit,
		"nap.publish":          s.NAPs.confirmPublish,
		"nap.withdraw":         s.NAPs.confirmWithdraw,
		"nap.delete":           s.NAPs.confirmDelete,
		"matrix.agree":         s.Matrix.confirmAgree,
		"matrix.approve":       s.Matrix.confirmApprove,
		"participant.withdraw": s.Events.confirmWithdraw,
		"assistance.submit":    s.Assistance.confirmSubmit,
		"assistance.consent":   s.Assistance.confirmConsent,
		"assistance.withdraw":  s.Assistance.confirmWithdraw,
		"practice.publish":     s.Practices.confirmPublish,
		"account.disable":      s.Accounts.confirmDisable,
	}
}

// Confirm returns the confirmation of act on ref for v.
func (s *Services) Confirm(ctx context.Context, v model.Viewer, act string, ref ConfirmRef) (Confirmation, error) {
	b, ok := s.confirmations()[act]
	if !ok {
		return Confirmation{}, fmt.Errorf("service: no confirmation for %q", act)
	}
	c, err := b(ctx, v, ref)
	c.Act = act
	return c, err
}
