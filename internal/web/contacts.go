package web

import (
	"errors"
	"net/http"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

func (h *Handler) registerContacts(rt *httpx.Router) {
	rt.Handle("GET", "/states/{code}/contacts/new", h.wrap(h.newContact))
	rt.Handle("POST", "/states/{code}/contacts", h.wrap(h.createContact))
	rt.Handle("GET", "/contacts/{id}/edit", h.wrap(h.editContact))
	rt.Handle("POST", "/contacts/{id}", h.wrap(h.updateContact))
	rt.Handle("POST", "/contacts/{id}/delete", h.wrap(h.deleteContact))
}

type contactFormPage struct {
	Base
	State     *refdata.State
	StateName string // the State's name in the reader's language
	ID        int64
	Input     model.PointOfContactInput
	Current   *service.ContactView // on a conflict: the version now saved
	Levels    []model.Visibility
	Conflict  *model.ConflictError
	// LevelNames: each level in the third person (levelNames).
	LevelNames map[model.Visibility]string
}

func (h *Handler) contactForm(w http.ResponseWriter, r *http.Request, status int, p *contactFormPage) error {
	p.Levels = model.Visibilities
	p.StateName = h.orgName(r, p.State.Code)
	p.LevelNames = h.levelNames(r, p.State.Code, p.Levels)
	if pr := h.printer(r); p.ID == 0 {
		p.Title = pr.T("forms2.contact.title.new", p.StateName)
	} else {
		p.Title = pr.T("forms2.contact.title.change", p.StateName)
	}
	return h.render(w, r, status, "contact_form", p)
}

func contactInput(r *http.Request) model.PointOfContactInput {
	v := formVersion(r)
	return model.PointOfContactInput{Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name"), Title: r.PostFormValue("title"),
		Agency: r.PostFormValue("agency"), Email: r.PostFormValue("email"), Phone: r.PostFormValue("phone"),
		Address: r.PostFormValue("address"), ValidFrom: r.PostFormValue("valid_from"), ValidTo: r.PostFormValue("valid_to"),
		Source: r.PostFormValue("source"), SourceURL: r.PostFormValue("source_url"), Visibility: r.PostFormValue("visibility"), Version: v}
}

func (h *Handler) newContact(w http.ResponseWriter, r *http.Request) error {
	s, err := h.svc.Directory.State(r.PathValue("code"))
	if err != nil {
		return err
	}
	if _, err := signedIn(r); err != nil {
		return err
	}
	return h.contactForm(w, r, http.StatusOK, &contactFormPage{State: s, Input: model.PointOfContactInput{Kind: "capital", Visibility: "public"}})
}

func (h *Handler) createContact(w http.ResponseWriter, r *http.Request) error {
	s, err := h.svc.Directory.State(r.PathValue("code"))
	if err != nil {
		return err
	}
	in := contactInput(r)
	_, err = h.svc.Contacts.Create(r.Context(), service.ViewerFrom(r.Context()), s.Code, in)
	if probs, ok := model.AsProblems(err); ok {
		p := &contactFormPage{State: s, Input: in}
		p.Problems = probs
		return h.contactForm(w, r, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	redirect(w, r, "/states/"+s.Code+"?done=contact-saved#contacts", http.StatusSeeOther)
	return nil
}

func (h *Handler) contactByPath(r *http.Request) (service.ContactView, *refdata.State, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return service.ContactView{}, nil, err
	}
	c, err := h.svc.Contacts.Get(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return c, nil, err
	}
	return c, h.svc.Directory.Catalog().State(c.State), nil
}

func (h *Handler) editContact(w http.ResponseWriter, r *http.Request) error {
	c, s, err := h.contactByPath(r)
	if err != nil {
		return err
	}
	if !c.CanEdit {
		return model.ErrForbidden
	}
	in := model.PointOfContactInput{Kind: c.Kind, Name: c.Name, Title: c.Title, Agency: c.Agency, Email: c.Email, Phone: c.Phone,
		Address: c.Address, ValidFrom: c.ValidFrom.String(), ValidTo: c.ValidTo.String(), Source: c.Source.Title, SourceURL: c.Source.URL,
		Visibility: string(c.Visibility), Version: c.Version}
	return h.contactForm(w, r, http.StatusOK, &contactFormPage{State: s, ID: c.ID, Input: in})
}

func (h *Handler) updateContact(w http.ResponseWriter, r *http.Request) error {
	c, s, err := h.contactByPath(r)
	if err != nil {
		return err
	}
	in := contactInput(r)
	_, err = h.svc.Contacts.Update(r.Context(), service.ViewerFrom(r.Context()), c.ID, service.Given(in))
	var conflict *model.ConflictError
	switch {
	case errors.As(err, &conflict):
		cur, _ := conflict.Current.(service.ContactView)
		p := &contactFormPage{State: s, ID: c.ID, Input: in, Current: &cur, Conflict: conflict}
		p.Input.Version = cur.Version // saving again overwrites knowingly
		return h.contactForm(w, r, http.StatusConflict, p)
	case err != nil:
		if probs, ok := model.AsProblems(err); ok {
			p := &contactFormPage{State: s, ID: c.ID, Input: in}
			p.Problems = probs
			return h.contactForm(w, r, http.StatusUnprocessableEntity, p)
		}
		return err
	}
	redirect(w, r, "/states/"+s.Code+"?done=contact-saved#contacts", http.StatusSeeOther)
	return nil
}

func (h *Handler) deleteContact(w http.ResponseWriter, r *http.Request) error {
	c, s, err := h.contactByPath(r)
	if err != nil {
		return err
	}
	if err := h.svc.Contacts.Delete(r.Context(), service.ViewerFrom(r.Context()), c.ID); err != nil {
		return err
	}
	redirect(w, r, "/states/"+s.Code+"?done=contact-removed#contacts", http.StatusSeeOther)
	return nil
}
