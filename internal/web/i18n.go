package web

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/service"
)

// langFuncs are the template functions that write in one language (issue
// 17); each language's copy of a page has its own (pageSet.page):
//
//	{{t "key" args...}}  a catalogue message (numbers in the language's
//	                     conventions; the first argument chooses the plural)
//	{{th "key" args...}} the same where arguments are HTML (a link inside a
//	                     sentence): the message is escaped, template.HTML
//	                     arguments are put in as they are, others escaped
//	{{num n}}            a number (CLDR grouping and digits)
//	{{date d}}, {{datetime t}} days and moments in the language
func langFuncs(p *i18n.Printer) template.FuncMap {
	english := p.Lang().Code == i18n.English
	return template.FuncMap{
		"t":   p.T,
		"th":  func(key string, args ...any) template.HTML { return translateHTML(p, key, args) },
		"num": p.Number,
		"date": func(v any) string {
			if english {
				return baseDate(v)
			}
			switch d := v.(type) {
			case model.Date:
				if t, err := time.Parse(time.DateOnly, d.String()); err == nil {
					return p.Date(t)
				}
			case time.Time:
				return p.Date(d.UTC())
			case string:
				if t, err := time.Parse(time.DateOnly, d); err == nil {
					return p.Date(t)
				}
			}
			return baseDate(v)
		},
		"datetime": p.DateTime,
		// A group's or an organisation's (or State's) name in the language,
		// by its code: {{groupName .Code}}, {{orgName .Code}}.
		"groupName": func(code string) string { return nameIn(code, p.Lang().Code, true) },
		"orgName":   func(code string) string { return nameIn(code, p.Lang().Code, false) },
		// A language's name by its code: one of the six in the page's
		// language, any other as the code list names it (English, marked).
		"langName": func(code string) template.HTML {
			if model.IsLanguage(code) {
				return template.HTML(html.EscapeString(p.T("history.lang." + code))) // #nosec G203 -- escaped
			}
			return template.HTML(`<span lang="en">` + html.EscapeString(assistanceCodes.LanguageName(code)) + `</span>`) // #nosec G203 -- escaped
		},
		// A practice's tag in words: {{tagLabel .Tag .Label}} (.Label the English).
		"tagLabel": func(tag, english string) template.HTML {
			s, known := tagLabel(p, tag, english)
			if !known {
				return template.HTML(`<bdi lang="en" dir="ltr">` + html.EscapeString(s) + `</bdi>`) // #nosec G203 -- escaped
			}
			return template.HTML(`<bdi>` + html.EscapeString(s) + `</bdi>`) // #nosec G203 -- escaped
		},
		// The services' 422 messages in the page's language (i18n.Printer.Problem).
		"problem": func(ps any, field string) string { pr, _ := ps.(model.Problems); return p.Problem(pr[field]) },
		"ptext":   p.Problem,
		// The event and assistance pages (lang_dates.go).
		"daterange": func(a, b model.Date) string { return langDateRange(p, a, b) },
		"intz":      func(t time.Time, zone string) string { return langInZone(p, t, zone) },

		"edStatus": func(e model.MatrixEdition, state string) string { return editionStatus(p, e, state) },
		// A sentence a service wrote as a message (model.Message): {{msg .Why}}.
		"msg": func(m model.Message) template.HTML { return msgHTML(p, m) },
		// The same as plain text.
		"msgt": func(m model.Message) string { return p.Say(m, service.RefNames()) },
		// A conflict's message inside a sentence: in the reader's language
		// when the service gave it as a message, else its English, marked.
		"conflictMsg": func(ce *model.ConflictError) template.HTML { return conflictHTML(p, ce) },
		"planStatus":  func(n model.NAP, state string) string { return planStatus(p, n, state) },
		// The 1540 matrix's field labels and section titles in the language
		// (the part matrixlabels, keyed by the taxonomy's English; see
		// matrixLabel): {{mxLabel .Label}}, {{mxSection .Section.Title}}.
		"mxLabel":   func(english string) template.HTML { return matrixLabelHTML(p, english) },
		"mxSection": func(english string) template.HTML { return matrixLabelHTML(p, english) },
	}
}

// msgHTML is a service's message in p's language: its text arguments
// (what a person or a record wrote) isolated in <bdi>, all escaped.
func msgHTML(p *i18n.Printer, m model.Message) template.HTML {
	return template.HTML(p.SayHTML(m, service.RefNames())) // #nosec G203 -- SayHTML escapes the message and every argument
}

// nameIn is the name of a group (group) or of a State or organisation in
// lang, from the reference data (the code when it is unknown).
func nameIn(code, lang string, group bool) string {
	n := service.RefNames()
	switch {
	case n == nil:
		return code
	case group:
		return n.GroupNameIn(code, lang)
	}
	return n.OrgNameIn(code, lang)
}

// conflictHTML is ce's message in p's language (conflictMsg); a conflict
// without a catalogue message keeps its English, marked lang="en".
func conflictHTML(p *i18n.Printer, ce *model.ConflictError) template.HTML {
	switch {
	case ce == nil:
		return ""
	case ce.Msg.IsZero():
		return textFuncs["bdiEN"].(func(string) template.HTML)(ce.Message)
	}
	return msgHTML(p, ce.Msg)
}

// conflictText is ce's message as plain text in p's language, for a page
// that shows it among its problems.
func conflictText(p *i18n.Printer, ce *model.ConflictError) string {
	if ce.Msg.IsZero() {
		return ce.Message
	}
	return p.Say(ce.Msg, service.RefNames())
}

// textFuncs help sentences of the catalogue carry HTML (issue 17):
//
//	{{th "key" (link "/path" (t "label"))}} a local link inside a sentence
//	{{ltr .Code}} a code, number or identifier kept left to right inside
//	              right-to-left text
var textFuncs = template.FuncMap{
	"link": func(href, text string) template.HTML {
		if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") {
			href = "/"
		}
		return template.HTML(`<a href="` + html.EscapeString(href) + `">` + html.EscapeString(text) + `</a>`) // #nosec G203 -- both parts escaped; local paths only
	},
	"ltr": func(s string) template.HTML {
		return template.HTML(`<bdi dir="ltr">` + html.EscapeString(s) + `</bdi>`) // #nosec G203 -- escaped
	},
	// These are replaced in each language's copy (langFuncs); here so the
	// templates parse.
	"t":   func(key string, args ...any) string { return key },
	"th":  func(key string, args ...any) template.HTML { return "" },
	"num": func(n any) string { return fmt.Sprint(n) },
	// A text inside a sentence of the catalogue, escaped: {{th "key" (strong .Email)}}.
	"strong": func(s string) template.HTML {
		return template.HTML(`<strong>` + html.EscapeString(s) + `</strong>`) // #nosec G203 -- escaped
	},
	// An emphasised word inside a sentence: {{th "key" (em (t "word"))}}.
	"em": func(s string) template.HTML {
		return template.HTML(`<em>` + html.EscapeString(s) + `</em>`) // #nosec G203 -- escaped
	},
	// English data inside a sentence of another language (a name, a title).
	"bdiEN": func(s string) template.HTML {
		return template.HTML(`<bdi lang="en">` + html.EscapeString(s) + `</bdi>`) // #nosec G203 -- escaped
	},
	// A code inside a sentence, with its id: {{th "key" (codeID "totp-secret" .Secret)}}.
	"codeID": func(id, s string) template.HTML {
		attr := ""
		if id != "" {
			attr = ` id="` + html.EscapeString(id) + `"`
		}
		return template.HTML(`<code` + attr + `>` + html.EscapeString(s) + `</code>`) // #nosec G203 -- escaped
	},
	// A message of model.Problems as it is (the English); "problem" is in baseFuncs.
	"ptext": func(s string) string { return s },

	"edStatus":    func(e model.MatrixEdition, state string) string { return string(e.Status) },
	"msg":         func(m model.Message) template.HTML { return "" },
	"msgt":        func(m model.Message) string { return m.Key },
	"conflictMsg": func(ce *model.ConflictError) template.HTML { return "" },
	"planStatus":  func(n model.NAP, state string) string { return string(n.Status) },
	"groupName":   func(code string) string { return code },
	"orgName":     func(code string) string { return code },
	"mxLabel":     func(english string) template.HTML { return "" },
	"mxSection":   func(english string) template.HTML { return "" },
	"tagLabel":    func(tag, english string) template.HTML { return "" },
	"langName":    func(code string) template.HTML { return "" },
}

// baseDate is the English "date" of every page (baseFuncs).
func baseDate(v any) string {
	return baseFuncs["date"].(func(any) string)(v)
}

// translateHTML formats key with args where HTML arguments stay HTML: each
// argument that is text is replaced by a marker, the message is escaped,
// then the markers are replaced by the (escaped or HTML) arguments. Whole
// numbers pass through (they choose the plural form and are digits).
func translateHTML(p *i18n.Printer, key string, args []any) template.HTML {
	marks := make([]string, len(args))
	marked := make([]bool, len(args))
	pass := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case int, int64:
			pass[i] = v
			continue
		case template.HTML:
			marks[i] = string(v)
		default:
			marks[i] = html.EscapeString(fmt.Sprint(v))
		}
		pass[i] = "\x00" + strconv.Itoa(i) + "\x00"
		marked[i] = true
	}
	out := html.EscapeString(p.T(key, pass...))
	for i, m := range marks {
		if marked[i] {
			out = strings.Replace(out, "\x00"+strconv.Itoa(i)+"\x00", m, 1)
		}
	}
	return template.HTML(out) // #nosec G203 -- the message is escaped above; only template.HTML arguments go in unescaped
}

// printer is the request's printer (for titles and messages written in Go).
func (h *Handler) printer(r *http.Request) *i18n.Printer {
	return h.pages.cat.Printer(i18n.FromContext(r.Context()))
}

// setLang fills the page's language, the switcher and the draft notice.
func (h *Handler) setLang(b *Base, r *http.Request, lang, page string) {
	b.Lang = i18n.Get(lang)
	b.English = b.Lang.Code != i18n.English && !h.pages.translated[page]
	b.Draft = h.pages.cat.File(lang).Status == i18n.StatusDraft
	b.Here = here(r)
	sep := "?"
	if strings.Contains(b.Here, "?") {
		sep = "&"
	}
	b.Langs = make([]langChoice, 0, len(model.Languages))
	for _, l := range i18n.Languages() {
		b.Langs = append(b.Langs, langChoice{Lang: l, Href: b.Here + sep + "lang=" + l.Code, Current: l.Code == b.Lang.Code})
	}
}

// here is the page the switcher returns to: the address as asked (its
// query kept as sent), without lang and done, with a return address
// reduced to a local one (localNext) so the page never carries another
// site's address on; "/" for an answer to a form (a POST has no page to
// return to).
func here(r *http.Request) string {
	if !httpx.SafeMethod(r.Method) {
		return "/"
	}
	raw := r.URL.RawQuery
	if q := r.URL.Query(); q.Has("lang") || q.Has("done") || q.Has("next") {
		q.Del("lang")
		q.Del("done")
		if q.Has("next") {
			q.Set("next", localNext(q.Get("next")))
		}
		raw = q.Encode()
	}
	if raw == "" {
		return r.URL.Path
	}
	return r.URL.Path + "?" + raw
}

// flash is the confirmation of done in lang: the catalogue's message
// ("flash.<done>"), which every done value a handler redirects with has
// (TestEveryFlashInTheCatalogue). flashMessages stays the registry of the
// known values and their English source; a value in it that the catalogue
// does not have yet (a feature's new confirmation) is shown in English,
// marked so; an unknown value shows nothing.
func (h *Handler) flash(lang, done string) (string, string) {
	if done == "" {
		return "", ""
	}
	if key := "flash." + done; h.pages.cat.Has(key) {
		return h.pages.cat.Printer(lang).T(key), ""
	}
	msg, ok := flashMessages[done]
	if !ok || lang == i18n.English {
		return msg, ""
	}
	return msg, i18n.English
}

// langNext is where the switcher's form returns: the page it was on,
// without a lang parameter (local paths only).
func langNext(next string) string {
	next = localNext(next)
	u, err := url.Parse(next)
	if err != nil {
		return "/"
	}
	q := u.Query()
	q.Del("lang")
	q.Del("done")
	u.RawQuery = q.Encode()
	return u.String()
}

// setLanguage is the account's language setting (the account page and the
// switcher of every page for a signed-in reader): one of the six, or empty
// to follow the browser. It returns to the page it came from.
func (h *Handler) setLanguage(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Accounts.SetLanguage(r.Context(), v, r.PostFormValue("language")); err != nil {
		if _, ok := model.AsProblems(err); ok {
			return h.accountForm(w, r, v, err, nil)
		}
		return err
	}
	next := langNext(r.PostFormValue("next"))
	if next == "/" && r.PostFormValue("next") == "" {
		next = "/account"
	}
	redirect(w, r, withDone(next, "language-saved"), http.StatusSeeOther)
	return nil
}

// translationStatus is one language's catalogue on the about page.
type translationStatus struct {
	i18n.Lang
	Status, ReviewedBy string
}

func (h *Handler) translations() []translationStatus {
	var out []translationStatus
	for _, l := range i18n.Languages() {
		f := h.pages.cat.File(l.Code)
		out = append(out, translationStatus{Lang: l, Status: f.Status, ReviewedBy: f.ReviewedBy})
	}
	return out
}
