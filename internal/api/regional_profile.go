package api

import (
	"fmt"
	"net/http"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// profileJSON is a State's profile on the wire (issue 14, item 1). Each
// section lists what you may read; its "visible" is their number, and
// nothing counts what you may not read.
type profileJSON struct {
	State        stateJSON          `json:"state"`
	Contacts     profileSectionJSON `json:"contacts"`
	Plans        profileSectionJSON `json:"plans"`
	PlanInForce  *dashboardPlanJSON `json:"plan_in_force"`
	Coverage     *memberCoverage    `json:"coverage"`
	CoverageBy   []sectionShareJSON `json:"coverage_by_section"`
	CompareGroup string             `json:"compare_group,omitempty"`
	OpenGaps     int                `json:"open_gaps"`
	Reports      profileSectionJSON `json:"reports"`
	Events       profileSectionJSON `json:"events"`
	Asked        profileSectionJSON `json:"assistance_asked"`
	Offered      profileSectionJSON `json:"assistance_offered"`
	Received     profileSectionJSON `json:"assistance_received"`
	Practices    profileSectionJSON `json:"practices"`
	FollowUps    profileSectionJSON `json:"follow_ups" description:"follow-up actions the State owns, of events you may read (title, due date, status; href: the event)"`
}

type profileSectionJSON struct {
	Visible int               `json:"visible"`
	Items   []profileItemJSON `json:"items"`
}

type profileItemJSON struct {
	ID     int64  `json:"id"`
	Title  string `json:"title"`
	Date   string `json:"date,omitempty"`
	Status string `json:"status,omitempty"`
	Href   string `json:"href"`
	// Delegates (events only): the State's delegates you may see.
	Delegates []profileDelegateJSON `json:"delegates,omitempty"`
}

// profileDelegateJSON is one of the State's delegates to an event.
type profileDelegateJSON struct {
	Name     string `json:"name"`
	Function string `json:"function,omitempty"`
	Status   string `json:"status"`
}

type sectionShareJSON struct {
	Section string  `json:"section"`
	Title   string  `json:"title"`
	State   float64 `json:"state"`
	Median  float64 `json:"group_median"`
}

func (h *Handler) registerRegionalProfile(rt *httpx.Router) {
	rt.Handle("GET", Prefix+"/states/{code}/profile", h.wrap(h.stateProfile), httpx.Doc(httpx.Op{
		ID: "getStateProfile", Tag: "reference", Public: true, Summary: "Everything napx holds about one State that you may read",
		Description: "Each section lists only what you may read; `visible` is their number. The coverage by section stands beside the median of the State's region (else its UN regional group) over the members whose matrix you may read.",
		Params:      []httpx.Param{{Name: "code", In: "path", Required: true, Description: "ISO 3166-1 alpha-3, any case", Schema: httpx.Schema{"type": "string"}}},
		Responses:   map[int]httpx.Answer{200: {Description: "the profile", Schema: ref("StateProfile")}},
	}))
}

func section(items []profileItemJSON) profileSectionJSON {
	if items == nil {
		items = []profileItemJSON{}
	}
	return profileSectionJSON{Visible: len(items), Items: items}
}

func dateText(d model.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func (h *Handler) stateProfile(w http.ResponseWriter, r *http.Request) error {
	p, err := h.svc.Regional.Profile(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"))
	if err != nil {
		return err
	}
	out := profileJSON{State: h.stateJSON(p.State, ""), OpenGaps: p.OpenGaps, CoverageBy: []sectionShareJSON{}}
	var items []profileItemJSON
	for _, c := range p.Contacts {
		items = append(items, profileItemJSON{ID: c.ID, Title: c.Name, Date: dateText(c.ValidFrom), Href: fmt.Sprintf("/api/v1/points-of-contact/%d", c.ID)})
	}
	out.Contacts, items = section(items), nil
	for _, n := range p.Plans {
		items = append(items, profileItemJSON{ID: n.ID, Title: n.Title, Status: string(n.Status), Href: fmt.Sprintf("/api/v1/naps/%d", n.ID)})
	}
	out.Plans, items = section(items), nil
	if n := p.InForce.Plan; n != nil {
		out.PlanInForce = &dashboardPlanJSON{ID: n.ID, Title: n.Title, Status: n.Status, Period: n.Period(), Actions: p.InForce.Actions, Progress: p.InForce.Percent}
	}
	if p.Coverage.Has() {
		out.Coverage = &memberCoverage{Edition: p.Coverage.Edition, Status: p.Coverage.Status, Measured: round1(p.Coverage.Total.Share(model.CellX))}
	}
	if c := p.Compared; c != nil {
		out.CompareGroup = c.Group.Code
		for _, s := range c.Sections {
			out.CoverageBy = append(out.CoverageBy, sectionShareJSON{Section: s.Key, Title: s.Title, State: round1(s.State), Median: round1(s.Median)})
		}
	}
	for _, x := range p.Reports {
		items = append(items, profileItemJSON{ID: x.ID, Title: x.Title, Date: dateText(x.Date), Status: string(x.Type), Href: fmt.Sprintf("/api/v1/reports/%d", x.ID)})
	}
	out.Reports, items = section(items), nil
	for _, e := range p.Events {
		item := profileItemJSON{ID: e.ID, Title: e.Title, Date: dateText(e.Start), Href: fmt.Sprintf("/api/v1/events/%d", e.ID)}
		for _, d := range p.Delegates[e.ID] {
			item.Delegates = append(item.Delegates, profileDelegateJSON{Name: d.Name, Function: d.Function, Status: string(d.Status)})
		}
		items = append(items, item)
	}
	out.Events, items = section(items), nil
	for _, a := range p.Assistance.Asked {
		items = append(items, profileItemJSON{ID: a.ID, Title: a.Title, Status: string(a.Status), Href: fmt.Sprintf("/api/v1/assistance/requests/%d", a.ID)})
	}
	out.Asked, items = section(items), nil
	for _, a := range p.Assistance.Programmes {
		items = append(items, profileItemJSON{ID: a.ID, Title: a.Title, Href: fmt.Sprintf("/api/v1/assistance/programmes/%d", a.ID)})
	}
	out.Offered, items = section(items), nil
	for _, a := range p.Assistance.Received {
		items = append(items, profileItemJSON{ID: a.ID, Title: a.What, Date: dateText(a.Start), Href: fmt.Sprintf("/api/v1/assistance/requests/%d", a.RequestID)})
	}
	out.Received, items = section(items), nil
	for _, x := range p.Practices {
		items = append(items, profileItemJSON{ID: x.ID, Title: x.Title, Status: string(x.Status), Href: fmt.Sprintf("/api/v1/practices/%d", x.ID)})
	}
	out.Practices, items = section(items), nil
	for _, f := range p.FollowUps {
		items = append(items, profileItemJSON{ID: f.ID, Title: f.Title, Date: dateText(f.Due), Status: string(f.Status), Href: fmt.Sprintf("/api/v1/events/%d", f.EventID)})
	}
	out.FollowUps = section(items)
	writeJSON(w, http.StatusOK, out)
	return nil
}

func round1(x float64) float64 { return float64(int(x*10+0.5)) / 10 }
