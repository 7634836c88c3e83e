package web

import (
	"net/http"
	"strings"

	"napx/internal/model"
)

// Words the services write in English, said in the reader's language
// (issue 17): the service's values and the API stay as they are.

// audience says who may read a record (service.Audience's sentence) in
// the reader's language; the names of organisations and groups stay the
// English data they are, a State's name is the reader's.
func (h *Handler) audience(r *http.Request, vis model.Visibility, owner string, shared []string) string {
	p, cat := h.printer(r), h.svc.Directory.Catalog()
	name := h.orgName(r, owner)
	switch vis {
	case model.VisPrivate:
		return p.T("plans.aud.private", name)
	case model.VisCommittee:
		return p.T("plans.aud.committee", name)
	case model.VisShared:
		names := make([]string, 0, len(shared))
		for _, c := range shared {
			if g := cat.Group(c); g != nil {
				names = append(names, g.Name)
				continue
			}
			names = append(names, h.orgName(r, c))
		}
		switch len(names) {
		case 0:
			return p.T("plans.aud.committee", name)
		case 1:
			return p.T("plans.aud.shared", name, names[0])
		}
		return p.T("plans.aud.sharedmany", name, strings.Join(names[:len(names)-1], p.T("plans.aud.sep")), names[len(names)-1])
	case model.VisParticipants:
		return p.T("plans.aud.participants")
	case model.VisPublic:
		return p.T("plans.aud.public")
	}
	return string(vis)
}
