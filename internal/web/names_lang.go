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

func (h *Handler) requestNames(r *http.Request, rs []service.RequestView) []service.RequestView {
	lang := i18n.FromContext(r.Context())
	if lang == i18n.English || len(rs) == 0 {
		return rs
	}
	out := make([]service.RequestView, len(rs))
	for i, x := range rs {
		x.OwnerName = h.svc.Directory.Catalog().OrgNameIn(x.Owner, lang)
		out[i] = x
	}
	return out
}

func (h *Handler) programmeNames(r *http.Request, gs []service.ProgrammeView) []service.ProgrammeView {
	lang := i18n.FromContext(r.Context())
	if lang == i18n.English || len(gs) == 0 {
		return gs
	}
	out := make([]service.ProgrammeView, len(gs))
	for i, g := range gs {
		g.ProviderName = h.svc.Directory.Catalog().OrgNameIn(g.Provider, lang)
		out[i] = g
	}
	return out
}

func (h *Handler) deliveryNames(r *http.Request, ds []service.DeliveryView) []service.DeliveryView {
	lang := i18n.FromContext(r.Context())
	if lang == i18n.English || len(ds) == 0 {
		return ds
	}
	cat := h.svc.Directory.Catalog()
	out := make([]service.DeliveryView, len(ds))
	for i, d := range ds {
		d.OwnerName, d.ProviderName = cat.OrgNameIn(d.Owner, lang), cat.OrgNameIn(d.Provider, lang)
		out[i] = d
	}
	return out
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
