package web_test

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestServiceWordsInTheReadersLanguage (issue 17): sentences the services
// write and files for people follow the reader's language; files for
// machines do not. On both engines:
//   - the completeness check's reasons and the import conflict's message in
//     Arabic carry the Arabic sentence and no English one (control: the
//     same pages in English carry the English);
//   - the figures report's workbook and the state of play's CSV in French
//     have French sheet names and headers (control: English ones as
//     before), while the plan's workbook, a file napx imports back, keeps
//     its English sheets and headers in French;
//   - the States directory in Russian is in the Russian alphabet's order
//     (Австралия first, Афганистан after it, Япония last), where the
//     English is in the English one's (Afghanistan first, Zimbabwe last).
func TestServiceWordsInTheReadersLanguage(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		editor := app.Account("HRV", model.RoleEditor)
		n, _ := hiddenPlan(t, app, "HRV", "WORDS", model.NAPDraft)
		path := fmt.Sprintf("/naps/%d", n.ID)

		// The completeness check's reasons.
		webtest.Expect(t, editor.Get(path+"?lang=en"), 200, "no text yet", "not yet submitted to the Committee")
		webtest.Expect(t, editor.Get(path+"?lang=ar"), 200, "لا يوجد نص بعد", "لم تُقدَّم إلى اللجنة بعد",
			"!no text yet", "!not yet submitted to the Committee", "!only 15 characters", "!characters of text")

		// The import conflict: three previews of one file, the first applied.
		rec := editor.Get(path + "/plan.xlsx?lang=fr")
		if rec.Code != 200 {
			t.Fatalf("export: %d", rec.Code)
		}
		f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		// The control of the workbooks below: a file napx reads back keeps
		// its English sheets and headers whatever the reader's language.
		if got := strings.Join(f.GetSheetList(), ","); got != "plan,sections,actions" {
			t.Errorf("the plan's workbook in French has sheets %s", got)
		}
		if head, _ := f.GetRows("actions"); len(head) == 0 || !slices.Contains(head[0], "title") {
			t.Errorf("the plan's workbook in French: actions header %q", head)
		}
		_ = f.SetCellValue("sections", "C3", "A national working group, imported.")
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		token := func() string {
			return htmlUnescape(between(upload(t, editor, path+"/import", buf.Bytes()).Body.String(), `name="preview" value="`, `"`))
		}
		first, second, third := token(), token(), token()
		webtest.Expect(t, editor.Post(path+"/import/apply", url.Values{"preview": {first}}), 303)
		webtest.Expect(t, editor.Post(path+"/import/apply?lang=en", url.Values{"preview": {second}}), 409,
			"the plan was changed by someone else since the preview (version")
		webtest.Expect(t, editor.Post(path+"/import/apply?lang=ar", url.Values{"preview": {third}}), 409,
			"عدّل شخص آخر الخطة منذ المعاينة", "!the plan was changed by someone else", "!upload the file again")

		// The figures report's workbook: French words for people.
		q := "/figures/report.xlsx?from=2010-01-01&to=2020-12-31&group=SEE&id=reports.first&id=naps.states"
		sheets := func(lang string) (list []string, summary, records []string) {
			t.Helper()
			rec := app.Get(q + "&lang=" + lang)
			if rec.Code != 200 {
				t.Fatalf("workbook in %s: %d %s", lang, rec.Code, rec.Body.String())
			}
			wb, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			list = wb.GetSheetList()
			sum, _ := wb.GetRows(list[0])
			recs, _ := wb.GetRows("reports.first")
			if len(sum) < 6 || len(recs) < 1 {
				t.Fatalf("workbook in %s: %q %q", lang, sum, recs)
			}
			return list, sum[5], recs[0]
		}
		list, sum, recs := sheets("en")
		if list[0] != "figures" || !slices.Contains(sum, "what it counts") || !slices.Contains(recs, "state name") {
			t.Errorf("control: the English workbook %q %q %q", list, sum, recs)
		}
		list, sum, recs = sheets("fr")
		if list[0] != "chiffres" || !slices.Contains(sum, "ce qui est compté") || slices.Contains(sum, "what it counts") ||
			!slices.Contains(recs, "nom de l'État") || slices.Contains(recs, "state name") {
			t.Errorf("the French workbook %q %q %q", list, sum, recs)
		}
		webtest.Expect(t, app.Get("/state-of-play.csv?group=SEE&lang=en"), 200, "state,state_name,plan_id", "HRV,Croatia")
		webtest.Expect(t, app.Get("/state-of-play.csv?group=SEE&lang=fr"), 200, "code de l'État,État,numéro du plan", "HRV,Croatie",
			"!state_name", "!HRV,Croatia")

		// The States directory in the reader's alphabetical order.
		order := func(lang string) []string {
			t.Helper()
			rec := app.Get("/states?lang=" + lang)
			var codes []string
			for _, m := range stateRow.FindAllStringSubmatch(rec.Body.String(), -1) {
				codes = append(codes, m[1])
			}
			if len(codes) < 190 {
				t.Fatalf("the directory in %s lists %d States", lang, len(codes))
			}
			return codes
		}
		en, ru := order("en"), order("ru")
		if en[0] != "AFG" || en[len(en)-1] != "ZWE" {
			t.Errorf("control: the English directory runs %s … %s", en[0], en[len(en)-1])
		}
		if ru[0] != "AUS" || slices.Index(ru, "AFG") < slices.Index(ru, "AUT") || ru[len(ru)-1] != "JPN" {
			t.Errorf("the Russian directory runs %s … %s (Afghanistan at %d, Austria at %d)", ru[0], ru[len(ru)-1], slices.Index(ru, "AFG"), slices.Index(ru, "AUT"))
		}
	})
}

var stateRow = regexp.MustCompile(`<th scope="row"><a href="/states/([A-Z]{3})">`)
