-- The one search (issue 12): one row per searchable record (kind,
-- record_id), kept in the same transaction as the record. owner_org and
-- visibility are the record's (or its parent's: an action carries its
-- plan's); share_kind and share_id name the record whose record_shares
-- decide "shared" (an action: its plan), so policy.ReadFilter applies to
-- the index itself. title and body are the text shown (snippets); the
-- analysed words (folded words and their English, French, Spanish and
-- Russian stems, computed by napx) are title_terms and terms, searched
-- through search_fts, titles apart so they rank first.
CREATE TABLE search_index (
    -- What a search filters and counts by comes first, the long texts last:
    -- counting thousands of matches reads no text.
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    record_key TEXT NOT NULL DEFAULT '',
    owner_org TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('private', 'committee', 'shared', 'participants', 'public')),
    share_kind TEXT NOT NULL,
    share_id BIGINT NOT NULL,
    state TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL DEFAULT 0,
    release_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    title_terms TEXT NOT NULL DEFAULT '', -- the title's analysed words
    terms TEXT NOT NULL, -- the body's analysed words (search_fts holds these and title_terms)
    body TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX search_index_record ON search_index (kind, record_id, record_key);
CREATE INDEX search_index_share ON search_index (share_kind, share_id);

-- The words, searchable: a contentless FTS5 table (the words are kept in
-- title_terms and terms above), written by napx in the same transaction;
-- contentless_delete lets a row be removed or replaced by its number.
CREATE VIRTUAL TABLE search_fts USING fts5 (title_terms, terms, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0');
