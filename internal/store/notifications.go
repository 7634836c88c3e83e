package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"napx/internal/model"
)

const notificationColumns = `n.id, n.account_id, n.kind, n.record_kind, n.record_id, n.title, n.url, n.body, n.delivery, n.created_at, n.read_at, n.mailed_at,
	n.title_key, n.title_args, n.body_key, n.body_args`

func scanNotification(row scanner) (model.Notification, error) {
	var n model.Notification
	var read, mailed sql.NullTime
	var titleArgs, bodyArgs string
	if err := row.Scan(&n.ID, &n.AccountID, &n.Kind, &n.Record.Kind, &n.Record.ID, &n.Title, &n.URL, &n.Body, &n.Delivery,
		&n.CreatedAt, &read, &mailed, &n.Msg.Key, &titleArgs, &n.BodyMsg.Key, &bodyArgs); err != nil {
		return n, translate(err)
	}
	if err := messageArgs(&n.Msg, titleArgs); err != nil {
		return n, err
	}
	if err := messageArgs(&n.BodyMsg, bodyArgs); err != nil {
		return n, err
	}
	n.CreatedAt = n.CreatedAt.UTC()
	if read.Valid {
		n.ReadAt = read.Time.UTC()
	}
	if mailed.Valid {
		n.MailedAt = mailed.Time.UTC()
	}
	return n, nil
}

func (c *Conn) notifications(ctx context.Context, q string, args ...any) ([]model.Notification, error) {
	out, err := queryAll(ctx, c, scanNotification, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: notifications: %w", err)
	}
	return out, nil
}

// InsertNotification adds n to its account's inbox unless the notice
// (noticeKey) already reached that account; inserted is false then.
func (tx *Tx) InsertNotification(ctx context.Context, n *model.Notification, noticeKey string) (inserted bool, err error) {
	now := tx.Now()
	var id int64
	titleArgs, err := messageJSON(n.Msg)
	if err != nil {
		return false, err
	}
	bodyArgs, err := messageJSON(n.BodyMsg)
	if err != nil {
		return false, err
	}
	err = tx.queryRow(ctx, `INSERT INTO notifications (account_id, notice_key, kind, record_kind, record_id, title, url, body, delivery, created_at,
			title_key, title_args, body_key, body_args)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		ON CONFLICT (notice_key, account_id) DO NOTHING RETURNING id`,
		n.AccountID, noticeKey, string(n.Kind), n.Record.Kind, n.Record.ID, n.Title, n.URL, n.Body, string(n.Delivery), now,
		n.Msg.Key, titleArgs, n.BodyMsg.Key, bodyArgs).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: insert notification: %w", translate(err))
	}
	tx.tx.wrote = true
	n.ID, n.CreatedAt = id, now
	return true, nil
}

// OwnNotification returns one of an account's notifications still in its
// inbox; ErrNotFound for another account's or one that left the inbox.
func (tx *Tx) OwnNotification(ctx context.Context, accountID, id int64) (model.Notification, error) {
	n, err := scanNotification(tx.queryRow(ctx, `SELECT `+notificationColumns+` FROM notifications n
		WHERE n.id = $1 AND n.account_id = $2 AND n.hidden_at IS NULL`+tx.forUpdate(), id, accountID))
	if err != nil {
		return n, fmt.Errorf("store: notification %d: %w", id, err)
	}
	return n, nil
}

// Notification returns one notification.
func (c *Conn) Notification(ctx context.Context, id int64) (model.Notification, error) {
	n, err := scanNotification(c.queryRow(ctx, `SELECT `+notificationColumns+` FROM notifications n WHERE n.id = $1`, id))
	if err != nil {
		return n, fmt.Errorf("store: notification %d: %w", id, err)
	}
	return n, nil
}

// NotificationFilter selects an inbox's notifications.
type NotificationFilter struct {
	Unread bool  // only the unread ones
	Before int64 // only those with a smaller ID (the next page)
	Limit  int   // at most this many (default 50, at most 500)
}

// Notifications lists an account's visible notifications, newest first.
func (c *Conn) Notifications(ctx context.Context, accountID int64, f NotificationFilter) ([]model.Notification, error) {
	q := `SELECT ` + notificationColumns + ` FROM notifications n WHERE n.account_id = $1 AND n.hidden_at IS NULL`
	args := []any{accountID}
	if f.Unread {
		q += ` AND n.read_at IS NULL`
	}
	if f.Before > 0 {
		args = append(args, f.Before)
		q += fmt.Sprintf(` AND n.id < $%d`, len(args))
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	return c.notifications(ctx, q+fmt.Sprintf(` ORDER BY n.id DESC LIMIT %d`, limit), args...)
}

// UnreadCount counts an account's unread notifications (one indexed count:
// it runs on every page).
func (c *Conn) UnreadCount(ctx context.Context, accountID int64) (int, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM notifications WHERE account_id = $1 AND read_at IS NULL AND hidden_at IS NULL`, accountID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unread count: %w", translate(err))
	}
	return n, nil
}

// MarkNotificationRead marks one of an account's notifications read;
// ErrNotFound when it is not theirs.
func (tx *Tx) MarkNotificationRead(ctx context.Context, accountID, id int64) error {
	res, err := tx.exec(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND account_id = $2 AND hidden_at IS NULL`,
		id, accountID, tx.Now())
	if err != nil {
		return fmt.Errorf("store: mark read: %w", err)
	}
	return oneRow(res, model.ErrNotFound)
}

// MarkAllNotificationsRead marks every unread notification of an account
// read and returns how many.
func (tx *Tx) MarkAllNotificationsRead(ctx context.Context, accountID int64) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE notifications SET read_at = $2 WHERE account_id = $1 AND read_at IS NULL AND hidden_at IS NULL`,
		accountID, tx.Now())
	if err != nil {
		return 0, fmt.Errorf("store: mark all read: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// HideNotification takes a notification out of its inbox: its record can
// no longer be read by the account.
func (tx *Tx) HideNotification(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `UPDATE notifications SET hidden_at = $2 WHERE id = $1 AND hidden_at IS NULL`, id, tx.Now())
	return err
}

// SetNotificationsMailed records that the notifications' e-mail went.
func (tx *Tx) SetNotificationsMailed(ctx context.Context, ids ...int64) error {
	for _, id := range ids {
		if _, err := tx.exec(ctx, `UPDATE notifications SET mailed_at = $2 WHERE id = $1`, id, tx.Now()); err != nil {
			return fmt.Errorf("store: mailed: %w", err)
		}
	}
	return nil
}

// DigestAccounts lists the accounts with notifications waiting for the
// daily digest.
func (c *Conn) DigestAccounts(ctx context.Context) ([]int64, error) {
	return c.ids(ctx, `SELECT DISTINCT account_id FROM notifications WHERE delivery = 'digest' AND mailed_at IS NULL ORDER BY account_id`)
}

// PendingDigest lists an account's notifications waiting for the digest,
// oldest first (hidden ones included: the digest skips and marks them).
func (c *Conn) PendingDigest(ctx context.Context, accountID int64) ([]model.Notification, error) {
	return c.notifications(ctx, `SELECT `+notificationColumns+` FROM notifications n
		WHERE n.account_id = $1 AND n.delivery = 'digest' AND n.mailed_at IS NULL ORDER BY n.id LIMIT 500`, accountID)
}

func (c *Conn) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	return queryAll(ctx, c, func(row scanner) (int64, error) {
		var id int64
		return id, row.Scan(&id)
	}, q, args...)
}

// NotificationSettings returns an account's chosen deliveries by kind
// (kinds not chosen are absent).
func (c *Conn) NotificationSettings(ctx context.Context, accountID int64) (map[model.NoticeKind]model.Delivery, error) {
	type row struct{ kind, delivery string }
	rows, err := queryAll(ctx, c, func(sc scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.kind, &r.delivery)
	}, `SELECT kind, delivery FROM notification_settings WHERE account_id = $1`, accountID)
	if err != nil {
		return nil, fmt.Errorf("store: notification settings: %w", err)
	}
	out := map[model.NoticeKind]model.Delivery{}
	for _, r := range rows {
		out[model.NoticeKind(r.kind)] = model.Delivery(r.delivery)
	}
	return out, nil
}

// SetNotificationSetting stores how an account wants kind.
func (tx *Tx) SetNotificationSetting(ctx context.Context, accountID int64, kind model.NoticeKind, d model.Delivery) error {
	_, err := tx.exec(ctx, `INSERT INTO notification_settings (account_id, kind, delivery) VALUES ($1, $2, $3)
		ON CONFLICT (account_id, kind) DO UPDATE SET delivery = excluded.delivery`, accountID, string(kind), string(d))
	if err != nil {
		return fmt.Errorf("store: set notification setting: %w", err)
	}
	return nil
}

// Follow records that an account follows t (again: no change).
func (tx *Tx) Follow(ctx context.Context, accountID int64, t model.FollowTarget) (added bool, err error) {
	wrote := tx.tx.wrote
	res, err := tx.exec(ctx, `INSERT INTO follows (account_id, kind, target, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (account_id, kind, target) DO NOTHING`, accountID, string(t.Kind), t.Target, tx.Now())
	if err != nil {
		return false, fmt.Errorf("store: follow: %w", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		tx.tx.wrote = wrote // following again changes nothing: no audit entry needed
	}
	return n > 0, nil
}

// Unfollow stops an account following t; ErrNotFound when it did not.
func (tx *Tx) Unfollow(ctx context.Context, accountID int64, t model.FollowTarget) error {
	res, err := tx.exec(ctx, `DELETE FROM follows WHERE account_id = $1 AND kind = $2 AND target = $3`, accountID, string(t.Kind), t.Target)
	if err != nil {
		return fmt.Errorf("store: unfollow: %w", err)
	}
	return oneRow(res, model.ErrNotFound)
}

// Follows lists what an account follows, by kind then target.
func (c *Conn) Follows(ctx context.Context, accountID int64) ([]model.Follow, error) {
	out, err := queryAll(ctx, c, func(row scanner) (model.Follow, error) {
		var f model.Follow
		var kind string
		err := row.Scan(&kind, &f.Target, &f.CreatedAt)
		f.Kind, f.CreatedAt = model.FollowKind(kind), f.CreatedAt.UTC()
		return f, err
	}, `SELECT kind, target, created_at FROM follows WHERE account_id = $1 ORDER BY kind, target`, accountID)
	if err != nil {
		return nil, fmt.Errorf("store: follows: %w", err)
	}
	return out, nil
}

// RecipientAccounts returns the active accounts r names (before the policy
// check), each once, by ID.
func (c *Conn) RecipientAccounts(ctx context.Context, r model.Recipients) ([]model.Account, error) {
	var parts []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if len(r.Accounts) > 0 {
		hs := make([]string, len(r.Accounts))
		for i, id := range r.Accounts {
			hs[i] = arg(id)
		}
		parts = append(parts, `a.id IN (`+strings.Join(hs, ", ")+`)`)
	}
	for _, o := range r.Orgs {
		parts = append(parts, `(a.org_code = `+arg(o.Org)+` AND a.role IN (`+rolesAtLeast(o.Role, arg)+`))`)
	}
	if r.Committee != "" {
		parts = append(parts, `(a.org_code IN (SELECT code FROM organizations WHERE kind IN ('committee', 'secretariat')) AND a.role IN (`+rolesAtLeast(r.Committee, arg)+`))`)
	}
	for _, f := range r.Followers {
		parts = append(parts, `a.id IN (SELECT account_id FROM follows WHERE kind = `+arg(string(f.Kind))+` AND target = `+arg(f.Target)+`)`)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	q := `SELECT ` + accountColumns + ` FROM accounts a WHERE a.disabled_at IS NULL AND (` + strings.Join(parts, " OR ") + `) ORDER BY a.id`
	out, err := queryAll(ctx, c, scanAccount, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: recipients: %w", err)
	}
	return out, nil
}

// rolesAtLeast writes the placeholders of the roles as strong as min.
func rolesAtLeast(min model.Role, arg func(any) string) string {
	var hs []string
	for _, r := range model.Roles {
		if r.AtLeast(min) {
			hs = append(hs, arg(string(r)))
		}
	}
	if len(hs) == 0 {
		return "NULL"
	}
	return strings.Join(hs, ", ")
}

// DeliveriesFor returns the chosen delivery of kind for each of accounts
// that chose one.
func (c *Conn) DeliveriesFor(ctx context.Context, kind model.NoticeKind, accounts []int64) (map[int64]model.Delivery, error) {
	out := map[int64]model.Delivery{}
	for start := 0; start < len(accounts); start += 500 {
		chunk := accounts[start:min(start+500, len(accounts))]
		args := []any{string(kind)}
		hs := make([]string, len(chunk))
		for i, id := range chunk {
			args = append(args, id)
			hs[i] = fmt.Sprintf("$%d", len(args))
		}
		type row struct {
			id       int64
			delivery string
		}
		rows, err := queryAll(ctx, c, func(sc scanner) (row, error) {
			var r row
			return r, sc.Scan(&r.id, &r.delivery)
		}, `SELECT account_id, delivery FROM notification_settings WHERE kind = $1 AND account_id IN (`+strings.Join(hs, ", ")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: deliveries: %w", err)
		}
		for _, r := range rows {
			out[r.id] = model.Delivery(r.delivery)
		}
	}
	return out, nil
}

// AccountLink is a single-use link to set a password.
type AccountLink struct {
	ID        int64
	AccountID int64
	Purpose   string // "invite" or "reset"
	TokenHash string // empty until the mail is built
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time
	CreatedBy string
}

const accountLinkColumns = `id, account_id, purpose, token_hash, created_at, expires_at, used_at, created_by`

func scanAccountLink(row scanner) (AccountLink, error) {
	var l AccountLink
	var hash sql.NullString
	var used sql.NullTime
	if err := row.Scan(&l.ID, &l.AccountID, &l.Purpose, &hash, &l.CreatedAt, &l.ExpiresAt, &used, &l.CreatedBy); err != nil {
		return l, translate(err)
	}
	l.TokenHash, l.CreatedAt, l.ExpiresAt = hash.String, l.CreatedAt.UTC(), l.ExpiresAt.UTC()
	if used.Valid {
		l.UsedAt = used.Time.UTC()
	}
	return l, nil
}

// CreateAccountLink stores a new link (without its token yet).
func (tx *Tx) CreateAccountLink(ctx context.Context, l *AccountLink) error {
	id, err := tx.insertID(ctx, `INSERT INTO account_links (account_id, purpose, created_at, expires_at, created_by)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, l.AccountID, l.Purpose, tx.Now(), l.ExpiresAt, l.CreatedBy)
	if err != nil {
		return fmt.Errorf("store: create account link: %w", err)
	}
	l.ID, l.CreatedAt = id, tx.Now()
	return nil
}

// AccountLink returns a link by ID.
func (c *Conn) AccountLink(ctx context.Context, id int64) (AccountLink, error) {
	return scanAccountLink(c.queryRow(ctx, `SELECT `+accountLinkColumns+` FROM account_links WHERE id = $1`, id))
}

// AccountLinkByToken returns the link whose token has hash.
func (c *Conn) AccountLinkByToken(ctx context.Context, hash string) (AccountLink, error) {
	return scanAccountLink(c.queryRow(ctx, `SELECT `+accountLinkColumns+` FROM account_links WHERE token_hash = $1`, hash))
}

// SetAccountLinkToken gives an unused link its token's hash (a new one
// each time its mail is built; the older token stops working).
func (tx *Tx) SetAccountLinkToken(ctx context.Context, id int64, hash string) error {
	res, err := tx.exec(ctx, `UPDATE account_links SET token_hash = $2 WHERE id = $1 AND used_at IS NULL`, id, hash)
	if err != nil {
		return fmt.Errorf("store: link token: %w", err)
	}
	return oneRow(res, model.ErrNotFound)
}

// UseAccountLink marks a link used (ErrConflict when it already was), and
// ends every other open link of the same account and purpose.
func (tx *Tx) UseAccountLink(ctx context.Context, l AccountLink) error {
	res, err := tx.exec(ctx, `UPDATE account_links SET used_at = $2 WHERE id = $1 AND used_at IS NULL`, l.ID, tx.Now())
	if err != nil {
		return fmt.Errorf("store: use link: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE account_links SET expires_at = $3 WHERE account_id = $1 AND id <> $2 AND used_at IS NULL AND expires_at > $3`,
		l.AccountID, l.ID, tx.Now())
	return err
}

// OpenAccountLinks counts the unused, unexpired links of an account.
func (c *Conn) OpenAccountLinks(ctx context.Context, accountID int64, purpose string, now time.Time) (int, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM account_links WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3`,
		accountID, purpose, now).Scan(&n)
	return n, translate(err)
}

// MailLogEntry is one e-mail napx sent.
type MailLogEntry struct {
	SentAt    time.Time
	Recipient string
	Subject   string
	Kind      string
	MessageID string
	Transport string
	Records   []model.RecordRef // the records the mail told of
}

// LogMail records an e-mail that went out.
func (tx *Tx) LogMail(ctx context.Context, e MailLogEntry) error {
	_, err := tx.exec(ctx, `INSERT INTO mail_log (sent_at, recipient, subject, kind, message_id, transport, records) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		tx.Now(), e.Recipient, e.Subject, e.Kind, e.MessageID, e.Transport, model.FormatRecordRefs(e.Records))
	return err
}

func scanMailLog(row scanner) (MailLogEntry, error) {
	var e MailLogEntry
	var records string
	if err := row.Scan(&e.SentAt, &e.Recipient, &e.Subject, &e.Kind, &e.MessageID, &e.Transport, &records); err != nil {
		return e, fmt.Errorf("store: mail log: %w", translate(err))
	}
	e.SentAt = e.SentAt.UTC()
	e.Records = model.ParseRecordRefs(records)
	return e, nil
}

// MailLog lists the latest e-mails, newest first.
func (c *Conn) MailLog(ctx context.Context, limit int) ([]MailLogEntry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	return queryAll(ctx, c, scanMailLog, `SELECT sent_at, recipient, subject, kind, message_id, transport, records FROM mail_log ORDER BY id DESC LIMIT $1`, limit)
}

// messageJSON is a message's arguments as stored ("" for no message).
func messageJSON(m model.Message) (string, error) {
	if m.IsZero() || len(m.Args) == 0 {
		return "", nil
	}
	b, err := json.Marshal(m.Args)
	if err != nil {
		return "", fmt.Errorf("store: message %s: %w", m.Key, err)
	}
	return string(b), nil
}

// messageArgs reads a message's stored arguments into m.
func messageArgs(m *model.Message, args string) error {
	if m.Key == "" || args == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(args), &m.Args); err != nil {
		return fmt.Errorf("store: message %s: %w", m.Key, err)
	}
	return nil
}
