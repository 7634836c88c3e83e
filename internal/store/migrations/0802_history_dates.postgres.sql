-- The dates in force of steps taken before 0801: the day they were typed
-- in (UTC), which is all napx knew of them.
UPDATE nap_submissions SET submitted_on = to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') WHERE submitted_on IS NULL;
UPDATE matrix_editions SET approved_on = to_char(approved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') WHERE approved_on IS NULL AND approved_at IS NOT NULL;
