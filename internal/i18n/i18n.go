// Package i18n holds the interface in the six official languages of the
// United Nations (issue 17): the message catalogues (catalog/*.json,
// embedded, files a translator edits), their checks, plural rules, numbers
// and dates in each language's conventions (CLDR through golang.org/x/text),
// and the choice of a request's language.
package i18n

import (
	"context"
	"net/http"
	"strings"

	"golang.org/x/text/language"

	"napx/internal/model"
)

// Lang is one of the six languages as pages need it.
type Lang struct {
	Code string       // "ar", "zh", "en", "fr", "ru", "es"
	Tag  language.Tag // its BCP 47 tag
	Dir  string       // "rtl" for Arabic, else "ltr"
	Self string       // its own name, in itself ("العربية", "中文", ...)
}

// English is the fallback: the language of the catalogue's source and of
// any request that asks for nothing napx has.
const English = "en"

var langs, tags, matcher = build()

func build() (map[string]Lang, []language.Tag, language.Matcher) {
	self := map[string]string{"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français", "ru": "Русский", "es": "Español"}
	ls := map[string]Lang{}
	var ts []language.Tag
	// English first: the matcher's default when nothing matches.
	for _, code := range append([]string{English}, others()...) {
		t := language.MustParse(code)
		dir := "ltr"
		if code == "ar" {
			dir = "rtl"
		}
		ls[code] = Lang{Code: code, Tag: t, Dir: dir, Self: self[code]}
		ts = append(ts, t)
	}
	return ls, ts, language.NewMatcher(ts)
}

func others() []string {
	var out []string
	for _, l := range model.Languages {
		if l != English {
			out = append(out, l)
		}
	}
	return out
}

// Languages are the six, in the UN's order.
func Languages() []Lang {
	out := make([]Lang, 0, len(model.Languages))
	for _, c := range model.Languages {
		out = append(out, langs[c])
	}
	return out
}

// Get is the language of code; English for anything else (never an error).
func Get(code string) Lang {
	if l, ok := langs[code]; ok {
		return l
	}
	return langs[English]
}

// Exact is the code when s names one of the six (case and region
// ignored: "FR", "fr-CA", "zh-Hans" → "fr", "fr", "zh"), else "".
func Exact(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 35 {
		return ""
	}
	t, err := language.Parse(s)
	if err != nil {
		return ""
	}
	base, conf := t.Base()
	if conf == language.No {
		return ""
	}
	if _, ok := langs[base.String()]; ok {
		return base.String()
	}
	return ""
}

// FromAcceptLanguage is the best of the six for an Accept-Language header,
// "" when the header names none of them (or cannot be read).
func FromAcceptLanguage(h string) string {
	if h == "" || len(h) > 512 {
		return ""
	}
	prefs, _, err := language.ParseAcceptLanguage(h)
	if err != nil || len(prefs) == 0 {
		return ""
	}
	_, i, conf := matcher.Match(prefs...)
	if conf == language.No {
		return ""
	}
	return tags[i].String()
}

// Choice is how a request's language was decided, in order of precedence.
type Choice struct {
	Account string // the account's setting ("" when it follows the browser)
	Query   string // ?lang=
	Cookie  string // the choice a visitor made with the switcher (napx_lang)
	Header  string // Accept-Language
}

// Negotiate decides: the account's setting, else ?lang=, else the
// switcher's cookie, else Accept-Language, else English. An unknown value
// at any step is skipped, never an error.
func Negotiate(c Choice) string {
	for _, s := range []string{c.Account, c.Query, c.Cookie} {
		if l := Exact(s); l != "" {
			return l
		}
	}
	if l := FromAcceptLanguage(c.Header); l != "" {
		return l
	}
	return English
}

// CookieName is the cookie a visitor's switcher choice is kept in.
const CookieName = "napx_lang"

type ctxKey struct{}

// WithLang puts a request's language into ctx.
func WithLang(ctx context.Context, code string) context.Context {
	return context.WithValue(ctx, ctxKey{}, Get(code).Code)
}

// FromContext is the request's language (English when none was set).
func FromContext(ctx context.Context) string {
	if s, ok := ctx.Value(ctxKey{}).(string); ok {
		return s
	}
	return English
}

// Request decides a request's language from the account's setting, the
// query, the cookie and the header.
func Request(r *http.Request, account string) string {
	c := Choice{Account: account, Query: r.URL.Query().Get("lang"), Header: r.Header.Get("Accept-Language")}
	if ck, err := r.Cookie(CookieName); err == nil {
		c.Cookie = ck.Value
	}
	return Negotiate(c)
}
