package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/service"
)

// The follow-up rows of an event (issue 6), their NAP action by title
// (issue 18, item 3).

func (h *Handler) addFollowUp(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	in := model.FollowUpInput{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Owner: pickedCode(h.svc.Directory.Catalog(), r.PostFormValue("owner")),
		Due: r.PostFormValue("due"), Status: r.PostFormValue("status"), Note: r.PostFormValue("note")}
	quotas, err := h.svc.Events.Quotas(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	napAction, err := h.pickedAction(r, quotas)
	if err != nil {
		return h.manageFailed(w, r, id, "followup", err, func(p *managePage) { p.FollowUp = in })
	}
	in.NAPAction = napAction
	if _, err := h.svc.Events.AddFollowUp(r.Context(), service.ViewerFrom(r.Context()), id, service.Given(in)); err != nil {
		return h.manageFailed(w, r, id, "followup", err, func(p *managePage) { p.FollowUp = in })
	}
	redirect(w, r, fmt.Sprintf("/events/%d/manage?done=followup-added#followups", id), http.StatusSeeOther)
	return nil
}

func (h *Handler) updateFollowUp(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	fid, err := eventID(r, "fid")
	if err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	// The NAP action chosen by title, resolved among the actions the reader
	// may read before the service's transaction (issue 18, item 3); its
	// refusal is given to the service, which checks first that v may
	// update the follow-up at all.
	var action int64
	var actionErr error
	picked := strings.TrimSpace(r.PostFormValue("nap_action")) != ""
	if picked {
		quotas, err := h.svc.Events.Quotas(r.Context(), v, id)
		if err != nil {
			return err
		}
		if action, actionErr = h.pickedAction(r, quotas); actionErr != nil {
			if _, ok := model.AsProblems(actionErr); !ok {
				return actionErr
			}
		}
	}
	// The form changes status, note, due date and link: the rest is the
	// follow-up as the service reads it.
	in := func(base model.FollowUpInput) (model.FollowUpInput, error) {
		base.Status, base.Note = r.PostFormValue("status"), r.PostFormValue("note")
		if d := r.PostFormValue("due"); d != "" {
			base.Due = d
		}
		if picked {
			base.NAPAction = action
			if actionErr != nil {
				return base, actionErr
			}
		} else if _, sent := r.PostForm["nap_action_id"]; sent {
			var err error
			if base.NAPAction, err = napActionField(r); err != nil {
				base.NAPAction = -1 // reported by the service's validation
			}
		}
		base.Version = formVersion(r)
		return base, nil
	}
	if _, err := h.svc.Events.UpdateFollowUp(r.Context(), v, id, fid, in); err != nil {
		var conflict *model.ConflictError
		_, isProblem := model.AsProblems(err)
		if !isProblem && !errors.As(err, &conflict) {
			return err
		}
		page, perr := h.eventPage(r, id)
		if perr != nil {
			return perr
		}
		status := http.StatusUnprocessableEntity
		page.Problems = model.Problems{}
		if conflict != nil {
			status = http.StatusConflict
			page.Problems.Add(fmt.Sprintf("f%d", fid), "%s. The follow-up below is as it is now; nothing was changed.", conflictText(h.printer(r), conflict))
		} else {
			p, _ := model.AsProblems(err)
			for k, m := range p {
				page.Problems.Add(fmt.Sprintf("f%d", fid), "%s: %s", k, m)
			}
		}
		return h.render(w, r, status, "event", page)
	}
	redirect(w, r, fmt.Sprintf("/events/%d?done=followup-saved#f%d", id, fid), http.StatusSeeOther)
	return nil
}

// napActionField reads the optional NAP action number of a follow-up form.
func napActionField(r *http.Request) (int64, error) {
	s := strings.TrimSpace(r.PostFormValue("nap_action_id"))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, model.Problems{"nap_action_id": "enter the NAP action's number (shown on the action's page), or leave it empty"}
	}
	return n, nil
}
