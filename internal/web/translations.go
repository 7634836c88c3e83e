package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"napx/internal/httpx"
	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/service"
)

// Records in several languages (issue 17, item 4): the record pages show
// the texts in the reader's language when a translation exists (else the
// original, with a notice), ?original=1 shows the original; one page per
// record lists and edits its translations.

func (h *Handler) registerTranslations(rt *httpx.Router) {
	rt.Handle("GET", "/translations/{kind}/{id}", h.wrap(h.showTranslations))
	rt.Handle("POST", "/translations/{kind}/{id}", h.wrap(h.setRecordLanguage))
	rt.Handle("GET", "/translations/{kind}/{id}/{lang}", h.wrap(h.translationForm))
	rt.Handle("POST", "/translations/{kind}/{id}/{lang}", h.wrap(h.saveTranslation))
	rt.Handle("POST", "/translations/{kind}/{id}/{lang}/remove", h.wrap(h.removeTranslation))
}

// recordLang is what the partial record_language shows on a record's page.
type recordLang struct {
	service.Shown
	Path string // the record's page, without ?original
}

// Other is the language of a translation shown, or of the original shown
// to a reader of another language: the notice and the lang attribute.
func (rl *recordLang) Other() bool { return rl.Showing() != rl.Reader }

// textPtrs are the texts of a page's record the translation replaces.
type textPtrs map[string]*string

// recordTexts decides what a reader sees of a record's texts (its
// translation into their language, unless ?original=1 asked for the
// original), replaces the page's texts with it, sets the page's title and
// gives the partial record_language its data. ErrNotFound exactly as the
// record's own page.
func (h *Handler) recordTexts(r *http.Request, b *Base, kind string, id int64, texts textPtrs) error {
	shown, err := h.svc.Translations.ForReader(r.Context(), service.ViewerFrom(r.Context()), kind, id,
		i18n.FromContext(r.Context()), r.URL.Query().Get("original") == "1")
	if err != nil {
		return err
	}
	for f, p := range texts {
		*p = shown.Text(f)
	}
	b.Title = shown.Text("title")
	b.Record = &recordLang{Shown: shown, Path: r.URL.Path}
	return nil
}

// translatedSections are a plan's section texts as shown: a new map, each
// section's translation where the translation shown has it, else the
// original's text.
func translatedSections(b *Base, secs map[string]string) map[string]string {
	if b.Record == nil || b.Record.Translation == nil {
		return secs
	}
	out := make(map[string]string, len(secs))
	for code, text := range secs {
		out[code] = text
	}
	for code, text := range b.Record.Translation.Fields {
		if model.NAPSectionByCode(code) != nil && text != "" {
			out[code] = text
		}
	}
	return out
}

// TextLang is the language of a field of the page's record when it is
// shown in the original's language inside a translation (the translation
// lacks it: a section not translated yet), for its lang attribute; "" when
// the field is in the language of the texts shown.
func (b *Base) TextLang(field string) string {
	if b.Record == nil || b.Record.Translation == nil {
		return ""
	}
	if b.Record.Translation.Fields[field] != "" {
		return ""
	}
	return b.Record.Language
}

// translatedBody is a practice's body in the language shown: its
// translation rendered as the original is (sanitised Markdown), or the
// original's HTML.
func translatedBody(b *Base, original string) any {
	if b.Record == nil || b.Record.Translation == nil || b.Record.Translation.Fields["body"] == "" {
		return trustedHTML(original)
	}
	out, _ := service.RenderMarkdown(b.Record.Translation.Fields["body"])
	return trustedHTML(out)
}

// translationsPage lists a record's language and translations.
type translationsPage struct {
	Base
	R    service.RecordLanguages
	Kind model.TranslationKind
}

func (h *Handler) recordRef(r *http.Request) (string, int64, error) {
	kind := r.PathValue("kind")
	if _, ok := model.TranslationKindOf(kind); !ok {
		return "", 0, model.ErrNotFound
	}
	id, err := httpx.PathID(r, "id")
	return kind, id, err
}

func (h *Handler) showTranslations(w http.ResponseWriter, r *http.Request) error {
	return h.renderTranslations(w, r, http.StatusOK, nil)
}

func (h *Handler) renderTranslations(w http.ResponseWriter, r *http.Request, status int, probs model.Problems) error {
	kind, id, err := h.recordRef(r)
	if err != nil {
		return err
	}
	rl, err := h.svc.Translations.Of(r.Context(), service.ViewerFrom(r.Context()), kind, id)
	if err != nil {
		return err
	}
	k, _ := model.TranslationKindOf(kind)
	p := &translationsPage{R: rl, Kind: k}
	p.Record = &recordLang{Shown: service.Shown{RecordLanguages: rl}, Path: rl.URL}
	p.Title = h.printer(r).T("records.languages.title", rl.Title)
	p.Section, p.Problems = sectionOfKind(kind), probs
	return h.render(w, r, status, "translations", p)
}

func sectionOfKind(kind string) string {
	switch kind {
	case "nap", model.TranslationKindAction:
		return "naps"
	case "event":
		return "events"
	case "practice":
		return "practices"
	}
	return kind
}

func (h *Handler) setRecordLanguage(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := h.recordRef(r)
	if err != nil {
		return err
	}
	_, err = h.svc.Translations.SetLanguage(r.Context(), service.ViewerFrom(r.Context()), kind, id, strings.TrimSpace(r.PostFormValue("text_language")))
	if probs, ok := err.(model.Problems); ok {
		return h.renderTranslations(w, r, http.StatusUnprocessableEntity, model.Problems{"text_language": probs["language"]})
	}
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/translations/%s/%d?done=translation-language", kind, id), http.StatusSeeOther)
	return nil
}

// translationFormPage is a translation to read, add or correct.
type translationFormPage struct {
	Base
	R        service.RecordLanguages
	Kind     model.TranslationKind
	Language string
	Exists   bool
	Values   map[string]string
	Machine  bool
	Version  int64
	Current  *model.Translation // a conflict's translation as it is now
}

// Long reports whether field is written over several lines.
func (p *translationFormPage) Long(field string) bool { return p.Kind.IsLong(field) }

// Fields are the texts the form offers: every field of the kind but a
// plan's sections that neither the original nor the translation has text
// in (a plan has twelve; most have a few).
func (p *translationFormPage) Fields() []string {
	var out []string
	for _, f := range p.Kind.Fields {
		if p.Kind.IsSection(f) && p.R.Original[f] == "" && p.Values[f] == "" {
			continue
		}
		out = append(out, f)
	}
	return out
}

// Label is the message key of a field's label: a section's key element,
// an action's description, or the record field's.
func (p *translationFormPage) Label(field string) string { return fieldLabel(p.Kind, field) }

func fieldLabel(k model.TranslationKind, field string) string {
	switch {
	case k.IsSection(field):
		return "plans.el." + field
	case field == "description":
		return "translations2.field.description"
	}
	return "records.field." + field
}

func (h *Handler) translationForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderTranslationForm(w, r, http.StatusOK, nil, nil)
}

func (h *Handler) renderTranslationForm(w http.ResponseWriter, r *http.Request, status int, probs model.Problems, sent *model.TranslationInput) error {
	kind, id, err := h.recordRef(r)
	if err != nil {
		return err
	}
	lang := r.PathValue("lang")
	rl, err := h.svc.Translations.Of(r.Context(), service.ViewerFrom(r.Context()), kind, id)
	if err != nil {
		return err
	}
	if !model.IsLanguage(lang) || lang == rl.Language {
		return model.ErrNotFound
	}
	k, _ := model.TranslationKindOf(kind)
	p := &translationFormPage{R: rl, Kind: k, Language: lang, Values: map[string]string{}}
	if t, ok := rl.In(lang); ok {
		p.Exists, p.Machine, p.Version = true, t.Machine, t.Version
		for f, v := range t.Fields {
			p.Values[f] = v
		}
	} else if !rl.CanEdit {
		return model.ErrNotFound // nothing to read, nothing the viewer may write
	}
	if sent != nil {
		p.Values, p.Machine, p.Version = sent.Fields, sent.Machine, sent.Version
		if t, ok := rl.In(lang); ok && status == http.StatusConflict {
			p.Current = &t
			p.Version = t.Version
		}
	}
	p.Title = h.printer(r).T("records.translation.title", rl.Title)
	p.Section, p.Problems = sectionOfKind(kind), probs
	return h.render(w, r, status, "translation_form", p)
}

func (h *Handler) saveTranslation(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := h.recordRef(r)
	if err != nil {
		return err
	}
	lang := r.PathValue("lang")
	k, _ := model.TranslationKindOf(kind)
	in := model.TranslationInput{Fields: map[string]string{}, Machine: r.PostFormValue("machine") == "on", Version: formVersion(r)}
	for _, f := range k.Fields {
		in.Fields[f] = r.PostFormValue(f)
	}
	_, err = h.svc.Translations.Save(r.Context(), service.ViewerFrom(r.Context()), kind, id, lang, service.Given(in))
	var probs model.Problems
	switch {
	case asProblems(err, &probs) && model.IsLanguage(lang):
		return h.renderTranslationForm(w, r, http.StatusUnprocessableEntity, probs, &in)
	case isConflict(err):
		return h.renderTranslationForm(w, r, http.StatusConflict, model.Problems{"version": h.printer(r).T("records.translation.conflict")}, &in)
	case err != nil:
		return err
	}
	redirect(w, r, fmt.Sprintf("/translations/%s/%d?done=translation-saved", kind, id), http.StatusSeeOther)
	return nil
}

func (h *Handler) removeTranslation(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := h.recordRef(r)
	if err != nil {
		return err
	}
	err = h.svc.Translations.Remove(r.Context(), service.ViewerFrom(r.Context()), kind, id, r.PathValue("lang"), formVersion(r))
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/translations/%s/%d?done=translation-removed", kind, id), http.StatusSeeOther)
	return nil
}

func asProblems(err error, p *model.Problems) bool {
	if pp, ok := err.(model.Problems); ok {
		*p = pp
		return true
	}
	return false
}

func isConflict(err error) bool { return err != nil && statusOf(err) == http.StatusConflict }

// RecordLanguages are the languages a record may be written in (the
// partial record_language_field).
func (b *Base) RecordLanguages() []string { return model.Languages }

// orgName is a State's or organisation's name in the reader's language
// (issue 17, item 3): the one helper pages use for names set in Go.
func (h *Handler) orgName(r *http.Request, code string) string {
	return h.svc.Directory.Catalog().OrgNameIn(code, i18n.FromContext(r.Context()))
}

// groupName is a group's name in the reader's language.
func (h *Handler) groupName(r *http.Request, code string) string {
	return h.svc.Directory.Catalog().GroupNameIn(code, i18n.FromContext(r.Context()))
}

// The language a record is written in, on its form (issue 17, item 3):
// the partial text_language_field, "Language of this text", the six
// languages, the author's page language for a new record, the record's
// for an edit.

// langField is the partial text_language_field's data.
type langField struct {
	Value     string
	Problems  model.Problems
	Languages []string
}

var translationFuncs = template.FuncMap{
	"textLanguage": func(value string, probs model.Problems) langField {
		return langField{Value: value, Problems: probs, Languages: model.Languages}
	},
}

// formLanguage is the language a form posted ("" when none: unchanged).
func formLanguage(r *http.Request) *string {
	l := strings.TrimSpace(r.PostFormValue("text_language"))
	return &l
}

// languageField names the form's field in a service's problems about the
// record's language ("language" in the API, the form's text_language).
func languageField(p model.Problems) model.Problems {
	if msg, ok := p["language"]; ok {
		delete(p, "language")
		p["text_language"] = msg
	}
	return p
}

// newTextLanguage is a new record's language on its form: the author's
// page language.
func newTextLanguage(r *http.Request) string { return i18n.FromContext(r.Context()) }

// recordLanguage is a record's language for its edit form.
func (h *Handler) recordLanguage(r *http.Request, kind string, id int64) (string, error) {
	rl, err := h.svc.Translations.Of(r.Context(), service.ViewerFrom(r.Context()), kind, id)
	return rl.Language, err
}

// translatedActions are a plan's actions with their titles in the reader's
// language where a translation into it has one (a new slice), and what
// they show for a cache key: "original" when the reader asked for the
// original, else each translation used with its version and time (a
// translation removed and written again is a new key).
func (h *Handler) translatedActions(r *http.Request, b *Base, actions []model.NAPAction) ([]model.NAPAction, string, error) {
	switch {
	case b.Record == nil || len(actions) == 0:
		return actions, "", nil
	case b.Record.AskedOrig:
		return actions, "original", nil
	}
	lang := i18n.FromContext(r.Context())
	if lang == b.Record.Language {
		return actions, "", nil
	}
	ts, err := h.svc.NAPs.ActionTranslations(r.Context(), actions, lang)
	if err != nil || len(ts) == 0 {
		return actions, "", err
	}
	out := slices.Clone(actions)
	var key strings.Builder
	for i, a := range out {
		if t, ok := ts[a.ID]; ok && t.Fields["title"] != "" {
			out[i].Title = t.Fields["title"]
			fmt.Fprintf(&key, "%d.%d.%d,", a.ID, t.Version, t.UpdatedAt.UnixNano())
		}
	}
	return out, key.String(), nil
}
