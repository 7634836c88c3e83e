-- The data version (what readers' caches are kept under) is the number of
-- the last audited change that a reader could see elsewhere than in an
-- inbox: a notice's fan-out (audit kind "notification") is audited but
-- moves only last_seq, not data_seq, so a burst of notices no longer
-- empties every cache (the inbox and the unread count are read live).
ALTER TABLE audit_head ADD COLUMN data_seq BIGINT NOT NULL DEFAULT 0;
UPDATE audit_head SET data_seq = last_seq;
