package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestMatrixLabelsOnPages (issue 17), on the demo and both engines: a
// State's matrix, a cell, the matrix's elements, the gaps and the plan
// action form's matrix-field picker show the matrix's field labels and
// section titles in the reader's language — the NPT by its French and
// Arabic names, the penalties and the first section's title likewise — and
// no longer in English, nowhere escaped twice (the grid's aria-label holds a
// title inside a sentence). The control is each page in English.
func TestMatrixLabelsOnPages(t *testing.T) {
	webtest.EachDemo(t, time.Now(), func(t *testing.T, app *webtest.App) {
		coord := app.Account("HRV", model.RoleCoordinator, webtest.Email("mxlabels@hrv.example.org"))
		npt := map[string]string{"en": "Nuclear Non-Proliferation Treaty (NPT)", "fr": "Traité sur la non-prolifération des armes nucléaires (TNP)", "ar": "معاهدة عدم انتشار الأسلحة النووية"}
		penalties := map[string]string{"en": "Criminal penalties for violations", "fr": "Sanctions pénales en cas d’infraction", "ar": "العقوبات الجنائية على المخالفات"}
		op1 := map[string]string{"en": "OP 1 and related matters from OP 5", "fr": "OP 1 et questions connexes relevant des OP 5", "ar": "OP 1 والمسائل ذات الصلة الواردة في OP 5"}
		pages := []struct {
			path   string
			shows  []map[string]string // what the page shows, by language
			absent []map[string]string // what it does not show (its English is checked absent elsewhere)
		}{
			{"/states/HRV/matrix", []map[string]string{npt, penalties, op1}, nil},
			{"/states/HRV/matrix/cells/OP1-01", []map[string]string{npt, op1}, nil},
			{"/matrix/elements", []map[string]string{npt, penalties, op1}, nil},
			{"/states/HRV/matrix/gaps", []map[string]string{penalties}, nil},
			{fmt.Sprintf("/naps/%d/actions/new?element_area=OP1", demoPlan(t, app, "HRV").ID), []map[string]string{npt}, []map[string]string{penalties}},
		}
		for _, pg := range pages {
			sep := "?"
			if strings.Contains(pg.path, "?") {
				sep = "&"
			}
			for _, lang := range []string{"en", "fr", "ar"} {
				var want []string
				for _, m := range pg.shows {
					want = append(want, m[lang])
					if lang != "en" {
						want = append(want, "!"+m["en"])
					}
				}
				for _, m := range pg.absent {
					want = append(want, "!"+m[lang])
				}
				webtest.Expect(t, coord.Get(pg.path+sep+"lang="+lang), 200, append(want, "!⟦missing", "!&amp;#")...)
			}
		}
	})
}
