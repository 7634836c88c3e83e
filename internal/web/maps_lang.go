package web

import (
	"fmt"
	"net/http"

	"napx/internal/i18n"
	"napx/internal/service"
)

// The maps in the reader's language (issue 17). The service answers its
// layers, legends and details in English (the API's values); a page in
// another language takes each from the catalogue (maps.layer.<key>,
// maps.class.<key>.<n>, the row's DetailKey) and each State's name in the
// language. English pages keep the service's words as they are.

// localMap is d with its words in p's language.
func (h *Handler) localMap(p *i18n.Printer, d service.MapData) service.MapData {
	if p.Lang().Code == i18n.English {
		return d
	}
	out := d
	out.Layer = localLayer(p, d.Layer)
	out.Classes = make([]service.MapClass, len(d.Classes))
	for i, c := range d.Classes {
		key := fmt.Sprintf("maps.class.%s.%d", d.Layer.Key, i)
		if c.Label == service.NoPublishedPlan {
			key = "maps.class.plans.public"
		}
		c.Label = p.T(key)
		out.Classes[i] = c
	}
	cat := h.svc.Directory.Catalog()
	out.Rows = make([]service.MapRow, len(d.Rows))
	for i, r := range d.Rows {
		if r.Class >= 0 && r.Class < len(out.Classes) {
			r.Label = out.Classes[r.Class].Label
		}
		if r.DetailKey != "" {
			r.Detail = p.T(r.DetailKey, r.DetailArgs...)
		}
		if s := cat.State(r.State); s != nil {
			r.Name = s.NameIn(p.Lang().Code)
		}
		out.Rows[i] = r
	}
	return out
}

// localLayer is a layer's title and description in p's language.
func localLayer(p *i18n.Printer, l service.MapLayer) service.MapLayer {
	if p.Lang().Code == i18n.English {
		return l
	}
	l.Title = p.T("maps.layer." + l.Key)
	l.Description = p.T("maps.layer." + l.Key + ".desc")
	return l
}

// mapArea is the map's area in words: the group's name (English, as the
// groups are named), or all States in the reader's language.
func mapArea(p *i18n.Printer, d service.MapData) string {
	if d.Group == nil {
		return p.T("maps.allstates")
	}
	return d.Name()
}

// mapPrinter is the request's printer (the maps' SVG file has no page).
func (h *Handler) mapPrinter(r *http.Request) *i18n.Printer { return h.printer(r) }
