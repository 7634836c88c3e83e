package api

import (
	"net/http"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// The guided review of the edition with the State (issue 18, item 4): the
// changes against the approved edition with the caller's reading marks,
// and marking a change read — the pages' review, one call each.

type reviewJSON struct {
	State    string             `json:"state"`
	Edition  *editionJSON       `json:"edition" doc:"the edition with the State; null when none is under review"`
	BasedOn  int                `json:"based_on" doc:"the approved edition the changes are counted from (0: the first edition, compared with an empty matrix)"`
	Changes  []reviewChangeJSON `json:"changes"`
	Seen     int                `json:"seen" doc:"changes you have read"`
	Comments int                `json:"comments" doc:"comments on the edition, on any field"`
	CanAgree bool               `json:"can_agree" doc:"you may agree to the edition (POST .../matrix/agree)"`
}

type reviewChangeJSON struct {
	FieldID       string        `json:"field_id"`
	Before        cellJSON      `json:"before" doc:"the approved value being replaced"`
	After         cellJSON      `json:"after" doc:"the value in the edition under review"`
	StatusChanged bool          `json:"status_changed"`
	Comments      []commentJSON `json:"comments"`
	SeenAt        *time.Time    `json:"seen_at" doc:"when you read the change; null when not yet"`
}

func reviewOut(g service.GuidedReview) reviewJSON {
	out := reviewJSON{State: g.State.Code, BasedOn: g.BasedOn, Changes: []reviewChangeJSON{}, Seen: g.Seen, Comments: g.Comments, CanAgree: g.CanAgree}
	if g.Edition.Number > 0 {
		e := editionOut(g.Edition)
		out.Edition = &e
	}
	for _, c := range g.Changes {
		rc := reviewChangeJSON{FieldID: c.Field.ID, Before: cellOut(c.Before), After: cellOut(c.After), StatusChanged: c.StatusChanged,
			Comments: []commentJSON{}, SeenAt: timePtr(c.Seen)}
		rc.Before.FieldID, rc.After.FieldID = c.Field.ID, c.Field.ID
		for _, m := range c.Comments {
			rc.Comments = append(rc.Comments, commentOut(m))
		}
		out.Changes = append(out.Changes, rc)
	}
	return out
}

func (h *Handler) registerMatrixReview(rt *httpx.Router) {
	stateParam := httpx.Param{Name: "code", In: "path", Required: true, Description: "the State's alpha-3 code", Schema: httpx.Schema{"type": "string"}}
	fieldParam := httpx.Param{Name: "fieldID", In: "path", Required: true, Description: "a field ID of the taxonomy, e.g. OP3d-NW-09.LF", Schema: httpx.Schema{"type": "string"}}
	rt.Handle("GET", Prefix+"/states/{code}/matrix/review", h.wrap(h.matrixReviewShow), httpx.Doc(httpx.Op{
		ID: "getStateMatrixReview", Tag: "matrix", Summary: "The changes of the edition with the State against the approved edition, with your reading marks (the State and the Committee level)",
		Description: "Every field the edition with the State changes since the approved edition it was drafted from, in matrix order, with the comments on it and when you read it. `edition` is null when no edition is with the State. 404 for everyone else.",
		Params:      []httpx.Param{stateParam}, Responses: map[int]httpx.Answer{200: {Description: "the review", Schema: ref("MatrixReview")}},
	}))
	rt.Handle("POST", Prefix+"/states/{code}/matrix/review/{fieldID}/seen", h.wrap(h.matrixReviewSeen), httpx.Doc(httpx.Op{
		ID: "markStateMatrixChangeSeen", Tag: "matrix", Summary: "Mark a change of the edition with the State as read by you (the State's coordinator, the Committee's experts)",
		Description: "The body is optional: `edition` guards against marking another edition than the one you read (409). Marking a change read twice changes nothing.",
		Params:      []httpx.Param{stateParam, fieldParam}, Request: ref("MatrixReviewInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the review after the mark", Schema: ref("MatrixReview")}},
	}))
}

func (h *Handler) matrixReviewShow(w http.ResponseWriter, r *http.Request) error {
	return answer(w, http.StatusOK, reviewOut)(h.svc.Matrix.Review(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code")))
}

func (h *Handler) matrixReviewSeen(w http.ResponseWriter, r *http.Request) error {
	in, err := bodyAs(r, true, plain(func(in reviewIn) model.ReviewInput { return model.ReviewInput{Edition: in.Edition} }))
	if err != nil {
		return err
	}
	ri, err := in(model.ReviewInput{})
	if err != nil {
		return err
	}
	v, code := service.ViewerFrom(r.Context()), r.PathValue("code")
	if err := h.svc.Matrix.MarkSeen(r.Context(), v, code, r.PathValue("fieldID"), ri.Edition); err != nil {
		return err
	}
	return answer(w, http.StatusOK, reviewOut)(h.svc.Matrix.Review(r.Context(), v, code))
}
