package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/service"
)

// The demo's National Implementation Action Plans: one for each of the six
// South-East European States of the seed workshop, in every status (one
// published, some submitted, adopted, drafts, one withdrawn), and Croatia's
// 2015–2019 plan with 45 actions and a realistic history of status and
// progress. All of it is invented and marked illustrative: titles carry
// "(illustrative)", the data carry the illustrative flag, and the pages a
// badge. No plan, date or action here is a fact about any State.

// demoTheme is one kind of action, repeated per weapon type.
type demoTheme struct {
	title   string // with %s for the weapon type in words
	section string
	area    string // the element ID without weapon and column, e.g. OP3d-%s-01
	column  string // LF or EN
	lead    string
	support []string
	target  string
	help    string // assistance needed (empty: none)
}

var demoThemes = []demoTheme{
	{"Amend the criminal code: offences for %s weapons by non-State actors", "NAP-06", "OP2-%s-01", "LF", "Ministry of Justice (illustrative)", []string{"Ministry of Foreign and European Affairs (illustrative)"}, "amendment in force", ""},
	{"Penalties for financing %s proliferation", "NAP-06", "OP2-%s-11", "EN", "Ministry of Finance (illustrative)", []string{"Financial Intelligence Office (illustrative)"}, "regulation adopted", ""},
	{"National register of %s-related materials", "NAP-05", "OP3a-%s-03", "LF", "National regulator (illustrative)", []string{"Ministry of the Interior (illustrative)"}, "register covering all holders", "IAEA or OPCW expert advice on register design"},
	{"Inspections of facilities holding %s-related items", "NAP-05", "OP3b-%s-04", "EN", "Inspectorate (illustrative)", nil, "two inspections per facility a year", ""},
	{"Detection equipment at border crossings (%s)", "NAP-05", "OP3c-%s-02", "EN", "Customs Administration (illustrative)", []string{"Border Police (illustrative)"}, "all road crossings equipped", "detection equipment and training"},
	{"Train customs officers in recognising %s dual-use goods", "NAP-08", "OP3c-%s-01", "EN", "Customs Administration (illustrative)", []string{"Ministry of Economy (illustrative)"}, "120 officers trained", "train-the-trainer course"},
	{"Update the national control list (%s items)", "NAP-06", "OP3d-%s-08", "LF", "Ministry of Economy (illustrative)", nil, "list aligned with the EU dual-use list", ""},
	{"Catch-all clause for %s end uses", "NAP-06", "OP3d-%s-12", "LF", "Ministry of Economy (illustrative)", []string{"Ministry of Foreign and European Affairs (illustrative)"}, "clause in the export control law", ""},
	{"Brokering controls for %s-related items", "NAP-06", "OP3d-%s-17", "LF", "Ministry of Economy (illustrative)", nil, "brokers registered", ""},
	{"Outreach to industry and universities on %s export controls", "NAP-08", "OP3d-%s-13", "EN", "Ministry of Economy (illustrative)", []string{"Chamber of Commerce (illustrative)"}, "four seminars a year", ""},
	{"Regional exchange on %s transit controls", "NAP-09", "OP3d-%s-14", "EN", "Ministry of Foreign and European Affairs (illustrative)", []string{"RACVIAC (illustrative role)"}, "one regional meeting a year", ""},
	{"Emergency response exercise (%s scenario)", "NAP-05", "OP3b-%s-01", "EN", "Civil Protection Directorate (illustrative)", []string{"Ministry of Health (illustrative)"}, "one national exercise", "exercise design support"},
	{"Secure transport rules for %s materials", "NAP-05", "OP3a-%s-08", "LF", "Ministry of the Interior (illustrative)", nil, "rules adopted", ""},
	{"Licensing procedure guide for %s exports", "NAP-05", "OP3d-%s-02", "EN", "Ministry of Economy (illustrative)", nil, "guide published", ""},
	{"Annual review of %s measures by the working group", "NAP-11", "OP3d-%s-06", "EN", "Inter-ministerial working group (illustrative)", nil, "review report each year", ""},
}

var weaponWords = map[string]string{"NW": "nuclear", "CW": "chemical", "BW": "biological"}

var demoComments = []string{
	"quarterly review of the working group",
	"draft circulated to the ministries concerned",
	"consultation with the Committee's experts",
	"progress reported at the regional workshop",
	"budget approved for the year",
	"first phase delivered",
	"text agreed by the working group",
}

// at is a demo date at 10:00 UTC.
func at(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) }

// croatianHistory builds a plausible history for action i of the 45:
// created when the plan was adopted, then moved on at the working group's
// quarterly reviews; most finish by their due date, some slip, a few are
// delayed or cancelled, and some are still open today.
func croatianHistory(i int, start, due time.Time) ([]model.ActionChange, model.ActionStatus) {
	who := []string{"coordinator@hrv.demo.napx", "editor@hrv.demo.napx"}
	h := []model.ActionChange{{At: at(2015, 3, 16), Actor: who[0], Status: model.ActionPlanned, Progress: 0, Comment: "action adopted with the plan"}}
	fate := i % 9 // 0-5: completed, 6: delayed, 7: still in progress, 8: cancelled or completed late
	prev, prevP := model.ActionPlanned, 0
	t := start
	step := 0
	for p := 20; ; p += 20 + (i%3)*5 {
		t = t.AddDate(0, 3+(i+step)%3, (i*7)%20)
		step++
		end := due
		if fate == 7 || fate == 6 {
			end = due.AddDate(1, 0, 0)
		}
		if t.After(end) || p >= 100 {
			break
		}
		if fate == 6 && p >= 40 {
			h = append(h, model.ActionChange{At: t, Actor: who[step%2], Status: model.ActionDelayed, Progress: prevP, PrevStatus: prev, PrevProgress: prevP,
				Comment: "awaiting the parliament's agenda"})
			return h, model.ActionDelayed
		}
		h = append(h, model.ActionChange{At: t, Actor: who[step%2], Status: model.ActionInProgress, Progress: p, PrevStatus: prev, PrevProgress: prevP,
			Comment: demoComments[(i+step)%len(demoComments)]})
		prev, prevP = model.ActionInProgress, p
	}
	switch {
	case fate == 7:
		return h, prev
	case fate == 8 && i%2 == 0:
		h = append(h, model.ActionChange{At: t, Actor: who[0], Status: model.ActionCancelled, Progress: prevP, PrevStatus: prev, PrevProgress: prevP,
			Comment: "merged into another action by the working group"})
		return h, model.ActionCancelled
	}
	done := due.AddDate(0, 0, -(i%5)*9)
	if fate == 8 {
		done = due.AddDate(0, 7, 0) // late
	}
	if !done.After(h[len(h)-1].At) {
		done = h[len(h)-1].At.AddDate(0, 1, 0)
	}
	h = append(h, model.ActionChange{At: done, Actor: who[i%2], Status: model.ActionCompleted, Progress: 100, PrevStatus: prev, PrevProgress: prevP,
		Comment: "completed: " + []string{"act published in the official gazette", "report accepted by the working group", "delivered as planned"}[i%3]})
	return h, model.ActionCompleted
}

func croatianPlan() service.IllustrativePlan {
	p := service.IllustrativePlan{CreatedAt: at(2014, 11, 3),
		Submissions: []time.Time{at(2015, 6, 1), at(2017, 9, 1), at(2019, 3, 15)},
		NAP: model.NAP{State: "HRV", Type: model.NAPType1540, Title: "National Implementation Action Plan 2015–2019 (illustrative)",
			PeriodStart: 2015, PeriodEnd: 2019, Status: model.NAPSubmitted, Authority: "Government of Croatia (illustrative)",
			AdoptedOn: model.MustDate("2015-03-12"), Sections: map[string]string{
				"NAP-01": "Adopted by the Government on 12 March 2015 for 2015–2019 (illustrative demo text).",
				"NAP-02": "An inter-ministerial working group chaired by the Ministry of Foreign and European Affairs coordinates the plan. It brings together the ministries of justice, the interior, economy, finance and health, the customs administration, the nuclear regulator and civil protection.\n\nThe 1540 point of contact is the working group's secretary. (Illustrative demo text.)",
				"NAP-03": "The baseline is the 1540 matrix approved by the Committee and the national report of 2014. Gaps were found in brokering controls, the catch-all clause, detection equipment at the borders and penalties for financing. Each action names the matrix fields it addresses. (Illustrative demo text.)",
				"NAP-04": "First: export and transit controls (OP 3 d) and border detection (OP 3 c). Second: accounting and physical protection (OP 3 a–b). Third: the remaining prohibitions of OP 2. (Illustrative demo text.)",
				"NAP-07": "Assistance is sought for detection equipment, for training customs officers and for the design of the national register. (Illustrative demo text.)",
				"NAP-09": "Cooperation through RACVIAC, the OSCE and bilateral partners in the region. (Illustrative demo text.)",
				"NAP-11": "The working group meets every quarter, reports to the Government each year and reviews the plan with the Committee's experts at mid-term. (Illustrative demo text.)",
			}},
	}
	i := 0
	for _, th := range demoThemes {
		for _, w := range []string{"NW", "CW", "BW"} {
			start := at(2015+i%3, time.Month(1+(i*5)%12), 1)
			due := start.AddDate(1+i%3, (i*2)%6, 0)
			if due.Year() > 2019 {
				due = at(2019, time.Month(6+i%6), 30)
			}
			hist, _ := croatianHistory(i, start, due)
			elem := fmt.Sprintf(th.area, w) + "." + th.column
			a := model.NAPAction{Title: fmt.Sprintf(th.title, weaponWords[w]) + " (illustrative)", Section: th.section,
				Priority: []string{"high", "medium", "low"}[i%3], Start: model.DateOf(start), Due: model.DateOf(due),
				Elements: []string{elem}, Lead: th.lead, Supporting: th.support, IndicatorBaseline: "none in 2014",
				IndicatorTarget: th.target, AssistanceNeeded: th.help != "" && w != "BW", AssistanceWhat: th.help}
			if hist[len(hist)-1].Status == model.ActionCompleted {
				a.IndicatorActual = th.target
			}
			p.Actions = append(p.Actions, service.IllustrativeAction{Action: a, History: hist})
			i++
		}
	}
	return p
}

// smallPlan is a plan with a few simple actions (and their history).
func smallPlan(state, title string, from, to int, status model.NAPStatus, adopted string, subs []time.Time, actions []string, sections map[string]string) service.IllustrativePlan {
	p := service.IllustrativePlan{CreatedAt: at(from-1, 10, 1), Submissions: subs,
		NAP: model.NAP{State: state, Type: model.NAPType1540, Title: title, PeriodStart: from, PeriodEnd: to, Status: status, Sections: sections}}
	if adopted != "" {
		p.NAP.Authority, p.NAP.AdoptedOn = "Government (illustrative)", model.MustDate(adopted)
	}
	fields := []string{"OP3d-NW-01.LF", "OP3c-CW-02.EN", "OP2-BW-03.LF", "OP3a-NW-07.EN", "OP3d-CW-05.LF", "OP1-12", "OP3b-BW-02.LF", "OP3c-NW-04.EN"}
	who := "coordinator@" + strings.ToLower(state) + ".demo.napx (illustrative)"
	for i, t := range actions {
		start := at(from, time.Month(2+i%9), 1)
		due := at(from+1+i%(to-from+1), time.Month(1+(i*4)%12), 28)
		if due.Year() > to {
			due = at(to, 12, 31)
		}
		h := []model.ActionChange{{At: start, Actor: who, Status: model.ActionPlanned, Comment: "action added"}}
		if status != model.NAPDraft && i%3 != 2 {
			prog := 30 + (i*25)%70
			st := model.ActionInProgress
			if i%4 == 0 {
				prog, st = 100, model.ActionCompleted
			}
			h = append(h, model.ActionChange{At: start.AddDate(0, 8, 0), Actor: who, Status: st, Progress: prog, PrevStatus: model.ActionPlanned,
				Comment: demoComments[i%len(demoComments)]})
		}
		p.Actions = append(p.Actions, service.IllustrativeAction{History: h, Action: model.NAPAction{Title: t + " (illustrative)",
			Section: []string{"NAP-05", "NAP-06", "NAP-08", "NAP-09"}[i%4], Start: model.DateOf(start), Due: model.DateOf(due),
			Elements: []string{fields[i%len(fields)]}, Lead: "Ministry of Foreign Affairs (illustrative)", IndicatorTarget: "done",
			AssistanceNeeded: i%3 == 1, AssistanceWhat: map[bool]string{true: "expert advice"}[i%3 == 1]}})
	}
	return p
}

func seedNAPs(ctx context.Context, svc *service.Services, note *Note) error {
	hrv, hrvActions, err := svc.Demo.Plan(ctx, system, croatianPlan())
	if err != nil {
		return fmt.Errorf("the Croatian plan: %w", err)
	}
	// Croatia's draft revision: the open actions of 2015–2019 carried over
	// (each remembers the one it continues), and new ones.
	rev := service.IllustrativePlan{CreatedAt: at(2020, 1, 20), NAP: model.NAP{State: "HRV", Type: model.NAPType1540,
		Title: "National Implementation Action Plan 2020–2024 (draft, illustrative)", PeriodStart: 2020, PeriodEnd: 2024,
		Status: model.NAPDraft, Replaces: hrv.ID, Sections: map[string]string{
			"NAP-02": "The inter-ministerial working group continues; the health and civil protection authorities join as full members. (Illustrative demo text.)",
			"NAP-03": "Baseline: the results of the 2015–2019 plan and the updated matrix. (Illustrative demo text.)",
		}}}
	for _, a := range hrvActions {
		if !a.Status.Open() {
			continue
		}
		c := a
		c.ID, c.OriginID = 0, a.ID
		c.Start, c.Due = model.NewDate(2020, 3, 1), model.NewDate(2021, 12, 31)
		rev.Actions = append(rev.Actions, service.IllustrativeAction{Action: c, History: []model.ActionChange{{At: at(2020, 1, 20),
			Actor: "coordinator@hrv.demo.napx", Status: c.Status, Progress: c.Progress, Comment: "carried over from the 2015–2019 plan"}}})
	}
	for i, t := range []string{"Biosecurity rules for laboratories (illustrative)", "Controls on intangible transfers of technology (illustrative)",
		"Proliferation financing risk assessment (illustrative)"} {
		rev.Actions = append(rev.Actions, service.IllustrativeAction{Action: model.NAPAction{Title: t, Section: "NAP-05",
			Start: model.NewDate(2020, time.Month(4+i), 1), Due: model.NewDate(2022+i, 6, 30), Elements: []string{[]string{"OP3b-BW-02.LF", "OP3d-NW-13.LF", "OP2-NW-11.EN"}[i]},
			Lead: "Ministry of Foreign and European Affairs (illustrative)"},
			History: []model.ActionChange{{At: at(2020, 2, 1), Actor: "editor@hrv.demo.napx", Status: model.ActionPlanned, Comment: "new in the revision"}}})
	}
	if _, _, err := svc.Demo.Plan(ctx, system, rev); err != nil {
		return fmt.Errorf("the Croatian revision: %w", err)
	}
	plans := []service.IllustrativePlan{
		smallPlan("SRB", "National Action Plan for the implementation of resolution 1540, 2012–2016 (illustrative)", 2012, 2016, model.NAPPublished, "2012-04-20",
			[]time.Time{at(2012, 6, 1), at(2015, 5, 20)}, []string{"Export control law amendments", "Customs training programme", "National control list update",
				"Outreach to chemical industry", "Physical protection regulation", "Review meeting with the Committee"},
			map[string]string{"NAP-02": "A national working group monitors the plan. (Illustrative demo text.)", "NAP-11": "The working group reviews the plan each year and met the Committee's experts for a review. (Illustrative demo text.)"}),
		smallPlan("MNE", "1540 National Action Plan 2016–2020 (illustrative)", 2016, 2020, model.NAPSubmitted, "2016-02-10",
			[]time.Time{at(2016, 4, 1)}, []string{"Law on export control of dual-use goods", "Radiation detection at the port", "Biosafety inspection rules",
				"Training for prosecutors", "Regional transit cooperation"}, map[string]string{"NAP-02": "The Ministry of Foreign Affairs coordinates. (Illustrative demo text.)"}),
		smallPlan("MKD", "National Action Plan for resolution 1540, 2018–2022 (illustrative)", 2018, 2022, model.NAPAdopted, "2018-05-15",
			nil, []string{"Criminal code amendments", "Border detection equipment", "Control list alignment", "Industry outreach"}, nil),
		smallPlan("BIH", "Draft 1540 action plan 2019–2023 (illustrative)", 2019, 2023, model.NAPDraft, "",
			nil, []string{"Inter-agency coordination body", "Gap analysis against the matrix", "Customs risk profiles"}, nil),
		smallPlan("ALB", "Draft action plan 2017–2021 (withdrawn, illustrative)", 2017, 2021, model.NAPWithdrawn, "",
			nil, []string{"Legislative review", "Licensing system"}, nil),
		smallPlan("ALB", "Draft 1540 action plan 2021–2025 (illustrative)", 2021, 2025, model.NAPDraft, "",
			nil, []string{"Legislative review", "Licensing system", "Border police training"}, nil),
	}
	for _, p := range plans {
		if _, _, err := svc.Demo.Plan(ctx, system, p); err != nil {
			return fmt.Errorf("plan of %s: %w", p.NAP.State, err)
		}
	}
	note.Lines = append(note.Lines, "Plans: /naps (illustrative plans of the six SEE States); the state of play: /state-of-play")
	return nil
}
