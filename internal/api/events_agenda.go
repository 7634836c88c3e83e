package api

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// The event pages' actions on the agenda, the materials, the lessons and
// the personal calendar feed, for scripts (issue 16, item 5).

// materialIn is a new material: a file (base64) or a link.
type materialIn struct {
	Title     string      `json:"title"`
	Kind      string      `json:"kind" enum:"MaterialKinds"`
	SessionID int64       `json:"session_id" doc:"a session of the event, or 0 for the whole event"`
	URL       string      `json:"url" doc:"a link (https://…), instead of a file"`
	File      *documentIn `json:"file" doc:"the file, instead of a link"`
	Audience  string      `json:"audience" enum:"Audiences"`
	ReleaseAt string      `json:"release_at" doc:"YYYY-MM-DDTHH:MM in the event's time zone; empty: at once"`
}

func (m materialIn) input() (model.MaterialInput, error) {
	in := model.MaterialInput{Title: m.Title, Kind: m.Kind, SessionID: m.SessionID, URL: m.URL, Audience: m.Audience, ReleaseAt: m.ReleaseAt}
	if m.File != nil {
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(m.File.Content))
		if err != nil {
			return in, model.Problems{"file.content_base64": "is not base64 (standard encoding)"}
		}
		in.Filename, in.Content = m.File.Filename, b
	}
	return in, nil
}

func materialOut(eventID int64, m model.Material, now time.Time) materialJSON {
	out := materialJSON{ID: m.ID, SessionID: m.SessionID, Title: m.Title, Kind: string(m.Kind), URL: m.URL, Filename: m.Filename,
		ContentType: m.ContentType, Size: m.Size, Audience: string(m.Audience), Released: m.Released(now), Illustrative: m.Illustrative}
	if m.IsFile() {
		out.URL = fmt.Sprintf("%s/materials/%d", eventURL(eventID), m.ID)
	}
	if !m.ReleaseAt.IsZero() {
		t := m.ReleaseAt
		out.ReleaseAt = &t
	}
	return out
}

// feedJSON is a new personal calendar feed: its address, shown once.
type feedJSON struct {
	URL string `json:"url" doc:"the feed's address on this napx (a secret: shown once; revoke it to stop it)"`
}

// materialBodyLimit fits the largest material, base64, with the record.
const materialBodyLimit = model.MaxMaterialBytes/3*4 + 1<<20

func (h *Handler) registerEventAgenda(rt *httpx.Router) {
	id := httpx.Param{Name: "id", In: "path", Required: true, Description: "the event", Schema: httpx.Schema{"type": "integer"}}
	sid := httpx.Param{Name: "sid", In: "path", Required: true, Description: "the session", Schema: httpx.Schema{"type": "integer"}}
	mid := httpx.Param{Name: "mid", In: "path", Required: true, Description: "the material", Schema: httpx.Schema{"type": "integer"}}
	rt.Handle("POST", Prefix+"/events/{id}/sessions", h.wrap(h.addSession), httpx.Doc(httpx.Op{
		ID: "addEventSession", Tag: "events", Summary: "Put a session on an event's agenda (the organiser)",
		Description: "Chairs and speakers are an account's e-mail address, or a name with an organisation.",
		Params:      []httpx.Param{id}, Request: ref("SessionInput"),
		Responses: map[int]httpx.Answer{201: {Description: "the session", Schema: ref("Session")}},
	}))
	rt.Handle("DELETE", Prefix+"/events/{id}/sessions/{sid}", h.wrap(h.deleteSession), httpx.Doc(httpx.Op{
		ID: "deleteEventSession", Tag: "events", Summary: "Remove a session and its materials from the agenda (the organiser)",
		Params: []httpx.Param{id, sid}, Responses: map[int]httpx.Answer{204: {Description: "removed"}},
	}))
	rt.Handle("POST", Prefix+"/events/{id}/materials", h.wrap(h.addMaterial), httpx.BodyLimit(materialBodyLimit), httpx.Doc(httpx.Op{
		ID: "addEventMaterial", Tag: "events", Summary: "Add a material of an event or a session: a file or a link, for an audience, from a release time (the organiser)",
		Params: []httpx.Param{id}, Request: ref("MaterialInput"),
		Responses: map[int]httpx.Answer{201: {Description: "the material", Schema: ref("Material")}},
	}))
	rt.Handle("DELETE", Prefix+"/events/{id}/materials/{mid}", h.wrap(h.deleteMaterial), httpx.Doc(httpx.Op{
		ID: "deleteEventMaterial", Tag: "events", Summary: "Remove a material (the organiser)",
		Params: []httpx.Param{id, mid}, Responses: map[int]httpx.Answer{204: {Description: "removed"}},
	}))
	rt.Handle("POST", Prefix+"/events/{id}/lessons", h.wrap(h.addLesson), httpx.Doc(httpx.Op{
		ID: "addEventLesson", Tag: "events", Summary: "Note a lesson learned at an event for the practices library (the organiser)",
		Params: []httpx.Param{id}, Request: ref("LessonInput"),
		Responses: map[int]httpx.Answer{201: {Description: "the lesson", Schema: ref("Lesson")}},
	}))
	rt.Handle("POST", Prefix+"/me/calendar-feed", h.wrap(h.newFeed), httpx.Doc(httpx.Op{
		ID: "createCalendarFeed", Tag: "events", Summary: "Make your personal calendar feed (replacing any earlier one)",
		Description: "No body. The address holds a secret and is shown once.",
		Responses: map[int]httpx.Answer{201: {Description: "the feed's address", Schema: ref("CalendarFeed")},
			422: {Description: "a body that is not empty, or a query that is not UTF-8", Schema: ref("Error")}},
	}))
	rt.Handle("DELETE", Prefix+"/me/calendar-feed", h.wrap(h.revokeFeed), httpx.Doc(httpx.Op{
		ID: "revokeCalendarFeed", Tag: "events", Summary: "Revoke your personal calendar feed",
		Responses: map[int]httpx.Answer{204: {Description: "revoked"}, 422: {Description: "a body that is not empty, or a query that is not UTF-8", Schema: ref("Error")}},
	}))
}

func (h *Handler) addSession(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := body[model.SessionInput](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusCreated, func(s model.Session) model.Session { return s })(
		h.svc.Events.AddSession(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) deleteSession(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id", "sid")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, true, plain(func(noBody) struct{} { return struct{}{} }))
	if err != nil {
		return err
	}
	if err := h.svc.Events.DeleteSessionIn(r.Context(), service.ViewerFrom(r.Context()), id[0], id[1], in); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) addMaterial(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, materialIn.input)
	if err != nil {
		return err
	}
	now := h.svc.Now()
	return answer(w, http.StatusCreated, func(m model.Material) materialJSON { return materialOut(id[0], m, now) })(
		h.svc.Events.AddMaterial(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) deleteMaterial(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id", "mid")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, true, plain(func(noBody) struct{} { return struct{}{} }))
	if err != nil {
		return err
	}
	if err := h.svc.Events.DeleteMaterialIn(r.Context(), service.ViewerFrom(r.Context()), id[0], id[1], in); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) addLesson(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := body[model.LessonInput](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusCreated, func(l model.Lesson) model.Lesson { return l })(
		h.svc.Events.AddLesson(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) newFeed(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	var none noBody
	if err := decodeOptional(r, &none); err != nil {
		return err
	}
	token, err := h.svc.Events.NewFeed(r.Context(), v)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, feedJSON{URL: "/calendar/feed/" + url.PathEscape(token) + "/events.ics"})
	return nil
}

func (h *Handler) revokeFeed(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	var none noBody
	if err := decodeOptional(r, &none); err != nil {
		return err
	}
	if err := h.svc.Events.RevokeFeed(r.Context(), v); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// decodeOptional is decode for a request whose body may be empty.
func decodeOptional(r *http.Request, dst any) error {
	b, err := readBody(r, true)
	if err != nil {
		return err
	}
	return b.decodeInto(dst)
}
