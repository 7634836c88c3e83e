package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Reports keeps the States' national reports to the 1540 Committee
// (issue 16, item 1): the first report, addenda, additional information
// and replies — the documents matrix cells cite. A report is its State's
// record; the State's editors record their reports, and the Committee
// level records the reports the Committee received. A report's date is a
// recorded fact (History): its source, and any source that disagrees.
type Reports struct {
	db      *store.DB
	cat     *refdata.Catalog
	now     func() time.Time
	history *History
}

// ReportView is a report as one viewer sees it.
type ReportView struct {
	model.NationalReport
	StateName string
	Dated     Dating // the date's fact, its sources and whether it is disputed
	CanEdit   bool
}

func (s *Reports) view(v model.Viewer, r model.NationalReport) ReportView {
	return ReportView{NationalReport: r, StateName: s.cat.OrgName(r.State), CanEdit: policy.RecordOn(v, policy.ReportRecord(r)) == nil}
}

// CanAdd reports whether v may record a report of state.
func (s *Reports) CanAdd(v model.Viewer, state string) bool {
	return s.cat.State(state) != nil && policy.CanRecordFor(v, state)
}

// List returns the reports of state that v may read, in the order of their
// dates, each with its date's provenance.
func (s *Reports) List(ctx context.Context, v model.Viewer, state string) ([]ReportView, error) {
	st := s.cat.State(state)
	if st == nil {
		return nil, model.ErrNotFound
	}
	rs, err := s.db.NationalReports(ctx, v, st.Code)
	if err != nil {
		return nil, err
	}
	refs := make([]store.FactRef, len(rs))
	for i, r := range rs {
		refs[i] = store.FactRef{Kind: model.FactKindReport, RecordID: r.ID}
	}
	dated, err := s.history.datings(ctx, &s.db.Conn, refs)
	if err != nil {
		return nil, err
	}
	out := make([]ReportView, len(rs))
	for i, r := range rs {
		out[i] = s.view(v, r)
		out[i].Dated = dated[refs[i]][model.FactDated]
	}
	return out, nil
}

// Get returns one report v may read, with its date's provenance.
func (s *Reports) Get(ctx context.Context, v model.Viewer, id int64) (ReportView, error) {
	r, err := s.db.NationalReport(ctx, id)
	if err != nil {
		return ReportView{}, err
	}
	if err := policy.Read(v, policy.ReportRecord(r)); err != nil {
		return ReportView{}, err
	}
	return s.withDating(ctx, &s.db.Conn, v, r)
}

func (s *Reports) withDating(ctx context.Context, c *store.Conn, v model.Viewer, r model.NationalReport) (ReportView, error) {
	ref := store.FactRef{Kind: model.FactKindReport, RecordID: r.ID}
	dated, err := s.history.datings(ctx, c, []store.FactRef{ref})
	if err != nil {
		return ReportView{}, err
	}
	out := s.view(v, r)
	out.Dated = dated[ref][model.FactDated]
	return out, nil
}

// Readable reports whether v may read report id of state (a matrix
// cell's citation): ErrNotFound otherwise, as for a report that does not
// exist.
func (s *Reports) Readable(ctx context.Context, c *store.Conn, v model.Viewer, state string, id int64) (model.NationalReport, error) {
	r, err := c.NationalReport(ctx, id)
	if err != nil {
		return r, err
	}
	if r.State != state {
		return r, model.ErrNotFound
	}
	return r, policy.Read(v, policy.ReportRecord(r))
}

// Document returns a report's stored document, if v may read the report.
func (s *Reports) Document(ctx context.Context, v model.Viewer, id int64) (model.Document, []byte, error) {
	r, err := s.db.NationalReport(ctx, id)
	if err != nil {
		return model.Document{}, nil, err
	}
	if err := policy.Read(v, policy.ReportRecord(r)); err != nil {
		return model.Document{}, nil, err
	}
	if r.Document.IsZero() {
		return model.Document{}, nil, model.ErrNotFound
	}
	b, err := s.db.NationalReportContent(ctx, id)
	return r.Document, b, err
}

// Create records a report of state (its editors, or the Committee level
// for what the Committee received). Its date must not be in the future,
// before the resolution (28 April 2004) nor before the State's UN
// membership.
func (s *Reports) Create(ctx context.Context, v model.Viewer, state string, in model.NationalReportInput) (ReportView, error) {
	st := s.cat.State(state)
	if st == nil {
		return ReportView{}, model.Problems{"state": "there is no State with this code"}
	}
	if err := policy.RecordFor(v, st.Code); err != nil {
		return ReportView{}, err
	}
	mark, err := illustrative(v, in.Illustrative)
	if err != nil {
		return ReportView{}, err
	}
	r, probs := in.Apply(model.NationalReport{State: st.Code}, true)
	model.CheckReportDate(probs, r.Date, s.history.Today(), model.ReportFloors(st.Name, st.UNMemberSince))
	if len(probs) > 0 {
		return ReportView{}, probs
	}
	r.Illustrative = mark
	r.CreatedBy, r.CreatedByOrg = actor(v)
	var content []byte
	if len(in.Content) > 0 {
		content = in.Content
	}
	var out ReportView
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateNationalReport(ctx, &r, content); err != nil {
			return err
		}
		src := r.Source
		if src.IsZero() {
			src = model.Source{Title: reportCitation(r), URL: r.URL}
		}
		f, err := s.history.record(ctx, tx, v, r.State, model.FactKindReport, r.ID, model.FactDated, model.Dated{On: r.Date, Source: src, Recorded: true})
		if err != nil {
			return err
		}
		out = s.view(v, r)
		out.Dated = Dating{Fact: f, InForce: f.InForce()}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "report.create", Kind: "report", RecordID: r.ID,
			Summary: fmt.Sprintf("national report recorded for %s: %s, dated %s — source: %s", r.State, r.Type.Label(), r.Date, src.Label()), After: r})
	})
	return out, err
}

// reportCitation is how a report's own document is cited as the source of
// its date.
func reportCitation(r model.NationalReport) string {
	switch {
	case r.Symbol != "":
		return "the report itself (" + r.Symbol + ")"
	case r.Document.Filename != "":
		return "the report itself (" + r.Document.Filename + ")"
	}
	return "the report itself"
}

// Update changes a report (send the version read). Its date is recorded
// history and is not changed here: a source that gives another date is
// recorded on the date's fact, and the Committee decides.
func (s *Reports) Update(ctx context.Context, v model.Viewer, id int64, input Input[model.NationalReportInput]) (ReportView, error) {
	var out ReportView
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.NationalReport(ctx, id)
		if err != nil {
			return err
		}
		rec := policy.ReportRecord(cur)
		if err := policy.Read(v, rec); err != nil {
			return err
		}
		if err := policy.RecordOn(v, rec); err != nil {
			return err
		}
		in, err := input.read(model.NationalReportInput{})
		if err != nil {
			return err
		}
		if err := model.CheckVersion(in.Version, cur.Version); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return s.conflict(ctx, tx, v, cur, in.Version)
			}
			return err
		}
		if in.Date != nil {
			if d, err := model.ParseDate(*in.Date); err != nil || d != cur.Date {
				return model.Problems{"date": "a report's date is recorded history and is not changed: record the source that gives another date on the date itself (the Committee then decides)"}
			}
		}
		r, probs := in.Apply(cur, false)
		if len(probs) > 0 {
			return probs
		}
		var content []byte
		if len(in.Content) > 0 {
			content = in.Content
		}
		if err := tx.UpdateNationalReport(ctx, &r, content); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return s.conflict(ctx, tx, v, cur, in.Version)
			}
			return err
		}
		if out, err = s.withDating(ctx, &tx.Conn, v, r); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "report.update", Kind: "report", RecordID: r.ID,
			Summary: fmt.Sprintf("national report %d of %s changed", r.ID, r.State), Before: cur, After: r})
	})
	return out, err
}

func (s *Reports) conflict(ctx context.Context, tx *store.Tx, v model.Viewer, cur model.NationalReport, sent int64) error {
	view, err := s.withDating(ctx, &tx.Conn, v, cur)
	if err != nil {
		return err
	}
	return conflict(view, "svcmore.conflict.report", model.ArgNum(int(sent)), model.ArgNum(int(cur.Version)))
}
