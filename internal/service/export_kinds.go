package service

import (
	"encoding/json"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// The extension point of the whole-data export and import (issue 16,
// item 4): every feature registers its tables here, in one entry of
// exportKinds, parents before children. A table of the schema that is in
// no kind and not in notExported fails TestEveryTableIsExported, so a
// feature that lands later adds its kind (or says why its table does not
// travel) in this one place.

// ExportKind is one feature's records in the export.
type ExportKind struct {
	Name   string
	Tables []ExportTable
}

// ExportTable says how one table travels.
type ExportTable struct {
	Name string
	// Key names the columns of a row's stable key, for a merge into an
	// existing database: State codes, taxonomy IDs, event codes, e-mail
	// addresses, numbers within a parent, and the moment a record was
	// created — never a title, which changes. A column that references
	// another table (Refs, Poly) stands for that row's own key; "#" last is
	// the row's rank among the rows with the same other key parts, in ID
	// order (records made in one transaction share their creation time).
	Key []string
	// Refs maps a column to the table whose ID it holds: mapped to the
	// target's IDs on a merge, and — when the referenced row is not in a
	// reader's export — left out (NULL, or its Zero) so a scoped export
	// never points at what it does not hold.
	Refs map[string]string
	// Poly is a column whose table depends on another column's value
	// (history_facts.record_id by kind, record_shares.record_id by kind;
	// follows.target, a text column, holds a plan's or an event's ID as
	// text — a kind not in Tables holds a code that travels as it is).
	Poly *PolyRef
	// Lists maps a text column holding IDs separated by spaces to the
	// table they are of (an assistance need's NAP actions): mapped on a
	// merge, and those a reader's export does not hold left out.
	Lists map[string]string
	Omit  map[string]store.Value // columns never exported (secrets), with the value an import writes
	// Read decides a row for a scoped export (what one account may read):
	// keep it or not, and blank what the account may not see of it. It is
	// called only for rows whose references it needs were decided. nil: a
	// table of whole exports only.
	Read func(s *scopeState, r *xrow) bool
	// NoMerge: not merged into an existing database (the audit log, which
	// the target's own log records the merge in; installation settings).
	NoMerge bool
}

// PolyRef is a reference whose table depends on a kind column.
type PolyRef struct {
	Column, KindColumn string
	Tables             map[string]string // kind value -> table
}

// notExported are the tables that do not travel, with why.
var notExported = map[string]string{ // #nosec G101 -- table names and why they do not travel, not credentials
	"organizations":     "reference data, synced from the binary (an import checks every code it references exists)",
	"schema_migrations": "the schema's own version: an import needs the same columns, checked table by table",
	"audit_head":        "derived: an import sets it from the last entry of the log it copies",
	"sessions":          "secrets: sign-in sessions",
	"api_tokens":        "secrets: API tokens",
	"recovery_codes":    "secrets: second-factor recovery codes",
	"signin_throttle":   "housekeeping: sign-in failure counters",
	"calendar_feeds":    "secrets: personal calendar feeds",
	"import_previews":   "housekeeping: two-step import previews, an hour long",
	// The job engine (issue 10): River's own tables are its queue. A job is
	// work in flight about records that travel (a notice's fan-out, a mail,
	// a scan); the periodic scans find their work again from the records
	// (deadlines, windows, follow-ups, digests), so a database loaded from
	// an export starts with an empty queue and misses nothing.
	"river_job":          "the job engine's queue (River): work in flight, found again from the records by the periodic scans",
	"notice_outbox":      "the job engine's queue (napx's notice outbox, moved into River within a poll): work in flight",
	"river_leader":       "the job engine's leader election (River): one process's lease",
	"river_migration":    "the job engine's schema version (River), set by migration 0500",
	"river_queue":        "the job engine's queues (River): created by the workers",
	"river_client":       "the job engine's running clients (River)",
	"river_client_queue": "the job engine's running clients (River)",
	"river_notification": "the job engine's wake-ups (River on SQLite): transient",
	"oidc_flows":         "housekeeping and secrets: sign-ins under way (state, nonce, PKCE verifier), ten minutes long",
	"account_links":      "secrets: single-use links to set a password (an imported account gets one from napx user passwd or a new invitation)",
	// The search (issue 12): derived from the records, rebuilt by an import
	// in its transaction (store.Tx.Reindex) and by napx reindex.
	"search_index": "derived: the search index, rebuilt from the records by the import (and napx reindex)",
	"search_fts":   "derived: the search index's words (SQLite's FTS5), rebuilt with it",
	"search_meta":  "derived: what the search index was built from (the States' fingerprint)",
	// The guided matrix review (issue 18, item 4).
	"matrix_review_seen": "reading marks: which changes of an edition under review an account has read; a loaded database starts every review unread",
	// FTS5's own shadow tables behind search_fts (SQLite).
	"search_fts_config":  "derived: FTS5's shadow table of search_fts",
	"search_fts_data":    "derived: FTS5's shadow table of search_fts",
	"search_fts_docsize": "derived: FTS5's shadow table of search_fts",
	"search_fts_idx":     "derived: FTS5's shadow table of search_fts",
	// Open data (issue 20).
	"open_data_files": "derived: the open-data files, generated again from the public records by the job engine or on the first request",
}

// exportKinds are the features' tables, in the order they are written and
// imported (a table after every table it references).
func exportKinds() []ExportKind {
	return []ExportKind{
		{Name: "installation", Tables: []ExportTable{
			{Name: "settings", NoMerge: true},
		}},
		{Name: "accounts", Tables: []ExportTable{
			{Name: "accounts", Key: []string{"email"},
				Omit: map[string]store.Value{"password_hash": accountNoPassword, "totp_secret": nil, "totp_enabled": false, "totp_last_step": int64(0)},
				Read: func(s *scopeState, r *xrow) bool {
					v := s.v
					return r.int("id") == v.ID() || v.IsAdmin() || (v.Role() == model.RoleCoordinator && r.str("org_code") == v.Org())
				}},
		}},
		// Sign-in through OpenID providers (issue 19): the providers and their
		// organisations in whole exports; the client secret never travels
		// (an administrator enters it again: napx oidc add); a linked
		// identity is its account's own.
		{Name: "OpenID providers", Tables: []ExportTable{
			{Name: "oidc_providers", Key: []string{"issuer"}, Omit: map[string]store.Value{"client_secret": ""}},
			{Name: "oidc_provider_orgs", Key: []string{"provider_id", "org_code"}, Refs: map[string]string{"provider_id": "oidc_providers"}},
			{Name: "oidc_identities", Key: []string{"issuer", "subject"}, Refs: map[string]string{"account_id": "accounts"}, Read: readOwnRow},
		}},
		{Name: "points of contact", Tables: []ExportTable{
			{Name: "points_of_contact", Key: []string{"owner_org", "created_at", "#"}, Read: readOwned("poc")},
		}},
		{Name: "national reports", Tables: []ExportTable{
			{Name: "national_reports", Key: []string{"owner_org", "created_at", "#"}, Read: readOwned("report")},
		}},
		{Name: "NAPs", Tables: []ExportTable{
			{Name: "naps", Key: []string{"owner_org", "created_at", "#"}, Refs: map[string]string{"replaces": "naps"}, Read: readOwned("nap")},
			{Name: "nap_sections", Key: []string{"nap_id", "code"}, Refs: map[string]string{"nap_id": "naps"}, Read: readUnder("nap_id")},
			{Name: "nap_actions", Key: []string{"nap_id", "created_at", "#"}, Refs: map[string]string{"nap_id": "naps", "origin_id": "nap_actions"}, Read: readUnder("nap_id")},
			{Name: "nap_action_history", Key: []string{"action_id", "at", "#"}, Refs: map[string]string{"action_id": "nap_actions", "actor_id": "accounts"}, Read: readUnder("action_id")},
			// Joint actions (issue 14): a link travels when both its actions do.
			{Name: "nap_action_joints", Key: []string{"action_id", "partner_id"}, Refs: map[string]string{"action_id": "nap_actions", "partner_id": "nap_actions"},
				Read: func(s *scopeState, r *xrow) bool {
					return s.kept("nap_actions", r.int("action_id")) && s.kept("nap_actions", r.int("partner_id"))
				}},
			{Name: "nap_submissions", Key: []string{"nap_id", "number"}, Refs: map[string]string{"nap_id": "naps"}, Read: readUnder("nap_id")},
		}},
		{Name: "matrix", Tables: []ExportTable{
			{Name: "matrix_editions", Key: []string{"owner_org", "number"}, Read: readOwned("matrix")},
			{Name: "matrix_cells", Key: []string{"edition_id", "field_id"}, Refs: map[string]string{"edition_id": "matrix_editions", "report_id": "national_reports"},
				Read: func(s *scopeState, r *xrow) bool {
					if !s.kept("matrix_editions", r.int("edition_id")) {
						return false
					}
					if !s.matrixDetails(r.int("edition_id")) {
						r.set("updated_by", "") // who changed a cell is Committee-level (MatrixDetailsVisible)
					}
					return true
				}},
			{Name: "matrix_cell_history", Key: []string{"edition_id", "field_id", "at", "#"}, Refs: map[string]string{"edition_id": "matrix_editions", "report_id": "national_reports"},
				Read: readMatrixDetails},
			{Name: "matrix_comments", Key: []string{"edition_id", "at", "#"}, Refs: map[string]string{"edition_id": "matrix_editions"}, Read: readMatrixDetails},
			{Name: "matrix_events", Key: []string{"edition_id", "at", "#"}, Refs: map[string]string{"edition_id": "matrix_editions"}, Read: readMatrixDetails},
		}},
		{Name: "events", Tables: []ExportTable{
			{Name: "events", Key: []string{"owner_org", "code", "created_at", "#"}, Refs: map[string]string{"leads_to": "events"},
				Read: func(s *scopeState, r *xrow) bool {
					if !readOwned("event")(s, r) {
						return false
					}
					s.filterEventContacts(r)
					return true
				}},
			{Name: "event_partners", Key: []string{"event_id", "org"}, Refs: map[string]string{"event_id": "events"}, Read: readUnder("event_id")},
			{Name: "event_quotas", Key: []string{"event_id", "org"}, Refs: map[string]string{"event_id": "events"}, Read: readUnder("event_id")},
			{Name: "event_participants", Key: []string{"event_id", "nominated_at", "#"}, Refs: map[string]string{"event_id": "events"},
				Read: func(s *scopeState, r *xrow) bool {
					id := r.int("event_id")
					if !s.kept("events", id) {
						return false
					}
					rec, st := s.eventStanding(id)
					if !policy.ParticipantVisible(s.v, rec, r.str("org"), model.ParticipantStatus(r.str("status")), st) {
						return false
					}
					if !policy.NominationDetailsVisible(s.v, rec, r.str("org")) { // issue 18, item 9: the organiser and the delegation only
						for _, col := range []string{"title", "email", "gender", "arrival", "departure"} {
							r.set(col, "")
						}
						r.set("needs_funding", nil)
						r.set("needs_visa", nil)
					}
					return true
				}},
			{Name: "event_participant_history", Key: []string{"participant_id", "at", "#"}, Refs: map[string]string{"participant_id": "event_participants"},
				Read: readUnder("participant_id")},
			{Name: "event_sessions", Key: []string{"event_id", "day", "starts", "#"}, Refs: map[string]string{"event_id": "events"}, Read: readUnder("event_id")},
			{Name: "event_session_people", Key: []string{"session_id", "position"}, Refs: map[string]string{"session_id": "event_sessions", "account_id": "accounts"},
				Read: readUnder("session_id")},
			{Name: "event_materials", Key: []string{"event_id", "created_at", "#"}, Refs: map[string]string{"event_id": "events", "session_id": "event_sessions"},
				Read: func(s *scopeState, r *xrow) bool {
					id := r.int("event_id")
					if !s.kept("events", id) {
						return false
					}
					rec, st := s.eventStanding(id)
					released := r.time("release_at").IsZero() || !s.now.Before(r.time("release_at"))
					return policy.MaterialVisible(s.v, rec, model.Audience(r.str("audience")), released, st)
				}},
			{Name: "event_lessons", Key: []string{"event_id", "created_at", "#"}, Refs: map[string]string{"event_id": "events"}, Read: readUnder("event_id")},
			{Name: "event_followups", Key: []string{"event_id", "created_at", "#"}, Refs: map[string]string{"event_id": "events", "nap_action_id": "nap_actions"},
				Read: readUnder("event_id")},
			{Name: "event_followup_history", Key: []string{"followup_id", "at", "#"}, Refs: map[string]string{"followup_id": "event_followups"},
				Read: readUnder("followup_id")},
		}},
		{Name: "assistance", Tables: assistanceExportTables()},
		{Name: "practices", Tables: []ExportTable{
			{Name: "practices", Key: []string{"owner_org", "created_at", "#"}, Refs: map[string]string{"source_event": "events", "source_lesson": "event_lessons"},
				Read: func(s *scopeState, r *xrow) bool {
					if !readOwned("practice")(s, r) {
						return false
					}
					if !s.practiceReasons(r) {
						r.set("return_reason", "") // the reviewers' reasons: the owner and the Committee level
					}
					return true
				}},
			{Name: "practice_tags", Key: []string{"practice_id", "tag"}, Refs: map[string]string{"practice_id": "practices"}, Read: readUnder("practice_id")},
			{Name: "practice_links", Key: []string{"practice_id", "kind", "target"}, Refs: map[string]string{"practice_id": "practices"},
				Poly: &PolyRef{Column: "target", KindColumn: "kind", Tables: map[string]string{"practice": "practices", "action": "nap_actions"}},
				// A link travels when both ends do: a practice names an action
				// the reader may not read by nothing, not even its number.
				Read: func(s *scopeState, r *xrow) bool { return s.kept("practices", r.int("practice_id")) && readPoly(s, r) }},
			{Name: "practice_attachments", Key: []string{"practice_id", "created_at", "#"}, Refs: map[string]string{"practice_id": "practices"},
				Read: readUnder("practice_id")},
			{Name: "practice_history", Key: []string{"practice_id", "at", "#"}, Refs: map[string]string{"practice_id": "practices"},
				Read: func(s *scopeState, r *xrow) bool {
					if !s.kept("practices", r.int("practice_id")) {
						return false
					}
					if !s.reasonsOf[r.int("practice_id")] {
						r.set("reason", "")
					}
					return true
				}},
		}},
		{Name: "notifications", Tables: []ExportTable{
			// An inbox is its installation's: its notices name records by that
			// installation's IDs and keys, so a merge brings the records and not
			// the messages about them; a load keeps it whole.
			{Name: "notifications", Key: []string{"account_id", "notice_key"}, Refs: map[string]string{"account_id": "accounts"}, NoMerge: true,
				Read: readOwnNotification},
			{Name: "notification_settings", Key: []string{"account_id", "kind"}, Refs: map[string]string{"account_id": "accounts"}, Read: readOwnRow},
			{Name: "follows", Key: []string{"account_id", "kind", "target"}, Refs: map[string]string{"account_id": "accounts"},
				Poly: &PolyRef{Column: "target", KindColumn: "kind", Tables: map[string]string{string(model.FollowNAP): "naps", string(model.FollowEvent): "events"}},
				Read: readFollow},
			// The log of mail this installation sent: whole exports only (one
			// account's export holds its records, not the relay's log).
			{Name: "mail_log", Key: []string{"sent_at", "message_id", "#"}, NoMerge: true},
			// The scans' once-only notices: a restored database tells nobody
			// twice. Whole exports only, never merged (the keys name records
			// by this installation's IDs).
			{Name: "notice_keys", Key: []string{"notice_key"}, NoMerge: true},
		}},
		{Name: "recorded history", Tables: []ExportTable{
			{Name: "history_facts", Key: []string{"kind", "record_id", "fact"},
				Poly: &PolyRef{Column: "record_id", KindColumn: "kind", Tables: map[string]string{model.FactKindReport: "national_reports", model.FactKindNAP: "naps",
					model.FactKindSubmission: "nap_submissions", model.FactKindEdition: "matrix_editions"}},
				Read: readPoly},
			{Name: "history_claims", Key: []string{"fact_id", "recorded_at", "#"}, Refs: map[string]string{"fact_id": "history_facts"}, Read: readUnder("fact_id")},
		}},
		{Name: "sharing", Tables: []ExportTable{
			{Name: "record_shares", Key: []string{"kind", "record_id", "principal"},
				Poly: &PolyRef{Column: "record_id", KindColumn: "kind", Tables: map[string]string{"nap": "naps", "event": "events", "report": "national_reports", "poc": "points_of_contact",
					store.AssistanceKind: "assistance_requests"}},
				Read: readPoly},
		}},
		{Name: "translations", Tables: []ExportTable{
			// Issue 17: a record's translations travel with it and are read as it is.
			{Name: "record_translations", Key: []string{"kind", "record_id", "language"},
				Poly: &PolyRef{Column: "record_id", KindColumn: "kind", Tables: map[string]string{"nap": "naps", "practice": "practices", "event": "events",
					store.AssistanceKind: "assistance_requests", model.TranslationKindAction: "nap_actions"}},
				Read: readPoly},
		}},
		{Name: "audit log", Tables: []ExportTable{
			{Name: "audit_log", NoMerge: true},
		}},
	}
}

// accountNoPassword is the password hash an imported account gets: no
// password matches it (an administrator sets one: napx user passwd).
const accountNoPassword = "!imported: no password"

// readOwned is the rule of a State's (or an organisation's) own record:
// the one policy on its owner, visibility and shares.
func readOwned(kind string) func(*scopeState, *xrow) bool {
	return func(s *scopeState, r *xrow) bool {
		rec := policy.Record{Owner: r.str("owner_org"), Visibility: model.Visibility(r.str("visibility")), SharedWith: s.shares[kind][r.int("id")]}
		return policy.CanRead(s.v, rec)
	}
}

// readUnder is the rule of a part of a record: kept with its record.
func readUnder(col string) func(*scopeState, *xrow) bool {
	return func(s *scopeState, r *xrow) bool {
		t := r.table.Refs[col]
		return s.kept(t, r.int(col))
	}
}

// readPoly keeps a row whose record (by kind) is kept.
func readPoly(s *scopeState, r *xrow) bool {
	p := r.table.Poly
	t, ok := p.Tables[r.str(p.KindColumn)]
	return ok && s.kept(t, r.int(p.Column))
}

// readMatrixDetails keeps what the review keeps at the Committee level
// (every change, comments, review steps): for the State and the Committee
// level (policy.MatrixDetailsVisible).
func readMatrixDetails(s *scopeState, r *xrow) bool {
	id := r.int("edition_id")
	return s.kept("matrix_editions", id) && s.matrixDetails(id)
}

// filterEventContacts leaves out of an event's contacts those the reader
// may not see, and their details where they are narrower
// (policy.ContactVisible, model.ContactDetailsVisibility).
func (s *scopeState) filterEventContacts(r *xrow) {
	var cs []model.EventContact
	if err := json.Unmarshal([]byte(r.str("contacts")), &cs); err != nil {
		r.set("contacts", "[]")
		return
	}
	rec, st := s.eventStanding(r.int("id"))
	out := []model.EventContact{}
	for _, c := range cs {
		if !policy.ContactVisible(s.v, rec, c.Audience, st) {
			continue
		}
		if !policy.FieldVisible(s.v, rec, model.ContactDetailsVisibility) {
			c.Email, c.Phone = "", ""
		}
		out = append(out, c)
	}
	b, _ := json.Marshal(out)
	r.set("contacts", string(b))
}

// practiceReasons says whether the reader sees a practice's return
// reasons (the owner's writers, its reviewers, the Committee level: as
// the practice's page decides), and remembers it for its history rows.
func (s *scopeState) practiceReasons(r *xrow) bool {
	rec := policy.Record{Owner: r.str("owner_org"), Visibility: model.Visibility(r.str("visibility")), SharedWith: s.shares["practice"][r.int("id")]}
	ok := policy.CanWrite(s.v, rec) || policy.CanReviewPractice(s.v, rec) || s.v.CommitteeLevel()
	if s.reasonsOf == nil {
		s.reasonsOf = map[int64]bool{}
	}
	s.reasonsOf[r.int("id")] = ok
	return ok
}
