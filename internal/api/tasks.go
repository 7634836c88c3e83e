package api

import (
	"net/http"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// taskJSON is one of the signed-in account's tasks (issue 18, item 1).
type taskJSON struct {
	Kind  string         `json:"kind" doc:"the source and step, e.g. matrix.agree, nap.overdue, event.confirm"`
	Title string         `json:"title" doc:"what waits, in words, in the request's language (Accept-Language or ?lang=)"`
	Key   string         `json:"key" doc:"the title's message key in napx's catalogues (svctasks.*), for a client that writes the title itself"`
	Args  []model.MsgArg `json:"args" doc:"the message's arguments, in order (%[1], %[2], …): each says how it is written"`
	URL   string         `json:"url" doc:"the page where it is done (a path on this site)"`
	Since time.Time      `json:"since" doc:"when it began to wait"`
	Due   *string        `json:"due" doc:"the day it is due (YYYY-MM-DD), or null"`
}

type tasksJSON struct {
	Items []taskJSON `json:"items"`
}

func (h *Handler) registerTasks(rt *httpx.Router) {
	rt.Handle("GET", Prefix+"/me/tasks", h.wrap(h.myTasks), httpx.Doc(httpx.Op{
		ID: "listMyTasks", Tag: "accounts", Summary: "What waits for the signed-in account",
		Description: "Derived from the records each time through the one access policy (never stored): a task never names a record the account may not read. " +
			"Overdue tasks first, then by due day, then the longest waiting. `title` is written in the request's language (Accept-Language or ?lang=); " +
			"`key` and `args` are the same sentence for a client that writes it itself. 401 without a valid API token or session.",
		Responses: map[int]httpx.Answer{200: {Description: "the tasks", Schema: ref("Tasks")}},
	}))
}

func (h *Handler) myTasks(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	ts, err := h.svc.Tasks.For(r.Context(), v)
	if err != nil {
		return err
	}
	p, names := printer(r), h.svc.Directory.Catalog()
	out := tasksJSON{Items: make([]taskJSON, len(ts))}
	for i, t := range ts {
		out.Items[i] = taskJSON{Kind: t.Kind, Title: p.Say(t.Title, names), Key: t.Title.Key, Args: append([]model.MsgArg{}, t.Title.Args...), URL: t.URL, Since: t.Since.UTC()}
		if !t.Due.IsZero() {
			d := t.Due.String()
			out.Items[i].Due = &d
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// argsJSON are a sentence's arguments on the wire.
