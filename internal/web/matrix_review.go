package web

import (
	"errors"
	"html/template"
	"net/http"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// The guided review of the edition with the State (issue 18, item 4):
// the list of changes, one page per change (previous and next, the
// approved value being replaced, comments inline, "mark as read and
// continue"), and the agreement's confirmation as the check-your-answers
// page (confirm.html with the review's changes).

func (h *Handler) registerMatrixReview(rt *httpx.Router) {
	rt.Handle("GET", "/states/{code}/matrix/review", h.wrap(h.matrixReviewList))
	rt.Handle("GET", "/states/{code}/matrix/review/{fieldID}", h.wrap(h.matrixReviewField))
	rt.Handle("POST", "/states/{code}/matrix/review/{fieldID}/seen", h.wrap(h.matrixReviewSeen))
}

type matrixReviewPage struct {
	Base
	G         service.GuidedReview
	MatrixURL string // the matrix's address, /states/{code}/matrix
	Next      string // the first change not yet read ("" when all are)
	Legend    []legendItem
	// On a field's page.
	I          int // the change's position (0-based)
	C          service.ReviewChange
	Prev, Foll string // the previous and the following change's field IDs ("" at the ends)
	Comment    string
}

func (h *Handler) reviewData(r *http.Request) (*matrixReviewPage, error) {
	g, err := h.svc.Matrix.Review(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	p := &matrixReviewPage{G: g, MatrixURL: "/states/" + g.State.Code + "/matrix", Legend: legend}
	if len(g.Changes) > 0 {
		p.Next = g.NextUnseen(-1)
	}
	p.Section = "matrix"
	return p, nil
}

func (h *Handler) matrixReviewList(w http.ResponseWriter, r *http.Request) error {
	p, err := h.reviewData(r)
	if err != nil {
		return err
	}
	p.Title = h.printer(r).T("review.title", p.G.State.Name)
	return h.render(w, r, http.StatusOK, "matrix_review", p)
}

func (h *Handler) matrixReviewField(w http.ResponseWriter, r *http.Request) error {
	p, err := h.reviewData(r)
	if err != nil {
		return err
	}
	i := p.G.Index(r.PathValue("fieldID"))
	if i < 0 {
		return model.ErrNotFound
	}
	p.I, p.C = i, p.G.Changes[i]
	if i > 0 {
		p.Prev = p.G.Changes[i-1].Field.ID
	}
	if i+1 < len(p.G.Changes) {
		p.Foll = p.G.Changes[i+1].Field.ID
	}
	p.Title = h.printer(r).T("review.field.title", i+1, len(p.G.Changes), p.C.Field.ID, p.G.State.Name)
	p.FlashOn = FlashOn{Record: p.C.Field.ID, Of: h.orgName(r, p.G.State.Code)}
	return h.render(w, r, http.StatusOK, "matrix_review_field", p)
}

// matrixReviewSeen marks the change read and goes on to the next change
// not read yet; once every change is read, to the check-your-answers page
// (for the account that may agree) or back to the list.
func (h *Handler) matrixReviewSeen(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	code, id := r.PathValue("code"), r.PathValue("fieldID")
	err = h.svc.Matrix.MarkSeen(r.Context(), v, code, id, formEdition(r))
	var ce *model.ConflictError
	probs, isProbs := model.AsProblems(err)
	if err != nil && !isProbs && !errors.As(err, &ce) {
		return err
	}
	p, perr := h.reviewData(r)
	if perr != nil {
		return perr
	}
	if err != nil {
		if isProbs {
			p.Problems = probs
			p.Title = h.printer(r).T("review.error.title", p.G.State.Name)
			return h.render(w, r, http.StatusUnprocessableEntity, "matrix_review", p)
		}
		p.Problems = model.Problems{"review": conflictText(h.printer(r), ce)}
		p.Title = h.printer(r).T("review.error.title", p.G.State.Name)
		return h.render(w, r, http.StatusConflict, "matrix_review", p)
	}
	next := p.G.NextUnseen(p.G.Index(id))
	switch {
	case next != "":
		redirect(w, r, p.MatrixURL+"/review/"+next, http.StatusSeeOther)
	case p.G.CanAgree:
		redirect(w, r, p.MatrixURL+"/agree", http.StatusSeeOther)
	default:
		redirect(w, r, p.MatrixURL+"/review?done=review-read", http.StatusSeeOther)
	}
	return nil
}

// contentsLink is one entry of a page's "on this page" list.
type contentsLink struct{ ID, Label string }

// reviewFuncs: bdi; contents builds the "on this page" list of a long page
// (partials/contents.html) from pairs of a heading's id and its words.
var reviewFuncs = template.FuncMap{
	// bdi isolates user text (a name) as an argument of a sentence written
	// with th.
	// bdi: naps.go.
	"contents": func(pairs ...string) []contentsLink {
		out := make([]contentsLink, 0, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, contentsLink{ID: pairs[i], Label: pairs[i+1]})
		}
		return out
	},
}
