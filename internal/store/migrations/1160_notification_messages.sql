-- Issue 17: a notification's title and text as a message key and its
-- arguments (JSON), so that each reader gets it in their language. The
-- title and body stay: their English, and the only words of a
-- notification made before (whose keys are '').
ALTER TABLE notifications ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN title_args TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN body_key TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN body_args TEXT NOT NULL DEFAULT '';
