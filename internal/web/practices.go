package web

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// attachmentUploadLimit is the body limit of the attachment form.
const attachmentUploadLimit = model.MaxAttachmentBytes + 1<<20

func (h *Handler) registerPractices(rt *httpx.Router) {
	rt.Handle("GET", "/practices", h.wrap(h.listPractices))
	rt.Handle("GET", "/practices/new", h.wrap(h.newPractice))
	rt.Handle("POST", "/practices", h.wrap(h.createPractice))
	rt.Handle("GET", "/practices/{id}", h.wrap(h.showPractice))
	rt.Handle("GET", "/practices/{id}/edit", h.wrap(h.editPractice))
	rt.Handle("POST", "/practices/{id}", h.wrap(h.updatePractice))
	for _, s := range model.PracticeSteps {
		if s == model.PracticeStepPublish {
			continue // confirmed on its page: confirm_acts.go
		}
		rt.Handle("POST", "/practices/{id}/"+string(s), h.wrap(h.practiceStep(s)))
	}
	rt.Handle("POST", "/practices/{id}/files", h.wrap(h.attachFile), httpx.BodyLimit(attachmentUploadLimit))
	rt.Handle("GET", "/practices/{id}/files/{fid}", h.wrap(h.downloadFile))
	rt.Handle("POST", "/practices/{id}/files/{fid}/delete", h.wrap(h.deleteFile))
	rt.Handle("POST", "/events/{id}/lessons/{lid}/practice", h.wrap(h.lessonToPractice))
	rt.Handle("GET", "/search", h.wrap(h.searchPage))
}

// practiceFuncs are the template functions of the practice and search
// pages.
var practiceFuncs = template.FuncMap{
	"trusted": trustedHTML,
	"snippet": snippetHTML,
	"cursorAt": func(q string, offset int) string {
		v, _ := url.ParseQuery(q)
		return pageLink(v, offset)
	},
}

var practiceFlash = map[string]string{
	"practice-created":     "The draft practice was saved.",
	"practice-saved":       "The practice was saved.",
	"practice-submit":      "The practice was submitted for review. The reviewers were told.",
	"practice-verify":      "The practice was verified. Its owner was told.",
	"practice-return":      "The practice was returned to its owner with your reasons.",
	"practice-publish":     "The practice was published.",
	"file-attached":        "The file was attached.",
	"file-removed":         "The file was removed.",
	"practice-from-lesson": "The lesson is now a draft practice: complete it and submit it for review.",
}

type practicesPage struct {
	Base
	Practices []service.PracticeView
	Kinds     []model.PracticeKind
	Statuses  []model.PracticeStatus
	Kind      string
	Status    string
	Tag       string
	CanCreate bool
	Next      string // the next page's address
}

// practicesPerPage is the length of a page of the practice list.
const practicesPerPage = 50

func (h *Handler) listPractices(w http.ResponseWriter, r *http.Request) error {
	v, q := service.ViewerFrom(r.Context()), r.URL.Query()
	p := &practicesPage{Kinds: model.PracticeKinds, Statuses: model.PracticeStatuses, Kind: q.Get("kind"), Status: q.Get("status"),
		Tag: strings.TrimSpace(q.Get("tag")), CanCreate: h.svc.Practices.CanCreate(v)}
	p.Title, p.Section = h.printer(r).T("practices.title"), "practices"
	f := model.PracticeFilter{Kind: model.PracticeKind(p.Kind), Status: model.PracticeStatus(p.Status), Tag: p.Tag, Limit: practicesPerPage + 1}
	if f.Kind != "" && !f.Kind.Valid() {
		p.Problems = model.Problems{"kind": "choose a kind from the list"}
	}
	if f.Status != "" && !f.Status.Valid() {
		p.Problems = model.Problems{"status": "choose a status from the list"}
	}
	if a := q.Get("after"); a != "" {
		n, err := strconv.ParseInt(a, 10, 64)
		if err != nil || n <= 0 {
			p.Problems = model.Problems{"after": "start again from the first page"}
		}
		f.After = n
	}
	if len(p.Problems) > 0 {
		return h.render(w, r, http.StatusUnprocessableEntity, "practices", p)
	}
	ps, err := h.svc.Practices.List(r.Context(), v, f)
	if err != nil {
		return err
	}
	if len(ps) > practicesPerPage {
		ps = ps[:practicesPerPage]
		q.Set("after", strconv.FormatInt(ps[len(ps)-1].ID, 10))
		p.Next = "/practices?" + q.Encode()
	}
	p.Practices = ps
	return h.render(w, r, http.StatusOK, "practices", p)
}

type practicePage struct {
	Base
	P       service.PracticeView
	D       service.PracticeDetails
	Body    any // template.HTML of the sanitised body
	Reason  string
	CanFile bool
	// Who reads the practice now and once published, in the third person
	// (audience).
	Readers, ReadersPublished string
}

func (h *Handler) showPractice(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	return h.renderPractice(w, r, id, http.StatusOK, nil, "")
}

func (h *Handler) renderPractice(w http.ResponseWriter, r *http.Request, id int64, status int, probs model.Problems, reason string) error {
	v := service.ViewerFrom(r.Context())
	pv, err := h.svc.Practices.Get(r.Context(), v, id)
	if err != nil {
		return err
	}
	d, err := h.svc.Practices.Details(r.Context(), v, pv)
	if err != nil {
		return err
	}
	p := &practicePage{P: pv, D: d, Body: trustedHTML(pv.HTML), Reason: reason, CanFile: pv.CanEdit}
	p.Title, p.Section, p.Problems = pv.Title, "practices", probs
	if err := h.recordTexts(r, &p.Base, "practice", id, textPtrs{"title": &p.P.Title}); err != nil {
		return err
	}
	p.Body = translatedBody(&p.Base, pv.HTML)
	p.FlashOn = FlashOn{Record: p.P.Title}
	p.Readers = h.audience(r, pv.Visibility, pv.Owner, pv.SharedWith)
	p.ReadersPublished = h.audience(r, pv.Audience, pv.Owner, pv.SharedWith)
	return h.render(w, r, status, "practice", p)
}

// practiceForm is the form's values as text.
type practiceForm struct {
	Kind, Title, Body, Submitter, Date, Tags, Phase, Languages, SourceEvent, Related, Actions, Audience, SharedWith string
	Version                                                                                                         int64
	SourceEventTitle                                                                                                string // the event picker (issue 18, item 3)
	TextLanguage                                                                                                    string // the language of its texts (issue 17)
}

func practiceFormOf(in model.PracticeInput) practiceForm {
	join := func(ids []int64) string {
		var s []string
		for _, id := range ids {
			s = append(s, strconv.FormatInt(id, 10))
		}
		return strings.Join(s, ", ")
	}
	f := practiceForm{Kind: in.Kind, Title: in.Title, Body: in.Body, Submitter: in.Submitter, Date: in.Date, Tags: strings.Join(in.Tags, ", "),
		Phase: in.Phase, Languages: strings.Join(in.Languages, ", "), Related: join(in.Related), Actions: join(in.Actions),
		Audience: in.Audience, SharedWith: strings.Join(in.SharedWith, ", "), Version: in.Version}
	if in.SourceEvent != 0 {
		f.SourceEvent = strconv.FormatInt(in.SourceEvent, 10)
	}
	return f
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == ';' }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// input reads the form; numbers that are not numbers are problems.
func (f practiceForm) input() (model.PracticeInput, model.Problems) {
	p := model.Problems{}
	ids := func(field, s string) []int64 {
		var out []int64
		for _, x := range splitList(s) {
			n, err := strconv.ParseInt(strings.TrimPrefix(x, "#"), 10, 64)
			if err != nil {
				p.Add(field, "%q is not a record number", model.CleanLine(x, 20))
				continue
			}
			out = append(out, n)
		}
		return out
	}
	in := model.PracticeInput{Kind: f.Kind, Title: f.Title, Body: f.Body, Submitter: f.Submitter, Date: f.Date, Tags: splitList(f.Tags), Phase: f.Phase,
		Languages: splitList(f.Languages), Related: ids("related", f.Related), Actions: ids("nap_actions", f.Actions), Audience: f.Audience,
		SharedWith: splitList(f.SharedWith), Version: f.Version, Language: f.TextLanguage}
	if s := strings.TrimSpace(f.SourceEvent); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			p.Add("source_event", "enter the event's number")
		}
		in.SourceEvent = n
	}
	return in, p
}

func practiceFormFrom(r *http.Request) practiceForm {
	g := r.PostFormValue
	return practiceForm{Kind: g("kind"), Title: g("title"), Body: g("body"), Submitter: g("submitter"), Date: g("date"), Tags: practiceTagsOf(r), Phase: g("phase"),
		Languages: g("languages"), SourceEvent: g("source_event"), Related: pickedIDs(r, "related_practice", "related"), Actions: pickedIDs(r, "nap_action", "nap_actions"),
		Audience: g("audience"), SharedWith: practiceSharedOf(r), Version: formVersion(r), SourceEventTitle: g("source_event_title"), TextLanguage: *formLanguage(r)}
}

// practicePicked reads the pickers: the submitter chosen by name, the
// source event by title among the events the reader may read.
func (h *Handler) practicePicked(r *http.Request, f *practiceForm) model.Problems {
	f.Submitter = pickedCode(h.svc.Directory.Catalog(), f.Submitter)
	s := strings.TrimSpace(f.SourceEventTitle)
	if s == "" {
		return nil
	}
	events, err := h.eventChoices(r)
	if err != nil {
		return model.Problems{"source_event": "the events could not be read; try again"}
	}
	id, ok := events.resolve(s)
	if !ok {
		return model.Problems{"source_event": fmt.Sprintf("no event you may read is called %q; choose one from the list", model.CleanLine(s, 200))}
	}
	f.SourceEvent = strconv.FormatInt(id, 10)
	return nil
}

type practiceFormPage struct {
	Base
	ID           int64
	Input        practiceForm
	Kinds        []model.PracticeKind
	Phases       []model.NAPPhase
	Visibilities []model.Visibility
	Current      *service.PracticeView
	Delegations  []pick // the submitter picker
	Events       []pick // the source event picker
	Pickers      practicePickers
}

func (h *Handler) practiceFormPage(r *http.Request, id int64, f practiceForm) (*practiceFormPage, error) {
	p := &practiceFormPage{ID: id, Input: f, Kinds: model.PracticeKinds, Phases: model.NAPPhases, Visibilities: model.Visibilities}
	p.Section = "practices"
	pr := h.printer(r)
	p.Title = pr.T("practiceform.new")
	if id != 0 {
		p.Title = pr.T("practiceform.edit")
	}
	cat := h.svc.Directory.Catalog()
	p.Delegations = delegationPicks(cat, pr.Lang().Code)
	p.Input.Submitter = delegationLabel(cat, pr.Lang().Code, pickedCode(cat, f.Submitter))
	if events, err := h.eventChoices(r); err == nil {
		p.Events = events.Picks
		if n, err := strconv.ParseInt(strings.TrimSpace(f.SourceEvent), 10, 64); err == nil && p.Input.SourceEventTitle == "" {
			p.Input.SourceEventTitle = events.label(n)
		}
	}
	if err := h.fillPracticePickers(r, p, r.Method == http.MethodPost && r.PostFormValue("add_tag") != ""); err != nil {
		return nil, err
	}
	probs, err := h.fillPracticeLinks(r, p)
	if len(probs) > 0 {
		p.Problems = probs
	}
	return p, err
}

// reshownStatus is the status of a form shown again: 200, or 422 when the
// words looked for were refused.
func reshownStatus(b Base) int {
	if len(b.Problems) > 0 {
		return http.StatusUnprocessableEntity
	}
	return http.StatusOK
}

func (h *Handler) newPractice(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if !h.svc.Practices.CanCreate(v) {
		return model.ErrForbidden
	}
	page, err := h.practiceFormPage(r, 0, practiceForm{Kind: "practice", Submitter: v.Org(), Audience: "public", TextLanguage: newTextLanguage(r)})
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "practice_form", page)
}

func (h *Handler) createPractice(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	f := practiceFormFrom(r)
	picked := h.practicePicked(r, &f)
	if practiceReshown(r) { // "Add another tag", "Find": the form again, nothing saved
		if !h.svc.Practices.CanCreate(v) {
			return model.ErrForbidden
		}
		page, err := h.practiceFormPage(r, 0, f)
		if err != nil {
			return err
		}
		return h.render(w, r, reshownStatus(page.Base), "practice_form", page)
	}
	in, probs := f.input()
	maps.Copy(probs, picked)
	var pv service.PracticeView
	if len(probs) == 0 {
		pv, err = h.svc.Practices.Create(r.Context(), v, service.Given(in))
	} else {
		err = probs
	}
	if p, ok := model.AsProblems(err); ok {
		page, perr := h.practiceFormPage(r, 0, f)
		if perr != nil {
			return perr
		}
		page.Problems = languageField(p)
		return h.render(w, r, http.StatusUnprocessableEntity, "practice_form", page)
	}
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/practices/%d?done=practice-created", pv.ID), http.StatusSeeOther)
	return nil
}

func (h *Handler) editPractice(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	pv, err := h.svc.Practices.GetForEdit(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	f := practiceFormOf(pv.Input())
	if f.TextLanguage, err = h.recordLanguage(r, "practice", id); err != nil {
		return err
	}
	page, err := h.practiceFormPage(r, id, f)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "practice_form", page)
}

func (h *Handler) updatePractice(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	f := practiceFormFrom(r)
	picked := h.practicePicked(r, &f)
	if practiceReshown(r) {
		if _, err := h.svc.Practices.GetForEdit(r.Context(), v, id); err != nil {
			return err
		}
		page, err := h.practiceFormPage(r, id, f)
		if err != nil {
			return err
		}
		return h.render(w, r, reshownStatus(page.Base), "practice_form", page)
	}
	// The form holds every field: what it sends replaces the record's.
	input := func(model.PracticeInput) (model.PracticeInput, error) {
		in, probs := f.input()
		maps.Copy(probs, picked)
		if len(probs) > 0 {
			return in, probs
		}
		return in, nil
	}
	_, err = h.svc.Practices.Update(r.Context(), v, id, input)
	var conflict *model.ConflictError
	switch {
	case errors.As(err, &conflict):
		page, perr := h.practiceFormPage(r, id, f)
		if perr != nil {
			return perr
		}
		if cur, ok := conflict.Current.(service.PracticeView); ok {
			page.Current = &cur
			page.Input.Version = cur.Version
		}
		return h.render(w, r, http.StatusConflict, "practice_form", page)
	case err != nil:
		if p, ok := model.AsProblems(err); ok {
			page, perr := h.practiceFormPage(r, id, f)
			if perr != nil {
				return perr
			}
			page.Problems = languageField(p)
			return h.render(w, r, http.StatusUnprocessableEntity, "practice_form", page)
		}
		return err
	}
	redirect(w, r, fmt.Sprintf("/practices/%d?done=practice-saved", id), http.StatusSeeOther)
	return nil
}

func (h *Handler) practiceStep(step model.PracticeStep) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		reason := r.PostFormValue("reason")
		_, err = h.svc.Practices.Step(r.Context(), service.ViewerFrom(r.Context()), id, step, service.Given(model.PracticeReturn{Reason: reason}))
		if p, ok := model.AsProblems(err); ok {
			return h.renderPractice(w, r, id, http.StatusUnprocessableEntity, p, reason)
		}
		if err != nil {
			return err
		}
		redirect(w, r, fmt.Sprintf("/practices/%d?done=practice-%s", id, step), http.StatusSeeOther)
		return nil
	}
}

func (h *Handler) attachFile(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	in := model.PracticeAttachmentInput{}
	if file, hdr, ferr := r.FormFile("file"); ferr == nil {
		defer file.Close()
		b, err := io.ReadAll(io.LimitReader(file, model.MaxAttachmentBytes+1))
		if err != nil {
			return err
		}
		in.Filename, in.ContentType, in.Content = hdr.Filename, hdr.Header.Get("Content-Type"), b
	}
	_, err = h.svc.Practices.Attach(r.Context(), v, id, service.Given(in))
	if p, ok := model.AsProblems(err); ok {
		return h.renderPractice(w, r, id, http.StatusUnprocessableEntity, p, "")
	}
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/practices/%d?done=file-attached#files", id), http.StatusSeeOther)
	return nil
}

func (h *Handler) downloadFile(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	fid, err := httpx.PathID(r, "fid")
	if err != nil {
		return err
	}
	a, err := h.svc.Practices.Attachment(r.Context(), service.ViewerFrom(r.Context()), id, fid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	sendFile(w, a.ContentType, a.Filename, a.Content)
	return nil
}

func (h *Handler) deleteFile(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	fid, err := httpx.PathID(r, "fid")
	if err != nil {
		return err
	}
	err = h.svc.Practices.DeleteAttachment(r.Context(), service.ViewerFrom(r.Context()), id, fid)
	if p, ok := model.AsProblems(err); ok {
		return h.renderPractice(w, r, id, http.StatusUnprocessableEntity, p, "")
	}
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/practices/%d?done=file-removed#files", id), http.StatusSeeOther)
	return nil
}

func (h *Handler) lessonToPractice(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	lid, err := httpx.PathID(r, "lid")
	if err != nil {
		return err
	}
	pv, _, err := h.svc.Practices.FromLesson(r.Context(), service.ViewerFrom(r.Context()), id, lid)
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/practices/%d?done=practice-from-lesson", pv.ID), http.StatusSeeOther)
	return nil
}

// searchPage is the one search: a box, facets, hits.
type searchPage struct {
	Base
	Q       model.SearchQuery
	Result  model.SearchResult
	Kinds   []model.SearchKind
	Next    string
	Prev    string
	Year    string
	Offered bool // a search was asked (the page was opened with a query)
}

func (h *Handler) searchPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	sq, probs := service.ParseSearchQuery(q)
	p := &searchPage{Q: sq, Kinds: model.SearchKinds, Offered: len(q) > 0}
	p.Title, p.Section = h.printer(r).T("search.title"), "search"
	if sq.Year != 0 {
		p.Year = strconv.Itoa(sq.Year)
	}
	status := http.StatusOK
	if len(probs) == 0 {
		res, err := h.svc.Search.Find(r.Context(), service.ViewerFrom(r.Context()), sq)
		if pr, ok := model.AsProblems(err); ok {
			probs = pr
		} else if err != nil {
			return err
		}
		p.Result = res
		p.Q = res.Query
	}
	if len(probs) > 0 {
		p.Problems, status = probs, http.StatusUnprocessableEntity
	}
	if p.Result.More {
		p.Next = pageLink(q, p.Result.Query.Offset+len(p.Result.Hits))
	}
	if p.Result.Query.Offset > 0 {
		p.Prev = pageLink(q, max(0, p.Result.Query.Offset-p.Result.Query.Limit))
	}
	return h.render(w, r, status, "search", p)
}

func pageLink(q url.Values, offset int) string {
	v := url.Values{}
	for k, x := range q {
		v[k] = x
	}
	if offset == 0 {
		v.Del("cursor")
	} else {
		v.Set("cursor", service.SearchCursor(offset))
	}
	return "/search?" + v.Encode()
}

// trustedHTML is the sanitised body of a practice: rendered from Markdown
// and cleaned by bluemonday when it was saved (service.RenderMarkdown).
func trustedHTML(s string) template.HTML {
	return template.HTML(s) // #nosec G203 -- sanitised by bluemonday on write (service.RenderMarkdown); the sanitiser's tests hold hostile inputs
}

// snippetHTML is a search hit's snippet: the record's text escaped, the
// matched words in <mark> (model.SnippetHTML).
func snippetHTML(spans []model.Span) template.HTML {
	return template.HTML(model.SnippetHTML(spans)) // #nosec G203 -- every text escaped by model.SnippetHTML; only napx adds <mark>
}
