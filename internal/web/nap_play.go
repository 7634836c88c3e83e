package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

type keyElementsPage struct {
	Base
	Sections []model.NAPSection
}

func (h *Handler) keyElements(w http.ResponseWriter, r *http.Request) error {
	p := &keyElementsPage{Sections: model.NAPSections}
	p.Title, p.Section = h.printer(r).T("plans.els.title"), "naps"
	return h.render(w, r, http.StatusOK, "nap_elements", p)
}

type playPage struct {
	Base
	Play    service.StateOfPlay
	Groups  []*refdata.Group
	Sort    string
	Dir     string
	Columns []playColumn
	Query   string
	Since   int                    // the year the "since" count counts from
	Count   service.SubmittedCount // plans that reached the Committee, by their recorded dates
	Table   template.HTML          // the fragment "play-table", kept per reader
	Public  bool                   // an anonymous visitor: "No published plan"
}

type playColumn struct {
	Key, Label, Href, Sort string // Sort: ascending, descending or ""
	Num                    bool
}

func (h *Handler) playData(r *http.Request) (service.StateOfPlay, string, string, error) {
	q := r.URL.Query()
	sortBy, dir := q.Get("sort"), q.Get("dir")
	if dir != "" && !slices.Contains(service.SortDirections, dir) {
		return service.StateOfPlay{}, sortBy, dir, model.Problems{"dir": "choose asc or desc"}
	}
	sp, err := h.svc.NAPs.StateOfPlay(r.Context(), service.ViewerFrom(r.Context()), q.Get("group"), sortBy, dir == "desc")
	return sp, sortBy, dir, err
}

func (h *Handler) stateOfPlay(w http.ResponseWriter, r *http.Request) error {
	sp, sortBy, dir, err := h.playData(r)
	p := &playPage{Play: sp, Groups: h.svc.Directory.Groups(), Sort: sortBy, Dir: dir}
	p.Title, p.Section = h.printer(r).T("play.title"), "play"
	if probs, ok := model.AsProblems(err); ok {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "state_of_play", p)
	}
	if err != nil {
		return err
	}
	if p.Sort == "" {
		p.Sort = "state"
	}
	since, perr := sinceYear(r)
	if perr != nil {
		p.Problems = perr
		return h.render(w, r, http.StatusUnprocessableEntity, "state_of_play", p)
	}
	p.Since, p.Count = since, sp.Count(since)
	group := url.QueryEscape(sp.Group)
	for _, c := range []playColumn{{"state", "State", "", "", false}, {"status", "Plan and status", "", "", false}, {"period", "Period", "", "", false},
		{"submitted", "Submitted to the Committee", "", "", false},
		{"progress", "Completed", "", "", true}, {"overdue", "Overdue actions", "", "", true}, {"updated", "Last update", "", "", false},
		{"assistance", "Actions needing assistance", "", "", true}} {
		c.Label = h.printer(r).T("play.col." + c.Key)
		d := "asc"
		if c.Key == p.Sort {
			if p.Dir == "desc" {
				c.Sort = "descending"
			} else {
				c.Sort = "ascending"
				d = "desc"
			}
		}
		c.Href = "/state-of-play?group=" + group + "&sort=" + c.Key + "&dir=" + d
		p.Columns = append(p.Columns, c)
	}
	p.Query = "group=" + group + "&sort=" + url.QueryEscape(p.Sort) + "&dir=" + url.QueryEscape(p.Dir)
	p.Public = !service.ViewerFrom(r.Context()).SignedIn()
	p.Table, err = h.fragment(r, "state_of_play", "play-table", service.ReaderKey(service.ViewerFrom(r.Context()))+"\x00"+strconv.FormatBool(p.Public)+"\x00"+p.Query,
		func() (any, error) { return p, nil })
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "state_of_play", p)
}

// sinceYear reads the year of the "since" count (default 2016, as the
// Committee counts its plans; the first year of the resolution's plans
// at the earliest).
func sinceYear(r *http.Request) (int, model.Problems) {
	s := strings.TrimSpace(r.URL.Query().Get("since"))
	if s == "" {
		return 2016, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 2004 || y > 2100 {
		return 0, model.Problems{"since": "enter a year from 2004, such as 2016"}
	}
	return y, nil
}

func (h *Handler) stateOfPlayCSV(w http.ResponseWriter, r *http.Request) error {
	sp, _, _, err := h.playData(r)
	if err != nil {
		return err
	}
	b, err := service.CSV(service.PlayTable(r.Context(), sp))
	if err != nil {
		return err
	}
	sendFile(w, csvType, "state-of-play-"+strings.ToLower(sp.Group)+".csv", b)
	return nil
}

func (h *Handler) stateOfPlayXLSX(w http.ResponseWriter, r *http.Request) error {
	sp, _, _, err := h.playData(r)
	if err != nil {
		return err
	}
	b, err := service.PlayXLSX(r.Context(), sp)
	if err != nil {
		return err
	}
	sendFile(w, xlsxType, "state-of-play-"+strings.ToLower(sp.Group)+".xlsx", b)
	return nil
}
