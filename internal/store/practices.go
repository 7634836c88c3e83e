package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
)

// practiceKind names practices in record_shares and the policy filter.
const practiceKind = "practice"

const practiceColumns = `p.id, p.owner_org, p.submitter, p.visibility, p.audience, p.kind, p.status, p.title, p.body, p.body_html, p.body_text,
	p.reported_on, p.phase, p.languages, p.source_event, p.source_lesson, p.return_reason, p.illustrative, p.created_at, p.updated_at, p.version`

// practiceListColumns leave the body out: lists do not show it.
const practiceListColumns = `p.id, p.owner_org, p.submitter, p.visibility, p.audience, p.kind, p.status, p.title, '', '', '',
	p.reported_on, p.phase, p.languages, p.source_event, p.source_lesson, p.return_reason, p.illustrative, p.created_at, p.updated_at, p.version`

func scanPractice(row scanner) (model.Practice, error) {
	var p model.Practice
	var langs string
	var event, lesson sql.NullInt64
	err := row.Scan(&p.ID, &p.Owner, &p.Submitter, &p.Visibility, &p.Audience, &p.Kind, &p.Status, &p.Title, &p.Body, &p.HTML, &p.Text,
		&p.Date, &p.Phase, &langs, &event, &lesson, &p.ReturnReason, &p.Illustrative, &p.CreatedAt, &p.UpdatedAt, &p.Version)
	if err != nil {
		return p, translate(err)
	}
	p.SourceEvent, p.SourceLesson = event.Int64, lesson.Int64
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, fromJSON(langs, &p.Languages)
}

func isNoRows(err error) bool {
	return errors.Is(err, sql.ErrNoRows) || errors.Is(err, model.ErrNotFound)
}

// Practice returns one practice with its tags, links and shares.
func (c *Conn) Practice(ctx context.Context, id int64) (model.Practice, error) {
	return c.practice(ctx, id, "")
}

// PracticeForUpdate is Practice inside a write transaction, locking the
// row until the transaction ends.
func (tx *Tx) PracticeForUpdate(ctx context.Context, id int64) (model.Practice, error) {
	return tx.practice(ctx, id, tx.forUpdate())
}

func (c *Conn) practice(ctx context.Context, id int64, suffix string) (model.Practice, error) {
	p, err := scanPractice(c.queryRow(ctx, `SELECT `+practiceColumns+` FROM practices p WHERE p.id = $1`+suffix, id))
	if err != nil {
		return p, fmt.Errorf("store: practice %d: %w", id, err)
	}
	return p, c.practiceDetails(ctx, []*model.Practice{&p})
}

// practiceDetails fills in the tags, links and shares of ps.
func (c *Conn) practiceDetails(ctx context.Context, ps []*model.Practice) error {
	if len(ps) == 0 {
		return nil
	}
	byID := map[int64]*model.Practice{}
	ids := make([]int64, len(ps))
	vals := make([]any, len(ps))
	for i, p := range ps {
		byID[p.ID], ids[i], vals[i] = p, p.ID, p.ID
	}
	var args []any
	in := placeholders(&args, vals)
	type pair struct {
		id  int64
		tag string
	}
	tags, err := queryAll(ctx, c, func(r scanner) (pair, error) {
		var x pair
		err := r.Scan(&x.id, &x.tag)
		return x, err
	}, `SELECT practice_id, tag FROM practice_tags WHERE practice_id IN (`+in+`) ORDER BY practice_id, tag`, args...)
	if err != nil {
		return fmt.Errorf("store: practice tags: %w", err)
	}
	for _, t := range tags {
		byID[t.id].Tags = append(byID[t.id].Tags, t.tag)
	}
	type link struct {
		id     int64
		kind   string
		target int64
	}
	links, err := queryAll(ctx, c, func(r scanner) (link, error) {
		var x link
		err := r.Scan(&x.id, &x.kind, &x.target)
		return x, err
	}, `SELECT practice_id, kind, target FROM practice_links WHERE practice_id IN (`+in+`) ORDER BY practice_id, kind, position`, args...)
	if err != nil {
		return fmt.Errorf("store: practice links: %w", err)
	}
	for _, l := range links {
		p := byID[l.id]
		if l.kind == "practice" {
			p.Related = append(p.Related, l.target)
		} else {
			p.Actions = append(p.Actions, l.target)
		}
	}
	shares, err := c.SharesOf(ctx, practiceKind, ids)
	if err != nil {
		return err
	}
	for id, s := range shares {
		byID[id].SharedWith = s
	}
	return nil
}

// Practices lists the practices v may read that match f, newest first
// (by ID), without their bodies.
func (c *Conn) Practices(ctx context.Context, v model.Viewer, f model.PracticeFilter) ([]model.Practice, error) {
	pf := policy.ReadFilter(v, "p", practiceKind, 1)
	args := append([]any(nil), pf.Args...)
	arg := func(x any) string {
		args = append(args, x)
		return fmt.Sprintf("$%d", len(args))
	}
	where := pf.SQL
	if f.Kind != "" {
		where += ` AND p.kind = ` + arg(string(f.Kind))
	}
	if f.Status != "" {
		where += ` AND p.status = ` + arg(string(f.Status))
	}
	if f.Submitter != "" {
		where += ` AND p.submitter = ` + arg(f.Submitter)
	}
	if f.Tag != "" {
		where += ` AND EXISTS (SELECT 1 FROM practice_tags t WHERE t.practice_id = p.id AND t.tag = ` + arg(f.Tag) + `)`
	}
	if len(f.AnyTag) > 0 {
		vals := make([]any, len(f.AnyTag))
		for i, t := range f.AnyTag {
			vals[i] = t
		}
		where += ` AND EXISTS (SELECT 1 FROM practice_tags t WHERE t.practice_id = p.id AND t.tag IN (` + placeholders(&args, vals) + `))`
	}
	if f.Event != 0 {
		where += ` AND p.source_event = ` + arg(f.Event)
	}
	if f.Action != 0 {
		where += ` AND EXISTS (SELECT 1 FROM practice_links l WHERE l.practice_id = p.id AND l.kind = 'action' AND l.target = ` + arg(f.Action) + `)`
	}
	if f.NotOwner != "" {
		o := arg(f.NotOwner)
		where += ` AND p.owner_org <> ` + o + ` AND p.submitter <> ` + o
	}
	if f.After > 0 {
		where += ` AND p.id < ` + arg(f.After)
	}
	limit := ""
	if f.Limit > 0 {
		limit = ` LIMIT ` + arg(f.Limit)
	}
	ps, err := queryAll(ctx, c, scanPractice, `SELECT `+practiceListColumns+` FROM practices p WHERE `+where+` ORDER BY p.id DESC`+limit, args...)
	if err != nil {
		return nil, fmt.Errorf("store: practices: %w", err)
	}
	ptrs := make([]*model.Practice, len(ps))
	for i := range ps {
		ptrs[i] = &ps[i]
	}
	return ps, c.practiceDetails(ctx, ptrs)
}

// PracticeTitles returns the titles of the practices v may read among
// ids, by ID.
func (c *Conn) PracticeTitles(ctx context.Context, v model.Viewer, ids []int64) (map[int64]model.Practice, error) {
	out := map[int64]model.Practice{}
	if len(ids) == 0 {
		return out, nil
	}
	pf := policy.ReadFilter(v, "p", practiceKind, 1)
	args := append([]any(nil), pf.Args...)
	vals := make([]any, len(ids))
	for i, id := range ids {
		vals[i] = id
	}
	ps, err := queryAll(ctx, c, scanPractice, `SELECT `+practiceListColumns+` FROM practices p WHERE `+pf.SQL+` AND p.id IN (`+placeholders(&args, vals)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: practices: %w", err)
	}
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}

// PracticesLinking returns the IDs of the practices v may read that name
// practice id as related (the other direction of "related").
func (c *Conn) PracticesLinking(ctx context.Context, v model.Viewer, id int64) ([]int64, error) {
	pf := policy.ReadFilter(v, "p", practiceKind, 2)
	return queryAll(ctx, c, func(r scanner) (int64, error) {
		var x int64
		err := r.Scan(&x)
		return x, err
	}, `SELECT p.id FROM practices p JOIN practice_links l ON l.practice_id = p.id AND l.kind = 'practice' AND l.target = $1
		WHERE `+pf.SQL+` ORDER BY p.id DESC`, append([]any{id}, pf.Args...)...)
}

// PracticesByTag returns, for each of tags, the practices v may read
// carrying it (without bodies), leaving out those owned or submitted by
// notOwner ("practices from elsewhere").
func (c *Conn) PracticesByTag(ctx context.Context, v model.Viewer, tags []string, notOwner string) (map[string][]model.Practice, error) {
	out := map[string][]model.Practice{}
	if len(tags) == 0 {
		return out, nil
	}
	pf := policy.ReadFilter(v, "p", practiceKind, 2)
	args := append([]any{notOwner}, pf.Args...)
	vals := make([]any, len(tags))
	for i, t := range tags {
		vals[i] = t
	}
	in := placeholders(&args, vals)
	type row struct {
		tag string
		p   model.Practice
	}
	rows, err := queryAll(ctx, c, func(r scanner) (row, error) {
		var x row
		err := r.Scan(&x.tag, &x.p.ID, &x.p.Title, &x.p.Kind, &x.p.Submitter, &x.p.Status)
		return x, err
	}, `SELECT t.tag, p.id, p.title, p.kind, p.submitter, p.status FROM practice_tags t JOIN practices p ON p.id = t.practice_id
		WHERE t.tag IN (`+in+`) AND p.owner_org <> $1 AND p.submitter <> $1 AND `+pf.SQL+` ORDER BY t.tag, p.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: practices by tag: %w", err)
	}
	for _, r := range rows {
		out[r.tag] = append(out[r.tag], r.p)
	}
	return out, nil
}

// CreatePractice inserts p with its tags, links and shares, sets its ID,
// times and version, and indexes it.
func (tx *Tx) CreatePractice(ctx context.Context, p *model.Practice) error {
	now := tx.Now()
	if p.CreatedAt.IsZero() {
		p.CreatedAt = now
	}
	id, err := tx.insertID(ctx, `INSERT INTO practices (owner_org, submitter, visibility, audience, kind, status, title, body, body_html, body_text,
		reported_on, phase, languages, source_event, source_lesson, return_reason, illustrative, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1) RETURNING id`,
		p.Owner, p.Submitter, string(p.Visibility), string(p.Audience), string(p.Kind), string(p.Status), p.Title, p.Body, p.HTML, p.Text,
		p.Date, string(p.Phase), jsonText(p.Languages), nullID(p.SourceEvent), nullID(p.SourceLesson), p.ReturnReason, p.Illustrative, p.CreatedAt, now)
	if err != nil {
		if IsUniqueViolation(err) {
			return fmt.Errorf("store: create practice: %w", err)
		}
		return fmt.Errorf("store: create practice: %w", err)
	}
	p.ID, p.UpdatedAt, p.Version = id, now, 1
	return tx.savePracticeParts(ctx, p)
}

// UpdatePractice saves p if its version is still p.Version and bumps it;
// a stale version is ErrConflict.
func (tx *Tx) UpdatePractice(ctx context.Context, p *model.Practice) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE practices SET submitter = $3, visibility = $4, audience = $5, kind = $6, status = $7, title = $8, body = $9,
		body_html = $10, body_text = $11, reported_on = $12, phase = $13, languages = $14, source_event = $15, return_reason = $16,
		updated_at = $17, version = version + 1 WHERE id = $1 AND version = $2`,
		p.ID, p.Version, p.Submitter, string(p.Visibility), string(p.Audience), string(p.Kind), string(p.Status), p.Title, p.Body, p.HTML, p.Text,
		p.Date, string(p.Phase), jsonText(p.Languages), nullID(p.SourceEvent), p.ReturnReason, now)
	if err != nil {
		return fmt.Errorf("store: update practice: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	p.UpdatedAt = now
	p.Version++
	if _, err := tx.exec(ctx, `DELETE FROM practice_tags WHERE practice_id = $1`, p.ID); err != nil {
		return fmt.Errorf("store: practice tags: %w", err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM practice_links WHERE practice_id = $1`, p.ID); err != nil {
		return fmt.Errorf("store: practice links: %w", err)
	}
	return tx.savePracticeParts(ctx, p)
}

func (tx *Tx) savePracticeParts(ctx context.Context, p *model.Practice) error {
	for _, t := range p.Tags {
		if _, err := tx.exec(ctx, `INSERT INTO practice_tags (practice_id, tag) VALUES ($1, $2)`, p.ID, t); err != nil {
			return fmt.Errorf("store: practice tags: %w", err)
		}
	}
	for kind, targets := range map[string][]int64{"practice": p.Related, "action": p.Actions} {
		for i, t := range targets {
			if _, err := tx.exec(ctx, `INSERT INTO practice_links (practice_id, kind, target, position) VALUES ($1, $2, $3, $4)`, p.ID, kind, t, i); err != nil {
				return fmt.Errorf("store: practice links: %w", err)
			}
		}
	}
	if err := tx.SetShares(ctx, practiceKind, p.ID, p.SharedWith); err != nil {
		return err
	}
	return tx.IndexDoc(ctx, tx.practiceDoc(ctx, *p))
}

func (tx *Tx) practiceDoc(ctx context.Context, p model.Practice) SearchDoc {
	state, _ := tx.stateOf(ctx, p.Submitter)
	body := p.Text
	if len(p.Tags) > 0 {
		body += "\n" + strings.Join(p.Tags, " ")
	}
	return SearchDoc{Kind: model.SearchPractice, RecordID: p.ID, Owner: p.Owner, Visibility: p.Visibility, ShareKind: practiceKind, ShareID: p.ID,
		State: state, Year: p.Year(), Title: p.Title, Body: body, URL: fmt.Sprintf("/practices/%d", p.ID)}
}

func (tx *Tx) indexPractice(ctx context.Context, id int64) error {
	p, err := tx.Practice(ctx, id)
	if err != nil {
		return err
	}
	return tx.IndexDoc(ctx, tx.practiceDoc(ctx, p))
}

// AddPracticeHistory records a review step.
func (tx *Tx) AddPracticeHistory(ctx context.Context, practiceID int64, h *model.PracticeChange) error {
	h.At = tx.Now()
	_, err := tx.exec(ctx, `INSERT INTO practice_history (practice_id, at, actor, actor_org, step, from_status, to_status, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, practiceID, h.At, h.By, h.ByOrg, string(h.Step), string(h.From), string(h.To), h.Reason)
	if err != nil {
		return fmt.Errorf("store: practice history: %w", err)
	}
	return nil
}

// PracticeHistory returns a practice's review steps, oldest first.
func (c *Conn) PracticeHistory(ctx context.Context, practiceID int64) ([]model.PracticeChange, error) {
	return queryAll(ctx, c, func(r scanner) (model.PracticeChange, error) {
		var h model.PracticeChange
		err := r.Scan(&h.At, &h.By, &h.ByOrg, &h.Step, &h.From, &h.To, &h.Reason)
		h.At = h.At.UTC()
		return h, err
	}, `SELECT at, actor, actor_org, step, from_status, to_status, reason FROM practice_history WHERE practice_id = $1 ORDER BY id`, practiceID)
}

// PracticeAttachments lists a practice's files, without their content.
func (c *Conn) PracticeAttachments(ctx context.Context, practiceID int64) ([]model.PracticeAttachment, error) {
	return queryAll(ctx, c, func(r scanner) (model.PracticeAttachment, error) {
		var a model.PracticeAttachment
		err := r.Scan(&a.ID, &a.PracticeID, &a.Filename, &a.ContentType, &a.Size, &a.CreatedAt)
		a.CreatedAt = a.CreatedAt.UTC()
		return a, err
	}, `SELECT id, practice_id, filename, content_type, size, created_at FROM practice_attachments WHERE practice_id = $1 ORDER BY id`, practiceID)
}

// PracticeAttachment returns one file with its content.
func (c *Conn) PracticeAttachment(ctx context.Context, id int64) (model.PracticeAttachment, error) {
	var a model.PracticeAttachment
	err := c.queryRow(ctx, `SELECT id, practice_id, filename, content_type, size, created_at, content FROM practice_attachments WHERE id = $1`, id).
		Scan(&a.ID, &a.PracticeID, &a.Filename, &a.ContentType, &a.Size, &a.CreatedAt, &a.Content)
	if err != nil {
		return a, fmt.Errorf("store: attachment %d: %w", id, translate(err))
	}
	a.CreatedAt = a.CreatedAt.UTC()
	return a, nil
}

// CreateAttachment stores a file of a practice.
func (tx *Tx) CreateAttachment(ctx context.Context, a *model.PracticeAttachment) error {
	a.CreatedAt = tx.Now()
	id, err := tx.insertID(ctx, `INSERT INTO practice_attachments (practice_id, filename, content_type, size, content, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, a.PracticeID, a.Filename, a.ContentType, a.Size, a.Content, a.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: attachment: %w", err)
	}
	a.ID = id
	return nil
}

// DeleteAttachment removes a file.
func (tx *Tx) DeleteAttachment(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `DELETE FROM practice_attachments WHERE id = $1`, id)
	return err
}

// PracticeOfLesson returns the ID of the practice made from an event's
// lesson (0 when none).
func (c *Conn) PracticeOfLesson(ctx context.Context, lessonID int64) (int64, error) {
	var id int64
	err := c.queryRow(ctx, `SELECT id FROM practices WHERE source_lesson = $1`, lessonID).Scan(&id)
	if isNoRows(err) {
		return 0, nil
	}
	return id, translate(err)
}

// Lesson returns one lesson learned at an event.
func (c *Conn) Lesson(ctx context.Context, id int64) (model.Lesson, error) {
	var l model.Lesson
	err := c.queryRow(ctx, `SELECT id, event_id, title, body, org, illustrative, created_at FROM event_lessons WHERE id = $1`, id).
		Scan(&l.ID, &l.EventID, &l.Title, &l.Body, &l.Org, &l.Illustrative, &l.CreatedAt)
	if err != nil {
		return l, fmt.Errorf("store: lesson %d: %w", id, translate(err))
	}
	l.CreatedAt = l.CreatedAt.UTC()
	return l, nil
}
