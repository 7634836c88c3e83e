-- Assistance (issue 11): requests on the Committee's template with their
-- needs, the providers' programmes, offers, confirmed matches, deliveries,
-- feedback and each request's history. A request belongs to its requester
-- (owner_org); its visibility follows the procedure
-- (policy.AssistanceVisibility) and its co-requesters and group are in
-- record_shares under kind 'assistance'. A programme belongs to its
-- provider (shares: none). Lists of codes are rows of their own so that
-- matching is an indexed join, not a scan of text.
CREATE TABLE assistance_requests (
    id @ID@,
    owner_org TEXT NOT NULL REFERENCES organizations (code),
    visibility TEXT NOT NULL CHECK (visibility IN ('private', 'committee', 'shared', 'participants', 'public')),
    group_code TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    nv_date TEXT,
    nv_reference TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_function TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    beneficiaries TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    expected_outcome TEXT NOT NULL DEFAULT '',
    timeframe TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    received TEXT NOT NULL DEFAULT '',
    contacted TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    committee_notes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'acknowledged', 'circulated', 'withheld', 'closed', 'withdrawn')),
    submitted_at @TS@,
    acknowledged_on TEXT,
    objection_deadline TEXT,
    window_closes_at @TS@,
    deadline_known BOOLEAN NOT NULL DEFAULT TRUE,
    objected_at @TS@,
    circulated_at @TS@,
    followup_due_at @TS@,
    followup_at @TS@,
    closed_at @TS@,
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX assistance_requests_owner ON assistance_requests (owner_org, status);
-- The timers' scans: windows to close, follow-ups to ask.
CREATE INDEX assistance_requests_window ON assistance_requests (status, window_closes_at);
CREATE INDEX assistance_requests_followup ON assistance_requests (followup_due_at, followup_at);

-- The groups a request comes from (the requesters' groups and the group
-- it is for), fixed when it is saved: "serves the requester's region".
CREATE TABLE assistance_request_groups (
    request_id BIGINT NOT NULL REFERENCES assistance_requests (id) ON DELETE CASCADE,
    grp TEXT NOT NULL,
    PRIMARY KEY (request_id, grp)
);
CREATE INDEX assistance_request_groups_grp ON assistance_request_groups (grp, request_id);

CREATE TABLE assistance_needs (
    id @ID@,
    request_id BIGINT NOT NULL REFERENCES assistance_requests (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    area TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    elements TEXT NOT NULL DEFAULT '',
    actions TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'fulfilled', 'partially', 'unmet', 'withdrawn')),
    outcome_note TEXT NOT NULL DEFAULT '',
    created_at @TS@ NOT NULL,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX assistance_needs_request ON assistance_needs (request_id, position);
CREATE INDEX assistance_needs_area ON assistance_needs (area, outcome, request_id);

CREATE TABLE assistance_need_modalities (
    need_id BIGINT NOT NULL REFERENCES assistance_needs (id) ON DELETE CASCADE,
    modality TEXT NOT NULL,
    PRIMARY KEY (need_id, modality)
);

CREATE TABLE assistance_programmes (
    id @ID@,
    owner_org TEXT NOT NULL REFERENCES organizations (code),
    visibility TEXT NOT NULL CHECK (visibility IN ('private', 'committee', 'shared', 'participants', 'public')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    eligibility TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    starts_on TEXT,
    ends_on TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'withdrawn')),
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX assistance_programmes_owner ON assistance_programmes (owner_org, status);

CREATE TABLE assistance_programme_areas (
    programme_id BIGINT NOT NULL REFERENCES assistance_programmes (id) ON DELETE CASCADE,
    area TEXT NOT NULL,
    PRIMARY KEY (programme_id, area)
);
CREATE INDEX assistance_programme_areas_area ON assistance_programme_areas (area, programme_id);

CREATE TABLE assistance_programme_modalities (
    programme_id BIGINT NOT NULL REFERENCES assistance_programmes (id) ON DELETE CASCADE,
    modality TEXT NOT NULL,
    PRIMARY KEY (programme_id, modality)
);

CREATE TABLE assistance_programme_groups (
    programme_id BIGINT NOT NULL REFERENCES assistance_programmes (id) ON DELETE CASCADE,
    grp TEXT NOT NULL,
    PRIMARY KEY (programme_id, grp)
);
CREATE INDEX assistance_programme_groups_grp ON assistance_programme_groups (grp, programme_id);

CREATE TABLE assistance_programme_languages (
    programme_id BIGINT NOT NULL REFERENCES assistance_programmes (id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    PRIMARY KEY (programme_id, lang)
);

CREATE TABLE assistance_offers (
    id @ID@,
    need_id BIGINT NOT NULL REFERENCES assistance_needs (id) ON DELETE CASCADE,
    programme_id BIGINT NOT NULL REFERENCES assistance_programmes (id),
    provider_org TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at @TS@ NOT NULL,
    UNIQUE (need_id, programme_id)
);
CREATE INDEX assistance_offers_programme ON assistance_offers (programme_id);

-- One confirmed match per need: two experts confirming different matches
-- at once cannot both succeed.
CREATE TABLE assistance_matches (
    id @ID@,
    need_id BIGINT NOT NULL UNIQUE REFERENCES assistance_needs (id) ON DELETE CASCADE,
    programme_id BIGINT NOT NULL REFERENCES assistance_programmes (id),
    provider_org TEXT NOT NULL,
    score INTEGER NOT NULL,
    reasons TEXT NOT NULL DEFAULT '',
    confirmed_by TEXT NOT NULL,
    confirmed_at @TS@ NOT NULL
);
CREATE INDEX assistance_matches_programme ON assistance_matches (programme_id);
CREATE INDEX assistance_matches_provider ON assistance_matches (provider_org);

CREATE TABLE assistance_deliveries (
    id @ID@,
    need_id BIGINT NOT NULL REFERENCES assistance_needs (id) ON DELETE CASCADE,
    match_id BIGINT NOT NULL REFERENCES assistance_matches (id) ON DELETE CASCADE,
    provider_org TEXT NOT NULL,
    recipient_org TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    what TEXT NOT NULL,
    event_id BIGINT,
    created_by TEXT NOT NULL,
    created_at @TS@ NOT NULL
);
CREATE INDEX assistance_deliveries_need ON assistance_deliveries (need_id);
-- "delivered to this State before"
CREATE INDEX assistance_deliveries_pair ON assistance_deliveries (provider_org, recipient_org);
CREATE INDEX assistance_deliveries_event ON assistance_deliveries (event_id);

CREATE TABLE assistance_feedback (
    id @ID@,
    need_id BIGINT NOT NULL REFERENCES assistance_needs (id) ON DELETE CASCADE,
    side TEXT NOT NULL CHECK (side IN ('requester', 'provider')),
    org TEXT NOT NULL,
    activities TEXT NOT NULL DEFAULT '',
    achievements TEXT NOT NULL DEFAULT '',
    opportunities TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at @TS@ NOT NULL
);
CREATE INDEX assistance_feedback_need ON assistance_feedback (need_id, created_at);

-- Every dated step of a request: who, when, what.
CREATE TABLE assistance_history (
    id @ID@,
    request_id BIGINT NOT NULL REFERENCES assistance_requests (id) ON DELETE CASCADE,
    need_id BIGINT,
    at @TS@ NOT NULL,
    actor TEXT NOT NULL,
    actor_org TEXT NOT NULL DEFAULT '',
    step TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    insiders BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX assistance_history_request ON assistance_history (request_id, at);
