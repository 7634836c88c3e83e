-- Recorded history with provenance (issue 16): the dated steps of a
-- record — a report's date, a plan's adoption, each submission and its
-- publication, a matrix edition's approval — each a fact with its
-- claims: the date, the source that says so (what document, with a link)
-- and who recorded it when. A fact two sources disagree on is disputed
-- until the Committee resolves it with a reason; the resolution is one
-- more entry, so the history keeps every claim and the decision. The
-- record's own date column holds the date in force (the first claim, or
-- the resolution), for lists and counts.
CREATE TABLE history_facts (
    id @ID@,
    owner_org TEXT NOT NULL REFERENCES organizations (code),
    kind TEXT NOT NULL CHECK (kind IN ('report', 'nap', 'nap_submission', 'matrix_edition')),
    record_id BIGINT NOT NULL,
    fact TEXT NOT NULL CHECK (fact IN ('dated', 'adopted', 'submitted', 'published', 'approved')),
    value TEXT NOT NULL,
    disputed BOOLEAN NOT NULL DEFAULT FALSE,
    resolved BOOLEAN NOT NULL DEFAULT FALSE,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX history_facts_record ON history_facts (kind, record_id, fact);
CREATE INDEX history_facts_owner ON history_facts (owner_org, disputed);

-- recorded: the date was given by a person after the fact (with its
-- source), not stamped by napx as the step was taken.
CREATE TABLE history_claims (
    id @ID@,
    fact_id BIGINT NOT NULL REFERENCES history_facts (id) ON DELETE CASCADE,
    entry TEXT NOT NULL CHECK (entry IN ('claim', 'resolution')),
    value TEXT NOT NULL,
    recorded BOOLEAN NOT NULL DEFAULT FALSE,
    source TEXT NOT NULL DEFAULT '',
    source_url TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    recorded_at @TS@ NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_by_org TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_claims_fact ON history_claims (fact_id, id);

-- The dates in force of the steps napx used to stamp with the moment
-- they were typed in.
ALTER TABLE naps ADD COLUMN published_on TEXT;
ALTER TABLE nap_submissions ADD COLUMN submitted_on TEXT;
ALTER TABLE matrix_editions ADD COLUMN approved_on TEXT;

-- A matrix cell's source may name a national report of the State and a
-- page of it.
ALTER TABLE matrix_cells ADD COLUMN report_id BIGINT REFERENCES national_reports (id);
ALTER TABLE matrix_cells ADD COLUMN report_page INTEGER NOT NULL DEFAULT 0;
ALTER TABLE matrix_cell_history ADD COLUMN report_id BIGINT;
ALTER TABLE matrix_cell_history ADD COLUMN report_page INTEGER NOT NULL DEFAULT 0;

-- Events and points of contact recorded from the past carry the source
-- that says so.
ALTER TABLE events ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN source_url TEXT NOT NULL DEFAULT '';
ALTER TABLE points_of_contact ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE points_of_contact ADD COLUMN source_url TEXT NOT NULL DEFAULT '';
