package api

import (
	"net/http"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// languageIn is the body of PUT /api/v1/me/language.
type languageIn struct {
	Language string `json:"language" doc:"one of ar, zh, en, fr, ru, es; empty to follow Accept-Language"`
}

func (h *Handler) registerLanguages(rt *httpx.Router) {
	rt.Handle("PUT", Prefix+"/me/language", h.wrap(h.putLanguage), httpx.Doc(httpx.Op{
		ID: "putMyLanguage", Tag: "accounts", Summary: "Choose the language napx answers you in",
		Description: "One of the six official languages of the UN (`ar`, `zh`, `en`, `fr`, `ru`, `es`), or empty to follow " +
			"`Accept-Language` (then `?lang=`). Pages and API messages use it wherever the account signs in. Any other value: 422.",
		Request:   ref("LanguageInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the account", Schema: ref("Me")}},
	}))
}

func (h *Handler) putLanguage(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	var in languageIn
	if err := decode(r, &in); err != nil {
		return err
	}
	acc, err := h.svc.Accounts.SetLanguage(r.Context(), v, in.Language)
	if err != nil {
		return err
	}
	v.Account = &acc
	writeJSON(w, http.StatusOK, h.meOf(v))
	return nil
}
