package store

import (
	"context"
	"fmt"
	"strings"

	"napx/internal/model"
)

// Recorded history (issue 16): the dated facts of records and the claims
// made about each, with their sources. Who may read a fact is decided on
// its record by the service; the store reads regardless of who asks.

const factColumns = `f.id, f.owner_org, f.kind, f.record_id, f.fact, f.value, f.disputed, f.resolved, f.version`

func scanFact(row scanner) (model.Fact, error) {
	var f model.Fact
	err := row.Scan(&f.ID, &f.Owner, &f.Kind, &f.RecordID, &f.Fact, &f.Value, &f.Disputed, &f.Resolved, &f.Version)
	return f, translate(err)
}

const claimColumns = `c.id, c.fact_id, c.entry, c.value, c.recorded, c.source, c.source_url, c.reason, c.recorded_at, c.recorded_by, c.recorded_by_org`

func scanClaim(row scanner) (model.Claim, error) {
	var c model.Claim
	err := row.Scan(&c.ID, &c.FactID, &c.Entry, &c.Value, &c.Recorded, &c.Source.Title, &c.Source.URL, &c.Reason, &c.RecordedAt, &c.RecordedBy, &c.RecordedByOrg)
	c.RecordedAt = c.RecordedAt.UTC()
	return c, translate(err)
}

// Fact returns one fact with its claims, regardless of who asks.
func (c *Conn) Fact(ctx context.Context, id int64) (model.Fact, error) {
	f, err := scanFact(c.queryRow(ctx, `SELECT `+factColumns+` FROM history_facts f WHERE f.id = $1`+c.lockClause(), id))
	if err != nil {
		return f, fmt.Errorf("store: fact %d: %w", id, err)
	}
	f.Claims, err = queryAll(ctx, c, scanClaim, `SELECT `+claimColumns+` FROM history_claims c WHERE c.fact_id = $1 ORDER BY c.id`, id)
	return f, err
}

// FactOf returns the fact of a record (kind, record, fact) with its
// claims, or ErrNotFound when none was recorded.
func (c *Conn) FactOf(ctx context.Context, kind string, recordID int64, fact string) (model.Fact, error) {
	var id int64
	err := c.queryRow(ctx, `SELECT id FROM history_facts WHERE kind = $1 AND record_id = $2 AND fact = $3`+c.lockClause(), kind, recordID, fact).Scan(&id)
	if err != nil {
		return model.Fact{}, fmt.Errorf("store: fact %s %d %s: %w", kind, recordID, fact, translate(err))
	}
	return c.Fact(ctx, id)
}

// FactRef names a record whose facts are wanted.
type FactRef struct {
	Kind     string
	RecordID int64
}

// FactsOf returns the facts of the records refs, with their claims, keyed
// by record.
func (c *Conn) FactsOf(ctx context.Context, refs []FactRef) (map[FactRef][]model.Fact, error) {
	out := map[FactRef][]model.Fact{}
	if len(refs) == 0 {
		return out, nil
	}
	byKind := map[string][]any{}
	for _, r := range refs {
		byKind[r.Kind] = append(byKind[r.Kind], r.RecordID)
	}
	var conds []string
	var args []any
	for kind, ids := range byKind {
		args = append(args, kind)
		k := len(args)
		conds = append(conds, fmt.Sprintf("(f.kind = $%d AND f.record_id IN (%s))", k, placeholders(&args, ids)))
	}
	facts, err := queryAll(ctx, c, scanFact, `SELECT `+factColumns+` FROM history_facts f WHERE `+strings.Join(conds, " OR ")+` ORDER BY f.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: facts: %w", err)
	}
	if len(facts) == 0 {
		return out, nil
	}
	ids := make([]any, len(facts))
	for i, f := range facts {
		ids[i] = f.ID
	}
	var cargs []any
	claims, err := queryAll(ctx, c, scanClaim, `SELECT `+claimColumns+` FROM history_claims c WHERE c.fact_id IN (`+placeholders(&cargs, ids)+`) ORDER BY c.id`, cargs...)
	if err != nil {
		return nil, fmt.Errorf("store: claims: %w", err)
	}
	byFact := map[int64][]model.Claim{}
	for _, cl := range claims {
		byFact[cl.FactID] = append(byFact[cl.FactID], cl)
	}
	for _, f := range facts {
		f.Claims = byFact[f.ID]
		ref := FactRef{f.Kind, f.RecordID}
		out[ref] = append(out[ref], f)
	}
	return out, nil
}

// DisputedFacts returns the disputed facts of state (every State when
// state is ""), without their claims: the Committee's list of what to
// resolve. The caller filters them through the policy on their records.
func (c *Conn) DisputedFacts(ctx context.Context, state string) ([]model.Fact, error) {
	q := `SELECT ` + factColumns + ` FROM history_facts f WHERE f.disputed`
	var args []any
	if state != "" {
		args = append(args, state)
		q += ` AND f.owner_org = $1`
	}
	return queryAll(ctx, c, scanFact, q+` ORDER BY f.owner_org, f.id`, args...)
}

// CreateFact inserts a fact with its first claim, setting their IDs.
func (tx *Tx) CreateFact(ctx context.Context, f *model.Fact, first *model.Claim) error {
	id, err := tx.insertID(ctx, `INSERT INTO history_facts (owner_org, kind, record_id, fact, value, disputed, resolved, version)
		VALUES ($1, $2, $3, $4, $5, FALSE, FALSE, 1) RETURNING id`, f.Owner, f.Kind, f.RecordID, f.Fact, f.Value)
	if err != nil {
		if IsUniqueViolation(err) {
			return fmt.Errorf("store: create fact: %w", model.ErrConflict)
		}
		return fmt.Errorf("store: create fact: %w", err)
	}
	f.ID, f.Version = id, 1
	first.FactID = id
	if err := tx.AddClaim(ctx, first); err != nil {
		return err
	}
	f.Claims = []model.Claim{*first}
	return nil
}

// AddClaim appends a claim (or a resolution) to a fact; the time is the
// transaction's unless set.
func (tx *Tx) AddClaim(ctx context.Context, c *model.Claim) error {
	if c.RecordedAt.IsZero() {
		c.RecordedAt = tx.Now()
	}
	id, err := tx.insertID(ctx, `INSERT INTO history_claims (fact_id, entry, value, recorded, source, source_url, reason, recorded_at, recorded_by, recorded_by_org)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		c.FactID, c.Entry, c.Value, c.Recorded, c.Source.Title, c.Source.URL, c.Reason, c.RecordedAt, c.RecordedBy, c.RecordedByOrg)
	if err != nil {
		return fmt.Errorf("store: add claim: %w", err)
	}
	c.ID = id
	return nil
}

// UpdateFact saves a fact's value and state if its version is still
// f.Version, and bumps it; a stale version is ErrConflict.
func (tx *Tx) UpdateFact(ctx context.Context, f *model.Fact) error {
	res, err := tx.exec(ctx, `UPDATE history_facts SET value = $3, disputed = $4, resolved = $5, version = version + 1 WHERE id = $1 AND version = $2`,
		f.ID, f.Version, f.Value, f.Disputed, f.Resolved)
	if err != nil {
		return fmt.Errorf("store: update fact: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	f.Version++
	return nil
}

// SetRecordDate writes the date in force of a fact into its record's own
// column (the lists and counts read that column).
func (tx *Tx) SetRecordDate(ctx context.Context, kind string, recordID int64, fact string, d model.Date) error {
	var q string
	switch kind + "." + fact {
	case model.FactKindReport + "." + model.FactDated:
		q = `UPDATE national_reports SET report_date = $2 WHERE id = $1`
	case model.FactKindNAP + "." + model.FactAdopted:
		q = `UPDATE naps SET adopted_on = $2 WHERE id = $1`
	case model.FactKindNAP + "." + model.FactPublished:
		q = `UPDATE naps SET published_on = $2 WHERE id = $1`
	case model.FactKindSubmission + "." + model.FactSubmitted:
		q = `UPDATE nap_submissions SET submitted_on = $2 WHERE id = $1`
	case model.FactKindEdition + "." + model.FactApproved:
		q = `UPDATE matrix_editions SET approved_on = $2 WHERE id = $1`
	default:
		return fmt.Errorf("store: no date column for %s %s", kind, fact)
	}
	res, err := tx.exec(ctx, q, recordID, d)
	if err != nil {
		return fmt.Errorf("store: record date: %w", err)
	}
	return oneRow(res, model.ErrNotFound)
}
