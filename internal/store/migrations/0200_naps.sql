-- National Implementation Action Plans (issue 4). A plan belongs to its
-- State (owner_org); its visibility follows its status (policy.NAPVisibility)
-- and may be widened by shares in record_shares under kind 'nap'.
CREATE TABLE naps (
    id @ID@,
    owner_org TEXT NOT NULL REFERENCES organizations (code),
    visibility TEXT NOT NULL CHECK (visibility IN ('private', 'committee', 'shared', 'participants', 'public')),
    plan_type TEXT NOT NULL DEFAULT '1540-nap' CHECK (plan_type IN ('1540-nap', 'cbrn-nap', 'salw-action-plan', 'other')),
    title TEXT NOT NULL,
    period_start INTEGER NOT NULL,
    period_end INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'adopted', 'submitted', 'published', 'withdrawn')),
    authority TEXT NOT NULL DEFAULT '',
    adopted_on TEXT,
    replaces BIGINT REFERENCES naps (id),
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    CHECK (period_end >= period_start)
);
CREATE INDEX naps_owner ON naps (owner_org, period_start);
CREATE INDEX naps_replaces ON naps (replaces);

-- The key-element sections NAP-01..NAP-12 of a plan: free text, one row per
-- section that has any. They change with the plan (its version).
CREATE TABLE nap_sections (
    nap_id BIGINT NOT NULL REFERENCES naps (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (nap_id, code)
);

-- A plan's actions. elements and supporting are lists kept as text, one
-- item per line (matrix field IDs; agency names).
CREATE TABLE nap_actions (
    id @ID@,
    nap_id BIGINT NOT NULL REFERENCES naps (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    section TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL DEFAULT '' CHECK (priority IN ('', 'high', 'medium', 'low')),
    status TEXT NOT NULL CHECK (status IN ('planned', 'in-progress', 'completed', 'delayed', 'cancelled')),
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    start_on TEXT,
    due_on TEXT NOT NULL,
    elements TEXT NOT NULL DEFAULT '',
    lead_agency TEXT NOT NULL DEFAULT '',
    supporting TEXT NOT NULL DEFAULT '',
    indicator_baseline TEXT NOT NULL DEFAULT '',
    indicator_target TEXT NOT NULL DEFAULT '',
    indicator_actual TEXT NOT NULL DEFAULT '',
    assistance_needed BOOLEAN NOT NULL DEFAULT FALSE,
    assistance_what TEXT NOT NULL DEFAULT '',
    origin_id BIGINT,
    created_at @TS@ NOT NULL,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX nap_actions_nap ON nap_actions (nap_id);

-- Every change of an action's status or progress: who, when, and why.
CREATE TABLE nap_action_history (
    id @ID@,
    action_id BIGINT NOT NULL REFERENCES nap_actions (id) ON DELETE CASCADE,
    at @TS@ NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    status TEXT NOT NULL,
    progress INTEGER NOT NULL,
    prev_status TEXT NOT NULL DEFAULT '',
    prev_progress INTEGER NOT NULL DEFAULT 0,
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX nap_action_history_action ON nap_action_history (action_id, at);

-- Submissions to the Committee, numbered per plan, each with a frozen copy
-- of the plan, its sections and actions (JSON).
CREATE TABLE nap_submissions (
    id @ID@,
    nap_id BIGINT NOT NULL REFERENCES naps (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    submitted_at @TS@ NOT NULL,
    submitted_by TEXT NOT NULL,
    plan_version BIGINT NOT NULL,
    snapshot TEXT NOT NULL
);
CREATE UNIQUE INDEX nap_submissions_number ON nap_submissions (nap_id, number);
