-- Notices sent at most once (issue 10): the keys of the scans' notices
-- ("nap.action-overdue:41:2031-03-01"). A scan that runs again, on any
-- process, finds its key here and tells nobody twice, however long ago the
-- first notice went.
CREATE TABLE notice_keys (
    notice_key TEXT PRIMARY KEY,
    sent_at @TS@ NOT NULL
);
