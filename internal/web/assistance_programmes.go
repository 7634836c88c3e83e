package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"napx/internal/httpx"
	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

// The programme directory (issue 11, item 3): public, filterable by area,
// modality, region and provider, kept by the providers themselves.

func (h *Handler) registerProgrammes(rt *httpx.Router) {
	rt.Handle("GET", "/assistance/programmes", h.wrap(h.listProgrammes))
	rt.Handle("POST", "/assistance/programmes", h.wrap(h.createProgramme))
	rt.Handle("GET", "/assistance/programmes/new", h.wrap(h.newProgramme))
	rt.Handle("GET", "/assistance/programmes/{id}", h.wrap(h.showProgramme))
	rt.Handle("POST", "/assistance/programmes/{id}", h.wrap(h.updateProgramme))
	rt.Handle("GET", "/assistance/programmes/{id}/edit", h.wrap(h.editProgramme))
}

type programmeListPage struct {
	Base
	Programmes                      []service.ProgrammeView
	Area, Modality, Group, Provider string
	Query, Status                   string
	Areas                           []refdata.AssistanceArea
	Modalities                      []refdata.Modality
	Groups                          []*refdata.Group
	Providers                       []refdata.Org
	CanProvide                      bool
}

func (h *Handler) listProgrammes(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	q := r.URL.Query()
	p := &programmeListPage{Area: strings.ToUpper(strings.TrimSpace(q.Get("area"))), Modality: strings.TrimSpace(q.Get("modality")),
		Group: strings.ToUpper(strings.TrimSpace(q.Get("region"))), Provider: strings.ToUpper(strings.TrimSpace(q.Get("provider"))), Query: q.Get("q"), Status: q.Get("status"),
		Areas: assistanceCodes.Areas, Modalities: assistanceCodes.Modalities, Groups: h.svc.Directory.Groups()}
	p.Title, p.Section = h.printer(r).T("assistance.directory"), "assistance"
	gs, err := h.svc.Assistance.Programmes(ctx, v, model.ProgrammeFilter{Area: p.Area, Modality: p.Modality, Group: p.Group, Provider: p.Provider, Query: p.Query,
		Status: model.ProgrammeStatus(p.Status)})
	status := http.StatusOK
	if probs, ok := model.AsProblems(err); ok {
		p.Problems, status, err = probs, http.StatusUnprocessableEntity, nil
	}
	if err != nil {
		return err
	}
	p.Programmes = h.programmeNames(r, gs)
	// The providers to filter by: those of the whole directory.
	all, err := h.svc.Assistance.Programmes(ctx, v, model.ProgrammeFilter{})
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	cat := h.svc.Directory.Catalog()
	for _, g := range all {
		if !seen[g.Provider] {
			seen[g.Provider] = true
			if o, ok := cat.Org(g.Provider); ok {
				p.Providers = append(p.Providers, o)
			}
		}
	}
	lang := i18n.FromContext(r.Context()) // the providers' picker in the reader's language and order
	for i := range p.Providers {
		p.Providers[i].Name = cat.OrgNameIn(p.Providers[i].Code, lang)
	}
	i18n.SortByName(lang, p.Providers, func(o refdata.Org) string { return o.Name })
	p.CanProvide = v.SignedIn() && h.svc.Assistance.CanProvide(v, v.Org())
	return h.render(w, r, status, "assistance_programmes", p)
}

type programmePage struct {
	Base
	Programme service.ProgrammeView
}

func (h *Handler) showProgramme(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	g, err := h.svc.Assistance.Programme(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	p := &programmePage{Programme: g}
	p.Title, p.Section = g.Title, "assistance"
	p.FlashOn = FlashOn{Record: g.Title}
	return h.render(w, r, http.StatusOK, "assistance_programme", p)
}

type programmeForm struct {
	Title, Description, Eligibility, ContactName, ContactEmail, Website, Start, End, Status string
	Areas, Modalities, Languages                                                            []string
	Groups                                                                                  string
	Version                                                                                 int64
}

func programmeFormOf(r *http.Request) programmeForm {
	f := programmeForm{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Eligibility: r.PostFormValue("eligibility"),
		ContactName: r.PostFormValue("contact_name"), ContactEmail: r.PostFormValue("contact_email"), Website: r.PostFormValue("website"),
		Start: r.PostFormValue("start"), End: r.PostFormValue("end"), Status: r.PostFormValue("status"), Areas: r.PostForm["areas"],
		Modalities: r.PostForm["modalities"], Version: formVersion(r)}
	f.Groups, f.Languages = programmeListsOf(r)
	return f
}

func programmeFormFrom(g model.Programme) programmeForm {
	return programmeForm{Title: g.Title, Description: g.Description, Eligibility: g.Eligibility, ContactName: g.ContactName, ContactEmail: g.ContactEmail,
		Website: g.Website, Start: g.Start.String(), End: g.End.String(), Status: string(g.Status), Areas: g.Areas, Modalities: g.Modalities,
		Languages: g.Languages, Groups: strings.Join(g.Groups, " "), Version: g.Version}
}

func (f programmeForm) input() model.ProgrammeInput {
	groups := model.SplitIDs(f.Groups)
	areas, mods, langs := f.Areas, f.Modalities, f.Languages
	if areas == nil {
		areas = []string{}
	}
	if mods == nil {
		mods = []string{}
	}
	if langs == nil {
		langs = []string{}
	}
	return model.ProgrammeInput{Title: &f.Title, Description: &f.Description, Areas: &areas, Modalities: &mods, Groups: &groups, Languages: &langs,
		Eligibility: &f.Eligibility, ContactName: &f.ContactName, ContactEmail: &f.ContactEmail, Website: &f.Website, Start: &f.Start, End: &f.End,
		Status: &f.Status, Version: f.Version}
}

type programmeFormPage struct {
	Base
	Programme    *service.ProgrammeView
	ProviderName string
	Input        programmeForm
	Areas        []refdata.AssistanceArea
	Modalities   []refdata.Modality
	Statuses     []model.ProgrammeStatus
	Conflict     *model.ConflictError
	Current      *service.ProgrammeView
	Choices      programmeChoices // groups served and languages (issue 18, item 3)
}

func (h *Handler) programmeForm(w http.ResponseWriter, r *http.Request, status int, p *programmeFormPage, provider string) error {
	p.Areas, p.Modalities = assistanceCodes.Areas, assistanceCodes.Modalities
	p.Choices = h.programmeChoicesOf(r, p.Input)
	for _, s := range model.ProgrammeStatuses {
		if p.Programme == nil || s != model.ProgrammeDraft || p.Programme.Status == model.ProgrammeDraft {
			p.Statuses = append(p.Statuses, s)
		}
	}
	p.ProviderName = h.orgName(r, provider)
	if pr := h.printer(r); p.Programme == nil {
		p.Title = pr.T("forms2.prog.title.new", p.ProviderName)
	} else {
		p.Title = pr.T("forms2.prog.title.change", p.Programme.Title)
	}
	p.Section = "assistance"
	return h.render(w, r, status, "assistance_programme_form", p)
}

func (h *Handler) newProgramme(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if !h.svc.Assistance.CanProvide(v, v.Org()) {
		return model.ErrForbidden
	}
	return h.programmeForm(w, r, http.StatusOK, &programmeFormPage{Input: programmeForm{Status: string(model.ProgrammeDraft), Languages: []string{"en"}}}, v.Org())
}

func (h *Handler) createProgramme(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	f := programmeFormOf(r)
	g, err := h.svc.Assistance.CreateProgramme(r.Context(), v, v.Org(), f.input())
	if probs, ok := model.AsProblems(err); ok {
		p := &programmeFormPage{Input: f}
		p.Problems = probs
		return h.programmeForm(w, r, http.StatusUnprocessableEntity, p, v.Org())
	}
	if err != nil {
		return err
	}
	redirect(w, r, "/assistance/programmes/"+byIDString(g.ID)+"?done=programme-created", http.StatusSeeOther)
	return nil
}

func (h *Handler) editableProgramme(r *http.Request) (service.ProgrammeView, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return service.ProgrammeView{}, err
	}
	v := service.ViewerFrom(r.Context())
	g, err := h.svc.Assistance.Programme(r.Context(), v, id)
	if err != nil {
		return g, err
	}
	if !g.CanEdit {
		if !v.SignedIn() {
			return g, model.ErrUnauthenticated
		}
		return g, model.ErrForbidden
	}
	return g, nil
}

func (h *Handler) editProgramme(w http.ResponseWriter, r *http.Request) error {
	g, err := h.editableProgramme(r)
	if err != nil {
		return err
	}
	return h.programmeForm(w, r, http.StatusOK, &programmeFormPage{Programme: &g, Input: programmeFormFrom(g.Programme)}, g.Provider)
}

func (h *Handler) updateProgramme(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx, v := r.Context(), service.ViewerFrom(r.Context())
	f := programmeFormOf(r)
	g, err := h.svc.Assistance.UpdateProgramme(ctx, v, id, service.Given(f.input()))
	var ce *model.ConflictError
	switch {
	case errors.As(err, &ce):
		cur, _ := ce.Current.(service.ProgrammeView)
		p := &programmeFormPage{Programme: &cur, Input: f, Conflict: ce, Current: &cur}
		p.Input.Version = cur.Version
		return h.programmeForm(w, r, http.StatusConflict, p, cur.Provider)
	case err != nil:
		if probs, ok := model.AsProblems(err); ok {
			cur, gerr := h.svc.Assistance.Programme(ctx, v, id)
			if gerr != nil {
				return gerr
			}
			p := &programmeFormPage{Programme: &cur, Input: f}
			p.Problems = probs
			return h.programmeForm(w, r, http.StatusUnprocessableEntity, p, cur.Provider)
		}
		return err
	}
	redirect(w, r, "/assistance/programmes/"+byIDString(g.ID)+"?done=programme-saved", http.StatusSeeOther)
	return nil
}

func byIDString(id int64) string { return strconv.FormatInt(id, 10) }
