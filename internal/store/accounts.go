package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"napx/internal/model"
)

// AccountSecrets are the parts of an account that never leave the service
// layer: the password hash and the second factor.
type AccountSecrets struct {
	PasswordHash string
	TOTPSecret   string // base32; empty when not enrolled or enrolling
	TOTPLastStep int64  // the last accepted time step, against replays
}

const accountColumns = `a.id, a.email, a.name, a.org_code, a.role, a.is_admin, a.disabled_at, a.totp_enabled, a.created_at, a.updated_at, a.version`

func scanAccount(row interface{ Scan(...any) error }) (model.Account, error) {
	var a model.Account
	var disabled sql.NullTime
	err := row.Scan(&a.ID, &a.Email, &a.Name, &a.Org, &a.Role, &a.Admin, &disabled, &a.TOTPEnabled, &a.CreatedAt, &a.UpdatedAt, &a.Version)
	if err != nil {
		return model.Account{}, translate(err)
	}
	if disabled.Valid {
		a.Disabled, a.DisabledAt = true, disabled.Time.UTC()
	}
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, nil
}

// CreateAccount inserts a and sets its ID. A taken e-mail is a unique
// violation (IsUniqueViolation).
func (tx *Tx) CreateAccount(ctx context.Context, a *model.Account, passwordHash string) error {
	now := tx.Now()
	id, err := tx.insertID(ctx, `INSERT INTO accounts (email, name, org_code, role, is_admin, password_hash, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) RETURNING id`,
		strings.ToLower(a.Email), a.Name, a.Org, string(a.Role), a.Admin, passwordHash, now)
	if err != nil {
		return fmt.Errorf("store: create account: %w", err)
	}
	a.ID, a.CreatedAt, a.UpdatedAt, a.Version = id, now, now, 1
	a.Email = strings.ToLower(a.Email)
	return nil
}

// Account returns the account with id, or ErrNotFound.
func (c *Conn) Account(ctx context.Context, id int64) (model.Account, error) {
	a, err := scanAccount(c.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.id = $1`, id))
	if err != nil {
		return a, fmt.Errorf("store: account %d: %w", id, err)
	}
	return a, nil
}

// AccountByEmail returns the account with the e-mail (any case), its
// secrets, or ErrNotFound.
func (c *Conn) AccountByEmail(ctx context.Context, email string) (model.Account, AccountSecrets, error) {
	var s AccountSecrets
	var secret sql.NullString
	var a model.Account
	var disabled sql.NullTime
	err := c.queryRow(ctx, `SELECT `+accountColumns+`, a.password_hash, a.totp_secret, a.totp_last_step FROM accounts a WHERE a.email = $1`,
		strings.ToLower(strings.TrimSpace(email))).
		Scan(&a.ID, &a.Email, &a.Name, &a.Org, &a.Role, &a.Admin, &disabled, &a.TOTPEnabled, &a.CreatedAt, &a.UpdatedAt, &a.Version,
			&s.PasswordHash, &secret, &s.TOTPLastStep)
	if err != nil {
		return a, s, fmt.Errorf("store: account by e-mail: %w", translate(err))
	}
	if disabled.Valid {
		a.Disabled, a.DisabledAt = true, disabled.Time.UTC()
	}
	s.TOTPSecret = secret.String
	return a, s, nil
}

// AccountSecrets returns the secrets of account id.
func (c *Conn) AccountSecrets(ctx context.Context, id int64) (AccountSecrets, error) {
	var s AccountSecrets
	var secret sql.NullString
	err := c.queryRow(ctx, `SELECT password_hash, totp_secret, totp_last_step FROM accounts WHERE id = $1`, id).
		Scan(&s.PasswordHash, &secret, &s.TOTPLastStep)
	if err != nil {
		return s, fmt.Errorf("store: account secrets: %w", translate(err))
	}
	s.TOTPSecret = secret.String
	return s, nil
}

// AccountFilter selects accounts.
type AccountFilter struct {
	Org string // "" for all
}

// Accounts lists accounts by organisation then e-mail.
func (c *Conn) Accounts(ctx context.Context, f AccountFilter) ([]model.Account, error) {
	q := `SELECT ` + accountColumns + ` FROM accounts a`
	var args []any
	if f.Org != "" {
		q += ` WHERE a.org_code = $1`
		args = append(args, f.Org)
	}
	out, err := queryAll(ctx, c, scanAccount, q+` ORDER BY a.org_code, a.email`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	return out, nil
}

// AccountCount counts the accounts.
func (c *Conn) AccountCount(ctx context.Context) (int, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM accounts`).Scan(&n)
	return n, translate(err)
}

// SetAccountPassword replaces the password hash.
func (tx *Tx) SetAccountPassword(ctx context.Context, id int64, hash string) error {
	return tx.updateAccount(ctx, id, `password_hash = $2`, hash)
}

// SetAccountDisabled disables (at the transaction's time) or enables.
func (tx *Tx) SetAccountDisabled(ctx context.Context, id int64, disabled bool) error {
	var at any
	if disabled {
		at = tx.Now()
	}
	return tx.updateAccount(ctx, id, `disabled_at = $2`, at)
}

// SetAccountRole changes role and admin flag.
func (tx *Tx) SetAccountRole(ctx context.Context, id int64, role model.Role, admin bool) error {
	return tx.updateAccount(ctx, id, `role = $2, is_admin = $3`, string(role), admin)
}

// SetTOTP stores a TOTP secret (enabled or not yet); an empty secret
// removes the second factor.
func (tx *Tx) SetTOTP(ctx context.Context, id int64, secret string, enabled bool) error {
	var s any
	if secret != "" {
		s = secret
	}
	return tx.updateAccount(ctx, id, `totp_secret = $2, totp_enabled = $3, totp_last_step = 0`, s, enabled)
}

// UseTOTPStep records step as used, refusing it (ErrConflict) when it is
// not later than the last one used: a code works once.
func (tx *Tx) UseTOTPStep(ctx context.Context, id, step int64) error {
	res, err := tx.exec(ctx, `UPDATE accounts SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2`, id, step)
	if err != nil {
		return fmt.Errorf("store: totp step: %w", err)
	}
	if err := oneRow(res, model.ErrConflict); err != nil {
		return err
	}
	return nil
}

func (tx *Tx) updateAccount(ctx context.Context, id int64, set string, args ...any) error {
	res, err := tx.exec(ctx, `UPDATE accounts SET `+set+`, updated_at = $`+fmt.Sprint(len(args)+2)+`, version = version + 1 WHERE id = $1`,
		append(append([]any{id}, args...), tx.Now())...)
	if err != nil {
		return fmt.Errorf("store: update account %d: %w", id, err)
	}
	if err := oneRow(res, model.ErrNotFound); err != nil {
		return err
	}
	return nil
}

// ReplaceRecoveryCodes stores new hashed recovery codes, dropping the old.
func (tx *Tx) ReplaceRecoveryCodes(ctx context.Context, accountID int64, hashes []string) error {
	if _, err := tx.exec(ctx, `DELETE FROM recovery_codes WHERE account_id = $1`, accountID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := tx.exec(ctx, `INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)`, accountID, h); err != nil {
			return err
		}
	}
	return nil
}

// UseRecoveryCode marks the unused code with hash as used; ErrNotFound
// when there is none.
func (tx *Tx) UseRecoveryCode(ctx context.Context, accountID int64, hash string) error {
	res, err := tx.exec(ctx, `UPDATE recovery_codes SET used_at = $3 WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL`,
		accountID, hash, tx.Now())
	if err != nil {
		return err
	}
	if err := oneRow(res, model.ErrNotFound); err != nil {
		return err
	}
	return nil
}

// RecoveryCodesLeft counts the unused recovery codes.
func (c *Conn) RecoveryCodesLeft(ctx context.Context, accountID int64) (int, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL`, accountID).Scan(&n)
	return n, translate(err)
}

// Session is a signed-in browser.
type Session struct {
	TokenHash  string
	AccountID  int64
	Stage      string // "totp" or "full"
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute expiry
	RevokedAt  time.Time
	ClientIP   string
	UserAgent  string
	// How the session signed in: AuthMethod "password" or "oidc", the
	// provider's issuer, and whether the provider asserted a second factor.
	AuthMethod string
	AuthIssuer string
	AuthMFA    bool
}

// CreateSession stores s.
func (tx *Tx) CreateSession(ctx context.Context, s Session) error {
	if s.AuthMethod == "" {
		s.AuthMethod = "password"
	}
	_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, account_id, stage, created_at, last_seen_at, expires_at, client_ip, user_agent,
		auth_method, auth_issuer, auth_mfa)
		VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10)`, s.TokenHash, s.AccountID, s.Stage, s.CreatedAt, s.ExpiresAt, s.ClientIP, s.UserAgent,
		s.AuthMethod, s.AuthIssuer, s.AuthMFA)
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

const sessionColumns = `token_hash, account_id, stage, created_at, last_seen_at, expires_at, revoked_at, client_ip, user_agent,
	auth_method, auth_issuer, auth_mfa`

func scanSession(row interface{ Scan(...any) error }) (Session, error) {
	var s Session
	var revoked sql.NullTime
	if err := row.Scan(&s.TokenHash, &s.AccountID, &s.Stage, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &revoked, &s.ClientIP, &s.UserAgent,
		&s.AuthMethod, &s.AuthIssuer, &s.AuthMFA); err != nil {
		return s, translate(err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
	if revoked.Valid {
		s.RevokedAt = revoked.Time.UTC()
	}
	return s, nil
}

// Session returns the session with the token hash, or ErrNotFound.
func (c *Conn) Session(ctx context.Context, tokenHash string) (Session, error) {
	return scanSession(c.queryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE token_hash = $1`, tokenHash))
}

// Sessions lists an account's sessions that are neither revoked nor past
// their absolute expiry, newest first.
func (c *Conn) Sessions(ctx context.Context, accountID int64, now time.Time) ([]Session, error) {
	rows, err := c.query(ctx, `SELECT `+sessionColumns+` FROM sessions
		WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND stage = 'full' ORDER BY last_seen_at DESC`, accountID, now)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// TouchSession records activity on a session.
func (tx *Tx) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	_, err := tx.exec(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1`, tokenHash, at)
	return err
}

// PromoteSession turns a half-signed-in session (password checked) into a
// full one after the second factor.
func (tx *Tx) PromoteSession(ctx context.Context, tokenHash string) error {
	res, err := tx.exec(ctx, `UPDATE sessions SET stage = 'full' WHERE token_hash = $1 AND stage = 'totp' AND revoked_at IS NULL`, tokenHash)
	if err != nil {
		return err
	}
	if err := oneRow(res, model.ErrNotFound); err != nil {
		return err
	}
	return nil
}

// RevokeSession ends one session of an account (by the hash's prefix as
// shown on the account page, or the whole hash).
func (tx *Tx) RevokeSession(ctx context.Context, accountID int64, tokenHash string) error {
	res, err := tx.exec(ctx, `UPDATE sessions SET revoked_at = $3 WHERE account_id = $1 AND token_hash = $2 AND revoked_at IS NULL`,
		accountID, tokenHash, tx.Now())
	if err != nil {
		return err
	}
	if err := oneRow(res, model.ErrNotFound); err != nil {
		return err
	}
	return nil
}

// RevokeSessions ends every session of an account; it returns how many.
func (tx *Tx) RevokeSessions(ctx context.Context, accountID int64) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`, accountID, tx.Now())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteExpiredSessions removes sessions that ended before cutoff.
func (tx *Tx) DeleteExpiredSessions(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1`, cutoff)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// APIToken is an account's bearer token, without the secret.
type APIToken struct {
	ID         int64
	AccountID  int64
	Name       string
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// CreateAPIToken stores a token's hash and returns its ID.
func (tx *Tx) CreateAPIToken(ctx context.Context, t *APIToken, hash string) error {
	id, err := tx.insertID(ctx, `INSERT INTO api_tokens (account_id, name, prefix, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		t.AccountID, t.Name, t.Prefix, hash, tx.Now())
	if err != nil {
		return fmt.Errorf("store: create token: %w", err)
	}
	t.ID, t.CreatedAt = id, tx.Now()
	return nil
}

func scanToken(row interface{ Scan(...any) error }) (APIToken, error) {
	var t APIToken
	var used, revoked sql.NullTime
	if err := row.Scan(&t.ID, &t.AccountID, &t.Name, &t.Prefix, &t.CreatedAt, &used, &revoked); err != nil {
		return t, translate(err)
	}
	t.CreatedAt = t.CreatedAt.UTC()
	if used.Valid {
		t.LastUsedAt = used.Time.UTC()
	}
	if revoked.Valid {
		t.RevokedAt = revoked.Time.UTC()
	}
	return t, nil
}

// #nosec G101 -- column names, not a credential
const tokenColumns = `id, account_id, name, prefix, created_at, last_used_at, revoked_at`

// APITokenByHash returns the token with hash, or ErrNotFound.
func (c *Conn) APITokenByHash(ctx context.Context, hash string) (APIToken, error) {
	return scanToken(c.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = $1`, hash))
}

// APITokens lists an account's tokens that are not revoked.
func (c *Conn) APITokens(ctx context.Context, accountID int64) ([]APIToken, error) {
	rows, err := c.query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE account_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC`, accountID)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TouchAPIToken records the token's use (at most once a minute).
func (tx *Tx) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	_, err := tx.exec(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)`,
		id, at, at.Add(-time.Minute))
	return err
}

// RevokeAPIToken revokes one token of an account.
func (tx *Tx) RevokeAPIToken(ctx context.Context, accountID, id int64) error {
	res, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = $3 WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL`, accountID, id, tx.Now())
	if err != nil {
		return err
	}
	if err := oneRow(res, model.ErrNotFound); err != nil {
		return err
	}
	return nil
}

// RevokeAPITokens revokes every token of an account.
func (tx *Tx) RevokeAPITokens(ctx context.Context, accountID int64) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`, accountID, tx.Now())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Throttle is a failed-sign-in counter.
type Throttle struct {
	Failures    int
	WindowStart time.Time
	LockedUntil time.Time
}

// Throttle returns the counter for key (zero when none).
func (c *Conn) Throttle(ctx context.Context, key string) (Throttle, error) {
	var t Throttle
	var locked sql.NullTime
	err := c.queryRow(ctx, `SELECT failures, window_start, locked_until FROM signin_throttle WHERE key = $1`, key).
		Scan(&t.Failures, &t.WindowStart, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return Throttle{}, nil
	}
	if err != nil {
		return t, translate(err)
	}
	if locked.Valid {
		t.LockedUntil = locked.Time.UTC()
	}
	t.WindowStart = t.WindowStart.UTC()
	return t, nil
}

// SetThrottle stores the counter for key.
func (tx *Tx) SetThrottle(ctx context.Context, key string, t Throttle) error {
	var locked any
	if !t.LockedUntil.IsZero() {
		locked = t.LockedUntil
	}
	_, err := tx.exec(ctx, `INSERT INTO signin_throttle (key, failures, window_start, locked_until) VALUES ($1, $2, $3, $4)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
		key, t.Failures, t.WindowStart, locked)
	return err
}

// ClearThrottle forgets the counter for key.
func (tx *Tx) ClearThrottle(ctx context.Context, key string) error {
	_, err := tx.exec(ctx, `DELETE FROM signin_throttle WHERE key = $1`, key)
	return err
}
