package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"napx/internal/model"
	"napx/internal/service"
)

// Illustrative matrices for the SEE States and their neighbours, in
// several stages of the review, so that every demo account has something
// to do: Croatia's coordinator has an edition to comment on and agree to,
// the Committee's coordinator has Serbia's agreed edition to approve, the
// expert has Montenegro's and Türkiye's drafts to edit. Every edition is
// marked illustrative; every value is invented.

// matrixPlan is one State's editions: the share (in percent) of fields
// with an X and with a "?" in each, and the stage of each.
type matrixPlan struct {
	state    string
	editions []plannedEdition
}

type plannedEdition struct {
	x, q     int
	status   model.EditionStatus
	agreed   bool
	created  string // YYYY-MM-DD
	sent     string
	approved string
	note     string // the State's request for changes, for a draft sent back
	comments bool
}

var matrixPlans = []matrixPlan{
	{"HRV", []plannedEdition{
		{x: 48, q: 12, status: model.EditionApproved, created: "2014-06-02", sent: "2014-09-15", approved: "2014-11-20"},
		{x: 58, q: 10, status: model.EditionApproved, created: "2016-10-03", sent: "2016-12-12", approved: "2017-03-15"},
		{x: 66, q: 9, status: model.EditionWithState, created: "2017-10-16", sent: "2018-02-12", comments: true},
	}},
	{"SRB", []plannedEdition{
		{x: 45, q: 14, status: model.EditionApproved, created: "2013-02-11", sent: "2013-04-08", approved: "2013-06-27"},
		{x: 57, q: 11, status: model.EditionWithState, agreed: true, created: "2017-09-04", sent: "2017-11-20"},
	}},
	{"MNE", []plannedEdition{
		{x: 40, q: 15, status: model.EditionApproved, created: "2014-09-01", sent: "2014-12-01", approved: "2015-03-10"},
		{x: 47, q: 13, status: model.EditionDraft, created: "2018-01-22"},
	}},
	{"ALB", []plannedEdition{
		{x: 32, q: 15, status: model.EditionApproved, created: "2013-10-07", sent: "2014-01-13", approved: "2014-04-02"},
		{x: 44, q: 14, status: model.EditionApproved, created: "2017-05-08", sent: "2017-09-18", approved: "2018-01-25"},
	}},
	{"BIH", []plannedEdition{{x: 38, q: 16, status: model.EditionApproved, created: "2015-11-02", sent: "2016-02-01", approved: "2016-05-19"}}},
	{"MKD", []plannedEdition{
		{x: 39, q: 14, status: model.EditionApproved, created: "2014-11-03", sent: "2015-02-02", approved: "2015-06-11"},
		{x: 45, q: 12, status: model.EditionDraft, created: "2017-11-06", sent: "2018-01-15",
			note: "OP 3 (d): the 2017 amendments to the law on dual-use exports are not yet reflected (illustrative)"},
	}},
	{"GRC", []plannedEdition{{x: 74, q: 8, status: model.EditionApproved, created: "2015-03-02", sent: "2015-06-01", approved: "2015-09-24"}}},
	{"ROU", []plannedEdition{{x: 70, q: 9, status: model.EditionApproved, created: "2016-01-11", sent: "2016-04-04", approved: "2016-07-07"}}},
	{"BGR", []plannedEdition{{x: 67, q: 9, status: model.EditionApproved, created: "2015-06-01", sent: "2015-09-07", approved: "2015-12-10"}}},
	{"HUN", []plannedEdition{{x: 72, q: 8, status: model.EditionApproved, created: "2016-04-04", sent: "2016-07-04", approved: "2016-10-20"}}},
	{"SVN", []plannedEdition{{x: 65, q: 10, status: model.EditionApproved, created: "2015-09-07", sent: "2015-12-07", approved: "2016-03-17"}}},
	{"TUR", []plannedEdition{
		{x: 60, q: 11, status: model.EditionApproved, created: "2014-02-03", sent: "2014-05-05", approved: "2014-08-28"},
		{x: 64, q: 10, status: model.EditionDraft, created: "2018-02-05"},
	}},
	{"MDA", []plannedEdition{
		{x: 34, q: 16, status: model.EditionApproved, created: "2013-05-06", sent: "2013-08-05", approved: "2013-11-14"},
		{x: 41, q: 15, status: model.EditionWithState, created: "2017-08-07", sent: "2017-12-04"},
	}},
	{"UKR", []plannedEdition{{x: 55, q: 12, status: model.EditionApproved, created: "2015-02-02", sent: "2015-05-04", approved: "2015-08-13"}}},
}

// demoCell invents the value of a field in an edition: the same field
// keeps its place on the scale from one edition to the next, so a later
// edition with a higher share of X only adds measures.
func demoCell(state string, f string, row int, x, q int) model.MatrixCell {
	h := fnv.New32a()
	_, _ = h.Write([]byte(state + "/" + f))
	n := int(h.Sum32() % 100)
	c := model.MatrixCell{FieldID: f}
	switch {
	case n < x:
		c.Status = model.CellX
		c.Reference = fmt.Sprintf("Law on the control of dual-use goods (illustrative), art. %d", 3+row%20)
		c.Source = fmt.Sprintf("National report (illustrative), p. %d", 2+n%30)
	case n < x+q:
		c.Status = model.CellQ
		c.Reference = fmt.Sprintf("Criminal Code (illustrative), art. %d", 100+row)
		c.Remarks = "Illustrative: the provision cited may not cover every related item."
		c.Source = fmt.Sprintf("National report (illustrative), p. %d", 2+n%30)
	case n >= 98:
		c.Status = model.CellNA
		c.Remarks = "Illustrative: not applicable to this State."
	}
	return c
}

func day(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t.Add(10 * time.Hour)
}

func seedMatrix(ctx context.Context, svc *service.Services, note *Note) error {
	fields := svc.Matrix.Taxonomy().Fields
	for _, p := range matrixPlans {
		prev := map[string]model.MatrixCell{}
		var eds []service.IllustrativeEdition
		for _, pe := range p.editions {
			spec := service.IllustrativeEdition{Status: pe.status, Agreed: pe.agreed, Created: day(pe.created), Sent: day(pe.sent),
				Approved: day(pe.approved), Note: pe.note}
			for _, f := range fields {
				c := demoCell(p.state, f.ID, f.Row, pe.x, pe.q)
				if old, ok := prev[f.ID]; ok && old.SameContent(c) || !ok && c.Empty() {
					continue
				}
				c.UpdatedAt = spec.Created.AddDate(0, 0, 1+len(spec.Cells)%40)
				spec.Cells = append(spec.Cells, c)
				prev[f.ID] = c
			}
			if pe.comments {
				name := svc.Directory.Catalog().OrgName(p.state)
				spec.Comments = []model.MatrixComment{
					{FieldID: "OP3d-NW-17.LF", Body: "The brokering provisions were extended in 2017; please cite the amended article (illustrative).",
						Author: name + " point of contact (illustrative)", AuthorOrg: p.state},
					{FieldID: "OP3d-NW-17.LF", Body: "Thank you; could you send the page of the English version that we should cite? (illustrative)",
						Author: "1540 Committee experts (illustrative)", AuthorOrg: "UNSC1540"},
					{FieldID: "OP1-12", Body: "Our report of 2016 covers this; see page 7 (illustrative).",
						Author: name + " point of contact (illustrative)", AuthorOrg: p.state},
				}
			}
			eds = append(eds, spec)
		}
		if err := svc.Demo.MatrixEditions(ctx, system, p.state, eds); err != nil {
			return fmt.Errorf("matrix of %s: %w", p.state, err)
		}
	}
	note.Lines = append(note.Lines, "Matrices (illustrative): /matrix — Croatia's edition 3 awaits its coordinator, Serbia's edition 2 the Committee's approval.")
	return nil
}
