package web

import (
	"html/template"
	"net/http"

	"napx/internal/httpx"
	"napx/internal/model"
)

func (h *Handler) registerTasks(rt *httpx.Router) {
	rt.Handle("GET", "/tasks", h.wrap(h.showTasks))
}

// taskRow is a task as the page lists it.
type taskRow struct {
	model.Task
	Said    template.HTML // the title in the reader's language
	Overdue bool
	Days    int // days waiting
}

type tasksPage struct {
	Base
	Overdue, Due, Waiting []taskRow
	Today                 model.Date
	Total                 int
	OrgName               string
}

// showTasks is "Your tasks": what waits for the signed-in account, each
// with the place to act (issue 18, item 1). It is where an account lands
// after signing in.
func (h *Handler) showTasks(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	ts, err := h.svc.Tasks.For(r.Context(), v)
	if err != nil {
		return err
	}
	now := h.svc.Now()
	p := &tasksPage{Today: model.DateOf(now.UTC()), Total: len(ts), OrgName: h.orgName(r, v.Org())}
	pr, names := h.printer(r), h.svc.Directory.Catalog()
	for _, t := range ts {
		row := taskRow{Task: t, Overdue: t.Overdue(p.Today),
			Said: template.HTML(pr.SayHTML(t.Title, names))} // #nosec G203 -- SayHTML escapes the message and every argument
		if !t.Since.IsZero() && now.After(t.Since) {
			row.Days = int(now.Sub(t.Since).Hours() / 24)
		}
		switch {
		case row.Overdue:
			p.Overdue = append(p.Overdue, row)
		case !t.Due.IsZero():
			p.Due = append(p.Due, row)
		default:
			p.Waiting = append(p.Waiting, row)
		}
	}
	p.Title, p.Section = h.printer(r).T("tasks.h1"), "tasks"
	return h.render(w, r, http.StatusOK, "tasks", p)
}

// taskCount is the header's number of tasks (0 for anonymous visitors, or
// when counting fails: the header never stops a page).
func (h *Handler) taskCount(r *http.Request, v model.Viewer) int {
	n, err := h.svc.Tasks.Count(r.Context(), v)
	if err != nil {
		h.log.Warn("task count", "request_id", httpx.RequestID(r.Context()), "err", err)
		return 0
	}
	return n
}
