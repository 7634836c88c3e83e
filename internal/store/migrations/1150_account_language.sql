-- Issue 17: the language an account reads napx in; '' follows the
-- browser (Accept-Language). One of the six official languages of the UN.
ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT ''
    CHECK (language IN ('', 'ar', 'zh', 'en', 'fr', 'ru', 'es'));
