package web

import (
	"html"
	"html/template"
	"net/http"
	"strings"

	"napx/internal/i18n"
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

// matrixLabel is a field label or section title of the matrix taxonomy in
// p's language (issue 17): the part matrixlabels is keyed by the
// taxonomy's English, so the taxonomy stays the one source of the texts
// and a translator sees what each message translates. ok is false when
// the catalogue lacks the text (a label added to the taxonomy before its
// translations): the English is returned, for the caller to mark.
func matrixLabel(p *i18n.Printer, english string) (text string, ok bool) {
	if english == "" {
		return "", true
	}
	if s := p.T(english); !strings.HasPrefix(s, i18n.Missing) {
		return s, true
	}
	return english, false
}

// matrixLabelHTML is matrixLabel for a page (mxLabel, mxSection): the
// text escaped, or the English marked lang="en" when the catalogue lacks
// it.
func matrixLabelHTML(p *i18n.Printer, english string) template.HTML {
	s, ok := matrixLabel(p, english)
	if !ok {
		return template.HTML(`<bdi lang="en" dir="ltr">` + html.EscapeString(s) + `</bdi>`) // #nosec G203 -- escaped
	}
	return template.HTML(html.EscapeString(s)) // #nosec G203 -- escaped
}
