package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

// The Committee's figures (issue 20): GET /figures (every figure for a
// period and a group, each number a link to the records it counts),
// GET /figures/{id} (those records), GET /figures/report (the report
// builder: chosen figures, period and group, all in the address, shown as
// a printable page) and GET /figures/report.xlsx (the same as a
// workbook, a sheet per figure with its records).

func (h *Handler) registerFigures(rt *httpx.Router) {
	rt.Handle("GET", "/figures", h.wrap(h.figuresPage))
	rt.Handle("GET", "/figures/report", h.wrap(h.figuresReport))
	rt.Handle("GET", "/figures/report.xlsx", h.wrap(h.figuresReportXLSX))
	rt.Handle("GET", "/figures/{id}", h.wrap(h.figureRecordsPage))
}

// figuresForm is the period-and-group form of the figures' pages, as the
// reader typed it (shown back on a 422).
type figuresForm struct {
	From, To, Group string
	Groups          []*refdata.Group
	Defs            []service.FigureDef
	Chosen          map[string]bool
}

type figuresPage struct {
	Base
	Form    figuresForm
	Query   service.FigureQuery
	Figures []service.Figure
	Report  string // the report builder with this period and group
	API     string
}

type figureRecordsPage struct {
	Base
	Form    figuresForm
	Data    service.FigureRecords
	Figures string // back to every figure, same period and group
}

type figuresReportPage struct {
	Base
	Form    figuresForm
	Query   service.FigureQuery
	Reports []service.FigureRecords
	Link    string // this report, reproducible
	XLSX    string
}

func (h *Handler) figuresForm(r *http.Request) figuresForm {
	q := r.URL.Query()
	f := figuresForm{From: q.Get("from"), To: q.Get("to"), Group: strings.ToUpper(q.Get("group")), Groups: h.svc.Directory.Groups(),
		Defs: service.FigureDefs, Chosen: map[string]bool{}}
	for _, id := range figureIDs(q["id"]) {
		f.Chosen[id] = true
	}
	return f
}

// figureIDs reads the figure ids of a query: id repeated or separated by
// commas.
func figureIDs(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// figureQuery parses the period and group; on bad input it renders page
// name with the problems (422) and answers false.
func (h *Handler) figureQuery(w http.ResponseWriter, r *http.Request, name string, p page) (service.FigureQuery, bool, error) {
	q := r.URL.Query()
	fq, err := h.svc.Figures.ParseFigureQuery(q.Get("from"), q.Get("to"), q.Get("group"))
	if probs, ok := model.AsProblems(err); ok {
		p.base().Problems = probs
		return fq, false, h.render(w, r, http.StatusUnprocessableEntity, name, p)
	}
	return fq, err == nil, err
}

func (h *Handler) figuresPage(w http.ResponseWriter, r *http.Request) error {
	p := &figuresPage{Form: h.figuresForm(r)}
	p.Title, p.Section = h.printer(r).T("figures.title"), "figures"
	q, ok, err := h.figureQuery(w, r, "figures", p)
	if !ok {
		return err
	}
	p.Query = q
	if p.Figures, err = h.svc.Figures.Compute(r.Context(), service.ViewerFrom(r.Context()), q); err != nil {
		return err
	}
	p.Figures = h.localFigures(h.printer(r), p.Figures)
	p.Form.From, p.Form.To = q.From.String(), q.To.String()
	p.Report = "/figures/report?" + q.Values().Encode()
	p.API = "/api/v1/figures?" + q.Values().Encode()
	return h.render(w, r, http.StatusOK, "figures", p)
}

func (h *Handler) figureRecordsPage(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if _, ok := service.FigureDefByID(id); !ok {
		h.NotFoundMessage(w, r, (&service.FigureNotFoundError{ID: model.CleanLine(id, 60)}).Error()+".")
		return nil
	}
	p := &figureRecordsPage{Form: h.figuresForm(r)}
	p.Title, p.Section = h.printer(r).T("figures.title"), "figures"
	q, ok, err := h.figureQuery(w, r, "figure_records", p)
	if !ok {
		return err
	}
	if p.Data, err = h.svc.Figures.Records(r.Context(), service.ViewerFrom(r.Context()), id, q); err != nil {
		return err
	}
	p.Data = h.localRecords(h.printer(r), p.Data)
	p.Title = p.Data.Figure.Label
	p.Form.From, p.Form.To = q.From.String(), q.To.String()
	p.Figures = "/figures?" + q.Values().Encode()
	return h.render(w, r, http.StatusOK, "figure_records", p)
}

// reportQuery is the report's address: its figures, period and group.
func reportQuery(q service.FigureQuery, ids []string) url.Values {
	v := q.Values()
	for _, id := range ids {
		v.Add("id", id)
	}
	return v
}

func (h *Handler) reportData(w http.ResponseWriter, r *http.Request, p *figuresReportPage) (bool, error) {
	p.Title, p.Section = h.printer(r).T("figures.builder"), "figures"
	q, ok, err := h.figureQuery(w, r, "figures_report", p)
	if !ok {
		return false, err
	}
	p.Query = q
	ids := figureIDs(r.URL.Query()["id"])
	for _, id := range ids {
		if _, known := service.FigureDefByID(id); !known {
			p.Problems = model.Problems{"id": (&service.FigureNotFoundError{ID: model.CleanLine(id, 60)}).Error()}
			return false, h.render(w, r, http.StatusUnprocessableEntity, "figures_report", p)
		}
	}
	p.Form.From, p.Form.To = q.From.String(), q.To.String()
	if len(ids) == 0 {
		return true, nil
	}
	if p.Reports, err = h.svc.Figures.Report(r.Context(), service.ViewerFrom(r.Context()), q, ids); err != nil {
		return false, err
	}
	vals := reportQuery(q, ids).Encode()
	p.Link, p.XLSX = "/figures/report?"+vals, "/figures/report.xlsx?"+vals
	return true, nil
}

func (h *Handler) figuresReport(w http.ResponseWriter, r *http.Request) error {
	p := &figuresReportPage{Form: h.figuresForm(r)}
	ok, err := h.reportData(w, r, p)
	if !ok {
		return err
	}
	// The page in the reader's language; the workbook keeps the service's
	// English (figuresReportXLSX).
	for i := range p.Reports {
		p.Reports[i] = h.localRecords(h.printer(r), p.Reports[i])
	}
	return h.render(w, r, http.StatusOK, "figures_report", p)
}

func (h *Handler) figuresReportXLSX(w http.ResponseWriter, r *http.Request) error {
	p := &figuresReportPage{Form: h.figuresForm(r)}
	ok, err := h.reportData(w, r, p)
	if !ok {
		return err
	}
	if len(p.Reports) == 0 {
		p.Problems = model.Problems{"id": "choose at least one figure"}
		return h.render(w, r, http.StatusUnprocessableEntity, "figures_report", p)
	}
	// A file for people: in the reader's language, as the page (issue 17).
	for i := range p.Reports {
		p.Reports[i] = h.localRecords(h.printer(r), p.Reports[i])
	}
	b, err := service.ReportWorkbook(r.Context(), p.Query, p.Link, p.Reports)
	if err != nil {
		return err
	}
	sendFile(w, xlsxType, service.ReportFileName(p.Query), b)
	return nil
}
