-- The practices library (issue 12): effective practices, lessons learned,
-- guidance, model laws and peer-review reports. The organisation that wrote
-- a practice owns it (owner_org); submitter is the State or organisation
-- whose experience it is. visibility follows the review status
-- (policy.PracticeVisibility); audience is the level its owner chose for
-- publication, with record_shares under kind 'practice' for 'shared'.
CREATE TABLE practices (
    id @ID@,
    owner_org TEXT NOT NULL REFERENCES organizations (code),
    submitter TEXT NOT NULL REFERENCES organizations (code),
    visibility TEXT NOT NULL CHECK (visibility IN ('private', 'committee', 'shared', 'participants', 'public')),
    audience TEXT NOT NULL CHECK (audience IN ('private', 'committee', 'shared', 'participants', 'public')),
    kind TEXT NOT NULL CHECK (kind IN ('practice', 'lesson', 'guidance', 'model-law', 'peer-review-report')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'verified', 'published')),
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    body_html TEXT NOT NULL DEFAULT '',
    body_text TEXT NOT NULL DEFAULT '',
    reported_on TEXT,
    phase TEXT NOT NULL DEFAULT '' CHECK (phase IN ('', 'drafting', 'adoption', 'implementation', 'review')),
    languages TEXT NOT NULL DEFAULT '[]',
    source_event BIGINT REFERENCES events (id) ON DELETE SET NULL,
    source_lesson BIGINT REFERENCES event_lessons (id) ON DELETE SET NULL,
    return_reason TEXT NOT NULL DEFAULT '',
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX practices_owner ON practices (owner_org);
CREATE INDEX practices_event ON practices (source_event);
CREATE UNIQUE INDEX practices_lesson ON practices (source_lesson);

-- Tags from the matrix taxonomy (fields, elements, areas) and the
-- assistance areas, one row each, for "practices for this field".
CREATE TABLE practice_tags (
    practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (practice_id, tag)
);
CREATE INDEX practice_tags_tag ON practice_tags (tag, practice_id);

-- Links a practice names: related practices and the NAP actions it
-- addresses. No foreign key to the actions: the action's plan decides who
-- sees it, and a removed action simply stops showing.
CREATE TABLE practice_links (
    practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('practice', 'action')),
    target BIGINT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (practice_id, kind, target)
);
CREATE INDEX practice_links_target ON practice_links (kind, target);

-- Files of a practice, kept here so any napx process serves them.
CREATE TABLE practice_attachments (
    id @ID@,
    practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content @BLOB@ NOT NULL,
    created_at @TS@ NOT NULL
);
CREATE INDEX practice_attachments_practice ON practice_attachments (practice_id);

-- The review steps: who took which step when, and the reasons of a return.
CREATE TABLE practice_history (
    id @ID@,
    practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    at @TS@ NOT NULL,
    actor TEXT NOT NULL,
    actor_org TEXT NOT NULL DEFAULT '',
    step TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX practice_history_practice ON practice_history (practice_id, at);
