package api

import (
	"net/http"
	"strconv"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// Records in several languages (issue 17, item 4): each translated kind's
// record has /translations (its language and translations), one
// translation per language, and /language (the original's).

// translationJSON is one translation of a record.
type translationJSON struct {
	Language string            `json:"language" doc:"one of ar, zh, en, fr, ru, es"`
	Fields   map[string]string `json:"fields" doc:"the record's texts in this language, by field (a plan: title and its key-element sections by code, NAP-01 … NAP-12; a plan's action: title, description; a practice: title, body; an event: title, background, purpose, methodology, participation; an assistance request: title, summary)"`
	Machine  bool              `json:"machine" doc:"a machine translation, marked so wherever it is shown"`
	Updated  time.Time         `json:"updated"`
	Version  int64             `json:"version"`
}

// recordLanguagesJSON is a record's language and translations.
type recordLanguagesJSON struct {
	Kind         string            `json:"kind"`
	ID           int64             `json:"id"`
	Language     string            `json:"language" doc:"the language the record was written in: the original, which is authoritative"`
	Translations []translationJSON `json:"translations" doc:"one per language the record is translated into, in the order ar, zh, en, fr, ru, es"`
}

// translationIn is the body of PUT .../translations/{lang}.
type translationIn struct {
	Fields  map[string]string `json:"fields" doc:"the texts in the translation's language; title required"`
	Machine bool              `json:"machine,omitempty" doc:"a machine made it"`
	Version int64             `json:"version,omitempty" doc:"the version read; none (or 0) for a new translation"`
}

// recordLanguageIn is the body of PUT .../language.
type recordLanguageIn struct {
	Language string `json:"language" doc:"one of ar, zh, en, fr, ru, es"`
}

func translationOut(t model.Translation) translationJSON {
	f := map[string]string{}
	for k, v := range t.Fields {
		f[k] = v
	}
	return translationJSON{Language: t.Language, Fields: f, Machine: t.Machine, Updated: t.UpdatedAt, Version: t.Version}
}

func recordLanguagesOut(rl service.RecordLanguages) recordLanguagesJSON {
	out := recordLanguagesJSON{Kind: rl.Kind, ID: rl.ID, Language: rl.Language, Translations: []translationJSON{}}
	for _, t := range rl.Translations {
		out.Translations = append(out.Translations, translationOut(t))
	}
	return out
}

// translatedPaths are where each translated kind's records live in the API.
// An action lives under its plan (its ID is actionID) and is written in
// its plan's language: it has no /language of its own.
var translatedPaths = []struct {
	kind, path, what, op string
	under                bool
}{
	{kind: "nap", path: "/naps/{id}", what: "plan", op: "Plan"},
	{kind: "practice", path: "/practices/{id}", what: "practice", op: "Practice"},
	{kind: "event", path: "/events/{id}", what: "event", op: "Event"},
	{kind: "assistance", path: "/assistance/requests/{id}", what: "assistance request", op: "Request"},
	{kind: model.TranslationKindAction, path: "/naps/{id}/actions/{actionID}", what: "action", op: "Action", under: true},
}

// translationsAt reads a translated record's address: the service (for an
// action, the one that finds it only under the plan of the path) and the
// record's ID.
type translationsAt func(r *http.Request) (*service.Translations, int64, error)

func (h *Handler) translationsAt(under bool) translationsAt {
	if under {
		return func(r *http.Request) (*service.Translations, int64, error) {
			id, err := ids(r, "id", "actionID")
			if err != nil {
				return nil, 0, err
			}
			return h.svc.Translations.Under(id[0]), id[1], nil
		}
	}
	return func(r *http.Request) (*service.Translations, int64, error) {
		id, err := httpx.PathID(r, "id")
		return h.svc.Translations, id, err
	}
}

func (h *Handler) registerTranslations(rt *httpx.Router) {
	for _, k := range translatedPaths {
		base, kind, op, at := Prefix+k.path, k.kind, k.op, h.translationsAt(k.under)
		opID := func(verb string) string { return verb + op }
		notFound := httpx.Answer{Description: "no such " + k.what + ", or one you may not read", Schema: ref("Error")}
		rt.Handle("GET", base+"/translations", h.wrap(h.listTranslations(kind, at)), httpx.Doc(httpx.Op{
			ID: opID("list") + "Translations", Tag: "languages", Summary: "The " + k.what + "'s language and its translations",
			Description: "Read exactly as the " + k.what + " itself.",
			Responses:   map[int]httpx.Answer{200: {Description: "the language and translations", Schema: ref("RecordLanguages")}, 404: notFound},
		}))
		rt.Handle("PUT", base+"/translations/{lang}", h.wrap(h.putTranslation(kind, at)), httpx.Doc(httpx.Op{
			ID: opID("put") + "Translation", Tag: "languages", Summary: "Add or correct the " + k.what + "'s translation into a language",
			Description: "Those who may change the " + k.what + ". A new translation: no version; a correction: the version read (409 with the current one when it moved on). " +
				"A language outside the six, or the original's: 422 naming `language`.",
			Request: ref("TranslationInput"),
			Responses: map[int]httpx.Answer{200: {Description: "the translation", Schema: ref("Translation")}, 404: notFound,
				409: {Description: "the translation changed", Schema: ref("Error")}},
		}))
		rt.Handle("DELETE", base+"/translations/{lang}", h.wrap(h.deleteTranslation(kind, at)), httpx.Doc(httpx.Op{
			ID: opID("delete") + "Translation", Tag: "languages", Summary: "Remove the " + k.what + "'s translation into a language",
			Params:    []httpx.Param{{Name: "version", In: "query", Required: true, Description: "the version read"}},
			Responses: map[int]httpx.Answer{204: {Description: "removed"}, 404: notFound, 409: {Description: "the translation changed", Schema: ref("Error")}},
		}))
		if k.under {
			continue
		}
		rt.Handle("PUT", base+"/language", h.wrap(h.putRecordLanguage(kind)), httpx.Doc(httpx.Op{
			ID: opID("put") + "Language", Tag: "languages", Summary: "Set the language the " + k.what + " was written in",
			Description: "One of the six; a language it is translated into is refused (remove that translation first). 422 naming `language`.",
			Request:     ref("RecordLanguageInput"),
			Responses:   map[int]httpx.Answer{200: {Description: "the language and translations", Schema: ref("RecordLanguages")}, 404: notFound},
		}))
	}
}

func (h *Handler) listTranslations(kind string, at translationsAt) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		svc, id, err := at(r)
		if err != nil {
			return err
		}
		return answer(w, http.StatusOK, recordLanguagesOut)(svc.Of(r.Context(), service.ViewerFrom(r.Context()), kind, id))
	}
}

func (h *Handler) putTranslation(kind string, at translationsAt) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		svc, id, err := at(r)
		if err != nil {
			return err
		}
		in, err := bodyAs(r, false, func(b translationIn) (model.TranslationInput, error) {
			return model.TranslationInput{Fields: b.Fields, Machine: b.Machine, Version: b.Version}, nil
		})
		if err != nil {
			return err
		}
		return answer(w, http.StatusOK, translationOut)(svc.Save(r.Context(), service.ViewerFrom(r.Context()), kind, id, r.PathValue("lang"), in))
	}
}

func (h *Handler) deleteTranslation(kind string, at translationsAt) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		svc, id, err := at(r)
		if err != nil {
			return err
		}
		version, err := strconv.ParseInt(r.URL.Query().Get("version"), 10, 64)
		if err != nil {
			version = -1
		}
		if err := svc.Remove(r.Context(), service.ViewerFrom(r.Context()), kind, id, r.PathValue("lang"), version); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

func (h *Handler) putRecordLanguage(kind string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		var in recordLanguageIn
		if err := decode(r, &in); err != nil {
			return err
		}
		return answer(w, http.StatusOK, recordLanguagesOut)(h.svc.Translations.SetLanguage(r.Context(), service.ViewerFrom(r.Context()), kind, id, in.Language))
	}
}

// languagesOf is a record's language and translations for its own answer
// (GET of one plan, practice or event).
func (h *Handler) languagesOf(r *http.Request, kind string, id int64) (string, []translationJSON, error) {
	rl, err := h.svc.Translations.Of(r.Context(), service.ViewerFrom(r.Context()), kind, id)
	if err != nil {
		return "", nil, err
	}
	out := recordLanguagesOut(rl)
	return out.Language, out.Translations, nil
}
