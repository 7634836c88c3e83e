-- Issue 18, item 4: the guided review of a matrix edition. Each change
-- (a field that differs from the approved edition the edition was drafted
-- from) an account has read, so its review resumes where it stopped and the
-- check-your-answers page says what is still unread. A reading mark of one
-- account, not a record of the matrix (it does not travel in exports).
CREATE TABLE matrix_review_seen (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    edition_id BIGINT NOT NULL REFERENCES matrix_editions (id) ON DELETE CASCADE,
    field_id TEXT NOT NULL,
    seen_at @TS@ NOT NULL,
    PRIMARY KEY (account_id, edition_id, field_id)
);
