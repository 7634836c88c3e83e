-- What the search index was last built from (derived like the index, so
-- it never travels in an export, unlike the installation's settings): the
-- fingerprint of the reference data's States.
CREATE TABLE search_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
