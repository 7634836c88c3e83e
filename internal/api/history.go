package api

import (
	"encoding/base64"
	"mime"
	"net/http"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// Recorded history on the wire (issue 16): national reports, the dated
// facts of records with their sources, and the Committee's decisions
// between conflicting sources.

// datingJSON is a dated step of a record with its provenance.
type datingJSON struct {
	Fact       string     `json:"fact" enum:"FactNames"`
	Submission int        `json:"submission,omitempty" doc:"for submitted: the submission's number"`
	Date       string     `json:"date" doc:"the date in force"`
	Recorded   bool       `json:"recorded" doc:"true: recorded from the past with its source; false: dated by napx as the step was taken"`
	Source     string     `json:"source" doc:"the document that says so"`
	SourceURL  string     `json:"source_url"`
	RecordedAt *time.Time `json:"recorded_at" doc:"when the date was entered in napx (never the date itself)"`
	RecordedBy string     `json:"recorded_by"`
	Disputed   bool       `json:"disputed" doc:"sources disagree on this date; the Committee has not decided"`
	Resolved   bool       `json:"resolved" doc:"the Committee decided between disagreeing sources"`
	FactID     int64      `json:"fact_id" doc:"every claim about this date: GET /api/v1/facts/{fact_id}"`
}

// datingOut is the wire form of a fact beside its record; nil when the
// step has no fact (taken before napx kept sources).
func datingOut(d service.Dating, submission int) *datingJSON {
	if d.ID == 0 {
		return nil
	}
	c := d.InForce
	return &datingJSON{Fact: d.Fact.Fact, Submission: submission, Date: d.Value.String(), Recorded: c.Recorded, Source: c.Source.Title,
		SourceURL: c.Source.URL, RecordedAt: timePtr(c.RecordedAt), RecordedBy: c.RecordedBy, Disputed: d.Disputed, Resolved: d.Resolved, FactID: d.ID}
}

// claimJSON is one entry of a fact's history.
type claimJSON struct {
	ID            int64     `json:"id"`
	Entry         string    `json:"entry" enum:"ClaimEntries" doc:"claim: a source's date; resolution: the Committee's decision"`
	Date          string    `json:"date"`
	Recorded      bool      `json:"recorded"`
	Source        string    `json:"source"`
	SourceURL     string    `json:"source_url"`
	Reason        string    `json:"reason,omitempty" doc:"a resolution's reason"`
	RecordedAt    time.Time `json:"recorded_at" doc:"when it was entered in napx"`
	RecordedBy    string    `json:"recorded_by"`
	RecordedByOrg string    `json:"recorded_by_org"`
}

// factJSON is a fact with every claim made about it.
type factJSON struct {
	ID         int64       `json:"id"`
	State      string      `json:"state"`
	StateName  string      `json:"state_name"`
	Kind       string      `json:"kind" enum:"FactKinds" doc:"the kind of record the fact belongs to"`
	RecordID   int64       `json:"record_id"`
	PlanID     *int64      `json:"plan_id" doc:"the plan, for a plan's or a submission's fact"`
	Edition    *int        `json:"edition" doc:"the matrix edition's number, for an approval"`
	Subject    string      `json:"subject" doc:"what the fact is about, in words"`
	Fact       string      `json:"fact" enum:"FactNames"`
	Date       string      `json:"date" doc:"the date in force"`
	Disputed   bool        `json:"disputed"`
	Resolved   bool        `json:"resolved"`
	CanClaim   bool        `json:"can_claim" doc:"you may record another source"`
	CanResolve bool        `json:"can_resolve" doc:"you may decide between the sources (the 1540 Committee)"`
	Version    int64       `json:"version" doc:"send it back with a resolution"`
	Claims     []claimJSON `json:"claims" doc:"oldest first: every source's date, and the Committee's decisions"`
}

func factOut(f service.FactView) factJSON {
	out := factJSON{ID: f.ID, State: f.Owner, StateName: f.StateName, Kind: f.Kind, RecordID: f.RecordID, Subject: f.Subject, Fact: f.Fact.Fact,
		Date: f.Value.String(), Disputed: f.Disputed, Resolved: f.Resolved, CanClaim: f.CanClaim, CanResolve: f.CanResolve, Version: f.Version,
		Claims: make([]claimJSON, len(f.Claims))}
	if f.PlanID != 0 {
		id := f.PlanID
		out.PlanID = &id
	}
	if f.Edition != 0 {
		n := f.Edition
		out.Edition = &n
	}
	for i, c := range f.Claims {
		out.Claims[i] = claimJSON{ID: c.ID, Entry: c.Entry, Date: c.Value.String(), Recorded: c.Recorded, Source: c.Source.Title, SourceURL: c.Source.URL,
			Reason: c.Reason, RecordedAt: c.RecordedAt, RecordedBy: c.RecordedBy, RecordedByOrg: c.RecordedByOrg}
	}
	return out
}

// claimIn is another source for a fact.
type claimIn struct {
	Date      string `json:"date" doc:"the date the source gives, YYYY-MM-DD"`
	Source    string `json:"source" doc:"the document that gives it (required)"`
	SourceURL string `json:"source_url" doc:"a link to it"`
}

// resolutionIn is the Committee's decision on a disputed fact.
type resolutionIn struct {
	Date    string `json:"date" doc:"the date in force: one of the dates the sources give"`
	Reason  string `json:"reason" doc:"why (required; kept with the decision)"`
	Version int64  `json:"version" doc:"the fact's version you read"`
}

// reportJSON is a national report.
type reportJSON struct {
	ID           int64         `json:"id"`
	State        string        `json:"state"`
	StateName    string        `json:"state_name"`
	Type         string        `json:"type" enum:"ReportTypes"`
	TypeLabel    string        `json:"type_label"`
	Title        string        `json:"title"`
	Date         string        `json:"date" doc:"the report's date in force (see provenance)"`
	DateDisputed bool          `json:"date_disputed" doc:"sources disagree on the date"`
	Language     string        `json:"language" enum:"ReportLanguages"`
	Symbol       string        `json:"symbol" doc:"the official UN document symbol"`
	URL          string        `json:"url" doc:"where the document is published"`
	Pages        int           `json:"pages" doc:"0: not known"`
	Document     *documentJSON `json:"document" doc:"the stored document (GET /api/v1/reports/{id}/document), or null"`
	Source       string        `json:"source" doc:"where the record comes from, when not the document itself"`
	SourceURL    string        `json:"source_url"`
	Visibility   string        `json:"visibility" enum:"Visibilities"`
	Provenance   *datingJSON   `json:"provenance" doc:"the date's source and whether it is disputed"`
	Illustrative bool          `json:"illustrative"`
	CreatedAt    time.Time     `json:"created_at"`
	CreatedBy    string        `json:"created_by"`
	UpdatedAt    time.Time     `json:"updated_at"`
	Version      int64         `json:"version"`
}

type documentJSON struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

func reportOut(r service.ReportView) reportJSON {
	out := reportJSON{ID: r.ID, State: r.State, StateName: r.StateName, Type: string(r.Type), TypeLabel: r.Type.Label(), Title: r.Title,
		Date: r.Date.String(), DateDisputed: r.DateDisputed, Language: r.Language, Symbol: r.Symbol, URL: r.URL, Pages: r.Pages,
		Source: r.Source.Title, SourceURL: r.Source.URL, Visibility: string(r.Visibility), Provenance: datingOut(r.Dated, 0),
		Illustrative: r.Illustrative, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt, Version: r.Version}
	if !r.Document.IsZero() {
		out.Document = &documentJSON{Filename: r.Document.Filename, ContentType: r.Document.ContentType, Size: r.Document.Size, SHA256: r.Document.SHA256}
	}
	return out
}

// reportIn is a new report or a change to one (PATCH: fields left out
// keep their values).
type reportIn struct {
	Type       *string      `json:"type" enum:"ReportTypes"`
	Title      *string      `json:"title"`
	Date       *string      `json:"date" doc:"POST: the report's date, YYYY-MM-DD (not in the future, not before 28 April 2004 nor the State's UN membership); not changed by PATCH"`
	Language   *string      `json:"language" enum:"ReportLanguages"`
	Symbol     *string      `json:"symbol"`
	URL        *string      `json:"url"`
	Pages      *looseString `json:"pages"`
	Visibility *string      `json:"visibility" doc:"default public"`
	Source     *string      `json:"source"`
	SourceURL  *string      `json:"source_url"`
	Document   *documentIn  `json:"document" doc:"the report itself, replacing any stored one"`
	Version    int64        `json:"version" doc:"PATCH: the version you read"`
}

// documentIn is a file sent in JSON.
type documentIn struct {
	Filename string `json:"filename"`
	Content  string `json:"content_base64" doc:"the file, base64 (standard encoding)"`
}

func (in reportIn) input() (model.NationalReportInput, error) {
	out := model.NationalReportInput{Type: in.Type, Title: in.Title, Date: in.Date, Language: in.Language, Symbol: in.Symbol, URL: in.URL,
		Pages: in.Pages.ptr(), Visibility: in.Visibility, Source: in.Source, SourceURL: in.SourceURL, Version: in.Version}
	if in.Document != nil {
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(in.Document.Content))
		if err != nil {
			return out, model.Problems{"document.content_base64": "is not base64 (standard encoding)"}
		}
		if len(b) == 0 {
			return out, model.Problems{"document.content_base64": "the file is empty"}
		}
		out.Filename, out.Content = in.Document.Filename, b
	}
	return out, nil
}

// reportBodyLimit fits the largest document, base64, with the record.
const reportBodyLimit = model.MaxReportBytes/3*4 + 1<<20

func (h *Handler) registerHistory(rt *httpx.Router) {
	stateParam := httpx.Param{Name: "code", In: "path", Required: true, Description: "the State's alpha-3 code", Schema: httpx.Schema{"type": "string"}}
	id := httpx.Param{Name: "id", In: "path", Required: true, Schema: httpx.Schema{"type": "integer"}}
	rt.Handle("GET", Prefix+"/states/{code}/reports", h.wrap(h.listReports), httpx.Doc(httpx.Op{
		ID: "listReports", Tag: "history", Public: true, Summary: "A State's national reports to the 1540 Committee, in the order of their dates",
		Params: []httpx.Param{stateParam}, Responses: map[int]httpx.Answer{200: {Description: "the reports you may read", Schema: listOf("NationalReport")}},
	}))
	rt.Handle("POST", Prefix+"/states/{code}/reports", h.wrap(h.createReport), httpx.BodyLimit(reportBodyLimit), httpx.Doc(httpx.Op{
		ID: "createReport", Tag: "history", Summary: "Record a national report (the State's editors; the Committee level for what the Committee received)",
		Description: "The report needs its document: the file (`document`), its official symbol or a link. Its date is recorded history: not in the future, " +
			"not before 28 April 2004 nor before the State's UN membership.",
		Params: []httpx.Param{stateParam}, Request: ref("NationalReportInput"),
		Responses: map[int]httpx.Answer{201: {Description: "the new report", Schema: ref("NationalReport")}},
	}))
	rt.Handle("GET", Prefix+"/reports/{id}", h.wrap(h.showReport), httpx.Doc(httpx.Op{
		ID: "getReport", Tag: "history", Public: true, Summary: "One national report, with its date's provenance",
		Params: []httpx.Param{id}, Responses: map[int]httpx.Answer{200: {Description: "the report", Schema: ref("NationalReport")}},
	}))
	rt.Handle("PATCH", Prefix+"/reports/{id}", h.wrap(h.updateReport), httpx.BodyLimit(reportBodyLimit), httpx.Doc(httpx.Op{
		ID: "updateReport", Tag: "history", Summary: "Change a national report (send the version you read)",
		Description: "The date is recorded history and is not changed here: record a source that gives another date on the date's fact (POST /api/v1/facts/{id}/claims).",
		Params:      []httpx.Param{id}, Request: ref("NationalReportInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the report", Schema: ref("NationalReport")}},
	}))
	rt.Handle("GET", Prefix+"/reports/{id}/document", h.wrap(h.reportDocument), httpx.Doc(httpx.Op{
		ID: "getReportDocument", Tag: "history", Public: true, Summary: "A national report's stored document",
		Params: []httpx.Param{id}, Responses: map[int]httpx.Answer{200: {Description: "the file, as an attachment (its media type by its name)",
			Schema: httpx.Schema{"type": "string", "format": "binary"}, ContentType: "application/octet-stream"}},
	}))
	rt.Handle("GET", Prefix+"/facts/{id}", h.wrap(h.showFact), httpx.Doc(httpx.Op{
		ID: "getFact", Tag: "history", Public: true, Summary: "A dated fact with every claim about it: each source's date and the Committee's decisions",
		Params: []httpx.Param{id}, Responses: map[int]httpx.Answer{200: {Description: "the fact", Schema: ref("Fact")}},
	}))
	rt.Handle("POST", Prefix+"/facts/{id}/claims", h.wrap(h.addClaim), httpx.Doc(httpx.Op{
		ID: "addClaim", Tag: "history", Summary: "Record another source for a dated fact (the State's editors; the Committee level)",
		Description: "A source that gives another date than the one in force makes the fact disputed, shown so everywhere, until the 1540 Committee decides.",
		Params:      []httpx.Param{id}, Request: ref("ClaimInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the fact", Schema: ref("Fact")}},
	}))
	rt.Handle("POST", Prefix+"/facts/{id}/resolve", h.wrap(h.resolveFact), httpx.Doc(httpx.Op{
		ID: "resolveFact", Tag: "history", Summary: "Decide a disputed fact with a reason (the 1540 Committee)",
		Description: "The date must be one the sources give; the decision is kept beside the claims, which all stay.",
		Params:      []httpx.Param{id}, Request: ref("ResolutionInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the fact", Schema: ref("Fact")}},
	}))
	rt.Handle("GET", Prefix+"/disputes", h.wrap(h.listDisputes), httpx.Doc(httpx.Op{
		ID: "listDisputes", Tag: "history", Public: true, Summary: "Dated facts whose sources disagree, awaiting the Committee's decision",
		Params:    []httpx.Param{{Name: "state", In: "query", Description: "a State's alpha-3 code"}},
		Responses: map[int]httpx.Answer{200: {Description: "the disputed facts you may read", Schema: listOf("Fact")}},
	}))
}

func (h *Handler) listReports(w http.ResponseWriter, r *http.Request) error {
	rs, err := h.svc.Reports.List(r.Context(), service.ViewerFrom(r.Context()), strings.ToUpper(r.PathValue("code")))
	if err != nil {
		return err
	}
	items := make([]reportJSON, len(rs))
	for i, x := range rs {
		items[i] = reportOut(x)
	}
	return writePage(w, r, items, func(x reportJSON) string { return x.Date + "/" + byID(x.ID) })
}

func (h *Handler) createReport(w http.ResponseWriter, r *http.Request) error {
	var in reportIn
	if err := decode(r, &in); err != nil {
		return err
	}
	mi, err := in.input()
	if err != nil {
		return err
	}
	return answer(w, http.StatusCreated, reportOut)(h.svc.Reports.Create(r.Context(), service.ViewerFrom(r.Context()), strings.ToUpper(r.PathValue("code")), mi))
}

func (h *Handler) showReport(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, reportOut)(h.svc.Reports.Get(r.Context(), service.ViewerFrom(r.Context()), id[0]))
}

func (h *Handler) updateReport(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, reportIn.input)
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, reportOut)(h.svc.Reports.Update(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) reportDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	d, b, err := h.svc.Reports.Document(r.Context(), service.ViewerFrom(r.Context()), id[0])
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", d.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Filename}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Security-Policy", "sandbox")
	_, _ = w.Write(b) // #nosec G705 -- an attachment with an explicit document type, nosniff and a sandboxing CSP
	return nil
}

func (h *Handler) showFact(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, factOut)(h.svc.History.Fact(r.Context(), service.ViewerFrom(r.Context()), id[0]))
}

func (h *Handler) addClaim(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, plain(func(c claimIn) model.ClaimInput {
		return model.ClaimInput{Date: c.Date, Source: c.Source, SourceURL: c.SourceURL}
	}))
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, factOut)(h.svc.History.AddClaim(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) resolveFact(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, plain(func(c resolutionIn) model.ResolutionInput {
		return model.ResolutionInput{Date: c.Date, Reason: c.Reason, Version: c.Version}
	}))
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, factOut)(h.svc.History.Resolve(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) listDisputes(w http.ResponseWriter, r *http.Request) error {
	fs, err := h.svc.History.Disputed(r.Context(), service.ViewerFrom(r.Context()), strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("state"))))
	if err != nil {
		return err
	}
	items := make([]factJSON, len(fs))
	for i, f := range fs {
		items[i] = factOut(f)
	}
	return writePage(w, r, items, func(f factJSON) string { return byID(f.ID) })
}
