-- Notices on their way to the job engine (issue 10). A write that tells
-- someone adds one narrow row here inside its own transaction — a rowid
-- table on SQLite, one primary-key index on PostgreSQL — instead of a row
-- of River's job table with its several indexes; the job engine's relay
-- moves the rows into River's queue in a transaction of its own (taking
-- them with FOR UPDATE SKIP LOCKED on PostgreSQL, so several processes
-- move each row once). A rolled-back write leaves no row; a committed one
-- stays until it is moved.
CREATE TABLE notice_outbox (
    id @ID@,
    args TEXT NOT NULL
);
