-- Issue 17: a step of an assistance request's history as a message key and
-- its arguments (JSON), so each reader gets the note in their language; the
-- note column keeps its English (a step written before has only that: ''
-- here, and pages show its note marked as English).
ALTER TABLE assistance_history ADD COLUMN note_message TEXT NOT NULL DEFAULT '';
