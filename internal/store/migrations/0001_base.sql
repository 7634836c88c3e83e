-- The organisations every account and record belongs to: the States (by
-- their ISO alpha-3 code) and the other organisations of the reference
-- data. Kept in step with the binary's reference data at every start.
CREATE TABLE organizations (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('state', 'committee', 'secretariat', 'international', 'regional-centre', 'programme')),
    name TEXT NOT NULL,
    parent TEXT
);

-- Small facts about this installation: the demo marker, which demo content
-- has been added, and the like.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at @TS@ NOT NULL
);
