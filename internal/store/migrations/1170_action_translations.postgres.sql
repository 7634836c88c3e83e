-- Issue 17, item 4: a plan's actions are translated too (kind
-- 'nap-action'; an action is written in its plan's language).
ALTER TABLE record_translations DROP CONSTRAINT record_translations_kind_check;
ALTER TABLE record_translations ADD CONSTRAINT record_translations_kind_check
    CHECK (kind IN ('nap', 'nap-action', 'practice', 'event', 'assistance'));
