package api

import (
	"net/http"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// Workshop logistics (issue 18, item 9): the questions an event's
// nomination form asks, and confirming several delegates at once.

type nominationFieldsJSON struct {
	Fields []model.NominationFieldSetting `json:"fields" doc:"the questions asked beside name and function, in the form's order"`
}

type participantsJSON struct {
	Items []participantJSON `json:"items"`
}

func (h *Handler) registerEventLogistics(rt *httpx.Router) {
	idParam := httpx.Param{Name: "id", In: "path", Required: true, Description: "the event's number", Schema: httpx.Schema{"type": "integer"}}
	rt.Handle("GET", Prefix+"/events/{id}/nomination-fields", h.wrap(h.nominationFields), httpx.Doc(httpx.Op{
		ID: "getNominationFields", Tag: "events", Public: true, Summary: "The questions the event's nomination form asks beside name and function",
		Params: []httpx.Param{idParam}, Responses: map[int]httpx.Answer{200: {Description: "the questions", Schema: ref("NominationFields")}},
	}))
	rt.Handle("PUT", Prefix+"/events/{id}/nomination-fields", h.wrap(h.setNominationFields), httpx.Doc(httpx.Op{
		ID: "setNominationFields", Tag: "events", Summary: "Set the questions of the event's nomination form (the organiser)",
		Description: "Fields: title, email, gender (never required), funding, visa, arrival, departure. A nomination that answers a question not asked is refused (422 naming it).",
		Params:      []httpx.Param{idParam}, Request: ref("NominationFieldsInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the questions now", Schema: ref("NominationFields")}},
	}))
	rt.Handle("POST", Prefix+"/events/{id}/participants/confirm", h.wrap(h.confirmNominations), httpx.Doc(httpx.Op{
		ID: "confirmNominations", Tag: "events", Summary: "Confirm several delegates at once (the organiser): all or none",
		Description: "Each item names a delegate and the version read. One refusal (unknown delegate, a status that cannot become confirmed) is a 422 naming items[i] and changes nothing; a stale version is a 409. Each confirmation is audited on its own.",
		Params:      []httpx.Param{idParam}, Request: ref("BulkConfirmInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the delegates confirmed", Schema: ref("ParticipantList")}},
	}))
}

func fieldsOut(fs []model.NominationFieldSetting) nominationFieldsJSON {
	if fs == nil {
		fs = []model.NominationFieldSetting{}
	}
	return nominationFieldsJSON{Fields: fs}
}

func (h *Handler) nominationFields(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, fieldsOut)(h.svc.Events.NominationFields(r.Context(), service.ViewerFrom(r.Context()), id[0]))
}

func (h *Handler) setNominationFields(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := body[model.NominationFieldsInput](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, fieldsOut)(h.svc.Events.SetNominationFields(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) confirmNominations(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := body[model.BulkConfirmInput](r)
	if err != nil {
		return err
	}
	out := func(ps []service.ParticipantView) participantsJSON {
		items := make([]participantJSON, len(ps))
		for i, p := range ps {
			items[i] = participantOut(p)
		}
		return participantsJSON{Items: items}
	}
	return answer(w, http.StatusOK, out)(h.svc.Events.ConfirmNominations(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}
