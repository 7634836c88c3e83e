package web_test

import (
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestMatrixPagesInSixLanguages: a State's matrix, a cell, its gaps and
// the changes between editions in French and Arabic carry the catalogue's
// sentences and the State's name in that language, not the English ones
// (the field labels too: TestMatrixLabelsOnPages). The control is the
// English page with the English sentences.
func TestMatrixPagesInSixLanguages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		seedMatrices(t, app, "DRAFT-ONLY-MARKER")
		anon := app.Anonymous()
		expert := app.Account("UNSC1540", model.RoleEditor)
		english := []string{"!Printable matrix", "!The whole matrix", "!Download XLSX", "!verified wording", "!Legally binding instruments", "!Nuclear weapons (NW) and their means"}
		for _, c := range []struct {
			who  *webtest.Client
			path string
			want []string
		}{
			{anon, "/states/SRB/matrix?lang=en", []string{"<h1>Matrix of Serbia</h1>", "Printable matrix", "The whole matrix", "Download XLSX", "verified wording",
				"Nuclear weapons (NW) and their means of delivery", "The legend is paraphrased", `<main id="main" tabindex="-1">`}},
			{anon, "/states/SRB/matrix?lang=fr", append([]string{"<h1>Matrice de Serbie</h1>", "Matrice imprimable", "Télécharger (XLSX)", "libellé vérifié",
				"Armes nucléaires (NW) et leurs vecteurs", "La légende reprend", "!Nuclear Non-Proliferation Treaty (NPT)", "!The legend is paraphrased", `<main id="main" tabindex="-1">`}, english...)},
			{anon, "/states/SRB/matrix?lang=ar", append([]string{"<h1>مصفوفة صربيا</h1>", "المصفوفة للطباعة", "تنزيل XLSX", "صياغة متحقَّق منها",
				"الأسلحة النووية (NW) ووسائل إيصالها", "!Nuclear Non-Proliferation Treaty (NPT)", "!The legend is paraphrased"}, english...)},
			{anon, "/states/SRB/matrix/cells/OP1-01?lang=en", []string{"Basis of this field", "Last change", "value of this field in each published edition"}},
			{anon, "/states/SRB/matrix/cells/OP1-01?lang=fr", []string{"Fondement de ce champ", "Dernière modification", "La valeur de ce champ dans chaque édition publiée",
				"!Basis of this field", "!Last change", "!value of this field in each published edition"}},
			{anon, "/states/SRB/matrix/gaps?lang=en", []string{"322 fields without a measure.", "Practices from elsewhere", "Gaps <span class=\"muted\">— matrix of Serbia"}},
			{anon, "/states/SRB/matrix/gaps?lang=fr", []string{"322 champs sans mesure.", "Pratiques d&#39;autres États", "— matrice de Serbie", "!fields without a measure", "!Practices from elsewhere"}},
			{anon, "/states/SRB/matrix/gaps?lang=ar", []string{"322 حقلًا بلا تدبير.", "ممارسات من أماكن أخرى", "!fields without a measure", "!Practices from elsewhere"}},
			{anon, "/states/SRB/matrix/diff?lang=en", []string{"Changes between editions", "0 fields differ"}},
			{anon, "/states/SRB/matrix/diff?lang=ru", []string{"Изменения между редакциями", "различаются 0 полей", "!Changes between editions", "!fields differ"}},
			{expert, "/states/HRV/matrix/cells/OP1-07?lang=en", []string{"Save in the draft", "Saving opens edition 1 of Croatia"}},
			{expert, "/states/HRV/matrix/cells/OP1-07?lang=ar", []string{"الحفظ في المشروع", "الطبعة 1 من مصفوفة كرواتيا", "!Save in the draft", "!Saving opens edition"}},
		} {
			webtest.Expect(t, c.who.Get(c.path), 200, c.want...)
		}
	})
}
