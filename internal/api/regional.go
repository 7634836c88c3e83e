package api

import (
	"net/http"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// dashboardJSON is a group's dashboard on the wire (issue 14).
type dashboardJSON struct {
	Group           string                `json:"group"`
	GroupName       string                `json:"group_name"`
	Members         []dashboardMemberJSON `json:"members"`
	PlansVisible    int                   `json:"plans_visible" description:"members with a plan you may read"`
	MatricesVisible int                   `json:"matrices_visible" description:"members with a matrix you may read: the base of the common gaps"`
	CommonGaps      []commonGapJSON       `json:"common_gaps" description:"matrix fields more than half of matrices_visible lack (no X, not NA), most widely missing first; at most 25"`
	CommonGapsTotal int                   `json:"common_gaps_total"`
	JointActions    []jointActionJSON     `json:"joint_actions" description:"actions you may read, of members or joint with a member's action you may read, declared joint with other States' actions; at most 50"`
	JointTotal      int                   `json:"joint_actions_total"`
	EventsComing    []groupEventJSON      `json:"events_coming" description:"events that invited members and have not ended, soonest first; at most 10"`
	EventsPast      []groupEventJSON      `json:"events_past" description:"events that invited members and ended, most recent first; at most 10"`
	ComingTotal     int                   `json:"events_coming_total"`
	PastTotal       int                   `json:"events_past_total"`
	OpenNeeds       []areaNeedsJSON       `json:"open_needs_by_area" description:"open needs of the assistance requests for the group you may read, by thematic area"`
}

type groupEventJSON struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Kind  string `json:"kind"`
	Start string `json:"start"`
	End   string `json:"end"`
}

type areaNeedsJSON struct {
	Area  string `json:"area"`
	Label string `json:"label"`
	Open  int    `json:"open"`
}

// jointActionJSON is a joint action on a dashboard: the declaring action
// and each partner (visible: false, and nothing else, for one you may not
// read).
type jointActionJSON struct {
	Action   jointJSON   `json:"action"`
	Partners []jointJSON `json:"partners"`
}

type dashboardMemberJSON struct {
	State string `json:"state"`
	Name  string `json:"name"`
	// Plan is the latest plan you may read (withdrawn plans aside); null: none visible to you.
	Plan     *dashboardPlanJSON `json:"plan"`
	Coverage *memberCoverage    `json:"coverage"`
}

type dashboardPlanJSON struct {
	ID       int64           `json:"id"`
	Title    string          `json:"title"`
	Status   model.NAPStatus `json:"status"`
	Period   string          `json:"period"`
	Actions  int             `json:"actions"`
	Progress int             `json:"progress" description:"share of the actions completed, in percent"`
}

type memberCoverage struct {
	Edition  int                 `json:"edition"`
	Status   model.EditionStatus `json:"status"`
	Measured float64             `json:"measured" description:"share of the matrix's fields with a measure (X), in percent"`
}

type commonGapJSON struct {
	Field     string            `json:"field"`
	Label     string            `json:"label"`
	Missing   int               `json:"missing"`
	States    []string          `json:"states"`
	Practices []gapPracticeJSON `json:"practices"`
}

type gapPracticeJSON struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Submitter string `json:"submitter"`
}

func (h *Handler) registerRegional(rt *httpx.Router) {
	rt.Handle("GET", Prefix+"/groups/{code}/dashboard", h.wrap(h.groupDashboard), httpx.Doc(httpx.Op{
		ID: "getGroupDashboard", Tag: "reference", Public: true, Summary: "A group's dashboard: its members' plans and coverage, and their common gaps",
		Description: "Every figure counts only what you may read: a plan or matrix you may not read is shown as none and moves no count.",
		Params:      []httpx.Param{{Name: "code", In: "path", Required: true, Description: "a group code (any case), e.g. SEE", Schema: httpx.Schema{"type": "string"}}},
		Responses:   map[int]httpx.Answer{200: {Description: "the dashboard", Schema: ref("GroupDashboard")}},
	}))
}

func (h *Handler) groupDashboard(w http.ResponseWriter, r *http.Request) error {
	d, err := h.svc.Regional.Dashboard(r.Context(), service.ViewerFrom(r.Context()), r.PathValue("code"))
	if err != nil {
		return err
	}
	out := dashboardJSON{Group: d.Group.Code, GroupName: d.Group.Name, PlansVisible: d.Plans, MatricesVisible: d.Matrices,
		Members: []dashboardMemberJSON{}, CommonGaps: []commonGapJSON{}, CommonGapsTotal: d.CommonGapsTotal}
	for _, m := range d.Members {
		mj := dashboardMemberJSON{State: m.State, Name: m.Name}
		if m.Plan != nil {
			mj.Plan = &dashboardPlanJSON{ID: m.Plan.ID, Title: m.Plan.Title, Status: m.Plan.Status, Period: m.Plan.Period(),
				Actions: m.Actions, Progress: m.Percent}
		}
		if m.Coverage.Has() {
			mj.Coverage = &memberCoverage{Edition: m.Coverage.Edition, Status: m.Coverage.Status,
				Measured: round1(m.Coverage.Total.Share(model.CellX))}
		}
		out.Members = append(out.Members, mj)
	}
	for _, g := range d.CommonGaps {
		gj := commonGapJSON{Field: g.Field.ID, Label: g.Field.Label, Missing: g.Missing, States: g.States, Practices: []gapPracticeJSON{}}
		for _, p := range g.Practices {
			gj.Practices = append(gj.Practices, gapPracticeJSON{ID: p.ID, Title: p.Title, Submitter: p.Submitter})
		}
		out.CommonGaps = append(out.CommonGaps, gj)
	}
	out.JointActions, out.JointTotal = []jointActionJSON{}, d.JointActionsTotal
	for _, j := range d.JointActions {
		ja := jointActionJSON{Action: jointOut(service.JointPartner{Visible: true, Action: j.Action, State: j.State}), Partners: []jointJSON{}}
		for _, p := range j.Partners {
			ja.Partners = append(ja.Partners, jointOut(p))
		}
		out.JointActions = append(out.JointActions, ja)
	}
	ev := func(es []model.Event) []groupEventJSON {
		out := make([]groupEventJSON, len(es))
		for i, e := range es {
			out[i] = groupEventJSON{ID: e.ID, Title: e.Title, Kind: string(e.Kind), Start: e.Start.String(), End: e.End.String()}
		}
		return out
	}
	out.EventsComing, out.EventsPast, out.ComingTotal, out.PastTotal = ev(d.EventsComing), ev(d.EventsPast), d.EventsComingTotal, d.EventsPastTotal
	out.OpenNeeds = []areaNeedsJSON{}
	for _, a := range d.OpenNeeds.Areas {
		out.OpenNeeds = append(out.OpenNeeds, areaNeedsJSON{Area: a, Label: h.svc.Assistance.Codes().AreaLabel(a), Open: d.OpenNeeds.Total.Counts[a]})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
