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
	writeJSON(w, http.StatusOK, out)
	return nil
}
