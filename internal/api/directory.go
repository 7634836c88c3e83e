package api

import (
	"net/http"
	"strings"

	"napx/internal/httpx"
	"napx/internal/refdata"
	"napx/internal/service"
)

// stateJSON is a State on the wire.
type stateJSON struct {
	Code        string           `json:"code"`
	Alpha2      string           `json:"alpha2"`
	Name        string           `json:"name"`
	FormalName  string           `json:"formal_name"`
	Status      string           `json:"status" enum:"StateStatuses"`
	MemberSince string           `json:"un_member_since,omitempty"`
	CommonNames []string         `json:"common_names"`
	FormerNames []formerNameJSON `json:"former_names"`
	Groups      []string         `json:"groups"`
	Matched     string           `json:"matched,omitempty"`
	Names       namesJSON        `json:"names" doc:"today's short name in the six official languages of the UN: English is the UN's; the others are CLDR's common names (not UN terminology) except a few corrected from general knowledge (name_sources)"`
	NameSources namesJSON        `json:"name_sources" doc:"where each name comes from: un (the UN short name), cldr (CLDR through golang.org/x/text), general-knowledge (unverified)"`
}

// namesJSON is one text per official language of the UN (issue 17).
type namesJSON struct {
	Ar string `json:"ar"`
	Zh string `json:"zh"`
	En string `json:"en"`
	Fr string `json:"fr"`
	Ru string `json:"ru"`
	Es string `json:"es"`
}

func namesOf(m map[string]string) namesJSON {
	return namesJSON{Ar: m["ar"], Zh: m["zh"], En: m["en"], Fr: m["fr"], Ru: m["ru"], Es: m["es"]}
}

type formerNameJSON struct {
	Name     string `json:"name"`
	Kind     string `json:"kind" enum:"NameKinds"`
	From     string `json:"from,omitempty"`
	Until    string `json:"until"`
	Note     string `json:"note,omitempty"`
	Source   string `json:"source"`
	Verified bool   `json:"verified"`
	// Names: the former name in the six languages where known (issue 17;
	// drafts from general knowledge), else absent.
	Names *namesJSON `json:"names,omitempty" doc:"the former name in the six languages where known: draft translations from general knowledge, not checked against UNTERM"`
}

func (h *Handler) stateJSON(s *refdata.State, matched string) stateJSON {
	out := stateJSON{Code: s.Code, Alpha2: s.Alpha2, Name: s.Name, FormalName: s.FormalName, Status: s.Status,
		MemberSince: s.UNMemberSince, CommonNames: s.CommonNames, Matched: matched,
		Names: namesOf(s.Names), NameSources: namesOf(s.NameSources),
		FormerNames: []formerNameJSON{}, Groups: []string{}}
	if out.CommonNames == nil {
		out.CommonNames = []string{}
	}
	for _, f := range s.FormerNames {
		fj := formerNameJSON{Name: f.Name, Kind: f.Kind, From: f.From, Until: f.Until, Note: f.Note, Source: f.Source, Verified: f.Verified}
		if f.Names != nil {
			n := namesOf(f.Names)
			fj.Names = &n
		}
		out.FormerNames = append(out.FormerNames, fj)
	}
	for _, m := range h.svc.Directory.Catalog().GroupsOf(s.Code) {
		out.Groups = append(out.Groups, m.Group.Code)
	}
	return out
}

type groupJSON struct {
	Code        string       `json:"code"`
	Name        string       `json:"name"`
	Kind        string       `json:"kind"`
	Description string       `json:"description,omitempty"`
	Source      string       `json:"source"`
	Members     []memberJSON `json:"members"`
	Names       namesJSON    `json:"names" doc:"the group's name in the six official languages of the UN (issue 17): English is napx's reference data; the others un-usage or draft (name_sources), none checked against UNTERM yet"`
	NameSources namesJSON    `json:"name_sources" doc:"where each name comes from: reference-data (the English of napx's reference data, also where no translation is known), un-usage (believed to be the UN's own usage; unverified), draft (a draft translation)"`
}

type memberJSON struct {
	Code  string `json:"code"`
	Role  string `json:"role" enum:"MemberRoles"`
	Since string `json:"since,omitempty"`
	Note  string `json:"note,omitempty"`
}

type orgJSON struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Short   string   `json:"short,omitempty"`
	Kind    string   `json:"kind" enum:"OrgKinds"`
	Parent  string   `json:"parent,omitempty"`
	Website string   `json:"website,omitempty"`
	Aliases []string `json:"aliases"`
	Address string   `json:"address,omitempty"`
	Source  string   `json:"source"`
	// Names: issue 17, as for groups.
	Names       namesJSON `json:"names" doc:"the organisation's name in the six official languages of the UN (issue 17): English is napx's reference data; the others un-usage or draft (name_sources), none checked against UNTERM yet"`
	NameSources namesJSON `json:"name_sources" doc:"where each name comes from: reference-data, un-usage (believed to be the UN's own usage; unverified), draft"`
}

func (h *Handler) registerDirectory(rt *httpx.Router) {
	rt.Handle("GET", Prefix+"/states", h.wrap(h.listStates), httpx.Doc(httpx.Op{
		ID: "listStates", Tag: "reference", Public: true,
		Summary:     "All UN member and observer States (never paginated)",
		Description: "With `q`, only the States whose code, current, formal, common or former name contains it (case, accents and punctuation ignored). With `group`, only the members of that group.",
		Params: []httpx.Param{
			{Name: "q", In: "query", Description: "any name a State has or had, or its code", Schema: httpx.Schema{"type": "string", "maxLength": 200}},
			{Name: "group", In: "query", Description: "a group code, e.g. SEE", Schema: httpx.Schema{"type": "string"}},
		},
		Responses: map[int]httpx.Answer{200: {Description: "the States", Schema: listOf("State")}},
	}))
	rt.Handle("GET", Prefix+"/states/{code}", h.wrap(h.showState), httpx.Doc(httpx.Op{
		ID: "getState", Tag: "reference", Public: true, Summary: "One State by its alpha-3 code (any case)",
		Params:    []httpx.Param{{Name: "code", In: "path", Required: true, Description: "ISO 3166-1 alpha-3", Schema: httpx.Schema{"type": "string"}}},
		Responses: map[int]httpx.Answer{200: {Description: "the State", Schema: ref("State")}},
	}))
	rt.Handle("GET", Prefix+"/groups", h.wrap(h.listGroups), httpx.Doc(httpx.Op{
		ID: "listGroups", Tag: "reference", Public: true, Summary: "All groups of States with their members (never paginated)",
		Responses: map[int]httpx.Answer{200: {Description: "the groups", Schema: listOf("Group")}},
	}))
	rt.Handle("GET", Prefix+"/groups/{code}", h.wrap(h.showGroup), httpx.Doc(httpx.Op{
		ID: "getGroup", Tag: "reference", Public: true, Summary: "One group by code (any case)",
		Params:    []httpx.Param{{Name: "code", In: "path", Required: true, Schema: httpx.Schema{"type": "string"}}},
		Responses: map[int]httpx.Answer{200: {Description: "the group", Schema: ref("Group")}},
	}))
	rt.Handle("GET", Prefix+"/organizations", h.wrap(h.listOrganizations), httpx.Doc(httpx.Op{
		ID: "listOrganizations", Tag: "reference", Public: true,
		Summary:     "All organisations that are not States (never paginated)",
		Description: "A State's organisation code is its alpha-3 code; States are listed under /states.",
		Params: []httpx.Param{
			{Name: "q", In: "query", Description: "part of a name, alias or code", Schema: httpx.Schema{"type": "string"}},
			{Name: "kind", In: "query", Schema: httpx.Schema{"type": "string", "enum": []string{"committee", "secretariat", "international", "regional-centre", "programme"}}},
		},
		Responses: map[int]httpx.Answer{200: {Description: "the organisations", Schema: listOf("Organization")}},
	}))
	rt.Handle("GET", Prefix+"/organizations/{code}", h.wrap(h.showOrganization), httpx.Doc(httpx.Op{
		ID: "getOrganization", Tag: "reference", Public: true, Summary: "One organisation by code (any case)",
		Params:    []httpx.Param{{Name: "code", In: "path", Required: true, Schema: httpx.Schema{"type": "string"}}},
		Responses: map[int]httpx.Answer{200: {Description: "the organisation", Schema: ref("Organization")}},
	}))
}

func (h *Handler) listStates(w http.ResponseWriter, r *http.Request) error {
	q := service.StateQuery{Q: strings.TrimSpace(r.URL.Query().Get("q")), Group: strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("group")))}
	hits, err := h.svc.Directory.States(q)
	if err != nil {
		return err
	}
	items := make([]stateJSON, len(hits))
	for i, s := range hits {
		items[i] = h.stateJSON(s.State, s.Matched)
	}
	writeJSON(w, http.StatusOK, newList(items))
	return nil
}

func (h *Handler) showState(w http.ResponseWriter, r *http.Request) error {
	s, err := h.svc.Directory.State(r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.stateJSON(s, ""))
	return nil
}

func groupOut(g *refdata.Group) groupJSON {
	out := groupJSON{Code: g.Code, Name: g.Name, Kind: g.Kind, Description: g.Description, Source: g.Source, Members: []memberJSON{},
		Names: namesOf(g.Names), NameSources: namesOf(g.NameSources)}
	for _, m := range g.Members {
		out.Members = append(out.Members, memberJSON{Code: m.Code, Role: m.Role, Since: m.Since, Note: m.Note})
	}
	return out
}

func (h *Handler) listGroups(w http.ResponseWriter, r *http.Request) error {
	gs := h.svc.Directory.Groups()
	items := make([]groupJSON, len(gs))
	for i, g := range gs {
		items[i] = groupOut(g)
	}
	writeJSON(w, http.StatusOK, newList(items))
	return nil
}

func (h *Handler) showGroup(w http.ResponseWriter, r *http.Request) error {
	g, err := h.svc.Directory.Group(r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, groupOut(g))
	return nil
}

func orgOut(o *refdata.Organization) orgJSON {
	out := orgJSON{Code: o.Code, Name: o.Name, Short: o.Short, Kind: o.Kind, Parent: o.Parent, Website: o.Website, Names: namesOf(o.Names), NameSources: namesOf(o.NameSources),
		Aliases: o.Aliases, Address: o.Address, Source: o.Source}
	if out.Aliases == nil {
		out.Aliases = []string{}
	}
	return out
}

func (h *Handler) listOrganizations(w http.ResponseWriter, r *http.Request) error {
	orgs, err := h.svc.Directory.Organizations(service.OrgQuery{Q: strings.TrimSpace(r.URL.Query().Get("q")), Kind: strings.TrimSpace(r.URL.Query().Get("kind"))})
	if err != nil {
		return err
	}
	items := make([]orgJSON, len(orgs))
	for i, o := range orgs {
		items[i] = orgOut(o)
	}
	writeJSON(w, http.StatusOK, newList(items))
	return nil
}

func (h *Handler) showOrganization(w http.ResponseWriter, r *http.Request) error {
	o, err := h.svc.Directory.Organization(r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, orgOut(o))
	return nil
}
