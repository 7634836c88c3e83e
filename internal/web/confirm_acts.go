package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// The formal acts of the matrix and of events, confirmed on their own page
// (issue 18, item 2); the plans' are in naps.go. Each registers with
// confirmRoute: GET the page, POST the act with its confirmation.

func (h *Handler) registerConfirmedActs(rt *httpx.Router) {
	h.confirmRoute(rt, "/states/{code}/matrix/agree", "matrix.agree", refState, h.matrixAct("matrix-agreed", h.svc.Matrix.Agree))
	h.confirmRoute(rt, "/states/{code}/matrix/approve", "matrix.approve", refState, h.matrixAct("matrix-approved", h.svc.Matrix.Approve))
	h.confirmRoute(rt, "/events/{id}/participants/{pid}/withdraw", "participant.withdraw", refDelegate, h.withdrawDelegate)
	for _, step := range []string{"submit", "consent", "withdraw"} {
		h.confirmRoute(rt, "/assistance/requests/{id}/"+step, "assistance."+step, refID, h.requestStep(step))
	}
	h.confirmRoute(rt, "/practices/{id}/publish", "practice.publish", refID, h.practiceStep(model.PracticeStepPublish))
	h.confirmRoute(rt, "/accounts/disable", "account.disable", refEmail, h.disableAccount)
}

// matrixAct is a confirmed step on a State's matrix: the edition the page
// showed (its version field), the date and source of an approval recorded
// after the fact.
func (h *Handler) matrixAct(done string, act func(ctx context.Context, v model.Viewer, state string, in service.Input[model.ReviewInput]) (model.MatrixEdition, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := service.ViewerFrom(r.Context())
		in := model.ReviewInput{Note: r.PostFormValue("note"), Date: r.PostFormValue("date"), Source: r.PostFormValue("source"), SourceURL: r.PostFormValue("source_url")}
		if n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("version"))); err == nil && n > 0 {
			in.Edition = n
		}
		if _, err := act(r.Context(), v, r.PathValue("code"), service.Given(in)); err != nil {
			return err
		}
		s := h.svc.Directory.Catalog().State(r.PathValue("code"))
		redirect(w, r, "/states/"+s.Code+"/matrix?done="+done, http.StatusSeeOther)
		return nil
	}
}

// withdrawDelegate withdraws a delegate once confirmed.
func (h *Handler) withdrawDelegate(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	pid, err := eventID(r, "pid")
	if err != nil {
		return err
	}
	in := model.ParticipantPatch{Status: string(model.StatusWithdrawn), Version: formVersion(r)}
	if _, err := h.svc.Events.ChangeParticipant(r.Context(), service.ViewerFrom(r.Context()), id, pid, service.Given(in)); err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/events/%d/participants?done=participant-withdrawn&p=%d#list", id, pid), http.StatusSeeOther)
	return nil
}

// refEmail names an account by the e-mail address of the page's query or
// the form.
func refEmail(r *http.Request) (service.ConfirmRef, error) {
	return service.ConfirmRef{Key: strings.TrimSpace(r.FormValue("email"))}, nil
}
