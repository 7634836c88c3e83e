package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
)

// AssistanceKind is the kind of a request in record_shares (its
// co-requesters and its group).
const AssistanceKind = "assistance"

const requestColumns = `r.id, r.owner_org, r.visibility, r.group_code, r.title, r.nv_date, r.nv_reference, r.contact_name, r.contact_function,
	r.contact_email, r.contact_phone, r.beneficiaries, r.description, r.expected_outcome, r.timeframe, r.language, r.received, r.contacted,
	r.summary, r.committee_notes, r.status, r.submitted_at, r.acknowledged_on, r.objection_deadline, r.window_closes_at, r.deadline_known,
	r.objected_at, r.circulated_at, r.followup_due_at, r.followup_at, r.closed_at, r.illustrative, r.created_at, r.updated_at, r.version`

func scanRequest(row scanner) (model.AssistanceRequest, error) {
	var r model.AssistanceRequest
	var beneficiaries string
	var submitted, closes, objected, circulated, due, followed, closed sql.NullTime
	err := row.Scan(&r.ID, &r.Owner, &r.Visibility, &r.Group, &r.Title, &r.NoteVerbaleDate, &r.NoteVerbaleRef, &r.Contact.Name, &r.Contact.Function,
		&r.Contact.Email, &r.Contact.Phone, &beneficiaries, &r.Description, &r.ExpectedOutcome, &r.Timeframe, &r.Language, &r.Received, &r.Contacted,
		&r.Summary, &r.CommitteeNotes, &r.Status, &submitted, &r.Acknowledged, &r.Deadline, &closes, &r.DeadlineKnown,
		&objected, &circulated, &due, &followed, &closed, &r.Illustrative, &r.CreatedAt, &r.UpdatedAt, &r.Version)
	if err != nil {
		return r, translate(err)
	}
	r.Beneficiaries = splitLines(beneficiaries)
	r.SubmittedAt, r.WindowCloses, r.ObjectedAt, r.CirculatedAt = nullTime(submitted), nullTime(closes), nullTime(objected), nullTime(circulated)
	r.FollowUpDue, r.FollowUpAt, r.ClosedAt = nullTime(due), nullTime(followed), nullTime(closed)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	r.CoRequesters = []string{}
	return r, nil
}

// AssistanceRequest returns one request with its needs (their modalities
// and matches) and co-requesters, regardless of who asks; the service
// decides who may see it.
func (c *Conn) AssistanceRequest(ctx context.Context, id int64) (model.AssistanceRequest, error) {
	return c.assistanceRequest(ctx, id, "")
}

// AssistanceRequestForUpdate is AssistanceRequest inside a write
// transaction, locking the request's row until it ends.
func (tx *Tx) AssistanceRequestForUpdate(ctx context.Context, id int64) (model.AssistanceRequest, error) {
	return tx.assistanceRequest(ctx, id, tx.forUpdate())
}

func (c *Conn) assistanceRequest(ctx context.Context, id int64, suffix string) (model.AssistanceRequest, error) {
	r, err := scanRequest(c.queryRow(ctx, `SELECT `+requestColumns+` FROM assistance_requests r WHERE r.id = $1`+suffix, id))
	if err != nil {
		return r, fmt.Errorf("store: assistance request %d: %w", id, err)
	}
	rs := []model.AssistanceRequest{r}
	if err := c.fillRequests(ctx, rs); err != nil {
		return r, err
	}
	return rs[0], nil
}

// fillRequests adds the co-requesters and the needs (with modalities and
// matches) to rs, in three queries whatever their number.
func (c *Conn) fillRequests(ctx context.Context, rs []model.AssistanceRequest) error {
	if len(rs) == 0 {
		return nil
	}
	ids := make([]int64, len(rs))
	at := map[int64]int{}
	for i, r := range rs {
		ids[i], at[r.ID] = r.ID, i
	}
	shares, err := c.SharesOf(ctx, AssistanceKind, ids)
	if err != nil {
		return err
	}
	for i := range rs {
		r := &rs[i]
		for _, p := range shares[r.ID] {
			if p != r.Group {
				r.CoRequesters = append(r.CoRequesters, p)
			}
		}
	}
	needs, err := c.needsOf(ctx, ids)
	if err != nil {
		return err
	}
	for _, n := range needs {
		i := at[n.RequestID]
		rs[i].Needs = append(rs[i].Needs, n)
	}
	for i := range rs {
		if rs[i].Needs == nil {
			rs[i].Needs = []model.AssistanceNeed{}
		}
	}
	return nil
}

const needColumns = `n.id, n.request_id, n.position, n.area, n.description, n.elements, n.actions, n.outcome, n.outcome_note, n.created_at, n.updated_at, n.version`

func scanNeed(row scanner) (model.AssistanceNeed, error) {
	var n model.AssistanceNeed
	var elements, actions string
	err := row.Scan(&n.ID, &n.RequestID, &n.Position, &n.Area, &n.Description, &elements, &actions, &n.Outcome, &n.OutcomeNote,
		&n.CreatedAt, &n.UpdatedAt, &n.Version)
	if err != nil {
		return n, translate(err)
	}
	n.Elements = splitLines(elements)
	n.Actions = []int64{}
	for _, s := range strings.Fields(actions) {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			n.Actions = append(n.Actions, id)
		}
	}
	n.Modalities = []string{}
	n.CreatedAt, n.UpdatedAt = n.CreatedAt.UTC(), n.UpdatedAt.UTC()
	return n, nil
}

// needsOf returns the needs of the requests ids, in each request's order,
// with their modalities and confirmed matches.
func (c *Conn) needsOf(ctx context.Context, ids []int64) ([]model.AssistanceNeed, error) {
	args := []any{}
	in := placeholders(&args, toAny(ids))
	needs, err := queryAll(ctx, c, scanNeed, `SELECT `+needColumns+` FROM assistance_needs n WHERE n.request_id IN (`+in+`) ORDER BY n.request_id, n.position, n.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: needs: %w", err)
	}
	return needs, c.fillNeeds(ctx, needs, "n.request_id IN ("+in+")", args)
}

// fillNeeds adds modalities and matches to needs selected by where (over
// assistance_needs n).
func (c *Conn) fillNeeds(ctx context.Context, needs []model.AssistanceNeed, where string, args []any) error {
	if len(needs) == 0 {
		return nil
	}
	at := map[int64]int{}
	for i, n := range needs {
		at[n.ID] = i
	}
	type pair struct {
		need int64
		code string
	}
	mods, err := queryAll(ctx, c, func(s scanner) (pair, error) {
		var p pair
		return p, s.Scan(&p.need, &p.code)
	}, `SELECT nm.need_id, nm.modality FROM assistance_need_modalities nm JOIN assistance_needs n ON n.id = nm.need_id WHERE `+where+` ORDER BY nm.need_id, nm.modality`, args...)
	if err != nil {
		return fmt.Errorf("store: need modalities: %w", err)
	}
	for _, m := range mods {
		if i, ok := at[m.need]; ok {
			needs[i].Modalities = append(needs[i].Modalities, m.code)
		}
	}
	matches, err := queryAll(ctx, c, scanMatch, `SELECT `+matchColumns+` FROM assistance_matches m JOIN assistance_needs n ON n.id = m.need_id
		JOIN assistance_programmes p ON p.id = m.programme_id WHERE `+where, args...)
	if err != nil {
		return fmt.Errorf("store: matches: %w", err)
	}
	for _, m := range matches {
		if i, ok := at[m.NeedID]; ok {
			needs[i].Match = &m
		}
	}
	return nil
}

// AssistanceNeed returns one need with its modalities and match.
func (c *Conn) AssistanceNeed(ctx context.Context, id int64) (model.AssistanceNeed, error) {
	return c.assistanceNeed(ctx, id, "")
}

// AssistanceNeedForUpdate is AssistanceNeed, locking the need's row.
func (tx *Tx) AssistanceNeedForUpdate(ctx context.Context, id int64) (model.AssistanceNeed, error) {
	return tx.assistanceNeed(ctx, id, tx.forUpdate())
}

func (c *Conn) assistanceNeed(ctx context.Context, id int64, suffix string) (model.AssistanceNeed, error) {
	n, err := scanNeed(c.queryRow(ctx, `SELECT `+needColumns+` FROM assistance_needs n WHERE n.id = $1`+suffix, id))
	if err != nil {
		return n, fmt.Errorf("store: need %d: %w", id, err)
	}
	ns := []model.AssistanceNeed{n}
	if err := c.fillNeeds(ctx, ns, "n.id = $1", []any{id}); err != nil {
		return n, err
	}
	return ns[0], nil
}

// NeedRequestID returns the request a need belongs to.
func (c *Conn) NeedRequestID(ctx context.Context, needID int64) (int64, error) {
	var id int64
	if err := c.queryRow(ctx, `SELECT request_id FROM assistance_needs WHERE id = $1`, needID).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: need %d: %w", needID, translate(err))
	}
	return id, nil
}

// RequestQuery is what a list of requests needs besides the filter: the
// viewer's standing, for the field-level rule of the search.
type RequestQuery struct {
	model.RequestFilter
	// Provider says the viewer's organisation is a provider: it reads the
	// details of circulated requests, so its search looks into them.
	Provider bool
}

// AssistanceRequests lists the requests v may read that match q, newest
// first, with their needs. A search looks into the title and the summary,
// and into the details only where v reads them (policy.RequestDetails as
// SQL), so a word of a description never finds a request for someone who
// may not read that description.
func (c *Conn) AssistanceRequests(ctx context.Context, v model.Viewer, q RequestQuery) ([]model.AssistanceRequest, error) {
	where, args := requestWhere(v, q)
	rs, err := queryAll(ctx, c, scanRequest, `SELECT `+requestColumns+` FROM assistance_requests r WHERE `+where+` ORDER BY r.created_at DESC, r.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: assistance requests: %w", err)
	}
	return rs, c.fillRequests(ctx, rs)
}

// requestWhere is the WHERE clause of q for requests aliased r, the policy
// filter first.
func requestWhere(v model.Viewer, q RequestQuery) (string, []any) {
	pf := policy.ReadFilter(v, "r", AssistanceKind, 1)
	conds := []string{pf.SQL}
	args := append([]any{}, pf.Args...)
	f := q.RequestFilter
	if len(f.States) > 0 {
		in := placeholders(&args, toAny(f.States))
		conds = append(conds, "(r.owner_org IN ("+in+") OR EXISTS (SELECT 1 FROM record_shares s WHERE s.kind = '"+AssistanceKind+
			"' AND s.record_id = r.id AND s.principal IN ("+in+")))")
	}
	if f.Status != "" {
		args = append(args, string(f.Status))
		conds = append(conds, fmt.Sprintf("r.status = $%d", len(args)))
	}
	if f.Area != "" {
		args = append(args, f.Area)
		conds = append(conds, fmt.Sprintf("EXISTS (SELECT 1 FROM assistance_needs an WHERE an.request_id = r.id AND an.area = $%d)", len(args)))
	}
	if f.Group != "" {
		args = append(args, f.Group)
		conds = append(conds, fmt.Sprintf("EXISTS (SELECT 1 FROM assistance_request_groups g WHERE g.request_id = r.id AND g.grp = $%d)", len(args)))
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			conds = append(conds, "1 = 0")
		} else {
			conds = append(conds, "r.id IN ("+placeholders(&args, toAny(f.IDs))+")")
		}
	}
	if f.Query != "" {
		args = append(args, "%"+LikeContains(strings.ToLower(f.Query))+"%")
		like := fmt.Sprintf("$%d", len(args))
		search := fmt.Sprintf("LOWER(r.title) LIKE %[1]s ESCAPE '\\' OR LOWER(r.summary) LIKE %[1]s ESCAPE '\\'", like)
		details := fmt.Sprintf("LOWER(r.description) LIKE %[1]s ESCAPE '\\' OR LOWER(r.expected_outcome) LIKE %[1]s ESCAPE '\\'"+
			" OR EXISTS (SELECT 1 FROM assistance_needs sn WHERE sn.request_id = r.id AND LOWER(sn.description) LIKE %[1]s ESCAPE '\\')", like)
		if cond, dargs := detailsCondition(v, q.Provider, len(args)+1); cond != "" {
			args = append(args, dargs...)
			search += " OR ((" + cond + ") AND (" + details + "))"
		}
		conds = append(conds, "("+search+")")
	}
	return strings.Join(conds, " AND "), args
}

// detailsCondition is policy.RequestDetails as SQL over the rows the read
// filter kept: a row that is not public is read only by its insiders; a
// public one's details by the requesters, the Committee level and the
// providers. "" means never (anonymous visitors).
func detailsCondition(v model.Viewer, provider bool, next int) (string, []any) {
	switch {
	case v.IsSystem(), v.CommitteeLevel():
		return "1 = 1", nil
	case !v.SignedIn():
		return "", nil
	case provider:
		return "1 = 1", nil
	}
	ps := v.Principals()
	holders := make([]string, len(ps))
	args := make([]any, len(ps))
	for i, p := range ps {
		holders[i], args[i] = fmt.Sprintf("$%d", next+i), p
	}
	in := strings.Join(holders, ", ")
	return "r.visibility <> 'public' OR r.owner_org IN (" + in + ") OR EXISTS (SELECT 1 FROM record_shares ds WHERE ds.kind = '" + AssistanceKind +
		"' AND ds.record_id = r.id AND ds.principal IN (" + in + ")) OR EXISTS (SELECT 1 FROM assistance_matches dm JOIN assistance_needs dn ON dn.id = dm.need_id" +
		" WHERE dn.request_id = r.id AND dm.provider_org = " + holders[0] + ")", args
}

// CreateAssistanceRequest inserts r with its needs, shares and groups, and
// sets the IDs, times and version.
func (tx *Tx) CreateAssistanceRequest(ctx context.Context, r *model.AssistanceRequest, groups []string) error {
	now := tx.Now()
	if r.CreatedAt.IsZero() {
		r.CreatedAt = now
	}
	r.UpdatedAt = r.CreatedAt
	id, err := tx.insertID(ctx, `INSERT INTO assistance_requests (owner_org, visibility, group_code, title, nv_date, nv_reference, contact_name,
		contact_function, contact_email, contact_phone, beneficiaries, description, expected_outcome, timeframe, language, received, contacted,
		summary, committee_notes, status, illustrative, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22, 1) RETURNING id`,
		r.Owner, string(r.Visibility), r.Group, r.Title, r.NoteVerbaleDate, r.NoteVerbaleRef, r.Contact.Name, r.Contact.Function, r.Contact.Email,
		r.Contact.Phone, strings.Join(r.Beneficiaries, "\n"), r.Description, r.ExpectedOutcome, r.Timeframe, r.Language, r.Received, r.Contacted,
		r.Summary, r.CommitteeNotes, string(r.Status), r.Illustrative, r.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: create assistance request: %w", err)
	}
	r.ID, r.Version = id, 1
	return tx.saveRequestParts(ctx, r, groups)
}

// UpdateAssistanceRequest saves r (its template, status, dates, needs,
// shares and groups) if its version is still r.Version, and bumps it; a
// stale version is ErrConflict. groups nil leaves the groups as they are.
func (tx *Tx) UpdateAssistanceRequest(ctx context.Context, r *model.AssistanceRequest, groups []string) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE assistance_requests SET visibility = $3, group_code = $4, title = $5, nv_date = $6, nv_reference = $7,
		contact_name = $8, contact_function = $9, contact_email = $10, contact_phone = $11, beneficiaries = $12, description = $13,
		expected_outcome = $14, timeframe = $15, language = $16, received = $17, contacted = $18, summary = $19, committee_notes = $20,
		status = $21, submitted_at = $22, acknowledged_on = $23, objection_deadline = $24, window_closes_at = $25, deadline_known = $26,
		objected_at = $27, circulated_at = $28, followup_due_at = $29, followup_at = $30, closed_at = $31, updated_at = $32, version = version + 1
		WHERE id = $1 AND version = $2`,
		r.ID, r.Version, string(r.Visibility), r.Group, r.Title, r.NoteVerbaleDate, r.NoteVerbaleRef, r.Contact.Name, r.Contact.Function,
		r.Contact.Email, r.Contact.Phone, strings.Join(r.Beneficiaries, "\n"), r.Description, r.ExpectedOutcome, r.Timeframe, r.Language,
		r.Received, r.Contacted, r.Summary, r.CommitteeNotes, string(r.Status), timeOrNull(r.SubmittedAt), r.Acknowledged, r.Deadline,
		timeOrNull(r.WindowCloses), r.DeadlineKnown, timeOrNull(r.ObjectedAt), timeOrNull(r.CirculatedAt), timeOrNull(r.FollowUpDue),
		timeOrNull(r.FollowUpAt), timeOrNull(r.ClosedAt), now)
	if err != nil {
		return fmt.Errorf("store: update assistance request: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	r.UpdatedAt = now
	r.Version++
	return tx.saveRequestParts(ctx, r, groups)
}

// saveRequestParts writes the shares (co-requesters and group), the groups
// and the needs of r: a need with an ID is updated, a need without one
// inserted, and a stored need r no longer lists removed.
func (tx *Tx) saveRequestParts(ctx context.Context, r *model.AssistanceRequest, groups []string) error {
	shared := append([]string{}, r.CoRequesters...)
	if r.Group != "" {
		shared = append(shared, r.Group)
	}
	if err := tx.SetShares(ctx, AssistanceKind, r.ID, shared); err != nil {
		return err
	}
	if groups != nil {
		if _, err := tx.exec(ctx, `DELETE FROM assistance_request_groups WHERE request_id = $1`, r.ID); err != nil {
			return fmt.Errorf("store: request groups: %w", err)
		}
		for _, g := range groups {
			if _, err := tx.exec(ctx, `INSERT INTO assistance_request_groups (request_id, grp) VALUES ($1, $2)`, r.ID, g); err != nil {
				return fmt.Errorf("store: request groups: %w", err)
			}
		}
	}
	keep := []any{r.ID}
	var holders []string
	for _, n := range r.Needs {
		if n.ID != 0 {
			keep = append(keep, n.ID)
			holders = append(holders, fmt.Sprintf("$%d", len(keep)))
		}
	}
	del := `DELETE FROM assistance_needs WHERE request_id = $1`
	if len(holders) > 0 {
		del += ` AND id NOT IN (` + strings.Join(holders, ", ") + `)`
	}
	if _, err := tx.exec(ctx, del, keep...); err != nil {
		return fmt.Errorf("store: needs: %w", err)
	}
	now := tx.Now()
	for i := range r.Needs {
		n := &r.Needs[i]
		n.RequestID = r.ID
		actions := make([]string, len(n.Actions))
		for j, a := range n.Actions {
			actions[j] = strconv.FormatInt(a, 10)
		}
		if n.ID == 0 {
			n.CreatedAt, n.UpdatedAt = now, now
			id, err := tx.insertID(ctx, `INSERT INTO assistance_needs (request_id, position, area, description, elements, actions, outcome, outcome_note,
				created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1) RETURNING id`,
				r.ID, n.Position, n.Area, n.Description, strings.Join(n.Elements, "\n"), strings.Join(actions, " "), string(n.Outcome), n.OutcomeNote, now)
			if err != nil {
				return fmt.Errorf("store: create need: %w", err)
			}
			n.ID, n.Version = id, 1
		} else {
			if _, err := tx.exec(ctx, `UPDATE assistance_needs SET position = $2, area = $3, description = $4, elements = $5, actions = $6,
				updated_at = $7, version = version + 1 WHERE id = $1`, n.ID, n.Position, n.Area, n.Description, strings.Join(n.Elements, "\n"),
				strings.Join(actions, " "), now); err != nil {
				return fmt.Errorf("store: update need: %w", err)
			}
			n.UpdatedAt = now
			n.Version++
		}
		if _, err := tx.exec(ctx, `DELETE FROM assistance_need_modalities WHERE need_id = $1`, n.ID); err != nil {
			return fmt.Errorf("store: need modalities: %w", err)
		}
		for _, m := range n.Modalities {
			if _, err := tx.exec(ctx, `INSERT INTO assistance_need_modalities (need_id, modality) VALUES ($1, $2)`, n.ID, m); err != nil {
				return fmt.Errorf("store: need modalities: %w", err)
			}
		}
	}
	// The search index, in the request's transaction (issue 12).
	return tx.indexRequest(ctx, *r)
}

// SetNeedOutcome saves a need's outcome if its version is still n.Version.
func (tx *Tx) SetNeedOutcome(ctx context.Context, n *model.AssistanceNeed) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE assistance_needs SET outcome = $3, outcome_note = $4, updated_at = $5, version = version + 1 WHERE id = $1 AND version = $2`,
		n.ID, n.Version, string(n.Outcome), n.OutcomeNote, now)
	if err != nil {
		return fmt.Errorf("store: need outcome: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	n.UpdatedAt = now
	n.Version++
	return nil
}

// AddAssistanceHistory appends a step to a request's history.
func (tx *Tx) AddAssistanceHistory(ctx context.Context, e *model.HistoryEntry) error {
	if e.At.IsZero() {
		e.At = tx.Now()
	}
	msg := ""
	if !e.Msg.IsZero() {
		b, err := json.Marshal(e.Msg)
		if err != nil {
			return fmt.Errorf("store: assistance history: %w", err)
		}
		msg = string(b)
	}
	id, err := tx.insertID(ctx, `INSERT INTO assistance_history (request_id, need_id, at, actor, actor_org, step, note, insiders, note_message)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, e.RequestID, nullID(e.NeedID), e.At, e.Actor, e.ActorOrg, e.Step, e.Note, e.Insiders, msg)
	if err != nil {
		return fmt.Errorf("store: assistance history: %w", err)
	}
	e.ID = id
	return nil
}

// AssistanceHistory returns a request's history, oldest first.
func (c *Conn) AssistanceHistory(ctx context.Context, requestID int64) ([]model.HistoryEntry, error) {
	out, err := queryAll(ctx, c, func(s scanner) (model.HistoryEntry, error) {
		var e model.HistoryEntry
		var need sql.NullInt64
		var msg string
		err := s.Scan(&e.ID, &e.RequestID, &need, &e.At, &e.Actor, &e.ActorOrg, &e.Step, &e.Note, &e.Insiders, &msg)
		e.NeedID, e.At = need.Int64, e.At.UTC()
		if err == nil && msg != "" {
			if jerr := json.Unmarshal([]byte(msg), &e.Msg); jerr != nil {
				e.Msg = model.Message{} // unreadable: the English note stands
			}
		}
		return e, err
	}, `SELECT id, request_id, need_id, at, actor, actor_org, step, note, insiders, note_message FROM assistance_history WHERE request_id = $1 ORDER BY at, id`, requestID)
	if err != nil {
		return nil, fmt.Errorf("store: assistance history: %w", err)
	}
	return out, nil
}

// DueWindows returns the acknowledged requests whose consent window closed
// by now, oldest first.
func (c *Conn) DueWindows(ctx context.Context, now time.Time) ([]int64, error) {
	return c.ids(ctx, `SELECT id FROM assistance_requests WHERE status = 'acknowledged' AND window_closes_at <= $1 ORDER BY window_closes_at, id`, now)
}

// DueFollowUps returns the requests whose one-year follow-up is due by now
// and was not asked yet.
func (c *Conn) DueFollowUps(ctx context.Context, now time.Time) ([]int64, error) {
	return c.ids(ctx, `SELECT id FROM assistance_requests WHERE followup_due_at <= $1 AND followup_at IS NULL AND status IN ('circulated', 'closed')
		ORDER BY followup_due_at, id`, now)
}

// NeedCount is how many open needs of one area a requester has.
type NeedCount struct {
	Owner string
	Area  string
	N     int
}

// OpenNeedCounts counts the open needs (no outcome yet, on a request that
// is being worked on) of the requests v may read, by requester and area:
// what v may not read is never counted. A group keeps the requests that
// come from it.
func (c *Conn) OpenNeedCounts(ctx context.Context, v model.Viewer, group string) ([]NeedCount, error) {
	pf := policy.ReadFilter(v, "r", AssistanceKind, 1)
	args := append([]any{}, pf.Args...)
	cond := pf.SQL
	if group != "" {
		args = append(args, group)
		cond += fmt.Sprintf(" AND EXISTS (SELECT 1 FROM assistance_request_groups g WHERE g.request_id = r.id AND g.grp = $%d)", len(args))
	}
	out, err := queryAll(ctx, c, func(s scanner) (NeedCount, error) {
		var n NeedCount
		return n, s.Scan(&n.Owner, &n.Area, &n.N)
	}, `SELECT r.owner_org, n.area, COUNT(*) FROM assistance_needs n JOIN assistance_requests r ON r.id = n.request_id
		WHERE `+cond+` AND n.outcome = '' AND r.status IN ('submitted', 'acknowledged', 'circulated', 'withheld')
		GROUP BY r.owner_org, n.area ORDER BY r.owner_org, n.area`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: open needs: %w", err)
	}
	return out, nil
}

// LikeContains escapes the LIKE wildcards of s, for a pattern "%s%" that
// finds s anywhere (ESCAPE '\').
func LikeContains(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
