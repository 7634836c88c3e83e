-- Issue 17: a confirmed match's reasons as message keys and their
-- arguments (JSON), so that each reader gets them in their language; the
-- reasons column keeps their English (a match confirmed before has only
-- that: '' here).
ALTER TABLE assistance_matches ADD COLUMN reason_messages TEXT NOT NULL DEFAULT '';
