package browsertest_test

import (
	"testing"

	"napx/internal/browsertest"
	"napx/internal/model"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestPagesInArabicAndEnglish (issue 17): the pages converted to the
// catalogues pass axe in Arabic and in English, Arabic runs right to left
// (the browser says so, not only the attribute), codes stay left to right,
// and a signed-in reader switches language with the header's form.
// NAPX_SCREENSHOTS=DIR keeps a picture of each page.
func TestPagesInArabicAndEnglish(t *testing.T) {
	app := webtest.New(t, storetest.Open(t, storetest.SQLite), webtest.Demo())
	coord := app.Account("HRV", model.RoleCoordinator)
	b := browsertest.New(t, app.Handler)
	for _, lang := range []struct{ code, dir string }{{"en", "ltr"}, {"ar", "rtl"}} {
		for _, p := range []string{"/", "/states", "/states?q=mac", "/signin", "/no/such/page", "/about"} {
			sep := "?"
			if p == "/states?q=mac" {
				sep = "&"
			}
			b.Open(p + sep + "lang=" + lang.code) // axe runs on every page opened
			if got := browsertest.Eval[string](b, `getComputedStyle(document.body).direction`); got != lang.dir {
				t.Errorf("%s in %s: direction %q", p, lang.code, got)
			}
		}
		if lang.code == "ar" {
			b.Open("/states?q=FRA")
			if got := browsertest.Eval[string](b, `getComputedStyle(document.querySelector("td bdi")).direction`); got != "ltr" {
				t.Errorf("a State's code in Arabic runs %q", got)
			}
		}
	}
	// A visitor's choice holds from page to page (the switcher's cookie).
	b.Open("/?lang=fr")
	b.Click(`.site-nav a[href="/states"]`) // the wide navigation (the folded menu is for phones)
	if got := browsertest.Eval[string](b, `document.documentElement.lang`); got != "fr" {
		t.Errorf("the next page is in %q", got)
	}
	b.Open("/?lang=en")

	// A signed-in reader: the header's buttons set the account's language.
	signInAs(b, coord.Account.Email, webtest.Password)
	b.Open("/states")
	b.Click(`.lang-switch button[value="ar"]`)
	if got := browsertest.Eval[string](b, `document.documentElement.lang + " " + document.documentElement.dir`); got != "ar rtl" {
		t.Fatalf("after the switch: %q", got)
	}
	if loc := b.Location(); loc != "/states?done=language-saved" {
		t.Errorf("the switch returned to %s", loc)
	}
	b.Open("/account")
	b.Click(`.lang-switch button[value="en"]`)
	if got := browsertest.Eval[string](b, `document.documentElement.lang`); got != "en" {
		t.Errorf("back to English: %q", got)
	}
}
