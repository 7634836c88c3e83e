package web

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// Confirmation before formal acts (issue 18, item 2). A formal act has one
// address: GET shows what will happen (service.Confirmation), POST acts —
// but only with the confirmation that page's form carries. A POST without
// it changes nothing and leads to the page (after the same policy decision
// as the act: a record the viewer may not read is 404 either way). The API
// keeps its one-step calls.

type confirmPage struct {
	Base
	C       service.Confirmation
	S       confirmSaid // C's sentences in the reader's language
	Changed bool        // the record changed since the page was read
	Problem string      // the act was refused on its own terms
	// ProblemEN: Problem is a service's English (a conflict's message).
	ProblemEN bool
	Problems  model.Problems
	StepIn    model.StepDate // the date and source typed for a step recorded after the fact
}

// confirmSaid is what a confirmation says, written in the reader's
// language from the service's sentences (issue 17, item 1): user text and
// names isolated, everything else escaped.
type confirmSaid struct {
	Heading, Subject, Affected, Undo, Button, Blocked template.HTML
	Happens                                           []template.HTML
}

// confirmRoute registers the confirmation page (GET path) and the act (POST
// path) for act; ref reads the record named by the path, do performs the
// act once confirmed.
func (h *Handler) confirmRoute(rt *httpx.Router, path, act string, ref func(*http.Request) (service.ConfirmRef, error), do handlerFunc) {
	rt.Handle("GET", path, h.wrap(func(w http.ResponseWriter, r *http.Request) error {
		c, err := h.confirmation(r, act, ref)
		if err != nil {
			return err
		}
		return h.renderConfirm(w, r, http.StatusOK, &confirmPage{C: c})
	}))
	rt.Handle("POST", path, h.wrap(func(w http.ResponseWriter, r *http.Request) error {
		c, err := h.confirmation(r, act, ref)
		if err != nil {
			return err
		}
		switch confirm := r.PostFormValue("confirm"); {
		case !r.PostForm.Has("confirm"):
			// Not confirmed on its page: nothing happens; the page says what would.
			return h.renderConfirm(w, r, http.StatusOK, &confirmPage{C: c, StepIn: stepDate(r)})
		case confirm != act:
			return h.renderConfirm(w, r, http.StatusUnprocessableEntity, &confirmPage{C: c, StepIn: stepDate(r),
				Problem: h.printer(r).T("confirm.other-act")})
		}
		// The page's form carries the version it showed: a record changed
		// since is shown again rather than acted on. (A hand-made request
		// without it is the account's own deliberate act, like the API's.)
		var sent int64
		if sv := r.PostFormValue("version"); sv != "" {
			if sent, err = strconv.ParseInt(sv, 10, 64); err != nil || sent < 0 {
				return h.renderConfirm(w, r, http.StatusUnprocessableEntity, &confirmPage{C: c, StepIn: stepDate(r),
					Problem: h.printer(r).T("confirm.bad-version")})
			}
		}
		if !c.Blocked.IsZero() {
			return h.renderConfirm(w, r, http.StatusConflict, &confirmPage{C: c})
		}
		if r.PostFormValue("version") != "" && sent != c.Version {
			return h.renderConfirm(w, r, http.StatusConflict, &confirmPage{C: c, Changed: true})
		}
		err = do(w, r)
		if probs, ok := model.AsProblems(err); ok {
			p := &confirmPage{C: c, Problems: probs, StepIn: stepDate(r)}
			if probs["date"] == "" && probs["source"] == "" && probs["source_url"] == "" {
				for _, m := range probs {
					p.Problem = h.printer(r).Problem(m)
					break
				}
			}
			return h.renderConfirm(w, r, http.StatusUnprocessableEntity, p)
		}
		var ce *model.ConflictError
		if errors.As(err, &ce) {
			return h.renderConfirm(w, r, http.StatusConflict, &confirmPage{C: c, Problem: conflictText(h.printer(r), ce), ProblemEN: ce.Msg.IsZero()})
		}
		return err
	}))
}

func (h *Handler) confirmation(r *http.Request, act string, ref func(*http.Request) (service.ConfirmRef, error)) (service.Confirmation, error) {
	rf, err := ref(r)
	if err != nil {
		return service.Confirmation{}, err
	}
	return h.svc.Confirm(r.Context(), service.ViewerFrom(r.Context()), act, rf)
}

func (h *Handler) renderConfirm(w http.ResponseWriter, r *http.Request, status int, p *confirmPage) error {
	pr, names := h.printer(r), h.svc.Directory.Catalog()
	say := func(s model.Message) template.HTML {
		return template.HTML(pr.SayHTML(s, names)) // #nosec G203 -- SayHTML escapes the message and every argument
	}
	p.S = confirmSaid{Heading: say(p.C.Heading), Subject: say(p.C.Subject), Affected: say(p.C.Affected), Undo: say(p.C.Undo),
		Button: say(p.C.Button), Blocked: say(p.C.Blocked)}
	for _, s := range p.C.Happens {
		p.S.Happens = append(p.S.Happens, say(s))
	}
	p.Title = pr.Say(p.C.Heading, names) // "Error: " is render's (errorTitle) for a 422 or 409
	return h.render(w, r, status, "confirm", p)
}

// refID names a record by the path's {id}.
func refID(r *http.Request) (service.ConfirmRef, error) {
	id, err := httpx.PathID(r, "id")
	return service.ConfirmRef{ID: id}, err
}

// refState names a State's matrix by the path's {code}.
func refState(r *http.Request) (service.ConfirmRef, error) {
	return service.ConfirmRef{State: r.PathValue("code")}, nil
}

// refDelegate names a delegate by the path's {id} and {pid}.
func refDelegate(r *http.Request) (service.ConfirmRef, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return service.ConfirmRef{}, err
	}
	pid, err := httpx.PathID(r, "pid")
	return service.ConfirmRef{ID: id, Sub: pid}, err
}
