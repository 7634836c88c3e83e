-- Accounts: one person, one organisation, one role (DESIGN.md §2).
CREATE TABLE accounts (
    id @ID@,
    email TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    org_code TEXT NOT NULL REFERENCES organizations (code),
    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'coordinator')),
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    password_hash TEXT NOT NULL,
    disabled_at @TS@,
    totp_secret TEXT,
    totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    created_at @TS@ NOT NULL,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX accounts_email ON accounts (email);
CREATE INDEX accounts_org ON accounts (org_code);

-- One-time recovery codes for a lost second factor, stored hashed.
CREATE TABLE recovery_codes (
    id @ID@,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at @TS@
);
CREATE INDEX recovery_codes_account ON recovery_codes (account_id);

-- Sessions live in the database so that any napx process can serve any
-- request. Only a hash of the token is kept. stage is 'totp' between the
-- password and the second factor, 'full' once signed in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    stage TEXT NOT NULL CHECK (stage IN ('totp', 'full')),
    created_at @TS@ NOT NULL,
    last_seen_at @TS@ NOT NULL,
    expires_at @TS@ NOT NULL,
    revoked_at @TS@,
    client_ip TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions (account_id);

-- API bearer tokens, stored hashed; the prefix lets people tell them apart.
CREATE TABLE api_tokens (
    id @ID@,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at @TS@ NOT NULL,
    last_used_at @TS@,
    revoked_at @TS@
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- Failed sign-in counters, per account e-mail and per client address.
CREATE TABLE signin_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start @TS@ NOT NULL,
    locked_until @TS@
);

-- The organisations and groups a record with visibility 'shared' is shared
-- with, for every kind of record.
CREATE TABLE record_shares (
    kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    principal TEXT NOT NULL,
    PRIMARY KEY (kind, record_id, principal)
);
