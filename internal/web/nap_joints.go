package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

// jointPage is the picker of an action's joint actions (issue 14): the
// partners it has, and other States' actions found by their title.
type jointPage struct {
	Base
	Plan       service.NAPView
	Action     model.NAPAction
	Q          string
	Partners   []service.JointPartner // the current ones: visible first, then those not visible to you (kept)
	Candidates []service.JointPartner // found by title, not yet partners
	Checked    map[int64]bool
	Conflict   *model.ConflictError
	Cat        *refdata.Catalog
}

func (h *Handler) jointForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderJoint(w, r, http.StatusOK, r.URL.Query().Get("q"), nil, nil, nil)
}

// renderJoint shows the picker with status; checked nil: the current
// partners are checked.
func (h *Handler) renderJoint(w http.ResponseWriter, r *http.Request, status int, q string, checked map[int64]bool, conflict *model.ConflictError, probs model.Problems) error {
	n, err := h.editablePlan(r)
	if err != nil {
		return err
	}
	aid, err := actionID(r)
	if err != nil {
		return err
	}
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	a, _, err := h.svc.NAPs.ActionOf(ctx, v, n.ID, aid)
	if err != nil {
		return err
	}
	js, err := h.svc.NAPs.Joints(ctx, v, []int64{a.ID})
	if err != nil {
		return err
	}
	p := &jointPage{Plan: n, Action: a, Q: strings.TrimSpace(q), Partners: js[a.ID], Checked: checked, Conflict: conflict, Cat: h.svc.Directory.Catalog()}
	if p.Checked == nil {
		p.Checked = map[int64]bool{}
		for _, j := range p.Partners {
			if j.Visible {
				p.Checked[j.Action.ID] = true
			}
		}
	}
	found, err := h.svc.NAPs.JointCandidates(ctx, v, n.ID, a.ID, p.Q)
	if fp, ok := model.AsProblems(err); ok {
		probs, status = fp, http.StatusUnprocessableEntity
	} else if err != nil {
		return err
	}
	partner := map[int64]bool{}
	for _, j := range p.Partners {
		if j.Visible {
			partner[j.Action.ID] = true
		}
	}
	for _, c := range found {
		if !partner[c.Action.ID] {
			p.Candidates = append(p.Candidates, c)
		}
	}
	p.Problems = probs
	p.Title, p.Section = h.printer(r).T("forms2.joint.title", a.Title), "naps"
	return h.render(w, r, status, "nap_joint", p)
}

func (h *Handler) setJoints(w http.ResponseWriter, r *http.Request) error {
	id, err := h.napID(r)
	if err != nil {
		return err
	}
	aid, err := actionID(r)
	if err != nil {
		return err
	}
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	ids := []int64{}
	checked := map[int64]bool{}
	if msg := model.LineProblem(strings.TrimSpace(r.PostFormValue("q")), model.MaxSearchText); msg != "" {
		return h.renderJoint(w, r, http.StatusUnprocessableEntity, "", nil, nil, model.Problems{"q": "the search text " + msg})
	}
	for _, s := range r.PostForm["joint_with"] {
		n, perr := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if perr != nil || n <= 0 {
			return h.renderJoint(w, r, http.StatusUnprocessableEntity, r.PostFormValue("q"), checked, nil,
				model.Problems{"joint_with": fmt.Sprintf("%q is not an action number", model.Truncate(s, 40))})
		}
		ids = append(ids, n)
		checked[n] = true
	}
	_, err = h.svc.NAPs.UpdateAction(ctx, v, id, aid, service.Given(model.NAPActionInput{JointWith: &ids, Version: formVersion(r)}))
	var ce *model.ConflictError
	if errors.As(err, &ce) {
		return h.renderJoint(w, r, http.StatusConflict, r.PostFormValue("q"), checked, ce, nil)
	}
	if probs, ok := model.AsProblems(err); ok {
		return h.renderJoint(w, r, http.StatusUnprocessableEntity, r.PostFormValue("q"), checked, nil, probs)
	}
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("%s/actions/%d?done=joint-saved#joint", napPath(id), aid), http.StatusSeeOther)
	return nil
}
