-- The 1540 matrix: each State's matrix in editions, reviewed between the
-- Committee's experts and the State (draft -> with-state -> approved ->
-- superseded). The State owns its editions; drafts and editions with the
-- State are read at the Committee level, approved ones are public
-- (visibility follows the status). The taxonomy itself is reference data
-- in the binary; cells refer to its stable field IDs.
CREATE TABLE matrix_editions (
    id @ID@,
    owner_org TEXT NOT NULL REFERENCES organizations (code),
    number INTEGER NOT NULL CHECK (number > 0),
    status TEXT NOT NULL CHECK (status IN ('draft', 'with-state', 'approved', 'superseded')),
    visibility TEXT NOT NULL CHECK (visibility IN ('committee', 'public')),
    taxonomy TEXT NOT NULL,
    based_on INTEGER NOT NULL DEFAULT 0,
    agreed BOOLEAN NOT NULL DEFAULT FALSE,
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL,
    created_by TEXT NOT NULL,
    sent_at @TS@,
    sent_by TEXT NOT NULL DEFAULT '',
    agreed_at @TS@,
    agreed_by TEXT NOT NULL DEFAULT '',
    approved_at @TS@,
    approved_by TEXT NOT NULL DEFAULT '',
    superseded_at @TS@,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (owner_org, number)
);
-- At most one edition of a State is under review at a time: two experts
-- opening a draft at once cannot both succeed.
CREATE UNIQUE INDEX matrix_editions_open ON matrix_editions (owner_org) WHERE status IN ('draft', 'with-state');
CREATE INDEX matrix_editions_status ON matrix_editions (status, owner_org);

-- The cells of an edition that hold something or were ever edited; a field
-- without a row is empty and at version 0. area and weapon repeat the
-- taxonomy's (stable) values so coverage is counted in SQL.
CREATE TABLE matrix_cells (
    edition_id BIGINT NOT NULL REFERENCES matrix_editions (id) ON DELETE CASCADE,
    field_id TEXT NOT NULL,
    area TEXT NOT NULL,
    weapon TEXT NOT NULL,
    status TEXT CHECK (status IN ('X', '?', 'NA')),
    reference TEXT NOT NULL DEFAULT '',
    remarks TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    updated_at @TS@ NOT NULL,
    updated_by TEXT NOT NULL,
    updated_by_org TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL,
    PRIMARY KEY (edition_id, field_id)
);
-- Coverage is counted from this index alone, already in its GROUP BY order.
CREATE INDEX matrix_cells_coverage ON matrix_cells (edition_id, area, weapon, status);

-- Every change of a cell, with its values after the change.
CREATE TABLE matrix_cell_history (
    id @ID@,
    edition_id BIGINT NOT NULL REFERENCES matrix_editions (id) ON DELETE CASCADE,
    field_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    status TEXT CHECK (status IN ('X', '?', 'NA')),
    reference TEXT NOT NULL DEFAULT '',
    remarks TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    at @TS@ NOT NULL,
    actor TEXT NOT NULL,
    actor_org TEXT NOT NULL DEFAULT '',
    how TEXT NOT NULL CHECK (how IN ('edit', 'import', 'demo'))
);
CREATE INDEX matrix_cell_history_field ON matrix_cell_history (edition_id, field_id);

-- Comments on cells during the review (the State's point of contact and
-- the Committee's experts).
CREATE TABLE matrix_comments (
    id @ID@,
    edition_id BIGINT NOT NULL REFERENCES matrix_editions (id) ON DELETE CASCADE,
    field_id TEXT NOT NULL,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    author_org TEXT NOT NULL,
    at @TS@ NOT NULL
);
CREATE INDEX matrix_comments_edition ON matrix_comments (edition_id, field_id);

-- The steps of each edition's review.
CREATE TABLE matrix_events (
    id @ID@,
    edition_id BIGINT NOT NULL REFERENCES matrix_editions (id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('opened', 'sent', 'changes-requested', 'agreed', 'approved', 'superseded')),
    note TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    actor_org TEXT NOT NULL DEFAULT '',
    at @TS@ NOT NULL
);
CREATE INDEX matrix_events_edition ON matrix_events (edition_id);
