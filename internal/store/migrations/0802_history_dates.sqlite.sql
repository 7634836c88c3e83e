-- The dates in force of steps taken before 0801: the day they were typed
-- in (UTC), which is all napx knew of them.
UPDATE nap_submissions SET submitted_on = date(submitted_at / 1000000, 'unixepoch') WHERE submitted_on IS NULL;
UPDATE matrix_editions SET approved_on = date(approved_at / 1000000, 'unixepoch') WHERE approved_on IS NULL AND approved_at IS NOT NULL;
