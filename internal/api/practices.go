package api

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

type attachmentJSON struct {
	ID          int64     `json:"id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	URL         string    `json:"url" doc:"where the file is downloaded"`
	CreatedAt   time.Time `json:"created_at"`
}

// practiceJSON is a practice as the viewer may see it.
type practiceJSON struct {
	ID            int64            `json:"id"`
	Kind          string           `json:"kind" enum:"PracticeKinds"`
	Title         string           `json:"title"`
	Body          string           `json:"body,omitempty" doc:"the Markdown source (one practice only)"`
	HTML          string           `json:"html,omitempty" doc:"the body rendered and sanitised (one practice only)"`
	Owner         string           `json:"owner" doc:"the organisation that writes it"`
	Submitter     string           `json:"submitter" doc:"the State or organisation whose practice it is"`
	SubmitterName string           `json:"submitter_name"`
	Date          *string          `json:"date"`
	Tags          []string         `json:"tags"`
	Phase         string           `json:"phase" enum:"NAPPhasesOrNone"`
	Languages     []string         `json:"languages"`
	SourceEvent   *int64           `json:"source_event"`
	Related       []int64          `json:"related"`
	NAPActions    []int64          `json:"nap_actions"`
	Status        string           `json:"status" enum:"PracticeStatuses"`
	Audience      string           `json:"audience" enum:"Visibilities"`
	Visibility    string           `json:"visibility" enum:"Visibilities"`
	SharedWith    []string         `json:"shared_with"`
	ReturnReason  string           `json:"return_reason,omitempty" doc:"the reviewers' reasons when they returned it"`
	Attachments   []attachmentJSON `json:"attachments,omitempty"`
	Illustrative  bool             `json:"illustrative"`
	URL           string           `json:"url"`
	CreatedAt     time.Time        `json:"created_at"`
	UpdatedAt     time.Time        `json:"updated_at"`
	Version       int64            `json:"version"`
	// Issue 17: the language it was written in and its translations (one record only).
	Language     string            `json:"language,omitempty" doc:"the language the record was written in (one record only)"`
	Translations []translationJSON `json:"translations,omitempty" doc:"its translations, one per language (one record only)"`
}

func practiceOut(p service.PracticeView) practiceJSON {
	out := practiceJSON{ID: p.ID, Kind: string(p.Kind), Title: p.Title, Owner: p.Owner, Submitter: p.Submitter, SubmitterName: p.SubmitterName,
		Tags: nonNil(p.Tags), Phase: string(p.Phase), Languages: nonNil(p.Languages), Related: nonNilIDs(p.Related), NAPActions: nonNilIDs(p.Actions),
		Status: string(p.Status), Audience: string(p.Audience), Visibility: string(p.Visibility), SharedWith: nonNil(p.SharedWith),
		Illustrative: p.Illustrative, URL: fmt.Sprintf("/practices/%d", p.ID), CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Version: p.Version}
	if !p.Date.IsZero() {
		d := p.Date.String()
		out.Date = &d
	}
	if p.SourceEvent != 0 {
		e := p.SourceEvent
		out.SourceEvent = &e
	}
	if p.CanEdit || p.CanReview {
		out.ReturnReason = p.ReturnReason
	}
	return out
}

func nonNilIDs(s []int64) []int64 {
	if s == nil {
		return []int64{}
	}
	return s
}

// practiceFull is one practice with its body and files.
func (h *Handler) practiceFull(r *http.Request) func(service.PracticeView) (practiceJSON, error) {
	return func(p service.PracticeView) (practiceJSON, error) {
		out := practiceOut(p)
		out.Body, out.HTML = p.Body, p.HTML
		d, err := h.svc.Practices.Details(r.Context(), service.ViewerFrom(r.Context()), p)
		if err != nil {
			return out, err
		}
		out.Attachments = []attachmentJSON{}
		for _, a := range d.Attachments {
			out.Attachments = append(out.Attachments, attachmentJSON{ID: a.ID, Filename: a.Filename, ContentType: a.ContentType, Size: a.Size,
				URL: fmt.Sprintf("/practices/%d/files/%d", p.ID, a.ID), CreatedAt: a.CreatedAt})
		}
		return out, nil
	}
}

func (h *Handler) registerPractices(rt *httpx.Router) {
	id := httpx.Param{Name: "id", In: "path", Required: true, Description: "the practice", Schema: httpx.Schema{"type": "integer"}}
	rt.Handle("GET", Prefix+"/practices", h.wrap(h.listPractices), httpx.Doc(httpx.Op{
		ID: "listPractices", Tag: "practices", Public: true, Summary: "Effective practices and lessons learned you may read, newest first",
		Description: "A draft is its owner's; while under review (submitted, verified) a practice is read at the Committee level; once published, by its audience (public by default).",
		Params: []httpx.Param{{Name: "kind", In: "query", Schema: strEnum(strs(model.PracticeKinds)...)},
			{Name: "status", In: "query", Schema: strEnum(strs(model.PracticeStatuses)...)},
			{Name: "tag", In: "query", Description: "a matrix field, element or area, or an assistance area"},
			{Name: "submitter", In: "query", Description: "a State or organisation code"}},
		Responses: map[int]httpx.Answer{200: {Description: "the practices (without their bodies)", Schema: listOf("Practice")}},
	}))
	rt.Handle("POST", Prefix+"/practices", h.wrap(h.createPractice), httpx.Doc(httpx.Op{
		ID: "createPractice", Tag: "practices", Summary: "Start a draft practice for your organisation (editors and coordinators)",
		Request: ref("PracticeInput"), Responses: map[int]httpx.Answer{201: {Description: "the new draft", Schema: ref("Practice")}},
	}))
	rt.Handle("GET", Prefix+"/practices/{id}", h.wrap(h.showPractice), httpx.Doc(httpx.Op{
		ID: "getPractice", Tag: "practices", Public: true, Summary: "One practice: `body` is the Markdown source, `html` the sanitised rendering",
		Params: []httpx.Param{id}, Responses: map[int]httpx.Answer{200: {Description: "the practice", Schema: ref("Practice")}},
	}))
	rt.Handle("PATCH", Prefix+"/practices/{id}", h.wrap(h.updatePractice), httpx.Doc(httpx.Op{
		ID: "updatePractice", Tag: "practices", Summary: "Change a draft practice (a merge-patch; send the version you read)",
		Params: []httpx.Param{id}, Request: ref("PracticeInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the practice", Schema: ref("Practice")}},
	}))
	steps := []struct {
		step    model.PracticeStep
		summary string
	}{
		{model.PracticeStepSubmit, "Submit a draft for review (the owner's editors and coordinators). No body."},
		{model.PracticeStepVerify, "Verify a submitted practice (the Committee's experts, the secretariat). No body."},
		{model.PracticeStepReturn, "Return a submitted or verified practice to its owner with reasons (the Committee's experts, the secretariat)"},
		{model.PracticeStepPublish, "Publish a verified practice to its audience (the owner's coordinator). No body."},
	}
	for _, s := range steps {
		op := httpx.Op{ID: string(s.step) + "Practice", Tag: "practices", Summary: s.summary, Params: []httpx.Param{id},
			Responses: map[int]httpx.Answer{200: {Description: "the practice", Schema: ref("Practice")}}}
		if s.step == model.PracticeStepReturn {
			op.Request = ref("PracticeReturn")
		}
		rt.Handle("POST", Prefix+"/practices/{id}/"+string(s.step), h.wrap(h.practiceStep(s.step)), httpx.Doc(op))
	}
	fid := httpx.Param{Name: "fid", In: "path", Required: true, Description: "the file", Schema: httpx.Schema{"type": "integer"}}
	rt.Handle("POST", Prefix+"/practices/{id}/files", h.wrap(h.attachPracticeFile), httpx.BodyLimit(practiceFileBodyLimit), httpx.Doc(httpx.Op{
		ID: "attachPracticeFile", Tag: "practices", Summary: fmt.Sprintf("Attach a file to a draft practice (its owner's editors; at most %d MiB, %d files)",
			model.MaxAttachmentBytes>>20, model.MaxPracticeAttachments),
		Params: []httpx.Param{id}, Request: ref("PracticeFileInput"),
		Responses: map[int]httpx.Answer{201: {Description: "the file", Schema: ref("PracticeFile")}},
	}))
	rt.Handle("DELETE", Prefix+"/practices/{id}/files/{fid}", h.wrap(h.deletePracticeFile), httpx.Doc(httpx.Op{
		ID: "deletePracticeFile", Tag: "practices", Summary: "Remove a file of a draft practice (its owner's editors)",
		Params: []httpx.Param{id, fid}, Responses: map[int]httpx.Answer{204: {Description: "removed"}},
	}))
	rt.Handle("POST", Prefix+"/events/{id}/lessons/{lid}/practice", h.wrap(h.lessonToPractice), httpx.Doc(httpx.Op{
		ID: "lessonToPractice", Tag: "practices", Summary: "Make a lesson noted at an event into a draft practice (the organiser's staff, the lesson's organisation; once per lesson)",
		Params: []httpx.Param{{Name: "id", In: "path", Required: true, Description: "the event", Schema: httpx.Schema{"type": "integer"}},
			{Name: "lid", In: "path", Required: true, Description: "the lesson", Schema: httpx.Schema{"type": "integer"}}},
		Responses: map[int]httpx.Answer{201: {Description: "the new draft practice", Schema: ref("Practice")},
			200: {Description: "the practice the lesson was made into already", Schema: ref("Practice")}},
	}))
	rt.Handle("GET", Prefix+"/search", h.wrap(h.search), httpx.Doc(httpx.Op{
		ID: "search", Tag: "search", Public: true, Summary: "Search everything you may read",
		Description: fmt.Sprintf("Words are matched with their English, French, Spanish and Russian stems; the last word also as a prefix. "+
			"Hits in a title come first. Only records you may read are found, counted and faceted. `q` holds at most %d characters (422 above). "+
			"`snippet` is HTML: the record's text escaped, the matched words in `<mark>`.", model.MaxSearchText),
		Params: []httpx.Param{{Name: "q", In: "query", Description: "words; the last may be the start of a word"},
			{Name: "kind", In: "query", Schema: strEnum(strs(model.SearchKinds)...)},
			{Name: "state", In: "query", Description: "a State's alpha-3 code"}, {Name: "group", In: "query", Description: "a group code"},
			{Name: "year", In: "query", Schema: httpx.Schema{"type": "integer"}},
			{Name: "limit", In: "query", Description: fmt.Sprintf("hits per page: 1 to %d (default %d)", service.MaxSearchPage, service.DefaultSearchPage),
				Schema: httpx.Schema{"type": "integer", "minimum": 1, "maximum": service.MaxSearchPage}},
			{Name: "cursor", In: "query", Description: "where the page starts: the cursor of the previous page's `next` address"}},
		Responses: map[int]httpx.Answer{200: {Description: "hits, their total and the facets", Schema: ref("SearchResult")}},
	}))
}

func (h *Handler) listPractices(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := model.PracticeFilter{Kind: model.PracticeKind(q.Get("kind")), Status: model.PracticeStatus(q.Get("status")), Tag: strings.TrimSpace(q.Get("tag")),
		Submitter: strings.ToUpper(strings.TrimSpace(q.Get("submitter")))}
	if f.Kind != "" && !f.Kind.Valid() {
		return model.Problems{"kind": "choose " + strings.Join(strs(model.PracticeKinds), ", ")}
	}
	if f.Status != "" && !f.Status.Valid() {
		return model.Problems{"status": "choose " + strings.Join(strs(model.PracticeStatuses), ", ")}
	}
	ps, err := h.svc.Practices.List(r.Context(), service.ViewerFrom(r.Context()), f)
	if err != nil {
		return err
	}
	items := make([]practiceJSON, len(ps))
	for i, p := range ps {
		items[i] = practiceOut(p)
	}
	return writePage(w, r, items, func(p practiceJSON) string { return byID(p.ID) })
}

func (h *Handler) showPractice(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusOK, func(pv service.PracticeView) (practiceJSON, error) {
		p, err := h.practiceFull(r)(pv)
		if err == nil {
			p.Language, p.Translations, err = h.languagesOf(r, "practice", pv.ID)
		}
		return p, err
	})(h.svc.Practices.Get(r.Context(), service.ViewerFrom(r.Context()), id[0]))
}

func (h *Handler) createPractice(w http.ResponseWriter, r *http.Request) error {
	in, err := body[model.PracticeInput](r)
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusCreated, h.practiceFull(r))(h.svc.Practices.Create(r.Context(), service.ViewerFrom(r.Context()), in))
}

func (h *Handler) updatePractice(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := body[model.PracticeInput](r)
	if err != nil {
		return err
	}
	return answerWith(w, http.StatusOK, h.practiceFull(r))(h.svc.Practices.Update(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) practiceStep(step model.PracticeStep) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := ids(r, "id")
		if err != nil {
			return err
		}
		var in service.Input[model.PracticeReturn]
		if step == model.PracticeStepReturn {
			in, err = body[model.PracticeReturn](r)
		} else {
			in, err = bodyAs(r, true, plain(func(noBody) model.PracticeReturn { return model.PracticeReturn{} }))
		}
		if err != nil {
			return err
		}
		return answerWith(w, http.StatusOK, h.practiceFull(r))(h.svc.Practices.Step(r.Context(), service.ViewerFrom(r.Context()), id[0], step, in))
	}
}

// practiceFileBodyLimit fits the largest file, base64, with its name.
const practiceFileBodyLimit = model.MaxAttachmentBytes/3*4 + 1<<20

// practiceFileIn is a file for a draft practice.
type practiceFileIn struct {
	Filename string `json:"filename"`
	Content  string `json:"content_base64" doc:"the file, base64 (standard encoding)"`
}

func (f practiceFileIn) input() (model.PracticeAttachmentInput, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(f.Content))
	if err != nil {
		return model.PracticeAttachmentInput{}, model.Problems{"content_base64": "is not base64 (standard encoding)"}
	}
	return model.PracticeAttachmentInput{Filename: f.Filename, Content: b}, nil
}

func practiceFileOut(practice int64, a model.PracticeAttachment) attachmentJSON {
	return attachmentJSON{ID: a.ID, Filename: a.Filename, ContentType: a.ContentType, Size: a.Size,
		URL: fmt.Sprintf("/practices/%d/files/%d", practice, a.ID), CreatedAt: a.CreatedAt}
}

func (h *Handler) attachPracticeFile(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, practiceFileIn.input)
	if err != nil {
		return err
	}
	return answer(w, http.StatusCreated, func(a model.PracticeAttachment) attachmentJSON { return practiceFileOut(id[0], a) })(
		h.svc.Practices.Attach(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) deletePracticeFile(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id", "fid")
	if err != nil {
		return err
	}
	if err := h.svc.Practices.DeleteAttachment(r.Context(), service.ViewerFrom(r.Context()), id[0], id[1]); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) lessonToPractice(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id", "lid")
	if err != nil {
		return err
	}
	// A lesson becomes one practice: asked again, the answer is that
	// practice (200) when the reader may read it.
	p, created, err := h.svc.Practices.FromLesson(r.Context(), service.ViewerFrom(r.Context()), id[0], id[1])
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return answerWith(w, status, h.practiceFull(r))(p, err)
}

// searchHitJSON is one record found.
type searchHitJSON struct {
	Kind    string `json:"kind" enum:"SearchKinds"`
	ID      string `json:"id" doc:"the record's number, or a State's code"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Snippet string `json:"snippet" doc:"HTML: the record's text escaped, the matched words in <mark>"`
	State   string `json:"state,omitempty"`
	Year    int    `json:"year,omitempty"`
	// A title picker keeps the hits found by their title (the pages' own
	// pickers do, service.Search.Titles).
	TitleHit bool `json:"title_hit" doc:"a word of the query is in the title (a title picker keeps these)"`
}

type facetJSON struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

type facetsJSON struct {
	Kind  []facetJSON `json:"kind"`
	State []facetJSON `json:"state"`
	Group []facetJSON `json:"group"`
	Year  []facetJSON `json:"year"`
}

type searchJSON struct {
	Items  []searchHitJSON `json:"items"`
	Total  int             `json:"total"`
	Facets facetsJSON      `json:"facets"`
	Next   string          `json:"next,omitempty"`
}

func facetsOut(fs []model.FacetCount) []facetJSON {
	out := []facetJSON{}
	for _, f := range fs {
		out = append(out, facetJSON{Value: f.Value, Label: f.Label, Count: f.Count})
	}
	return out
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request) error {
	sq, p := service.ParseSearchQuery(r.URL.Query())
	if len(p) > 0 {
		return p
	}
	res, err := h.svc.Search.Find(r.Context(), service.ViewerFrom(r.Context()), sq)
	if err != nil {
		return err
	}
	out := searchJSON{Items: []searchHitJSON{}, Total: res.Total, Facets: facetsJSON{Kind: facetsOut(res.Facets.Kinds), State: facetsOut(res.Facets.States),
		Group: facetsOut(res.Facets.Groups), Year: facetsOut(res.Facets.Years)}}
	for _, hit := range res.Hits {
		id := hit.Key
		if hit.ID != 0 {
			id = strconv.FormatInt(hit.ID, 10)
			if hit.Key != "" {
				id += "/" + hit.Key
			}
		}
		out.Items = append(out.Items, searchHitJSON{Kind: string(hit.Kind), ID: id, Title: hit.Title, URL: hit.URL,
			Snippet: model.SnippetHTML(hit.Snippet), State: hit.State, Year: hit.Year, TitleHit: hit.TitleHit})
	}
	if res.More {
		next := url.Values{}
		for k, vs := range r.URL.Query() {
			next[k] = vs
		}
		next.Set("cursor", service.SearchCursor(res.Query.Offset+len(res.Hits)))
		next.Set("limit", strconv.Itoa(res.Query.Limit))
		out.Next = r.URL.Path + "?" + next.Encode()
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
