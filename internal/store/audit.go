package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"napx/internal/model"
)

// AuditRecord is what a write tells the audit log.
type AuditRecord struct {
	Action   string // e.g. "nap.update"
	Kind     string // e.g. "nap"
	RecordID any    // an ID or a code
	Summary  string // one line in words
	Before   any    // the record before (nil for a creation); encoded as JSON
	After    any    // the record after (nil for a deletion)
}

// Limits on what one audit entry records, in characters. A summary is
// one line in words; what a request carried (an Origin, a path, an
// e-mail address) is cut long before this by whoever writes it.
const (
	MaxAuditSummary = 1000
	maxAuditLabel   = 254 // actor, record ID
	maxAuditName    = 80  // action, kind, organisation
)

// Audit appends an entry to the audit log inside the transaction: the
// change and its record commit together or not at all. Entries are
// numbered without gaps and each carries the hash of the previous one.
//
// Whatever it is given, the entry can be written on both engines: every
// text is made UTF-8 without control characters (model.CleanLine; the
// before and after records keep their line breaks) and capped, so a
// hostile request can never make its own refusal go unrecorded, nor fill
// the log with what it sent.
func (tx *Tx) Audit(ctx context.Context, v model.Viewer, r AuditRecord) error {
	before, err := auditJSON(r.Before)
	if err != nil {
		return err
	}
	after, err := auditJSON(r.After)
	if err != nil {
		return err
	}
	var lastSeq int64
	var lastHash string
	// Lock the head: appends are serialised, so the chain cannot fork.
	if err := tx.queryRow(ctx, `SELECT last_seq, last_hash FROM audit_head WHERE id = 1`+tx.forUpdate()).Scan(&lastSeq, &lastHash); err != nil {
		return fmt.Errorf("store: audit head: %w", translate(err))
	}
	e := model.AuditEntry{
		Seq: lastSeq + 1, At: tx.Now(), ActorID: v.ID(), Actor: model.CleanLine(v.Label(), maxAuditLabel), ActorOrg: model.CleanLine(v.Org(), maxAuditName),
		Action: model.CleanLine(r.Action, maxAuditName), Kind: model.CleanLine(r.Kind, maxAuditName), RecordID: model.CleanLine(recordID(r.RecordID), maxAuditLabel),
		Summary: model.CleanLine(r.Summary, MaxAuditSummary), Before: before, After: after, PrevHash: lastHash,
	}
	e.Hash = AuditHash(e)
	var actorID any
	if e.ActorID != 0 {
		actorID = e.ActorID
	}
	if _, err := tx.x.ExecContext(ctx, tx.rebind(`INSERT INTO audit_log (seq, at, actor_id, actor, actor_org, action, kind, record_id, summary, before_json, after_json, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`),
		e.Seq, e.At, actorID, e.Actor, e.ActorOrg, e.Action, e.Kind, e.RecordID, e.Summary, e.Before, e.After, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("store: audit: %w", translate(err))
	}
	head := `UPDATE audit_head SET last_seq = $1, last_hash = $2, data_seq = $1 WHERE id = 1`
	if !MovesDataVersion(e.Kind) {
		head = `UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE id = 1`
	}
	if _, err := tx.x.ExecContext(ctx, tx.rebind(head), e.Seq, e.Hash); err != nil {
		return fmt.Errorf("store: audit head: %w", translate(err))
	}
	tx.tx.audited = true
	return nil
}

// MovesDataVersion reports whether an audited change of kind moves the
// data version (DataVersion): every kind but a notice's fan-out into
// inboxes ("notification"), which no cached view shows — the inbox, the
// unread count and the notification pages are read live.
func MovesDataVersion(kind string) bool { return kind != "notification" }

func recordID(v any) string {
	switch id := v.(type) {
	case nil:
		return ""
	case string:
		return id
	case int64:
		return strconv.FormatInt(id, 10)
	case int:
		return strconv.Itoa(id)
	}
	return fmt.Sprint(v)
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if s, ok := v.(string); ok {
		return model.CleanText(s, len(s)), nil // JSON from json.Marshal is unchanged
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("store: audit: encode record: %w", err)
	}
	return string(b), nil
}

// AuditHash is the hash of an entry: SHA-256 over the previous hash and
// every field, each length-prefixed so that no two entries share an input.
func AuditHash(e model.AuditEntry) string {
	h := sha256.New()
	for _, f := range []string{
		"napx-audit-v1", e.PrevHash, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(e.ActorID, 10), e.Actor, e.ActorOrg, e.Action, e.Kind, e.RecordID, e.Summary, e.Before, e.After,
	} {
		fmt.Fprintf(h, "%d:%s\n", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

const auditColumns = `seq, at, actor_id, actor, actor_org, action, kind, record_id, summary, before_json, after_json, prev_hash, hash`

func scanAudit(row interface{ Scan(...any) error }) (model.AuditEntry, error) {
	var e model.AuditEntry
	var actor sql.NullInt64
	if err := row.Scan(&e.Seq, &e.At, &actor, &e.Actor, &e.ActorOrg, &e.Action, &e.Kind, &e.RecordID, &e.Summary, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
		return e, translate(err)
	}
	e.At = e.At.UTC()
	e.ActorID = actor.Int64
	return e, nil
}

// AuditEntries lists entries newest first.
func (c *Conn) AuditEntries(ctx context.Context, f model.AuditFilter) ([]model.AuditEntry, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Actor != "" {
		add("actor = $%d", f.Actor)
	}
	if f.Kind != "" {
		add("kind = $%d", f.Kind)
	}
	if f.Action != "" {
		add(`action LIKE $%d ESCAPE '\'`, LikePrefix(f.Action))
	}
	if f.RecordID != "" {
		add("record_id = $%d", f.RecordID)
	}
	if !f.From.IsZero() {
		add("at >= $%d", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at <= $%d", f.To.UTC())
	}
	if f.Before > 0 {
		add("seq < $%d", f.Before)
	}
	q := `SELECT ` + auditColumns + ` FROM audit_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q += fmt.Sprintf(` ORDER BY seq DESC LIMIT %d`, limit)
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: audit entries: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := []model.AuditEntry{}
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// LikePrefix is a LIKE pattern matching the values that start with s:
// the wildcards % and _ (and the escape character) in s are escaped, so
// "%" finds values starting with "%", not every value. Use it with
// ESCAPE '\' (the same on both engines).
func LikePrefix(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// AuditProblem is the first entry of the log that does not check out.
type AuditProblem struct {
	Seq    int64
	Reason string
}

func (p *AuditProblem) Error() string {
	return fmt.Sprintf("audit log entry %d: %s", p.Seq, p.Reason)
}

// VerifyAudit walks the whole chain in order and returns the number of
// entries checked, and an *AuditProblem naming the first entry that was
// altered, inserted or removed (or the head, when entries were cut off at
// the end).
//
// The chain and the head are read in one snapshot: napx may be writing
// meanwhile (the job engine's notices, on a live server), and a head read
// after the chain would count entries the chain's read did not see.
func (db *DB) VerifyAudit(ctx context.Context) (int64, error) {
	var n int64
	err := db.ReadSnapshot(ctx, func(c *Conn) error {
		var prev string
		var err error
		if n, prev, err = c.VerifyAuditChain(ctx); err != nil {
			return err
		}
		var lastSeq int64
		var lastHash string
		if err := c.queryRow(ctx, `SELECT last_seq, last_hash FROM audit_head WHERE id = 1`).Scan(&lastSeq, &lastHash); err != nil {
			return fmt.Errorf("store: audit head: %w", translate(err))
		}
		if lastSeq != n || lastHash != prev {
			return &AuditProblem{Seq: n + 1, Reason: fmt.Sprintf("missing: the log ends at %d but its head records %d entries; the last entries were removed", n, lastSeq)}
		}
		return nil
	})
	return n, err
}

// VerifyAuditChain walks the log's entries in order (on a database or
// inside a transaction, as an import does before it commits) and returns
// how many check out and the last one's hash, or an *AuditProblem naming
// the first that does not.
func (c *Conn) VerifyAuditChain(ctx context.Context) (int64, string, error) {
	rows, err := c.query(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, "", fmt.Errorf("store: verify audit: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var n int64
	prev := ""
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return n, prev, err
		}
		want := n + 1
		switch {
		case e.Seq != want:
			return n, prev, &AuditProblem{Seq: want, Reason: fmt.Sprintf("missing (the next entry is %d): entries were removed", e.Seq)}
		case e.PrevHash != prev:
			return n, prev, &AuditProblem{Seq: e.Seq, Reason: "does not link to the entry before it: an entry before it was removed or replaced"}
		case AuditHash(e) != e.Hash:
			return n, prev, &AuditProblem{Seq: e.Seq, Reason: "its content does not match its hash: it was altered"}
		}
		prev = e.Hash
		n++
	}
	return n, prev, rows.Err()
}
