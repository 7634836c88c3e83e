package web

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

// The pages of recorded history (issue 16): national reports, a dated
// fact with its sources, and the disputes awaiting the Committee.

// reportUploadLimit is the report form's body limit: the largest document
// and the fields.
const reportUploadLimit = model.MaxReportBytes + 1<<20

func (h *Handler) registerHistory(rt *httpx.Router) {
	rt.Handle("GET", "/states/{code}/reports/new", h.wrap(h.newReport))
	rt.Handle("POST", "/states/{code}/reports", h.wrap(h.createReport), httpx.BodyLimit(reportUploadLimit))
	rt.Handle("GET", "/reports/{id}", h.wrap(h.showReport))
	rt.Handle("GET", "/reports/{id}/edit", h.wrap(h.editReport))
	rt.Handle("POST", "/reports/{id}", h.wrap(h.updateReport), httpx.BodyLimit(reportUploadLimit))
	rt.Handle("GET", "/reports/{id}/document", h.wrap(h.reportDocument))
	rt.Handle("GET", "/facts/{id}", h.wrap(h.showFact))
	rt.Handle("POST", "/facts/{id}/claims", h.wrap(h.addClaim))
	rt.Handle("POST", "/facts/{id}/resolve", h.wrap(h.resolveFact))
	rt.Handle("GET", "/disputes", h.wrap(h.listDisputes))
}

// historyFuncs are the template functions of the history pages.
var historyFuncs = template.FuncMap{
	"languageLabel": model.LanguageLabel,
	"factLabel":     model.FactLabel,
}

// historyFlash holds the confirmations of the history pages.
var historyFlash = map[string]string{
	"report-saved":  "The national report was saved.",
	"claim-saved":   "The source was recorded.",
	"fact-resolved": "The Committee's decision was recorded; every source stays in the history.",
}

type reportFormPage struct {
	Base
	State     *refdata.State
	StateName string // the State's name in the reader's language
	ID        int64
	Input     reportFormInput
	HasFile   string // the stored document's name (a change keeps it unless another is sent)
	Types     []model.ReportType
	Languages []string
	Levels    []model.Visibility
	Current   *service.ReportView
	Conflict  *model.ConflictError
	// LevelNames: each level in the third person (levelNames).
	LevelNames map[model.Visibility]string
}

// reportFormInput is the report form's fields as typed.
type reportFormInput struct {
	Type, Title, Date, Language, Symbol, URL, Pages, Visibility, Source, SourceURL string
	Version                                                                        int64
}

func (in reportFormInput) input() model.NationalReportInput {
	return model.NationalReportInput{Type: &in.Type, Title: &in.Title, Date: &in.Date, Language: &in.Language, Symbol: &in.Symbol, URL: &in.URL,
		Pages: &in.Pages, Visibility: &in.Visibility, Source: &in.Source, SourceURL: &in.SourceURL, Version: in.Version}
}

func reportFormOf(r service.ReportView) reportFormInput {
	return reportFormInput{Type: string(r.Type), Title: r.Title, Date: r.Date.String(), Language: r.Language, Symbol: r.Symbol, URL: r.URL,
		Pages: strconv.Itoa(r.Pages), Visibility: string(r.Visibility), Source: r.Source.Title, SourceURL: r.Source.URL, Version: r.Version}
}

func (h *Handler) reportForm(w http.ResponseWriter, r *http.Request, status int, p *reportFormPage) error {
	p.Types, p.Languages = model.ReportTypes, model.ReportLanguages
	p.Levels = []model.Visibility{model.VisPrivate, model.VisCommittee, model.VisParticipants, model.VisPublic}
	p.StateName = h.orgName(r, p.State.Code)
	p.LevelNames = h.levelNames(r, p.State.Code, p.Levels)
	if pr := h.printer(r); p.ID == 0 {
		p.Title = pr.T("forms2.report.title.new", p.StateName)
	} else {
		p.Title = pr.T("forms2.report.title.change", p.StateName)
	}
	p.Section = "states"
	return h.render(w, r, status, "report_form", p)
}

// reportUpload reads the report form (multipart, within the route's
// limit): the fields and the document, if one was chosen.
func reportUpload(r *http.Request) (reportFormInput, string, []byte, error) {
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) { // #nosec G120 -- the body is bounded by the route's limit (httpx.LimitBodies, MaxBytesReader)
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return reportFormInput{}, "", nil, err
		}
		return reportFormInput{}, "", nil, model.Problems{"file": "the upload could not be read; send the form again"}
	}
	in := reportFormInput{Type: r.PostFormValue("type"), Title: r.PostFormValue("title"), Date: r.PostFormValue("date"), Language: r.PostFormValue("language"),
		Symbol: r.PostFormValue("symbol"), URL: r.PostFormValue("url"), Pages: r.PostFormValue("pages"), Visibility: r.PostFormValue("visibility"),
		Source: r.PostFormValue("source"), SourceURL: r.PostFormValue("source_url"), Version: formVersion(r)}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return in, "", nil, nil
	}
	defer func() { _ = file.Close() }()
	b, err := io.ReadAll(io.LimitReader(file, model.MaxReportBytes+1))
	if err != nil {
		return in, "", nil, model.Problems{"file": "the upload could not be read; send the form again"}
	}
	if len(b) == 0 {
		return in, "", nil, nil
	}
	return in, hdr.Filename, b, nil
}

func (h *Handler) newReport(w http.ResponseWriter, r *http.Request) error {
	s, err := h.svc.Directory.State(r.PathValue("code"))
	if err != nil {
		return err
	}
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if !h.svc.Reports.CanAdd(v, s.Code) {
		return model.ErrForbidden
	}
	return h.reportForm(w, r, http.StatusOK, &reportFormPage{State: s, Input: reportFormInput{Type: "first", Language: "en", Visibility: "public"}})
}

func (h *Handler) createReport(w http.ResponseWriter, r *http.Request) error {
	s, err := h.svc.Directory.State(r.PathValue("code"))
	if err != nil {
		return err
	}
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if !h.svc.Reports.CanAdd(v, s.Code) {
		return model.ErrForbidden
	}
	in, name, content, err := reportUpload(r)
	if err == nil {
		mi := in.input()
		mi.Filename, mi.Content = name, content
		var rv service.ReportView
		rv, err = h.svc.Reports.Create(r.Context(), v, s.Code, mi)
		if err == nil {
			redirect(w, r, fmt.Sprintf("/reports/%d?done=report-saved", rv.ID), http.StatusSeeOther)
			return nil
		}
	}
	if probs, ok := model.AsProblems(err); ok {
		p := &reportFormPage{State: s, Input: in}
		p.Problems = probs
		return h.reportForm(w, r, http.StatusUnprocessableEntity, p)
	}
	return err
}

func (h *Handler) reportByPath(r *http.Request) (service.ReportView, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return service.ReportView{}, err
	}
	return h.svc.Reports.Get(r.Context(), service.ViewerFrom(r.Context()), id)
}

type reportPage struct {
	Base
	Report  service.ReportView
	Readers string // who reads it, in the third person (audience)
}

func (h *Handler) showReport(w http.ResponseWriter, r *http.Request) error {
	rv, err := h.reportByPath(r)
	if err != nil {
		return err
	}
	p := &reportPage{Report: rv}
	pr := h.printer(r)
	p.Report.StateName = h.orgName(r, rv.State)
	name := rv.Title
	if name == "" {
		name = pr.T("reports.name", pr.T("history.rtype."+string(rv.Type)), pr.Date(rv.Date.Time()))
	}
	p.Title, p.Section = name+" — "+p.Report.StateName, "states"
	p.Readers = h.audience(r, rv.Visibility, rv.State, nil)
	p.FlashOn = FlashOn{Record: name, Of: p.Report.StateName}
	return h.render(w, r, http.StatusOK, "report", p)
}

func (h *Handler) editReport(w http.ResponseWriter, r *http.Request) error {
	rv, err := h.reportByPath(r)
	if err != nil {
		return err
	}
	if !rv.CanEdit {
		return model.ErrForbidden
	}
	return h.reportForm(w, r, http.StatusOK, &reportFormPage{State: h.svc.Directory.Catalog().State(rv.State), ID: rv.ID, Input: reportFormOf(rv),
		HasFile: rv.Document.Filename})
}

func (h *Handler) updateReport(w http.ResponseWriter, r *http.Request) error {
	rv, err := h.reportByPath(r)
	if err != nil {
		return err
	}
	s := h.svc.Directory.Catalog().State(rv.State)
	in, name, content, err := reportUpload(r)
	if err == nil {
		mi := in.input()
		mi.Filename, mi.Content = name, content
		_, err = h.svc.Reports.Update(r.Context(), service.ViewerFrom(r.Context()), rv.ID, service.Given(mi))
		if err == nil {
			redirect(w, r, fmt.Sprintf("/reports/%d?done=report-saved", rv.ID), http.StatusSeeOther)
			return nil
		}
	}
	var conflict *model.ConflictError
	if errors.As(err, &conflict) {
		cur, _ := conflict.Current.(service.ReportView)
		p := &reportFormPage{State: s, ID: rv.ID, Input: in, Current: &cur, Conflict: conflict, HasFile: cur.Document.Filename}
		p.Input.Version = cur.Version // saving again overwrites knowingly
		return h.reportForm(w, r, http.StatusConflict, p)
	}
	if probs, ok := model.AsProblems(err); ok {
		p := &reportFormPage{State: s, ID: rv.ID, Input: in, HasFile: rv.Document.Filename}
		p.Problems = probs
		return h.reportForm(w, r, http.StatusUnprocessableEntity, p)
	}
	return err
}

func (h *Handler) reportDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	d, b, err := h.svc.Reports.Document(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Security-Policy", "sandbox")
	sendFile(w, d.ContentType, d.Filename, b)
	return nil
}

type factPage struct {
	Base
	Fact       service.FactView
	SubjectURL string
	Claim      model.ClaimInput
	Resolution model.ResolutionInput
	Values     []model.Date
	Conflict   *model.ConflictError
}

// subjectURL is the page of the record a fact is about.
func subjectURL(f service.FactView) string {
	switch f.Kind {
	case model.FactKindReport:
		return fmt.Sprintf("/reports/%d", f.RecordID)
	case model.FactKindNAP:
		return fmt.Sprintf("/naps/%d", f.PlanID)
	case model.FactKindSubmission:
		return fmt.Sprintf("/naps/%d#submissions", f.PlanID)
	case model.FactKindEdition:
		return fmt.Sprintf("/states/%s/matrix?edition=%d", f.Owner, f.Edition)
	}
	return "/states/" + f.Owner
}

func (h *Handler) factPage(w http.ResponseWriter, r *http.Request, status int, f service.FactView, fill func(*factPage)) error {
	p := &factPage{Fact: f, SubjectURL: subjectURL(f), Values: f.Values()}
	p.Resolution.Version = f.Version
	if fill != nil {
		fill(p)
	}
	pr := h.printer(r)
	p.Title, p.Section = pr.T("facts.title", upperFirst(pr.Say(f.SubjectMsg, h.svc.Directory.Catalog())), pr.T("history.fact."+f.Fact.Fact)), "states"
	p.Fact.StateName = h.orgName(r, f.Owner)
	p.FlashOn = FlashOn{Record: p.Title}
	return h.render(w, r, status, "fact", p)
}

func (h *Handler) factByPath(r *http.Request) (service.FactView, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return service.FactView{}, err
	}
	return h.svc.History.Fact(r.Context(), service.ViewerFrom(r.Context()), id)
}

func (h *Handler) showFact(w http.ResponseWriter, r *http.Request) error {
	f, err := h.factByPath(r)
	if err != nil {
		return err
	}
	return h.factPage(w, r, http.StatusOK, f, nil)
}

func (h *Handler) addClaim(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	in := model.ClaimInput{Date: r.PostFormValue("date"), Source: r.PostFormValue("source"), SourceURL: r.PostFormValue("source_url")}
	_, err = h.svc.History.AddClaim(r.Context(), service.ViewerFrom(r.Context()), id, service.Given(in))
	if probs, ok := model.AsProblems(err); ok {
		f, ferr := h.factByPath(r)
		if ferr != nil {
			return ferr
		}
		return h.factPage(w, r, http.StatusUnprocessableEntity, f, func(p *factPage) { p.Claim, p.Problems = in, probs })
	}
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/facts/%d?done=claim-saved", id), http.StatusSeeOther)
	return nil
}

func (h *Handler) resolveFact(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	in := model.ResolutionInput{Date: r.PostFormValue("date"), Reason: r.PostFormValue("reason"), Version: formVersion(r)}
	_, err = h.svc.History.Resolve(r.Context(), service.ViewerFrom(r.Context()), id, service.Given(in))
	var conflict *model.ConflictError
	switch {
	case errors.As(err, &conflict):
		cur, ok := conflict.Current.(service.FactView)
		if !ok {
			return err
		}
		return h.factPage(w, r, http.StatusConflict, cur, func(p *factPage) { p.Conflict, p.Resolution.Reason = conflict, in.Reason })
	case err != nil:
		if probs, ok := model.AsProblems(err); ok {
			f, ferr := h.factByPath(r)
			if ferr != nil {
				return ferr
			}
			return h.factPage(w, r, http.StatusUnprocessableEntity, f, func(p *factPage) {
				p.Problems, p.Resolution.Date, p.Resolution.Reason = probs, in.Date, in.Reason
			})
		}
		return err
	}
	redirect(w, r, fmt.Sprintf("/facts/%d?done=fact-resolved", id), http.StatusSeeOther)
	return nil
}

type disputesPage struct {
	Base
	State    string
	Facts    []service.FactView
	Subjects map[int64]string
}

func (h *Handler) listDisputes(w http.ResponseWriter, r *http.Request) error {
	state := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("state")))
	fs, err := h.svc.History.Disputed(r.Context(), service.ViewerFrom(r.Context()), state)
	p := &disputesPage{State: state, Facts: fs, Subjects: map[int64]string{}}
	p.Title, p.Section = h.printer(r).T("history.disputes.title"), "states"
	if probs, ok := model.AsProblems(err); ok {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "disputes", p)
	}
	if err != nil {
		return err
	}
	for i, f := range fs {
		p.Subjects[f.ID] = subjectURL(f)
		p.Facts[i].StateName = h.orgName(r, f.Owner) // the State in the reader's language
	}
	return h.render(w, r, http.StatusOK, "disputes", p)
}

// upperFirst is s with its first letter upper case (a title that starts
// with a message written for the middle of a sentence).
func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+utf8.RuneLen(r):]
	}
	return s
}
