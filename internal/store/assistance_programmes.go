package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
)

// ProgrammeKind is the kind of a programme in the policy filter (no
// shares: a programme is its provider's draft or public).
const ProgrammeKind = "programme"

const programmeColumns = `p.id, p.owner_org, p.visibility, p.title, p.description, p.eligibility, p.contact_name, p.contact_email, p.website,
	p.starts_on, p.ends_on, p.status, p.illustrative, p.created_at, p.updated_at, p.version`

func scanProgramme(row scanner) (model.Programme, error) {
	var g model.Programme
	err := row.Scan(&g.ID, &g.Provider, &g.Visibility, &g.Title, &g.Description, &g.Eligibility, &g.ContactName, &g.ContactEmail, &g.Website,
		&g.Start, &g.End, &g.Status, &g.Illustrative, &g.CreatedAt, &g.UpdatedAt, &g.Version)
	if err != nil {
		return g, translate(err)
	}
	g.CreatedAt, g.UpdatedAt = g.CreatedAt.UTC(), g.UpdatedAt.UTC()
	g.Areas, g.Modalities, g.Groups, g.Languages = []string{}, []string{}, []string{}, []string{}
	return g, nil
}

// programmeLists are the code lists of a programme: table, column.
var programmeLists = [][2]string{
	{"assistance_programme_areas", "area"}, {"assistance_programme_modalities", "modality"},
	{"assistance_programme_groups", "grp"}, {"assistance_programme_languages", "lang"},
}

func programmeList(g *model.Programme, i int) *[]string {
	return [](*[]string){&g.Areas, &g.Modalities, &g.Groups, &g.Languages}[i]
}

// fillProgrammes adds the code lists to gs, four queries whatever their
// number.
func (c *Conn) fillProgrammes(ctx context.Context, gs []model.Programme) error {
	if len(gs) == 0 {
		return nil
	}
	at := map[int64]int{}
	ids := make([]any, len(gs))
	for i, g := range gs {
		at[g.ID], ids[i] = i, g.ID
	}
	for li, l := range programmeLists {
		args := []any{}
		in := placeholders(&args, ids)
		rows, err := c.query(ctx, `SELECT programme_id, `+l[1]+` FROM `+l[0]+` WHERE programme_id IN (`+in+`) ORDER BY programme_id, `+l[1], args...)
		if err != nil {
			return fmt.Errorf("store: programme lists: %w", err)
		}
		for rows.Next() {
			var id int64
			var code string
			if err := rows.Scan(&id, &code); err != nil {
				_ = rows.Close()
				return err
			}
			if i, ok := at[id]; ok {
				list := programmeList(&gs[i], li)
				*list = append(*list, code)
			}
		}
		err = rows.Err()
		_ = rows.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// Programme returns one programme with its code lists, regardless of who
// asks.
func (c *Conn) Programme(ctx context.Context, id int64) (model.Programme, error) {
	return c.programme(ctx, id, "")
}

// ProgrammeForUpdate is Programme, locking the programme's row.
func (tx *Tx) ProgrammeForUpdate(ctx context.Context, id int64) (model.Programme, error) {
	return tx.programme(ctx, id, tx.forUpdate())
}

func (c *Conn) programme(ctx context.Context, id int64, suffix string) (model.Programme, error) {
	g, err := scanProgramme(c.queryRow(ctx, `SELECT `+programmeColumns+` FROM assistance_programmes p WHERE p.id = $1`+suffix, id))
	if err != nil {
		return g, fmt.Errorf("store: programme %d: %w", id, err)
	}
	gs := []model.Programme{g}
	return gs[0], c.fillProgrammes(ctx, gs)
}

// Programmes lists the programmes v may read that match f, by provider and
// title. Without a status, drafts (the provider's own) and withdrawn
// programmes are left out.
func (c *Conn) Programmes(ctx context.Context, v model.Viewer, f model.ProgrammeFilter) ([]model.Programme, error) {
	pf := policy.ReadFilter(v, "p", ProgrammeKind, 1)
	conds := []string{pf.SQL}
	args := append([]any{}, pf.Args...)
	add := func(cond string, arg any) {
		args = append(args, arg)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if f.Status != "" {
		add("p.status = $%d", string(f.Status))
	} else {
		conds = append(conds, "p.status IN ('open', 'closed')")
	}
	if f.Provider != "" {
		add("p.owner_org = $%d", f.Provider)
	}
	if f.Area != "" {
		add("EXISTS (SELECT 1 FROM assistance_programme_areas x WHERE x.programme_id = p.id AND x.area = $%d)", f.Area)
	}
	if f.Modality != "" {
		add("EXISTS (SELECT 1 FROM assistance_programme_modalities x WHERE x.programme_id = p.id AND x.modality = $%d)", f.Modality)
	}
	if f.Group != "" {
		// A programme for every State serves the group too.
		add("(EXISTS (SELECT 1 FROM assistance_programme_groups x WHERE x.programme_id = p.id AND x.grp = $%d)"+
			" OR NOT EXISTS (SELECT 1 FROM assistance_programme_groups y WHERE y.programme_id = p.id))", f.Group)
	}
	if f.Query != "" {
		args = append(args, "%"+LikeContains(strings.ToLower(f.Query))+"%")
		conds = append(conds, fmt.Sprintf("(LOWER(p.title) LIKE $%[1]d ESCAPE '\\' OR LOWER(p.description) LIKE $%[1]d ESCAPE '\\')", len(args)))
	}
	gs, err := queryAll(ctx, c, scanProgramme, `SELECT `+programmeColumns+` FROM assistance_programmes p WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY p.owner_org, p.title, p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: programmes: %w", err)
	}
	return gs, c.fillProgrammes(ctx, gs)
}

// IsProvider reports whether org keeps a programme in the directory (open
// or closed).
func (c *Conn) IsProvider(ctx context.Context, org string) (bool, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM assistance_programmes WHERE owner_org = $1 AND status IN ('open', 'closed')`, org).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: provider: %w", err)
	}
	return n > 0, nil
}

// CreateProgramme inserts g with its code lists.
func (tx *Tx) CreateProgramme(ctx context.Context, g *model.Programme) error {
	now := tx.Now()
	if g.CreatedAt.IsZero() {
		g.CreatedAt = now
	}
	g.UpdatedAt = g.CreatedAt
	id, err := tx.insertID(ctx, `INSERT INTO assistance_programmes (owner_org, visibility, title, description, eligibility, contact_name, contact_email,
		website, starts_on, ends_on, status, illustrative, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, 1) RETURNING id`,
		g.Provider, string(g.Visibility), g.Title, g.Description, g.Eligibility, g.ContactName, g.ContactEmail, g.Website, g.Start, g.End,
		string(g.Status), g.Illustrative, g.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: create programme: %w", err)
	}
	g.ID, g.Version = id, 1
	return tx.saveProgrammeParts(ctx, g)
}

// UpdateProgramme saves g if its version is still g.Version.
func (tx *Tx) UpdateProgramme(ctx context.Context, g *model.Programme) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE assistance_programmes SET visibility = $3, title = $4, description = $5, eligibility = $6, contact_name = $7,
		contact_email = $8, website = $9, starts_on = $10, ends_on = $11, status = $12, updated_at = $13, version = version + 1
		WHERE id = $1 AND version = $2`, g.ID, g.Version, string(g.Visibility), g.Title, g.Description, g.Eligibility, g.ContactName,
		g.ContactEmail, g.Website, g.Start, g.End, string(g.Status), now)
	if err != nil {
		return fmt.Errorf("store: update programme: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	g.UpdatedAt = now
	g.Version++
	return tx.saveProgrammeParts(ctx, g)
}

// saveProgrammeParts writes g's code lists and its row of the search index
// (issue 12), in the programme's transaction.
func (tx *Tx) saveProgrammeParts(ctx context.Context, g *model.Programme) error {
	if err := tx.setProgrammeLists(ctx, g); err != nil {
		return err
	}
	return tx.indexProgramme(ctx, *g)
}

func (tx *Tx) setProgrammeLists(ctx context.Context, g *model.Programme) error {
	for li, l := range programmeLists {
		if _, err := tx.exec(ctx, `DELETE FROM `+l[0]+` WHERE programme_id = $1`, g.ID); err != nil {
			return fmt.Errorf("store: programme lists: %w", err)
		}
		for _, code := range *programmeList(g, li) {
			if _, err := tx.exec(ctx, `INSERT INTO `+l[0]+` (programme_id, `+l[1]+`) VALUES ($1, $2)`, g.ID, code); err != nil {
				return fmt.Errorf("store: programme lists: %w", err)
			}
		}
	}
	return nil
}

// --- offers, matches, deliveries, feedback ---

// CreateOffer inserts an offer; a programme offered twice for one need is
// a unique violation.
func (tx *Tx) CreateOffer(ctx context.Context, o *model.Offer) error {
	o.CreatedAt = tx.Now()
	id, err := tx.insertID(ctx, `INSERT INTO assistance_offers (need_id, programme_id, provider_org, note, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, o.NeedID, o.ProgrammeID, o.Provider, o.Note, o.By, o.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: offer: %w", err)
	}
	o.ID = id
	return nil
}

// Offers returns the offers on the needs of a request, oldest first.
func (c *Conn) Offers(ctx context.Context, requestID int64) ([]model.Offer, error) {
	out, err := queryAll(ctx, c, func(s scanner) (model.Offer, error) {
		var o model.Offer
		err := s.Scan(&o.ID, &o.NeedID, &o.ProgrammeID, &o.Provider, &o.Note, &o.By, &o.CreatedAt)
		o.CreatedAt = o.CreatedAt.UTC()
		return o, err
	}, `SELECT o.id, o.need_id, o.programme_id, o.provider_org, o.note, o.created_by, o.created_at FROM assistance_offers o
		JOIN assistance_needs n ON n.id = o.need_id WHERE n.request_id = $1 ORDER BY o.created_at, o.id`, requestID)
	if err != nil {
		return nil, fmt.Errorf("store: offers: %w", err)
	}
	return out, nil
}

const matchColumns = `m.id, m.need_id, m.programme_id, p.title, m.provider_org, m.score, m.reasons, m.confirmed_by, m.confirmed_at, m.reason_messages`

func scanMatch(s scanner) (model.AssistanceMatch, error) {
	var m model.AssistanceMatch
	var reasons, why string
	err := s.Scan(&m.ID, &m.NeedID, &m.ProgrammeID, &m.Programme, &m.Provider, &m.Score, &reasons, &m.By, &m.ConfirmedAt, &why)
	m.Reasons, m.ConfirmedAt = splitLines(reasons), m.ConfirmedAt.UTC()
	if err == nil && why != "" {
		if jerr := json.Unmarshal([]byte(why), &m.Why); jerr != nil {
			return m, fmt.Errorf("store: match %d: reasons: %w", m.ID, jerr)
		}
	}
	return m, translate(err)
}

// CreateMatch inserts a confirmed match; a second match of one need is a
// unique violation.
func (tx *Tx) CreateMatch(ctx context.Context, m *model.AssistanceMatch) error {
	m.ConfirmedAt = tx.Now()
	why := ""
	if len(m.Why) > 0 {
		b, err := json.Marshal(m.Why)
		if err != nil {
			return fmt.Errorf("store: match: %w", err)
		}
		why = string(b)
	}
	id, err := tx.insertID(ctx, `INSERT INTO assistance_matches (need_id, programme_id, provider_org, score, reasons, confirmed_by, confirmed_at, reason_messages)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, m.NeedID, m.ProgrammeID, m.Provider, m.Score, strings.Join(m.Reasons, "\n"), m.By, m.ConfirmedAt, why)
	if err != nil {
		return fmt.Errorf("store: match: %w", err)
	}
	m.ID = id
	return nil
}

// HasMatch reports whether a programme of org is matched to a need of the
// request.
func (c *Conn) HasMatch(ctx context.Context, requestID int64, org string) (bool, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM assistance_matches m JOIN assistance_needs n ON n.id = m.need_id WHERE n.request_id = $1 AND m.provider_org = $2`,
		requestID, org).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: match: %w", err)
	}
	return n > 0, nil
}

const deliveryColumns = `d.id, d.need_id, d.match_id, d.provider_org, d.recipient_org, d.starts_on, d.ends_on, d.what, d.event_id, d.created_by, d.created_at`

func scanDelivery(s scanner) (model.AssistanceDelivery, error) {
	var d model.AssistanceDelivery
	var ev sql.NullInt64
	err := s.Scan(&d.ID, &d.NeedID, &d.MatchID, &d.Provider, &d.Recipient, &d.Start, &d.End, &d.What, &ev, &d.By, &d.CreatedAt)
	d.EventID, d.CreatedAt = ev.Int64, d.CreatedAt.UTC()
	return d, translate(err)
}

// CreateDelivery inserts a delivery.
func (tx *Tx) CreateDelivery(ctx context.Context, d *model.AssistanceDelivery) error {
	d.CreatedAt = tx.Now()
	id, err := tx.insertID(ctx, `INSERT INTO assistance_deliveries (need_id, match_id, provider_org, recipient_org, starts_on, ends_on, what, event_id,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		d.NeedID, d.MatchID, d.Provider, d.Recipient, d.Start, d.End, d.What, nullID(d.EventID), d.By, d.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: delivery: %w", err)
	}
	d.ID = id
	return nil
}

// Deliveries returns the deliveries on the needs of a request, by date.
func (c *Conn) Deliveries(ctx context.Context, requestID int64) ([]model.AssistanceDelivery, error) {
	out, err := queryAll(ctx, c, scanDelivery, `SELECT `+deliveryColumns+` FROM assistance_deliveries d JOIN assistance_needs n ON n.id = d.need_id
		WHERE n.request_id = $1 ORDER BY d.starts_on, d.id`, requestID)
	if err != nil {
		return nil, fmt.Errorf("store: deliveries: %w", err)
	}
	return out, nil
}

// DeliveryRow is a delivery with the need and request it served.
type DeliveryRow struct {
	model.AssistanceDelivery
	Request model.AssistanceRequest // without needs
	Area    string
}

// ReadableDeliveries returns the deliveries whose request v may read that
// were delivered by an event (eventID > 0) or to or by an organisation
// (org), newest first. The service applies the field-level rule.
func (c *Conn) ReadableDeliveries(ctx context.Context, v model.Viewer, eventID int64, org string) ([]DeliveryRow, error) {
	pf := policy.ReadFilter(v, "r", AssistanceKind, 1)
	args := append([]any{}, pf.Args...)
	cond := pf.SQL
	if eventID > 0 {
		args = append(args, eventID)
		cond += fmt.Sprintf(" AND d.event_id = $%d", len(args))
	}
	if org != "" {
		args = append(args, org)
		cond += fmt.Sprintf(" AND (d.recipient_org = $%[1]d OR d.provider_org = $%[1]d)", len(args))
	}
	out, err := queryAll(ctx, c, func(s scanner) (DeliveryRow, error) {
		var d DeliveryRow
		var ev sql.NullInt64
		r := &d.Request
		err := s.Scan(&d.ID, &d.NeedID, &d.MatchID, &d.Provider, &d.Recipient, &d.Start, &d.End, &d.What, &ev, &d.By, &d.CreatedAt, &d.Area,
			&r.ID, &r.Owner, &r.Visibility, &r.Group, &r.Title, &r.Status, &r.Summary, &r.Illustrative)
		d.EventID, d.CreatedAt = ev.Int64, d.CreatedAt.UTC()
		r.CoRequesters, r.Needs = []string{}, []model.AssistanceNeed{}
		return d, translate(err)
	}, `SELECT `+deliveryColumns+`, n.area, r.id, r.owner_org, r.visibility, r.group_code, r.title, r.status, r.summary, r.illustrative
		FROM assistance_deliveries d JOIN assistance_needs n ON n.id = d.need_id
		JOIN assistance_requests r ON r.id = n.request_id WHERE `+cond+` ORDER BY d.starts_on DESC, d.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: deliveries: %w", err)
	}
	// The shares decide the field-level rule (co-requesters are insiders).
	if len(out) > 0 {
		ids := make([]int64, len(out))
		for i, d := range out {
			ids[i] = d.Request.ID
		}
		shares, err := c.SharesOf(ctx, AssistanceKind, ids)
		if err != nil {
			return nil, err
		}
		for i := range out {
			for _, p := range shares[out[i].Request.ID] {
				if p != out[i].Request.Group {
					out[i].Request.CoRequesters = append(out[i].Request.CoRequesters, p)
				}
			}
		}
	}
	return out, nil
}

// CreateFeedback inserts feedback.
func (tx *Tx) CreateFeedback(ctx context.Context, f *model.Feedback) error {
	f.CreatedAt = tx.Now()
	id, err := tx.insertID(ctx, `INSERT INTO assistance_feedback (need_id, side, org, activities, achievements, opportunities, outcome, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, f.NeedID, string(f.Side), f.Org, f.Activities, f.Achievements, f.Opportunities,
		string(f.Outcome), f.By, f.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: feedback: %w", err)
	}
	f.ID = id
	return nil
}

// Feedback returns the feedback on the needs of a request, oldest first.
func (c *Conn) Feedback(ctx context.Context, requestID int64) ([]model.Feedback, error) {
	out, err := queryAll(ctx, c, func(s scanner) (model.Feedback, error) {
		var f model.Feedback
		err := s.Scan(&f.ID, &f.NeedID, &f.Side, &f.Org, &f.Activities, &f.Achievements, &f.Opportunities, &f.Outcome, &f.By, &f.CreatedAt)
		f.CreatedAt = f.CreatedAt.UTC()
		return f, err
	}, `SELECT f.id, f.need_id, f.side, f.org, f.activities, f.achievements, f.opportunities, f.outcome, f.created_by, f.created_at
		FROM assistance_feedback f JOIN assistance_needs n ON n.id = f.need_id WHERE n.request_id = $1 ORDER BY f.created_at, f.id`, requestID)
	if err != nil {
		return nil, fmt.Errorf("store: feedback: %w", err)
	}
	return out, nil
}

// ProviderOrgs returns the organisations with an open programme in one of
// areas (those a circulated request is sent to).
func (c *Conn) ProviderOrgs(ctx context.Context, areas []string) ([]string, error) {
	if len(areas) == 0 {
		return []string{}, nil
	}
	args := []any{}
	in := placeholders(&args, toAny(areas))
	out, err := queryAll(ctx, c, func(s scanner) (string, error) {
		var org string
		return org, s.Scan(&org)
	}, `SELECT DISTINCT p.owner_org FROM assistance_programmes p JOIN assistance_programme_areas a ON a.programme_id = p.id
		WHERE p.status = 'open' AND a.area IN (`+in+`) ORDER BY p.owner_org`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: providers: %w", err)
	}
	return out, nil
}
