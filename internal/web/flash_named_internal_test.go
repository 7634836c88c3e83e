package web

import (
	"strings"
	"testing"

	"napx/internal/i18n"
)

// TestNamedFlashes: every confirmation of namedFlash has its message
// flash.named.<done>, a plain flash.<done> to fall back on, and exactly the
// placeholders its parts fill (no %!(MISSING) nor %!(EXTRA)); every
// flash.named.* of the catalogue is listed. flashOn uses the named message
// only when the page knows every part, isolating each (controls: a missing
// part gives the plain message; an unlisted done value stays plain).
func TestNamedFlashes(t *testing.T) {
	cat := i18n.MustDefault()
	for done, parts := range namedFlash {
		if !cat.Has("flash." + done) {
			t.Errorf("namedFlash[%q] has no plain flash.%s to fall back on", done, done)
		}
		if !cat.Has("flash.named." + done) {
			t.Errorf("namedFlash[%q] has no message flash.named.%s", done, done)
			continue
		}
		args := make([]any, len(parts))
		for i := range args {
			args[i] = "«arg»"
		}
		for _, lang := range []string{"en", "ar", "zh", "fr", "ru", "es"} {
			got := cat.Printer(lang).T("flash.named."+done, args...)
			if strings.Contains(got, "%!") || strings.Count(got, "«arg»") < 1 {
				t.Errorf("flash.named.%s in %s takes other arguments than its %d parts: %q", done, lang, len(parts), got)
			}
		}
		if en := cat.Printer("en").T("flash.named."+done, args...); strings.Count(en, "«arg»") != len(parts) {
			t.Errorf("flash.named.%s in English uses %d of its %d parts: %q", done, strings.Count(en, "«arg»"), len(parts), en)
		}
	}
	for _, k := range cat.Keys() {
		if done, ok := strings.CutPrefix(k, "flash.named."); ok && namedFlash[done] == nil {
			t.Errorf("%s is in the catalogue but not in namedFlash: no page would show it", k)
		}
	}

	h := &Handler{pages: &pageSet{cat: cat}}
	on := FlashOn{Record: "Plan 2027–2030", Of: "Croatia"}
	if got, _ := h.flashOn("en", "nap-submitted", on); !strings.Contains(got, "“\u2068Plan 2027–2030\u2069” of \u2068Croatia\u2069") {
		t.Errorf("the named confirmation: %q", got)
	}
	plain, _ := h.flash("en", "nap-submitted")
	if got, _ := h.flashOn("en", "nap-submitted", FlashOn{Record: "Plan 2027–2030"}); got != plain {
		t.Errorf("without the State: %q, want the plain %q", got, plain)
	}
	if got, _ := h.flashOn("en", "signed-in", on); got != cat.Printer("en").T("flash.signed-in") {
		t.Errorf("a confirmation that names nothing: %q", got)
	}
	if got, _ := h.flashOn("ar", "nominated", FlashOn{Record: "Workshop", Person: "Ana"}); !strings.Contains(got, "\u2068Ana\u2069") || strings.Contains(got, "nominated") {
		t.Errorf("the named confirmation in Arabic: %q", got)
	}
}
