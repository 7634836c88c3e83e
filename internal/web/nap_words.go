package web

import (
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"napx/internal/i18n"
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

// planStatus is where a plan stands, in one wording for every page that
// shows it (issue 18, item 6) — the list, the State's page, the state of
// play, the group's dashboard, the plan's own page — from the catalogue's
// status part in the reader's language, naming the State in the third
// person and the day of the step ("Submitted by Croatia to the 1540
// Committee on 1 March 2027"). state is the State's name as the page
// writes it. service.PlanStatus is the same wording in English for the
// services' messages.
func planStatus(p *i18n.Printer, n model.NAP, state string) string {
	day := func(d model.Date) string { return p.Date(d.Time().UTC()) }
	switch n.Status {
	case model.NAPDraft:
		return p.T("status.plan.draft", state)
	case model.NAPAdopted:
		key := "status.plan.adopted"
		if n.Related() {
			key = "status.plan.adopted.own"
		}
		if n.AdoptedOn.IsZero() {
			return p.T(key+".nodate", state)
		}
		return p.T(key, state, day(n.AdoptedOn))
	case model.NAPSubmitted:
		if n.SubmittedOn.IsZero() {
			return p.T("status.plan.submitted.nodate", state)
		}
		return p.T("status.plan.submitted", state, day(n.SubmittedOn))
	case model.NAPPublished:
		if n.PublishedOn.IsZero() {
			return p.T("status.plan.published.nodate", state)
		}
		return p.T("status.plan.published", state, day(n.PublishedOn))
	case model.NAPWithdrawn:
		return p.T("status.plan.withdrawn", state)
	}
	return p.T("plans.status." + string(n.Status))
}

// levelNames names each level a record of owner may be given, in the
// third person ("Croatia only", "Croatia, the 1540 Committee and UNODA"):
// the forms where a Committee expert records a State's report or point of
// contact must not say "my organisation" for the State's.
func (h *Handler) levelNames(r *http.Request, owner string, levels []model.Visibility) map[model.Visibility]string {
	out := make(map[model.Visibility]string, len(levels))
	for _, l := range levels {
		if l == model.VisShared {
			out[l] = h.printer(r).T("plans.vis.shared")
			continue
		}
		s := h.audience(r, l, owner, nil)
		if c, n := utf8.DecodeRuneInString(s); c != utf8.RuneError {
			s = string(unicode.ToUpper(c)) + s[n:]
		}
		out[l] = s
	}
	return out
}
