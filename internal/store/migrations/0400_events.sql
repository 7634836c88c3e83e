-- Events: workshops, trainings, peer reviews, consultations, visits and
-- meetings (issue 6). The organiser owns the event (owner_org). Lists of
-- plain values (days, languages, objectives) and the parts edited with the
-- event itself (related events, contacts) are JSON text; what lists and
-- feeds query (partners, quotas, participants) has its own table.
CREATE TABLE events (
    id @ID@,
    owner_org TEXT NOT NULL REFERENCES organizations (code),
    visibility TEXT NOT NULL CHECK (visibility IN ('private', 'committee', 'shared', 'participants', 'public')),
    kind TEXT NOT NULL CHECK (kind IN ('workshop', 'poc-training', 'peer-review', 'nap-consultation', 'country-visit', 'meeting')),
    code TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    venue_name TEXT NOT NULL DEFAULT '',
    venue_address TEXT NOT NULL DEFAULT '',
    venue_phone TEXT NOT NULL DEFAULT '',
    venue_fax TEXT NOT NULL DEFAULT '',
    venue_web TEXT NOT NULL DEFAULT '',
    start_day TEXT NOT NULL,
    end_day TEXT NOT NULL,
    arrival_days TEXT NOT NULL DEFAULT '[]',
    departure_days TEXT NOT NULL DEFAULT '[]',
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    languages TEXT NOT NULL DEFAULT '[]',
    background TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    objectives TEXT NOT NULL DEFAULT '[]',
    methodology TEXT NOT NULL DEFAULT '',
    participation TEXT NOT NULL DEFAULT '',
    materials_note TEXT NOT NULL DEFAULT '',
    target_participants INTEGER NOT NULL DEFAULT 0,
    open_seats INTEGER NOT NULL DEFAULT 0 CHECK (open_seats >= 0),
    open_group TEXT NOT NULL DEFAULT '',
    nomination_deadline TEXT,
    related_events TEXT NOT NULL DEFAULT '[]',
    contacts TEXT NOT NULL DEFAULT '[]',
    shared_with TEXT NOT NULL DEFAULT '[]',
    leads_to BIGINT REFERENCES events (id) ON DELETE SET NULL,
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX events_owner ON events (owner_org);
CREATE INDEX events_start ON events (start_day);

-- Organisations that help the organiser, with their roles (JSON list).
CREATE TABLE event_partners (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    org TEXT NOT NULL REFERENCES organizations (code),
    roles TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (event_id, org)
);
CREATE INDEX event_partners_org ON event_partners (org);

-- Seat quotas: one row per invited delegation (group quotas expanded).
CREATE TABLE event_quotas (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    org TEXT NOT NULL REFERENCES organizations (code),
    seats INTEGER NOT NULL CHECK (seats >= 0),
    via_group TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (event_id, org)
);
CREATE INDEX event_quotas_org ON event_quotas (org);

-- Delegates nominated by the invited delegations. seat names whose seat a
-- delegate holds (a delegation's code, '@open' or '@organiser'; NULL
-- without one); position orders the waiting list. A person (name_key) is
-- nominated at most once while the nomination is active.
CREATE TABLE event_participants (
    id @ID@,
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    org TEXT NOT NULL REFERENCES organizations (code),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    delegate_function TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('nominated', 'waitlisted', 'confirmed', 'declined', 'withdrawn', 'attended', 'no-show')),
    seat TEXT,
    position INTEGER,
    nominated_by TEXT NOT NULL DEFAULT '',
    nominated_at @TS@ NOT NULL,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    illustrative BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX event_participants_event ON event_participants (event_id, org);
CREATE UNIQUE INDEX event_participants_person ON event_participants (event_id, name_key) WHERE status NOT IN ('declined', 'withdrawn');

CREATE TABLE event_participant_history (
    id @ID@,
    participant_id BIGINT NOT NULL REFERENCES event_participants (id) ON DELETE CASCADE,
    at @TS@ NOT NULL,
    actor TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_participant_history_participant ON event_participant_history (participant_id);

-- The agenda: sessions on the event's days, times in its time zone.
CREATE TABLE event_sessions (
    id @ID@,
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    starts TEXT NOT NULL,
    ends TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    illustrative BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX event_sessions_event ON event_sessions (event_id, day, starts);

-- Chairs and speakers: an account, or a name with an organisation.
CREATE TABLE event_session_people (
    session_id BIGINT NOT NULL REFERENCES event_sessions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('chair', 'speaker')),
    account_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    org TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, position)
);
CREATE INDEX event_session_people_account ON event_session_people (account_id);

-- Materials of an event or a session: files kept here (any napx process
-- serves them) or links, each for an audience, from a release time.
CREATE TABLE event_materials (
    id @ID@,
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    session_id BIGINT REFERENCES event_sessions (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('concept-note', 'agenda', 'presentation', 'background', 'outcome', 'other')),
    url TEXT NOT NULL DEFAULT '',
    filename TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    size BIGINT NOT NULL DEFAULT 0,
    content @BLOB@,
    audience TEXT NOT NULL CHECK (audience IN ('confirmed', 'signed-in', 'public')),
    release_at @TS@,
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL
);
CREATE INDEX event_materials_event ON event_materials (event_id);

-- Lessons learned at an event, noted for the practices library.
CREATE TABLE event_lessons (
    id @ID@,
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    org TEXT NOT NULL DEFAULT '',
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL
);
CREATE INDEX event_lessons_event ON event_lessons (event_id);

-- Follow-up actions (the way ahead) with their history. nap_action_id
-- links a State's follow-up to an action of its NAP (wired when the NAP
-- feature is there).
CREATE TABLE event_followups (
    id @ID@,
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_org TEXT NOT NULL REFERENCES organizations (code),
    due TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'in-progress', 'done', 'cancelled')),
    nap_action_id BIGINT,
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX event_followups_event ON event_followups (event_id);
CREATE INDEX event_followups_owner ON event_followups (owner_org);

CREATE TABLE event_followup_history (
    id @ID@,
    followup_id BIGINT NOT NULL REFERENCES event_followups (id) ON DELETE CASCADE,
    at @TS@ NOT NULL,
    actor TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_followup_history_followup ON event_followup_history (followup_id);

-- Personal calendar feeds: a secret token in the address (only its hash
-- is kept), one live feed per account, revocable.
CREATE TABLE calendar_feeds (
    id @ID@,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    created_at @TS@ NOT NULL,
    revoked_at @TS@
);
CREATE UNIQUE INDEX calendar_feeds_token ON calendar_feeds (token_hash);
CREATE INDEX calendar_feeds_account ON calendar_feeds (account_id);
