-- Previews of two-step imports (a plan workbook, a matrix workbook): what
-- the preview showed is kept here, and the apply applies exactly that, or
-- nothing. The form carries only a random token (stored hashed). A
-- preview belongs to one account and one record, and expires. No foreign
-- key to accounts: this migration runs before the accounts' (0100), and
-- a preview is housekeeping, removed when it expires or is used.
CREATE TABLE import_previews (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('nap', 'matrix')),
    record TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at @TS@ NOT NULL,
    expires_at @TS@ NOT NULL
);
CREATE INDEX import_previews_account ON import_previews (account_id, created_at);
CREATE INDEX import_previews_expiry ON import_previews (expires_at);
