package web

import (
	"net/http"

	"napx/internal/i18n"
	"napx/internal/service"
)

// States and organisations named in the reader's language in the lists
// the services build with their English names (issue 17, item 3). The
// services keep their views for every reader (and the API's English), so
// each helper renames a copy.

// renamed is a copy of xs with rename applied to each, where the reader's
// language is not English (name writes a code's name in it).
func renamed[T any](h *Handler, r *http.Request, xs []T, rename func(x *T, name func(code string) string)) []T {
	lang := i18n.FromContext(r.Context())
	if lang == i18n.English || len(xs) == 0 {
		return xs
	}
	cat := h.svc.Directory.Catalog()
	name := func(code string) string { return cat.OrgNameIn(code, lang) }
	out := make([]T, len(xs))
	for i := range xs {
		out[i] = xs[i]
		rename(&out[i], name)
	}
	return out
}

func (h *Handler) requestNames(r *http.Request, rs []service.RequestView) []service.RequestView {
	return renamed(h, r, rs, func(x *service.RequestView, name func(string) string) { x.OwnerName = name(x.Owner) })
}

func (h *Handler) programmeNames(r *http.Request, gs []service.ProgrammeView) []service.ProgrammeView {
	return renamed(h, r, gs, func(g *service.ProgrammeView, name func(string) string) { g.ProviderName = name(g.Provider) })
}

func (h *Handler) deliveryNames(r *http.Request, ds []service.DeliveryView) []service.DeliveryView {
	return renamed(h, r, ds, func(d *service.DeliveryView, name func(string) string) {
		d.OwnerName, d.ProviderName = name(d.Owner), name(d.Provider)
	})
}

// stateAssistanceNames is a State's assistance with every name in the
// reader's language.
func (h *Handler) stateAssistanceNames(r *http.Request, a service.StateAssistance) service.StateAssistance {
	a.Asked, a.Programmes = h.requestNames(r, a.Asked), h.programmeNames(r, a.Programmes)
	a.Delivered, a.Received = h.deliveryNames(r, a.Delivered), h.deliveryNames(r, a.Received)
	return a
}

// needTableNames is the open-needs table with its States' rows named in
// the reader's language.
func (h *Handler) needTableNames(r *http.Request, t service.NeedTable) service.NeedTable {
	lang := i18n.FromContext(r.Context())
	if lang == i18n.English || len(t.Rows) == 0 {
		return t
	}
	cat := h.svc.Directory.Catalog()
	rows := make([]service.NeedRow, len(t.Rows))
	for i, row := range t.Rows {
		if cat.State(row.Code) != nil { // the regional groups' rows stay as recorded (the page marks them English)
			row.Name = cat.OrgNameIn(row.Code, lang)
		}
		rows[i] = row
	}
	t.Rows = rows
	return t
}
