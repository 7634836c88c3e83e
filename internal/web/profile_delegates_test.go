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
