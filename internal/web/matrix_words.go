package web

import (
	"net/http"

	"napx/internal/model"
	"napx/internal/refdata"
)

// newMatrixImportPage is the matrix import page of State s, its title and
// the State's name in the reader's language (issue 17).
func (h *Handler) newMatrixImportPage(r *http.Request, s *refdata.State) *matrixImportPage {
	p := &matrixImportPage{State: s, Name: h.orgName(r, s.Code)}
	p.Title, p.Section = h.printer(r).T("matrix.imp.title", p.Name), "matrix"
	return p
}

// matrixTitle is service.MatrixTitle in the reader's language: the State,
// the edition, its status and the day the Committee approved it.
func (h *Handler) matrixTitle(r *http.Request, s *refdata.State, e model.MatrixEdition) string {
	p := h.printer(r)
	name, status := h.orgName(r, s.Code), p.T("matrix.status."+string(e.Status))
	t := p.T("matrix.title.edition", name, e.Number, status)
	if e.Status.Published() && !e.ApprovedAt.IsZero() {
		t = p.T("matrix.title.approved", name, e.Number, status, p.Date(e.ApprovedAt.UTC()))
	}
	if e.Illustrative {
		t = p.T("matrix.title.illustrative", t)
	}
	return t
}
