package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
)

// napColumns are a plan's columns, with the date in force of its first
// submission and whether its sources disagree (recorded history, issue 16).
const napColumns = `n.id, n.owner_org, n.visibility, n.plan_type, n.title, n.period_start, n.period_end, n.status, n.authority, n.adopted_on, n.replaces, n.illustrative, n.created_at, n.updated_at, n.version,
	n.published_on,
	(SELECT s.submitted_on FROM nap_submissions s WHERE s.nap_id = n.id AND s.number = 1),
	(SELECT COUNT(*) FROM nap_submissions s JOIN history_facts f ON f.kind = 'nap_submission' AND f.record_id = s.id AND f.disputed WHERE s.nap_id = n.id AND s.number = 1)`

func scanNAP(row interface{ Scan(...any) error }) (model.NAP, error) {
	var n model.NAP
	var replaces sql.NullInt64
	var disputed int
	err := row.Scan(&n.ID, &n.State, &n.Visibility, &n.Type, &n.Title, &n.PeriodStart, &n.PeriodEnd, &n.Status, &n.Authority,
		&n.AdoptedOn, &replaces, &n.Illustrative, &n.CreatedAt, &n.UpdatedAt, &n.Version, &n.PublishedOn, &n.SubmittedOn, &disputed)
	n.SubmittedDisputed = disputed > 0
	if err != nil {
		return n, translate(err)
	}
	n.Replaces = replaces.Int64
	n.CreatedAt, n.UpdatedAt = n.CreatedAt.UTC(), n.UpdatedAt.UTC()
	n.Sections = map[string]string{}
	n.SharedWith = []string{}
	return n, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// NAP returns one plan with its sections and shares, regardless of who
// asks; the service decides who may see it.
func (c *Conn) NAP(ctx context.Context, id int64) (model.NAP, error) {
	n, err := scanNAP(c.queryRow(ctx, `SELECT `+napColumns+` FROM naps n WHERE n.id = $1`, id))
	if err != nil {
		return n, fmt.Errorf("store: plan %d: %w", id, err)
	}
	return n, c.napDetails(ctx, &n)
}

// NAPForUpdate is NAP inside a write transaction, locking the plan's row
// until the transaction ends.
func (tx *Tx) NAPForUpdate(ctx context.Context, id int64) (model.NAP, error) {
	n, err := scanNAP(tx.queryRow(ctx, `SELECT `+napColumns+` FROM naps n WHERE n.id = $1`+tx.forUpdate(), id))
	if err != nil {
		return n, fmt.Errorf("store: plan %d: %w", id, err)
	}
	return n, tx.napDetails(ctx, &n)
}

func (c *Conn) napDetails(ctx context.Context, n *model.NAP) error {
	rows, err := c.query(ctx, `SELECT code, body FROM nap_sections WHERE nap_id = $1`, n.ID)
	if err != nil {
		return fmt.Errorf("store: plan sections: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var code, body string
		if err := rows.Scan(&code, &body); err != nil {
			return err
		}
		n.Sections[code] = body
	}
	if err := rows.Err(); err != nil {
		return err
	}
	n.SharedWith, err = c.Shares(ctx, "nap", n.ID)
	return err
}

// NAPs lists the plans v may read that match f, newest period first,
// without their section texts.
func (c *Conn) NAPs(ctx context.Context, v model.Viewer, f model.NAPFilter) ([]model.NAP, error) {
	where, args := napWhere(v, f)
	rows, err := c.query(ctx, `SELECT `+napColumns+` FROM naps n WHERE `+where+` ORDER BY n.owner_org, n.period_start DESC, n.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: plans: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.NAP{}
	var ids []int64
	for rows.Next() {
		n, err := scanNAP(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
		ids = append(ids, n.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	shares, err := c.SharesOf(ctx, "nap", ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if s := shares[out[i].ID]; s != nil {
			out[i].SharedWith = s
		}
	}
	return out, nil
}

// napWhere is the WHERE clause of f for plans aliased n, the policy filter
// first.
func napWhere(v model.Viewer, f model.NAPFilter) (string, []any) {
	pf := policy.ReadFilter(v, "n", "nap", 1)
	conds := []string{pf.SQL}
	args := append([]any{}, pf.Args...)
	if len(f.States) > 0 {
		conds = append(conds, "n.owner_org IN ("+placeholders(&args, toAny(f.States))+")")
	}
	if f.Status != "" {
		args = append(args, string(f.Status))
		conds = append(conds, fmt.Sprintf("n.status = $%d", len(args)))
	}
	if f.ExcludeWithdrawn {
		conds = append(conds, "n.status <> 'withdrawn'")
	}
	if f.Only1540 { // model.NAP.Counts1540, as SQL
		conds = append(conds, "n.status <> 'withdrawn' AND (n.plan_type = '"+model.NAPType1540+"' OR (n.plan_type = '"+model.NAPTypeCBRN+
			"' AND n.status IN ('"+string(model.NAPSubmitted)+"', '"+string(model.NAPPublished)+"')))")
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			conds = append(conds, "1 = 0")
		} else {
			conds = append(conds, "n.id IN ("+placeholders(&args, toAny(f.IDs))+")")
		}
	}
	return strings.Join(conds, " AND "), args
}

func toAny[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// placeholders appends vals to args and returns "$k, $k+1, ...".
func placeholders(args *[]any, vals []any) string {
	hs := make([]string, len(vals))
	for i, v := range vals {
		*args = append(*args, v)
		hs[i] = fmt.Sprintf("$%d", len(*args))
	}
	return strings.Join(hs, ", ")
}

// CreateNAP inserts n with its sections and shares, and sets its ID,
// times and version.
func (tx *Tx) CreateNAP(ctx context.Context, n *model.NAP) error {
	now := tx.Now()
	if n.CreatedAt.IsZero() {
		n.CreatedAt = now
	}
	if n.UpdatedAt.IsZero() {
		n.UpdatedAt = now
	}
	id, err := tx.insertID(ctx, `INSERT INTO naps (owner_org, visibility, plan_type, title, period_start, period_end, status, authority, adopted_on, replaces, illustrative, created_at, updated_at, version,
		published_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14) RETURNING id`,
		n.State, string(n.Visibility), n.Type, n.Title, n.PeriodStart, n.PeriodEnd, string(n.Status), n.Authority, n.AdoptedOn,
		nullID(n.Replaces), n.Illustrative, n.CreatedAt, n.UpdatedAt, n.PublishedOn)
	if err != nil {
		return fmt.Errorf("store: create plan: %w", err)
	}
	n.ID, n.Version = id, 1
	if err := tx.setNAPSections(ctx, n.ID, n.Sections); err != nil {
		return err
	}
	if err := tx.SetShares(ctx, napKind, n.ID, n.SharedWith); err != nil {
		return err
	}
	return tx.indexNAP(ctx, *n)
}

// UpdateNAP saves n (fields, status, sections and shares) if its version
// is still n.Version, and bumps the version; a stale version is
// ErrConflict.
func (tx *Tx) UpdateNAP(ctx context.Context, n *model.NAP) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE naps SET visibility = $3, plan_type = $4, title = $5, period_start = $6, period_end = $7, status = $8,
		authority = $9, adopted_on = $10, replaces = $11, updated_at = $12, published_on = $13, version = version + 1 WHERE id = $1 AND version = $2`,
		n.ID, n.Version, string(n.Visibility), n.Type, n.Title, n.PeriodStart, n.PeriodEnd, string(n.Status), n.Authority, n.AdoptedOn,
		nullID(n.Replaces), now, n.PublishedOn)
	if err != nil {
		return fmt.Errorf("store: update plan: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	n.UpdatedAt = now
	n.Version++
	if err := tx.setNAPSections(ctx, n.ID, n.Sections); err != nil {
		return err
	}
	if err := tx.SetShares(ctx, napKind, n.ID, n.SharedWith); err != nil {
		return err
	}
	return tx.indexNAP(ctx, *n)
}

// napKind names plans in record_shares and the policy filter.
const napKind = "nap"

// TouchNAP bumps a plan's version and update time (its actions changed).
func (tx *Tx) TouchNAP(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `UPDATE naps SET updated_at = $2 WHERE id = $1`, id, tx.Now())
	return err
}

func (tx *Tx) setNAPSections(ctx context.Context, id int64, secs map[string]string) error {
	if _, err := tx.exec(ctx, `DELETE FROM nap_sections WHERE nap_id = $1`, id); err != nil {
		return fmt.Errorf("store: plan sections: %w", err)
	}
	for _, s := range model.NAPSections {
		if body := secs[s.Code]; body != "" {
			if _, err := tx.exec(ctx, `INSERT INTO nap_sections (nap_id, code, body) VALUES ($1, $2, $3)`, id, s.Code, body); err != nil {
				return fmt.Errorf("store: plan sections: %w", err)
			}
		}
	}
	return nil
}

// NAPReplacedBy returns the IDs of the plans that replace plan id and that
// v may read.
func (c *Conn) NAPReplacedBy(ctx context.Context, v model.Viewer, id int64) ([]model.NAP, error) {
	pf := policy.ReadFilter(v, "n", "nap", 2)
	out, err := queryAll(ctx, c, scanNAP, `SELECT `+napColumns+` FROM naps n WHERE n.replaces = $1 AND `+pf.SQL+` ORDER BY n.id`, append([]any{id}, pf.Args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: revisions: %w", err)
	}
	return out, nil
}

// --- actions ---

const actionColumns = `a.id, a.nap_id, a.title, a.description, a.section, a.priority, a.status, a.progress, a.start_on, a.due_on, a.elements,
	a.lead_agency, a.supporting, a.indicator_baseline, a.indicator_target, a.indicator_actual, a.assistance_needed, a.assistance_what,
	a.origin_id, a.created_at, a.updated_at, a.version`

func scanAction(row interface{ Scan(...any) error }) (model.NAPAction, error) {
	var a model.NAPAction
	var elements, supporting string
	var origin sql.NullInt64
	err := row.Scan(&a.ID, &a.NAPID, &a.Title, &a.Description, &a.Section, &a.Priority, &a.Status, &a.Progress, &a.Start, &a.Due,
		&elements, &a.Lead, &supporting, &a.IndicatorBaseline, &a.IndicatorTarget, &a.IndicatorActual, &a.AssistanceNeeded,
		&a.AssistanceWhat, &origin, &a.CreatedAt, &a.UpdatedAt, &a.Version)
	if err != nil {
		return a, translate(err)
	}
	a.Elements, a.Supporting = splitLines(elements), splitLines(supporting)
	a.OriginID = origin.Int64
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, nil
}

func splitLines(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

// NAPActions lists a plan's actions by due date.
func (c *Conn) NAPActions(ctx context.Context, napID int64) ([]model.NAPAction, error) {
	return c.actions(ctx, `SELECT `+actionColumns+` FROM nap_actions a WHERE a.nap_id = $1 ORDER BY a.due_on, a.id`, napID)
}

func (c *Conn) actions(ctx context.Context, q string, args ...any) ([]model.NAPAction, error) {
	out, err := queryAll(ctx, c, scanAction, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: actions: %w", err)
	}
	return out, nil
}

// ReadableNAPActions returns the actions of every plan matching f that v
// may read (the policy filter is in the query), ordered by plan.
func (c *Conn) ReadableNAPActions(ctx context.Context, v model.Viewer, f model.NAPFilter) ([]model.NAPAction, error) {
	where, args := napWhere(v, f)
	return c.actions(ctx, `SELECT `+actionColumns+` FROM nap_actions a JOIN naps n ON n.id = a.nap_id WHERE `+where+` ORDER BY a.nap_id, a.due_on, a.id`, args...)
}

// RollupActions is ReadableNAPActions with only what a roll-up needs (ID,
// plan, section, status, progress, due date, matrix fields, assistance):
// the lighter query for roll-ups over many plans.
func (c *Conn) RollupActions(ctx context.Context, v model.Viewer, f model.NAPFilter) ([]model.NAPAction, error) {
	where, args := napWhere(v, f)
	rows, err := c.query(ctx, `SELECT a.id, a.nap_id, a.section, a.status, a.progress, a.due_on, a.elements, a.assistance_needed
		FROM nap_actions a JOIN naps n ON n.id = a.nap_id WHERE `+where+` ORDER BY a.nap_id, a.due_on, a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: actions: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.NAPAction{}
	for rows.Next() {
		var a model.NAPAction
		var elements string
		if err := rows.Scan(&a.ID, &a.NAPID, &a.Section, &a.Status, &a.Progress, &a.Due, &elements, &a.AssistanceNeeded); err != nil {
			return nil, translate(err)
		}
		a.Elements = splitLines(elements)
		out = append(out, a)
	}
	return out, rows.Err()
}

// NAPAction returns one action regardless of who asks.
func (c *Conn) NAPAction(ctx context.Context, id int64) (model.NAPAction, error) {
	a, err := scanAction(c.queryRow(ctx, `SELECT `+actionColumns+` FROM nap_actions a WHERE a.id = $1`, id))
	if err != nil {
		return a, fmt.Errorf("store: action %d: %w", id, err)
	}
	return a, nil
}

// NAPActionForUpdate is NAPAction inside a write transaction, locking the
// row until the transaction ends.
func (tx *Tx) NAPActionForUpdate(ctx context.Context, id int64) (model.NAPAction, error) {
	a, err := scanAction(tx.queryRow(ctx, `SELECT `+actionColumns+` FROM nap_actions a WHERE a.id = $1`+tx.forUpdate(), id))
	if err != nil {
		return a, fmt.Errorf("store: action %d: %w", id, err)
	}
	return a, nil
}

// CreateNAPAction inserts a and sets its ID, times and version.
func (tx *Tx) CreateNAPAction(ctx context.Context, a *model.NAPAction) error {
	now := tx.Now()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = now
	}
	id, err := tx.insertID(ctx, `INSERT INTO nap_actions (nap_id, title, description, section, priority, status, progress, start_on, due_on, elements,
		lead_agency, supporting, indicator_baseline, indicator_target, indicator_actual, assistance_needed, assistance_what, origin_id, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1) RETURNING id`,
		a.NAPID, a.Title, a.Description, a.Section, a.Priority, string(a.Status), a.Progress, a.Start, a.Due, strings.Join(a.Elements, "\n"),
		a.Lead, strings.Join(a.Supporting, "\n"), a.IndicatorBaseline, a.IndicatorTarget, a.IndicatorActual, a.AssistanceNeeded, a.AssistanceWhat,
		nullID(a.OriginID), a.CreatedAt, a.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store: create action: %w", err)
	}
	a.ID, a.Version = id, 1
	return tx.indexAction(ctx, *a)
}

// UpdateNAPAction saves a if its version is still a.Version and bumps
// the version; a stale version is ErrConflict.
func (tx *Tx) UpdateNAPAction(ctx context.Context, a *model.NAPAction) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE nap_actions SET title = $3, description = $4, section = $5, priority = $6, status = $7, progress = $8,
		start_on = $9, due_on = $10, elements = $11, lead_agency = $12, supporting = $13, indicator_baseline = $14, indicator_target = $15,
		indicator_actual = $16, assistance_needed = $17, assistance_what = $18, updated_at = $19, version = version + 1
		WHERE id = $1 AND version = $2`,
		a.ID, a.Version, a.Title, a.Description, a.Section, a.Priority, string(a.Status), a.Progress, a.Start, a.Due,
		strings.Join(a.Elements, "\n"), a.Lead, strings.Join(a.Supporting, "\n"), a.IndicatorBaseline, a.IndicatorTarget,
		a.IndicatorActual, a.AssistanceNeeded, a.AssistanceWhat, now)
	if err != nil {
		return fmt.Errorf("store: update action: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	a.UpdatedAt = now
	a.Version++
	return tx.indexAction(ctx, *a)
}

// DeleteNAPAction removes an action, its history and its translations.
func (tx *Tx) DeleteNAPAction(ctx context.Context, id int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM nap_actions WHERE id = $1`, id); err != nil {
		return err
	}
	if err := tx.DeleteTranslations(ctx, model.TranslationKindAction, id); err != nil {
		return err
	}
	return tx.Unindex(ctx, model.SearchAction, id, "")
}

// AddActionChange records a change of an action's status or progress.
// A zero At is the transaction's time.
func (tx *Tx) AddActionChange(ctx context.Context, h *model.ActionChange) error {
	if h.At.IsZero() {
		h.At = tx.Now()
	}
	id, err := tx.insertID(ctx, `INSERT INTO nap_action_history (action_id, at, actor_id, actor, status, progress, prev_status, prev_progress, comment)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		h.ActionID, h.At, nullID(h.ActorID), h.Actor, string(h.Status), h.Progress, string(h.PrevStatus), h.PrevProgress, h.Comment)
	if err != nil {
		return fmt.Errorf("store: action history: %w", err)
	}
	h.ID = id
	return nil
}

// ActionHistory lists an action's changes, oldest first.
func (c *Conn) ActionHistory(ctx context.Context, actionID int64) ([]model.ActionChange, error) {
	rows, err := c.query(ctx, `SELECT id, action_id, at, actor_id, actor, status, progress, prev_status, prev_progress, comment
		FROM nap_action_history WHERE action_id = $1 ORDER BY at, id`, actionID)
	if err != nil {
		return nil, fmt.Errorf("store: action history: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.ActionChange{}
	for rows.Next() {
		var h model.ActionChange
		var actor sql.NullInt64
		if err := rows.Scan(&h.ID, &h.ActionID, &h.At, &actor, &h.Actor, &h.Status, &h.Progress, &h.PrevStatus, &h.PrevProgress, &h.Comment); err != nil {
			return nil, translate(err)
		}
		h.ActorID, h.At = actor.Int64, h.At.UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}

// --- submissions ---

// CreateNAPSubmission freezes a numbered submission of a plan: the next
// number after the plan's last one.
func (tx *Tx) CreateNAPSubmission(ctx context.Context, s *model.NAPSubmission, snapshotJSON string) error {
	var last sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT MAX(number) FROM nap_submissions WHERE nap_id = $1`, s.NAPID).Scan(&last); err != nil {
		return fmt.Errorf("store: submission number: %w", translate(err))
	}
	s.Number = int(last.Int64) + 1
	if s.SubmittedAt.IsZero() {
		s.SubmittedAt = tx.Now()
	}
	if s.SubmittedOn.IsZero() {
		s.SubmittedOn = model.DateOf(s.SubmittedAt.UTC())
	}
	id, err := tx.insertID(ctx, `INSERT INTO nap_submissions (nap_id, number, submitted_at, submitted_by, plan_version, snapshot, submitted_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, s.NAPID, s.Number, s.SubmittedAt, s.SubmittedBy, s.PlanVersion, snapshotJSON, s.SubmittedOn)
	if err != nil {
		return fmt.Errorf("store: create submission: %w", err)
	}
	s.ID = id
	return nil
}

// SetSubmissionDate sets the date in force of a submission (a resolved
// dispute over it).
func (tx *Tx) SetSubmissionDate(ctx context.Context, id int64, d model.Date) error {
	res, err := tx.exec(ctx, `UPDATE nap_submissions SET submitted_on = $2 WHERE id = $1`, id, d)
	if err != nil {
		return fmt.Errorf("store: submission date: %w", err)
	}
	return oneRow(res, model.ErrNotFound)
}

// NAPSubmissionByID returns a submission by its ID, without its snapshot.
func (c *Conn) NAPSubmissionByID(ctx context.Context, id int64) (model.NAPSubmission, error) {
	var s model.NAPSubmission
	err := c.queryRow(ctx, `SELECT id, nap_id, number, submitted_at, submitted_by, plan_version, submitted_on FROM nap_submissions WHERE id = $1`, id).
		Scan(&s.ID, &s.NAPID, &s.Number, &s.SubmittedAt, &s.SubmittedBy, &s.PlanVersion, &s.SubmittedOn)
	if err != nil {
		return s, fmt.Errorf("store: submission %d: %w", id, translate(err))
	}
	s.SubmittedAt = s.SubmittedAt.UTC()
	return s, nil
}

// NAPSubmissionRow is a submission with its snapshot still as JSON.
type NAPSubmissionRow struct {
	model.NAPSubmission
	SnapshotJSON string
}

// NAPSubmissions lists a plan's submissions, oldest first; withSnapshots
// loads the frozen copies too.
func (c *Conn) NAPSubmissions(ctx context.Context, napID int64, withSnapshots bool) ([]NAPSubmissionRow, error) {
	snap := `''`
	if withSnapshots {
		snap = `snapshot`
	}
	rows, err := c.query(ctx, `SELECT id, nap_id, number, submitted_at, submitted_by, plan_version, `+snap+`, submitted_on FROM nap_submissions WHERE nap_id = $1 ORDER BY number`, napID)
	if err != nil {
		return nil, fmt.Errorf("store: submissions: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []NAPSubmissionRow{}
	for rows.Next() {
		var s NAPSubmissionRow
		if err := rows.Scan(&s.ID, &s.NAPID, &s.Number, &s.SubmittedAt, &s.SubmittedBy, &s.PlanVersion, &s.SnapshotJSON, &s.SubmittedOn); err != nil {
			return nil, translate(err)
		}
		s.SubmittedAt = s.SubmittedAt.UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

// NAPSubmission returns submission number of a plan.
func (c *Conn) NAPSubmission(ctx context.Context, napID int64, number int) (NAPSubmissionRow, error) {
	var s NAPSubmissionRow
	err := c.queryRow(ctx, `SELECT id, nap_id, number, submitted_at, submitted_by, plan_version, snapshot, submitted_on FROM nap_submissions WHERE nap_id = $1 AND number = $2`,
		napID, number).Scan(&s.ID, &s.NAPID, &s.Number, &s.SubmittedAt, &s.SubmittedBy, &s.PlanVersion, &s.SnapshotJSON, &s.SubmittedOn)
	if err != nil {
		return s, fmt.Errorf("store: submission %d of plan %d: %w", number, napID, translate(err))
	}
	s.SubmittedAt = s.SubmittedAt.UTC()
	return s, nil
}

// --- figures for the state of play ---

// NAPStats are a plan's action figures, computed in the database.
type NAPStats struct {
	NAPID      int64
	Actions    int     // all actions
	Counted    int     // actions that are not cancelled
	Done       float64 // sum over counted actions of 1 (completed) or progress/100
	Overdue    int     // open actions due before today
	Assistance int     // open actions that need assistance
	LastChange time.Time
}

// NAPStatsOf computes the figures of the plans ids (which the caller has
// already filtered through the policy) as of today.
func (c *Conn) NAPStatsOf(ctx context.Context, ids []int64, today model.Date) (map[int64]NAPStats, error) {
	out := map[int64]NAPStats{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{today}
	in := placeholders(&args, toAny(ids))
	rows, err := c.query(ctx, `SELECT a.nap_id, COUNT(*),
		SUM(CASE WHEN a.status <> 'cancelled' THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.status = 'completed' THEN 100 WHEN a.status = 'cancelled' THEN 0 ELSE a.progress END),
		SUM(CASE WHEN a.status NOT IN ('completed', 'cancelled') AND a.due_on < $1 THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.status NOT IN ('completed', 'cancelled') AND a.assistance_needed THEN 1 ELSE 0 END),
		MAX(a.updated_at)
		FROM nap_actions a WHERE a.nap_id IN (`+in+`) GROUP BY a.nap_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: plan figures: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var s NAPStats
		var done int64
		var last any
		if err := rows.Scan(&s.NAPID, &s.Actions, &s.Counted, &done, &s.Overdue, &s.Assistance, &last); err != nil {
			return nil, translate(err)
		}
		s.Done = float64(done) / 100
		// An aggregate has no declared type: SQLite returns the stored
		// integer microseconds, PostgreSQL a time.
		switch t := last.(type) {
		case time.Time:
			s.LastChange = t.UTC()
		case int64:
			s.LastChange = time.UnixMicro(t).UTC()
		}
		out[s.NAPID] = s
	}
	return out, rows.Err()
}
