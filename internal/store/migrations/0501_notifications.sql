-- Notifications (issue 10): the inbox, per-account settings, follows, the
-- links sent by e-mail to set a password, and a log of mail sent.
-- River's own tables come from migration 0500 (a program: River's migrator).

-- One row per notice and account. notice_key names the notice (its
-- fan-out job), so a fan-out that runs again adds nobody twice.
CREATE TABLE notifications (
    id @ID@,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    notice_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    record_kind TEXT NOT NULL DEFAULT '',
    record_id TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    delivery TEXT NOT NULL CHECK (delivery IN ('immediate', 'digest')),
    created_at @TS@ NOT NULL,
    read_at @TS@,
    mailed_at @TS@,
    -- set when the record became unreadable for the account: the
    -- notification then leaves the inbox and its count
    hidden_at @TS@
);
CREATE UNIQUE INDEX notifications_notice ON notifications (notice_key, account_id);
-- The inbox, newest first, and the unread count in every page's header.
CREATE INDEX notifications_inbox ON notifications (account_id, id);
CREATE INDEX notifications_unread ON notifications (account_id) WHERE read_at IS NULL AND hidden_at IS NULL;
-- The daily digest: what waits to be mailed.
CREATE INDEX notifications_digest ON notifications (account_id) WHERE delivery = 'digest' AND mailed_at IS NULL;

-- How an account wants each kind (no row: the kind's default).
CREATE TABLE notification_settings (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    delivery TEXT NOT NULL CHECK (delivery IN ('immediate', 'digest', 'off')),
    PRIMARY KEY (account_id, kind)
);

-- What an account follows: a State, a group, a plan or an event.
CREATE TABLE follows (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('state', 'group', 'nap', 'event')),
    target TEXT NOT NULL,
    created_at @TS@ NOT NULL,
    PRIMARY KEY (account_id, kind, target)
);
CREATE INDEX follows_target ON follows (kind, target);

-- Single-use links to set a password: an invitation or a reset. The token
-- is made when the mail is built and only its hash is kept.
CREATE TABLE account_links (
    id @ID@,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    token_hash TEXT,
    created_at @TS@ NOT NULL,
    expires_at @TS@ NOT NULL,
    used_at @TS@,
    created_by TEXT NOT NULL
);
CREATE UNIQUE INDEX account_links_token ON account_links (token_hash);
CREATE INDEX account_links_account ON account_links (account_id);

-- Every e-mail napx handed to the relay or wrote to the outbox.
CREATE TABLE mail_log (
    id @ID@,
    sent_at @TS@ NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    kind TEXT NOT NULL,
    message_id TEXT NOT NULL,
    transport TEXT NOT NULL CHECK (transport IN ('smtp', 'outbox')),
    -- the records the mail told of ("nap:12 event:3"): an administrator
    -- who may not read one of them sees no subject
    records TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_log_sent ON mail_log (sent_at);
