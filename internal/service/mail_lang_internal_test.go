package service

import (
	"bytes"
	"io"
	"mime/quotedprintable"
	"strings"
	"testing"
)

// TestLetterLanguage: a letter says its language in <html lang dir> (right
// to left for Arabic) and writes its frame in it; a record's English text
// inside is marked English; the control: an English letter is English.
func TestLetterLanguage(t *testing.T) {
	m, err := newMailer(Deps{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, html, footer string }{
		{"ar", `<html lang="ar" dir="rtl">`, "غيّرها."},
		{"fr", `<html lang="fr" dir="ltr">`, "Les modifier."},
		{"en", `<html lang="en" dir="ltr">`, "Change them."},
		{"xx", `<html lang="en" dir="ltr">`, "Change them."},
	} {
		msg, err := m.message(Letter{To: "a@example.org", Subject: "s", Lang: c.lang, Settings: true, Items: []Item{{Title: "A plan was published", URL: "http://x/", Lang: "en"}}})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := msg.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(quotedprintable.NewReader(&b))
		if err != nil {
			t.Fatal(err)
		}
		body := string(raw)
		if !strings.Contains(body, c.html) || !strings.Contains(body, c.footer) {
			t.Errorf("%s: want %s and %q in\n%s", c.lang, c.html, c.footer, body)
		}
		if marked := strings.Contains(body, `lang="en" dir="ltr"><a`); marked != (c.lang == "ar" || c.lang == "fr") {
			t.Errorf("%s: the English item marked English: %v", c.lang, marked)
		}
	}
}
