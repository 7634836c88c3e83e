-- A State's designated 1540 points of contact, in the capital or at the
-- mission, with the dates of their designation. The record is the State's;
-- contact details are narrower than the record (signed-in accounts only).
CREATE TABLE points_of_contact (
    id @ID@,
    owner_org TEXT NOT NULL REFERENCES organizations (code),
    visibility TEXT NOT NULL CHECK (visibility IN ('private', 'committee', 'shared', 'participants', 'public')),
    kind TEXT NOT NULL CHECK (kind IN ('capital', 'mission')),
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    agency TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX points_of_contact_owner ON points_of_contact (owner_org);
