package web

import (
	"fmt"
	"testing"

	"napx/internal/i18n"
	"napx/internal/service"
)

// TestFigureNamesInCatalogue: each figure's name and what it counts, and
// each map layer's title, description and legend, are in the catalogue,
// and the English catalogue says exactly what the service says (the API's
// words), so the English pages do not change when they read the
// catalogue. The control: a figure the service does not have is not in
// the catalogue.
func TestFigureNamesInCatalogue(t *testing.T) {
	cat := i18n.MustDefault()
	en := cat.Printer(i18n.English)
	for _, d := range service.FigureDefs {
		if got := en.T("figures.def." + d.ID); got != d.Label {
			t.Errorf("figure %s: the catalogue says %q, the service %q", d.ID, got, d.Label)
		}
		if got := en.T("figures.def." + d.ID + ".counts"); got != d.Counts {
			t.Errorf("figure %s counts: the catalogue says %q, the service %q", d.ID, got, d.Counts)
		}
	}
	if cat.Has("figures.def.no.such.figure") {
		t.Error("control: the catalogue has a figure the service does not")
	}
	var m *service.Maps
	for _, l := range m.MapLayers() {
		if got := en.T("maps.layer." + l.Key); got != l.Title {
			t.Errorf("map layer %s: the catalogue says %q, the service %q", l.Key, got, l.Title)
		}
		if got := en.T("maps.layer." + l.Key + ".desc"); got != l.Description {
			t.Errorf("map layer %s: the catalogue's description %q, the service's %q", l.Key, got, l.Description)
		}
	}
	for _, k := range []string{"maps.class.plans.4", "maps.class.coverage.5", "maps.class.events.4", "maps.class.needs.4"} {
		if !cat.Has(k) {
			t.Errorf("the legend's last class %s is not in the catalogue", k)
		}
	}
	if cat.Has(fmt.Sprintf("maps.class.plans.%d", 5)) {
		t.Error("control: the plans layer has five classes, the catalogue six")
	}
}
