package web

import (
	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/service"
)

// The figures in the reader's language (issue 17). The service names each
// figure and says what it counts in English (the API's and the workbook's
// values); a page takes both from the catalogue (figures.def.<id>,
// figures.def.<id>.counts, figures.def.<id>.note) and the parts of a
// figure (FigureItem.Key) from the words the product already has for them
// — events by kind, needs by area, follow-ups by outcome. A part the
// catalogue has no word for (a provider's name, a report's type) stays as
// the service wrote it. TestFigureNamesInCatalogue keeps the English
// catalogue equal to the service's words.

// itemKeys is, per figure, where its parts' words are in the catalogue.
var itemKeys = map[string]string{
	"events.held":          "events.kind.",
	"assistance.matched":   "assistance.area.",
	"assistance.fulfilled": "assistance.area.",
	"followups.on_time":    "figures.item.",
}

// localFigure is f with its words in p's language.
func (h *Handler) localFigure(p *i18n.Printer, f service.Figure) service.Figure {
	if p.Lang().Code == i18n.English {
		return f
	}
	cat := h.pages.cat
	if k := "figures.def." + f.ID; cat.Has(k) {
		f.Label = p.T(k)
	}
	if k := "figures.def." + f.ID + ".counts"; cat.Has(k) {
		f.Counts = p.T(k)
	}
	if k := "figures.def." + f.ID + ".note"; f.Note != "" && cat.Has(k) {
		f.Note = p.T(k)
	}
	if f.ID == "programmes.by_provider" && len(f.Items) > 0 { // providers by name, in the reader's language
		items := make([]service.FigureItem, len(f.Items))
		for i, it := range f.Items {
			it.Label = h.svc.Directory.Catalog().OrgNameIn(it.Key, p.Lang().Code)
			items[i] = it
		}
		f.Items = items
	}
	if prefix, ok := itemKeys[f.ID]; ok && len(f.Items) > 0 {
		items := make([]service.FigureItem, len(f.Items))
		for i, it := range f.Items {
			if k := prefix + it.Key; cat.Has(k) {
				it.Label = p.T(k)
			}
			items[i] = it
		}
		f.Items = items
	}
	return f
}

// localFigures is every figure of figs in p's language.
func (h *Handler) localFigures(p *i18n.Printer, figs []service.Figure) []service.Figure {
	if p.Lang().Code == i18n.English {
		return figs
	}
	out := make([]service.Figure, len(figs))
	for i, f := range figs {
		out[i] = h.localFigure(p, f)
	}
	return out
}

// localRecords is a figure's records page in p's language (the records
// themselves are data: their category and detail stay as written).
func (h *Handler) localRecords(p *i18n.Printer, rs service.FigureRecords) service.FigureRecords {
	rs.Figure = h.localFigure(p, rs.Figure)
	if len(rs.Records) > 0 {
		// The States' names in the reader's language, on a copy: the
		// service keeps its rows for every reader. English keeps the
		// service's words for a category and a detail (the API's).
		lang, dir := p.Lang().Code, h.svc.Directory.Catalog()
		recs := make([]service.FigureRecord, len(rs.Records))
		for i, rec := range rs.Records {
			if lang == i18n.English {
				rec.CategoryMsg, rec.DetailMsg = model.Message{}, model.Message{}
			} else if rec.State != "" {
				rec.Name = dir.OrgNameIn(rec.State, lang)
			}
			recs[i] = rec
		}
		rs.Records = recs
	}
	return rs
}
