package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

// The request form: the Committee's template with its needs. Without
// JavaScript a need is added with the form's "Add another need" button,
// which shows the form again with one more row (nothing is saved).

type needRow struct {
	ID                int64
	Area, Description string
	Modalities        []string
	Elements, Actions string
}

type requestForm struct {
	Group, CoRequesters, Title, NoteVerbaleDate, NoteVerbaleRef string
	ContactName, ContactFunction, ContactEmail, ContactPhone    string
	Beneficiaries, Description, ExpectedOutcome, Timeframe      string
	Language, Received, Contacted, Summary, CommitteeNotes      string
	Needs                                                       []needRow
	Version                                                     int64
	TextLanguage                                                string // the language of its texts (issue 17)
}

// requestFormOf reads the form; state and committee say which parts the
// person may send (the others are left out of the input).
func requestFormOf(r *http.Request, cat *refdata.Catalog) requestForm {
	f := requestForm{Group: r.PostFormValue("group"), CoRequesters: coRequestersOf(r, cat), Title: r.PostFormValue("title"),
		NoteVerbaleDate: r.PostFormValue("note_verbale_date"), NoteVerbaleRef: r.PostFormValue("note_verbale_ref"),
		ContactName: r.PostFormValue("contact.name"), ContactFunction: r.PostFormValue("contact.function"),
		ContactEmail: r.PostFormValue("contact.email"), ContactPhone: r.PostFormValue("contact.phone"),
		Beneficiaries: r.PostFormValue("beneficiaries"), Description: r.PostFormValue("description"), ExpectedOutcome: r.PostFormValue("expected_outcome"),
		Timeframe: r.PostFormValue("timeframe"), Language: r.PostFormValue("language"), Received: r.PostFormValue("received"),
		Contacted: r.PostFormValue("contacted"), Summary: r.PostFormValue("summary"), CommitteeNotes: r.PostFormValue("committee_notes"),
		Version: formVersion(r), TextLanguage: *formLanguage(r)}
	for i := 0; i < model.MaxNeeds+1; i++ {
		key := func(field string) string { return fmt.Sprintf("needs[%d].%s", i, field) }
		_, seen := r.PostForm[key("area")]
		if !seen {
			break
		}
		n := needRow{Area: r.PostFormValue(key("area")), Description: r.PostFormValue(key("description")), Modalities: r.PostForm[key("modalities")],
			Elements: strings.Join(pickedElements(r, key("element"), key("elements")), " "), Actions: pickedActions(r, key)}
		n.ID = formID(r, key("id"))
		if n.ID == 0 && strings.TrimSpace(n.Area+n.Description+n.Elements+n.Actions) == "" && len(n.Modalities) == 0 {
			continue // an empty row
		}
		f.Needs = append(f.Needs, n)
	}
	return f
}

func requestFormFrom(r model.AssistanceRequest) requestForm {
	f := requestForm{Group: r.Group, CoRequesters: strings.Join(r.CoRequesters, " "), Title: r.Title, NoteVerbaleDate: r.NoteVerbaleDate.String(),
		NoteVerbaleRef: r.NoteVerbaleRef, ContactName: r.Contact.Name, ContactFunction: r.Contact.Function, ContactEmail: r.Contact.Email,
		ContactPhone: r.Contact.Phone, Beneficiaries: strings.Join(r.Beneficiaries, "\n"), Description: r.Description,
		ExpectedOutcome: r.ExpectedOutcome, Timeframe: r.Timeframe, Language: r.Language, Received: r.Received, Contacted: r.Contacted,
		Summary: r.Summary, CommitteeNotes: r.CommitteeNotes, Version: r.Version}
	for _, n := range r.Needs {
		ids := make([]string, len(n.Actions))
		for i, a := range n.Actions {
			ids[i] = strconv.FormatInt(a, 10)
		}
		f.Needs = append(f.Needs, needRow{ID: n.ID, Area: n.Area, Modalities: n.Modalities, Description: n.Description,
			Elements: strings.Join(n.Elements, " "), Actions: strings.Join(ids, " ")})
	}
	return f
}

// input is the form as the service's input: the requester's template when
// state, the summary and notes when committee.
func (f requestForm) input(state, committee bool) (model.RequestInput, model.Problems) {
	p := model.Problems{}
	in := model.RequestInput{Version: f.Version}
	if state {
		co := model.SplitIDs(f.CoRequesters)
		ben := model.SplitList(f.Beneficiaries)
		in.Group, in.CoRequesters, in.Title, in.NoteVerbaleDate, in.NoteVerbaleRef = &f.Group, &co, &f.Title, &f.NoteVerbaleDate, &f.NoteVerbaleRef
		in.Contact = &model.RequestContact{Name: f.ContactName, Function: f.ContactFunction, Email: f.ContactEmail, Phone: f.ContactPhone}
		in.Beneficiaries, in.Description, in.ExpectedOutcome, in.Timeframe = &ben, &f.Description, &f.ExpectedOutcome, &f.Timeframe
		in.Language, in.Received, in.Contacted, in.Summary = &f.Language, &f.Received, &f.Contacted, &f.Summary
		in.TextLanguage = &f.TextLanguage
		needs := []model.NeedInput{}
		for i, n := range f.Needs {
			ni := model.NeedInput{ID: n.ID, Area: n.Area, Modalities: n.Modalities, Description: n.Description, Elements: model.SplitIDs(n.Elements)}
			if n.ID < 0 {
				p.Add(fmt.Sprintf("needs[%d].id", i), "the form is damaged: load it again")
			}
			acts, err := model.ParseIDList(n.Actions)
			if err != nil {
				p.Add(fmt.Sprintf("needs[%d].actions", i), "NAP actions are named by their numbers: %v", err)
			}
			ni.Actions = acts
			needs = append(needs, ni)
		}
		in.Needs = &needs
	}
	if committee {
		in.Summary, in.CommitteeNotes = &f.Summary, &f.CommitteeNotes
	}
	return in, p
}

type requestFormPage struct {
	Base
	Request    *service.RequestView // nil for a new request
	Owner      string
	OwnerName  string
	Input      requestForm
	State      bool // the requester's template is editable here
	Committee  bool // the summary and notes are editable here
	Areas      []refdata.AssistanceArea
	Modalities []refdata.Modality
	Languages  []refdata.Language
	Action     *service.Prefill // started from a NAP action
	Conflict   *model.ConflictError
	Current    *service.RequestView
	Pickers    requestPickers
	moreCo     bool // one more blank co-requester row ("Add another State")
}

func (h *Handler) requestForm(w http.ResponseWriter, r *http.Request, status int, p *requestFormPage) error {
	p.Areas, p.Modalities, p.Languages = assistanceCodes.Areas, assistanceCodes.Modalities, assistanceCodes.Languages
	p.OwnerName = h.orgName(r, p.Owner)
	if p.State && len(p.Input.Needs) == 0 {
		p.Input.Needs = []needRow{{}}
	}
	if p.State {
		if err := h.fillRequestPickers(r, p, p.moreCo); err != nil {
			return err
		}
	}
	if pr := h.printer(r); p.Request == nil {
		p.Title = pr.T("forms2.req.title.new", p.OwnerName)
	} else {
		p.Title = pr.T("forms2.req.title.change", p.Request.Title)
	}
	p.Section = "assistance"
	return h.render(w, r, status, "assistance_request_form", p)
}

func (h *Handler) newRequest(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	p := &requestFormPage{Owner: v.Org(), State: true, Input: requestForm{Language: "en", TextLanguage: newTextLanguage(r)}}
	if s := strings.TrimSpace(r.URL.Query().Get("action")); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return model.ErrNotFound
		}
		pre, err := h.svc.Assistance.FromAction(r.Context(), v, id)
		if err != nil {
			return err
		}
		p.Owner, p.Action = pre.Owner, &pre
		ids := make([]string, len(pre.Need.Actions))
		for i, a := range pre.Need.Actions {
			ids[i] = strconv.FormatInt(a, 10)
		}
		p.Input.Title = pre.Title
		p.Input.Needs = []needRow{{Area: pre.Need.Area, Modalities: pre.Need.Modalities, Description: pre.Need.Description,
			Elements: strings.Join(pre.Need.Elements, " "), Actions: strings.Join(ids, " ")}}
	} else if !h.svc.Assistance.CanRequest(v, v.Org()) {
		return model.ErrForbidden
	}
	return h.requestForm(w, r, http.StatusOK, p)
}

func (h *Handler) createRequest(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	f := requestFormOf(r, h.svc.Directory.Catalog())
	p := &requestFormPage{Owner: v.Org(), State: true, Input: f}
	if again(r) {
		p.moreCo = moreRows(r, &p.Input)
		return h.requestForm(w, r, http.StatusOK, p)
	}
	in, probs := f.input(true, false)
	if len(probs) > 0 {
		p.Problems = probs
		return h.requestForm(w, r, http.StatusUnprocessableEntity, p)
	}
	rv, err := h.svc.Assistance.Create(r.Context(), v, v.Org(), in)
	if probs, ok := model.AsProblems(err); ok {
		p.Problems = probs
		return h.requestForm(w, r, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	redirect(w, r, requestPath(rv.ID)+"?done=request-created", http.StatusSeeOther)
	return nil
}

// again reports whether the form asks to be shown again, nothing saved:
// "Add another need", "Add another State" or a picker's "Show fields".
func again(r *http.Request) bool {
	return r.PostFormValue("more") != "" || r.PostFormValue(showFieldsKey) != ""
}

// moreRows adds the row "Add another …" asked for: a need, or (more=co)
// a co-requester, reported by moreCo.
func moreRows(r *http.Request, f *requestForm) (moreCo bool) {
	switch r.PostFormValue("more") {
	case "":
	case "co":
		return true
	default:
		f.Needs = append(f.Needs, needRow{})
	}
	return false
}

// editableRequest reads a request for its form: 404 when v may not read
// it, 403 when v may change nothing of it.
func (h *Handler) editableRequest(r *http.Request) (service.RequestView, error) {
	id, err := h.requestID(r)
	if err != nil {
		return service.RequestView{}, err
	}
	v := service.ViewerFrom(r.Context())
	rv, err := h.svc.Assistance.Request(r.Context(), v, id)
	if err != nil {
		return rv, err
	}
	if !rv.CanEdit && !rv.CanEditNotes && !rv.CanEditSummary {
		if !v.SignedIn() {
			return rv, model.ErrUnauthenticated
		}
		return rv, model.ErrForbidden
	}
	return rv, nil
}

func (h *Handler) editRequest(w http.ResponseWriter, r *http.Request) error {
	rv, err := h.editableRequest(r)
	if err != nil {
		return err
	}
	f := requestFormFrom(rv.AssistanceRequest)
	if f.TextLanguage, err = h.recordLanguage(r, "assistance", rv.ID); err != nil {
		return err
	}
	return h.requestForm(w, r, http.StatusOK, &requestFormPage{Request: &rv, Owner: rv.Owner, Input: f,
		State: rv.CanEdit, Committee: rv.CanEditNotes && !rv.CanEdit})
}

func (h *Handler) updateRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := h.requestID(r)
	if err != nil {
		return err
	}
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	f := requestFormOf(r, h.svc.Directory.Catalog())
	state, committee := r.PostFormValue("part") != "committee", r.PostFormValue("part") == "committee"
	in, probs := f.input(state, committee)
	var rv service.RequestView
	if len(probs) == 0 && !again(r) {
		rv, err = h.svc.Assistance.Update(ctx, v, id, service.Given(in))
	} else {
		// Show the form again (more rows, or the form's own problems) —
		// only to whoever may change the request.
		rv, err = h.editableRequest(r)
		if err == nil && len(probs) > 0 {
			err = probs
		}
	}
	var ce *model.ConflictError
	switch {
	case err == nil && again(r):
		p := &requestFormPage{Request: &rv, Owner: rv.Owner, Input: f, State: state, Committee: committee}
		p.moreCo = moreRows(r, &p.Input)
		return h.requestForm(w, r, http.StatusOK, p)
	case errors.As(err, &ce):
		cur, _ := ce.Current.(service.RequestView)
		p := &requestFormPage{Request: &cur, Owner: cur.Owner, Input: f, State: state, Committee: committee, Conflict: ce, Current: &cur}
		p.Input.Version = cur.Version
		return h.requestForm(w, r, http.StatusConflict, p)
	case err != nil:
		if probs, ok := model.AsProblems(err); ok {
			cur, gerr := h.svc.Assistance.Request(ctx, v, id)
			if gerr != nil {
				return gerr
			}
			p := &requestFormPage{Request: &cur, Owner: cur.Owner, Input: f, State: state, Committee: committee}
			p.Problems = probs
			return h.requestForm(w, r, http.StatusUnprocessableEntity, p)
		}
		return err
	}
	redirect(w, r, requestPath(rv.ID)+"?done=request-saved", http.StatusSeeOther)
	return nil
}
