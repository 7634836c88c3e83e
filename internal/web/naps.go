package web

import (
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"napx/internal/httpx"
	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

func (h *Handler) registerNAPs(rt *httpx.Router) {
	rt.Handle("GET", "/naps", h.wrap(h.listNAPs))
	rt.Handle("GET", "/naps/new", h.wrap(h.newNAP))
	rt.Handle("POST", "/naps", h.wrap(h.createNAP))
	rt.Handle("GET", "/naps/key-elements", h.wrap(h.keyElements))
	rt.Handle("GET", "/naps/{id}", h.wrap(h.showNAP))
	rt.Handle("GET", "/naps/{id}/edit", h.wrap(h.editNAP))
	rt.Handle("POST", "/naps/{id}", h.wrap(h.updateNAP))
	rt.Handle("GET", "/naps/{id}/sections/{code}/edit", h.wrap(h.editSection))
	rt.Handle("POST", "/naps/{id}/sections/{code}", h.wrap(h.updateSection))
	rt.Handle("POST", "/naps/{id}/adopt", h.wrap(h.adoptNAP))
	// Formal acts: a confirmation page (GET) and the act on its confirming
	// POST (issue 18, item 2).
	h.confirmRoute(rt, "/naps/{id}/submit", "nap.submit", refID, h.napAct("nap-submitted", func(r *http.Request, v model.Viewer, id int64) error {
		_, _, err := h.svc.NAPs.Submit(r.Context(), v, id, service.Given(stepDate(r)))
		return err
	}))
	h.confirmRoute(rt, "/naps/{id}/publish", "nap.publish", refID, h.napAct("nap-published", func(r *http.Request, v model.Viewer, id int64) error {
		_, err := h.svc.NAPs.Publish(r.Context(), v, id, service.Given(stepDate(r)))
		return err
	}))
	h.confirmRoute(rt, "/naps/{id}/withdraw", "nap.withdraw", refID, h.napAct("nap-withdrawn", func(r *http.Request, v model.Viewer, id int64) error {
		_, err := h.svc.NAPs.Withdraw(r.Context(), v, id, nil)
		return err
	}))
	h.confirmRoute(rt, "/naps/{id}/delete", "nap.delete", refID, h.deleteNAP)
	rt.Handle("POST", "/naps/{id}/share", h.wrap(h.shareNAP))
	rt.Handle("POST", "/naps/{id}/revise", h.wrap(h.reviseNAP))
	rt.Handle("GET", "/naps/{id}/actions/new", h.wrap(h.newAction))
	rt.Handle("POST", "/naps/{id}/actions", h.wrap(h.createAction))
	rt.Handle("GET", "/naps/{id}/actions/{actionID}", h.wrap(h.showAction))
	rt.Handle("GET", "/naps/{id}/actions/{actionID}/edit", h.wrap(h.editAction))
	rt.Handle("POST", "/naps/{id}/actions/{actionID}", h.wrap(h.updateAction))
	rt.Handle("POST", "/naps/{id}/actions/{actionID}/delete", h.wrap(h.deleteAction))
	rt.Handle("GET", "/naps/{id}/actions/{actionID}/joint", h.wrap(h.jointForm))
	rt.Handle("POST", "/naps/{id}/actions/{actionID}/joint", h.wrap(h.setJoints))
	rt.Handle("GET", "/naps/{id}/diff", h.wrap(h.diffNAP))
	rt.Handle("GET", "/naps/{id}/print", h.wrap(h.printNAP))
	rt.Handle("GET", "/naps/{id}/plan.xlsx", h.wrap(h.exportNAP))
	rt.Handle("GET", "/naps/{id}/actions.csv", h.wrap(h.exportActionsCSV))
	rt.Handle("GET", "/naps/{id}/import", h.wrap(h.showImport))
	rt.Handle("POST", "/naps/{id}/import", h.wrap(h.previewImport), httpx.BodyLimit(service.ImportMaxBytes+64<<10))
	rt.Handle("POST", "/naps/{id}/import/apply", h.wrap(h.applyImport))
	h.registerSubmissions(rt)
	rt.Handle("GET", "/state-of-play", h.wrap(h.stateOfPlay))
	rt.Handle("GET", "/state-of-play.csv", h.wrap(h.stateOfPlayCSV))
	rt.Handle("GET", "/state-of-play.xlsx", h.wrap(h.stateOfPlayXLSX))
}

// napFlash holds the confirmations of the plan pages.
var napFlash = map[string]string{
	"nap-created":    "The draft plan was started.",
	"nap-saved":      "The plan was saved.",
	"nap-adopted":    "The adoption was recorded.",
	"nap-submitted":  "The plan was submitted to the 1540 Committee; a numbered submission was frozen.",
	"nap-published":  "The plan was published.",
	"nap-withdrawn":  "The plan was withdrawn.",
	"nap-shared":     "The sharing of the plan was saved.",
	"nap-revised":    "A draft revision was started; the open actions were carried over.",
	"nap-imported":   "The workbook was imported.",
	"action-saved":   "The action was saved.",
	"action-removed": "The action was removed.",
	"joint-saved":    "The joint actions were saved.",
	"nap-deleted":    "The draft was deleted; the audit log records who deleted it and when.",
}

// napFuncs are the template functions of the plan pages.
var napFuncs = template.FuncMap{
	"napBadge": func(s model.NAPStatus) string {
		switch s {
		case model.NAPPublished:
			return "ok"
		case model.NAPSubmitted, model.NAPAdopted:
			return "info"
		case model.NAPWithdrawn:
			return "bad"
		}
		return "plain"
	},
	"actionBadge": func(s model.ActionStatus) string {
		switch s {
		case model.ActionCompleted:
			return "ok"
		case model.ActionInProgress:
			return "info"
		case model.ActionDelayed:
			return "warn"
		}
		return "plain"
	},
	"levelBadge": func(l string) string {
		switch l {
		case service.ElementPresent:
			return "ok"
		case service.ElementThin:
			return "warn"
		}
		return "bad"
	},
	"diffBadge": func(k string) string {
		switch k {
		case model.Added:
			return "ok"
		case model.Removed:
			return "bad"
		}
		return "info"
	},
	"diffLine": func(op string) string {
		switch op {
		case "+":
			return "ins"
		case "-":
			return "del"
		}
		return "same"
	},
	"diffLineWord": func(op string) string {
		switch op {
		case "+":
			return "added"
		case "-":
			return "removed"
		}
		return "kept"
	},
	"typeLabel": model.NAPTypeLabel,
	"paragraphs": func(s string) []string {
		var out []string
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"thin": func() int { return service.ThinText },
	// bdi is user text put into a translated sentence ({{th}}): escaped,
	// isolated from the sentence's direction.
	"bdi": func(s string) template.HTML {
		return template.HTML("<bdi>" + html.EscapeString(s) + "</bdi>") // #nosec G203 -- escaped
	},
	// emph and badge (and strong, i18n.go) are words put into a translated sentence
	// with their markup ({{th}}).
	"emph": func(s string) template.HTML {
		return template.HTML("<em>" + html.EscapeString(s) + "</em>") // #nosec G203 -- escaped
	},
	// strong: i18n.go.
	"badge": func(class, s string) template.HTML {
		return template.HTML(`<span class="badge ` + html.EscapeString(class) + `">` + html.EscapeString(s) + "</span>") // #nosec G203 -- escaped
	},
}

func napPath(id int64) string { return "/naps/" + strconv.FormatInt(id, 10) }

func (h *Handler) napID(r *http.Request) (int64, error) { return httpx.PathID(r, "id") }

func actionID(r *http.Request) (int64, error) { return httpx.PathID(r, "actionID") }

// --- list ---

type napListPage struct {
	Base
	Plans     []service.NAPView
	State     string
	Status    string
	States    []*refdata.State
	Statuses  []model.NAPStatus
	CanCreate bool
	Readers   map[int64]string // who reads each plan, in the third person (audience)
}

func (h *Handler) listNAPs(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	q := r.URL.Query()
	p := &napListPage{State: strings.ToUpper(strings.TrimSpace(q.Get("state"))), Status: q.Get("status"), Statuses: model.NAPStatuses}
	p.Title, p.Section = h.printer(r).T("plans.title"), "naps"
	cat := h.svc.Directory.Catalog()
	for _, code := range cat.Members("SEE") {
		if s := cat.State(code); s != nil {
			p.States = append(p.States, s)
		}
	}
	lang := i18n.FromContext(r.Context())
	i18n.SortByName(lang, p.States, func(s *refdata.State) string { return s.NameIn(lang) }) // the picker in the reader's alphabetical order
	f := model.NAPFilter{}
	probs := model.Problems{}
	if p.State != "" {
		if cat.State(p.State) == nil {
			probs.Add("state", "choose a State")
		} else {
			f.States = []string{p.State}
			if !containsState(p.States, p.State) {
				p.States = append(p.States, cat.State(p.State))
			}
		}
	}
	if p.Status != "" {
		if !model.NAPStatus(p.Status).Valid() {
			probs.Add("status", "choose a status")
		}
		f.Status = model.NAPStatus(p.Status)
	}
	p.CanCreate = h.svc.NAPs.CanStart(v, v.Org())
	if len(probs) > 0 {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "nap_list", p)
	}
	plans, err := h.svc.NAPs.List(r.Context(), v, f)
	if err != nil {
		return err
	}
	p.Readers = make(map[int64]string, len(plans))
	for i := range plans {
		plans[i].StateName = h.orgName(r, plans[i].State)
		p.Readers[plans[i].ID] = h.audience(r, plans[i].Visibility, plans[i].State, plans[i].SharedWith)
	}
	p.Plans = plans
	return h.render(w, r, http.StatusOK, "nap_list", p)
}

func containsState(ss []*refdata.State, code string) bool {
	for _, s := range ss {
		if s.Code == code {
			return true
		}
	}
	return false
}

// --- create and edit a plan ---

// --- sections ---

// --- the plan page ---

// --- workflow steps ---

// --- actions ---

// --- diffs ---

// --- files ---

// --- key elements ---

// --- the state of play ---

// --- the State page ---
