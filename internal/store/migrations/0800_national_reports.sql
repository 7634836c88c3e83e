-- National reports (issue 16): a State's first report to the 1540
-- Committee, its addenda, additional information and replies. The record
-- is the State's (owner_org); it is written by the State's editors or by
-- the Committee level for what the Committee received. The document is
-- an attachment kept here (content, with its SHA-256), or the official
-- symbol and a link. report_date is the report's own date (a recorded
-- date: its provenance and any conflicting source are in history_facts).
CREATE TABLE national_reports (
    id @ID@,
    owner_org TEXT NOT NULL REFERENCES organizations (code),
    visibility TEXT NOT NULL CHECK (visibility IN ('private', 'committee', 'shared', 'participants', 'public')),
    report_type TEXT NOT NULL CHECK (report_type IN ('first', 'addendum', 'additional-information', 'reply-to-committee', 'other')),
    title TEXT NOT NULL DEFAULT '',
    report_date TEXT NOT NULL,
    language TEXT NOT NULL,
    symbol TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    pages INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0),
    filename TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    size BIGINT NOT NULL DEFAULT 0,
    sha256 TEXT NOT NULL DEFAULT '',
    content @BLOB@,
    source TEXT NOT NULL DEFAULT '',
    source_url TEXT NOT NULL DEFAULT '',
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL,
    created_by TEXT NOT NULL,
    created_by_org TEXT NOT NULL DEFAULT '',
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX national_reports_owner ON national_reports (owner_org, report_date);
