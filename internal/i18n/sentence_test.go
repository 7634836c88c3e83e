package i18n

import (
	"fmt"
	"strings"
	"testing"

	"napx/internal/model"
)

type testNames struct{}

func (testNames) OrgNameIn(code, lang string) string {
	if lang == "fr" {
		return "Croatie"
	}
	return "Croatia"
}
func (testNames) GroupNameIn(code, lang string) string { return "South-East Europe" }

// TestSay: a sentence is written in the printer's language — the plural
// form chosen by the count, the day in the language, a State by its name
// in it, a phrase of the catalogue inside — and, as HTML, user text is
// escaped and isolated while the message's own words are escaped too. The
// control: the English printer writes the English.
func TestSay(t *testing.T) {
	c := MustDefault()
	title := `<script>x</script> & “plan”`
	s := model.Msg("svctasks.nap.overdue", model.ArgNum(3), model.ArgText(title))
	if got := c.Printer("en").Say(s, testNames{}); got != "3 actions of “"+title+"” are overdue" {
		t.Errorf("English: %q", got)
	}
	if got := c.Printer("fr").Say(s, testNames{}); !strings.Contains(got, "3 actions de « "+title+" » sont en retard") {
		t.Errorf("French: %q", got)
	}
	if got := c.Printer("ar").Say(model.Msg("svctasks.nap.overdue", model.ArgNum(2), model.ArgText("T")), testNames{}); !strings.Contains(got, "إجراءان") {
		t.Errorf("Arabic dual: %q", got)
	}
	h := c.Printer("fr").SayHTML(s, testNames{})
	if !strings.Contains(h, "<bdi>&lt;script&gt;x&lt;/script&gt; &amp; “plan”</bdi>") || strings.Contains(h, "<script>") {
		t.Errorf("HTML: %q", h)
	}
	d := model.Msg("svctasks.nap.submit", model.ArgText("P"), model.ArgDate(model.MustDate("2026-01-02")))
	if got := c.Printer("fr").Say(d, testNames{}); !strings.Contains(got, "2 janvier 2026") {
		t.Errorf("a day in French: %q", got)
	}
	aud := model.Msg("svcconfirm.nap.submit.readers", model.ArgMsg(model.Msg("svcconfirm.aud.shared", model.ArgOrg("HRV"),
		model.ArgMsg(model.Msg("svcconfirm.and", model.ArgGroup("SEE"), model.ArgOrg("HRV"))))))
	if got := c.Printer("fr").SayHTML(aud, testNames{}); !strings.Contains(got, "Croatie, le Comité 1540") || !strings.Contains(got, "<bdi>South-East Europe</bdi> et Croatie") {
		t.Errorf("a phrase inside a sentence: %q", got)
	}
	// An argument that stands twice in its sentence is written twice.
	twice := model.Msg("svcconfirm.matrix.approve.none", model.ArgOrg("HRV"))
	if got := c.Printer("en").SayHTML(twice, testNames{}); got != "There is no edition of Croatia&#39;s matrix agreed by Croatia to approve." {
		t.Errorf("an argument twice: %q", got)
	}
	if got := c.Printer("en").Say(model.Message{}, testNames{}); got != "" {
		t.Errorf("nothing said: %q", got)
	}
}

// BenchmarkSay: a task's title written as HTML in French and in Arabic
// against the English fmt.Sprintf the service wrote before; the ratio is
// the cost of saying it in the reader's language.
func BenchmarkSay(b *testing.B) {
	c := MustDefault()
	s := model.Msg("svctasks.event.nominate", model.ArgNum(3), model.ArgNum(1), model.ArgOrg("HRV"), model.ArgText("Regional workshop"), model.ArgDate(model.MustDate("2027-03-01")))
	b.Run("english-sprintf", func(b *testing.B) {
		for b.Loop() {
			_ = fmt.Sprintf("Nominate %s's delegates to “%s” by %s (%d of %s taken)", "Croatia", "Regional workshop", model.MustDate("2027-03-01").Long(), 1, "3 seats")
		}
	})
	for _, lang := range []string{"en", "fr", "ar"} {
		p := c.Printer(lang)
		b.Run(lang, func(b *testing.B) {
			for b.Loop() {
				_ = p.SayHTML(s, testNames{})
			}
		})
	}
}
