package api

import (
	"net/http"
	"strconv"

	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

type meJSON struct {
	ID          int64    `json:"id"`
	Email       string   `json:"email"`
	Name        string   `json:"name"`
	Org         string   `json:"org"`
	OrgName     string   `json:"org_name"`
	OrgKind     string   `json:"org_kind" enum:"OrgKinds"`
	Role        string   `json:"role" enum:"Roles"`
	Admin       bool     `json:"admin"`
	TOTPEnabled bool     `json:"totp_enabled"`
	Groups      []string `json:"groups"`
	Auth        string   `json:"auth" enum:"AuthMethods" doc:"how this request signed in: a session with a password, a session through an OpenID provider, or an API token"`
	Issuer      string   `json:"issuer,omitempty" doc:"the OpenID provider's issuer, when auth is oidc"`
	ProviderMFA bool     `json:"provider_mfa,omitempty" doc:"the OpenID provider asserted multi-factor authentication"`
}

type contactJSON struct {
	ID            int64  `json:"id"`
	State         string `json:"state"`
	Kind          string `json:"kind"`
	Name          string `json:"name"`
	Title         string `json:"title"`
	Agency        string `json:"agency"`
	Email         string `json:"email,omitempty"`
	Phone         string `json:"phone,omitempty"`
	Address       string `json:"address,omitempty"`
	DetailsHidden bool   `json:"details_hidden"`
	ValidFrom     string `json:"valid_from"`
	ValidTo       string `json:"valid_to,omitempty"`
	Source        string `json:"source" doc:"the document that records the designation, when it was recorded from one"`
	SourceURL     string `json:"source_url"`
	Visibility    string `json:"visibility" enum:"Visibilities"`
	Illustrative  bool   `json:"illustrative"`
	Version       int64  `json:"version"`
}

func contactOut(c service.ContactView) any { return contactJSONOf(c) }

func contactJSONOf(c service.ContactView) contactJSON {
	return contactJSON{ID: c.ID, State: c.State, Kind: c.Kind, Name: c.Name, Title: c.Title, Agency: c.Agency,
		Email: c.Email, Phone: c.Phone, Address: c.Address, DetailsHidden: c.DetailsHidden,
		ValidFrom: c.ValidFrom.String(), ValidTo: c.ValidTo.String(), Visibility: string(c.Visibility), Source: c.Source.Title, SourceURL: c.Source.URL,
		Illustrative: c.Illustrative, Version: c.Version}
}

// contactIn is a point of contact sent by a client. Dates are strings so
// that a bad one is reported against its field.
type contactIn struct {
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	Title      string `json:"title"`
	Agency     string `json:"agency"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
	Address    string `json:"address"`
	ValidFrom  string `json:"valid_from"`
	ValidTo    string `json:"valid_to"`
	Source     string `json:"source" doc:"the document that records the designation (optional)"`
	SourceURL  string `json:"source_url" doc:"a link to it"`
	Visibility string `json:"visibility" enum:"Visibilities"`
	Version    int64  `json:"version"`
}

func (c contactIn) input() model.PointOfContactInput {
	return model.PointOfContactInput{Kind: c.Kind, Name: c.Name, Title: c.Title, Agency: c.Agency, Email: c.Email, Phone: c.Phone,
		Address: c.Address, ValidFrom: c.ValidFrom, ValidTo: c.ValidTo, Source: c.Source, SourceURL: c.SourceURL, Visibility: c.Visibility, Version: c.Version}
}

type auditJSON struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	ActorOrg string    `json:"actor_org,omitempty"`
	Action   string    `json:"action"`
	Kind     string    `json:"kind"`
	RecordID string    `json:"record_id,omitempty"`
	Summary  string    `json:"summary"`
	Before   string    `json:"before,omitempty"`
	After    string    `json:"after,omitempty"`
	Hash     string    `json:"hash"`
	// Withheld says why the summary and before/after are left out: the
	// record is one the administrator may not read (policy.AuditDetails).
	Withheld string `json:"withheld,omitempty"`
}

func (h *Handler) registerAccounts(rt *httpx.Router) {
	rt.Handle("GET", Prefix+"/me", h.wrap(h.me), httpx.Doc(httpx.Op{
		ID: "getMe", Tag: "accounts", Summary: "The signed-in account",
		Description: "401 without a valid API token or session.",
		Responses:   map[int]httpx.Answer{200: {Description: "the account", Schema: ref("Me")}},
	}))
	stateParam := httpx.Param{Name: "code", In: "path", Required: true, Description: "the State's alpha-3 code", Schema: httpx.Schema{"type": "string"}}
	idParam := httpx.Param{Name: "id", In: "path", Required: true, Schema: httpx.Schema{"type": "integer"}}
	rt.Handle("GET", Prefix+"/states/{code}/points-of-contact", h.wrap(h.listContacts), httpx.Doc(httpx.Op{
		ID: "listPointsOfContact", Tag: "accounts", Public: true, Summary: "A State's designated 1540 points of contact",
		Description: "Contact details (e-mail, phone, address) are given to signed-in accounts only.",
		Params:      []httpx.Param{stateParam},
		Responses:   map[int]httpx.Answer{200: {Description: "the points of contact", Schema: listOf("PointOfContact")}},
	}))
	rt.Handle("POST", Prefix+"/states/{code}/points-of-contact", h.wrap(h.createContact), httpx.Doc(httpx.Op{
		ID: "createPointOfContact", Tag: "accounts", Summary: "Designate a point of contact (the State's editors and coordinators)",
		Params: []httpx.Param{stateParam}, Request: ref("PointOfContactInput"),
		Responses: map[int]httpx.Answer{201: {Description: "the new point of contact", Schema: ref("PointOfContact")}},
	}))
	rt.Handle("GET", Prefix+"/points-of-contact/{id}", h.wrap(h.showContact), httpx.Doc(httpx.Op{
		ID: "getPointOfContact", Tag: "accounts", Public: true, Summary: "One point of contact",
		Params: []httpx.Param{idParam}, Responses: map[int]httpx.Answer{200: {Description: "the point of contact", Schema: ref("PointOfContact")}},
	}))
	rt.Handle("PATCH", Prefix+"/points-of-contact/{id}", h.wrap(h.updateContact), httpx.Doc(httpx.Op{
		ID: "updatePointOfContact", Tag: "accounts", Summary: "Change a point of contact (send the version you read)",
		Params: []httpx.Param{idParam}, Request: ref("PointOfContactInput"),
		Responses: map[int]httpx.Answer{200: {Description: "the point of contact", Schema: ref("PointOfContact")}},
	}))
	rt.Handle("DELETE", Prefix+"/points-of-contact/{id}", h.wrap(h.deleteContact), httpx.Doc(httpx.Op{
		ID: "deletePointOfContact", Tag: "accounts", Summary: "Remove a point of contact entered in error",
		Params: []httpx.Param{idParam}, Responses: map[int]httpx.Answer{204: {Description: "removed"}},
	}))
	rt.Handle("GET", Prefix+"/audit", h.wrap(h.listAudit), httpx.Doc(httpx.Op{
		ID: "listAudit", Tag: "accounts", Summary: "The audit log, newest first (administrators)",
		Params: []httpx.Param{
			{Name: "actor", In: "query"}, {Name: "kind", In: "query"}, {Name: "action", In: "query", Description: "an action or its start, e.g. auth."},
			{Name: "record", In: "query"}, {Name: "before", In: "query", Description: "entries numbered below this (paging)", Schema: httpx.Schema{"type": "integer"}},
		},
		Responses: map[int]httpx.Answer{200: {Description: "entries; `next` holds the query for older ones", Schema: listOf("AuditEntry")}},
	}))
}

func (h *Handler) me(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	a := v.Account
	groups := v.Groups
	if groups == nil {
		groups = []string{}
	}
	writeJSON(w, http.StatusOK, meJSON{ID: a.ID, Email: a.Email, Name: a.Name, Org: a.Org, OrgName: h.svc.Directory.Catalog().OrgName(a.Org),
		OrgKind: string(v.OrgKind), Role: string(a.Role), Admin: a.Admin, TOTPEnabled: a.TOTPEnabled, Groups: groups,
		Auth: v.AuthMethod, Issuer: v.AuthIssuer, ProviderMFA: v.AuthMFA})
	return nil
}

// pathID reads a record ID from the path (httpx.PathID).
func pathID(r *http.Request, name string) (int64, error) { return httpx.PathID(r, name) }

func (h *Handler) listContacts(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.svc.Contacts.ForState(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"))
	if err != nil {
		return err
	}
	items := make([]contactJSON, len(cs))
	for i, c := range cs {
		items[i] = contactJSONOf(c)
	}
	return writePage(w, r, items, func(c contactJSON) string { return byID(c.ID) })
}

func (h *Handler) showContact(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := h.svc.Contacts.Get(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, contactOut(c))
	return nil
}

func (h *Handler) createContact(w http.ResponseWriter, r *http.Request) error {
	var in contactIn
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := h.svc.Contacts.Create(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"), in.input())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, contactOut(c))
	return nil
}

func (h *Handler) updateContact(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, false, plain(contactIn.input))
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, contactOut)(h.svc.Contacts.Update(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) deleteContact(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.Contacts.Delete(r.Context(), service.ViewerFrom(r.Context()), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) listAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := model.AuditFilter{Actor: q.Get("actor"), Kind: q.Get("kind"), Action: q.Get("action"), RecordID: q.Get("record"), Limit: 100}
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil {
			return model.Problems{"before": "must be an entry number"}
		}
		f.Before = n
	}
	es, err := h.svc.Audit.Entries(r.Context(), service.ViewerFrom(r.Context()), f)
	if err != nil {
		return err
	}
	items := make([]auditJSON, len(es))
	for i, e := range es {
		items[i] = auditJSON{Seq: e.Seq, At: e.At, Actor: e.Actor, ActorOrg: e.ActorOrg, Action: e.Action, Kind: e.Kind,
			RecordID: e.RecordID, Summary: e.Summary, Before: e.Before, After: e.After, Hash: e.Hash, Withheld: e.Withheld}
	}
	out := newList(items)
	if len(es) == f.Limit {
		q.Set("before", strconv.FormatInt(es[len(es)-1].Seq, 10))
		out.Next = Prefix + "/audit?" + q.Encode()
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
