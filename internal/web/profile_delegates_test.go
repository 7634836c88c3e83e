package web_test

import (
	"net/http"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestProfileShowsDelegates: a State's profile lists its delegates to each
// event as the event's page shows them to the same reader: Montenegro's
// coordinator sees both of its delegates to the seed's workshop (one only
// nominated), another organisation only the confirmed one; the API says
// the same.
func TestProfileShowsDelegates(t *testing.T) {
	webtest.EachDemo(t, time.Now(), func(t *testing.T, app *webtest.App) {
		mne := app.Account("MNE", model.RoleCoordinator, webtest.Email("profile-coord@mne.example.org"))
		iaea := app.Account("IAEA", model.RoleEditor, webtest.Email("profile-editor@iaea.example.org"))
		const confirmed, nominated = "Mila Oglednović (illustrative)", "Nikola Primjerović (illustrative)"
		webtest.Expect(t, mne.Get("/states/MNE"), http.StatusOK, "Delegates", confirmed, nominated)
		webtest.Expect(t, iaea.Get("/states/MNE"), http.StatusOK, "Delegates", confirmed, "!"+nominated)
		webtest.Expect(t, mne.Get("/api/v1/states/MNE/profile"), http.StatusOK, `"delegates":[`, nominated)
		webtest.Expect(t, iaea.Get("/api/v1/states/MNE/profile"), http.StatusOK, `"delegates":[`, confirmed, "!"+nominated)
		webtest.Expect(t, mne.Get("/states/MNE?lang=fr"), http.StatusOK, "Délégués", nominated)
	})
}

// TestGroupAndOrganisationNamesInTheReadersLanguage: the groups' and
// organisations' pages and lists name them in the reader's language (the
// English name is gone from the French heading: the control that the page
// changed) and say the names are drafts.
func TestGroupAndOrganisationNamesInTheReadersLanguage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		anon := app.Anonymous()
		webtest.Expect(t, anon.Get("/groups/UN?lang=fr"), http.StatusOK, "<h1><bdi>Tous les États Membres de l’Organisation des Nations Unies</bdi>")
		webtest.Expect(t, anon.Get("/groups?lang=fr"), http.StatusOK, "Tous les États Membres de l’Organisation des Nations Unies", "traductions provisoires")
		webtest.Expect(t, anon.Get("/organizations/UNODA?lang=ru"), http.StatusOK, "<h1><bdi>Управление Организации Объединенных Наций по вопросам разоружения</bdi>")
		webtest.Expect(t, anon.Get("/organizations?lang=es"), http.StatusOK, "Oficina de Asu")
		webtest.Expect(t, anon.Get("/organizations/UNODA"), http.StatusOK, "<h1><bdi>United Nations Office for Disarmament Affairs</bdi>")
	})
}
