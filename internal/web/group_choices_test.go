package web_test

import (
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestGroupChoicesInTheReadersLanguage (issue 17, item 3): the lists that
// choose a group of States — the state of play, the matrix's heat map, the
// assistance pages, figures, maps, the States and the events — name each
// group in the reader's language (they named it in English, marked so);
// the control is each page in English.
func TestGroupChoicesInTheReadersLanguage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		viewer := app.Account("HRV", model.RoleViewer)
		for _, path := range []string{"/state-of-play", "/matrix", "/assistance", "/assistance/requests", "/assistance/programmes", "/figures", "/maps", "/states", "/events", "/states/HRV", "/organizations/RACVIAC"} {
			webtest.Expect(t, viewer.Get(path+"?lang=en"), 200, "South-East Europe")
			webtest.Expect(t, viewer.Get(path+"?lang=fr"), 200, "Europe du Sud-Est", "!South-East Europe")
			webtest.Expect(t, viewer.Get(path+"?lang=ru"), 200, "Юго-Восточная Европа", "!South-East Europe")
		}
	})
}
