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
	Kind  string    `json:"kind" doc:"the source and step, e.g. matrix.agree, nap.overdue, event.confirm"`
	Title string    `json:"title" doc:"what waits, in words"`
	URL   string    `json:"url" doc:"the page where it is done (a path on this site)"`
	Since time.Time `json:"since" doc:"when it began to wait"`
	Due   *string   `json:"due" doc:"the day it is due (YYYY-MM-DD), or null"`
}

type tasksJSON struct {
	Items []taskJSON `json:"items"`
}

func (h *Handler) registerTasks(rt *httpx.Router) {
	rt.Handle("GET", Prefix+"/me/tasks", h.wrap(h.myTasks), httpx.Doc(httpx.Op{
		ID: "listMyTasks", Tag: "accounts", Summary: "What waits for the signed-in account",
		Description: "Derived from the records each time through the one access policy (never stored): a task never names a record the account may not read. " +
			"Overdue tasks first, then by due day, then the longest waiting. 401 without a valid API token or session.",
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
	out := tasksJSON{Items: make([]taskJSON, len(ts))}
	for i, t := range ts {
		out.Items[i] = taskJSON{Kind: t.Kind, Title: t.Title, URL: t.URL, Since: t.Since.UTC()}
		if !t.Due.IsZero() {
			d := t.Due.String()
			out.Items[i].Due = &d
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
