-- Issue 17, item 4: the language a record was written in (one of the six
-- official languages of the UN; every record written before is English)
-- and its translations. A translation's fields are a JSON object of the
-- record kind's texts (model.TranslationKinds); record_id is the ID of the
-- kind's table (a polymorphic reference, like record_shares): a record's
-- removal removes its translations (store.DeleteTranslations).
ALTER TABLE naps ADD COLUMN text_language TEXT NOT NULL DEFAULT 'en'
    CHECK (text_language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es'));
ALTER TABLE practices ADD COLUMN text_language TEXT NOT NULL DEFAULT 'en'
    CHECK (text_language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es'));
ALTER TABLE events ADD COLUMN text_language TEXT NOT NULL DEFAULT 'en'
    CHECK (text_language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es'));
ALTER TABLE assistance_requests ADD COLUMN text_language TEXT NOT NULL DEFAULT 'en'
    CHECK (text_language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es'));

CREATE TABLE record_translations (
    id @ID@,
    kind TEXT NOT NULL CHECK (kind IN ('nap', 'practice', 'event', 'assistance')),
    record_id BIGINT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
    fields TEXT NOT NULL DEFAULT '{}',
    machine BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (kind, record_id, language)
);
