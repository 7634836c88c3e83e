-- Issue 17, item 4: a plan's actions are translated too (kind
-- 'nap-action'; an action is written in its plan's language). SQLite
-- cannot change a CHECK constraint: the table is rebuilt with the same
-- columns and rows.
CREATE TABLE record_translations_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('nap', 'nap-action', 'practice', 'event', 'assistance')),
    record_id BIGINT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
    fields TEXT NOT NULL DEFAULT '{}',
    machine BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (kind, record_id, language)
);
INSERT INTO record_translations_new (id, kind, record_id, language, fields, machine, created_at, updated_by, updated_at, version)
    SELECT id, kind, record_id, language, fields, machine, created_at, updated_by, updated_at, version FROM record_translations;
DROP TABLE record_translations;
ALTER TABLE record_translations_new RENAME TO record_translations;
