package web

import (
	"html/template"
	"net/http"
	"slices"
	"strings"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

type homePage struct {
	Base
	States, Members, Observers, Groups, Organizations int
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	cat := h.svc.Directory.Catalog()
	p := &homePage{States: len(cat.States), Groups: len(cat.Groups), Organizations: len(cat.Organizations)}
	for _, s := range cat.States {
		if s.Status == "member" {
			p.Members++
		} else {
			p.Observers++
		}
	}
	p.Title, p.Section = h.printer(r).T("home.title"), "home"
	return h.render(w, r, http.StatusOK, "home", p)
}

type aboutPage struct {
	Base
	StateSources, GroupSources, OrgSources []refdata.Source
	Translations                           []translationStatus // issue 17: each language's catalogue, draft or reviewed
}

func (h *Handler) about(w http.ResponseWriter, r *http.Request) error {
	cat := h.svc.Directory.Catalog()
	p := &aboutPage{StateSources: cat.StateSources, GroupSources: cat.GroupSources, OrgSources: cat.OrgSources,
		Translations: h.translations()}
	p.Title = h.printer(r).T("about.title")
	return h.render(w, r, http.StatusOK, "about", p)
}

type statesPage struct {
	Base
	Q      string
	Group  string
	Groups []*refdata.Group
	States []service.StateHit
	Total  int
	Cat    *refdata.Catalog
}

func (h *Handler) listStates(w http.ResponseWriter, r *http.Request) error {
	q := service.StateQuery{Q: strings.TrimSpace(r.URL.Query().Get("q")), Group: strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("group")))}
	p := &statesPage{Q: q.Q, Group: q.Group, Groups: h.svc.Directory.Groups(), Cat: h.svc.Directory.Catalog(),
		Total: len(h.svc.Directory.Catalog().States)}
	p.Title, p.Section = h.printer(r).T("states.title"), "states"
	hits, err := h.svc.Directory.States(q)
	if probs, ok := model.AsProblems(err); ok {
		p.Problems = probs
		p.States = []service.StateHit{}
		return h.render(w, r, http.StatusUnprocessableEntity, "states", p)
	}
	if err != nil {
		return err
	}
	// In the reader's alphabetical order of the names the page shows (issue 17).
	lang := i18n.FromContext(r.Context())
	i18n.SortByName(lang, hits, func(s service.StateHit) string { return s.NameIn(lang) })
	p.States = hits
	return h.render(w, r, http.StatusOK, "states", p)
}

type statePage struct {
	Base
	State         *refdata.State
	Name          string // the State's name in the reader's language
	Memberships   []refdata.Membership
	Programmes    []*refdata.Organization
	Contacts      []service.ContactView
	CanAddContact bool
	Plans         []service.NAPView // the State's plans the viewer may read
	CanAddPlan    bool
	Events        template.HTML        // the table of the events the State was invited to (events.go), kept per reader
	Reports       []service.ReportView // the State's national reports the viewer may read, in date order
	CanAddReport  bool
	Assistance    service.StateAssistance // what it asked, offered and received (issue 11)
	Profile       service.StateProfile    // the profile (issue 14): what the sections list, the plan in force, coverage beside the group's median
	Progress      *chartView              // the plan in force's progress over time (nil: no plan or no history)
}

// stateEvents is the data of the fragment "state-events".
type stateEvents struct {
	State  *refdata.State
	Name   string // the State's name in the reader's language
	Events []stateEventRow
}

func (h *Handler) showState(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	s, err := h.svc.Directory.State(code)
	if err != nil {
		return err
	}
	if code != s.Code {
		redirect(w, r, "/states/"+s.Code, http.StatusMovedPermanently)
		return nil
	}
	cat := h.svc.Directory.Catalog()
	name := s.NameIn(i18n.FromContext(r.Context()))
	p := &statePage{State: s, Name: name, Memberships: cat.GroupsOf(s.Code)}
	for i := range cat.Organizations {
		if cat.Organizations[i].Parent == s.Code {
			p.Programmes = append(p.Programmes, &cat.Organizations[i])
		}
	}
	v := service.ViewerFrom(r.Context())
	prof, err := h.svc.Regional.Profile(r.Context(), v, s.Code)
	if err != nil {
		return err
	}
	p.Profile = prof
	p.Contacts, p.Plans, p.Reports, p.Assistance = prof.Contacts, prof.Plans, prof.Reports, h.stateAssistanceNames(r, prof.Assistance)
	p.CanAddContact = h.svc.Contacts.CanAdd(v, s.Code)
	p.CanAddPlan = h.svc.NAPs.CanStart(v, s.Code)
	p.Events, err = h.fragment(r, "state", "state-events", service.ReaderKey(v)+"\x00"+s.Code, func() (any, error) {
		rows, err := h.stateEvents(r, s.Code, prof.Delegates)
		return stateEvents{State: s, Name: name, Events: rows}, err
	})
	if err != nil {
		return err
	}
	if n := prof.InForce.Plan; n != nil {
		if p.Progress, err = h.progressChart(r, n.ID); err != nil {
			return err
		}
	}
	p.CanAddReport = h.svc.Reports.CanAdd(v, s.Code)
	p.Title, p.Section = name, "states"
	p.FlashOn = FlashOn{Of: name}
	return h.render(w, r, http.StatusOK, "state", p)
}

type groupsPage struct {
	Base
	Groups []*refdata.Group
}

func (h *Handler) listGroups(w http.ResponseWriter, r *http.Request) error {
	p := &groupsPage{Groups: h.svc.Directory.Groups()}
	p.Title, p.Section = h.printer(r).T("groups.title"), "groups"
	return h.render(w, r, http.StatusOK, "groups", p)
}

type groupPage struct {
	Base
	Group *refdata.Group
	Cat   *refdata.Catalog
	// The group's map and participation chart (maps.go, charts.go).
	Data          service.MapData
	SVG           template.HTML
	Layers        []mapLayerLink
	Groups        []*refdata.Group // none: the group page has no area choice
	SVGHref       string
	Source        string
	Participation *chartView
	// The dashboard (issue 14): members' plans and coverage, common gaps
	// (the fragment group_dashboard, executed with Dashboard set).
	Dashboard     service.GroupDashboard
	DashboardHTML template.HTML
	// The map section and the members' table, executed as fragments.
	MapHTML, MembersHTML template.HTML
}

func (h *Handler) showGroup(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	g, err := h.svc.Directory.Group(code)
	if err != nil {
		return err
	}
	if code != g.Code {
		redirect(w, r, "/groups/"+g.Code, http.StatusMovedPermanently)
		return nil
	}
	p := &groupPage{Group: g, Cat: h.svc.Directory.Catalog()}
	p.Lang = i18n.Get(i18n.FromContext(r.Context()))
	v := service.ViewerFrom(r.Context())
	// The map, its table and the participation chart are the same for every
	// reader with the same reader key and layer; the members' table for
	// everyone: each is executed once per data version and language.
	layer := r.URL.Query().Get("layer")
	if p.MapHTML, err = h.fragment(r, "group", "group_map", service.ReaderKey(v)+"\x00"+g.Code+"\x00"+layer, func() (any, error) {
		mp := &groupPage{Group: g, Cat: p.Cat}
		mp.Lang = p.Lang
		return mp, h.groupMap(r, mp)
	}); err != nil {
		return err
	}
	if p.MembersHTML, err = h.fragment(r, "group", "group_members", g.Code, func() (any, error) {
		return p, nil
	}); err != nil {
		return err
	}
	// The dashboard is the same for every reader with the same reader key
	// (the service keeps it so): executed once per data version and
	// language, then placed into the page.
	if p.DashboardHTML, err = h.fragment(r, "group", "group_dashboard", service.ReaderKey(v)+"\x00"+g.Code, func() (any, error) {
		d, err := h.svc.Regional.Dashboard(r.Context(), v, g.Code)
		if err != nil {
			return nil, err
		}
		// The service's dashboard is shared between readers: the members
		// named in the reader's language are a copy.
		d.Members = slices.Clone(d.Members)
		for i := range d.Members {
			d.Members[i].Name = h.orgName(r, d.Members[i].State)
		}
		return &groupPage{Dashboard: d}, nil
	}); err != nil {
		return err
	}
	p.Title, p.Section = h.groupName(r, g.Code), "groups"
	return h.render(w, r, http.StatusOK, "group", p)
}

type orgsPage struct {
	Base
	Q, Kind string
	Kinds   []model.OrgKind
	Orgs    []*refdata.Organization
}

func (h *Handler) listOrganizations(w http.ResponseWriter, r *http.Request) error {
	q := service.OrgQuery{Q: strings.TrimSpace(r.URL.Query().Get("q")), Kind: strings.TrimSpace(r.URL.Query().Get("kind"))}
	p := &orgsPage{Q: q.Q, Kind: q.Kind, Kinds: []model.OrgKind{model.OrgCommittee, model.OrgSecretariat,
		model.OrgInternational, model.OrgRegionalCentre, model.OrgProgramme}}
	p.Title, p.Section = h.printer(r).T("organizations.title"), "organizations"
	orgs, err := h.svc.Directory.Organizations(q)
	if probs, ok := model.AsProblems(err); ok {
		p.Problems = probs
		return h.render(w, r, http.StatusUnprocessableEntity, "organizations", p)
	}
	if err != nil {
		return err
	}
	lang := i18n.FromContext(r.Context())
	cat := h.svc.Directory.Catalog()
	i18n.SortByName(lang, orgs, func(o *refdata.Organization) string { return cat.OrgNameIn(o.Code, lang) })
	p.Orgs = orgs
	return h.render(w, r, http.StatusOK, "organizations", p)
}

type orgPage struct {
	Base
	Org         *refdata.Organization
	Memberships []refdata.Membership
	ParentName  string
}

func (h *Handler) showOrganization(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if s := h.svc.Directory.Catalog().State(code); s != nil {
		// A State's organisation code is its alpha-3 code: its page is the State page.
		redirect(w, r, "/states/"+s.Code, http.StatusMovedPermanently)
		return nil
	}
	o, err := h.svc.Directory.Organization(code)
	if err != nil {
		return err
	}
	if code != o.Code {
		redirect(w, r, "/organizations/"+o.Code, http.StatusMovedPermanently)
		return nil
	}
	cat := h.svc.Directory.Catalog()
	p := &orgPage{Org: o, Memberships: cat.GroupsOf(o.Code)}
	if o.Parent != "" {
		p.ParentName = h.orgName(r, o.Parent)
	}
	p.Title, p.Section = h.orgName(r, o.Code), "organizations"
	return h.render(w, r, http.StatusOK, "organization", p)
}
