package api

import (
	"net/http"
	"strings"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// The Committee's figures (issue 20): GET /api/v1/figures and
// GET /api/v1/figures/{id} (one figure with the records it counts).

type figureItemJSON struct {
	Key   string `json:"key" doc:"the part's key: an event kind, an assistance area, a provider's code, an outcome"`
	Label string `json:"label"`
	Value int    `json:"value"`
}

type figureJSON struct {
	ID           string           `json:"id" doc:"the figure's stable id, e.g. naps.states"`
	Label        string           `json:"label"`
	Value        int              `json:"value"`
	Counts       string           `json:"counts" doc:"what the figure counts, in words"`
	Records      string           `json:"records" doc:"the address of the page listing exactly the records counted (same period and group)"`
	CompleteFrom *string          `json:"complete_from" doc:"the first day from which every record counted rests on a source (napx saw the step happen, or it was recorded with its source); null when nothing is counted"`
	Unsourced    int              `json:"unsourced" doc:"records counted whose date was recorded without a source"`
	Disputed     int              `json:"disputed" doc:"records counted whose date two sources dispute (counted by the date in force)"`
	Items        []figureItemJSON `json:"items,omitempty" doc:"the figure's parts, where it has some"`
	Note         string           `json:"note,omitempty"`
}

type figureRecordJSON struct {
	Kind      string `json:"kind" doc:"nap, report, matrix-edition, assistance, need, programme, event, delegation, followup"`
	ID        int64  `json:"id"`
	State     string `json:"state" doc:"the State or organisation the record is of (a delegation's own)"`
	StateName string `json:"state_name"`
	Title     string `json:"title"`
	Category  string `json:"category,omitempty"`
	Date      string `json:"date" doc:"the date counted (YYYY-MM-DD), empty when none"`
	Detail    string `json:"detail,omitempty"`
	Count     int    `json:"count,omitempty" doc:"delegates, for a delegation"`
	URL       string `json:"url" doc:"the record's page on this site"`
	Sourced   bool   `json:"sourced"`
	Disputed  bool   `json:"disputed"`
}

type figuresJSON struct {
	From  string       `json:"from"`
	To    string       `json:"to"`
	Group string       `json:"group,omitempty"`
	Items []figureJSON `json:"items"`
}

type figureRecordsJSON struct {
	From    string             `json:"from"`
	To      string             `json:"to"`
	Group   string             `json:"group,omitempty"`
	Figure  figureJSON         `json:"figure"`
	Records []figureRecordJSON `json:"records"`
}

func figureOut(f service.Figure) figureJSON {
	out := figureJSON{ID: f.ID, Label: f.Label, Value: f.Value, Counts: f.Counts, Records: f.Records, Unsourced: f.Unsourced, Disputed: f.Disputed, Note: f.Note}
	if f.CompleteFrom != nil {
		s := f.CompleteFrom.String()
		out.CompleteFrom = &s
	}
	for _, it := range f.Items {
		out.Items = append(out.Items, figureItemJSON(it))
	}
	return out
}

func figureRecordOut(r service.FigureRecord) figureRecordJSON {
	return figureRecordJSON{Kind: r.Kind, ID: r.ID, State: r.State, StateName: r.Name, Title: r.Title, Category: r.Category, Date: r.On,
		Detail: r.Detail, Count: r.Count, URL: r.URL, Sourced: r.Sourced, Disputed: r.Disputed}
}

var figureParams = []httpx.Param{
	{Name: "from", In: "query", Description: "the period's first day, YYYY-MM-DD (default 2004-04-28, the adoption of resolution 1540)", Schema: httpx.Schema{"type": "string", "format": "date"}},
	{Name: "to", In: "query", Description: "the period's last day, YYYY-MM-DD (default today)", Schema: httpx.Schema{"type": "string", "format": "date"}},
	{Name: "group", In: "query", Description: "a group code (SEE, OSCE, UN, ...): records of its States; none for every record"},
}

// tooMany is the answer of a reader who is not signed in beyond the rate
// limit of the researchers' read API (web.ReaderLimit).
var tooMany = httpx.Answer{Description: "too many requests from your address: wait the seconds the Retry-After header says", Schema: ref("Error")}

func (h *Handler) registerFigures(rt *httpx.Router) {
	rt.Handle("GET", Prefix+"/figures", h.wrap(h.figures), httpx.Doc(httpx.Op{
		ID: "figures", Tag: "figures", Public: true, Summary: "The Committee's standard figures for a period and a group, each with its provenance",
		Description: "Each figure counts only records you may read: the public sees public figures, the Committee its own. `records` lists exactly the records counted.",
		Params: append(append([]httpx.Param{}, figureParams...), httpx.Param{Name: "id", In: "query",
			Description: "figure ids to return (repeat, or separate by commas); default all"}),
		Responses: map[int]httpx.Answer{200: {Description: "the figures", Schema: ref("Figures")}, 429: tooMany},
	}))
	rt.Handle("GET", Prefix+"/figures/{id}", h.wrap(h.figureRecords), httpx.Doc(httpx.Op{
		ID: "figureRecords", Tag: "figures", Public: true, Summary: "One figure with the records it counts",
		Params:    append([]httpx.Param{{Name: "id", In: "path", Required: true, Description: "a figure id, e.g. naps.submitted"}}, figureParams...),
		Responses: map[int]httpx.Answer{200: {Description: "the figure and its records", Schema: ref("FigureRecords")}, 429: tooMany},
	}))
}

// FigureIDs reads the figure ids of a query: id repeated or separated by
// commas.
func FigureIDs(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

func (h *Handler) figures(w http.ResponseWriter, r *http.Request) error {
	qv := r.URL.Query()
	q, err := h.svc.Figures.ParseFigureQuery(qv.Get("from"), qv.Get("to"), qv.Get("group"))
	if err != nil {
		return err
	}
	ids := FigureIDs(qv["id"])
	for _, id := range ids {
		if _, ok := service.FigureDefByID(id); !ok {
			return model.Problems{"id": (&service.FigureNotFoundError{ID: model.CleanLine(id, 60)}).Error()}
		}
	}
	figs, err := h.svc.Figures.Compute(r.Context(), service.ViewerFrom(r.Context()), q, ids...)
	if err != nil {
		return err
	}
	out := figuresJSON{From: q.From.String(), To: q.To.String(), Group: q.Group, Items: make([]figureJSON, len(figs))}
	for i, f := range figs {
		out.Items[i] = figureOut(f)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) figureRecords(w http.ResponseWriter, r *http.Request) error {
	qv := r.URL.Query()
	q, err := h.svc.Figures.ParseFigureQuery(qv.Get("from"), qv.Get("to"), qv.Get("group"))
	if err != nil {
		return err
	}
	fr, err := h.svc.Figures.Records(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("id"), q)
	if err != nil {
		return err
	}
	out := figureRecordsJSON{From: q.From.String(), To: q.To.String(), Group: q.Group, Figure: figureOut(fr.Figure), Records: make([]figureRecordJSON, len(fr.Records))}
	for i, rec := range fr.Records {
		out.Records[i] = figureRecordOut(rec)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
