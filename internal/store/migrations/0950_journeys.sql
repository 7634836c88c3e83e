-- The guided review of a matrix edition (issue 18, item 4): which changed
-- fields each account of the reviewing State (or of the Committee) has
-- marked as seen. The marks are the reviewer's progress, not a record of
-- the matrix: they go with the edition.
CREATE TABLE matrix_review_seen (
    edition_id BIGINT NOT NULL REFERENCES matrix_editions (id) ON DELETE CASCADE,
    field_id TEXT NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    seen_at @TS@ NOT NULL,
    PRIMARY KEY (edition_id, account_id, field_id)
);
