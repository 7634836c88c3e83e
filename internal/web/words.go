package web

import (
	"net/http"
	"strings"

	"napx/internal/i18n"
	"napx/internal/model"
)

// One vocabulary (issue 18, item 6): where a record stands, in one wording
// per kind of record, from the catalogue's status part, in the reader's
// language. service.EditionStatus is the same wording in English for the
// API, files and messages written in Go.

// editionStatus is where an edition of state's matrix stands ("Agreed by
// Croatia on 1 March 2027 — awaiting the Committee's approval").
func editionStatus(p *i18n.Printer, e model.MatrixEdition, state string) string {
	switch e.Status {
	case model.EditionDraft:
		return p.T("status.edition.draft")
	case model.EditionWithState:
		if e.Agreed {
			return p.T("status.edition.agreed", state, p.Date(e.AgreedAt.UTC()))
		}
		return p.T("status.edition.with", state, p.Date(e.SentAt.UTC()))
	case model.EditionApproved:
		return p.T("status.edition.approved", p.Date(e.ApprovedAt.UTC()))
	case model.EditionSuperseded:
		return p.T("status.edition.superseded")
	}
	return e.Status.Label()
}

// errorTitle starts the title of a page answering a form with problems
// (422) or a conflict (409) with "Error:" (the GOV.UK error pattern, issue
// 18 item 6), in the reader's language, once.
func errorTitle(h *Handler, r *http.Request, b *Base, status int) {
	if status != http.StatusUnprocessableEntity && status != http.StatusConflict || b.Title == "" {
		return
	}
	p := h.printer(r)
	if strings.HasPrefix(b.Title, "Error:") || strings.HasPrefix(b.Title, p.T("confirm.error")) {
		return
	}
	b.Title = p.T("confirm.error.title", b.Title)
}
