package service

import (
	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// How assistance (issue 11) and notifications (issue 10) travel in the
// export, and what one account's export holds of them: the rules of
// assistance's pages and API (policy.AssistanceRecord, RequestDetails,
// CommitteeNotes, RequestInsider, ProgrammeContactVisible), applied to
// rows. The reader's standing towards each request (a provider, matched)
// is found before any table is read row by row (prepareAssistance), as
// the events' standings are.

// assistanceExportTables are assistance's tables, parents first.
func assistanceExportTables() []ExportTable {
	const req, need, prog = "assistance_requests", "assistance_needs", "assistance_programmes"
	underReq := map[string]string{"request_id": req}
	underNeed := map[string]string{"need_id": need}
	underProg := map[string]string{"programme_id": prog}
	return []ExportTable{
		{Name: req, Key: []string{"owner_org", "created_at", "#"}, Read: readRequestRow},
		{Name: "assistance_request_groups", Key: []string{"request_id", "grp"}, Refs: underReq, Read: readUnder("request_id")},
		{Name: need, Key: []string{"request_id", "created_at", "#"}, Refs: underReq, Lists: map[string]string{"actions": "nap_actions"}, Read: readNeedRow},
		{Name: "assistance_need_modalities", Key: []string{"need_id", "modality"}, Refs: underNeed, Read: readUnder("need_id")},
		{Name: prog, Key: []string{"owner_org", "created_at", "#"}, Read: readProgrammeRow},
		{Name: "assistance_programme_areas", Key: []string{"programme_id", "area"}, Refs: underProg, Read: readUnder("programme_id")},
		{Name: "assistance_programme_modalities", Key: []string{"programme_id", "modality"}, Refs: underProg, Read: readUnder("programme_id")},
		{Name: "assistance_programme_groups", Key: []string{"programme_id", "grp"}, Refs: underProg, Read: readUnder("programme_id")},
		{Name: "assistance_programme_languages", Key: []string{"programme_id", "lang"}, Refs: underProg, Read: readUnder("programme_id")},
		{Name: "assistance_offers", Key: []string{"need_id", "programme_id"}, Refs: map[string]string{"need_id": need, "programme_id": prog},
			Read: func(s *scopeState, r *xrow) bool {
				// another provider's offer is the insiders'
				return s.needDetails(r.int("need_id"), r.str("provider_org")) && s.kept(prog, r.int("programme_id"))
			}},
		{Name: "assistance_matches", Key: []string{"need_id"}, Refs: map[string]string{"need_id": need, "programme_id": prog},
			Read: func(s *scopeState, r *xrow) bool {
				return s.needDetails(r.int("need_id"), "*") && s.kept(prog, r.int("programme_id"))
			}},
		{Name: "assistance_deliveries", Key: []string{"need_id", "created_at", "#"},
			Refs: map[string]string{"need_id": need, "match_id": "assistance_matches", "event_id": "events"},
			Read: func(s *scopeState, r *xrow) bool {
				return s.needDetails(r.int("need_id"), r.str("provider_org")) && s.kept("assistance_matches", r.int("match_id"))
			}},
		{Name: "assistance_feedback", Key: []string{"need_id", "created_at", "#"}, Refs: underNeed,
			Read: func(s *scopeState, r *xrow) bool {
				// the feedback on a need matched to the reader's organisation
				n := r.int("need_id")
				return s.needDetails(n, s.assist.matchOf[n])
			}},
		{Name: "assistance_history", Key: []string{"request_id", "at", "#"}, Refs: map[string]string{"request_id": req, "need_id": need},
			Read: func(s *scopeState, r *xrow) bool {
				st, ok := s.assist.requests[r.int("request_id")]
				if !ok || !s.kept(req, r.int("request_id")) || !st.details {
					return false
				}
				// the insiders' steps for the insiders and their actors
				b, _ := r.get("insiders").(bool)
				return !b || st.insider || (s.v.SignedIn() && r.str("actor_org") == s.v.Org())
			}},
	}
}

// assistScope is what an account's export knows of assistance before its
// rows are read.
type assistScope struct {
	provider bool                      // the reader's organisation keeps an open or closed programme
	needOf   map[int64]int64           // need -> request
	matchOf  map[int64]string          // need -> the provider it is matched to
	matched  map[int64]map[string]bool // request -> providers matched to one of its needs
	requests map[int64]requestStanding // the requests the reader may read
}

type requestStanding struct{ details, insider bool }

// prepareAssistance finds the reader's standing: whether its organisation
// is a provider, and the matches of every need.
func (s *scopeState) prepareAssistance(tables []*planTable) error {
	a := &assistScope{needOf: map[int64]int64{}, matchOf: map[int64]string{}, matched: map[int64]map[string]bool{}, requests: map[int64]requestStanding{}}
	s.assist = a
	byName := map[string]*planTable{}
	for _, t := range tables {
		byName[t.Name] = t
	}
	scan := func(name string, fn func(r *xrow)) error {
		t := byName[name]
		if t == nil {
			return nil
		}
		return s.c.ScanTable(s.ctx, t.info, "", nil, func(vals []store.Value) error {
			fn(&xrow{table: t, vals: vals})
			return nil
		})
	}
	err := scan("assistance_programmes", func(r *xrow) {
		st := model.ProgrammeStatus(r.str("status"))
		if s.v.SignedIn() && r.str("owner_org") == s.v.Org() && (st == model.ProgrammeOpen || st == model.ProgrammeClosed) {
			a.provider = true
		}
	})
	if err != nil {
		return err
	}
	if err := scan("assistance_needs", func(r *xrow) { a.needOf[r.int("id")] = r.int("request_id") }); err != nil {
		return err
	}
	return scan("assistance_matches", func(r *xrow) {
		n, p := r.int("need_id"), r.str("provider_org")
		a.matchOf[n] = p
		req := a.needOf[n]
		if a.matched[req] == nil {
			a.matched[req] = map[string]bool{}
		}
		a.matched[req][p] = true
	})
}

// needDetails reports whether the reader reads a need's details, and —
// outside the request's insiders — whether provider is its own
// organisation ("*": any provider).
func (s *scopeState) needDetails(need int64, provider string) bool {
	req, ok := s.assist.needOf[need]
	if !ok || !s.kept("assistance_needs", need) {
		return false
	}
	st := s.assist.requests[req]
	if !st.details {
		return false
	}
	return st.insider || provider == "*" || (s.v.SignedIn() && provider != "" && provider == s.v.Org())
}

// readRequestRow reads a request as its page does: the one policy on the
// procedure's visibility, the template's details for those who read them,
// the Committee's notes for the Committee.
func readRequestRow(s *scopeState, r *xrow) bool {
	id := r.int("id")
	shared := append([]string{}, s.shares[store.AssistanceKind][id]...)
	if g := r.str("group_code"); g != "" {
		shared = append(shared, g)
	}
	rec := policy.Record{Owner: r.str("owner_org"), Visibility: model.Visibility(r.str("visibility")), SharedWith: shared}
	if !policy.CanRead(s.v, rec) {
		return false
	}
	st := policy.AssistanceStanding{Provider: s.assist.provider, Matched: s.v.SignedIn() && s.assist.matched[id][s.v.Org()]}
	rs := requestStanding{details: policy.RequestDetails(s.v, rec, st), insider: policy.RequestInsider(s.v, rec)}
	s.assist.requests[id] = rs
	if !policy.CommitteeNotes(s.v, rec) {
		r.set("committee_notes", "")
	}
	if !rs.details {
		// the public summary: the requesters, the title, the status and the
		// summary text (the needs' areas, modalities and outcomes in theirs)
		for _, c := range []string{"nv_reference", "contact_name", "contact_function", "contact_email", "contact_phone", "beneficiaries",
			"description", "expected_outcome", "timeframe", "language", "received", "contacted"} {
			r.set(c, "")
		}
		for _, c := range []string{"nv_date", "submitted_at", "acknowledged_on", "objection_deadline", "window_closes_at", "objected_at",
			"circulated_at", "followup_due_at", "followup_at", "closed_at"} {
			r.set(c, nil)
		}
	}
	return true
}

// readNeedRow keeps a need with its request; outside those who read the
// request's details, only its area, modalities, position and outcome.
func readNeedRow(s *scopeState, r *xrow) bool {
	req := r.int("request_id")
	if !s.kept("assistance_requests", req) {
		return false
	}
	if !s.assist.requests[req].details {
		for _, c := range []string{"description", "elements", "actions", "outcome_note"} {
			r.set(c, "")
		}
	}
	return true
}

// readProgrammeRow reads a programme as the directory does: a draft is
// its provider's, the contact e-mail for signed-in accounts.
func readProgrammeRow(s *scopeState, r *xrow) bool {
	rec := policy.Record{Owner: r.str("owner_org"), Visibility: model.Visibility(r.str("visibility"))}
	if !policy.CanRead(s.v, rec) {
		return false
	}
	if !policy.FieldVisible(s.v, rec, model.VisParticipants) {
		r.set("contact_email", "")
	}
	return true
}

// readOwnRow keeps the reader's own row (settings are one's own, even for
// a coordinator whose export holds the organisation's accounts).
func readOwnRow(s *scopeState, r *xrow) bool {
	return s.v.SignedIn() && r.int("account_id") == s.v.ID()
}

// readOwnNotification keeps the reader's notifications still in the
// inbox, about a record the export holds (or about none: a security
// notice).
func readOwnNotification(s *scopeState, r *xrow) bool {
	if !readOwnRow(s, r) || r.get("hidden_at") != nil {
		return false
	}
	kind := r.str("record_kind")
	if kind == "" {
		return true
	}
	table, ok := map[string]string{"nap": "naps", "event": "events", store.AssistanceKind: "assistance_requests"}[kind]
	if !ok {
		return false // a kind of record this export does not decide: left out
	}
	id, ok := refID(r.get("record_id"))
	return ok && s.kept(table, id)
}

// readFollow keeps the reader's follows, a plan's or an event's only when
// the export holds it.
func readFollow(s *scopeState, r *xrow) bool {
	if !readOwnRow(s, r) {
		return false
	}
	t, ok := r.table.Poly.Tables[r.str("kind")]
	if !ok {
		return true // a State or a group: a code
	}
	id, ok := refID(r.get("target"))
	return ok && s.kept(t, id)
}
